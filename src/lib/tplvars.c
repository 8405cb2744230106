/* SPDX-License-Identifier: MIT */
/* Template variables: NAME=VALUE assignments and variables files (JSON, .pkrvars.hcl). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "doc.h"
#include "secret.h"
#include "template.h"
#include "ua.h"
#include "util.h"

static int
put(struct ua_tpl_opts *o, const char *name, size_t namelen, const char *value, int argv,
    char *err, size_t errlen)
{
	char *n, *v;
	size_t i;

	if ((n = ua_strndup(name, namelen)) == NULL || (v = ua_strdup(value)) == NULL) {
		free(n);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < o->nvars; i++)
		if (strcmp(o->vars[i].name, n) == 0) {	/* the last one given wins */
			free(n);
			free(o->vars[i].value);
			o->vars[i].value = v;
			o->vars[i].argv = argv;
			return 0;
		}
	if (ua_grow(&o->vars, &o->capvars, o->nvars, sizeof(*o->vars), 8) != 0) {
		free(n);
		free(v);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	o->vars[o->nvars].name = n;
	o->vars[o->nvars].argv = argv;
	o->vars[o->nvars++].value = v;
	return 0;
}

int
ua_tpl_opts_set(struct ua_tpl_opts *o, const char *assignment, char *err, size_t errlen)
{
	const char *eq = strchr(assignment, '=');

	if (eq == NULL || eq == assignment) {
		snprintf(err, errlen, "--var takes NAME=VALUE");
		return -1;
	}
	return put(o, assignment, (size_t)(eq - assignment), eq + 1, 1, err, errlen);
}

/* name's letters and digits, lower case, into buf: product_key -> productkey */
static void
squash(const char *name, char *buf, size_t size)
{
	size_t i, k;

	for (i = k = 0; name[i] && k + 1 < size; i++)
		if (isalnum((unsigned char)name[i]))
			buf[k++] = (char)tolower((unsigned char)name[i]);
	buf[k] = '\0';
}

/*
 * Whether "key" stands in name as a word of its own: product_key, sshKey,
 * KEY_ID; not keyboard; nor key_type (qualifiers end it: ua_secret_word_in_name).
 */
static int
key_word(const struct ua_secret_names *sn, const char *name)
{
	const char *p;

	for (p = name; (p = strcasestr(p, "key")) != NULL; p++) {
		int starts = p == name || !isalpha((unsigned char)p[-1]) ||
		    (islower((unsigned char)p[-1]) && p[0] == 'K');
		int ends = !isalpha((unsigned char)p[3]) ||
		    (islower((unsigned char)p[2]) && isupper((unsigned char)p[3])) ||
		    ((p[3] == 's' || p[3] == 'S') && !isalpha((unsigned char)p[4]));
		char from[128];

		squash(p, from, sizeof(from));	/* key_type -> keytype */
		if (starts && ends && ua_secret_word_in_name(sn, from, "key"))
			return 1;
	}
	return 0;
}

int
ua_tpl_secret_name(const struct ua_secret_names *sn, const char *name)
{
	static const char *const words[] = {
		"password", "passwd", "pwd", "passphrase", "secret", "token", "credential"
	};
	char joined[128];
	size_t i;

	squash(name, joined, sizeof(joined));	/* product_key -> productkey */
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (ua_secret_word_in_name(sn, joined, words[i]))
			return 1;
	return key_word(sn, name) || ua_secret_names_in_name(sn, joined);
}

const struct ua_tpl_var *
ua_tpl_secret_on_argv(const struct ua_tpl_opts *o, const struct ua_secret_names *sn)
{
	size_t i;

	for (i = 0; o && i < o->nvars; i++)
		if (o->vars[i].argv && ua_tpl_secret_name(sn, o->vars[i].name))
			return &o->vars[i];
	return NULL;
}

int
ua_tpl_mask(const struct ua_tpl_opts *o, const struct ua_secret_names *sn, char **msg)
{
	size_t i;

	for (i = 0; o && i < o->nvars && *msg; i++)
		if (o->vars[i].value[0] && ua_tpl_secret_name(sn, o->vars[i].name) &&
		    ua_str_replace_all(msg, o->vars[i].value, "********") != 0)
			return -1;
	return 0;
}

