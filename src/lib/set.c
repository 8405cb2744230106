/* SPDX-License-Identifier: MIT */
/* An image's set of files (answer file and launch-agent settings), checked together. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "agent.h"
#include "kind.h"
#include "set.h"
#include "template.h"
#include "tsv.h"
#include "ua.h"
#include "util.h"

int
ua_set_new(const char *name, struct ua_set **out)
{
	struct ua_set *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (s == NULL || (s->name = ua_strdup(name ? name : "")) == NULL ||
	    (s->agent = ua_strdup("")) == NULL || (s->present = ua_strdup("")) == NULL ||
	    (s->answer_path = ua_strdup("")) == NULL) {
		ua_set_free(s);
		return UA_ENOMEM;
	}
	*out = s;
	return UA_OK;
}

int
ua_set_add(struct ua_set *set, struct ua_doc *doc)
{
	if (set->doc_agent) {	/* settled before: settle again */
		size_t i;
		for (i = 0; i < set->ndocs; i++)
			free(set->doc_agent[i]);
		free(set->doc_agent);
		set->doc_agent = NULL;
	}
	if (ua_grow(&set->docs, &set->capdocs, set->ndocs, sizeof(*set->docs), 8) != 0) {
		ua_doc_free(doc);
		return UA_ENOMEM;
	}
	set->docs[set->ndocs++] = doc;
	return UA_OK;
}

int
ua_set_add_buffer(struct ua_ctx *ctx, struct ua_set *set, const char *name, const char *bytes,
    size_t len, const struct ua_validate_opts *opts, struct ua_diags *d,
    struct ua_doc **doc, char *err, size_t errlen)
{
	struct ua_doc *one = NULL;
	int st;

	if (doc)
		*doc = NULL;
	if ((st = ua_validate_buffer(ctx, name, bytes, len, opts, d, &one, err, errlen)) != UA_OK)
		return st;
	if (one->xml == NULL) {		/* did not parse: checked alone, not in the set */
		ua_doc_free(one);
		return UA_OK;
	}
	if ((st = ua_set_add(set, one)) != UA_OK) {
		snprintf(err, errlen, "out of memory");
		return st;
	}
	if (doc)
		*doc = one;
	return UA_OK;
}

void
ua_set_free(struct ua_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->ndocs; i++)
		ua_doc_free(set->docs[i]);
	for (i = 0; i < set->nskipped; i++)
		free(set->skipped[i]);
	for (i = 0; set->doc_agent && i < set->ndocs; i++)
		free(set->doc_agent[i]);
	free(set->doc_agent);
	free(set->docs);
	free(set->skipped);
	free(set->name);
	free(set->agent);
	free(set->present);
	free(set->answer_path);
	free(set);
}

