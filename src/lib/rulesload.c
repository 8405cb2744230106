/* SPDX-License-Identifier: MIT */
/* The rule table: reading the files of schemas/rules/ when a document of their kinds
 * needs them, compiling each rule's XPath, pattern and message on first use, and
 * matching patterns (rules.c runs the rules). */
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

static const struct check checks[] = {
	{ "obscured-password", ua_rules_obscured_password_fails },
};

const struct check *
ua_rules_find_check(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (strcmp(checks[i].name, name) == 0)
			return &checks[i];
	return NULL;
}

int
ua_rules_kind_in(const char *kinds, const char *kind)
{
	const char *p = kinds;
	size_t n = strlen(kind);

	if (kinds == NULL || *kinds == '\0')
		return 1;
	while ((p = strstr(p, kind)) != NULL) {
		if ((p == kinds || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? ua_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Appends text to b as XPath string literals: 'runs' without ' and "'". */
static void
put_literal(struct ua_buf *b, const char *text, int *nargs)
{
	const char *q;

	while (*text) {
		if (*nargs > 0)
			ua_buf_puts(b, ", ");
		(*nargs)++;
		if (*text == '\'') {
			ua_buf_puts(b, "\"'\"");
			text++;
			continue;
		}
		q = strchr(text, '\'');
		ua_buf_puts(b, "'");
		ua_buf_add(b, text, q ? (size_t)(q - text) : strlen(text));
		ua_buf_puts(b, "'");
		text = q ? q : text + strlen(text);
	}
}

/*
 * A message with {XPath} parts is compiled as one concat() of its literals
 * and string((part)): one evaluation per finding instead of one per part.
 * When that cannot be compiled, parse_message() compiles the parts one by
 * one (and says which is wrong).
 */
static int
join_message(struct rule *r, const char *src)
{
	struct ua_buf b = { 0 };
	const char *p = src, *open, *close;
	char *x;
	int nargs = 0;

	ua_buf_puts(&b, "concat(");
	while (*p) {
		open = strchr(p, '{');
		close = open ? strchr(open, '}') : NULL;
		if (open == NULL || close == NULL) {
			put_literal(&b, p, &nargs);
			break;
		}
		x = ua_strndup(p, (size_t)(open - p));
		if (x)
			put_literal(&b, x, &nargs);
		free(x);
		ua_buf_puts(&b, nargs++ > 0 ? ", string((" : "string((");
		ua_buf_add(&b, open + 1, (size_t)(close - open - 1));
		ua_buf_puts(&b, "))");
		p = close + 1;
	}
	if (nargs < 2)
		ua_buf_puts(&b, ", ''");
	ua_buf_puts(&b, ")");
	x = ua_buf_take(&b);
	r->msg_all = x ? xmlXPathCompile(BAD_CAST x) : NULL;
	free(x);
	return 0;
}

static int
parse_message(struct rule *r, const char *s)
{
	const char *p = s, *open, *close;

	while (*p) {
		struct part *v = realloc(r->msg, (r->nmsg + 2) * sizeof(*v));
		if (v == NULL)
			return -1;
		r->msg = v;
		open = strchr(p, '{');
		close = open ? strchr(open, '}') : NULL;
		if (open == NULL || close == NULL) {
			r->msg[r->nmsg].text = ua_strdup(p);
			r->msg[r->nmsg++].expr = NULL;
			break;
		}
		if (open > p) {
			r->msg[r->nmsg].text = ua_strndup(p, (size_t)(open - p));
			r->msg[r->nmsg++].expr = NULL;
		}
		{
			char *x = ua_strndup(open + 1, (size_t)(close - open - 1));
			r->msg[r->nmsg].text = NULL;
			r->msg[r->nmsg].expr = x ? xmlXPathCompile(BAD_CAST x) : NULL;
			free(x);
			if (r->msg[r->nmsg++].expr == NULL)
				return -1;
		}
		p = close + 1;
	}
	return 0;
}

/* Splits words at spaces into *v (lower-cased when fold). */
static int
add_words(char ***v, size_t *n, const char *s, int fold)
{
	char *copy = ua_strdup(s), *tok, *save = NULL, **nv, *p;

	if (copy == NULL)
		return -1;
	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if ((nv = realloc(*v, (*n + 1) * sizeof(*nv))) == NULL)
			break;
		*v = nv;
		if ((nv[*n] = ua_strdup(tok)) == NULL)
			break;
		if (fold)
			for (p = nv[*n]; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		(*n)++;
	}
	free(copy);
	return tok ? -1 : 0;
}

/* Whether an expression of r names $agent or $agent-version (set per document
 * only for the rules that read them: finding them loads the agent table). */
static int
reads_agent(const struct rule *r)
{
	size_t i;

	if ((r->select_src && strstr(r->select_src, "$agent")) ||
	    (r->message_src && strstr(r->message_src, "$agent")))
		return 1;
	for (i = 0; i < r->nlets; i++)
		if (strstr(r->lets[i].src, "$agent"))
			return 1;
	for (i = 0; i < r->nrelated; i++)
		if (strstr(r->related_src[i], "$agent"))
			return 1;
	return 0;
}

static int
load_rule(struct ua_ruleset *rs, xmlNodePtr el, char *err, size_t errlen, const char *file)
{
	struct rule *r, *v;
	xmlNodePtr c;
	char *t;

	if ((v = realloc(rs->v, (rs->n + 1) * sizeof(*v))) == NULL)
		return -1;
	rs->v = v;
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	r->name = prop(el, "name");
	r->severity = prop(el, "severity");
	r->kinds = prop(el, "kind");
	if (r->kinds == NULL)
		r->kinds = ua_strdup("");
	r->names = prop(el, "names");
	r->target = prop(el, "target");
	t = prop(el, "target-known");
	r->target_known = t && strcmp(t, "yes") == 0;
	free(t);
	t = prop(el, "template");
	r->fixed_part = t && strcmp(t, "fixed-part") == 0;
	if (t && !r->fixed_part) {
		snprintf(err, errlen, "%s: line %u: unknown template=\"%s\" (only fixed-part)",
		    file, el->line, t);
		free(t);
		return -1;
	}
	free(t);
	t = prop(el, "agent-known");
	r->agent_known = t && strcmp(t, "yes") == 0;
	free(t);
	r->agent = prop(el, "agent");
	r->from = prop(el, "from");
	r->before = prop(el, "before");
	t = prop(el, "default");
	r->default_off = t && strcmp(t, "off") == 0;
	free(t);
	if (r->name == NULL || r->severity == NULL || ua_severity_parse(r->severity) < 0) {
		snprintf(err, errlen, "%s: line %u: a rule needs a name and a severity",
		    file, el->line);
		return -1;
	}
	for (c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((t = ua_node_text(c, 0)) == NULL)
			return -1;
		if (xmlStrcmp(c->name, BAD_CAST "summary") == 0) {
			free(r->summary);
			r->summary = t;
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "select") == 0) {
			free(r->select_src);
			r->select_src = t;
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "pattern") == 0) {
			char *test = prop(c, "test");
			r->want_match = test == NULL || strcmp(test, "nomatch") != 0;
			free(test);
			free(r->pattern_src);
			r->pattern_src = t;	/* compiled with the XPath, on first use */
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "schema") == 0) {
			free(r->schema);
			r->schema = t;
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "requires") == 0) {
			int text = 0;
			char *what = prop(c, "text"), *min = prop(c, "min");
			text = what && strcmp(what, "yes") == 0;
			free(what);
			*(text ? &r->min_text : &r->min_names) = min ? strtoul(min, NULL, 10) : 1;
			free(min);
			if (add_words(text ? &r->req_text : &r->req_names,
			    text ? &r->nreq_text : &r->nreq_names, t, text) != 0) {
				free(t);
				return -1;
			}
		} else if (xmlStrcmp(c->name, BAD_CAST "check") == 0) {
			if (ua_rules_find_check(t) == NULL) {
				snprintf(err, errlen, "%s: rule %s: unknown check '%s'", file, r->name, t);
				free(t);
				return -1;
			}
			free(r->check);
			r->check = t;
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "message") == 0) {
			free(r->message_src);
			r->message_src = t;
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "related") == 0) {
			char **rv = realloc(r->related_src, (r->nrelated + 1) * sizeof(*rv));
			if (rv == NULL) {
				free(t);
				return -1;
			}
			r->related_src = rv;
			rv[r->nrelated++] = t;
			continue;
		} else if (xmlStrcmp(c->name, BAD_CAST "let") == 0) {
			struct let *lv = realloc(r->lets, (r->nlets + 1) * sizeof(*lv));
			char *name = prop(c, "name");
			if (lv == NULL || name == NULL || name[0] == '\0') {
				if (lv)
					r->lets = lv;
				snprintf(err, errlen, "%s: rule %s: <let> needs a name", file, r->name);
				free(name);
				free(t);
				return -1;
			}
			r->lets = lv;
			lv[r->nlets].name = name;
			lv[r->nlets].src = t;
			lv[r->nlets++].expr = NULL;
			continue;
		}
		free(t);
	}
	r->file = file;
	r->uses_agent = reads_agent(r);
	r->info.name = r->name;
	r->info.severity = r->severity;
	r->info.kinds = r->kinds;
	r->info.summary = r->summary ? r->summary : "";
	r->info.builtin = r->select_src == NULL;
	r->info.default_off = r->default_off;
	return 0;
}

