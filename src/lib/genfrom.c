/* SPDX-License-Identifier: MIT */
/* unattend-gen's answer-file editing: --set into a tree, and --from (an existing file as the start). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "catalog.h"
#include "doc.h"
#include "edit.h"
#include "gen.h"
#include "genfrom.h"
#include "kind.h"
#include "tsv.h"
#include "ua.h"
#include "unattend.h"
#include "util.h"
#include "validate.h"

/* Windows Setup's passes in the order they run: new settings elements keep it. */
static const char *const pass_order[] = {
	"windowsPE", "offlineServicing", "generalize", "specialize",
	"auditSystem", "auditUser", "oobeSystem",
};

#define NPASSES (sizeof(pass_order) / sizeof(pass_order[0]))

static xmlNodePtr
find_child(xmlNodePtr parent, const char *name, const char *attr, const char *value)
{
	xmlNodePtr c;
	xmlChar *v;
	int hit;

	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, name) != 0)
			continue;
		if (attr == NULL)
			return c;
		v = xmlGetProp(c, (const xmlChar *)attr);
		hit = v && strcmp((const char *)v, value) == 0;
		xmlFree(v);
		if (hit)
			return c;
	}
	return NULL;
}

static size_t
pass_rank(const char *pass)
{
	size_t k;

	for (k = 0; pass && k < NPASSES; k++)
		if (strcmp(pass, pass_order[k]) == 0)
			break;
	return k;
}

static xmlNodePtr
settings_for(xmlDocPtr doc, xmlNodePtr root, const char *pass)
{
	xmlNodePtr at = find_child(root, "settings", "pass", pass), c, before = NULL;
	size_t rank = pass_rank(pass);
	xmlChar *v;

	if (at)
		return at;
	for (c = root->children; c && before == NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		v = xmlGetProp(c, (const xmlChar *)"pass");
		if (pass_rank((const char *)v) > rank)
			before = c;
		xmlFree(v);
	}
	if ((at = xmlNewDocNode(doc, root->ns, (const xmlChar *)"settings", NULL)) == NULL)
		return NULL;
	xmlNewProp(at, (const xmlChar *)"pass", (const xmlChar *)pass);
	return before ? xmlAddPrevSibling(before, at) : xmlAddChild(root, at);
}

/* The processorArchitecture the file's components already use, else amd64. */
static const char *
file_arch(xmlNodePtr root, char *buf, size_t buflen)
{
	xmlNodePtr s, c;
	xmlChar *v;

	for (s = root->children; s; s = s->next)
		for (c = s->type == XML_ELEMENT_NODE ? s->children : NULL; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "component") != 0 ||
			    (v = xmlGetProp(c, (const xmlChar *)"processorArchitecture")) == NULL)
				continue;
			snprintf(buf, buflen, "%s", (const char *)v);
			xmlFree(v);
			return buf;
		}
	return "amd64";
}

static xmlNodePtr
new_component(xmlDocPtr doc, xmlNodePtr root, const char *name)
{
	static const char *const attrs[][2] = {
		{ "publicKeyToken", "31bf3856ad364e35" }, { "language", "neutral" },
		{ "versionScope", "nonSxS" },
	};
	xmlNodePtr c = xmlNewDocNode(doc, root->ns, (const xmlChar *)"component", NULL);
	char arch[64];
	size_t k;

	if (c == NULL)
		return NULL;
	xmlNewProp(c, (const xmlChar *)"name", (const xmlChar *)name);
	xmlNewProp(c, (const xmlChar *)"processorArchitecture",
	    (const xmlChar *)file_arch(root, arch, sizeof(arch)));
	for (k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++)
		xmlNewProp(c, (const xmlChar *)attrs[k][0], (const xmlChar *)attrs[k][1]);
	return c;
}

static xmlNodePtr
text_child(xmlDocPtr doc, xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr c = xmlNewDocNode(doc, parent->ns, (const xmlChar *)name, NULL);

	if (c == NULL || xmlAddChild(parent, c) == NULL)
		return NULL;
	xmlAddChild(c, xmlNewDocText(doc, (const xmlChar *)text));
	return c;
}

