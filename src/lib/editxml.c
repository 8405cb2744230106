/* SPDX-License-Identifier: MIT */
/* Editing XML text in place: answer files by catalog path, EC2Config's plugins and
 * globals, BundleConfig's properties. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "editint.h"
#include "gen.h"
#include "tree.h"
#include "kind.h"
#include "ua.h"
#include "unattend.h"

/* Windows Setup's passes in the order they run: a new settings element keeps it. */
static const char *const pass_order[] = {
	"windowsPE", "offlineServicing", "generalize", "specialize",
	"auditSystem", "auditUser", "oobeSystem",
};

#define NPASSES (sizeof(pass_order) / sizeof(pass_order[0]))

/* The offset just past the '>' of the tag that starts at off. */
static size_t
tag_end(const struct ua_edit *e, size_t off, int *self)
{
	const char *t = e->doc->text;
	size_t i;
	char q = 0;

	*self = 0;
	for (i = off + 1; i < e->doc->len; i++) {
		if (q) {
			if (t[i] == q)
				q = 0;
		} else if (t[i] == '"' || t[i] == '\'')
			q = t[i];
		else if (t[i] == '>') {
			*self = t[i - 1] == '/';
			return i + 1;
		}
	}
	return e->doc->len;
}

static size_t
past(const struct ua_edit *e, size_t from, const char *end)
{
	const char *p = strstr(e->doc->text + from, end);

	return p ? (size_t)(p - e->doc->text) + strlen(end) : e->doc->len;
}

/* The offset just past the element that starts at off. */
static size_t
elem_end(const struct ua_edit *e, size_t off)
{
	const char *t = e->doc->text, *lt;
	size_t i, depth = 1;
	int self;

	if ((i = tag_end(e, off, &self)), self)
		return i;
	while (i < e->doc->len && (lt = memchr(t + i, '<', e->doc->len - i)) != NULL) {
		i = (size_t)(lt - t);
		if (strncmp(lt, "<!--", 4) == 0)
			i = past(e, i + 4, "-->");
		else if (strncmp(lt, "<![CDATA[", 9) == 0)
			i = past(e, i + 9, "]]>");
		else if (lt[1] == '?' || lt[1] == '!')
			i = past(e, i + 2, ">");
		else if (lt[1] == '/') {
			i = past(e, i + 2, ">");
			if (--depth == 0)
				return i;
		} else {
			i = tag_end(e, i, &self);
			depth += !self;
		}
	}
	return e->doc->len;
}

struct span {
	size_t start, tag, content, close, end;	/* '<', past '>', content, "</", past it */
	int self;
};

static int
span_of(const struct ua_edit *e, const xmlNode *n, struct span *s)
{
	if (ua_doc_offset(e->doc, n, &s->start) != 0 || e->doc->text[s->start] != '<')
		return -1;
	s->tag = s->content = tag_end(e, s->start, &s->self);
	s->end = elem_end(e, s->start);
	s->close = s->end;
	if (!s->self)
		for (s->close = s->end - 1; s->close > s->content &&
		    strncmp(e->doc->text + s->close, "</", 2) != 0; s->close--)
			;
	return 0;
}

static char *
escape(const char *v, int attr)
{
	struct ua_buf b = { 0 };

	for (; *v; v++) {
		if (*v == '&')
			ua_buf_puts(&b, "&amp;");
		else if (*v == '<')
			ua_buf_puts(&b, "&lt;");
		else if (*v == '>')
			ua_buf_puts(&b, "&gt;");
		else if (attr && *v == '"')
			ua_buf_puts(&b, "&quot;");
		else if (*v == '\r')
			ua_buf_puts(&b, "&#13;");
		else
			ua_buf_add(&b, v, 1);
	}
	ua_buf_add(&b, "", 0);
	return ua_buf_take(&b);
}

