/* SPDX-License-Identifier: MIT */
/* The answer-file catalog (schemas/unattend/catalog.tsv) as a tree of settings. */
#ifndef UA_CATALOG_H
#define UA_CATALOG_H

#include <stddef.h>

enum ua_stype {
	UA_ST_COMPONENT,
	UA_ST_CONTAINER,
	UA_ST_SEQUENCE,
	UA_ST_VALUE,
	UA_ST_COUNT
};

#define UA_SF_LIST	0x1u	/* repeats as a list item */
#define UA_SF_EMPTY	0x2u	/* an empty value is allowed */
#define UA_SF_SECRET	0x4u	/* a password or key: never printed */

#define UA_MAX_PASSES	16

struct ua_setting {
	const char *name;		/* canonical spelling (in the catalog's text) */
	struct ua_setting *parent;
	struct ua_setting **kids;
	size_t nkids, capkids;
	unsigned passes;		/* bit i: valid in catalog pass i */
	enum ua_stype type;
	unsigned flags;
	const char *key;		/* list key: a child name, or "@keyValue" (in the text) */
	int defined;			/* a catalog line describes it */
	int unsorted;			/* kids did not come in strcmp order */
	int scan_all;			/* while loading: nor in the file's (case-blind) order */
	struct ua_setting **byname;	/* then: kids sorted by strcmp, for lookups */
	char *lines, *lines_end;	/* a component not read yet: its catalog lines */
	char *owned_name;		/* a component's name, copied out of its lines */
};

struct ua_setting_block;

struct ua_catalog {
	struct ua_setting root;		/* kids: the components */
	char *text;			/* catalog.tsv, split in place: names point here */
	struct ua_setting_block *blocks;	/* where the settings live */
	char *passes[UA_MAX_PASSES];	/* pass names, in first-seen order */
	size_t npasses;
	char last_passes[160];		/* while loading: the previous line's list */
	unsigned last_mask;
	const char *path;		/* while loading: for messages */
};

/* Loads path; returns 0, or -1 with the reason in err. */
int ua_catalog_load(const char *path, struct ua_catalog **out, char *err, size_t errlen);
void ua_catalog_free(struct ua_catalog *c);

/* The child of parent named name: exact match first, else ignoring case. */
const struct ua_setting *ua_setting_child(const struct ua_setting *parent,
    const char *name, int *case_differs);
/* A near miss among parent's children for did-you-mean, or NULL. */
const char *ua_setting_suggest(const struct ua_setting *parent, const char *name);
/* The index of pass name, or -1. */
int ua_catalog_pass(const struct ua_catalog *c, const char *name);
/* "specialize, oobeSystem": the passes in mask. Caller frees. */
char *ua_catalog_pass_list(const struct ua_catalog *c, unsigned mask);
/* "Component/A/B". Caller frees. */
char *ua_setting_path(const struct ua_setting *s);

#endif
