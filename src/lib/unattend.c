/* SPDX-License-Identifier: MIT */
/* The answer-file engine: envelope, components, settings and passes, checked
 * against the catalog, then each component against its generated schema. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "schema.h"
#include "tree.h"
#include "unattend.h"
#include "ua.h"
#include "util.h"

struct walk {
	struct ua_ctx *ctx;
	struct ua_catalog *cat;
	struct ua_doc *doc;
	struct ua_diags *d;
	xmlNodePtr dropped;		/* unknown settings, unlinked before schema checks */
	const xmlNs *ns;		/* a declaration of the unattend namespace seen */
	int first;			/* the run's first answer file (see bag_names()) */
};

static void
report(struct walk *w, const xmlNode *node, enum ua_severity sev, const char *rule,
    const char *fmt, const char *a, const char *b, const char *c)
{
	unsigned long line, col;

	ua_doc_pos(w->doc, node, &line, &col);
	ua_diags_add(w->d, w->doc->name, line, col, sev, rule, fmt, a, b, c);
}

static int
in_unattend_ns(struct walk *w, const xmlNode *n)
{
	/* nearly every element shares the one declaration on the root: remember
	 * the last one (of this document) that matched rather than compare 34
	 * bytes each time */
	if (n->ns == NULL)
		return 0;
	if (n->ns == w->ns)
		return 1;
	if (!xmlStrEqual(n->ns->href, BAD_CAST UA_NS_UNATTEND))
		return 0;
	w->ns = n->ns;
	return 1;
}

/* The identity of list item el: its wcm:keyValue, or the text of its key child. */
static char *
list_key(const xmlNode *el, const char *key)
{
	const xmlNode *c;
	xmlChar *v;
	char *s;

	if (key == NULL)
		return NULL;
	if (key[0] == '@') {
		v = xmlGetNsProp(el, BAD_CAST (key + 1), BAD_CAST UA_NS_WCM);
		if (v == NULL)
			v = xmlGetProp(el, BAD_CAST (key + 1));
		s = v ? ua_strdup((const char *)v) : NULL;
		xmlFree(v);
		return s;
	}
	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, key) == 0)
			return ua_node_text(c, 1);
	return NULL;
}

static void
check_list_keys(struct walk *w, struct ua_keyed *v, size_t n)
{
	size_t i, k;
	unsigned long line, col, l2, c2;

	qsort(v, n, sizeof(*v), ua_keyed_cmp);
	for (i = 1, k = 0; i < n; i++) {
		size_t j = k;
		if (strcmp(v[i].key, v[k].key) != 0 || strcmp((const char *)v[i].el->name,
		    (const char *)v[k].el->name) != 0) {
			k = i;
			continue;
		}
		/* the branches of a template's conditional are alternatives */
		while (j < i && ua_doc_alternatives(w->doc, v[j].el, v[i].el))
			j++;
		if (j == i)
			continue;
		ua_doc_pos(w->doc, v[j].el, &line, &col);
		ua_doc_pos(w->doc, v[i].el, &l2, &c2);
		ua_diags_add(w->d, w->doc->name, l2, c2, UA_SEV_ERROR, "duplicate-key",
		    "%s with key '%s' appears twice (first at line %lu)",
		    (const char *)v[i].el->name, v[i].key, line);
	}
}

/* A list item without wcm:action: Setup does not add it to the list. */
static void
check_action(struct walk *w, xmlNodePtr item)
{
	xmlChar *a = xmlGetNsProp(item, BAD_CAST "action", BAD_CAST UA_NS_WCM);

	if (a == NULL || (!xmlStrEqual(a, BAD_CAST "add") && !xmlStrEqual(a, BAD_CAST "modify") &&
	    !xmlStrEqual(a, BAD_CAST "remove")))
		report(w, item, UA_SEV_WARNING, "list-action",
		    "%s is a list item %s: write wcm:action=\"add\" on it, as Windows SIM does, "
		    "or Setup may not add it%s", (const char *)item->name,
		    a ? "with an unknown wcm:action" : "without wcm:action", "");
	xmlFree(a);
}

