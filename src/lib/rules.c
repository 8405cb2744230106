/* SPDX-License-Identifier: MIT */
/* The rule table (the XML files in schemas/rules/): semantic checks as XPath, PCRE2 patterns
 * and sub-schemas, interpreted over any document's tree. */
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
#include "schema.h"
#include "secret.h"
#include "tree.h"
#include "ua.h"
#include "target.h"
#include "template.h"
#include "util.h"
#include "wordlist.h"
#include "langtag.h"

#define RULES_NS "urn:unattend-tools:rules:1"
#define PCRE2_MATCH_LIMIT 100000
#define PCRE2_DEPTH_LIMIT 1000

struct part {			/* a message: literal text and {XPath} parts */
	char *text;
	xmlXPathCompExprPtr expr;
};

struct let {
	char *name, *src;
	xmlXPathCompExprPtr expr;
};

struct rule {
	struct ua_rule_info info;
	char *name, *severity, *kinds, *summary, *names, *target, *check;
	int target_known;	/* runs only when a release is known */
	int fixed_part;		/* template="fixed-part": see run_fixed_part() */
	int agent_known;	/* runs only when the reader is certain (ua_agent_sel.known) */
	char *agent, *from, *before;	/* version gates: see gated_out() */
	int gates_ok;		/* they name the agent table's agents and releases */
	int uses_agent;		/* an expression reads $agent or $agent-version */
	const char *file;	/* the rule file's path, for messages */
	char **req_names, **req_text;	/* cheap preconditions, see applies() */
	size_t nreq_names, nreq_text;
	size_t min_names, min_text;	/* how many of them must occur (default 1) */
	int default_off;
	char *select_src, *message_src;	/* compiled on first use */
	int compiled;
	char **kindv;
	size_t nkinds;
	xmlXPathCompExprPtr select;
	int select_comments;	/* the select is ua:comments() alone: see run_rule() */
	char *pattern_src;
	pcre2_code *pattern;	/* compiled when the select first finds a node */
	int pattern_state;	/* 0 not yet, 1 compiled, -1 bad */
	size_t pattern_offset;	/* where a bad one goes wrong */
	unsigned long pattern_uses;	/* JIT-compiled once a run uses it often */
	int want_match;
	char *schema;
	struct part *msg;
	size_t nmsg;
	xmlXPathCompExprPtr msg_all;	/* the whole message as one concat() */
	int msg_state;			/* message compiled: 0 not yet, 1 yes, -1 failed */
	struct let *lets;		/* <let name="v">: $v, once per document */
	size_t nlets;
	int set_rule;			/* runs on an image's set (a scope="set" file) */
	char **related_src;		/* <related>: the other places a finding names */
	xmlXPathCompExprPtr *related;
	size_t nrelated;
};

struct secret {
	char *kinds;
	xmlXPathCompExprPtr select;
};

/* ua:component()'s index of the current document: its components, in order. */
struct comp {
	const xmlChar *name;
	size_t len;		/* of name: most names differ in length */
	xmlNodePtr node;
	xmlChar *owned;		/* name when it had to be copied out of the attribute */
};

/* A rule table file: loaded when a document of one of its kinds needs it. */
struct rulefile {
	char *path;
	char *text;		/* its contents, read to find the kinds, until loaded */
	size_t len;
	char *kinds;		/* the root's kinds="...", NULL: every kind */
	int set_scope;		/* scope="set": rules over an image's set of files */
	int loaded;
	size_t first, n;	/* its rules: v[first .. first + n) */
};

struct ua_ruleset {
	struct rule *v;		/* in the order the files were loaded */
	size_t n;
	struct rulefile *files;	/* by file name: the table's order */
	size_t nfiles;
	struct secret *sec;
	size_t nsec;
	char *nsprefix[16], *nsuri[16];
	size_t nns;
	/* per-document state, reused from one document to the next */
	xmlXPathContextPtr xp;
	struct comp *comps;
	size_t ncomps, capcomps;
	int comps_built;
	xmlNodePtr *nodes;	/* ua:elements() and ua:comments(): the document's */
	size_t nnodes, capnodes;	/* elements and comments, in document order */
	int nodes_built;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	xmlNodePtr *hide;	/* the document's secret nodes, hidden while a */
	size_t nhide, caphide;	/* message is built; found on its first finding */
	int hide_built;
	struct ua_secret_hidden hidden;
	/* ua:listed() and ua:suggest(): value lists, each read on first use */
	const char *datadir;
	struct { char *rel; struct ua_wordlist *w; } lists[8];
	size_t nlists;
	const struct ua_wordlist *sug_w;	/* ua:suggest()'s last question and answer */
	char *sug_s;
	const char *sug_hit;
	const struct ua_rules_set *set;	/* during a set run: ua:doc(), ua:agent() */
	const struct ua_doc *cur;	/* the document being checked */
	/* run_fixed_part(): a template's values that hold placeholders, as their fixed text */
	struct fixed_swap { xmlNodePtr text; xmlChar *was; char *with; } *swap;
	size_t nswap, capswap;
	xmlNodePtr *fixed_el;		/* their elements, sorted by address */
	size_t nfixed_el, capfixed_el;
	int fixed_built, fixed_pass;
	struct ua_ctx *ctx;		/* during a run: ua:agent-last(), ua:target() */
	const struct ua_agent_sel *sel;	/* the agent and release cur is checked for */
	const char *target;		/* the release cur is for, once a rule asked */
};

/* Checks implemented in C: return 1 when node fails. */
struct check {
	const char *name;
	int (*fails)(xmlNodePtr node);
};


