/* SPDX-License-Identifier: MIT */
/* The answer-file catalog (schemas/unattend/catalog.tsv) as a tree of settings. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "doc.h"
#include "ua.h"
#include "tsv.h"
#include "util.h"

/* Settings come from blocks of this many, freed with the catalog. */
#define BLOCK 256

struct ua_setting_block {
	struct ua_setting_block *next;
	size_t used;
	struct ua_setting v[BLOCK];
};

static struct ua_setting *
new_setting(struct ua_catalog *c)
{
	struct ua_setting_block *b = c->blocks;

	if (b == NULL || b->used == BLOCK) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return NULL;
		b->next = c->blocks;
		c->blocks = b;
	}
	return &b->v[b->used++];
}

/* name points into the catalog's text, which lives as long as the catalog. */
static struct ua_setting *
find_or_add(struct ua_catalog *cat, struct ua_setting *parent, char *name)
{
	struct ua_setting *s;
	size_t i;

	/* the catalog is sorted by path: the child wanted is nearly always the
	 * last, and a name sorting after the last is new (while the children came
	 * in the file's order; once one did not, every child is looked at) */
	if (parent->nkids > 0) {
		const char *last = parent->kids[parent->nkids - 1]->name;
		int c = strcmp(last, name), ci;
		if (c == 0)
			return parent->kids[parent->nkids - 1];
		if (c > 0)
			parent->unsorted = 1;	/* lookups need a strcmp-sorted copy */
		/* the file is sorted ignoring case: a name after the last is new */
		ci = strcasecmp(last, name);
		if (ci > 0 || (ci == 0 && c > 0))
			parent->scan_all = 1;
	}
	for (i = parent->nkids; parent->scan_all && i-- > 0;)
		if (strcmp(parent->kids[i]->name, name) == 0)
			return parent->kids[i];
	if (ua_grow(&parent->kids, &parent->capkids, parent->nkids, sizeof(*parent->kids), 4) != 0)
		return NULL;
	if ((s = new_setting(cat)) == NULL)
		return NULL;
	s->name = name;
	s->parent = parent;
	s->type = UA_ST_CONTAINER;
	parent->kids[parent->nkids++] = s;
	return s;
}

static int
pass_index(struct ua_catalog *c, const char *name)
{
	int i = ua_catalog_pass(c, name);

	if (i >= 0)
		return i;
	if (c->npasses == UA_MAX_PASSES ||
	    (c->passes[c->npasses] = ua_strdup(name)) == NULL)
		return -1;
	return (int)c->npasses++;
}

/* The mask of the comma-separated pass names in list (split in place),
 * registering the names not met before. 0, or -1. */
static int
pass_mask(struct ua_catalog *c, char *list, unsigned *mask)
{
	char *pass[UA_MAX_PASSES];
	size_t np = ua_split(list, ',', pass, UA_MAX_PASSES), i;
	int p;

	*mask = 0;
	for (i = 0; i < np; i++) {
		if ((p = pass_index(c, pass[i])) < 0)
			return -1;
		*mask |= 1u << p;
	}
	return 0;
}

/* One catalog line (its fields f), from s down: the path's first `skip`
 * segments name s and its ancestors. */
static int
add_line_at(struct ua_catalog *c, struct ua_setting *s, size_t skip, char **f, size_t n)
{
	char *seg[64], *flag[16];
	size_t nseg, nf, i;
	unsigned mask;

	if (n < 5)
		return -1;
	nseg = ua_split(f[0], '/', seg, 64);
	for (i = skip; i < nseg; i++)
		if ((s = find_or_add(c, s, seg[i])) == NULL)
			return -1;
	s->defined = 1;
	/* consecutive lines mostly repeat their pass list: reuse the last mask */
	if (f[1][0] && strcmp(f[1], c->last_passes) == 0)
		s->passes |= c->last_mask;
	else if (f[1][0]) {
		snprintf(c->last_passes, sizeof(c->last_passes), "%s", f[1]);
		if (pass_mask(c, f[1], &mask) != 0)
			return -1;
		s->passes |= mask;
		c->last_mask = mask;
		if (strlen(c->last_passes) >= sizeof(c->last_passes) - 1)
			c->last_passes[0] = '\0';	/* too long to trust */
	}
	if (strcmp(f[2], "component") == 0)
		s->type = UA_ST_COMPONENT;
	else if (strcmp(f[2], "container") == 0)
		s->type = UA_ST_CONTAINER;
	else if (strcmp(f[2], "sequence") == 0)
		s->type = UA_ST_SEQUENCE;
	else
		s->type = UA_ST_VALUE;
	if (f[4][0]) {
		nf = ua_split(f[4], ',', flag, 16);
		for (i = 0; i < nf; i++) {
			if (strcmp(flag[i], "list") == 0)
				s->flags |= UA_SF_LIST;
			else if (strcmp(flag[i], "empty") == 0)
				s->flags |= UA_SF_EMPTY;
			else if (strcmp(flag[i], "secret") == 0)
				s->flags |= UA_SF_SECRET;
			else if (strncmp(flag[i], "key=", 4) == 0)
				s->key = flag[i] + 4;	/* in the catalog's text */
		}
	}
	return 0;
}

