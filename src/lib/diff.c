/* SPDX-License-Identifier: MIT */
/* Semantic differences: both trees walked together, children paired by their identity
 * (diffkey.c), never by place, and each pair compared into added/removed/changed/moved. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "casefold.h"
#include "diff.h"
#include "diffkey.h"
#include "template.h"
#include "tree.h"
#include "ua.h"
#include "util.h"

#define MASK		"********"

struct walk {
	struct ua_diff_list *out;
	int show_secrets;
	struct ua_diffkey dk;		/* identity: json, catalog, keyed lists, secrets */
	struct ua_doc *doc[2];		/* 0 old, 1 new */
	int masked;			/* a subtree rendered for the next entry hid a secret */
	int failed;
};

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

/* A compact one-line rendering of a subtree, secrets masked. */
static void
render(struct walk *w, int sd, const xmlNode *n, const struct ua_setting *set,
    int secret, struct ua_buf *b)
{
	const xmlNode *c;
	const struct ua_setting *k;
	const char *t;
	char *s, *key;
	int kind = ua_diffkey_container(&w->dk, n), first = 1;

	if (secret && !w->show_secrets) {
		ua_buf_puts(b, MASK);
		w->masked = 1;
		return;
	}
	if (kind == 0 || n->type != XML_ELEMENT_NODE) {
		s = ua_diffkey_text(&w->dk, n);
		t = w->dk.json ? ua_diffkey_attr(n, "type") : NULL;
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
			key = w->dk.json ? ua_tree_key(c) : ua_strdup((const char *)c->name);
			ua_buf_puts(b, key ? key : "?");
			ua_buf_puts(b, ": ");
			free(key);
		}
		/* by the catalog: a whole pass added or removed hides its secrets too */
		k = ua_diffkey_child_setting(&w->dk, set, c);
		render(w, sd, c, k, ua_diffkey_secret(&w->dk, sd, c, k), b);
	}
	ua_buf_puts(b, kind == 2 ? "]" : "}");
}

static char *
value_of(struct walk *w, int sd, const xmlNode *n, const struct ua_setting *set,
    int secret, enum ua_diff_vtype *type)
{
	struct ua_buf b = { 0 };
	const char *t = w->dk.json ? ua_diffkey_attr(n, "type") : NULL;

	if (secret && !w->show_secrets) {
		*type = UA_DV_MASKED;
		return ua_strdup(MASK);
	}
	if (ua_diffkey_container(&w->dk, n)) {
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
	return ua_diffkey_text(&w->dk, n);
}

static void
path_drop(struct ua_diff_path *p)
{
	struct ua_diff_path *parent;

	for (; p && --p->refs == 0; p = parent) {
		parent = p->parent;
		free(p);
	}
}

static void
add_entry(struct walk *w, enum ua_diff_op op, struct ua_diff_path *path, const xmlNode *o,
    const xmlNode *n, char *ov, enum ua_diff_vtype ot, char *nv, enum ua_diff_vtype nt)
{
	struct ua_diff_list *l = w->out;
	struct ua_diff_entry *e;
	unsigned long col;

	if (ua_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 16) != 0) {
		free(ov);
		free(nv);
		l->failed = w->failed = 1;
		return;
	}
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->op = op;
	if ((e->path = path) != NULL)
		path->refs++;
	e->old = ov;
	e->new = nv;
	e->old_type = ov ? ot : UA_DV_NONE;
	e->new_type = nv ? nt : UA_DV_NONE;
	e->masked = w->masked || e->old_type == UA_DV_MASKED || e->new_type == UA_DV_MASKED;
	w->masked = 0;
	if (o)
		ua_doc_pos(w->doc[0], o, &e->old_line, &col);
	if (n)
		ua_doc_pos(w->doc[1], n, &e->new_line, &col);
	ua_doc_pos(w->doc[n ? 1 : 0], n ? n : o, &e->sort_line, &e->sort_col);
	e->seq = l->n++;
	if ((o && ov == NULL) || (n && nv == NULL))
		l->failed = w->failed = 1;
}

/* The path of a child: seg (and #occ when group > 1) below parent; the caller
 * holds its one reference. NULL when out of memory. */
