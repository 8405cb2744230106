/* SPDX-License-Identifier: MIT */
/* Unit tests: image sets built in memory, their agent, and the set rules over them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "set.h"
#include "suites.h"
#include "ua.h"
#include "validate.h"

#define U_HEAD "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\" " \
	"xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\n"
#define COMP(name) "<component name=\"" name "\" processorArchitecture=\"amd64\" " \
	"publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
#define SPECIALIZE(cmd) "<settings pass=\"specialize\">\n" COMP("Microsoft-Windows-Deployment") \
	"<RunSynchronous>\n<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order>" \
	"<Path>" cmd "</Path></RunSynchronousCommand>\n</RunSynchronous>\n</component>\n</settings>\n"
/* "Secret1" + "AdministratorPassword" in UTF-16LE, Base64: a hidden password */
#define HIDDEN "<settings pass=\"oobeSystem\">\n" COMP("Microsoft-Windows-Shell-Setup") \
	"<UserAccounts><AdministratorPassword>\n<Value>UwBlAGMAcgBlAHQAMQBBAGQAbQBpAG4AaQBzAHQAcgBhAHQAbwByAFAAYQBzAHMAdwBvAHIAZAA=</Value>" \
	"<PlainText>false</PlainText></AdministratorPassword></UserAccounts>\n</component>\n</settings>\n"
#define SCRAMBLE "\"C:\\Program Files\\Amazon\\Ec2ConfigService\\ScramblePassword.exe\" -u Administrator"
#define EC2CONFIG(state) "<Ec2ConfigurationSettings><Plugins>\n<Plugin><Name>Ec2SetPassword</Name>" \
	"<State>" state "</State></Plugin>\n</Plugins></Ec2ConfigurationSettings>\n"
#define BUNDLE(v) "<BundleConfig>\n<Property><Name>SetPasswordAfterSysprep</Name>" \
	"<Value>" v "</Value></Property>\n</BundleConfig>\n"
#define V2(type) "version: 1.0\nconfig:\n- stage: preReady\n  tasks:\n  - task: setAdminAccount\n" \
	"    inputs:\n      password:\n        type: " type "\n"

struct file {
	const char *name, *text;
};

