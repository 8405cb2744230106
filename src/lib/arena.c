/* SPDX-License-Identifier: MIT */
/*
 * libxml2's small blocks from one reserved region (see arena.h). Blocks of up
 * to SMALL_MAX bytes come in 16-byte size classes, each block preceded by a
 * 16-byte header that holds its class; a freed block goes on its class's
 * free list and is handed out again as is. Larger blocks, and everything
 * once the region is used up, go to malloc: a block is ours exactly when its
 * address is inside the region, so free() still gets every other pointer
 * (including those libxml2 allocated before the switch).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <libxml/xmlmemory.h>

#include "arena.h"

/* Memory checkers see more with malloc: under them the arena stays off. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_CHECKER() 1
#elif defined(__has_include) && !defined(UA_ARENA_UNDER_VALGRIND)	/* for profiling it */
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_CHECKER() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_CHECKER
#define UNDER_CHECKER() 0
#endif

#define HDR 16			/* keeps blocks 16-byte aligned, as malloc's are */
#define SMALL_MAX 512
#define NCLASS (SMALL_MAX / 16)

static char *base, *limit, *bump;
static void *freelist[NCLASS + 1];	/* by class: size rounded up to 16, / 16 */

static int
ours(const void *p)
{
	return (const char *)p >= base && (const char *)p < limit;
}

static size_t
class_of(const void *p)
{
	return *(const size_t *)(const void *)((const char *)p - HDR);
}

static void *
a_malloc(size_t n)
{
	size_t c, want;
	void *p;

	if (n <= SMALL_MAX) {
		c = n ? (n + 15) >> 4 : 1;
		if ((p = freelist[c]) != NULL) {
			freelist[c] = *(void **)p;
			return p;
		}
		want = (c << 4) + HDR;
		if ((size_t)(limit - bump) >= want) {
			p = bump + HDR;
			*(size_t *)(void *)bump = c;
			bump += want;
			return p;
		}
	}
	return malloc(n);
}

static void
a_free(void *p)
{
	size_t c;

	if (p == NULL)
		return;
	if (!ours(p)) {
		free(p);
		return;
	}
	c = class_of(p);
	*(void **)p = freelist[c];
	freelist[c] = p;
}

static void *
a_realloc(void *p, size_t n)
{
	size_t room;
	void *q;

	if (p == NULL)
		return a_malloc(n);
	if (!ours(p))
		return realloc(p, n);	/* a malloc block stays one */
	room = class_of(p) << 4;
	if (n <= room)
		return p;
	if ((q = a_malloc(n)) == NULL)
		return NULL;
	memcpy(q, p, room);
	a_free(p);
	return q;
}

static char *
a_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = a_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

int
ua_arena_start(size_t bytes)
{
	void *m;

	if (base != NULL)
		return 0;
	if (UNDER_CHECKER())
		return -1;
	m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
	    MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
#ifdef MADV_HUGEPAGE
	/* a few large pages: far fewer page faults than 4 KiB at a time */
	(void)madvise(m, bytes, MADV_HUGEPAGE);
#endif
	if (xmlMemSetup(a_free, a_malloc, a_realloc, a_strdup) != 0) {
		munmap(m, bytes);
		return -1;
	}
	base = bump = m;
	limit = base + bytes;
	return 0;
}
