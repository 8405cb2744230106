/* SPDX-License-Identifier: MIT */
/* XSD validation: compile each schema once, report its errors as our findings. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "doc.h"
#include "kind.h"
#include "schema.h"
#include "langtag.h"
#include "secret.h"
#include "template.h"
#include "tree.h"
#include "ua.h"
#include "unattend.h"
#include "util.h"

struct ua_schema {
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vctxt;
	xmlDocPtr xsd;		/* the schema document, while it is compiled */
};

struct collect {
	const struct ua_secret_names *names;
	struct ua_doc *doc;
	struct ua_diags *d;
	enum ua_schema_role role;
	const char *rule;
	const xmlNode *last_value_node;	/* a facet error was reported here */
	size_t first;			/* findings before this are not ours */
	int other_ns_attrs;		/* leaves may carry other namespaces' attributes */
	const xmlNode *attrs_of;	/* the element whose attributes attrs holds */
	struct named_attr *attrs;	/* sorted by name, then document order */
	size_t nattrs;
	struct ua_ctx *ctx;		/* for the words of a pattern */
};

struct named_attr {
	const char *name;
	xmlAttrPtr a;
	size_t order;
};

struct parse_errors {
	char msg[512];
};

static void
on_parse_error(void *arg, xmlErrorPtr e)
{
	struct parse_errors *pe = arg;

	if (pe->msg[0] == '\0' && e && e->message)
		snprintf(pe->msg, sizeof(pe->msg), "%s", e->message);
}

static void
free_entry(void *payload, const xmlChar *name)
{
	struct ua_schema *s = payload;

	(void)name;
	if (s->vctxt)
		xmlSchemaFreeValidCtxt(s->vctxt);
	if (s->schema)
		xmlSchemaFree(s->schema);
	xmlFreeDoc(s->xsd);
	free(s);
}

void
ua_schema_cache_free(struct ua_ctx *ctx)
{
	if (ctx->schemas)
		xmlHashFree(ctx->schemas, free_entry);
	ctx->schemas = NULL;
}

#define XSD_NS "http://www.w3.org/2001/XMLSchema"

