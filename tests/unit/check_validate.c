/* SPDX-License-Identifier: MIT */
/* Unit tests: kinds, the answer-file engine, agent schemas, rules, secrets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "doc.h"
#include "rules.h"
#include "suites.h"
#include "tree.h"
#include "ua.h"
#include "validate.h"

#define U_HEAD "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\" " \
	"xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\n"
#define COMP(name) "<component name=\"" name "\" processorArchitecture=\"amd64\" " \
	"publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"

/* Each input must produce exactly the findings "LINE:RULE ..." listed (errors and warnings). */
static const struct {
	const char *name, *kind, *text, *want;
} cases[] = {
	{ "good.xml", NULL, U_HEAD "<settings pass=\"specialize\">\n" COMP("Microsoft-Windows-Shell-Setup")
	  "<CopyProfile>true</CopyProfile>\n<TimeZone>UTC</TimeZone>\n</component>\n</settings>\n</unattend>\n", "" },
	{ "wrong-pass.xml", NULL, U_HEAD "<settings pass=\"oobeSystem\">\n" COMP("Microsoft-Windows-Shell-Setup")
	  "<CopyProfile>true</CopyProfile>\n</component>\n</settings>\n</unattend>\n", "4:wrong-pass" },
	/* a component of containers only is not validated at its own level, but
	 * text beside the containers still is */
	{ "containers-only.xml", NULL, U_HEAD "<settings pass=\"windowsPE\">\n" COMP("Microsoft-Windows-Setup")
	  "<UserData><AcceptEula>maybe</AcceptEula></UserData>\n</component>\n</settings>\n</unattend>\n",
	  "4:value-type" },
	{ "containers-text.xml", NULL, U_HEAD "<settings pass=\"windowsPE\">\n" COMP("Microsoft-Windows-Setup")
	  "stray<UserData><AcceptEula>true</AcceptEula></UserData>\n</component>\n</settings>\n</unattend>\n",
	  "3:structure" },
	{ "unknown.xml", NULL, U_HEAD "<settings pass=\"specialize\">\n" COMP("Microsoft-Windows-Shell-Setup")
	  "<CopyProfil>true</CopyProfil>\n</component>\n</settings>\n</unattend>\n", "4:unknown-setting" },
	{ "case.xml", NULL, U_HEAD "<settings pass=\"specialize\">\n" COMP("microsoft-windows-shell-setup")
	  "<copyprofile>maybe</copyprofile>\n</component>\n</settings>\n</unattend>\n",
	  "4:name-case 4:value-type" },
	{ "dup-order.xml", NULL, U_HEAD "<settings pass=\"specialize\">\n" COMP("Microsoft-Windows-Deployment")
	  "<RunSynchronous>\n<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>a</Path></RunSynchronousCommand>\n"
	  "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>b</Path></RunSynchronousCommand>\n"
	  "</RunSynchronous>\n</component>\n</settings>\n</unattend>\n", "6:duplicate-key" },
	{ "bad-pass.xml", NULL, U_HEAD "<settings pass=\"postInstall\">\n</settings>\n</unattend>\n", "2:unknown-pass" },
	{ "anything.cfg", "unattend", "<unattend xmlns=\"urn:other\"/>", "1:root" },
	{ "LaunchConfig.json", NULL, "{\n\"setComputerName\": \"yes\"\n}", "2:value-type" },
	{ "launch.json", NULL, "{\"adminPasswordType\": \"random\"}", "" },
	{ "agent-config.yml", NULL, "version: 1.0\nconfig:\n  - stage: boot\n    tasks:\n"
	  "      - task: extendRootParitition\n", "5:value-enum" },
	{ "x.yml", NULL, "version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n"
	  "      - task: extendRootPartition\n", "5:task-stage" },
};

static char *
summary(const struct ua_diags *d)
{
	char *s = calloc(1, 4096);
	size_t i;

	for (i = 0; s && i < d->n; i++)
		if (d->v[i].sev != UA_SEV_NOTE)
			snprintf(s + strlen(s), 4096 - strlen(s), "%s%lu:%s", *s ? " " : "",
			    d->v[i].line, d->v[i].rule);
	return s;
}

START_TEST(test_cases)
{
	struct ua_validate_opts opts = { .kind = cases[_i].kind };
	struct ua_diags d = { 0 };
	char err[512], *got;
	int st;

	st = ua_validate_buffer(test_ctx, cases[_i].name, cases[_i].text, strlen(cases[_i].text),
	    &opts, &d, NULL, err, sizeof(err));
	ck_assert_msg(st == UA_OK, "%s: status %d: %s", cases[_i].name, st, err);
	got = summary(&d);
	ck_assert_msg(strcmp(got, cases[_i].want) == 0, "%s: got [%s], want [%s]",
	    cases[_i].name, got, cases[_i].want);
	free(got);
	ua_diags_free(&d);
}
END_TEST

