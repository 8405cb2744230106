/* SPDX-License-Identifier: MIT */
/* Validation of one input of any kind: parse, pick the kind, schema, rules. */
#ifndef UA_VALIDATE_H
#define UA_VALIDATE_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "doc.h"
#include "policy.h"

struct ua_validate_opts {
	const char *kind;	/* NULL: from the file name, else from the content */
	const struct ua_policy *policy;	/* NULL: every rule at its default */
	int skip_foreign;	/* a file whose name gave its kind and whose content
				 * belongs to no kind is UA_EFOREIGN, not checked */
	const char *agent;	/* the launch agent that reads the file (an image set's:
				 * schemas/agents/agents.tsv name or alias); NULL or "": the
				 * one --agent-version names for its kind, else the first
				 * of schemas/agents/agents.tsv that reads it */
};

/*
 * Parses bytes (named name) and checks them; findings are appended to d.
 * Returns UA_OK when the input was checked (findings or not; a syntax error is
 * a finding), or UA_EUSAGE (unknown kind), UA_EDATA, UA_ENOMEM with err set.
 * When out is not NULL it receives the parsed document (caller frees).
 */
int ua_validate_buffer(struct ua_ctx *ctx, const char *name, const char *bytes,
    size_t len, const struct ua_validate_opts *opts, struct ua_diags *d,
    struct ua_doc **out, char *err, size_t errlen);

/*
 * Checks doc (from ua_load; one whose syntax error was a finding is only
 * filtered) as ua_validate_buffer does: findings are appended to d, and those
 * from index from on (its parse findings included) are filtered by its inline
 * markers and opts->policy, and sorted. Returns UA_OK, or UA_EDATA / UA_ENOMEM
 * with err set.
 */
int ua_validate_doc(struct ua_ctx *ctx, struct ua_doc *doc, const struct ua_validate_opts *opts,
    struct ua_diags *d, size_t from, char *err, size_t errlen);

/* Parses an input and settles its kind without checking it (for diff, gen). */
int ua_load(struct ua_ctx *ctx, const char *name, const char *bytes, size_t len,
    const char *kind, struct ua_doc **out, struct ua_diags *d, char *err,
    size_t errlen);

#endif
