/* SPDX-License-Identifier: MIT */
/* YAML input: libyaml's event stream becomes the XML form, with node positions,
 * duplicate keys reported and aliases expanded under a node budget. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "doc.h"
#include "tree.h"
#include "ua.h"
#include "util.h"

struct frame {
	xmlNodePtr el;
	int is_map;
	int want_key;
	char *key;		/* pending key of a mapping */
	yaml_mark_t keymark;
};

struct anchor {
	char *name;
	xmlNodePtr el;
};

struct ystate {
	struct ua_doc *doc;
	struct ua_diags *d;
	struct frame stack[UA_MAX_DEPTH + 2];
	size_t depth;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	unsigned long nodes;
	size_t bytes;		/* text copied for aliases */
	int docs;
	size_t chars, off;	/* libyaml's marks count characters: the last */
};				/* one converted to a byte offset */


static void
diag_at(struct ystate *y, yaml_mark_t m, const char *rule, const char *msg)
{
	ua_diags_add(y->d, y->doc->name, (unsigned long)m.line + 1,
	    (unsigned long)m.column + 1, UA_SEV_ERROR, rule, "%s", msg);
}

static int
is_one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(v, *list) == 0)
			return 1;
	return 0;
}

static int
looks_numeric(const char *v)
{
	char *end;
	const char *p;

	if (*v == '\0' || strchr("+-.0123456789", *v) == NULL)
		return 0;
	if (strcmp(v, ".inf") == 0 || strcmp(v, "-.inf") == 0 || strcmp(v, ".nan") == 0)
		return 1;
	for (p = v; *p; p++)
		if (strchr("+-.0123456789eE_xXabcdefABCDEF", *p) == NULL)
			return 0;
	if ((v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) && v[2]) {
		strtoul(v + 2, &end, 16);
		return *end == '\0';
	}
	strtod(v, &end);
	return *end == '\0' && strpbrk(v, "xXabcdfABCDF") == NULL;
}

const char *
ua_yaml_plain_type(const char *v)
{
	static const char *const nulls[] = { "~", "null", NULL };
	static const char *const bools[] = { "true", "false", "yes", "no", "on", "off", NULL };

	if (*v == '\0' || is_one_of(v, nulls))
		return "null";
	if (is_one_of(v, bools))
		return "boolean";
	if (looks_numeric(v))
		return "number";
	return "string";
}

static const char *
scalar_type(const yaml_event_t *ev)
{
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return "string";
	return ua_yaml_plain_type((const char *)ev->data.scalar.value);
}

static int
count_node(struct ystate *y, yaml_mark_t m)
{
	if (++y->nodes <= UA_MAX_YAML_NODES)
		return UA_OK;
	diag_at(y, m, "limit", "more than 100000 nodes (alias expansion is bounded)");
	return UA_ESYNTAX;
}

/* Text copied for aliases counts too: one large anchored scalar repeated by many
 * aliases must not expand without bound. */
static int
count_bytes(struct ystate *y, size_t n, yaml_mark_t m)
{
	y->bytes += n;
	if (y->bytes <= UA_MAX_INPUT_BYTES)
		return UA_OK;
	diag_at(y, m, "limit", "aliases expand to more than 64 MiB of text");
	return UA_ESYNTAX;
}

/* Every byte a copy adds counts: element names and attributes (a long mapping
 * key is either) as well as text. */
static int
count_element(struct ystate *y, const xmlNode *el, yaml_mark_t m)
{
	const xmlAttr *a;
	size_t n = strlen((const char *)el->name);

	for (a = el->properties; a; a = a->next) {
		n += strlen((const char *)a->name);
		if (a->children && a->children->content)
			n += strlen((const char *)a->children->content);
	}
	return count_bytes(y, n, m);
}

/* Copies from's attributes and children into to; the top element keeps its own key. */
static int
copy_children(struct ystate *y, xmlNodePtr from, xmlNodePtr to, yaml_mark_t m, int top)
{
	xmlNodePtr c, n;
	xmlAttrPtr a;
	int st;

	if (count_element(y, from, m) != UA_OK)
		return UA_ESYNTAX;
	for (a = from->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		if (!top || xmlStrcmp(a->name, BAD_CAST "key") != 0)
			xmlSetProp(to, a->name, v);
		xmlFree(v);
	}
	for (c = from->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) {
			if (c->content && count_bytes(y, strlen((const char *)c->content), m) != UA_OK)
				return UA_ESYNTAX;
			if ((n = xmlDocCopyNode(c, y->doc->xml, 1)) == NULL ||
			    xmlAddChild(to, n) == NULL)
				return UA_ENOMEM;
			continue;
		}
		if (count_node(y, m) != UA_OK)
			return UA_ESYNTAX;
		if ((n = xmlNewChild(to, NULL, c->name, NULL)) == NULL)
			return UA_ENOMEM;
		n->_private = c->_private;
		if ((st = copy_children(y, c, n, m, 0)) != UA_OK)
			return st;
	}
	return UA_OK;
}

