/* SPDX-License-Identifier: MIT */
/* Unit tests: parsing XML, JSON and YAML into one tree with node positions. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/xpath.h>

#include "doc.h"
#include "suites.h"
#include "ua.h"
#include "util.h"

/* Where the node an XPath selects must be found. */
static const struct {
	const char *name;
	enum ua_format fmt;
	const char *text;
	const char *xpath;
	unsigned long line, col;
	const char *type;	/* the type attribute (JSON, YAML), or NULL */
	const char *value;	/* the node's text, or NULL */
} positions[] = {
	{ "xml element", UA_FMT_XML, "<a>\n  <b x='1'>t</b>\n</a>", "/a/b", 2, 3, NULL, "t" },
	{ "xml attribute", UA_FMT_XML, "<a>\n  <b  y='2' x='1'>t</b>\n</a>", "/a/b/@x", 2, 13, NULL, "1" },
	{ "xml crlf", UA_FMT_XML, "<a>\r\n\r\n<b/></a>", "/a/b", 3, 1, NULL, "" },
	{ "xml bom", UA_FMT_XML, "\xef\xbb\xbf<a><b/></a>", "/a/b", 1, 4, NULL, "" },
	{ "xml utf8 column counts characters", UA_FMT_XML, "<a>\xc3\xa9\xc3\xa9<b/></a>", "/a/b", 1, 6, NULL, "" },
	{ "xml multi-line tag", UA_FMT_XML, "<a>\n<b\n x='1'\n/></a>", "/a/b", 2, 1, NULL, "" },
	{ "xml comment", UA_FMT_XML, "<a>\n <!-- c --><b/></a>", "/a/comment()", 2, 2, NULL, " c " },
	{ "json member", UA_FMT_JSON, "{\n  \"k\": true\n}", "/doc/k", 2, 3, "boolean", "true" },
	{ "json root", UA_FMT_JSON, "  [1]", "/doc", 1, 3, "array", "1" },
	{ "json item", UA_FMT_JSON, "[1,\n 2.5e3]", "/doc/item[2]", 2, 2, "number", "2.5e3" },
	{ "json escaped string", UA_FMT_JSON, "{\"s\":\"a\\u00e9\\n\"}", "/doc/s", 1, 2, "string", "a\xc3\xa9\n" },
	{ "json odd key", UA_FMT_JSON, "{\"a b\":null}", "/doc/_[@key='a b']", 1, 2, "null", "" },
	{ "json key starting with xml", UA_FMT_JSON, "{\"xmlns\":1}", "/doc/_[@key='xmlns']", 1, 2, "number", "1" },
	{ "yaml member", UA_FMT_YAML, "version: 1.0\nconfig:\n  - stage: boot\n", "/doc/config/item/stage", 3, 5, "string", "boot" },
	{ "yaml number", UA_FMT_YAML, "version: 1.0\n", "/doc/version", 1, 1, "number", "1.0" },
	{ "yaml quoted is a string", UA_FMT_YAML, "v: '1.0'\n", "/doc/v", 1, 1, "string", "1.0" },
	{ "yaml yes is a boolean", UA_FMT_YAML, "v: yes\n", "/doc/v", 1, 1, "boolean", "yes" },
	{ "yaml null", UA_FMT_YAML, "v:\n", "/doc/v", 1, 1, "null", "" },
	{ "yaml alias", UA_FMT_YAML, "a: &x {k: 1}\nb: *x\n", "/doc/b/k", 1, 8, "number", "1" },
	{ "yaml empty document", UA_FMT_YAML, "", "/doc", 1, 1, "null", "" },
};

