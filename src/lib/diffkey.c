/* SPDX-License-Identifier: MIT */
/* Identity for semantic diffs: the keyed lists of schemas/diff-keys.tsv, the secrets, and
 * what names each child among its siblings (component, catalog list key, JSON key). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/xpath.h>

#include "catalog.h"
#include "diffkey.h"
#include "rules.h"
#include "secret.h"
#include "tree.h"
#include "tsv.h"
#include "ua.h"
#include "unattend.h"
#include "util.h"

static int
cmp_mark(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct ua_diffkey_mark *)a)->node;
	uintptr_t y = (uintptr_t)((const struct ua_diffkey_mark *)b)->node;

	return x < y ? -1 : x > y;
}

static const struct ua_diffkey_mark *
find_mark(const struct ua_diffkey_mark *v, size_t n, const xmlNode *node)
{
	struct ua_diffkey_mark key = { node, 0 };

	return n && node ? bsearch(&key, v, n, sizeof(*v), cmp_mark) : NULL;
}

const char *
ua_diffkey_attr(const xmlNode *n, const char *name)
{
	xmlAttrPtr a;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	a = xmlHasProp(n, BAD_CAST name);
	if (a && a->children && a->children->type == XML_TEXT_NODE)
		return (const char *)a->children->content;
	return a ? "" : NULL;
}

int
ua_diffkey_container(const struct ua_diffkey *dk, const xmlNode *n)
{
	const char *t;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (!dk->json)
		return ua_tree_has_elements(n);
	t = ua_diffkey_attr(n, "type");
	if (t && strcmp(t, "object") == 0)
		return 1;
	if (t && strcmp(t, "array") == 0)
		return 2;
	return 0;
}

char *
ua_diffkey_text(const struct ua_diffkey *dk, const xmlNode *n)
{
	return ua_node_text(n, !dk->json && n->type == XML_ELEMENT_NODE);
}

/* Booleans as Windows and the agents read them. */
char *
ua_diffkey_canon(const struct ua_diffkey *dk, const xmlNode *n)
{
	char *s = ua_diffkey_text(dk, n);
	const char *t = dk->json ? ua_diffkey_attr(n, "type") : NULL;

	if (s == NULL)
		return NULL;
	if (t && strcmp(t, "null") == 0) {
		free(s);
		return ua_strdup("\001null");
	}
	if (strcasecmp(s, "true") == 0 || (t && strcmp(t, "boolean") == 0 &&
	    (strcasecmp(s, "yes") == 0 || strcasecmp(s, "on") == 0))) {
		free(s);
		return ua_strdup("\001true");
	}
	if (strcasecmp(s, "false") == 0 || (t && strcmp(t, "boolean") == 0 &&
	    (strcasecmp(s, "no") == 0 || strcasecmp(s, "off") == 0))) {
		free(s);
		return ua_strdup("\001false");
	}
	return s;
}

int
ua_diffkey_secret(const struct ua_diffkey *dk, int sd, const xmlNode *n,
    const struct ua_setting *set)
{
	/* the name alone is enough: a misspelt component or task, a missing
	 * namespace, and no catalog entry or <secret> reaches the value */
	return (set && (set->flags & UA_SF_SECRET)) ||
	    find_mark(dk->s[sd].secrets, dk->s[sd].nsecrets, n) != NULL ||
	    (n->type == XML_ELEMENT_NODE && ua_secret_name_like(dk->names, n));
}

int
ua_diffkey_unattend_ns(const xmlNode *n)
{
	return n->ns && xmlStrcmp(n->ns->href, BAD_CAST UA_NS_UNATTEND) == 0;
}

const struct ua_setting *
ua_diffkey_child_setting(const struct ua_diffkey *dk, const struct ua_setting *set,
    const xmlNode *c)
{
	const char *name;
	int differs;

	if (!ua_diffkey_unattend_ns(c))
		return NULL;
	if (set)
		return ua_setting_child(set, (const char *)c->name, &differs);
	if (dk->cat && strcmp((const char *)c->name, "component") == 0 && c->parent &&
	    c->parent->type == XML_ELEMENT_NODE && ua_diffkey_unattend_ns(c->parent) &&
	    strcmp((const char *)c->parent->name, "settings") == 0 &&
	    (name = ua_diffkey_attr(c, "name")) != NULL)
		return ua_setting_child(&dk->cat->root, name, &differs);
	return NULL;
}

struct rowload {
	struct ua_diffkey *dk;
	const char *kind;
	char *err;
	size_t errlen;
	const char *path;
};

