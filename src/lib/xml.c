/* SPDX-License-Identifier: MIT */
/* XML input: a hardened libxml2 parse that records where every element starts. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "doc.h"
#include "ua.h"

struct xml_state {
	struct ua_doc *doc;
	struct ua_diags *d;
	int failed;		/* a fatal error or DOCTYPE already reported */
	int nomem;
	unsigned depth;
};

static size_t
cur_offset(xmlParserCtxtPtr p)
{
	if (p->input == NULL || p->input->cur == NULL || p->input->base == NULL)
		return 0;
	return (size_t)p->input->consumed + (size_t)(p->input->cur - p->input->base);
}

/* The start of the markup that ends at off: the last `<` before it. */
static size_t
markup_start(const struct ua_doc *doc, size_t off, const char *open)
{
	size_t n = strlen(open);

	const char *p;

	if (off > doc->len)
		off = doc->len;
	while (off > 0 && (p = memrchr(doc->text, '<', off)) != NULL) {
		off = (size_t)(p - doc->text);
		if (strncmp(p, open, n) == 0)
			return off;
	}
	return 0;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p->_private;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nns, ns, nattr, ndef, attrs);
	if (p->node == NULL)
		return;
	if (++st->depth > UA_MAX_DEPTH && !st->failed) {
		unsigned long line, col;
		ua_doc_offset_pos(st->doc, cur_offset(p), &line, &col);
		ua_diags_add(st->d, st->doc->name, line, col, UA_SEV_ERROR, "limit",
		    "elements nested deeper than %d", UA_MAX_DEPTH);
		st->failed = 1;
		xmlStopParser(p);
		return;
	}
	if (ua_doc_set_offset(st->doc, p->node,
	    markup_start(st->doc, cur_offset(p), "<")) != UA_OK) {
		st->nomem = 1;
		xmlStopParser(p);
	}
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p->_private;

	if (st->depth > 0)
		st->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void
on_comment(void *ctx, const xmlChar *value)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p->_private;
	xmlNodePtr last;

	xmlSAX2Comment(ctx, value);
	last = p->node ? p->node->last : (p->myDoc ? p->myDoc->last : NULL);
	if (last && last->type == XML_COMMENT_NODE && last->_private == NULL &&
	    ua_doc_set_offset(st->doc, last,
	    markup_start(st->doc, cur_offset(p), "<!--")) != UA_OK)
		st->nomem = 1;
}

static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p->_private;
	unsigned long line, col;

	ua_doc_offset_pos(st->doc, markup_start(st->doc, cur_offset(p), "<!DOCTYPE"),
	    &line, &col);
	ua_diags_add(st->d, st->doc->name, line, col, UA_SEV_ERROR, "doctype",
	    "DOCTYPE declarations are not allowed (no DTD or entity is ever loaded)");
	st->failed = 1;
	xmlStopParser(p);
}

/*
 * What each libxml2 parser error means, in words that quote nothing from the
 * file: libxml2's own messages quote names and text from where the parse went
 * wrong (an entity's name, an end tag, a comment's start), which may be cut
 * from inside a password. The finding's line and column say where.
 */
