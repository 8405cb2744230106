/* SPDX-License-Identifier: MIT */
/* Building the XML form of JSON and YAML documents (see schemas/README.md). */
#ifndef UA_TREE_H
#define UA_TREE_H

#include <stddef.h>
#include <libxml/tree.h>

#include "diag.h"
#include "doc.h"

/* Creates the element for object member key under parent (NULL parent: the root `doc`). */
xmlNodePtr ua_tree_member(xmlDocPtr doc, xmlNodePtr parent, const char *key, size_t keylen);
/* Creates an array item element under parent. */
xmlNodePtr ua_tree_item(xmlDocPtr doc, xmlNodePtr parent);
void ua_tree_set_type(xmlNodePtr el, const char *type);
/* 1 when n has an element among its children. */
int ua_tree_has_elements(const xmlNode *n);
/* 1 when el's type (see ua_tree_set_type) is type. */
int ua_tree_type_is(const xmlNode *el, const char *type);
/* The key an element stands for: its `key` attribute or its name. Caller frees. */
char *ua_tree_key(const xmlNode *el);
/* The text of n (trimmed of blanks at both ends when trim). Caller frees; NULL on ENOMEM. */
char *ua_node_text(const xmlNode *n, int trim);

/* The node after n in document order in the whole document, of any type
 * (descending into an element's children first), or NULL at the end. */
xmlNodePtr ua_tree_next_node(xmlNodePtr n);
/* The element after n in document order within root's subtree (descending into
 * n's children first), or NULL at the end: a walk without recursion. */
xmlNodePtr ua_tree_next_element(xmlNodePtr n, const xmlNode *root);

/* A node with the key that identifies it; order breaks ties (document order). */
struct ua_keyed {
	char *key;
	xmlNodePtr el;
	size_t order;
};
/* qsort comparison of struct ua_keyed: by key, then order. */
int ua_keyed_cmp(const void *a, const void *b);

/* Adds a duplicate-key finding to d for each later member of object whose key repeats. */
void ua_tree_report_duplicates(const struct ua_doc *doc, struct ua_diags *d,
    xmlNodePtr object);

#endif
