/* SPDX-License-Identifier: MIT */
/* Validation of one input of any kind: parse, pick the kind, schema, rules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "casefold.h"
#include "kind.h"
#include "rules.h"
#include "schema.h"
#include "template.h"
#include "tree.h"
#include "ua.h"
#include "unattend.h"
#include "util.h"
#include "validate.h"

/* Where the text after node's subtree starts: the next element in document order, or the end. */
static size_t
end_of(const struct ua_doc *doc, const xmlNode *node)
{
	const xmlNode *n, *s;
	size_t off;

	for (n = node; n && n->type != XML_DOCUMENT_NODE; n = n->parent)
		for (s = n->next; s; s = s->next)
			if (s->type == XML_ELEMENT_NODE && ua_doc_offset(doc, s, &off) == 0)
				return off;
	return doc->len;
}

/* A setting's name for a message: PARENT/NAME below a container (AdministratorPassword/Value). */
static char *
setting_name(const xmlNode *n)
{
	const xmlNode *p = n->parent;
	char *name = ua_tree_key(n), *parent, *both;

	if (name == NULL || p == NULL || p->type != XML_ELEMENT_NODE || p->parent == NULL ||
	    p->parent->type != XML_ELEMENT_NODE || xmlStrEqual(p->name, BAD_CAST "component"))
		return name;
	if ((parent = ua_tree_key(p)) == NULL)
		return name;
	both = ua_asprintf("%s/%s", parent, name);
	free(parent);
	free(name);
	return both;
}

/*
 * A value given on the command line (--var) must not fill a secret setting
 * (the nodes messages mask): other users and shell histories see a command
 * line. UA_EUSAGE with err naming the setting and the variable, never the value.
 */
static int
refuse_argv_secrets(struct ua_ctx *ctx, struct ua_doc *doc, char *err, size_t errlen)
{
	const struct ua_tpl_var *var;
	xmlNodePtr *v, n;
	size_t nv, i, off;
	unsigned long line, col;
	xmlChar *text;
	char *name;
	int st, hit;

	if (ua_template_given_within(doc->tpl, ctx->tpl, 0, doc->len, 1) == NULL)
		return UA_OK;
	if ((st = ua_rules_masked_nodes(ctx, doc, &v, &nv, err, errlen)) != UA_OK)
		return st;
	for (i = 0; i < nv && st == UA_OK; i++) {
		n = v[i]->type == XML_ATTRIBUTE_NODE ? v[i]->parent : v[i];
		if (n == NULL || n->type != XML_ELEMENT_NODE || ua_doc_offset(doc, n, &off) != 0 ||
		    (var = ua_template_given_within(doc->tpl, ctx->tpl, off, end_of(doc, n), 1)) == NULL ||
		    var->value[0] == '\0')
			continue;
		text = xmlNodeGetContent(v[i]);
		hit = text && strstr((const char *)text, var->value) != NULL;
		xmlFree(text);
		if (!hit)
			continue;
		ua_doc_pos(doc, n, &line, &col);
		name = setting_name(n);
		snprintf(err, errlen, "line %lu: %s would take its value from --var %s, but a "
		    "secret never goes on a command line (other users and the shell's history see "
		    "it): put it in a file and give that with --var-file", line,
		    name ? name : "a secret setting", var->name);
		free(name);
		st = UA_EUSAGE;
	}
	free(v);
	return st;
}

int
ua_load(struct ua_ctx *ctx, const char *name, const char *bytes, size_t len,
    const char *kindname, struct ua_doc **out, struct ua_diags *d, char *err,
    size_t errlen)
{
	static const struct ua_tpl_opts auto_tpl = { UA_TPL_AUTO, NULL, 0, 0 };
	const struct ua_kind *kind = NULL, *unattend;
	struct ua_doc *doc = NULL;
	int st;

	*out = NULL;
	if (kindname && (kind = ua_kind_find(&ctx->kinds, kindname)) == NULL) {
		snprintf(err, errlen, "unknown kind '%s'", kindname);
		return UA_EUSAGE;
	}
	if (kind == NULL)
		kind = ua_kind_by_filename(&ctx->kinds, name);
	st = ua_doc_parse_template(name, bytes, len, ua_kind_format(kind, name, bytes, len),
	    ctx->tpl ? ctx->tpl : &auto_tpl, &doc, d);
	if (st == UA_ENOMEM) {
		ua_doc_free(doc);
		snprintf(err, errlen, "out of memory");
		return st;
	}
	*out = doc;
	if (st == UA_ESYNTAX)
		return UA_ESYNTAX;
	if (doc->fmt == UA_FMT_YAML && ua_yaml_blank(doc->text, doc->len)) {
		unsigned long line, col;
		ua_doc_offset_pos(doc, doc->len, &line, &col);
		xmlFreeDoc(doc->xml);
		doc->xml = NULL;
		if (ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax",
		    "the document is empty") != 0) {
			snprintf(err, errlen, "out of memory");
			return UA_ENOMEM;
		}
		return UA_ESYNTAX;
	}
	/* an answer file by its content (root unattend or settings, or the answer-file
	 * namespace) is one whatever its name: a renamed fragment, a config.xml */
	if (kind && kindname == NULL && doc->fmt == UA_FMT_XML && strcmp(kind->name, "unattend") != 0 &&
	    (unattend = ua_kind_find(&ctx->kinds, "unattend")) != NULL &&
	    ua_kind_matches_content(unattend, doc))
		kind = unattend;
	if (kind == NULL && (kind = ua_kind_by_content(&ctx->kinds, doc)) == NULL) {
		snprintf(err, errlen, "cannot tell what kind of file this is (use --kind)");
		return UA_EUSAGE;
	}
	doc->kind = kind;
	if (doc->tpl && ctx->tpl)
		return refuse_argv_secrets(ctx, doc, err, errlen);
	return UA_OK;
}

