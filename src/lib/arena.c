/* SPDX-License-Identifier: MIT */
/*
 * A one-shot allocator for libxml2 in short runs (see arena.h): memory is
 * handed out from one reserved mapping by bumping a pointer and never given
 * back; what does not fit goes to malloc as usual.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <libxml/xmlmemory.h>

#include "arena.h"

/* Memory checkers see more with malloc: under them the arena stays off. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_CHECKER() 1
#elif defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_CHECKER() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_CHECKER
#define UNDER_CHECKER() 0
#endif

#define ALIGN 16		/* as malloc's; also the size header's room */

static char *base, *limit;
static _Atomic(uintptr_t) next;

static int
in_arena(const void *p)
{
	return (const char *)p >= base && (const char *)p < limit;
}

static void *
a_malloc(size_t n)
{
	uintptr_t at;
	size_t want;

	if (n <= (size_t)(limit - base) && n > 0) {
		want = ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1)) + ALIGN;
		at = atomic_fetch_add(&next, want);
		if (at + want <= (uintptr_t)limit && at + want > at) {
			*(size_t *)at = n;
			return (char *)at + ALIGN;
		}
	}
	return malloc(n);
}

static void
a_free(void *p)
{
	if (p && !in_arena(p))
		free(p);
}

static void *
a_realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if (p == NULL)
		return a_malloc(n);
	if (!in_arena(p))
		return realloc(p, n);
	old = *(size_t *)((char *)p - ALIGN);
	if (n <= old)
		return p;
	if ((q = a_malloc(n)) != NULL)
		memcpy(q, p, old);
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
	(void)madvise(m, bytes, MADV_HUGEPAGE);
#endif
	if (xmlMemSetup(a_free, a_malloc, a_realloc, a_strdup) != 0) {
		munmap(m, bytes);
		return -1;
	}
	base = m;
	limit = base + bytes;
	atomic_store(&next, (uintptr_t)base);
	return 0;
}