/* Whether every word of kinds (a rule's, space-separated) is one of file's. */
static int
kinds_within(const char *kinds, const char *file)
{
	char *list, *tok, *save = NULL;
	int ok = 1;

	if (kinds == NULL)	/* every kind: not within a file's list */
		return 0;
	if ((list = ua_strdup(kinds)) == NULL)
		return 1;
	for (tok = strtok_r(list, " ", &save); tok && ok; tok = strtok_r(NULL, " ", &save))
		ok = ua_rules_kind_in(file, tok);
	free(list);
	return ok;
}

/* The agent table, read on first use; its own buffer for the reason it is
 * missing, as err may already name rules that could not finish. */
const struct ua_agents *
ua_rules_agent_table(struct ua_ctx *ctx, char *err, size_t errlen)
{
	char why[256] = "out of memory";
	const struct ua_agents *a = ua_ctx_agents(ctx, why, sizeof(why));

	if (a == NULL)
		snprintf(err, errlen, "%s", why);
	return a;
}

/*
 * A rule's agent="A [B...]" names agents of schemas/agents/agents.tsv;
 * from="V" and before="V" name one agent and a release its history lists,
 * so that a gate cannot point at a version that never was.
 */
int
ua_rules_check_gates(struct ua_ctx *ctx, const struct rule *r, const char *file, char *err,
    size_t errlen)
{
	const struct ua_agents *a;
	const struct ua_agent *ag = NULL;
	const char *v[2] = { r->from, r->before };
	char *list, *tok, *save = NULL;
	size_t i, n = 0;

	if (r->agent == NULL && r->from == NULL && r->before == NULL)
		return 0;
	if (r->agent == NULL) {
		snprintf(err, errlen, "%s: rule %s: from/before need agent=\"...\"", file, r->name);
		return -1;
	}
	if ((a = ua_rules_agent_table(ctx, err, errlen)) == NULL || (list = ua_strdup(r->agent)) == NULL)
		return -1;
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save), n++)
		if ((ag = ua_agent_find(a, tok)) == NULL) {
			snprintf(err, errlen, "%s: rule %s: unknown agent '%s'", file, r->name, tok);
			free(list);
			return -1;
		}
	free(list);
	for (i = 0; i < 2; i++) {
		if (v[i] == NULL)
			continue;
		if (n != 1 || !ua_agent_documented(ag, v[i])) {
			snprintf(err, errlen, "%s: rule %s: %s is not a documented release of %s",
			    file, r->name, v[i], n == 1 ? ag->label : "one agent");
			return -1;
		}
	}
	return 0;
}

