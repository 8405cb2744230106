/* SPDX-License-Identifier: MIT */
/* The EC2 launch agents, the kinds each reads and their documented releases
 * (schemas/agents/agents.tsv, schemas/agents/versions.tsv): which agent and
 * version a document is checked for. */
#ifndef UA_AGENT_H
#define UA_AGENT_H

#include <stddef.h>

#include "ctx.h"
#include "policy.h"

struct ua_agent {
	char *name;		/* ec2launch-v2 */
	char *label;		/* EC2Launch v2 */
	char **kinds;
	size_t nkinds;
	char **aliases;		/* other names every option and rule takes for it */
	size_t naliases;
	char **tells;		/* the kinds whose files in a set are this agent's */
	size_t ntells;
	char *set_names;	/* answer-file names that are its in a set (a|b), or "-" */
	char *answer_file;	/* where it reads its Sysprep answer file */
	char **versions;	/* documented releases, as the table lists them */
	size_t nversions;
	const char *newest;	/* the highest of them; NULL when none is documented */
	char **platforms;	/* Windows releases and architectures it serves only */
	char **lasts;		/* up to these releases (platforms.tsv, read on first use) */
	size_t nplatforms;
};

struct ua_agents {
	struct ua_agent *v;
	size_t n;
	int platforms_read;	/* platforms.tsv is read */
};

/* The tables, loaded on first use; NULL with err set when they are missing or broken. */
const struct ua_agents *ua_ctx_agents(struct ua_ctx *ctx, char *err, size_t errlen);
void ua_agents_free(struct ua_agents *a);

/* By name or alias. */
const struct ua_agent *ua_agent_find(const struct ua_agents *a, const char *name);
/* Whether name is agent's name or one of its aliases. */
int ua_agent_is(const struct ua_agent *agent, const char *name);
/* Whether version is a release the table lists for agent. */
int ua_agent_documented(const struct ua_agent *agent, const char *version);

/*
 * The last release of agent that serves platform (a Windows release of
 * --target, 2012r2, or an architecture, x86), from schemas/agents/platforms.tsv
 * (read on first use): 0 with *last NULL when every release serves it, or -1
 * with err set when the table is missing or broken.
 */
int ua_agent_last_release(struct ua_ctx *ctx, const struct ua_agent *agent,
    const char *platform, const char **last, char *err, size_t errlen);

/* Compares dotted versions numerically component by component (2.0.1303 < 2.3.108). */
int ua_agent_vercmp(const char *a, const char *b);

/* What a document of kind is checked for. */
struct ua_agent_sel {
	const struct ua_agent *agent;	/* NULL: the kind is no agent's */
	const char *version;		/* NULL: the agent has no documented release */
	int given;			/* 1: the version comes from --agent-version */
	int known;			/* 1: the reader is certain: a set's agent, one
					 * --agent-version names, or the kind's only reader */
};

/*
 * The agent that reads a document of kind under pol: the one pol names (of the
 * agents that read the kind), else the first of them in the table; and its
 * version: the one pol gives, else the newest documented.
 */
struct ua_agent_sel ua_agent_for(const struct ua_agents *a, const char *kind,
    const struct ua_policy *pol);
/*
 * The same, for a document whose reader is known (the agent an image's set
 * settles on, by name or alias): that agent when it reads kind, at the version
 * pol gives it, else its newest; ua_agent_for's choice when reader is NULL, ""
 * or an agent that does not read kind.
 */
struct ua_agent_sel ua_agent_for_reader(const struct ua_agents *a, const char *kind,
    const struct ua_policy *pol, const char *reader);

/*
 * Settles pol's --agent-version values against the tables: a bare version gets
 * the agent whose releases share its first number; an agent alone keeps no
 * version (its newest is used). Returns 0, or -1 with the reason in err.
 */
int ua_agent_settle(struct ua_ctx *ctx, struct ua_policy *pol, char *err, size_t errlen);

#endif
