/* SPDX-License-Identifier: MIT */
/* Case folding of names and values where the reading agent ignores case
 * (schemas/agents/casefold.tsv), applied before schema validation. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <libxml/xpath.h>

#include "casefold.h"
#include "tsv.h"
#include "ua.h"
#include "util.h"

struct ua_casefold {
	char *kind;
	int values;		/* fold text values, not child names */
	xmlXPathCompExprPtr select;
	char *canon[64];
	size_t ncanon;
};

static int
add_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct ua_ctx *ctx = arg;
	struct ua_casefold *v, *r;
	char *items[64];
	size_t i;

	(void)line;
	if (n < 4)
		return -1;
	if ((v = realloc(ctx->casefold, (ctx->ncasefold + 1) * sizeof(*v))) == NULL)
		return -1;
	ctx->casefold = v;
	r = &v[ctx->ncasefold++];
	memset(r, 0, sizeof(*r));
	r->kind = ua_strdup(f[0]);
	r->values = strcmp(f[1], "value") == 0;
	r->select = xmlXPathCompile(BAD_CAST f[2]);
	r->ncanon = ua_split(f[3], '|', items, 64);
	for (i = 0; i < r->ncanon; i++)
		r->canon[i] = ua_strdup(items[i]);
	return r->kind && r->select ? 0 : -1;
}

void
ua_casefold_free(struct ua_ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < ctx->ncasefold; i++) {
		free(ctx->casefold[i].kind);
		if (ctx->casefold[i].select)
			xmlXPathFreeCompExpr(ctx->casefold[i].select);
		for (j = 0; j < ctx->casefold[i].ncanon; j++)
			free(ctx->casefold[i].canon[j]);
	}
	free(ctx->casefold);
	ctx->casefold = NULL;
	ctx->ncasefold = 0;
}

static const char *
canonical(const struct ua_casefold *r, const char *s)
{
	size_t i;

	for (i = 0; i < r->ncanon; i++)
		if (strcasecmp(r->canon[i], s) == 0)
			return r->canon[i];
	return NULL;
}

static void
fold(const struct ua_casefold *r, xmlNodePtr el)
{
	xmlNodePtr c;
	xmlChar *text;
	const char *canon;

	if (r->values) {
		text = xmlNodeGetContent(el);
		if (text && (canon = canonical(r, (const char *)text)) != NULL &&
		    strcmp(canon, (const char *)text) != 0)
			xmlNodeSetContent(el, BAD_CAST canon);
		xmlFree(text);
		return;
	}
	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (canon = canonical(r, (const char *)c->name)) != NULL &&
		    strcmp(canon, (const char *)c->name) != 0)
			xmlNodeSetName(c, BAD_CAST canon);
}

int
ua_casefold_apply(struct ua_ctx *ctx, struct ua_doc *doc, char *err, size_t errlen)
{
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr res;
	char *path;
	size_t i;
	int k;

	if (!ctx->casefold_loaded) {
		ctx->casefold_loaded = 1;
		if ((path = ua_ctx_schema_path(ctx, "agents/casefold.tsv")) == NULL)
			return UA_ENOMEM;
		if (access(path, R_OK) == 0 &&
		    ua_tsv_each(path, add_row, ctx, err, errlen) != 0) {
			free(path);
			ua_casefold_free(ctx);
			ctx->casefold_loaded = 0;	/* fail again next time */
			return UA_EDATA;
		}
		free(path);
	}
	if (ctx->ncasefold == 0 || doc->xml == NULL)
		return UA_OK;
	for (i = 0; i < ctx->ncasefold; i++)	/* most kinds have nothing to fold */
		if (strcmp(ctx->casefold[i].kind, doc->kind->name) == 0)
			break;
	if (i == ctx->ncasefold)
		return UA_OK;
	if ((xp = ua_doc_xpath(doc)) == NULL)
		return UA_ENOMEM;
	for (i = 0; i < ctx->ncasefold; i++) {
		if (strcmp(ctx->casefold[i].kind, doc->kind->name) != 0)
			continue;
		xp->opCount = 0;
		res = xmlXPathCompiledEval(ctx->casefold[i].select, xp);
		if (res && res->type == XPATH_NODESET && res->nodesetval)
			for (k = 0; k < res->nodesetval->nodeNr; k++)
				if (res->nodesetval->nodeTab[k]->type == XML_ELEMENT_NODE)
					fold(&ctx->casefold[i], res->nodesetval->nodeTab[k]);
		xmlXPathFreeObject(res);
	}
	xmlXPathFreeContext(xp);
	return UA_OK;
}
