/* SPDX-License-Identifier: MIT */
/* Templates: read a file before its tree is built, its directives blanked out,
 * its placeholders kept (or given their values), with an offset map back. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "template.h"
#include "ua.h"
#include "util.h"

/* the syntaxes a marker belongs to */
#define SYN_PACKER	1u
#define SYN_GO		2u
#define SYN_JINJA	4u
#define SYN_MARK	8u	/* @name@ (sed, configure-style scripts) */
#define SYN_PSVAR	16u	/* $Var as the whole text of an element (PowerShell here-strings) */
#define SYN_WHOLE	32u	/* %name% and {Name} as a whole value (a script's string replace) */

#define MAX_TOKEN	4096	/* a marker longer than this is not one */
#define MAX_ARMS	256	/* more branches than this: read as one (hostile input) */
#define MAX_VARIANTS	8	/* a conditional with more branches: rules see them all at once */

enum tok_kind { T_PLACE, T_IF, T_ELSE, T_END, T_BLOCK, T_OTHER };

struct tok {
	size_t start, end;	/* [start, end) in the template */
	size_t name, namelen;	/* the variable a placeholder names (namelen 0: none) */
	enum tok_kind kind;
	int bare;		/* a placeholder standing unquoted where JSON/YAML wants a value */
	int whole;		/* WHOLE_*: a marker only as the whole text of something */
};

#define WHOLE_RUN	1	/* of a run of text between elements, or of the value */
#define WHOLE_QUOTED	2	/* that, or of a quoted value */

struct arm {
	size_t start, end;
	unsigned cond, arm;
	unsigned last;		/* the conditional's last branch */
};

struct seg {		/* a piece of the prepared text and where it came from */
	size_t out, in, outlen, inlen;
	int value;		/* a given value in place of a placeholder */
	size_t var;		/* which (an index into the options' vars) */
};

struct ua_template {
	unsigned syn;			/* the syntaxes recognised */
	struct arm *arms;
	size_t narms, caparms;
	struct seg *segs;		/* NULL: the prepared text lines up with the template */
	size_t nsegs, capsegs;
	char *orig;			/* the template, when rendering changed lengths */
	size_t origlen;
	char **bare;			/* placeholders rewritten as JSON/YAML strings: their text now */
	size_t nbare, capbare;
};

struct scan {
	const char *s;
	size_t len;
	unsigned syn;
	int in_value;		/* s is one value, not a whole file */
	size_t budget;		/* bytes the search for closing markers may still read */
	struct tok *v;
	size_t n, cap;
	int nomem;
};

static const unsigned allowed[UA_TPL_COUNT] = {
	SYN_PACKER | SYN_GO | SYN_JINJA | SYN_MARK | SYN_PSVAR | SYN_WHOLE,
	SYN_PACKER, SYN_GO, SYN_JINJA, 0
};

size_t
ua_template_name_len(const char *name)
{
	static const char *const suffixes[] = {
		".pkrtpl.hcl", ".pkrtpl", ".tpl", ".tmpl", ".j2", ".jinja", ".jinja2", ".template"
	};
	size_t n = strlen(name), i, k;
	int again = 1;

	while (again) {		/* autounattend.xml.j2.tpl: both go */
		again = 0;
		for (i = 0; i < sizeof(suffixes) / sizeof(*suffixes) && !again; i++) {
			k = strlen(suffixes[i]);
			if (n > k && strncasecmp(name + n - k, suffixes[i], k) == 0 &&
			    name[n - k - 1] != '/') {
				n -= k;
				again = 1;
			}
		}
	}
	return n;
}

