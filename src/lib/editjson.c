/* SPDX-License-Identifier: MIT */
/* Editing JSON text in place: a value replaced, a member added or removed, by key path. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "editint.h"
#include "tree.h"
#include "ua.h"

static size_t
string_end(const char *t, size_t len, size_t i)
{
	for (i++; i < len && t[i] != '"'; i++)
		if (t[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

/* The offset just past the value that starts at i. */
static size_t
value_end(const struct ua_edit *e, size_t i)
{
	const char *t = e->doc->text;
	size_t len = e->doc->len, depth = 0;

	if (i < len && t[i] == '"')
		return string_end(t, len, i);
	if (i < len && (t[i] == '{' || t[i] == '[')) {
		for (; i < len; i++) {
			if (t[i] == '"')
				i = string_end(t, len, i) - 1;
			else if (t[i] == '{' || t[i] == '[')
				depth++;
			else if ((t[i] == '}' || t[i] == ']') && --depth == 0)
				return i + 1;
		}
		return len;
	}
	while (i < len && strchr(" \t\r\n,]}", t[i]) == NULL)
		i++;
	return i;
}

static size_t
skip_ws(const struct ua_edit *e, size_t i)
{
	while (i < e->doc->len && strchr(" \t\r\n", e->doc->text[i]) != NULL)
		i++;
	return i;
}

static int
is_member(const xmlNode *n)
{
	return n->parent && n->parent->type == XML_ELEMENT_NODE &&
	    xmlStrcmp(n->name, (const xmlChar *)"item") != 0;
}

/* Where n's value starts; *keyend: just past its key (members), else the value start. */
static int
value_start(const struct ua_edit *e, const xmlNode *n, size_t *vs, size_t *keyend)
{
	size_t off;

	if (ua_doc_offset(e->doc, n, &off) != 0)
		return -1;
	if (!is_member(n)) {
		*vs = *keyend = off;
		return 0;
	}
	*keyend = string_end(e->doc->text, e->doc->len, off);
	*vs = skip_ws(e, skip_ws(e, *keyend) + 1);	/* past the colon */
	return 0;
}

static xmlNodePtr
member(xmlNodePtr obj, const char *key, int nocase)
{
	xmlNodePtr c;
	char *k;
	int hit;

	for (c = obj->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || (k = ua_tree_key(c)) == NULL)
			continue;
		hit = nocase ? strcasecmp(k, key) == 0 : strcmp(k, key) == 0;
		free(k);
		if (hit)
			return c;
	}
	return NULL;
}

static xmlNodePtr
step(xmlNodePtr n, const char *s)
{
	xmlNodePtr c;
	char *end;
	long i;

	if (ua_tree_type_is(n, "object"))
		return (c = member(n, s, 0)) != NULL ? c : member(n, s, 1);
	if (!ua_tree_type_is(n, "array") || (i = strtol(s, &end, 10)) < 0 || *end || end == s)
		return NULL;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && i-- == 0)
			return c;
	return NULL;
}

static void
json_string(struct ua_buf *b, const char *s)
{
	ua_buf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			ua_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			ua_buf_puts(b, "\\n");
		else if (c == '\r')
			ua_buf_puts(b, "\\r");
		else if (c == '\t')
			ua_buf_puts(b, "\\t");
		else if (c < 0x20)
			ua_buf_printf(b, "\\u%04x", c);
		else
			ua_buf_add(b, s, 1);
	}
	ua_buf_puts(b, "\"");
}

static int
literal(const char *v)
{
	char *end;

	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0 || strcmp(v, "null") == 0)
		return 1;
	if (*v == '\0' || strchr("-0123456789", *v) == NULL)
		return 0;
	strtod(v, &end);
	return *end == '\0' && (v[0] != '0' || v[1] == '\0' || v[1] == '.' || v[1] == 'e' || v[1] == 'E');
}

/* value as JSON: a string where the old value was one (or is not a literal). */
static char *
encode_value(const char *value, int was_string)
{
	struct ua_buf b = { 0 };

	if (!was_string && literal(value))
		ua_buf_puts(&b, value);
	else
		json_string(&b, value);
	ua_buf_add(&b, "", 0);
	return ua_buf_take(&b);
}

/* The blanks that open off's line. */
static char *
line_indent(const struct ua_edit *e, size_t off)
{
	size_t s = ua_edit_line_start(e, off), i = s;

	while (i < e->doc->len && (e->doc->text[i] == ' ' || e->doc->text[i] == '\t'))
		i++;
	return ua_strndup(e->doc->text + s, i - s);
}

/* Adds "key": val as obj's last member, laid out as its members are. */
static int
add_member(struct ua_edit *e, xmlNodePtr obj, const char *key, const char *val,
    struct ua_diags *d)
{
	struct ua_buf b = { 0 };
	xmlNodePtr last = NULL, c;
	size_t os, oe, ke, vs, ve, off;
	char *ind = NULL;
	int st;

