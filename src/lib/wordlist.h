/* SPDX-License-Identifier: MIT */
/* Lists of known values (one a line, '#' comments): membership and did-you-mean.
 * A line may be "key<TAB>value[<TAB>notes]": the key is what is looked up, the
 * value what ua_wordlist_get gives for it; the notes are for readers. */
#ifndef UA_WORDLIST_H
#define UA_WORDLIST_H

#include <stddef.h>

struct ua_wordlist;

/* Reads path; returns 0, or -1 with the reason in err. */
int ua_wordlist_load(const char *path, struct ua_wordlist **out, char *err, size_t errlen);
void ua_wordlist_free(struct ua_wordlist *w);
/* Whether word is in the list (as a key), ignoring ASCII letter case. */
int ua_wordlist_has(const struct ua_wordlist *w, const char *word);
/* The value of the line whose key is key (ignoring ASCII letter case), or NULL
 * when there is none or it has no value. Points into the list. */
const char *ua_wordlist_get(const struct ua_wordlist *w, const char *key);
/*
 * The entry word most likely stands for, or NULL: one a few edits away, the
 * one whose initials (with at most one word left out) spell an abbreviation
 * ("CET"), or the one sharing the most words ("Central European Time").
 * Points into the list.
 */
const char *ua_wordlist_suggest(const struct ua_wordlist *w, const char *word);

#endif
