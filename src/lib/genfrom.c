/* SPDX-License-Identifier: MIT */
/* unattend-gen's answer-file editing through the editing engine: --set, and --from (an existing
 * file as the start). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "doc.h"
#include "edit.h"
#include "gen.h"
#include "genfrom.h"
#include "kind.h"
#include "tsv.h"
#include "ua.h"
#include "unattend.h"
#include "util.h"
#include "validate.h"

struct from_row {
	char *option, *agents, *pass, *path, *value, *item;
};

struct from_rows {
	struct from_row *v;
	size_t n, cap;
};

static void
rows_free(struct from_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].option);
		free(r->v[i].agents);
		free(r->v[i].pass);
		free(r->v[i].path);
		free(r->v[i].value);
		free(r->v[i].item);
	}
	free(r->v);
}

static int
row_line(char **f, size_t n, unsigned long line, void *arg)
{
	struct from_rows *r = arg;
	struct from_row *w;

	(void)line;
	if (n != 6)
		return -1;
	if (ua_grow(&r->v, &r->cap, r->n, sizeof(*r->v), 16) != 0)
		return -1;
	w = &r->v[r->n++];
	w->option = ua_strdup(f[0]);
	w->agents = ua_strdup(f[1]);
	w->pass = ua_strdup(f[2]);
	w->path = ua_strdup(f[3]);
	w->value = ua_strdup(f[4]);
	w->item = strcmp(f[5], "-") == 0 ? NULL : ua_strdup(f[5]);
	return w->option && w->agents && w->pass && w->path && w->value ? 0 : -1;
}

static int
for_agent(const char *agents, const char *agent)
{
	size_t n = strlen(agent);
	const char *s;

	if (strcmp(agents, "*") == 0)
		return 1;
	for (s = agents; s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL)
		if (strncmp(s, agent, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return 1;
	return 0;
}

/* Applies one line of from.tsv for every value the option was given. */
static int
apply_row(struct ua_edit *e, const struct ua_gen_params *p, const struct from_row *r,
    struct ua_diags *d, char *err, size_t errlen)
{
	const struct ua_gen_list *list = NULL;
	const char *one = NULL;
	char *ob = NULL;
	size_t i, n = 0;
	int st = UA_OK;

	if (strcmp(r->option, "admin-password=static") == 0) {
		if (p->pwmode != UA_PW_STATIC || p->password == NULL)
			return UA_OK;
		if ((one = ob = ua_gen_obscure(p->password, "AdministratorPassword")) == NULL)
			return UA_ENOMEM;
		n = 1;
	} else if (strcmp(r->option, "specialize-command") == 0 || strcmp(r->option, "first-logon-command") == 0) {
		list = r->option[0] == 's' ? &p->specialize : &p->logon;
		n = list->n;
	} else if ((one = ua_gen_param_value(p, r->option)) != NULL)
		n = 1;
	for (i = 0; i < n && st == UA_OK; i++) {
		const char *v = list ? list->v[i].value : one;
		st = ua_edit_answer_add(e, r->pass, r->path, strcmp(r->value, "$") == 0 ? v : r->value,
		    r->item, d, err, errlen);
	}
	if (ob) {
		memset(ob, 0, strlen(ob));
		free(ob);
	}
	return st;
}

/* The --set items whose target is a pass, applied to e (a list step adds an item). */
static int
apply_sets(struct ua_ctx *ctx, const struct ua_gen_params *p, struct ua_edit *e,
    struct ua_diags *ed, char *err, size_t errlen)
{
	size_t i;
	int st = UA_OK;

	for (i = 0; i < p->sets.n && st == UA_OK && ed->n == 0; i++)
		if (ua_catalog_pass(ctx->catalog, p->sets.v[i].key) >= 0)
			st = ua_edit_answer_add(e, p->sets.v[i].key, p->sets.v[i].path,
			    p->sets.v[i].value, NULL, ed, err, errlen);
	return st;
}

