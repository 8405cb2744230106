/* SPDX-License-Identifier: MIT */
/* What every libFuzzer harness shares: one validation context for the run. */
#ifndef UA_FUZZ_CTX_H
#define UA_FUZZ_CTX_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ctx.h"
#include "ua.h"

static struct ua_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("UNATTEND_TOOLS_DATADIR");
	char err[512];

	(void)argc;
	(void)argv;
	if (ua_ctx_new(dir ? dir : FUZZ_DATADIR, &ctx, err, sizeof(err)) != UA_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	return 0;
}

#endif
