/* SPDX-License-Identifier: MIT */
/* The Check runner for libua's unit tests. */
#include "config.h"

#include <stdlib.h>

#include "ctx.h"
#include "ua.h"
#include "suites.h"

const char *
test_datadir(void)
{
	const char *d = getenv("UNATTEND_TOOLS_DATADIR");

	if (d == NULL)
		d = getenv("top_srcdir");
	return d ? d : ".";
}

struct ua_ctx *test_ctx;

void
test_ctx_setup(void)
{
	char err[512];

	ck_assert_msg(ua_ctx_new(test_datadir(), &test_ctx, err, sizeof(err)) == UA_OK, "%s", err);
}

void
test_ctx_teardown(void)
{
	ua_ctx_free(test_ctx);
	test_ctx = NULL;
}

int
main(void)
{
	SRunner *sr = srunner_create(util_suite());
	int failed;

	srunner_add_suite(sr, doc_suite());
	srunner_add_suite(sr, validate_suite());
	srunner_add_suite(sr, diff_suite());
	srunner_add_suite(sr, gen_suite());
	srunner_add_suite(sr, agent_suite());
	srunner_add_suite(sr, edit_suite());
	srunner_add_suite(sr, set_suite());
	srunner_add_suite(sr, template_suite());
	srunner_add_suite(sr, wordlist_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	ua_global_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
