/* SPDX-License-Identifier: MIT */
/* Unit tests: unattend-gen's password obscuring, parameters, parameters document and engine. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "gen.h"
#include "edit.h"
#include "genfrom.h"
#include "suites.h"
#include "ua.h"

/* Base64(UTF-16LE(password + suffix)), computed independently with Python. */
static const struct {
	const char *password, *suffix, *want;
} obscure_cases[] = {
	{ "Password1", "AdministratorPassword",
	  "UABhAHMAcwB3AG8AcgBkADEAQQBkAG0AaQBuAGkAcwB0AHIAYQB0AG8AcgBQAGEAcwBzAHcAbwByAGQA" },
	{ "", "AdministratorPassword", "QQBkAG0AaQBuAGkAcwB0AHIAYQB0AG8AcgBQAGEAcwBzAHcAbwByAGQA" },
	{ "p\xc3\xa4\xe2\x82\xac\xf0\x9d\x84\x9e", "AdministratorPassword",
	  "cADkAKwgNNge3UEAZABtAGkAbgBpAHMAdAByAGEAdABvAHIAUABhAHMAcwB3AG8AcgBkAA==" },
	{ "a", "", "YQA=" },
	{ "ab", "", "YQBiAA==" },
};

START_TEST(test_obscure)
{
	char *got = ua_gen_obscure(obscure_cases[_i].password, obscure_cases[_i].suffix);

	ck_assert_msg(got != NULL, "obscure('%s') failed", obscure_cases[_i].password);
	ck_assert_msg(strcmp(got, obscure_cases[_i].want) == 0, "obscure('%s'): got %s, want %s",
	    obscure_cases[_i].password, got, obscure_cases[_i].want);
	free(got);
}
END_TEST

START_TEST(test_obscure_invalid_utf8)
{
	ck_assert_ptr_null(ua_gen_obscure("\xff\xfe", "AdministratorPassword"));
}
END_TEST

/* Each parameter must be accepted (want 0) or refused as usage (want UA_EUSAGE). */
static const struct {
	const char *key, *value;
	int want;
} param_cases[] = {
	{ "timezone", "Pacific Standard Time", UA_OK },
	{ "copy-profile", "yes", UA_OK },
	{ "copy-profile", "maybe", UA_EUSAGE },
	{ "admin-password", "keep", UA_OK },
	{ "admin-password", "hunter2", UA_EUSAGE },
	{ "wallpaper", "off", UA_OK },
	{ "wallpaper", "C:\\Images\\corp.jpg", UA_OK },	/* a value: checked per agent by ua_gen_run */
	{ "wallpaper", "", UA_EUSAGE },
	{ "dns-suffix", "corp.example.com,$REGION.ec2-utilities.amazonaws.com", UA_OK },
	{ "from", "base/unattend.xml", UA_OK },
	{ "set", "agent-config.yml/preReady/setWallpaper/path=C:\\x.jpg", UA_OK },
	{ "set", "oobeSystem/Microsoft-Windows-Shell-Setup/OOBE/HideOnlineAccountScreens=true", UA_OK },
	{ "set", "oobeSystem=true", UA_EUSAGE },
	{ "set", "/Microsoft-Windows-Shell-Setup=1", UA_EUSAGE },
	{ "set", "specialize/=1", UA_EUSAGE },
	{ "specialize-command", "", UA_EUSAGE },
	{ "registered-owner", "tab\there", UA_EUSAGE },
	{ "locale", "\xc3\x28", UA_EUSAGE },
	{ "no-such-parameter", "x", UA_EUSAGE },
	{ "output", "/tmp", UA_EUSAGE },
};

START_TEST(test_param)
{
	struct ua_gen_params p = { 0 };
	char err[256] = "";
	int st = ua_gen_param(&p, param_cases[_i].key, param_cases[_i].value, err, sizeof(err));

	ck_assert_msg(st == param_cases[_i].want, "%s=%s: got %d (%s), want %d", param_cases[_i].key,
	    param_cases[_i].value, st, err, param_cases[_i].want);
	ua_gen_params_free(&p);
}
END_TEST

