/* SPDX-License-Identifier: MIT */
/* unattend-gen's parameters: options and profiles, the parameters document, password obscuring. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "doc.h"
#include "gen.h"
#include "ua.h"
#include "util.h"

static const char *const scalar_names[UA_GP_COUNT] = {
	"agent", "os", "timezone", "locale", "computer-name", "copy-profile",
	"registered-owner", "registered-organization", "product-key", "from",
	"agent-version", "user-data-file", "user-data-form", "ui-language",
};

static const char *const switch_names[] = {
	"set-computer-name", "monitor-always-on", "wallpaper", "dns-suffix",
	"extend-boot-volume", "handle-user-data", "activate-windows", "ssm",
};

static const char *const pwmode_names[UA_PW_COUNT] = { "", "random", "static", "keep" };

static void
wipe(char *s)
{
	volatile char *v = s;

	while (v && *v)
		*v++ = '\0';
}

static void
list_free(struct ua_gen_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].path);
		free(l->v[i].value);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
list_add(struct ua_gen_list *l, const char *key, const char *path, const char *value)
{
	struct ua_gen_item *it;

	if (ua_grow(&l->v, &l->cap, l->n, sizeof(*l->v), 8) != 0)
		return UA_ENOMEM;
	it = &l->v[l->n];
	it->key = key ? ua_strdup(key) : NULL;
	it->path = path ? ua_strdup(path) : NULL;
	it->value = ua_strdup(value);
	if ((key && !it->key) || (path && !it->path) || !it->value) {
		free(it->key);
		free(it->path);
		free(it->value);
		return UA_ENOMEM;
	}
	l->n++;
	return UA_OK;
}

void
ua_gen_params_free(struct ua_gen_params *p)
{
	size_t i;

	for (i = 0; i < UA_GP_COUNT; i++)
		free(p->scalar[i]);
	wipe(p->password);
	free(p->password);
	list_free(&p->specialize);
	list_free(&p->logon);
	list_free(&p->switches);
	list_free(&p->sets);
	memset(p, 0, sizeof(*p));
}

static int clean_value(const char *key, const char *value, char *err, size_t errlen);

int
ua_gen_set_password(struct ua_gen_params *p, const char *password)
{
	char why[128];
	char *s;

	/* never quoted back: a password with control characters or broken UTF-8
	 * could not be written into XML, and a parser would echo it */
	if (clean_value("admin-password", password, why, sizeof(why)) != UA_OK)
		return UA_EUSAGE;
	if ((s = ua_strdup(password)) == NULL)
		return UA_ENOMEM;
	wipe(p->password);
	free(p->password);
	p->password = s;
	return UA_OK;
}

/* "true", "false", or NULL for anything that is not a boolean. */
static const char *
boolean(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "1" }, *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return "true";
		if (strcasecmp(v, no[i]) == 0)
			return "false";
	}
	return NULL;
}

/* The one line of path (its line end removed) in *out, wiped by the caller; for
 * values kept off the command line. */
