/* SPDX-License-Identifier: MIT */
/* How unattend-diff writes a list of differences: text lines or one JSON array. */
#ifndef UA_DIFF_PRINT_H
#define UA_DIFF_PRINT_H

#include <stdio.h>

#include "diff.h"

void ua_print_diff_text(FILE *fp, const struct ua_diff_list *l, const char *oldname,
    const char *newname, int color);
void ua_print_diff_json(FILE *fp, const struct ua_diff_list *l, const char *oldname,
    const char *newname);

#endif
