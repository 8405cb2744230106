/* SPDX-License-Identifier: MIT */
/* An image's set of files (answer file and launch-agent settings), checked together. */
#ifndef UA_SET_H
#define UA_SET_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "doc.h"
#include "policy.h"
#include "rules.h"
#include "validate.h"

/*
 * A set owns its documents. Build one from a directory (ua_set_read_dir) or
 * from documents made in memory (ua_set_new, then ua_set_add for each: what
 * unattend-gen and a migration do before writing), settle its agent, and run
 * the set rules over it (ua_set_check).
 */
struct ua_set {
	char *name;		/* the directory, or the caller's name for the set */
	struct ua_doc **docs;	/* parsed once; a file that did not parse is not here */
	size_t ndocs, capdocs;
	char **skipped;		/* DIR/NAME of files of no known kind, in name order */
	size_t nskipped, capskipped;
	char *agent;		/* "ec2config", "ec2launch", "ec2launch-v2"; "" not known */
	char *present;		/* the agents whose files are in the set, space-separated */
	char *answer_path;	/* where the agent reads its answer file; "" not known */
	char **doc_agent;	/* per document: the agent its kind or name ties it to, or "" */
};

/* An empty set named name. UA_OK or UA_ENOMEM. */
int ua_set_new(const char *name, struct ua_set **out);
/* Adds doc (parsed, its kind settled: ua_load or ua_validate_buffer); the set
 * takes it, also on failure. UA_OK or UA_ENOMEM. */
int ua_set_add(struct ua_set *set, struct ua_doc *doc);
void ua_set_free(struct ua_set *set);
/*
 * Checks bytes (named name) alone as ua_validate_buffer does, findings to d,
 * and adds the parsed document to set: generated files are checked this way
 * before anything is written (opts->agent: the agent the set is for, which
 * reads user data and the answer file). *doc (when doc is not NULL) is the document,
 * owned by the set, or NULL when it did not parse (then it is not in the set).
 * Returns as ua_validate_buffer.
 */
int ua_set_add_buffer(struct ua_ctx *ctx, struct ua_set *set, const char *name, const char *bytes,
    size_t len, const struct ua_validate_opts *opts, struct ua_diags *d,
    struct ua_doc **doc, char *err, size_t errlen);

/*
 * Reads every regular file directly in dir (not below it) whose kind the name
 * or, for .xml/.json/.yml/.yaml files, the content tells, parsing each once;
 * settles the set's agent (agent, or the files present: ua_set_settle_agent);
 * then checks each file alone with ua_validate_doc for that agent (user data
 * of an EC2Launch v1 set is EC2Launch v1's; opts->kind and opts->agent are not
 * used); their findings go to d in name order. Hidden files and files of no
 * known kind are listed in skipped. Returns UA_OK with *out set, or UA_EIO (dir
 * or a file cannot be read) / UA_EUSAGE (agent unknown) / UA_EDATA / UA_ENOMEM
 * with err set (*out NULL).
 */
int ua_set_read_dir(struct ua_ctx *ctx, const char *dir, const char *agent,
    const struct ua_validate_opts *opts, struct ua_set **out, struct ua_diags *d,
    char *err, size_t errlen);

/*
 * Settles the set's agent (schemas/agents/agents.tsv): agent when not NULL (a
 * name or alias the table has, else UA_EUSAGE; ec2launch-v1 settles as
 * ec2launch), else the one agent whose files are present ("" when none or
 * several). UA_OK, UA_EUSAGE, UA_EDATA or UA_ENOMEM.
 */
int ua_set_settle_agent(struct ua_ctx *ctx, struct ua_set *set, const char *agent,
    char *err, size_t errlen);

/*
 * Runs the set rules over every document of the set (after ua_set_settle_agent)
 * and appends their findings to d, each document's sorted by line, with the
 * secrets of every document masked, inline suppressions and pol applied.
 * Returns UA_OK, or UA_EDATA / UA_ENOMEM with err set.
 */
int ua_set_check(struct ua_ctx *ctx, struct ua_set *set, const struct ua_policy *pol,
    struct ua_diags *d, char *err, size_t errlen);

#endif
