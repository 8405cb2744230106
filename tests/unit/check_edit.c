/* SPDX-License-Identifier: MIT */
/* Unit tests: the text-editing engine (edit.c and its syntaxes), and the corpus property
 * that setting a present answer-file setting to its own value changes no byte. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "ctx.h"
#include "doc.h"
#include "edit.h"
#include "suites.h"
#include "tree.h"
#include "ua.h"
#include "util.h"

/* One edit of a small file and the exact text it must give. */
static const struct {
	const char *name, *file, *text, *op, *path, *value, *want;
} cases[] = {
	{ "xml: value in place, LF", "unattend.xml",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
	  "\t<settings pass=\"specialize\">\n"
	  "\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
	  "\t\t\t<TimeZone>UTC</TimeZone>\n"
	  "\t\t</component>\n"
	  "\t</settings>\n"
	  "</unattend>\n",
	  "set", "specialize/Microsoft-Windows-Shell-Setup/TimeZone", "Tokyo Standard Time",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
	  "\t<settings pass=\"specialize\">\n"
	  "\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
	  "\t\t\t<TimeZone>Tokyo Standard Time</TimeZone>\n"
	  "\t\t</component>\n"
	  "\t</settings>\n"
	  "</unattend>\n" },
	{ "xml: new setting with tabs, escaped", "unattend.xml",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
	  "\t<settings pass=\"specialize\">\n"
	  "\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
	  "\t\t\t<TimeZone>UTC</TimeZone>\n"
	  "\t\t</component>\n"
	  "\t</settings>\n"
	  "</unattend>\n",
	  "set", "specialize/Microsoft-Windows-Shell-Setup/RegisteredOwner", "A & <B>",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
	  "\t<settings pass=\"specialize\">\n"
	  "\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
	  "\t\t\t<TimeZone>UTC</TimeZone>\n"
	  "\t\t\t<RegisteredOwner>A &amp; &lt;B&gt;</RegisteredOwner>\n"
	  "\t\t</component>\n"
	  "\t</settings>\n"
	  "</unattend>\n" },
	{ "xml: self-closing setting opened", "unattend.xml",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
	  "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
	  "<TimeZone /></component></settings></unattend>",
	  "set", "specialize/Microsoft-Windows-Shell-Setup/TimeZone", "UTC",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
	  "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
	  "<TimeZone>UTC</TimeZone></component></settings></unattend>" },
	{ "xml: one line file stays one line", "unattend.xml",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
	  "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
	  "<TimeZone>UTC</TimeZone></component></settings></unattend>",
	  "set", "specialize/Microsoft-Windows-Shell-Setup/ComputerName", "WEB",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
	  "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
	  "<TimeZone>UTC</TimeZone><ComputerName>WEB</ComputerName></component></settings></unattend>" },
	{ "xml: unset keeps the other lines", "unattend.xml",
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
	  "  <settings pass=\"oobeSystem\">\n"
	  "    <component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
	  "      <TimeZone>UTC</TimeZone>\n"
	  "    </component>\n"
	  "  </settings>\n"
	  "</unattend>\n",
	  "unset", "oobeSystem/Microsoft-Windows-Shell-Setup/TimeZone", NULL,
	  "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
	  "  <settings pass=\"oobeSystem\">\n"
	  "    <component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
	  "    </component>\n"
	  "  </settings>\n"
	  "</unattend>\n" },
	{ "json: member added with the file's spacing", "LaunchConfig.json",
	  "{\n    \"setWallpaper\" : true\n}\n",
	  "set", "setComputerName", "false",
	  "{\n    \"setWallpaper\" : true,\n    \"setComputerName\" : false\n}\n" },
	{ "json: string escaped", "LaunchConfig.json",
	  "{\"adminPasswordType\":\"Random\",\"setWallpaper\":true}",
	  "set", "adminPasswordType", "Do\"Nothing",
	  "{\"adminPasswordType\":\"Do\\\"Nothing\",\"setWallpaper\":true}" },
	{ "json: first member removed", "LaunchConfig.json",
	  "{\n  \"a\": 1,\n  \"b\": [1, 2],\n  \"c\": 3\n}\n",
	  "unset", "a", NULL,
	  "{\n  \"b\": [1, 2],\n  \"c\": 3\n}\n" },
	{ "json: last member removed", "LaunchConfig.json",
	  "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}\n",
	  "unset", "b", NULL,
	  "{\n  \"a\": 1\n}\n" },
	{ "yaml: top-level key kept plain", "agent-config.yml",
	  "version: 1.0  # pinned\nconfig:\n- stage: boot\n  tasks:\n  - task: extendRootPartition\n",
	  "set", "version", "1.1",
	  "version: 1.1  # pinned\nconfig:\n- stage: boot\n  tasks:\n  - task: extendRootPartition\n" },
	{ "yaml: a string that reads as a number is quoted", "agent-config.yml",
	  "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: setHostName\n    inputs:\n      hostName: web\n",
	  "set", "postReady/setHostName/hostName", "123",
	  "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: setHostName\n    inputs:\n      hostName: '123'\n" },
	{ "yaml: inputs made for a task without", "agent-config.yml",
	  "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: setHostName\n",
	  "set", "postReady/setHostName/hostName", "web",
	  "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: setHostName\n    inputs:\n      hostName: web\n" },
	{ "yaml: task added to a file without a final newline", "agent-config.yml",
	  "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: startSsm",
	  "add-task", "postReady/optimizeEna", NULL,
	  "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: startSsm\n  - task: optimizeEna\n" },
	{ "yaml: task added with object inputs", "agent-config.yml",
	  "version: 1.0\nconfig:\n  - stage: postReady\n    tasks:\n      - task: startSsm\n",
	  "add-task", "postReady/setHostName:hostName=web-01,reboot=true", NULL,
	  "version: 1.0\nconfig:\n  - stage: postReady\n    tasks:\n      - task: startSsm\n"
	  "      - task: setHostName\n        inputs:\n          hostName: web-01\n          reboot: true\n" },
};