static int
read_secret_file(const char *key, const char *path, char **out, char *err, size_t errlen)
{
	char *buf = NULL, e[256];
	size_t len;
	int st;

	*out = NULL;
	if ((st = ua_read_file(path, &buf, &len, e, sizeof(e))) != UA_OK) {
		snprintf(err, errlen, "%s: %s: %s", key, path, e);
		return st;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (len == 0 || memchr(buf, '\0', len) || strpbrk(buf, "\r\n")) {
		snprintf(err, errlen, "%s: %s: must hold one non-empty line", key, path);
		wipe(buf);
		free(buf);
		return UA_EUSAGE;
	}
	*out = buf;
	return UA_OK;
}

static int add_set(struct ua_gen_params *p, const char *arg, char *err, size_t errlen);

/* --set-file=TARGET/PATH=FILE: --set with the value read from FILE. */
static int
set_file(struct ua_gen_params *p, const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	char *value = NULL, *set;
	int st;

	if (eq == NULL || eq[1] == '\0') {
		snprintf(err, errlen, "set-file: expected TARGET/PATH=FILE");
		return UA_EUSAGE;
	}
	if ((st = read_secret_file("set-file", eq + 1, &value, err, errlen)) != UA_OK)
		return st;
	if ((st = clean_value("set-file", value, err, errlen)) == UA_OK) {
		if ((set = ua_asprintf("%.*s=%s", (int)(eq - arg), arg, value)) == NULL)
			st = UA_ENOMEM;
		else if ((st = add_set(p, set, err, errlen)) == UA_EUSAGE)
			snprintf(err, errlen, "set-file: '%.*s' is not TARGET/PATH", (int)(eq - arg), arg);
		wipe(set);
		free(set);
	}
	wipe(value);
	free(value);
	return st;
}

static int
read_password_file(struct ua_gen_params *p, const char *path, char *err, size_t errlen)
{
	char *buf = NULL;
	int st;

	if ((st = read_secret_file("admin-password-file", path, &buf, err, errlen)) != UA_OK)
		return st;
	if ((st = ua_gen_set_password(p, buf)) == UA_OK && p->pwmode == UA_PW_DEFAULT)
		p->pwmode = UA_PW_STATIC;
	else if (st == UA_EUSAGE)
		snprintf(err, errlen, "admin-password-file: %s: the password holds control characters or is not UTF-8", path);
	wipe(buf);
	free(buf);
	return st;
}

/* Values become XML text and JSON strings: no control characters, valid UTF-8. */
static int
clean_value(const char *key, const char *value, char *err, size_t errlen)
{
	const unsigned char *s;

	for (s = (const unsigned char *)value; *s; s++)
		if (*s < 0x20 || *s == 0x7f) {
			snprintf(err, errlen, "%s: control characters are not allowed", key);
			return UA_EUSAGE;
		}
	if (!xmlCheckUTF8((const xmlChar *)value)) {
		snprintf(err, errlen, "%s: not valid UTF-8", key);
		return UA_EUSAGE;
	}
	return UA_OK;
}

static int
add_set(struct ua_gen_params *p, const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '='), *slash = strchr(arg, '/');
	char *target = NULL, *path = NULL;
	int st = UA_ENOMEM;

	if (eq == NULL || slash == NULL || slash > eq || slash == arg || slash + 1 == eq ||
	    eq[-1] == '/' || (strstr(arg, "//") && strstr(arg, "//") < eq)) {
		/* the value is never quoted: it may be a secret */
		snprintf(err, errlen, "set: '%.*s' is not TARGET/PATH=VALUE", (int)strcspn(arg, "="), arg);
		return UA_EUSAGE;
	}
	if ((target = ua_strndup(arg, (size_t)(slash - arg))) &&
	    (path = ua_strndup(slash + 1, (size_t)(eq - slash - 1))))
		st = list_add(&p->sets, target, path, eq + 1);
	free(target);
	free(path);
	return st;
}

/*
 * --user-data=VALUE names the file of user data; on/off is the agent switch it
 * once was, while no file (probe) has that name (said so: old_user_data_switch).
 */
static const char *
user_data_key(struct ua_gen_params *p, const char *value, const char *probe)
{
	if ((strcmp(value, "on") == 0 || strcmp(value, "off") == 0) &&
	    access(probe, F_OK) != 0) {
		p->old_user_data_switch = 1;
		return "handle-user-data";
	}
	return "user-data-file";
}