/*
 * Declarations of the wcm or xsi prefix with another URI (text pasted after
 * it, a typo): every wcm:action and wcm:keyValue under it is then an unknown
 * attribute to Setup. One walk over the elements, declarations only.
 */
static void
check_namespaces(struct walk *w, xmlNodePtr root)
{
	static const char *const known[][2] = {
		{ "wcm", UA_NS_WCM },
		{ "xsi", "http://www.w3.org/2001/XMLSchema-instance" },
	};
	xmlNodePtr n = root;
	xmlNsPtr ns;
	size_t i;

	for (; n; n = ua_tree_next_element(n, root))
		for (ns = n->nsDef; ns; ns = ns->next)
			for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
				if (ns->prefix && xmlStrEqual(ns->prefix, BAD_CAST known[i][0]) &&
				    !xmlStrEqual(ns->href, BAD_CAST known[i][1]))
					report(w, n, UA_SEV_ERROR, "namespace",
					    "the %s prefix is declared with the URI '%s' instead of '%s': "
					    "Setup does not know the attributes written with it",
					    known[i][0], ns->href ? (const char *)ns->href : "", known[i][1]);
}

static void walk_children(struct walk *w, xmlNodePtr el, const struct ua_setting *s,
    int pass);

static void
drop(struct walk *w, xmlNodePtr c)
{
	xmlUnlinkNode(c);
	c->next = w->dropped;
	w->dropped = c;
}

static void
walk_children(struct walk *w, xmlNodePtr el, const struct ua_setting *s, int pass)
{
	const struct ua_setting *k, *seen_k[256];
	const xmlNode *seen_n[256];
	struct ua_keyed *keys = NULL;
	size_t nseen = 0, nkeys = 0, capkeys = 0, i;
	xmlNodePtr c, next;
	int differs, kpass;
	char *passes, *path;
	const char *sugg;

	for (c = el->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		k = in_unattend_ns(w, c) ? ua_setting_child(s, (const char *)c->name, &differs) : NULL;
		if (k == NULL) {
			sugg = ua_setting_suggest(s, (const char *)c->name);
			path = ua_setting_path(s);
			if (sugg)
				report(w, c, UA_SEV_ERROR, "unknown-setting",
				    "unknown setting '%s' in %s (did you mean '%s'?)",
				    (const char *)c->name, path ? path : "?", sugg);
			else
				report(w, c, UA_SEV_ERROR, "unknown-setting",
				    "unknown setting '%s' in %s%s", (const char *)c->name,
				    path ? path : "?", "");
			free(path);
			drop(w, c);
			continue;
		}
		if (differs) {
			report(w, c, UA_SEV_WARNING, "name-case",
			    "'%s' differs in case from '%s', as Windows spells it%s",
			    (const char *)c->name, k->name, "");
			xmlNodeSetName(c, BAD_CAST k->name);
		}
		kpass = pass;
		if (pass >= 0 && k->passes && !(k->passes & (1u << pass))) {
			passes = ua_catalog_pass_list(w->cat, k->passes);
			report(w, c, UA_SEV_WARNING, "wrong-pass",
			    "%s is not valid in pass %s and is ignored there (valid in: %s)", k->name,
			    w->cat->passes[pass], passes ? passes : "?");
			free(passes);
			kpass = -1;	/* one finding for the whole subtree */
		}
		if (k->flags & UA_SF_LIST) {
			char *key = list_key(c, k->key);
			check_action(w, c);
			if (key) {
				if (ua_grow(&keys, &capkeys, nkeys, sizeof(*keys), 8) != 0) {
					free(key);
					break;
				}
				keys[nkeys].key = key;
				keys[nkeys].el = c;
				keys[nkeys].order = nkeys;
				nkeys++;
			}
		} else {
			for (i = 0; i < nseen && (seen_k[i] != k ||
			    ua_doc_alternatives(w->doc, seen_n[i], c)); i++)
				;
			if (i < nseen) {
				unsigned long line, col;
				char first[32];
				ua_doc_pos(w->doc, seen_n[i], &line, &col);
				snprintf(first, sizeof(first), "%lu", line);
				report(w, c, UA_SEV_ERROR, "duplicate-setting",
				    "%s appears twice in %s (first at line %s)", k->name,
				    s->name, first);
			} else if (nseen < 256) {
				seen_k[nseen] = k;
				seen_n[nseen++] = c;
			}
		}
		if (k->flags & UA_SF_SECRET)
			(void)ua_doc_note_secret(w->doc, c);	/* on failure: masked the slow way */
		if (k->type != UA_ST_VALUE)
			walk_children(w, c, k, kpass);
	}
	if (nkeys > 1)
		check_list_keys(w, keys, nkeys);
	for (i = 0; i < nkeys; i++)
		free(keys[i].key);
	free(keys);
}

