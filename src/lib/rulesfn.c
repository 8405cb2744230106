/* SPDX-License-Identifier: MIT */
/* The rule table's ua: XPath functions (ua:component(), ua:dup(), ua:listed(), ...),
 * the checks written in C, and the XPath context every rule runs in (rules.c runs
 * the rules). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/dict.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlreader.h>
#include <pcre2.h>

#include "catalog.h"
#include "doc.h"
#include "agent.h"
#include "rules.h"
#include "rulesint.h"
#include "schema.h"
#include "secret.h"
#include "tree.h"
#include "ua.h"
#include "target.h"
#include "template.h"
#include "util.h"
#include "wordlist.h"
#include "langtag.h"

/* A hidden password: Base64 of UTF-16LE ending with the parent element's name. */
int
ua_rules_obscured_password_fails(xmlNodePtr node)
{
	xmlChar *v = xmlNodeGetContent(node);
	const char *s = v ? (const char *)v : "", *suffix;
	unsigned char buf[4096];
	char *t;
	long n;
	size_t i, sl;
	int fails = 1;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if ((t = ua_strdup(s)) == NULL) {
		xmlFree(v);
		return 0;
	}
	for (i = strlen(t); i > 0 && strchr(" \t\r\n", t[i - 1]); i--)
		t[i - 1] = '\0';
	if (*t == '\0' || node->parent == NULL || node->parent->type != XML_ELEMENT_NODE) {
		fails = 0;
		goto out;
	}
	suffix = (const char *)node->parent->name;
	sl = strlen(suffix);
	n = ua_base64_decode(t, buf, sizeof(buf));
	if (n < 0 || n % 2 != 0 || (size_t)n < 2 * sl)
		goto out;
	for (i = 0; i + 1 < (size_t)n; i += 2) {	/* well-formed UTF-16LE */
		unsigned u = buf[i] | buf[i + 1] << 8;
		if (u >= 0xd800 && u <= 0xdbff) {
			unsigned lo = i + 3 < (size_t)n ? (unsigned)(buf[i + 2] | buf[i + 3] << 8) : 0;
			if (lo < 0xdc00 || lo > 0xdfff)
				goto out;
			i += 2;
		} else if (u >= 0xdc00 && u <= 0xdfff)
			goto out;
	}
	for (i = 0; i < sl; i++)
		if (buf[(size_t)n - 2 * sl + 2 * i] != (unsigned char)suffix[i] ||
		    buf[(size_t)n - 2 * sl + 2 * i + 1] != 0)
			goto out;
	fails = 0;
out:
	free(t);
	xmlFree(v);
	return fails;
}