static int
skip(struct ua_set *set, const char *path)
{
	char *s;

	if (ua_grow(&set->skipped, &set->capskipped, set->nskipped, sizeof(*set->skipped), 8) != 0 ||
	    (s = ua_strdup(path)) == NULL)
		return UA_ENOMEM;
	set->skipped[set->nskipped++] = s;
	return UA_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a file of no known name is worth reading for its content: a data
 * file, or a template (Packer's data/autounattend.pkrtpl.hcl), whatever it renders. */
static int
data_suffix(const char *name)
{
	static const char *const sfx[] = { ".xml", ".json", ".yml", ".yaml" };
	size_t i, n = strlen(name), k;

	if (ua_template_name_len(name) < n)
		return 1;
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (n > (k = strlen(sfx[i])) && strcasecmp(name + n - k, sfx[i]) == 0)
			return 1;
	return 0;
}

/* A file of the directory, parsed, waiting for the set's agent to be checked. */
struct member {
	struct ua_doc *doc;	/* NULL: skipped */
	struct ua_diags d;	/* what parsing it found */
	int in_set;		/* doc parsed and belongs to the set (else to this) */
};

/* One file of the directory: its kind (by name, else by content), parsed once. */
static int
read_member(struct ua_ctx *ctx, struct ua_set *set, const char *path, const char *base,
    struct member *m, char *err, size_t errlen)
{
	const struct ua_kind *kind = ua_kind_by_filename(&ctx->kinds, base);
	char *bytes = NULL;
	size_t len;
	int st;

	if (kind == NULL && !data_suffix(base))
		return skip(set, path);
	if ((st = ua_read_file(path, &bytes, &len, err, errlen)) != UA_OK)
		return st;
	st = ua_load(ctx, path, bytes, len, kind ? kind->name : NULL, &m->doc, &m->d, err,
	    errlen);
	free(bytes);
	if (st == UA_ENOMEM || (kind && st != UA_OK && st != UA_ESYNTAX))
		return st;
	if (kind == NULL && (st != UA_OK || m->doc->kind == NULL)) {
		/* by content: a file that is not one of ours is skipped, not reported */
		ua_doc_free(m->doc);
		m->doc = NULL;
		ua_diags_free(&m->d);
		memset(&m->d, 0, sizeof(m->d));
		err[0] = '\0';
		return skip(set, path);
	}
	return UA_OK;
}

/*
 * The members, in name order, checked alone for the agent the set settled on;
 * those that parsed go to the set, the others are freed.
 */
static int
check_members(struct ua_ctx *ctx, struct ua_set *set, struct member *m, size_t n,
    const struct ua_validate_opts *opts, struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_validate_opts one = { 0 };
	size_t i, from;
	int st = UA_OK;

	if (opts)
		one = *opts;
	one.agent = set->agent;
	for (i = 0; i < n && st == UA_OK; i++) {
		if (m[i].doc == NULL)
			continue;
		from = d->n;
		if (ua_diags_move(d, &m[i].d) != 0)
			st = UA_ENOMEM;
		else if ((st = ua_validate_doc(ctx, m[i].doc, &one, d, from, err, errlen)) !=
		    UA_OK && err[0] && st != UA_ENOMEM) {
			char why[512];
			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "%s: %s", m[i].doc->name, why);
		}
	}
	return st;
}

int
ua_set_read_dir(struct ua_ctx *ctx, const char *dir, const char *agent,
    const struct ua_validate_opts *opts, struct ua_set **out, struct ua_diags *d,
    char *err, size_t errlen)
{
	struct ua_set *set = NULL;
	struct member *m = NULL;
	struct dirent *de;
	struct stat sb;
	char **names = NULL, *path = NULL;
	size_t n = 0, cap = 0, i;
	DIR *dp;
	int st;

	*out = NULL;
	err[0] = '\0';
	if ((dp = opendir(dir)) == NULL) {
		snprintf(err, errlen, "cannot read the directory: %s", strerror(errno));
		return UA_EIO;
	}
	if ((st = ua_set_new(dir, &set)) != UA_OK)
		goto done;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (ua_grow(&names, &cap, n, sizeof(*names), 16) != 0 ||
		    (names[n] = ua_strdup(de->d_name)) == NULL) {
			st = UA_ENOMEM;
			goto done;
		}
		n++;
	}
	if (n > 0)	/* names is NULL in an empty directory */
		qsort(names, n, sizeof(*names), by_name);
	if ((m = calloc(n + 1, sizeof(*m))) == NULL) {
		st = UA_ENOMEM;
		goto done;
	}
	/* every file parsed first: the files present settle the agent that each is
	 * then checked for (user data, answer-file commands: per agent) */
	for (i = 0; i < n && st == UA_OK; i++) {
		size_t dl = strlen(dir);
		free(path);
		if ((path = ua_asprintf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
		    names[i])) == NULL) {
			st = UA_ENOMEM;
			break;
		}
		/* not recursive; hidden files (.unattend-validate, editors') are not the image's */
		if (names[i][0] == '.' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			st = skip(set, path);
			continue;
		}
		if ((st = read_member(ctx, set, path, names[i], &m[i], err, errlen)) != UA_OK &&
		    err[0] && st != UA_ENOMEM) {
			char why[512];
			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "%s: %s", names[i], why);
		}
		if (st == UA_OK && m[i].doc && m[i].doc->xml) {
			m[i].in_set = 1;	/* the set frees it, also on failure */
			st = ua_set_add(set, m[i].doc);
		}
	}
	if (st == UA_OK)
		st = ua_set_settle_agent(ctx, set, agent, err, errlen);
	if (st == UA_OK)
		st = check_members(ctx, set, m, n, opts, d, err, errlen);
done:
	closedir(dp);
	for (i = 0; i < n; i++) {
		free(names[i]);
		if (m) {
			if (!m[i].in_set)
				ua_doc_free(m[i].doc);
			ua_diags_free(&m[i].d);
		}
	}
	free(m);
	free(names);
	free(path);
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (st != UA_OK) {
		ua_set_free(set);
		return st;
	}
	*out = set;
	return UA_OK;
}

/* Whether doc is agent's in a set: of a kind it tells, or an answer file of a
 * name it has (EC2Config's sysprep2008.xml). */
