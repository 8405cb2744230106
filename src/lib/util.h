/* SPDX-License-Identifier: MIT */
/* Small string and buffer helpers used across libua. */
#ifndef UA_UTIL_H
#define UA_UTIL_H

#include <stdarg.h>
#include <stddef.h>

struct ua_buf {
	char *s;
	size_t len, cap;
	int failed;		/* set once an allocation failed */
};

void ua_buf_add(struct ua_buf *b, const char *s, size_t n);
void ua_buf_puts(struct ua_buf *b, const char *s);
void ua_buf_printf(struct ua_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns the NUL-terminated contents and gives up ownership (NULL on failure). */
char *ua_buf_take(struct ua_buf *b);
void ua_buf_free(struct ua_buf *b);

/* Makes room in the array *vp (of *cap elements of size bytes) for element n,
 * doubling it (first: the first size). 0, or -1 with the array unchanged. */
int ua_grow(void *vp, size_t *cap, size_t n, size_t size, size_t first);

/* Writes all of p[0..n) to fd, resuming after signals. 0, or -1 (errno set). */
int ua_write_all(int fd, const char *p, size_t n);

char *ua_strdup(const char *s);
char *ua_strndup(const char *s, size_t n);
char *ua_vasprintf(const char *fmt, va_list ap);
char *ua_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Case-insensitive (ASCII) Levenshtein distance, capped at limit + 1. */
size_t ua_edit_distance(const char *a, const char *b, size_t limit);
/* Best near miss for name among candidates, or NULL when nothing is close. */
const char *ua_suggest(const char *name, const char *const *cands, size_t n);

/* Cuts leading and trailing white space in place; returns the new start. */
char *ua_trim(char *s);

/* Replaces each occurrence of needle in *s by repl; returns 0 or -1 on ENOMEM. */
int ua_str_replace_all(char **s, const char *needle, const char *repl);

/* Whether s is a dotted version: digits separated by single dots (2.0.1303). */
int ua_version_valid(const char *s);

/* Decodes strict Base64 (padding required, no white space) into out[0..max);
 * returns the length, or -1. */
long ua_base64_decode(const char *s, unsigned char *out, size_t max);

#endif
