/* SPDX-License-Identifier: MIT */
/* A repository's policy: which rules run, at what severity, for which Windows;
 * from options and the .unattend-validate file; and inline suppressions. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"
#include "tree.h"
#include "ua.h"
#include "util.h"

#define MARKER "unattend-validate: disable="
#define NEVER_OFF "rule '%s' cannot be disabled or lowered: a file that was not fully read never passes"

static const char *const releases[] = {
	"vista", "7", "8", "8.1", "10", "11", "2008", "2008r2", "2012", "2012r2",
	"2016", "2019", "2022", "2025", NULL
};

int
ua_policy_known_target(const char *name)
{
	const char *const *r;

	for (r = releases; *r; r++)
		if (strcasecmp(*r, name) == 0)
			return 1;
	return 0;
}

static int
valid_rule_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

static int
add_names(struct ua_policy *p, int on, const char *value, char *err, size_t errlen)
{
	char *copy = ua_strdup(value), *tok, *save = NULL;
	struct ua_toggle *nv;

	if (copy == NULL)
		return -1;
	for (tok = strtok_r(copy, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		if (!valid_rule_name(tok)) {
			snprintf(err, errlen, "'%s' is not a rule name", tok);
			free(copy);
			return -1;
		}
		if (!on && ua_policy_never_off(tok)) {
			snprintf(err, errlen, NEVER_OFF, tok);
			free(copy);
			return -1;
		}
		if ((nv = realloc(p->toggles, (p->ntoggles + 1) * sizeof(*nv))) == NULL) {
			free(copy);
			return -1;
		}
		p->toggles = nv;
		if ((nv[p->ntoggles].rule = ua_strdup(tok)) == NULL) {
			free(copy);
			return -1;
		}
		nv[p->ntoggles++].on = on;
	}
	free(copy);
	return 0;
}

static int
valid_agent_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return n > 0 && n < 64;
}

/* [AGENT@]VERSION or AGENT; a later value for the same agent replaces an earlier. */
static int
set_agent_version(struct ua_policy *p, const char *value, char *err, size_t errlen)
{
	const char *at = strchr(value, '@'), *ver = at ? at + 1 : value;
	struct ua_agent_version e = { NULL, NULL }, *v;
	size_t alen = at ? (size_t)(at - value) : 0, i;

	if (!at && !isdigit((unsigned char)value[0]))
		alen = strlen(value), ver = NULL;
	if ((alen || at || !ver) && !valid_agent_name(value, alen)) {
		snprintf(err, errlen, "'%s' is not [AGENT@]VERSION (e.g. ec2launch-v2@2.0.1303)", value);
		return -1;
	}
	if (ver && !ua_version_valid(ver)) {
		snprintf(err, errlen, "'%s' is not a version (numbers separated by dots, e.g. 2.0.1303)",
		    ver);
		return -1;
	}
	if ((alen && (e.agent = ua_strndup(value, alen)) == NULL) ||
	    (ver && (e.version = ua_strdup(ver)) == NULL)) {
		free(e.agent);
		return -1;
	}
	for (i = 0; e.agent && i < p->nagents; i++)
		if (p->agents[i].agent && strcmp(p->agents[i].agent, e.agent) == 0) {
			free(p->agents[i].agent);
			free(p->agents[i].version);
			p->agents[i] = e;
			return 0;
		}
	if ((v = realloc(p->agents, (p->nagents + 1) * sizeof(*v))) == NULL) {
		free(e.agent);
		free(e.version);
		return -1;
	}
	p->agents = v;
	v[p->nagents++] = e;
	return 0;
}

int
ua_policy_set(struct ua_policy *p, const char *key, const char *value,
    char *err, size_t errlen)
{
	int sev;

	if (strcmp(key, "disable") == 0)
		return add_names(p, 0, value, err, errlen);
	if (strcmp(key, "enable") == 0)
		return add_names(p, 1, value, err, errlen);
	if (strncmp(key, "severity ", 9) == 0) {
		const char *rule = key + 9;
		struct ua_sev_override *v;
		while (*rule == ' ')
			rule++;
		if (!valid_rule_name(rule)) {
			snprintf(err, errlen, "'%s' is not a rule name", rule);
			return -1;
		}
		if ((sev = ua_severity_parse(value)) < 0) {
			snprintf(err, errlen, "'%s' is not a severity (error, warning, note)", value);
			return -1;
		}
		if (sev != UA_SEV_ERROR && ua_policy_never_off(rule)) {
			snprintf(err, errlen, NEVER_OFF, rule);
			return -1;
		}
		if ((v = realloc(p->sev, (p->nsev + 1) * sizeof(*v))) == NULL)
			return -1;
		p->sev = v;
		if ((v[p->nsev].rule = ua_strdup(rule)) == NULL)
			return -1;
		v[p->nsev++].sev = (enum ua_severity)sev;
		return 0;
	}
	if (strcmp(key, "target") == 0) {
		if (!ua_policy_known_target(value)) {
			snprintf(err, errlen, "unknown Windows release '%s'", value);
			return -1;
		}
		free(p->target);
		p->target = ua_strdup(value);
		return p->target ? 0 : -1;
	}
	if (strcmp(key, "agent-version") == 0)
		return set_agent_version(p, value, err, errlen);
	if (strcmp(key, "warnings-are-errors") == 0) {
		if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "true") == 0)
			p->werror = 1;
		else if (strcasecmp(value, "no") == 0 || strcasecmp(value, "false") == 0)
			p->werror = 0;
		else {
			snprintf(err, errlen, "'%s' is not yes or no", value);
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "unknown setting '%s'", key);
	return -1;
}

