/* SPDX-License-Identifier: MIT */
/* A validation context: where the data lives, and everything loaded from it once. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <jansson.h>

#include "agent.h"
#include "ctx.h"
#include "rules.h"
#include "schema.h"
#include "secret.h"
#include "casefold.h"
#include "ua.h"
#include "util.h"
#include "wordlist.h"

/* The only files libxml2 may open by itself: our schemas. */
static char allowed_prefix[PATH_MAX];

/* Directories under allowed_prefix already seen to hold no link, per thread. */
#define SEEN_DIRS 16
static _Thread_local char seen_dir[SEEN_DIRS][PATH_MAX];
static _Thread_local unsigned seen_next;

/*
 * Whether path is under allowed_prefix (which is canonical) with no ".", ".."
 * or empty component and no symbolic link below it: then it is canonical
 * too, and the answer costs an lstat or two instead of realpath's readlink of
 * every component from the root, for each of the schemas a run compiles.
 */
static int
plainly_inside(const char *path, size_t n)
{
	char dir[PATH_MAX];
	const char *p, *slash = strrchr(path, '/');
	struct stat st;
	size_t len, i;

	if (strncmp(path, allowed_prefix, n) != 0 || path[n] != '/' || slash == NULL ||
	    (len = (size_t)(slash - path)) >= sizeof(dir))
		return 0;
	for (p = path + n; p; p = strchr(p + 1, '/'))
		if (p[1] == '/' || p[1] == '\0' || (p[1] == '.' && (p[2] == '/' || p[2] == '\0' ||
		    (p[2] == '.' && (p[3] == '/' || p[3] == '\0')))))
			return 0;
	memcpy(dir, path, len);
	dir[len] = '\0';
	for (i = 0; i < SEEN_DIRS; i++)
		if (strcmp(seen_dir[i], dir) == 0)
			break;
	if (i == SEEN_DIRS) {
		for (p = strchr(path + n + 1, '/'); p && p < slash + 1; p = strchr(p + 1, '/')) {
			memcpy(dir, path, (size_t)(p - path));
			dir[p - path] = '\0';
			if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
				return 0;
		}
		snprintf(seen_dir[seen_next++ % SEEN_DIRS], PATH_MAX, "%s", dir);
	}
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static xmlParserInputPtr
guarded_loader(const char *url, const char *id, xmlParserCtxtPtr pctx)
{
	char real[PATH_MAX];
	const char *path = url;
	size_t n = strlen(allowed_prefix);

	(void)id;
	if (url == NULL || allowed_prefix[0] == '\0')
		return NULL;
	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	if (strstr(path, "://") != NULL)
		return NULL;
	if (plainly_inside(path, n))
		return xmlNewInputFromFile(pctx, path);
	if (realpath(path, real) == NULL ||
	    strncmp(real, allowed_prefix, n) != 0 || real[n] != '/')
		return NULL;
	return xmlNewInputFromFile(pctx, real);
}

const char *
ua_status_string(enum ua_status st)
{
	static const char *const s[UA_STATUS_COUNT] = {
		"success", "malformed input", "input/output error", "out of memory",
		"broken data files", "usage error", "not checked", "check not finished",
	};

	return st < UA_STATUS_COUNT ? s[st] : "unknown error";
}

int
ua_ctx_new(const char *datadir, struct ua_ctx **out, char *err, size_t errlen)
{
	struct ua_ctx *ctx;
	char *kinds, real[PATH_MAX];

	*out = NULL;
	xmlInitParser();
	/* libxml2 builds its table of built-in XSD types lazily and without a lock:
	 * do it here, before any worker thread compiles a schema. */
	xmlSchemaInitTypes();
	json_object_seed(0);	/* likewise jansson's hash seed */
	/* libxml2 grows its buffers (translate(), string values) by a few bytes at a
	 * time unless told to double them: quadratic copying on a long text. */
	xmlSetBufferAllocationScheme(XML_BUFFER_ALLOC_DOUBLEIT);
	xmlThrDefBufferAllocScheme(XML_BUFFER_ALLOC_DOUBLEIT);
	if (realpath(datadir, real) == NULL) {
		snprintf(err, errlen, "%s: data directory not found", datadir);
		return UA_EDATA;
	}
	snprintf(allowed_prefix, sizeof(allowed_prefix), "%s", real);
	xmlSetExternalEntityLoader(guarded_loader);
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL || (ctx->datadir = ua_strdup(real)) == NULL) {
		free(ctx);
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	if ((kinds = ua_ctx_schema_path(ctx, "kinds.tsv")) == NULL ||
	    ua_kinds_load(kinds, &ctx->kinds, err, errlen) != 0) {
		free(kinds);
		ua_ctx_free(ctx);
		return UA_EDATA;
	}
	free(kinds);
	if ((kinds = ua_ctx_schema_path(ctx, "secret-names.tsv")) == NULL ||
	    ua_secret_names_load(kinds, &ctx->secret_names, err, errlen) != 0) {
		free(kinds);
		ua_ctx_free(ctx);
		return UA_EDATA;
	}
	free(kinds);
	*out = ctx;
	return UA_OK;
}

void
ua_ctx_free(struct ua_ctx *ctx)
{
	if (ctx == NULL)
		return;
	ua_schema_cache_free(ctx);
	if (ctx->parser)
		xmlFreeParserCtxt(ctx->parser);
	ua_catalog_free(ctx->catalog);
	ua_wordlist_free(ctx->patterns);
	ua_ruleset_free(ctx->rules);
	ua_casefold_free(ctx);
	ua_agents_free(ctx->agents);
	ua_kinds_free(&ctx->kinds);
	ua_secret_names_free(ctx->secret_names);
	free(ctx->datadir);
	free(ctx);
}

char *
ua_ctx_schema_path(const struct ua_ctx *ctx, const char *rel)
{
	return ua_asprintf("%s/schemas/%s", ctx->datadir, rel);
}

xmlDocPtr
ua_ctx_read_xml(struct ua_ctx *ctx, const char *text, size_t len, const char *url, int options)
{
	if (len > INT_MAX || (ctx->parser == NULL && (ctx->parser = xmlNewParserCtxt()) == NULL))
		return NULL;
	return xmlCtxtReadMemory(ctx->parser, text, (int)len, url, NULL, options | XML_PARSE_NONET);
}

struct ua_catalog *
ua_ctx_catalog(struct ua_ctx *ctx, char *err, size_t errlen)
{
	char *path;

	if (ctx->catalog)
		return ctx->catalog;
	if ((path = ua_ctx_schema_path(ctx, "unattend/catalog.tsv")) == NULL)
		return NULL;
	if (ua_catalog_load(path, &ctx->catalog, err, errlen) != 0)
		ctx->catalog = NULL;
	free(path);
	return ctx->catalog;
}

const char *
ua_ctx_pattern_words(struct ua_ctx *ctx, const char *pattern)
{
	char *path, err[256];

	if (!ctx->patterns_loaded) {
		ctx->patterns_loaded = 1;
		if ((path = ua_ctx_schema_path(ctx, "patterns.tsv")) == NULL)
			return NULL;
		if (ua_wordlist_load(path, &ctx->patterns, err, sizeof(err)) != 0)
			ctx->patterns = NULL;
		free(path);
	}
	return ctx->patterns ? ua_wordlist_get(ctx->patterns, pattern) : NULL;
}
