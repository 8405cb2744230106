/* SPDX-License-Identifier: MIT */
/* Validating many files in several processes, reporting in the order given. */
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
 * Validates paths[0..n) in jobs worker processes (jobs <= 1: here, one after
 * the other) and calls emit for each file in order as soon as it and every
 * earlier file are done. emit owns nothing; the result is freed after it, and
 * it returns 0 to go on or nonzero to stop (its output is gone: the workers are
 * stopped and no further file is checked). A file whose worker died is
 * reported with status UA_EIO; when no worker can be started the files are
 * checked here. Returns 0, or -1 when the workers could not be followed (poll
 * failed: the files not yet reported are not).
 */
int ua_validate_files(struct ua_ctx *ctx, size_t jobs, char *const *paths, size_t n,
    const struct ua_validate_opts *opts,
    int (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg);

#endif