/* Whether someone other than the owner of what st describes may write to it:
 * anyone, or a group other than the owner's own (a group named as the owner,
 * with no other members, as user private groups are). */
static int
others_can_write(const struct stat *st)
{
	struct passwd *pw;
	struct group *gr;

	if (st->st_mode & S_IWOTH)
		return 1;
	if (!(st->st_mode & S_IWGRP))
		return 0;
	if ((pw = getpwuid(st->st_uid)) == NULL || pw->pw_gid != st->st_gid)
		return 1;
	if ((gr = getgrgid(st->st_gid)) == NULL || strcmp(gr->gr_name, pw->pw_name) != 0)
		return 1;
	return gr->gr_mem != NULL && gr->gr_mem[0] != NULL;
}

/* A policy found upward is refused where another user could have put it. */
static int
check_place(const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *dir, *slash;
	int rc = 0;

	if ((dir = ua_strdup(path)) == NULL)
		return -1;
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	if (stat(dir, &st) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		rc = -1;
	} else if (others_can_write(&st)) {
		snprintf(err, errlen, "%s: refused: its directory %s is writable by others than its "
		    "owner (use --config=FILE or --no-config)", path, dir);
		rc = -1;
	} else if (stat(path, &st) == 0 && others_can_write(&st)) {
		snprintf(err, errlen, "%s: refused: it is writable by others than its owner "
		    "(use --config=FILE or --no-config)", path);
		rc = -1;
	}
	free(dir);
	return rc;
}

/* Parses "key = value" lines of text[0..len) into p. */
static int
parse_lines(struct ua_policy *p, const char *path, char *text, size_t len,
    char *err, size_t errlen)
{
	char *line = text, *nl, *key, *value, *eq, why[256];
	unsigned long n = 0;

	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
		return -1;
	}
	for (; line < text + len; line = nl + 1) {
		n++;
		if ((nl = memchr(line, '\n', (size_t)(text + len - line))) == NULL)
			nl = text + len;
		*nl = '\0';
		key = ua_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errlen, "%s:%lu: expected 'key = value'", path, n);
			return -1;
		}
		*eq = '\0';
		key = ua_trim(key);
		value = ua_trim(eq + 1);
		why[0] = '\0';
		if (ua_policy_set(p, key, value, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s:%lu: %s", path, n, why[0] ? why : "out of memory");
			return -1;
		}
	}
	return 0;
}

int
ua_policy_load(struct ua_policy *p, const char *path, int found, char *err, size_t errlen)
{
	struct stat st;
	char *text = NULL, why[256];
	size_t len = 0;
	int rc;

	/* "-" is a file here, not standard input */
	if (strcmp(path, "-") == 0)
		path = "./-";
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ? strerror(EISDIR) :
		    "not a regular file");
		return -1;
	}
	if (st.st_size > UA_POLICY_MAX_BYTES) {
		snprintf(err, errlen, "%s: too large for a policy (limit %d KiB)", path,
		    UA_POLICY_MAX_BYTES >> 10);
		return -1;
	}
	if (found && check_place(path, err, errlen) != 0)
		return -1;
	if (ua_read_file(path, &text, &len, why, sizeof(why)) != UA_OK) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if (len > UA_POLICY_MAX_BYTES) {
		snprintf(err, errlen, "%s: too large for a policy (limit %d KiB)", path,
		    UA_POLICY_MAX_BYTES >> 10);
		free(text);
		return -1;
	}
	rc = parse_lines(p, path, text, len, err, errlen);
	free(text);
	return rc;
}

char *
ua_policy_find(const char *dir)
{
	char *d = ua_strdup(dir), *path, *slash;
	struct stat st;

	while (d) {
		if ((path = ua_asprintf("%s/%s", *d ? d : "", UA_POLICY_FILE)) == NULL)
			break;
		/* whatever stands there is the policy (a wrong type is refused
		 * when it is read, not skipped for one further up) */
		if (lstat(path, &st) == 0) {
			free(d);
			return path;
		}
		free(path);
		if ((slash = strrchr(d, '/')) == NULL || *d == '\0')
			break;
		*slash = '\0';
	}
	free(d);
	return NULL;
}