/*
 * A set rule's agent="A [B...]" is compared with the set's agent, which is an
 * agent table name: each of A, B... is written as its agent's name (either
 * spelling is accepted: ec2launch-v1 is ec2launch), and one the table does not
 * have stops the table from loading.
 */
static int
set_rule_agents(struct ua_ctx *ctx, struct rule *r, const char *file, char *err,
    size_t errlen)
{
	const struct ua_agents *a;
	const struct ua_agent *ag;
	struct ua_buf b = { 0 };
	char *list, *tok, *save = NULL;

	if ((a = ua_rules_agent_table(ctx, err, errlen)) == NULL || (list = ua_strdup(r->agent)) == NULL)
		return -1;
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if ((ag = ua_agent_find(a, tok)) == NULL) {
			snprintf(err, errlen, "%s: rule %s: unknown agent '%s'", file, r->name, tok);
			free(list);
			ua_buf_free(&b);
			return -1;
		}
		if (b.len)
			ua_buf_puts(&b, " ");
		ua_buf_puts(&b, ag->name);
	}
	free(list);
	if (b.failed || (list = ua_buf_take(&b)) == NULL) {
		ua_buf_free(&b);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	free(r->agent);
	r->agent = list;
	return 0;
}

static int
load_file(struct ua_ctx *ctx, struct ua_ruleset *rs, struct rulefile *f, char *err,
    size_t errlen)
{
	const char *path = f->path, *kinds = f->kinds;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, c;
	int rc = 0;

	/* parsed without indentation nodes (see load() in schema.c) */
	if (f->text)
		doc = ua_ctx_read_xml(ctx, f->text, f->len, path, XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
	free(f->text);
	f->text = NULL;
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    root->ns == NULL || xmlStrcmp(root->ns->href, BAD_CAST RULES_NS) != 0) {
		snprintf(err, errlen, "%s: not a rule table", path);
		xmlFreeDoc(doc);
		return -1;
	}
	for (c = root->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, BAD_CAST "rule") == 0) {
			/* a rule the table runs (with a select) must be of the file's kinds */
			if ((rc = load_rule(rs, c, err, errlen, path)) == 0)
			{
				struct rule *nr = &rs->v[rs->n - 1];
				/* a set rule's agent="..." is the set's agent (agents.tsv);
				 * a file's gates are checked against the agent table when
				 * a document first meets them (see agent_gate()) */
				nr->set_rule = f->set_scope;
				if (f->set_scope && nr->agent &&
				    set_rule_agents(ctx, nr, path, err, errlen) != 0)
					rc = -1;
				else if (nr->nrelated && !f->set_scope) {
					snprintf(err, errlen, "%s: rule %s: <related> belongs to rules of "
					    "a scope=\"set\" file", path, nr->name);
					rc = -1;
				}
			}
			if (rc == 0 && kinds &&
			    rs->v[rs->n - 1].select_src &&
			    !kinds_within(rs->v[rs->n - 1].kinds, kinds)) {
				snprintf(err, errlen, "%s: rule %s: a kind that the file's kinds=\"%s\" "
				    "does not list", path, rs->v[rs->n - 1].name, kinds);
				rc = -1;
			}
		} else if (xmlStrcmp(c->name, BAD_CAST "ns") == 0 && rs->nns < 16) {
			rs->nsprefix[rs->nns] = prop(c, "prefix");
			rs->nsuri[rs->nns] = prop(c, "uri");
			if (rs->xp && rs->nsprefix[rs->nns] && rs->nsuri[rs->nns])
				xmlXPathRegisterNs(rs->xp, BAD_CAST rs->nsprefix[rs->nns],
				    BAD_CAST rs->nsuri[rs->nns]);
			rs->nns++;
		} else if (xmlStrcmp(c->name, BAD_CAST "secret") == 0) {
			struct secret *v = realloc(rs->sec, (rs->nsec + 1) * sizeof(*v));
			char *sel = prop(c, "select");
			if (v == NULL || sel == NULL) {
				free(sel);
				rc = -1;
				break;
			}
			rs->sec = v;
			v[rs->nsec].kinds = prop(c, "kind");
			if (kinds && (v[rs->nsec].kinds == NULL ||
			    !kinds_within(v[rs->nsec].kinds, kinds))) {
				snprintf(err, errlen, "%s: a secret of a kind that the file's kinds=\"%s\" "
				    "does not list", path, kinds);
				free(v[rs->nsec].kinds);
				free(sel);
				rc = -1;
				break;
			}
			v[rs->nsec].select = xmlXPathCompile(BAD_CAST sel);
			free(sel);
			if (v[rs->nsec++].select == NULL) {
				snprintf(err, errlen, "%s: bad XPath in secret", path);
				rc = -1;
			}
		}
	}
	xmlFreeDoc(doc);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether text[0..len) at p starts with s. */