static const struct {
	int code;
	const char *text;	/* %d: the line where the element started (int1) */
} xml_errors[] = {
	{ XML_ERR_UNDECLARED_ENTITY, "reference to an undefined entity (XML defines only &amp; &lt; &gt; &quot; &apos;; write a literal & as &amp;)" },
	{ XML_WAR_UNDECLARED_ENTITY, "reference to an undefined entity (XML defines only &amp; &lt; &gt; &quot; &apos;; write a literal & as &amp;)" },
	{ XML_ERR_ENTITYREF_NO_NAME, "'&' does not start a reference (write a literal & as &amp;)" },
	{ XML_ERR_ENTITYREF_SEMICOL_MISSING, "a reference is not closed by ';' (write a literal & as &amp;)" },
	{ XML_ERR_UNPARSED_ENTITY, "reference to an entity that cannot be used here" },
	{ XML_ERR_ENTITY_IS_EXTERNAL, "reference to an entity that cannot be used here" },
	{ XML_ERR_INVALID_HEX_CHARREF, "a character reference to a character XML does not allow" },
	{ XML_ERR_INVALID_DEC_CHARREF, "a character reference to a character XML does not allow" },
	{ XML_ERR_INVALID_CHARREF, "a character reference to a character XML does not allow" },
	{ XML_ERR_INVALID_CHAR, "a character XML does not allow" },
	{ XML_ERR_DOCUMENT_EMPTY, "the document is empty" },
	{ XML_ERR_DOCUMENT_START, "the document does not start with an element" },
	{ XML_ERR_DOCUMENT_END, "content after the end of the root element" },
	{ XML_ERR_EXTRA_CONTENT, "content after the end of the root element" },
	{ XML_ERR_LT_IN_ATTRIBUTE, "'<' in an attribute value (write it as &lt;)" },
	{ XML_ERR_ATTRIBUTE_NOT_STARTED, "an attribute value must be in quotes" },
	{ XML_ERR_STRING_NOT_STARTED, "a value must be in quotes" },
	{ XML_ERR_ATTRIBUTE_NOT_FINISHED, "an attribute value is not closed by its quote" },
	{ XML_ERR_STRING_NOT_CLOSED, "a quoted value is not closed by its quote" },
	{ XML_ERR_LITERAL_NOT_FINISHED, "a quoted value is not closed by its quote" },
	{ XML_ERR_ATTRIBUTE_WITHOUT_VALUE, "an attribute needs '=' and a quoted value" },
	{ XML_ERR_EQUAL_REQUIRED, "an attribute needs '=' and a quoted value" },
	{ XML_ERR_VALUE_REQUIRED, "a value is required here" },
	{ XML_ERR_ATTRIBUTE_REDEFINED, "an attribute is given twice in one start tag" },
	{ XML_NS_ERR_ATTRIBUTE_REDEFINED, "an attribute is given twice in one start tag" },
	{ XML_ERR_COMMENT_NOT_FINISHED, "a comment is not closed by -->" },
	{ XML_ERR_HYPHEN_IN_COMMENT, "'--' inside a comment" },
	{ XML_ERR_CDATA_NOT_FINISHED, "a CDATA section is not closed by ]]>" },
	{ XML_ERR_MISPLACED_CDATA_END, "']]>' in text (write > as &gt;)" },
	{ XML_ERR_PI_NOT_STARTED, "a processing instruction is malformed" },
	{ XML_ERR_PI_NOT_FINISHED, "a processing instruction is not closed by ?>" },
	{ XML_ERR_RESERVED_XML_NAME, "an XML declaration is allowed only at the very start" },
	{ XML_ERR_XMLDECL_NOT_STARTED, "the XML declaration is malformed" },
	{ XML_ERR_XMLDECL_NOT_FINISHED, "the XML declaration is malformed" },
	{ XML_ERR_VERSION_MISSING, "the XML declaration is malformed" },
	{ XML_ERR_ENCODING_NAME, "the XML declaration is malformed" },
	{ XML_ERR_STANDALONE_VALUE, "the XML declaration is malformed" },
	{ XML_ERR_UNKNOWN_ENCODING, "unsupported encoding" },
	{ XML_ERR_UNSUPPORTED_ENCODING, "unsupported encoding" },
	{ XML_ERR_INVALID_ENCODING, "the input does not match its encoding" },
	{ XML_ERR_SPACE_REQUIRED, "a space is required here" },
	{ XML_ERR_NAME_REQUIRED, "a name is expected here" },
	{ XML_ERR_GT_REQUIRED, "'>' expected: a tag is not closed" },
	{ XML_ERR_LT_REQUIRED, "'<' expected" },
	{ XML_ERR_LTSLASH_REQUIRED, "an end tag is expected here" },
	{ XML_ERR_TAG_NAME_MISMATCH, "the end tag does not match the element opened at line %d" },
	{ XML_ERR_TAG_NOT_FINISHED, "the element opened at line %d is not closed" },
	{ XML_ERR_NOT_WELL_BALANCED, "elements are not properly nested" },
	{ XML_ERR_NS_DECL_ERROR, "a malformed namespace declaration" },
	{ XML_NS_ERR_UNDEFINED_NAMESPACE, "a namespace prefix that is not declared" },
	{ XML_NS_ERR_QNAME, "a malformed qualified name" },
	{ XML_NS_ERR_EMPTY, "an empty namespace name" },
	{ XML_NS_ERR_COLON, "a name with more than one ':'" },
	{ XML_NS_ERR_XML_NAMESPACE, "a misuse of the reserved xml prefix or namespace" },
	{ XML_ERR_NO_MEMORY, "out of memory while parsing" },
};

static void
on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p ? p->_private : NULL;
	const char *text = "not well-formed XML";
	size_t i;
	unsigned long line, col;

	if (st == NULL || e == NULL || e->level < XML_ERR_ERROR || st->failed)
		return;
	/* Windows does not check namespace names for being URIs. */
	if (e->code == XML_WAR_NS_URI || e->code == XML_WAR_NS_URI_RELATIVE)
		return;
	for (i = 0; i < sizeof(xml_errors) / sizeof(xml_errors[0]); i++)
		if (xml_errors[i].code == e->code) {
			text = xml_errors[i].text;
			break;
		}
	/* libxml2 reports "& B" as a missing name, from its entity reference parser */
	if (e->code == XML_ERR_NAME_REQUIRED && e->message && strstr(e->message, "EntityRef"))
		text = "'&' does not start a reference (write a literal & as &amp;)";
	line = e->line > 0 ? (unsigned long)e->line : 1;
	col = e->int2 > 0 ? (unsigned long)e->int2 : 1;
	ua_doc_template_linecol(st->doc, &line, &col);
	if (strstr(text, "%d") && e->int1 > 0)
		ua_diags_add(st->d, st->doc->name, line, col, UA_SEV_ERROR, "syntax", text, e->int1);
	else
		ua_diags_add(st->d, st->doc->name, line, col, UA_SEV_ERROR, "syntax",
		    "%s", strstr(text, "%d") ? "an element is not closed or not properly nested" :
		    text);
	if (e->level == XML_ERR_FATAL)
		st->failed = 1;
}