static int
doc_is_agents(const struct ua_doc *doc, const struct ua_agent *ag)
{
	char *names, *f[16];
	const char *base;
	size_t n, i;
	int is = 0;

	if (doc->kind == NULL)
		return 0;
	for (i = 0; i < ag->ntells; i++)
		if (strcmp(ag->tells[i], doc->kind->name) == 0)
			return 1;
	if (strcmp(doc->kind->name, "unattend") != 0 || strcmp(ag->set_names, "-") == 0 ||
	    (names = ua_strdup(ag->set_names)) == NULL)
		return 0;
	base = strrchr(doc->name, '/');
	base = base ? base + 1 : doc->name;
	n = ua_split(names, '|', f, 16);
	for (i = 0; i < n && !is; i++)
		is = fnmatch(f[i], base, FNM_CASEFOLD) == 0;
	free(names);
	return is;
}

/* "a, b, c": the agents' names, oldest first, for a message. */
static void
agent_list(const struct ua_agents *a, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = a->n; i-- > 0 && at < len;)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? ", " : "", a->v[i].name);
}

int
ua_set_settle_agent(struct ua_ctx *ctx, struct ua_set *set, const char *agent,
    char *err, size_t errlen)
{
	const struct ua_agents *a;
	const struct ua_agent *given = NULL, *first = NULL, *pick;
	struct ua_buf present = { 0 };
	const char **doc_agent;
	char names[128];
	size_t i, k, npresent = 0;
	int st = UA_OK;

	if ((a = ua_ctx_agents(ctx, err, errlen)) == NULL)
		return UA_EDATA;
	if (agent && (given = ua_agent_find(a, agent)) == NULL) {
		agent_list(a, names, sizeof(names));
		snprintf(err, errlen, "unknown agent '%s' (%s)", agent, names);
		return UA_EUSAGE;
	}
	if ((doc_agent = calloc(set->ndocs + 1, sizeof(*doc_agent))) == NULL)
		return UA_ENOMEM;
	/* the oldest agent first (the table lists the default reader first) */
	for (i = a->n; i-- > 0;) {
		const struct ua_agent *ag = &a->v[i];
		int has = 0;
		for (k = 0; k < set->ndocs; k++)
			if (doc_agent[k] == NULL && doc_is_agents(set->docs[k], ag)) {
				doc_agent[k] = ag->name;
				has = 1;
			}
		if (!has)
			continue;
		if (npresent++ == 0)
			first = ag;
		else
			ua_buf_puts(&present, " ");
		ua_buf_puts(&present, ag->name);
	}
	pick = given ? given : npresent == 1 ? first : NULL;
	if (set->doc_agent)
		for (k = 0; k < set->ndocs; k++)
			free(set->doc_agent[k]);
	free(set->doc_agent);
	free(set->present);
	free(set->agent);
	free(set->answer_path);
	set->present = present.failed ? NULL : ua_buf_take(&present);
	if (set->present == NULL && !present.failed)
		set->present = ua_strdup("");
	set->agent = ua_strdup(pick ? pick->name : "");
	set->answer_path = ua_strdup(pick ? pick->answer_file : "");
	if ((set->doc_agent = calloc(set->ndocs + 1, sizeof(*set->doc_agent))) != NULL)
		for (k = 0; k < set->ndocs; k++)
			if ((set->doc_agent[k] = ua_strdup(doc_agent[k] ? doc_agent[k] : "")) == NULL)
				st = UA_ENOMEM;
	free(doc_agent);
	ua_buf_free(&present);
	if (set->present == NULL || set->agent == NULL || set->answer_path == NULL ||
	    set->doc_agent == NULL)
		st = UA_ENOMEM;
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	return st;
}

int
ua_set_check(struct ua_ctx *ctx, struct ua_set *set, const struct ua_policy *pol,
    struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_rules_set rs = { set->docs, set->ndocs, set->agent, set->present,
	    set->answer_path, (const char *const *)set->doc_agent };
	size_t i, from;
	int st = UA_OK;

	if (set->doc_agent == NULL && (st = ua_set_settle_agent(ctx, set, NULL, err, errlen)) != UA_OK)
		return st;
	rs.agent = set->agent;
	rs.present = set->present;
	rs.answer_path = set->answer_path;
	rs.doc_agent = (const char *const *)set->doc_agent;
	for (i = 0; i < set->ndocs && st == UA_OK; i++) {
		struct ua_doc *doc = set->docs[i];
		if (doc->xml == NULL || doc->kind == NULL)
			continue;
		from = d->n;
		st = ua_rules_run_set(ctx, &rs, doc, pol, d, err, errlen);
		if (doc->text)
			ua_suppress_inline(doc, d, from);
		ua_policy_apply(pol, d, from);
		ua_diags_sort(d, from);
	}
	if (st == UA_OK && d->failed) {
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
	}
	return st;
}