static int
starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

static int
xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The root element's kinds="..." and scope="..." read straight from the text
 * of a file that opens plainly: an XML declaration without an encoding other
 * than UTF-8, comments and white space, then the root's start tag, each
 * attribute once, its value in quotes without references, markup or white
 * space other than spaces (which XML would normalize). 1 when read so; 0 when
 * the file must go through the XML reader (which costs about 45,000
 * instructions a file, for every run).
 */
static int
scan_root(struct rulefile *f)
{
	const char *p = f->text, *end = f->text + f->len, *q, *name, *val;
	char *kinds = NULL;
	int seen_kinds = 0, seen_scope = 0, set_scope = 0;
	size_t nlen, vlen;

	for (;;) {
		while (p < end && xml_space(*p))
			p++;
		if (starts(p, end, "<?xml ") && p == f->text) {
			if ((q = memchr(p, '>', (size_t)(end - p))) == NULL || q[-1] != '?')
				return 0;
			for (val = p; val < q; val++)	/* encoding="UTF-8" or none */
				if (starts(val, q, "encoding") && !starts(val, q, "encoding=\"UTF-8\"") &&
				    !starts(val, q, "encoding='UTF-8'"))
					return 0;
			p = q + 1;
		} else if (starts(p, end, "<!--")) {
			for (q = p + 4; q < end && !starts(q, end, "--"); q++)
				;
			if (!starts(q, end, "-->"))
				return 0;
			p = q + 3;
		} else
			break;
	}
	if (end - p < 2 || *p++ != '<' || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
		return 0;
	while (p < end && !xml_space(*p) && *p != '>' && *p != '/')
		p++;
	for (;;) {
		if (p >= end || !xml_space(*p))
			break;
		while (p < end && xml_space(*p))
			p++;
		if (p >= end || *p == '>' || *p == '/')
			break;
		for (name = p; p < end && !xml_space(*p) && *p != '=' && *p != '>' && *p != '/'; p++)
			;
		nlen = (size_t)(p - name);
		while (p < end && xml_space(*p))
			p++;
		if (p >= end || *p++ != '=')
			goto plain;
		while (p < end && xml_space(*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			goto plain;
		for (val = ++p; p < end && *p != val[-1]; p++)
			if (*p == '&' || *p == '<' || (xml_space(*p) && *p != ' '))
				goto plain;
		if (p >= end)
			goto plain;
		vlen = (size_t)(p++ - val);
		if (nlen == 5 && memcmp(name, "kinds", 5) == 0) {
			if (seen_kinds++ || (kinds = ua_strndup(val, vlen)) == NULL)
				goto plain;
		} else if (nlen == 5 && memcmp(name, "scope", 5) == 0) {
			if (seen_scope++)
				goto plain;
			set_scope = vlen == 3 && memcmp(val, "set", 3) == 0;
		}
	}
	if (p >= end || (*p != '>' && !starts(p, end, "/>")))
		goto plain;
	f->kinds = kinds;
	f->set_scope = set_scope;
	return 1;
plain:
	free(kinds);
	return 0;
}

/* The kinds="..." of a rule file's root element, read without parsing the rest. */
static int
file_kinds(struct rulefile *f, char *err, size_t errlen)
{
	xmlTextReaderPtr rd;
	int rc;

	f->kinds = NULL;
	if (ua_read_file(f->path, &f->text, &f->len, err, errlen) != UA_OK || f->len > INT_MAX) {
		snprintf(err, errlen, "%s: cannot read the rule table", f->path);
		return -1;
	}
	if (scan_root(f))
		return 0;
	rd = xmlReaderForMemory(f->text, (int)f->len, f->path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	while (rd && (rc = xmlTextReaderRead(rd)) == 1 &&
	    xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT)
		;
	if (rd && xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT) {
		xmlChar *k = xmlTextReaderGetAttribute(rd, BAD_CAST "kinds");
		xmlChar *sc = xmlTextReaderGetAttribute(rd, BAD_CAST "scope");
		if (k)
			f->kinds = ua_strdup((const char *)k);
		f->set_scope = sc && xmlStrEqual(sc, BAD_CAST "set");
		xmlFree(k);
		xmlFree(sc);
	}
	xmlFreeTextReader(rd);
	return 0;
}

/*
 * The rule files and the kinds each serves, on first use. A file is parsed
 * only when a document of one of its kinds needs it (an answer file never
 * loads the agent rules), and rules always run in file order, whatever order
 * the files were loaded in.
 */
static int
rules_index(struct ua_ctx *ctx, char *err, size_t errlen)
{
	struct ua_ruleset *rs;
	char *dir, *names[256];
	struct dirent *de;
	DIR *dp;
	size_t n = 0, i, len;
	int rc = UA_OK;

	if (ctx->rules)
		return UA_OK;
	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return UA_ENOMEM;
	if ((dir = ua_ctx_schema_path(ctx, "rules")) == NULL || (dp = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: cannot open the rule tables", dir ? dir : "rules");
		free(dir);
		free(rs);
		return UA_EDATA;
	}
	while ((de = readdir(dp)) != NULL && n < 256) {
		len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".xml") == 0)
			if ((names[n] = ua_strdup(de->d_name)) != NULL)
				n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), cmp_str);
	if ((rs->files = calloc(n ? n : 1, sizeof(*rs->files))) == NULL)
		rc = UA_ENOMEM;
	for (i = 0; i < n; i++) {
		if (rc == UA_OK) {
			struct rulefile *f = &rs->files[rs->nfiles];
			if ((f->path = ua_asprintf("%s/%s", dir, names[i])) == NULL)
				rc = UA_ENOMEM;
			else if (file_kinds(f, err, errlen) != 0) {
				free(f->path);
				free(f->text);
				rc = UA_EDATA;
			} else
				rs->nfiles++;
		}
		free(names[i]);
	}
	free(dir);
	if (rc != UA_OK) {
		ua_ruleset_free(rs);
		if (rc == UA_ENOMEM)
			snprintf(err, errlen, "out of memory");
		return rc;
	}
	ctx->rules = rs;
	return UA_OK;
}

/* Loads the files serving kind (NULL: every file); set rule files only for a
 * set run (sets), and only those then. A broken table fails every time. */
int
ua_rules_load_scope(struct ua_ctx *ctx, const char *kind, int sets, char *err, size_t errlen)
{
	struct ua_ruleset *rs;
	size_t i;
	int st;

	if ((st = rules_index(ctx, err, errlen)) != UA_OK)
		return st;
	rs = ctx->rules;
	for (i = 0; i < rs->nfiles; i++) {
		struct rulefile *f = &rs->files[i];
		/* kinds="" : engine rules, described for listings, never run here */
		if (f->loaded || (kind && f->kinds && (f->kinds[0] == '\0' || !ua_rules_kind_in(f->kinds, kind))))
			continue;
		if (kind && f->set_scope != sets)
			continue;
		f->first = rs->n;
		if (load_file(ctx, rs, f, err, errlen) != 0) {
			ua_ruleset_free(rs);
			ctx->rules = NULL;
			return UA_EDATA;
		}
		f->n = rs->n - f->first;
		f->loaded = 1;
	}
	return UA_OK;
}

int
ua_rules_load_kind(struct ua_ctx *ctx, const char *kind, char *err, size_t errlen)
{
	return ua_rules_load_scope(ctx, kind, 0, err, errlen);
}

int
ua_rules_load(struct ua_ctx *ctx, char *err, size_t errlen)
{
	return ua_rules_load_kind(ctx, NULL, err, errlen);
}

int
ua_rules_index(struct ua_ctx *ctx, char *err, size_t errlen)
{
	return rules_index(ctx, err, errlen);
}

/* The i-th rule in table order (file by file), or NULL. */
struct rule *
ua_rules_rule_at(struct ua_ruleset *rs, size_t i)
{
	size_t k;

	for (k = 0; k < rs->nfiles; k++) {
		if (!rs->files[k].loaded)
			continue;
		if (i < rs->files[k].n)
			return &rs->v[rs->files[k].first + i];
		i -= rs->files[k].n;
	}
	return NULL;
}

/* Forgets the fixed texts of the last document (run_fixed_part()). */
void
ua_rules_fixed_reset(struct ua_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nswap; i++)
		free(rs->swap[i].with);
	rs->nswap = rs->nfixed_el = 0;
	rs->fixed_built = 0;
}

void
ua_ruleset_free(struct ua_ruleset *rs)
{
	size_t i, j;

	if (rs == NULL)
		return;
	free(rs->sug_s);
	for (i = 0; i < rs->nlists; i++) {
		free(rs->lists[i].rel);
		ua_wordlist_free(rs->lists[i].w);
	}
	for (i = 0; i < rs->n; i++) {
		struct rule *r = &rs->v[i];
		free(r->name);
		free(r->severity);
		free(r->kinds);
		free(r->summary);
		free(r->schema);
		free(r->names);
		free(r->target);
		free(r->agent);
		free(r->from);
		free(r->before);
		free(r->check);
		free(r->select_src);
		free(r->message_src);
		for (j = 0; j < r->nreq_names; j++)
			free(r->req_names[j]);
		for (j = 0; j < r->nreq_text; j++)
			free(r->req_text[j]);
		free(r->req_names);
		free(r->req_text);
		if (r->select)
			xmlXPathFreeCompExpr(r->select);
		if (r->pattern)
			pcre2_code_free(r->pattern);
		free(r->pattern_src);
		for (j = 0; j < r->nmsg; j++) {
			free(r->msg[j].text);
			if (r->msg[j].expr)
				xmlXPathFreeCompExpr(r->msg[j].expr);
		}
		free(r->msg);
		if (r->msg_all)
			xmlXPathFreeCompExpr(r->msg_all);
		for (j = 0; j < r->nlets; j++) {
			free(r->lets[j].name);
			free(r->lets[j].src);
			if (r->lets[j].expr)
				xmlXPathFreeCompExpr(r->lets[j].expr);
		}
		free(r->lets);
		for (j = 0; j < r->nrelated; j++) {
			free(r->related_src[j]);
			if (r->related && r->related[j])
				xmlXPathFreeCompExpr(r->related[j]);
		}
		free(r->related_src);
		free(r->related);
	}
	for (i = 0; i < rs->nsec; i++) {
		free(rs->sec[i].kinds);
		if (rs->sec[i].select)
			xmlXPathFreeCompExpr(rs->sec[i].select);
	}
	for (i = 0; i < rs->nns; i++) {
		free(rs->nsprefix[i]);
		free(rs->nsuri[i]);
	}
	free(rs->sec);
	free(rs->v);
	for (i = 0; i < rs->nfiles; i++) {
		free(rs->files[i].path);
		free(rs->files[i].text);
		free(rs->files[i].kinds);
	}
	free(rs->files);
	if (rs->xp)
		xmlXPathFreeContext(rs->xp);
	for (i = 0; i < rs->ncomps; i++)
		xmlFree(rs->comps[i].owned);
	free(rs->comps);
	free(rs->nodes);
	free(rs->hide);
	ua_rules_fixed_reset(rs);
	free(rs->swap);
	free(rs->fixed_el);
	ua_secret_hidden_free(&rs->hidden);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mc);
	free(rs);
}