/* A new item of the list set under parent: wcm:action="add", its key one past the highest. */
static xmlNodePtr
new_item(xmlDocPtr doc, xmlNodePtr root, xmlNodePtr parent, const struct ua_setting *set,
    const char *item)
{
	xmlNodePtr c, k, it = xmlNewDocNode(doc, root->ns, (const xmlChar *)set->name, NULL);
	xmlNsPtr wcm = xmlSearchNsByHref(doc, parent, (const xmlChar *)UA_NS_WCM);
	const char *eq;
	long max = 0;
	char num[32], *name;

	if (it == NULL)
		return NULL;
	if (wcm == NULL && (wcm = xmlNewNs(root, (const xmlChar *)UA_NS_WCM, (const xmlChar *)"wcm")) == NULL)
		return NULL;
	xmlNewNsProp(it, wcm, (const xmlChar *)"action", (const xmlChar *)"add");
	xmlAddChild(parent, it);
	if (set->key && set->key[0] != '@') {
		for (c = parent->children; c; c = c->next) {
			xmlChar *v;
			if (c == it || c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, set->name) != 0 ||
			    (k = find_child(c, set->key, NULL, NULL)) == NULL)
				continue;
			v = xmlNodeGetContent(k);
			if (v && strtol((const char *)v, NULL, 10) > max)
				max = strtol((const char *)v, NULL, 10);
			xmlFree(v);
		}
		snprintf(num, sizeof(num), "%ld", max + 1);
		if (text_child(doc, it, set->key, num) == NULL)
			return NULL;
	}
	if (item && (eq = strchr(item, '=')) != NULL) {
		if ((name = ua_strndup(item, (size_t)(eq - item))) == NULL)
			return NULL;
		c = text_child(doc, it, name, eq + 1);
		free(name);
		if (c == NULL)
			return NULL;
	}
	return it;
}

int
ua_gen_edit_set(const struct ua_catalog *cat, xmlDocPtr doc, const char *pass,
    const char *path, const char *value, const char *item)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), at, c;
	const struct ua_setting *set = &cat->root;
	char *copy = ua_strdup(path), *seg, *save = NULL;
	int cd, st = UA_ENOMEM;

	if (root == NULL || copy == NULL || (at = settings_for(doc, root, pass)) == NULL)
		goto done;
	for (seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		int component = set == &cat->root;
		if ((set = ua_setting_child(set, seg, &cd)) == NULL) {
			st = UA_EDATA;
			goto done;
		}
		if ((set->flags & UA_SF_LIST) != 0)
			c = new_item(doc, root, at, set, item);
		else if (component)
			c = find_child(at, "component", "name", set->name);
		else
			c = find_child(at, set->name, NULL, NULL);
		if (c == NULL) {
			c = component ? new_component(doc, root, set->name) :
			    xmlNewDocNode(doc, root->ns, (const xmlChar *)set->name, NULL);
			if (c == NULL || xmlAddChild(at, c) == NULL)
				goto done;
		}
		at = c;
	}
	while (at->children) {
		c = at->children;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	if (xmlAddChild(at, xmlNewDocText(doc, (const xmlChar *)value)) != NULL)
		st = UA_OK;
done:
	free(copy);
	return st;
}

/* Drops whitespace-only text beside elements: the indentation the serializer makes anew. */
static void
strip_blanks(xmlNodePtr n)
{
	xmlNodePtr c, next;
	int elements = 0;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE || c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
			elements = 1;
	for (c = n->children; c; c = next) {
		next = c->next;
		if (elements && c->type == XML_TEXT_NODE && xmlIsBlankNode(c)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE)
			strip_blanks(c);
	}
}

int
ua_gen_edit_save(xmlDocPtr doc, char **bytes, size_t *len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlSaveCtxtPtr save;
	xmlNodePtr c;
	int st = UA_ENOMEM;

	*bytes = NULL;
	*len = 0;
	if (buf == NULL)
		return UA_ENOMEM;
	for (c = doc->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			strip_blanks(c);
	if ((save = xmlSaveToBuffer(buf, "utf-8", XML_SAVE_FORMAT)) != NULL) {
		if (xmlSaveDoc(save, doc) >= 0 && xmlSaveClose(save) >= 0 &&
		    (*bytes = ua_strndup((const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf))) != NULL) {
			*len = (size_t)xmlBufferLength(buf);
			st = UA_OK;
		}
	}
	memset(buf->content, 0, buf->use);
	xmlBufferFree(buf);
	return st;
}

struct from_row {
	char *option, *agents, *pass, *path, *value, *item;
};

struct from_rows {
	struct from_row *v;
	size_t n, cap;
};

static void
rows_free(struct from_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].option);
		free(r->v[i].agents);
		free(r->v[i].pass);
		free(r->v[i].path);
		free(r->v[i].value);
		free(r->v[i].item);
	}
	free(r->v);
}

static int
row_line(char **f, size_t n, unsigned long line, void *arg)
{
	struct from_rows *r = arg;
	struct from_row *w;

	(void)line;
	if (n != 6)
		return -1;
	if (ua_grow(&r->v, &r->cap, r->n, sizeof(*r->v), 16) != 0)
		return -1;
	w = &r->v[r->n++];
	w->option = ua_strdup(f[0]);
	w->agents = ua_strdup(f[1]);
	w->pass = ua_strdup(f[2]);
	w->path = ua_strdup(f[3]);
	w->value = ua_strdup(f[4]);
	w->item = strcmp(f[5], "-") == 0 ? NULL : ua_strdup(f[5]);
	return w->option && w->agents && w->pass && w->path && w->value ? 0 : -1;
}