/* A hidden password: Base64 of UTF-16LE ending with the parent element's name. */
static int
obscured_password_fails(xmlNodePtr node)
{
	xmlChar *v = xmlNodeGetContent(node);
	const char *s = v ? (const char *)v : "", *suffix;
	unsigned char buf[4096];
	char *t;
	long n;
	size_t i, sl;
	int fails = 1;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if ((t = ua_strdup(s)) == NULL) {
		xmlFree(v);
		return 0;
	}
	for (i = strlen(t); i > 0 && strchr(" \t\r\n", t[i - 1]); i--)
		t[i - 1] = '\0';
	if (*t == '\0' || node->parent == NULL || node->parent->type != XML_ELEMENT_NODE) {
		fails = 0;
		goto out;
	}
	suffix = (const char *)node->parent->name;
	sl = strlen(suffix);
	n = ua_base64_decode(t, buf, sizeof(buf));
	if (n < 0 || n % 2 != 0 || (size_t)n < 2 * sl)
		goto out;
	for (i = 0; i + 1 < (size_t)n; i += 2) {	/* well-formed UTF-16LE */
		unsigned u = buf[i] | buf[i + 1] << 8;
		if (u >= 0xd800 && u <= 0xdbff) {
			unsigned lo = i + 3 < (size_t)n ? (unsigned)(buf[i + 2] | buf[i + 3] << 8) : 0;
			if (lo < 0xdc00 || lo > 0xdfff)
				goto out;
			i += 2;
		} else if (u >= 0xdc00 && u <= 0xdfff)
			goto out;
	}
	for (i = 0; i < sl; i++)
		if (buf[(size_t)n - 2 * sl + 2 * i] != (unsigned char)suffix[i] ||
		    buf[(size_t)n - 2 * sl + 2 * i + 1] != 0)
			goto out;
	fails = 0;
out:
	free(t);
	xmlFree(v);
	return fails;
}

