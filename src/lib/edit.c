/* SPDX-License-Identifier: MIT */
/* Editing a file's text in place: the text, its encoding, the checks around each edit. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "editint.h"
#include "kind.h"
#include "rules.h"
#include "template.h"
#include "ua.h"
#include "validate.h"

void
ua_edit_refuse(struct ua_edit *e, struct ua_diags *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ua_vasprintf(fmt, ap);
	va_end(ap);
	if (msg == NULL)
		d->failed = 1;
	else
		ua_diags_add(d, e->name, 0, 0, UA_SEV_ERROR, "edit", "%s", msg);
	free(msg);
}

/* Parses text (UTF-8, taken over) as the file's syntax into a new document. */
static int
reparse(struct ua_edit *e, char *text, size_t len, struct ua_doc **out, struct ua_diags *d)
{
	struct ua_doc *doc = calloc(1, sizeof(*doc));
	int st;

	*out = NULL;
	if (doc == NULL || (doc->name = ua_strdup(e->name)) == NULL) {
		free(doc);
		free(text);
		return UA_ENOMEM;
	}
	doc->text = text;
	doc->len = len;
	doc->fmt = e->doc->fmt;
	doc->kind = e->kind;
	switch (doc->fmt) {
	case UA_FMT_JSON: st = ua_parse_json(doc, d); break;
	case UA_FMT_YAML: st = ua_parse_yaml(doc, d); break;
	default: st = ua_parse_xml(doc, d); break;
	}
	if (st != UA_OK) {
		ua_doc_free(doc);
		return st;
	}
	*out = doc;
	return UA_OK;
}

int
ua_edit_splice(struct ua_edit *e, size_t off, size_t del, const char *ins,
    struct ua_diags *d)
{
	struct ua_diags pd = { 0 };
	struct ua_doc *doc;
	size_t n = strlen(ins), len = e->doc->len - del + n;
	char *t = malloc(len + 1);
	int st;

	if (t == NULL)
		return UA_ENOMEM;
	memcpy(t, e->doc->text, off);
	memcpy(t + off, ins, n);
	memcpy(t + off + n, e->doc->text + off + del, e->doc->len - off - del);
	t[len] = '\0';
	st = reparse(e, t, len, &doc, &pd);
	if (st == UA_ESYNTAX)
		ua_edit_refuse(e, d, "the edit would leave the file malformed (%s)",
		    pd.n ? pd.v[0].msg : "syntax");
	ua_diags_free(&pd);
	if (st != UA_OK)
		return st;
	ua_doc_free(e->doc);
	e->doc = doc;
	e->changed = 1;
	return UA_OK;
}

size_t
ua_edit_line_start(const struct ua_edit *e, size_t off)
{
	while (off > 0 && e->doc->text[off - 1] != '\n')
		off--;
	return off;
}

char *
ua_edit_indent_at(const struct ua_edit *e, size_t off)
{
	size_t s = ua_edit_line_start(e, off), i;

	for (i = s; i < off; i++)
		if (e->doc->text[i] != ' ' && e->doc->text[i] != '\t')
			return NULL;
	return ua_strndup(e->doc->text + s, off - s);
}

size_t
ua_edit_line_rest(const struct ua_edit *e, size_t off)
{
	size_t i = off;

	while (i < e->doc->len && (e->doc->text[i] == ' ' || e->doc->text[i] == '\t' ||
	    e->doc->text[i] == '\r'))
		i++;
	if (i < e->doc->len && e->doc->text[i] == '\n')
		return i + 1;
	return i == e->doc->len ? i : off;
}

