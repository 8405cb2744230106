/* SPDX-License-Identifier: MIT */
/* Moving an EC2Config or EC2Launch v1 image's set to EC2Launch v2 (unattend-migrate). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "edit.h"
#include "migrate.h"
#include "policy.h"
#include "tree.h"
#include "tsv.h"
#include "ua.h"
#include "util.h"
#include "validate.h"

#define UNATTEND_NS "urn:schemas-microsoft-com:unattend"

enum { C_FROM, C_KIND, C_SELECT, C_NAME, C_MATCH, C_STATUS, C_ACTION, C_AWS, C_TARGET,
	C_REASON, C_SOURCE, C_COUNT };

struct row {
	char *f[C_COUNT];
	unsigned long line;
};

struct rows {
	struct row *v;
	size_t n, cap;
};

/* The run's state: the rows, the claimed nodes, the answers, what to unset. */
struct run {
	struct ua_ctx *ctx;
	const struct ua_migrate_opts *o;
	struct ua_migrate_result *r;
	struct ua_gen_params p;
	const xmlNode **claimed;	/* sorted (by address) up to nsorted */
	size_t nclaimed, nsorted, capclaimed;
	struct ua_buf devices;		/* DEVICE|LETTER|LABEL,... (--device answers) */
	char **unset;			/* answer-file paths to remove */
	size_t nunset, capunset;
	char *err;
	size_t errlen;
};

static const char *const status_names[UA_MIG_COUNT] = { "mapped", "needs-input", "dropped" };

const char *
ua_migrate_status_name(enum ua_migrate_status st)
{
	return st < UA_MIG_COUNT ? status_names[st] : "?";
}

static int
add_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct rows *rs = arg;
	struct row *w;
	size_t i;

	if (n != C_COUNT)
		return -1;
	if (ua_grow(&rs->v, &rs->cap, rs->n, sizeof(*rs->v), 64) != 0)
		return -1;
	w = &rs->v[rs->n++];
	memset(w, 0, sizeof(*w));
	w->line = line;
	for (i = 0; i < C_COUNT; i++)
		if ((w->f[i] = ua_strdup(f[i])) == NULL)
			return -1;
	return 0;
}

static void
rows_free(struct rows *rs)
{
	size_t i, k;

	for (i = 0; i < rs->n; i++)
		for (k = 0; k < C_COUNT; k++)
			free(rs->v[i].f[k]);
	free(rs->v);
}

static int
ptr_cmp(const void *a, const void *b)
{
	const xmlNode *x = *(const xmlNode *const *)a, *y = *(const xmlNode *const *)b;

	return x < y ? -1 : x > y;
}

static int
is_claimed(const struct run *m, const xmlNode *n)
{
	size_t i;

	if (m->nsorted && bsearch(&n, m->claimed, m->nsorted, sizeof(*m->claimed), ptr_cmp))
		return 1;
	for (i = m->nsorted; i < m->nclaimed; i++)	/* this row's own claims */
		if (m->claimed[i] == n)
			return 1;
	return 0;
}

static int
claim(struct run *m, const xmlNode *n)
{
	if (ua_grow(&m->claimed, &m->capclaimed, m->nclaimed, sizeof(*m->claimed), 256) != 0)
		return -1;
	m->claimed[m->nclaimed++] = n;
	return 0;
}

/* Between rows: the claims so far sorted, so that lookups stay logarithmic. */
static void
settle_claims(struct run *m)
{
	if (m->nclaimed)
		qsort(m->claimed, m->nclaimed, sizeof(*m->claimed), ptr_cmp);
	m->nsorted = m->nclaimed;
}

/* An answer-file element's path as unattend-edit writes it: PASS/COMPONENT/A/B, list
 * items by their Order. */
static char *
answer_path(const xmlNode *n)
{
	struct ua_buf b = { 0 };
	const xmlNode *a, *c;
	const xmlNode *chain[UA_MAX_DEPTH];
	size_t k = 0;
	xmlChar *v;

	for (a = n; a && a->type == XML_ELEMENT_NODE && k < UA_MAX_DEPTH; a = a->parent) {
		if (xmlStrEqual(a->name, BAD_CAST "component")) {
			if ((v = xmlGetProp(a, BAD_CAST "name")) != NULL) {
				xmlChar *pass = a->parent ? xmlGetProp(a->parent, BAD_CAST "pass") : NULL;
				ua_buf_printf(&b, "%s/%s", pass ? (const char *)pass : "?", (const char *)v);
				xmlFree(pass);
				xmlFree(v);
			}
			break;
		}
		chain[k++] = a;
	}
	while (k-- > 0) {
		ua_buf_printf(&b, "/%s", (const char *)chain[k]->name);
		for (c = chain[k]->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Order")) {
				char *t = ua_node_text(c, 1);
				ua_buf_printf(&b, "[Order=%s]", t ? t : "");
				free(t);
				break;
			}
	}
	return ua_buf_take(&b);
}

