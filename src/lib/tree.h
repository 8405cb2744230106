/* SPDX-License-Identifier: MIT */
/* Building the XML form of JSON and YAML documents (see schemas/README.md). */
#ifndef UA_TREE_H
#define UA_TREE_H

#include <stddef.h>
#include <libxml/tree.h>

/* Creates the element for object member key under parent (NULL parent: the root `doc`). */
xmlNodePtr ua_tree_member(xmlDocPtr doc, xmlNodePtr parent, const char *key, size_t keylen);
/* Creates an array item element under parent. */
xmlNodePtr ua_tree_item(xmlDocPtr doc, xmlNodePtr parent);
void ua_tree_set_type(xmlNodePtr el, const char *type);
/* The key an element stands for: its `key` attribute or its name. Caller frees. */
char *ua_tree_key(const xmlNode *el);
/* Reports members of object whose key repeats, calling fn on each later duplicate. */
void ua_tree_find_duplicates(xmlNodePtr object,
    void (*fn)(xmlNodePtr dup, xmlNodePtr first, void *arg), void *arg);

#endif
