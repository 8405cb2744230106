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
/* What could not be checked: files that could not be read (error) or were
 * skipped (note), for the log's toolExecutionNotifications. */
struct ua_sarif_note {
	char *file;		/* "-" for standard input */
	char *msg;		/* "FILE: reason" */
	int error;
};

struct ua_sarif_notes {
	struct ua_sarif_note *v;
	size_t n, cap;
};

void ua_sarif_note(struct ua_sarif_notes *n, const char *file, const char *msg, int error);
/* Closes the results and the log with the invocation and its notifications
 * (then freed). */
void ua_sarif_end(FILE *fp, struct ua_sarif_notes *n);

#endif