/* markup with its '\n' made the file's line ending plus indent, and each leading
 * '\t' one indentation step; indent NULL: a file laid out on one line, kept so. */
static void
layout(const struct ua_edit *e, struct ua_buf *b, const char *markup, const char *indent)
{
	for (; *markup; markup++) {
		if (*markup != '\n') {
			ua_buf_add(b, markup, 1);
			continue;
		}
		if (indent) {
			ua_buf_puts(b, e->eol);
			ua_buf_puts(b, indent);
		}
		for (; markup[1] == '\t'; markup++)
			if (indent)
				ua_buf_puts(b, e->unit);
	}
}

/* The name the start tag at off spells (prefix included). */
static char *
qname_at(const struct ua_edit *e, size_t off)
{
	size_t i = off + 1;

	while (i < e->doc->len && strchr(" \t\r\n/>", e->doc->text[i]) == NULL)
		i++;
	return ua_strndup(e->doc->text + off + 1, i - off - 1);
}

/* Writes inner as the content of the self-closing element s. */
static int
open_up(struct ua_edit *e, const struct span *s, const char *inner, struct ua_diags *d)
{
	char *q = qname_at(e, s->start), *rep;
	size_t slash = s->tag - 2;
	int st;

	while (slash > s->start && strchr(" \t\r\n", e->doc->text[slash - 1]) != NULL)
		slash--;
	rep = q ? ua_asprintf(">%s</%s>", inner, q) : NULL;
	st = rep ? ua_edit_splice(e, slash, s->tag - slash, rep, d) : UA_ENOMEM;
	free(q);
	free(rep);
	return st;
}

/* Inserts markup as parent's last child element, or before sibling before. */
static int
insert_child(struct ua_edit *e, xmlNodePtr parent, xmlNodePtr before, const char *markup,
    struct ua_diags *d)
{
	struct ua_buf b = { 0 };
	struct span ps, ls;
	xmlNodePtr last = NULL, c;
	char *pi, *ci = NULL;
	size_t at, del = 0;
	int st;

