/* SPDX-License-Identifier: MIT */
/* Case folding of names and values where the reading agent ignores case
 * (schemas/agents/casefold.tsv), applied before schema validation. */
#ifndef UA_CASEFOLD_H
#define UA_CASEFOLD_H

#include "ctx.h"
#include "doc.h"

/* Applies the rows for doc's kind. Returns UA_OK or UA_EDATA with err set. */
int ua_casefold_apply(struct ua_ctx *ctx, struct ua_doc *doc, char *err, size_t errlen);
void ua_casefold_free(struct ua_ctx *ctx);

#endif