START_TEST(test_params_xml)
{
	struct ua_gen_params p = { 0 };
	char err[256];
	char *xml;
	static const char want[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<params agent=\"ec2config\" os=\"2012r2\">\n"
	    "  <timezone>Pacific Standard Time</timezone>\n"
	    "  <copy-profile>false</copy-profile>\n"
	    "  <registered-owner>A &amp; B &lt;x&gt;</registered-owner>\n"
	    "  <admin-password mode=\"static\">\n"
	    "    <obscured>UABhAHMAcwB3AG8AcgBkADEAQQBkAG0AaQBuAGkAcwB0AHIAYQB0AG8AcgBQAGEAcwBzAHcAbwByAGQA</obscured>\n"
	    "    <clear>Password1</clear>\n"
	    "  </admin-password>\n"
	    "  <specialize-command>echo \"$x\"</specialize-command>\n"
	    "  <first-logon-command>shutdown /r</first-logon-command>\n"
	    "  <switch name=\"handle-user-data\">false</switch>\n"
	    "  <set target=\"BundleConfig.xml\" path=\"AutoSysprep\">Yes</set>\n"
	    "</params>\n";

	ck_assert_int_eq(ua_gen_param(&p, "os", "2012r2", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "timezone", "UTC", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "timezone", "Pacific Standard Time", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "copy-profile", "off", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "registered-owner", "A & B <x>", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "admin-password", "static", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_set_password(&p, "Password1"), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "specialize-command", "echo \"$x\"", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "first-logon-command", "shutdown /r", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_param(&p, "handle-user-data", "no", err, sizeof(err)), UA_OK);
	ck_assert_int_eq(p.old_user_data_switch, 0);
	ck_assert_int_eq(ua_gen_param(&p, "set", "BundleConfig.xml/AutoSysprep=Yes", err, sizeof(err)), UA_OK);
	xml = ua_gen_params_xml(&p, "ec2config");
	ck_assert_ptr_nonnull(xml);
	ck_assert_msg(strcmp(xml, want) == 0, "parameters document:\n%s", xml);
	free(xml);
	ua_gen_params_free(&p);
}
END_TEST

START_TEST(test_params_xml_default)
{
	struct ua_gen_params p = { 0 };
	char *xml = ua_gen_params_xml(&p, "ec2launch-v2");

	ck_assert_str_eq(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<params agent=\"ec2launch-v2\">\n  <admin-password mode=\"random\"/>\n</params>\n");
	free(xml);
}
END_TEST

/* The engine: defaults validate; a bad value is a finding, not an output. */
START_TEST(test_run)
{
	struct ua_ctx *ctx;
	struct ua_gen_params p = { 0 };
	struct ua_gen_out out;
	struct ua_diags d = { 0 };
	char err[512] = "";

	ck_assert_msg(ua_ctx_new(test_datadir(), &ctx, err, sizeof(err)) == UA_OK, "%s", err);
	ck_assert_msg(ua_gen_run(ctx, &p, &out, &d, err, sizeof(err)) == UA_OK, "%s", err);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_str_eq(out.v[0].name, "unattend.xml");
	ck_assert_str_eq(out.v[1].name, "agent-config.yml");
	ck_assert_ptr_nonnull(strstr(out.v[0].bytes, "<RegisteredOwner>EC2</RegisteredOwner>"));
	ua_gen_out_free(&out);

	ck_assert_int_eq(ua_gen_param(&p, "set", "oobeSystem/Microsoft-Windows-Shell-Setup/CopyProfile=true",
	    err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_gen_run(ctx, &p, &out, &d, err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].rule, "wrong-pass");
	ck_assert_int_eq(d.v[0].sev, UA_SEV_ERROR);
	ck_assert_uint_eq(out.n, 0);
	ua_gen_out_free(&out);
	ua_diags_free(&d);
	ua_gen_params_free(&p);
	ua_ctx_free(ctx);
}
END_TEST

/* Editing an answer file as --from and --set do: each case applies one set to the same
 * start (one line, which stays one line) and expects a fragment. */
static const char edit_start[] =
    "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">"
    "<settings pass=\"oobeSystem\"><component name=\"Microsoft-Windows-Shell-Setup\" "
    "processorArchitecture=\"arm64\"><FirstLogonCommands><SynchronousCommand><Order>7</Order>"
    "</SynchronousCommand></FirstLogonCommands></component></settings></unattend>";

static const struct {
	const char *pass, *path, *value, *item, *want;
} edit_cases[] = {
	{ "specialize", "Microsoft-Windows-Shell-Setup/TimeZone", "UTC", NULL,
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
	  "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"arm64\" "
	  "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
	  "<TimeZone>UTC</TimeZone></component></settings><settings pass=\"oobeSystem\">" },
	{ "oobeSystem", "microsoft-windows-shell-setup/registeredowner", "Ops", NULL,
	  "</FirstLogonCommands><RegisteredOwner>Ops</RegisteredOwner></component>" },
	{ "oobeSystem", "Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/CommandLine",
	  "cmd", "Description=d",
	  "</SynchronousCommand><SynchronousCommand wcm:action=\"add\" "
	  "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"><Order>8</Order>"
	  "<Description>d</Description><CommandLine>cmd</CommandLine></SynchronousCommand>" },
};

START_TEST(test_edit_set)
{
	struct ua_ctx *ctx;
	struct ua_diags d = { 0 };
	struct ua_edit *e = NULL;
	char err[512] = "", *bytes = NULL;
	size_t len;

	ck_assert_msg(ua_ctx_new(test_datadir(), &ctx, err, sizeof(err)) == UA_OK, "%s", err);
	ck_assert_int_eq(ua_edit_open(ctx, "t.xml", edit_start, strlen(edit_start), "unattend", &e,
	    &d, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_edit_answer_add(e, edit_cases[_i].pass, edit_cases[_i].path,
	    edit_cases[_i].value, edit_cases[_i].item, &d, err, sizeof(err)), UA_OK);
	ck_assert_msg(d.n == 0, "%s", d.n ? d.v[0].msg : "");
	ck_assert_int_eq(ua_edit_result(e, &bytes, &len, err, sizeof(err)), UA_OK);
	ck_assert_msg(strstr(bytes, edit_cases[_i].want) != NULL, "%s/%s: got\n%s", edit_cases[_i].pass,
	    edit_cases[_i].path, bytes);
	free(bytes);
	ua_edit_free(e);
	ua_diags_free(&d);
	ua_ctx_free(ctx);
}
END_TEST

Suite *
gen_suite(void)
{
	Suite *s = suite_create("gen");
	TCase *tc = tcase_create("gen");

	tcase_add_loop_test(tc, test_obscure, 0, sizeof(obscure_cases) / sizeof(obscure_cases[0]));
	tcase_add_test(tc, test_obscure_invalid_utf8);
	tcase_add_loop_test(tc, test_param, 0, sizeof(param_cases) / sizeof(param_cases[0]));
	tcase_add_test(tc, test_params_xml);
	tcase_add_test(tc, test_params_xml_default);
	tcase_add_test(tc, test_run);
	tcase_add_loop_test(tc, test_edit_set, 0, sizeof(edit_cases) / sizeof(edit_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