static size_t
hash_name(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Anchors by name in an open-addressing table: a file may hold thousands. */
static int
add_anchor(struct ystate *y, const yaml_char_t *name, xmlNodePtr el)
{
	struct anchor *old = y->anchors, *slot;
	size_t cap = y->capanchors, i, k;

	if (name == NULL)
		return UA_OK;
	if (2 * (y->nanchors + 1) > cap) {
		y->capanchors = cap ? 2 * cap : 16;
		if ((y->anchors = calloc(y->capanchors, sizeof(*y->anchors))) == NULL) {
			y->anchors = old;
			y->capanchors = cap;
			return UA_ENOMEM;
		}
		for (i = 0; i < cap; i++)
			if (old[i].name) {
				for (k = hash_name(old[i].name) & (y->capanchors - 1);
				    y->anchors[k].name; k = (k + 1) & (y->capanchors - 1))
					;
				y->anchors[k] = old[i];
			}
		free(old);
	}
	for (k = hash_name((const char *)name) & (y->capanchors - 1);
	    (slot = &y->anchors[k])->name; k = (k + 1) & (y->capanchors - 1))
		if (strcmp(slot->name, (const char *)name) == 0) {
			slot->el = el;	/* a later anchor of the same name wins */
			return UA_OK;
		}
	if ((slot->name = ua_strdup((const char *)name)) == NULL)
		return UA_ENOMEM;
	slot->el = el;
	y->nanchors++;
	return UA_OK;
}

static xmlNodePtr
find_anchor(struct ystate *y, const yaml_char_t *name)
{
	size_t k;

	if (y->capanchors == 0)
		return NULL;
	for (k = hash_name((const char *)name) & (y->capanchors - 1); y->anchors[k].name;
	    k = (k + 1) & (y->capanchors - 1))
		if (strcmp(y->anchors[k].name, (const char *)name) == 0)
			return y->anchors[k].el;
	return NULL;
}

/* Makes the element for the node an event starts; NULL with *st set on failure. */
static xmlNodePtr
place_node(struct ystate *y, const yaml_event_t *ev, int *st)
{
	struct frame *f;
	xmlNodePtr el;
	yaml_mark_t m = ev->start_mark;

	*st = UA_OK;
	if (count_node(y, m) != UA_OK) {
		*st = UA_ESYNTAX;
		return NULL;
	}
	if (y->depth == 0) {
		if (y->doc->xml->children != NULL) {
			diag_at(y, m, "syntax", "more than one YAML document");
			*st = UA_ESYNTAX;
			return NULL;
		}
		el = ua_tree_member(y->doc->xml, NULL, "", 0);
	} else {
		f = &y->stack[y->depth - 1];
		if (f->is_map) {
			m = f->keymark;
			el = ua_tree_member(y->doc->xml, f->el, f->key, strlen(f->key));
			free(f->key);
			f->key = NULL;
			f->want_key = 1;
		} else
			el = ua_tree_item(y->doc->xml, f->el);
	}
	if (el == NULL || ua_doc_set_linecol(y->doc, el, (unsigned long)m.line + 1,
	    (unsigned long)m.column + 1) != UA_OK) {
		*st = UA_ENOMEM;
		return NULL;
	}
	return el;
}

static int
push(struct ystate *y, xmlNodePtr el, int is_map, yaml_mark_t m)
{
	struct frame *f;

	if (y->depth >= UA_MAX_DEPTH) {
		diag_at(y, m, "limit", "YAML nested deeper than 256 levels");
		return UA_ESYNTAX;
	}
	f = &y->stack[y->depth++];
	memset(f, 0, sizeof(*f));
	f->el = el;
	f->is_map = is_map;
	f->want_key = is_map;
	return UA_OK;
}

static int
on_event(struct ystate *y, yaml_event_t *ev)
{
	struct frame *top = y->depth ? &y->stack[y->depth - 1] : NULL;
	xmlNodePtr el, src;
	int st;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++y->docs > 1) {
			diag_at(y, ev->start_mark, "syntax", "more than one YAML document");
			return UA_ESYNTAX;
		}
		return UA_OK;
	case YAML_SCALAR_EVENT:
		if (top && top->is_map && top->want_key) {
			top->key = ua_strndup((const char *)ev->data.scalar.value,
			    ev->data.scalar.length);
			if (top->key == NULL)
				return UA_ENOMEM;
			top->keymark = ev->start_mark;
			top->want_key = 0;
			return UA_OK;
		}
		if ((el = place_node(y, ev, &st)) == NULL)
			return st;
		ua_tree_set_type(el, scalar_type(ev));
		if (strcmp(scalar_type(ev), "null") != 0)
			xmlNodeAddContentLen(el, ev->data.scalar.value,
			    (int)strnlen((const char *)ev->data.scalar.value,
			    ev->data.scalar.length));
		return add_anchor(y, ev->data.scalar.anchor, el);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (top && top->is_map && top->want_key) {
			diag_at(y, ev->start_mark, "syntax",
			    "a mapping key must be a plain value");
			return UA_ESYNTAX;
		}
		if ((el = place_node(y, ev, &st)) == NULL)
			return st;
		if (ev->type == YAML_MAPPING_START_EVENT) {
			ua_tree_set_type(el, "object");
			if ((st = add_anchor(y, ev->data.mapping_start.anchor, el)) != UA_OK)
				return st;
		} else {
			ua_tree_set_type(el, "array");
			if ((st = add_anchor(y, ev->data.sequence_start.anchor, el)) != UA_OK)
				return st;
		}
		return push(y, el, ev->type == YAML_MAPPING_START_EVENT, ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (top == NULL)
			return UA_OK;
		if (top->is_map)
			ua_tree_report_duplicates(y->doc, y->d, top->el);
		free(top->key);
		y->depth--;
		return UA_OK;
	case YAML_ALIAS_EVENT:
		if ((src = find_anchor(y, ev->data.alias.anchor)) == NULL) {
			diag_at(y, ev->start_mark, "syntax", "alias to an unknown anchor");
			return UA_ESYNTAX;
		}
		if (top && top->is_map && top->want_key) {
			diag_at(y, ev->start_mark, "syntax",
			    "an alias cannot be a mapping key here");
			return UA_ESYNTAX;
		}
		for (size_t i = 0; i < y->depth; i++)
			if (y->stack[i].el == src) {
				diag_at(y, ev->start_mark, "syntax",
				    "an alias refers to a node that contains it");
				return UA_ESYNTAX;
			}
		if ((el = place_node(y, ev, &st)) == NULL)
			return st;
		return copy_children(y, src, el, ev->start_mark, 1);
	default:
		return UA_OK;
	}
}