static int
for_agent(const char *agents, const char *agent)
{
	size_t n = strlen(agent);
	const char *s;

	if (strcmp(agents, "*") == 0)
		return 1;
	for (s = agents; s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL)
		if (strncmp(s, agent, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return 1;
	return 0;
}

/* Applies one line of from.tsv for every value the option was given. */
static int
apply_row(struct ua_edit *e, const struct ua_gen_params *p, const struct from_row *r,
    struct ua_diags *d, char *err, size_t errlen)
{
	const struct ua_gen_list *list = NULL;
	const char *one = NULL;
	char *ob = NULL;
	size_t i, n = 0;
	int st = UA_OK;

	if (strcmp(r->option, "admin-password=static") == 0) {
		if (p->pwmode != UA_PW_STATIC || p->password == NULL)
			return UA_OK;
		if ((one = ob = ua_gen_obscure(p->password, "AdministratorPassword")) == NULL)
			return UA_ENOMEM;
		n = 1;
	} else if (strcmp(r->option, "specialize-command") == 0 || strcmp(r->option, "first-logon-command") == 0) {
		list = r->option[0] == 's' ? &p->specialize : &p->logon;
		n = list->n;
	} else if ((one = ua_gen_param_value(p, r->option)) != NULL)
		n = 1;
	for (i = 0; i < n && st == UA_OK; i++) {
		const char *v = list ? list->v[i].value : one;
		st = ua_edit_answer_add(e, r->pass, r->path, strcmp(r->value, "$") == 0 ? v : r->value,
		    r->item, d, err, errlen);
	}
	if (ob) {
		memset(ob, 0, strlen(ob));
		free(ob);
	}
	return st;
}

int
ua_gen_from(struct ua_ctx *ctx, const struct ua_gen_params *p, const char *agent,
    const char *file, struct ua_gen_file *out, struct ua_diags *d, char *err, size_t errlen)
{
	const char *from = p->scalar[UA_GP_FROM];
	struct from_rows rows = { 0 };
	struct ua_diags ed = { 0 };
	struct ua_edit *e = NULL;
	char *buf = NULL, *path = NULL, e2[512];
	size_t len, i;
	int st;

	err[0] = '\0';
	if ((st = ua_read_file(from, &buf, &len, e2, sizeof(e2))) != UA_OK) {
		snprintf(err, errlen, "--from: %s: %s", from, e2);
		return st;
	}
	st = ua_edit_open(ctx, from, buf, len, NULL, &e, d, err, errlen);
	if (st == UA_ESYNTAX)
		snprintf(err, errlen, "--from: %s: not well-formed; nothing written", from);
	if (st != UA_OK)
		goto done;
	if (strcmp(ua_edit_kind(e), "unattend") != 0) {
		const struct ua_kind *k = ua_kind_find(&ctx->kinds, ua_edit_kind(e));
		snprintf(err, errlen, "--from: %s: is %s (kind %s), not an answer file", from,
		    k ? k->desc : "another file", ua_edit_kind(e));
		st = UA_EUSAGE;
		goto done;
	}
	st = UA_ENOMEM;
	if ((path = ua_asprintf("%s/templates/from.tsv", ctx->datadir)) == NULL)
		goto done;
	if (ua_tsv_each(path, row_line, &rows, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: malformed", path);
		st = UA_EDATA;
		goto done;
	}
	st = UA_OK;
	for (i = 0; i < rows.n && st == UA_OK && ed.n == 0; i++)
		if (for_agent(rows.v[i].agents, agent))
			st = apply_row(e, p, &rows.v[i], &ed, err, errlen);
	if (st == UA_OK && ed.n)
		snprintf(err, errlen, "%s: %s", path, ed.v[0].msg);
	for (i = 0; i < p->sets.n && st == UA_OK && ed.n == 0; i++)
		if (ua_catalog_pass(ctx->catalog, p->sets.v[i].key) >= 0)
			st = ua_edit_answer_add(e, p->sets.v[i].key, p->sets.v[i].path,
			    p->sets.v[i].value, NULL, &ed, err, errlen);
	if (st == UA_OK && ed.n) {
		if (err[0] == '\0')
			snprintf(err, errlen, "--set: %s", ed.v[0].msg);
		st = UA_EDATA;
	}
	if (st == UA_OK && (st = ua_edit_result(e, &out->bytes, &out->len, err, errlen)) == UA_OK &&
	    ((out->name = ua_strdup(file)) == NULL || (out->kind = ua_strdup("unattend")) == NULL))
		st = UA_ENOMEM;
done:
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	rows_free(&rows);
	ua_diags_free(&ed);
	ua_edit_free(e);
	free(path);
	if (buf) {
		memset(buf, 0, len);
		free(buf);
	}
	return st;
}
