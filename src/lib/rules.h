/* SPDX-License-Identifier: MIT */
/* The rule table (the XML files in schemas/rules/): semantic checks as XPath, PCRE2 patterns
 * and sub-schemas, interpreted over any document's tree. */
#ifndef UA_RULES_H
#define UA_RULES_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "doc.h"
#include "policy.h"

struct ua_rule_info {
	const char *name;
	const char *severity;	/* "error", "warning", "note" */
	const char *kinds;	/* space-separated, "" for every kind */
	const char *summary;
	int builtin;		/* implemented in C (no select) */
	int default_off;	/* runs only when enabled */
};

/* Loads every XML file in rules/ (each is otherwise loaded when a document of a
 * kind its root's kinds="..." lists is checked). UA_OK or UA_EDATA with err set. */
int ua_rules_load(struct ua_ctx *ctx, char *err, size_t errlen);
/* Finds the rule files and their kinds without loading them. */
int ua_rules_index(struct ua_ctx *ctx, char *err, size_t errlen);
void ua_ruleset_free(struct ua_ruleset *rs);

/* Runs the table's rules for doc's kind, read by agent (ua_validate_opts.agent;
 * NULL: the policy's or the table's). A finding's message is built with every
 * secret value of doc hidden (UA_SECRET_MASK in its place). Returns UA_OK;
 * UA_ELIMIT when a rule could not finish (a limit: err names the rules; the
 * others ran); UA_EDATA or UA_ENOMEM. */
int ua_rules_run(struct ua_ctx *ctx, struct ua_doc *doc, const struct ua_policy *pol,
    const char *agent, struct ua_diags *d, char *err, size_t errlen);

/* An image's documents as the set rules see them (src/lib/set.h builds one). */
struct ua_rules_set {
	struct ua_doc *const *docs;
	size_t n;
	const char *agent;	/* "ec2config", "ec2launch", "ec2launch-v2"; "" not known */
	const char *present;	/* the agents whose files are there, space-separated */
	const char *answer_path;	/* where the agent reads its answer file; "" */
	const char *const *doc_agent;	/* per document: its agent, or "" (any) */
};

/*
 * Runs the set rules (rule files with scope="set") for doc's kind, doc being
 * one of set's documents: their XPath reaches the others with ua:doc('kind'),
 * and each finding names the other places in its related locations. Returns
 * as ua_rules_run.
 */
int ua_rules_run_set(struct ua_ctx *ctx, const struct ua_rules_set *set, struct ua_doc *doc,
    const struct ua_policy *pol, struct ua_diags *d, char *err, size_t errlen);

/*
 * The nodes of doc that the table's <secret> entries select for doc's kind, in
 * an array the caller frees (NULL when *n is 0). Returns UA_OK, or UA_EDATA /
 * UA_ENOMEM with err set.
 */
int ua_rules_secret_nodes(struct ua_ctx *ctx, struct ua_doc *doc, xmlNodePtr **out,
    size_t *n, char *err, size_t errlen);
/*
 * Every node of doc whose value messages mask: the catalog's secret settings,
 * the table's <secret> entries and the password-like names (the masking's own
 * list), in an array the caller frees. Returns as ua_rules_secret_nodes.
 */
int ua_rules_masked_nodes(struct ua_ctx *ctx, struct ua_doc *doc, xmlNodePtr **out,
    size_t *n, char *err, size_t errlen);
/* Notes those nodes in doc->secrets, for the messages of the schema checks that
 * follow. UA_OK, or as ua_rules_secret_nodes. */
int ua_rules_note_secrets(struct ua_ctx *ctx, struct ua_doc *doc, char *err, size_t errlen);

/* Compiles every rule's XPath (they are otherwise compiled on first use), to
 * prove the table sound. Returns UA_OK or UA_EDATA with err naming the rule. */
int ua_rules_compile_all(struct ua_ctx *ctx, char *err, size_t errlen);

/* Rule metadata, in table order; NULL past the end. */
const struct ua_rule_info *ua_rules_info(struct ua_ctx *ctx, size_t i);

/* Runs a rule's PCRE2 pattern with bounded match and depth; 1 match, 0 no, -1 error. */
int ua_pattern_match(const char *pattern, const char *subject);

#endif
