/* SPDX-License-Identifier: MIT */
/* Reading the tab-separated data files in schemas/. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"

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

int
ua_tsv_each(const char *path, int (*fn)(char **f, size_t n, unsigned long line,
    void *arg), void *arg, char *err, size_t errlen)
{
	FILE *fp;
	char *line = NULL, *f[UA_TSV_MAXCOLS];
	size_t cap = 0, n;
	ssize_t len;
	unsigned long lineno = 0;
	int header = 1, rc = 0;

	if ((fp = fopen(path, "re")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 16);	/* the catalog is 200 KB: fewer reads */
	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		n = ua_split(line, '\t', f, UA_TSV_MAXCOLS);
		if (fn(f, n, lineno, arg) != 0) {
			snprintf(err, errlen, "%s:%lu: bad entry", path, lineno);
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(fp);
	return rc;
}
