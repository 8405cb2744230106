/* SPDX-License-Identifier: MIT */
/* Semantic differences between two parsed inputs of one kind, matched by identity. */
#ifndef UA_DIFF_H
#define UA_DIFF_H

#include <stddef.h>

#include "ctx.h"
#include "doc.h"

enum ua_diff_op {
	UA_DIFF_ADDED,
	UA_DIFF_REMOVED,
	UA_DIFF_CHANGED,
	UA_DIFF_MOVED,		/* an item of an ordered list changed its place */
	UA_DIFF_OP_COUNT
};

/* How a value is written: a string's text, a literal or subtree rendering, a mask. */
enum ua_diff_vtype {
	UA_DV_NONE,		/* absent (added: old; removed: new) */
	UA_DV_SCALAR,
	UA_DV_LITERAL,		/* written as is: 5, true, null, {A: "x", B: ["y"]} */
	UA_DV_MASKED,		/* a secret: the text is "********" */
	UA_DV_POSITION,		/* moved: the 0-based index in the list */
	UA_DV_COUNT
};

/*
 * Where a difference is: a segment chained to its parent's, shared by every
 * difference below it (a deep path is never copied per difference).
 */
struct ua_diff_path {
	struct ua_diff_path *parent;	/* NULL: a segment of the root */
	size_t refs;
	size_t len, total;		/* bytes of seg; of the whole path to here */
	char seg[];			/* with its separator: "/TimeZone", "[2]", "#2" */
};

/* Longest path text ua_diff_path_text() gives in full; a longer one loses its middle. */
#define UA_DIFF_PATH_MAX	1024

struct ua_diff_entry {
	enum ua_diff_op op;
	struct ua_diff_path *path;	/* NULL: the root */
	char *old, *new;	/* NULL when absent */
	enum ua_diff_vtype old_type, new_type;
	int masked;		/* a secret is masked in old or new (whole, or in a subtree) */
	unsigned long old_line, new_line;	/* 0 when absent */
	unsigned long sort_line, sort_col;	/* for the output order */
	size_t seq;
};

struct ua_diff_list {
	struct ua_diff_entry *v;
	size_t n, cap;
	int failed;		/* an allocation failed: the list is incomplete */
};

struct ua_diff_opts {
	int show_secrets;	/* print passwords and keys instead of a mask */
};

/*
 * Compares old and new, two documents that ua_load() parsed and gave the same
 * kind, and appends one entry per difference to out: first those found in
 * new (added, changed, moved) in the document order of new, then removals in
 * the document order of old. Both trees are modified (the kind's case folding
 * is applied). Returns UA_OK, UA_EUSAGE when the kinds differ, UA_EDATA or
 * UA_ENOMEM with err set.
 */
int ua_diff_docs(struct ua_ctx *ctx, struct ua_doc *old, struct ua_doc *new,
    const struct ua_diff_opts *opts, struct ua_diff_list *out, char *err,
    size_t errlen);
void ua_diff_list_free(struct ua_diff_list *l);

/*
 * The text of path p ("specialize/Microsoft-Windows-Shell-Setup[amd64]/TimeZone",
 * "/" for the root): in full up to UA_DIFF_PATH_MAX bytes, else its first and
 * last bytes (whole UTF-8 characters) around "\u2026", so that output stays
 * proportional to the input. Caller frees; NULL when out of memory.
 */
char *ua_diff_path_text(const struct ua_diff_path *p);

/* "added", "removed", "changed", "moved". */
const char *ua_diff_op_name(enum ua_diff_op op);

#endif
