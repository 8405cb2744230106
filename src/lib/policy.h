/* SPDX-License-Identifier: MIT */
/* A repository's policy: which rules run, at what severity, for which Windows;
 * from options and the .unattend-validate file; and inline suppressions. */
#ifndef UA_POLICY_H
#define UA_POLICY_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"

#define UA_POLICY_FILE ".unattend-validate"
#define UA_POLICY_MAX_BYTES 65536

struct ua_sev_override {
	char *rule;
	enum ua_severity sev;
};

struct ua_toggle {
	char *rule;
	int on;
};

/* --agent-version: AGENT@VERSION, VERSION (agent settled later) or AGENT. */
struct ua_agent_version {
	char *agent;		/* NULL until ua_agent_settle for a bare version */
	char *version;		/* NULL: the agent's newest documented release */
};

struct ua_policy {
	struct ua_toggle *toggles;	/* the last word on a rule wins */
	size_t ntoggles;
	struct ua_sev_override *sev;
	size_t nsev;
	char *target;		/* a Windows release name, or NULL */
	struct ua_agent_version *agents;	/* the last word per agent wins */
	size_t nagents;
	int werror;		/* warnings fail the run */
};

/*
 * Applies one setting: key "disable", "enable" (space- or comma-separated rule
 * names), "severity RULE" (value error|warning|note), "target",
 * "agent-version" ([AGENT@]VERSION or AGENT), or
 * "warnings-are-errors" (yes|no). Returns 0, or -1 with the reason in err.
 */
int ua_policy_set(struct ua_policy *p, const char *key, const char *value,
    char *err, size_t errlen);
/*
 * Reads a configuration file of "key = value" lines: a regular file of at most
 * UA_POLICY_MAX_BYTES. One found upward (found nonzero) is refused when its
 * directory or itself is writable by others than the owner. 0, or -1 with
 * "FILE: reason" or "FILE:LINE: reason" in err.
 */
int ua_policy_load(struct ua_policy *p, const char *path, int found, char *err,
    size_t errlen);
/* The nearest UA_POLICY_FILE from dir upward, or NULL. Caller frees. */
char *ua_policy_find(const char *dir);
void ua_policy_free(struct ua_policy *p);
/* Applies src's settings after dst's (src has the last word). 0, or -1 with err. */
int ua_policy_merge(struct ua_policy *dst, const struct ua_policy *src, char *err,
    size_t errlen);

/* Whether every rule p names is one of names[0..n): 0, or -1 with
 * "unknown rule 'X' (did you mean 'Y'?)" in err. */
int ua_policy_check_rules(const struct ua_policy *p, const char *const *names, size_t n,
    char *err, size_t errlen);

int ua_policy_is_disabled(const struct ua_policy *p, const char *rule);
int ua_policy_is_enabled(const struct ua_policy *p, const char *rule);
/* Whether the release name is one this toolkit knows. */
int ua_policy_known_target(const char *name);

/* Drops findings [from, n) of disabled rules and applies severity overrides. */
void ua_policy_apply(const struct ua_policy *p, struct ua_diags *d, size_t from);
/* Whether rule is one no policy or marker may switch off or lower (syntax,
 * doctype, limit: the file was not fully read). */
int ua_policy_never_off(const char *rule);
/* Drops findings [from, n) that a comment "unattend-validate: disable=RULE" covers:
 * an XML comment or a YAML '#' comment (JSON has none), never a string; never
 * findings of the rules ua_policy_never_off names, nor any of a file that did
 * not parse. */
void ua_suppress_inline(const struct ua_doc *doc, struct ua_diags *d, size_t from);

#endif
