/* SPDX-License-Identifier: MIT */
/* Semantic differences: both trees walked together, children matched by identity
 * (components, catalog list keys, JSON keys, schemas/diff-keys.tsv), never by place. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "casefold.h"
#include "catalog.h"
#include "diff.h"
#include "rules.h"
#include "tree.h"
#include "tsv.h"
#include "ua.h"
#include "unattend.h"
#include "util.h"

#define MASK		"********"
#define MAX_KEYS	4

struct keyrow {
	xmlXPathCompExprPtr list;
	char *keys[MAX_KEYS];
	size_t nkeys;
	int ordered;
};

/* A node the walk must recognise: the element of a keyed list, or a secret. */
struct mark {
	const xmlNode *node;
	long row;
};

struct side {
	struct ua_doc *doc;
	struct mark *lists, *secrets;
	size_t nlists, nsecrets;
};

/* What a node is in an answer file, for identity and the attributes that carry it. */
enum role {
	R_NODE,
	R_ROOT,		/* unattend: children are passes */
	R_PASS,		/* settings: children are components */
	R_COMPONENT,
	R_KEYVALUE,	/* a list item identified by wcm:keyValue */
	R_COUNT
};

struct walk {
	struct ua_diff_list *out;
	int show_secrets;
	int json;			/* the tree is the JSON/YAML mapping */
	struct ua_catalog *cat;		/* answer files only */
	struct keyrow *rows;
	size_t nrows;
	const char *kind;
	struct side s[2];		/* 0 old, 1 new */
	int failed;
};

struct item {
	char *id;			/* identity among siblings */
	char *seg;			/* path segment */
	xmlNodePtr node;
	const struct ua_setting *set;
	enum role role;
	int secret, byvalue, positional;
	size_t order, occ, group;
	struct item *peer;
};

struct list {
	struct item *v;
	size_t n, cap;
};

static int
cmp_mark(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct mark *)a)->node;
	uintptr_t y = (uintptr_t)((const struct mark *)b)->node;

	return x < y ? -1 : x > y;
}

static const struct mark *
find_mark(const struct mark *v, size_t n, const xmlNode *node)
{
	struct mark key = { node, 0 };

	return n && node ? bsearch(&key, v, n, sizeof(*v), cmp_mark) : NULL;
}

static const char *
attr_val(const xmlNode *n, const char *name)
{
	xmlAttrPtr a;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	a = xmlHasProp(n, BAD_CAST name);
	if (a && a->children && a->children->type == XML_TEXT_NODE)
		return (const char *)a->children->content;
	return a ? "" : NULL;
}

static char *
node_text(const xmlNode *n, int trim)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *s = v ? (const char *)v : "";
	size_t len;
	char *r;

	if (trim)
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
	len = strlen(s);
	if (trim)
		while (len > 0 && strchr(" \t\r\n", s[len - 1]))
			len--;
	r = ua_strndup(s, len);
	xmlFree(v);
	return r;
}

static int
has_element_child(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* 1 object, 2 array, 0 scalar (JSON/YAML mapping); for XML, 1 when it has child elements. */
static int
container(const struct walk *w, const xmlNode *n)
{
	const char *t;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (!w->json)
		return has_element_child(n);
	t = attr_val(n, "type");
	if (t && strcmp(t, "object") == 0)
		return 1;
	if (t && strcmp(t, "array") == 0)
		return 2;
	return 0;
}

static char *
scalar_text(const struct walk *w, const xmlNode *n)
{
	return node_text(n, !w->json && n->type == XML_ELEMENT_NODE);
}

/* The text two scalars are compared by: booleans as Windows and the agents read them. */
static char *
canon(const struct walk *w, const xmlNode *n)
{
	char *s = scalar_text(w, n);
	const char *t = w->json ? attr_val(n, "type") : NULL;

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

static void
quote(struct ua_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	ua_buf_add(b, "\"", 1);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			ua_buf_add(b, "\\", 1);
			ua_buf_add(b, (const char *)p, 1);
		} else if (*p == '\n')
			ua_buf_puts(b, "\\n");
		else if (*p == '\r')
			ua_buf_puts(b, "\\r");
		else if (*p == '\t')
			ua_buf_puts(b, "\\t");
		else if (*p < 0x20)
			ua_buf_printf(b, "\\u%04x", *p);
		else
			ua_buf_add(b, (const char *)p, 1);
	}
	ua_buf_add(b, "\"", 1);
}

