/* SPDX-License-Identifier: MIT */
/* The rule table (the XML files in schemas/rules/): semantic checks as XPath, PCRE2 patterns
 * and sub-schemas, interpreted over any document's tree. This part runs the rules over a
 * document or an image's set; rulesload.c reads and compiles the table, rulesfn.c holds
 * the ua: XPath functions. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/dict.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlreader.h>
#include <pcre2.h>

#include "catalog.h"
#include "doc.h"
#include "agent.h"
#include "rules.h"
#include "rulesint.h"
#include "schema.h"
#include "secret.h"
#include "tree.h"
#include "ua.h"
#include "target.h"
#include "template.h"
#include "util.h"
#include "wordlist.h"
#include "langtag.h"


/* Appends the nodes the table's <secret> entries select in doc to *v. 0, or -1 (out of memory). */
static int
table_secrets(struct ua_ruleset *rs, xmlXPathContextPtr xp, const struct ua_doc *doc,
    xmlNodePtr **v, size_t *n, size_t *cap)
{
	xmlXPathObjectPtr res;
	xmlNodePtr save = xp->node;
	size_t i;
	int k, rc = 0;

	for (i = 0; i < rs->nsec && rc == 0; i++) {
		if (!ua_rules_kind_in(rs->sec[i].kinds, doc->kind->name))
			continue;
		xp->node = NULL;
		xp->opCount = 0;
		res = xmlXPathCompiledEval(rs->sec[i].select, xp);
		for (k = 0; res && res->type == XPATH_NODESET && res->nodesetval &&
		    k < res->nodesetval->nodeNr; k++) {
			if (ua_grow(v, cap, *n, sizeof(**v), 8) != 0) {
				rc = -1;
				break;
			}
			(*v)[(*n)++] = res->nodesetval->nodeTab[k];
		}
		xmlXPathFreeObject(res);
	}
	xp->node = save;
	return rc;
}

/* Appends the settings below el that the catalog marks secret. */
static int
catalog_secrets(xmlNodePtr el, const struct ua_setting *s, xmlNodePtr **v, size_t *n,
    size_t *cap)
{
	xmlNodePtr c;
	const struct ua_setting *k;
	int differs;

	for (c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    (k = ua_setting_child(s, (const char *)c->name, &differs)) == NULL)
			continue;
		if (k->flags & UA_SF_SECRET) {
			if (ua_grow(v, cap, *n, sizeof(**v), 8) != 0)
				return -1;
			(*v)[(*n)++] = c;
		}
		if (catalog_secrets(c, k, v, n, cap) != 0)
			return -1;
	}
	return 0;
}

/*
 * Every secret node of doc, on its first finding: the catalog's secret
 * settings (noted by the answer-file walk, or found again when it could not
 * note them all), the table's <secret> entries and the password-like names.
 */
static int
doc_hide(struct ua_ctx *ctx, struct ua_ruleset *rs, xmlXPathContextPtr xp,
    const struct ua_doc *doc)
{
	struct ua_catalog *cat;
	xmlNodePtr root, s, c;
	char err[256];
	size_t i;
	int differs;

	for (i = 0; i < doc->nsecrets; i++) {
		if (ua_grow(&rs->hide, &rs->caphide, rs->nhide, sizeof(*rs->hide), 8) != 0)
			return -1;
		rs->hide[rs->nhide++] = doc->secrets[i];
	}
	if (!doc->secrets_noted && doc->kind->schema == NULL &&
	    (cat = ua_ctx_catalog(ctx, err, sizeof(err))) != NULL &&
	    (root = xmlDocGetRootElement(doc->xml)) != NULL)
		for (s = root->children; s; s = s->next)
			for (c = s->children; c; c = c->next) {
				xmlChar *name = c->type == XML_ELEMENT_NODE ?
				    xmlGetProp(c, BAD_CAST "name") : NULL;
				const struct ua_setting *comp = name ? ua_setting_child(&cat->root,
				    (const char *)name, &differs) : NULL;
				xmlFree(name);
				if (comp && catalog_secrets(c, comp, &rs->hide, &rs->nhide,
				    &rs->caphide) != 0)
					return -1;
			}
	if (table_secrets(rs, xp, doc, &rs->hide, &rs->nhide, &rs->caphide) != 0 ||
	    ua_secret_find_names(ctx->secret_names, doc->xml, &rs->hide, &rs->nhide,
	    &rs->caphide) != 0)
		return -1;
	return 0;
}

