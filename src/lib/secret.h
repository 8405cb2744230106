/* SPDX-License-Identifier: MIT */
/* Which values are secret, and hiding them where a message quotes them. */
#ifndef UA_SECRET_H
#define UA_SECRET_H

#include <stddef.h>
#include <libxml/tree.h>

#include "doc.h"

#define UA_SECRET_MASK "********"

/* The password-like names of schemas/secret-names.tsv. */
struct ua_secret_names;

/* Loads the names from path. Returns 0, or -1 with the reason in err. */
int ua_secret_names_load(const char *path, struct ua_secret_names **out, char *err,
    size_t errlen);
void ua_secret_names_free(struct ua_secret_names *sn);

/* Whether a value named name (under a parent named parent, or NULL) is password-like. */
int ua_secret_path_like(const struct ua_secret_names *sn, const char *parent, const char *name);

/* Whether el holds a value (no child element) under a password-like name (its
 * JSON or YAML key, the parent's too for PARENT/NAME rows). */
int ua_secret_name_like(const struct ua_secret_names *sn, const xmlNode *el);

/* Whether the text line s names a password-like thing: it contains, ignoring case, the
 * word of a row (its parent's name for PARENT/NAME rows, wildcards left out). For
 * text that could not be parsed, where no element says what a value is. */
int ua_secret_names_in_text(const struct ua_secret_names *sn, const char *s);

/*
 * Whether name (a template variable's name, letters and digits only, e.g.
 * adminpasswordtype) holds word, ignoring case, other than followed by
 * nothing but words of schemas/secret-qualifiers.tsv (type, length, policy,
 * ...): password_type names a setting about a password, not a password.
 */
int ua_secret_word_in_name(const struct ua_secret_names *sn, const char *name, const char *word);
/* The same for the word of each row (as ua_secret_names_in_text() takes it). */
int ua_secret_names_in_name(const struct ua_secret_names *sn, const char *name);

/* Appends to *v (a ua_grow array) every element of doc that ua_secret_name_like()
 * accepts. Returns 0, or -1 when out of memory. */
int ua_secret_find_names(const struct ua_secret_names *sn, xmlDocPtr doc, xmlNodePtr **v,
    size_t *n, size_t *cap);

/* Whether n is, or lies within, a node doc has noted as secret (doc->secrets) or
 * a password-like element. */
int ua_secret_within(const struct ua_secret_names *sn, const struct ua_doc *doc,
    const xmlNode *n);

/* Text nodes whose content is replaced while a message is built. */
struct ua_secret_hidden {
	struct ua_secret_saved *v;
	size_t n, cap;
};

/*
 * Replaces the text of each of nodes[0..n) (and of its descendants) by the
 * mask, so that whatever quotes the value until ua_secret_restore() quotes
 * the mask: the first text node of each says UA_SECRET_MASK, any other is
 * empty. Returns 0, or -1 when out of memory (everything restored).
 */
int ua_secret_hide(struct ua_secret_hidden *h, xmlNodePtr const *nodes, size_t n);
/* Puts every replaced text back (the tree as it was); h can be reused. */
void ua_secret_restore(struct ua_secret_hidden *h);
void ua_secret_hidden_free(struct ua_secret_hidden *h);

#endif
