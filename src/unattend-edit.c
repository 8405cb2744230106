/* SPDX-License-Identifier: MIT */
/* unattend-edit: change settings of an answer file or EC2 launch-agent file in place. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "doc.h"
#include "edit.h"
#include "tool.h"
#include "ua.h"

const char *ua_progname = "unattend-edit";

enum { OPT_SET = 256, OPT_SET_FILE, OPT_SET_ENV, OPT_UNSET, OPT_ADD_TASK, OPT_REMOVE_TASK,
	OPT_DATADIR };

static const struct option longopts[] = {
	{ "in-place", no_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "kind", required_argument, NULL, 'k' },
	{ "set", required_argument, NULL, OPT_SET },
	{ "set-file", required_argument, NULL, OPT_SET_FILE },
	{ "set-env", required_argument, NULL, OPT_SET_ENV },
	{ "unset", required_argument, NULL, OPT_UNSET },
	{ "add-task", required_argument, NULL, OPT_ADD_TASK },
	{ "remove-task", required_argument, NULL, OPT_REMOVE_TASK },
	{ "data-dir", required_argument, NULL, OPT_DATADIR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct op {
	int kind;
	char *arg;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-i | -o OUT] [-k KIND] [--set=PATH=VALUE]... [--set-file=PATH=FILE]...\n"
	    "       [--set-env=PATH=VAR]... [--unset=PATH]... [--add-task=STAGE/TASK[:INPUTS]]...\n"
	    "       [--remove-task=STAGE/TASK]... [--data-dir=DIR] FILE\n"
	    "       %s --help | --version\n"
	    "Change settings of an answer file or EC2 launch-agent file, keeping everything\n"
	    "else byte for byte; an edit that adds an error is refused. Without -i or -o the\n"
	    "edited file goes to standard output. Exit status: 0 edited, 1 refused, 2 trouble.\n"
	    "\n"
	    "  -i, --in-place        replace FILE (same mode and owner)\n"
	    "  -o, --output=OUT      write the edited file to OUT\n"
	    "  -k, --kind=KIND       file kind (default: from the name, else the content)\n"
	    "      --set=PATH=VALUE  PASS/COMPONENT/SETTING[/...] (list items as NAME[KEY=VALUE]),\n"
	    "                        a JSON key path, PLUGIN or GLOBAL (config.xml), a property\n"
	    "                        (BundleConfig.xml), STAGE/TASK/INPUT[/...] (agent-config.yml)\n"
	    "      --set-file=PATH=FILE, --set-env=PATH=VAR\n"
	    "                        the value from a file or an environment variable (secrets)\n"
	    "      --unset=PATH      remove a setting\n"
	    "      --add-task=STAGE/TASK[:KEY=VALUE[,KEY=VALUE]...], --remove-task=STAGE/TASK\n"
	    "      --data-dir=DIR    schemas from DIR/schemas (also UNATTEND_TOOLS_DATADIR)\n",
	    ua_progname, ua_progname);
}

/* The value a --set-file or --set-env names (caller wipes and frees); NULL on trouble. */
static char *
secret_value(int kind, const char *src)
{
	char *v = NULL, err[256];
	const char *env;
	size_t n;

	if (kind == OPT_SET_ENV) {
		if ((env = getenv(src)) == NULL || (v = strdup(env)) == NULL)
			ua_tool_warnx("--set-env: %s is not set", src);
		return v;
	}
	if (ua_read_file(src, &v, &n, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("--set-file: %s: %s", src, err);
		return NULL;
	}
	while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == '\r'))
		v[--n] = '\0';
	if (strlen(v) != n) {
		ua_tool_warnx("--set-file: %s: holds a NUL byte", src);
		free(v);
		return NULL;
	}
	return v;
}

/* The '=' that ends PATH in PATH=VALUE (a selector's [KEY=VALUE] is part of PATH). */
static char *
value_sep(char *arg)
{
	int depth = 0;

	for (; *arg; arg++)
		if (*arg == '[')
			depth++;
		else if (*arg == ']' && depth > 0)
			depth--;
		else if (*arg == '=' && depth == 0)
			return arg;
	return NULL;
}

