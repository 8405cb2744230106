/* SPDX-License-Identifier: MIT */
/* Building the XML form of JSON and YAML documents (see schemas/README.md). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tree.h"
#include "util.h"

static int
plain_name(const char *key, size_t n)
{
	char *s;
	int ok;

	if (n == 0 || key[0] == '_' || strncasecmp(key, "xml", 3) == 0 ||
	    memchr(key, '\0', n) != NULL)
		return 0;
	if ((s = ua_strndup(key, n)) == NULL)
		return 0;
	ok = xmlValidateNCName((const xmlChar *)s, 0) == 0;
	free(s);
	return ok;
}

xmlNodePtr
ua_tree_member(xmlDocPtr doc, xmlNodePtr parent, const char *key, size_t keylen)
{
	xmlNodePtr el;
	char *k;

	if (parent == NULL) {
		if ((el = xmlNewDocNode(doc, NULL, BAD_CAST "doc", NULL)) != NULL)
			xmlDocSetRootElement(doc, el);
		return el;
	}
	if (plain_name(key, keylen)) {
		if ((k = ua_strndup(key, keylen)) == NULL)
			return NULL;
		el = xmlNewChild(parent, NULL, BAD_CAST k, NULL);
		free(k);
		return el;
	}
	if ((el = xmlNewChild(parent, NULL, BAD_CAST "_", NULL)) == NULL)
		return NULL;
	/* A NUL inside a key cannot live in XML; the key is cut there. */
	if ((k = ua_strndup(key, keylen)) == NULL)
		return NULL;
	xmlSetProp(el, BAD_CAST "key", BAD_CAST k);
	free(k);
	return el;
}

xmlNodePtr
ua_tree_item(xmlDocPtr doc, xmlNodePtr parent)
{
	(void)doc;
	return xmlNewChild(parent, NULL, BAD_CAST "item", NULL);
}

void
ua_tree_set_type(xmlNodePtr el, const char *type)
{
	xmlSetProp(el, BAD_CAST "type", BAD_CAST type);
}

int
ua_tree_has_elements(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

int
ua_tree_type_is(const xmlNode *el, const char *type)
{
	xmlChar *t = xmlGetProp(el, BAD_CAST "type");
	int hit = t && strcmp((const char *)t, type) == 0;

	xmlFree(t);
	return hit;
}

char *
ua_tree_key(const xmlNode *el)
{
	xmlChar *k = xmlGetProp(el, BAD_CAST "key");
	char *s;

	if (k == NULL || strcmp((const char *)el->name, "_") != 0) {
		xmlFree(k);
		return ua_strdup((const char *)el->name);
	}
	s = ua_strdup((const char *)k);
	xmlFree(k);
	return s;
}

char *
ua_node_text(const xmlNode *n, int trim)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *r = ua_strdup(v ? (trim ? ua_trim((char *)v) : (const char *)v) : "");

	xmlFree(v);
	return r;
}

int
ua_keyed_cmp(const void *a, const void *b)
{
	const struct ua_keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
report(const struct ua_doc *doc, struct ua_diags *d, xmlNodePtr dup, xmlNodePtr first)
{
	unsigned long line, col, fl, fc;
	char *key = ua_tree_key(dup);

	ua_doc_pos(doc, dup, &line, &col);
	ua_doc_pos(doc, first, &fl, &fc);
	ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "duplicate-key",
	    "duplicate key '%s' (first at line %lu)", key ? key : "?", fl);
	free(key);
}

void
ua_tree_report_duplicates(const struct ua_doc *doc, struct ua_diags *d, xmlNodePtr object)
{
	struct ua_keyed *v;
	xmlNodePtr c;
	size_t n = 0, i, k;

	for (c = object->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			n++;
	if (n < 2 || (v = calloc(n, sizeof(*v))) == NULL)
		return;
	for (i = 0, c = object->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			v[i].el = c;
			v[i].order = i;
			if ((v[i].key = ua_tree_key(c)) == NULL)
				goto out;
			i++;
		}
	qsort(v, n, sizeof(*v), ua_keyed_cmp);
	for (i = 1, k = 0; i < n; i++) {
		size_t j = k;
		if (strcmp(v[i].key, v[k].key) != 0) {
			k = i;
			continue;
		}
		/* the branches of a template's conditional are alternatives */
		while (j < i && ua_doc_alternatives(doc, v[j].el, v[i].el))
			j++;
		if (j < i)
			report(doc, d, v[i].el, v[j].el);
	}
out:
	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

xmlNodePtr
ua_tree_next_node(xmlNodePtr n)
{
	if (n->type == XML_ELEMENT_NODE && n->children)
		return n->children;
	while (n && n->next == NULL)
		n = n->parent && n->parent->type != XML_DOCUMENT_NODE ? n->parent : NULL;
	return n ? n->next : NULL;
}

xmlNodePtr
ua_tree_next_element(xmlNodePtr n, const xmlNode *root)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	for (; n && n != root; n = n->parent)
		for (c = n->next; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				return c;
	return NULL;
}