static int
secret_here(const struct walk *w, int sd, const xmlNode *n, const struct ua_setting *set)
{
	return (set && (set->flags & UA_SF_SECRET)) ||
	    find_mark(w->s[sd].secrets, w->s[sd].nsecrets, n) != NULL;
}

static int
in_unattend_ns(const xmlNode *n)
{
	return n->ns && xmlStrcmp(n->ns->href, BAD_CAST UA_NS_UNATTEND) == 0;
}

static const struct ua_setting *
child_setting(const struct ua_setting *set, const xmlNode *c)
{
	int differs;

	if (set == NULL || !in_unattend_ns(c))
		return NULL;
	return ua_setting_child(set, (const char *)c->name, &differs);
}

/* A compact one-line rendering of a subtree, secrets masked. */
static void
render(const struct walk *w, int sd, const xmlNode *n, const struct ua_setting *set,
    int secret, struct ua_buf *b)
{
	const xmlNode *c;
	const struct ua_setting *k;
	const char *t;
	char *s, *key;
	int kind = container(w, n), first = 1;

	if (secret && !w->show_secrets) {
		ua_buf_puts(b, MASK);
		return;
	}
	if (kind == 0 || n->type != XML_ELEMENT_NODE) {
		s = scalar_text(w, n);
		t = w->json ? attr_val(n, "type") : NULL;
		if (t && strcmp(t, "null") == 0)
			ua_buf_puts(b, "null");
		else if (t && (strcmp(t, "number") == 0 || strcmp(t, "boolean") == 0))
			ua_buf_puts(b, s ? s : "");
		else
			quote(b, s ? s : "");
		free(s);
		return;
	}
	ua_buf_puts(b, kind == 2 ? "[" : "{");
	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		ua_buf_puts(b, first ? "" : ", ");
		first = 0;
		if (kind != 2) {
			key = w->json ? ua_tree_key(c) : ua_strdup((const char *)c->name);
			ua_buf_puts(b, key ? key : "?");
			ua_buf_puts(b, ": ");
			free(key);
		}
		k = child_setting(set, c);
		render(w, sd, c, k, secret_here(w, sd, c, k), b);
	}
	ua_buf_puts(b, kind == 2 ? "]" : "}");
}

static char *
value_of(struct walk *w, int sd, const xmlNode *n, const struct ua_setting *set,
    int secret, enum ua_diff_vtype *type)
{
	struct ua_buf b = { 0 };
	const char *t = w->json ? attr_val(n, "type") : NULL;

	if (secret && !w->show_secrets) {
		*type = UA_DV_MASKED;
		return ua_strdup(MASK);
	}
	if (container(w, n)) {
		*type = UA_DV_LITERAL;
		render(w, sd, n, set, secret, &b);
		return ua_buf_take(&b);
	}
	if (t && strcmp(t, "null") == 0) {
		*type = UA_DV_LITERAL;
		return ua_strdup("null");
	}
	*type = t && (strcmp(t, "number") == 0 || strcmp(t, "boolean") == 0) ?
	    UA_DV_LITERAL : UA_DV_SCALAR;
	return scalar_text(w, n);
}

static void
add_entry(struct walk *w, enum ua_diff_op op, const char *path, const xmlNode *o,
    const xmlNode *n, char *ov, enum ua_diff_vtype ot, char *nv, enum ua_diff_vtype nt)
{
	struct ua_diff_list *l = w->out;
	struct ua_diff_entry *e;
	unsigned long col;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct ua_diff_entry *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL) {
			free(ov);
			free(nv);
			l->failed = w->failed = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->path = ua_strdup(*path ? path : "/");
	e->old = ov;
	e->new = nv;
	e->old_type = ov ? ot : UA_DV_NONE;
	e->new_type = nv ? nt : UA_DV_NONE;
	if (o)
		ua_doc_pos(w->s[0].doc, o, &e->old_line, &col);
	if (n)
		ua_doc_pos(w->s[1].doc, n, &e->new_line, &col);
	ua_doc_pos(w->s[n ? 1 : 0].doc, n ? n : o, &e->sort_line, &e->sort_col);
	e->seq = l->n++;
	if (e->path == NULL || (o && ov == NULL) || (n && nv == NULL))
		l->failed = w->failed = 1;
}