/* UTF-16LE buf[0..n) (well-formed) as UTF-8; caller frees, NULL on failure. */
static char *
utf16le_to_utf8(const unsigned char *buf, size_t n)
{
	char *out = malloc(n / 2 * 3 + 1), *o = out;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		unsigned long u = buf[i] | (unsigned)buf[i + 1] << 8;
		if (u >= 0xd800 && u <= 0xdbff && i + 3 < n) {
			u = 0x10000 + ((u - 0xd800) << 10) + ((buf[i + 2] | (unsigned)buf[i + 3] << 8) - 0xdc00);
			i += 2;
		}
		if (u < 0x80)
			*o++ = (char)u;
		else if (u < 0x800) {
			*o++ = (char)(0xc0 | u >> 6);
			*o++ = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			*o++ = (char)(0xe0 | u >> 12);
			*o++ = (char)(0x80 | (u >> 6 & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		} else {
			*o++ = (char)(0xf0 | u >> 18);
			*o++ = (char)(0x80 | (u >> 12 & 0x3f));
			*o++ = (char)(0x80 | (u >> 6 & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		}
	}
	*o = '\0';
	return out;
}

/*
 * The password a Password or AdministratorPassword element stands for: its
 * Value as written when PlainText is true or absent, else decoded (Base64 of
 * UTF-16LE ending with the element's name, which is cut). NULL when it cannot
 * be told (no Value, a hidden value that does not decode).
 */
static char *
password_of(xmlNodePtr pw)
{
	xmlNodePtr c, value = NULL, plain = NULL;
	unsigned char buf[4096];
	char *v, *t, *out = NULL;
	size_t sl, i;
	long n;

	for (c = pw ? pw->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Value"))
			value = c;
		else if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "PlainText"))
			plain = c;
	if (value == NULL || (v = ua_node_text(value, 0)) == NULL)
		return NULL;
	t = plain ? ua_node_text(plain, 1) : NULL;
	if (t == NULL || strcasecmp(t, "false") != 0) {
		free(t);
		return v;
	}
	free(t);
	t = ua_trim(v);
	sl = strlen((const char *)pw->name);
	if (*t == '\0')
		out = ua_strdup("");
	else if ((n = ua_base64_decode(t, buf, sizeof(buf))) >= 0 && n % 2 == 0 && (size_t)n >= 2 * sl) {
		for (i = 0; i < sl; i++)
			if (buf[(size_t)n - 2 * sl + 2 * i] != pw->name[i] ||
			    buf[(size_t)n - 2 * sl + 2 * i + 1] != 0)
				break;
		if (i == sl)
			out = utf16le_to_utf8(buf, (size_t)n - 2 * sl);
	}
	free(v);
	return out;
}


#define UA_FUNC_NS "urn:unattend-tools:functions"

/*
 * ua:component('Name'): the components of that name in every pass, in document
 * order. The same as /u:unattend/u:settings/u:component[@name='Name'], without
 * the XPath string machinery that a predicate costs on every component of
 * every file.
 */
/* An XPath function's argument as a string; NULL (the error set) when there is none. */
static xmlChar *
pop_string(xmlXPathParserContextPtr pc)
{
	xmlXPathObjectPtr arg = valuePop(pc);
	xmlChar *s;

	if (arg == NULL) {
		xmlXPathSetError(pc, XPATH_INVALID_OPERAND);
		return NULL;
	}
	s = xmlXPathCastToString(arg);
	xmlXPathFreeObject(arg);
	if (s == NULL)
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
	return s;
}

void
ua_rules_reset_components(struct ua_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->ncomps; i++)
		xmlFree(rs->comps[i].owned);
	rs->ncomps = 0;
	rs->comps_built = 0;
	rs->nnodes = 0;
	rs->nodes_built = 0;
}

/* The document's elements and comments in document order, once per document. */
static int
index_nodes(struct ua_ruleset *rs, xmlDocPtr doc)
{
	xmlNodePtr n = doc ? doc->children : NULL;

	rs->nnodes = 0;
	while (n) {
		if (n->type == XML_ELEMENT_NODE || n->type == XML_COMMENT_NODE) {
			if (ua_grow(&rs->nodes, &rs->capnodes, rs->nnodes, sizeof(*rs->nodes), 256) != 0)
				return -1;
			rs->nodes[rs->nnodes++] = n;
		}
		n = ua_tree_next_node(n);
	}
	rs->nodes_built = 1;
	return 0;
}

/*
 * The document's comments (comments), or its elements of local name name (any
 * namespace), in document order as a node set; NULL when out of memory.
 */
xmlXPathObjectPtr
ua_rules_indexed_set(struct ua_ruleset *rs, xmlDocPtr doc, int comments, const xmlChar *name)
{
	xmlXPathObjectPtr res;
	const xmlChar *interned = NULL;
	size_t i;

	if (!comments && doc && doc->dict)	/* names are interned: compare pointers */
		interned = xmlDictExists(doc->dict, name, -1);
	if ((res = xmlXPathNewNodeSet(NULL)) == NULL ||
	    (!rs->nodes_built && index_nodes(rs, doc) != 0)) {
		xmlXPathFreeObject(res);
		return NULL;
	}
	for (i = 0; i < rs->nnodes; i++) {
		xmlNodePtr n = rs->nodes[i];
		if (comments ? n->type != XML_COMMENT_NODE :
		    n->type != XML_ELEMENT_NODE || (doc && doc->dict ?
		    n->name != interned : !xmlStrEqual(n->name, name)))
			continue;
		if (xmlXPathNodeSetAddUnique(res->nodesetval, n) != 0) {
			xmlXPathFreeObject(res);
			return NULL;
		}
	}
	return res;
}

/*
 * ua:elements('Name'): every element of that local name (any namespace), in
 * document order; ua:comments(): every comment. The same as a descendant
 * search from the root with a local-name() test, or for comment(), from one
 * walk of the document shared by all rules.
 */
static void
nodes_fn(xmlXPathParserContextPtr pc, int nargs, int comments)
{
	xmlXPathObjectPtr res;
	xmlChar *name = NULL;

	if (nargs != (comments ? 0 : 1)) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (!comments && (name = pop_string(pc)) == NULL)
		return;
	res = ua_rules_indexed_set(pc->context->userData, pc->context->doc, comments, name);
	xmlFree(name);
	if (res == NULL) {
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(pc, res);
}

/*
 * ua:lower(s) (or ua:lower() for the context node): s with ASCII letters in
 * lower case. translate() with the alphabet does the same at a cost that grows
 * with the alphabet's length for every character.
 */
static void
fn_lower(xmlXPathParserContextPtr pc, int nargs)
{
	xmlChar *v, *p;

	if (nargs > 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 0) {
		if ((v = xmlXPathCastNodeToString(pc->context->node)) == NULL) {
			xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
			return;
		}
	} else if ((v = pop_string(pc)) == NULL)
		return;
	for (p = v; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (xmlChar)(*p + ('a' - 'A'));
	valuePush(pc, xmlXPathWrapString(v));
}

/*
 * ua:if(test, then[, else]): then when boolean(test), else (or '') otherwise,
 * as strings. Messages choose their wording with it; the XPath 1.0 idiom
 * substring(text, 1, N * test) costs a UTF-8 walk of the text every time.
 */
static void
fn_if(xmlXPathParserContextPtr pc, int nargs)
{
	xmlXPathObjectPtr test, yes, no = NULL, pick;
	int cond;

	if (nargs != 2 && nargs != 3) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 3)
		no = valuePop(pc);
	yes = valuePop(pc);
	test = valuePop(pc);
	if (test == NULL || yes == NULL || (nargs == 3 && no == NULL)) {
		xmlXPathFreeObject(test);
		xmlXPathFreeObject(yes);
		xmlXPathFreeObject(no);
		xmlXPathSetError(pc, XPATH_INVALID_OPERAND);
		return;
	}
	cond = xmlXPathCastToBoolean(test);
	xmlXPathFreeObject(test);
	pick = cond ? yes : no;
	xmlXPathFreeObject(cond ? no : yes);
	if (pick == NULL)
		valuePush(pc, xmlXPathNewCString(""));
	else if (pick->type == XPATH_STRING)
		valuePush(pc, pick);
	else {
		valuePush(pc, xmlXPathWrapString(xmlXPathCastToString(pick)));
		xmlXPathFreeObject(pick);
	}
}

struct dupkey {
	xmlNodePtr scope;	/* the ancestor the nodes compared must share */
	xmlNodePtr node;
	xmlChar *key;		/* the node's string value (or attribute); NULL: none */
	int i;			/* its place: document order, other set after */
};

static int
dupkey_cmp(const void *a, const void *b)
{
	const struct dupkey *x = a, *y = b;
	int c;

	if (x->scope != y->scope)
		return (uintptr_t)x->scope < (uintptr_t)y->scope ? -1 : 1;
	if ((x->key == NULL) != (y->key == NULL))
		return x->key == NULL ? -1 : 1;
	if (x->key && (c = strcmp((const char *)x->key, (const char *)y->key)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
same_key(const struct dupkey *x, const struct dupkey *y)
{
	return x->scope == y->scope && x->key && y->key &&
	    strcmp((const char *)x->key, (const char *)y->key) == 0;
}

static void
free_keys(struct dupkey *v, int n)
{
	int i;

	for (i = 0; v && i < n; i++)
		xmlFree(v[i].key);
	free(v);
}

/*
 * Appends the keys of set's nodes to v (from v[*n] on; room for them is
 * there), numbered from base. 0, or -1 (out of memory).
 */
static int
add_keys(struct dupkey *v, int *n, xmlNodeSetPtr set, int up, const xmlChar *attr, int base)
{
	int i, j;

	xmlXPathNodeSetSort(set);
	for (i = 0; set && i < set->nodeNr; i++) {
		struct dupkey *k = &v[(*n)++];
		xmlNodePtr s = set->nodeTab[i];
		for (j = 0; s && j < up; j++)
			s = s->parent;
		k->scope = s;
		k->node = set->nodeTab[i];
		k->i = base + i;
		if (attr)
			k->key = k->node->type == XML_ELEMENT_NODE ? xmlGetProp(k->node, attr) : NULL;
		else if ((k->key = xmlXPathCastNodeToString(k->node)) == NULL)
			return -1;
	}
	return 0;
}

/*
 * The node-set arguments of ua:dup and ua:unmatched (want of them), each
 * followed by the optional up and attribute arguments, as sorted keys in *vp.
 * Returns the number of keys, or -1 (the error set, nothing left to free).
 */
static int
pop_keys(xmlXPathParserContextPtr pc, int nargs, int want, struct dupkey **vp)
{
	xmlXPathObjectPtr set[2] = { NULL, NULL };
	xmlChar *attr = NULL;
	struct dupkey *v = NULL;
	int i, n = 0, total = 0, up = 0, bad = 0;

	if (nargs < want || nargs > want + 2) {
		xmlXPathSetArityError(pc);
		return -1;
	}
	if (nargs == want + 2 && (attr = pop_string(pc)) == NULL)
		return -1;
	if (nargs >= want + 1) {
		double d = xmlXPathPopNumber(pc);
		up = d >= 0 && d < 256 ? (int)d : 0;
	}
	for (i = want - 1; i >= 0; i--)
		if ((set[i] = valuePop(pc)) == NULL || set[i]->type != XPATH_NODESET)
			bad = 1;
	for (i = 0; !bad && i < want; i++)
		total += set[i]->nodesetval ? set[i]->nodesetval->nodeNr : 0;
	if (!bad && total > 0 && (v = calloc((size_t)total, sizeof(*v))) == NULL)
		bad = 2;
	for (i = 0; !bad && i < want; i++)
		if (add_keys(v, &n, set[i]->nodesetval, up, attr, i ? INT_MAX / 2 : 0) != 0)
			bad = 2;
	if (!bad && n > 0)
		qsort(v, (size_t)n, sizeof(*v), dupkey_cmp);
	for (i = 0; i < want; i++)
		xmlXPathFreeObject(set[i]);
	xmlFree(attr);
	if (bad) {
		free_keys(v, n);
		xmlXPathSetError(pc, bad == 1 ? XPATH_INVALID_TYPE : XPATH_MEMORY_ERROR);
		return -1;
	}
	*vp = v;
	return n;
}

/* Pushes the nodes picked (pick NULL: out of memory) as a node-set; frees v. */
static void
push_picked(xmlXPathParserContextPtr pc, struct dupkey *v, int n, const char *pick)
{
	xmlXPathObjectPtr res = pick ? xmlXPathNewNodeSet(NULL) : NULL;
	int i, bad = res == NULL;

	for (i = 0; !bad && i < n; i++)
		if (pick[i] && xmlXPathNodeSetAddUnique(res->nodesetval, v[i].node) != 0)
			bad = 1;
	free_keys(v, n);
	if (bad) {
		xmlXPathFreeObject(res);
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	xmlXPathNodeSetSort(res->nodesetval);
	valuePush(pc, res);
}

/*
 * ua:dup(nodes[, up[, attr]]): the nodes whose key an earlier node of the set
 * (in document order) already has, counting only nodes with the same ancestor
 * up levels above them (0, the default: the whole set). The key is the node's
 * string value, or its attribute attr (a node without it has no duplicate).
 * The XPath idiom x[. = ../preceding-sibling::item/x] compares every pair;
 * this sorts once.
 */
static void
fn_dup(xmlXPathParserContextPtr pc, int nargs)
{
	struct dupkey *v = NULL;
	char *pick;
	int i, n;

	if ((n = pop_keys(pc, nargs, 1, &v)) < 0)
		return;
	pick = calloc((size_t)n + 1, 1);
	for (i = 1; pick && i < n; i++)
		pick[i] = same_key(&v[i], &v[i - 1]);
	push_picked(pc, v, n, pick);
	free(pick);
}

/*
 * ua:unmatched(nodes, others[, up[, attr]]): the nodes whose key no node of
 * others with the same ancestor up levels above has (keys as for ua:dup).
 * x[not(@name = ../y/@name)] compares every pair; this sorts once.
 */
static void
fn_unmatched(xmlXPathParserContextPtr pc, int nargs)
{
	struct dupkey *v = NULL;
	char *pick;
	int i, j, n;

	if ((n = pop_keys(pc, nargs, 2, &v)) < 0)
		return;
	pick = calloc((size_t)n + 1, 1);
	for (i = 0; pick && i < n; i = j) {
		int matched = 0;
		for (j = i; j < n && (j == i || same_key(&v[j], &v[i])); j++)
			matched |= v[j].i >= INT_MAX / 2;
		while (i < j) {
			pick[i] = !matched && v[i].i < INT_MAX / 2;
			i++;
		}
	}
	push_picked(pc, v, n, pick);
	free(pick);
}

static void
fn_elements(xmlXPathParserContextPtr pc, int nargs)
{
	nodes_fn(pc, nargs, 0);
}

static void
fn_comments(xmlXPathParserContextPtr pc, int nargs)
{
	nodes_fn(pc, nargs, 1);
}

/* The list file rel (under the data directory), read on first use. */
static struct ua_wordlist *
wordlist(struct ua_ruleset *rs, const char *rel)
{
	char err[256], *path;
	size_t i;

	for (i = 0; i < rs->nlists; i++)
		if (strcmp(rs->lists[i].rel, rel) == 0)
			return rs->lists[i].w;
	if (rs->nlists == sizeof(rs->lists) / sizeof(rs->lists[0]) || strstr(rel, "..") ||
	    rs->datadir == NULL)
		return NULL;
	if ((path = ua_asprintf("%s/%s", rs->datadir, rel)) == NULL)
		return NULL;
	if (ua_wordlist_load(path, &rs->lists[rs->nlists].w, err, sizeof(err)) != 0) {
		free(path);
		return NULL;
	}
	free(path);
	if ((rs->lists[rs->nlists].rel = ua_strdup(rel)) == NULL) {
		ua_wordlist_free(rs->lists[rs->nlists].w);
		return NULL;
	}
	return rs->lists[rs->nlists++].w;
}

enum list_ask { LIST_LISTED, LIST_SUGGEST, LIST_LOOKUP };

/*
 * ua:listed(FILE, S): whether S is a line of the data file FILE (ignoring
 * letter case); ua:suggest(FILE, S): the line S most likely stands for, or '';
 * ua:lookup(FILE, S): the value FILE's table gives for the key S (a line
 * "S<TAB>value"), or ''. The lists are read only when a rule that needs one runs.
 */
static void
list_fn(xmlXPathParserContextPtr pc, int nargs, enum list_ask ask)
{
	struct ua_ruleset *rs = pc->context->userData;
	struct ua_wordlist *w;
	xmlChar *s, *rel;
	const char *hit;

	if (nargs != 2) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((s = pop_string(pc)) == NULL)
		return;
	if ((rel = pop_string(pc)) == NULL) {
		xmlFree(s);
		return;
	}
	w = wordlist(rs, (const char *)rel);
	xmlFree(rel);
	if (w == NULL) {
		xmlFree(s);
		xmlXPathSetError(pc, XPATH_INVALID_OPERAND);
		return;
	}
	if (ask == LIST_LOOKUP) {
		hit = ua_wordlist_get(w, (const char *)s);
		valuePush(pc, xmlXPathNewCString(hit ? hit : ""));
	} else if (ask == LIST_SUGGEST) {
		/* a message asks twice (is there one? which?): the last answer is kept */
		if (rs->sug_w == w && rs->sug_s && strcmp(rs->sug_s, (const char *)s) == 0)
			hit = rs->sug_hit;
		else {
			hit = ua_wordlist_has(w, (const char *)s) ? NULL :
			    ua_wordlist_suggest(w, (const char *)s);
			free(rs->sug_s);
			rs->sug_s = ua_strdup((const char *)s);
			rs->sug_w = w;
			rs->sug_hit = hit;
		}
		valuePush(pc, xmlXPathNewCString(hit ? hit : ""));
	} else
		valuePush(pc, xmlXPathNewBoolean(ua_wordlist_has(w, (const char *)s)));
	xmlFree(s);
}

/*
 * ua:language-fix(S[, SEP]): S with each entry (SEP-separated) that is not a
 * language tag replaced by the tag it likely means (en_US: en-US; english:
 * en-US, from schemas/language-names.tsv), or '' when no entry has a fix.
 */
static void
fn_language_fix(xmlXPathParserContextPtr pc, int nargs)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlChar *s, *sep = NULL;
	char *fix;

	if (nargs != 1 && nargs != 2) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 2 && (sep = pop_string(pc)) == NULL)
		return;
	if ((s = pop_string(pc)) == NULL) {
		xmlFree(sep);
		return;
	}
	fix = rs->datadir ? ua_language_fix(rs->datadir, wordlist(rs, "schemas/language-names.tsv"),
	    (const char *)s, sep && *sep ? (const char *)sep : NULL) : NULL;
	valuePush(pc, xmlXPathNewCString(fix ? fix : ""));
	free(fix);
	xmlFree(s);
	xmlFree(sep);
}

/* ua:fixed-part(): whether values are being read as their fixed text (run_fixed_part()). */
static void
fn_fixed_part(xmlXPathParserContextPtr pc, int nargs)
{
	const struct ua_ruleset *rs = pc->context->userData;

	if (nargs != 0) {
		xmlXPathSetArityError(pc);
		return;
	}
	valuePush(pc, xmlXPathNewBoolean(rs && rs->fixed_pass));
}

static void
fn_listed(xmlXPathParserContextPtr pc, int nargs)
{
	list_fn(pc, nargs, LIST_LISTED);
}

static void
fn_suggest(xmlXPathParserContextPtr pc, int nargs)
{
	list_fn(pc, nargs, LIST_SUGGEST);
}

static void
fn_lookup(xmlXPathParserContextPtr pc, int nargs)
{
	list_fn(pc, nargs, LIST_LOOKUP);
}

/*
 * ua:same-password(A, B): false when the Password (or AdministratorPassword)
 * elements A and B, each the first of its node-set, stand for different
 * passwords, hidden values decoded; true when they agree or either cannot be
 * told. Rules compare passwords with it without ever holding one as a string.
 */
static void
fn_same_password(xmlNodePtr a, xmlNodePtr b, xmlXPathParserContextPtr pc)
{
	char *pa = password_of(a), *pb = password_of(b);
	int same = pa == NULL || pb == NULL || strcmp(pa, pb) == 0;

	if (pa)
		memset(pa, 0, strlen(pa));
	if (pb)
		memset(pb, 0, strlen(pb));
	free(pa);
	free(pb);
	valuePush(pc, xmlXPathNewBoolean(same));
}

static void
fn_same_password_xpath(xmlXPathParserContextPtr pc, int nargs)
{
	xmlXPathObjectPtr b, a;

	if (nargs != 2) {
		xmlXPathSetArityError(pc);
		return;
	}
	b = valuePop(pc);
	a = valuePop(pc);
	if (a == NULL || b == NULL || a->type != XPATH_NODESET || b->type != XPATH_NODESET) {
		xmlXPathFreeObject(a);
		xmlXPathFreeObject(b);
		xmlXPathSetError(pc, XPATH_INVALID_TYPE);
		return;
	}
	fn_same_password(a->nodesetval && a->nodesetval->nodeNr ? a->nodesetval->nodeTab[0] : NULL,
	    b->nodesetval && b->nodesetval->nodeNr ? b->nodesetval->nodeTab[0] : NULL, pc);
	xmlXPathFreeObject(a);
	xmlXPathFreeObject(b);
}

/* The document's components, once per document: most rules start from one. */
static int
index_components(struct ua_ruleset *rs, xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, s, c;

	ua_rules_reset_components(rs);
	if (root && (!xmlStrEqual(root->name, BAD_CAST "unattend") || root->ns == NULL ||
	    !xmlStrEqual(root->ns->href, BAD_CAST "urn:schemas-microsoft-com:unattend")))
		root = NULL;
	for (s = root ? root->children : NULL; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, BAD_CAST "settings"))
			continue;
		for (c = s->children; c; c = c->next) {
			xmlAttrPtr a;
			struct comp *e;
			if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "component") ||
			    (a = xmlHasNsProp(c, BAD_CAST "name", NULL)) == NULL)
				continue;
			if (ua_grow(&rs->comps, &rs->capcomps, rs->ncomps, sizeof(*rs->comps), 32) != 0)
				return -1;
			e = &rs->comps[rs->ncomps];
			e->node = c;
			e->owned = NULL;
			if (a->children && a->children->type == XML_TEXT_NODE &&
			    a->children->next == NULL && a->children->content)
				e->name = a->children->content;
			else if ((e->name = e->owned = xmlNodeListGetString(doc, a->children, 1)) == NULL)
				continue;
			e->len = strlen((const char *)e->name);
			rs->ncomps++;
		}
	}
	rs->comps_built = 1;
	return 0;
}