START_TEST(test_edit_case)
{
	struct ua_diags d = { 0 };
	struct ua_edit *e = NULL;
	char err[512], *out = NULL;
	size_t len;
	int st;

	st = ua_edit_open(test_ctx, cases[_i].file, cases[_i].text, strlen(cases[_i].text), NULL,
	    &e, &d, err, sizeof(err));
	ck_assert_msg(st == UA_OK, "%s: open: %d %s", cases[_i].name, st, err);
	if (strcmp(cases[_i].op, "set") == 0)
		st = ua_edit_set(e, cases[_i].path, cases[_i].value, 0, &d, err, sizeof(err));
	else if (strcmp(cases[_i].op, "unset") == 0)
		st = ua_edit_unset(e, cases[_i].path, &d, err, sizeof(err));
	else
		st = ua_edit_add_task(e, cases[_i].path, &d, err, sizeof(err));
	ck_assert_msg(st == UA_OK && d.n == 0, "%s: %d %s", cases[_i].name, st,
	    d.n ? d.v[0].msg : err);
	ck_assert_int_eq(ua_edit_result(e, &out, &len, err, sizeof(err)), UA_OK);
	ck_assert_msg(len == strlen(cases[_i].want) && memcmp(out, cases[_i].want, len) == 0,
	    "%s: got\n%.*s", cases[_i].name, (int)len, out);
	free(out);
	ua_edit_free(e);
	ua_diags_free(&d);
}
END_TEST

