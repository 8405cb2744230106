/* SPDX-License-Identifier: MIT */
/* Named regular expressions (schemas/regexes.tsv) and the language tag a bad
 * language value likely means. */
#ifndef UA_LANGTAG_H
#define UA_LANGTAG_H

#include <stddef.h>

struct ua_wordlist;

/*
 * src with the definition of every (?&name) it calls appended from
 * datadir/schemas/regexes.tsv (read only when src calls one). Returns a string
 * the caller frees, or NULL with the reason in err (a name not in the table,
 * the table unreadable, out of memory).
 */
char *ua_regex_expand(const char *datadir, const char *src, char *err, size_t errlen);

/*
 * The value with each entry (separated by sep when sep is not NULL, e.g. ";")
 * that is not a language tag replaced by the tag it likely means: en_US is
 * en-US; a language's or locale's English name ("english", "German
 * (Switzerland)") is the tag names (schemas/language-names.tsv; read from
 * datadir when names is NULL) gives it. Returns NULL when no entry has such a
 * fix; else a string the caller frees.
 */
char *ua_language_fix(const char *datadir, const struct ua_wordlist *names,
    const char *value, const char *sep);

#endif