static void
fn_component(xmlXPathParserContextPtr pc, int nargs)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlXPathObjectPtr res;
	xmlChar *name;
	size_t i, len;

	if (nargs != 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((name = pop_string(pc)) == NULL)
		return;
	res = xmlXPathNewNodeSet(NULL);
	if (res && !rs->comps_built && index_components(rs, pc->context->doc) != 0) {
		xmlXPathFreeObject(res);
		res = NULL;
	}
	len = strlen((const char *)name);
	for (i = 0; res && i < rs->ncomps; i++)
		if (rs->comps[i].len == len && memcmp(rs->comps[i].name, name, len) == 0)
			xmlXPathNodeSetAddUnique(res->nodesetval, rs->comps[i].node);
	xmlFree(name);
	if (res == NULL) {
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(pc, res);
}

/* The document of the set (or the one being checked) that node belongs to. */
const struct ua_doc *
ua_rules_doc_of(const struct ua_ruleset *rs, const xmlNode *node)
{
	size_t i;

	if (node == NULL)
		return NULL;
	if (rs->cur && rs->cur->xml == node->doc)
		return rs->cur;
	for (i = 0; rs->set && i < rs->set->n; i++)
		if (rs->set->docs[i]->xml && rs->set->docs[i]->xml == node->doc)
			return rs->set->docs[i];
	return NULL;
}

/*
 * ua:doc('kind ...'): the document nodes of the set's documents of those kinds
 * (empty outside a set run), so that ua:doc('bundleconfig')/BundleConfig reads
 * like an absolute path in that file; ua:agent-docs('agent'): those of the
 * files that belong to that agent.
 */
static void
set_docs(xmlXPathParserContextPtr pc, int nargs, int by_agent)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlXPathObjectPtr res;
	xmlChar *want;
	size_t i;

	if (nargs != 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((want = pop_string(pc)) == NULL)
		return;
	if ((res = xmlXPathNewNodeSet(NULL)) == NULL) {
		xmlFree(want);
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	for (i = 0; rs->set && i < rs->set->n; i++) {
		const struct ua_doc *d = rs->set->docs[i];
		int in = by_agent ? want[0] && rs->set->doc_agent &&
		    strcmp(rs->set->doc_agent[i], (const char *)want) == 0 :
		    d->kind && ua_rules_kind_in((const char *)want, d->kind->name);
		if (d->xml && in && xmlXPathNodeSetAddUnique(res->nodesetval, (xmlNodePtr)d->xml) != 0) {
			xmlXPathFreeObject(res);
			xmlFree(want);
			xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
			return;
		}
	}
	xmlFree(want);
	valuePush(pc, res);
}

static void
fn_doc(xmlXPathParserContextPtr pc, int nargs)
{
	set_docs(pc, nargs, 0);
}

static void
fn_agent_docs(xmlXPathParserContextPtr pc, int nargs)
{
	set_docs(pc, nargs, 1);
}

/*
 * ua:agent(): the launch agent of the set being checked ('' when not known);
 * ua:agents(): the agents whose files are in the set, space-separated;
 * ua:answer-path(): where the set's agent reads its answer file ('' not known);
 * ua:kind(): the kind of the document being checked; ua:target(): the Windows
 * release it is for (--target, else the image an answer file names; '' when
 * not known; found only for rules with target or target-known).
 */
static void
set_string(xmlXPathParserContextPtr pc, int nargs, int which)
{
	struct ua_ruleset *rs = pc->context->userData;
	const char *v = NULL;

	if (nargs != 0) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (which == 3)
		v = rs->cur && rs->cur->kind ? rs->cur->kind->name : NULL;
	else if (which == 4)
		v = rs->target;
	else if (rs->set)
		v = which == 0 ? rs->set->agent : which == 1 ? rs->set->present :
		    rs->set->answer_path;
	valuePush(pc, xmlXPathNewCString(v ? v : ""));
}

static void
fn_agent(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 0);
}

static void
fn_agents(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 1);
}