/* The byte offset of a mark; marks arrive in document order, so the walk
 * goes on from the last one and the whole file is walked once. */
static size_t
mark_offset(struct ystate *y, const yaml_mark_t *m)
{
	const char *t = y->doc->text;

	while (y->chars < m->index && y->off < y->doc->len) {
		y->off++;
		if (((unsigned char)t[y->off] & 0xc0) != 0x80)
			y->chars++;
	}
	return y->off;
}

/* Notes where a scalar holding '#' stands: a '#' there is text, never the
 * start of a comment (a marker inside a string suppresses nothing). */
static int
note_hash_text(struct ystate *y, const yaml_event_t *ev)
{
	struct ua_doc *doc = y->doc;

	if (ev->type != YAML_SCALAR_EVENT ||
	    memchr(ev->data.scalar.value, '#', ev->data.scalar.length) == NULL)
		return UA_OK;
	if (ua_grow(&doc->hash_text, &doc->caphash_text, doc->nhash_text + 1,
	    sizeof(*doc->hash_text), 16) != 0)
		return UA_ENOMEM;
	doc->hash_text[doc->nhash_text++] = mark_offset(y, &ev->start_mark);
	doc->hash_text[doc->nhash_text++] = mark_offset(y, &ev->end_mark);
	return UA_OK;
}

/* libyaml's problems in the file's terms (its "while scanning a simple key"
 * context means nothing to the file's author); any other problem in its own
 * words, without the context. */
