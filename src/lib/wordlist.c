/* SPDX-License-Identifier: MIT */
/* Lists of known values (time zone IDs, ...): membership and did-you-mean; tables
 * of a value for each key (a line "key<TAB>value"). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "util.h"
#include "wordlist.h"

struct ua_wordlist {
	char *text;		/* the file, split in place */
	char **v;		/* entries, sorted by key ignoring case */
	size_t n;
};

/* Compares the keys of two entries (up to a tab or the end), ignoring ASCII case. */
static int
cmp_entry(const void *a, const void *b)
{
	const unsigned char *p = *(unsigned char *const *)a, *q = *(unsigned char *const *)b;
	int x, y;

	for (;; p++, q++) {
		x = *p == '\t' ? 0 : tolower(*p);
		y = *q == '\t' ? 0 : tolower(*q);
		if (x != y || x == 0)
			return x - y;
	}
}

int
ua_wordlist_load(const char *path, struct ua_wordlist **out, char *err, size_t errlen)
{
	struct ua_wordlist *w;
	size_t len, cap = 0;
	char *p, *nl, *tab;

	*out = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return -1;
	if (ua_read_file(path, &w->text, &len, err, errlen) != 0) {
		free(w);
		return -1;
	}
	for (p = w->text; p < w->text + len; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(w->text + len - p))) == NULL)
			nl = w->text + len;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		/* key<TAB>value<TAB>notes: the notes are for readers */
		if ((tab = strchr(p, '\t')) != NULL && (tab = strchr(tab + 1, '\t')) != NULL)
			*tab = '\0';
		if (ua_grow(&w->v, &cap, w->n, sizeof(*w->v), 64) != 0) {
			ua_wordlist_free(w);
			return -1;
		}
		w->v[w->n++] = p;
	}
	qsort(w->v, w->n, sizeof(*w->v), cmp_entry);
	*out = w;
	return 0;
}

void
ua_wordlist_free(struct ua_wordlist *w)
{
	if (w == NULL)
		return;
	free(w->v);
	free(w->text);
	free(w);
}

int
ua_wordlist_has(const struct ua_wordlist *w, const char *word)
{
	return bsearch(&word, w->v, w->n, sizeof(*w->v), cmp_entry) != NULL;
}

const char *
ua_wordlist_get(const struct ua_wordlist *w, const char *key)
{
	char *const *hit = bsearch(&key, w->v, w->n, sizeof(*w->v), cmp_entry);
	const char *tab;

	if (hit == NULL || (tab = strchr(*hit, '\t')) == NULL)
		return NULL;
	return tab + 1;
}

/* The words of s, lower-cased, letters and digits only, into buf; returns the count. */
static size_t
words(const char *s, char *buf, size_t size, char **v, size_t max)
{
	size_t n = 0, k = 0;

	while (*s && n < max) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		v[n++] = buf + k;
		while (isalnum((unsigned char)*s) && k + 2 < size)
			buf[k++] = (char)tolower((unsigned char)*s++);
		while (isalnum((unsigned char)*s))
			s++;
		buf[k++] = '\0';
		if (k + 2 >= size)
			break;
	}
	return n;
}

/* Whether abbr (letters only) is the initials of e's words, with one word left
 * out when skip_one (else all of them). */
static int
initials_match(const char *abbr, char **ew, size_t en, int skip_one)
{
	size_t skip, i, k, la = strlen(abbr);

	for (skip = skip_one ? 0 : en; skip <= en; skip++) {
		if (en - (skip < en) != la)
			continue;
		for (i = 0, k = 0; i < en; i++) {
			if (i == skip)
				continue;
			if (tolower((unsigned char)abbr[k]) != ew[i][0])
				break;
			k++;
		}
		if (i == en)
			return 1;
	}
	return 0;
}

const char *
ua_wordlist_suggest(const struct ua_wordlist *w, const char *word)
{
	char wb[256], eb[256], *wv[16], *ev[16];
	size_t nw, ne, i, a, b, shared, lim;
	const char *best = NULL, *p;
	double score, bests = 0;
	int abbr = 1;

	if ((best = ua_suggest(word, (const char *const *)w->v, w->n)) != NULL)
		return best;
	for (p = word; *p; p++)
		if (!isalpha((unsigned char)*p))
			abbr = 0;
	lim = strlen(word);
	/* all the words' initials first ("PST"), then with one left out ("CET") */
	for (a = 0; abbr && lim >= 2 && lim <= 6 && a < 2; a++)
		for (i = 0; i < w->n; i++) {
			ne = words(w->v[i], eb, sizeof(eb), ev, 16);
			if (initials_match(word, ev, ne, (int)a))
				return w->v[i];
		}
	nw = words(word, wb, sizeof(wb), wv, 16);
	for (i = 0; i < w->n && nw > 0; i++) {
		ne = words(w->v[i], eb, sizeof(eb), ev, 16);
		for (a = 0, shared = 0; a < nw; a++)
			for (b = 0; b < ne; b++)
				if (strcmp(wv[a], ev[b]) == 0) {
					shared++;
					break;
				}
		/* shared words over all words of both: "Pacific Time" is nearer
		 * "Pacific Standard Time" than "Pacific SA Standard Time" */
		score = shared < 2 ? 0 : (double)shared / (double)(nw + ne - shared);
		if (score > bests) {
			bests = score;
			best = w->v[i];
		}
	}
	return best;
}
