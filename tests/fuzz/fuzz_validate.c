/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: one input kind through the library's real validation path.
 * Built by tests/fuzz/run with -DFUZZ_KIND="kind" (or NULL: detect by content). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ctx.h"
#include "ua.h"
#include "validate.h"

#ifndef FUZZ_KIND
#define FUZZ_KIND NULL
#endif
#ifndef FUZZ_NAME
#define FUZZ_NAME "fuzz-input"
#endif

#include "fuzz_ctx.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ua_validate_opts opts = { .kind = FUZZ_KIND };
	struct ua_diags d = { 0 };
	char err[512];

	ua_validate_buffer(ctx, FUZZ_NAME, (const char *)data, size, &opts, &d, NULL,
	    err, sizeof(err));
	ua_diags_free(&d);
	return 0;
}
