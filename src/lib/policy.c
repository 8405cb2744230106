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
#include "ua.h"
#include "util.h"

#define MARKER "unattend-validate: disable="

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

static void
drop(struct ua_diags *d, size_t i)
{
	ua_diag_clear(&d->v[i]);
	memmove(&d->v[i], &d->v[i + 1], (d->n - i - 1) * sizeof(d->v[0]));
	d->n--;
}

void
ua_policy_apply(const struct ua_policy *p, struct ua_diags *d, size_t from)
{
	size_t i = from, k;

	if (p == NULL)
		return;
	while (i < d->n) {
		if (ua_policy_is_disabled(p, d->v[i].rule)) {
			drop(d, i);
			continue;
		}
		for (k = p->nsev; k-- > 0;)
			if (strcmp(p->sev[k].rule, d->v[i].rule) == 0) {
				d->v[i].sev = p->sev[k].sev;
				break;
			}
		i++;
	}
}

/* The rules a marker names, into a ", "-free list; returns the count. */
static size_t
marker_rules(const char *s, char out[][64], size_t max)
{
	size_t n = 0, k;

	while (n < max) {
		while (*s == ',' || *s == ' ')
			s++;
		for (k = 0; k < 63 && (islower((unsigned char)s[k]) ||
		    isdigit((unsigned char)s[k]) || s[k] == '-'); k++)
			out[n][k] = s[k];
		if (k == 0)
			break;
		out[n++][k] = '\0';
		s += k;
		if (*s != ',')
			break;
	}
	return n;
}

void
ua_suppress_inline(const struct ua_doc *doc, struct ua_diags *d, size_t from)
{
	const char *p = doc->text, *end, *ls, *q;
	char rules[16][64];
	unsigned long line, col, target;
	size_t nr, i, k;
	int trailing;

	if (p == NULL)
		return;
	end = doc->text + doc->len;
	while ((p = strstr(p, MARKER)) != NULL && p < end) {
		for (ls = p; ls > doc->text && ls[-1] != '\n'; ls--)
			;
		/* only inside a comment: "<!--" or "#" earlier on the line */
		/* in XML only an XML comment counts; elsewhere a '#' comment */
		for (q = p; q > ls; q--)
			if ((doc->fmt != UA_FMT_XML && *q == '#') ||
			    (q + 4 <= p && strncmp(q, "<!--", 4) == 0))
				break;
		if (q == ls && (doc->fmt == UA_FMT_XML || *q != '#') &&
		    strncmp(q, "<!--", 4) != 0) {
			p += strlen(MARKER);
			continue;
		}
		trailing = 0;
		for (; ls < q; ls++)
			if (!isspace((unsigned char)*ls))
				trailing = 1;
		nr = marker_rules(p + strlen(MARKER), rules, 16);
		ua_doc_offset_pos(doc, (size_t)(p - doc->text), &line, &col);
		target = line;
		if (!trailing) {
			/* the next line with content after the comment ends */
			const char *e = strstr(p, doc->fmt == UA_FMT_XML ? "-->" : "\n");
			const char *n = e ? strchr(e, '\n') : NULL;
			while (n && n < end) {
				const char *t = n + 1;
				while (t < end && (*t == ' ' || *t == '\t' || *t == '\r'))
					t++;
				if (t < end && *t != '\n') {
					ua_doc_offset_pos(doc, (size_t)(t - doc->text), &target, &col);
					break;
				}
				n = t < end ? t : NULL;
			}
		}
		for (i = from; i < d->n;) {
			for (k = 0; k < nr && !(d->v[i].line == target &&
			    strcmp(d->v[i].rule, rules[k]) == 0); k++)
				;
			if (k < nr)
				drop(d, i);
			else
				i++;
		}
		p += strlen(MARKER);
	}
}