xmlNodePtr
ua_edit_child(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

int
ua_edit_split(const char *path, struct ua_edit_step *steps, size_t max, char **buf)
{
	char *p, *q, *end;
	size_t n = 0;

	if ((*buf = p = ua_strdup(path)) == NULL)
		return -1;
	while (*p) {
		if (n == max)
			return -1;
		/* a selector's value may hold '/': the step ends after its ']' */
		q = strchr(p, '[');
		end = strchr(p, '/');
		steps[n].key = steps[n].value = NULL;
		if (q && (end == NULL || q < end)) {
			char *eq = strchr(q, '='), *close = strchr(q, ']');
			if (eq && close && eq < close)
				close = strchr(eq, ']');
			else
				eq = NULL;	/* [ARCH]: a component's processorArchitecture */
			if (close == NULL || (close[1] != '/' && close[1] != '\0'))
				return -1;
			*q = *close = '\0';
			if (eq)
				*eq = '\0';
			steps[n].key = eq ? q + 1 : (char *)"processorArchitecture";
			steps[n].value = eq ? eq + 1 : q + 1;
			end = close[1] ? close + 1 : NULL;
		}
		steps[n].name = p;
		if (end)
			*end = '\0';
		if (*steps[n].name == '\0' || (steps[n].key && *steps[n].key == '\0'))
			return -1;
		n++;
		if (end == NULL)
			break;
		p = end + 1;
		if (*p == '\0')
			return -1;
	}
	return (int)n;
}

/* Converts UTF-8 text to enc; NULL with err set when a character has no place in it. */
static char *
encode(const char *enc, const char *text, size_t len, size_t *outlen, char *err, size_t errlen)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	struct ua_buf b = { 0 };
	char out[8192], *ip = (char *)text, *op;
	size_t il = len, ol;

	if (cd == (iconv_t)-1) {
		snprintf(err, errlen, "cannot write the encoding %s", enc);
		return NULL;
	}
	while (il > 0) {
		op = out;
		ol = sizeof(out);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			ua_buf_free(&b);
			snprintf(err, errlen, "a new character has no place in the file's encoding %s", enc);
			return NULL;
		}
		ua_buf_add(&b, out, (size_t)(op - out));
	}
	iconv_close(cd);
	*outlen = b.len;
	if (b.failed)
		snprintf(err, errlen, "out of memory");
	return ua_buf_take(&b);
}

/* One indentation step: how much deeper the first element child that opens its own
 * line sits than its parent, when that parent opens its own line too. */
static int
find_unit(struct ua_edit *e, xmlNodePtr n, unsigned depth)
{
	xmlNodePtr c;
	size_t po, co;
	char *pi, *ci;
	int found = 0;

	for (c = n->children; c && !found && depth < 64; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (ua_doc_offset(e->doc, n, &po) == 0 && ua_doc_offset(e->doc, c, &co) == 0 &&
		    (pi = ua_edit_indent_at(e, po)) != NULL) {
			if ((ci = ua_edit_indent_at(e, co)) != NULL && strlen(ci) > strlen(pi) &&
			    strncmp(ci, pi, strlen(pi)) == 0 && strlen(ci) - strlen(pi) < sizeof(e->unit)) {
				strcpy(e->unit, ci + strlen(pi));
				found = 1;
			}
			free(ci);
			free(pi);
		}
		if (!found)
			found = find_unit(e, c, depth + 1);
	}
	return found;
}

static void
learn_layout(struct ua_edit *e)
{
	const char *t = e->doc->text, *nl = memchr(t, '\n', e->doc->len);

	strcpy(e->eol, nl && nl > t && nl[-1] == '\r' ? "\r\n" : "\n");
	if (!find_unit(e, xmlDocGetRootElement(e->doc->xml), 0))
		strcpy(e->unit, "  ");
}