static struct ua_diff_path *
child_path(struct ua_diff_path *parent, const char *seg, size_t occ, size_t group)
{
	struct ua_diff_path *p;
	char num[32] = "";
	const char *sep = parent == NULL || seg[0] == '[' ? "" : "/";
	size_t n;

	if (group > 1)
		snprintf(num, sizeof(num), "#%zu", occ);
	n = strlen(sep) + strlen(seg) + strlen(num);
	if ((p = malloc(sizeof(*p) + n + 1)) == NULL)
		return NULL;
	snprintf(p->seg, n + 1, "%s%s%s", sep, seg, num);
	p->len = n;
	p->total = n + (parent ? parent->total : 0);
	p->refs = 1;
	if ((p->parent = parent) != NULL)
		parent->refs++;
	return p;
}

char *
ua_diff_path_text(const struct ua_diff_path *p)
{
	enum { HEAD = UA_DIFF_PATH_MAX / 4, TAIL = UA_DIFF_PATH_MAX - HEAD };
	const struct ua_diff_path *q, **chain;
	struct ua_buf b = { 0 };
	size_t depth = 0, i, at = 0, from, k;

	if (p == NULL)
		return ua_strdup("/");
	for (q = p; q; q = q->parent)
		depth++;
	if ((chain = malloc(depth * sizeof(*chain))) == NULL)
		return NULL;
	for (q = p, i = depth; q; q = q->parent)
		chain[--i] = q;
	/* at: where chain[i] starts in the whole path; from: the tail's start */
	from = p->total > UA_DIFF_PATH_MAX ? p->total - TAIL : 0;
	for (i = 0; i < depth; at += chain[i++]->len) {
		const char *s = chain[i]->seg;
		size_t n = chain[i]->len;
		if (from && at < HEAD) {	/* the head, cut before a continuation byte */
			for (k = HEAD - at < n ? HEAD - at : n; k < n && k > 0 &&
			    ((unsigned char)s[k] & 0xc0) == 0x80; k--)
				;
			ua_buf_add(&b, s, k);
			if (at + n >= HEAD)
				ua_buf_puts(&b, "\xe2\x80\xa6");
		}
		if (at + n <= from)
			continue;
		k = from > at ? from - at : 0;	/* the tail, from a character's start */
		while (k < n && from > at && ((unsigned char)s[k] & 0xc0) == 0x80)
			k++;
		ua_buf_add(&b, s + k, n - k);
	}
	free(chain);
	return ua_buf_take(&b);
}

static int
cmp_order(const void *a, const void *b)
{
	const struct ua_diffkey_item *x = *(struct ua_diffkey_item *const *)a;
	const struct ua_diffkey_item *y = *(struct ua_diffkey_item *const *)b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static void compare(struct walk *w, xmlNodePtr o, xmlNodePtr n, struct ua_diff_path *path,
    enum ua_diffkey_role role, const struct ua_setting *set, int secret);

/* Reports, as moved, the paired items outside a longest run kept in order. */
static void
report_moves(struct walk *w, struct ua_diffkey_item **nv, size_t nn,
    struct ua_diff_path *path)
{
	size_t *tails, *prev, *pos, i, m = 0, lo, hi, mid, k;
	struct ua_diff_path *p;
	char *keep;

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
		path_drop(p);
	}
out:
	free(tails);
	free(prev);
	free(keep);
	free(pos);
}

static void
one_side(struct walk *w, int sd, struct ua_diffkey_item *it, struct ua_diff_path *path)
{
	enum ua_diff_vtype t;
	struct ua_diff_path *p = child_path(path, it->seg, it->occ, it->group);
	char *v = p ? value_of(w, sd, it->node, it->set, it->secret, &t) : NULL;

	if (p == NULL) {
		w->failed = 1;
		return;
	}
	if (sd)
		add_entry(w, UA_DIFF_ADDED, p, NULL, it->node, NULL, UA_DV_NONE, v, t);
	else
		add_entry(w, UA_DIFF_REMOVED, p, it->node, NULL, v, t, NULL, UA_DV_NONE);
	path_drop(p);
}