static int
row_line(char **f, size_t nf, unsigned long line, void *arg)
{
	struct rowload *rl = arg;
	struct ua_diffkey *dk = rl->dk;
	struct ua_diffkey_row *v, *r;

	if (nf < 4) {
		snprintf(rl->err, rl->errlen, "%s:%lu: want 4 columns", rl->path, line);
		return -1;
	}
	if (strcmp(f[0], rl->kind) != 0)
		return 0;
	if ((v = realloc(dk->rows, (dk->nrows + 1) * sizeof(*v))) == NULL) {
		snprintf(rl->err, rl->errlen, "out of memory");
		return -1;
	}
	dk->rows = v;
	r = &v[dk->nrows];
	memset(r, 0, sizeof(*r));
	if ((r->list = xmlXPathCompile(BAD_CAST f[1])) == NULL) {
		snprintf(rl->err, rl->errlen, "%s:%lu: bad XPath '%s'", rl->path, line, f[1]);
		return -1;
	}
	dk->nrows++;
	r->ordered = strcmp(f[3], "matters") == 0;
	r->nkeys = ua_split(f[2], '+', r->keys, UA_DIFFKEY_MAX_KEYS);
	for (nf = 0; nf < r->nkeys; nf++)
		if ((r->keys[nf] = ua_strdup(r->keys[nf])) == NULL) {
			r->nkeys = nf;
			snprintf(rl->err, rl->errlen, "out of memory");
			return -1;
		}
	return 0;
}

int
ua_diffkey_load(struct ua_diffkey *dk, const char *path, const char *kind, char *err,
    size_t errlen)
{
	struct rowload rl;

	rl.dk = dk;
	rl.kind = kind;
	rl.err = err;
	rl.errlen = errlen;
	rl.path = path;
	return ua_tsv_each(path, row_line, &rl, err, errlen) != 0 ? -1 : 0;
}

int
ua_diffkey_mark_lists(struct ua_diffkey *dk, int sd, struct ua_doc *doc)
{
	struct ua_diffkey_side *s = &dk->s[sd];
	xmlXPathContextPtr xp = ua_doc_xpath(doc);
	xmlXPathObjectPtr res;
	struct ua_diffkey_mark *v;
	size_t i;
	int j, st = UA_OK;

	if (xp == NULL)
		return UA_ENOMEM;
	xp->opLimit = 10000000;
	for (i = 0; i < dk->nrows && st == UA_OK; i++) {
		xp->opCount = 0;
		res = xmlXPathCompiledEval(dk->rows[i].list, xp);
		if (res && res->type == XPATH_NODESET && res->nodesetval &&
		    res->nodesetval->nodeNr > 0) {
			v = realloc(s->lists, (s->nlists + (size_t)res->nodesetval->nodeNr) *
			    sizeof(*v));
			if (v == NULL)
				st = UA_ENOMEM;
			else {
				s->lists = v;
				for (j = 0; j < res->nodesetval->nodeNr; j++) {
					v[s->nlists].node = res->nodesetval->nodeTab[j];
					v[s->nlists++].row = (long)i;
				}
			}
		}
		xmlXPathFreeObject(res);
	}
	xmlXPathFreeContext(xp);
	if (s->nlists)
		qsort(s->lists, s->nlists, sizeof(*s->lists), cmp_mark);
	return st;
}

int
ua_diffkey_mark_secrets(struct ua_diffkey *dk, int sd, struct ua_ctx *ctx,
    struct ua_doc *doc, char *err, size_t errlen)
{
	struct ua_diffkey_side *s = &dk->s[sd];
	xmlNodePtr *nodes;
	size_t n, i;
	int st = ua_rules_secret_nodes(ctx, doc, &nodes, &n, err, errlen);

	if (st != UA_OK || n == 0)
		return st;
	if ((s->secrets = calloc(n, sizeof(*s->secrets))) == NULL) {
		free(nodes);
		return UA_ENOMEM;
	}
	for (i = 0; i < n; i++)
		s->secrets[i].node = nodes[i];
	s->nsecrets = n;
	free(nodes);
	qsort(s->secrets, n, sizeof(*s->secrets), cmp_mark);
	return UA_OK;
}

void
ua_diffkey_free(struct ua_diffkey *dk)
{
	size_t i, j;
	int sd;

	for (i = 0; i < dk->nrows; i++) {
		xmlXPathFreeCompExpr(dk->rows[i].list);
		for (j = 0; j < dk->rows[i].nkeys; j++)
			free(dk->rows[i].keys[j]);
	}
	free(dk->rows);
	for (sd = 0; sd < 2; sd++) {
		free(dk->s[sd].lists);
		free(dk->s[sd].secrets);
	}
	memset(dk, 0, sizeof(*dk));
}

