/* SPDX-License-Identifier: MIT */
/* JSON input: jansson decides validity (RFC 8259); a walk of the valid text then
 * builds the XML form with each value's position, keeping duplicate keys. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "doc.h"
#include "tree.h"
#include "ua.h"
#include "util.h"

struct walk {
	struct ua_doc *doc;
	struct ua_diags *d;
	const char *s;
	size_t i, n;
	int status;
};

static void
skip_ws(struct walk *w)
{
	while (w->i < w->n && (w->s[w->i] == ' ' || w->s[w->i] == '\t' ||
	    w->s[w->i] == '\n' || w->s[w->i] == '\r'))
		w->i++;
}

/* Decodes the string token at w->i (already known valid) into *out. */
static int
string_token(struct walk *w, char **out, size_t *outlen)
{
	size_t start = w->i, j;
	int esc = 0;
	json_t *v;
	json_error_t e;

	for (j = start + 1; j < w->n && w->s[j] != '"'; j++)
		if (w->s[j] == '\\') {
			esc = 1;
			j++;
		}
	w->i = j + 1;
	if (!esc) {
		*outlen = j - start - 1;
		*out = ua_strndup(w->s + start + 1, *outlen);
		return *out ? UA_OK : UA_ENOMEM;
	}
	v = json_loadb(w->s + start, j + 1 - start, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (v == NULL || !json_is_string(v)) {
		json_decref(v);
		return UA_ESYNTAX;
	}
	*outlen = json_string_length(v);
	*out = ua_strndup(json_string_value(v), *outlen);
	json_decref(v);
	return *out ? UA_OK : UA_ENOMEM;
}

static void
report_nul(struct walk *w, xmlNodePtr el)
{
	unsigned long line, col;

	ua_doc_pos(w->doc, el, &line, &col);
	ua_diags_add(w->d, w->doc->name, line, col, UA_SEV_ERROR, "unsupported-value",
	    "a string holding U+0000 cannot be checked; the value is cut there");
}

static int value(struct walk *w, xmlNodePtr el, unsigned depth);

static int
object(struct walk *w, xmlNodePtr el, unsigned depth)
{
	xmlNodePtr child;
	char *key;
	size_t klen, kstart;
	int st;

	ua_tree_set_type(el, "object");
	w->i++;
	for (;;) {
		skip_ws(w);
		if (w->i >= w->n)
			return UA_ESYNTAX;
		if (w->s[w->i] == '}') {
			w->i++;
			break;
		}
		if (w->s[w->i] == ',') {
			w->i++;
			continue;
		}
		kstart = w->i;
		if ((st = string_token(w, &key, &klen)) != UA_OK)
			return st;
		child = ua_tree_member(w->doc->xml, el, key, klen);
		if (child == NULL || ua_doc_set_offset(w->doc, child, kstart) != UA_OK) {
			free(key);
			return UA_ENOMEM;
		}
		if (strlen(key) != klen)
			report_nul(w, child);
		free(key);
		skip_ws(w);
		w->i++;		/* the colon */
		skip_ws(w);
		if ((st = value(w, child, depth + 1)) != UA_OK)
			return st;
	}
	ua_tree_report_duplicates(w->doc, w->d, el);
	return UA_OK;
}

static int
array(struct walk *w, xmlNodePtr el, unsigned depth)
{
	xmlNodePtr item;
	int st;

	ua_tree_set_type(el, "array");
	w->i++;
	for (;;) {
		skip_ws(w);
		if (w->i >= w->n)
			return UA_ESYNTAX;
		if (w->s[w->i] == ']') {
			w->i++;
			return UA_OK;
		}
		if (w->s[w->i] == ',') {
			w->i++;
			continue;
		}
		item = ua_tree_item(w->doc->xml, el);
		if (item == NULL || ua_doc_set_offset(w->doc, item, w->i) != UA_OK)
			return UA_ENOMEM;
		if ((st = value(w, item, depth + 1)) != UA_OK)
			return st;
	}
}

static int
value(struct walk *w, xmlNodePtr el, unsigned depth)
{
	char *s;
	size_t len, start;
	int st;

	if (depth > UA_MAX_DEPTH) {
		unsigned long line, col;
		ua_doc_offset_pos(w->doc, w->i, &line, &col);
		ua_diags_add(w->d, w->doc->name, line, col, UA_SEV_ERROR, "limit",
		    "values nested deeper than %d", UA_MAX_DEPTH);
		return UA_ESYNTAX;
	}
	skip_ws(w);
	if (w->i >= w->n)
		return UA_ESYNTAX;
	switch (w->s[w->i]) {
	case '{':
		return object(w, el, depth);
	case '[':
		return array(w, el, depth);
	case '"':
		ua_tree_set_type(el, "string");
		if ((st = string_token(w, &s, &len)) != UA_OK)
			return st;
		if (strlen(s) != len)
			report_nul(w, el);
		xmlNodeAddContent(el, BAD_CAST s);
		free(s);
		return UA_OK;
	default:
		start = w->i;
		while (w->i < w->n && strchr(" \t\r\n,]}", w->s[w->i]) == NULL)
			w->i++;
		if (w->s[start] == 't' || w->s[start] == 'f')
			ua_tree_set_type(el, "boolean");
		else if (w->s[start] == 'n')
			ua_tree_set_type(el, "null");
		else
			ua_tree_set_type(el, "number");
		if (w->s[start] != 'n')
			xmlNodeAddContentLen(el, BAD_CAST (w->s + start), (int)(w->i - start));
		return UA_OK;
	}
}

/*
 * jansson refuses U+0000 in object keys, which RFC 8259 allows. Every "\u0000"
 * becomes "\u0001" (also valid, same length) to decide validity; the walk then
 * reports such keys as unsupported-value.
 */
static json_t *
load_without_nul_keys(const struct ua_doc *doc, json_error_t *e)
{
	char *copy = ua_strndup(doc->text, doc->len), *p;
	json_t *v;

	if (copy == NULL)
		return NULL;
	for (p = copy; (p = strstr(p, "\\u0000")) != NULL; p += 6)
		p[5] = '1';
	v = json_loadb(copy, doc->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, e);
	free(copy);
	return v;
}

/*
 * A syntax error in words that quote nothing from the file: jansson quotes the
 * text where it stopped ("near '...'", "invalid Unicode '\\uD83D\\u0041'",
 * "control character 0x9"), which may be cut from a password; the finding's
 * line and column say where. Its messages that quote nothing are kept.
 */
static const char *
syntax_message(const json_error_t *e)
{
	static const char *const keep[] = {
		"unexpected newline", "invalid token", "unexpected token", "'[' or '{' expected",
		"string or '}' expected", "':' expected", "',' or '}' expected",
		"',' or ']' expected", "end of file expected", "premature end of input",
		"too big integer", "real number overflow", "maximum parsing depth reached",
		"NUL byte in object key not supported", "duplicate object key",
	};
	static const struct {
		const char *starts, *says;
	} rewrite[] = {
		{ "control character", "a control character in a string (write it as an escape)" },
		{ "invalid escape", "an invalid escape in a string" },
		{ "invalid Unicode", "an invalid \\u escape in a string (an unpaired surrogate or a malformed escape)" },
		{ "unable to decode byte", "invalid UTF-8 byte sequence" },
	};
	const char *near = strstr(e->text, " near ");
	size_t n = near ? (size_t)(near - e->text) : strlen(e->text), i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (strlen(keep[i]) == n && strncmp(e->text, keep[i], n) == 0)
			return keep[i];
	for (i = 0; i < sizeof(rewrite) / sizeof(rewrite[0]); i++)
		if (strncmp(e->text, rewrite[i].starts, strlen(rewrite[i].starts)) == 0)
			return rewrite[i].says;
	return "malformed JSON";
}

int
ua_parse_json(struct ua_doc *doc, struct ua_diags *d)
{
	struct walk w = { doc, d, doc->text, 0, doc->len, UA_OK };
	json_error_t e;
	json_t *v;
	xmlNodePtr root;
	unsigned long line, col;
	size_t before = d->n;
	int st;

	if (ua_doc_blank(doc)) {
		ua_doc_offset_pos(doc, doc->len, &line, &col);
		ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax", "the document is empty");
		return UA_ESYNTAX;
	}
	v = json_loadb(doc->text, doc->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (v == NULL && strstr(e.text, "NUL byte in object key") != NULL)
		v = load_without_nul_keys(doc, &e);
	if (v == NULL) {
		if (e.position > 0 && (size_t)e.position <= doc->len)
			ua_doc_offset_pos(doc, (size_t)e.position - 1, &line, &col);
		else {
			line = e.line > 0 ? (unsigned long)e.line : 1;
			col = e.column > 0 ? (unsigned long)e.column : 1;
		}
		ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax", "%s",
		    syntax_message(&e));
		return UA_ESYNTAX;
	}
	json_decref(v);
	if ((doc->xml = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return UA_ENOMEM;
	doc->xml->URL = xmlStrdup(BAD_CAST doc->name);
	skip_ws(&w);
	if ((root = ua_tree_member(doc->xml, NULL, "", 0)) == NULL ||
	    ua_doc_set_offset(doc, root, w.i) != UA_OK)
		return UA_ENOMEM;
	st = value(&w, root, 1);
	if (st == UA_ESYNTAX && d->n == before)
		ua_diags_add(d, doc->name, 1, 1, UA_SEV_ERROR, "syntax", "malformed JSON");
	if (st != UA_OK) {
		xmlFreeDoc(doc->xml);
		doc->xml = NULL;
	}
	return st;
}
