/* SPDX-License-Identifier: MIT */
/* SARIF 2.1.0 output of unattend-validate, for code scanning. */
#ifndef UA_SARIF_H
#define UA_SARIF_H

#include <stdio.h>

#include "ctx.h"
#include "diag.h"

/* Opens the log: the tool and every rule of the table with its metadata. */
void ua_sarif_begin(FILE *fp, struct ua_ctx *ctx);
void ua_sarif_result(FILE *fp, const struct ua_diag *e, int first);
void ua_sarif_end(FILE *fp);

#endif
