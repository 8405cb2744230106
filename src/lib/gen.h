/* SPDX-License-Identifier: MIT */
/* Generation of agent file sets from the XSLT templates in templates/ (unattend-gen). */
#ifndef UA_GEN_H
#define UA_GEN_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"

/* An administrator password strategy, mapped onto each agent's mechanism. */
enum ua_gen_pwmode {
	UA_PW_DEFAULT,		/* not chosen: random */
	UA_PW_RANDOM,
	UA_PW_STATIC,
	UA_PW_KEEP,
	UA_PW_COUNT
};

/* The named parameters that are a single string; later settings replace earlier ones. */
enum ua_gen_scalar {
	UA_GP_AGENT,
	UA_GP_OS,
	UA_GP_TIMEZONE,
	UA_GP_LOCALE,
	UA_GP_COMPUTER_NAME,
	UA_GP_COPY_PROFILE,
	UA_GP_REGISTERED_OWNER,
	UA_GP_REGISTERED_ORGANIZATION,
	UA_GP_PRODUCT_KEY,
	UA_GP_FROM,
	UA_GP_AGENT_VERSION,
	UA_GP_USER_DATA_FILE,
	UA_GP_USER_DATA_FORM,
	UA_GP_UI_LANGUAGE,
	UA_GP_COUNT
};

struct ua_gen_item {
	char *key;		/* switch name, or --set target (a pass or an agent file) */
	char *path;		/* --set: the rest of the path; NULL otherwise */
	char *value;
};

struct ua_gen_list {
	struct ua_gen_item *v;
	size_t n, cap;
};

struct ua_gen_params {
	char *scalar[UA_GP_COUNT];
	enum ua_gen_pwmode pwmode;
	char *password;			/* static password; wiped when freed */
	struct ua_gen_list specialize;	/* value only */
	struct ua_gen_list logon;	/* value only */
	struct ua_gen_list switches;	/* key = switch name, value "true", "false" or a value */
	struct ua_gen_list sets;	/* key = pass or file, path, value */
	int old_user_data_switch;	/* user-data=on|off was taken as handle-user-data
					 * (its name before user-data named the file) */
};

/* One generated file. */
struct ua_gen_file {
	char *name;		/* file name under the output directory */
	char *kind;		/* the unattend-validate kind it was checked as */
	char *bytes;
	size_t len;
	int secret;		/* may hold a password (clear or obscured): written mode 0600 */
	int holds_secret;	/* a secret setting holds a value: never to standard output */
};

struct ua_gen_out {
	char *agent;
	struct ua_gen_file *v;
	size_t n;
};

void ua_gen_params_free(struct ua_gen_params *p);

/*
 * Applies one parameter by its long option name ("timezone", "set",
 * "specialize-command", "wallpaper", "admin-password-file", ...). Values are
 * copied. Returns UA_OK, or UA_EUSAGE (unknown key, malformed value) or
 * UA_EIO / UA_ENOMEM with the reason in err. Values are checked by ua_gen_run.
 */
int ua_gen_param(struct ua_gen_params *p, const char *key, const char *value,
    char *err, size_t errlen);
/*
 * Whether a --set argument (TARGET/PATH=VALUE) sets a secret: a setting the
 * catalog marks secret (or a container holding one), or a password-like name
 * (schemas/secret-names.tsv). Such values are refused on the command line.
 */
int ua_gen_set_is_secret(struct ua_ctx *ctx, const char *arg);
/* The value of the single-valued parameter key ("timezone", ...), or NULL when not given. */
const char *ua_gen_param_value(const struct ua_gen_params *p, const char *key);
/* Sets the static password (copied). Returns UA_OK, UA_EUSAGE (control
 * characters or not UTF-8), or UA_ENOMEM. */
int ua_gen_set_password(struct ua_gen_params *p, const char *password);

/*
 * Reads a profile: "key = value" lines with the long option names as keys,
 * '#' comments, blank lines. A relative admin-password-file or from is taken
 * relative to the profile's directory. Returns as ua_gen_param, err naming
 * FILE:LINE.
 */
int ua_gen_profile_load(struct ua_gen_params *p, const char *path, char *err,
    size_t errlen);

/*
 * The obscured form Windows Setup expects for a password element: Base64 of
 * the UTF-16LE of password followed by suffix (e.g. "AdministratorPassword").
 * Returns a string the caller frees, or NULL (invalid UTF-8, out of memory).
 */
char *ua_gen_obscure(const char *password, const char *suffix);

/*
 * The parameters document the templates read, for agent (see
 * templates/README.md). Returns a serialized XML string the caller frees (it
 * may hold the password: wipe it), or NULL when out of memory.
 */
char *ua_gen_params_xml(const struct ua_gen_params *p, const char *agent);

/*
 * Checks the parameters, applies every template of the agent, applies --set
 * and validates each output. Value problems and the outputs' findings (a
 * wrong-pass finding counts as an error; secrets masked) are appended to d:
 * the outputs may be written only when d holds no error. Returns UA_OK, or
 * UA_EUSAGE / UA_EDATA / UA_EIO / UA_ENOMEM with the reason in err.
 */
int ua_gen_run(struct ua_ctx *ctx, const struct ua_gen_params *p,
    struct ua_gen_out *out, struct ua_diags *d, char *err, size_t errlen);
void ua_gen_out_free(struct ua_gen_out *out);

/*
 * Writes every file of out into dir atomically: all to temporaries in dir,
 * then renamed into place; on any failure nothing is left behind. Existing
 * files are refused (UA_EUSAGE) unless force. Returns UA_OK, UA_EUSAGE or
 * UA_EIO with the reason in err.
 */
int ua_gen_write(const struct ua_gen_out *out, const char *dir, int force,
    char *err, size_t errlen);

#endif