static int
add_line(char **f, size_t n, unsigned long line, void *arg)
{
	(void)line;
	return add_line_at(arg, &((struct ua_catalog *)arg)->root, 0, f, n);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct ua_setting *const *)a)->name, (*(struct ua_setting *const *)b)->name);
}

/*
 * Children whose lines did not come in strcmp order (the file is sorted by
 * hand, not byte by byte) get a sorted copy of their list for lookups; the
 * list itself keeps the file's order, which suggestions and listings show.
 */
static int
index_kids(struct ua_setting *s)
{
	size_t i;

	if (s->unsorted) {
		if ((s->byname = malloc(s->nkids * sizeof(*s->byname))) == NULL)
			return -1;
		memcpy(s->byname, s->kids, s->nkids * sizeof(*s->byname));
		qsort(s->byname, s->nkids, sizeof(*s->byname), cmp_name);
	}
	for (i = 0; i < s->nkids; i++)
		if (index_kids(s->kids[i]) != 0)
			return -1;
	return 0;
}

/*
 * Reading the catalog lazily. One pass over the text finds each component's
 * run of lines, registers the pass names in the order the file first uses
 * them (so pass lists read the same however many components are read) and
 * checks that every line has its five fields; a component's lines are read
 * into settings the first time ua_setting_child() returns it. One file needs
 * a handful of the components: most of the catalog is never split up.
 */

/* Registers the passes of the list p (len bytes, not NUL-terminated). */
static int
scan_passes(struct ua_catalog *c, const char *p, size_t len)
{
	char buf[sizeof(c->last_passes)];
	unsigned mask;

	if (len == 0 || len >= sizeof(buf))
		return len == 0 ? 0 : -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return pass_mask(c, buf, &mask);
}

/* 0; -1 with err set (a bad line, or out of memory); 1: a component's lines
 * are not all together, so the file must be read whole. */
static int
scan_components(struct ua_catalog *c, char *text, size_t len, char *err, size_t errlen)
{
	char *line = text, *end = text + len, *nl, *tab[4], *slash, *lastp = NULL;
	struct ua_setting *comp = NULL;
	unsigned long lineno = 0;
	size_t lastp_len = 0, comp_len = 0, name_len, i;
	int header = 1;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		lineno++;
		if (line == nl || line[0] == '#' || line[0] == '\r')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		/* five fields: four tabs before the end of the line */
		for (i = 0; i < 4; i++)
			if ((tab[i] = memchr(i ? tab[i - 1] + 1 : line, '\t',
			    (size_t)(nl - (i ? tab[i - 1] + 1 : line)))) == NULL) {
				snprintf(err, errlen, "%s:%lu: bad entry", c->path, lineno);
				return -1;
			}
		slash = memchr(line, '/', (size_t)(tab[0] - line));
		name_len = (size_t)((slash ? slash : tab[0]) - line);
		if (comp == NULL || comp_len != name_len || memcmp(comp->name, line, name_len) != 0) {
			char *name = ua_strndup(line, name_len);
			if (comp)
				comp->lines_end = line;
			if (name == NULL || (comp = find_or_add(c, &c->root, name)) == NULL) {
				free(name);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			if (comp->name != name) {	/* met before: not one run of lines */
				free(name);
				return 1;
			}
			comp->owned_name = name;
			comp->lines = line;
			comp_len = name_len;
		}
		/* the pass list (field 2): registered when it changes */
		name_len = (size_t)(tab[1] - tab[0] - 1);
		if (name_len && (name_len != lastp_len || memcmp(tab[0] + 1, lastp, name_len) != 0)) {
			if (scan_passes(c, tab[0] + 1, name_len) != 0) {
				snprintf(err, errlen, "%s:%lu: bad entry", c->path, lineno);
				return -1;
			}
			lastp = tab[0] + 1;
			lastp_len = name_len;
		}
	}
	if (comp)
		comp->lines_end = end;
	/* a name met twice only shows among the sorted names */
	if (index_kids(&c->root) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 1; i < c->root.nkids; i++) {
		struct ua_setting *const *v = c->root.byname ? c->root.byname : c->root.kids;
		if (strcmp(v[i - 1]->name, v[i]->name) == 0)
			return 1;
	}
	return 0;
}

/* Reads a component's lines into its settings (they were checked by the
 * scan: only memory can run out, and the component then reads as unknown). */
struct in_component {
	struct ua_catalog *c;
	struct ua_setting *comp;
};

static int
add_component_line(char **f, size_t n, unsigned long line, void *arg)
{
	struct in_component *in = arg;

	(void)line;
	return add_line_at(in->c, in->comp, 1, f, n);
}

static int
materialize(struct ua_catalog *c, struct ua_setting *comp)
{
	struct in_component in = { c, comp };
	char err[128];
	char *lines = comp->lines;

	comp->lines = NULL;
	c->last_passes[0] = '\0';
	if (ua_tsv_each_row(lines, (size_t)(comp->lines_end - lines), "catalog",
	    add_component_line, &in, err, sizeof(err)) != 0)
		return -1;
	return index_kids(comp);
}

