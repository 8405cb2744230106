/* SPDX-License-Identifier: MIT */
/* Unit tests: template markers, values not yet known, branches, rendering and its offset map. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "template.h"
#include "ua.h"
#include "util.h"

static const struct {
	const char *name;
	size_t want;
} names[] = {
	{ "autounattend.xml.pkrtpl.hcl", 16 },
	{ "Unattend.XML.TPL", 12 },
	{ "unattend.xml.j2.tmpl", 12 },
	{ "agent-config.yml.template", 16 },
	{ "unattend.xml", 12 },
	{ ".tpl", 4 },
	{ "dir/.j2", 7 },
};

START_TEST(test_name_len)
{
	ck_assert_msg(ua_template_name_len(names[_i].name) == names[_i].want,
	    "%s: %zu, want %zu", names[_i].name, ua_template_name_len(names[_i].name),
	    names[_i].want);
}
END_TEST

/* Each value read inside a template of the given syntax: is it known, and its fixed length. */
static const struct {
	enum ua_tpl_syntax syn;
	const char *value;
	int unknown;
	size_t fixed;
} values[] = {
	{ UA_TPL_AUTO, "${password}", 1, 0 },
	{ UA_TPL_AUTO, "web-${n}", 1, 4 },
	{ UA_TPL_AUTO, "$${literal}", 0, 11 },
	{ UA_TPL_AUTO, "${env:Path}", 0, 11 },
	{ UA_TPL_AUTO, "{{ .Name }}", 1, 0 },
	{ UA_TPL_AUTO, "{{user `pw`}}", 1, 0 },
	{ UA_TPL_AUTO, "a{{ x | default('b') }}c", 1, 2 },
	{ UA_TPL_AUTO, "@HOSTNAME@", 1, 0 },
	{ UA_TPL_AUTO, "user@example.com", 0, 16 },
	{ UA_TPL_AUTO, "  $VMName ", 1, 3 },
	{ UA_TPL_AUTO, "$($Config.Owner)", 1, 0 },
	{ UA_TPL_AUTO, "cmd /c echo $x > y", 0, 18 },
	{ UA_TPL_AUTO, "%WINDIR%\\system32", 0, 17 },
	{ UA_TPL_AUTO, "{ProductKey}", 1, 0 },
	{ UA_TPL_AUTO, "%arch%", 1, 0 },
	{ UA_TPL_AUTO, " %image_name% ", 1, 2 },
	{ UA_TPL_AUTO, "{8a3b7c1e-0000-4000-8000-000000000001}", 0, 38 },
	{ UA_TPL_AUTO, "x{Name}", 0, 7 },
	{ UA_TPL_AUTO, "%1", 0, 2 },
	{ UA_TPL_AUTO, "100%", 0, 4 },
	{ UA_TPL_AUTO, "%ProgramFiles(x86)%", 0, 19 },
	{ UA_TPL_PACKER, "%arch%", 0, 6 },
	{ UA_TPL_PACKER, "{{ .Name }}", 0, 11 },
	{ UA_TPL_GO, "${x}", 0, 4 },
	{ UA_TPL_JINJA, "@X@", 0, 3 },
	{ UA_TPL_AUTO, "caf\xc3\xa9-${n}", 1, 5 },
};

START_TEST(test_values)
{
	/* a file with one marker of every syntax makes a template of the syntax */
	struct ua_tpl_opts o = { values[_i].syn, NULL, 0, 0 };
	char *text = ua_strdup("<a>${x}{{ y }}@Z@</a>");
	size_t len = strlen(text);
	struct ua_template *t = NULL;

	ck_assert_int_eq(ua_template_prepare(&o, 1, &text, &len, &t), UA_OK);
	ck_assert_ptr_nonnull(t);
	ck_assert_msg(ua_template_unknown(t, values[_i].value) == values[_i].unknown,
	    "%s: unknown %d", values[_i].value, !values[_i].unknown);
	ck_assert_msg(ua_template_fixed_len(t, values[_i].value) == values[_i].fixed,
	    "%s: fixed %zu, want %zu", values[_i].value,
	    ua_template_fixed_len(t, values[_i].value), values[_i].fixed);
	ua_template_free(t);
	free(text);
}
END_TEST