	if (span_of(e, parent, &ps) != 0)
		return UA_ESYNTAX;
	for (c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			last = c;
	pi = ua_edit_indent_at(e, ps.start);
	if (before && span_of(e, before, &ls) == 0) {
		if ((ci = ua_edit_indent_at(e, ls.start)) != NULL) {
			at = ua_edit_line_start(e, ls.start);
			/* comments on the lines just above a sibling are about it */
			for (c = before->prev; c && c->type == XML_COMMENT_NODE; c = c->prev) {
				size_t co, ce;
				char *cin;
				if (ua_doc_offset(e->doc, c, &co) != 0 ||
				    (cin = ua_edit_indent_at(e, co)) == NULL)
					break;
				free(cin);
				ce = past(e, co + 4, "-->");
				if (ua_edit_line_rest(e, ce) != at)
					break;
				at = ua_edit_line_start(e, co);
			}
			ua_buf_puts(&b, ci);
			layout(e, &b, markup, ci);
			ua_buf_puts(&b, e->eol);
		} else {
			at = ls.start;
			layout(e, &b, markup, NULL);
		}
	} else if (last && span_of(e, last, &ls) == 0) {
		at = ls.end;
		if ((ci = ua_edit_indent_at(e, ls.start)) != NULL) {
			ua_buf_puts(&b, e->eol);
			ua_buf_puts(&b, ci);
		}
		layout(e, &b, markup, ci);
	} else {
		/* the first child: one step deeper than the parent, on its own line */
		ci = pi ? ua_asprintf("%s%s", pi, e->unit) : NULL;
		if (ci)
			ua_buf_printf(&b, "%s%s", e->eol, ci);
		layout(e, &b, markup, ci);
		if (pi)
			ua_buf_printf(&b, "%s%s", e->eol, pi);
		if (ps.self) {
			ua_buf_add(&b, "", 0);
			st = b.failed ? UA_ENOMEM : open_up(e, &ps, b.s, d);
			goto done;
		}
		at = ps.content;
		del = ps.close - ps.content;
		for (size_t i = at; i < ps.close; i++)
			if (strchr(" \t\r\n", e->doc->text[i]) == NULL) {
				ua_edit_refuse(e, d, "%s holds a value, not settings", parent->name);
				st = UA_ESYNTAX;
				goto done;
			}
	}
	ua_buf_add(&b, "", 0);
	st = b.failed ? UA_ENOMEM : ua_edit_splice(e, at, del, b.s, d);
done:
	ua_buf_free(&b);
	free(pi);
	free(ci);
	return st;
}

static int
set_text(struct ua_edit *e, xmlNodePtr n, const char *value, struct ua_diags *d)
{
	xmlChar *now;
	struct span s;
	char *v;
	int st, same;

	if (ua_tree_has_elements(n)) {
		ua_edit_refuse(e, d, "%s holds settings, not a value", n->name);
		return UA_ESYNTAX;
	}
	now = xmlNodeGetContent(n);
	same = now && strcmp((const char *)now, value) == 0;
	xmlFree(now);
	if (same)
		return UA_OK;
	if (span_of(e, n, &s) != 0 || (v = escape(value, 0)) == NULL)
		return UA_ENOMEM;
	st = s.self ? open_up(e, &s, v, d) : ua_edit_splice(e, s.content, s.close - s.content, v, d);
	free(v);
	return st;
}

static int
remove_node(struct ua_edit *e, xmlNodePtr n, struct ua_diags *d)
{
	struct span s;
	char *ind;
	size_t from, to, after;

	if (span_of(e, n, &s) != 0)
		return UA_ESYNTAX;
	from = s.start;
	to = s.end;
	/* a comment after it on its line is about it: it goes too */
	for (after = s.end; after < e->doc->len && strchr(" \t", e->doc->text[after]); after++)
		;
	if (strncmp(e->doc->text + after, "<!--", 4) == 0)
		after = past(e, after + 4, "-->");
	else
		after = s.end;
	if ((ind = ua_edit_indent_at(e, s.start)) != NULL && ua_edit_line_rest(e, after) != after) {
		from = ua_edit_line_start(e, s.start);
		to = ua_edit_line_rest(e, after);
	}
	free(ind);
	return ua_edit_splice(e, from, to - from, "", d);
}

static int
attr_is(xmlNodePtr n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	int hit = v && strcasecmp((const char *)v, value) == 0;

	xmlFree(v);
	return hit;
}

static int
text_is(xmlNodePtr n, const char *value)
{
	char *v = n ? ua_node_text(n, 1) : NULL;
	int hit = v && strcmp(v, value) == 0;

	free(v);
	return hit;
}

static size_t
pass_rank(const char *pass)
{
	size_t k;

	for (k = 0; pass && k < NPASSES; k++)
		if (strcasecmp(pass, pass_order[k]) == 0)
			break;
	return k;
}

static xmlNodePtr
find_named(xmlNodePtr parent, const char *name, const char *attr, const char *value)
{
	xmlNodePtr c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, name) == 0 &&
		    attr_is(c, attr, value))
			return c;
	return NULL;
}

/* A list item of parent named name whose key (a child, or the keyValue attribute) is value. */
static xmlNodePtr
find_item(xmlNodePtr parent, const char *name, const char *key, const char *value)
{
	xmlNodePtr c;

	for (c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, name) != 0)
			continue;
		if (key[0] == '@' ? attr_is(c, "keyValue", value) : text_is(ua_edit_child(c, key), value))
			return c;
	}
	return NULL;
}

static const char *
file_arch(xmlNodePtr root, char *buf, size_t buflen)
{
	xmlNodePtr s, c;
	xmlChar *v;

	for (s = root->children; s; s = s->next)
		for (c = s->type == XML_ELEMENT_NODE ? s->children : NULL; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    (v = xmlGetProp(c, (const xmlChar *)"processorArchitecture")) != NULL) {
				snprintf(buf, buflen, "%s", (const char *)v);
				xmlFree(v);
				return buf;
			}
	return "amd64";
}

