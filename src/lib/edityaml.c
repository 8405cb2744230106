/* SPDX-License-Identifier: MIT */
/* Editing YAML text in place: scalars replaced in their own quoting, keys and list
 * items added or removed as whole lines, EC2Launch v2 tasks by stage and name. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "editint.h"
#include "tree.h"
#include "ua.h"

/* The stages EC2Launch v2 runs, in order: a new stage goes in its place. */
static const char *const stage_order[] = { "boot", "network", "preReady", "postReady" };

#define NSTAGES (sizeof(stage_order) / sizeof(stage_order[0]))

static size_t
col_of(const struct ua_edit *e, size_t off)
{
	return off - ua_edit_line_start(e, off);
}

static size_t
line_next(const struct ua_edit *e, size_t off)
{
	const char *nl = memchr(e->doc->text + off, '\n', e->doc->len - off);

	return nl ? (size_t)(nl - e->doc->text) + 1 : e->doc->len;
}

/* Just past the line ending of the last line that belongs to the node whose first line
 * holds off: lines indented deeper than col, or at col when they are items (dash). */
static size_t
extent(const struct ua_edit *e, size_t off, size_t col, int dash_at_col)
{
	const char *t = e->doc->text;
	size_t at = line_next(e, off), end = at, i;

	while (at < e->doc->len) {
		for (i = at; i < e->doc->len && t[i] == ' '; i++)
			;
		if (i >= e->doc->len || t[i] == '\n' || t[i] == '\r' || t[i] == '#') {
			at = line_next(e, at);
			continue;
		}
		if (i - at < col || (i - at == col && !(dash_at_col && t[i] == '-' &&
		    (t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == '\r'))))
			break;
		end = at = line_next(e, at);
	}
	return end;
}

/* Just past the key's colon, for the member that starts at off. */
static size_t
colon_end(const struct ua_edit *e, size_t off)
{
	const char *t = e->doc->text;
	size_t i = off;

	if (t[i] == '"' || t[i] == '\'') {
		for (i++; i < e->doc->len && t[i] != t[off]; i++)
			if (t[off] == '"' && t[i] == '\\')
				i++;
		i++;
	}
	for (; i < e->doc->len && t[i] != '\n'; i++)
		if (t[i] == ':' && (t[i + 1] == ' ' || t[i + 1] == '\t' || t[i + 1] == '\n' ||
		    t[i + 1] == '\r' || t[i + 1] == '\0'))
			return i + 1;
	return i;
}

static size_t
skip_blanks(const struct ua_edit *e, size_t i)
{
	while (i < e->doc->len && (e->doc->text[i] == ' ' || e->doc->text[i] == '\t'))
		i++;
	return i;
}

/* Just past the scalar that starts at i (quoted, or plain up to a comment or the line's end). */
static size_t
scalar_end(const struct ua_edit *e, size_t i)
{
	const char *t = e->doc->text;
	size_t end;

	if (t[i] == '"') {
		for (i++; i < e->doc->len && t[i] != '"'; i++)
			if (t[i] == '\\')
				i++;
		return i + 1;
	}
	if (t[i] == '\'') {
		for (i++; i < e->doc->len; i++)
			if (t[i] == '\'' && t[i + 1] != '\'')
				return i + 1;
			else if (t[i] == '\'')
				i++;
		return e->doc->len;
	}
	for (end = i; i < e->doc->len && t[i] != '\n' && t[i] != '\r'; i++) {
		if (t[i] == '#' && (t[i - 1] == ' ' || t[i - 1] == '\t'))
			break;
		if (t[i] != ' ' && t[i] != '\t')
			end = i + 1;
	}
	return end;
}