/* UTF-16LE buf[0..n) (well-formed) as UTF-8; caller frees, NULL on failure. */
static char *
utf16le_to_utf8(const unsigned char *buf, size_t n)
{
	char *out = malloc(n / 2 * 3 + 1), *o = out;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		unsigned long u = buf[i] | (unsigned)buf[i + 1] << 8;
		if (u >= 0xd800 && u <= 0xdbff && i + 3 < n) {
			u = 0x10000 + ((u - 0xd800) << 10) + ((buf[i + 2] | (unsigned)buf[i + 3] << 8) - 0xdc00);
			i += 2;
		}
		if (u < 0x80)
			*o++ = (char)u;
		else if (u < 0x800) {
			*o++ = (char)(0xc0 | u >> 6);
			*o++ = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			*o++ = (char)(0xe0 | u >> 12);
			*o++ = (char)(0x80 | (u >> 6 & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		} else {
			*o++ = (char)(0xf0 | u >> 18);
			*o++ = (char)(0x80 | (u >> 12 & 0x3f));
			*o++ = (char)(0x80 | (u >> 6 & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		}
	}
	*o = '\0';
	return out;
}

/*
 * The password a Password or AdministratorPassword element stands for: its
 * Value as written when PlainText is true or absent, else decoded (Base64 of
 * UTF-16LE ending with the element's name, which is cut). NULL when it cannot
 * be told (no Value, a hidden value that does not decode).
 */
static char *
password_of(xmlNodePtr pw)
{
	xmlNodePtr c, value = NULL, plain = NULL;
	unsigned char buf[4096];
	char *v, *t, *out = NULL;
	size_t sl, i;
	long n;

	for (c = pw ? pw->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Value"))
			value = c;
		else if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "PlainText"))
			plain = c;
	if (value == NULL || (v = ua_node_text(value, 0)) == NULL)
		return NULL;
	t = plain ? ua_node_text(plain, 1) : NULL;
	if (t == NULL || strcasecmp(t, "false") != 0) {
		free(t);
		return v;
	}
	free(t);
	t = ua_trim(v);
	sl = strlen((const char *)pw->name);
	if (*t == '\0')
		out = ua_strdup("");
	else if ((n = ua_base64_decode(t, buf, sizeof(buf))) >= 0 && n % 2 == 0 && (size_t)n >= 2 * sl) {
		for (i = 0; i < sl; i++)
			if (buf[(size_t)n - 2 * sl + 2 * i] != pw->name[i] ||
			    buf[(size_t)n - 2 * sl + 2 * i + 1] != 0)
				break;
		if (i == sl)
			out = utf16le_to_utf8(buf, (size_t)n - 2 * sl);
	}
	free(v);
	return out;
}

static const struct check checks[] = {
	{ "obscured-password", obscured_password_fails },
};

static const struct check *
find_check(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (strcmp(checks[i].name, name) == 0)
			return &checks[i];
	return NULL;
}

static int
kind_in(const char *kinds, const char *kind)
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
			if (find_check(t) == NULL) {
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
		ok = kind_in(file, tok);
	free(list);
	return ok;
}

/* The agent table, read on first use; its own buffer for the reason it is
 * missing, as err may already name rules that could not finish. */
static const struct ua_agents *
agent_table(struct ua_ctx *ctx, char *err, size_t errlen)
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
static int
check_gates(struct ua_ctx *ctx, const struct rule *r, const char *file, char *err,
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
	if ((a = agent_table(ctx, err, errlen)) == NULL || (list = ua_strdup(r->agent)) == NULL)
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

	if ((a = agent_table(ctx, err, errlen)) == NULL || (list = ua_strdup(r->agent)) == NULL)
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
static int
rules_load_scope(struct ua_ctx *ctx, const char *kind, int sets, char *err, size_t errlen)
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
		if (f->loaded || (kind && f->kinds && (f->kinds[0] == '\0' || !kind_in(f->kinds, kind))))
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

static int
rules_load_kind(struct ua_ctx *ctx, const char *kind, char *err, size_t errlen)
{
	return rules_load_scope(ctx, kind, 0, err, errlen);
}

int
ua_rules_load(struct ua_ctx *ctx, char *err, size_t errlen)
{
	return rules_load_kind(ctx, NULL, err, errlen);
}

int
ua_rules_index(struct ua_ctx *ctx, char *err, size_t errlen)
{
	return rules_index(ctx, err, errlen);
}

/* The i-th rule in table order (file by file), or NULL. */
static struct rule *
rule_at(struct ua_ruleset *rs, size_t i)
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
static void
fixed_reset(struct ua_ruleset *rs)
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
	fixed_reset(rs);
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
	return (r = rule_at(ctx->rules, i)) ? &r->info : NULL;
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
static int
compile_rule(struct rule *r, char *err, size_t errlen)
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
static int
compile_pattern(const char *datadir, struct rule *r, char *err, size_t errlen)
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
static int
compile_message(struct rule *r, char *err, size_t errlen)
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
			if (check_gates(ctx, &ctx->rules->v[i], ctx->rules->v[i].file, err,
			    errlen) != 0)
				return UA_EDATA;
			ctx->rules->v[i].gates_ok = 1;
		}
	for (i = 0; i < ctx->rules->n; i++)
		if (ctx->rules->v[i].select_src &&
		    ((st = compile_rule(&ctx->rules->v[i], err, errlen)) != UA_OK ||
		    (ctx->rules->v[i].pattern_src &&
		    (st = compile_pattern(ctx->datadir, &ctx->rules->v[i], err, errlen)) != UA_OK) ||
		    (st = compile_message(&ctx->rules->v[i], err, errlen)) != UA_OK))
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

static int
rule_match(struct ua_ruleset *rs, struct rule *r, const char *subject)
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

#define UA_FUNC_NS "urn:unattend-tools:functions"

/*
 * ua:component('Name'): the components of that name in every pass, in document
 * order. The same as /u:unattend/u:settings/u:component[@name='Name'], without
 * the XPath string machinery that a predicate costs on every component of
 * every file.
 */
/* An XPath function's argument as a string; NULL (the error set) when there is none. */
static xmlChar *
pop_string(xmlXPathParserContextPtr pc)
{
	xmlXPathObjectPtr arg = valuePop(pc);
	xmlChar *s;

	if (arg == NULL) {
		xmlXPathSetError(pc, XPATH_INVALID_OPERAND);
		return NULL;
	}
	s = xmlXPathCastToString(arg);
	xmlXPathFreeObject(arg);
	if (s == NULL)
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
	return s;
}

static void
reset_components(struct ua_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->ncomps; i++)
		xmlFree(rs->comps[i].owned);
	rs->ncomps = 0;
	rs->comps_built = 0;
	rs->nnodes = 0;
	rs->nodes_built = 0;
}

/* The document's elements and comments in document order, once per document. */
static int
index_nodes(struct ua_ruleset *rs, xmlDocPtr doc)
{
	xmlNodePtr n = doc ? doc->children : NULL;

	rs->nnodes = 0;
	while (n) {
		if (n->type == XML_ELEMENT_NODE || n->type == XML_COMMENT_NODE) {
			if (ua_grow(&rs->nodes, &rs->capnodes, rs->nnodes, sizeof(*rs->nodes), 256) != 0)
				return -1;
			rs->nodes[rs->nnodes++] = n;
		}
		n = ua_tree_next_node(n);
	}
	rs->nodes_built = 1;
	return 0;
}

/*
 * The document's comments (comments), or its elements of local name name (any
 * namespace), in document order as a node set; NULL when out of memory.
 */
static xmlXPathObjectPtr
indexed_set(struct ua_ruleset *rs, xmlDocPtr doc, int comments, const xmlChar *name)
{
	xmlXPathObjectPtr res;
	const xmlChar *interned = NULL;
	size_t i;

	if (!comments && doc && doc->dict)	/* names are interned: compare pointers */
		interned = xmlDictExists(doc->dict, name, -1);
	if ((res = xmlXPathNewNodeSet(NULL)) == NULL ||
	    (!rs->nodes_built && index_nodes(rs, doc) != 0)) {
		xmlXPathFreeObject(res);
		return NULL;
	}
	for (i = 0; i < rs->nnodes; i++) {
		xmlNodePtr n = rs->nodes[i];
		if (comments ? n->type != XML_COMMENT_NODE :
		    n->type != XML_ELEMENT_NODE || (doc && doc->dict ?
		    n->name != interned : !xmlStrEqual(n->name, name)))
			continue;
		if (xmlXPathNodeSetAddUnique(res->nodesetval, n) != 0) {
			xmlXPathFreeObject(res);
			return NULL;
		}
	}
	return res;
}

/*
 * ua:elements('Name'): every element of that local name (any namespace), in
 * document order; ua:comments(): every comment. The same as a descendant
 * search from the root with a local-name() test, or for comment(), from one
 * walk of the document shared by all rules.
 */
static void
nodes_fn(xmlXPathParserContextPtr pc, int nargs, int comments)
{
	xmlXPathObjectPtr res;
	xmlChar *name = NULL;

	if (nargs != (comments ? 0 : 1)) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (!comments && (name = pop_string(pc)) == NULL)
		return;
	res = indexed_set(pc->context->userData, pc->context->doc, comments, name);
	xmlFree(name);
	if (res == NULL) {
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(pc, res);
}

/*
 * ua:lower(s) (or ua:lower() for the context node): s with ASCII letters in
 * lower case. translate() with the alphabet does the same at a cost that grows
 * with the alphabet's length for every character.
 */
static void
fn_lower(xmlXPathParserContextPtr pc, int nargs)
{
	xmlChar *v, *p;

	if (nargs > 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 0) {
		if ((v = xmlXPathCastNodeToString(pc->context->node)) == NULL) {
			xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
			return;
		}
	} else if ((v = pop_string(pc)) == NULL)
		return;
	for (p = v; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (xmlChar)(*p + ('a' - 'A'));
	valuePush(pc, xmlXPathWrapString(v));
}

/*
 * ua:if(test, then[, else]): then when boolean(test), else (or '') otherwise,
 * as strings. Messages choose their wording with it; the XPath 1.0 idiom
 * substring(text, 1, N * test) costs a UTF-8 walk of the text every time.
 */
static void
fn_if(xmlXPathParserContextPtr pc, int nargs)
{
	xmlXPathObjectPtr test, yes, no = NULL, pick;
	int cond;

	if (nargs != 2 && nargs != 3) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 3)
		no = valuePop(pc);
	yes = valuePop(pc);
	test = valuePop(pc);
	if (test == NULL || yes == NULL || (nargs == 3 && no == NULL)) {
		xmlXPathFreeObject(test);
		xmlXPathFreeObject(yes);
		xmlXPathFreeObject(no);
		xmlXPathSetError(pc, XPATH_INVALID_OPERAND);
		return;
	}
	cond = xmlXPathCastToBoolean(test);
	xmlXPathFreeObject(test);
	pick = cond ? yes : no;
	xmlXPathFreeObject(cond ? no : yes);
	if (pick == NULL)
		valuePush(pc, xmlXPathNewCString(""));
	else if (pick->type == XPATH_STRING)
		valuePush(pc, pick);
	else {
		valuePush(pc, xmlXPathWrapString(xmlXPathCastToString(pick)));
		xmlXPathFreeObject(pick);
	}
}

struct dupkey {
	xmlNodePtr scope;	/* the ancestor the nodes compared must share */
	xmlNodePtr node;
	xmlChar *key;		/* the node's string value (or attribute); NULL: none */
	int i;			/* its place: document order, other set after */
};

static int
dupkey_cmp(const void *a, const void *b)
{
	const struct dupkey *x = a, *y = b;
	int c;

	if (x->scope != y->scope)
		return (uintptr_t)x->scope < (uintptr_t)y->scope ? -1 : 1;
	if ((x->key == NULL) != (y->key == NULL))
		return x->key == NULL ? -1 : 1;
	if (x->key && (c = strcmp((const char *)x->key, (const char *)y->key)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
same_key(const struct dupkey *x, const struct dupkey *y)
{
	return x->scope == y->scope && x->key && y->key &&
	    strcmp((const char *)x->key, (const char *)y->key) == 0;
}

static void
free_keys(struct dupkey *v, int n)
{
	int i;

	for (i = 0; v && i < n; i++)
		xmlFree(v[i].key);
	free(v);
}

/*
 * Appends the keys of set's nodes to v (from v[*n] on; room for them is
 * there), numbered from base. 0, or -1 (out of memory).
 */
static int
add_keys(struct dupkey *v, int *n, xmlNodeSetPtr set, int up, const xmlChar *attr, int base)
{
	int i, j;

	xmlXPathNodeSetSort(set);
	for (i = 0; set && i < set->nodeNr; i++) {
		struct dupkey *k = &v[(*n)++];
		xmlNodePtr s = set->nodeTab[i];
		for (j = 0; s && j < up; j++)
			s = s->parent;
		k->scope = s;
		k->node = set->nodeTab[i];
		k->i = base + i;
		if (attr)
			k->key = k->node->type == XML_ELEMENT_NODE ? xmlGetProp(k->node, attr) : NULL;
		else if ((k->key = xmlXPathCastNodeToString(k->node)) == NULL)
			return -1;
	}
	return 0;
}

/*
 * The node-set arguments of ua:dup and ua:unmatched (want of them), each
 * followed by the optional up and attribute arguments, as sorted keys in *vp.
 * Returns the number of keys, or -1 (the error set, nothing left to free).
 */
static int
pop_keys(xmlXPathParserContextPtr pc, int nargs, int want, struct dupkey **vp)
{
	xmlXPathObjectPtr set[2] = { NULL, NULL };
	xmlChar *attr = NULL;
	struct dupkey *v = NULL;
	int i, n = 0, total = 0, up = 0, bad = 0;

	if (nargs < want || nargs > want + 2) {
		xmlXPathSetArityError(pc);
		return -1;
	}
	if (nargs == want + 2 && (attr = pop_string(pc)) == NULL)
		return -1;
	if (nargs >= want + 1) {
		double d = xmlXPathPopNumber(pc);
		up = d >= 0 && d < 256 ? (int)d : 0;
	}
	for (i = want - 1; i >= 0; i--)
		if ((set[i] = valuePop(pc)) == NULL || set[i]->type != XPATH_NODESET)
			bad = 1;
	for (i = 0; !bad && i < want; i++)
		total += set[i]->nodesetval ? set[i]->nodesetval->nodeNr : 0;
	if (!bad && total > 0 && (v = calloc((size_t)total, sizeof(*v))) == NULL)
		bad = 2;
	for (i = 0; !bad && i < want; i++)
		if (add_keys(v, &n, set[i]->nodesetval, up, attr, i ? INT_MAX / 2 : 0) != 0)
			bad = 2;
	if (!bad && n > 0)
		qsort(v, (size_t)n, sizeof(*v), dupkey_cmp);
	for (i = 0; i < want; i++)
		xmlXPathFreeObject(set[i]);
	xmlFree(attr);
	if (bad) {
		free_keys(v, n);
		xmlXPathSetError(pc, bad == 1 ? XPATH_INVALID_TYPE : XPATH_MEMORY_ERROR);
		return -1;
	}
	*vp = v;
	return n;
}

/* Pushes the nodes picked (pick NULL: out of memory) as a node-set; frees v. */
static void
push_picked(xmlXPathParserContextPtr pc, struct dupkey *v, int n, const char *pick)
{
	xmlXPathObjectPtr res = pick ? xmlXPathNewNodeSet(NULL) : NULL;
	int i, bad = res == NULL;

	for (i = 0; !bad && i < n; i++)
		if (pick[i] && xmlXPathNodeSetAddUnique(res->nodesetval, v[i].node) != 0)
			bad = 1;
	free_keys(v, n);
	if (bad) {
		xmlXPathFreeObject(res);
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	xmlXPathNodeSetSort(res->nodesetval);
	valuePush(pc, res);
}

/*
 * ua:dup(nodes[, up[, attr]]): the nodes whose key an earlier node of the set
 * (in document order) already has, counting only nodes with the same ancestor
 * up levels above them (0, the default: the whole set). The key is the node's
 * string value, or its attribute attr (a node without it has no duplicate).
 * The XPath idiom x[. = ../preceding-sibling::item/x] compares every pair;
 * this sorts once.
 */
static void
fn_dup(xmlXPathParserContextPtr pc, int nargs)
{
	struct dupkey *v = NULL;
	char *pick;
	int i, n;

	if ((n = pop_keys(pc, nargs, 1, &v)) < 0)
		return;
	pick = calloc((size_t)n + 1, 1);
	for (i = 1; pick && i < n; i++)
		pick[i] = same_key(&v[i], &v[i - 1]);
	push_picked(pc, v, n, pick);
	free(pick);
}

/*
 * ua:unmatched(nodes, others[, up[, attr]]): the nodes whose key no node of
 * others with the same ancestor up levels above has (keys as for ua:dup).
 * x[not(@name = ../y/@name)] compares every pair; this sorts once.
 */
static void
fn_unmatched(xmlXPathParserContextPtr pc, int nargs)
{
	struct dupkey *v = NULL;
	char *pick;
	int i, j, n;

	if ((n = pop_keys(pc, nargs, 2, &v)) < 0)
		return;
	pick = calloc((size_t)n + 1, 1);
	for (i = 0; pick && i < n; i = j) {
		int matched = 0;
		for (j = i; j < n && (j == i || same_key(&v[j], &v[i])); j++)
			matched |= v[j].i >= INT_MAX / 2;
		while (i < j) {
			pick[i] = !matched && v[i].i < INT_MAX / 2;
			i++;
		}
	}
	push_picked(pc, v, n, pick);
	free(pick);
}

static void
fn_elements(xmlXPathParserContextPtr pc, int nargs)
{
	nodes_fn(pc, nargs, 0);
}

static void
fn_comments(xmlXPathParserContextPtr pc, int nargs)
{
	nodes_fn(pc, nargs, 1);
}

/* The list file rel (under the data directory), read on first use. */
static struct ua_wordlist *
wordlist(struct ua_ruleset *rs, const char *rel)
{
	char err[256], *path;
	size_t i;

	for (i = 0; i < rs->nlists; i++)
		if (strcmp(rs->lists[i].rel, rel) == 0)
			return rs->lists[i].w;
	if (rs->nlists == sizeof(rs->lists) / sizeof(rs->lists[0]) || strstr(rel, "..") ||
	    rs->datadir == NULL)
		return NULL;
	if ((path = ua_asprintf("%s/%s", rs->datadir, rel)) == NULL)
		return NULL;
	if (ua_wordlist_load(path, &rs->lists[rs->nlists].w, err, sizeof(err)) != 0) {
		free(path);
		return NULL;
	}
	free(path);
	if ((rs->lists[rs->nlists].rel = ua_strdup(rel)) == NULL) {
		ua_wordlist_free(rs->lists[rs->nlists].w);
		return NULL;
	}
	return rs->lists[rs->nlists++].w;
}

enum list_ask { LIST_LISTED, LIST_SUGGEST, LIST_LOOKUP };

/*
 * ua:listed(FILE, S): whether S is a line of the data file FILE (ignoring
 * letter case); ua:suggest(FILE, S): the line S most likely stands for, or '';
 * ua:lookup(FILE, S): the value FILE's table gives for the key S (a line
 * "S<TAB>value"), or ''. The lists are read only when a rule that needs one runs.
 */
static void
list_fn(xmlXPathParserContextPtr pc, int nargs, enum list_ask ask)
{
	struct ua_ruleset *rs = pc->context->userData;
	struct ua_wordlist *w;
	xmlChar *s, *rel;
	const char *hit;

	if (nargs != 2) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((s = pop_string(pc)) == NULL)
		return;
	if ((rel = pop_string(pc)) == NULL) {
		xmlFree(s);
		return;
	}
	w = wordlist(rs, (const char *)rel);
	xmlFree(rel);
	if (w == NULL) {
		xmlFree(s);
		xmlXPathSetError(pc, XPATH_INVALID_OPERAND);
		return;
	}
	if (ask == LIST_LOOKUP) {
		hit = ua_wordlist_get(w, (const char *)s);
		valuePush(pc, xmlXPathNewCString(hit ? hit : ""));
	} else if (ask == LIST_SUGGEST) {
		/* a message asks twice (is there one? which?): the last answer is kept */
		if (rs->sug_w == w && rs->sug_s && strcmp(rs->sug_s, (const char *)s) == 0)
			hit = rs->sug_hit;
		else {
			hit = ua_wordlist_has(w, (const char *)s) ? NULL :
			    ua_wordlist_suggest(w, (const char *)s);
			free(rs->sug_s);
			rs->sug_s = ua_strdup((const char *)s);
			rs->sug_w = w;
			rs->sug_hit = hit;
		}
		valuePush(pc, xmlXPathNewCString(hit ? hit : ""));
	} else
		valuePush(pc, xmlXPathNewBoolean(ua_wordlist_has(w, (const char *)s)));
	xmlFree(s);
}

/*
 * ua:language-fix(S[, SEP]): S with each entry (SEP-separated) that is not a
 * language tag replaced by the tag it likely means (en_US: en-US; english:
 * en-US, from schemas/language-names.tsv), or '' when no entry has a fix.
 */
static void
fn_language_fix(xmlXPathParserContextPtr pc, int nargs)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlChar *s, *sep = NULL;
	char *fix;

	if (nargs != 1 && nargs != 2) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 2 && (sep = pop_string(pc)) == NULL)
		return;
	if ((s = pop_string(pc)) == NULL) {
		xmlFree(sep);
		return;
	}
	fix = rs->datadir ? ua_language_fix(rs->datadir, wordlist(rs, "schemas/language-names.tsv"),
	    (const char *)s, sep && *sep ? (const char *)sep : NULL) : NULL;
	valuePush(pc, xmlXPathNewCString(fix ? fix : ""));
	free(fix);
	xmlFree(s);
	xmlFree(sep);
}

/* ua:fixed-part(): whether values are being read as their fixed text (run_fixed_part()). */
static void
fn_fixed_part(xmlXPathParserContextPtr pc, int nargs)
{
	const struct ua_ruleset *rs = pc->context->userData;

	if (nargs != 0) {
		xmlXPathSetArityError(pc);
		return;
	}
	valuePush(pc, xmlXPathNewBoolean(rs && rs->fixed_pass));
}

static void
fn_listed(xmlXPathParserContextPtr pc, int nargs)
{
	list_fn(pc, nargs, LIST_LISTED);
}

static void
fn_suggest(xmlXPathParserContextPtr pc, int nargs)
{
	list_fn(pc, nargs, LIST_SUGGEST);
}

static void
fn_lookup(xmlXPathParserContextPtr pc, int nargs)
{
	list_fn(pc, nargs, LIST_LOOKUP);
}

/*
 * ua:same-password(A, B): false when the Password (or AdministratorPassword)
 * elements A and B, each the first of its node-set, stand for different
 * passwords, hidden values decoded; true when they agree or either cannot be
 * told. Rules compare passwords with it without ever holding one as a string.
 */
static void
fn_same_password(xmlNodePtr a, xmlNodePtr b, xmlXPathParserContextPtr pc)
{
	char *pa = password_of(a), *pb = password_of(b);
	int same = pa == NULL || pb == NULL || strcmp(pa, pb) == 0;

	if (pa)
		memset(pa, 0, strlen(pa));
	if (pb)
		memset(pb, 0, strlen(pb));
	free(pa);
	free(pb);
	valuePush(pc, xmlXPathNewBoolean(same));
}

static void
fn_same_password_xpath(xmlXPathParserContextPtr pc, int nargs)
{
	xmlXPathObjectPtr b, a;

	if (nargs != 2) {
		xmlXPathSetArityError(pc);
		return;
	}
	b = valuePop(pc);
	a = valuePop(pc);
	if (a == NULL || b == NULL || a->type != XPATH_NODESET || b->type != XPATH_NODESET) {
		xmlXPathFreeObject(a);
		xmlXPathFreeObject(b);
		xmlXPathSetError(pc, XPATH_INVALID_TYPE);
		return;
	}
	fn_same_password(a->nodesetval && a->nodesetval->nodeNr ? a->nodesetval->nodeTab[0] : NULL,
	    b->nodesetval && b->nodesetval->nodeNr ? b->nodesetval->nodeTab[0] : NULL, pc);
	xmlXPathFreeObject(a);
	xmlXPathFreeObject(b);
}

/* The document's components, once per document: most rules start from one. */
static int
index_components(struct ua_ruleset *rs, xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, s, c;

	reset_components(rs);
	if (root && (!xmlStrEqual(root->name, BAD_CAST "unattend") || root->ns == NULL ||
	    !xmlStrEqual(root->ns->href, BAD_CAST "urn:schemas-microsoft-com:unattend")))
		root = NULL;
	for (s = root ? root->children : NULL; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, BAD_CAST "settings"))
			continue;
		for (c = s->children; c; c = c->next) {
			xmlAttrPtr a;
			struct comp *e;
			if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "component") ||
			    (a = xmlHasNsProp(c, BAD_CAST "name", NULL)) == NULL)
				continue;
			if (ua_grow(&rs->comps, &rs->capcomps, rs->ncomps, sizeof(*rs->comps), 32) != 0)
				return -1;
			e = &rs->comps[rs->ncomps];
			e->node = c;
			e->owned = NULL;
			if (a->children && a->children->type == XML_TEXT_NODE &&
			    a->children->next == NULL && a->children->content)
				e->name = a->children->content;
			else if ((e->name = e->owned = xmlNodeListGetString(doc, a->children, 1)) == NULL)
				continue;
			e->len = strlen((const char *)e->name);
			rs->ncomps++;
		}
	}
	rs->comps_built = 1;
	return 0;
}