/* The element path of a JSON/YAML or XML node: its keys from the root down. */
static char *
key_path(const xmlNode *n)
{
	struct ua_buf b = { 0 };
	const xmlNode *chain[UA_MAX_DEPTH];
	size_t k = 0;

	for (; n && n->type == XML_ELEMENT_NODE && n->parent &&
	    n->parent->type == XML_ELEMENT_NODE && k < UA_MAX_DEPTH; n = n->parent)
		chain[k++] = n;
	while (k-- > 0) {
		char *key = ua_tree_key(chain[k]);
		ua_buf_printf(&b, "%s%s", b.len ? "/" : "", key ? key : "?");
		free(key);
	}
	return ua_buf_take(&b);
}

static xmlXPathObjectPtr
eval(xmlXPathContextPtr xp, const xmlNode *node, const char *expr)
{
	xp->node = (xmlNodePtr)node;
	return xmlXPathEvalExpression(BAD_CAST expr, xp);
}

static char *
eval_string(xmlXPathContextPtr xp, const xmlNode *node, const char *expr)
{
	xmlXPathObjectPtr o = eval(xp, node, expr);
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	char *out = s ? ua_strdup((const char *)s) : NULL;

	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}

/* The element a row's action removes from the answer file: the list item holding
 * node (the nearest element with an Order), else the node. */
