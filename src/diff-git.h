/* SPDX-License-Identifier: MIT */
/* unattend-diff --git: the text diff shown when a side does not parse, secrets hidden. */
#ifndef UA_DIFF_GIT_H
#define UA_DIFF_GIT_H

#include <stdio.h>

struct ua_secret_names;

/* Writes `diff -u` of oldpath and newpath under the given labels to out, every body
 * line that names a password-like thing (sn) hidden. Returns 0, or -1 when diff
 * could not run or failed. */
int ua_diff_git_text(FILE *out, const char *oldlabel, const char *newlabel,
    const char *oldpath, const char *newpath, const struct ua_secret_names *sn);

#endif