/* The fixed text: placeholders left empty; a value made by directives has none. */
START_TEST(test_fixed_text)
{
	struct ua_tpl_opts o = { UA_TPL_AUTO, NULL, 0, 0 };
	char *text = ua_strdup("<a>web server-${n}</a><b>%{ if x }one%{ else }two%{ endif }</b>");
	char *b, *end, *f;
	size_t len = strlen(text);
	struct ua_template *t = NULL;

	ck_assert_int_eq(ua_template_prepare(&o, 1, &text, &len, &t), UA_OK);
	ck_assert_ptr_nonnull(t);
	f = ua_template_fixed_text(t, "web server-${n}");
	ck_assert_str_eq(f, "web server-");
	free(f);
	f = ua_template_fixed_text(t, "${a}${b}");
	ck_assert_str_eq(f, "");
	free(f);
	/* the directives' value as the tree reads it */
	b = strstr(text, "<b>") + 3;
	end = strstr(b, "</b>");
	*end = '\0';
	ck_assert_int_eq(ua_template_unknown(t, b), 1);
	ck_assert_int_eq(ua_template_fixed_len(t, b), 0);
	f = ua_template_fixed_text(t, b);
	ck_assert_str_eq(f, "");
	free(f);
	ua_template_free(t);
	free(text);
}
END_TEST

START_TEST(test_plain_untouched)
{
	static const char plain[] = "<a b=\"%X%;1\">{GUID} $ 100% { } @ user@host %WINDIR%\\x</a>";
	struct ua_tpl_opts o = { UA_TPL_AUTO, NULL, 0, 0 };
	char *text = ua_strdup(plain);
	size_t len = strlen(text);
	struct ua_template *t = (struct ua_template *)&o;

	ck_assert_int_eq(ua_template_prepare(&o, 1, &text, &len, &t), UA_OK);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(text, plain);
	o.syntax = UA_TPL_NONE;
	free(text);
	text = ua_strdup("<a>${x}</a>");
	len = strlen(text);
	ck_assert_int_eq(ua_template_prepare(&o, 1, &text, &len, &t), UA_OK);
	ck_assert_ptr_null(t);
	free(text);
}
END_TEST

START_TEST(test_directives_and_branches)
{
	static const char src[] =
	    "<a>\n%{ if x ~}\n<b>1</b>\n%{ else ~}\n<b>2</b>\n%{ endif ~}\n<c>%{ if y }3%{ endif }</c>\n</a>";
	struct ua_tpl_opts o = { UA_TPL_PACKER, NULL, 0, 0 };
	char *text = ua_strdup(src);
	size_t len = strlen(text), b1 = strstr(src, "<b>1") - src, b2 = strstr(src, "<b>2") - src,
	    c = strstr(src, "<c>") - src;
	struct ua_template *t = NULL;

	ck_assert_int_eq(ua_template_prepare(&o, 1, &text, &len, &t), UA_OK);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(len, strlen(src));	/* blanked in place: offsets unmoved */
	ck_assert_ptr_null(strstr(text, "%{ if x"));
	ck_assert_int_eq(text[strstr(src, "%{ else") - src - 1], '\n');
	ck_assert_int_eq(ua_template_alternatives(t, b1, b2), 1);
	ck_assert_int_eq(ua_template_alternatives(t, b1, c), 0);
	ck_assert_uint_eq(ua_template_variants(t), 2);
	ck_assert_int_eq(ua_template_in_variant(t, b1, 0), 1);
	ck_assert_int_eq(ua_template_in_variant(t, b1, 1), 0);
	ck_assert_int_eq(ua_template_in_variant(t, b2, 1), 1);
	ck_assert_int_eq(ua_template_in_variant(t, c, 1), 1);
	/* a value made by directives is not known */
	ck_assert_int_eq(ua_template_unknown(t, strstr(text, "<c>") + 3), 1);
	ua_template_free(t);
	free(text);
}
END_TEST

