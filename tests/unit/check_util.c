/* SPDX-License-Identifier: MIT */
/* Unit tests: string helpers, did-you-mean, diagnostics list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
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

/* The catalog reads a component's lines when it is first looked up; a file
 * whose component lines are not together is read whole. Both give the same
 * tree; a line without its five fields is named. */
static const char catalog_text[] =
    "# a catalog\n"
    "path\tpasses\ttype\tfacets\tflags\tsource\n"
    "Comp-B\tspecialize\tcomponent\t\t\tb.md\n"
    "Comp-B/Value\tspecialize\tstring\t\t\tb.md\n"
    "Comp-A\toobeSystem,specialize\tcomponent\t\t\ta.md\n"
    "Comp-A/List\toobeSystem,specialize\tcontainer\t\tlist,key=Name\ta.md\n"
    "Comp-A/List/Name\toobeSystem,specialize\tstring\t\t\ta.md\n"
    "Comp-A/Secret\toobeSystem\tstring\t\tsecret\ta.md\r\n";

static struct ua_catalog *
catalog_from(const char *text)
{
	char path[] = "/tmp/ua-catalog-XXXXXX", err[256];
	struct ua_catalog *c = NULL;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	if (ua_catalog_load(path, &c, err, sizeof(err)) != 0) {
		unlink(path);
		ck_abort_msg("%s", err);
	}
	unlink(path);
	return c;
}

static void
check_catalog_tree(struct ua_catalog *c)
{
	const struct ua_setting *a, *k;
	char *passes;
	int differs;

	ck_assert_ptr_nonnull(a = ua_setting_child(&c->root, "Comp-A", &differs));
	ck_assert_int_eq(differs, 0);
	ck_assert_int_eq(a->type, UA_ST_COMPONENT);
	passes = ua_catalog_pass_list(c, a->passes);
	ck_assert_str_eq(passes, "specialize, oobeSystem");	/* the file's first-use order */
	free(passes);
	ck_assert_ptr_nonnull(k = ua_setting_child(a, "list", &differs));
	ck_assert_int_eq(differs, 1);
	ck_assert(k->flags & UA_SF_LIST);
	ck_assert_str_eq(k->key, "Name");
	ck_assert_ptr_nonnull(ua_setting_child(k, "Name", &differs));
	ck_assert_ptr_nonnull(k = ua_setting_child(a, "Secret", &differs));
	ck_assert(k->flags & UA_SF_SECRET);
	ck_assert_ptr_null(ua_setting_child(a, "Nope", &differs));
	ck_assert_str_eq(ua_setting_suggest(a, "Secrte"), "Secret");
	ck_assert_ptr_nonnull(k = ua_setting_child(&c->root, "Comp-B", &differs));
	ck_assert_ptr_nonnull(ua_setting_child(k, "Value", &differs));
	ck_assert_str_eq(ua_setting_suggest(&c->root, "Comp-Ax"), "Comp-A");
}

START_TEST(test_catalog_lazy)
{
	struct ua_catalog *c = catalog_from(catalog_text);

	check_catalog_tree(c);
	ua_catalog_free(c);
}
END_TEST

START_TEST(test_catalog_component_in_pieces)
{
	char text[sizeof(catalog_text) + 64];
	struct ua_catalog *c;

	/* Comp-B again after Comp-A: read whole, same answers */
	snprintf(text, sizeof(text), "%sComp-B/Other\tspecialize\tstring\t\t\tb.md\n", catalog_text);
	c = catalog_from(text);
	check_catalog_tree(c);
	ua_catalog_free(c);
}
END_TEST

START_TEST(test_catalog_bad_line)
{
	char path[] = "/tmp/ua-catalog-XXXXXX", err[256], text[sizeof(catalog_text) + 64];
	struct ua_catalog *c = NULL;
	int fd = mkstemp(path);

	snprintf(text, sizeof(text), "%sComp-A/Short\tspecialize\tstring\n", catalog_text);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(ua_catalog_load(path, &c, err, sizeof(err)), -1);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(err, ":9: bad entry"));
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
	tcase_add_test(tc, test_catalog_lazy);
	tcase_add_test(tc, test_catalog_component_in_pieces);
	tcase_add_test(tc, test_catalog_bad_line);
	suite_add_tcase(s, tc);
	return s;
}