static char *
child_path(const char *parent, const char *seg, size_t occ, size_t group)
{
	char num[32] = "";

	if (group > 1)
		snprintf(num, sizeof(num), "#%zu", occ);
	if (*parent == '\0')
		return ua_asprintf("%s%s", seg, num);
	return ua_asprintf("%s%s%s%s", parent, seg[0] == '[' ? "" : "/", seg, num);
}

static int
push(struct list *l, char *id, char *seg, xmlNodePtr node)
{
	struct item *it;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct item *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL) {
			free(id);
			free(seg);
			return -1;
		}
		l->v = v;
		l->cap = cap;
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

static void
list_free(struct list *l)
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
item_key(const xmlNode *el, char *const *keys, size_t nkeys, int nocase, char **seg)
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
					s = node_text(c, 1);
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
identity_attr(const xmlAttr *a, enum role role)
{
	const char *n = (const char *)a->name;

	switch (role) {
	case R_PASS: return a->ns == NULL && strcmp(n, "pass") == 0;
	case R_COMPONENT:
		return a->ns == NULL && (strcmp(n, "name") == 0 ||
		    strcmp(n, "processorArchitecture") == 0);
	case R_KEYVALUE: return strcmp(n, "keyValue") == 0;
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
xml_child(struct walk *w, struct list *l, xmlNodePtr c, enum role role,
    const struct ua_setting *set, const struct keyrow *row)
{
	const struct ua_setting *k = NULL;
	const char *uri = c->ns ? (const char *)c->ns->href : "";
	char *id = NULL, *seg = NULL, *key, *kseg = NULL, *a, *b;
	enum role r = R_NODE;
	int differs;

	if (role == R_ROOT && in_unattend_ns(c) && strcmp((const char *)c->name, "settings") == 0 &&
	    attr_val(c, "pass")) {
		id = ua_asprintf("S\001%s", attr_val(c, "pass"));
		seg = ua_strdup(attr_val(c, "pass"));
		r = R_PASS;
	} else if (role == R_PASS && in_unattend_ns(c) &&
	    strcmp((const char *)c->name, "component") == 0 && attr_val(c, "name")) {
		k = w->cat ? ua_setting_child(&w->cat->root, attr_val(c, "name"), &differs) : NULL;
		a = lower(attr_val(c, "name"));
		b = lower(attr_val(c, "processorArchitecture"));
		id = ua_asprintf("C\001%s\001%s", a ? a : "", b ? b : "");
		free(a);
		free(b);
		seg = ua_asprintf("%s[%s]", k ? k->name : attr_val(c, "name"),
		    attr_val(c, "processorArchitecture") ? attr_val(c, "processorArchitecture") : "");
		r = R_COMPONENT;
	} else if ((k = child_setting(set, c)) != NULL) {
		key = NULL;
		if ((k->flags & UA_SF_LIST) && k->key)
			key = item_key(c, &k->key, 1, 1, &kseg);
		if (key) {
			id = ua_asprintf("L\001%s\001%s", k->name, key);
			seg = ua_asprintf("%s[%s]", k->name, kseg);
			if (k->key[0] == '@')
				r = R_KEYVALUE;
		} else {
			id = ua_asprintf("E\001%s", k->name);
			seg = ua_strdup(k->name);
		}
		free(key);
		free(kseg);
	} else if (row && (key = item_key(c, row->keys, row->nkeys, 0, &kseg)) != NULL) {
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
json_child(struct walk *w, struct list *l, xmlNodePtr c, int array, size_t index,
    const struct keyrow *row)
{
	char *id = NULL, *seg = NULL, *key, *kseg = NULL;
	struct item *it;
	int byvalue = 0, positional = 0;

	if (!array) {
		key = ua_tree_key(c);
		id = key ? ua_asprintf("M\001%s", key) : NULL;
		seg = key;
	} else if (row && (key = item_key(c, row->keys, row->nkeys, 0, &kseg)) != NULL) {
		id = ua_asprintf("K\001%s", key);
		seg = ua_asprintf("[%s]", kseg);
		free(key);
		free(kseg);
	} else if (!row && container(w, c) == 0) {
		key = canon(w, c);
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

static int
collect(struct walk *w, int sd, xmlNodePtr parent, enum role role,
    const struct ua_setting *set, const struct keyrow *row, int secret, struct list *l)
{
	xmlAttrPtr a;
	xmlNodePtr c;
	size_t index = 0, i;
	int array = w->json && container(w, parent) == 2;

	if (!w->json)
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
		if ((w->json ? json_child(w, l, c, array, index++, row) :
		    xml_child(w, l, c, role, set, row)) != 0)
			return -1;
	}
	for (i = 0; i < l->n; i++)
		l->v[i].secret = secret || secret_here(w, sd, l->v[i].node, l->v[i].set);
	return 0;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
cmp_order(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a, *y = *(struct item *const *)b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static void
number(struct list *l)
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

static void compare(struct walk *w, xmlNodePtr o, xmlNodePtr n, const char *path,
    enum role role, const struct ua_setting *set, int secret);

/* Reports, as moved, the paired items outside a longest run kept in order. */
static void
report_moves(struct walk *w, struct item **nv, size_t nn, const char *path)
{
	size_t *tails, *prev, *pos, i, m = 0, lo, hi, mid, k;
	char *keep, *p;

	if (nn < 2)
		return;
	tails = calloc(nn, sizeof(*tails));
	prev = calloc(nn, sizeof(*prev));
	keep = calloc(nn, 1);
	pos = calloc(nn, sizeof(*pos));
	if (!tails || !prev || !keep || !pos) {
		w->failed = 1;
		goto out;
	}
	for (i = 0; i < nn; i++)
		pos[i] = nv[i]->peer->order;
	for (i = 0; i < nn; i++) {
		for (lo = 0, hi = m; lo < hi; ) {
			mid = (lo + hi) / 2;
			if (pos[tails[mid]] < pos[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = i;
		if (lo == m)
			m++;
	}
	for (k = m ? tails[m - 1] : SIZE_MAX; k != SIZE_MAX; k = prev[k])
		keep[k] = 1;
	for (i = 0; i < nn; i++) {
		if (keep[i])
			continue;
		p = child_path(path, nv[i]->seg, nv[i]->occ,
		    nv[i]->group > nv[i]->peer->group ? nv[i]->group : nv[i]->peer->group);
		if (p == NULL) {
			w->failed = 1;
			break;
		}
		add_entry(w, UA_DIFF_MOVED, p, nv[i]->peer->node, nv[i]->node,
		    ua_asprintf("%zu", nv[i]->peer->order), UA_DV_POSITION,
		    ua_asprintf("%zu", nv[i]->order), UA_DV_POSITION);
		free(p);
	}
out:
	free(tails);
	free(prev);
	free(keep);
	free(pos);
}

static void
one_side(struct walk *w, int sd, struct item *it, const char *path)
{
	enum ua_diff_vtype t;
	char *p = child_path(path, it->seg, it->occ, it->group);
	char *v = p ? value_of(w, sd, it->node, it->set, it->secret, &t) : NULL;

	if (p == NULL) {
		w->failed = 1;
		return;
	}
	if (sd)
		add_entry(w, UA_DIFF_ADDED, p, NULL, it->node, NULL, UA_DV_NONE, v, t);
	else
		add_entry(w, UA_DIFF_REMOVED, p, it->node, NULL, v, t, NULL, UA_DV_NONE);
	free(p);
}

/* Matches the children of o and n by identity and compares each pair. */
static void
compare_children(struct walk *w, xmlNodePtr o, xmlNodePtr n, const char *path,
    enum role role, const struct ua_setting *set, int secret)
{
	struct list lo = { 0 }, ln = { 0 };
	struct item **ord = NULL, **lost = NULL, **extra = NULL;
	const struct mark *m = find_mark(w->s[1].lists, w->s[1].nlists, n);
	const struct keyrow *row;
	size_t i, j, nord = 0, npos = 0, nlost = 0, nextra = 0;
	int c, array = w->json && container(w, n) == 2, ordered;
	char *p;

	if (m == NULL)
		m = find_mark(w->s[0].lists, w->s[0].nlists, o);
	row = m ? &w->rows[m->row] : NULL;
	ordered = array && (row == NULL || row->ordered);
	if (collect(w, 0, o, role, set, row, secret, &lo) != 0 ||
	    collect(w, 1, n, role, set, row, secret, &ln) != 0) {
		w->failed = 1;
		goto out;
	}
	number(&lo);
	number(&ln);
	for (i = j = 0; i < lo.n && j < ln.n; ) {
		c = strcmp(lo.v[i].id, ln.v[j].id);
		if (c == 0) {
			lo.v[i].peer = &ln.v[j];
			ln.v[j].peer = &lo.v[i];
			i++;
			j++;
		} else if (c < 0)
			i++;
		else
			j++;
	}
	ord = calloc(ln.n + 1, sizeof(*ord));
	lost = calloc(lo.n + 1, sizeof(*lost));
	extra = calloc(ln.n + 1, sizeof(*extra));
	if (!ord || !lost || !extra) {
		w->failed = 1;
		goto out;
	}
	for (i = 0; i < ln.n; i++)
		if (ln.v[i].peer && !ln.v[i].positional)
			ord[nord++] = &ln.v[i];
		else if (ln.v[i].peer)
			ord[ln.n - ++npos] = &ln.v[i];
		else
			extra[nextra++] = &ln.v[i];
	for (i = 0; i < lo.n; i++)
		if (lo.v[i].peer == NULL)
			lost[nlost++] = &lo.v[i];
	memmove(ord + nord, ord + ln.n - npos, npos * sizeof(*ord));
	qsort(ord, nord, sizeof(*ord), cmp_order);
	if (ordered)
		report_moves(w, ord, nord, path);
	nord += npos;
	qsort(ord, nord, sizeof(*ord), cmp_order);
	qsort(extra, nextra, sizeof(*extra), cmp_order);
	qsort(lost, nlost, sizeof(*lost), cmp_order);
	for (i = 0; i < nord && !w->failed; i++) {
		struct item *b = ord[i], *a = b->peer;
		p = child_path(path, b->seg, b->occ, a->group > b->group ? a->group : b->group);
		if (p == NULL) {
			w->failed = 1;
			break;
		}
		compare(w, a->node, b->node, p, b->role, b->set, a->secret || b->secret);
		free(p);
	}
	/* A scalar that changed in place in a list of values is one change, not two. */
	for (i = j = 0; i < nextra && !w->failed; i++) {
		struct item *b = extra[i];
		while (j < nlost && lost[j] && lost[j]->order < b->order)
			j++;
		if (b->byvalue && j < nlost && lost[j] && lost[j]->byvalue &&
		    lost[j]->order == b->order) {
			b->peer = lost[j];
			lost[j]->peer = b;
			compare(w, lost[j]->node, b->node, (p = child_path(path, b->seg, 1, 1)),
			    R_NODE, NULL, lost[j]->secret || b->secret);
			free(p);
		} else
			one_side(w, 1, b, path);
	}
	for (i = 0; i < nlost && !w->failed; i++)
		if (lost[i]->peer == NULL)
			one_side(w, 0, lost[i], path);
out:
	free(ord);
	free(lost);
	free(extra);
	list_free(&lo);
	list_free(&ln);
}

static int
empty_element(const struct walk *w, const xmlNode *n)
{
	char *s;
	int empty;

	if (w->json || n->type != XML_ELEMENT_NODE || has_element_child(n))
		return 0;
	s = scalar_text(w, n);
	empty = s && *s == '\0';
	free(s);
	return empty;
}

static void
changed(struct walk *w, const char *path, xmlNodePtr o, xmlNodePtr n,
    const struct ua_setting *set, int secret)
{
	enum ua_diff_vtype ot, nt;
	char *a = value_of(w, 0, o, set, secret, &ot);
	char *b = value_of(w, 1, n, set, secret, &nt);

	add_entry(w, UA_DIFF_CHANGED, path, o, n, a, ot, b, nt);
}

static void
compare(struct walk *w, xmlNodePtr o, xmlNodePtr n, const char *path, enum role role,
    const struct ua_setting *set, int secret)
{
	int co = container(w, o), cn = container(w, n);
	char *a, *b;

	if (w->failed)
		return;
	if (!w->json && co != cn && (empty_element(w, o) || empty_element(w, n)))
		co = cn = 1;
	if (co && co == cn) {
		compare_children(w, o, n, path, role, set, secret);
		return;
	}
	if (!co && !cn) {
		a = canon(w, o);
		b = canon(w, n);
		if (a == NULL || b == NULL)
			w->failed = 1;
		else if (strcmp(a, b) != 0)
			changed(w, path, o, n, set, secret);
		free(a);
		free(b);
		if (!w->json && o->type == XML_ELEMENT_NODE && n->type == XML_ELEMENT_NODE &&
		    (o->properties || n->properties))
			compare_children(w, o, n, path, role, set, secret);
		return;
	}
	changed(w, path, o, n, set, secret);
}

struct rowload {
	struct walk *w;
	const char *kind;
	char *err;
	size_t errlen;
	const char *path;
};

static int
row_line(char **f, size_t nf, unsigned long line, void *arg)
{
	struct rowload *rl = arg;
	struct walk *w = rl->w;
	struct keyrow *v, *r;

	if (nf < 4) {
		snprintf(rl->err, rl->errlen, "%s:%lu: want 4 columns", rl->path, line);
		return -1;
	}
	if (strcmp(f[0], rl->kind) != 0)
		return 0;
	if ((v = realloc(w->rows, (w->nrows + 1) * sizeof(*v))) == NULL) {
		snprintf(rl->err, rl->errlen, "out of memory");
		return -1;
	}
	w->rows = v;
	r = &v[w->nrows];
	memset(r, 0, sizeof(*r));
	if ((r->list = xmlXPathCompile(BAD_CAST f[1])) == NULL) {
		snprintf(rl->err, rl->errlen, "%s:%lu: bad XPath '%s'", rl->path, line, f[1]);
		return -1;
	}
	w->nrows++;
	r->ordered = strcmp(f[3], "matters") == 0;
	r->nkeys = ua_split(f[2], '+', r->keys, MAX_KEYS);
	for (nf = 0; nf < r->nkeys; nf++)
		if ((r->keys[nf] = ua_strdup(r->keys[nf])) == NULL) {
			r->nkeys = nf;
			snprintf(rl->err, rl->errlen, "out of memory");
			return -1;
		}
	return 0;
}

static int
mark_lists(struct walk *w, struct side *s)
{
	xmlXPathContextPtr xp = xmlXPathNewContext(s->doc->xml);
	xmlXPathObjectPtr res;
	struct mark *v;
	size_t i;
	int k, st = UA_OK;

	if (xp == NULL)
		return UA_ENOMEM;
	xp->opLimit = 10000000;
	for (i = 0; i < w->nrows && st == UA_OK; i++) {
		res = xmlXPathCompiledEval(w->rows[i].list, xp);
		if (res && res->type == XPATH_NODESET && res->nodesetval &&
		    res->nodesetval->nodeNr > 0) {
			v = realloc(s->lists, (s->nlists + (size_t)res->nodesetval->nodeNr) *
			    sizeof(*v));
			if (v == NULL)
				st = UA_ENOMEM;
			else {
				s->lists = v;
				for (k = 0; k < res->nodesetval->nodeNr; k++) {
					v[s->nlists].node = res->nodesetval->nodeTab[k];
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

static int
mark_secrets(struct ua_ctx *ctx, struct side *s, char *err, size_t errlen)
{
	xmlNodePtr *nodes;
	size_t n, i;
	int st = ua_rules_secret_nodes(ctx, s->doc, &nodes, &n, err, errlen);

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

static int
cmp_entry(const void *a, const void *b)
{
	const struct ua_diff_entry *x = a, *y = b;
	int rx = x->op == UA_DIFF_REMOVED, ry = y->op == UA_DIFF_REMOVED;

	if (rx != ry)
		return rx - ry;
	if (x->sort_line != y->sort_line)
		return x->sort_line < y->sort_line ? -1 : 1;
	if (x->sort_col != y->sort_col)
		return x->sort_col < y->sort_col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int
ua_diff_docs(struct ua_ctx *ctx, struct ua_doc *old, struct ua_doc *new,
    const struct ua_diff_opts *opts, struct ua_diff_list *out, char *err,
    size_t errlen)
{
	struct walk w;
	struct rowload rl;
	xmlNodePtr ro, rn;
	char *path = NULL;
	size_t i, j, from = out->n;
	int st = UA_OK, sd;
	enum role role = R_NODE;

	memset(&w, 0, sizeof(w));
	if (old->xml == NULL || new->xml == NULL || old->kind == NULL || new->kind == NULL) {
		snprintf(err, errlen, "a document did not parse");
		return UA_EUSAGE;
	}
	if (old->kind != new->kind) {
		snprintf(err, errlen, "%s is %s, %s is %s: different kinds", old->name,
		    old->kind->name, new->name, new->kind->name);
		return UA_EUSAGE;
	}
	w.out = out;
	w.show_secrets = opts && opts->show_secrets;
	w.json = old->fmt != UA_FMT_XML;
	w.kind = old->kind->name;
	w.s[0].doc = old;
	w.s[1].doc = new;
	if ((st = ua_casefold_apply(ctx, old, err, errlen)) != UA_OK ||
	    (st = ua_casefold_apply(ctx, new, err, errlen)) != UA_OK)
		return st;
	if (old->kind->schema == NULL && (w.cat = ua_ctx_catalog(ctx, err, errlen)) == NULL)
		return UA_EDATA;
	rl.w = &w;
	rl.kind = w.kind;
	rl.err = err;
	rl.errlen = errlen;
	if ((rl.path = path = ua_ctx_schema_path(ctx, "diff-keys.tsv")) == NULL)
		return UA_ENOMEM;
	if (ua_tsv_each(path, row_line, &rl, err, errlen) != 0) {
		st = UA_EDATA;
		goto out;
	}
	for (sd = 0; sd < 2 && st == UA_OK; sd++)
		if ((st = mark_lists(&w, &w.s[sd])) == UA_OK)
			st = mark_secrets(ctx, &w.s[sd], err, errlen);
	if (st != UA_OK)
		goto out;
	ro = xmlDocGetRootElement(old->xml);
	rn = xmlDocGetRootElement(new->xml);
	if (ro && rn) {
		if (w.cat && in_unattend_ns(ro) && strcmp((const char *)ro->name, "unattend") == 0)
			role = R_ROOT;
		if (!w.json && (xmlStrcmp(ro->name, rn->name) != 0 ||
		    in_unattend_ns(ro) != in_unattend_ns(rn)))
			add_entry(&w, UA_DIFF_CHANGED, (const char *)rn->name, ro, rn,
			    ua_asprintf("<%s>", (const char *)ro->name), UA_DV_LITERAL,
			    ua_asprintf("<%s>", (const char *)rn->name), UA_DV_LITERAL);
		else
			compare(&w, ro, rn, "", role, NULL,
			    secret_here(&w, 0, ro, NULL) || secret_here(&w, 1, rn, NULL));
	}
	if (w.failed || out->failed)
		st = UA_ENOMEM;
	if (out->n > from)
		qsort(out->v + from, out->n - from, sizeof(*out->v), cmp_entry);
out:
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	free(path);
	for (i = 0; i < w.nrows; i++) {
		xmlXPathFreeCompExpr(w.rows[i].list);
		for (j = 0; j < w.rows[i].nkeys; j++)
			free(w.rows[i].keys[j]);
	}
	free(w.rows);
	for (sd = 0; sd < 2; sd++) {
		free(w.s[sd].lists);
		free(w.s[sd].secrets);
	}
	return st;
}

void
ua_diff_list_free(struct ua_diff_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].old);
		free(l->v[i].new);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const char *
ua_diff_op_name(enum ua_diff_op op)
{
	static const char *const names[UA_DIFF_OP_COUNT] = { "added", "removed", "changed", "moved" };

	return op < UA_DIFF_OP_COUNT ? names[op] : "?";
}
