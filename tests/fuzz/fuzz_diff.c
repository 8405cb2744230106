/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: unattend-diff's library path on a pair of inputs. The input
 * is OLD, a line "=====", then NEW; both are parsed as FUZZ_NAME would be. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "diff.h"
#include "ua.h"
#include "validate.h"

#ifndef FUZZ_NAME
#define FUZZ_NAME "unattend.xml"
#endif
#define SEP "\n=====\n"

#include "fuzz_ctx.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *sep = NULL;
	struct ua_doc *a = NULL, *b = NULL;
	struct ua_diags d = { 0 };
	struct ua_diff_opts opts;
	struct ua_diff_list out = { 0 };
	char err[512];
	size_t i;

	for (i = 0; i + sizeof(SEP) - 1 <= size; i++)
		if (memcmp(s + i, SEP, sizeof(SEP) - 1) == 0) {
			sep = s + i;
			break;
		}
	if (sep == NULL)
		return 0;
	memset(&opts, 0, sizeof(opts));
	if (ua_load(ctx, FUZZ_NAME, s, (size_t)(sep - s), NULL, &a, &d, err, sizeof(err)) == UA_OK &&
	    ua_load(ctx, FUZZ_NAME, sep + sizeof(SEP) - 1, size - (size_t)(sep - s) - (sizeof(SEP) - 1),
	    NULL, &b, &d, err, sizeof(err)) == UA_OK)
		ua_diff_docs(ctx, a, b, &opts, &out, err, sizeof(err));
	ua_diff_list_free(&out);
	ua_doc_free(a);
	ua_doc_free(b);
	ua_diags_free(&d);
	return 0;
}