static struct ua_catalog *
catalog_new(const char *path)
{
	struct ua_catalog *c = calloc(1, sizeof(*c));

	if (c) {
		c->root.type = UA_ST_CONTAINER;
		c->path = path;
	}
	return c;
}

int
ua_catalog_load(const char *path, struct ua_catalog **out, char *err, size_t errlen)
{
	struct ua_catalog *c;
	char why[256], *text;
	size_t len;
	int lazy, rc;

	err[0] = '\0';
	/* the text stays: the settings' names point into it */
	if (ua_read_file(path, &text, &len, why, sizeof(why)) != UA_OK) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	/* lazily; a component in pieces: the whole file at once */
	for (lazy = 1;; lazy = 0) {
		if ((c = catalog_new(path)) == NULL) {
			rc = -1;
			break;
		}
		c->text = text;
		rc = lazy ? scan_components(c, text, len, err, errlen) :
		    ua_tsv_each_text(text, len, path, add_line, c, err, errlen) != 0 ||
		    index_kids(&c->root) != 0 ? -1 : 0;
		if (rc == 0) {
			c->path = NULL;		/* path is the caller's: not kept */
			*out = c;
			return 0;
		}
		c->text = NULL;
		ua_catalog_free(c);
		if (rc < 0)
			break;
	}
	if (err[0] == '\0')
		snprintf(err, errlen, "out of memory");
	free(text);
	return -1;
}

static void
free_setting(struct ua_setting *s)
{
	size_t i;

	for (i = 0; i < s->nkids; i++)
		free_setting(s->kids[i]);
	free(s->kids);
	free(s->byname);
	free(s->owned_name);
}

void
ua_catalog_free(struct ua_catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	free_setting(&c->root);
	for (i = 0; i < c->npasses; i++)
		free(c->passes[i]);
	while (c->blocks) {
		struct ua_setting_block *next = c->blocks->next;
		free(c->blocks);
		c->blocks = next;
	}
	free(c->text);
	free(c);
}

/* A component is read on first use (see scan_components): the catalog is
 * its parent, the root, whose struct begins the catalog's. */
static const struct ua_setting *
ready(const struct ua_setting *s)
{
	if (s && s->lines && materialize((struct ua_catalog *)(void *)s->parent,
	    (struct ua_setting *)(uintptr_t)s) != 0)
		return NULL;
	return s;
}

static const struct ua_setting *child_named(const struct ua_setting *parent,
    const char *name, int *case_differs);

const struct ua_setting *
ua_setting_child(const struct ua_setting *parent, const char *name, int *case_differs)
{
	return ready(child_named(parent, name, case_differs));
}

static const struct ua_setting *
child_named(const struct ua_setting *parent, const char *name, int *case_differs)
{
	size_t i;

	*case_differs = 0;
	if (!parent->unsorted || parent->byname) {	/* a sorted list: halve the range */
		struct ua_setting *const *v = parent->byname ? parent->byname : parent->kids;
		size_t lo = 0, hi = parent->nkids;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(v[mid]->name, name);
			if (c == 0)
				return v[mid];
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	} else
		for (i = 0; i < parent->nkids; i++)
			if (strcmp(parent->kids[i]->name, name) == 0)
				return parent->kids[i];
	for (i = 0; i < parent->nkids; i++)
		if (strcasecmp(parent->kids[i]->name, name) == 0) {
			*case_differs = 1;
			return parent->kids[i];
		}
	return NULL;
}

const char *
ua_setting_suggest(const struct ua_setting *parent, const char *name)
{
	const char **names;
	const char *best;
	size_t i;

	if ((parent = ready(parent)) == NULL || parent->nkids == 0 ||
	    (names = malloc(parent->nkids * sizeof(*names))) == NULL)
		return NULL;
	for (i = 0; i < parent->nkids; i++)
		names[i] = parent->kids[i]->name;
	best = ua_suggest(name, names, parent->nkids);
	free(names);
	return best;
}

int
ua_catalog_pass(const struct ua_catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->npasses; i++)
		if (strcmp(c->passes[i], name) == 0)
			return (int)i;
	return -1;
}

char *
ua_catalog_pass_list(const struct ua_catalog *c, unsigned mask)
{
	struct ua_buf b = { 0 };
	size_t i;

	for (i = 0; i < c->npasses; i++)
		if (mask & (1u << i)) {
			if (b.len)
				ua_buf_puts(&b, ", ");
			ua_buf_puts(&b, c->passes[i]);
		}
	if (b.len == 0)
		ua_buf_puts(&b, "none");
	return ua_buf_take(&b);
}

char *
ua_setting_path(const struct ua_setting *s)
{
	const struct ua_setting *chain[64];
	struct ua_buf b = { 0 };
	size_t n = 0;

	for (; s && s->parent && n < 64; s = s->parent)
		chain[n++] = s;
	while (n-- > 0) {
		ua_buf_puts(&b, chain[n]->name);
		if (n)
			ua_buf_puts(&b, "/");
	}
	return ua_buf_take(&b);
}