static void
fn_component(xmlXPathParserContextPtr pc, int nargs)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlXPathObjectPtr res;
	xmlChar *name;
	size_t i, len;

	if (nargs != 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((name = pop_string(pc)) == NULL)
		return;
	res = xmlXPathNewNodeSet(NULL);
	if (res && !rs->comps_built && index_components(rs, pc->context->doc) != 0) {
		xmlXPathFreeObject(res);
		res = NULL;
	}
	len = strlen((const char *)name);
	for (i = 0; res && i < rs->ncomps; i++)
		if (rs->comps[i].len == len && memcmp(rs->comps[i].name, name, len) == 0)
			xmlXPathNodeSetAddUnique(res->nodesetval, rs->comps[i].node);
	xmlFree(name);
	if (res == NULL) {
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(pc, res);
}

/* The document of the set (or the one being checked) that node belongs to. */
static const struct ua_doc *
doc_of(const struct ua_ruleset *rs, const xmlNode *node)
{
	size_t i;

	if (node == NULL)
		return NULL;
	if (rs->cur && rs->cur->xml == node->doc)
		return rs->cur;
	for (i = 0; rs->set && i < rs->set->n; i++)
		if (rs->set->docs[i]->xml && rs->set->docs[i]->xml == node->doc)
			return rs->set->docs[i];
	return NULL;
}

/*
 * ua:doc('kind ...'): the document nodes of the set's documents of those kinds
 * (empty outside a set run), so that ua:doc('bundleconfig')/BundleConfig reads
 * like an absolute path in that file; ua:agent-docs('agent'): those of the
 * files that belong to that agent.
 */
static void
set_docs(xmlXPathParserContextPtr pc, int nargs, int by_agent)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlXPathObjectPtr res;
	xmlChar *want;
	size_t i;

	if (nargs != 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((want = pop_string(pc)) == NULL)
		return;
	if ((res = xmlXPathNewNodeSet(NULL)) == NULL) {
		xmlFree(want);
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	for (i = 0; rs->set && i < rs->set->n; i++) {
		const struct ua_doc *d = rs->set->docs[i];
		int in = by_agent ? want[0] && rs->set->doc_agent &&
		    strcmp(rs->set->doc_agent[i], (const char *)want) == 0 :
		    d->kind && kind_in((const char *)want, d->kind->name);
		if (d->xml && in && xmlXPathNodeSetAddUnique(res->nodesetval, (xmlNodePtr)d->xml) != 0) {
			xmlXPathFreeObject(res);
			xmlFree(want);
			xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
			return;
		}
	}
	xmlFree(want);
	valuePush(pc, res);
}

static void
fn_doc(xmlXPathParserContextPtr pc, int nargs)
{
	set_docs(pc, nargs, 0);
}

static void
fn_agent_docs(xmlXPathParserContextPtr pc, int nargs)
{
	set_docs(pc, nargs, 1);
}

/*
 * ua:agent(): the launch agent of the set being checked ('' when not known);
 * ua:agents(): the agents whose files are in the set, space-separated;
 * ua:answer-path(): where the set's agent reads its answer file ('' not known);
 * ua:kind(): the kind of the document being checked; ua:target(): the Windows
 * release it is for (--target, else the image an answer file names; '' when
 * not known; found only for rules with target or target-known).
 */
static void
set_string(xmlXPathParserContextPtr pc, int nargs, int which)
{
	struct ua_ruleset *rs = pc->context->userData;
	const char *v = NULL;

	if (nargs != 0) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (which == 3)
		v = rs->cur && rs->cur->kind ? rs->cur->kind->name : NULL;
	else if (which == 4)
		v = rs->target;
	else if (rs->set)
		v = which == 0 ? rs->set->agent : which == 1 ? rs->set->present :
		    rs->set->answer_path;
	valuePush(pc, xmlXPathNewCString(v ? v : ""));
}

static void
fn_agent(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 0);
}

static void
fn_agents(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 1);
}