/* The next key of a list under parent: one past the highest number. */
static char *
next_key(xmlNodePtr parent, const char *name, const char *key)
{
	xmlNodePtr c;
	long max = 0, v;

	for (c = parent ? parent->children : NULL; c; c = c->next) {
		char *t;
		if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, name) != 0 ||
		    (t = ua_node_text(ua_edit_child(c, key), 1)) == NULL)
			continue;
		if ((v = strtol(t, NULL, 10)) > max)
			max = v;
		free(t);
	}
	return ua_asprintf("%ld", max + 1);
}

/* Markup for a new list item; item ("Child=Text") written after its key. */
static char *
item_markup(struct ua_edit *e, xmlNodePtr parent, const struct ua_setting *s,
    const char *value, const char *item)
{
	struct ua_buf b = { 0 };
	char *ev = escape(value, 1), *iv = NULL;
	const char *eq = item ? strchr(item, '=') : NULL;

	ua_buf_printf(&b, "<%s wcm:action=\"add\"", s->name);
	if (xmlSearchNs(e->doc->xml, parent, (const xmlChar *)"wcm") == NULL)
		ua_buf_printf(&b, " xmlns:wcm=\"%s\"", UA_NS_WCM);
	if (s->key[0] == '@')
		ua_buf_printf(&b, " wcm:keyValue=\"%s\">", ev ? ev : "");
	else
		ua_buf_printf(&b, ">\n\t<%s>%s</%s>", s->key, ev ? ev : "", s->key);
	if (eq && (iv = escape(eq + 1, 0)) != NULL)
		ua_buf_printf(&b, "\n\t<%.*s>%s</%.*s>", (int)(eq - item), item, iv,
		    (int)(eq - item), item);
	ua_buf_printf(&b, "%s</%s>", s->key[0] == '@' && !eq ? "" : "\n", s->name);
	free(ev);
	free(iv);
	ua_buf_add(&b, "", 0);
	return ua_buf_take(&b);
}

static const char *
pass_suggestion(const struct ua_catalog *cat, const char *pass)
{
	return ua_suggest(pass, (const char *const *)cat->passes, cat->npasses);
}

