/* SPDX-License-Identifier: MIT */
/* Diagnostics: the findings a validation produces, in a list the tools print. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static const char *const sev_names[UA_SEV_COUNT] = { "note", "warning", "error" };

const char *
ua_severity_name(enum ua_severity sev)
{
	return sev < UA_SEV_COUNT ? sev_names[sev] : "?";
}

int
ua_severity_parse(const char *s)
{
	int i;

	for (i = 0; i < UA_SEV_COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

int
ua_diags_add(struct ua_diags *d, const char *file, unsigned long line,
    unsigned long col, enum ua_severity sev, const char *rule,
    const char *fmt, ...)
{
	struct ua_diag *e;
	va_list ap;

	if (ua_grow(&d->v, &d->cap, d->n, sizeof(*d->v), 16) != 0) {
		d->failed = 1;
		return -1;
	}
	e = &d->v[d->n];
	e->related = NULL;
	e->nrelated = 0;
	e->line = line;
	e->col = col;
	e->sev = sev;
	e->file = ua_strdup(file ? file : "-");
	e->rule = ua_strdup(rule);
	va_start(ap, fmt);
	/* most callers pass a finished message: no formatting to do */
	e->msg = strcmp(fmt, "%s") == 0 ? ua_strdup(va_arg(ap, const char *)) :
	    ua_vasprintf(fmt, ap);
	va_end(ap);
	if (e->file == NULL || e->rule == NULL || e->msg == NULL) {
		free(e->file);
		free(e->rule);
		free(e->msg);
		d->failed = 1;
		return -1;
	}
	d->n++;
	return 0;
}

int
ua_diags_move(struct ua_diags *dst, struct ua_diags *src)
{
	size_t i;

	if (src->failed)
		dst->failed = 1;
	if (src->n == 0)
		return 0;
	if (dst->cap - dst->n < src->n) {
		struct ua_diag *v = realloc(dst->v, (dst->n + src->n) * sizeof(*v));
		if (v == NULL) {
			dst->failed = 1;
			return -1;
		}
		dst->v = v;
		dst->cap = dst->n + src->n;
	}
	for (i = 0; i < src->n; i++)
		dst->v[dst->n++] = src->v[i];
	free(src->v);
	memset(src, 0, sizeof(*src));
	return 0;
}

int
ua_diags_relate(struct ua_diags *d, size_t i, const char *file, unsigned long line,
    unsigned long col)
{
	struct ua_diag *e = &d->v[i];
	struct ua_loc *v;

	if ((v = realloc(e->related, (e->nrelated + 1) * sizeof(*v))) == NULL ||
	    (v[e->nrelated].file = ua_strdup(file ? file : "-")) == NULL) {
		if (v)
			e->related = v;
		d->failed = 1;
		return -1;
	}
	e->related = v;
	v[e->nrelated].line = line;
	v[e->nrelated++].col = col;
	return 0;
}

static void
merge(struct ua_diag *v, struct ua_diag *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge(v, tmp, h);
	merge(v + h, tmp, n - h);
	while (i < h && j < n) {
		struct ua_diag *a = &v[i], *b = &v[j];
		if (b->line < a->line || (b->line == a->line && b->col < a->col))
			tmp[k++] = v[j++];
		else
			tmp[k++] = v[i++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void
ua_diags_sort(struct ua_diags *d, size_t from)
{
	struct ua_diag *tmp;
	size_t n = d->n - from;

	if (n < 2 || (tmp = malloc(n * sizeof(*tmp))) == NULL)
		return;
	merge(d->v + from, tmp, n);
	free(tmp);
}

static int
same(const struct ua_diag *x, const struct ua_diag *y)
{
	return x->line == y->line && x->col == y->col && strcmp(x->msg, y->msg) == 0;
}

/* By line, column and message; ties in list order (the entries are in one array). */
static int
cmp_same(const void *a, const void *b)
{
	const struct ua_diag *x = *(const struct ua_diag *const *)a;
	const struct ua_diag *y = *(const struct ua_diag *const *)b;
	int c;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if ((c = strcmp(x->msg, y->msg)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

void
ua_diags_unique(struct ua_diags *d, size_t from)
{
	size_t n = d->n - from, i, k;
	struct ua_diag **by;
	char *drop;

	if (n < 2 || (by = malloc(n * sizeof(*by))) == NULL)
		return;
	if ((drop = calloc(n, 1)) == NULL) {
		free(by);
		return;
	}
	for (i = 0; i < n; i++)
		by[i] = &d->v[from + i];
	qsort(by, n, sizeof(*by), cmp_same);
	for (i = 1; i < n; i++)
		if (same(by[i - 1], by[i]))
			drop[by[i] - (d->v + from)] = 1;
	for (i = k = 0; i < n; i++) {
		struct ua_diag *e = &d->v[from + i];
		if (drop[i]) {
			free(e->file);
			free(e->rule);
			free(e->msg);
		} else
			d->v[from + k++] = *e;
	}
	d->n = from + k;
	free(by);
	free(drop);
}

size_t
ua_diags_count(const struct ua_diags *d, size_t from, enum ua_severity sev)
{
	size_t i, c = 0;

	for (i = from; i < d->n; i++)
		if (d->v[i].sev == sev)
			c++;
	return c;
}

void
ua_diag_clear(struct ua_diag *e)
{
	size_t k;

	free(e->file);
	free(e->rule);
	free(e->msg);
	for (k = 0; k < e->nrelated; k++)
		free(e->related[k].file);
	free(e->related);
	e->related = NULL;
	e->nrelated = 0;
}

void
ua_diags_free(struct ua_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		ua_diag_clear(&d->v[i]);
	free(d->v);
	memset(d, 0, sizeof(*d));
}
