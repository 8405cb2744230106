/* SPDX-License-Identifier: MIT */
/*
 * A faster allocator for libxml2's many small blocks (tree nodes, names,
 * XPath objects, validation state). ua_arena_start(bytes) reserves that much
 * address space and has libxml2 take blocks of up to 512 bytes from it, in
 * size classes with a free list each: freeing and reusing a block costs a few
 * instructions, where malloc's general bookkeeping cost about 15% of a bulk
 * run. Larger blocks, and all blocks once the reservation is used up, come
 * from malloc. Memory on the free lists is reused, never returned to the
 * system: the peak of small blocks alive at once stays mapped.
 *
 * Call it once, before any other libxml2 call, in a program with a single
 * thread (the free lists are not locked). Under AddressSanitizer or valgrind
 * it does nothing and returns -1, so those keep seeing every allocation.
 */
#ifndef UA_ARENA_H
#define UA_ARENA_H

#include <stddef.h>

/* What the programs reserve: address space only, pages are used as needed. */
#define UA_ARENA_RESERVE ((size_t)1 << 30)

/* 0 on success (or already started), -1 when malloc stays in use. */
int ua_arena_start(size_t bytes);

#endif
