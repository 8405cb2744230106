/* SPDX-License-Identifier: MIT */
/* Unit tests: semantic differences (diff.c): identity, equality, secrets, order. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "diff.h"
#include "suites.h"
#include "ua.h"
#include "util.h"
#include "validate.h"

#define U_HEAD "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\" " \
	"xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\n"
#define COMP(name, arch) "<component name=\"" name "\" processorArchitecture=\"" arch "\" " \
	"publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
#define SHELL(body) U_HEAD "<settings pass=\"specialize\">\n" \
	COMP("Microsoft-Windows-Shell-Setup", "amd64") body "</component>\n</settings>\n</unattend>\n"
#define CMD(order, path) "<RunSynchronousCommand wcm:action=\"add\"><Order>" order \
	"</Order><Path>" path "</Path></RunSynchronousCommand>\n"
#define DEPLOY(body) U_HEAD "<settings pass=\"specialize\">\n" \
	COMP("Microsoft-Windows-Deployment", "amd64") "<RunSynchronous>\n" body \
	"</RunSynchronous>\n</component>\n</settings>\n</unattend>\n"
#define SP "specialize/Microsoft-Windows-Shell-Setup[amd64]/"
#define RS "specialize/Microsoft-Windows-Deployment[amd64]/RunSynchronous/RunSynchronousCommand"
#define AC(tasks) "version: 1.0\nconfig:\n  - stage: postReady\n    tasks:\n" tasks

/* Each pair must give exactly the differences "op path[=old>new]" listed, in that order. */
static const struct {
	const char *name, *kind, *a, *b, *want;
} cases[] = {
	{ "identical", NULL, SHELL("<TimeZone>UTC</TimeZone>\n"), SHELL("<TimeZone>UTC</TimeZone>\n"), "" },
	{ "trimmed text", NULL, SHELL("<TimeZone>UTC</TimeZone>\n"), SHELL("<TimeZone>\n  UTC\n</TimeZone>\n"), "" },
	{ "boolean case", NULL, SHELL("<CopyProfile>true</CopyProfile>\n"),
	  SHELL("<CopyProfile>TRUE</CopyProfile>\n"), "" },
	{ "setting name case", NULL, SHELL("<TimeZone>UTC</TimeZone>\n"), SHELL("<timezone>UTC</timezone>\n"), "" },
	{ "changed value", NULL, SHELL("<TimeZone>UTC</TimeZone>\n"), SHELL("<TimeZone>GMT</TimeZone>\n"),
	  "changed " SP "TimeZone=UTC>GMT" },
	{ "string case matters", NULL, SHELL("<TimeZone>UTC</TimeZone>\n"), SHELL("<TimeZone>utc</TimeZone>\n"),
	  "changed " SP "TimeZone=UTC>utc" },
	{ "empty becomes container", NULL, SHELL("<OOBE/>\n"),
	  SHELL("<OOBE><HideEULAPage>true</HideEULAPage></OOBE>\n"), "added " SP "OOBE/HideEULAPage=>true" },
	{ "keyed list reordered", NULL, DEPLOY(CMD("1", "a") CMD("2", "b")), DEPLOY(CMD("2", "b") CMD("1", "a")), "" },
	{ "keyed list insert", NULL, DEPLOY(CMD("1", "a") CMD("3", "c")),
	  DEPLOY(CMD("1", "a") CMD("2", "b") CMD("3", "c")), "added " RS "[Order=2]=>{Order: \"2\", Path: \"b\"}" },
	{ "duplicate keys paired in order", NULL, DEPLOY(CMD("1", "a") CMD("1", "b")),
	  DEPLOY(CMD("1", "a") CMD("1", "c")), "changed " RS "[Order=1]#2/Path=b>c" },
	{ "architecture is identity", NULL, SHELL("<TimeZone>UTC</TimeZone>\n"),
	  U_HEAD "<settings pass=\"specialize\">\n" COMP("Microsoft-Windows-Shell-Setup", "x86")
	  "<TimeZone>UTC</TimeZone>\n</component>\n</settings>\n</unattend>\n",
	  "added specialize/Microsoft-Windows-Shell-Setup[x86]=>{TimeZone: \"UTC\"} "
	  "removed specialize/Microsoft-Windows-Shell-Setup[amd64]={TimeZone: \"UTC\"}>" },
	{ "new order, then removals", NULL, SHELL("<A1>x</A1>\n<TimeZone>UTC</TimeZone>\n"),
	  SHELL("<TimeZone>GMT</TimeZone>\n<B1>y</B1>\n"),
	  "changed " SP "TimeZone=UTC>GMT added " SP "B1=>y removed " SP "A1=x>" },
	{ "secret masked", NULL,
	  SHELL("<UserAccounts><AdministratorPassword><Value>one</Value></AdministratorPassword></UserAccounts>\n"),
	  SHELL("<UserAccounts><AdministratorPassword><Value>two</Value></AdministratorPassword></UserAccounts>\n"),
	  "changed " SP "UserAccounts/AdministratorPassword/Value=********>********" },
	{ "secret inside an added item", NULL, SHELL(""), SHELL("<ProductKey>AAAAA</ProductKey>\n"),
	  "added " SP "ProductKey=>********" },
	{ "LaunchConfig.json", NULL, "{\"setWallpaper\": true, \"adminPassword\": \"x\"}",
	  "{\"adminPassword\": \"y\", \"SETWALLPAPER\": true}", "changed adminPassword=********>********" },
	{ "agent-config.yml", NULL, AC("      - task: startSsm\n      - task: optimizeEna\n"),
	  AC("      - task: optimizeEna\n      - task: startSsm\n"),
	  "moved config[stage=postReady]/tasks[task=optimizeEna]=1>0" },
	{ "agent-config.yml", NULL, AC("      - task: sysprep\n        inputs:\n          clean: yes\n"),
	  AC("      - {task: sysprep, inputs: {clean: \"true\"}}\n"), "" },
	{ "agent-config.yml", NULL,
	  AC("      - task: setDnsSuffix\n        inputs:\n          suffixes: [a, b, c]\n"),
	  AC("      - task: setDnsSuffix\n        inputs:\n          suffixes: [a, x, c]\n"),
	  "changed config[stage=postReady]/tasks[task=setDnsSuffix]/inputs/suffixes[1]=b>x" },
	{ "agent-config.yml", NULL, AC("      - task: a\n      - task: b\n      - task: c\n"),
	  AC("      - task: c\n      - task: a\n      - task: b\n"),
	  "moved config[stage=postReady]/tasks[task=c]=2>0" },
	{ "LaunchConfig.json", NULL, "{\"adminPassword\": {\"v\": \"x\"}}",
	  "{\"adminPassword\": {\"v\": \"y\"}}", "changed adminPassword/v=********>********" },
	{ "x.json", "launchconfig", "{\"handleUserData\": null}", "{\"handleUserData\": \"\"}",
	  "changed handleUserData=null>" },
};