START_TEST(test_render_map)
{
	static const char src[] = "<a x=\"${arch}\">${name}</a><b>${other}</b>";
	struct ua_tpl_opts o = { UA_TPL_AUTO, NULL, 0, 0 };
	char err[128], *text = ua_strdup(src);
	const char *orig;
	size_t len = strlen(text), origlen;
	struct ua_template *t = NULL;

	ck_assert_int_eq(ua_tpl_opts_set(&o, "arch=amd64", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_tpl_opts_set(&o, "name=A & <B>", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_tpl_opts_set(&o, "arch=x86", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_tpl_opts_set(&o, "novalue", err, sizeof(err)), -1);
	ck_assert_int_eq(ua_template_prepare(&o, 1, &text, &len, &t), UA_OK);
	ck_assert_str_eq(text, "<a x=\"x86\">A &amp; &lt;B&gt;</a><b>${other}</b>");
	ck_assert_uint_eq(len, strlen(text));
	/* <b> after the values is where it was in the template */
	ck_assert_uint_eq(ua_template_offset(t, (size_t)(strstr(text, "<b>") - text), &orig, &origlen),
	    (size_t)(strstr(src, "<b>") - src));
	ck_assert_ptr_nonnull(orig);
	ck_assert_str_eq(orig, src);
	/* inside a value: where its placeholder starts */
	ck_assert_uint_eq(ua_template_offset(t, (size_t)(strstr(text, "&amp;") - text), &orig, &origlen),
	    (size_t)(strstr(src, "${name}") - src));
	ck_assert_int_eq(ua_template_unknown(t, "${other}"), 1);
	ck_assert_int_eq(ua_template_unknown(t, "x86"), 0);
	ua_template_free(t);
	ua_tpl_opts_free(&o);
	free(text);
}
END_TEST

START_TEST(test_json_bare)
{
	static const char src[] = "{\n  \"a\": {{x}},\n  \"b\": \"{{y}}\"\n}";
	struct ua_tpl_opts o = { UA_TPL_AUTO, NULL, 0, 0 };
	char *text = ua_strdup(src);
	size_t len = strlen(text);
	struct ua_template *t = NULL;

	ck_assert_int_eq(ua_template_prepare(&o, 2, &text, &len, &t), UA_OK);
	ck_assert_str_eq(text, "{\n  \"a\": \"{x}\",\n  \"b\": \"{{y}}\"\n}");
	ck_assert_int_eq(ua_template_unknown(t, "{x}"), 1);
	ck_assert_int_eq(ua_template_unknown(t, "{{y}}"), 1);
	ua_template_free(t);
	free(text);
}
END_TEST

START_TEST(test_mask)
{
	struct ua_tpl_opts o = { UA_TPL_AUTO, NULL, 0, 0 };
	char err[64], *msg = ua_strdup("'Hunter2' and 'amd64' and 'Key1'");

	ck_assert_int_eq(ua_tpl_opts_set(&o, "admin_password=Hunter2", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_tpl_opts_set(&o, "arch=amd64", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_tpl_opts_set(&o, "ProductKey=Key1", err, sizeof(err)), 0);
	ck_assert_int_eq(ua_tpl_mask(&o, NULL, &msg), 0);
	ck_assert_str_eq(msg, "'********' and 'amd64' and '********'");
	free(msg);
	ck_assert_ptr_eq(ua_tpl_secret_on_argv(&o, NULL), &o.vars[0]);
	ua_tpl_opts_free(&o);
}
END_TEST

/* Which variable names hold secrets: refused on a command line, masked everywhere. */
START_TEST(test_secret_name)
{
	static const struct { const char *name; int secret; } cases[] = {
		{ "admin_password", 1 }, { "PASSWORD", 1 }, { "winrm_passwd", 1 },
		{ "build-pwd", 1 }, { "client_secret", 1 }, { "api_token", 1 },
		{ "domain_credentials", 1 }, { "product_key", 1 }, { "productKey", 1 },
		{ "ssh_keys", 1 }, { "KEY", 1 }, { "win_key_id", 1 }, { "passphrase", 1 },
		{ "keyboard_layout", 0 }, { "KEYBOARD", 0 }, { "monkey", 0 }, { "hotkeys_on", 0 },
		{ "arch", 0 }, { "vm_guest_os_timezone", 0 }, { "computer_name", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		ck_assert_msg(ua_tpl_secret_name(NULL, cases[i].name) == cases[i].secret,
		    "%s: expected %d", cases[i].name, cases[i].secret);
}
END_TEST

/* Only values given with --var are on a command line; a file's value replaces one. */
START_TEST(test_secret_on_argv)
{
	struct ua_tpl_opts o = { UA_TPL_AUTO, NULL, 0, 0 };
	char err[128], path[] = "/tmp/ua-tplvars-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "admin_password = \"x\"\n", 21), 21);
	close(fd);
	ck_assert_int_eq(ua_tpl_opts_set(&o, "admin_password=Hunter2", err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(ua_tpl_secret_on_argv(&o, NULL));
	ck_assert_int_eq(ua_tpl_opts_read(&o, path, err, sizeof(err)), 0);
	ck_assert_ptr_null(ua_tpl_secret_on_argv(&o, NULL));
	ck_assert_int_eq(ua_tpl_opts_set(&o, "hostname=web", err, sizeof(err)), 0);
	ck_assert_ptr_null(ua_tpl_secret_on_argv(&o, NULL));
	unlink(path);
	ua_tpl_opts_free(&o);
}
END_TEST

Suite *
template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_name_len, 0, sizeof(names) / sizeof(names[0]));
	tcase_add_loop_test(tc, test_values, 0, sizeof(values) / sizeof(values[0]));
	tcase_add_test(tc, test_plain_untouched);
	tcase_add_test(tc, test_directives_and_branches);
	tcase_add_test(tc, test_render_map);
	tcase_add_test(tc, test_json_bare);
	tcase_add_test(tc, test_mask);
	tcase_add_test(tc, test_fixed_text);
	tcase_add_test(tc, test_secret_name);
	tcase_add_test(tc, test_secret_on_argv);
	suite_add_tcase(s, tc);
	return s;
}
