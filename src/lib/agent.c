/* SPDX-License-Identifier: MIT */
/* The EC2 launch agents and their documented releases, from schemas/agents/. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent.h"
#include "tsv.h"
#include "ua.h"
#include "util.h"

static int
split_words(const char *s, char ***out, size_t *n)
{
	char *copy = ua_strdup(s), *tok, *save = NULL;
	int rc = copy ? 0 : -1;

	for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok && rc == 0;
	    tok = strtok_r(NULL, " ", &save)) {
		char **v = realloc(*out, (*n + 1) * sizeof(*v));
		if (v == NULL || (v[*n] = ua_strdup(tok)) == NULL)
			rc = -1;
		if (v)
			*out = v;
		if (rc == 0)
			(*n)++;
	}
	free(copy);
	return rc;
}

static int
agent_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct ua_agents *a = arg;
	struct ua_agent *v;

	(void)line;
	if (n < 7 || (v = realloc(a->v, (a->n + 1) * sizeof(*v))) == NULL)
		return -1;
	a->v = v;
	v = &a->v[a->n++];
	memset(v, 0, sizeof(*v));
	v->name = ua_strdup(f[0]);
	v->label = ua_strdup(f[1]);
	v->set_names = ua_strdup(f[5]);
	v->answer_file = ua_strdup(f[6]);
	if (v->name == NULL || v->label == NULL || v->set_names == NULL ||
	    v->answer_file == NULL || split_words(f[2], &v->kinds, &v->nkinds) != 0 ||
	    split_words(f[4], &v->tells, &v->ntells) != 0)
		return -1;
	return strcmp(f[3], "-") == 0 ? 0 : split_words(f[3], &v->aliases, &v->naliases);
}

struct vload {
	struct ua_agents *a;
	char *err;
	size_t errlen;
};

static int
version_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct vload *l = arg;
	struct ua_agent *ag;
	char **v;

	if (n < 2 || (ag = (struct ua_agent *)ua_agent_find(l->a, f[0])) == NULL ||
	    !ua_version_valid(f[1])) {
		snprintf(l->err, l->errlen, "agents/versions.tsv: line %lu: not an agent and a version",
		    line);
		return -1;
	}
	if ((v = realloc(ag->versions, (ag->nversions + 1) * sizeof(*v))) == NULL)
		return -1;
	ag->versions = v;
	if ((v[ag->nversions] = ua_strdup(f[1])) == NULL)
		return -1;
	ag->nversions++;	/* newest: settle_newest(), once they are all read */
	return 0;
}

/* The newest pointers point into versions, which realloc moves: set them last. */
static void
settle_newest(struct ua_agents *a)
{
	size_t i, k;

	for (i = 0; i < a->n; i++) {
		a->v[i].newest = NULL;
		for (k = 0; k < a->v[i].nversions; k++)
			if (a->v[i].newest == NULL ||
			    ua_agent_vercmp(a->v[i].versions[k], a->v[i].newest) > 0)
				a->v[i].newest = a->v[i].versions[k];
	}
}

const struct ua_agents *
ua_ctx_agents(struct ua_ctx *ctx, char *err, size_t errlen)
{
	struct ua_agents *a;
	struct vload l;
	char *path;
	int rc;

	if (ctx->agents)
		return ctx->agents;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	l.a = a;
	l.err = err;
	l.errlen = errlen;
	err[0] = '\0';
	path = ua_ctx_schema_path(ctx, "agents/agents.tsv");
	rc = path ? ua_tsv_each(path, agent_row, a, err, errlen) : -1;
	free(path);
	if (rc == 0) {
		path = ua_ctx_schema_path(ctx, "agents/versions.tsv");
		rc = path ? ua_tsv_each(path, version_row, &l, err, errlen) : -1;
		free(path);
	}
	if (rc != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		ua_agents_free(a);
		return NULL;
	}
	settle_newest(a);
	ctx->agents = a;
	return a;
}