START_TEST(test_did_you_mean)
{
	static const char text[] = U_HEAD "<settings pass=\"specialize\">\n"
	    COMP("Microsoft-Windows-Shell-Setup") "<TimeZon>UTC</TimeZon>\n</component>\n</settings>\n</unattend>\n";
	struct ua_diags d = { 0 };
	char err[512];

	ck_assert_int_eq(ua_validate_buffer(test_ctx, "a.xml", text, strlen(text), NULL, &d, NULL,
	    err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_msg(strstr(d.v[0].msg, "did you mean 'TimeZone'") != NULL, "%s", d.v[0].msg);
	ua_diags_free(&d);
}
END_TEST

START_TEST(test_unknown_kind)
{
	struct ua_validate_opts opts = { .kind = "nonsense" };
	struct ua_diags d = { 0 };
	char err[512];

	ck_assert_int_eq(ua_validate_buffer(test_ctx, "a.xml", "<a/>", 4, &opts, &d, NULL, err,
	    sizeof(err)), UA_EUSAGE);
	ck_assert_int_eq(ua_validate_buffer(test_ctx, "a.dat", "<a/>", 4, NULL, &d, NULL, err,
	    sizeof(err)), UA_EUSAGE);
	ck_assert_msg(strstr(err, "--kind") != NULL, "%s", err);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

/* A secret is hidden where a message quotes it, never searched for in the finished text. */
START_TEST(test_secrets_masked)
{
	static const char text[] = "{\"adminPasswordType\": \"Random\", \"adminPassword\": \"Password\"}";
	struct ua_diags d = { 0 };
	char err[512];

	ck_assert_int_eq(ua_validate_buffer(test_ctx, "LaunchConfig.json", text, strlen(text), NULL,
	    &d, NULL, err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_msg(strstr(d.v[0].msg, "adminPassword is used only when adminPasswordType is "
	    "Specify (it is Random)") != NULL, "%s", d.v[0].msg);
	ck_assert_msg(strstr(d.v[0].msg, "********") == NULL, "%s", d.v[0].msg);
	ua_diags_free(&d);
}
END_TEST

/* Secrets the answer-file walk notes; a password that is a word of a message leaves it whole. */
START_TEST(test_secrets_nested)
{
	static const char text[] = U_HEAD "<settings pass=\"oobeSystem\">\n"
	    COMP("Microsoft-Windows-Shell-Setup")
	    "<UserAccounts><AdministratorPassword><Value>Admin</Value><PlainText>true</PlainText>"
	    "</AdministratorPassword></UserAccounts>\n"
	    "<AutoLogon><Password><Value>e</Value><PlainText>true</PlainText></Password>"
	    "<Enabled>true</Enabled><Username>a</Username></AutoLogon>\n"
	    "</component>\n</settings>\n</unattend>\n";
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	char err[512];
	size_t i, seen = 0;
	char *v;

	ck_assert_int_eq(ua_validate_buffer(test_ctx, "u.xml", text, strlen(text), NULL,
	    &d, &doc, err, sizeof(err)), UA_OK);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(doc->secrets_noted, 1);
	ck_assert_uint_eq(doc->nsecrets, 2);
	for (i = 0; i < d.n; i++) {
		if (strcmp(d.v[i].rule, "cleartext-password") != 0)
			continue;
		ck_assert_msg(strstr(d.v[i].msg, "UserAccounts/AdministratorPassword holds") ||
		    strstr(d.v[i].msg, "AutoLogon/Password holds"), "%s", d.v[i].msg);
		ck_assert_msg(strstr(d.v[i].msg, "deployment time") != NULL, "%s", d.v[i].msg);
		seen++;
	}
	ck_assert_uint_eq(seen, 2);
	/* the tree is as it was: the values are back after the messages were built */
	v = ua_node_text(doc->secrets[0], 0);
	ck_assert_str_eq(v, "Admin");
	free(v);
	v = ua_node_text(doc->secrets[1], 0);
	ck_assert_str_eq(v, "e");
	free(v);
	ua_doc_free(doc);
	ua_diags_free(&d);
}
END_TEST

START_TEST(test_missing_data)
{
	struct ua_ctx *c = NULL;
	char err[512];

	ck_assert_int_eq(ua_ctx_new("/nonexistent/unattend-tools", &c, err, sizeof(err)), UA_EDATA);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(err, "not found") != NULL, "%s", err);
}
END_TEST

START_TEST(test_patterns)
{
	ck_assert_int_eq(ua_pattern_match("^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$",
	    "NPPR9-FWDCX-D2C8J-H872K-2YT43"), 1);
	ck_assert_int_eq(ua_pattern_match("^[A-Z0-9]{5}$", "abc"), 0);
	/* catastrophic backtracking stops at the match limit instead of hanging */
	ck_assert_int_eq(ua_pattern_match("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), -1);
	ck_assert_int_eq(ua_pattern_match("(", "x"), -1);
}
END_TEST

START_TEST(test_rules_listed)
{
	char err[512];
	const struct ua_rule_info *r;
	size_t i;
	int syntax = 0, stage = 0;

	ck_assert_int_eq(ua_rules_load(test_ctx, err, sizeof(err)), UA_OK);
	ck_assert_msg(ua_rules_compile_all(test_ctx, err, sizeof(err)) == UA_OK, "%s", err);
	for (i = 0; (r = ua_rules_info(test_ctx, i)) != NULL; i++) {
		ck_assert_msg(r->summary[0] != '\0', "rule %s has no summary", r->name);
		syntax += strcmp(r->name, "syntax") == 0 && r->builtin;
		stage += strcmp(r->name, "task-stage") == 0 && !r->builtin;
	}
	ck_assert_int_eq(syntax, 1);
	ck_assert_int_eq(stage, 1);
}
END_TEST

Suite *
validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, test_ctx_setup, test_ctx_teardown);
	tcase_add_loop_test(tc, test_cases, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_did_you_mean);
	tcase_add_test(tc, test_unknown_kind);
	tcase_add_test(tc, test_secrets_nested);
	tcase_add_test(tc, test_secrets_masked);
	tcase_add_test(tc, test_missing_data);
	tcase_add_test(tc, test_patterns);
	tcase_add_test(tc, test_rules_listed);
	suite_add_tcase(s, tc);
	return s;
}