static char *
summary(const struct ua_diff_list *l)
{
	struct ua_buf b = { 0 };
	size_t i;

	ua_buf_puts(&b, "");
	for (i = 0; i < l->n; i++) {
		const struct ua_diff_entry *e = &l->v[i];
		char *path = ua_diff_path_text(e->path);
		ua_buf_printf(&b, "%s%s %s=%s>%s", i ? " " : "", ua_diff_op_name(e->op), path,
		    e->old ? e->old : "", e->new ? e->new : "");
		free(path);
	}
	return ua_buf_take(&b);
}

static void
load2(const char *name, const char *kind, const char *a, const char *b,
    struct ua_doc **da, struct ua_doc **db)
{
	struct ua_diags d = { 0 };
	char err[512];

	ck_assert_msg(ua_load(test_ctx, name, a, strlen(a), kind, da, &d, err, sizeof(err)) == UA_OK,
	    "%s (old): %s", name, err);
	ck_assert_msg(ua_load(test_ctx, name, b, strlen(b), kind, db, &d, err, sizeof(err)) == UA_OK,
	    "%s (new): %s", name, err);
	ua_diags_free(&d);
}

START_TEST(test_cases)
{
	struct ua_doc *a = NULL, *b = NULL;
	struct ua_diff_list l = { 0 };
	const char *name = strcmp(cases[_i].name, "LaunchConfig.json") == 0 ||
	    strncmp(cases[_i].name, "agent", 5) == 0 || strcmp(cases[_i].name, "x.json") == 0 ?
	    cases[_i].name : "unattend.xml";
	char err[512], *got;

	load2(name, cases[_i].kind, cases[_i].a, cases[_i].b, &a, &b);
	ck_assert_msg(ua_diff_docs(test_ctx, a, b, NULL, &l, err, sizeof(err)) == UA_OK, "%s: %s",
	    cases[_i].name, err);
	got = summary(&l);
	ck_assert_msg(got && strcmp(got, cases[_i].want) == 0, "case %d %s: want [%s] got [%s]",
	    _i, cases[_i].name, cases[_i].want, got ? got : "(null)");
	free(got);
	ua_diff_list_free(&l);
	ua_doc_free(a);
	ua_doc_free(b);
}
END_TEST

