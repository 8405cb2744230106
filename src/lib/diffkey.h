/* SPDX-License-Identifier: MIT */
/* Identity for semantic diffs: what names a child among its siblings, so both trees pair by it. */
#ifndef UA_DIFFKEY_H
#define UA_DIFFKEY_H

#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "catalog.h"
#include "ctx.h"
#include "doc.h"

#define UA_DIFFKEY_MAX_KEYS	4

/* One row of schemas/diff-keys.tsv for the kind compared: a keyed list and its keys. */
struct ua_diffkey_row {
	xmlXPathCompExprPtr list;
	char *keys[UA_DIFFKEY_MAX_KEYS];
	size_t nkeys;
	int ordered;
};

/* A node the walk must recognise: the element of a keyed list, or a secret. */
struct ua_diffkey_mark {
	const xmlNode *node;
	long row;
};

struct ua_diffkey_side {
	struct ua_diffkey_mark *lists, *secrets;	/* sorted by node */
	size_t nlists, nsecrets;
};

/* What a node is in an answer file, for identity and the attributes that carry it. */
enum ua_diffkey_role {
	UA_DK_NODE,
	UA_DK_ROOT,		/* unattend: children are passes */
	UA_DK_PASS,		/* settings: children are components */
	UA_DK_COMPONENT,
	UA_DK_KEYVALUE,		/* a list item identified by wcm:keyValue */
	UA_DK_ROLE_COUNT
};

/* Everything identity needs for one comparison; zero it before ua_diffkey_load(). */
struct ua_secret_names;

struct ua_diffkey {
	int json;			/* the trees are the JSON/YAML mapping */
	struct ua_catalog *cat;		/* answer files only; not owned */
	const struct ua_secret_names *names;	/* password-like names; not owned */
	struct ua_diffkey_row *rows;
	size_t nrows;
	struct ua_diffkey_side s[2];	/* 0 old, 1 new */
};

struct ua_diffkey_item {
	char *id;			/* identity among siblings */
	char *seg;			/* path segment */
	xmlNodePtr node;
	const struct ua_setting *set;
	enum ua_diffkey_role role;
	int secret, byvalue, positional;
	size_t order, occ, group;
	struct ua_diffkey_item *peer;
};

struct ua_diffkey_list {
	struct ua_diffkey_item *v;
	size_t n, cap;
};

/*
 * Appends to dk->rows the rows of path (schemas/diff-keys.tsv) whose kind is
 * kind. Returns 0, or -1 with err set (a malformed row, a bad XPath, out of
 * memory); rows read before the failure stay for ua_diffkey_free().
 */
int ua_diffkey_load(struct ua_diffkey *dk, const char *path, const char *kind, char *err,
    size_t errlen);

/*
 * Marks, for side sd (0 old, 1 new), the elements of doc that dk's rows name as
 * keyed lists. Returns UA_OK or UA_ENOMEM (err untouched).
 */
int ua_diffkey_mark_lists(struct ua_diffkey *dk, int sd, struct ua_doc *doc);

/*
 * Marks, for side sd, the nodes of doc that the kind's rules call secret.
 * Returns UA_OK, or what ua_rules_secret_nodes() returns (err set), or UA_ENOMEM.
 */
int ua_diffkey_mark_secrets(struct ua_diffkey *dk, int sd, struct ua_ctx *ctx,
    struct ua_doc *doc, char *err, size_t errlen);

/* Frees the rows and marks (not cat) and zeroes dk. */
void ua_diffkey_free(struct ua_diffkey *dk);

/* The diff-keys row whose list is n (new side), else o (old side); NULL if neither is one. */
const struct ua_diffkey_row *ua_diffkey_list_row(const struct ua_diffkey *dk,
    const xmlNode *o, const xmlNode *n);

/* 1 when n on side sd is secret: by its catalog setting set (may be NULL) or by a rule. */
int ua_diffkey_secret(const struct ua_diffkey *dk, int sd, const xmlNode *n,
    const struct ua_setting *set);

/*
 * Appends to l the identified children of parent on side sd: attributes other
 * than those that carry parent's identity (XML only), then child elements,
 * each with its id, path segment, setting and secrecy (secret: parent's). row
 * is the diff-keys row when parent is a keyed list. Returns 0, or -1 when out
 * of memory; l is the caller's to ua_diffkey_list_free() either way.
 */
int ua_diffkey_collect(const struct ua_diffkey *dk, int sd, xmlNodePtr parent,
    enum ua_diffkey_role role, const struct ua_setting *set,
    const struct ua_diffkey_row *row, int secret, struct ua_diffkey_list *l);

/* Sorts l by identity (ties in document order) and numbers the repeats of each id. */
void ua_diffkey_number(struct ua_diffkey_list *l);
void ua_diffkey_list_free(struct ua_diffkey_list *l);

/* 1 object, 2 array, 0 scalar (JSON/YAML mapping); for XML, 1 when it has child elements. */
int ua_diffkey_container(const struct ua_diffkey *dk, const xmlNode *n);

/* A scalar's text (an XML element's trimmed). Caller frees; NULL when out of memory. */
char *ua_diffkey_text(const struct ua_diffkey *dk, const xmlNode *n);

/* The text two scalars are compared by; booleans and null as a code. Caller frees. */
char *ua_diffkey_canon(const struct ua_diffkey *dk, const xmlNode *n);

/* Attribute name of element n: its text, "" when it has no text, NULL when absent. Not owned. */
const char *ua_diffkey_attr(const xmlNode *n, const char *name);

/* 1 when n is in the answer-file namespace. */
int ua_diffkey_unattend_ns(const xmlNode *n);

/* The catalog setting of element c under setting set; a component (in a
 * settings element) is found by its name. NULL when either is unknown. */
const struct ua_setting *ua_diffkey_child_setting(const struct ua_diffkey *dk,
    const struct ua_setting *set, const xmlNode *c);

#endif