static const struct {
	const char *problem, *context, *words;
} yaml_words[] = {
	{ "found a tab character that violates indentation", NULL, "a tab character in the "
	  "indentation: YAML indents with spaces only" },
	{ "found a tab character where an indentation space is expected", NULL, "a tab "
	  "character in the indentation: YAML indents with spaces only" },
	{ "could not find expected ':'", NULL, "a key without ':' after it (or a line "
	  "indented as if it continued the key above)" },
	{ "mapping values are not allowed in this context", NULL, "a ': ' where no key can "
	  "start: quote a value that holds ': ', or fix the indentation" },
	{ "did not find expected key", NULL, "a line indented differently from the keys of "
	  "its mapping (or a value that needs quotes)" },
	{ "did not find expected '-' indicator", NULL, "a line indented differently from the "
	  "items ('- ') of its list" },
	{ "block sequence entries are not allowed in this context", NULL, "a list item ('- ') "
	  "where a value was expected: fix the indentation" },
	{ "found unexpected end of stream", "while scanning a quoted scalar", "the file ends "
	  "inside a quoted value: a quote is not closed" },
	{ "found unknown escape character", NULL, "an unknown escape in a double-quoted value: "
	  "write a backslash as \\\\ or use single quotes" },
	{ "did not find expected node content", NULL, "a value is missing here" },
	{ "did not find expected ',' or ']'", NULL, "a list in brackets ([...]) is not closed "
	  "with ']'" },
	{ "did not find expected ',' or '}'", NULL, "a mapping in braces ({...}) is not closed "
	  "with '}'" },
	{ "found undefined alias", NULL, "an alias (*name) with no anchor (&name) before it" },
	{ "control characters are not allowed", NULL, "a control character, which YAML does "
	  "not allow" },
	{ "did not find expected alphabetic or numeric character", "while scanning an alias",
	  "a '*' that does not start an alias (*name): quote the value" },
	{ "did not find expected alphabetic or numeric character", "while scanning an anchor",
	  "a '&' that does not start an anchor (&name): quote the value" },
	{ "did not find expected comment or line break", NULL, "text after a value where only "
	  "a comment or the end of the line may come: quote the whole value" },
	{ "found character that cannot start any token", NULL, "a character that cannot start "
	  "a value ('@' and '`' are reserved: quote the value)" },
};

static const char *
problem_words(const yaml_parser_t *p, char at)
{
	size_t i;

	if (p->problem == NULL)
		return "malformed YAML";
	if (at == '\t' && strcmp(p->problem, "found character that cannot start any token") == 0)
		return yaml_words[0].words;
	for (i = 0; i < sizeof(yaml_words) / sizeof(yaml_words[0]); i++)
		if (strcmp(p->problem, yaml_words[i].problem) == 0 &&
		    (yaml_words[i].context == NULL ||
		    (p->context && strcmp(p->context, yaml_words[i].context) == 0)))
			return yaml_words[i].words;
	return p->problem;
}

/* Whether s[i, e) is white space, or a comment after white space. */
static int
rest_blank(const char *s, size_t i, size_t e)
{
	while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i == e || s[i] == '#';
}

int
ua_yaml_blank(const char *text, size_t len)
{
	size_t i = 0, e, b;

	while (i < len) {
		for (e = i; e < len && text[e] != '\n'; e++)
			;
		for (b = i; b < e && (text[b] == ' ' || text[b] == '\t'); b++)
			;
		if (b == i && e - i >= 3 && (strncmp(text + i, "---", 3) == 0 ||
		    strncmp(text + i, "...", 3) == 0)) {
			if (!rest_blank(text, i + 3, e) || (i + 3 < e && text[i + 3] == '#'))
				return 0;
		} else if (!(b == i && b < e && text[b] == '%') && !rest_blank(text, b, e))
			return 0;
		i = e + 1;
	}
	return 1;
}

int
ua_parse_yaml(struct ua_doc *doc, struct ua_diags *d)
{
	struct ystate y;
	yaml_parser_t p;
	yaml_event_t ev;
	size_t before = d->n, i;
	int st = UA_OK, done = 0;

	memset(&y, 0, sizeof(y));
	y.doc = doc;
	y.d = d;
	if ((doc->xml = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return UA_ENOMEM;
	doc->xml->URL = xmlStrdup(BAD_CAST doc->name);
	if (!yaml_parser_initialize(&p))
		return UA_ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)doc->text, doc->len);
	while (!done && st == UA_OK) {
		if (!yaml_parser_parse(&p, &ev)) {
			size_t at = mark_offset(&y, &p.problem_mark);
			diag_at(&y, p.problem_mark, "syntax", problem_words(&p,
			    at < doc->len ? doc->text[at] : '\0'));
			st = UA_ESYNTAX;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if ((st = note_hash_text(&y, &ev)) == UA_OK)
			st = on_event(&y, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	for (i = 0; i < y.depth; i++)
		free(y.stack[i].key);
	for (i = 0; i < y.capanchors; i++)
		free(y.anchors[i].name);
	free(y.anchors);
	if (st == UA_OK && doc->xml->children == NULL) {
		xmlNodePtr root = ua_tree_member(doc->xml, NULL, "", 0);
		if (root == NULL || ua_doc_set_linecol(doc, root, 1, 1) != UA_OK)
			st = UA_ENOMEM;
		else
			ua_tree_set_type(root, "null");
	}
	if (st != UA_OK) {
		if (st == UA_ESYNTAX && d->n == before)
			ua_diags_add(d, doc->name, 1, 1, UA_SEV_ERROR, "syntax", "malformed YAML");
		xmlFreeDoc(doc->xml);
		doc->xml = NULL;
	}
	return st;
}