START_TEST(test_positions)
{
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr o;
	xmlNodePtr n;
	xmlChar *v;
	unsigned long line, col;
	int st;

	st = ua_doc_parse("t", positions[_i].text, strlen(positions[_i].text),
	    positions[_i].fmt, &doc, &d);
	ck_assert_msg(st == UA_OK, "%s: parse status %d (%s)", positions[_i].name, st,
	    d.n ? d.v[0].msg : "");
	ck_assert_msg(d.n == 0, "%s: unexpected finding %s", positions[_i].name,
	    d.n ? d.v[0].msg : "");
	xp = xmlXPathNewContext(doc->xml);
	o = xmlXPathEvalExpression(BAD_CAST positions[_i].xpath, xp);
	ck_assert_msg(o && o->nodesetval && o->nodesetval->nodeNr >= 1, "%s: %s selects nothing",
	    positions[_i].name, positions[_i].xpath);
	n = o->nodesetval->nodeTab[0];
	ua_doc_pos(doc, n, &line, &col);
	ck_assert_msg(line == positions[_i].line && col == positions[_i].col,
	    "%s: at %lu:%lu, want %lu:%lu", positions[_i].name, line, col,
	    positions[_i].line, positions[_i].col);
	if (positions[_i].type) {
		v = xmlGetProp(n, BAD_CAST "type");
		ck_assert_msg(v && strcmp((char *)v, positions[_i].type) == 0,
		    "%s: type %s, want %s", positions[_i].name, v ? (char *)v : "(none)",
		    positions[_i].type);
		xmlFree(v);
	}
	if (positions[_i].value) {
		v = xmlNodeGetContent(n);
		ck_assert_msg(v && strcmp((char *)v, positions[_i].value) == 0,
		    "%s: value '%s', want '%s'", positions[_i].name, v ? (char *)v : "",
		    positions[_i].value);
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xp);
	ua_doc_free(doc);
	ua_diags_free(&d);
}
END_TEST

/* Inputs that must fail with one finding of rule at line:col. */
static const struct {
	const char *name;
	enum ua_format fmt;
	const char *text;
	size_t len;		/* 0: strlen */
	const char *rule;
	unsigned long line, col;
} failures[] = {
	{ "xml unclosed", UA_FMT_XML, "<a>\n<b></a>", 0, "syntax", 2, 8 },
	{ "xml doctype", UA_FMT_XML, "<?xml version='1.0'?>\n<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", 0, "doctype", 2, 1 },
	{ "invalid utf-8", UA_FMT_XML, "<a>\nok \xff</a>", 0, "syntax", 2, 4 },
	{ "nul byte", UA_FMT_JSON, "{\"a\":\n 1,\0}", 11, "syntax", 2, 4 },
	{ "utf-32", UA_FMT_XML, "\xff\xfe\0\0<\0\0\0", 8, "syntax", 1, 1 },
	{ "json trailing comma", UA_FMT_JSON, "{\"a\": 1,\n}", 0, "syntax", 2, 1 },
	{ "json duplicate key", UA_FMT_JSON, "{\"a\": 1,\n \"a\": 2}", 0, "duplicate-key", 2, 2 },
	{ "yaml tab", UA_FMT_YAML, "a:\n\tb: 1\n", 0, "syntax", 2, 1 },
	{ "yaml duplicate key", UA_FMT_YAML, "a: 1\nb: 2\na: 3\n", 0, "duplicate-key", 3, 1 },
	{ "yaml two documents", UA_FMT_YAML, "a: 1\n---\nb: 2\n", 0, "syntax", 2, 1 },
	{ "yaml unknown alias", UA_FMT_YAML, "a: *nope\n", 0, "syntax", 1, 4 },
	{ "yaml self alias", UA_FMT_YAML, "a: &x [1, *x]\n", 0, "syntax", 1, 11 },
	{ "yaml complex key", UA_FMT_YAML, "? [a]\n: 1\n", 0, "syntax", 1, 3 },
};

