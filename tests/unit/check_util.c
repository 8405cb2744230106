/* SPDX-License-Identifier: MIT */
/* Unit tests: string helpers, did-you-mean, diagnostics list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "suites.h"
#include "util.h"

static const struct {
	const char *a, *b;
	size_t want;
} distances[] = {
	{ "CopyProfile", "CopyProfile", 0 },
	{ "copyprofile", "CopyProfile", 0 },
	{ "CopyProfil", "CopyProfile", 1 },
	{ "extendRootParitition", "extendRootPartition", 1 },
	{ "enableOpenSSH", "enableOpenSsh", 0 },
	{ "", "abc", 3 },
	{ "abc", "xyz", 3 },
};

START_TEST(test_edit_distance)
{
	size_t got = ua_edit_distance(distances[_i].a, distances[_i].b, 10);

	ck_assert_msg(got == distances[_i].want, "distance(%s, %s) = %zu, want %zu",
	    distances[_i].a, distances[_i].b, got, distances[_i].want);
}
END_TEST

START_TEST(test_edit_distance_cap)
{
	ck_assert_uint_eq(ua_edit_distance("abcdefgh", "zyxwvuts", 2), 3);
	ck_assert_uint_eq(ua_edit_distance("a", "abcdefgh", 2), 3);
}
END_TEST

START_TEST(test_suggest)
{
	const char *const names[] = { "TimeZone", "ComputerName", "CopyProfile", "RegisteredOwner" };

	ck_assert_str_eq(ua_suggest("TimeZon", names, 4), "TimeZone");
	ck_assert_str_eq(ua_suggest("ComputerNmae", names, 4), "ComputerName");
	ck_assert_ptr_null(ua_suggest("Wallpaper", names, 4));
	ck_assert_ptr_null(ua_suggest("x", names, 0));
}
END_TEST

START_TEST(test_replace_all)
{
	char *s = ua_strdup("pw 'hunter2' and hunter2");

	ck_assert_int_eq(ua_str_replace_all(&s, "hunter2", "***"), 0);
	ck_assert_str_eq(s, "pw '***' and ***");
	ck_assert_int_eq(ua_str_replace_all(&s, "absent", "x"), 0);
	ck_assert_str_eq(s, "pw '***' and ***");
	free(s);
}
END_TEST

START_TEST(test_buf)
{
	struct ua_buf b = { 0 };
	char *s;

	ua_buf_puts(&b, "a");
	ua_buf_printf(&b, "%d-%s", 42, "z");
	ua_buf_add(&b, "xyz", 2);
	s = ua_buf_take(&b);
	ck_assert_str_eq(s, "a42-zxy");
	free(s);
	s = ua_buf_take(&b);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_diags_sort_stable)
{
	struct ua_diags d = { 0 };

	ua_diags_add(&d, "f", 5, 1, UA_SEV_ERROR, "r1", "late");
	ua_diags_add(&d, "f", 2, 9, UA_SEV_WARNING, "r2", "first-a");
	ua_diags_add(&d, "f", 2, 9, UA_SEV_NOTE, "r3", "first-b");
	ua_diags_add(&d, "f", 2, 3, UA_SEV_ERROR, "r4", "%s-%d", "earliest", 1);
	ua_diags_sort(&d, 0);
	ck_assert_str_eq(d.v[0].msg, "earliest-1");
	ck_assert_str_eq(d.v[1].msg, "first-a");
	ck_assert_str_eq(d.v[2].msg, "first-b");
	ck_assert_str_eq(d.v[3].msg, "late");
	ck_assert_uint_eq(ua_diags_count(&d, 0, UA_SEV_ERROR), 2);
	ck_assert_uint_eq(ua_diags_count(&d, 1, UA_SEV_ERROR), 1);
	ua_diags_free(&d);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

START_TEST(test_severity_names)
{
	ck_assert_int_eq(ua_severity_parse("error"), UA_SEV_ERROR);
	ck_assert_int_eq(ua_severity_parse("warning"), UA_SEV_WARNING);
	ck_assert_int_eq(ua_severity_parse("note"), UA_SEV_NOTE);
	ck_assert_int_eq(ua_severity_parse("fatal"), -1);
	ck_assert_str_eq(ua_severity_name(UA_SEV_WARNING), "warning");
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_edit_distance, 0, sizeof(distances) / sizeof(distances[0]));
	tcase_add_test(tc, test_edit_distance_cap);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_replace_all);
	tcase_add_test(tc, test_buf);
	tcase_add_test(tc, test_diags_sort_stable);
	tcase_add_test(tc, test_severity_names);
	suite_add_tcase(s, tc);
	return s;
}