struct seen_component {
	const struct ua_setting *comp;
	char *arch;
	const xmlNode *el;
};

/*
 * Whether the component schema has anything to say about comp: it checks the
 * values directly inside a component and rejects text there; the containers
 * it lets through unread (each has a schema of its own), and unknown settings
 * are gone by now. A component holding only containers (Microsoft-Windows-
 * Setup, the driver paths) then needs no schema compiled or run at its level.
 */
static int
has_leaf_or_text(struct walk *w, xmlNodePtr comp, const struct ua_setting *s)
{
	const struct ua_setting *k;
	xmlNodePtr c;
	int differs;

	if (s->type == UA_ST_SEQUENCE)	/* order would matter */
		return 1;
	for (c = comp->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
		    c->type == XML_ENTITY_REF_NODE)
			return 1;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!in_unattend_ns(w, c) ||
		    (k = ua_setting_child(s, (const char *)c->name, &differs)) == NULL ||
		    k->type == UA_ST_VALUE || differs)
			return 1;
	}
	return 0;
}

/* "unattend/components/COMP.xsd" or ".../COMP/CONTAINER.xsd" in rel (this
 * runs for every component and container: no printf); -1 when too long */
static int
schema_rel(char *rel, size_t size, const char *comp, const char *container)
{
	static const char dir[] = "unattend/components/";
	size_t nd = sizeof(dir) - 1, nc = strlen(comp), nk = container ? strlen(container) + 1 : 0;

	if (nd + nc + nk + sizeof(".xsd") > size)
		return -1;
	memcpy(rel, dir, nd);
	memcpy(rel + nd, comp, nc);
	if (container) {
		rel[nd + nc] = '/';
		memcpy(rel + nd + nc + 1, container, nk - 1);
	}
	memcpy(rel + nd + nc + nk, ".xsd", sizeof(".xsd"));
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the names of el's child elements to v; -1 when one is not a setting
 * name of the unattend namespace, or there are too many. */
static int
add_child_names(struct walk *w, const xmlNode *el, const char **v, size_t *n, size_t max)
{
	const xmlNode *e;
	size_t i;

	for (e = el->children; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE)
			continue;
		if (!in_unattend_ns(w, e))
			return -1;
		for (i = 0; i < *n && strcmp(v[i], (const char *)e->name) != 0; i++)
			;
		if (i < *n)
			continue;
		if (*n == max)
			return -1;
		v[(*n)++] = (const char *)e->name;
	}
	return 0;
}

/*
 * The names of the child elements the document gives the elements checked
 * against one schema: every component named as comp is (in any pass), or
 * with container, those components' containers of that name; sorted and
 * space-separated, for ua_schema_validate_bag(), which then compiles only
 * those parts of a large component. Only for the run's first answer file (a
 * run of one file compiles a fraction of its schemas; a run of many, each
 * schema in full once). NULL (the whole schema) for any other, or when a
 * name is foreign.
 */