START_TEST(test_failures)
{
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	size_t len = failures[_i].len ? failures[_i].len : strlen(failures[_i].text);
	int st;

	st = ua_doc_parse("t", failures[_i].text, len, failures[_i].fmt, &doc, &d);
	ck_assert_msg(d.n >= 1, "%s: no finding (status %d)", failures[_i].name, st);
	ck_assert_msg(strcmp(d.v[0].rule, failures[_i].rule) == 0 &&
	    d.v[0].line == failures[_i].line && d.v[0].col == failures[_i].col,
	    "%s: got %s at %lu:%lu (%s), want %s at %lu:%lu", failures[_i].name,
	    d.v[0].rule, d.v[0].line, d.v[0].col, d.v[0].msg, failures[_i].rule,
	    failures[_i].line, failures[_i].col);
	if (strcmp(failures[_i].rule, "duplicate-key") != 0)
		ck_assert_msg(st == UA_ESYNTAX, "%s: status %d", failures[_i].name, st);
	ua_doc_free(doc);
	ua_diags_free(&d);
}
END_TEST

START_TEST(test_utf16)
{
	static const char le[] = "\xff\xfe<\0a\0>\0\n\0<\0b\0/\0>\0<\0/\0a\0>\0";
	static const char be[] = "\xfe\xff\0<\0a\0>\0<\0/\0a\0>";
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;

	ck_assert_int_eq(ua_doc_parse("t.xml", le, sizeof(le) - 1, UA_FMT_UNKNOWN, &doc, &d), UA_OK);
	ck_assert_int_eq(doc->fmt, UA_FMT_XML);
	ck_assert_str_eq((const char *)xmlFirstElementChild(xmlDocGetRootElement(doc->xml))->name, "b");
	ua_doc_free(doc);
	ck_assert_int_eq(ua_doc_parse("t.xml", be, sizeof(be) - 1, UA_FMT_UNKNOWN, &doc, &d), UA_OK);
	ua_doc_free(doc);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

START_TEST(test_yaml_alias_bomb)
{
	struct ua_buf b = { 0 };
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	char *text;
	int i;

	ua_buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 10; i++)
		ua_buf_printf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
		    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	text = ua_buf_take(&b);
	ck_assert_int_eq(ua_doc_parse("t.yml", text, strlen(text), UA_FMT_YAML, &doc, &d), UA_ESYNTAX);
	ck_assert_uint_ge(d.n, 1);
	ck_assert_str_eq(d.v[0].rule, "limit");
	free(text);
	ua_doc_free(doc);
	ua_diags_free(&d);
}
END_TEST

START_TEST(test_depth_limit)
{
	static const enum ua_format fmts[] = { UA_FMT_XML, UA_FMT_JSON, UA_FMT_YAML };
	struct ua_buf b = { 0 };
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	char *text;
	int i;

	for (i = 0; i < 300; i++)
		ua_buf_puts(&b, fmts[_i] == UA_FMT_XML ? "<a>" : "[");
	for (i = 0; i < 300; i++)
		ua_buf_puts(&b, fmts[_i] == UA_FMT_XML ? "</a>" : "]");
	text = ua_buf_take(&b);
	ck_assert_int_eq(ua_doc_parse("t", text, strlen(text), fmts[_i], &doc, &d), UA_ESYNTAX);
	ck_assert_msg(d.n >= 1 && strcmp(d.v[0].rule, "limit") == 0, "format %d: %s", _i,
	    d.n ? d.v[0].rule : "no finding");
	free(text);
	ua_doc_free(doc);
	ua_diags_free(&d);
}
END_TEST

START_TEST(test_sniff)
{
	ck_assert_int_eq(ua_format_sniff("x.json", "<a/>", 4), UA_FMT_JSON);
	ck_assert_int_eq(ua_format_sniff("x.yml", "{}", 2), UA_FMT_YAML);
	ck_assert_int_eq(ua_format_sniff("x", "  <a/>", 6), UA_FMT_XML);
	ck_assert_int_eq(ua_format_sniff("x", "\xef\xbb\xbf{}", 5), UA_FMT_JSON);
	ck_assert_int_eq(ua_format_sniff("x", "a: 1", 4), UA_FMT_YAML);
	ck_assert_int_eq(ua_format_sniff("x", "\xff\xfe<\0", 4), UA_FMT_XML);
}
END_TEST

