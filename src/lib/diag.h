/* SPDX-License-Identifier: MIT */
/* Diagnostics: the findings a validation produces, in a list the tools print. */
#ifndef UA_DIAG_H
#define UA_DIAG_H

#include <stddef.h>

enum ua_severity {
	UA_SEV_NOTE,
	UA_SEV_WARNING,
	UA_SEV_ERROR,
	UA_SEV_COUNT
};

/* Another place a finding concerns (set rules: the other files of an image). */
struct ua_loc {
	char *file;
	unsigned long line, col;
};

struct ua_diag {
	char *file;
	unsigned long line, col;	/* 1-based; 0 when unknown */
	enum ua_severity sev;
	char *rule;
	char *msg;
	struct ua_loc *related;		/* NULL when nrelated is 0 */
	size_t nrelated;
};

struct ua_diags {
	struct ua_diag *v;
	size_t n, cap;
	int failed;			/* an allocation failed: the list is incomplete */
};

/* Appends a finding; strings are copied. Returns 0, or -1 when out of memory. */
int ua_diags_add(struct ua_diags *d, const char *file, unsigned long line,
    unsigned long col, enum ua_severity sev, const char *rule,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Adds a related location to finding i (file copied). 0, or -1 when out of memory. */
int ua_diags_relate(struct ua_diags *d, size_t i, const char *file, unsigned long line,
    unsigned long col);
/* Moves every finding of src to the end of dst; src is left empty. 0, or -1 when
 * out of memory (src keeps them). */
int ua_diags_move(struct ua_diags *dst, struct ua_diags *src);
/* Sorts entries [from, n) by line, then column, keeping insertion order for ties. */
void ua_diags_sort(struct ua_diags *d, size_t from);
/* Drops the entries of [from, n) whose line, column and message repeat an earlier one's. */
void ua_diags_unique(struct ua_diags *d, size_t from);
size_t ua_diags_count(const struct ua_diags *d, size_t from, enum ua_severity sev);
void ua_diags_free(struct ua_diags *d);
/* Frees what one finding holds (for removing it from a list). */
void ua_diag_clear(struct ua_diag *e);

const char *ua_severity_name(enum ua_severity sev);
/* Parses "error", "warning", "note"; returns -1 for anything else. */
int ua_severity_parse(const char *s);

#endif
