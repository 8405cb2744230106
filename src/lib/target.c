/* SPDX-License-Identifier: MIT */
/* The Windows release a file is checked for: --target, else its own image name,
 * else what its set's agent serves. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/tree.h>

#include "ctx.h"
#include "doc.h"
#include "policy.h"
#include "target.h"
#include "tree.h"
#include "tsv.h"
#include "util.h"

#define UA_NS_CPI "urn:schemas-microsoft-com:cpi"

struct image_match {
	const char *name;
	char release[16];
};

static int
image_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct image_match *m = arg;

	(void)line;
	if (n < 2 || m->release[0] || fnmatch(f[0], m->name, FNM_CASEFOLD) != 0)
		return 0;	/* the first match wins */
	snprintf(m->release, sizeof(m->release), "%s", f[1]);
	return 0;
}

static int
agent_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct image_match *m = arg;

	(void)line;
	if (n >= 2 && !m->release[0] && strcmp(f[0], m->name) == 0)
		snprintf(m->release, sizeof(m->release), "%s", f[1]);
	return 0;
}

/* The release schemas/agents/targets.tsv gives agent, into buf ("" when none). */
static const char *
agent_target(struct ua_ctx *ctx, const char *agent, char *buf, size_t size)
{
	struct image_match m = { agent, "" };
	char err[256], *path;

	if ((path = ua_asprintf("%s/schemas/agents/targets.tsv", ctx->datadir)) != NULL &&
	    ua_tsv_each(path, agent_row, &m, err, sizeof(err)) == 0)
		snprintf(buf, size, "%s", m.release);
	free(path);
	return buf;
}

/* The /IMAGE/NAME value of a MetaData item, or NULL. Caller frees. */
static char *
metadata_name(const xmlNode *item)
{
	const xmlNode *c, *k = NULL, *v = NULL;
	char *key, *name = NULL;

	for (c = item->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Key"))
			k = c;
		else if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Value"))
			v = c;
	if (k == NULL || v == NULL || (key = ua_node_text(k, 1)) == NULL)
		return NULL;
	if (strcasecmp(key, "/IMAGE/NAME") == 0)
		name = ua_node_text(v, 1);
	free(key);
	return name;
}

/* The image name the file gives, first found in document order. Caller frees. */
static char *
image_name(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
	char *name = NULL;
	const char *h;
	xmlChar *src;

	for (; n && name == NULL; n = ua_tree_next_element(n, root)) {
		if (xmlStrEqual(n->name, BAD_CAST "MetaData"))
			name = metadata_name(n);
		else if (xmlStrEqual(n->name, BAD_CAST "offlineImage") &&
		    (src = xmlGetNsProp(n, BAD_CAST "source", BAD_CAST UA_NS_CPI)) != NULL) {
			if ((h = strrchr((const char *)src, '#')) != NULL)
				name = ua_strdup(h + 1);
			xmlFree(src);
		}
	}
	return name;
}

const char *
ua_target_of(struct ua_ctx *ctx, const struct ua_doc *doc, const struct ua_policy *pol,
    const char *reader, char *buf, size_t size)
{
	struct image_match m = { NULL, "" };
	char err[256], *path, *name;

	if (pol && pol->target)
		return pol->target;
	buf[0] = '\0';
	if (doc->xml == NULL || doc->xml->dict == NULL ||
	    (xmlDictExists(doc->xml->dict, BAD_CAST "MetaData", -1) == NULL &&
	    xmlDictExists(doc->xml->dict, BAD_CAST "offlineImage", -1) == NULL) ||
	    (name = image_name(doc->xml)) == NULL)
		return reader && *reader ? agent_target(ctx, reader, buf, size) : buf;
	m.name = name;
	if ((path = ua_asprintf("%s/schemas/image-names.tsv", ctx->datadir)) != NULL &&
	    ua_tsv_each(path, image_row, &m, err, sizeof(err)) == 0 && m.release[0])
		snprintf(buf, size, "%s", m.release);
	free(path);
	free(name);
	return buf;
}