/* Each set must settle on agent and produce exactly the set findings "FILE:LINE:RULE ...". */
static const struct {
	const char *label, *agent_opt, *agent, *want, *related;
	struct file f[4];
} cases[] = {
	{ "ec2config lockout", NULL, "ec2config", "sysprep2008.xml:5:set-password-scrambled",
	  "config.xml:2 BundleConfig.xml:2",
	  { { "sysprep2008.xml", U_HEAD SPECIALIZE(SCRAMBLE) "</unattend>\n" },
	    { "config.xml", EC2CONFIG("Disabled") }, { "BundleConfig.xml", BUNDLE("No") } } },
	{ "ec2config Ec2SetPassword enabled", NULL, "ec2config", "", "",
	  { { "sysprep2008.xml", U_HEAD SPECIALIZE(SCRAMBLE) "</unattend>\n" },
	    { "config.xml", EC2CONFIG("Enabled") }, { "BundleConfig.xml", BUNDLE("No") } } },
	{ "ec2config SetPasswordAfterSysprep default", NULL, "ec2config", "", "",
	  { { "sysprep2008.xml", U_HEAD SPECIALIZE(SCRAMBLE) "</unattend>\n" },
	    { "config.xml", EC2CONFIG("Disabled") } } },
	{ "ec2config keep existing", NULL, "ec2config", "", "",
	  { { "sysprep2008.xml", U_HEAD SPECIALIZE("net user Administrator /ACTIVE:YES") "</unattend>\n" },
	    { "config.xml", EC2CONFIG("Disabled") }, { "BundleConfig.xml", BUNDLE("No") } } },
	{ "v1 DoNothing without password", NULL, "ec2launch", "LaunchConfig.json:1:set-password-disabled",
	  "Unattend.xml:1",
	  { { "Unattend.xml", U_HEAD "</unattend>\n" },
	    { "LaunchConfig.json", "{\"adminPasswordType\": \"DoNothing\"}" } } },
	{ "v1 DoNothing with a hidden password", NULL, "ec2launch", "", "",
	  { { "Unattend.xml", U_HEAD HIDDEN "</unattend>\n" },
	    { "LaunchConfig.json", "{\"adminPasswordType\": \"DoNothing\"}" } } },
	{ "v1 Specify overrides the answer file", NULL, "ec2launch", "Unattend.xml:5:set-password-overridden",
	  "LaunchConfig.json:1",
	  { { "Unattend.xml", U_HEAD HIDDEN "</unattend>\n" },
	    { "LaunchConfig.json", "{\"adminPasswordType\": \"Specify\", \"adminPassword\": \"x\"}" } } },
	{ "v2 doNothing without password", NULL, "ec2launch-v2", "agent-config.yml:8:set-password-disabled",
	  "unattend.xml:1",
	  { { "unattend.xml", U_HEAD "</unattend>\n" }, { "agent-config.yml", V2("doNothing") } } },
	{ "v2 doNothing with a hidden password", NULL, "ec2launch-v2", "", "",
	  { { "unattend.xml", U_HEAD HIDDEN "</unattend>\n" }, { "agent-config.yml", V2("doNothing") } } },
	{ "v2 random", NULL, "ec2launch-v2", "", "",
	  { { "unattend.xml", U_HEAD "</unattend>\n" }, { "agent-config.yml", V2("random") } } },
	{ "two agents", NULL, "", "agent-config.yml:1:set-agents-mixed", "LaunchConfig.json:1",
	  { { "LaunchConfig.json", "{\"adminPasswordType\": \"Random\"}" },
	    { "agent-config.yml", V2("random") } } },
	{ "agent told", "ec2launch-v2", "ec2launch-v2", "LaunchConfig.json:1:set-agents-mixed", "",
	  { { "LaunchConfig.json", "{\"adminPasswordType\": \"Random\"}" } } },
	{ "answer file alone", NULL, "", "", "", { { "unattend.xml", U_HEAD HIDDEN "</unattend>\n" } } },
	{ "agent told by another name", "ec2launch-v1", "ec2launch", "", "",
	  { { "LaunchConfig.json", "{\"adminPasswordType\": \"Random\"}" } } },
	{ "user data takes part", NULL, "ec2launch-v2", "userdata.yml:5:set-rdp-blank-password", "",
	  { { "agent-config.yml", V2("random") },
	    { "userdata.yml", "version: 1.1\ntasks:\n- task: executeScript\n  inputs:\n"
	      "  - {frequency: once, type: powershell, runAs: admin, content: sysprep.exe /oobe}\n" } } },
	{ "answer file calls another agent", NULL, "ec2launch-v2",
	  "unattend.xml:5:set-answer-file-other-agent", "agent-config.yml:1",
	  { { "unattend.xml", U_HEAD SPECIALIZE(SCRAMBLE) HIDDEN "</unattend>\n" },
	    { "agent-config.yml", V2("doNothing") } } },
};

static void
append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s", n ? " " : "", s);
}

