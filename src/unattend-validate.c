/* SPDX-License-Identifier: MIT */
/* unattend-validate: check answer files and EC2 launch-agent settings files. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "tool.h"
#include "ua.h"
#include "validate.h"

const char *ua_progname = "unattend-validate";

enum { OPT_DATADIR = 256, OPT_COLOR, OPT_LIST_KINDS };

static const struct option longopts[] = {
	{ "kind", required_argument, NULL, 'k' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "data-dir", required_argument, NULL, OPT_DATADIR },
	{ "list-kinds", no_argument, NULL, OPT_LIST_KINDS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-q] [-f text|json] [-k KIND] [--color[=WHEN]] [--data-dir=DIR] FILE...\n"
	    "       %s --list-kinds | --help | --version\n"
	    "Check Windows answer files and EC2 launch-agent settings files ('-' reads\n"
	    "standard input). Exit status: 0 no errors, 1 errors found, 2 trouble.\n"
	    "\n"
	    "  -k, --kind=KIND      file kind (default: from the name, else the content)\n"
	    "  -f, --format=FORMAT  text (default) or json\n"
	    "  -q, --quiet          print nothing; only the exit status tells\n"
	    "      --color[=WHEN]   auto (default), always or never\n"
	    "      --data-dir=DIR   schemas from DIR/schemas (also UNATTEND_TOOLS_DATADIR)\n"
	    "      --list-kinds     list the file kinds and exit\n",
	    ua_progname, ua_progname);
}

static int
validate_one(struct ua_ctx *ctx, const char *path, const char *kind, struct ua_diags *d)
{
	struct ua_validate_opts opts = { kind };
	char err[512], *buf = NULL;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	size_t len;
	int st;

	if ((st = ua_read_file(path, &buf, &len, err, sizeof(err))) == UA_OK)
		st = ua_validate_buffer(ctx, name, buf, len, &opts, d, NULL, err, sizeof(err));
	free(buf);
	if (st != UA_OK)
		ua_tool_warnx("%s: %s", name, err);
	return st;
}

int
main(int argc, char *argv[])
{
	struct ua_ctx *ctx = NULL;
	struct ua_diags d = { 0 };
	const char *kind = NULL, *datadir = NULL, *color_when = "auto";
	enum ua_outfmt fmt = UA_OUT_TEXT;
	char err[512];
	int ch, quiet = 0, list_kinds = 0, status = UA_EXIT_OK, color, i;
	size_t k, printed = 0;

	while ((ch = getopt_long(argc, argv, "k:f:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': kind = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_DATADIR: datadir = optarg; break;
		case OPT_COLOR: color_when = optarg ? optarg : "always"; break;
		case OPT_LIST_KINDS: list_kinds = 1; break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = UA_OUT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				fmt = UA_OUT_JSON;
			else {
				ua_tool_warnx("unknown format '%s' (text or json)", optarg);
				return UA_EXIT_TROUBLE;
			}
			break;
		case 'h': usage(stdout); return ua_tool_close_stdout(UA_EXIT_OK);
		case 'V': ua_tool_version(); return ua_tool_close_stdout(UA_EXIT_OK);
		default: usage(stderr); return UA_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	if ((color = ua_tool_color(color_when, stdout)) < 0) {
		ua_tool_warnx("unknown --color value '%s'", color_when);
		return UA_EXIT_TROUBLE;
	}
	if (argc == 0 && !list_kinds) {
		usage(stderr);
		return UA_EXIT_TROUBLE;
	}
	signal(SIGPIPE, SIG_IGN);
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	if (list_kinds) {
		for (k = 0; k < ctx->kinds.n; k++)
			printf("%-14s %s\n", ctx->kinds.v[k].name, ctx->kinds.v[k].desc);
		goto out;
	}
	if (kind && ua_kind_find(&ctx->kinds, kind) == NULL) {
		ua_tool_warnx("unknown kind '%s' (see --list-kinds)", kind);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	if (fmt == UA_OUT_JSON && !quiet)
		fputs("[", stdout);
	for (i = 0; i < argc; i++) {
		if (validate_one(ctx, argv[i], kind, &d) != UA_OK)
			status = UA_EXIT_TROUBLE;
		else if (ua_diags_count(&d, 0, UA_SEV_ERROR) && status == UA_EXIT_OK)
			status = UA_EXIT_FINDINGS;
		if (!quiet && fmt == UA_OUT_TEXT)
			ua_print_text(stdout, &d, color);
		else if (!quiet)
			for (k = 0; k < d.n; k++)
				ua_print_json_diag(stdout, &d.v[k], printed++ == 0);
		ua_diags_free(&d);
	}
	if (fmt == UA_OUT_JSON && !quiet)
		fputs(printed ? "\n]\n" : "]\n", stdout);
out:
	ua_diags_free(&d);
	ua_ctx_free(ctx);
	ua_global_cleanup();
	return ua_tool_close_stdout(status);
}