int
ua_gen_param(struct ua_gen_params *p, const char *key, const char *value,
    char *err, size_t errlen)
{
	const char *b;
	size_t i;
	int st;

	if (strcmp(key, "admin-password-file") == 0)
		return read_password_file(p, value, err, errlen);
	if (strcmp(key, "set-file") == 0)
		return set_file(p, value, err, errlen);
	if (strcmp(key, "product-key-file") == 0) {
		char *v = NULL;
		if ((st = read_secret_file(key, value, &v, err, errlen)) == UA_OK &&
		    (st = clean_value(key, v, err, errlen)) == UA_OK) {
			if (p->scalar[UA_GP_PRODUCT_KEY])
				wipe(p->scalar[UA_GP_PRODUCT_KEY]);
			free(p->scalar[UA_GP_PRODUCT_KEY]);
			p->scalar[UA_GP_PRODUCT_KEY] = v;
			v = NULL;
		}
		wipe(v);
		free(v);
		return st;
	}
	if (strcmp(key, "user-data") == 0)
		key = user_data_key(p, value, value);
	if ((st = clean_value(key, value, err, errlen)) != UA_OK)
		return st;
	for (i = 0; i < UA_GP_COUNT; i++)
		if (strcmp(key, scalar_names[i]) == 0) {
			char *s;
			if (i == UA_GP_COPY_PROFILE && (value = boolean(value)) == NULL) {
				snprintf(err, errlen, "copy-profile: expected true or false");
				return UA_EUSAGE;
			}
			if (i == UA_GP_USER_DATA_FORM && strcmp(value, "xml") != 0 &&
			    strcmp(value, "yaml") != 0) {
				snprintf(err, errlen, "user-data-form: expected xml or yaml");
				return UA_EUSAGE;
			}
			if ((s = ua_strdup(value)) == NULL)
				return UA_ENOMEM;
			free(p->scalar[i]);
			p->scalar[i] = s;
			return UA_OK;
		}
	for (i = 0; i < sizeof(switch_names) / sizeof(switch_names[0]); i++)
		if (strcmp(key, switch_names[i]) == 0) {
			if (*value == '\0') {
				snprintf(err, errlen, "%s: expected on or off", key);
				return UA_EUSAGE;
			}
			b = boolean(value);
			return list_add(&p->switches, key, NULL, b ? b : value);
		}
	if (strcmp(key, "admin-password") == 0) {
		for (i = 1; i < UA_PW_COUNT; i++)
			if (strcmp(value, pwmode_names[i]) == 0) {
				p->pwmode = (enum ua_gen_pwmode)i;
				return UA_OK;
			}
		snprintf(err, errlen, "admin-password: expected random, static or keep");
		return UA_EUSAGE;
	}
	if (strcmp(key, "set") == 0)
		return add_set(p, value, err, errlen);
	if (strcmp(key, "specialize-command") == 0 || strcmp(key, "first-logon-command") == 0) {
		if (*value == '\0') {
			snprintf(err, errlen, "%s: empty command", key);
			return UA_EUSAGE;
		}
		return list_add(key[0] == 's' ? &p->specialize : &p->logon, NULL, NULL, value);
	}
	snprintf(err, errlen, "unknown parameter '%s'", key);
	return UA_EUSAGE;
}

const char *
ua_gen_param_value(const struct ua_gen_params *p, const char *key)
{
	size_t i;

	for (i = 0; i < UA_GP_COUNT; i++)
		if (strcmp(key, scalar_names[i]) == 0)
			return p->scalar[i];
	return NULL;
}

/* The profile's keys are the long options that describe the output, not how to run. */
static int
profile_line(struct ua_gen_params *p, const char *dir, char *line, char *err, size_t errlen)
{
	char *eq = strchr(line, '='), *value, *joined = NULL;
	const char *key;
	int st;

	if (eq == NULL) {
		snprintf(err, errlen, "expected 'key = value'");
		return UA_EUSAGE;
	}
	*eq = '\0';
	key = ua_trim(line);
	value = ua_trim(eq + 1);
	if ((strcmp(key, "admin-password-file") == 0 || strcmp(key, "from") == 0 ||
	    strcmp(key, "product-key-file") == 0 || strcmp(key, "user-data-file") == 0 ||
	    strcmp(key, "user-data") == 0) && value[0] != '/' && dir != NULL) {
		if ((joined = ua_asprintf("%s/%s", dir, value)) == NULL)
			return UA_ENOMEM;
		/* user-data = on|off: the old switch, unless the profile's
		 * directory has a file of that name */
		if (strcmp(key, "user-data") == 0)
			key = user_data_key(p, value, joined);
		if (strcmp(key, "handle-user-data") != 0)
			value = joined;
	}
	st = ua_gen_param(p, key, value, err, errlen);
	free(joined);
	return st;
}

int
ua_gen_profile_load(struct ua_gen_params *p, const char *path, char *err, size_t errlen)
{
	char *buf = NULL, *line, *next, *dir = NULL, *slash, e[512];
	unsigned long lineno = 0;
	size_t len;
	int st;

	if ((st = ua_read_file(path, &buf, &len, e, sizeof(e))) != UA_OK) {
		snprintf(err, errlen, "%s: %s", path, e);
		return st;
	}
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "%s: not a text file", path);
		st = UA_EUSAGE;
	}
	if (st == UA_OK && (slash = strrchr(path, '/')) != NULL && (dir = ua_strndup(path, (size_t)(slash - path + 1))) == NULL)
		st = UA_ENOMEM;
	if (dir && strlen(dir) > 1)
		dir[strlen(dir) - 1] = '\0';
	for (line = buf; st == UA_OK && line && *line; line = next) {
		char *t;
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		t = ua_trim(line);
		if (*t == '\0' || *t == '#')
			continue;
		if ((st = profile_line(p, dir, t, e, sizeof(e))) != UA_OK)
			snprintf(err, errlen, "%s:%lu: %s", path, lineno, e);
	}
	free(dir);
	wipe(buf);
	free(buf);
	return st;
}