static int
platform_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct vload *l = arg;
	struct ua_agent *ag;
	char **p, **v;

	if (n < 3 || (ag = (struct ua_agent *)ua_agent_find(l->a, f[0])) == NULL ||
	    !ua_agent_documented(ag, f[2])) {
		snprintf(l->err, l->errlen, "agents/platforms.tsv: line %lu: not an agent, a "
		    "platform and a release of that agent", line);
		return -1;
	}
	if ((p = realloc(ag->platforms, (ag->nplatforms + 1) * sizeof(*p))) == NULL)
		return -1;
	ag->platforms = p;
	if ((v = realloc(ag->lasts, (ag->nplatforms + 1) * sizeof(*v))) == NULL)
		return -1;
	ag->lasts = v;
	p[ag->nplatforms] = ua_strdup(f[1]);
	v[ag->nplatforms] = ua_strdup(f[2]);
	ag->nplatforms++;	/* both freed with the agent, NULL or not */
	return p[ag->nplatforms - 1] && v[ag->nplatforms - 1] ? 0 : -1;
}

int
ua_agent_last_release(struct ua_ctx *ctx, const struct ua_agent *agent, const char *platform,
    const char **last, char *err, size_t errlen)
{
	struct ua_agents *a = ctx->agents;
	struct vload l;
	size_t k;
	char *path;
	int rc;

	*last = NULL;
	if (a == NULL && (a = (struct ua_agents *)ua_ctx_agents(ctx, err, errlen)) == NULL)
		return -1;
	if (!a->platforms_read) {
		l.a = a;
		l.err = err;
		l.errlen = errlen;
		err[0] = '\0';
		path = ua_ctx_schema_path(ctx, "agents/platforms.tsv");
		rc = path ? ua_tsv_each(path, platform_row, &l, err, errlen) : -1;
		free(path);
		if (rc != 0) {
			if (err[0] == '\0')
				snprintf(err, errlen, "out of memory");
			return -1;
		}
		a->platforms_read = 1;
	}
	for (k = 0; k < agent->nplatforms; k++)
		if (strcasecmp(agent->platforms[k], platform) == 0)
			*last = agent->lasts[k];
	return 0;
}

void
ua_agents_free(struct ua_agents *a)
{
	size_t i, k;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		for (k = 0; k < a->v[i].nkinds; k++)
			free(a->v[i].kinds[k]);
		for (k = 0; k < a->v[i].nversions; k++)
			free(a->v[i].versions[k]);
		for (k = 0; k < a->v[i].naliases; k++)
			free(a->v[i].aliases[k]);
		for (k = 0; k < a->v[i].nplatforms; k++) {
			free(a->v[i].platforms[k]);
			free(a->v[i].lasts[k]);
		}
		free(a->v[i].platforms);
		free(a->v[i].lasts);
		for (k = 0; k < a->v[i].ntells; k++)
			free(a->v[i].tells[k]);
		free(a->v[i].tells);
		free(a->v[i].set_names);
		free(a->v[i].answer_file);
		free(a->v[i].aliases);
		free(a->v[i].kinds);
		free(a->v[i].versions);
		free(a->v[i].name);
		free(a->v[i].label);
	}
	free(a->v);
	free(a);
}

int
ua_agent_is(const struct ua_agent *ag, const char *name)
{
	size_t k;

	if (strcmp(ag->name, name) == 0)
		return 1;
	for (k = 0; k < ag->naliases; k++)
		if (strcmp(ag->aliases[k], name) == 0)
			return 1;
	return 0;
}

const struct ua_agent *
ua_agent_find(const struct ua_agents *a, const char *name)
{
	size_t i;

	for (i = 0; a && i < a->n; i++)
		if (ua_agent_is(&a->v[i], name))
			return &a->v[i];
	return NULL;
}

int
ua_agent_documented(const struct ua_agent *agent, const char *version)
{
	size_t k;

	for (k = 0; k < agent->nversions; k++)
		if (ua_agent_vercmp(agent->versions[k], version) == 0)
			return 1;
	return 0;
}

/* strtoull(*s, s, 10), with the digits read here in the usual case: the
 * whole table of releases is compared when it is loaded. */
static unsigned long long
version_number(const char **s)
{
	const char *p = *s;
	unsigned long long x = 0;
	unsigned d;

	if (*p < '0' || *p > '9')
		return strtoull(p, (char **)s, 10);
	for (; *p >= '0' && *p <= '9'; p++) {
		d = (unsigned)(*p - '0');
		x = x > (ULLONG_MAX - d) / 10 ? ULLONG_MAX : x * 10 + d;
	}
	*s = p;
	return x;
}

