/* SPDX-License-Identifier: MIT */
/* unattend-gen's answer-file editing: --set into a tree, and --from (an existing file as the start). */
#ifndef UA_GENFROM_H
#define UA_GENFROM_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "gen.h"

/*
 * Applies p's --set items whose target is a pass to the answer file *bytes
 * (named name) through the editing engine: a missing setting is added with its
 * parents, a step that is a list in the catalog adds a new item (key one more
 * than the highest). *bytes is replaced. Returns UA_OK, UA_EDATA (a name not in
 * the catalog; err says which) or UA_ENOMEM.
 */
int ua_gen_apply_sets(struct ua_ctx *ctx, const struct ua_gen_params *p, const char *name,
    char **bytes, size_t *len, char *err, size_t errlen);

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
