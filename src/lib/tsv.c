/* SPDX-License-Identifier: MIT */
/* Reading the tab-separated data files in schemas/. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "tsv.h"
#include "ua.h"

size_t
ua_split(char *s, char sep, char **out, size_t max)
{
	size_t n = 0;

	if (max == 0)
		return 0;
	out[n++] = s;
	while (n < max && (s = strchr(s, sep)) != NULL) {	/* strchr: word at a time */
		*s++ = '\0';
		out[n++] = s;
	}
	return n;
}

static int
each_line(char *text, size_t len, int header, const char *path, int (*fn)(char **f,
    size_t n, unsigned long line, void *arg), void *arg, char *err, size_t errlen)
{
	char *line = text, *end = text + len, *nl, *f[UA_TSV_MAXCOLS];
	unsigned long lineno = 0;
	size_t n, l;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		*nl = '\0';	/* text[len] is the terminating NUL when nl == end */
		lineno++;
		l = (size_t)(nl - line);
		while (l > 0 && line[l - 1] == '\r')
			line[--l] = '\0';
		if (l == 0 || line[0] == '#')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		n = ua_split(line, '\t', f, UA_TSV_MAXCOLS);
		if (fn(f, n, lineno, arg) != 0) {
			snprintf(err, errlen, "%s:%lu: bad entry", path, lineno);
			return -1;
		}
	}
	return 0;
}

int
ua_tsv_each_text(char *text, size_t len, const char *path, int (*fn)(char **f, size_t n,
    unsigned long line, void *arg), void *arg, char *err, size_t errlen)
{
	return each_line(text, len, 1, path, fn, arg, err, errlen);
}

int
ua_tsv_each_row(char *text, size_t len, const char *path, int (*fn)(char **f, size_t n,
    unsigned long line, void *arg), void *arg, char *err, size_t errlen)
{
	return each_line(text, len, 0, path, fn, arg, err, errlen);
}

int
ua_tsv_each(const char *path, int (*fn)(char **f, size_t n, unsigned long line,
    void *arg), void *arg, char *err, size_t errlen)
{
	char *text, why[256];
	size_t len;
	int rc;

	if (ua_read_file(path, &text, &len, why, sizeof(why)) != UA_OK) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	rc = ua_tsv_each_text(text, len, path, fn, arg, err, errlen);
	free(text);
	return rc;
}