static char *
bag_names(struct walk *w, const char *comp, const char *container)
{
	const char *v[256];
	struct ua_buf b = { 0 };
	xmlNodePtr root, s, c, k;
	xmlChar *name;
	size_t n = 0, i;
	int rc = 0;

	if (!w->first || (root = xmlDocGetRootElement(w->doc->xml)) == NULL)
		return NULL;
	for (s = root->children; s && rc == 0; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !in_unattend_ns(w, s) ||
		    xmlStrcmp(s->name, BAD_CAST "settings") != 0)
			continue;
		for (c = s->children; c && rc == 0; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || !in_unattend_ns(w, c) ||
			    xmlStrcmp(c->name, BAD_CAST "component") != 0)
				continue;
			name = xmlGetProp(c, BAD_CAST "name");
			if (name && strcasecmp((const char *)name, comp) == 0) {
				if (container == NULL)
					rc = add_child_names(w, c, v, &n, 256);
				for (k = container ? c->children : NULL; k && rc == 0; k = k->next)
					if (k->type == XML_ELEMENT_NODE &&
					    xmlStrcmp(k->name, BAD_CAST container) == 0)
						rc = add_child_names(w, k, v, &n, 256);
			}
			xmlFree(name);
		}
	}
	if (rc != 0 || n == 0)
		return NULL;
	qsort(v, n, sizeof(*v), cmp_name);
	for (i = 0; i < n; i++) {
		if (i)
			ua_buf_puts(&b, " ");
		ua_buf_puts(&b, v[i]);
	}
	return ua_buf_take(&b);
}

static int
check_component(struct walk *w, xmlNodePtr comp, int pass,
    struct seen_component *seen, size_t *nseen, char *err, size_t errlen)
{
	const struct ua_setting *s, *k;
	xmlNodePtr c;
	xmlChar *name = xmlGetProp(comp, BAD_CAST "name");
	xmlChar *arch = xmlGetProp(comp, BAD_CAST "processorArchitecture");
	char rel[1024], *passes, *bag;
	const char *sugg;
	int differs, st = UA_OK;
	size_t i;

	if (name == NULL)
		goto out;	/* the envelope schema reports it */
	if ((s = ua_setting_child(&w->cat->root, (const char *)name, &differs)) == NULL) {
		sugg = ua_setting_suggest(&w->cat->root, (const char *)name);
		/* a name a typo away from a known one is that component, whose
		 * settings Setup then silently drops; a far one may be a component
		 * the catalog lacks */
		if (sugg && ua_edit_distance((const char *)name, sugg, 2) <= 2)
			report(w, comp, UA_SEV_ERROR, "misspelt-component",
			    "unknown component '%s' (did you mean '%s'?): Windows has no component of "
			    "this name and ignores its settings%s", (const char *)name, sugg, "");
		else if (sugg)
			report(w, comp, UA_SEV_WARNING, "unknown-component",
			    "unknown component '%s' (did you mean '%s'?)%s",
			    (const char *)name, sugg, "");
		else
			report(w, comp, UA_SEV_WARNING, "unknown-component",
			    "unknown component '%s'%s%s", (const char *)name, "", "");
		goto out;
	}
	/* Windows finds a component by its identity, whose name it compares
	 * without case (PnPSysprep works as well as PnpSysprep): no finding */
	if (differs)
		xmlSetProp(comp, BAD_CAST "name", BAD_CAST s->name);
	for (i = 0; i < *nseen; i++)
		if (seen[i].comp == s && strcasecmp(seen[i].arch ? seen[i].arch : "",
		    arch ? (const char *)arch : "") == 0 &&
		    !ua_doc_alternatives(w->doc, seen[i].el, comp)) {
			unsigned long line, col;
			char first[32];
			ua_doc_pos(w->doc, seen[i].el, &line, &col);
			snprintf(first, sizeof(first), "%lu", line);
			report(w, comp, UA_SEV_ERROR, "duplicate-component",
			    "component %s (%s) appears twice in this pass (first at line %s)",
			    s->name, arch ? (const char *)arch : "no architecture", first);
			break;
		}
	if (i == *nseen && *nseen < 128) {
		seen[*nseen].comp = s;
		seen[*nseen].arch = arch ? ua_strdup((const char *)arch) : NULL;
		seen[(*nseen)++].el = comp;
	}
	if (pass >= 0 && s->passes && !(s->passes & (1u << pass))) {
		passes = ua_catalog_pass_list(w->cat, s->passes);
		report(w, comp, UA_SEV_WARNING, "wrong-pass",
		    "component %s is not valid in pass %s and is ignored there (valid in: %s)", s->name,
		    w->cat->passes[pass], passes ? passes : "?");
		free(passes);
		pass = -1;
	}
	walk_children(w, comp, s, pass);
	/* catalog names: the paths fit (a longer one is a data error) */
	if (schema_rel(rel, sizeof(rel), s->name, NULL) != 0) {
		snprintf(err, errlen, "component name too long: %.40s...", s->name);
		st = UA_EDATA;
		goto out;
	}
	if (has_leaf_or_text(w, comp, s)) {
		bag = bag_names(w, s->name, NULL);
		st = ua_schema_validate_bag(w->ctx, rel, w->doc, comp, bag, UA_SCHEMA_CONTENT,
		    NULL, w->d, err, errlen);
		free(bag);
	}
	/* each container at the top of a component has a schema of its own, so that
	 * only the parts a file uses are ever compiled */
	for (c = comp->children; c && st == UA_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !in_unattend_ns(w, c) ||
		    (k = ua_setting_child(s, (const char *)c->name, &differs)) == NULL ||
		    k->type == UA_ST_VALUE)
			continue;
		if (schema_rel(rel, sizeof(rel), s->name, k->name) != 0) {
			snprintf(err, errlen, "setting name too long: %.40s...", k->name);
			st = UA_EDATA;
			break;
		}
		bag = bag_names(w, s->name, k->name);
		st = ua_schema_validate_bag(w->ctx, rel, w->doc, c, bag, UA_SCHEMA_CONTENT, NULL,
		    w->d, err, errlen);
		free(bag);
	}
