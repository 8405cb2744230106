/* SPDX-License-Identifier: MIT */
/* unattend-gen's answer-file editing: --set into a tree, and --from (an existing file as the start). */
#ifndef UA_GENFROM_H
#define UA_GENFROM_H

#include <stddef.h>
#include <libxml/tree.h>

#include "catalog.h"
#include "ctx.h"
#include "diag.h"
#include "gen.h"

/*
 * Sets pass/path to value in the answer file doc. path is Component/Setting/...
 * as checked against cat beforehand (names are written in canonical case).
 * Missing settings, components (with the standard attributes, the processor
 * architecture taken from the file's existing components, else amd64) and
 * containers are made, settings passes in the order Windows Setup runs them.
 * A step that is a list in the catalog appends a new item (wcm:action="add",
 * key one more than the highest) holding item ("Child=Text", or NULL) first.
 * Returns UA_OK, UA_EDATA (a name not in the catalog) or UA_ENOMEM.
 */
int ua_gen_edit_set(const struct ua_catalog *cat, xmlDocPtr doc, const char *pass,
    const char *path, const char *value, const char *item);

/*
 * Serializes doc with the indentation made anew (whitespace between elements
 * is dropped first), so the same tree gives the same bytes. Returns UA_OK or
 * UA_ENOMEM; *bytes is the caller's.
 */
int ua_gen_edit_save(xmlDocPtr doc, char **bytes, size_t *len);

/*
 * --from: reads p's from file, which must be an answer file, applies the named
 * options (templates/from.tsv) and the --set items whose target is a pass, and
 * fills out (name file, kind unattend) with the result, not yet validated.
 * Returns UA_OK; UA_ESYNTAX when the file does not parse (the finding is in d);
 * UA_EUSAGE (not an answer file), UA_EIO, UA_EDATA or UA_ENOMEM with err set.
 */
int ua_gen_from(struct ua_ctx *ctx, const struct ua_gen_params *p, const char *agent,
    const char *file, struct ua_gen_file *out, struct ua_diags *d, char *err,
    size_t errlen);

#endif