/* In a set run a message may quote any document of the set: all their secrets are hidden. */
static int
build_hide(struct ua_ctx *ctx, struct ua_ruleset *rs, xmlXPathContextPtr xp,
    struct ua_doc *doc)
{
	xmlDocPtr save = xp->doc;
	size_t i;
	int rc;

	rs->nhide = 0;
	rc = doc_hide(ctx, rs, xp, doc);
	for (i = 0; rc == 0 && rs->set && i < rs->set->n; i++) {
		const struct ua_doc *o = rs->set->docs[i];
		if (o == doc || o->xml == NULL || o->kind == NULL)
			continue;
		xp->doc = o->xml;
		rc = doc_hide(ctx, rs, xp, o);
		xp->doc = save;
	}
	if (rc == 0)
		rs->hide_built = 1;
	return rc;
}

static char *
eval_message(struct rule *r, xmlXPathContextPtr xp, xmlNodePtr node)
{
	struct ua_buf b = { 0 };
	xmlXPathObjectPtr o;
	xmlChar *s;
	size_t i;

	if (r->msg_all) {
		xp->node = node;
		xp->opCount = 0;
		o = xmlXPathCompiledEval(r->msg_all, xp);
		s = o ? xmlXPathCastToString(o) : NULL;
		xmlXPathFreeObject(o);
		if (s) {
			char *m = ua_strdup((const char *)s);
			xmlFree(s);
			return m;
		}
	}
	for (i = 0; i < r->nmsg; i++) {
		if (r->msg[i].text) {
			ua_buf_puts(&b, r->msg[i].text);
			continue;
		}
		xp->node = node;
		xp->opCount = 0;
		o = xmlXPathCompiledEval(r->msg[i].expr, xp);
		s = o ? xmlXPathCastToString(o) : NULL;
		ua_buf_puts(&b, s ? (const char *)s : "");
		xmlFree(s);
		xmlXPathFreeObject(o);
	}
	return ua_buf_take(&b);
}

/*
 * The messages of a rule's findings at nodes[0..n), built with every secret
 * value of the document hidden (once for them all): whatever a {part} quotes,
 * computes or cuts from a secret, it sees the mask, and the message's own
 * words are never touched. A NULL message (no parts, or out of memory) makes
 * the caller say the rule's name. Returns the array, or NULL (out of memory).
 */
static char **
expand_all(struct ua_ctx *ctx, struct rule *r, xmlXPathContextPtr xp, struct ua_doc *doc,
    xmlNodePtr const *nodes, size_t n)
{
	struct ua_ruleset *rs = ctx->rules;
	char **msgs = calloc(n ? n : 1, sizeof(*msgs));
	size_t i;
	int hidden = 0;

	if (msgs == NULL)
		return NULL;
	for (i = 0; r->msg_all == NULL && i < r->nmsg && r->msg[i].expr == NULL; i++)
		;
	if (r->msg_all || i < r->nmsg)	/* it quotes the document */
		hidden = (rs->hide_built || build_hide(ctx, rs, xp, doc) == 0) &&
		    ua_secret_hide(&rs->hidden, rs->hide, rs->nhide) == 0;
	if ((r->msg_all || i < r->nmsg) && !hidden)
		return msgs;	/* the rule's name alone */
	for (i = 0; i < n; i++)
		msgs[i] = r->nmsg || r->msg_all ? eval_message(r, xp, nodes[i]) : NULL;
	if (hidden)
		ua_secret_restore(&rs->hidden);
	return msgs;
}

/*
 * A check that could not run must not pass silently, nor be blamed on the
 * file: the run goes on with the other rules and ends in UA_ELIMIT, err
 * naming the rules that could not finish.
 */
static int
eval_failed(const struct rule *r, const char *why, char *err, size_t errlen)
{
	size_t n = strlen(err);

	if (n == 0)
		snprintf(err, errlen, "rule %s could not be evaluated on this file (%s)",
		    r->name, why);
	else if (n < errlen)
		snprintf(err + n, errlen - n, ", nor rule %s (%s)", r->name, why);
	return UA_ELIMIT;
}

