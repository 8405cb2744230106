/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the one-shot libxml2 arena. It changes libxml2's allocator
 * for the whole process, so it has a program of its own.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include "arena.h"

#define RESERVE ((size_t)1 << 20)

START_TEST(test_arena_allocates_and_grows)
{
	char *a, *b, *c, *big;
	size_t i;

	if (ua_arena_start(RESERVE) != 0)
		return;		/* under valgrind or ASan: nothing to test */
	ck_assert_int_eq(ua_arena_start(RESERVE), 0);	/* a second start changes nothing */
	a = xmlMalloc(10);
	b = xmlMalloc(10);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq((uintptr_t)a % 16, 0);
	ck_assert_uint_eq((uintptr_t)b % 16, 0);
	ck_assert_ptr_ne(a, b);
	memcpy(a, "123456789", 10);
	memset(b, 'x', 10);		/* writing b must not touch a */
	ck_assert_str_eq(a, "123456789");
	/* growing copies the old content; shrinking keeps the block */
	c = xmlRealloc(a, 4000);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c, "123456789");
	ck_assert_ptr_eq(xmlRealloc(c, 5), c);
	c = (char *)xmlStrdup((const xmlChar *)"strdup'd");
	ck_assert_str_eq(c, "strdup'd");
	xmlFree(b);			/* a no-op in the arena, and no crash */
	xmlFree(c);
	xmlFree(NULL);
	/* past the reservation: malloc's memory, freed by free() */
	big = xmlMalloc(RESERVE * 2);
	ck_assert_ptr_nonnull(big);
	memset(big, 1, RESERVE * 2);
	big = xmlRealloc(big, RESERVE * 3);
	ck_assert_ptr_nonnull(big);
	ck_assert_int_eq(big[RESERVE * 2 - 1], 1);
	xmlFree(big);
	/* fill the rest: every block stays usable, then malloc takes over */
	for (i = 0; i < RESERVE / 1000 + 10; i++) {
		char *p = xmlMalloc(1000);
		ck_assert_ptr_nonnull(p);
		memset(p, (int)i, 1000);
		xmlFree(p);
	}
}
END_TEST

START_TEST(test_arena_parses_documents)
{
	static const char xml[] = "<a><b x='1'>text</b><b x='2'/><!-- c --></a>";
	xmlDocPtr d;
	xmlChar *v;
	int i;

	(void)ua_arena_start(RESERVE);	/* with or without it, documents work */
	for (i = 0; i < 100; i++) {
		d = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
		ck_assert_ptr_nonnull(d);
		v = xmlGetProp(xmlDocGetRootElement(d)->children, (const xmlChar *)"x");
		ck_assert_str_eq((const char *)v, "1");
		xmlFree(v);
		xmlFreeDoc(d);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_arena_allocates_and_grows);
	tcase_add_test(tc, test_arena_parses_documents);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
