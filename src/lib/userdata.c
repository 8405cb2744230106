/* SPDX-License-Identifier: MIT */
/* EC2 user data: Base64 when it is Base64, then either the YAML/JSON task
 * document of EC2Launch v2 (the JSON and YAML parsers) or the script form:
 * <powershell>, <script>, <persist>... tags among free text, which is not an
 * XML document (several top-level elements, scripts full of '<' and '&'). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlstring.h>

#include "doc.h"
#include "ua.h"
#include "util.h"

#define ROOT "userdata"

/* Whether text, ignoring white space, is Base64 of at least 8 characters. */
static char *
base64_payload(const char *text, size_t len, size_t *n)
{
	char *s = malloc(len + 1);
	size_t i, k = 0;

	if (s == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (isspace(c))
			continue;
		if (!isalnum(c) && c != '+' && c != '/' && c != '=') {
			free(s);
			return NULL;
		}
		s[k++] = (char)c;
	}
	s[k] = '\0';
	*n = k;
	if (k < 8 || k % 4 != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* Text, for user data: valid UTF-8 without control characters other than
 * tab, line feed and carriage return. */
static int
plain_text(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return xmlCheckUTF8(s) != 0;	/* NUL-terminated by the caller */
}

/*
 * Replaces doc->text by its Base64 decoding when the whole text is Base64 of
 * plain text (positions then count in the decoded text). 1 decoded, 0 not
 * Base64, -1 out of memory.
 */
static int
decode_base64(struct ua_doc *doc)
{
	size_t n;
	char *s = base64_payload(doc->text, doc->len, &n);
	unsigned char *out;
	long got;

	if (s == NULL)
		return 0;
	if ((out = malloc(n / 4 * 3 + 1)) == NULL) {
		free(s);
		return -1;
	}
	got = ua_base64_decode(s, out, n / 4 * 3);
	free(s);
	if (got > 0)
		out[got] = '\0';
	if (got <= 0 || !plain_text(out, (size_t)got)) {
		free(out);
		return 0;
	}
	free(doc->text);
	doc->text = (char *)out;
	doc->len = (size_t)got;
	return 1;
}

/* The YAML/JSON task form: the first line that is not blank or a comment
 * starts a mapping (version:, tasks:, ---) or a JSON object. */
static enum ua_format
task_form(const char *s, size_t n)
{
	size_t i = 0, e;

	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		if (i < n && s[i] == '#') {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (i >= n)
		return UA_FMT_USERDATA;
	if (s[i] == '{')
		return UA_FMT_JSON;
	if (n - i >= 3 && memcmp(s + i, "---", 3) == 0)
		return UA_FMT_YAML;
	for (e = i; e < n && (isalnum((unsigned char)s[e]) || s[e] == '_' || s[e] == '"' ||
	    s[e] == '\''); e++)
		;
	return e > i && e < n && s[e] == ':' ? UA_FMT_YAML : UA_FMT_USERDATA;
}

static int
tag_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* "</name>" from s[i]; returns its offset or (size_t)-1. */
static size_t
find_close(const char *s, size_t n, size_t i, const char *name, size_t nlen)
{
	const char *p;

	while (i < n && (p = memchr(s + i, '<', n - i)) != NULL) {
		i = (size_t)(p - s);
		if (i + nlen + 3 <= n && s[i + 1] == '/' &&
		    memcmp(s + i + 2, name, nlen) == 0 && s[i + 2 + nlen] == '>')
			return i;
		i++;
	}
	return (size_t)-1;
}

static xmlNodePtr
add_text(struct ua_doc *doc, xmlNodePtr parent, size_t off, size_t len)
{
	xmlNodePtr t = xmlNewDocTextLen(doc->xml, BAD_CAST (doc->text + off), (int)len);

	if (t == NULL || xmlAddChild(parent, t) == NULL) {
		xmlFreeNode(t);
		return NULL;
	}
	return ua_doc_set_offset(doc, t, off) == 0 ? t : NULL;
}

/*
 * The script form: <name>content</name> pairs at the top level become
 * elements (content as text, never parsed), the rest stays text of the root.
 * An opening tag of a name the agents read but without its closing tag is a
 * syntax finding at the tag.
 */
static int
script_form(struct ua_doc *doc, struct ua_diags *d)
{
	static const char *const known[] = { "powershell", "script", "persist",
		"powershellArguments", "detach", "runAsLocalSystem", NULL };
	const char *s = doc->text;
	size_t n = doc->len, i = 0, text_from = 0, nlen, close, k, nopen = 0;
	xmlNodePtr root, el;
	unsigned long line, col;
	char name[64], unclosed[32][64];	/* names with no closing tag further on */

	if ((doc->xml = xmlNewDoc(BAD_CAST "1.0")) == NULL ||
	    (root = xmlNewDocNode(doc->xml, NULL, BAD_CAST ROOT, NULL)) == NULL)
		return UA_ENOMEM;
	xmlDocSetRootElement(doc->xml, root);
	if (ua_doc_set_offset(doc, root, 0) != 0)
		return UA_ENOMEM;
	while (i < n) {
		const char *p = memchr(s + i, '<', n - i);
		if (p == NULL)
			break;
		i = (size_t)(p - s);
		for (nlen = 0; i + 1 + nlen < n && nlen < sizeof(name) - 1 &&
		    tag_char((unsigned char)s[i + 1 + nlen]); nlen++)
			;
		if (nlen == 0 || i + 1 + nlen >= n || s[i + 1 + nlen] != '>' ||
		    !isalpha((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		memcpy(name, s + i + 1, nlen);
		name[nlen] = '\0';
		/* each name is searched to the end at most once (bounded time) */
		for (k = 0; k < nopen && strcmp(unclosed[k], name) != 0; k++)
			;
		close = k < nopen || nopen == 32 ? (size_t)-1 :
		    find_close(s, n, i + nlen + 2, name, nlen);
		if (close == (size_t)-1 && k == nopen && nopen < 32)
			memcpy(unclosed[nopen++], name, nlen + 1);
		if (close == (size_t)-1) {
			for (k = 0; known[k] && strcmp(known[k], name) != 0; k++)
				;
			if (known[k]) {
				ua_doc_offset_pos(doc, i, &line, &col);
				ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax",
				    "<%s> is not closed: the agent reads the text up to </%s>",
				    name, name);
				return UA_ESYNTAX;
			}
			i++;
			continue;
		}
		if (i > text_from && add_text(doc, root, text_from, i - text_from) == NULL)
			return UA_ENOMEM;
		if ((el = xmlNewDocNode(doc->xml, NULL, BAD_CAST name, NULL)) == NULL ||
		    xmlAddChild(root, el) == NULL || ua_doc_set_offset(doc, el, i) != 0) {
			xmlFreeNode(el);
			return UA_ENOMEM;
		}
		if (close > i + nlen + 2 &&
		    add_text(doc, el, i + nlen + 2, close - (i + nlen + 2)) == NULL)
			return UA_ENOMEM;
		i = text_from = close + nlen + 3;
	}
	if (n > text_from && add_text(doc, root, text_from, n - text_from) == NULL)
		return UA_ENOMEM;
	return UA_OK;
}

int
ua_parse_userdata(struct ua_doc *doc, struct ua_diags *d)
{
	if (decode_base64(doc) < 0)
		return UA_ENOMEM;
	doc->fmt = task_form(doc->text, doc->len);
	if (doc->fmt == UA_FMT_JSON)
		return ua_parse_json(doc, d);
	if (doc->fmt == UA_FMT_YAML)
		return ua_parse_yaml(doc, d);
	return script_form(doc, d);
}
