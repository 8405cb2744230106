/* SPDX-License-Identifier: MIT */
/* Lists of known values (one a line, '#' comments): membership and did-you-mean. */
#ifndef UA_WORDLIST_H
#define UA_WORDLIST_H

#include <stddef.h>

struct ua_wordlist;

/* Reads path; returns 0, or -1 with the reason in err. */
int ua_wordlist_load(const char *path, struct ua_wordlist **out, char *err, size_t errlen);
void ua_wordlist_free(struct ua_wordlist *w);
/* Whether word is in the list, ignoring ASCII letter case. */
int ua_wordlist_has(const struct ua_wordlist *w, const char *word);
/*
 * The entry word most likely stands for, or NULL: one a few edits away, the
 * one whose initials (with at most one word left out) spell an abbreviation
 * ("CET"), or the one sharing the most words ("Central European Time").
 * Points into the list.
 */
const char *ua_wordlist_suggest(const struct ua_wordlist *w, const char *word);

#endif
