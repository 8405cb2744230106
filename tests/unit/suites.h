/* SPDX-License-Identifier: MIT */
/* The Check suites of libua, one per module. */
#ifndef UA_TEST_SUITES_H
#define UA_TEST_SUITES_H

#include <check.h>

Suite *util_suite(void);
Suite *doc_suite(void);
Suite *validate_suite(void);
Suite *diff_suite(void);
Suite *gen_suite(void);
Suite *agent_suite(void);
Suite *edit_suite(void);
Suite *set_suite(void);
Suite *template_suite(void);
Suite *wordlist_suite(void);

/* The source tree's data directory (schemas/), from $top_srcdir. */
const char *test_datadir(void);

/* A validation context on that data for each test (a checked fixture). */
struct ua_ctx;
extern struct ua_ctx *test_ctx;
void test_ctx_setup(void);
void test_ctx_teardown(void);

#endif