/* The first element child of n, or NULL. */
static xmlNodePtr
first_element(xmlNodePtr n)
{
	for (n = n ? n->children : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

static int
is_xsd(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	    xmlStrEqual(n->ns->href, BAD_CAST XSD_NS) && xmlStrEqual(n->name, BAD_CAST name);
}

static int
prop_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	int same = v ? want && xmlStrEqual(v, BAD_CAST want) : want == NULL;

	xmlFree(v);
	return same;
}

/* Whether word is one of the space-separated words of list. */
static int
word_in(const char *list, const xmlChar *word)
{
	size_t n = (size_t)xmlStrlen(word);
	const char *p;

	for (p = list; (p = strstr(p, (const char *)word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/*
 * Keeps, of the bag that declares the root element named root (any number of
 * its children in any order: xs:sequence minOccurs="0" maxOccurs="unbounded"
 * around one xs:choice of xs:element), only the elements names lists. 1 when
 * done; 0 when the declaration is not such a bag or lacks one of the names
 * (the whole schema is compiled then). libxml2 checks a content model for
 * determinism by comparing each pair of its choices: for a component of
 * forty settings that is most of the schema's compilation.
 */
static int
prune_bag(xmlDocPtr xsd, const xmlChar *root, const char *names)
{
	xmlNodePtr decl, seq, choice, e, next;
	size_t have = 0, want = 1;
	const char *p;
	xmlChar *name;

	for (p = names; *p; p++)
		want += *p == ' ';
	for (decl = first_element(xmlDocGetRootElement(xsd)); decl; decl = decl->next)
		if (is_xsd(decl, "element") && prop_is(decl, "name", (const char *)root))
			break;
	decl = first_element(decl);
	if (!is_xsd(decl, "complexType") || !is_xsd(seq = first_element(decl), "sequence") ||
	    !prop_is(seq, "minOccurs", "0") || !prop_is(seq, "maxOccurs", "unbounded") ||
	    !is_xsd(choice = first_element(seq), "choice") || choice->properties)
		return 0;
	for (e = choice->next; e; e = e->next)
		if (e->type == XML_ELEMENT_NODE)
			return 0;
	for (e = first_element(choice); e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE)
			continue;
		if (!is_xsd(e, "element") || (name = xmlGetNoNsProp(e, BAD_CAST "name")) == NULL)
			return 0;
		have += word_in(names, name);
		xmlFree(name);
	}
	if (have != want)
		return 0;
	for (e = first_element(choice); e; e = next) {
		next = e->next;
		if (e->type != XML_ELEMENT_NODE)
			continue;
		name = xmlGetNoNsProp(e, BAD_CAST "name");
		if (!word_in(names, name)) {
			xmlUnlinkNode(e);
			xmlFreeNode(e);
		}
		xmlFree(name);
	}
	return 1;
}

/*
 * Compiles the schema at rel and keeps it under key; with names (see
 * ua_schema_validate_bag), only those children of root's bag, when it is one.
 */
static struct ua_schema *
compile(struct ua_ctx *ctx, const char *rel, const char *key, const xmlChar *root,
    const char *names, char *err, size_t errlen)
{
	struct ua_schema *s;
	struct parse_errors pe = { "" };
	xmlSchemaParserCtxtPtr pc;
	char *path, *text = NULL;
	size_t n, len;

	if ((path = ua_ctx_schema_path(ctx, rel)) == NULL)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		free(path);
		return NULL;
	}
	/*
	 * Read and parse the schema document here rather than let libxml2 open
	 * it: no compressed-file reader and its buffers, and no node for the
	 * indentation between elements (NOBLANKS), which the schema compiler
	 * would only skip. Fewer pages touched, fewer instructions: compiling the
	 * schemas a file needs is most of a one-file run.
	 */
	if (ua_read_file(path, &text, &len, pe.msg, sizeof(pe.msg)) != UA_OK) {
		snprintf(err, errlen, "%s: %s", path, pe.msg);
		free_entry(s, NULL);
		free(path);
		return NULL;
	}
	s->xsd = ua_ctx_read_xml(ctx, text, len, path, XML_PARSE_NOBLANKS | XML_PARSE_COMPACT |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(text);
	if (s->xsd && names && !prune_bag(s->xsd, root, names)) {
		/* not a bag of those names: the whole schema, under its own name */
		key = rel;
		if ((s->schema = NULL, xmlHashLookup(ctx->schemas, BAD_CAST rel)) != NULL) {
			free_entry(s, NULL);
			free(path);
			return xmlHashLookup(ctx->schemas, BAD_CAST rel);
		}
	}
	if (s->xsd == NULL) {
		const xmlError *e = xmlGetLastError();
		snprintf(pe.msg, sizeof(pe.msg), "%s", e && e->message ? e->message :
		    "not well-formed XML");
	} else if ((pc = xmlSchemaNewDocParserCtxt(s->xsd)) != NULL) {
		xmlSchemaSetParserStructuredErrors(pc, on_parse_error, &pe);
		s->schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	/* The compiled schema keeps its names in its own dictionary; validation
	 * never looks at the schema document's nodes (libxml2 2.9: only parsing
	 * and fixup do), so the document can go now and its memory be reused. */
	xmlFreeDoc(s->xsd);
	s->xsd = NULL;
	if (s == NULL || s->schema == NULL ||
	    (s->vctxt = xmlSchemaNewValidCtxt(s->schema)) == NULL) {
		n = strlen(pe.msg);
		while (n > 0 && pe.msg[n - 1] == '\n')
			pe.msg[--n] = '\0';
		snprintf(err, errlen, "%s: %s", path, pe.msg[0] ? pe.msg : "cannot load schema");
		if (s)
			free_entry(s, NULL);
		free(path);
		return NULL;
	}
	free(path);
	if (xmlHashAddEntry(ctx->schemas, BAD_CAST key, s) != 0) {
		free_entry(s, NULL);
		return NULL;
	}
	return s;
}

/*
 * The compiled schema at rel; with names, the one of the first document
 * that needs rel, compiled for those children of root only (see
 * ua_schema_validate_bag). A document with other names gets the whole schema,
 * and every document after it too: a run of many files compiles each schema
 * in full once, a run of one file only the parts it uses.
 */
static struct ua_schema *
load(struct ua_ctx *ctx, const char *rel, const xmlChar *root, const char *names,
    char *err, size_t errlen)
{
	struct ua_schema *s, *mark;
	char *key, *first;

	if (ctx->schemas == NULL && (ctx->schemas = xmlHashCreate(64)) == NULL)
		return NULL;
	if ((s = xmlHashLookup(ctx->schemas, BAD_CAST rel)) != NULL)
		return s;
	if (names == NULL)
		return compile(ctx, rel, rel, NULL, NULL, err, errlen);
	if ((key = ua_asprintf("%s\n%s", rel, names)) == NULL ||
	    (first = ua_asprintf("%s\n", rel)) == NULL) {
		free(key);
		return NULL;
	}
	if ((s = xmlHashLookup(ctx->schemas, BAD_CAST key)) == NULL) {
		if (xmlHashLookup(ctx->schemas, BAD_CAST first) != NULL)
			s = compile(ctx, rel, rel, NULL, NULL, err, errlen);
		else if ((mark = calloc(1, sizeof(*mark))) != NULL &&
		    xmlHashAddEntry(ctx->schemas, BAD_CAST first, mark) == 0)
			s = compile(ctx, rel, key, root, names, err, errlen);
		else
			free(mark);
	}
	free(first);
	free(key);
	return s;
}

/* Drops "{namespace}" from libxml2's qualified names and the trailing newline. */
static void
tidy(char *m)
{
	char *r = m, *w = m;

	while (*r) {
		if (*r == '{' && strchr(r, '}') && (strncmp(r + 1, "urn:", 4) == 0 ||
		    strncmp(r + 1, "http", 4) == 0)) {
			r = strchr(r, '}') + 1;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	while (w > m && (w[-1] == '\n' || w[-1] == ' '))
		*--w = '\0';
}

/* Collects 'a', 'b' items from a "{'a', 'b'}" or "( a, b )" list in msg. */
static size_t
list_items(const char *start, char close, char **items, size_t max)
{
	const char *p = start, *q;
	size_t n = 0;

	while (*p && *p != close && n < max) {
		while (*p == ' ' || *p == ',' || *p == '\'')
			p++;
		for (q = p; *q && *q != ',' && *q != close && *q != '\''; q++)
			;
		while (q > p && q[-1] == ' ')
			q--;
		if (q > p) {
			char *s = ua_strndup(p, (size_t)(q - p)), *brace = s ? strchr(s, '}') : NULL;
			if (brace)	/* "{ns}Name" */
				memmove(s, brace + 1, strlen(brace + 1) + 1);
			items[n++] = s;
		}
		p = q;
		while (*p == '\'' || *p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p != close && p == q)
			p++;
	}
	return n;
}

static char *
quoted_after(const char *msg, const char *marker)
{
	const char *p = strstr(msg, marker), *q;

	if (p == NULL)
		return NULL;
	p += strlen(marker);
	if ((q = strchr(p, '\'')) == NULL)
		return NULL;
	return ua_strndup(p, (size_t)(q - p));
}

static char *
element_name(const char *msg)
{
	return quoted_after(msg, "Element '");
}

static char *subject(const char *msg, char **attr, const char **rest);

/*
 * Other names people write for an allowed value (processor architectures as
 * other tools name them): the allowed value, when it is among items.
 */
static const char *
alias_of(const char *val, const char *const *items, size_t n)
{
	static const char *const aliases[][2] = {
		{ "x64", "amd64" }, { "x86_64", "amd64" }, { "x86-64", "amd64" }, { "em64t", "amd64" },
		{ "aarch64", "arm64" }, { "i386", "x86" }, { "i686", "x86" }, { "win32", "x86" },
	};
	size_t i, k;

	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(val, aliases[i][0]) == 0)
			for (k = 0; k < n; k++)
				if (items[k] && strcmp(items[k], aliases[i][1]) == 0)
					return items[k];
	return NULL;
}

/* "root element <settings> has no namespace: ..." instead of libxml2's words */
static char *
root_message(const xmlNode *root)
{
	const char *start = "an answer file starts with <unattend "
	    "xmlns=\"urn:schemas-microsoft-com:unattend\">";

	if (root == NULL || root->type != XML_ELEMENT_NODE)
		return NULL;
	if (root->ns == NULL)
		return ua_asprintf("root element <%s> has no namespace: %s", (const char *)root->name,
		    start);
	if (!xmlStrEqual(root->ns->href, BAD_CAST UA_NS_UNATTEND))
		return ua_asprintf("root element <%s> is in the namespace '%s': %s",
		    (const char *)root->name, (const char *)root->ns->href, start);
	return ua_asprintf("root element <%s> is not <unattend>: %s", (const char *)root->name,
	    start);
}

/* "the root element is <Foo>; a BundleConfig.xml starts with <BundleConfig>" */
static char *
kind_root_message(const struct ua_kind *kind, const xmlNode *root)
{
	const char *file, *sp;

	if (kind == NULL || root == NULL || root->type != XML_ELEMENT_NODE || kind->nsigs == 0 ||
	    kind->sigs[0][0] == '{' || kind->desc == NULL)
		return NULL;
	/* the description ends with the file's usual name ("EC2Config BundleConfig.xml") */
	file = (sp = strrchr(kind->desc, ' ')) != NULL ? sp + 1 : kind->desc;
	return ua_asprintf("the root element is <%s>; %s %s starts with <%s>",
	    (const char *)root->name, strchr("AEIOU", file[0]) ? "an" : "a", file, kind->sigs[0]);
}

/*
 * What a value of a built-in or generated simple type is, in words
 * ("a whole number from 1 to 500"), or NULL when the type has no plain name.
 */
static char *
type_words(const char *type)
{
	static const struct {
		const char *type, *words;
	} plain[] = {
		{ "boolean", "true or false" }, { "udBoolean", "true or false" },
		{ "integer", "a whole number" }, { "int", "a whole number" },
		{ "long", "a whole number" }, { "short", "a whole number" },
		{ "nonNegativeInteger", "a whole number of 0 or more" },
		{ "unsignedInt", "a whole number of 0 or more" },
		{ "unsignedLong", "a whole number of 0 or more" },
		{ "unsignedShort", "a whole number of 0 or more" },
		{ "unsignedByte", "a whole number from 0 to 255" },
		{ "positiveInteger", "a whole number of 1 or more" },
		{ "decimal", "a number" }, { "double", "a number" }, { "float", "a number" },
	};
	const char *t = strncmp(type, "xs:", 3) == 0 ? type + 3 : type;
	unsigned long lo, hi;
	char *end;
	size_t i;

	if (strncmp(t, "integer-", 8) == 0 && t[8] >= '0' && t[8] <= '9') {
		lo = strtoul(t + 8, &end, 10);
		if (*end == '-' && end[1] == '\0')
			return ua_asprintf("a whole number of %lu or more", lo);
		if (*end == '-' && end[1] >= '0' && end[1] <= '9') {
			hi = strtoul(end + 1, &end, 10);
			if (*end == '\0')
				return ua_asprintf("a whole number from %lu to %lu", lo, hi);
		}
	}
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcmp(t, plain[i].type) == 0)
			return ua_strdup(plain[i].words);
	return NULL;
}

/* "X: 'first' is not a whole number from 1 to 500" for a value of the wrong type */
static char *
type_message(const xmlError *e, const char *what, const char *rest)
{
	char *v = e->str1 ? ua_strdup(e->str1) : quoted_after(rest, "'");
	char *type = e->str2 ? ua_strdup(e->str2) : quoted_after(rest, "atomic type '");
	char *words = type ? type_words(type) : NULL, *r = NULL;

	if (v && strstr(rest, "atomic type"))
		r = words ? ua_asprintf("%s: '%s' is not %s", what, v, words) :
		    ua_asprintf("%s: '%s' is not a value this setting takes (%s)", what, v,
		    type ? type : "?");
	free(v);
	free(type);
	free(words);
	return r;
}

/* "<component> needs a name attribute" */
static char *
missing_attr_message(const xmlNode *node, const char *rest)
{
	char *a = quoted_after(rest, "The attribute '"), *r = NULL;

	if (a && node && node->type == XML_ELEMENT_NODE)
		r = ua_asprintf("<%s> needs a%s %s attribute", (const char *)node->name,
		    strchr("aeiou", a[0]) ? "n" : "", a);
	free(a);
	return r;
}

/* Rewrites an enumeration error as "X: 'v' is not one of a, b; did you mean 'a'?" */
static char *
enum_message(const char *msg)
{
	char *items[256], *attr, *el, *val = quoted_after(msg, "The value '");
	const char *rest;
	const char *set = strstr(msg, "{'"), *best = NULL;
	struct ua_buf b = { 0 };
	size_t n = 0, i;

	el = subject(msg, &attr, &rest);
	free(attr);
	if (set)
		n = list_items(set + 1, '}', items, 256);
	for (i = 0; i < n && val; i++)
		if (items[i] && strcasecmp(items[i], val) == 0)
			best = items[i];
	if (best == NULL && val)
		best = alias_of(val, (const char *const *)items, n);
	if (best == NULL && val)
		best = ua_suggest(val, (const char *const *)items, n);
	ua_buf_printf(&b, "%s: '%s' is not one of: ", el ? el : "value", val ? val : "");
	for (i = 0; i < n; i++)
		ua_buf_printf(&b, "%s%s", i ? ", " : "", items[i] ? items[i] : "");
	if (best)
		ua_buf_printf(&b, " (did you mean '%s'?)", best);
	for (i = 0; i < n; i++)
		free(items[i]);
	free(el);
	free(val);
	return ua_buf_take(&b);
}

/* Adds a did-you-mean to "This element is not expected. Expected is ( a, b )." */
static char *
content_message(const char *msg)
{
	char *items[512], *el = element_name(msg);
	const char *list = strstr(msg, "Expected is"), *best = NULL, *open;
	struct ua_buf b = { 0 };
	size_t n = 0, i;

	if (list && (open = strchr(list, '(')) != NULL)
		n = list_items(open + 1, ')', items, 512);
	if (el && n)
		best = ua_suggest(el, (const char *const *)items, n);
	if (el && strstr(msg, "not expected")) {
		ua_buf_printf(&b, "'%s' is not expected here", el);
		if (best)
			ua_buf_printf(&b, " (did you mean '%s'?)", best);
		else if (n && n <= 8) {
			ua_buf_puts(&b, "; expected: ");
			for (i = 0; i < n; i++)
				ua_buf_printf(&b, "%s%s", i ? ", " : "", items[i] ? items[i] : "");
		}
	} else if (el && strstr(msg, "Missing child element")) {
		/* libxml2 lists what may come next: one of them at least is missing */
		ua_buf_printf(&b, "<%s> lacks a required element", el);
		if (n)
			ua_buf_printf(&b, " (expected%s: ", n > 1 ? " one of" : "");
		for (i = 0; i < n; i++)
			ua_buf_printf(&b, "%s%s", i ? ", " : "", items[i] ? items[i] : "");
		if (n)
			ua_buf_puts(&b, ")");
	} else
		ua_buf_puts(&b, msg);
	for (i = 0; i < n; i++)
		free(items[i]);
	free(el);
	return ua_buf_take(&b);
}

static const char *
content_rule(const xmlError *e, const char *msg, const xmlNode *node)
{
	switch (e->code) {
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
		return "value-enum";
	case XML_SCHEMAV_CVC_PATTERN_VALID:
		/* The generated schemas spell booleans as a case-blind pattern. */
		return strstr(msg, "[Tt][Rr][Uu][Ee]") ? "value-type" : "value-pattern";
	case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
	case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
		return "value-range";
	case XML_SCHEMAV_CVC_LENGTH_VALID:
	case XML_SCHEMAV_CVC_MINLENGTH_VALID:
	case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
		if (strstr(msg, "length of '0'") && node && node->type == XML_ELEMENT_NODE)
			return "value-empty";
		return "value-length";
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
		return "value-type";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
	case XML_SCHEMAV_CVC_ATTRIBUTE_1:
	case XML_SCHEMAV_CVC_ATTRIBUTE_2:
	case XML_SCHEMAV_CVC_ATTRIBUTE_3:
	case XML_SCHEMAV_CVC_ATTRIBUTE_4:
	case XML_SCHEMAV_CVC_AU:
	case XML_SCHEMAV_CVC_TYPE_3_1_1:	/* an attribute on a leaf */
		return "attribute";
	default:
		return "structure";
	}
}

static const char *
envelope_rule(const xmlError *e, const xmlNode *node, const char *attr)
{
	if (e->code == XML_SCHEMAV_CVC_ELT_1)
		return "root";
	if (attr && strcmp(attr, "pass") == 0)
		return "unknown-pass";
	if (node && node->type == XML_ELEMENT_NODE &&
	    xmlStrcmp(node->name, BAD_CAST "component") == 0 &&
	    (attr || e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_4))
		return "component-attribute";
	if (node && node->type == XML_ELEMENT_NODE && node->parent &&
	    node->parent->type == XML_DOCUMENT_NODE)
		return "root";
	return "envelope";
}

static int
is_value_error(int code)
{
	return code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 ||
	    code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2 ||
	    code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3 ||
	    code == XML_SCHEMAV_CVC_TYPE_3_1_2 ||
	    code == XML_SCHEMAV_CVC_ELT_5_2_2_2_2 ||
	    code == XML_SCHEMAV_CVC_ELT_5_2_2_2_1;
}

/* The subject of a libxml2 message: "Element 'X'" or "Element 'X', attribute 'Y'". */
static char *
subject(const char *msg, char **attr, const char **rest)
{
	char *el = element_name(msg);
	const char *p;

	*attr = NULL;
	/* "Element 'X', attribute 'Y': ...": only there, never from the text after it */
	if (el && strncmp(msg, "Element '", 9) == 0 &&
	    strncmp(msg + 9 + strlen(el), "', attribute '", 14) == 0)
		*attr = quoted_after(msg + 9 + strlen(el), ", attribute '");
	*rest = msg;
	if (strncmp(msg, "Element '", 9) == 0 && (p = strstr(msg, "': ")) != NULL)
		*rest = p + 3;
	if (el && *attr) {
		char *both = ua_asprintf("%s/@%s", el, *attr);
		free(el);
		return both;
	}
	return el;
}

/* Shorter wording for the common facet errors; NULL keeps libxml2's text. */
static char *
facet_message(struct ua_ctx *ctx, const char *what, const char *rule, const char *rest)
{
	char *v = quoted_after(rest, "The value '"), *lim, *r = NULL;

	if (strcmp(rule, "value-empty") == 0)
		r = ua_asprintf("%s must not be empty", what);
	else if (strstr(rest, "[facet 'maxLength']") &&
	    (lim = quoted_after(rest, "maximum length of '")) != NULL) {
		char *len = quoted_after(rest, "has a length of '");
		r = ua_asprintf("%s is %s characters long; at most %s are allowed", what,
		    len ? len : "?", lim);
		free(len);
		free(lim);
	} else if (strstr(rest, "[facet 'minInclusive']") &&
	    (lim = quoted_after(rest, "allowed ('")) != NULL) {
		r = ua_asprintf("%s: %s is less than the minimum %s", what, v ? v : "?", lim);
		free(lim);
	} else if (strstr(rest, "[facet 'maxInclusive']") &&
	    (lim = quoted_after(rest, "allowed ('")) != NULL) {
		r = ua_asprintf("%s: %s is greater than the maximum %s", what, v ? v : "?", lim);
		free(lim);
	} else if (strstr(rest, "[facet 'pattern']") && strstr(rest, "[Tt][Rr][Uu][Ee]"))
		r = ua_asprintf("%s: '%s' is not a boolean (true or false)", what, v ? v : "");
	else if (strstr(rest, "[facet 'pattern']") &&
	    (lim = quoted_after(rest, "accepted by the pattern '")) != NULL) {
		/* a pattern is said in words (schemas/patterns.tsv), never as a regex */
		const char *says = ua_ctx_pattern_words(ctx, lim);
		size_t wl = strlen(what);
		/* a component's language: the fix the language settings get (en_US: en-US) */
		char *fix = v && wl >= 10 && strcmp(what + wl - 10, "/@language") == 0 ?
		    ua_language_fix(ctx->datadir, NULL, v, NULL) : NULL;
		r = ua_asprintf("%s: '%s' is not in the form this setting takes%s%s%s%s%s",
		    what, v ? v : "", says ? ": " : "", says ? says : "",
		    fix ? " (did you mean '" : "", fix ? fix : "", fix ? "'?)" : "");
		free(fix);
		free(lim);
	}
	free(v);
	return r;
}

/*
 * Whether a cvc-type.3.1.1 error (an attribute on an element of simple type)
 * names an attribute from a namespace other than the unattend one: the
 * generated schemas give leaves plain simple types, and such attributes
 * (wcm:action, ...) are allowed on every element, as on the containers.
 */
static int
foreign_attr(const xmlError *e)
{
	const xmlNode *node = e->node;
	const xmlAttr *a;
	const char *msg = e->message ? e->message : "", *p, *q;
	size_t n;

	/* the message names the attribute as '{namespace}name' */
	if ((p = strstr(msg, ", attribute '{")) == NULL || (q = strchr(p += 14, '}')) == NULL)
		return 0;
	n = (size_t)(q - p);
	if (n == strlen(UA_NS_UNATTEND) && strncmp(p, UA_NS_UNATTEND, n) == 0)
		return 0;
	if (node && node->type == XML_ATTRIBUTE_NODE)
		node = node->parent;
	for (a = node && node->type == XML_ELEMENT_NODE ? node->properties : NULL; a; a = a->next)
		if (a->ns && a->ns->href && strlen((const char *)a->ns->href) == n &&
		    strncmp((const char *)a->ns->href, p, n) == 0)
			return 1;
	return 0;
}

/*
 * The message for a value error on a secret: libxml2's text quotes the value
 * (and what follows it may be cut from it), so none of it is used; the
 * finding says where, and what kind of check failed.
 */
/* The digits quoted after the last marker in msg (libxml2's words after the value), or NULL. */
static char *
number_after_last(const char *msg, const char *marker)
{
	const char *p, *last = NULL;
	char *v;

	for (p = msg; (p = strstr(p, marker)) != NULL; p++)
		last = p;
	if (last == NULL || (v = quoted_after(last, marker)) == NULL)
		return NULL;
	if (v[0] == '\0' || strspn(v, "0123456789") != strlen(v)) {
		free(v);
		return NULL;
	}
	return v;
}

static char *
secret_message(const char *what, const char *rule, const char *rest)
{
	char *len, *max, *min, *r = NULL;

	static const struct {
		const char *rule, *text;
	} says[] = {
		{ "value-empty", "must not be empty" },
		{ "value-enum", "the value (not shown: a secret) is not one of the allowed values" },
		{ "value-pattern", "the value (not shown: a secret) does not have the required form" },
		{ "value-length", "the value (not shown: a secret) is too long or too short" },
		{ "value-range", "the value (not shown: a secret) is out of range" },
	};
	size_t i;

	if (strcmp(rule, "value-length") == 0 &&
	    (len = number_after_last(rest, "has a length of '")) != NULL) {
		/* the facet is named before the value: which limit is then certain */
		max = strncmp(rest, "[facet 'maxLength']", 19) == 0 ?
		    number_after_last(rest, "maximum length of '") : NULL;
		min = strncmp(rest, "[facet 'minLength']", 19) == 0 ?
		    number_after_last(rest, "minimum length of '") : NULL;
		if (max || min)
			r = ua_asprintf("%s is %s characters long; at %s %s are allowed",
			    what ? what : "value", len, max ? "most" : "least", max ? max : min);
		free(len);
		free(max);
		free(min);
		if (r)
			return r;
	}
	for (i = 0; i < sizeof(says) / sizeof(says[0]); i++)
		if (strcmp(rule, says[i].rule) == 0)
			break;
	return ua_asprintf("%s%s%s", what ? what : "value", i == 0 ? " " : ": ",
	    i < sizeof(says) / sizeof(says[0]) ? says[i].text :
	    "the value (not shown: a secret) is not of the required type");
}

/*
 * A template's placeholder is a value not yet known: an error about such a
 * value is dropped (1), except a length the value's fixed part already
 * exceeds (*nicer says so). So is an error about an element whose own text is
 * a placeholder standing for elements, and one about an element that repeats
 * a sibling of another branch of the same conditional.
 */
static int
template_drop(const struct collect *c, const xmlError *e, const char *rule,
    const xmlNode *at, const char *what, const char *rest, char **nicer)
{
	const xmlNode *node = e->node, *sib;
	char *lim;
	xmlChar *v;
	size_t fixed;

	/* JSON and YAML values carry their type in the type attribute */
	if (at && at->type == XML_ATTRIBUTE_NODE && c->doc->fmt != UA_FMT_XML &&
	    xmlStrEqual(at->name, BAD_CAST "type"))
		return ua_doc_value_unknown(c->doc, node);
	if (strncmp(rule, "value-", 6) == 0 || (at && at->type == XML_ATTRIBUTE_NODE)) {
		if (!ua_doc_value_unknown(c->doc, at))
			return 0;
		if (strstr(rest, "[facet 'maxLength']") == NULL ||
		    (lim = quoted_after(rest, "maximum length of '")) == NULL)
			return 1;
		v = xmlNodeGetContent(at);
		fixed = ua_template_fixed_len(c->doc->tpl, (const char *)v);
		xmlFree(v);
		if (fixed > strtoul(lim, NULL, 10))
			*nicer = ua_asprintf("%s is at least %zu characters long without its "
			    "placeholders; at most %s are allowed", what ? what : "value", fixed, lim);
		free(lim);
		return *nicer == NULL;
	}
	if (node == NULL || node->type != XML_ELEMENT_NODE)
		return 0;
	if (ua_doc_value_unknown(c->doc, node))
		return 1;
	for (sib = node->prev; sib; sib = sib->prev)
		if (sib->type == XML_ELEMENT_NODE && xmlStrEqual(sib->name, node->name) &&
		    ua_doc_alternatives(c->doc, sib, node))
			return 1;
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct named_attr *)a)->name, ((const struct named_attr *)b)->name);
}

static int
cmp_named(const void *a, const void *b)
{
	const struct named_attr *x = a, *y = b;
	int k = cmp_name(a, b);

	return k ? k : (x->order > y->order) - (x->order < y->order);
}

/* The first attribute of element node named name, as xmlHasProp() finds it,
 * from a sorted copy of node's attributes (an element may carry thousands,
 * each with an error). NULL when there is none. */
static xmlAttrPtr
attr_named(struct collect *c, const xmlNode *node, const char *name)
{
	struct named_attr key = { name, NULL, 0 }, *hit;
	xmlAttrPtr a;
	size_t n = 0;

	if (c->attrs_of != node) {
		free(c->attrs);
		c->attrs = NULL;
		c->nattrs = 0;
		c->attrs_of = NULL;
		for (a = node->properties; a; a = a->next)
			n++;
		if (n == 0 || (c->attrs = calloc(n, sizeof(*c->attrs))) == NULL)
			return NULL;
		for (a = node->properties; a; a = a->next, c->nattrs++) {
			c->attrs[c->nattrs].name = (const char *)a->name;
			c->attrs[c->nattrs].a = a;
			c->attrs[c->nattrs].order = c->nattrs;
		}
		qsort(c->attrs, c->nattrs, sizeof(*c->attrs), cmp_named);
		c->attrs_of = node;
	}
	if ((hit = bsearch(&key, c->attrs, c->nattrs, sizeof(*c->attrs), cmp_name)) == NULL)
		return NULL;
	while (hit > c->attrs && strcmp(hit[-1].name, name) == 0)
		hit--;
	return hit->a;
}

static void
on_valid_error(void *arg, xmlErrorPtr e)
{
	struct collect *c = arg;
	const xmlNode *node = e->node, *at = e->node;
	unsigned long line, col;
	const char *rule, *rest;
	char *msg, *nicer = NULL, *what, *attr;

	if (e->level < XML_ERR_ERROR)
		return;
	if (c->other_ns_attrs && e->code == XML_SCHEMAV_CVC_TYPE_3_1_1 && foreign_attr(e))
		return;
	/* libxml2 follows a facet error with a generic one on the same value. */
	if (node && node == c->last_value_node && is_value_error(e->code))
		return;
	if ((msg = ua_strdup(e->message ? e->message : "schema error")) == NULL)
		return;
	tidy(msg);
	what = subject(msg, &attr, &rest);
	if (attr && node && node->type == XML_ELEMENT_NODE) {
		xmlAttrPtr a = attr_named(c, node, attr);
		if (a)
			at = (const xmlNode *)a;
	}
	rule = c->role == UA_SCHEMA_ENVELOPE ? envelope_rule(e, node, attr) :
	    content_rule(e, msg, node);
	if (c->doc->tpl && template_drop(c, e, rule, at, what, rest, &nicer)) {
		free(msg);
		free(what);
		free(attr);
		return;
	}
	/* JSON and YAML values carry their type in the type attribute. */
	if (attr && strcmp(attr, "type") == 0 && c->doc->fmt != UA_FMT_XML &&
	    node && node->type == XML_ELEMENT_NODE) {
		char *want = quoted_after(rest, "fixed value constraint '");
		char *have = quoted_after(rest, "The value '");
		char *key = ua_tree_key(node);
		rule = "value-type";
		if (want && have && key)
			nicer = ua_asprintf("%s: %s %s is required, not %s %s", key,
			    strchr("aeiou", want[0]) ? "an" : "a", want,
			    strchr("aeiou", have[0]) ? "an" : "a", have);
		free(want);
		free(have);
		free(key);
		at = node;
	}
	if (nicer)
		;
	else if (e->code == XML_SCHEMAV_CVC_ELT_1 && strcmp(rule, "root") == 0)
		nicer = root_message(node && node->type == XML_ELEMENT_NODE ? node :
		    xmlDocGetRootElement(c->doc->xml));
	else if (e->code == XML_SCHEMAV_CVC_ELT_1 && c->role == UA_SCHEMA_CONTENT &&
	    c->rule == NULL && node && node->type == XML_ELEMENT_NODE &&
	    node == xmlDocGetRootElement(c->doc->xml) &&
	    (nicer = kind_root_message(c->doc->kind, node)) != NULL)
		;
	else if ((e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 ||
	    e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2 ||
	    e->code == XML_SCHEMAV_CVC_TYPE_3_1_1) && attr && node &&
	    node->type == XML_ELEMENT_NODE)
		nicer = ua_asprintf("%s takes no attribute '%s'", (const char *)node->name, attr);
	else if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3 && what)
		nicer = ua_asprintf("%s holds text, but it takes only settings (elements): "
		    "remove the text", what);
	else if ((e->code == XML_SCHEMAV_CVC_TYPE_3_1_2 ||
	    e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2) && what)
		nicer = ua_asprintf("%s takes text, not elements", what);
	else if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_4 &&
	    (nicer = missing_attr_message(node, rest)) != NULL)
		;
	else if ((strncmp(rule, "value-", 6) == 0 || is_value_error(e->code)) &&
	    ua_secret_within(c->names, c->doc, node))
		nicer = secret_message(what, rule, rest);
	else if (e->code == XML_SCHEMAV_CVC_ENUMERATION_VALID)
		nicer = enum_message(msg);
	else if (e->code == XML_SCHEMAV_ELEMENT_CONTENT)
		nicer = content_message(msg);
	else if (what && is_value_error(e->code) &&
	    (nicer = type_message(e, what, rest)) != NULL)
		;
	else if (what)
		nicer = facet_message(c->ctx, what, rule, rest);
	if (nicer == NULL && what)
		nicer = ua_asprintf("%s: %s", what, rest);
	if (strncmp(rule, "value-", 6) == 0)
		c->last_value_node = node;
	ua_doc_pos(c->doc, at, &line, &col);
	if (line == 0) {
		line = e->line > 0 ? (unsigned long)e->line : 1;
		col = 1;
	}
	rule = c->rule ? c->rule : rule;
	msg = nicer ? (free(msg), nicer) : msg;
	ua_diags_add(c->d, c->doc->name, line, col, UA_SEV_ERROR, rule, "%s", msg);
	free(msg);
	free(what);
	free(attr);
}