void
ua_tpl_opts_free(struct ua_tpl_opts *o)
{
	size_t i;

	for (i = 0; i < o->nvars; i++) {
		free(o->vars[i].name);
		free(o->vars[i].value);
	}
	free(o->vars);
	o->vars = NULL;
	o->nvars = o->capvars = 0;
}

static int
read_json(struct ua_tpl_opts *o, const char *path, const char *text, size_t len,
    char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je), *v;
	const char *key;
	char num[64];
	int rc = 0;

	if (root == NULL || !json_is_object(root)) {
		/* jansson's text quotes the input: say only where */
		snprintf(err, errlen, "%s:%d:%d: not a JSON object of variables", path,
		    root ? 1 : je.line, root ? 1 : je.column);
		json_decref(root);
		return -1;
	}
	json_object_foreach(root, key, v) {
		const char *s = NULL;
		if (json_is_string(v))
			s = json_string_value(v);
		else if (json_is_integer(v))
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v)), s = num;
		else if (json_is_real(v))
			snprintf(num, sizeof(num), "%.17g", json_real_value(v)), s = num;
		else if (json_is_boolean(v))
			s = json_is_true(v) ? "true" : "false";
		if (s == NULL)
			continue;	/* lists and maps name no single value */
		if ((rc = put(o, key, strlen(key), s, 0, err, errlen)) != 0)
			break;
	}
	json_decref(root);
	return rc;
}

/* A quoted HCL string at p into out; the end of the value, or NULL when not closed. */
static const char *
hcl_string(const char *p, const char *end, struct ua_buf *out)
{
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			ua_buf_add(out, *p == 'n' ? "\n" : *p == 't' ? "\t" : *p == 'r' ? "\r" : p, 1);
		} else
			ua_buf_add(out, p, 1);
	}
	return p < end ? p + 1 : NULL;
}

static int
read_hcl(struct ua_tpl_opts *o, const char *path, char *text, char *err, size_t errlen)
{
	char *line, *next, *p, *end, *name;
	unsigned long ln = 0;
	int depth = 0, rc = 0;
	size_t namelen;

	for (line = text; line && rc == 0; line = next) {
		struct ua_buf v = { 0 };
		const char *after;
		ln++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		end = line + strlen(line);
		while (end > line && isspace((unsigned char)end[-1]))
			*--end = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (depth > 0) {	/* inside a list or map value: skipped */
			for (; *p; p++)
				depth += (*p == '[' || *p == '{') - (*p == ']' || *p == '}');
			continue;
		}
		if (*p == '\0' || *p == '#' || strncmp(p, "//", 2) == 0)
			continue;
		for (name = p; isalnum((unsigned char)*p) || *p == '_' || *p == '-'; p++)
			;
		namelen = (size_t)(p - name);
		while (*p == ' ' || *p == '\t')
			p++;
		if (namelen == 0 || *p != '=') {
			snprintf(err, errlen, "%s:%lu: not a `name = value` line", path, ln);
			return -1;
		}
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '[' || *p == '{') {
			for (; *p; p++)
				depth += (*p == '[' || *p == '{') - (*p == ']' || *p == '}');
			continue;
		}
		if (*p == '"') {
			if ((after = hcl_string(p, end, &v)) == NULL) {
				ua_buf_free(&v);
				snprintf(err, errlen, "%s:%lu: unterminated string", path, ln);
				return -1;
			}
		} else {
			char *c = strchr(p, '#');
			if (c)
				*c = '\0';
			ua_trim(p);
			ua_buf_puts(&v, p);
		}
		ua_buf_add(&v, "", 0);
		if (v.failed) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		} else
			rc = put(o, name, namelen, v.s ? v.s : "", 0, err, errlen);
		ua_buf_free(&v);
	}
	return rc;
}

int
ua_tpl_opts_read(struct ua_tpl_opts *o, const char *path, char *err, size_t errlen)
{
	char *text = NULL, why[256];
	size_t len, i = 0;
	int rc;

	if (ua_read_file(path, &text, &len, why, sizeof(why)) != UA_OK) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		free(text);
		snprintf(err, errlen, "%s: not a text file", path);
		return -1;
	}
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	rc = i < len && text[i] == '{' ? read_json(o, path, text, len, err, errlen) :
	    read_hcl(o, path, text, err, errlen);
	/* the file may hold secrets: leave no copy behind */
	memset(text, 0, len);
	free(text);
	return rc;
}
