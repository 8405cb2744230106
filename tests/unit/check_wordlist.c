/* SPDX-License-Identifier: MIT */
/* Unit tests: value lists (membership, did-you-mean) on templates/timezones.txt. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "wordlist.h"

static struct ua_wordlist *zones;

static void
zones_setup(void)
{
	char err[256], path[4096];

	snprintf(path, sizeof(path), "%s/templates/timezones.txt", test_datadir());
	ck_assert_msg(ua_wordlist_load(path, &zones, err, sizeof(err)) == 0, "%s", err);
}

static void
zones_teardown(void)
{
	ua_wordlist_free(zones);
	zones = NULL;
}

static const struct {
	const char *value;
	int listed;
	const char *suggest;	/* NULL: none; "*": any */
} cases[] = {
	{ "UTC", 1, NULL },
	{ "pacific standard time", 1, NULL },
	{ "Pacific Standard Tme", 0, "Pacific Standard Time" },		/* an edit */
	{ "PST", 0, "Pacific Standard Time" },				/* initials */
	{ "CET", 0, "Central Europe Standard Time" },			/* initials, one word left out */
	{ "Central European Time", 0, "Central European Standard Time" },	/* shared words */
	{ "UTC-800 Pacific Time (US & Canada)", 0, "Pacific Standard Time" },
	{ "# Windows time zone IDs", 0, "*" },				/* comments are not entries */
	{ "Nowhere", 0, NULL },
};

START_TEST(test_zone)
{
	const char *got = ua_wordlist_suggest(zones, cases[_i].value);

	ck_assert_msg(ua_wordlist_has(zones, cases[_i].value) == cases[_i].listed,
	    "listed(%s) != %d", cases[_i].value, cases[_i].listed);
	if (cases[_i].listed || strcmp(cases[_i].suggest ? cases[_i].suggest : "", "*") == 0)
		return;
	if (cases[_i].suggest == NULL)
		ck_assert_msg(got == NULL, "suggest(%s) = %s, want none", cases[_i].value, got);
	else
		ck_assert_msg(got && strcmp(got, cases[_i].suggest) == 0, "suggest(%s) = %s, want %s",
		    cases[_i].value, got ? got : "(none)", cases[_i].suggest);
}
END_TEST

START_TEST(test_missing_file)
{
	struct ua_wordlist *w = NULL;
	char err[256] = "";

	ck_assert_int_ne(ua_wordlist_load("/nonexistent/list.txt", &w, err, sizeof(err)), 0);
	ck_assert_ptr_null(w);
	ck_assert_msg(err[0] != '\0', "no reason given");
}
END_TEST

Suite *
wordlist_suite(void)
{
	Suite *s = suite_create("wordlist");
	TCase *tc = tcase_create("timezones");

	tcase_add_checked_fixture(tc, zones_setup, zones_teardown);
	tcase_add_loop_test(tc, test_zone, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_missing_file);
	suite_add_tcase(s, tc);
	return s;
}