/* Checks the path against the catalog into sets[1..n); 0, or -1 with a finding. */
static int
resolve_names(struct ua_edit *e, const struct ua_catalog *cat, struct ua_edit_step *steps,
    size_t n, int append, int value, const struct ua_setting **sets, struct ua_diags *d)
{
	const struct ua_setting *set = &cat->root, *c;
	const char *hint;
	size_t i;
	int cd;

	if (ua_catalog_pass(cat, steps[0].name) < 0) {
		hint = pass_suggestion(cat, steps[0].name);
		ua_edit_refuse(e, d, "no settings pass '%s'%s%s%s", steps[0].name,
		    hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
		return -1;
	}
	for (i = 1; i < n; set = c, i++) {
		if ((c = ua_setting_child(set, steps[i].name, &cd)) == NULL) {
			hint = ua_setting_suggest(set, steps[i].name);
			ua_edit_refuse(e, d, "%s '%s' is not in the catalog%s%s%s",
			    i == 1 ? "component" : "setting", steps[i].name,
			    hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
			return -1;
		}
		sets[i] = c;
		if (i == 1 && steps[i].key) {
			if (strcasecmp(steps[i].key, "processorArchitecture") != 0) {
				ua_edit_refuse(e, d, "a component is told apart by its architecture: "
				    "%s[amd64]", c->name);
				return -1;
			}
		} else if (steps[i].key && ((c->flags & UA_SF_LIST) == 0 || c->key == NULL ||
		    strcasecmp(steps[i].key, c->key + (c->key[0] == '@')) != 0)) {
			ua_edit_refuse(e, d, (c->flags & UA_SF_LIST) && c->key ?
			    "items of %s are told apart by %s" : "%s is not a list", c->name,
			    c->key ? c->key + (c->key[0] == '@') : "");
			return -1;
		}
		if ((c->flags & UA_SF_LIST) && steps[i].key == NULL && !append) {
			ua_edit_refuse(e, d, "%s is a list: name one item, as %s[%s=VALUE]",
			    c->name, c->name, c->key ? c->key + (c->key[0] == '@') : "Key");
			return -1;
		}
	}
	if (n < 2 || (value && (n < 3 || set->type != UA_ST_VALUE))) {
		ua_edit_refuse(e, d, "%s is not a value: give PASS/COMPONENT/SETTING[/...]",
		    n < 3 ? steps[n - 1].name : set->name);
		return -1;
	}
	return 0;
}

/* From node (the element of step from - 1), the element of each later step the file
 * has; *reached: the steps done. */
static xmlNodePtr
walk(xmlNodePtr node, struct ua_edit_step *steps, size_t from, size_t n,
    const struct ua_setting **sets, size_t *reached)
{
	xmlNodePtr next;
	size_t i;

	for (i = from; node && i < n; node = next, i++) {
		const struct ua_setting *s = sets[i];
		if ((s->flags & UA_SF_LIST) && s->key)
			next = find_item(node, s->name, s->key, steps[i].value);
		else
			next = ua_edit_child(node, s->name);
		if (next == NULL)
			break;
	}
	*reached = i;
	return node;
}

/* The component of the path: of those of its name in the pass (one per architecture),
 * the first that holds the whole path, else the first. */
static xmlNodePtr
component_of(xmlNodePtr pass, struct ua_edit_step *steps, size_t n,
    const struct ua_setting **sets)
{
	xmlNodePtr c, first = NULL;
	size_t reached;

	for (c = pass ? pass->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, "component") != 0 ||
		    !attr_is(c, "name", sets[1]->name) ||
		    (steps[1].key && !attr_is(c, "processorArchitecture", steps[1].value)))
			continue;
		if (first == NULL)
			first = c;
		walk(c, steps, 2, n, sets, &reached);
		if (reached == n)
			return c;
	}
	return first;
}

/* The settings element of pass (the root itself in a file that is one pass). */
static xmlNodePtr
pass_node(struct ua_edit *e, const char *pass)
{
	xmlNodePtr root = xmlDocGetRootElement(e->doc->xml);

	if (strcasecmp((const char *)root->name, "settings") == 0)
		return attr_is(root, "pass", pass) ? root : NULL;
	return find_named(root, "settings", "pass", pass);
}

/* The element the path names, when the file has it. */
static xmlNodePtr
find_path(struct ua_edit *e, struct ua_edit_step *steps, size_t n,
    const struct ua_setting **sets)
{
	xmlNodePtr node = pass_node(e, steps[0].name);
	size_t reached;

	node = walk(component_of(node, steps, n, sets), steps, 2, n, sets, &reached);
	return reached == n ? node : NULL;
}

/* One step toward the setting: makes the first missing element, or sets the value. */
static int
answer_step(struct ua_edit *e, struct ua_edit_step *steps, size_t n,
    const struct ua_setting **sets, const char *value, const char *item, int *done,
    struct ua_diags *d)
{
	xmlNodePtr root = xmlDocGetRootElement(e->doc->xml), node, c, before = NULL;
	char *markup = NULL, arch[64], *ev;
	size_t i;
	int st;