/* Characters (not bytes) in s[0, off): a column on a one-line text, less one. */
static unsigned long
chars_to(const char *s, size_t off)
{
	unsigned long c = 0;
	size_t i;

	for (i = 0; i < off; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Columns far from the start of a line, with multi-byte characters on the way:
 * elements, attributes, and YAML nodes' offsets from their columns. */
START_TEST(test_long_lines)
{
	enum { N = 3000 };
	struct ua_buf b = { 0 };
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	static size_t el[N], at[N];
	xmlNodePtr n, root;
	unsigned long line, col;
	size_t off;
	char want[32];
	char *text;
	int i;

	ua_buf_puts(&b, "<a>");
	for (i = 0; i < N; i++) {
		ua_buf_puts(&b, i % 3 ? "\xc3\xa9" : "\xe2\x82\xac ");
		el[i] = b.len;
		ua_buf_printf(&b, "<b i='%d' ", i);
		at[i] = b.len;
		ua_buf_puts(&b, "x='\xc3\xa9>'/>");
	}
	ua_buf_puts(&b, "</a>");
	text = ua_buf_take(&b);
	ck_assert_int_eq(ua_doc_parse("t", text, strlen(text), UA_FMT_XML, &doc, &d), UA_OK);
	root = xmlDocGetRootElement(doc->xml);
	for (i = 0, n = xmlFirstElementChild(root); n; n = xmlNextElementSibling(n), i++) {
		ua_doc_pos(doc, n, &line, &col);
		ck_assert_msg(line == 1 && col == chars_to(text, el[i]) + 1,
		    "element %d at %lu:%lu, want 1:%lu", i, line, col, chars_to(text, el[i]) + 1);
		ua_doc_pos(doc, (xmlNodePtr)xmlHasProp(n, BAD_CAST "x"), &line, &col);
		ck_assert_msg(line == 1 && col == chars_to(text, at[i]) + 1,
		    "attribute %d at %lu:%lu, want 1:%lu", i, line, col, chars_to(text, at[i]) + 1);
	}
	ck_assert_int_eq(i, N);
	ua_doc_free(doc);
	free(text);

	ua_buf_puts(&b, "k: [");
	for (i = 0; i < N; i++)
		ua_buf_printf(&b, "%s\xc3\xa9%d", i ? ", " : "", i);
	ua_buf_puts(&b, "]\n");
	text = ua_buf_take(&b);
	ck_assert_int_eq(ua_doc_parse("t", text, strlen(text), UA_FMT_YAML, &doc, &d), UA_OK);
	n = xmlFirstElementChild(xmlFirstElementChild(xmlDocGetRootElement(doc->xml)));
	for (i = 0; n; n = xmlNextElementSibling(n), i++) {
		snprintf(want, sizeof(want), "\xc3\xa9%d", i);
		ck_assert_msg(ua_doc_offset(doc, n, &off) == 0 &&
		    strncmp(text + off, want, strlen(want)) == 0,
		    "item %d: offset %zu is not at '%s'", i, off, want);
		ua_doc_pos(doc, n, &line, &col);
		ck_assert_msg(col == chars_to(text, off) + 1, "item %d at column %lu, want %lu",
		    i, col, chars_to(text, off) + 1);
	}
	ck_assert_int_eq(i, N);
	ck_assert_uint_eq(d.n, 0);
	ua_doc_free(doc);
	free(text);
}
END_TEST

Suite *
doc_suite(void)
{
	Suite *s = suite_create("doc");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_positions, 0, sizeof(positions) / sizeof(positions[0]));
	tcase_add_loop_test(tc, test_failures, 0, sizeof(failures) / sizeof(failures[0]));
	tcase_add_test(tc, test_utf16);
	tcase_add_test(tc, test_yaml_alias_bomb);
	tcase_add_loop_test(tc, test_depth_limit, 0, 3);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_long_lines);
	suite_add_tcase(s, tc);
	return s;
}