int
ua_tpl_syntax_parse(const char *s)
{
	static const char *const names[UA_TPL_COUNT] = { "auto", "packer", "go", "jinja", "none" };
	int i;

	for (i = 0; i < UA_TPL_COUNT; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int
ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

static void
add_tok(struct scan *sc, size_t start, size_t end, enum tok_kind kind, size_t name,
    size_t namelen)
{
	struct tok *t;

	if (ua_grow(&sc->v, &sc->cap, sc->n, sizeof(*sc->v), 16) != 0) {
		sc->nomem = 1;
		return;
	}
	t = &sc->v[sc->n++];
	t->start = start;
	t->end = end;
	t->kind = kind;
	t->name = name;
	t->namelen = namelen;
	t->bare = 0;
	t->whole = 0;
}

/* The end of the marker opened at i (just past close), quoted strings skipped; 0 when none. */
static size_t
find_close(struct scan *sc, size_t i, const char *close)
{
	size_t n = strlen(close), lim = i + MAX_TOKEN < sc->len ? i + MAX_TOKEN : sc->len;
	char q = 0;

	for (; i + n <= lim; i++) {
		char c = sc->s[i];
		if (sc->budget == 0)
			return 0;	/* ${${${...: linear time, whatever the input */
		sc->budget--;
		if (q) {
			if (c == '\\' && q != '`')
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '"' || c == '`')
			q = c;
		else if (c == '<' && !sc->in_value && n == 1)
			return 0;	/* ${ ... < : markup, not an expression */
		else if (strncmp(sc->s + i, close, n) == 0)
			return i + n;
	}
	return 0;
}

/* The word at s[i..] after spaces and trim markers; its length in *n. */
static size_t
word_at(const struct scan *sc, size_t i, size_t end, size_t *n)
{
	while (i < end && (sc->s[i] == ' ' || sc->s[i] == '\t' || sc->s[i] == '~' ||
	    sc->s[i] == '-' || sc->s[i] == '\n' || sc->s[i] == '\r'))
		i++;
	for (*n = 0; i + *n < end && (ident_char((unsigned char)sc->s[i + *n]) ||
	    sc->s[i + *n] == '.'); (*n)++)
		;
	return i;
}

static int
word_is(const struct scan *sc, size_t w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncmp(sc->s + w, kw, n) == 0;
}

static void
scan_packer_place(struct scan *sc, size_t i)
{
	size_t end, w, n;

	if (i > 0 && sc->s[i - 1] == '$')	/* $${ is a literal ${ */
		return;
	if ((end = find_close(sc, i + 2, "}")) == 0)
		return;
	w = word_at(sc, i + 2, end, &n);
	if (n && sc->s[w + n] == ':')	/* PowerShell's ${env:Path} */
		return;
	if (n > 4 && strncmp(sc->s + w, "var.", 4) == 0) {
		w += 4;
		n -= 4;
	}
	add_tok(sc, i, end, T_PLACE, w, n);
}

static void
scan_percent(struct scan *sc, size_t i)
{
	size_t end, w, n;
	enum tok_kind k;

	if (i > 0 && sc->s[i - 1] == '%')	/* %%{ is a literal %{ */
		return;
	w = word_at(sc, i + 2, sc->len, &n);
	if (word_is(sc, w, n, "if"))
		k = T_IF;
	else if (word_is(sc, w, n, "else"))
		k = T_ELSE;
	else if (word_is(sc, w, n, "endif") || word_is(sc, w, n, "endfor"))
		k = T_END;
	else if (word_is(sc, w, n, "for"))
		k = T_BLOCK;
	else
		return;		/* a batch file's %{var}% and the like */
	if ((end = find_close(sc, w + n, "}")) != 0)
		add_tok(sc, i, end, k, 0, 0);
}

/* {{ ... }}: Go's actions and Jinja's expressions. */
static void
scan_double(struct scan *sc, size_t i)
{
	size_t end, w, n, name = 0, namelen = 0;
	enum tok_kind k = T_PLACE;

	if ((end = find_close(sc, i + 2, "}}")) == 0)
		return;
	w = word_at(sc, i + 2, end, &n);
	if (n == 0 && strncmp(sc->s + w, "/*", 2) == 0)
		k = T_OTHER;
	else if (sc->syn & SYN_GO && word_is(sc, w, n, "if"))
		k = T_IF;
	else if (sc->syn & SYN_GO && word_is(sc, w, n, "else"))
		k = T_ELSE;
	else if (sc->syn & SYN_GO && word_is(sc, w, n, "end"))
		k = T_END;
	else if (sc->syn & SYN_GO && (word_is(sc, w, n, "range") || word_is(sc, w, n, "with") ||
	    word_is(sc, w, n, "define") || word_is(sc, w, n, "block")))
		k = T_BLOCK;
	else if (word_is(sc, w, n, "user") || word_is(sc, w, n, "env")) {
		size_t q = w + n;
		while (q < end && (sc->s[q] == ' ' || sc->s[q] == '\t'))
			q++;
		if (q < end && (sc->s[q] == '`' || sc->s[q] == '"')) {
			name = q + 1;
			while (name + namelen < end && sc->s[name + namelen] != sc->s[q])
				namelen++;
		}
	} else if (n) {
		name = sc->s[w] == '.' ? w + 1 : w;
		namelen = sc->s[w] == '.' ? n - 1 : n;
	}
	add_tok(sc, i, end, k, name, namelen);
}

static void
scan_jinja(struct scan *sc, size_t i)
{
	size_t end, w, n;
	enum tok_kind k = T_OTHER;

	if (sc->s[i + 1] == '#') {
		if ((end = find_close(sc, i + 2, "#}")) != 0)
			add_tok(sc, i, end, T_OTHER, 0, 0);
		return;
	}
	if ((end = find_close(sc, i + 2, "%}")) == 0)
		return;
	w = word_at(sc, i + 2, end, &n);
	if (word_is(sc, w, n, "if"))
		k = T_IF;
	else if (word_is(sc, w, n, "elif") || word_is(sc, w, n, "else"))
		k = T_ELSE;
	else if (n > 3 && strncmp(sc->s + w, "end", 3) == 0)
		k = T_END;
	else if (word_is(sc, w, n, "for") || word_is(sc, w, n, "macro") ||
	    word_is(sc, w, n, "block") || word_is(sc, w, n, "with") ||
	    word_is(sc, w, n, "filter") || word_is(sc, w, n, "call"))
		k = T_BLOCK;
	add_tok(sc, i, end, k, 0, 0);
}

static void
scan_mark(struct scan *sc, size_t i)
{
	size_t j = i + 1;
	int after;

	if (j >= sc->len || !ident_start((unsigned char)sc->s[j]))
		return;
	while (j < sc->len && j - i < 128 && (isalnum((unsigned char)sc->s[j]) || sc->s[j] == '_'))
		j++;
	if (j >= sc->len || sc->s[j] != '@')
		return;
	/* inside a value too (web-@n@, web@n@-01), but not within an address: a@b@c.d */
	after = j + 1 < sc->len ? (unsigned char)sc->s[j + 1] : 0;
	if (i > 0 && (isalnum((unsigned char)sc->s[i - 1]) || sc->s[i - 1] == '_') &&
	    (isalnum(after) || after == '_' || after == '.'))
		return;
	add_tok(sc, i, j + 1, T_PLACE, i + 1, j - i - 1);
}

/*
 * Whether s[i, j) is the whole of a quoted value: an XML attribute's (="..."),
 * a JSON or YAML string's (: "...", [ "...", , "...").
 */
static int
whole_quoted(const struct scan *sc, size_t i, size_t j)
{
	size_t b;

	if (sc->in_value || i < 2 || (sc->s[i - 1] != '"' && sc->s[i - 1] != '\'') ||
	    j >= sc->len || sc->s[j] != sc->s[i - 1])
		return 0;
	for (b = i - 1; b > 0 && (sc->s[b - 1] == ' ' || sc->s[b - 1] == '\t'); b--)
		;
	return b > 0 && strchr("=:[,", sc->s[b - 1]) != NULL;
}

/* $Var, $(...): only in a run of markers (whole_runs). */
static void
scan_psvar(struct scan *sc, size_t i)
{
	size_t j = i + 1, depth = 0;

	if (j < sc->len && sc->s[j] == '(') {
		for (; j < sc->len && j - i < MAX_TOKEN; j++) {
			if (sc->s[j] == '(')
				depth++;
			else if (sc->s[j] == ')' && --depth == 0)
				break;
		}
		if (j >= sc->len || depth)
			return;
		j++;
	} else {
		if (j >= sc->len || !ident_start((unsigned char)sc->s[j]))
			return;
		while (j < sc->len && (isalnum((unsigned char)sc->s[j]) || sc->s[j] == '_'))
			j++;
	}
	add_tok(sc, i, j, T_PLACE, sc->s[i + 1] == '(' ? 0 : i + 1,
	    sc->s[i + 1] == '(' ? 0 : j - i - 1);
	if (!sc->nomem)
		sc->v[sc->n - 1].whole = WHOLE_RUN;
}

/*
 * %name% and {Name}: a build script's string replace, only in a run of markers
 * or as a whole quoted value (%WINDIR%\system32 and {GUID}s are the file's own).
 */
static void
scan_whole_mark(struct scan *sc, size_t i, char close)
{
	size_t j = i + 1;

	if (j >= sc->len || !ident_start((unsigned char)sc->s[j]))
		return;
	while (j < sc->len && j - i < 128 && (isalnum((unsigned char)sc->s[j]) || sc->s[j] == '_'))
		j++;
	if (j >= sc->len || sc->s[j] != close)
		return;
	add_tok(sc, i, j + 1, T_PLACE, i + 1, j - i - 1);
	if (!sc->nomem)
		sc->v[sc->n - 1].whole = WHOLE_QUOTED;
}

static int
by_start(const void *a, const void *b)
{
	const struct tok *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Gives the markers v[from, to) that stand only as whole text their verdict. */
static void
judge_whole(struct scan *sc, size_t from, size_t to, int run)
{
	size_t k;

	for (k = from; k < to; k++)
		if (sc->v[k].whole && !run && (sc->v[k].whole != WHOLE_QUOTED ||
		    !whole_quoted(sc, sc->v[k].start, sc->v[k].end)))
			sc->v[k].whole = -1;	/* dropped */
}

/* Where the next byte c is at or after pos (sc->len: none). */
static size_t
next_byte(const struct scan *sc, size_t pos, char c)
{
	const char *p = memchr(sc->s + pos, c, sc->len - pos);

	return p ? (size_t)(p - sc->s) : sc->len;
}

/*
 * Whether marker i may stand in a run of markers: the nearest bytes around it
 * that are not white space are '>' before and '<' after, or may belong to
 * another marker (then only the whole pass can tell).
 */
static int
may_stand_alone(const struct scan *sc, size_t i, const unsigned char *space)
{
	size_t b = sc->v[i].start, e = sc->v[i].end;
	unsigned char c;

	while (b > 0 && space[(unsigned char)sc->s[b - 1]])
		b--;
	while (e < sc->len && space[(unsigned char)sc->s[e]])
		e++;
	if (b == 0 || e == sc->len)
		return 0;
	c = (unsigned char)sc->s[b - 1];
	if (c != '>' && !strchr("}%@)", c) && !isalnum(c) && c != '_')
		return 0;
	return sc->s[e] == '<' || strchr("${%@", sc->s[e]) != NULL;
}

/*
 * Keeps a marker of the whole-text kinds ($Var, $(...), %name%, {Name}) only
 * where a run of text, between '>' and '<' (or the value scanned), holds
 * nothing but markers of any syntax and white space: here-string variables
 * that expand to components, one a line. One pass over sc->v sorted by start.
 */
static void
whole_runs(struct scan *sc)
{
	/* isspace() in the C locale the programs keep */
	static const unsigned char c_space[256] = {
		['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1
	};
	size_t pos = 0, k = 0, first = 0, i, keep, stop, lt = 0, gt = 0;
	int in_run = sc->in_value, clean = 1, need;
	char c;

	/* a marker whose neighbours already break its run is judged alone; the
	 * pass over the bytes is for the others (most files have none) */
	for (i = 0, need = 0; i < sc->n; i++)
		if (sc->v[i].whole && sc->v[i].whole != -1) {
			if (sc->in_value || may_stand_alone(sc, i, c_space))
				need = 1;
			else
				judge_whole(sc, i, i + 1, 0);
		}
	if (!need)
		goto compact;
	if (!sc->in_value) {
		lt = next_byte(sc, 0, '<');
		gt = next_byte(sc, 0, '>');
	}
	while (pos < sc->len) {
		if (k < sc->n && sc->v[k].start == pos) {
			pos = sc->v[k].end;
			while (k < sc->n && sc->v[k].start < pos)
				k++;
			continue;
		}
		/* the plain bytes up to the next marker: a table, not isspace(),
		 * for each byte that can still keep a run clean; past the first
		 * other byte (and in tags) only the next '<' or '>' counts, found
		 * with memchr (this pass reads most answer files whole) */
		for (stop = k < sc->n ? sc->v[k].start : sc->len; pos < stop; pos++) {
			if (!sc->in_value && !(in_run && clean)) {
				if (lt < pos)
					lt = next_byte(sc, pos, '<');
				if (gt < pos)
					gt = next_byte(sc, pos, '>');
				if ((lt < gt ? lt : gt) >= stop) {
					pos = stop;
					break;
				}
				pos = lt < gt ? lt : gt;
			}
			c = sc->s[pos];
			if (!sc->in_value && (c == '<' || c == '>')) {
				judge_whole(sc, first, k, in_run && clean && c == '<');
				first = k;
				in_run = c == '>';
				clean = 1;
			} else if (!c_space[(unsigned char)c])
				clean = 0;
		}
	}
	judge_whole(sc, first, sc->n, sc->in_value && clean);
compact:
	for (i = 0, keep = 0; i < sc->n; i++)
		if (sc->v[i].whole >= 0)
			sc->v[keep++] = sc->v[i];
	sc->n = keep;
}

/* Finds the markers of sc->syn in sc->s; a scan for four bytes when there are none. */
static void
scan(struct scan *sc)
{
	static const char firsts[] = "${%@";
	const char *p, *end = sc->s + sc->len;
	size_t i, keep;
	int f;

	for (f = 0; firsts[f]; f++) {
		for (p = sc->s; p < end && (p = memchr(p, firsts[f], (size_t)(end - p))) != NULL; p++) {
			i = (size_t)(p - sc->s);
			if (p + 1 >= end)
				break;
			switch (firsts[f]) {
			case '$':
				if (p[1] == '{' && (sc->syn & SYN_PACKER))
					scan_packer_place(sc, i);
				else if (sc->syn & SYN_PSVAR)
					scan_psvar(sc, i);
				break;
			case '{':
				if (p[1] == '{' && (sc->syn & (SYN_GO | SYN_JINJA)))
					scan_double(sc, i);
				else if ((p[1] == '%' || p[1] == '#') && (sc->syn & SYN_JINJA))
					scan_jinja(sc, i);
				else if (sc->syn & SYN_WHOLE)
					scan_whole_mark(sc, i, '}');
				break;
			case '%':
				if (p[1] == '{' && (sc->syn & SYN_PACKER))
					scan_percent(sc, i);
				else if (sc->syn & SYN_WHOLE)
					scan_whole_mark(sc, i, '%');
				break;
			default:
				if (sc->syn & SYN_MARK)
					scan_mark(sc, i);
			}
		}
	}
	if (sc->n == 0)
		return;
	qsort(sc->v, sc->n, sizeof(*sc->v), by_start);
	whole_runs(sc);
	if (sc->n < 2)
		return;
	/* a marker inside another (${x} inside {{ }}) is part of it */
	for (i = 1, keep = 0; i < sc->n; i++)
		if (sc->v[i].start >= sc->v[keep].end)
			sc->v[++keep] = sc->v[i];
	sc->n = keep + 1;
}

static int
add_arm(struct ua_template *t, size_t start, size_t end, unsigned cond, unsigned arm)
{
	if (ua_grow(&t->arms, &t->caparms, t->narms, sizeof(*t->arms), 8) != 0)
		return -1;
	t->arms[t->narms].start = start;
	t->arms[t->narms].end = end;
	t->arms[t->narms].cond = cond;
	t->arms[t->narms++].arm = arm;
	return 0;
}

/* The branches of each conditional (and loop: its else is an alternative too). */
static int
find_arms(struct ua_template *t, const struct tok *v, size_t n, size_t len)
{
	struct { unsigned cond, arm; size_t start; } stack[64];
	size_t depth = 0, i;
	unsigned conds = 0;

	for (i = 0; i < n; i++) {
		switch (v[i].kind) {
		case T_IF:
		case T_BLOCK:
			if (depth < 64) {
				stack[depth].cond = conds++;
				stack[depth].arm = 0;
				stack[depth++].start = v[i].end;
			}
			break;
		case T_ELSE:
			if (depth == 0)
				break;
			if (add_arm(t, stack[depth - 1].start, v[i].start, stack[depth - 1].cond,
			    stack[depth - 1].arm) != 0)
				return -1;
			stack[depth - 1].arm++;
			stack[depth - 1].start = v[i].end;
			break;
		case T_END:
			if (depth == 0)
				break;
			depth--;
			if (stack[depth].arm > 0 && add_arm(t, stack[depth].start, v[i].start,
			    stack[depth].cond, stack[depth].arm) != 0)
				return -1;
			break;
		default:
			break;
		}
	}
	while (depth > 0) {
		depth--;
		if (stack[depth].arm > 0 && add_arm(t, stack[depth].start, len,
		    stack[depth].cond, stack[depth].arm) != 0)
			return -1;
	}
	if (t->narms > MAX_ARMS)	/* the lookups below are quadratic in them */
		t->narms = 0;
	for (i = 0; i < t->narms; i++) {
		size_t j;
		t->arms[i].last = 0;
		for (j = 0; j < t->narms; j++)
			if (t->arms[j].cond == t->arms[i].cond && t->arms[j].arm > t->arms[i].last)
				t->arms[i].last = t->arms[j].arm;
	}
	return 0;
}

static const struct ua_tpl_var *
lookup(const struct ua_tpl_opts *o, const char *s, const struct tok *k)
{
	size_t i;

	if (o == NULL || k->kind != T_PLACE || k->namelen == 0)
		return NULL;
	for (i = 0; i < o->nvars; i++)
		if (strlen(o->vars[i].name) == k->namelen &&
		    strncmp(o->vars[i].name, s + k->name, k->namelen) == 0)
			return &o->vars[i];
	return NULL;
}

/*
 * Whether the marker at k stands unquoted as a whole JSON or YAML value
 * (YAML reads ${x} as text already; {{x}} and @x@ would be syntax).
 */
static int
stands_bare(const char *s, size_t len, const struct tok *k, int fmt)
{
	size_t b = k->start, e = k->end;

	if (fmt == 3 && s[b] == '$')
		return 0;
	while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	while (e < len && (s[e] == ' ' || s[e] == '\t' || s[e] == '\r'))
		e++;
	if (!(e >= len || s[e] == '\n' || s[e] == ',' || s[e] == ']' || s[e] == '}' ||
	    s[e] == '#'))
		return 0;
	return b == 0 || s[b - 1] == ':' || s[b - 1] == '[' || s[b - 1] == ',' ||
	    s[b - 1] == '\n' || (s[b - 1] == '-' && (b < 2 || isspace((unsigned char)s[b - 2])));
}

static void
put_escaped(struct ua_buf *b, const char *v, int fmt, int bare)
{
	const char *p;
	char *end;

	if (fmt == 1) {		/* XML */
		for (p = v; *p; p++)
			switch (*p) {
			case '&': ua_buf_puts(b, "&amp;"); break;
			case '<': ua_buf_puts(b, "&lt;"); break;
			case '>': ua_buf_puts(b, "&gt;"); break;
			case '"': ua_buf_puts(b, "&quot;"); break;
			case '\'': ua_buf_puts(b, "&apos;"); break;
			default: ua_buf_add(b, p, 1);
			}
		return;
	}
	if (fmt == 2 && bare) {	/* JSON: numbers and literals as they are */
		(void)strtod(v, &end);
		if ((*v && *end == '\0') || strcmp(v, "true") == 0 || strcmp(v, "false") == 0 ||
		    strcmp(v, "null") == 0) {
			ua_buf_puts(b, v);
			return;
		}
	}
	if (fmt == 2) {
		if (bare)
			ua_buf_puts(b, "\"");
		for (p = v; *p; p++) {
			if (*p == '"' || *p == '\\')
				ua_buf_add(b, "\\", 1);
			if ((unsigned char)*p < 0x20)
				ua_buf_printf(b, "\\u%04x", (unsigned)(unsigned char)*p);
			else
				ua_buf_add(b, p, 1);
		}
		if (bare)
			ua_buf_puts(b, "\"");
		return;
	}
	ua_buf_puts(b, v);
}

static int
add_seg(struct ua_template *t, size_t out, size_t in, size_t outlen, size_t inlen, int value,
    size_t var)
{
	if (ua_grow(&t->segs, &t->capsegs, t->nsegs, sizeof(*t->segs), 16) != 0)
		return -1;
	t->segs[t->nsegs].out = out;
	t->segs[t->nsegs].in = in;
	t->segs[t->nsegs].outlen = outlen;
	t->segs[t->nsegs].value = value;
	t->segs[t->nsegs].var = var;
	t->segs[t->nsegs++].inlen = inlen;
	return 0;
}

static int
note_bare(struct ua_template *t, const char *s, size_t n)
{
	char *c;

	if (ua_grow(&t->bare, &t->capbare, t->nbare, sizeof(*t->bare), 4) != 0 ||
	    (c = ua_strndup(s, n)) == NULL)
		return -1;
	t->bare[t->nbare++] = c;
	return 0;
}

/* Blanks a directive, keeping line ends (positions after it stay put). */
static void
blank(char *s, size_t start, size_t end)
{
	size_t i;

	for (i = start; i < end; i++)
		if (s[i] != '\n' && s[i] != '\r')
			s[i] = ' ';
}

/*
 * Whether the directive at k sits inside an XML value (<PartitionID>%{ if
 * efi }3%{ else }2%{ endif }</PartitionID>) rather than between elements:
 * text other than markup next to it on its line.
 */
static int
inside_value(const char *s, size_t len, const struct tok *k)
{
	size_t a = k->start, b = k->end;

	while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t'))
		a--;
	while (b < len && (s[b] == ' ' || s[b] == '\t'))
		b++;
	return !(a == 0 || s[a - 1] == '\n' || s[a - 1] == '\r' || s[a - 1] == '>') ||
	    !(b >= len || s[b] == '\n' || s[b] == '\r' || s[b] == '<');
}

/*
 * JSON and YAML, read once from the start up to each directive: the ':' of the
 * last key on the line (SIZE_MAX: none), whether a string is open there, the
 * last character outside strings and blanks (JSON: '[' or ',' before an array
 * element), and where the line stands in a YAML list item ("  - "): item is 0
 * in the indentation, 1 after its '-', 2 in the item's text, 3 elsewhere.
 */
struct cursor {
	size_t pos, colon;
	int in_str, item;
	char last;
	size_t line_key;	/* YAML: the item's "key:" on this line (SIZE_MAX: none) */
	size_t key_line;	/* the line start line_key was found for (SIZE_MAX: none yet) */
	size_t no_run;		/* JSON: no value run starts before this (one was refused) */
	size_t line;		/* where the current line starts */
};

static void
advance(struct cursor *c, const char *s, size_t to)
{
	for (; c->pos < to; c->pos++) {
		char ch = s[c->pos];

		if (ch == '\n') {
			c->colon = SIZE_MAX;
			c->in_str = 0;
			c->item = 0;
			c->line = c->pos + 1;
			continue;
		}
		if (c->item == 0 && ch == '-')
			c->item = 1;
		else if (c->item == 1)
			c->item = ch == ' ' || ch == '\t' ? 2 : 3;
		else if (c->item == 0 && ch != ' ' && ch != '\t')
			c->item = 3;
		if (c->in_str && ch == '\\' && c->pos + 1 < to)
			c->pos++;
		else if (ch == '"') {
			c->in_str = !c->in_str;
			c->last = '"';
		} else if (!c->in_str && ch == ':')
			c->colon = c->pos;
		if (!c->in_str && ch != ' ' && ch != '\t' && ch != '\r' && ch != '"')
			c->last = ch;
	}
}

/*
 * YAML: the ':' (followed by a blank or the line's end, outside double quotes)
 * of the key a list item's line holds after at, or SIZE_MAX; the line is read
 * once, whatever the number of directives on it.
 */
static size_t
item_key(struct cursor *c, const char *s, size_t len, size_t at)
{
	size_t i;
	int q = 0;

	if (c->key_line != c->line) {
		c->key_line = c->line;
		c->line_key = SIZE_MAX;
		for (i = at; i < len && s[i] != '\n'; i++) {
			if (s[i] == '"')
				q = !q;
			else if (!q && s[i] == ':' && (i + 1 == len || s[i + 1] == ' ' ||
			    s[i + 1] == '\t' || s[i + 1] == '\r' || s[i + 1] == '\n')) {
				c->line_key = i;
				break;
			}
		}
	}
	return c->line_key != SIZE_MAX && c->line_key > at ? c->line_key : SIZE_MAX;
}

/* A value is not known when directives make it: "${ }" marks each of them so. */
static void
mark_unknown(struct ua_template *t, char *s, const struct tok *k)
{
	blank(s, k->start, k->end);
	memcpy(s + k->start, "${", 2);
	s[k->end - 1] = '}';
	t->syn |= SYN_PACKER;
}

/*
 * Whether the text between the markers of s[a, b) is one scalar: no object,
 * array, member or second element outside strings (the markers themselves
 * are not looked at).
 */
static int
scalar_run(const char *s, const struct tok *v, size_t n, size_t i, size_t b)
{
	size_t p = v[i].start, k = i;
	int q = 0, text = 0;

	while (p < b) {
		if (k < n && p == v[k].start) {
			p = v[k++].end;
			continue;
		}
		if (q && s[p] == '\\')
			p++;
		else if (s[p] == '"')
			q = !q;
		else if (!q && strchr("{}[],:", s[p]))
			return 0;
		text |= s[p] != ' ' && s[p] != '\t';
		p++;
	}
	return text;
}

/*
 * JSON: directives standing unquoted as a value, a key's ("a": {{ if x }}1{{
 * else }}2{{ end }},) or an array element's ([ {{ if x }}"a"{{ else }}"b"{{
 * end }} ]), become one string of blanks, up to the last marker on the line,
 * noted as a bare placeholder; only when the text between them is a scalar.
 * Returns where that string ends (0: k is not such a value), or SIZE_MAX when
 * out of memory.
 */
static size_t
quote_json_run(struct ua_template *t, char *s, const struct tok *v, size_t n, size_t i,
    struct cursor *c)
{
	size_t a, b, k;

	if (c->in_str || v[i].start < c->no_run)
		return 0;
	if (c->last == '[' || c->last == ',')
		a = v[i].start;		/* an element (or a member: not a scalar run) */
	else if (c->colon == SIZE_MAX)
		return 0;
	else
		for (a = c->colon + 1; a < v[i].start && (s[a] == ' ' || s[a] == '\t'); a++)
			;
	if (a != v[i].start)
		return 0;	/* after other text */
	for (b = v[i].end, k = i + 1; k < n && memchr(s + b, '\n', v[k].start - b) == NULL; k++)
		b = v[k].end;
	if (!scalar_run(s, v, n, i, b)) {
		c->no_run = b;	/* the line's later directives are inside this run */
		return 0;
	}
	blank(s, a, b);
	s[a] = '"';
	s[b - 1] = '"';
	return note_bare(t, s + a + 1, b - a - 2) != 0 ? SIZE_MAX : b;
}

/*
 * Whether the directive k of a JSON or YAML text stands in a scalar: in a
 * string, after a key's ':', or (YAML, user data) in a list item's text before any key
 * of its own ("- %{ if a }x%{ endif }"; not "- %{ if a }task: x%{ endif }").
 */
static int
in_scalar(struct cursor *c, const char *s, size_t len, const struct tok *k, int fmt)
{
	if (c->in_str || c->colon != SIZE_MAX)
		return 1;
	return fmt != 2 && c->item == 2 && item_key(c, s, len, k->start) == SIZE_MAX;
}

/*
 * YAML: lines left all blank where directives stood ("  %{ for c in cmds ~}"
 * first in a block's text) are made empty, their blanks moved to the end of
 * the line above: a block scalar may not begin with an all-blank line longer
 * than its text's indentation. As many bytes and line ends as before, so
 * every position after them stays the template's.
 */
static void
empty_directive_lines(char *s, size_t len, const struct tok *v, size_t n)
{
	size_t ls, le, p, k = 0, above = SIZE_MAX, m;
	int blank_line, dir = 0;

	for (ls = 0; ls < len; ls = le + 1) {
		for (le = ls, blank_line = 1; le < len && s[le] != '\n'; le++)
			blank_line &= s[le] == ' ' || s[le] == '\t';
		for (; k < n && v[k].start < ls; k++)
			;
		if (blank_line && le > ls) {
			for (; k < n && v[k].start < le; k++)
				dir |= v[k].kind != T_PLACE;
			continue;
		}
		if (blank_line)
			continue;	/* an empty line: the run goes on */
		if (above != SIZE_MAX && dir && ls > above + 1) {
			/* [above, ls): the line end above, the blank lines and their ends */
			for (p = above, m = 0; p < ls; p++)
				m += s[p] == '\n';
			memset(s + above, ' ', ls - above - m);
			memset(s + ls - m, '\n', m);
		}
		above = le;
		dir = 0;
	}
}

/* In place: directives blanked, bare placeholders quoted ({{x}} -> "{x}"). */
static int
prepare_in_place(struct ua_template *t, char *s, size_t len, struct tok *v, size_t n, int fmt)
{
	struct cursor c = { 0, SIZE_MAX, 0, 0, 0, SIZE_MAX, SIZE_MAX, 0, 0 };
	size_t i, done = 0, end;
	int dir;

	for (i = 0; i < n; i++) {
		if (v[i].start < done)
			continue;	/* inside a JSON value made into one string */
		if (v[i].kind != T_PLACE && fmt != 1)
			advance(&c, s, v[i].start);
		dir = v[i].kind != T_PLACE && v[i].end - v[i].start >= 3;	/* a directive */
		if (dir && fmt == 1 && inside_value(s, len, &v[i])) {
			mark_unknown(t, s, &v[i]);
			continue;
		}
		if (dir && fmt == 2 && (end = quote_json_run(t, s, v, n, i, &c)) != 0) {
			if (end == SIZE_MAX)
				return -1;
			done = end;
			continue;
		}
		if (dir && fmt != 1 && (fmt == 2 ? c.in_str : in_scalar(&c, s, len, &v[i], fmt))) {
			mark_unknown(t, s, &v[i]);
			continue;
		}
		if (v[i].kind != T_PLACE) {
			blank(s, v[i].start, v[i].end);
			continue;
		}
		if (fmt == 1 || !v[i].bare)
			continue;
		s[v[i].start] = '"';
		s[v[i].end - 1] = '"';
		if (note_bare(t, s + v[i].start + 1, v[i].end - v[i].start - 2) != 0)
			return -1;
	}
	if (fmt != 1 && fmt != 2)
		empty_directive_lines(s, len, v, n);
	return 0;
}

/* Into a new text: placeholders with values replaced, the rest as in place. */
static int
render(struct ua_template *t, const struct ua_tpl_opts *o, char **text, size_t *len,
    struct tok *v, size_t n, int fmt)
{
	struct ua_buf b = { 0 };
	const struct ua_tpl_var *var;
	size_t i, at = 0, before, out;
	char *s = *text;

	if ((t->orig = ua_strndup(s, *len)) == NULL)
		return -1;
	t->origlen = *len;
	if (prepare_in_place(t, s, *len, v, n, fmt) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((var = lookup(o, t->orig, &v[i])) == NULL)
			continue;
		if (add_seg(t, b.len, at, v[i].start - at, v[i].start - at, 0, 0) != 0)
			goto fail;
		ua_buf_add(&b, s + at, v[i].start - at);
		before = b.len;
		put_escaped(&b, var->value, fmt, v[i].bare);
		if (add_seg(t, before, v[i].start, b.len - before, v[i].end - v[i].start, 1,
		    (size_t)(var - o->vars)) != 0)
			goto fail;
		at = v[i].end;
	}
	if (add_seg(t, b.len, at, *len - at, *len - at, 0, 0) != 0)
		goto fail;
	ua_buf_add(&b, s + at, *len - at);
	out = b.len;
	if (b.failed || (s = ua_buf_take(&b)) == NULL)
		goto fail;
	free(*text);
	*text = s;
	*len = out;
	return 0;
fail:
	ua_buf_free(&b);
	return -1;
}

int
ua_template_prepare(const struct ua_tpl_opts *o, int fmt, char **text, size_t *len,
    struct ua_template **out)
{
	struct scan sc = { *text, *len, allowed[o ? o->syntax : UA_TPL_AUTO], 0,
	    8 * *len + 65536, NULL, 0, 0, 0 };
	struct ua_template *t;
	size_t i;
	int rendering = 0;

	*out = NULL;
	if (sc.syn == 0)
		return UA_OK;
	scan(&sc);
	if (sc.nomem) {
		free(sc.v);
		return UA_ENOMEM;
	}
	if (sc.n == 0) {	/* whole_runs() may have dropped every token */
		free(sc.v);
		return UA_OK;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		free(sc.v);
		return UA_ENOMEM;
	}
	t->syn = sc.syn;
	for (i = 0; i < sc.n; i++) {
		if (sc.v[i].kind == T_PLACE && fmt != 1)
			sc.v[i].bare = stands_bare(*text, *len, &sc.v[i], fmt) &&
			    sc.v[i].end - sc.v[i].start >= 3;
		if (lookup(o, *text, &sc.v[i]))
			rendering = 1;
	}
	if (find_arms(t, sc.v, sc.n, *len) != 0 ||
	    (rendering ? render(t, o, text, len, sc.v, sc.n, fmt) :
	    prepare_in_place(t, *text, *len, sc.v, sc.n, fmt)) != 0) {
		free(sc.v);
		ua_template_free(t);
		return UA_ENOMEM;
	}
	free(sc.v);
	*out = t;
	return UA_OK;
}

void
ua_template_free(struct ua_template *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nbare; i++)
		free(t->bare[i]);
	free(t->bare);
	free(t->arms);
	free(t->segs);
	free(t->orig);
	free(t);
}

static void
scan_value(const struct ua_template *t, const char *value, struct scan *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = value;
	sc->len = strlen(value);
	sc->syn = t->syn;
	sc->in_value = 1;
	sc->budget = 8 * sc->len + 65536;
	scan(sc);
}

/* Whether value is a placeholder that stood bare in JSON or YAML (quoted since). */
static int
is_bare(const struct ua_template *t, const char *value)
{
	size_t i;

	for (i = 0; i < t->nbare; i++)
		if (strcmp(t->bare[i], value) == 0)
			return 1;
	return 0;
}

int
ua_template_unknown(const struct ua_template *t, const char *value)
{
	struct scan sc;
	size_t i;
	int found;

	if (t == NULL || value == NULL)
		return 0;
	if (is_bare(t, value))
		return 1;
	scan_value(t, value, &sc);
	for (found = 0, i = 0; i < sc.n && !found; i++)
		found = sc.v[i].kind == T_PLACE;
	free(sc.v);
	return found || sc.nomem;
}

int
ua_template_only_placeholders(const struct ua_template *t, const char *value)
{
	struct scan sc;
	size_t i, k = 0;
	int only = 1, any = 0;

	if (t == NULL || value == NULL)
		return 0;
	if (is_bare(t, value))
		return 1;
	scan_value(t, value, &sc);
	for (i = 0; value[i] && only; i++) {
		while (k < sc.n && sc.v[k].end <= i)
			k++;
		if (k < sc.n && i >= sc.v[k].start && sc.v[k].kind == T_PLACE)
			any = 1;
		else if (!isspace((unsigned char)value[i]))
			only = 0;
	}
	free(sc.v);
	return sc.nomem || (only && any);
}

/* Whether the placeholder k of a value stands for a directive (blanked to "${   }" in place). */
static int
directive_made(const struct scan *sc, const struct tok *k)
{
	size_t i;

	if (k->namelen != 0 || k->end - k->start < 3 || sc->s[k->start] != '$')
		return 0;
	for (i = k->start + 2; i + 1 < k->end; i++)
		if (sc->s[i] != ' ')
			return 0;
	return 1;
}

/*
 * The text of value outside its placeholders, into out when not NULL; its
 * characters in *n. None for a value made by directives: its fixed text is
 * that of several branches, of which the file keeps one. 0, or -1 when out
 * of memory.
 */
static int
fixed_part(const struct ua_template *t, const char *value, struct ua_buf *out, size_t *n)
{
	struct scan sc;
	size_t i, k = 0;

	*n = 0;
	memset(&sc, 0, sizeof(sc));
	if (t) {
		if (is_bare(t, value))
			return 0;	/* a bare JSON placeholder: all of it */
		scan_value(t, value, &sc);
	}
	for (i = 0; i < sc.n; i++)
		if (sc.v[i].kind == T_PLACE && directive_made(&sc, &sc.v[i])) {
			free(sc.v);
			return sc.nomem ? -1 : 0;
		}
	for (i = 0; value[i]; i++) {
		while (k < sc.n && sc.v[k].end <= i)
			k++;
		if (k < sc.n && i >= sc.v[k].start)
			continue;
		if (out)
			ua_buf_add(out, value + i, 1);
		if (((unsigned char)value[i] & 0xc0) != 0x80)
			(*n)++;
	}
	free(sc.v);
	return sc.nomem ? -1 : 0;
}

size_t
ua_template_fixed_len(const struct ua_template *t, const char *value)
{
	size_t n;

	if (value == NULL || fixed_part(t, value, NULL, &n) != 0)
		return 0;
	return n;
}

char *
ua_template_fixed_text(const struct ua_template *t, const char *value)
{
	struct ua_buf b = { 0 };
	size_t n;

	if (fixed_part(t, value, &b, &n) != 0) {
		ua_buf_free(&b);
		return NULL;
	}
	return ua_buf_take(&b);
}

int
ua_template_alternatives(const struct ua_template *t, size_t a, size_t b)
{
	size_t i, j;

	if (t == NULL)
		return 0;
	for (i = 0; i < t->narms; i++) {
		if (a < t->arms[i].start || a >= t->arms[i].end)
			continue;
		for (j = 0; j < t->narms; j++)
			if (t->arms[j].cond == t->arms[i].cond && t->arms[j].arm != t->arms[i].arm &&
			    b >= t->arms[j].start && b < t->arms[j].end)
				return 1;
	}
	return 0;
}

unsigned
ua_template_variants(const struct ua_template *t)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; t && i < t->narms; i++)
		if (t->arms[i].arm + 1 > n)
			n = t->arms[i].arm + 1;
	return n > MAX_VARIANTS ? 1 : n;
}

int
ua_template_in_variant(const struct ua_template *t, size_t off, unsigned v)
{
	size_t i;
	unsigned last;

	for (i = 0; t && i < t->narms; i++) {
		if (off < t->arms[i].start || off >= t->arms[i].end)
			continue;
		last = t->arms[i].last;
		if (t->arms[i].arm != (v < last ? v : last))
			return 0;
	}
	return 1;
}

/* The first segment that ends after off (segments are in the prepared text's order). */
static size_t
seg_after(const struct ua_template *t, size_t off)
{
	size_t lo = 0, hi = t->nsegs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (t->segs[mid].out + t->segs[mid].outlen <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct ua_tpl_var *
ua_template_given_within(const struct ua_template *t, const struct ua_tpl_opts *o,
    size_t a, size_t b, int argv_only)
{
	size_t i;

	if (t == NULL || o == NULL)
		return NULL;
	for (i = seg_after(t, a); i < t->nsegs && t->segs[i].out < b; i++)
		if (t->segs[i].value && t->segs[i].var < o->nvars &&
		    (!argv_only || o->vars[t->segs[i].var].argv))
			return &o->vars[t->segs[i].var];
	return NULL;
}

size_t
ua_template_offset(const struct ua_template *t, size_t off, const char **orig, size_t *origlen)
{
	size_t lo = 0, hi, mid;
	const struct seg *g;

	*orig = NULL;
	*origlen = 0;
	if (t == NULL || t->segs == NULL || t->nsegs == 0)
		return off;
	*orig = t->orig;
	*origlen = t->origlen;
	hi = t->nsegs;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (t->segs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	g = &t->segs[lo];
	if (g->value)	/* anywhere in a given value: where its placeholder starts */
		return g->in;
	return g->in + (off - g->out < g->inlen ? off - g->out : g->inlen);
}