static int
plain_safe(const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@`", v[0]) != NULL || v[0] == ' ' ||
	    v[n - 1] == ' ' || v[n - 1] == ':' || strstr(v, ": ") || strstr(v, " #"))
		return 0;
	for (; *v; v++)
		if ((unsigned char)*v < 0x20)
			return 0;
	return 1;
}

/* value as a YAML scalar in style ('\'', '"', or 0: plain when it reads as type). */
static char *
scalar(const char *value, char style, const char *type)
{
	struct ua_buf b = { 0 };
	const char *v;

	if (style == 0 && plain_safe(value) &&
	    (type == NULL || strcmp(ua_yaml_plain_type(value), type) == 0))
		ua_buf_puts(&b, value);
	else if (style != '"' && strpbrk(value, "\n\r\t") == NULL) {
		ua_buf_puts(&b, "'");
		for (v = value; *v; v++)
			ua_buf_puts(&b, *v == '\'' ? "''" : (char[]){ *v, 0 });
		ua_buf_puts(&b, "'");
	} else {
		ua_buf_puts(&b, "\"");
		for (v = value; *v; v++) {
			if (*v == '"' || *v == '\\')
				ua_buf_printf(&b, "\\%c", *v);
			else if (*v == '\n')
				ua_buf_puts(&b, "\\n");
			else if (*v == '\t')
				ua_buf_puts(&b, "\\t");
			else if ((unsigned char)*v < 0x20)
				ua_buf_printf(&b, "\\x%02x", (unsigned char)*v);
			else
				ua_buf_add(&b, v, 1);
		}
		ua_buf_puts(&b, "\"");
	}
	ua_buf_add(&b, "", 0);
	return ua_buf_take(&b);
}

static xmlNodePtr
member(xmlNodePtr map, const char *key)
{
	xmlNodePtr c;
	char *k;
	int hit;

	for (c = map ? map->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || (k = ua_tree_key(c)) == NULL)
			continue;
		hit = strcmp(k, key) == 0;
		free(k);
		if (hit)
			return c;
	}
	return NULL;
}

static xmlNodePtr
last_child(xmlNodePtr n)
{
	xmlNodePtr c, last = NULL;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			last = c;
	return last;
}

/* The item of list whose child key has the text value (the n-th such, from 0). */
static xmlNodePtr
item_with(xmlNodePtr list, const char *key, const char *value)
{
	xmlNodePtr c;
	char *v;
	int hit;

	for (c = list ? list->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		v = ua_node_text(member(c, key), 1);
		hit = v && strcmp(v, value) == 0;
		free(v);
		if (hit)
			return c;
	}
	return NULL;
}

/* Where the item's dash is, for an item whose node starts at off. */
static int
dash_of(const struct ua_edit *e, size_t off, size_t *dash)
{
	size_t i = off;

	while (i > 0 && (e->doc->text[i - 1] == ' ' || e->doc->text[i - 1] == '\t'))
		i--;
	if (i == 0 || e->doc->text[i - 1] != '-')
		return -1;
	*dash = i - 1;
	return 0;
}

/* Inserts text (whole lines) at off, after a line ending when the file lacks one there. */
static int
insert_lines(struct ua_edit *e, size_t off, const char *text, struct ua_diags *d)
{
	char *s;
	int st;

	if (off == e->doc->len && off > 0 && e->doc->text[off - 1] != '\n') {
		if ((s = ua_asprintf("%s%s", e->eol, text)) == NULL)
			return UA_ENOMEM;
		st = ua_edit_splice(e, off, 0, s, d);
		free(s);
		return st;
	}
	return ua_edit_splice(e, off, 0, text, d);
}

/* The extent of member m: its key line and what is nested under it. */
static int
member_extent(const struct ua_edit *e, xmlNodePtr m, size_t *off, size_t *end)
{
	size_t c, nx, i;

	if (ua_doc_offset(e->doc, m, off) != 0)
		return -1;
	c = col_of(e, *off);
	/* an indentless list under the key: its dashes are at the key's column */
	nx = line_next(e, *off);
	i = skip_blanks(e, nx);
	*end = extent(e, *off, c, i - nx == c && i < e->doc->len && e->doc->text[i] == '-');
	return 0;
}

/* Adds "key: val" (val NULL: "key:" with nothing yet) as map's last member. */
static int
add_member(struct ua_edit *e, xmlNodePtr map, const char *key, const char *val,
    struct ua_diags *d)
{
	xmlNodePtr last = last_child(map);
	size_t off, end, col;
	char *line;
	int st;

	if (last && ua_tree_type_is(map, "object")) {
		if (member_extent(e, last, &off, &end) != 0)
			return UA_ESYNTAX;
		col = col_of(e, off);
	} else {
		/* map is a member with nothing under it yet */
		if (member_extent(e, map, &off, &end) != 0)
			return UA_ESYNTAX;
		col = col_of(e, off) + strlen(e->unit);
	}
	line = ua_asprintf("%*s%s:%s%s%s", (int)col, "", key, val ? " " : "", val ? val : "", e->eol);
	if (line == NULL)
		return UA_ENOMEM;
	st = insert_lines(e, end, line, d);
	free(line);
	return st;
}

/* A member's flow value "{}" or "[]" dropped, so block lines can follow its key. */
static int
open_empty(struct ua_edit *e, xmlNodePtr m, int *did, struct ua_diags *d)
{
	size_t off, ce, vs;

	*did = 0;
	if (ua_doc_offset(e->doc, m, &off) != 0)
		return UA_ESYNTAX;
	ce = colon_end(e, off);
	vs = skip_blanks(e, ce);
	if (strncmp(e->doc->text + vs, "{}", 2) != 0 && strncmp(e->doc->text + vs, "[]", 2) != 0)
		return UA_OK;
	*did = 1;
	return ua_edit_splice(e, ce, vs + 2 - ce, "", d);
}

/* A block scalar ("|", ">") gets value as a literal block, indented as its lines were. */
static int
set_block(struct ua_edit *e, xmlNodePtr n, size_t off, size_t vs, const char *value,
    struct ua_diags *d)
{
	struct ua_buf b = { 0 };
	size_t col = col_of(e, off), dash, first, ind, end, k;
	const char *p, *nl;
	int st;

	if (xmlStrcmp(n->name, (const xmlChar *)"item") == 0 && dash_of(e, off, &dash) == 0)
		col = col_of(e, dash);
	end = extent(e, vs, col, 0);
	first = line_next(e, vs);
	ind = skip_blanks(e, first) - first;
	if (first >= end || ind <= col)
		ind = col + strlen(e->unit);
	k = strlen(value);
	ua_buf_puts(&b, k > 0 && value[k - 1] == '\n' ? "|" : "|-");
	if (k > 0 && value[k - 1] == '\n')
		k--;
	for (p = value; p <= value + k; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(value + k - p))) == NULL)
			nl = value + k;
		ua_buf_puts(&b, e->eol);
		if (nl > p)
			ua_buf_printf(&b, "%*s%.*s", (int)ind, "", (int)(nl - p), p);
	}
	ua_buf_puts(&b, e->eol);
	ua_buf_add(&b, "", 0);
	st = b.failed ? UA_ENOMEM : ua_edit_splice(e, vs, end - vs, b.s, d);
	ua_buf_free(&b);
	return st;
}

static int
set_scalar(struct ua_edit *e, xmlNodePtr n, const char *value, struct ua_diags *d)
{
	xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
	size_t off, vs, ve;
	char *now, *val, style;
	int st;

	if (ua_doc_offset(e->doc, n, &off) != 0) {
		xmlFree(type);
		return UA_ESYNTAX;
	}
	vs = xmlStrcmp(n->name, (const xmlChar *)"item") == 0 ? off : skip_blanks(e, colon_end(e, off));
	now = ua_node_text(n, 0);
	if (now && strcmp(now, value) == 0 && type && strcmp((const char *)type, "null") != 0) {
		free(now);
		xmlFree(type);
		return UA_OK;
	}
	free(now);
	style = e->doc->text[vs] == '\'' || e->doc->text[vs] == '"' ? e->doc->text[vs] : 0;
	if (e->doc->text[vs] == '|' || e->doc->text[vs] == '>')
		st = set_block(e, n, off, vs, value, d);
	else if ((val = scalar(value, style, type && strcmp((const char *)type, "null") != 0 ?
	    (const char *)type : NULL)) == NULL)
		st = UA_ENOMEM;
	else {
		if (vs >= e->doc->len || strchr("\r\n#", e->doc->text[vs]) != NULL) {
			/* nothing there yet: "key:" becomes "key: value" */
			char *s = ua_asprintf(" %s%s", val, e->doc->text[vs] == '#' ? " " : "");
			ve = vs = colon_end(e, off);
			free(val);
			val = s;
		} else
			ve = scalar_end(e, vs);
		st = val ? ua_edit_splice(e, vs, ve - vs, val, d) : UA_ENOMEM;
		free(val);
	}
	xmlFree(type);
	return st;
}

/* The node path names: config stage and task first for agent-config task paths. */
struct ypath {
	char *buf;
	char *steps[UA_EDIT_MAX_STEPS];
	size_t n, first;	/* first: the steps left after the task's inputs */
	int task;
};

static int
split(struct ua_edit *e, const char *path, struct ypath *p, struct ua_diags *d)
{
	char *s, *save = NULL;

	memset(p, 0, sizeof(*p));
	if ((p->buf = ua_strdup(path)) == NULL)
		return UA_ENOMEM;
	for (s = strtok_r(p->buf, "/", &save); s && p->n < UA_EDIT_MAX_STEPS; s = strtok_r(NULL, "/", &save))
		p->steps[p->n++] = s;
	if (p->n == 0 || s) {
		ua_edit_refuse(e, d, "%s: a malformed path", path);
		return UA_ESYNTAX;
	}
	p->task = strcmp(e->kind->name, "agent-config") == 0 && p->n >= 2 &&
	    member(xmlDocGetRootElement(e->doc->xml), "config") != NULL;
	if (p->task && p->n < 3) {
		ua_edit_refuse(e, d, "%s: give STAGE/TASK/INPUT, or a top-level key", path);
		return UA_ESYNTAX;
	}
	p->first = p->task ? 2 : 0;
	return UA_OK;
}

static xmlNodePtr
find_task(xmlNodePtr root, const char *stage, const char *task, xmlNodePtr *stage_item)
{
	xmlNodePtr s = item_with(member(root, "config"), "stage", stage);

	if (stage_item)
		*stage_item = s;
	return item_with(member(s, "tasks"), "task", task);
}

static xmlNodePtr
child_step(xmlNodePtr n, const char *s)
{
	xmlNodePtr c;
	char *end;
	long i;

	if (!ua_tree_type_is(n, "array"))
		return member(n, s);
	if ((i = strtol(s, &end, 10)) < 0 || *end || end == s)
		return NULL;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && i-- == 0)
			return c;
	return NULL;
}

/* Walks p from the root (or the task's inputs); *at: the last node reached, *i: steps done. */
static int
walk(struct ua_edit *e, struct ypath *p, xmlNodePtr *at, size_t *i, struct ua_diags *d)
{
	xmlNodePtr root = xmlDocGetRootElement(e->doc->xml), n = root, next, task;

	if (p->task) {
		if ((task = find_task(root, p->steps[0], p->steps[1], NULL)) == NULL) {
			ua_edit_refuse(e, d, "no task %s in stage %s (add it with --add-task)",
			    p->steps[1], p->steps[0]);
			return UA_ESYNTAX;
		}
		if ((n = member(task, "inputs")) == NULL) {
			*at = task;
			*i = 1;
			return UA_OK;
		}
		*i = 2;
	} else
		*i = 0;
	for (; *i < p->n && (next = child_step(n, p->steps[*i])) != NULL; (*i)++)
		n = next;
	*at = n;
	return UA_OK;
}

int
ua_edity_set(struct ua_edit *e, const char *path, const char *value, struct ua_diags *d)
{
	struct ypath p;
	xmlNodePtr at;
	size_t i, k;
	int st, done = 0, opened;
	char *val;

	if ((st = split(e, path, &p, d)) != UA_OK) {
		free(p.buf);
		return st;
	}
	for (k = 0; st == UA_OK && !done && k < UA_EDIT_MAX_STEPS; k++) {
		if ((st = walk(e, &p, &at, &i, d)) != UA_OK)
			break;
		/* task paths: step 1 reached means the task has no inputs yet */
		const char *key = p.task && i == 1 ? "inputs" : i < p.n ? p.steps[i] : NULL;
		if (key == NULL) {
			if (ua_tree_type_is(at, "object") || ua_tree_type_is(at, "array")) {
				ua_edit_refuse(e, d, "%s holds a %s, not a value", path,
				    ua_tree_type_is(at, "array") ? "list" : "mapping");
				st = UA_ESYNTAX;
			} else
				st = set_scalar(e, at, value, d);
			done = 1;
		} else if (ua_tree_type_is(at, "array") || (!ua_tree_type_is(at, "object") && !ua_tree_type_is(at, "null"))) {
			ua_edit_refuse(e, d, "%s: no %s there to set", path, key);
			st = UA_ESYNTAX;
		} else if ((st = open_empty(e, at, &opened, d)) == UA_OK && !opened) {
			int leaf = !(p.task && i == 1) && i + 1 == p.n;
			val = leaf ? scalar(value, 0, NULL) : NULL;
			st = leaf && val == NULL ? UA_ENOMEM : add_member(e, at, key, val, d);
			free(val);
			done = leaf;
		}
	}
	free(p.buf);
	return st;
}

/* Removes the list item n: its dash line and what is nested under it. */
static int
remove_item(struct ua_edit *e, xmlNodePtr n, struct ua_diags *d)
{
	size_t off, dash, ls;

	if (ua_doc_offset(e->doc, n, &off) != 0 || dash_of(e, off, &dash) != 0 ||
	    (ls = ua_edit_line_start(e, dash), skip_blanks(e, ls) != dash)) {
		ua_edit_refuse(e, d, "%s is not on lines of its own", n->name);
		return UA_ESYNTAX;
	}
	return ua_edit_splice(e, ls, extent(e, dash, col_of(e, dash), 0) - ls, "", d);
}

int
ua_edity_unset(struct ua_edit *e, const char *path, struct ua_diags *d)
{
	struct ypath p;
	xmlNodePtr at;
	size_t i, off, end, ls;
	int st;

	if ((st = split(e, path, &p, d)) != UA_OK || (st = walk(e, &p, &at, &i, d)) != UA_OK) {
		free(p.buf);
		return st;
	}
	free(p.buf);
	if (i < p.n || at == xmlDocGetRootElement(e->doc->xml))
		return UA_OK;
	if (xmlStrcmp(at->name, (const xmlChar *)"item") == 0)
		return remove_item(e, at, d);
	if (member_extent(e, at, &off, &end) != 0)
		return UA_ESYNTAX;
	ls = ua_edit_line_start(e, off);
	if (skip_blanks(e, ls) != off) {
		ua_edit_refuse(e, d, "%s opens a list item: remove the item instead", path);
		return UA_ESYNTAX;
	}
	return ua_edit_splice(e, ls, end - ls, "", d);
}

/* 1 when the task's inputs are a list (its schema says so), 0 a mapping, -1 no inputs. */
static int
inputs_form(struct ua_edit *e, const char *task)
{
	char *path = ua_asprintf("%s/schemas/agents/tasks/%s.xsd", e->ctx->datadir, task);
	xmlDocPtr x;
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr r;
	int form = -1;

	if (path == NULL || strpbrk(task, "/.") != NULL ||
	    (x = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL) {
		free(path);
		return -1;
	}
	free(path);
	if ((xp = xmlXPathNewContext(x)) != NULL) {
		r = xmlXPathEvalExpression((const xmlChar *)"string(/*/*[local-name()='element']"
		    "[@name='inputs']/*/*[local-name()='attribute'][@name='type']/@fixed)", xp);
		form = r && r->stringval && strcmp((const char *)r->stringval, "array") == 0;
		xmlXPathFreeObject(r);
		xmlXPathFreeContext(xp);
	}
	xmlFreeDoc(x);
	return form;
}

/* The lines of a new task at dash column col: "- task: NAME" and its inputs. */
static char *
task_lines(struct ua_edit *e, const char *task, char *inputs, int list, size_t col,
    size_t seqoff)
{
	struct ua_buf b = { 0 };
	char *pair, *eq, *v, *r, *w;
	size_t keycol = col + 2, icol = list ? keycol + seqoff + 2 : keycol + strlen(e->unit);
	int first = 1;

	ua_buf_printf(&b, "%*s- task: %s%s", (int)col, "", task, e->eol);
	if (inputs)
		ua_buf_printf(&b, "%*sinputs:%s", (int)keycol, "", e->eol);
	/* "\," is a comma inside a value: pairs are cut at the others */
	for (r = inputs; r && *r; r = w) {
		char *o = r;
		for (w = r; *w && *w != ','; w++) {
			if (*w == '\\' && w[1] == ',')
				w++;
			*o++ = *w;
		}
		if (*w)
			w++;
		*o = '\0';
		pair = r;
		if ((eq = strchr(pair, '=')) == NULL)
			continue;
		*eq = '\0';
		if ((v = scalar(eq + 1, 0, NULL)) == NULL)
			break;
		if (list && first)
			ua_buf_printf(&b, "%*s- %s: %s%s", (int)(icol - 2), "", pair, v, e->eol);
		else
			ua_buf_printf(&b, "%*s%s: %s%s", (int)icol, "", pair, v, e->eol);
		first = 0;
		free(v);
	}
	ua_buf_add(&b, "", 0);
	return ua_buf_take(&b);
}

static size_t
stage_rank(const char *stage)
{
	size_t k;

	for (k = 0; k < NSTAGES; k++)
		if (strcmp(stage, stage_order[k]) == 0)
			break;
	return k;
}

int
ua_edity_add_task(struct ua_edit *e, const char *spec, struct ua_diags *d, char *err,
    size_t errlen)
{
	char *buf = ua_strdup(spec), *task, *inputs, *lines = NULL;
	xmlNodePtr root, config, stage, tasks, last, c, before;
	size_t off, dash, end, k, seqoff = 0, cfgoff;
	int st = UA_OK, list, opened, done = 0;

	(void)err;
	(void)errlen;
	if (buf == NULL)
		return UA_ENOMEM;
	if ((task = strchr(buf, '/')) == NULL || task == buf || task[1] == '\0') {
		ua_edit_refuse(e, d, "%s: give STAGE/TASK[:KEY=VALUE,...]", spec);
		free(buf);
		return UA_ESYNTAX;
	}
	*task++ = '\0';
	if ((inputs = strchr(task, ':')) != NULL)
		*inputs++ = '\0';
	list = inputs_form(e, task);
	if (inputs && list < 0) {
		ua_edit_refuse(e, d, "task %s takes no inputs", task);
		free(buf);
		return UA_ESYNTAX;
	}
	for (k = 0; st == UA_OK && !done && k < UA_EDIT_MAX_STEPS; k++) {
		root = xmlDocGetRootElement(e->doc->xml);
		if ((config = member(root, "config")) == NULL || (last = last_child(config)) == NULL ||
		    ua_doc_offset(e->doc, config, &cfgoff) != 0 ||
		    ua_doc_offset(e->doc, last, &off) != 0 || dash_of(e, off, &dash) != 0) {
			ua_edit_refuse(e, d, "the file has no config list of stages to add %s to", spec);
			st = UA_ESYNTAX;
			break;
		}
		/* lists are indented under their key by as much as config's are */
		seqoff = col_of(e, dash) - col_of(e, cfgoff);
		stage = item_with(config, "stage", buf);
		if (stage == NULL) {
			for (before = NULL, c = config->children; c && !before; c = c->next) {
				char *s = ua_node_text(member(c, "stage"), 1);
				if (s && stage_rank(s) > stage_rank(buf))
					before = c;
				free(s);
			}
			if (before && (ua_doc_offset(e->doc, before, &off) != 0 || dash_of(e, off, &dash) != 0))
				break;
			end = before ? ua_edit_line_start(e, dash) : extent(e, dash, col_of(e, dash), 0);
			lines = ua_asprintf("%*s- stage: %s%s%*stasks: []%s", (int)col_of(e, dash), "", buf,
			    e->eol, (int)col_of(e, dash) + 2, "", e->eol);
			st = lines ? insert_lines(e, end, lines, d) : UA_ENOMEM;
			free(lines);
			continue;
		}
		if ((tasks = member(stage, "tasks")) == NULL) {
			st = add_member(e, stage, "tasks", "[]", d);
			continue;
		}
		if ((st = open_empty(e, tasks, &opened, d)) != UA_OK || opened)
			continue;
		if ((last = last_child(tasks)) != NULL) {
			if (ua_doc_offset(e->doc, last, &off) != 0 || dash_of(e, off, &dash) != 0)
				break;
			end = extent(e, dash, col_of(e, dash), 0);
			off = col_of(e, dash);
		} else {
			if (member_extent(e, tasks, &off, &end) != 0)
				break;
			off = col_of(e, off) + seqoff;
		}
		lines = task_lines(e, task, inputs, list == 1, off, seqoff);
		st = lines ? insert_lines(e, end, lines, d) : UA_ENOMEM;
		free(lines);
		done = 1;
	}
	if (st == UA_OK && !done) {
		ua_edit_refuse(e, d, "%s: the stage's layout is not one this tool can add to", spec);
		st = UA_ESYNTAX;
	}
	free(buf);
	return st;
}

int
ua_edity_remove_task(struct ua_edit *e, const char *spec, struct ua_diags *d)
{
	char *buf = ua_strdup(spec), *task;
	xmlNodePtr stage, t, tasks;
	size_t off;
	int st = UA_OK;

	if (buf == NULL)
		return UA_ENOMEM;
	if ((task = strchr(buf, '/')) == NULL) {
		ua_edit_refuse(e, d, "%s: give STAGE/TASK", spec);
		free(buf);
		return UA_ESYNTAX;
	}
	*task++ = '\0';
	while (st == UA_OK &&
	    (t = find_task(xmlDocGetRootElement(e->doc->xml), buf, task, &stage)) != NULL)
		st = remove_item(e, t, d);
	/* a stage left without tasks says so: "tasks: []" */
	tasks = member(item_with(member(xmlDocGetRootElement(e->doc->xml), "config"), "stage", buf), "tasks");
	if (st == UA_OK && tasks && last_child(tasks) == NULL && ua_tree_type_is(tasks, "null") &&
	    ua_doc_offset(e->doc, tasks, &off) == 0)
		st = ua_edit_splice(e, colon_end(e, off), 0, " []", d);
	free(buf);
	return st;
}