static const xmlNode *
unset_target(const xmlNode *n)
{
	const xmlNode *a, *c;

	for (a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		for (c = a->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Order"))
				return a;
	return n;
}

/* Claims every element below item (one setting: reported once, removed together). */
static int
claim_below(struct run *m, const xmlNode *item)
{
	const xmlNode *c;

	for (c = item->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (claim(m, c) != 0 || claim_below(m, c) != 0))
			return -1;
	return 0;
}

/* Whether a row already chose initialize: all (EC2Config's Ec2InitializeDrives). */
static int
has_initialize_all(const struct ua_gen_params *p)
{
	size_t i;

	for (i = 0; i < p->sets.n; i++)
		if (p->sets.v[i].path && strcmp(p->sets.v[i].path, "postReady/initializeVolume/initialize") == 0)
			return 1;
	return 0;
}

static const char *
device_for(const struct ua_migrate_opts *o, const char *label)
{
	size_t i, n = strlen(label);

	for (i = 0; i < o->ndevices; i++)
		if (strncasecmp(o->devices[i], label, n) == 0 && o->devices[i][n] == '=')
			return o->devices[i] + n + 1;
	return NULL;
}

static int
add_entry(struct run *m, const struct ua_doc *doc, const xmlNode *n, char *setting,
    enum ua_migrate_status st, char *target, char *reason)
{
	struct ua_migrate_result *r = m->r;
	struct ua_migrate_entry *e;

	if (setting == NULL || target == NULL || reason == NULL ||
	    ua_grow(&r->v, &r->cap, r->n, sizeof(*r->v), 64) != 0) {
		free(setting);
		free(target);
		free(reason);
		return UA_ENOMEM;
	}
	e = &r->v[r->n++];
	memset(e, 0, sizeof(*e));
	if ((e->file = ua_strdup(doc->name)) == NULL) {
		free(setting);
		free(target);
		free(reason);
		return UA_ENOMEM;
	}
	ua_doc_pos(doc, n, &e->line, &e->col);
	e->setting = setting;
	e->status = st;
	e->target = target;
	e->reason = reason;
	return UA_OK;
}

/* Carries out row w's action for node n of doc; may turn the entry's status. */
static int
act(struct run *m, const struct row *w, xmlXPathContextPtr xp, const struct ua_doc *doc,
    const xmlNode *n, const char *value, enum ua_migrate_status *st, char **target,
    char **reason)
{
	const char *a = w->f[C_ACTION];
	char *arg = NULL;
	int rc = UA_OK;

	if (strncmp(a, "switch:", 7) == 0) {
		const char *eq = strchr(a + 7, '=');
		if (eq && (arg = ua_strndup(a + 7, (size_t)(eq - a - 7))) != NULL)
			rc = ua_gen_param(&m->p, arg, eq + 1, m->err, m->errlen);
	} else if (strcmp(a, "password:random") == 0 || strcmp(a, "password:keep") == 0) {
		rc = ua_gen_param(&m->p, "admin-password", a + 9, m->err, m->errlen);
	} else if (strncmp(a, "password:static:", 16) == 0) {
		if ((arg = eval_string(xp, xmlDocGetRootElement(doc->xml), a + 16)) == NULL)
			return UA_ENOMEM;
		if (arg[0] == '\0') {
			*st = UA_MIG_NEEDS_INPUT;
			free(*reason);
			*reason = ua_strdup("the type says the password is given, but none is: give one with unattend-gen --admin-password-file");
		} else if ((rc = ua_gen_set_password(&m->p, arg)) == UA_OK)
			rc = ua_gen_param(&m->p, "admin-password", "static", m->err, m->errlen);
		memset(arg, 0, strlen(arg));
	} else if (strncmp(a, "set:", 4) == 0) {
		rc = ua_gen_param(&m->p, "set", a + 4, m->err, m->errlen);
	} else if (strcmp(a, "unset") == 0) {
		const xmlNode *item = unset_target(n);
		if (claim_below(m, item) != 0 ||
		    ua_grow(&m->unset, &m->capunset, m->nunset, sizeof(*m->unset), 8) != 0 ||
		    (m->unset[m->nunset] = answer_path(item)) == NULL)
			return UA_ENOMEM;
		m->nunset++;
	} else if (strcmp(a, "device") == 0) {
		const char *dev = device_for(m->o, value);
		char *letter = eval_string(xp, n, "string(../DriveLetter | ../driveLetter)");
		if (letter == NULL)
			return UA_ENOMEM;
		free(*target);
		if (dev) {
			*st = UA_MIG_MAPPED;
			*target = ua_asprintf("postReady/initializeVolume devices: %s, letter %s (--device)",
			    dev, letter);
			ua_buf_printf(&m->devices, "%s%s|%.1s|%s", m->devices.len ? "," : "", dev, letter, value);
		} else	/* the skeleton to fill in: the device is what nobody can tell from a label */
			*target = ua_asprintf("postReady/initializeVolume {initialize: devices, devices: "
			    "[{device: DEVICE, letter: %.1s, name: %s}]}", letter, value);
		free(letter);
	}
	free(arg);
	if (*target == NULL || *reason == NULL)
		return UA_ENOMEM;
	return rc;
}

/* Applies one row to one document: every node its select takes that no earlier row
 * took and whose value the row matches. */
static int
apply_row(struct run *m, const struct row *w, const struct ua_doc *doc)
{
	xmlXPathContextPtr xp = ua_doc_xpath(doc);
	xmlXPathObjectPtr o = NULL;
	int i, rc = UA_OK;

	if (xp == NULL)
		return UA_ENOMEM;
	xmlXPathRegisterNs(xp, BAD_CAST "u", BAD_CAST UNATTEND_NS);
	o = eval(xp, xmlDocGetRootElement(doc->xml), w->f[C_SELECT]);
	if (o == NULL || o->type != XPATH_NODESET) {
		snprintf(m->err, m->errlen, "templates/migrate.tsv:%lu: select is not a node-set XPath", w->line);
		rc = UA_EDATA;
		goto done;
	}
	for (i = 0; o->nodesetval && i < o->nodesetval->nodeNr && rc == UA_OK; i++) {
		const xmlNode *n = o->nodesetval->nodeTab[i];
		enum ua_migrate_status st;
		char *value, *setting, *target, *reason;
		int aws_only = m->o->like_aws && strcmp(w->f[C_AWS], "no") == 0;

		if (is_claimed(m, n))
			continue;
		if ((value = ua_node_text(n, 1)) == NULL) {
			rc = UA_ENOMEM;
			break;
		}
		if (strcmp(w->f[C_MATCH], "*") != 0 && strcasecmp(w->f[C_MATCH], value) != 0) {
			free(value);
			continue;
		}
		if (claim(m, n) != 0) {
			free(value);
			rc = UA_ENOMEM;
			break;
		}
		setting = strcmp(w->f[C_NAME], "-") != 0 ? eval_string(xp, n, w->f[C_NAME]) :
		    doc->kind && strcmp(doc->kind->name, "unattend") == 0 ?
		    answer_path(strcmp(w->f[C_ACTION], "unset") == 0 ? unset_target(n) : n) : key_path(n);
		st = strcmp(w->f[C_STATUS], "needs-input") == 0 ? UA_MIG_NEEDS_INPUT :
		    strcmp(w->f[C_STATUS], "dropped") == 0 ? UA_MIG_DROPPED : UA_MIG_MAPPED;
		if (aws_only) {	/* --like-aws: AWS's tool leaves it, so EC2Launch v2's default stays */
			st = UA_MIG_DROPPED;
			target = ua_strdup("-");
			reason = ua_asprintf("--like-aws: AWS's migration tool does not map it (by default: %s)",
			    w->f[C_TARGET]);
		} else {
			target = ua_strdup(w->f[C_TARGET]);
			reason = ua_asprintf("%s (%s)", w->f[C_REASON], w->f[C_SOURCE]);
			if (target && reason)
				rc = act(m, w, xp, doc, n, value, &st, &target, &reason);
		}
		free(value);
		if (rc == UA_OK)
			rc = add_entry(m, doc, strcmp(w->f[C_ACTION], "unset") == 0 ? unset_target(n) : n,
			    setting, st, target, reason);
		else {
			free(setting);
			free(target);
			free(reason);
		}
	}
done:
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xp);
	return rc;
}

static struct ua_gen_file *
out_file(struct ua_gen_out *out, const char *name)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (strcmp(out->v[i].name, name) == 0)
			return &out->v[i];
	return NULL;
}

