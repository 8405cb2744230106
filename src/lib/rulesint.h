/* SPDX-License-Identifier: MIT */
/* The rule table's insides, shared by rulesload.c (reading and compiling it), rulesfn.c
 * (the ua: XPath functions and the C checks) and rules.c (running it); not for other
 * modules, which use rules.h. */
#ifndef UA_RULESINT_H
#define UA_RULESINT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif

#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <pcre2.h>

#include "agent.h"
#include "doc.h"
#include "rules.h"
#include "secret.h"
#include "wordlist.h"

#define RULES_NS "urn:unattend-tools:rules:1"
#define PCRE2_MATCH_LIMIT 100000
#define PCRE2_DEPTH_LIMIT 1000

struct part {			/* a message: literal text and {XPath} parts */
	char *text;
	xmlXPathCompExprPtr expr;
};

struct let {
	char *name, *src;
	xmlXPathCompExprPtr expr;
};

struct rule {
	struct ua_rule_info info;
	char *name, *severity, *kinds, *summary, *names, *target, *check;
	int target_known;	/* runs only when a release is known */
	int fixed_part;		/* template="fixed-part": see run_fixed_part() in rules.c */
	int agent_known;	/* runs only when the reader is certain (ua_agent_sel.known) */
	char *agent, *from, *before;	/* version gates: see gated_out() in rules.c */
	int gates_ok;		/* they name the agent table's agents and releases */
	int uses_agent;		/* an expression reads $agent or $agent-version */
	const char *file;	/* the rule file's path, for messages */
	char **req_names, **req_text;	/* cheap preconditions, see applies() in rules.c */
	size_t nreq_names, nreq_text;
	size_t min_names, min_text;	/* how many of them must occur (default 1) */
	int default_off;
	char *select_src, *message_src;	/* compiled on first use */
	int compiled;
	char **kindv;
	size_t nkinds;
	xmlXPathCompExprPtr select;
	int select_comments;	/* the select is ua:comments() alone: run_rule() */
	char *pattern_src;
	pcre2_code *pattern;	/* compiled when the select first finds a node */
	int pattern_state;	/* 0 not yet, 1 compiled, -1 bad */
	size_t pattern_offset;	/* where a bad one goes wrong */
	unsigned long pattern_uses;	/* JIT-compiled once a run uses it often */
	int want_match;
	char *schema;
	struct part *msg;
	size_t nmsg;
	xmlXPathCompExprPtr msg_all;	/* the whole message as one concat() */
	int msg_state;			/* message compiled: 0 not yet, 1 yes, -1 failed */
	struct let *lets;		/* <let name="v">: $v, once per document */
	size_t nlets;
	int set_rule;			/* runs on an image's set (a scope="set" file) */
	char **related_src;		/* <related>: the other places a finding names */
	xmlXPathCompExprPtr *related;
	size_t nrelated;
};

struct secret {
	char *kinds;
	xmlXPathCompExprPtr select;
};

/* ua:component()'s index of the current document: its components, in order. */
struct comp {
	const xmlChar *name;
	size_t len;		/* of name: most names differ in length */
	xmlNodePtr node;
	xmlChar *owned;		/* name when it had to be copied out of the attribute */
};

/* A rule table file: loaded when a document of one of its kinds needs it. */
struct rulefile {
	char *path;
	char *text;		/* its contents, read to find the kinds, until loaded */
	size_t len;
	char *kinds;		/* the root's kinds="...", NULL: every kind */
	int set_scope;		/* scope="set": rules over an image's set of files */
	int loaded;
	size_t first, n;	/* its rules: v[first .. first + n) */
};

struct ua_ruleset {
	struct rule *v;		/* in the order the files were loaded */
	size_t n;
	struct rulefile *files;	/* by file name: the table's order */
	size_t nfiles;
	struct secret *sec;
	size_t nsec;
	char *nsprefix[16], *nsuri[16];
	size_t nns;
	/* per-document state, reused from one document to the next */
	xmlXPathContextPtr xp;
	struct comp *comps;
	size_t ncomps, capcomps;
	int comps_built;
	xmlNodePtr *nodes;	/* ua:elements() and ua:comments(): the document's */
	size_t nnodes, capnodes;	/* elements and comments, in document order */
	int nodes_built;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	xmlNodePtr *hide;	/* the document's secret nodes, hidden while a */
	size_t nhide, caphide;	/* message is built; found on its first finding */
	int hide_built;
	struct ua_secret_hidden hidden;
	/* ua:listed() and ua:suggest(): value lists, each read on first use */
	const char *datadir;
	struct { char *rel; struct ua_wordlist *w; } lists[8];
	size_t nlists;
	const struct ua_wordlist *sug_w;	/* ua:suggest()'s last question and answer */
	char *sug_s;
	const char *sug_hit;
	const struct ua_rules_set *set;	/* during a set run: ua:doc(), ua:agent() */
	const struct ua_doc *cur;	/* the document being checked */
	/* run_fixed_part(): a template's values that hold placeholders, as their fixed text */
	struct fixed_swap { xmlNodePtr text; xmlChar *was; char *with; } *swap;
	size_t nswap, capswap;
	xmlNodePtr *fixed_el;		/* their elements, sorted by address */
	size_t nfixed_el, capfixed_el;
	int fixed_built, fixed_pass;
	struct ua_ctx *ctx;		/* during a run: ua:agent-last(), ua:target() */
	const struct ua_agent_sel *sel;	/* the agent and release cur is checked for */
	const char *target;		/* the release cur is for, once a rule asked */
};

/* Checks implemented in C: return 1 when node fails. */
struct check {
	const char *name;
	int (*fails)(xmlNodePtr node);
};


/* Between the three parts (each defined in the part named). */
const struct check *ua_rules_find_check(const char *name);
int ua_rules_kind_in(const char *kinds, const char *kind);
const struct ua_agents *ua_rules_agent_table(struct ua_ctx *ctx, char *err, size_t errlen);
int ua_rules_check_gates(struct ua_ctx *ctx, const struct rule *r, const char *file, char *err,
	size_t errlen);
int ua_rules_load_scope(struct ua_ctx *ctx, const char *kind, int sets, char *err, size_t errlen);
int ua_rules_load_kind(struct ua_ctx *ctx, const char *kind, char *err, size_t errlen);
struct rule *ua_rules_rule_at(struct ua_ruleset *rs, size_t i);
void ua_rules_fixed_reset(struct ua_ruleset *rs);
int ua_rules_compile_rule(struct rule *r, char *err, size_t errlen);
int ua_rules_compile_pattern(const char *datadir, struct rule *r, char *err, size_t errlen);
int ua_rules_compile_message(struct rule *r, char *err, size_t errlen);
int ua_rules_match(struct ua_ruleset *rs, struct rule *r, const char *subject);
int ua_rules_obscured_password_fails(xmlNodePtr node);
void ua_rules_reset_components(struct ua_ruleset *rs);
xmlXPathObjectPtr ua_rules_indexed_set(struct ua_ruleset *rs, xmlDocPtr doc, int comments,
	const xmlChar *name);
const struct ua_doc *ua_rules_doc_of(const struct ua_ruleset *rs, const xmlNode *node);
xmlXPathContextPtr ua_rules_xpath(struct ua_ruleset *rs, struct ua_doc *doc);

#endif