struct rules_run {
	struct ua_ctx *ctx;
	const struct ua_policy *policy;
	const char *agent;
	struct ua_diags *d;
	char *err;
	size_t errlen;
	xmlHashTablePtr seen;	/* line:col:rule:message of the findings kept */
};

/* One variant's findings, each kept once (a rule finds the same in every variant). */
static int
run_variant(struct ua_doc *doc, void *arg)
{
	struct rules_run *r = arg;
	struct ua_diags sub = { 0 };
	size_t i;
	int st;

	st = ua_rules_run(r->ctx, doc, r->policy, r->agent, &sub, r->err, r->errlen);
	for (i = 0; i < sub.n; i++) {
		const struct ua_diag *g = &sub.v[i];
		char *key = ua_asprintf("%lu:%lu:%s:%s", g->line, g->col, g->rule, g->msg);
		if (key == NULL || xmlHashAddEntry(r->seen, BAD_CAST key, r) == 0)
			ua_diags_add(r->d, g->file, g->line, g->col, g->sev, g->rule, "%s", g->msg);
		free(key);
	}
	if (sub.failed)
		r->d->failed = 1;
	ua_diags_free(&sub);
	return st;
}

/* The rules on doc; on a template, once per branch of its conditionals. */
static int
run_rules(struct ua_ctx *ctx, struct ua_doc *doc, const struct ua_policy *policy,
    const char *agent, struct ua_diags *d, char *err, size_t errlen)
{
	struct rules_run r = { ctx, policy, agent, d, err, errlen, NULL };
	int st;

	if (doc->tpl == NULL || ua_template_variants(doc->tpl) < 2)
		return ua_rules_run(ctx, doc, policy, agent, d, err, errlen);
	if ((r.seen = xmlHashCreate(64)) == NULL)
		return UA_ENOMEM;
	st = ua_doc_each_variant(doc, run_variant, &r);
	xmlHashFree(r.seen, NULL);
	return st;
}

/* What every check of a document ends with: inline markers, the policy, order. */
static void
finish(struct ua_doc *doc, const struct ua_validate_opts *opts, struct ua_diags *d,
    size_t from)
{
	if (doc->text)
		ua_suppress_inline(doc, d, from);
	if (opts)
		ua_policy_apply(opts->policy, d, from);
	ua_diags_sort(d, from);
}

int
ua_validate_doc(struct ua_ctx *ctx, struct ua_doc *doc, const struct ua_validate_opts *opts,
    struct ua_diags *d, size_t from, char *err, size_t errlen)
{
	int st = UA_OK;

	err[0] = '\0';
	if (doc->xml == NULL || doc->kind == NULL)	/* a syntax error: reported already */
		goto done;
	if ((st = ua_casefold_apply(ctx, doc, err, errlen)) != UA_OK)
		goto done;
	if (doc->kind->schema == NULL)
		st = ua_unattend_check(ctx, doc, d, err, errlen);
	else if ((st = ua_rules_note_secrets(ctx, doc, err, errlen)) == UA_OK)
		st = ua_schema_validate(ctx, doc->kind->schema, doc, NULL,
		    UA_SCHEMA_CONTENT, NULL, d, err, errlen);
	if (st == UA_OK)
		st = run_rules(ctx, doc, opts ? opts->policy : NULL, opts ? opts->agent : NULL,
		    d, err, errlen);
	if (doc->tpl && ctx->tpl) {	/* a secret given as a variable, wherever it landed */
		size_t k;
		for (k = from; k < d->n; k++)
			if (ua_tpl_mask(ctx->tpl, ctx->secret_names, &d->v[k].msg) != 0)
				d->failed = 1;
	}
done:
	finish(doc, opts, d, from);
	if (d->failed && st == UA_OK) {
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
	}
	return st;
}

int
ua_validate_buffer(struct ua_ctx *ctx, const char *name, const char *bytes,
    size_t len, const struct ua_validate_opts *opts, struct ua_diags *d,
    struct ua_doc **out, char *err, size_t errlen)
{
	struct ua_doc *doc = NULL;
	size_t from = d->n;
	int st;

	err[0] = '\0';
	st = ua_load(ctx, name, bytes, len, opts ? opts->kind : NULL, &doc, d, err, errlen);
	if (st == UA_OK && opts && opts->skip_foreign && opts->kind == NULL &&
	    !ua_kind_matches_content(doc->kind, doc) &&
	    ua_kind_by_content(&ctx->kinds, doc) == NULL) {
		snprintf(err, errlen, "skipped: named like %s, but its content is not one",
		    doc->kind->desc);
		st = UA_EFOREIGN;
	}
	if (st == UA_OK || st == UA_ESYNTAX)	/* a syntax error is a finding */
		st = ua_validate_doc(ctx, doc, opts, d, from, err, errlen);
	else if (doc)
		finish(doc, opts, d, from);
	if (out && st == UA_OK)
		*out = doc;
	else
		ua_doc_free(doc);
	return st;
}