/* The source answer file, edited: the old agent's commands removed. */
static int
rewrite_answer(struct run *m, const struct ua_doc *src, struct ua_diags *d)
{
	struct ua_gen_file *f = out_file(&m->r->out, "unattend.xml");
	struct ua_edit *e = NULL;
	char *bytes = NULL, *res = NULL;
	size_t len, rlen, i;
	int rc;

	if (f == NULL)
		return UA_OK;
	if ((rc = ua_read_file(src->name, &bytes, &len, m->err, m->errlen)) != UA_OK)
		return rc;
	rc = ua_edit_open(m->ctx, src->name, bytes, len, "unattend", &e, d, m->err, m->errlen);
	for (i = 0; i < m->nunset && rc == UA_OK; i++)
		rc = ua_edit_unset(e, m->unset[i], d, m->err, m->errlen);
	if (rc == UA_OK)
		rc = ua_edit_result(e, &res, &rlen, m->err, m->errlen);
	if (rc == UA_OK) {
		memset(f->bytes, 0, f->len);
		free(f->bytes);
		f->bytes = res;
		f->len = rlen;
		f->secret = f->holds_secret = src->nsecrets > 0;	/* the old file's passwords */
	}
	ua_edit_free(e);
	memset(bytes, 0, len);
	free(bytes);
	return rc;
}