/* A refused edit leaves the text as it was and says why. */
START_TEST(test_edit_refused_keeps_text)
{
	static const char text[] = "{\n  \"setWallpaper\": true\n}\n";
	struct ua_diags d = { 0 };
	struct ua_edit *e = NULL;
	char err[512], *out = NULL;
	size_t len;

	ck_assert_int_eq(ua_edit_open(test_ctx, "LaunchConfig.json", text, strlen(text), NULL,
	    &e, &d, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_edit_set(e, "adminPassword", "Canary-Pw1", 0, &d, err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_null(strstr(d.v[0].msg, "Canary-Pw1"));
	ck_assert_int_eq(ua_edit_changed(e), 0);
	ck_assert_int_eq(ua_edit_result(e, &out, &len, err, sizeof(err)), UA_OK);
	ck_assert(len == strlen(text) && memcmp(out, text, len) == 0);
	free(out);
	ua_edit_free(e);
	ua_diags_free(&d);
}
END_TEST

/* UTF-16 without a byte order mark comes back as UTF-16 without one. */
START_TEST(test_edit_utf16_no_bom)
{
	static const char src[] = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
	    "<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
	    "<TimeZone>UTC</TimeZone></component></settings></unattend>";
	struct ua_diags d = { 0 };
	struct ua_edit *e = NULL;
	char err[512], *in = malloc(2 * sizeof(src)), *out = NULL;
	size_t i, n = strlen(src), len;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < n; i++) {
		in[2 * i] = src[i];
		in[2 * i + 1] = '\0';
	}
	ck_assert_int_eq(ua_edit_open(test_ctx, "unattend.xml", in, 2 * n, NULL, &e, &d, err,
	    sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_edit_set(e, "specialize/Microsoft-Windows-Shell-Setup/TimeZone", "GMT",
	    0, &d, err, sizeof(err)), UA_OK);
	ck_assert_int_eq(ua_edit_result(e, &out, &len, err, sizeof(err)), UA_OK);
	ck_assert_uint_eq(len, 2 * n);
	ck_assert(memcmp(out, in, 2 * (size_t)(strstr(src, "UTC") - src)) == 0);
	ck_assert(out[2 * (size_t)(strstr(src, "UTC") - src)] == 'G' && out[1] == '\0');
	free(out);
	free(in);
	ua_edit_free(e);
	ua_diags_free(&d);
}
END_TEST

/* The path of a setting element as unattend-edit takes it: pass/component/... with list
 * items by their key; NULL when it has none (a list item without a key). */
static char *
path_of(const struct ua_catalog *cat, xmlNodePtr el)
{
	xmlNodePtr chain[64], n;
	const struct ua_setting *set = &cat->root;
	struct ua_buf b = { 0 };
	size_t k = 0;
	xmlChar *pass = NULL;
	int cd;

	for (n = el; n && k < 64 && xmlStrcmp(n->name, (const xmlChar *)"settings") != 0; n = n->parent)
		chain[k++] = n;
	if (n == NULL || k < 2 || (pass = xmlGetProp(n, (const xmlChar *)"pass")) == NULL)
		return NULL;
	ua_buf_puts(&b, (const char *)pass);
	xmlFree(pass);
	while (k-- > 0) {
		xmlChar *name = NULL;
		const char *step = (const char *)chain[k]->name;
		if (xmlStrcmp(chain[k]->name, (const xmlChar *)"component") == 0 &&
		    (name = xmlGetProp(chain[k], (const xmlChar *)"name")) != NULL)
			step = (const char *)name;
		set = set ? ua_setting_child(set, step, &cd) : NULL;
		if (set == NULL || cd) {
			xmlFree(name);
			ua_buf_free(&b);
			return NULL;
		}
		ua_buf_printf(&b, "/%s", set->name);
		xmlFree(name);
		if ((set->flags & UA_SF_LIST) && set->key) {
			char *v = NULL;
			if (set->key[0] == '@') {
				xmlChar *a = xmlGetProp(chain[k], (const xmlChar *)"keyValue");
				v = a ? ua_strdup((const char *)a) : NULL;
				xmlFree(a);
			} else {
				for (n = chain[k]->children; n; n = n->next)
					if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, set->key) == 0)
						break;
				v = n ? ua_node_text(n, 1) : NULL;
			}
			if (v == NULL || strchr(v, ']') || strchr(v, '/')) {
				free(v);
				ua_buf_free(&b);
				return NULL;
			}
			ua_buf_printf(&b, "[%s=%s]", set->key + (set->key[0] == '@'), v);
			free(v);
		}
	}
	ua_buf_add(&b, "", 0);
	return ua_buf_take(&b);
}

static int
has_element_children(const xmlNode *n)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* Sets every leaf setting of doc's tree (first of each path) to its own text in e. */
static void
own_values(struct ua_edit *e, const struct ua_catalog *cat, xmlNodePtr n, const char *file,
    xmlHashTablePtr seen, size_t *tried)
{
	struct ua_diags d = { 0 };
	char err[512], *path;
	xmlChar *v;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (has_element_children(n)) {
			own_values(e, cat, n->children, file, seen, tried);
			continue;
		}
		if ((path = path_of(cat, n)) == NULL)
			continue;
		if (xmlHashAddEntry(seen, (const xmlChar *)path, seen) != 0) {
			free(path);
			continue;
		}
		v = xmlNodeGetContent(n);
		ck_assert_int_eq(ua_edit_set(e, path, v ? (const char *)v : "", 1, &d, err, sizeof(err)), UA_OK);
		ck_assert_msg(!ua_edit_changed(e), "%s: setting %s to its own value changed the file",
		    file, path);
		*tried += d.n == 0;
		ua_diags_free(&d);
		memset(&d, 0, sizeof(d));
		xmlFree(v);
		free(path);
	}
}