	if ((node = pass_node(e, steps[0].name)) == NULL) {
		if (strcasecmp((const char *)root->name, "settings") == 0) {
			ua_edit_refuse(e, d, "the file holds one settings pass, not %s", steps[0].name);
			return UA_ESYNTAX;
		}
		for (c = root->children; c && before == NULL; c = c->next) {
			xmlChar *v = c->type == XML_ELEMENT_NODE ? xmlGetProp(c, (const xmlChar *)"pass") : NULL;
			if (v && pass_rank((const char *)v) > pass_rank(steps[0].name))
				before = c;
			xmlFree(v);
		}
		markup = ua_asprintf("<settings pass=\"%s\"></settings>", pass_order[pass_rank(steps[0].name)]);
		st = markup ? insert_child(e, root, before, markup, d) : UA_ENOMEM;
		free(markup);
		return st;
	}
	for (i = 1; i < n; node = c, i++) {
		const struct ua_setting *s = sets[i];
		if (i == 1)
			c = component_of(node, steps, n, sets);
		else if ((s->flags & UA_SF_LIST) && s->key)
			c = find_item(node, s->name, s->key, steps[i].value);
		else
			c = ua_edit_child(node, s->name);
		if (c)
			continue;
		if (i == 1)
			markup = ua_asprintf("<component name=\"%s\" processorArchitecture=\"%s\" "
			    "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" "
			    "versionScope=\"nonSxS\"></component>", s->name, steps[1].key ?
			    steps[1].value : file_arch(root, arch, sizeof(arch)));
		else if ((s->flags & UA_SF_LIST) && s->key)
			markup = item_markup(e, node, s, steps[i].value, item);
		else if (i == n - 1 && (ev = escape(value, 0)) != NULL) {
			markup = ua_asprintf("<%s>%s</%s>", s->name, ev, s->name);
			free(ev);
			*done = 1;
		} else
			markup = ua_asprintf("<%s></%s>", s->name, s->name);
		st = markup ? insert_child(e, node, NULL, markup, d) : UA_ENOMEM;
		if (markup)
			memset(markup, 0, strlen(markup));
		free(markup);
		return st;
	}
	*done = 1;
	return set_text(e, node, value, d);
}