/* Validates each new file and the new set; findings go to d. */
static int
check_set(struct run *m, struct ua_diags *d)
{
	struct ua_set *set = NULL;
	struct ua_policy pol = { 0 };
	size_t i;
	int rc;

	/* a static password is in clear text by the agent's format (AWS's tool does the
	 * same): one warning says so, instead of an error that would refuse the set */
	if (ua_policy_set(&pol, "disable", "cleartext-password", m->err, m->errlen) != 0)
		return UA_EDATA;
	if (m->p.password && m->p.pwmode == UA_PW_STATIC &&
	    ua_diags_add(d, "agent-config.yml", 0, 0, UA_SEV_WARNING, "cleartext-password",
	    "the administrator password is stored in clear text, as AWS's migration tool stores "
	    "it: agent-config.yml is written for its owner only; prefer random") != 0)
		return UA_ENOMEM;
	if ((rc = ua_set_new("EC2Launch v2 set", &set)) != UA_OK) {
		ua_policy_free(&pol);
		return rc;
	}
	for (i = 0; i < m->r->out.n && rc == UA_OK; i++) {
		const struct ua_gen_file *f = &m->r->out.v[i];
		struct ua_validate_opts vo = { .kind = f->kind, .policy = &pol,
		    .agent = "ec2launch-v2" };

		rc = ua_set_add_buffer(m->ctx, set, f->name, f->bytes, f->len, &vo, d, NULL,
		    m->err, m->errlen);
	}
	if (rc == UA_OK)
		rc = ua_set_settle_agent(m->ctx, set, "ec2launch-v2", m->err, m->errlen);
	if (rc == UA_OK)
		rc = ua_set_check(m->ctx, set, &pol, d, m->err, m->errlen);
	ua_policy_free(&pol);
	ua_set_free(set);
	return rc;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct ua_migrate_entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

int
ua_migrate_run(struct ua_ctx *ctx, struct ua_set *src, const struct ua_migrate_opts *o,
    struct ua_migrate_result *r, struct ua_diags *d, char *err, size_t errlen)
{
	struct run m = { .ctx = ctx, .o = o, .r = r, .err = err, .errlen = errlen };
	struct rows rows = { 0 };
	struct ua_diags gen_d = { 0 };
	const struct ua_doc *answer = NULL;
	char *path = NULL;
	size_t i, k;
	int rc;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < o->ndevices; i++)
		if (strchr(o->devices[i], '=') == NULL || o->devices[i][0] == '=') {
			snprintf(err, errlen, "--device takes LABEL=DEVICE");
			return UA_EUSAGE;
		}
	if ((rc = ua_set_settle_agent(ctx, src, o->from_agent, err, errlen)) != UA_OK)
		return rc;
	if (strcmp(src->agent, "ec2config") != 0 && strcmp(src->agent, "ec2launch") != 0) {
		snprintf(err, errlen, "%s: %s; unattend-migrate moves EC2Config and EC2Launch v1 sets (--from-agent)",
		    src->name, src->agent[0] ? "the set is already EC2Launch v2's" :
		    "no EC2Config or EC2Launch v1 file in the set");
		return UA_EUSAGE;
	}
	if ((r->from = ua_strdup(src->agent)) == NULL ||
	    (path = ua_asprintf("%s/templates/migrate.tsv", ctx->datadir)) == NULL) {
		rc = UA_ENOMEM;
		goto done;
	}
	if (ua_tsv_each(path, add_row, &rows, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: every row has %d fields", path, C_COUNT);
		rc = UA_EDATA;
		goto done;
	}
	if ((rc = ua_gen_param(&m.p, "agent", "ec2launch-v2", err, errlen)) != UA_OK)
		goto done;
	for (i = 0; i < rows.n && rc == UA_OK; i++) {
		const struct row *w = &rows.v[i];
		if (strcmp(w->f[C_FROM], src->agent) != 0)
			continue;
		for (k = 0; k < src->ndocs && rc == UA_OK; k++) {
			const struct ua_doc *doc = src->docs[k];
			if (doc->xml == NULL || doc->kind == NULL || strcmp(doc->kind->name, w->f[C_KIND]) != 0)
				continue;
			if (strcmp(doc->kind->name, "unattend") == 0 && answer == NULL)
				answer = doc;
			if (answer != NULL && strcmp(doc->kind->name, "unattend") == 0 && doc != answer)
				continue;	/* one answer file becomes unattend.xml */
			rc = apply_row(&m, w, doc);
		}
		settle_claims(&m);
	}
	if (rc == UA_OK && m.devices.len) {
		char *set = ua_asprintf("agent-config.yml/postReady/initializeVolume/devices=%s", m.devices.s);
		rc = set ? ua_gen_param(&m.p, "set", set, err, errlen) : UA_ENOMEM;
		if (rc == UA_OK && !has_initialize_all(&m.p))
			rc = ua_gen_param(&m.p, "set", "agent-config.yml/postReady/initializeVolume/initialize=devices",
			    err, errlen);
		free(set);
	}
	if (rc == UA_OK && m.devices.failed)
		rc = UA_ENOMEM;
	/* the templates' own answer file is checked there with the set: here the set that
	 * is written is checked, with the migrated answer file */
	if (rc == UA_OK)
		rc = ua_gen_run(ctx, &m.p, &r->out, &gen_d, err, errlen);
	if (rc == UA_OK && answer)
		rc = rewrite_answer(&m, answer, d);
	if (rc == UA_OK)
		rc = check_set(&m, d);
	if (rc == UA_OK)
		qsort(r->v, r->n, sizeof(*r->v), entry_cmp);
done:
	if (rc == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	ua_buf_free(&m.devices);
	for (i = 0; i < m.nunset; i++)
		free(m.unset[i]);
	free(m.unset);
	free(m.claimed);
	ua_gen_params_free(&m.p);
	rows_free(&rows);
	ua_diags_free(&gen_d);
	free(path);
	return rc;
}

void
ua_migrate_result_free(struct ua_migrate_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].file);
		free(r->v[i].setting);
		free(r->v[i].target);
		free(r->v[i].reason);
	}
	free(r->v);
	free(r->from);
	ua_gen_out_free(&r->out);
	memset(r, 0, sizeof(*r));
}
