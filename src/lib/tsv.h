/* SPDX-License-Identifier: MIT */
/* Reading the tab-separated data files in schemas/. */
#ifndef UA_TSV_H
#define UA_TSV_H

#include <stddef.h>

#define UA_TSV_MAXCOLS 16

/*
 * Calls fn for each data line of path (comments, blank lines and the header
 * skipped) with its fields split at tabs; fields are modifiable until fn returns.
 * fn returns 0 to go on. Returns 0, or -1 with the reason in err.
 */
int ua_tsv_each(const char *path, int (*fn)(char **f, size_t n, unsigned long line,
    void *arg), void *arg, char *err, size_t errlen);

/* The same over text[0..len) (text[len] must be writable, as ua_read_file
 * leaves it), split in place: fields stay valid as long as text. */
int ua_tsv_each_text(char *text, size_t len, const char *path, int (*fn)(char **f, size_t n,
    unsigned long line, void *arg), void *arg, char *err, size_t errlen);

/* The same for lines that follow a header already met (a slice of a file:
 * text[len] is a line's start or the file's terminating NUL). */
int ua_tsv_each_row(char *text, size_t len, const char *path, int (*fn)(char **f, size_t n,
    unsigned long line, void *arg), void *arg, char *err, size_t errlen);

/* Splits s in place at each sep; returns the count (at most max). */
size_t ua_split(char *s, char sep, char **out, size_t max);

#endif