const struct ua_rule_info *
ua_rules_info(struct ua_ctx *ctx, size_t i)
{
	struct rule *r;
	char err[256];

	if (ua_rules_load(ctx, err, sizeof(err)) != UA_OK)	/* listing: every file */
		return NULL;
	return (r = ua_rules_rule_at(ctx->rules, i)) ? &r->info : NULL;
}

/* Whether an XPath is the call ua:comments() alone (with any spaces XPath allows). */
static int
is_comments_call(const char *x)
{
	static const char *const tok[] = { "ua:comments", "(", ")" };
	size_t i;

	for (i = 0; i < sizeof(tok) / sizeof(*tok); i++) {
		x += strspn(x, " \t\r\n");
		if (strncmp(x, tok[i], strlen(tok[i])) != 0)
			return 0;
		x += strlen(tok[i]);
	}
	return x[strspn(x, " \t\r\n")] == '\0';
}

/* Compiles a rule's XPath on first use: most runs need the rules of one kind. */
int
ua_rules_compile_rule(struct rule *r, char *err, size_t errlen)
{
	size_t i;

	if (r->compiled)
		return r->select ? UA_OK : UA_EDATA;
	r->compiled = 1;
	if (r->select_src == NULL)
		return UA_OK;
	if ((r->select = xmlXPathCompile(BAD_CAST r->select_src)) == NULL) {
		snprintf(err, errlen, "rule %s: bad XPath in select", r->name);
		return UA_EDATA;
	}
	r->select_comments = is_comments_call(r->select_src);
	for (i = 0; i < r->nlets; i++)
		if ((r->lets[i].expr = xmlXPathCompile(BAD_CAST r->lets[i].src)) == NULL) {
			xmlXPathFreeCompExpr(r->select);
			r->select = NULL;
			snprintf(err, errlen, "rule %s: bad XPath in let %s", r->name, r->lets[i].name);
			return UA_EDATA;
		}
	if (r->nrelated && (r->related = calloc(r->nrelated, sizeof(*r->related))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	for (i = 0; i < r->nrelated; i++)
		if ((r->related[i] = xmlXPathCompile(BAD_CAST r->related_src[i])) == NULL) {
			xmlXPathFreeCompExpr(r->select);
			r->select = NULL;
			snprintf(err, errlen, "rule %s: bad XPath in related", r->name);
			return UA_EDATA;
		}
	return UA_OK;
}

/* Compiles a rule's pattern when its select first finds a node: most select nothing. */
int
ua_rules_compile_pattern(const char *datadir, struct rule *r, char *err, size_t errlen)
{
	int ec;
	PCRE2_SIZE eo = 0;
	char *src, why[256] = "";

	if (r->pattern == NULL && r->pattern_state == 0) {
		/* a (?&name) it calls is defined in schemas/regexes.tsv */
		src = ua_regex_expand(datadir, r->pattern_src, why, sizeof(why));
		r->pattern = src ? pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF, &ec, &eo, NULL) : NULL;
		free(src);
		r->pattern_state = r->pattern ? 1 : -1;
		r->pattern_offset = (size_t)eo;
	}
	if (r->pattern == NULL) {
		if (why[0])
			snprintf(err, errlen, "rule %s: %s", r->name, why);
		else
			snprintf(err, errlen, "rule %s: bad pattern at offset %zu", r->name,
			    r->pattern_offset);
		return UA_EDATA;
	}
	return UA_OK;
}

/* Compiles a rule's message on its first finding: most rules find nothing. */
int
ua_rules_compile_message(struct rule *r, char *err, size_t errlen)
{
	if (r->msg_state == 0) {
		r->msg_state = 1;
		if (r->message_src && strchr(r->message_src, '{'))
			join_message(r, r->message_src);
		if (r->message_src && r->msg_all == NULL && parse_message(r, r->message_src) != 0)
			r->msg_state = -1;
	}
	if (r->msg_state < 0) {
		snprintf(err, errlen, "rule %s: bad XPath in message", r->name);
		return UA_EDATA;
	}
	return UA_OK;
}

int
ua_rules_compile_all(struct ua_ctx *ctx, char *err, size_t errlen)
{
	size_t i;
	int st;

	if ((st = ua_rules_load(ctx, err, errlen)) != UA_OK)
		return st;
	for (i = 0; i < ctx->rules->n; i++)
		if (!ctx->rules->v[i].set_rule && !ctx->rules->v[i].gates_ok) {
			if (ua_rules_check_gates(ctx, &ctx->rules->v[i], ctx->rules->v[i].file, err,
			    errlen) != 0)
				return UA_EDATA;
			ctx->rules->v[i].gates_ok = 1;
		}
	for (i = 0; i < ctx->rules->n; i++)
		if (ctx->rules->v[i].select_src &&
		    ((st = ua_rules_compile_rule(&ctx->rules->v[i], err, errlen)) != UA_OK ||
		    (ctx->rules->v[i].pattern_src &&
		    (st = ua_rules_compile_pattern(ctx->datadir, &ctx->rules->v[i], err, errlen)) != UA_OK) ||
		    (st = ua_rules_compile_message(&ctx->rules->v[i], err, errlen)) != UA_OK))
			return st;
	return UA_OK;
}

/*
 * Whether subject matches: 1, 0, or -1 when the match could not finish (a
 * limit). Only whether it matches counts, so one pair of ovector slots is
 * enough (pcre2_match returns 0 for "matched, ovector too small").
 */
static int
match_with(const pcre2_code *code, const char *subject, pcre2_match_data *md,
    pcre2_match_context *mc)
{
	int rc;

	pcre2_set_match_limit(mc, PCRE2_MATCH_LIMIT);
	pcre2_set_depth_limit(mc, PCRE2_DEPTH_LIMIT);
	rc = pcre2_match(code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, mc);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static int
match_code(const pcre2_code *code, const char *subject)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	int rc = md && mc ? match_with(code, subject, md, mc) : -1;

	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	return rc;
}

/*
 * A rule's pattern, with the ruleset's match data. A pattern used many times
 * in a run is JIT-compiled (the match limit holds there too; a JIT stack
 * overflow is an error, as a depth limit is); one used a few times is not
 * worth the compilation.
 */
#define JIT_AFTER 32

int
ua_rules_match(struct ua_ruleset *rs, struct rule *r, const char *subject)
{
	if (rs->md == NULL && (rs->md = pcre2_match_data_create(1, NULL)) == NULL)
		return -1;
	if (rs->mc == NULL && (rs->mc = pcre2_match_context_create(NULL)) == NULL)
		return -1;
	if (++r->pattern_uses == JIT_AFTER)
		(void)pcre2_jit_compile(r->pattern, PCRE2_JIT_COMPLETE);	/* else interpreted */
	return match_with(r->pattern, subject, rs->md, rs->mc);
}

int
ua_pattern_match(const char *pattern, const char *subject)
{
	pcre2_code *code;
	int ec, rc;
	PCRE2_SIZE eo;

	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
	    &ec, &eo, NULL);
	if (code == NULL)
		return -1;
	rc = match_code(code, subject);
	pcre2_code_free(code);
	return rc;
}

