/* SPDX-License-Identifier: MIT */
/* A validation context: where the data lives, and everything loaded from it once. */
#ifndef UA_CTX_H
#define UA_CTX_H

#include <stddef.h>
#include <libxml/hash.h>

#include "catalog.h"
#include "kind.h"

struct ua_ruleset;
struct ua_secret_names;
struct ua_agents;
struct ua_tpl_opts;
struct ua_wordlist;

struct ua_ctx {
	char *datadir;			/* holds schemas/ and templates/ */
	struct ua_kinds kinds;
	struct ua_catalog *catalog;	/* loaded on first use */
	struct ua_ruleset *rules;	/* loaded on first use */
	xmlHashTablePtr schemas;	/* relative path -> struct ua_schema */
	void *parser;			/* one xmlParserCtxt for the data files' XML */
	struct ua_casefold *casefold;	/* loaded on first use */
	size_t ncasefold;
	int casefold_loaded;
	struct ua_secret_names *secret_names;	/* schemas/secret-names.tsv */
	struct ua_agents *agents;	/* loaded on first use (agent.c) */
	struct ua_wordlist *patterns;	/* schemas/patterns.tsv, read on first use */
	int patterns_loaded;
	const struct ua_tpl_opts *tpl;	/* how inputs are read as templates (NULL: auto) */
	unsigned long answer_files;	/* checked so far: the first compiles only the
					 * parts of its schemas it uses (unattend.c) */
};

/*
 * Opens the data in datadir (it must hold schemas/kinds.tsv and
 * schemas/secret-names.tsv) and hardens
 * libxml2: no network, no external entities outside datadir. Returns UA_OK,
 * or UA_EDATA / UA_ENOMEM with the reason in err.
 */
int ua_ctx_new(const char *datadir, struct ua_ctx **out, char *err, size_t errlen);
void ua_ctx_free(struct ua_ctx *ctx);
/* "datadir/schemas/rel". Caller frees. */
char *ua_ctx_schema_path(const struct ua_ctx *ctx, const char *rel);
/*
 * Parses a data file's XML (a schema, a rule table) read into text, with the
 * context's one parser context: its buffers and dictionary are made once.
 * options are libxml2's XML_PARSE_* (NONET is always added). NULL on error.
 */
struct _xmlDoc *ua_ctx_read_xml(struct ua_ctx *ctx, const char *text, size_t len,
    const char *url, int options);
/* Loads the catalog on first use; returns it or NULL with err set. */
struct ua_catalog *ua_ctx_catalog(struct ua_ctx *ctx, char *err, size_t errlen);
/*
 * What a schema pattern asks for in words ("one letter, optionally followed by a
 * colon"), from schemas/patterns.tsv, read the first time a value fails a
 * pattern; NULL when the table has none (or cannot be read).
 */
const char *ua_ctx_pattern_words(struct ua_ctx *ctx, const char *pattern);
/* Releases the libraries' global state; call once at program exit. */
void ua_global_cleanup(void);

#endif
