/* SPDX-License-Identifier: MIT */
/* unattend-diff: the semantic differences between two answer files or agent settings files. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ctx.h"
#include "diff-print.h"
#include "diff.h"
#include "tool.h"
#include "ua.h"
#include "validate.h"

const char *ua_progname = "unattend-diff";

enum { OPT_DATADIR = 256, OPT_COLOR, OPT_SHOW_SECRETS };

static const struct option longopts[] = {
	{ "kind", required_argument, NULL, 'k' },
	{ "format", required_argument, NULL, 'f' },
	{ "brief", no_argument, NULL, 'q' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "data-dir", required_argument, NULL, OPT_DATADIR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-q] [-f text|json] [-k KIND] [--show-secrets] [--color[=WHEN]]\n"
	    "       [--data-dir=DIR] OLD NEW\n"
	    "       %s --help | --version\n"
	    "Show the semantic differences between two answer files or EC2 launch-agent\n"
	    "settings files ('-' reads standard input). Exit status: 0 no differences,\n"
	    "1 differences, 2 trouble.\n"
	    "\n"
	    "  -k, --kind=KIND      file kind of both (default: from the name, else the content)\n"
	    "  -f, --format=FORMAT  text (default) or json\n"
	    "  -q, --brief          print nothing; only the exit status tells\n"
	    "      --show-secrets   print passwords and product keys instead of ********\n"
	    "      --color[=WHEN]   auto (default), always or never\n"
	    "      --data-dir=DIR   schemas from DIR/schemas (also UNATTEND_TOOLS_DATADIR)\n",
	    ua_progname, ua_progname);
}

static int
is_null(const char *path)
{
	return strcmp(path, "/dev/null") == 0;
}

static struct ua_doc *
load(struct ua_ctx *ctx, const char *path, const char *kind)
{
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char err[512], *buf = NULL;
	size_t len;
	int st;

	if ((st = ua_read_file(path, &buf, &len, err, sizeof(err))) == UA_OK)
		st = ua_load(ctx, name, buf, len, kind, &doc, &d, err, sizeof(err));
	free(buf);
	if (st == UA_ESYNTAX)
		ua_print_text(stderr, &d, 0);
	else if (st != UA_OK)
		ua_tool_warnx("%s: %s", name, err);
	ua_diags_free(&d);
	if (st != UA_OK) {
		ua_doc_free(doc);
		return NULL;
	}
	return doc;
}

int
main(int argc, char *argv[])
{
	struct ua_ctx *ctx = NULL;
	struct ua_doc *old = NULL, *new = NULL;
	struct ua_diff_list l = { 0 };
	struct ua_diff_opts opts = { 0 };
	const char *kind = NULL, *datadir = NULL, *color_when = "auto";
	enum ua_outfmt fmt = UA_OUT_TEXT;
	char err[512];
	int ch, quiet = 0, status = UA_EXIT_TROUBLE, color;

	while ((ch = getopt_long(argc, argv, "k:f:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': kind = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_DATADIR: datadir = optarg; break;
		case OPT_COLOR: color_when = optarg ? optarg : "always"; break;
		case OPT_SHOW_SECRETS: opts.show_secrets = 1; break;
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
	if (argc != 2) {
		usage(stderr);
		return UA_EXIT_TROUBLE;
	}
	signal(SIGPIPE, SIG_IGN);
	/* libxml2's small blocks from size-class free lists (src/lib/arena.h) */
	(void)ua_arena_start(UA_ARENA_RESERVE);
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	if (kind && ua_kind_find(&ctx->kinds, kind) == NULL) {
		ua_tool_warnx("unknown kind '%s' (see unattend-validate --list-kinds)", kind);
		goto out;
	}
	/* git compares an added or deleted file with /dev/null: an empty file
	 * of the other one's kind */
	if (is_null(argv[0]) && !is_null(argv[1])) {
		if ((new = load(ctx, argv[1], kind)) != NULL &&
		    ua_doc_empty_like(new, argv[0], &old) != UA_OK)
			ua_tool_warnx("out of memory");
	} else if (is_null(argv[1]) && !is_null(argv[0])) {
		if ((old = load(ctx, argv[0], kind)) != NULL &&
		    ua_doc_empty_like(old, argv[1], &new) != UA_OK)
			ua_tool_warnx("out of memory");
	} else {
		old = load(ctx, argv[0], kind);
		new = load(ctx, argv[1], kind);
	}
	if (old == NULL || new == NULL)
		goto out;
	if (ua_diff_docs(ctx, old, new, &opts, &l, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	status = l.n ? UA_EXIT_FINDINGS : UA_EXIT_OK;
	if (!quiet && fmt == UA_OUT_TEXT)
		ua_print_diff_text(stdout, &l, old->name, new->name, color);
	else if (!quiet)
		ua_print_diff_json(stdout, &l, old->name, new->name);
out:
	ua_diff_list_free(&l);
	ua_doc_free(old);
	ua_doc_free(new);
	ua_ctx_free(ctx);
	ua_global_cleanup();
	return ua_tool_close_stdout(status);
}
