/* SPDX-License-Identifier: MIT */
/* unattend-gen's engine: pick the agent, check the parameters, apply the templates, validate. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <libexslt/exslt.h>

#include "catalog.h"
#include "agent.h"
#include "gen.h"
#include "langtag.h"
#include "genfrom.h"
#include "policy.h"
#include "rules.h"
#include "secret.h"
#include "set.h"
#include "tree.h"
#include "tsv.h"
#include "ua.h"
#include "util.h"
#include "validate.h"
#include "wordlist.h"

#define MAX_FILES 8
struct agent_file {
	char *file, *template, *kind;
};

struct agent {
	char *name, *os, *switches;
	struct agent_file files[MAX_FILES];
	size_t nfiles;
};

struct agents {
	struct agent v[8];
	size_t n;
};

/* Windows Setup's passes in the order they run: new settings elements keep it. */
static const char *const pass_order[] = {
	"windowsPE", "offlineServicing", "generalize", "specialize",
	"auditSystem", "auditUser", "oobeSystem",
};

static void
agents_free(struct agents *a)
{
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].os);
		free(a->v[i].switches);
		for (j = 0; j < a->v[i].nfiles; j++) {
			free(a->v[i].files[j].file);
			free(a->v[i].files[j].template);
			free(a->v[i].files[j].kind);
		}
	}
	a->n = 0;
}

static int
agent_line(char **f, size_t n, unsigned long line, void *arg)
{
	struct agents *a = arg;
	struct agent *ag = NULL;
	struct agent_file *af;
	size_t i;

	if (n != 6)
		return -1;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, f[0]) == 0)
			ag = &a->v[i];
	if (ag == NULL) {
		if (a->n == sizeof(a->v) / sizeof(a->v[0]))
			return -1;
		ag = &a->v[a->n++];
		if ((ag->name = ua_strdup(f[0])) == NULL || (ag->os = ua_strdup(f[1])) == NULL ||
		    (ag->switches = ua_strdup(f[5])) == NULL)
			return -1;
	}
	if (ag->nfiles == MAX_FILES)
		return -1;
	af = &ag->files[ag->nfiles++];
	if ((af->file = ua_strdup(f[2])) == NULL || (af->template = ua_strdup(f[3])) == NULL ||
	    (af->kind = ua_strdup(f[4])) == NULL)
		return -1;
	(void)line;
	return 0;
}