out:
	xmlFree(name);
	xmlFree(arch);
	return st;
}

int
ua_unattend_check(struct ua_ctx *ctx, struct ua_doc *doc, struct ua_diags *d,
    char *err, size_t errlen)
{
	struct walk w = { ctx, NULL, doc, d, NULL, NULL, ctx->answer_files++ == 0 };
	struct seen_component seen[128];
	xmlNodePtr root, s, c, next;
	xmlChar *passname;
	size_t nseen, i;
	int st, pass;

	if ((w.cat = ua_ctx_catalog(ctx, err, errlen)) == NULL)
		return UA_EDATA;
	st = ua_schema_validate(ctx, "unattend/envelope.xsd", doc, NULL,
	    UA_SCHEMA_ENVELOPE, NULL, d, err, errlen);
	if (st != UA_OK)
		return st;
	root = xmlDocGetRootElement(doc->xml);
	if (root == NULL || !in_unattend_ns(&w, root) ||
	    xmlStrcmp(root->name, BAD_CAST "unattend") != 0)
		return UA_OK;
	check_namespaces(&w, root);
	doc->secrets_noted = 1;	/* until a note fails or the walk stops early */
	for (s = root->children; s && st == UA_OK; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !in_unattend_ns(&w, s) ||
		    xmlStrcmp(s->name, BAD_CAST "settings") != 0)
			continue;
		passname = xmlGetProp(s, BAD_CAST "pass");
		pass = passname ? ua_catalog_pass(w.cat, (const char *)passname) : -1;
		xmlFree(passname);
		nseen = 0;
		for (c = s->children; c && st == UA_OK; c = next) {
			next = c->next;
			if (c->type == XML_ELEMENT_NODE && in_unattend_ns(&w, c) &&
			    xmlStrcmp(c->name, BAD_CAST "component") == 0)
				st = check_component(&w, c, pass, seen, &nseen, err, errlen);
		}
		for (i = 0; i < nseen; i++)
			free(seen[i].arch);
	}
	while (w.dropped) {
		next = w.dropped->next;
		w.dropped->next = NULL;
		xmlFreeNode(w.dropped);
		w.dropped = next;
	}
	if (st != UA_OK)
		doc->secrets_noted = 0;
	return st;
}
