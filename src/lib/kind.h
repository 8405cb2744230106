/* SPDX-License-Identifier: MIT */
/* File kinds: which schema and engine a file gets, from schemas/kinds.tsv. */
#ifndef UA_KIND_H
#define UA_KIND_H

#include <stddef.h>
#include <libxml/tree.h>

#include "doc.h"

struct ua_kind {
	char *name;
	unsigned formats;	/* bit (1 << enum ua_format) per accepted syntax */
	char **names;		/* file name patterns */
	size_t nnames;
	char **sigs;		/* root element or top-level keys */
	size_t nsigs;
	char *schema;		/* NULL: the answer-file engine */
	char *desc;
};

struct ua_kinds {
	struct ua_kind *v;
	size_t n;
};

int ua_kinds_load(const char *path, struct ua_kinds *k, char *err, size_t errlen);
void ua_kinds_free(struct ua_kinds *k);
const struct ua_kind *ua_kind_find(const struct ua_kinds *k, const char *name);
/* By the file name's last component; NULL when no pattern matches. */
const struct ua_kind *ua_kind_by_filename(const struct ua_kinds *k, const char *path);
/* By the root element (XML) or top-level keys (JSON, YAML). */
const struct ua_kind *ua_kind_by_content(const struct ua_kinds *k, const struct ua_doc *doc);
/* Nonzero when doc's root element (XML) or top-level keys (JSON, YAML) are
 * kind's signature: the content agrees with the name. */
int ua_kind_matches_content(const struct ua_kind *kind, const struct ua_doc *doc);
/* The syntax to parse a file of kind kind with, given its name and first bytes. */
enum ua_format ua_kind_format(const struct ua_kind *kind, const char *name,
    const char *bytes, size_t len);

#endif