/* Whether word is one of the comma-separated items of list. */
static int
in_list(const char *list, const char *word, int nocase)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if ((nocase ? strncasecmp(p, word, n) : strncmp(p, word, n)) == 0 &&
		    (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* "2012 R2", "2012-r2" -> "2012r2". */
static void
os_key(const char *os, char *out, size_t outlen)
{
	size_t j = 0;

	for (; *os && j + 1 < outlen; os++)
		if (*os != ' ' && *os != '-' && *os != '_')
			out[j++] = (char)(*os >= 'A' && *os <= 'Z' ? *os + 32 : *os);
	out[j] = '\0';
}

static const struct agent *
pick_agent(const struct agents *a, const struct ua_gen_params *p, const char *name,
    char *err, size_t errlen)
{
	const char *os = p->scalar[UA_GP_OS];
	const struct agent *by_name = NULL, *by_os = NULL;
	char key[32];
	size_t i;

	for (i = 0; i < a->n; i++) {
		if (name && strcmp(a->v[i].name, name) == 0)
			by_name = &a->v[i];
		if (!name && !os && strcmp(a->v[i].name, "ec2launch-v2") == 0)
			by_name = &a->v[i];
	}
	if (name && by_name == NULL) {
		snprintf(err, errlen, "unknown agent '%s' (ec2config, ec2launch or ec2launch-v2)", name);
		return NULL;
	}
	if (os == NULL)
		return by_name;
	os_key(os, key, sizeof(key));
	/* the agent AWS ships for the release is the first that lists it */
	for (i = 0; i < a->n && by_os == NULL; i++)
		if (in_list(a->v[i].os, key, 1))
			by_os = &a->v[i];
	if (by_os == NULL)
		snprintf(err, errlen, "unknown Windows Server version '%s' (2008r2, 2012, 2012r2, 2016, 2019, 2022 or 2025)", os);
	else if (by_name && !in_list(by_name->os, key, 1)) {
		snprintf(err, errlen, "%s does not run on Windows Server %s (it serves %s); %s does",
		    by_name->name, os, by_name->os, by_os->name);
		by_os = NULL;
	} else if (by_name)
		by_os = by_name;
	return by_os;
}

/*
 * The agent release the files are for: --agent-version (which must be one of
 * the generated agent's), else the agent's newest documented release, as a
 * policy entry so that validation and the templates see the same; and the
 * --os release must be one that release serves.
 */
static int
agent_release(struct ua_ctx *ctx, const struct agent *ag, const struct ua_gen_params *p,
    struct ua_policy *pol, char *err, size_t errlen)
{
	const char *given = p->scalar[UA_GP_AGENT_VERSION], *limit;
	const struct ua_agents *a;
	struct ua_agent_sel sel;
	char key[32], *val;
	int rc;

	if ((a = ua_ctx_agents(ctx, err, errlen)) == NULL)
		return UA_EDATA;
	val = given == NULL ? ua_strdup(ag->name) : strchr(given, '@') || !isdigit((unsigned char)*given) ?
	    ua_strdup(given) : ua_asprintf("%s@%s", ag->name, given);
	if (val == NULL)
		return UA_ENOMEM;
	rc = ua_policy_set(pol, "agent-version", val, err, errlen);
	free(val);
	if (rc != 0 || ua_agent_settle(ctx, pol, err, errlen) != 0)
		return UA_EUSAGE;
	if (ua_agent_find(a, pol->agents[pol->nagents - 1].agent) != ua_agent_find(a, ag->name)) {
		snprintf(err, errlen, "--agent-version names %s, but the files are for %s",
		    pol->agents[pol->nagents - 1].agent, ag->name);
		return UA_EUSAGE;
	}
	if (p->scalar[UA_GP_OS] == NULL)
		return UA_OK;
	os_key(p->scalar[UA_GP_OS], key, sizeof(key));
	sel = ua_agent_for(a, "unattend", pol);
	/* the last release that serves it: schemas/agents/platforms.tsv */
	limit = NULL;
	if (sel.agent && ua_agent_last_release(ctx, sel.agent, key, &limit, err, errlen) != 0)
		return UA_EDATA;
	if (limit != NULL && sel.version && ua_agent_vercmp(sel.version, limit) > 0) {
		snprintf(err, errlen, "%s supports Windows Server %s up to release %s; "
		    "--agent-version is %s%s", sel.agent->label, p->scalar[UA_GP_OS], limit,
		    sel.version, sel.given ? "" : " (the default: the newest documented)");
		return UA_EUSAGE;
	}
	return UA_OK;
}

static void
finding(struct ua_diags *d, const char *what, const char *rule, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ua_vasprintf(fmt, ap);
	va_end(ap);
	ua_diags_add(d, what, 0, 0, UA_SEV_ERROR, rule, "%s", msg ? msg : "out of memory");
	free(msg);
}

static int
tz_line(char **f, size_t n, unsigned long line, void *arg)
{
	struct ua_buf *b = arg;

	(void)line;
	if (n == 1 && f[0][0] != '\0') {
		ua_buf_puts(b, f[0]);
		ua_buf_add(b, "\n", 1);
	}
	return b->failed ? -1 : 0;
}

/* The time zone against templates/timezones.txt (Windows IDs from CLDR). */
static int
check_timezone(struct ua_ctx *ctx, const char *tz, struct ua_diags *d, char *err, size_t errlen)
{
	struct ua_buf b = { 0 };
	char *path = ua_asprintf("%s/templates/timezones.txt", ctx->datadir), *p, *names[256];
	size_t n = 0;
	const char *near;

	if (path == NULL || ua_tsv_each(path, tz_line, &b, err, errlen) != 0) {
		free(path);
		ua_buf_free(&b);
		return UA_EDATA;
	}
	free(path);
	ua_buf_add(&b, "", 1);
	for (p = b.s; p && *p && n < 256; p = strchr(p, '\0') + 1) {
		*strchr(p, '\n') = '\0';
		names[n++] = p;
		if (strcmp(p, tz) == 0) {
			ua_buf_free(&b);
			return UA_OK;
		}
	}
	near = ua_suggest(tz, (const char *const *)names, n);
	if (near)
		finding(d, "--timezone", "gen-timezone", "unknown Windows time zone '%s' (did you mean '%s'?)", tz, near);
	else
		finding(d, "--timezone", "gen-timezone", "unknown Windows time zone '%s' (see %s/templates/timezones.txt)", tz, ctx->datadir);
	ua_buf_free(&b);
	return UA_OK;
}

/*
 * Whether v is a language tag: schemas/regexes.tsv's language_tag, the one
 * schemas/rules/windows.xml's language-tag takes (any case, a script, a
 * region, the reference's sort suffix es-ES_tradnl).
 */
static int
is_language_tag(const struct ua_ctx *ctx, const char *v)
{
	char err[256], *re = ua_regex_expand(ctx->datadir, "^(?&language_tag)$", err, sizeof(err));
	int rc = re ? ua_pattern_match(re, v) : -1;

	free(re);
	return rc == 1;
}

/*
 * --locale or --ui-language is not a tag: the finding, with the tag the value
 * likely means (ua_language_fix: en_US is en-US; a language's name from
 * schemas/language-names.tsv, read only here).
 */
static void
locale_finding(struct ua_ctx *ctx, struct ua_diags *d, const char *opt, const char *what,
    const char *v)
{
	char *tag = ua_language_fix(ctx->datadir, NULL, v, NULL);

	if (tag)
		finding(d, opt, "gen-locale", "'%s' is not %s such as en-US (did you mean '%s'?)",
		    v, what, tag);
	else
		finding(d, opt, "gen-locale", "'%s' is not %s such as en-US", v, what);
	free(tag);
}

/* --set into an answer file: every step known to the catalog, the value valid in the pass. */
static int
check_answer_set(struct ua_ctx *ctx, const struct ua_gen_item *s, struct ua_diags *d,
    char *err, size_t errlen)
{
	struct ua_catalog *cat = ua_ctx_catalog(ctx, err, errlen);
	const struct ua_setting *at, *next;
	char *path, *seg, *save = NULL, *valid;
	int pass, cd;

	if (cat == NULL)
		return UA_EDATA;
	pass = ua_catalog_pass(cat, s->key);
	if ((path = ua_strdup(s->path)) == NULL)
		return UA_ENOMEM;
	at = &cat->root;
	for (seg = strtok_r(path, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if ((next = ua_setting_child(at, seg, &cd)) == NULL) {
			const char *near = ua_setting_suggest(at, seg);
			finding(d, "--set", "unknown-setting", "%s/%s: unknown %s '%s'%s%s%s", s->key, s->path,
			    at == &cat->root ? "component" : "setting", seg, near ? " (did you mean '" : "",
			    near ? near : "", near ? "'?)" : "");
			free(path);
			return UA_OK;
		}
		if ((next->flags & UA_SF_LIST) != 0) {
			finding(d, "--set", "gen-list", "%s/%s: '%s' is a list; --set cannot address its items",
			    s->key, s->path, next->name);
			free(path);
			return UA_OK;
		}
		at = next;
	}
	free(path);
	if (at->type != UA_ST_VALUE) {
		finding(d, "--set", "gen-container", "%s/%s: '%s' holds settings, not a value", s->key, s->path, at->name);
	} else if (pass < 0 || (at->passes & (1u << pass)) == 0) {
		valid = ua_catalog_pass_list(cat, at->passes);
		finding(d, "--set", "wrong-pass", "%s/%s: %s is not valid in pass %s (valid in: %s)",
		    s->key, s->path, at->name, s->key, valid ? valid : "?");
		free(valid);
	}
	return UA_OK;
}

static const struct agent_file *
agent_file(const struct agent *ag, const char *name)
{
	size_t i;

	for (i = 0; i < ag->nfiles; i++)
		if (strcmp(ag->files[i].file, name) == 0)
			return &ag->files[i];
	return NULL;
}

/* The agent files --set can address, for messages. */
static const char *
settable(const struct agent *ag)
{
	if (strcmp(ag->name, "ec2config") == 0)
		return "BundleConfig.xml/NAME, config.xml/PLUGIN, config.xml/GlobalSettings/NAME";
	if (strcmp(ag->name, "ec2launch") == 0)
		return "LaunchConfig.json/KEY";
	return "agent-config.yml/STAGE/TASK/INPUT[/KEY...]";
}

static int
check_params(struct ua_ctx *ctx, const struct agent *ag, const struct ua_gen_params *p,
    struct ua_diags *d, char *err, size_t errlen)
{
	const struct agent_file *af;
	size_t i;
	int st;

	if (p->scalar[UA_GP_TIMEZONE] &&
	    (st = check_timezone(ctx, p->scalar[UA_GP_TIMEZONE], d, err, errlen)) != UA_OK)
		return st;
	if (p->scalar[UA_GP_LOCALE] && !is_language_tag(ctx, p->scalar[UA_GP_LOCALE]))
		locale_finding(ctx, d, "--locale", "a locale name", p->scalar[UA_GP_LOCALE]);
	if (p->scalar[UA_GP_UI_LANGUAGE] && !is_language_tag(ctx, p->scalar[UA_GP_UI_LANGUAGE]))
		locale_finding(ctx, d, "--ui-language", "a language tag", p->scalar[UA_GP_UI_LANGUAGE]);
	if (p->pwmode == UA_PW_STATIC && p->password == NULL) {
		snprintf(err, errlen, "--admin-password=static needs --admin-password-file or UNATTEND_GEN_ADMIN_PASSWORD");
		return UA_EUSAGE;
	}
	if (p->password && p->pwmode != UA_PW_STATIC) {
		snprintf(err, errlen, "a password file was given but --admin-password is not static");
		return UA_EUSAGE;
	}
	for (i = 0; i < p->switches.n; i++)
		if (!in_list(ag->switches, p->switches.v[i].key, 0)) {
			snprintf(err, errlen, "--%s is not a switch of %s (it has: %s)", p->switches.v[i].key,
			    ag->name, ag->switches);
			return UA_EUSAGE;
		}
	for (i = 0; i < p->sets.n; i++) {
		const struct ua_gen_item *s = &p->sets.v[i];
		size_t k;
		for (k = 0; k < sizeof(pass_order) / sizeof(pass_order[0]); k++)
			if (strcmp(s->key, pass_order[k]) == 0)
				break;
		if (k < sizeof(pass_order) / sizeof(pass_order[0])) {
			if ((st = check_answer_set(ctx, s, d, err, errlen)) != UA_OK)
				return st;
			continue;
		}
		af = agent_file(ag, s->key);
		if (af == NULL || strcmp(af->kind, "unattend") == 0) {
			snprintf(err, errlen, "--set %s/%s: '%s' is neither a pass (windowsPE, offlineServicing, "
			    "generalize, specialize, auditSystem, auditUser, oobeSystem) nor a file of %s that "
			    "takes --set (%s)", s->key, s->path, s->key, ag->name, settable(ag));
			return UA_EUSAGE;
		}
		if (strspn(s->path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/") != strlen(s->path) ||
		    strchr("0123456789.-/", s->path[0]) != NULL) {
			snprintf(err, errlen, "--set %s/%s: '%s' is not a setting name", s->key, s->path, s->path);
			return UA_EUSAGE;
		}
		if (strcmp(af->kind, "agent-config") == 0 &&
		    (strchr(s->path, '/') == NULL || strchr(strchr(s->path, '/') + 1, '/') == NULL)) {
			snprintf(err, errlen, "--set %s/%s: expected %s/STAGE/TASK/INPUT[/KEY...]", s->key,
			    s->path, s->key);
			return UA_EUSAGE;
		}
	}
	return UA_OK;
}

static void
xslt_error(void *ctx, const char *msg, ...)
{
	struct ua_buf *b = ctx;
	va_list ap;
	char *s;

	if (b == NULL || b->len > 2048)
		return;
	va_start(ap, msg);
	s = ua_vasprintf(msg, ap);
	va_end(ap);
	if (s)
		ua_buf_puts(b, s);
	free(s);
}

struct switch_value {
	const char *agent, *name;
	char *file, *path;
	char others[128];	/* the agents that take a value for the switch */
};

static int
switch_value_line(char **f, size_t n, unsigned long line, void *arg)
{
	struct switch_value *sv = arg;

	(void)line;
	if (n != 4)
		return -1;
	if (strcmp(f[0], sv->name) != 0)
		return 0;
	if (strcmp(f[1], sv->agent) != 0) {
		snprintf(sv->others + strlen(sv->others), sizeof(sv->others) - strlen(sv->others), "%s%s",
		    sv->others[0] ? ", " : "", f[1]);
		return 0;
	}
	free(sv->file);
	free(sv->path);
	sv->file = ua_strdup(f[2]);
	sv->path = ua_strdup(f[3]);
	return sv->file && sv->path ? 0 : -1;
}

/*
 * A switch given a value instead of on or off (templates/switch-values.tsv)
 * becomes a set element in the parameters document, before the user's own so
 * that an explicit --set for the same path wins.
 */
static int
switch_values(struct ua_ctx *ctx, const struct agent *ag, const struct ua_gen_params *p,
    xmlDocPtr params, char *err, size_t errlen)
{
	xmlNodePtr root = xmlDocGetRootElement(params), first, n;
	char *path = ua_asprintf("%s/templates/switch-values.tsv", ctx->datadir);
	size_t i, j;
	int st = UA_OK;

	if (path == NULL || root == NULL) {
		free(path);
		return UA_ENOMEM;
	}
	for (first = root->children; first; first = first->next)
		if (first->type == XML_ELEMENT_NODE && strcmp((const char *)first->name, "set") == 0)
			break;
	for (i = 0; i < p->switches.n && st == UA_OK; i++) {
		const struct ua_gen_item *it = &p->switches.v[i];
		struct switch_value sv = { ag->name, it->key, NULL, NULL, "" };
		if (strcmp(it->value, "true") == 0 || strcmp(it->value, "false") == 0)
			continue;
		for (j = i + 1; j < p->switches.n; j++)
			if (strcmp(p->switches.v[j].key, it->key) == 0)
				break;
		if (j < p->switches.n)
			continue;
		if (ua_tsv_each(path, switch_value_line, &sv, err, errlen) != 0) {
			if (err[0] == '\0')
				snprintf(err, errlen, "%s: malformed", path);
			st = UA_EDATA;
		} else if (sv.file == NULL && sv.others[0] == '\0') {
			snprintf(err, errlen, "--%s=%s: expected on or off", it->key, it->value);
			st = UA_EUSAGE;
		} else if (sv.file == NULL) {
			snprintf(err, errlen, "--%s=%s: %s takes only on or off for --%s (a value needs %s)",
			    it->key, it->value, ag->name, it->key, sv.others);
			st = UA_EUSAGE;
		} else if ((n = xmlNewDocNode(params, NULL, (const xmlChar *)"set", (const xmlChar *)NULL)) == NULL) {
			st = UA_ENOMEM;
		} else {
			xmlAddChild(n, xmlNewDocText(params, (const xmlChar *)it->value));
			xmlNewProp(n, (const xmlChar *)"target", (const xmlChar *)sv.file);
			xmlNewProp(n, (const xmlChar *)"path", (const xmlChar *)sv.path);
			first ? xmlAddPrevSibling(first, n) : xmlAddChild(root, n);
		}
		free(sv.file);
		free(sv.path);
	}
	free(path);
	return st;
}

/* Applies one template to the parameters document, file writes and network forbidden. */
static int
transform(struct ua_ctx *ctx, const struct ua_gen_params *p, xmlDocPtr params,
    const struct agent_file *af, struct ua_gen_file *out, char *err, size_t errlen)
{
	static const xsltSecurityOption forbid[] = {
		XSLT_SECPREF_READ_FILE, XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
		XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_WRITE_NETWORK,
	};
	struct ua_buf msgs = { 0 };
	char *path = ua_asprintf("%s/templates/%s", ctx->datadir, af->template);
	xsltStylesheetPtr ss = NULL;
	xsltTransformContextPtr tc = NULL;
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
	xmlDocPtr res = NULL;
	xmlChar *mem = NULL;
	int len = 0, st = UA_EDATA;
	size_t i;

	xsltSetGenericErrorFunc(&msgs, xslt_error);
	xmlSetGenericErrorFunc(&msgs, xslt_error);
	if (path == NULL || sec == NULL) {
		st = UA_ENOMEM;
		goto done;
	}
	for (i = 0; i < sizeof(forbid) / sizeof(forbid[0]); i++)
		xsltSetSecurityPrefs(sec, forbid[i], xsltSecurityForbid);
	if ((ss = xsltParseStylesheetFile((const xmlChar *)path)) == NULL) {
		snprintf(err, errlen, "%s: cannot load the template%s%s", path, msgs.s ? ": " : "", msgs.s ? msgs.s : "");
		goto done;
	}
	if ((tc = xsltNewTransformContext(ss, params)) == NULL || xsltSetCtxtSecurityPrefs(sec, tc) != 0) {
		st = UA_ENOMEM;
		goto done;
	}
	res = xsltApplyStylesheetUser(ss, params, NULL, NULL, NULL, tc);
	if (res == NULL || tc->state != XSLT_STATE_OK) {
		snprintf(err, errlen, "%s: the template failed%s%s", path, msgs.s ? ": " : "", msgs.s ? msgs.s : "");
		goto done;
	}
	if (xsltSaveResultToString(&mem, &len, res, ss) != 0) {
		st = UA_ENOMEM;
		goto done;
	}
	out->bytes = mem ? ua_strndup((const char *)mem, (size_t)len) : ua_strdup("");
	out->len = mem ? (size_t)len : 0;
	out->name = ua_strdup(af->file);
	out->kind = ua_strdup(af->kind);
	st = out->bytes && out->name && out->kind ? UA_OK : UA_ENOMEM;
	if (st == UA_OK && strcmp(af->kind, "unattend") == 0)
		st = ua_gen_apply_sets(ctx, p, af->file, &out->bytes, &out->len, err, errlen);
done:
	xsltSetGenericErrorFunc(NULL, xslt_error);
	xmlSetGenericErrorFunc(NULL, xslt_error);
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (mem) {
		memset(mem, 0, (size_t)len);
		xmlFree(mem);
	}
	xmlFreeDoc(res);
	xsltFreeTransformContext(tc);
	xsltFreeStylesheet(ss);
	xsltFreeSecurityPrefs(sec);
	ua_buf_free(&msgs);
	free(path);
	return st;
}

/*
 * User data from --user-data-file: the script read here, the form chosen
 * (--user-data-form, else the task form for EC2Launch v2, which alone reads
 * it, and the <powershell> tag for the others), both handed to user-data.xsl
 * through the parameters document. The file is out->v[out->n], one past the
 * agent's own files.
 */
static int
user_data(struct ua_ctx *ctx, const struct agent *ag, const struct ua_gen_params *p,
    xmlDocPtr params, struct ua_gen_out *out, char *err, size_t errlen)
{
	const char *form = p->scalar[UA_GP_USER_DATA_FORM];
	struct agent_file af = { NULL, (char *)"user-data.xsl", (char *)"user-data" };
	xmlNodePtr root = xmlDocGetRootElement(params);
	char *script = NULL, e[256];
	size_t len = 0;
	int st;

	if (form == NULL)
		form = strcmp(ag->name, "ec2launch-v2") == 0 ? "yaml" : "xml";
	if ((st = ua_read_file(p->scalar[UA_GP_USER_DATA_FILE], &script, &len, e, sizeof(e))) != UA_OK) {
		snprintf(err, errlen, "%s: %s", p->scalar[UA_GP_USER_DATA_FILE], e);
		return st == UA_ENOMEM ? st : UA_EUSAGE;
	}
	while (len > 0 && (script[len - 1] == '\n' || script[len - 1] == '\r'))
		script[--len] = '\0';
	if (memchr(script, '\0', len) || !xmlCheckUTF8((const xmlChar *)script) ||
	    (strcmp(form, "xml") == 0 && strstr(script, "</powershell>"))) {
		snprintf(err, errlen, "%s: not a PowerShell script this tool can wrap (UTF-8 text "
		    "without NUL%s)", p->scalar[UA_GP_USER_DATA_FILE],
		    strcmp(form, "xml") == 0 ? " or </powershell>" : "");
		free(script);
		return UA_EUSAGE;
	}
	af.file = (char *)(strcmp(form, "xml") == 0 ? "user-data.txt" : "user-data.yml");
	if (xmlNewTextChild(root, NULL, BAD_CAST "user-data-script", BAD_CAST script) == NULL ||
	    (p->scalar[UA_GP_USER_DATA_FORM] == NULL &&
	    xmlNewTextChild(root, NULL, BAD_CAST "user-data-form", BAD_CAST form) == NULL))
		st = UA_ENOMEM;
	else if ((st = transform(ctx, p, params, &af, &out->v[out->n], err, errlen)) == UA_OK)
		out->n++;
	free(script);
	return st;
}

/*
 * The policy generated files are checked under: the Windows release they are
 * for (so release-specific rules such as deprecations apply only where they
 * should), and no clear-text-password finding, since the tool chose that form
 * only where the agent's format allows nothing else and says so itself.
 */
static int
gen_policy(struct ua_policy *pol, const struct agent *ag, const struct ua_gen_params *p,
    char *err, size_t errlen)
{
	char key[32];
	const char *comma;

	if (p->scalar[UA_GP_OS])
		os_key(p->scalar[UA_GP_OS], key, sizeof(key));
	else {
		comma = strchr(ag->os, ',');
		snprintf(key, sizeof(key), "%.*s", comma ? (int)(comma - ag->os) : (int)strlen(ag->os),
		    ag->os);
	}
	if (ua_policy_set(pol, "target", key, err, errlen) != 0 ||
	    ua_policy_set(pol, "disable", "cleartext-password", err, errlen) != 0)
		return UA_EUSAGE;
	return UA_OK;
}

/* Whether a secret node of doc (catalog, rule table, password-like name) holds a value. */
static int
holds_secret(struct ua_ctx *ctx, struct ua_doc *doc)
{
	xmlNodePtr *v = NULL;
	size_t n = 0, cap = 0, i;
	int found = 0;

	for (i = 0; i < doc->nsecrets && !found; i++)
		found = doc->secrets[i]->children != NULL;
	if (!found && ua_secret_find_names(ctx->secret_names, doc->xml, &v, &n, &cap) != 0)
		found = 1;	/* out of memory: assume it does */
	for (i = 0; i < n && !found; i++)
		found = v[i]->children != NULL;
	free(v);
	return found;
}

/* Whether the catalog marks s or anything below it secret. */
static int
secret_below(const struct ua_setting *s)
{
	size_t i;

	if (s->flags & UA_SF_SECRET)
		return 1;
	for (i = 0; i < s->nkids; i++)
		if (secret_below(s->kids[i]))
			return 1;
	return 0;
}

int
ua_gen_set_is_secret(struct ua_ctx *ctx, const char *arg)
{
	char *copy = ua_strdup(arg), *eq, *seg[64];
	const struct ua_setting *s = NULL;
	struct ua_catalog *cat;
	char err[256];
	size_t n, i;
	int differs, secret = 1;	/* out of memory: refuse */

	if (copy == NULL)
		return 1;
	if ((eq = strchr(copy, '=')) != NULL)
		*eq = '\0';
	n = ua_split(copy, '/', seg, 64);
	secret = n > 1 && ua_secret_path_like(ctx->secret_names, n > 2 ? seg[n - 2] : NULL,
	    seg[n - 1]);
	if (!secret && n > 1 && (cat = ua_ctx_catalog(ctx, err, sizeof(err))) != NULL &&
	    ua_catalog_pass(cat, seg[0]) >= 0) {
		for (i = 1, s = &cat->root; i < n && s; i++)
			if ((s = ua_setting_child(s, seg[i], &differs)) != NULL &&
			    (s->flags & UA_SF_SECRET))
				break;
		secret = s != NULL && secret_below(s);
	}
	free(copy);
	return secret;
}

static int
validate_outputs(struct ua_ctx *ctx, const struct ua_gen_params *p, struct ua_gen_out *out,
    const struct ua_policy *pol, struct ua_diags *d, char *err, size_t errlen)
{
	char *ob = p->password ? ua_gen_obscure(p->password, "AdministratorPassword") : NULL;
	struct ua_set *set = NULL;
	size_t i, k;
	int st;

	if (p->password && ob == NULL) {
		snprintf(err, errlen, "the password is not valid UTF-8");
		return UA_EUSAGE;
	}
	if ((st = ua_set_new(out->agent, &set)) != UA_OK) {
		free(ob);
		snprintf(err, errlen, "out of memory");
		return st;
	}
	for (i = 0; i < out->n; i++) {
		struct ua_gen_file *f = &out->v[i];
		struct ua_validate_opts opts = { .kind = f->kind, .policy = pol,
		    .agent = out->agent };
		struct ua_doc *doc = NULL;
		size_t first = d->n;
		if ((st = ua_set_add_buffer(ctx, set, f->name, f->bytes, f->len, &opts, d, &doc, err,
		    errlen)) != UA_OK) {
			free(ob);
			ua_set_free(set);
			return st;
		}
		f->holds_secret = doc == NULL || holds_secret(ctx, doc);
		for (k = first; k < d->n; k++)
			if (strcmp(d->v[k].rule, "wrong-pass") == 0)
				d->v[k].sev = UA_SEV_ERROR;
		/* Whether a file holds a secret is not a matter of finding the password's
		 * bytes (they are escaped differently in XML and JSON): with a static
		 * password or an input file (which may hold its own), every file is
		 * written for the owner only. */
		f->secret = f->holds_secret || p->password != NULL || p->scalar[UA_GP_FROM] != NULL;
		if (p->password && (strcmp(f->kind, "launchconfig") == 0 ||
		    strcmp(f->kind, "agent-config") == 0) && p->pwmode == UA_PW_STATIC)
			ua_diags_add(d, f->name, 0, 0, UA_SEV_WARNING, "cleartext-password",
			    "the administrator password is stored in clear text: this agent's format has no other form");
	}
	free(ob);
	/* the files together: the same set rules as unattend-validate DIR (a set
	 * that locks the administrator out is an error, and nothing is written) */
	if ((st = ua_set_settle_agent(ctx, set, out->agent, err, errlen)) == UA_OK)
		st = ua_set_check(ctx, set, pol, d, err, errlen);
	ua_set_free(set);
	return st;
}

int
ua_gen_run(struct ua_ctx *ctx, const struct ua_gen_params *p,
    struct ua_gen_out *out, struct ua_diags *d, char *err, size_t errlen)
{
	struct agents a = { 0 };
	struct ua_policy pol = { 0 };
	const struct agent *ag;
	const struct ua_agents *ta;
	const struct ua_agent *tag;
	const char *name;
	char *path = NULL, *xml = NULL;
	xmlDocPtr params = NULL;
	size_t i, from = d->n;
	int st = UA_EDATA;

	memset(out, 0, sizeof(*out));
	exsltRegisterAll();
	if (ua_ctx_catalog(ctx, err, errlen) == NULL)
		return UA_EDATA;
	if ((path = ua_asprintf("%s/templates/agents.tsv", ctx->datadir)) == NULL)
		return UA_ENOMEM;
	if (ua_tsv_each(path, agent_line, &a, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "%s: malformed", path);
		goto done;
	}
	st = UA_EUSAGE;
	/* --agent by any of its names (schemas/agents/agents.tsv: ec2launch-v1) */
	if ((ta = ua_ctx_agents(ctx, err, errlen)) == NULL) {
		st = UA_EDATA;
		goto done;
	}
	if ((name = p->scalar[UA_GP_AGENT]) != NULL && (tag = ua_agent_find(ta, name)) != NULL)
		name = tag->name;
	if ((ag = pick_agent(&a, p, name, err, errlen)) == NULL)
		goto done;
	if ((st = agent_release(ctx, ag, p, &pol, err, errlen)) != UA_OK)
		goto done;
	if ((st = check_params(ctx, ag, p, d, err, errlen)) != UA_OK ||
	    ua_diags_count(d, from, UA_SEV_ERROR) > 0)
		goto done;
	st = UA_ENOMEM;
	if ((xml = ua_gen_params_xml(p, ag->name)) == NULL ||
	    (params = xmlReadMemory(xml, (int)strlen(xml), "params.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL ||
	    (out->agent = ua_strdup(ag->name)) == NULL ||
	    (out->v = calloc(ag->nfiles + 1, sizeof(*out->v))) == NULL)
		goto done;
	out->n = ag->nfiles;
	if ((st = switch_values(ctx, ag, p, params, err, errlen)) != UA_OK)
		goto done;
	for (i = 0; i < ag->nfiles; i++) {
		const struct agent_file *af = &ag->files[i];
		if (p->scalar[UA_GP_FROM] && strcmp(af->kind, "unattend") == 0)
			st = ua_gen_from(ctx, p, ag->name, af->file, &out->v[i], d, err, errlen);
		else
			st = transform(ctx, p, params, af, &out->v[i], err, errlen);
		if (st != UA_OK)
			goto done;
	}
	if (p->scalar[UA_GP_USER_DATA_FILE] &&
	    (st = user_data(ctx, ag, p, params, out, err, errlen)) != UA_OK)
		goto done;
	if ((st = gen_policy(&pol, ag, p, err, errlen)) == UA_OK)
		st = validate_outputs(ctx, p, out, &pol, d, err, errlen);
done:
	ua_policy_free(&pol);
	if (st == UA_ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (xml) {
		memset(xml, 0, strlen(xml));
		free(xml);
	}
	xmlFreeDoc(params);
	agents_free(&a);
	free(path);
	return st;
}

void
ua_gen_out_free(struct ua_gen_out *out)
{
	size_t i;

	for (i = 0; i < out->n; i++) {
		if (out->v[i].bytes)
			memset(out->v[i].bytes, 0, out->v[i].len);
		free(out->v[i].bytes);
		free(out->v[i].name);
		free(out->v[i].kind);
	}
	free(out->v);
	free(out->agent);
	memset(out, 0, sizeof(*out));
}