const struct ua_diffkey_row *
ua_diffkey_list_row(const struct ua_diffkey *dk, const xmlNode *o, const xmlNode *n)
{
	const struct ua_diffkey_mark *m = find_mark(dk->s[1].lists, dk->s[1].nlists, n);

	if (m == NULL)
		m = find_mark(dk->s[0].lists, dk->s[0].nlists, o);
	return m ? &dk->rows[m->row] : NULL;
}

static int
push(struct ua_diffkey_list *l, char *id, char *seg, xmlNodePtr node)
{
	struct ua_diffkey_item *it;

	if (ua_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 8) != 0) {
		free(id);
		free(seg);
		return -1;
	}
	it = &l->v[l->n];
	memset(it, 0, sizeof(*it));
	it->id = id;
	it->seg = seg;
	it->node = node;
	it->order = l->n++;
	if (id == NULL || seg == NULL)
		return -1;
	return 0;
}

void
ua_diffkey_list_free(struct ua_diffkey_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].seg);
	}
	free(l->v);
}

/* The identity of a list item: its wcm:keyValue, or the text of its key child(ren). */
static char *
item_key(const xmlNode *el, const char *const *keys, size_t nkeys, int nocase, char **seg)
{
	struct ua_buf id = { 0 }, sb = { 0 };
	const xmlNode *c;
	xmlChar *v;
	size_t i, found = 0;
	char *s;

	for (i = 0; i < nkeys; i++) {
		s = NULL;
		if (keys[i][0] == '@') {
			v = xmlGetNsProp(el, BAD_CAST (keys[i] + 1), BAD_CAST UA_NS_WCM);
			if (v == NULL)
				v = xmlGetProp(el, BAD_CAST (keys[i] + 1));
			s = v ? ua_strdup((const char *)v) : NULL;
			xmlFree(v);
		} else
			for (c = el->children; c && s == NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE && (nocase ?
				    strcasecmp((const char *)c->name, keys[i]) :
				    strcmp((const char *)c->name, keys[i])) == 0)
					s = ua_node_text(c, 1);
		if (s)
			found++;
		ua_buf_puts(&id, i ? "\002" : "");
		ua_buf_puts(&id, s ? s : "");
		if (s)
			ua_buf_printf(&sb, "%s%s=%s", sb.len ? "," : "",
			    keys[i][0] == '@' ? keys[i] + 1 : keys[i], s);
		free(s);
	}
	if (found == 0 || id.failed || sb.failed) {
		ua_buf_free(&id);
		ua_buf_free(&sb);
		return NULL;
	}
	*seg = ua_buf_take(&sb);
	return ua_buf_take(&id);
}

static int
identity_attr(const xmlAttr *a, enum ua_diffkey_role role)
{
	const char *n = (const char *)a->name;

	switch (role) {
	case UA_DK_PASS: return a->ns == NULL && strcmp(n, "pass") == 0;
	case UA_DK_COMPONENT:
		return a->ns == NULL && (strcmp(n, "name") == 0 ||
		    strcmp(n, "processorArchitecture") == 0);
	case UA_DK_KEYVALUE: return strcmp(n, "keyValue") == 0;
	default: return 0;
	}
}

