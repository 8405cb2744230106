/* SPDX-License-Identifier: MIT */
/* A parsed input: the XML tree every format becomes, and where each node came from. */
#ifndef UA_DOC_H
#define UA_DOC_H

#include <stddef.h>
#include <libxml/tree.h>

#include "diag.h"

enum ua_format {
	UA_FMT_UNKNOWN,
	UA_FMT_XML,
	UA_FMT_JSON,
	UA_FMT_YAML,
	UA_FMT_USERDATA,	/* EC2 user data: script form, or YAML/JSON tasks (userdata.c) */
	UA_FMT_COUNT
};

struct ua_posblock;
struct ua_template;
struct ua_tpl_opts;

struct ua_doc {
	char *name;		/* the name diagnostics use */
	enum ua_format fmt;
	char *text;		/* the input as UTF-8, byte order mark removed */
	size_t len;
	char encoding[32];	/* what the bytes were in, for iconv; "" for UTF-8 */
	unsigned bom;		/* bytes of byte order mark the input began with */
	xmlDocPtr xml;		/* NULL when the input did not parse */
	size_t *lines;		/* offset of the start of each line */
	size_t nlines;
	size_t *chars;		/* characters before every 256th byte (for long lines) */
	struct ua_attridx *attrs;	/* where the attributes of start tags are */
	struct ua_posblock *pos;
	const struct ua_kind *kind;
	xmlNodePtr *secrets;	/* settings the catalog marks secret, noted by the */
	size_t nsecrets, capsecrets;	/* answer-file walk for masking */
	int secrets_noted;	/* 1: that walk noted every one (else: look again) */
	struct ua_template *tpl;	/* NULL unless read as a template (template.h) */
	size_t *hash_text;	/* YAML: byte ranges [v[2i], v[2i+1]) of scalars */
	size_t nhash_text, caphash_text;	/* holding '#': text, not a comment */
};

/* Notes n as holding a secret (its text is masked in messages). 0, or -1. */
int ua_doc_note_secret(struct ua_doc *doc, xmlNodePtr n);

/*
 * Reads a whole file ("-" for standard input) of at most UA_MAX_INPUT_BYTES.
 * Refuses directories and other non-regular files without blocking on them.
 * On failure returns UA_EIO or UA_ENOMEM with the reason in err.
 */
int ua_read_file(const char *path, char **buf, size_t *len, char *err, size_t errlen);

/* Guesses the syntax from the file name, then from the first bytes. */
enum ua_format ua_format_sniff(const char *name, const char *bytes, size_t len);
const char *ua_format_name(enum ua_format fmt);

/*
 * Decodes bytes (UTF-8 with or without BOM, UTF-16 with BOM, or an encoding an
 * XML declaration names) and parses them as fmt. Returns UA_OK with *out set,
 * UA_ESYNTAX with *out set (xml NULL) and a "syntax" finding in d, or UA_ENOMEM.
 */
int ua_doc_parse(const char *name, const char *bytes, size_t len,
    enum ua_format fmt, struct ua_doc **out, struct ua_diags *d);
/*
 * The same, read as a template of tpl's syntax first (NULL: none): directives
 * blanked, placeholders kept or given their values; positions stay the
 * template's own.
 */
int ua_doc_parse_template(const char *name, const char *bytes, size_t len,
    enum ua_format fmt, const struct ua_tpl_opts *tpl, struct ua_doc **out,
    struct ua_diags *d);
void ua_doc_free(struct ua_doc *doc);
/*
 * A document named name with nothing in it, of like's kind and format: its
 * root element, without attributes' children or content (for comparing a
 * file with /dev/null: git's side of an added or deleted file). UA_OK or
 * UA_ENOMEM.
 */
int ua_doc_empty_like(const struct ua_doc *like, const char *name, struct ua_doc **out);

/* Where node starts in the source: elements, attributes, text, comments. */
void ua_doc_pos(const struct ua_doc *doc, const xmlNode *node,
    unsigned long *line, unsigned long *col);
/* Whether doc is only white space (an empty JSON document). */
int ua_doc_blank(const struct ua_doc *doc);
void ua_doc_offset_pos(const struct ua_doc *doc, size_t off,
    unsigned long *line, unsigned long *col);

/*
 * The byte offset in doc->text where node (an element or comment) starts,
 * worked out from its line and column when only those are known (YAML).
 * 0, or -1 when the node has no recorded position.
 */
int ua_doc_offset(const struct ua_doc *doc, const xmlNode *node, size_t *off);
/*
 * For a template: whether node's own value (an attribute's, or the text
 * directly inside an element) holds a placeholder without a given value, and
 * whether two nodes lie in different branches of one conditional. 0 for a
 * file that is not a template.
 */
int ua_doc_value_unknown(const struct ua_doc *doc, const xmlNode *node);
int ua_doc_alternatives(const struct ua_doc *doc, const xmlNode *a, const xmlNode *b);
/*
 * Calls fn on doc with the tree holding one branch of every conditional at a
 * time (the others unlinked, then put back): once for a file without
 * conditionals. Stops at the first status other than UA_OK and returns it.
 */
int ua_doc_each_variant(struct ua_doc *doc, int (*fn)(struct ua_doc *, void *), void *arg);
/* A parser's line and column (of the text it read) in the template's terms. */
void ua_doc_template_linecol(const struct ua_doc *doc, unsigned long *line,
    unsigned long *col);
/* The 1-based line of byte offset off. */
unsigned long ua_doc_offset_line(const struct ua_doc *doc, size_t off);

/* For the parsers: record where node starts. */
int ua_doc_set_offset(struct ua_doc *doc, xmlNodePtr node, size_t off);
int ua_doc_set_linecol(struct ua_doc *doc, xmlNodePtr node,
    unsigned long line, unsigned long col);

/*
 * An XPath context on doc's tree for the library's own queries: errors are kept
 * quiet (never printed) and evaluation is bounded, since the tree is hostile.
 * NULL when out of memory; free with xmlXPathFreeContext.
 */
struct _xmlXPathContext *ua_doc_xpath(const struct ua_doc *doc);

/* The parsers, in xml.c, json.c and yaml.c: build doc->xml from doc->text. */
int ua_parse_xml(struct ua_doc *doc, struct ua_diags *d);
int ua_parse_json(struct ua_doc *doc, struct ua_diags *d);
int ua_parse_yaml(struct ua_doc *doc, struct ua_diags *d);
/* Whether YAML text holds no node: blank lines, comments, document markers and
 * directives only (the parser reads it as a null document; validation calls it empty). */
int ua_yaml_blank(const char *text, size_t len);
/* userdata.c: decodes Base64 user data, then parses either form (doc->fmt says which). */
int ua_parse_userdata(struct ua_doc *doc, struct ua_diags *d);
/* The type a plain YAML scalar v reads as: "null", "boolean", "number" or "string". */
const char *ua_yaml_plain_type(const char *v);

#endif