	for (c = obj->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			last = c;
	if (value_start(e, obj, &os, &ke) != 0)
		return UA_ESYNTAX;
	oe = value_end(e, os);
	if (last && value_start(e, last, &vs, &ke) == 0 && ua_doc_offset(e->doc, last, &off) == 0) {
		ve = value_end(e, vs);
		if ((ind = ua_edit_indent_at(e, off)) != NULL)
			ua_buf_printf(&b, ",%s%s", e->eol, ind);
		else
			ua_buf_puts(&b, ", ");
		json_string(&b, key);
		ua_buf_add(&b, e->doc->text + ke, vs - ke);
		ua_buf_puts(&b, val);
		ua_buf_add(&b, "", 0);
		st = b.failed ? UA_ENOMEM : ua_edit_splice(e, ve, 0, b.s, d);
	} else {
		ind = line_indent(e, os);
		ua_buf_printf(&b, "%s%s%s", e->eol, ind ? ind : "", e->unit);
		json_string(&b, key);
		ua_buf_printf(&b, ": %s%s%s", val, e->eol, ind ? ind : "");
		ua_buf_add(&b, "", 0);
		st = b.failed ? UA_ENOMEM : ua_edit_splice(e, os + 1, oe - os - 2, b.s, d);
	}
	ua_buf_free(&b);
	free(ind);
	return st;
}

int
ua_editj_set(struct ua_edit *e, const char *path, const char *value, struct ua_diags *d)
{
	char *copy = ua_strdup(path), *steps[UA_EDIT_MAX_STEPS], *save = NULL, *s, *val;
	size_t n = 0, i, k, vs, ke;
	xmlNodePtr node, next;
	int st = UA_OK, done = 0;

	if (copy == NULL)
		return UA_ENOMEM;
	for (s = strtok_r(copy, "/", &save); s && n < UA_EDIT_MAX_STEPS; s = strtok_r(NULL, "/", &save))
		steps[n++] = s;
	if (n == 0 || s) {
		ua_edit_refuse(e, d, "%s: a malformed path", path);
		free(copy);
		return UA_ESYNTAX;
	}
	for (k = 0; st == UA_OK && !done && k < UA_EDIT_MAX_STEPS; k++) {
		node = xmlDocGetRootElement(e->doc->xml);
		for (i = 0; i < n && (next = step(node, steps[i])) != NULL; i++)
			node = next;
		if (i < n && !ua_tree_type_is(node, "object")) {
			ua_edit_refuse(e, d, "%s: %s is not an object", path, i ? steps[i - 1] : "the file");
			st = UA_ESYNTAX;
		} else if (i < n) {
			val = i + 1 == n ? encode_value(value, 0) : ua_strdup("{}");
			st = val ? add_member(e, node, steps[i], val, d) : UA_ENOMEM;
			done = i + 1 == n;
			free(val);
		} else if (ua_tree_type_is(node, "object") || ua_tree_type_is(node, "array")) {
			ua_edit_refuse(e, d, "%s holds an %s, not a value", path,
			    ua_tree_type_is(node, "array") ? "array" : "object");
			st = UA_ESYNTAX;
		} else {
			char *now = ua_node_text(node, 0);
			done = 1;
			if (now && strcmp(now, value) == 0 && !ua_tree_type_is(node, "null")) {
				free(now);
				break;
			}
			free(now);
			if (value_start(e, node, &vs, &ke) != 0 ||
			    (val = encode_value(value, ua_tree_type_is(node, "string"))) == NULL) {
				st = UA_ENOMEM;
				break;
			}
			st = ua_edit_splice(e, vs, value_end(e, vs) - vs, val, d);
			free(val);
		}
	}
	free(copy);
	return st;
}

int
ua_editj_unset(struct ua_edit *e, const char *path, struct ua_diags *d)
{
	char *copy = ua_strdup(path), *save = NULL, *s, *a, *b;
	xmlNodePtr node = xmlDocGetRootElement(e->doc->xml), prev, next;
	size_t from, to, vs, ke, off, noff;
	int st;

	if (copy == NULL)
		return UA_ENOMEM;
	for (s = strtok_r(copy, "/", &save); s && node; s = strtok_r(NULL, "/", &save))
		node = step(node, s);
	free(copy);
	if (node == NULL || node == xmlDocGetRootElement(e->doc->xml))
		return UA_OK;
	for (prev = node->prev; prev && prev->type != XML_ELEMENT_NODE; prev = prev->prev)
		;
	for (next = node->next; next && next->type != XML_ELEMENT_NODE; next = next->next)
		;
	if (ua_doc_offset(e->doc, node, &off) != 0 || value_start(e, node, &vs, &ke) != 0)
		return UA_ESYNTAX;
	to = value_end(e, vs);
	if (next && ua_doc_offset(e->doc, next, &noff) == 0) {
		a = ua_edit_indent_at(e, off);
		b = ua_edit_indent_at(e, noff);
		from = a && b ? ua_edit_line_start(e, off) : off;
		to = a && b ? ua_edit_line_start(e, noff) : noff;
		free(a);
		free(b);
	} else if (prev && value_start(e, prev, &vs, &ke) == 0)
		from = value_end(e, vs);
	else if ((a = ua_edit_indent_at(e, off)) != NULL) {
		from = ua_edit_line_start(e, off);
		to = ua_edit_line_rest(e, to);
		free(a);
	} else
		from = off;
	st = ua_edit_splice(e, from, to - from, "", d);
	return st;
}