int
ua_policy_merge(struct ua_policy *dst, const struct ua_policy *src, char *err,
    size_t errlen)
{
	char key[300];
	size_t i;

	for (i = 0; i < src->ntoggles; i++)
		if (add_names(dst, src->toggles[i].on, src->toggles[i].rule, err, errlen) != 0)
			return -1;
	for (i = 0; i < src->nsev; i++) {
		snprintf(key, sizeof(key), "severity %s", src->sev[i].rule);
		if (ua_policy_set(dst, key, ua_severity_name(src->sev[i].sev), err, errlen) != 0)
			return -1;
	}
	if (src->target && ua_policy_set(dst, "target", src->target, err, errlen) != 0)
		return -1;
	for (i = 0; i < src->nagents; i++) {
		char *val = ua_asprintf("%s%s%s", src->agents[i].agent ? src->agents[i].agent : "",
		    src->agents[i].agent && src->agents[i].version ? "@" : "",
		    src->agents[i].version ? src->agents[i].version : "");
		int rc = val ? set_agent_version(dst, val, err, errlen) : -1;
		free(val);
		if (rc != 0)
			return -1;
	}
	if (src->werror)
		dst->werror = 1;
	return 0;
}

void
ua_policy_free(struct ua_policy *p)
{
	size_t i;

	for (i = 0; i < p->ntoggles; i++)
		free(p->toggles[i].rule);
	for (i = 0; i < p->nsev; i++)
		free(p->sev[i].rule);
	free(p->toggles);
	free(p->sev);
	free(p->target);
	for (i = 0; i < p->nagents; i++) {
		free(p->agents[i].agent);
		free(p->agents[i].version);
	}
	free(p->agents);
	memset(p, 0, sizeof(*p));
}

static int
check_name(const char *rule, const char *const *names, size_t n, char *err, size_t errlen)
{
	const char *near;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], rule) == 0)
			return 0;
	if ((near = ua_suggest(rule, names, n)) != NULL)
		snprintf(err, errlen, "unknown rule '%s' (did you mean '%s'?)", rule, near);
	else
		snprintf(err, errlen, "unknown rule '%s' (see --list-rules)", rule);
	return -1;
}

int
ua_policy_check_rules(const struct ua_policy *p, const char *const *names, size_t n,
    char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < p->ntoggles; i++)
		if (check_name(p->toggles[i].rule, names, n, err, errlen) != 0)
			return -1;
	for (i = 0; i < p->nsev; i++)
		if (check_name(p->sev[i].rule, names, n, err, errlen) != 0)
			return -1;
	return 0;
}

/* 1 on, 0 off, -1 not mentioned. */
static int
toggle(const struct ua_policy *p, const char *rule)
{
	size_t i;

	if (p == NULL)
		return -1;
	for (i = p->ntoggles; i-- > 0;)
		if (strcmp(p->toggles[i].rule, rule) == 0)
			return p->toggles[i].on;
	return -1;
}

int
ua_policy_is_disabled(const struct ua_policy *p, const char *rule)
{
	return toggle(p, rule) == 0;
}

int
ua_policy_is_enabled(const struct ua_policy *p, const char *rule)
{
	return toggle(p, rule) == 1;
}

void
ua_policy_apply(const struct ua_policy *p, struct ua_diags *d, size_t from)
{
	size_t i, k, out = from;

	if (p == NULL)
		return;
	for (i = from; i < d->n; i++) {
		if (ua_policy_is_disabled(p, d->v[i].rule)) {
			ua_diag_clear(&d->v[i]);
			continue;
		}
		for (k = p->nsev; k-- > 0;)
			if (strcmp(p->sev[k].rule, d->v[i].rule) == 0) {
				d->v[i].sev = p->sev[k].sev;
				break;
			}
		d->v[out++] = d->v[i];
	}
	d->n = out;
}

int
ua_policy_never_off(const char *rule)
{
	return strcmp(rule, "syntax") == 0 || strcmp(rule, "doctype") == 0 ||
	    strcmp(rule, "limit") == 0;
}

/* One rule a marker names, for the findings of one line. */
struct mark {
	unsigned long line;
	const char *rule;	/* not terminated: len bytes */
	size_t len;
};

struct marks {
	struct mark *v;
	size_t n, cap;
	int failed;
};

static int
rule_char(char c)
{
	return islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-';
}