int
ua_edit_open(struct ua_ctx *ctx, const char *name, const char *bytes, size_t len,
    const char *kind, struct ua_edit **out, struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_edit *e = calloc(1, sizeof(*e));
	char *back = NULL;
	size_t backlen = 0;
	int st;

	*out = NULL;
	if (e == NULL || (e->name = ua_strdup(name)) == NULL ||
	    (e->orig = malloc(len + 1)) == NULL) {
		ua_edit_free(e);
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	memcpy(e->orig, bytes, len);
	e->orig[len] = '\0';
	e->origlen = len;
	e->ctx = ctx;
	{
		/* the text is edited and written back: read it as it is, never with a
		 * template's directives blanked (its checks still read it as a template) */
		static const struct ua_tpl_opts as_is = { UA_TPL_NONE, NULL, 0, 0 };
		const struct ua_tpl_opts *was = ctx->tpl;
		ctx->tpl = &as_is;
		st = ua_load(ctx, name, bytes, len, kind, &e->doc, d, err, errlen);
		ctx->tpl = was;
	}
	if (st != UA_OK || e->doc->xml == NULL) {
		ua_edit_free(e);
		return st == UA_OK ? UA_ESYNTAX : st;
	}
	e->kind = e->doc->kind;
	snprintf(e->encoding, sizeof(e->encoding), "%s", e->doc->encoding);
	e->bom = e->doc->bom;
	if (e->encoding[0]) {
		back = encode(e->encoding, e->doc->text, e->doc->len, &backlen, err, errlen);
		if (back == NULL || backlen != len - e->bom || memcmp(back, bytes + e->bom, backlen) != 0) {
			free(back);
			snprintf(err, errlen, "cannot keep the file's %s byte for byte", e->encoding);
			ua_edit_free(e);
			return UA_EUSAGE;
		}
		free(back);
	}
	learn_layout(e);
	*out = e;
	return UA_OK;
}

void
ua_edit_free(struct ua_edit *e)
{
	if (e == NULL)
		return;
	if (e->doc && e->doc->text && e->secret)
		memset(e->doc->text, 0, e->doc->len);
	ua_doc_free(e->doc);
	if (e->orig)
		memset(e->orig, 0, e->origlen);
	free(e->orig);
	free(e->name);
	free(e);
}

const char *
ua_edit_kind(const struct ua_edit *e)
{
	return e->kind->name;
}

const struct ua_doc *
ua_edit_doc(const struct ua_edit *e)
{
	return e->doc;
}

int
ua_edit_holds_secret(const struct ua_edit *e)
{
	return e->secret;
}

int
ua_edit_changed(const struct ua_edit *e)
{
	return e->changed;
}

/* Puts text (a copy of an earlier state) back. */
static int
restore(struct ua_edit *e, char *saved, size_t len, struct ua_diags *d)
{
	struct ua_doc *doc;
	int st = reparse(e, saved, len, &doc, d);

	if (st != UA_OK)
		return st;
	ua_doc_free(e->doc);
	e->doc = doc;
	return UA_OK;
}

/* Whether value, just written, landed in a node the rule table calls secret. */
static int
wrote_secret(struct ua_edit *e, const char *value, int *is, char *err, size_t errlen)
{
	xmlNodePtr *nodes = NULL;
	size_t n = 0, i;
	int st;

	*is = 0;
	if (*value == '\0')
		return UA_OK;
	if ((st = ua_rules_secret_nodes(e->ctx, e->doc, &nodes, &n, err, errlen)) != UA_OK)
		return st;
	for (i = 0; i < n && !*is; i++) {
		xmlChar *v = xmlNodeGetContent(nodes[i]);
		*is = v && strcmp((const char *)v, value) == 0;
		xmlFree(v);
	}
	free(nodes);
	return UA_OK;
}

int
ua_edit_set(struct ua_edit *e, const char *path, const char *value, int secret,
    struct ua_diags *d, char *err, size_t errlen)
{
	char *saved = ua_strndup(e->doc->text, e->doc->len);
	size_t savedlen = e->doc->len, before = d->n;
	int st, is = 0, changed = e->changed;

	if (saved == NULL)
		return UA_ENOMEM;
	switch (e->doc->fmt) {
	case UA_FMT_JSON: st = ua_editj_set(e, path, value, d); break;
	case UA_FMT_YAML: st = ua_edity_set(e, path, value, d); break;
	default: st = ua_editx_set(e, path, value, secret, d, err, errlen); break;
	}
	if (st == UA_OK && e->kind->schema != NULL && d->n == before)
		st = wrote_secret(e, value, &is, err, errlen);
	if (st == UA_OK && is && !secret)
		ua_edit_refuse(e, d, "%s is a secret: give its value from a file or the "
		    "environment, never on the command line", path);
	else if (is)
		e->secret = 1;
	if (d->n > before && e->changed && st == UA_OK) {
		st = restore(e, saved, savedlen, d);
		e->changed = changed;
		saved = NULL;
	}
	if (saved)
		memset(saved, 0, savedlen);
	free(saved);
	if (st == UA_ESYNTAX)
		st = UA_OK;	/* the finding says why */
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	return st;
}

int
ua_edit_unset(struct ua_edit *e, const char *path, struct ua_diags *d, char *err,
    size_t errlen)
{
	int st;

	switch (e->doc->fmt) {
	case UA_FMT_JSON: st = ua_editj_unset(e, path, d); break;
	case UA_FMT_YAML: st = ua_edity_unset(e, path, d); break;
	default: st = ua_editx_unset(e, path, d, err, errlen); break;
	}
	if (st == UA_ESYNTAX)
		st = UA_OK;
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	return st;
}

static int
agent_config_yaml(struct ua_edit *e, struct ua_diags *d, const char *what)
{
	if (strcmp(e->kind->name, "agent-config") == 0 && e->doc->fmt == UA_FMT_YAML)
		return 1;
	ua_edit_refuse(e, d, "%s: only an EC2Launch v2 agent-config.yml has tasks", what);
	return 0;
}

int
ua_edit_add_task(struct ua_edit *e, const char *spec, struct ua_diags *d, char *err,
    size_t errlen)
{
	int st;

	if (!agent_config_yaml(e, d, spec))
		return UA_OK;
	st = ua_edity_add_task(e, spec, d, err, errlen);
	return st == UA_ESYNTAX ? UA_OK : st;
}

int
ua_edit_remove_task(struct ua_edit *e, const char *spec, struct ua_diags *d, char *err,
    size_t errlen)
{
	int st;

	(void)err;
	(void)errlen;
	if (!agent_config_yaml(e, d, spec))
		return UA_OK;
	st = ua_edity_remove_task(e, spec, d);
	return st == UA_ESYNTAX ? UA_OK : st;
}

int
ua_edit_answer_add(struct ua_edit *e, const char *pass, const char *path,
    const char *value, const char *item, struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_edit_step steps[UA_EDIT_MAX_STEPS];
	char *full = ua_asprintf("%s/%s", pass, path), *buf = NULL;
	int n, st;

	if (full == NULL)
		return UA_ENOMEM;
	n = ua_edit_split(full, steps, UA_EDIT_MAX_STEPS, &buf);
	if (n < 3) {
		ua_edit_refuse(e, d, "%s: not PASS/COMPONENT/SETTING", full);
		st = buf ? UA_OK : UA_ENOMEM;
	} else
		st = ua_editx_answer(e, steps, (size_t)n, value, item, 1, 1, d, err, errlen);
	free(buf);
	free(full);
	return st == UA_ESYNTAX ? UA_OK : st;
}

/* Messages equal but for the numbers after "line " (an edit moves lines). */
static int
same_msg(const char *a, const char *b)
{
	while (*a && *a == *b) {
		if (strncmp(a, "line ", 5) == 0 && strncmp(b, "line ", 5) == 0 &&
		    isdigit((unsigned char)a[5]) && isdigit((unsigned char)b[5])) {
			for (a += 5; isdigit((unsigned char)*a); a++)
				;
			for (b += 5; isdigit((unsigned char)*b); b++)
				;
			continue;
		}
		a++;
		b++;
	}
	return *a == *b;
}

/* A finding's identity across the edit: its rule and message, not where it is. */
static int
same(const struct ua_diag *a, const struct ua_diag *b)
{
	return a->sev == b->sev && strcmp(a->rule, b->rule) == 0 && same_msg(a->msg, b->msg);
}

int
ua_edit_check(struct ua_edit *e, struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_validate_opts opts = { .kind = e->kind->name };
	struct ua_diags was = { 0 }, now = { 0 };
	char *bytes = NULL, *used = NULL;
	size_t len, i, j;
	int st;

	if ((st = ua_edit_result(e, &bytes, &len, err, errlen)) != UA_OK) {
		if (st == UA_EUSAGE) {
			ua_edit_refuse(e, d, "%s", err);
			st = UA_OK;
		}
		return st;
	}
	st = ua_validate_buffer(e->ctx, e->name, e->orig, e->origlen, &opts, &was, NULL, err, errlen);
	if (st == UA_OK)
		st = ua_validate_buffer(e->ctx, e->name, bytes, len, &opts, &now, NULL, err, errlen);
	if (st == UA_OK && (used = calloc(was.n + 1, 1)) == NULL)
		st = UA_ENOMEM;
	for (i = 0; st == UA_OK && i < now.n; i++) {
		for (j = 0; j < was.n; j++)
			if (!used[j] && same(&was.v[j], &now.v[i]))
				break;
		if (j < was.n)
			used[j] = 1;
		else if (ua_diags_add(d, now.v[i].file, now.v[i].line, now.v[i].col, now.v[i].sev,
		    now.v[i].rule, "%s", now.v[i].msg) != 0)
			st = UA_ENOMEM;
	}
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	free(used);
	ua_diags_free(&was);
	ua_diags_free(&now);
	memset(bytes, 0, len);
	free(bytes);
	return st;
}

int
ua_edit_result(const struct ua_edit *e, char **bytes, size_t *len, char *err, size_t errlen)
{
	char *body;
	size_t n;

	*bytes = NULL;
	*len = 0;
	if (!e->changed) {
		if ((*bytes = malloc(e->origlen + 1)) == NULL)
			return UA_ENOMEM;
		memcpy(*bytes, e->orig, e->origlen);
		*len = e->origlen;
		return UA_OK;
	}
	if (e->encoding[0] == '\0') {
		n = e->doc->len;
		body = ua_strndup(e->doc->text, n);
	} else if ((body = encode(e->encoding, e->doc->text, e->doc->len, &n, err, errlen)) == NULL)
		return strstr(err, "memory") ? UA_ENOMEM : UA_EUSAGE;
	if (body == NULL || (*bytes = malloc(e->bom + n + 1)) == NULL) {
		free(body);
		return UA_ENOMEM;
	}
	memcpy(*bytes, e->orig, e->bom);
	memcpy(*bytes + e->bom, body, n);
	memset(body, 0, n);
	free(body);
	*len = e->bom + n;
	return UA_OK;
}

/* Puts bytes at path (not a symbolic link) through a temporary and a rename. */
static int
replace(const char *path, const char *bytes, size_t len, int secret, char *err, size_t errlen)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	sigset_t block, old;
	mode_t mask;
	char *tmp;
	int fd, fresh = 0;

	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return UA_EIO;
		}
		/* a new file: as open(2) would make it */
		mask = umask(022);
		umask(mask);
		st.st_mode = 0666 & ~mask;
		fresh = 1;
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return UA_EIO;
	}
	tmp = slash ? ua_asprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1) :
	    ua_asprintf(".%s.XXXXXX", path);
	if (tmp == NULL) {
		snprintf(err, errlen, "out of memory");
		return UA_EIO;
	}
	/* a signal waits until the temporary is renamed or removed: none is left behind */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGPIPE);
	sigprocmask(SIG_BLOCK, &block, &old);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return UA_EIO;
	}
	/* the owner first: a change of owner may clear the set-id bits; one who
	 * cannot give the file away keeps it only when it is already theirs */
	if (!fresh && fchown(fd, st.st_uid, st.st_gid) != 0 &&
	    (st.st_uid != geteuid() || fchown(fd, (uid_t)-1, st.st_gid) != 0) &&
	    st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s: cannot keep the file's owner: %s", path, strerror(errno));
		goto fail;
	}
	if (fchmod(fd, (st.st_mode & 07777) & (secret ? ~(mode_t)077 : (mode_t)07777)) != 0 ||
	    ua_write_all(fd, bytes, len) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return UA_EIO;
	}
	free(tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return UA_OK;
fail:
	close(fd);
	unlink(tmp);
	free(tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return UA_EIO;
}

int
ua_edit_replace_file(const char *path, const char *bytes, size_t len, int secret,
    char *err, size_t errlen)
{
	char *real = realpath(path, NULL);
	int st;

	/* a symbolic link stays one: the file it names is replaced */
	if (real == NULL)
		return replace(path, bytes, len, secret, err, errlen);
	st = replace(real, bytes, len, secret, err, errlen);
	free(real);
	return st;
}