int
ua_editx_answer(struct ua_edit *e, struct ua_edit_step *steps, size_t n,
    const char *value, const char *item, int append, int secret, struct ua_diags *d,
    char *err, size_t errlen)
{
	const struct ua_catalog *cat = ua_ctx_catalog(e->ctx, err, errlen);
	const struct ua_setting *sets[UA_EDIT_MAX_STEPS];
	char *keys[UA_EDIT_MAX_STEPS] = { 0 }, *hidden = NULL;
	const char *plain = NULL;
	size_t i, k;
	int st = UA_OK, done = 0, cd;

	if (cat == NULL)
		return UA_EDATA;
	if (resolve_names(e, cat, steps, n, append, 1, sets, d) != 0)
		return UA_ESYNTAX;
	if (sets[n - 1]->flags & UA_SF_SECRET) {
		if (!secret) {
			ua_edit_refuse(e, d, "%s is a secret: give its value from a file or the "
			    "environment, never on the command line", sets[n - 1]->name);
			return UA_ESYNTAX;
		}
		e->secret = 1;
		/* stored obscured where Windows Setup reads it so (PlainText false); a
		 * value the file holds already is left as it is */
		xmlNodePtr now = append ? NULL : find_path(e, steps, n, sets);
		char *text = now ? ua_node_text(now, 0) : NULL;
		int same = text && strcmp(text, value) == 0;
		free(text);
		if (same)
			return UA_OK;
		if (!append && n > 3 && strcmp(sets[n - 1]->name, "Value") == 0 &&
		    ua_setting_child(sets[n - 2], "PlainText", &cd) != NULL) {
			if ((hidden = ua_gen_obscure(value, sets[n - 2]->name)) == NULL)
				return UA_ENOMEM;
			value = hidden;
			plain = "false";
		}
	}
	/* gen's lists grow: an item without a key gets the next one */
	for (i = 1, st = UA_OK; i < n && st == UA_OK; i++) {
		const struct ua_setting *s = sets[i];
		xmlNodePtr at;
		if (!(s->flags & UA_SF_LIST) || steps[i].key || s->key == NULL || s->key[0] == '@')
			continue;
		at = pass_node(e, steps[0].name);
		for (k = 1; at && k < i; k++)
			at = k == 1 ? find_named(at, "component", "name", sets[k]->name) :
			    ua_edit_child(at, sets[k]->name);
		if ((keys[i] = next_key(at, s->name, s->key)) == NULL)
			st = UA_ENOMEM;
		steps[i].key = (char *)s->key;
		steps[i].value = keys[i];
	}
	for (k = 0; st == UA_OK && !done && k < UA_EDIT_MAX_STEPS; k++)
		st = answer_step(e, steps, n, sets, value, item, &done, d);
	if (st == UA_OK && plain) {
		steps[n - 1].name = "PlainText";
		sets[n - 1] = ua_setting_child(sets[n - 2], "PlainText", &cd);
		for (k = 0, done = 0; st == UA_OK && !done && k < UA_EDIT_MAX_STEPS; k++)
			st = answer_step(e, steps, n, sets, plain, NULL, &done, d);
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	if (hidden) {
		memset(hidden, 0, strlen(hidden));
		free(hidden);
	}
	return st;
}

/* Adds <valname>value</valname> to item c, or (c NULL) a new item under parent named
 * item holding <Name>name</Name> and that: EC2Config's plugins, BundleConfig's properties. */
static int
add_named(struct ua_edit *e, xmlNodePtr parent, xmlNodePtr c, const char *item,
    const char *name, const char *valname, const char *value, struct ua_diags *d)
{
	char *en = escape(name, 0), *ev = escape(value, 0), *markup = NULL;
	int st = UA_ENOMEM;

	if (en && ev)
		markup = c ? ua_asprintf("<%s>%s</%s>", valname, ev, valname) :
		    ua_asprintf("<%s>\n\t<Name>%s</Name>\n\t<%s>%s</%s>\n</%s>", item, en, valname,
		    ev, valname, item);
	if (markup)
		st = insert_child(e, c ? c : parent, NULL, markup, d);
	free(en);
	free(ev);
	free(markup);
	return st;
}

/* EC2Config's config.xml: a plugin's State, or a global setting. */
static int
ec2config(struct ua_edit *e, struct ua_edit_step *steps, int n, const char *value,
    struct ua_diags *d)
{
	xmlNodePtr root = xmlDocGetRootElement(e->doc->xml), plugins, globals, c = NULL, state;
	const char *name = steps[n - 1].name, *where = n == 2 ? steps[0].name : NULL;
	char *markup, *ev;
	int st;

	plugins = ua_edit_child(root, "Plugins");
	globals = ua_edit_child(root, "GlobalSettings");
	if (n > 2 || (where && strcasecmp(where, "Plugins") != 0 &&
	    strcasecmp(where, "GlobalSettings") != 0)) {
		ua_edit_refuse(e, d, "config.xml paths are PLUGIN, GLOBAL, Plugins/PLUGIN or "
		    "GlobalSettings/GLOBAL");
		return UA_ESYNTAX;
	}
	for (c = plugins && (!where || strcasecmp(where, "Plugins") == 0) ? plugins->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && text_is(ua_edit_child(c, "Name"), name))
			break;
	if (c && value == NULL)
		return remove_node(e, c, d);
	if (c && (state = ua_edit_child(c, "State")) != NULL)
		return set_text(e, state, value, d);
	if (c)
		return add_named(e, plugins, c, "Plugin", name, "State", value, d);
	if ((!where || strcasecmp(where, "GlobalSettings") == 0) &&
	    (c = ua_edit_child(globals, name)) != NULL)
		return value ? set_text(e, c, value, d) : remove_node(e, c, d);
	if (value == NULL)
		return UA_OK;
	if (where == NULL || (strcasecmp(where, "Plugins") == 0 ? !plugins : !globals)) {
		ua_edit_refuse(e, d, "no plugin or global setting '%s' in the file: to add one, "
		    "name Plugins/%s or GlobalSettings/%s", name, name, name);
		return UA_ESYNTAX;
	}
	if (strcasecmp(where, "Plugins") == 0)
		return add_named(e, plugins, NULL, "Plugin", name, "State", value, d);
	markup = (ev = escape(value, 0)) ? ua_asprintf("<%s>%s</%s>", name, ev, name) : NULL;
	st = markup ? insert_child(e, globals, NULL, markup, d) : UA_ENOMEM;
	free(ev);
	free(markup);
	return st;
}

/* BundleConfig.xml: a property's Value. */
static int
bundleconfig(struct ua_edit *e, struct ua_edit_step *steps, int n, const char *value,
    struct ua_diags *d)
{
	xmlNodePtr root = xmlDocGetRootElement(e->doc->xml), c, v;

	if (n != 1) {
		ua_edit_refuse(e, d, "BundleConfig.xml paths are a property's Name");
		return UA_ESYNTAX;
	}
	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && text_is(ua_edit_child(c, "Name"), steps[0].name))
			break;
	if (value == NULL)
		return c ? remove_node(e, c, d) : UA_OK;
	if (c && (v = ua_edit_child(c, "Value")) != NULL)
		return set_text(e, v, value, d);
	return add_named(e, root, c, "Property", steps[0].name, "Value", value, d);
}

