/* SPDX-License-Identifier: MIT */
/* Unit tests: value lists (membership, did-you-mean) on templates/timezones.txt; tables
 * (a value for each key) on a small file, schemas/patterns.tsv and language-names.tsv. */
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

static const struct {
	const char *key, *value;	/* value NULL: no value */
} table_cases[] = {
	{ "english", "en-US" },			/* keys ignore case */
	{ "ENGLISH", "en-US" },
	{ "german", "de-DE" },			/* the notes column is not part of the value */
	{ "bare", NULL },			/* a key without a value */
	{ "engl", NULL },			/* a prefix is not the key */
	{ "english\tx", "en-US" },		/* a key ends at a tab */
	{ "# comment\tno", NULL },
};

START_TEST(test_table)
{
	char err[256], path[] = "/tmp/ua-wordlist-XXXXXX";
	static const char text[] = "# comment\tno\nEnglish\ten-US\nbare\nGerman\tde-DE\tnotes\tmore\n";
	struct ua_wordlist *w = NULL;
	const char *got;
	FILE *f;
	int fd;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	ck_assert_msg(ua_wordlist_load(path, &w, err, sizeof(err)) == 0, "%s", err);
	remove(path);
	got = ua_wordlist_get(w, table_cases[_i].key);
	if (table_cases[_i].value == NULL)
		ck_assert_msg(got == NULL, "get(%s) = %s, want none", table_cases[_i].key, got);
	else
		ck_assert_msg(got && strcmp(got, table_cases[_i].value) == 0, "get(%s) = %s, want %s",
		    table_cases[_i].key, got ? got : "(none)", table_cases[_i].value);
	ua_wordlist_free(w);
}
END_TEST

START_TEST(test_patterns)
{
	char err[256], path[4096];
	struct ua_wordlist *w = NULL;
	const char *got;

	snprintf(path, sizeof(path), "%s/schemas/patterns.tsv", test_datadir());
	ck_assert_msg(ua_wordlist_load(path, &w, err, sizeof(err)) == 0, "%s", err);
	got = ua_wordlist_get(w, "[0-9a-fA-F]{16}");
	ck_assert_msg(got && strstr(got, "16 hexadecimal digits") && !strchr(got, '\t'),
	    "patterns.tsv words for publicKeyToken: %s", got ? got : "(none)");
	ua_wordlist_free(w);
	snprintf(path, sizeof(path), "%s/schemas/language-names.tsv", test_datadir());
	ck_assert_msg(ua_wordlist_load(path, &w, err, sizeof(err)) == 0, "%s", err);
	got = ua_wordlist_get(w, "english");
	ck_assert_msg(got && strcmp(got, "en-US") == 0, "language-names.tsv english: %s",
	    got ? got : "(none)");
	got = ua_wordlist_get(w, "german (switzerland)");
	ck_assert_msg(got && strcmp(got, "de-CH") == 0, "language-names.tsv German (Switzerland): %s",
	    got ? got : "(none)");
	ua_wordlist_free(w);
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
	tc = tcase_create("tables");
	tcase_add_loop_test(tc, test_table, 0, sizeof(table_cases) / sizeof(table_cases[0]));
	tcase_add_test(tc, test_patterns);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_missing_file);
	suite_add_tcase(s, tc);
	return s;
}
