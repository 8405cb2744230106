/* SPDX-License-Identifier: MIT */
/* XSD validation: compile each schema once, report its errors as our findings. */
#ifndef UA_SCHEMA_H
#define UA_SCHEMA_H

#include <libxml/tree.h>

#include "ctx.h"
#include "diag.h"
#include "doc.h"

/* How schema errors are named. */
enum ua_schema_role {
	UA_SCHEMA_CONTENT,	/* value-type, value-enum, structure, ... */
	UA_SCHEMA_ENVELOPE,	/* root, unknown-pass, component-attribute, envelope */
	UA_SCHEMA_ROLE_COUNT
};

/*
 * Validates el (NULL: the whole document) against the schema at rel (relative
 * to schemas/), compiling it on first use. Each error becomes a finding named
 * by role, or rule when rule is not NULL. Returns UA_OK (findings or not), or
 * UA_EDATA with err set when the schema cannot be loaded.
 */
int ua_schema_validate(struct ua_ctx *ctx, const char *rel, struct ua_doc *doc,
    xmlNodePtr el, enum ua_schema_role role, const char *rule,
    struct ua_diags *d, char *err, size_t errlen);
/*
 * The same, for an element whose schema declares it a bag (any number of its
 * children, in any order) and whose document gives it only the children named
 * in names (sorted, space-separated, the same for every element of the
 * document validated against rel). A run's first document compiles only those
 * parts of the bag; the findings are the same as with the whole schema.
 */
int ua_schema_validate_bag(struct ua_ctx *ctx, const char *rel, struct ua_doc *doc,
    xmlNodePtr el, const char *names, enum ua_schema_role role, const char *rule,
    struct ua_diags *d, char *err, size_t errlen);
void ua_schema_cache_free(struct ua_ctx *ctx);

#endif