/* An answer file's setting (or container, or item), removed with its lines. */
static int
answer_unset(struct ua_edit *e, struct ua_edit_step *steps, int n, struct ua_diags *d,
    char *err, size_t errlen)
{
	const struct ua_catalog *cat = ua_ctx_catalog(e->ctx, err, errlen);
	const struct ua_setting *sets[UA_EDIT_MAX_STEPS];
	xmlNodePtr node;

	if (cat == NULL)
		return UA_EDATA;
	if (resolve_names(e, cat, steps, (size_t)n, 0, 0, sets, d) != 0)
		return UA_ESYNTAX;
	node = find_path(e, steps, (size_t)n, sets);
	return node ? remove_node(e, node, d) : UA_OK;
}

static int
dispatch(struct ua_edit *e, const char *path, const char *value, int secret,
    struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_edit_step steps[UA_EDIT_MAX_STEPS];
	char *buf = NULL;
	int n = ua_edit_split(path, steps, UA_EDIT_MAX_STEPS, &buf), st;

	if (n <= 0) {
		free(buf);
		if (buf == NULL)
			return UA_ENOMEM;
		ua_edit_refuse(e, d, "%s: a malformed path", path);
		return UA_ESYNTAX;
	}
	if (strcmp(e->kind->name, "unattend") == 0)
		st = value ? ua_editx_answer(e, steps, (size_t)n, value, NULL, 0, secret, d, err, errlen) :
		    answer_unset(e, steps, n, d, err, errlen);
	else if (strcmp(e->kind->name, "ec2config") == 0)
		st = ec2config(e, steps, n, value, d);
	else if (strcmp(e->kind->name, "bundleconfig") == 0)
		st = bundleconfig(e, steps, n, value, d);
	else {
		ua_edit_refuse(e, d, "files of kind %s cannot be edited", e->kind->name);
		st = UA_ESYNTAX;
	}
	free(buf);
	return st;
}

int
ua_editx_set(struct ua_edit *e, const char *path, const char *value, int secret,
    struct ua_diags *d, char *err, size_t errlen)
{
	return dispatch(e, path, value, secret, d, err, errlen);
}

int
ua_editx_unset(struct ua_edit *e, const char *path, struct ua_diags *d, char *err,
    size_t errlen)
{
	return dispatch(e, path, NULL, 0, d, err, errlen);
}