/* The end of the markup that starts at p with open and ends with close, or NULL. */
static const char *
skip_markup(const char *p, const char *end, const char *open, const char *close)
{
	size_t n = strlen(open);
	const char *q;

	if ((size_t)(end - p) < n || memcmp(p, open, n) != 0)
		return p;
	q = memmem(p + n, (size_t)(end - p) - n, close, strlen(close));
	return q ? q + strlen(close) : NULL;
}

/*
 * Where the first tag with more than UA_MAX_ATTRS attributes starts, or
 * SIZE_MAX: libxml2 2.9 compares each attribute of a tag with every one before
 * it, so such a tag is refused before it is parsed. A text with few '=' at
 * all has none, and is not read further.
 */
static size_t
crowded_tag(const char *s, size_t n)
{
	const char *end = s + n, *p = s, *q, *tag;
	size_t eq = 0;

	for (q = s; eq <= UA_MAX_ATTRS && (q = memchr(q, '=', (size_t)(end - q))) != NULL; q++)
		eq++;
	if (eq <= UA_MAX_ATTRS)
		return SIZE_MAX;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((q = skip_markup(p, end, "<!--", "-->")) == p &&
		    (q = skip_markup(p, end, "<![CDATA[", "]]>")) == p &&
		    (q = skip_markup(p, end, "<?", "?>")) == p) {
			for (tag = p++, eq = 0; p < end && *p != '>' && *p != '<'; p++) {
				if ((*p == '"' || *p == '\'') &&
				    (p = memchr(p + 1, *p, (size_t)(end - p - 1))) == NULL)
					return SIZE_MAX;
				if (*p == '=' && ++eq > UA_MAX_ATTRS)
					return (size_t)(tag - s);
			}
			continue;
		}
		if ((p = q) == NULL)
			return SIZE_MAX;
	}
	return SIZE_MAX;
}

int
ua_parse_xml(struct ua_doc *doc, struct ua_diags *d)
{
	struct xml_state st = { doc, d, 0, 0, 0 };
	xmlParserCtxtPtr p;
	size_t before = d->n;
	int ok;

	size_t crowded;

	if (doc->len > (size_t)0x7fffffff)
		return UA_EIO;
	/* libxml2 makes no parser for zero bytes, which would read as no memory */
	if (doc->len == 0) {
		ua_diags_add(d, doc->name, 1, 1, UA_SEV_ERROR, "syntax", "the document is empty");
		return UA_ESYNTAX;
	}
	if ((crowded = crowded_tag(doc->text, doc->len)) != SIZE_MAX) {
		unsigned long line, col;
		ua_doc_offset_pos(doc, crowded, &line, &col);
		ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "limit",
		    "an element with more than %d attributes", UA_MAX_ATTRS);
		return UA_ESYNTAX;
	}
	p = xmlCreateMemoryParserCtxt(doc->text, (int)doc->len);
	if (p == NULL)
		return UA_ENOMEM;
	p->_private = &st;
	p->sax->startElementNs = on_start;
	p->sax->endElementNs = on_end;
	p->sax->comment = on_comment;
	p->sax->internalSubset = on_doctype;
	p->sax->externalSubset = NULL;
	p->sax->serror = on_error;
	p->sax->warning = NULL;
	p->sax->error = NULL;
	p->vctxt.error = NULL;
	p->vctxt.warning = NULL;
	/* NOBLANKS: whitespace between elements makes no node (nothing reads it,
	 * and every later pass has fewer nodes to walk); COMPACT: short text
	 * is kept inside its node, without an allocation of its own */
	xmlCtxtUseOptions(p, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
	    XML_PARSE_NOBLANKS | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES |
	    XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	if (p->input && p->input->filename == NULL)
		p->input->filename = (char *)xmlStrdup((const xmlChar *)doc->name);
	xmlParseDocument(p);
	ok = p->wellFormed && !st.failed && !st.nomem && p->myDoc != NULL;
	if (ok) {
		doc->xml = p->myDoc;
		p->myDoc = NULL;
		if (doc->xml->URL == NULL)
			doc->xml->URL = xmlStrdup((const xmlChar *)doc->name);
	}
	if (p->myDoc)
		xmlFreeDoc(p->myDoc);
	p->myDoc = NULL;
	xmlFreeParserCtxt(p);
	if (st.nomem)
		return UA_ENOMEM;
	if (!ok) {
		if (d->n == before)
			ua_diags_add(d, doc->name, 1, 1, UA_SEV_ERROR, "syntax",
			    "malformed XML");
		return UA_ESYNTAX;
	}
	return UA_OK;
}