int
ua_schema_validate(struct ua_ctx *ctx, const char *rel, struct ua_doc *doc,
    xmlNodePtr el, enum ua_schema_role role, const char *rule,
    struct ua_diags *d, char *err, size_t errlen)
{
	return ua_schema_validate_bag(ctx, rel, doc, el, NULL, role, rule, d, err, errlen);
}

/* Whether every child element of el is in el's namespace and named in names. */
static int
children_named(const xmlNode *el, const char *names)
{
	const xmlNode *c;

	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (c->ns != el->ns || !word_in(names, c->name)))
			return 0;
	return 1;
}

int
ua_schema_validate_bag(struct ua_ctx *ctx, const char *rel, struct ua_doc *doc,
    xmlNodePtr el, const char *names, enum ua_schema_role role, const char *rule,
    struct ua_diags *d, char *err, size_t errlen)
{
	/* leaves of the generated answer-file schemas may carry other namespaces' attributes */
	struct collect c = { ctx->secret_names, doc, d, role, rule, NULL, d->n,
	    role == UA_SCHEMA_CONTENT && strncmp(rel, "unattend/", 9) == 0, NULL, NULL, 0, ctx };
	struct ua_schema *s;

	err[0] = '\0';
	if (el == NULL || (names && !children_named(el, names)))
		names = NULL;
	if ((s = load(ctx, rel, el ? el->name : NULL, names, err, errlen)) == NULL) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: out of memory", rel);
		return UA_EDATA;
	}
	xmlSchemaSetValidStructuredErrors(s->vctxt, on_valid_error, &c);
	if (el)
		xmlSchemaValidateOneElement(s->vctxt, el);
	else
		xmlSchemaValidateDoc(s->vctxt, doc->xml);
	xmlSchemaSetValidStructuredErrors(s->vctxt, NULL, NULL);
	free(c.attrs);
	/* libxml2 sometimes says the same thing twice */
	ua_diags_unique(d, c.first);
	return UA_OK;
}