static void
fn_answer_path(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 2);
}

static void
fn_kind(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 3);
}

/*
 * ua:agent-of([nodes]): the agent the file of the first node (or of the
 * context node) belongs to ('' any); ua:file([nodes]): that file's base name.
 */
static void
node_file_fn(xmlXPathParserContextPtr pc, int nargs, int agent)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlNodePtr node = pc->context->node;
	xmlXPathObjectPtr arg = NULL;
	const struct ua_doc *d;
	const char *v = "";
	size_t i;

	if (nargs > 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 1) {
		if ((arg = valuePop(pc)) == NULL || arg->type != XPATH_NODESET) {
			xmlXPathFreeObject(arg);
			xmlXPathSetError(pc, XPATH_INVALID_TYPE);
			return;
		}
		node = arg->nodesetval && arg->nodesetval->nodeNr > 0 ?
		    arg->nodesetval->nodeTab[0] : NULL;
	}
	if (agent) {
		for (i = 0; node && rs->set && rs->set->doc_agent && i < rs->set->n; i++)
			if (rs->set->docs[i]->xml == node->doc)
				v = rs->set->doc_agent[i];
	} else if ((d = ua_rules_doc_of(rs, node)) != NULL && d->name) {
		v = strrchr(d->name, '/');
		v = v ? v + 1 : d->name;
	}
	valuePush(pc, xmlXPathNewCString(v));
	xmlXPathFreeObject(arg);
}