START_TEST(test_show_secrets)
{
	struct ua_diff_opts opts = { 1 };
	struct ua_doc *a = NULL, *b = NULL;
	struct ua_diff_list l = { 0 };
	char err[512];

	load2("agent-config.yml", NULL,
	    AC("      - task: setAdminAccount\n        inputs:\n          password:\n            type: static\n            data: one\n"),
	    AC("      - task: setAdminAccount\n        inputs:\n          password:\n            type: static\n            data: two\n"),
	    &a, &b);
	ck_assert_int_eq(ua_diff_docs(test_ctx, a, b, &opts, &l, err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.v[0].old, "one");
	ck_assert_str_eq(l.v[0].new, "two");
	ck_assert_int_eq(l.v[0].new_type, UA_DV_SCALAR);
	ck_assert_uint_eq(l.v[0].old_line, 9);
	ua_diff_list_free(&l);
	ua_doc_free(a);
	ua_doc_free(b);
	load2("agent-config.yml", NULL,
	    AC("      - task: setAdminAccount\n        inputs:\n          password:\n            type: static\n            data: one\n"),
	    AC("      - task: setAdminAccount\n        inputs:\n          password:\n            type: static\n            data: two\n"),
	    &a, &b);
	ck_assert_int_eq(ua_diff_docs(test_ctx, a, b, NULL, &l, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(l.v[0].new_type, UA_DV_MASKED);
	ck_assert_str_eq(l.v[0].new, "********");
	ua_diff_list_free(&l);
	ua_doc_free(a);
	ua_doc_free(b);
}
END_TEST

START_TEST(test_different_kinds)
{
	struct ua_doc *a = NULL, *b = NULL;
	struct ua_diags d = { 0 };
	struct ua_diff_list l = { 0 };
	const char *x = SHELL(""), *y = AC("      - task: startSsm\n");
	char err[512];

	ck_assert_int_eq(ua_load(test_ctx, "unattend.xml", x, strlen(x), NULL, &a, &d, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_load(test_ctx, "agent-config.yml", y, strlen(y), NULL, &b, &d, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_diff_docs(test_ctx, a, b, NULL, &l, err, sizeof(err)), UA_EUSAGE);
	ck_assert_msg(strstr(err, "different kinds") != NULL, "%s", err);
	ck_assert_uint_eq(l.n, 0);
	ua_diags_free(&d);
	ua_doc_free(a);
	ua_doc_free(b);
}
END_TEST

/* A path longer than UA_DIFF_PATH_MAX keeps its first and last bytes, cut between
 * characters; a shorter one is whole. The entries share their parents' segments. */
START_TEST(test_long_path)
{
	struct ua_doc *a = NULL, *b = NULL;
	struct ua_diff_list l = { 0 };
	struct ua_buf ka = { 0 }, kb = { 0 }, ja = { 0 }, jb = { 0 };
	char err[512], *text, *full, *dots;
	size_t i, head, tail;

	for (i = 0; i < 500; i++) {
		ua_buf_puts(&ka, "\xc3\xa9");	/* two bytes */
		ua_buf_puts(&kb, i % 2 ? "\xe2\x82\xac" : "u");	/* three, one */
	}
	ua_buf_printf(&ja, "{\"%s\": {\"%s\": {\"x\": 1, \"y\": 1}}}", ka.s, kb.s);
	ua_buf_printf(&jb, "{\"%s\": {\"%s\": {\"x\": 2, \"y\": 2}}}", ka.s, kb.s);
	load2("LaunchConfig.json", NULL, ja.s, jb.s, &a, &b);
	ck_assert_int_eq(ua_diff_docs(test_ctx, a, b, NULL, &l, err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_ptr_eq(l.v[0].path->parent, l.v[1].path->parent);
	full = ua_asprintf("%s/%s/x", ka.s, kb.s);
	text = ua_diff_path_text(l.v[0].path);
	ck_assert_ptr_nonnull(dots = strstr(text, "\xe2\x80\xa6"));
	head = (size_t)(dots - text);
	tail = strlen(dots + 3);
	ck_assert_msg(head <= UA_DIFF_PATH_MAX / 4 && head + 1 >= UA_DIFF_PATH_MAX / 4 &&
	    strncmp(text, full, head) == 0, "head of %zu bytes", head);
	ck_assert_msg(tail <= UA_DIFF_PATH_MAX * 3 / 4 && tail + 2 >= UA_DIFF_PATH_MAX * 3 / 4 &&
	    strcmp(dots + 3, full + strlen(full) - tail) == 0, "tail of %zu bytes", tail);
	ck_assert_msg(((unsigned char)dots[3] & 0xc0) != 0x80, "tail starts inside a character");
	free(text);
	free(full);
	ua_diff_list_free(&l);
	ua_doc_free(a);
	ua_doc_free(b);
	ua_buf_free(&ka);
	ua_buf_free(&kb);
	ua_buf_free(&ja);
	ua_buf_free(&jb);
}
END_TEST

START_TEST(test_op_names)
{
	ck_assert_str_eq(ua_diff_op_name(UA_DIFF_ADDED), "added");
	ck_assert_str_eq(ua_diff_op_name(UA_DIFF_REMOVED), "removed");
	ck_assert_str_eq(ua_diff_op_name(UA_DIFF_CHANGED), "changed");
	ck_assert_str_eq(ua_diff_op_name(UA_DIFF_MOVED), "moved");
}
END_TEST

Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_checked_fixture(tc, test_ctx_setup, test_ctx_teardown);
	tcase_add_loop_test(tc, test_cases, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_show_secrets);
	tcase_add_test(tc, test_different_kinds);
	tcase_add_test(tc, test_op_names);
	tcase_add_test(tc, test_long_path);
	suite_add_tcase(s, tc);
	return s;
}
