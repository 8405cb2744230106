/* SPDX-License-Identifier: MIT */
/* The answer-file engine: envelope, components, settings and passes, checked
 * against the catalog, then each component against its generated schema. */
#ifndef UA_UNATTEND_H
#define UA_UNATTEND_H

#include "ctx.h"
#include "diag.h"
#include "doc.h"

#define UA_NS_UNATTEND	"urn:schemas-microsoft-com:unattend"
#define UA_NS_WCM	"http://schemas.microsoft.com/WMIConfig/2002/State"

/* Returns UA_OK (findings or not), UA_EDATA with err set, or UA_ENOMEM. */
int ua_unattend_check(struct ua_ctx *ctx, struct ua_doc *doc, struct ua_diags *d,
    char *err, size_t errlen);

#endif
