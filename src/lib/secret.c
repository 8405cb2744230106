/* SPDX-License-Identifier: MIT */
/* Which values are secret, and hiding them where a message quotes them. */
#include "config.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "secret.h"
#include "tsv.h"
#include "util.h"
#include "wordlist.h"

/*
 * How a pattern is matched: by fnmatch(3), or, for a literal with at most a
 * leading '*', as the whole name (EXACT) or its end (SUFFIX) with strcasecmp,
 * which folds letters as fnmatch's FNM_CASEFOLD does (the programs keep the
 * C locale) at a fraction of the cost: doc_hide() tries every element.
 */
enum how { FNMATCH, EXACT, SUFFIX };

struct name_row {
	char *parent;		/* NULL: any parent */
	char *name;
	enum how parent_how, name_how;
	size_t parent_len, name_len;	/* of the literal part (EXACT, SUFFIX) */
};

struct ua_secret_names {
	struct name_row *v;
	size_t n, cap;
	char *qual_path;		/* secret-qualifiers.tsv, beside the table */
	struct ua_wordlist *qual;	/* read when a variable's name is first asked about */
	int qual_state;			/* 0 not yet read, 1 read, -1 not readable */
};

struct ua_secret_saved {
	xmlNodePtr text;
	xmlChar *content;
};

static enum how
how_of(const char *pat)
{
	const char *lit = pat[0] == '*' ? pat + 1 : pat;

	if (*lit == '\0' || strpbrk(lit, "*?[\\") != NULL)
		return FNMATCH;
	return lit == pat ? EXACT : SUFFIX;
}

static size_t
literal_len(const char *pat, enum how how)
{
	return how == SUFFIX ? strlen(pat + 1) : strlen(pat);
}

/* Whether name (nl bytes) is like pat, whose literal part is pl bytes long. */
static int
like(const char *pat, enum how how, size_t pl, const char *name, size_t nl)
{
	if (how == EXACT)
		return nl == pl && strcasecmp(pat, name) == 0;
	if (how == SUFFIX)
		return nl >= pl && strcasecmp(name + nl - pl, pat + 1) == 0;
	return fnmatch(pat, name, FNM_CASEFOLD) == 0;
}

static int
add_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct ua_secret_names *sn = arg;
	struct name_row *r;
	char *slash;

	(void)line;
	if (n < 1 || f[0][0] == '\0')
		return 0;
	if (ua_grow(&sn->v, &sn->cap, sn->n, sizeof(*sn->v), 16) != 0)
		return -1;
	r = &sn->v[sn->n];
	if ((r->name = ua_strdup(f[0])) == NULL)
		return -1;
	r->parent = NULL;
	if ((slash = strchr(r->name, '/')) != NULL) {
		*slash = '\0';
		r->parent = r->name;
		if ((r->name = ua_strdup(slash + 1)) == NULL) {
			free(r->parent);
			return -1;
		}
	}
	r->name_how = how_of(r->name);
	r->parent_how = r->parent ? how_of(r->parent) : FNMATCH;
	r->name_len = literal_len(r->name, r->name_how);
	r->parent_len = r->parent ? literal_len(r->parent, r->parent_how) : 0;
	sn->n++;
	return 0;
}