START_TEST(test_sets)
{
	struct ua_set *set = NULL;
	struct ua_diags d = { 0 }, alone = { 0 };
	char err[512], got[1024] = "", rel[1024] = "", one[256];
	size_t k;

	ck_assert_int_eq(ua_set_new(cases[_i].label, &set), UA_OK);
	for (k = 0; k < 4 && cases[_i].f[k].name; k++) {
		const struct file *f = &cases[_i].f[k];
		struct ua_doc *doc = NULL;
		ck_assert_msg(ua_set_add_buffer(test_ctx, set, f->name, f->text, strlen(f->text), NULL,
		    &alone, &doc, err, sizeof(err)) == UA_OK, "%s: %s: %s", cases[_i].label, f->name, err);
		ck_assert_ptr_nonnull(doc);
	}
	ck_assert_int_eq(ua_set_settle_agent(test_ctx, set, cases[_i].agent_opt, err, sizeof(err)), UA_OK);
	ck_assert_msg(strcmp(set->agent, cases[_i].agent) == 0, "%s: agent %s, want %s",
	    cases[_i].label, set->agent, cases[_i].agent);
	ck_assert_msg(ua_set_check(test_ctx, set, NULL, &d, err, sizeof(err)) == UA_OK, "%s: %s",
	    cases[_i].label, err);
	for (k = 0; k < d.n; k++) {
		size_t r;
		if (d.v[k].sev == UA_SEV_NOTE)
			continue;
		snprintf(one, sizeof(one), "%s:%lu:%s", d.v[k].file, d.v[k].line, d.v[k].rule);
		append(got, sizeof(got), one);
		for (r = 0; r < d.v[k].nrelated; r++) {
			snprintf(one, sizeof(one), "%s:%lu", d.v[k].related[r].file, d.v[k].related[r].line);
			append(rel, sizeof(rel), one);
		}
	}
	ck_assert_msg(strcmp(got, cases[_i].want) == 0, "%s: got [%s], want [%s]", cases[_i].label,
	    got, cases[_i].want);
	ck_assert_msg(strcmp(rel, cases[_i].related) == 0, "%s: related [%s], want [%s]",
	    cases[_i].label, rel, cases[_i].related);
	/* no set rule ever runs on a file alone */
	for (k = 0; k < alone.n; k++)
		ck_assert_msg(strncmp(alone.v[k].rule, "set-", 4) != 0, "%s: %s alone: %s",
		    cases[_i].label, alone.v[k].file, alone.v[k].rule);
	ua_diags_free(&d);
	ua_diags_free(&alone);
	ua_set_free(set);
}
END_TEST

START_TEST(test_unknown_agent)
{
	struct ua_set *set = NULL;
	char err[256];

	ck_assert_int_eq(ua_set_new("x", &set), UA_OK);
	ck_assert_int_eq(ua_set_settle_agent(test_ctx, set, "ec2launch-v3", err, sizeof(err)), UA_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err, "ec2launch-v3"));
	ua_set_free(set);
}
END_TEST

/* A finding that quotes another document's secret is masked. */
START_TEST(test_set_secrets_masked)
{
	static const char *const lc = "{\"adminPasswordType\": \"Specify\", \"adminPassword\": \"Hunter2-Canary\"}";
	struct ua_set *set = NULL;
	struct ua_doc *doc = NULL;
	struct ua_diags d = { 0 }, alone = { 0 };
	char err[256];
	size_t k;

	ck_assert_int_eq(ua_set_new("m", &set), UA_OK);
	ck_assert_int_eq(ua_validate_buffer(test_ctx, "Unattend.xml", U_HEAD HIDDEN "</unattend>\n",
	    strlen(U_HEAD HIDDEN "</unattend>\n"), NULL, &alone, &doc, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_set_add(set, doc), UA_OK);
	ck_assert_int_eq(ua_validate_buffer(test_ctx, "LaunchConfig.json", lc, strlen(lc), NULL,
	    &alone, &doc, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_set_add(set, doc), UA_OK);
	ck_assert_int_eq(ua_set_check(test_ctx, set, NULL, &d, err, sizeof(err)), UA_OK);
	ck_assert_uint_gt(d.n, 0);
	for (k = 0; k < d.n; k++)
		ck_assert_ptr_null(strstr(d.v[k].msg, "Hunter2-Canary"));
	ua_diags_free(&d);
	ua_diags_free(&alone);
	ua_set_free(set);
}
END_TEST

Suite *
set_suite(void)
{
	Suite *s = suite_create("set");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, test_ctx_setup, test_ctx_teardown);
	tcase_add_loop_test(tc, test_sets, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_unknown_agent);
	tcase_add_test(tc, test_set_secrets_masked);
	suite_add_tcase(s, tc);
	return s;
}