int
ua_agent_vercmp(const char *a, const char *b)
{
	while (*a || *b) {
		unsigned long long x = version_number(&a);
		unsigned long long y = version_number(&b);
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return 0;
}

static int
reads_kind(const struct ua_agent *ag, const char *kind)
{
	size_t k;

	for (k = 0; k < ag->nkinds; k++)
		if (strcmp(ag->kinds[k], kind) == 0)
			return 1;
	return 0;
}

struct ua_agent_sel
ua_agent_for(const struct ua_agents *a, const char *kind, const struct ua_policy *pol)
{
	struct ua_agent_sel s = { NULL, NULL, 0, 0 };
	const struct ua_agent *ag;
	size_t i;

	size_t readers = 0;

	for (i = 0; pol && i < pol->nagents; i++)
		if (pol->agents[i].agent && (ag = ua_agent_find(a, pol->agents[i].agent)) &&
		    reads_kind(ag, kind)) {
			s.agent = ag;
			s.version = pol->agents[i].version;
			s.given = s.version != NULL;
			s.known = 1;
		}
	for (i = 0; a && i < a->n; i++)
		if (reads_kind(&a->v[i], kind) && readers++ == 0 && s.agent == NULL)
			s.agent = &a->v[i];
	if (readers == 1)
		s.known = 1;
	if (s.agent && s.version == NULL)
		s.version = s.agent->newest;
	return s;
}

struct ua_agent_sel
ua_agent_for_reader(const struct ua_agents *a, const char *kind, const struct ua_policy *pol,
    const char *reader)
{
	struct ua_agent_sel s = { NULL, NULL, 0, 0 };
	const struct ua_agent *ag;
	size_t i;

	if (reader == NULL || reader[0] == '\0' || (ag = ua_agent_find(a, reader)) == NULL ||
	    !reads_kind(ag, kind))
		return ua_agent_for(a, kind, pol);
	s.agent = ag;
	s.known = 1;
	for (i = 0; pol && i < pol->nagents; i++)
		if (pol->agents[i].agent && ua_agent_find(a, pol->agents[i].agent) == ag) {
			s.version = pol->agents[i].version;
			s.given = s.version != NULL;
		}
	if (s.version == NULL)
		s.version = ag->newest;
	return s;
}

/* "a, b, c": the agents' names, for a message. */
static void
agent_names(const struct ua_agents *a, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < a->n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", a->v[i].name);
}

/* The agent whose documented releases share version's first number. */
static const struct ua_agent *
agent_of_version(const struct ua_agents *a, const char *version)
{
	size_t i, k, len = strcspn(version, ".");

	for (i = 0; i < a->n; i++)
		for (k = 0; k < a->v[i].nversions; k++)
			if (strncmp(a->v[i].versions[k], version, len) == 0 &&
			    a->v[i].versions[k][len] == '.')
				return &a->v[i];
	return NULL;
}

int
ua_agent_settle(struct ua_ctx *ctx, struct ua_policy *pol, char *err, size_t errlen)
{
	const struct ua_agents *a;
	const struct ua_agent *ag;
	struct ua_agent_version *e;
	char names[128];
	size_t i;

	if (pol->nagents == 0)
		return 0;
	if ((a = ua_ctx_agents(ctx, err, errlen)) == NULL)
		return -1;
	agent_names(a, names, sizeof(names));
	for (i = 0; i < pol->nagents; i++) {
		e = &pol->agents[i];
		if (e->agent == NULL) {
			if ((ag = agent_of_version(a, e->version)) == NULL) {
				snprintf(err, errlen, "no agent has versions like %s; write "
				    "AGENT@VERSION (agents: %s)", e->version, names);
				return -1;
			}
			if ((e->agent = ua_strdup(ag->name)) == NULL)
				return -1;
		} else if ((ag = ua_agent_find(a, e->agent)) == NULL) {
			snprintf(err, errlen, "unknown agent '%s' (agents: %s)", e->agent, names);
			return -1;
		} else if (strcmp(e->agent, ag->name) != 0) {
			free(e->agent);
			if ((e->agent = ua_strdup(ag->name)) == NULL)
				return -1;
		}
		if (e->version && ag->nversions && agent_of_version(a, e->version) != ag) {
			snprintf(err, errlen, "%s is not a version of %s (its releases are %s and older)",
			    e->version, ag->label, ag->newest);
			return -1;
		}
	}
	return 0;
}