START_TEST(test_edit_corpus_own_value)
{
	char dir[4096], file[8192], err[512];
	const struct ua_catalog *cat = ua_ctx_catalog(test_ctx, err, sizeof(err));
	struct dirent *de;
	size_t files = 0, tried = 0;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/unattend", test_datadir());
	if ((dp = opendir(dir)) == NULL)
		return;	/* no corpus here: nothing to check */
	ck_assert_ptr_nonnull(cat);
	while ((de = readdir(dp)) != NULL) {
		struct ua_diags d = { 0 };
		struct ua_edit *e = NULL;
		xmlHashTablePtr seen;
		char *buf, *out = NULL, *name;
		size_t len, outlen;

		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
		if (ua_read_file(file, &buf, &len, err, sizeof(err)) != UA_OK)
			continue;
		/* every corpus file is an answer file, whatever its name */
		name = ua_asprintf("%s.unattend.xml", de->d_name);
		if (ua_edit_open(test_ctx, name, buf, len, "unattend", &e, &d, err, sizeof(err)) == UA_OK) {
			files++;
			seen = xmlHashCreate(64);
			own_values(e, cat, xmlDocGetRootElement(ua_edit_doc(e)->xml), de->d_name, seen, &tried);
			xmlHashFree(seen, NULL);
			ck_assert_int_eq(ua_edit_result(e, &out, &outlen, err, sizeof(err)), UA_OK);
			ck_assert_msg(outlen == len && memcmp(out, buf, len) == 0, "%s: bytes changed", de->d_name);
			free(out);
		}
		ua_edit_free(e);
		ua_diags_free(&d);
		free(name);
		free(buf);
	}
	closedir(dp);
	ck_assert_msg(files > 100 && tried > 1000, "only %zu files, %zu settings", files, tried);
}
END_TEST

Suite *
edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("edit");

	tcase_add_checked_fixture(tc, test_ctx_setup, test_ctx_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_edit_case, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_edit_refused_keeps_text);
	tcase_add_test(tc, test_edit_utf16_no_bom);
	tcase_add_test(tc, test_edit_corpus_own_value);
	suite_add_tcase(s, tc);
	return s;
}