static int
put_utf16le(struct ua_buf *b, unsigned long cp)
{
	unsigned char u[4];

	if (cp >= 0x10000) {
		unsigned long v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
		u[0] = hi & 0xFF; u[1] = hi >> 8; u[2] = lo & 0xFF; u[3] = lo >> 8;
		ua_buf_add(b, (const char *)u, 4);
	} else {
		u[0] = cp & 0xFF; u[1] = cp >> 8;
		ua_buf_add(b, (const char *)u, 2);
	}
	return b->failed ? -1 : 0;
}

static int
utf8_to_utf16le(struct ua_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!xmlCheckUTF8(p))
		return -1;
	while (*p) {
		int len = (int)strnlen((const char *)p, 4), c = xmlGetUTF8Char(p, &len);

		if (c < 0 || len <= 0)
			return -1;
		p += len;
		if (put_utf16le(b, (unsigned long)c) < 0)
			return -1;
	}
	return 0;
}

char *
ua_gen_obscure(const char *password, const char *suffix)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct ua_buf u = { 0 }, o = { 0 };
	size_t i;

	if (utf8_to_utf16le(&u, password) < 0 || utf8_to_utf16le(&u, suffix) < 0) {
		if (u.s)
			memset(u.s, 0, u.cap);
		ua_buf_free(&u);
		return NULL;
	}
	for (i = 0; i < u.len; i += 3) {
		unsigned long v = (unsigned long)(unsigned char)u.s[i] << 16;
		char q[4];
		if (i + 1 < u.len)
			v |= (unsigned long)(unsigned char)u.s[i + 1] << 8;
		if (i + 2 < u.len)
			v |= (unsigned char)u.s[i + 2];
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < u.len ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < u.len ? b64[v & 63] : '=';
		ua_buf_add(&o, q, 4);
	}
	memset(u.s, 0, u.cap);
	ua_buf_free(&u);
	ua_buf_puts(&o, "");
	return ua_buf_take(&o);
}

static xmlNodePtr
child(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
}

char *
ua_gen_params_xml(const struct ua_gen_params *p, const char *agent)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root, n;
	xmlChar *mem = NULL;
	char *out = NULL, *ob = NULL;
	int size = 0, i;
	size_t k;

	if (doc == NULL || (root = xmlNewDocNode(doc, NULL, (const xmlChar *)"params", NULL)) == NULL)
		goto done;
	xmlDocSetRootElement(doc, root);
	if (agent)
		xmlNewProp(root, (const xmlChar *)"agent", (const xmlChar *)agent);
	if (p->scalar[UA_GP_OS])
		xmlNewProp(root, (const xmlChar *)"os", (const xmlChar *)p->scalar[UA_GP_OS]);
	for (i = UA_GP_TIMEZONE; i < UA_GP_COUNT; i++)
		if (p->scalar[i] && i != UA_GP_FROM)
			child(root, scalar_names[i], p->scalar[i]);
	n = child(root, "admin-password", NULL);
	xmlNewProp(n, (const xmlChar *)"mode",
	    (const xmlChar *)pwmode_names[p->pwmode == UA_PW_DEFAULT ? UA_PW_RANDOM : p->pwmode]);
	if (p->pwmode == UA_PW_STATIC && p->password) {
		if ((ob = ua_gen_obscure(p->password, "AdministratorPassword")) == NULL)
			goto done;
		child(n, "obscured", ob);
		child(n, "clear", p->password);
	}
	for (k = 0; k < p->specialize.n; k++)
		child(root, "specialize-command", p->specialize.v[k].value);
	for (k = 0; k < p->logon.n; k++)
		child(root, "first-logon-command", p->logon.v[k].value);
	for (k = 0; k < p->switches.n; k++)
		xmlNewProp(child(root, "switch", strcmp(p->switches.v[k].value, "false") == 0 ? "false" : "true"),
		    (const xmlChar *)"name",
		    (const xmlChar *)p->switches.v[k].key);
	for (k = 0; k < p->sets.n; k++) {
		n = child(root, "set", p->sets.v[k].value);
		xmlNewProp(n, (const xmlChar *)"target", (const xmlChar *)p->sets.v[k].key);
		xmlNewProp(n, (const xmlChar *)"path", (const xmlChar *)p->sets.v[k].path);
	}
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (mem)
		out = ua_strndup((const char *)mem, (size_t)size);
done:
	if (mem) {
		memset(mem, 0, (size_t)size);
		xmlFree(mem);
	}
	wipe(ob);
	free(ob);
	xmlFreeDoc(doc);
	return out;
}