int
ua_secret_names_load(const char *path, struct ua_secret_names **out, char *err,
    size_t errlen)
{
	struct ua_secret_names *sn = calloc(1, sizeof(*sn));

	*out = NULL;
	if (sn == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	err[0] = '\0';
	sn->qual_path = strrchr(path, '/') ? ua_asprintf("%.*s/secret-qualifiers.tsv",
	    (int)(strrchr(path, '/') - path), path) : ua_strdup("secret-qualifiers.tsv");
	if (ua_tsv_each(path, add_row, sn, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: out of memory", path);
		ua_secret_names_free(sn);
		return -1;
	}
	*out = sn;
	return 0;
}

void
ua_secret_names_free(struct ua_secret_names *sn)
{
	size_t i;

	if (sn == NULL)
		return;
	for (i = 0; i < sn->n; i++) {
		free(sn->v[i].parent);
		free(sn->v[i].name);
	}
	free(sn->v);
	free(sn->qual_path);
	ua_wordlist_free(sn->qual);
	free(sn);
}

/* The name an element stands for: its key="" when it is a JSON/YAML `_`. */
static const char *
name_of(const xmlNode *el)
{
	const xmlAttr *a;

	if (el == NULL || el->type != XML_ELEMENT_NODE)
		return NULL;
	if (strcmp((const char *)el->name, "_") == 0 &&
	    (a = xmlHasProp((xmlNodePtr)el, BAD_CAST "key")) != NULL && a->children &&
	    a->children->type == XML_TEXT_NODE && a->children->next == NULL &&
	    a->children->content)
		return (const char *)a->children->content;
	return (const char *)el->name;
}

int
ua_secret_path_like(const struct ua_secret_names *sn, const char *parent, const char *name)
{
	size_t i, nl = name ? strlen(name) : 0, pl = parent ? strlen(parent) : 0;

	for (i = 0; sn && name && i < sn->n; i++) {
		const struct name_row *r = &sn->v[i];
		if (!like(r->name, r->name_how, r->name_len, name, nl))
			continue;
		if (r->parent == NULL ||
		    (parent && like(r->parent, r->parent_how, r->parent_len, parent, pl)))
			return 1;
	}
	return 0;
}

int
ua_secret_name_like(const struct ua_secret_names *sn, const xmlNode *el)
{
	const xmlNode *c;
	const char *name = name_of(el);

	if (name == NULL || sn == NULL)
		return 0;
	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 0;
	return ua_secret_path_like(sn, name_of(el->parent), name);
}

/*
 * Whether rest (letters and digits) is one or more words of
 * secret-qualifiers.tsv (min + length). The table is read the first time a
 * name is asked about (only --var and --var-file names are); when it cannot
 * be read, no name is qualified, so every secret word counts.
 */
#define QUAL_MAX 128

static int
qualified(const struct ua_secret_names *csn, const char *rest)
{
	struct ua_secret_names *sn = (struct ua_secret_names *)csn;	/* read on first use */
	size_t n = strlen(rest), i, j;
	unsigned char ok[QUAL_MAX + 1];
	char w[QUAL_MAX + 1], err[256];

	if (n == 0 || n > QUAL_MAX)
		return 0;
	if (sn->qual_state == 0)
		sn->qual_state = sn->qual_path &&
		    ua_wordlist_load(sn->qual_path, &sn->qual, err, sizeof(err)) == 0 ? 1 : -1;
	if (sn->qual_state < 0)
		return 0;
	ok[0] = 1;
	for (i = 1; i <= n; i++)
		for (ok[i] = 0, j = 0; j < i && !ok[i]; j++)
			if (ok[j]) {
				memcpy(w, rest + j, i - j);
				w[i - j] = '\0';
				ok[i] = (unsigned char)ua_wordlist_has(sn->qual, w);
			}
	return ok[n];
}

int
ua_secret_word_in_name(const struct ua_secret_names *sn, const char *name, const char *word)
{
	const char *p;
	size_t wl = strlen(word);

	for (p = name; wl && (p = strcasestr(p, word)) != NULL; p++)
		if (sn == NULL || !qualified(sn, p + wl))
			return 1;
	return 0;
}

/*
 * Whether s holds the word of a row (its parent's name for PARENT/NAME rows,
 * wildcards left out), ignoring case; when qualify, only where words of
 * secret-qualifiers.tsv do not end s after it (ua_secret_word_in_name).
 */
static int
row_word_in(const struct ua_secret_names *sn, const char *s, int qualify)
{
	char word[128];
	size_t i, k;

	for (i = 0; sn && i < sn->n; i++) {
		const char *w = sn->v[i].parent ? sn->v[i].parent : sn->v[i].name;
		for (k = 0; *w && k + 1 < sizeof(word); w++)
			if (*w != '*' && *w != '?')
				word[k++] = *w;
		word[k] = '\0';
		if (k > 0 && (qualify ? ua_secret_word_in_name(sn, s, word) :
		    strcasestr(s, word) != NULL))
			return 1;
	}
	return 0;
}

int
ua_secret_names_in_name(const struct ua_secret_names *sn, const char *name)
{
	return row_word_in(sn, name, 1);
}

int
ua_secret_names_in_text(const struct ua_secret_names *sn, const char *s)
{
	return row_word_in(sn, s, 0);
}

/*
 * ua_secret_name_like(), with the answer for each pair of element and parent
 * names kept: a document repeats a few dozen names (the parser gives each
 * name one copy, so a pointer stands for it), and every row of the table
 * would be tried on each of its elements. JSON/YAML `_` elements, named by
 * their key, are tried each time.
 */
#define NAME_MEMO 256

struct name_memo {
	const xmlChar *name, *parent;
	int like;
};

static int
name_like_memo(const struct ua_secret_names *sn, const xmlNode *el, struct name_memo *memo)
{
	const xmlNode *c;
	const xmlChar *parent = el->parent && el->parent->type == XML_ELEMENT_NODE ?
	    el->parent->name : NULL;
	size_t h, k;

	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 0;
	if (strcmp((const char *)el->name, "_") == 0 ||
	    (parent && strcmp((const char *)parent, "_") == 0))
		return ua_secret_name_like(sn, el);
	h = ((uintptr_t)el->name >> 4) * 31 + ((uintptr_t)parent >> 4);
	for (k = 0; k < 8; k++) {
		struct name_memo *m = &memo[(h + k) % NAME_MEMO];
		if (m->name == NULL) {
			m->name = el->name;
			m->parent = parent;
			return m->like = ua_secret_name_like(sn, el);
		}
		if (m->name == el->name && m->parent == parent)
			return m->like;
	}
	return ua_secret_name_like(sn, el);
}

int
ua_secret_find_names(const struct ua_secret_names *sn, xmlDocPtr doc, xmlNodePtr **v,
    size_t *n, size_t *cap)
{
	xmlNodePtr e = doc ? xmlDocGetRootElement(doc) : NULL;
	struct name_memo memo[NAME_MEMO];

	memset(memo, 0, sizeof(memo));
	while (e) {
		if (name_like_memo(sn, e, memo)) {
			if (ua_grow(v, cap, *n, sizeof(**v), 8) != 0)
				return -1;
			(*v)[(*n)++] = e;
		}
		if (e->children) {	/* the next element in document order */
			xmlNodePtr c = e->children;
			while (c && c->type != XML_ELEMENT_NODE)
				c = c->next;
			if (c) {
				e = c;
				continue;
			}
		}
		for (;;) {
			xmlNodePtr s = e->next;
			while (s && s->type != XML_ELEMENT_NODE)
				s = s->next;
			if (s) {
				e = s;
				break;
			}
			e = e->parent;
			if (e == NULL || e->type != XML_ELEMENT_NODE) {
				e = NULL;
				break;
			}
		}
	}
	return 0;
}

int
ua_secret_within(const struct ua_secret_names *sn, const struct ua_doc *doc,
    const xmlNode *n)
{
	size_t i;

	if (n && n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE)
		n = n->parent;
	if (n && ua_secret_name_like(sn, n->type == XML_ATTRIBUTE_NODE ? n->parent : n))
		return 1;
	for (; n && n->type != XML_DOCUMENT_NODE; n = n->parent)
		for (i = 0; i < doc->nsecrets; i++)
			if (doc->secrets[i] == n)
				return 1;
	return 0;
}

static int
save(struct ua_secret_hidden *h, xmlNodePtr t, const char *with)
{
	if (ua_grow(&h->v, &h->cap, h->n, sizeof(*h->v), 16) != 0)
		return -1;
	h->v[h->n].text = t;
	h->v[h->n++].content = t->content;
	/* a pointer swap only: nothing frees or writes content while it is hidden */
	t->content = (xmlChar *)with;
	return 0;
}

static int
hide_one(struct ua_secret_hidden *h, xmlNodePtr top)
{
	xmlNodePtr n = top;
	const char *with = UA_SECRET_MASK;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return save(h, n, with);
	if (n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE)
		return 0;
	n = n->children;
	while (n && n != top) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (save(h, n, with) != 0)
				return -1;
			with = "";
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != top && n->next == NULL)
			n = n->parent;
		if (n != top)
			n = n->next;
	}
	return 0;
}

int
ua_secret_hide(struct ua_secret_hidden *h, xmlNodePtr const *nodes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hide_one(h, nodes[i]) != 0) {
			ua_secret_restore(h);
			return -1;
		}
	return 0;
}

void
ua_secret_restore(struct ua_secret_hidden *h)
{
	while (h->n > 0) {	/* last first: a text hidden twice gets its own back */
		h->n--;
		h->v[h->n].text->content = h->v[h->n].content;
	}
}

void
ua_secret_hidden_free(struct ua_secret_hidden *h)
{
	ua_secret_restore(h);
	free(h->v);
	memset(h, 0, sizeof(*h));
}