int
ua_gen_apply_sets(struct ua_ctx *ctx, const struct ua_gen_params *p, const char *name,
    char **bytes, size_t *len, char *err, size_t errlen)
{
	struct ua_diags ed = { 0 };
	struct ua_edit *e = NULL;
	char *out = NULL;
	size_t outlen;
	int st;

	for (st = 0; st < (int)p->sets.n; st++)
		if (ua_catalog_pass(ctx->catalog, p->sets.v[st].key) >= 0)
			break;
	if (st == (int)p->sets.n)
		return UA_OK;
	if ((st = ua_edit_open(ctx, name, *bytes, *len, "unattend", &e, &ed, err, errlen)) == UA_OK &&
	    (st = apply_sets(ctx, p, e, &ed, err, errlen)) == UA_OK && ed.n) {
		snprintf(err, errlen, "--set: %s", ed.v[0].msg);
		st = UA_EDATA;
	}
	if (st == UA_ESYNTAX) {
		snprintf(err, errlen, "%s: the template's output does not parse", name);
		st = UA_EDATA;
	}
	if (st == UA_OK && (st = ua_edit_result(e, &out, &outlen, err, errlen)) == UA_OK) {
		memset(*bytes, 0, *len);
		free(*bytes);
		*bytes = out;
		*len = outlen;
	}
	ua_edit_free(e);
	ua_diags_free(&ed);
	return st == UA_EUSAGE ? UA_EDATA : st;
}

int
ua_gen_from(struct ua_ctx *ctx, const struct ua_gen_params *p, const char *agent,
    const char *file, struct ua_gen_file *out, struct ua_diags *d, char *err, size_t errlen)
{
	const char *from = p->scalar[UA_GP_FROM];
	struct from_rows rows = { 0 };
	struct ua_diags ed = { 0 };
	struct ua_edit *e = NULL;
	char *buf = NULL, *path = NULL, e2[512];
	size_t len, i;
	int st;

	err[0] = '\0';
	if ((st = ua_read_file(from, &buf, &len, e2, sizeof(e2))) != UA_OK) {
		snprintf(err, errlen, "--from: %s: %s", from, e2);
		return st;
	}
	st = ua_edit_open(ctx, from, buf, len, NULL, &e, d, err, errlen);
	if (st == UA_ESYNTAX)
		snprintf(err, errlen, "--from: %s: not well-formed; nothing written", from);
	if (st != UA_OK)
		goto done;
	if (strcmp(ua_edit_kind(e), "unattend") != 0) {
		const struct ua_kind *k = ua_kind_find(&ctx->kinds, ua_edit_kind(e));
		snprintf(err, errlen, "--from: %s: is %s (kind %s), not an answer file", from,
		    k ? k->desc : "another file", ua_edit_kind(e));
		st = UA_EUSAGE;
		goto done;
	}
	st = UA_ENOMEM;
	if ((path = ua_asprintf("%s/templates/from.tsv", ctx->datadir)) == NULL)
		goto done;
	if (ua_tsv_each(path, row_line, &rows, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: malformed", path);
		st = UA_EDATA;
		goto done;
	}
	st = UA_OK;
	for (i = 0; i < rows.n && st == UA_OK && ed.n == 0; i++)
		if (for_agent(rows.v[i].agents, agent))
			st = apply_row(e, p, &rows.v[i], &ed, err, errlen);
	if (st == UA_OK && ed.n)
		snprintf(err, errlen, "%s: %s", path, ed.v[0].msg);
	if (st == UA_OK && ed.n == 0)
		st = apply_sets(ctx, p, e, &ed, err, errlen);
	if (st == UA_OK && ed.n) {
		if (err[0] == '\0')
			snprintf(err, errlen, "--set: %s", ed.v[0].msg);
		st = UA_EDATA;
	}
	if (st == UA_OK && (st = ua_edit_result(e, &out->bytes, &out->len, err, errlen)) == UA_OK &&
	    ((out->name = ua_strdup(file)) == NULL || (out->kind = ua_strdup("unattend")) == NULL))
		st = UA_ENOMEM;
done:
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	rows_free(&rows);
	ua_diags_free(&ed);
	ua_edit_free(e);
	free(path);
	if (buf) {
		memset(buf, 0, len);
		free(buf);
	}
	return st;
}