static void
fn_agent_of(xmlXPathParserContextPtr pc, int nargs)
{
	node_file_fn(pc, nargs, 1);
}

static void
fn_file(xmlXPathParserContextPtr pc, int nargs)
{
	node_file_fn(pc, nargs, 0);
}


static void
fn_target(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 4);
}

/*
 * ua:agent-last(platform): the last release of the document's agent that
 * serves platform (a release such as 2012r2, or x86), '' when every release
 * does (schemas/agents/platforms.tsv); ua:agent-drops(platform): whether the
 * release the document is checked for is later than that.
 */
static void
agent_platform(xmlXPathParserContextPtr pc, int nargs, int drops)
{
	struct ua_ruleset *rs = pc->context->userData;
	const char *last = NULL;
	xmlChar *platform;
	char err[256];

	if (nargs != 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((platform = xmlXPathPopString(pc)) == NULL) {
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	if (rs->sel && rs->sel->agent && rs->ctx &&
	    ua_agent_last_release(rs->ctx, rs->sel->agent, (const char *)platform, &last,
	    err, sizeof(err)) != 0) {
		xmlFree(platform);
		xmlXPathSetError(pc, XPATH_EXPR_ERROR);
		return;
	}
	xmlFree(platform);
	if (drops)
		valuePush(pc, xmlXPathNewBoolean(last && rs->sel->version &&
		    ua_agent_vercmp(rs->sel->version, last) > 0));
	else
		valuePush(pc, xmlXPathNewCString(last ? last : ""));
}

static void
fn_agent_last(xmlXPathParserContextPtr pc, int nargs)
{
	agent_platform(pc, nargs, 0);
}

static void
fn_agent_drops(xmlXPathParserContextPtr pc, int nargs)
{
	agent_platform(pc, nargs, 1);
}

/*
 * The ruleset's XPath context, set to doc: made once (namespaces, functions,
 * object cache) and reused for every document the ruleset checks.
 */
xmlXPathContextPtr
ua_rules_xpath(struct ua_ruleset *rs, struct ua_doc *doc)
{
	xmlXPathContextPtr xp = rs->xp;
	size_t i;

	ua_rules_reset_components(rs);
	if (xp == NULL) {
		if ((xp = ua_doc_xpath(doc)) == NULL)
			return NULL;
		for (i = 0; i < rs->nns; i++)
			if (rs->nsprefix[i] && rs->nsuri[i])
				xmlXPathRegisterNs(xp, BAD_CAST rs->nsprefix[i], BAD_CAST rs->nsuri[i]);
		xmlXPathRegisterNs(xp, BAD_CAST "ua", BAD_CAST UA_FUNC_NS);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "component", BAD_CAST UA_FUNC_NS, fn_component);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "elements", BAD_CAST UA_FUNC_NS, fn_elements);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "comments", BAD_CAST UA_FUNC_NS, fn_comments);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "lower", BAD_CAST UA_FUNC_NS, fn_lower);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "dup", BAD_CAST UA_FUNC_NS, fn_dup);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "unmatched", BAD_CAST UA_FUNC_NS,
		    fn_unmatched);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "if", BAD_CAST UA_FUNC_NS, fn_if);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "listed", BAD_CAST UA_FUNC_NS, fn_listed);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "suggest", BAD_CAST UA_FUNC_NS, fn_suggest);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "lookup", BAD_CAST UA_FUNC_NS, fn_lookup);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "language-fix", BAD_CAST UA_FUNC_NS,
		    fn_language_fix);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "same-password", BAD_CAST UA_FUNC_NS,
		    fn_same_password_xpath);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "doc", BAD_CAST UA_FUNC_NS, fn_doc);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent", BAD_CAST UA_FUNC_NS, fn_agent);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agents", BAD_CAST UA_FUNC_NS, fn_agents);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "answer-path", BAD_CAST UA_FUNC_NS,
		    fn_answer_path);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "kind", BAD_CAST UA_FUNC_NS, fn_kind);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-of", BAD_CAST UA_FUNC_NS, fn_agent_of);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-docs", BAD_CAST UA_FUNC_NS,
		    fn_agent_docs);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "file", BAD_CAST UA_FUNC_NS, fn_file);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "fixed-part", BAD_CAST UA_FUNC_NS,
		    fn_fixed_part);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "target", BAD_CAST UA_FUNC_NS, fn_target);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-last", BAD_CAST UA_FUNC_NS,
		    fn_agent_last);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-drops", BAD_CAST UA_FUNC_NS,
		    fn_agent_drops);
		/* reuse XPath objects between evaluations: most rules run on every file */
		xmlXPathContextSetCache(xp, 1, -1, 0);
		rs->xp = xp;
	}
	xp->doc = doc->xml;
	xp->node = NULL;
	xp->opCount = 0;
	xp->userData = rs;
	rs->nhide = 0;
	rs->hide_built = 0;
	ua_rules_fixed_reset(rs);
	rs->cur = doc;
	return xp;
}