/* What stopped an XPath evaluation, in words for eval_failed. */
static const char *
xpath_why(xmlXPathContextPtr xp, char *buf, size_t n)
{
	if (xp->opLimit > 0 && xp->opCount >= xp->opLimit) {
		snprintf(buf, n, "it reached the XPath limit of %lu operations",
		    xp->opLimit);
		return buf;
	}
	switch (xp->lastError.code - XML_XPATH_EXPRESSION_OK) {
	case XPATH_MEMORY_ERROR:
		return "out of memory";
	case XPATH_RECURSION_LIMIT_EXCEEDED:
		return "it reached the XPath recursion limit";
	default:
		return "its XPath expression failed";
	}
}

static void
unregister_lets(const struct rule *r, xmlXPathContextPtr xp, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)	/* NULL frees the value and removes the name */
		xmlXPathRegisterVariable(xp, BAD_CAST r->lets[k].name, NULL);
}

/* <related>: the other places the last finding names, each at its file and line. */
static void
relate(struct ua_ruleset *rs, struct rule *r, xmlXPathContextPtr xp, xmlNodePtr node,
    struct ua_diags *d)
{
	xmlXPathObjectPtr o;
	unsigned long line, col;
	const struct ua_doc *od;
	size_t k;
	int j;

	for (k = 0; k < r->nrelated; k++) {
		xp->node = node;
		xp->opCount = 0;
		o = xmlXPathCompiledEval(r->related[k], xp);
		for (j = 0; o && o->type == XPATH_NODESET && o->nodesetval &&
		    j < o->nodesetval->nodeNr; j++) {
			xmlNodePtr n = o->nodesetval->nodeTab[j];
			if ((od = ua_rules_doc_of(rs, n)) == NULL)
				continue;
			if (n->type == XML_DOCUMENT_NODE)
				n = xmlDocGetRootElement((xmlDocPtr)n);
			ua_doc_pos(od, n, &line, &col);
			ua_diags_relate(d, d->n - 1, od->name, line ? line : 1, col ? col : 1);
		}
		xmlXPathFreeObject(o);
	}
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(xmlNodePtr const *)a, y = (uintptr_t)*(xmlNodePtr const *)b;

	return (x > y) - (x < y);
}

/* Whether node is one of the values run_fixed_part() gave their fixed text. */
static int
fixed_member(const struct ua_ruleset *rs, xmlNodePtr node)
{
	return bsearch(&node, rs->fixed_el, rs->nfixed_el, sizeof(*rs->fixed_el), cmp_ptr) != NULL;
}

static int
add_swap(struct ua_ruleset *rs, xmlNodePtr text, char *with)
{
	if (ua_grow(&rs->swap, &rs->capswap, rs->nswap, sizeof(*rs->swap), 8) != 0) {
		free(with);
		return -1;
	}
	rs->swap[rs->nswap].text = text;
	rs->swap[rs->nswap++].with = with;
	return 0;
}

/*
 * The values of doc (an element's own text, no child element) that hold a
 * placeholder and have fixed text: each text node with what it reads as then
 * (the first the fixed text, any other nothing). 0, or -1 when out of memory.
 */
static int
fixed_build(struct ua_ruleset *rs, const struct ua_doc *doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc->xml), el, c;
	struct ua_buf b;
	char *fixed;
	int first;

	rs->fixed_built = 1;
	for (el = root; el; el = ua_tree_next_element(el, root)) {
		if (ua_tree_has_elements(el))
			continue;
		memset(&b, 0, sizeof(b));
		for (c = el->children; c; c = c->next)
			if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
				ua_buf_puts(&b, (const char *)c->content);
		if (b.failed)
			return -1;
		if (b.s == NULL || !ua_template_unknown(doc->tpl, b.s)) {
			ua_buf_free(&b);
			continue;
		}
		fixed = ua_template_fixed_text(doc->tpl, b.s);
		ua_buf_free(&b);
		if (fixed == NULL)
			return -1;
		if (fixed[0] == '\0') {	/* placeholders alone bound nothing */
			free(fixed);
			continue;
		}
		if (ua_grow(&rs->fixed_el, &rs->capfixed_el, rs->nfixed_el, sizeof(*rs->fixed_el),
		    8) != 0) {
			free(fixed);
			return -1;
		}
		rs->fixed_el[rs->nfixed_el++] = el;
		for (first = 1, c = el->children; c; c = c->next)
			if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
			    c->content) {
				if (add_swap(rs, c, first ? fixed : ua_strdup("")) != 0)
					return -1;
				first = 0;
			}
	}
	if (rs->nfixed_el > 1)	/* qsort of a null array is undefined */
		qsort(rs->fixed_el, rs->nfixed_el, sizeof(*rs->fixed_el), cmp_ptr);
	return 0;
}