static void
fn_answer_path(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 2);
}

static void
fn_kind(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 3);
}

/*
 * ua:agent-of([nodes]): the agent the file of the first node (or of the
 * context node) belongs to ('' any); ua:file([nodes]): that file's base name.
 */
static void
node_file_fn(xmlXPathParserContextPtr pc, int nargs, int agent)
{
	struct ua_ruleset *rs = pc->context->userData;
	xmlNodePtr node = pc->context->node;
	xmlXPathObjectPtr arg = NULL;
	const struct ua_doc *d;
	const char *v = "";
	size_t i;

	if (nargs > 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if (nargs == 1) {
		if ((arg = valuePop(pc)) == NULL || arg->type != XPATH_NODESET) {
			xmlXPathFreeObject(arg);
			xmlXPathSetError(pc, XPATH_INVALID_TYPE);
			return;
		}
		node = arg->nodesetval && arg->nodesetval->nodeNr > 0 ?
		    arg->nodesetval->nodeTab[0] : NULL;
	}
	if (agent) {
		for (i = 0; node && rs->set && rs->set->doc_agent && i < rs->set->n; i++)
			if (rs->set->docs[i]->xml == node->doc)
				v = rs->set->doc_agent[i];
	} else if ((d = doc_of(rs, node)) != NULL && d->name) {
		v = strrchr(d->name, '/');
		v = v ? v + 1 : d->name;
	}
	valuePush(pc, xmlXPathNewCString(v));
	xmlXPathFreeObject(arg);
}

static void
fn_agent_of(xmlXPathParserContextPtr pc, int nargs)
{
	node_file_fn(pc, nargs, 1);
}

static void
fn_file(xmlXPathParserContextPtr pc, int nargs)
{
	node_file_fn(pc, nargs, 0);
}


static void
fn_target(xmlXPathParserContextPtr pc, int nargs)
{
	set_string(pc, nargs, 4);
}

/*
 * ua:agent-last(platform): the last release of the document's agent that
 * serves platform (a release such as 2012r2, or x86), '' when every release
 * does (schemas/agents/platforms.tsv); ua:agent-drops(platform): whether the
 * release the document is checked for is later than that.
 */
static void
agent_platform(xmlXPathParserContextPtr pc, int nargs, int drops)
{
	struct ua_ruleset *rs = pc->context->userData;
	const char *last = NULL;
	xmlChar *platform;
	char err[256];

	if (nargs != 1) {
		xmlXPathSetArityError(pc);
		return;
	}
	if ((platform = xmlXPathPopString(pc)) == NULL) {
		xmlXPathSetError(pc, XPATH_MEMORY_ERROR);
		return;
	}
	if (rs->sel && rs->sel->agent && rs->ctx &&
	    ua_agent_last_release(rs->ctx, rs->sel->agent, (const char *)platform, &last,
	    err, sizeof(err)) != 0) {
		xmlFree(platform);
		xmlXPathSetError(pc, XPATH_EXPR_ERROR);
		return;
	}
	xmlFree(platform);
	if (drops)
		valuePush(pc, xmlXPathNewBoolean(last && rs->sel->version &&
		    ua_agent_vercmp(rs->sel->version, last) > 0));
	else
		valuePush(pc, xmlXPathNewCString(last ? last : ""));
}

static void
fn_agent_last(xmlXPathParserContextPtr pc, int nargs)
{
	agent_platform(pc, nargs, 0);
}

static void
fn_agent_drops(xmlXPathParserContextPtr pc, int nargs)
{
	agent_platform(pc, nargs, 1);
}

/*
 * The ruleset's XPath context, set to doc: made once (namespaces, functions,
 * object cache) and reused for every document the ruleset checks.
 */
static xmlXPathContextPtr
doc_xpath(struct ua_ruleset *rs, struct ua_doc *doc)
{
	xmlXPathContextPtr xp = rs->xp;
	size_t i;

	reset_components(rs);
	if (xp == NULL) {
		if ((xp = ua_doc_xpath(doc)) == NULL)
			return NULL;
		for (i = 0; i < rs->nns; i++)
			if (rs->nsprefix[i] && rs->nsuri[i])
				xmlXPathRegisterNs(xp, BAD_CAST rs->nsprefix[i], BAD_CAST rs->nsuri[i]);
		xmlXPathRegisterNs(xp, BAD_CAST "ua", BAD_CAST UA_FUNC_NS);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "component", BAD_CAST UA_FUNC_NS, fn_component);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "elements", BAD_CAST UA_FUNC_NS, fn_elements);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "comments", BAD_CAST UA_FUNC_NS, fn_comments);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "lower", BAD_CAST UA_FUNC_NS, fn_lower);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "dup", BAD_CAST UA_FUNC_NS, fn_dup);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "unmatched", BAD_CAST UA_FUNC_NS,
		    fn_unmatched);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "if", BAD_CAST UA_FUNC_NS, fn_if);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "listed", BAD_CAST UA_FUNC_NS, fn_listed);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "suggest", BAD_CAST UA_FUNC_NS, fn_suggest);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "lookup", BAD_CAST UA_FUNC_NS, fn_lookup);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "language-fix", BAD_CAST UA_FUNC_NS,
		    fn_language_fix);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "same-password", BAD_CAST UA_FUNC_NS,
		    fn_same_password_xpath);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "doc", BAD_CAST UA_FUNC_NS, fn_doc);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent", BAD_CAST UA_FUNC_NS, fn_agent);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agents", BAD_CAST UA_FUNC_NS, fn_agents);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "answer-path", BAD_CAST UA_FUNC_NS,
		    fn_answer_path);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "kind", BAD_CAST UA_FUNC_NS, fn_kind);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-of", BAD_CAST UA_FUNC_NS, fn_agent_of);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-docs", BAD_CAST UA_FUNC_NS,
		    fn_agent_docs);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "file", BAD_CAST UA_FUNC_NS, fn_file);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "fixed-part", BAD_CAST UA_FUNC_NS,
		    fn_fixed_part);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "target", BAD_CAST UA_FUNC_NS, fn_target);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-last", BAD_CAST UA_FUNC_NS,
		    fn_agent_last);
		xmlXPathRegisterFuncNS(xp, BAD_CAST "agent-drops", BAD_CAST UA_FUNC_NS,
		    fn_agent_drops);
		/* reuse XPath objects between evaluations: most rules run on every file */
		xmlXPathContextSetCache(xp, 1, -1, 0);
		rs->xp = xp;
	}
	xp->doc = doc->xml;
	xp->node = NULL;
	xp->opCount = 0;
	xp->userData = rs;
	rs->nhide = 0;
	rs->hide_built = 0;
	fixed_reset(rs);
	rs->cur = doc;
	return xp;
}

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
		if (!kind_in(rs->sec[i].kinds, doc->kind->name))
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
			if ((od = doc_of(rs, n)) == NULL)
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
		for (c = el->children; c && c->type != XML_ELEMENT_NODE; c = c->next)
			;
		if (c)
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

	if ((st = compile_rule(r, err, errlen)) != UA_OK)
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
	if ((res = r->select_comments ? indexed_set(ctx->rules, xp->doc, 1, NULL) :
	    xmlXPathCompiledEval(r->select, xp)) == NULL) {
		unregister_lets(r, xp, r->nlets);
		return eval_failed(r, xpath_why(xp, why, sizeof why), err, errlen);
	}
	set = res->type == XPATH_NODESET ? res->nodesetval : NULL;
	/* the findings first (on the true values), then their messages (with
	 * the secrets hidden once for all of them), then each is reported */
	if (set && set->nodeNr > 0 && ((r->pattern_src &&
	    (st = compile_pattern(ctx->datadir, r, err, errlen)) != UA_OK) ||
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
			m = rule_match(ctx->rules, r, v ? (const char *)v : "");
			xmlFree(v);
			if (m < 0)
				limited = 1;
			if (m < 0 || m != r->want_match)
				continue;
		}
		if (r->check && !find_check(r->check)->fails(node))
			continue;
		found[kept++] = node;
	}
	if (kept > 0 && (st = compile_message(r, err, errlen)) == UA_OK &&
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

	if (r->select_src == NULL || !kind_in(r->kinds, doc->kind->name))
		return 0;
	if (r->set_rule != (set != NULL))
		return 0;
	/* a set rule's agents are the set's (agents.tsv names), not the document's */
	if (set && r->agent && (set->agent == NULL || set->agent[0] == '\0' ||
	    !kind_in(r->agent, set->agent)))
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
	if ((a = agent_table(ctx, err, errlen)) == NULL)
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
		if (check_gates(ctx, r, r->file, err, errlen) != 0)
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

	if ((st = rules_load_scope(ctx, doc->kind->name, set != NULL, err, errlen)) != UA_OK)
		return st;
	ctx->rules->datadir = ctx->datadir;
	if ((xp = doc_xpath(ctx->rules, doc)) == NULL)
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
	for (i = 0; (r = rule_at(ctx->rules, i)) != NULL && (st == UA_OK || st == UA_ELIMIT); i++) {
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
	reset_components(ctx->rules);
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
	if ((st = rules_load_kind(ctx, doc->kind->name, err, errlen)) != UA_OK)
		return st;
	ctx->rules->datadir = ctx->datadir;
	if ((xp = doc_xpath(ctx->rules, doc)) == NULL)
		return UA_ENOMEM;
	if (table_secrets(ctx->rules, xp, doc, out, n, &cap) != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
	}
	reset_components(ctx->rules);
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
	if ((st = rules_load_kind(ctx, doc->kind->name, err, errlen)) != UA_OK)
		return st;
	rs = ctx->rules;
	rs->datadir = ctx->datadir;
	if ((xp = doc_xpath(rs, doc)) == NULL)
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
	reset_components(rs);
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
