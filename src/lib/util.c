/* SPDX-License-Identifier: MIT */
/* Small string and buffer helpers used across libua. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int
buf_reserve(struct ua_buf *b, size_t extra)
{
	size_t need, cap;
	char *s;

	if (b->failed)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if ((s = realloc(b->s, cap)) == NULL) {
		b->failed = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void
ua_buf_add(struct ua_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
ua_buf_puts(struct ua_buf *b, const char *s)
{
	ua_buf_add(b, s, strlen(s));
}

void
ua_buf_printf(struct ua_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = ua_vasprintf(fmt, ap);
	va_end(ap);
	if (s == NULL) {
		b->failed = 1;
		return;
	}
	ua_buf_puts(b, s);
	free(s);
}

char *
ua_buf_take(struct ua_buf *b)
{
	char *s;

	if (b->failed) {
		ua_buf_free(b);
		return NULL;
	}
	if (b->s == NULL) {
		if (buf_reserve(b, 0) != 0)
			return NULL;
		b->s[0] = '\0';
	}
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
ua_buf_free(struct ua_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

char *
ua_strdup(const char *s)
{
	return ua_strndup(s, strlen(s));
}

char *
ua_strndup(const char *s, size_t n)
{
	char *d;

	if ((d = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
ua_vasprintf(const char *fmt, va_list ap)
{
	char *s;

	/* one pass into a growing buffer: measuring first with vsnprintf(NULL, 0)
	 * costs glibc dozens of instructions per byte of a long argument */
	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

char *
ua_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = ua_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

size_t
ua_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *row;

	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	if ((row = malloc((lb + 1) * sizeof(*row))) == NULL)
		return limit + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], cost;
			cost = tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 1]) ? 0 : 1;
			row[j] = diag + cost;
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
			if (row[j] < best)
				best = row[j];
		}
		if (best > limit) {
			free(row);
			return limit + 1;
		}
	}
	best = row[lb];
	free(row);
	return best > limit ? limit + 1 : best;
}

const char *
ua_suggest(const char *name, const char *const *cands, size_t n)
{
	size_t i, d, limit, bestd;
	const char *best = NULL;

	limit = strlen(name) / 4;
	if (limit < 2)
		limit = 2;
	bestd = limit + 1;
	for (i = 0; i < n; i++) {
		d = ua_edit_distance(name, cands[i], limit);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

char *
ua_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
ua_str_replace_all(char **s, const char *needle, const char *repl)
{
	struct ua_buf b = { 0 };
	const char *p, *q;
	size_t nl = strlen(needle);

	if (nl == 0 || strstr(*s, needle) == NULL)
		return 0;
	for (p = *s; (q = strstr(p, needle)) != NULL; p = q + nl) {
		ua_buf_add(&b, p, (size_t)(q - p));
		ua_buf_puts(&b, repl);
	}
	ua_buf_puts(&b, p);
	if ((p = ua_buf_take(&b)) == NULL)
		return -1;
	free(*s);
	*s = (char *)p;
	return 0;
}

int
ua_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
ua_grow(void *vp, size_t *cap, size_t n, size_t size, size_t first)
{
	void **v = vp, *nv;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : first;
	if ((nv = realloc(*v, c * size)) == NULL)
		return -1;
	*v = nv;
	*cap = c;
	return 0;
}

int
ua_version_valid(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s == '.' && digits > 0)
			digits = 0;
		else
			return 0;
		if (digits > 12)
			return 0;
	}
	return digits > 0;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes strict Base64 (padding required); returns the length, or -1. */
long
ua_base64_decode(const char *s, unsigned char *out, size_t max)
{
	size_t n = strlen(s), i, o = 0;
	int v[4], k;

	if (n == 0 || n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		for (k = 0; k < 4; k++) {
			v[k] = s[i + k] == '=' ? -2 : b64val((unsigned char)s[i + k]);
			if (v[k] == -1 || (v[k] == -2 && (i + 4 != n || k < 2)))
				return -1;
		}
		if (v[2] == -2 && v[3] != -2)
			return -1;
		if (o + 3 > max)
			return -1;
		out[o++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (v[2] >= 0)
			out[o++] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
		if (v[3] >= 0)
			out[o++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
	}
	return (long)o;
}