/* Notes the rules of every marker in the comment text s[0..n) for line. */
static void
add_markers(struct marks *m, const char *s, size_t n, unsigned long line)
{
	const char *end = s + n, *p = s, *q;
	size_t ml = strlen(MARKER);

	while (p < end && (p = memmem(p, (size_t)(end - p), MARKER, ml)) != NULL) {
		for (p += ml;; p = q) {
			while (p < end && (*p == ',' || *p == ' '))
				p++;
			for (q = p; q < end && rule_char(*q); q++)
				;
			if (q == p)
				break;
			if (ua_grow(&m->v, &m->cap, m->n, sizeof(*m->v), 16) != 0) {
				m->failed = 1;
				return;
			}
			m->v[m->n].line = line;
			m->v[m->n].rule = p;
			m->v[m->n++].len = (size_t)(q - p);
			if (q >= end || *q != ',')
				break;
		}
	}
}

/*
 * The line a comment's markers cover: its own when other content precedes it
 * on its line, else the next line with content after the comment's end (0:
 * none). start is where the comment begins, end where it ends.
 */
static unsigned long
target_line(const struct ua_doc *doc, size_t start, size_t end)
{
	const char *t = doc->text;
	size_t i = start;

	while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\r'))
		i--;
	if (i > 0 && t[i - 1] != '\n')
		return ua_doc_offset_line(doc, start);
	while (end < doc->len && t[end] != '\n')
		end++;
	while (end < doc->len && isspace((unsigned char)t[end]))
		end++;
	return end < doc->len ? ua_doc_offset_line(doc, end) : 0;
}

/* XML: the markers on the first line of each comment of the tree. */
static void
xml_markers(const struct ua_doc *doc, struct marks *m)
{
	xmlNodePtr n = doc->xml->children;
	const char *t = doc->text, *body, *close, *nl;
	size_t off;
	unsigned long line;

	while (n && !m->failed) {
		if (n->type == XML_COMMENT_NODE && ua_doc_offset(doc, n, &off) == 0 &&
		    off + 4 <= doc->len &&
		    strncmp(t + off, "<!--", 4) == 0) {
			body = t + off + 4;
			if ((close = memmem(body, doc->len - off - 4, "-->", 3)) == NULL)
				close = t + doc->len;
			if ((nl = memchr(body, '\n', (size_t)(close - body))) == NULL)
				nl = close;
			if (memmem(body, (size_t)(nl - body), MARKER, strlen(MARKER)) &&
			    (line = target_line(doc, off, (size_t)(close - t))) != 0)
				add_markers(m, body, (size_t)(nl - body), line);
		}
		n = ua_tree_next_node(n);
	}
}

/* YAML: '#' comments, that is a '#' at the start of a line or after white
 * space, and not inside a scalar the parser read (a quoted string). */
static void
yaml_markers(const struct ua_doc *doc, struct marks *m)
{
	const char *t = doc->text, *h, *eol;
	size_t i = 0, k = 0, nl;
	unsigned long line;

	while (i < doc->len && !m->failed &&
	    (h = memchr(t + i, '#', doc->len - i)) != NULL) {
		i = (size_t)(h - t);
		while (k < doc->nhash_text && doc->hash_text[k + 1] <= i)
			k += 2;
		if ((i > 0 && !isspace((unsigned char)t[i - 1])) ||
		    (k < doc->nhash_text && doc->hash_text[k] <= i)) {
			i++;
			continue;
		}
		eol = memchr(h, '\n', doc->len - i);
		nl = eol ? (size_t)(eol - t) : doc->len;
		if (memmem(h, nl - i, MARKER, strlen(MARKER)) &&
		    (line = target_line(doc, i, nl)) != 0)
			add_markers(m, h, nl - i, line);
		i = nl;
	}
}

static int
by_line_rule(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if ((c = memcmp(x->rule, y->rule, n)) != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

void
ua_suppress_inline(const struct ua_doc *doc, struct ua_diags *d, size_t from)
{
	struct marks m = { 0 };
	struct mark key;
	size_t i, out = from;

	/* a file that did not parse was not fully read: nothing of it is dropped;
	 * JSON has no comments */
	if (doc->text == NULL || doc->xml == NULL)
		return;
	if (doc->fmt == UA_FMT_XML)
		xml_markers(doc, &m);
	else if (doc->fmt == UA_FMT_YAML)
		yaml_markers(doc, &m);
	if (m.n == 0 || m.failed) {
		free(m.v);
		return;
	}
	qsort(m.v, m.n, sizeof(*m.v), by_line_rule);
	for (i = from; i < d->n; i++) {
		key.line = d->v[i].line;
		key.rule = d->v[i].rule;
		key.len = strlen(d->v[i].rule);
		if (!ua_policy_never_off(d->v[i].rule) &&
		    bsearch(&key, m.v, m.n, sizeof(*m.v), by_line_rule) != NULL) {
			ua_diag_clear(&d->v[i]);
			continue;
		}
		d->v[out++] = d->v[i];
	}
	d->n = out;
	free(m.v);
}