/* Matches the children of o and n by identity and compares each pair. */
static void
compare_children(struct walk *w, xmlNodePtr o, xmlNodePtr n, struct ua_diff_path *path,
    enum ua_diffkey_role role, const struct ua_setting *set, int secret)
{
	struct ua_diffkey_list lo = { 0 }, ln = { 0 };
	struct ua_diffkey_item **ord = NULL, **lost = NULL, **extra = NULL;
	const struct ua_diffkey_row *row = ua_diffkey_list_row(&w->dk, o, n);
	size_t i, j, nord = 0, npos = 0, nlost = 0, nextra = 0;
	int c, array = w->dk.json && ua_diffkey_container(&w->dk, n) == 2, ordered;
	struct ua_diff_path *p;

	ordered = array && (row == NULL || row->ordered);
	if (ua_diffkey_collect(&w->dk, 0, o, role, set, row, secret, &lo) != 0 ||
	    ua_diffkey_collect(&w->dk, 1, n, role, set, row, secret, &ln) != 0) {
		w->failed = 1;
		goto out;
	}
	ua_diffkey_number(&lo);
	ua_diffkey_number(&ln);
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
		struct ua_diffkey_item *b = ord[i], *a = b->peer;
		p = child_path(path, b->seg, b->occ, a->group > b->group ? a->group : b->group);
		if (p == NULL) {
			w->failed = 1;
			break;
		}
		compare(w, a->node, b->node, p, b->role, b->set, a->secret || b->secret);
		path_drop(p);
	}
	/* A scalar that changed in place in a list of values is one change, not two. */
	for (i = j = 0; i < nextra && !w->failed; i++) {
		struct ua_diffkey_item *b = extra[i];
		while (j < nlost && lost[j] && lost[j]->order < b->order)
			j++;
		if (b->byvalue && j < nlost && lost[j] && lost[j]->byvalue &&
		    lost[j]->order == b->order) {
			b->peer = lost[j];
			lost[j]->peer = b;
			if ((p = child_path(path, b->seg, 1, 1)) == NULL) {
				w->failed = 1;
				break;
			}
			compare(w, lost[j]->node, b->node, p, UA_DK_NODE, NULL,
			    lost[j]->secret || b->secret);
			path_drop(p);
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
	ua_diffkey_list_free(&lo);
	ua_diffkey_list_free(&ln);
}

static int
empty_element(const struct walk *w, const xmlNode *n)
{
	char *s;
	int empty;

	if (w->dk.json || n->type != XML_ELEMENT_NODE || ua_diffkey_container(&w->dk, n))
		return 0;
	s = ua_diffkey_text(&w->dk, n);
	empty = s && *s == '\0';
	free(s);
	return empty;
}

static void
changed(struct walk *w, struct ua_diff_path *path, xmlNodePtr o, xmlNodePtr n,
    const struct ua_setting *set, int secret)
{
	enum ua_diff_vtype ot, nt;
	char *a = value_of(w, 0, o, set, secret, &ot);
	char *b = value_of(w, 1, n, set, secret, &nt);

	add_entry(w, UA_DIFF_CHANGED, path, o, n, a, ot, b, nt);
}

static void
compare(struct walk *w, xmlNodePtr o, xmlNodePtr n, struct ua_diff_path *path,
    enum ua_diffkey_role role,
    const struct ua_setting *set, int secret)
{
	int co = ua_diffkey_container(&w->dk, o), cn = ua_diffkey_container(&w->dk, n);
	char *a, *b;

	if (w->failed)
		return;
	if (!w->dk.json && co != cn && (empty_element(w, o) || empty_element(w, n)))
		co = cn = 1;
	if (co && co == cn) {
		compare_children(w, o, n, path, role, set, secret);
		return;
	}
	if (!co && !cn) {
		a = ua_diffkey_canon(&w->dk, o);
		b = ua_diffkey_canon(&w->dk, n);
		if (a == NULL || b == NULL)
			w->failed = 1;
		else if (strcmp(a, b) != 0)
			changed(w, path, o, n, set, secret);
		free(a);
		free(b);
		if (!w->dk.json && o->type == XML_ELEMENT_NODE && n->type == XML_ELEMENT_NODE &&
		    (o->properties || n->properties))
			compare_children(w, o, n, path, role, set, secret);
		return;
	}
	changed(w, path, o, n, set, secret);
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

/* A secret given to a template's variable (--var-file), masked wherever it landed. */
static void
mask_given(const struct ua_ctx *ctx, struct ua_diff_list *out, size_t from)
{
	struct ua_diff_entry *e;
	char *was;
	int k;

	for (e = out->v + from; e < out->v + out->n; e++)
		for (k = 0; k < 2; k++) {
			char **v = k ? &e->new : &e->old;
			if (*v == NULL || (was = ua_strdup(*v)) == NULL) {
				out->failed |= *v != NULL;
				continue;
			}
			if (ua_tpl_mask(ctx->tpl, ctx->secret_names, v) != 0)
				out->failed = 1;
			else if (*v && strcmp(was, *v) != 0)
				e->masked = 1;
			free(was);
		}
}

int
ua_diff_docs(struct ua_ctx *ctx, struct ua_doc *old, struct ua_doc *new,
    const struct ua_diff_opts *opts, struct ua_diff_list *out, char *err,
    size_t errlen)
{
	struct walk w;
	struct ua_diff_path *root;
	xmlNodePtr ro, rn;
	char *path = NULL;
	size_t from = out->n;
	int st = UA_OK, sd;
	enum ua_diffkey_role role = UA_DK_NODE;

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
	w.dk.json = old->fmt != UA_FMT_XML;
	w.dk.names = ctx->secret_names;
	w.doc[0] = old;
	w.doc[1] = new;
	if ((st = ua_casefold_apply(ctx, old, err, errlen)) != UA_OK ||
	    (st = ua_casefold_apply(ctx, new, err, errlen)) != UA_OK)
		return st;
	if (old->kind->schema == NULL && (w.dk.cat = ua_ctx_catalog(ctx, err, errlen)) == NULL)
		return UA_EDATA;
	if ((path = ua_ctx_schema_path(ctx, "diff-keys.tsv")) == NULL) {
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	if (ua_diffkey_load(&w.dk, path, old->kind->name, err, errlen) != 0) {
		st = UA_EDATA;
		goto out;
	}
	for (sd = 0; sd < 2 && st == UA_OK; sd++)
		if ((st = ua_diffkey_mark_lists(&w.dk, sd, w.doc[sd])) == UA_OK)
			st = ua_diffkey_mark_secrets(&w.dk, sd, ctx, w.doc[sd], err, errlen);
	if (st != UA_OK)
		goto out;
	ro = xmlDocGetRootElement(old->xml);
	rn = xmlDocGetRootElement(new->xml);
	if (ro && rn) {
		if (w.dk.cat && ua_diffkey_unattend_ns(ro) &&
		    strcmp((const char *)ro->name, "unattend") == 0)
			role = UA_DK_ROOT;
		if (!w.dk.json && (xmlStrcmp(ro->name, rn->name) != 0 ||
		    ua_diffkey_unattend_ns(ro) != ua_diffkey_unattend_ns(rn))) {
			if ((root = child_path(NULL, (const char *)rn->name, 1, 1)) == NULL)
				w.failed = 1;
			else
				add_entry(&w, UA_DIFF_CHANGED, root, ro, rn,
				    ua_asprintf("<%s>", (const char *)ro->name), UA_DV_LITERAL,
				    ua_asprintf("<%s>", (const char *)rn->name), UA_DV_LITERAL);
			path_drop(root);
		} else
			compare(&w, ro, rn, NULL, role, NULL,
			    ua_diffkey_secret(&w.dk, 0, ro, NULL) ||
			    ua_diffkey_secret(&w.dk, 1, rn, NULL));
	}
	if ((old->tpl || new->tpl) && !w.show_secrets)
		mask_given(ctx, out, from);
	if (w.failed || out->failed)
		st = UA_ENOMEM;
	if (out->n > from)
		qsort(out->v + from, out->n - from, sizeof(*out->v), cmp_entry);
out:
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	free(path);
	ua_diffkey_free(&w.dk);
	return st;
}

void
ua_diff_list_free(struct ua_diff_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		path_drop(l->v[i].path);
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
