/* SPDX-License-Identifier: MIT */
/* Validating many files on several threads, reporting in the order given. */
#ifndef UA_PARALLEL_H
#define UA_PARALLEL_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "validate.h"

struct ua_result {
	struct ua_diags d;
	int status;		/* enum ua_status */
	char err[512];		/* the reason when status is not UA_OK */
};

/*
 * Validates paths[0..n) with one thread per context (nctx >= 1; contexts are
 * not shared) and calls emit for each file in order as soon as it and every
 * earlier file are done. emit owns nothing; the result is freed after it.
 * Returns 0, or -1 when threads could not be started (nothing was emitted).
 */
int ua_validate_files(struct ua_ctx **ctxs, size_t nctx, char *const *paths, size_t n,
    const struct ua_validate_opts *opts,
    void (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg);

#endif