static char *
lower(const char *s)
{
	char *r = ua_strdup(s ? s : ""), *p;

	for (p = r; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

/* The answer-file identity of element c under a parent of role role and setting set. */
static int
xml_child(const struct ua_diffkey *dk, struct ua_diffkey_list *l, xmlNodePtr c,
    enum ua_diffkey_role role, const struct ua_setting *set, const struct ua_diffkey_row *row)
{
	const struct ua_setting *k = NULL;
	const char *uri = c->ns ? (const char *)c->ns->href : "";
	char *id = NULL, *seg = NULL, *key, *kseg = NULL, *a, *b;
	enum ua_diffkey_role r = UA_DK_NODE;

	if (role == UA_DK_ROOT && ua_diffkey_unattend_ns(c) &&
	    strcmp((const char *)c->name, "settings") == 0 && ua_diffkey_attr(c, "pass")) {
		id = ua_asprintf("S\001%s", ua_diffkey_attr(c, "pass"));
		seg = ua_strdup(ua_diffkey_attr(c, "pass"));
		r = UA_DK_PASS;
	} else if (role == UA_DK_PASS && ua_diffkey_unattend_ns(c) &&
	    strcmp((const char *)c->name, "component") == 0 && ua_diffkey_attr(c, "name")) {
		k = ua_diffkey_child_setting(dk, NULL, c);
		a = lower(ua_diffkey_attr(c, "name"));
		b = lower(ua_diffkey_attr(c, "processorArchitecture"));
		id = ua_asprintf("C\001%s\001%s", a ? a : "", b ? b : "");
		free(a);
		free(b);
		seg = ua_asprintf("%s[%s]", k ? k->name : ua_diffkey_attr(c, "name"),
		    ua_diffkey_attr(c, "processorArchitecture") ?
		    ua_diffkey_attr(c, "processorArchitecture") : "");
		r = UA_DK_COMPONENT;
	} else if ((k = ua_diffkey_child_setting(dk, set, c)) != NULL) {
		key = NULL;
		if ((k->flags & UA_SF_LIST) && k->key)
			key = item_key(c, &k->key, 1, 1, &kseg);
		if (key) {
			id = ua_asprintf("L\001%s\001%s", k->name, key);
			seg = ua_asprintf("%s[%s]", k->name, kseg);
			if (k->key[0] == '@')
				r = UA_DK_KEYVALUE;
		} else {
			id = ua_asprintf("E\001%s", k->name);
			seg = ua_strdup(k->name);
		}
		free(key);
		free(kseg);
	} else if (row && (key = item_key(c, (const char *const *)row->keys, row->nkeys, 0, &kseg)) != NULL) {
		id = ua_asprintf("K\001%s\001%s", (const char *)c->name, key);
		seg = ua_asprintf("%s[%s]", (const char *)c->name, kseg);
		free(key);
		free(kseg);
	} else {
		id = ua_asprintf("X\001{%s}%s", uri, (const char *)c->name);
		seg = ua_strdup((const char *)c->name);
	}
	if (push(l, id, seg, c) != 0)
		return -1;
	l->v[l->n - 1].set = k;
	l->v[l->n - 1].role = r;
	return 0;
}

static int
json_child(const struct ua_diffkey *dk, struct ua_diffkey_list *l, xmlNodePtr c, int array,
    size_t index, const struct ua_diffkey_row *row)
{
	char *id = NULL, *seg = NULL, *key, *kseg = NULL;
	struct ua_diffkey_item *it;
	int byvalue = 0, positional = 0;

	if (!array) {
		key = ua_tree_key(c);
		id = key ? ua_asprintf("M\001%s", key) : NULL;
		seg = key;
	} else if (row && (key = item_key(c, (const char *const *)row->keys, row->nkeys, 0, &kseg)) != NULL) {
		id = ua_asprintf("K\001%s", key);
		seg = ua_asprintf("[%s]", kseg);
		free(key);
		free(kseg);
	} else if (!row && ua_diffkey_container(dk, c) == 0) {
		key = ua_diffkey_canon(dk, c);
		id = key ? ua_asprintf("V\001%s", key) : NULL;
		seg = ua_asprintf("[%zu]", index);
		free(key);
		byvalue = 1;
	} else {
		id = ua_asprintf("#%zu", index);
		seg = ua_asprintf("[%zu]", index);
		positional = 1;
	}
	if (push(l, id, seg, c) != 0)
		return -1;
	it = &l->v[l->n - 1];
	it->byvalue = byvalue;
	it->positional = positional;
	return 0;
}

int
ua_diffkey_collect(const struct ua_diffkey *dk, int sd, xmlNodePtr parent,
    enum ua_diffkey_role role, const struct ua_setting *set,
    const struct ua_diffkey_row *row, int secret, struct ua_diffkey_list *l)
{
	xmlAttrPtr a;
	xmlNodePtr c;
	size_t index = 0, i;
	int array = dk->json && ua_diffkey_container(dk, parent) == 2;

	if (!dk->json)
		for (a = parent->properties; a; a = a->next) {
			if (identity_attr(a, role))
				continue;
			if (push(l, ua_asprintf("A\001{%s}%s", a->ns ? (const char *)a->ns->href : "",
			    (const char *)a->name), ua_asprintf("@%s", (const char *)a->name),
			    (xmlNodePtr)a) != 0)
				return -1;
		}
	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((dk->json ? json_child(dk, l, c, array, index++, row) :
		    xml_child(dk, l, c, role, set, row)) != 0)
			return -1;
	}
	for (i = 0; i < l->n; i++)
		l->v[i].secret = secret || ua_diffkey_secret(dk, sd, l->v[i].node, l->v[i].set);
	return 0;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct ua_diffkey_item *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
ua_diffkey_number(struct ua_diffkey_list *l)
{
	size_t i, j, k;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_item);
	for (i = 0; i < l->n; i = j) {
		for (j = i + 1; j < l->n && strcmp(l->v[j].id, l->v[i].id) == 0; j++)
			;
		for (k = i; k < j; k++) {
			l->v[k].occ = k - i + 1;
			l->v[k].group = j - i;
		}
	}
}