static int
run_rule(struct ua_ctx *ctx, struct rule *r, xmlXPathContextPtr xp,
    struct ua_doc *doc, struct ua_diags *d, char *err, size_t errlen)
{
	xmlXPathObjectPtr res;
	xmlNodeSetPtr set;
	unsigned long line, col;
	char *msg, **msgs = NULL;
	const char *val;
	xmlNodePtr *found = NULL;
	int i, m, kept, st = UA_OK, limited = 0;
	size_t k, n;
	char why[96];
	enum ua_severity sev = (enum ua_severity)ua_severity_parse(r->severity);

	if ((st = ua_rules_compile_rule(r, err, errlen)) != UA_OK)
		return st;
	/* <let>: each evaluated once per document (from the root), then $name */
	for (k = 0; k < r->nlets; k++) {
		xmlXPathObjectPtr v;
		xp->node = NULL;
		xp->opCount = 0;
		xmlResetError(&xp->lastError);
		if ((v = xmlXPathCompiledEval(r->lets[k].expr, xp)) == NULL ||
		    xmlXPathRegisterVariable(xp, BAD_CAST r->lets[k].name, v) != 0) {
			xmlXPathFreeObject(v);
			unregister_lets(r, xp, k);
			return eval_failed(r, xpath_why(xp, why, sizeof why), err, errlen);
		}
	}
	xp->node = NULL;
	xp->opCount = 0;	/* the limit is per evaluation, not per file */
	xmlResetError(&xp->lastError);
	/*
	 * ua:comments() alone is taken from the index as it is, in document order:
	 * libxml2 sorts every node set an expression returns, and it places a
	 * comment by walking back over its siblings to an element, so sorting n
	 * sibling comments cost n * n (60,000 comments: 15 s).
	 */
	if ((res = r->select_comments ? ua_rules_indexed_set(ctx->rules, xp->doc, 1, NULL) :
	    xmlXPathCompiledEval(r->select, xp)) == NULL) {
		unregister_lets(r, xp, r->nlets);
		return eval_failed(r, xpath_why(xp, why, sizeof why), err, errlen);
	}
	set = res->type == XPATH_NODESET ? res->nodesetval : NULL;
	/* the findings first (on the true values), then their messages (with
	 * the secrets hidden once for all of them), then each is reported */
	if (set && set->nodeNr > 0 && ((r->pattern_src &&
	    (st = ua_rules_compile_pattern(ctx->datadir, r, err, errlen)) != UA_OK) ||
	    (found = malloc((size_t)set->nodeNr * sizeof(*found))) == NULL)) {
		xmlXPathFreeObject(res);
		unregister_lets(r, xp, r->nlets);
		if (st != UA_OK)
			return st;
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	for (i = 0, kept = 0; set && i < set->nodeNr; i++) {
		xmlNodePtr node = set->nodeTab[i];
		/* a template's placeholder is a value not yet known: nothing to judge,
		 * but its fixed text in run_fixed_part() */
		if (ctx->rules->fixed_pass ? !fixed_member(ctx->rules, node) :
		    doc->tpl && ua_doc_value_unknown(doc, node))
			continue;
		if (r->pattern) {
			xmlChar *v = xmlNodeGetContent(node);
			m = ua_rules_match(ctx->rules, r, v ? (const char *)v : "");
			xmlFree(v);
			if (m < 0)
				limited = 1;
			if (m < 0 || m != r->want_match)
				continue;
		}
		if (r->check && !ua_rules_find_check(r->check)->fails(node))
			continue;
		found[kept++] = node;
	}
	if (kept > 0 && (st = ua_rules_compile_message(r, err, errlen)) == UA_OK &&
	    (msgs = expand_all(ctx, r, xp, doc, found, (size_t)kept)) == NULL) {
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
	}
	for (i = 0; msgs && i < kept && st == UA_OK; i++) {
		xmlNodePtr node = found[i];
		msg = msgs[i];
		if (r->schema && node->type == XML_ELEMENT_NODE) {
			struct ua_diags sub = { 0 };
			st = ua_schema_validate(ctx, r->schema, doc, node, UA_SCHEMA_CONTENT,
			    r->name, &sub, err, errlen);
			for (k = 0; k < sub.n; k++)
				ua_diags_add(d, doc->name, sub.v[k].line, sub.v[k].col, sev,
				    r->name, "%s%s", msg ? msg : "", sub.v[k].msg);
			ua_diags_free(&sub);
		} else {
			ua_doc_pos(doc, node, &line, &col);
			val = msg ? msg : r->name;
			n = strlen(val);
			if (ctx->rules->fixed_pass && n > 0 && val[n - 1] == '.')
				n--;	/* the note ends the sentence */
			if (ua_diags_add(d, doc->name, line, col, sev, r->name, "%.*s%s", (int)n, val,
			    ctx->rules->fixed_pass ? " (the value's fixed text, without its "
			    "placeholders: no value they take can make it right)" : "") == 0)
				relate(ctx->rules, r, xp, node, d);
		}
	}
	for (i = 0; msgs && i < kept; i++)
		free(msgs[i]);
	free(msgs);
	free(found);
	xmlXPathFreeObject(res);
	unregister_lets(r, xp, r->nlets);
	if (st == UA_OK && limited)
		return eval_failed(r, "a pattern match limit", err, errlen);
	return st;
}

/*
 * template="fixed-part": the rule reports what a value's fixed text alone
 * already proves (a maximum length, a character not allowed), whatever its
 * placeholders hold. It runs once more with every value that holds a
 * placeholder read as its fixed text (the placeholders left empty), and
 * reports only those values, saying so; ua:fixed-part() is true meanwhile,
 * for a test the fixed text cannot settle (only digits). A value made of
 * placeholders alone bounds nothing.
 */
static int
run_fixed_part(struct ua_ctx *ctx, struct rule *r, xmlXPathContextPtr xp, struct ua_doc *doc,
    struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_ruleset *rs = ctx->rules;
	size_t i;
	int st;

	if (!rs->fixed_built && fixed_build(rs, doc) != 0) {
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	if (rs->nfixed_el == 0)
		return UA_OK;
	/* a pointer swap only, as ua_secret_hide() does: nothing frees or
	 * writes content meanwhile */
	for (i = 0; i < rs->nswap; i++) {
		rs->swap[i].was = rs->swap[i].text->content;
		rs->swap[i].text->content = (xmlChar *)rs->swap[i].with;
	}
	rs->fixed_pass = 1;
	st = run_rule(ctx, r, xp, doc, d, err, errlen);
	rs->fixed_pass = 0;
	for (i = rs->nswap; i-- > 0;)
		rs->swap[i].text->content = rs->swap[i].was;
	return st;
}

/* The document's text in lower case, and whether it holds the words looked
 * for so far: several rules require the same word (ec2launch). */
struct text_words {
	char *lower;
	const char *word[32];
	int has[32];
	size_t n;
};

static int
text_has(struct text_words *tw, const char *word)
{
	size_t i;
	int has;

	for (i = 0; i < tw->n; i++)
		if (strcmp(tw->word[i], word) == 0)
			return tw->has[i];
	has = strstr(tw->lower, word) != NULL;
	if (tw->n < sizeof(tw->word) / sizeof(*tw->word)) {
		tw->word[tw->n] = word;
		tw->has[tw->n++] = has;
	}
	return has;
}

/*
 * <requires>: the rule can only find something when one (or min="N") of these
 * element or attribute names occurs in the document (its dictionary holds every
 * name the parser met), or, with text="yes", of these words in its text
 * (ignoring case). Both are far cheaper than the XPath.
 */
static int
preconditions_met(const struct rule *r, const struct ua_doc *doc, struct text_words *tw)
{
	size_t i, found;

	if (r->nreq_names && doc->xml->dict) {
		for (found = 0, i = 0; i < r->nreq_names && found < r->min_names; i++)
			found += xmlDictExists(doc->xml->dict, BAD_CAST r->req_names[i], -1) != NULL;
		if (found < r->min_names)
			return 0;
	}
	if (r->nreq_text && tw->lower) {
		for (found = 0, i = 0; i < r->nreq_text && found < r->min_text; i++)
			found += text_has(tw, r->req_text[i]);
		if (found < r->min_text)
			return 0;
	}
	return 1;
}

/*
 * Version gates: agent="A B" runs the rule only on documents read by one of
 * those agents; from="V" only when that agent's version is V or later (a
 * feature gone or deprecated since V); before="V" only when it is older than V
 * (a feature V brought).
 */
static int
gated_out(const struct rule *r, const struct ua_agent_sel *sel)
{
	char *list, *tok, *save = NULL;
	int in = 0;

	if (r->agent == NULL)
		return 0;
	if (sel->agent == NULL || (r->agent_known && !sel->known) ||
	    (list = ua_strdup(r->agent)) == NULL)
		return 1;
	for (tok = strtok_r(list, " ", &save); tok && !in; tok = strtok_r(NULL, " ", &save))
		in = ua_agent_is(sel->agent, tok);	/* a name or an alias */
	free(list);
	if (!in)
		return 1;
	if ((r->from || r->before) && sel->version == NULL)
		return 1;
	if (r->from && ua_agent_vercmp(sel->version, r->from) < 0)
		return 1;
	return r->before && ua_agent_vercmp(sel->version, r->before) >= 0;
}

/* Whether a rule applies to this file (of this set, or alone) under this policy,
 * for the release target ("" when none is known); its version gate aside (see
 * agent_gate()). */
static int
applies(const struct rule *r, const struct ua_doc *doc, const struct ua_rules_set *set,
    const struct ua_policy *pol, const char *target)
{
	const char *base = strrchr(doc->name, '/');
	char *list, *tok, *save = NULL;
	int ok;

	if (r->select_src == NULL || !ua_rules_kind_in(r->kinds, doc->kind->name))
		return 0;
	if (r->set_rule != (set != NULL))
		return 0;
	/* a set rule's agents are the set's (agents.tsv names), not the document's */
	if (set && r->agent && (set->agent == NULL || set->agent[0] == '\0' ||
	    !ua_rules_kind_in(r->agent, set->agent)))
		return 0;
	if (ua_policy_is_disabled(pol, r->name))
		return 0;
	if (r->default_off && !ua_policy_is_enabled(pol, r->name))
		return 0;
	if (r->target_known && (target == NULL || *target == '\0'))
		return 0;
	if (r->target && target && *target) {
		if ((list = ua_strdup(r->target)) == NULL)
			return 0;
		for (ok = 0, tok = strtok_r(list, " ", &save); tok && !ok;
		    tok = strtok_r(NULL, " ", &save))
			ok = strcasecmp(tok, target) == 0;
		free(list);
		if (!ok)
			return 0;
	}
	if (r->names) {
		base = base ? base + 1 : doc->name;
		if ((list = ua_strdup(r->names)) == NULL)
			return 0;
		for (ok = 0, tok = strtok_r(list, "|", &save); tok && !ok;
		    tok = strtok_r(NULL, "|", &save))
			ok = fnmatch(tok, base, FNM_CASEFOLD) == 0;
		free(list);
		if (!ok)
			return 0;
	}
	return 1;
}

/*
 * A copy of text[0..len) with ASCII letters in lower case (the precondition
 * words are ASCII), eight bytes at a time: for each byte below 0x80, adding
 * 0x3f sets its top bit from 'A' up and adding 0x25 from 'Z' + 1 up, so the
 * two differ exactly for 'A'..'Z', whose 0x20 bit is then set.
 */
static char *
ascii_lower_copy(const char *text, size_t len)
{
	char *out = malloc(len + 1);
	size_t i = 0;

	if (out == NULL)
		return NULL;
	for (; i + 8 <= len; i += 8) {
		uint64_t x, low7, upper;
		memcpy(&x, text + i, 8);
		low7 = x & UINT64_C(0x7f7f7f7f7f7f7f7f);
		upper = ((low7 + UINT64_C(0x3f3f3f3f3f3f3f3f)) ^ (low7 + UINT64_C(0x2525252525252525))) &
		    ~x & UINT64_C(0x8080808080808080);
		x |= upper >> 2;
		memcpy(out + i, &x, 8);
	}
	for (; i < len; i++)
		out[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + ('a' - 'A') : text[i]);
	out[len] = '\0';
	return out;
}

/*
 * The agent and version a document is checked for, found on first need: the
 * agent table is read only for a document that meets a rule with a version
 * gate or one whose expressions name $agent or $agent-version.
 */
struct doc_agent {
	const struct ua_doc *doc;
	const struct ua_policy *pol;
	const char *reader;	/* the agent reading it (a set's), or NULL */
	int ready, vars;
	struct ua_agent_sel sel;
};

static int
doc_agent(struct ua_ctx *ctx, struct doc_agent *da, char *err, size_t errlen)
{
	const struct ua_agents *a;

	if (da->ready)
		return UA_OK;
	if ((a = ua_rules_agent_table(ctx, err, errlen)) == NULL)
		return UA_EDATA;
	da->sel = ua_agent_for_reader(a, da->doc->kind->name, da->pol, da->reader);
	da->ready = 1;
	return UA_OK;
}

/*
 * $agent-version for messages: the version as --agent-version gave it, or the
 * default named as such; and $agent, the agent's label (EC2Launch v2).
 */
static int
agent_vars(struct ua_ctx *ctx, struct doc_agent *da, xmlXPathContextPtr xp, char *err,
    size_t errlen)
{
	const struct ua_agent_sel *sel = &da->sel;
	char *said;
	int st;

	if (da->vars)
		return UA_OK;
	if ((st = doc_agent(ctx, da, err, errlen)) != UA_OK)
		return st;
	said = sel->agent == NULL ? ua_strdup("") : sel->version == NULL ?
	    ua_strdup("(no documented release)") : sel->given ? ua_strdup(sel->version) :
	    ua_asprintf("%s (the default: the newest documented %s)", sel->version, sel->agent->label);
	if (said == NULL || xmlXPathRegisterVariable(xp, BAD_CAST "agent-version",
	    xmlXPathWrapString(BAD_CAST said)) != 0 ||
	    xmlXPathRegisterVariable(xp, BAD_CAST "agent",
	    xmlXPathNewString(BAD_CAST (sel->agent ? sel->agent->label : ""))) != 0) {
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	da->vars = 1;
	return UA_OK;
}

/* Whether r's version gate keeps it from the document (1) or not (0); -1 (err
 * set) when the gate names no agent or release of the table, or the table is
 * missing. A gate is checked against the table the first time it is met. */
static int
agent_gate(struct ua_ctx *ctx, struct rule *r, struct doc_agent *da, char *err, size_t errlen)
{
	if (r->agent == NULL && r->from == NULL && r->before == NULL)
		return 0;
	if (!r->gates_ok) {
		if (ua_rules_check_gates(ctx, r, r->file, err, errlen) != 0)
			return -1;
		r->gates_ok = 1;
	}
	if (doc_agent(ctx, da, err, errlen) != UA_OK)
		return -1;
	return gated_out(r, &da->sel);
}

static int
run_rules(struct ua_ctx *ctx, const struct ua_rules_set *set, struct ua_doc *doc,
    const struct ua_policy *pol, const char *reader, struct ua_diags *d, char *err,
    size_t errlen)
{
	xmlXPathContextPtr xp;
	struct doc_agent da = { doc, pol, reader, 0, 0, { NULL, NULL, 0, 0 } };
	struct rule *r;
	struct text_words tw = { NULL, { NULL }, { 0 }, 0 };
	char tbuf[16];
	const char *target = NULL;
	size_t i;
	int st, rs, g;

	if ((st = ua_rules_load_scope(ctx, doc->kind->name, set != NULL, err, errlen)) != UA_OK)
		return st;
	ctx->rules->datadir = ctx->datadir;
	if ((xp = ua_rules_xpath(ctx->rules, doc)) == NULL)
		return UA_ENOMEM;
	/* $input-bytes, the size of the document's text (user data after Base64) */
	if (xmlXPathRegisterVariable(xp, BAD_CAST "input-bytes",
	    xmlXPathNewFloat((double)doc->len)) != 0) {
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	ctx->rules->set = set;
	ctx->rules->ctx = ctx;
	ctx->rules->sel = NULL;
	ctx->rules->target = NULL;
	err[0] = '\0';
	for (i = 0; (r = ua_rules_rule_at(ctx->rules, i)) != NULL && (st == UA_OK || st == UA_ELIMIT); i++) {
		if ((r->target || r->target_known) && target == NULL)
			ctx->rules->target = target = ua_target_of(ctx, doc, pol, reader, tbuf,
			    sizeof(tbuf));
		if (!applies(r, doc, set, pol, target))
			continue;
		if (r->nreq_text && tw.lower == NULL && doc->text)
			tw.lower = ascii_lower_copy(doc->text, doc->len);
		if (!preconditions_met(r, doc, &tw))
			continue;
		if (!set && (g = agent_gate(ctx, r, &da, err, errlen)) != 0) {
			if (g < 0) {
				st = UA_EDATA;
				break;
			}
			continue;
		}
		if (da.ready)	/* for ua:agent-last(), in rules with a gate */
			ctx->rules->sel = &da.sel;
		if (r->uses_agent && (rs = agent_vars(ctx, &da, xp, err, errlen)) != UA_OK) {
			st = rs;
			break;
		}
		/* one rule that could not finish does not stop the others */
		if ((rs = run_rule(ctx, r, xp, doc, d, err, errlen)) == UA_OK &&
		    r->fixed_part && doc->tpl)
			rs = run_fixed_part(ctx, r, xp, doc, d, err, errlen);
		if (rs == UA_ELIMIT)
			st = UA_ELIMIT;
		else if (rs != UA_OK)
			st = rs;
	}
	free(tw.lower);
	ua_rules_reset_components(ctx->rules);
	ctx->rules->set = NULL;
	ctx->rules->cur = NULL;
	ctx->rules->sel = NULL;
	ctx->rules->target = NULL;
	xp->doc = NULL;
	return st;
}

int
ua_rules_run(struct ua_ctx *ctx, struct ua_doc *doc, const struct ua_policy *pol,
    const char *agent, struct ua_diags *d, char *err, size_t errlen)
{
	return run_rules(ctx, NULL, doc, pol, agent, d, err, errlen);
}

int
ua_rules_run_set(struct ua_ctx *ctx, const struct ua_rules_set *set, struct ua_doc *doc,
    const struct ua_policy *pol, struct ua_diags *d, char *err, size_t errlen)
{
	return run_rules(ctx, set, doc, pol, set->agent, d, err, errlen);
}

int
ua_rules_secret_nodes(struct ua_ctx *ctx, struct ua_doc *doc, xmlNodePtr **out,
    size_t *n, char *err, size_t errlen)
{
	xmlXPathContextPtr xp;
	size_t cap = 0;
	int st = UA_OK;

	*out = NULL;
	*n = 0;
	if (doc->xml == NULL || doc->kind == NULL)
		return UA_OK;
	if ((st = ua_rules_load_kind(ctx, doc->kind->name, err, errlen)) != UA_OK)
		return st;
	ctx->rules->datadir = ctx->datadir;
	if ((xp = ua_rules_xpath(ctx->rules, doc)) == NULL)
		return UA_ENOMEM;
	if (table_secrets(ctx->rules, xp, doc, out, n, &cap) != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
	}
	ua_rules_reset_components(ctx->rules);
	ctx->rules->cur = NULL;
	xp->doc = NULL;
	return st;
}

int
ua_rules_masked_nodes(struct ua_ctx *ctx, struct ua_doc *doc, xmlNodePtr **out,
    size_t *n, char *err, size_t errlen)
{
	struct ua_ruleset *rs;
	xmlXPathContextPtr xp;
	int st = UA_OK;

	*out = NULL;
	*n = 0;
	if (doc->xml == NULL || doc->kind == NULL)
		return UA_OK;
	if ((st = ua_rules_load_kind(ctx, doc->kind->name, err, errlen)) != UA_OK)
		return st;
	rs = ctx->rules;
	rs->datadir = ctx->datadir;
	if ((xp = ua_rules_xpath(rs, doc)) == NULL)
		return UA_ENOMEM;
	rs->nhide = 0;
	if (doc_hide(ctx, rs, xp, doc) != 0 ||
	    (rs->nhide && (*out = malloc(rs->nhide * sizeof(**out))) == NULL)) {
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
	} else if (rs->nhide) {
		memcpy(*out, rs->hide, rs->nhide * sizeof(**out));
		*n = rs->nhide;
	}
	rs->nhide = 0;
	rs->hide_built = 0;
	ua_rules_reset_components(rs);
	rs->cur = NULL;
	xp->doc = NULL;
	return st;
}

int
ua_rules_note_secrets(struct ua_ctx *ctx, struct ua_doc *doc, char *err, size_t errlen)
{
	xmlNodePtr *v;
	size_t n, i;
	int st = ua_rules_secret_nodes(ctx, doc, &v, &n, err, errlen);

	for (i = 0; st == UA_OK && i < n; i++)
		if (ua_doc_note_secret(doc, v[i]) != 0) {
			snprintf(err, errlen, "out of memory");
			st = UA_ENOMEM;
		}
	free(v);
	return st;
}

