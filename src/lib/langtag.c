/* SPDX-License-Identifier: MIT */
/* Named regular expressions (schemas/regexes.tsv) and the language tag a bad
 * language value likely means. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "langtag.h"
#include "util.h"
#include "wordlist.h"

#define MATCH_LIMIT 100000
#define MAX_NAMES 8

static int
name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

char *
ua_regex_expand(const char *datadir, const char *src, char *err, size_t errlen)
{
	struct ua_wordlist *w = NULL;
	struct ua_buf b = { 0 };
	char *path, *names[MAX_NAMES], *name;
	const char *p, *q, *def;
	size_t n = 0, i;
	int bad = 0;

	if (strstr(src, "(?&") == NULL)
		return ua_strdup(src);
	if ((path = ua_asprintf("%s/schemas/regexes.tsv", datadir)) == NULL ||
	    ua_wordlist_load(path, &w, err, errlen) != 0) {
		free(path);
		return NULL;
	}
	free(path);
	ua_buf_puts(&b, src);
	for (p = src; !bad && (p = strstr(p, "(?&")) != NULL; p = q) {
		for (q = p += 3; name_char(*q); q++)
			;
		if (*q != ')' || q == p || (name = ua_strndup(p, (size_t)(q - p))) == NULL) {
			snprintf(err, errlen, "a call (?& without a name in '%s'", src);
			bad = 1;
			break;
		}
		for (i = 0; i < n && strcmp(names[i], name) != 0; i++)
			;
		if (i < n) {
			free(name);
			continue;
		}
		if (n == MAX_NAMES || (def = ua_wordlist_get(w, name)) == NULL) {
			snprintf(err, errlen, "no expression named '%s' in schemas/regexes.tsv", name);
			free(name);
			bad = 1;
			break;
		}
		ua_buf_printf(&b, "(?(DEFINE)(?<%s>%s))", name, def);
		names[n++] = name;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	ua_wordlist_free(w);
	if (bad || b.failed) {
		if (!bad)
			snprintf(err, errlen, "out of memory");
		ua_buf_free(&b);
		return NULL;
	}
	return ua_buf_take(&b);
}

static int
is_tag(const pcre2_code *code, pcre2_match_data *md, pcre2_match_context *mc, const char *s,
    size_t n)
{
	return pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, mc) >= 0;
}

/* One entry's fix (s, n bytes, trimmed) into b; whether there was one. */
static int
fix_entry(const pcre2_code *code, pcre2_match_data *md, pcre2_match_context *mc,
    const char *datadir, const struct ua_wordlist **names, struct ua_wordlist **own,
    const char *s, size_t n, struct ua_buf *b)
{
	char *e, *q, err[256];
	const char *tag;
	int fixed = 0;

	if (n == 0 || is_tag(code, md, mc, s, n) || (e = ua_strndup(s, n)) == NULL) {
		ua_buf_add(b, s, n);
		return 0;
	}
	for (q = e; *q; q++)
		if (*q == '_')
			*q = '-';
	if (memchr(s, '_', n) && is_tag(code, md, mc, e, n)) {
		ua_buf_add(b, e, n);
		fixed = 1;
	} else {
		memcpy(e, s, n);
		if (*names == NULL) {
			char *path = ua_asprintf("%s/schemas/language-names.tsv", datadir);
			if (path && ua_wordlist_load(path, own, err, sizeof(err)) == 0)
				*names = *own;
			free(path);
		}
		if (*names && (tag = ua_wordlist_get(*names, e)) != NULL) {
			ua_buf_puts(b, tag);
			fixed = 1;
		} else
			ua_buf_add(b, s, n);
	}
	free(e);
	return fixed;
}

char *
ua_language_fix(const char *datadir, const struct ua_wordlist *names, const char *value,
    const char *sep)
{
	struct ua_wordlist *own = NULL;
	struct ua_buf b = { 0 };
	pcre2_code *code = NULL;
	pcre2_match_data *md = NULL;
	pcre2_match_context *mc = NULL;
	char *re, err[256];
	const char *p = value, *end, *s, *e;
	size_t seplen = sep ? strlen(sep) : 0;
	int ec, fixed = 0;
	PCRE2_SIZE eo;

	if ((re = ua_regex_expand(datadir, "^(?&language_tag)$", err, sizeof(err))) == NULL)
		return NULL;
	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
	free(re);
	md = code ? pcre2_match_data_create(1, NULL) : NULL;
	mc = md ? pcre2_match_context_create(NULL) : NULL;
	if (mc == NULL)
		goto done;
	pcre2_set_match_limit(mc, MATCH_LIMIT);
	for (;;) {
		end = seplen ? strstr(p, sep) : NULL;
		if (end == NULL)
			end = p + strlen(p);
		for (s = p; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		for (e = end; e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		ua_buf_add(&b, p, (size_t)(s - p));
		fixed |= fix_entry(code, md, mc, datadir, &names, &own, s, (size_t)(e - s), &b);
		ua_buf_add(&b, e, (size_t)(end - e));
		if (*end == '\0')
			break;
		ua_buf_add(&b, sep, seplen);
		p = end + seplen;
	}
done:
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	ua_wordlist_free(own);
	if (!fixed || b.failed) {
		ua_buf_free(&b);
		return NULL;
	}
	return ua_buf_take(&b);
}
