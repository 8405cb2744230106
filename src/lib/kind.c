/* SPDX-License-Identifier: MIT */
/* File kinds: which schema and engine a file gets, from schemas/kinds.tsv. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kind.h"
#include "template.h"
#include "tsv.h"
#include "util.h"

static void free_list(char **v, size_t n);

static char **
split_dup(const char *s, size_t *n)
{
	char *copy = ua_strdup(s), *f[64], **v;
	size_t i;

	if (copy == NULL)
		return NULL;
	*n = ua_split(copy, '|', f, 64);
	if ((v = calloc(*n + 1, sizeof(*v))) == NULL) {
		free(copy);
		return NULL;
	}
	for (i = 0; i < *n; i++)
		if ((v[i] = ua_strdup(f[i])) == NULL) {
			free_list(v, i);
			free(copy);
			return NULL;
		}
	free(copy);
	return v;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
add_kind(char **f, size_t n, unsigned long line, void *arg)
{
	struct ua_kinds *k = arg;
	struct ua_kind *e, *v;
	char **fmts;
	size_t nf, i;

	(void)line;
	if (n < 6)
		return -1;
	if ((v = realloc(k->v, (k->n + 1) * sizeof(*v))) == NULL)
		return -1;
	k->v = v;
	e = &k->v[k->n++];
	memset(e, 0, sizeof(*e));
	e->name = ua_strdup(f[0]);
	e->names = split_dup(f[2], &e->nnames);
	e->sigs = split_dup(f[3], &e->nsigs);
	e->schema = strcmp(f[4], "-") == 0 ? NULL : ua_strdup(f[4]);
	e->desc = ua_strdup(f[5]);
	if ((fmts = split_dup(f[1], &nf)) == NULL)
		return -1;
	for (i = 0; i < nf; i++) {
		if (strcmp(fmts[i], "xml") == 0)
			e->formats |= 1u << UA_FMT_XML;
		else if (strcmp(fmts[i], "json") == 0)
			e->formats |= 1u << UA_FMT_JSON;
		else if (strcmp(fmts[i], "yaml") == 0)
			e->formats |= 1u << UA_FMT_YAML;
		else if (strcmp(fmts[i], "userdata") == 0)
			e->formats |= 1u << UA_FMT_USERDATA;
	}
	free_list(fmts, nf);
	return e->name && e->names && e->sigs && e->desc && e->formats ? 0 : -1;
}

int
ua_kinds_load(const char *path, struct ua_kinds *k, char *err, size_t errlen)
{
	memset(k, 0, sizeof(*k));
	if (ua_tsv_each(path, add_kind, k, err, errlen) != 0) {
		ua_kinds_free(k);
		return -1;
	}
	return 0;
}

void
ua_kinds_free(struct ua_kinds *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->v[i].name);
		free_list(k->v[i].names, k->v[i].nnames);
		free_list(k->v[i].sigs, k->v[i].nsigs);
		free(k->v[i].schema);
		free(k->v[i].desc);
	}
	free(k->v);
	memset(k, 0, sizeof(*k));
}

const struct ua_kind *
ua_kind_find(const struct ua_kinds *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i].name, name) == 0)
			return &k->v[i];
	return NULL;
}

const struct ua_kind *
ua_kind_by_filename(const struct ua_kinds *k, const char *path)
{
	const char *base = strrchr(path, '/');
	char name[256];
	size_t i, j, n;

	base = base ? base + 1 : path;
	/* a template is told by the name it renders to */
	n = ua_template_name_len(base);
	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1), base);
	for (i = 0; i < k->n; i++)
		for (j = 0; j < k->v[i].nnames; j++)
			if (fnmatch(k->v[i].names[j], name, FNM_CASEFOLD) == 0)
				return &k->v[i];
	return NULL;
}

int
ua_kind_matches_content(const struct ua_kind *kind, const struct ua_doc *doc)
{
	xmlNodePtr root = doc->xml ? xmlDocGetRootElement(doc->xml) : NULL, c;
	size_t j;

	if (root == NULL || !(kind->formats & (1u << doc->fmt)))
		return 0;
	for (j = 0; j < kind->nsigs; j++) {
		const char *sig = kind->sigs[j];

		if (doc->fmt == UA_FMT_XML) {
			size_t n = strlen(sig);
			/* "{URI}" matches any root element in that namespace. */
			if (sig[0] == '{' && n > 2 && root->ns &&
			    strncmp((const char *)root->ns->href, sig + 1, n - 2) == 0 &&
			    root->ns->href[n - 2] == '\0')
				return 1;
			if (strcmp((const char *)root->name, sig) == 0)
				return 1;
			continue;
		}
		for (c = root->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, sig) == 0)
				return 1;
	}
	return 0;
}

const struct ua_kind *
ua_kind_by_content(const struct ua_kinds *k, const struct ua_doc *doc)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (ua_kind_matches_content(&k->v[i], doc))
			return &k->v[i];
	return NULL;
}

enum ua_format
ua_kind_format(const struct ua_kind *kind, const char *name,
    const char *bytes, size_t len)
{
	enum ua_format f;

	/* user data picks its form itself, after Base64 (userdata.c) */
	if (kind && (kind->formats & (1u << UA_FMT_USERDATA)))
		return UA_FMT_USERDATA;
	f = ua_format_sniff(name, bytes, len);
	if (kind == NULL || (kind->formats & (1u << f)))
		return f;
	if (kind->formats & (1u << UA_FMT_XML))
		return UA_FMT_XML;
	if (kind->formats & (1u << UA_FMT_YAML))
		return UA_FMT_YAML;
	return UA_FMT_JSON;
}
