/* SPDX-License-Identifier: MIT */
/*
 * libxml2's memory for a short run: ua_arena_start(bytes) reserves that much
 * address space and makes libxml2 allocate from it by bumping a pointer;
 * freeing there does nothing, so the run never pays for malloc bookkeeping or
 * for taking trees apart. Past the reservation, libxml2 gets malloc again.
 * Call it before any other libxml2 call, and only for runs whose work is
 * small (one file): nothing allocated in the arena is reused. Under
 * AddressSanitizer or valgrind it does nothing and returns -1, so they keep
 * seeing every allocation.
 */
#ifndef UA_ARENA_H
#define UA_ARENA_H

#include <stddef.h>

/* 0 on success (or already started), -1 when malloc stays in use. */
int ua_arena_start(size_t bytes);

#endif
