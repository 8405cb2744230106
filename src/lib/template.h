/* SPDX-License-Identifier: MIT */
/* Templates: placeholders and directives of Packer, Go, Jinja and script templates. */
#ifndef UA_TEMPLATE_H
#define UA_TEMPLATE_H

#include <stddef.h>

enum ua_tpl_syntax {
	UA_TPL_AUTO,	/* every syntax below, @name@, $Var, and %name% / {Name} as a whole value */
	UA_TPL_PACKER,	/* HCL templatefile: ${x}, %{ if }, %{ for } */
	UA_TPL_GO,	/* {{ .X }}, {{user `x`}}, {{ if }}, {{ range }} */
	UA_TPL_JINJA,	/* {{ x }}, {% if %}, {# #} */
	UA_TPL_NONE,	/* the file is read as it is */
	UA_TPL_COUNT
};

struct ua_tpl_var {
	char *name, *value;
	int argv;	/* given with --var (on a command line), not from a file */
};

/* How templates are read: the syntax, and the values --var and --var-file give. */
struct ua_tpl_opts {
	enum ua_tpl_syntax syntax;
	struct ua_tpl_var *vars;
	size_t nvars, capvars;
};

struct ua_template;
struct ua_secret_names;

/* "auto", "packer", "go", "jinja", "none" -> the syntax; -1 when unknown. */
int ua_tpl_syntax_parse(const char *s);

/*
 * Adds (or replaces) NAME=VALUE, as given on a command line (--var). 0, or -1
 * with err set (no '=', empty name, memory).
 */
int ua_tpl_opts_set(struct ua_tpl_opts *o, const char *assignment, char *err, size_t errlen);
/*
 * Reads a variables file: a JSON object of strings (numbers and booleans as
 * their text), or Packer .pkrvars.hcl lines `name = "value"` (# and //
 * comments). 0, or -1 with err naming the line.
 */
int ua_tpl_opts_read(struct ua_tpl_opts *o, const char *path, char *err, size_t errlen);
void ua_tpl_opts_free(struct ua_tpl_opts *o);
/*
 * Whether a variable named name holds a secret: its name, separators left out,
 * holds a word of schemas/secret-names.tsv (sn; NULL: none), or the words
 * password, passwd, pwd, passphrase, secret, token, credential, or "key" as a
 * word of its own (product_key, sshKey; not keyboard); unless only words of
 * schemas/secret-qualifiers.tsv follow it to the end of the name
 * (password_type, admin_password_min_length: a setting about a secret).
 */
int ua_tpl_secret_name(const struct ua_secret_names *sn, const char *name);
/*
 * The first variable given on the command line (--var) whose name holds a
 * secret (ua_tpl_secret_name): NULL when none. A secret never goes on a
 * command line, where other users and shell histories see it.
 */
const struct ua_tpl_var *ua_tpl_secret_on_argv(const struct ua_tpl_opts *o,
    const struct ua_secret_names *sn);
/*
 * Replaces, in msg, the value of every variable whose name says it holds a
 * secret (ua_tpl_secret_name) by ********, wherever it landed. 0, or -1 when
 * out of memory (msg may then still hold one).
 */
int ua_tpl_mask(const struct ua_tpl_opts *o, const struct ua_secret_names *sn, char **msg);

/*
 * Reads text (len bytes, NUL-terminated, of format fmt: 1 XML, 2 JSON, 3 YAML)
 * as a template of o's syntax. When no placeholder or directive marker occurs
 * (one scan for the markers' first bytes), *out stays NULL and text is not
 * touched. Otherwise directives are blanked (newlines kept), placeholders with
 * a given value are replaced by it (escaped for fmt), and *out describes what
 * was done; *text and *len may then be a new buffer (the old one freed).
 * UA_OK or UA_ENOMEM.
 */
int ua_template_prepare(const struct ua_tpl_opts *o, int fmt, char **text, size_t *len,
    struct ua_template **out);
void ua_template_free(struct ua_template *t);

/*
 * The length of name without its template suffixes (.pkrtpl.hcl, .pkrtpl,
 * .tpl, .tmpl, .j2, .jinja, .template, in any case): "autounattend.xml.pkrtpl.hcl"
 * -> the length of "autounattend.xml".
 */
size_t ua_template_name_len(const char *name);

/*
 * The variable of o whose given value was rendered into the prepared text
 * within [a, b), of those given on the command line when argv_only: NULL
 * when none was.
 */
const struct ua_tpl_var *ua_template_given_within(const struct ua_template *t,
    const struct ua_tpl_opts *o, size_t a, size_t b, int argv_only);

/* Whether value (a setting's text) holds a placeholder that was not given a value. */
int ua_template_unknown(const struct ua_template *t, const char *value);
/*
 * Whether value holds placeholders (not given values) and white space only,
 * any number of them of any syntax: text standing where elements belong.
 */
int ua_template_only_placeholders(const struct ua_template *t, const char *value);
/*
 * The characters of value outside its placeholders (a bound on its length;
 * 0 for a value made by directives, whose branches the file keeps one of).
 */
size_t ua_template_fixed_len(const struct ua_template *t, const char *value);
/*
 * That text itself, the value with its placeholders left empty (the caller
 * frees; "" for a value made by directives); NULL when out of memory.
 */
char *ua_template_fixed_text(const struct ua_template *t, const char *value);
/* Whether offsets a and b (of the prepared text) lie in different branches of one conditional. */
int ua_template_alternatives(const struct ua_template *t, size_t a, size_t b);
/*
 * Reading a template one branch at a time: the number of variants (1 + the
 * most branches any conditional has, less one; 1 without conditionals), and
 * whether offset off is kept in variant v (each conditional keeps its branch
 * v, or its last).
 */
unsigned ua_template_variants(const struct ua_template *t);
int ua_template_in_variant(const struct ua_template *t, size_t off, unsigned v);
/*
 * The template's own offset for offset off of the prepared text, and the
 * template text to count lines in (NULL when the two texts line up byte for
 * byte: nothing was rendered).
 */
size_t ua_template_offset(const struct ua_template *t, size_t off, const char **orig,
    size_t *origlen);

#endif