/* Applies one edit; UA_OK (findings in d) or trouble with err set. */
static int
apply(struct ua_edit *e, const struct op *op, struct ua_diags *d, char *err, size_t errlen)
{
	char *eq = value_sep(op->arg), *v;
	int st;

	switch (op->kind) {
	case OPT_UNSET: return ua_edit_unset(e, op->arg, d, err, errlen);
	case OPT_ADD_TASK: return ua_edit_add_task(e, op->arg, d, err, errlen);
	case OPT_REMOVE_TASK: return ua_edit_remove_task(e, op->arg, d, err, errlen);
	}
	*eq = '\0';
	if (op->kind == OPT_SET)
		return ua_edit_set(e, op->arg, eq + 1, 0, d, err, errlen);
	if ((v = secret_value(op->kind, eq + 1)) == NULL) {
		snprintf(err, errlen, "no value for %s", op->arg);
		return UA_EUSAGE;
	}
	st = ua_edit_set(e, op->arg, v, 1, d, err, errlen);
	memset(v, 0, strlen(v));
	free(v);
	return st;
}

int
main(int argc, char *argv[])
{
	struct op *ops = calloc((size_t)argc + 1, sizeof(*ops));
	struct ua_diags d = { 0 };
	struct ua_ctx *ctx = NULL;
	struct ua_edit *e = NULL;
	const char *out = NULL, *kind = NULL, *datadir = NULL, *file;
	char *buf = NULL, *res = NULL, err[1024];
	size_t len = 0, reslen = 0;
	int ch, i, n = 0, inplace = 0, secret = 0, st, status = UA_EXIT_TROUBLE;

	if (ops == NULL) {
		ua_tool_warnx("out of memory");
		goto out;
	}
	while ((ch = getopt_long(argc, argv, "io:k:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i': inplace = 1; break;
		case 'o': out = optarg; break;
		case 'k': kind = optarg; break;
		case OPT_DATADIR: datadir = optarg; break;
		case 'h': usage(stdout); status = UA_EXIT_OK; goto out;
		case 'V': ua_tool_version(); status = UA_EXIT_OK; goto out;
		case '?': usage(stderr); goto out;
		default:
			if (ch != OPT_UNSET && ch != OPT_ADD_TASK && ch != OPT_REMOVE_TASK &&
			    (value_sep(optarg) == NULL || optarg[0] == '=')) {
				ua_tool_warnx("--%s wants PATH=%s", longopts[ch - OPT_SET + 3].name,
				    ch == OPT_SET ? "VALUE" : ch == OPT_SET_FILE ? "FILE" : "VAR");
				goto out;
			}
			secret |= ch == OPT_SET_FILE || ch == OPT_SET_ENV;
			ops[n].kind = ch;
			ops[n++].arg = optarg;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1 || (inplace && out) || (inplace && strcmp(argv[0], "-") == 0)) {
		usage(stderr);
		goto out;
	}
	file = argv[0];
	if (secret && !inplace && out == NULL) {
		ua_tool_warnx("a value from a file or the environment is only written to files: use -i or -o");
		goto out;
	}
	if (ua_read_file(file, &buf, &len, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s: %s", file, err);
		goto out;
	}
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	if ((st = ua_edit_open(ctx, file, buf, len, kind, &e, &d, err, sizeof(err))) != UA_OK) {
		ua_tool_print_findings(&d);
		ua_tool_warnx(st == UA_ESYNTAX ? "%s: does not parse; nothing changed" : "%s: %s",
		    file, err);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (apply(e, &ops[i], &d, err, sizeof(err)) != UA_OK) {
			ua_tool_warnx("%s", err);
			goto out;
		}
	if (ua_diags_count(&d, 0, UA_SEV_ERROR) == 0 && ua_edit_changed(e) &&
	    ua_edit_check(e, &d, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	ua_tool_print_findings(&d);
	if (ua_diags_count(&d, 0, UA_SEV_ERROR) > 0) {
		ua_tool_warnx("refused: %s; nothing changed", ua_edit_changed(e) ?
		    "the edit would add errors" : "the edit cannot be made");
		status = UA_EXIT_FINDINGS;
		goto out;
	}
	if ((st = ua_edit_result(e, &res, &reslen, err, sizeof(err))) != UA_OK) {
		ua_tool_warnx("%s", st == UA_ENOMEM ? "out of memory" : err);
		goto out;
	}
	status = UA_EXIT_OK;
	if (inplace && !ua_edit_changed(e))
		;
	else if (inplace || out) {
		if (ua_edit_replace_file(inplace ? file : out, res, reslen,
		    ua_edit_holds_secret(e), err, sizeof(err)) != UA_OK) {
			ua_tool_warnx("%s", err);
			status = UA_EXIT_TROUBLE;
		}
	} else
		fwrite(res, 1, reslen, stdout);
out:
	if (res)
		memset(res, 0, reslen);
	free(res);
	if (buf)
		memset(buf, 0, len);
	free(buf);
	free(ops);
	ua_edit_free(e);
	ua_diags_free(&d);
	ua_ctx_free(ctx);
	ua_global_cleanup();
	return ua_tool_close_stdout(status);
}
