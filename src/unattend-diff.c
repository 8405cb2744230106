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
#include "diff-git.h"
#include "diff-print.h"
#include "diff.h"
#include "template.h"
#include "tool.h"
#include "ua.h"
#include "util.h"
#include "validate.h"

const char *ua_progname = "unattend-diff";

enum { OPT_DATADIR = 256, OPT_COLOR, OPT_SHOW_SECRETS, OPT_GIT, OPT_TEMPLATE /* and the next two */ };

static const struct option longopts[] = {
	{ "kind", required_argument, NULL, 'k' },
	{ "format", required_argument, NULL, 'f' },
	{ "brief", no_argument, NULL, 'q' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
	{ "git", no_argument, NULL, OPT_GIT },
	UA_TOOL_TPL_LONGOPTS(OPT_TEMPLATE),
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
	    "       [--template=SYNTAX] [--var=NAME=VALUE] [--var-file=FILE] [--data-dir=DIR]\n"
	    "       OLD NEW\n"
	    "       %s --git [OPTION]... PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE\n"
	    "       %s --help | --version\n"
	    "Show the semantic differences between two answer files or EC2 launch-agent\n"
	    "settings files ('-' reads standard input). Exit status: 0 no differences,\n"
	    "1 differences, 2 trouble.\n"
	    "\n"
	    "  -k, --kind=KIND      file kind of both (default: from the name, else the content)\n"
	    "  -f, --format=FORMAT  text (default) or json\n"
	    "  -q, --brief          print nothing; only the exit status tells\n"
	    "      --show-secrets   print passwords and product keys instead of ********\n"
	    "      --git            run as git's diff driver (its seven arguments; always\n"
	    "                       exit 0; a text diff when a side does not parse)\n"
	    "      --template=SYNTAX  placeholders and directives of auto (default), packer,\n"
	    "                       go, jinja, or none (the files are read as they are)\n"
	    "      --var=NAME=VALUE give a placeholder its value on both sides (repeatable)\n"
	    "      --var-file=FILE  values from a .pkrvars.hcl or JSON file (for secrets)\n"
	    "      --color[=WHEN]   auto (default), always or never\n"
	    "      --data-dir=DIR   schemas from DIR/schemas (also UNATTEND_TOOLS_DATADIR)\n",
	    ua_progname, ua_progname, ua_progname);
}

static int
is_null(const char *path)
{
	return strcmp(path, "/dev/null") == 0;
}

static struct ua_doc *
load(struct ua_ctx *ctx, const char *path, const char *name, const char *kind)
{
	struct ua_diags d = { 0 };
	struct ua_doc *doc = NULL;
	char err[512], *buf = NULL;
	size_t len;
	int st;

	if (name == NULL)
		name = strcmp(path, "-") == 0 ? "<stdin>" : path;
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
	struct ua_tpl_opts tpl = { UA_TPL_AUTO, NULL, 0, 0 };
	const char *oldpath, *newpath, *oldname = NULL, *newname = NULL;
	char err[512], *oldlabel = NULL, *newlabel = NULL;
	int ch, quiet = 0, status = UA_EXIT_TROUBLE, color, git = 0;

	while ((ch = getopt_long(argc, argv, "k:f:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': kind = optarg; break;
		case 'q': quiet = 1; break;
		case OPT_DATADIR: datadir = optarg; break;
		case OPT_COLOR: color_when = optarg ? optarg : "always"; break;
		case OPT_SHOW_SECRETS: opts.show_secrets = 1; break;
		case OPT_GIT: git = 1; break;
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
		default:
			err[0] = '\0';
			if (!ua_tool_tpl_option(&tpl, OPT_TEMPLATE, ch, optarg, err, sizeof(err)))
				usage(stderr);
			else if (err[0] == '\0')
				break;
			else
				ua_tool_warnx("%s", err);
			ua_tpl_opts_free(&tpl);
			return UA_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	if ((color = ua_tool_color(color_when, stdout)) < 0) {
		ua_tool_warnx("unknown --color value '%s'", color_when);
		return UA_EXIT_TROUBLE;
	}
	if (git && argc == 1) {	/* git's call for an unmerged path */
		fputs("* Unmerged path ", stdout);
		ua_print_visible(stdout, argv[0]);
		fputc('\n', stdout);
		return ua_tool_close_stdout(UA_EXIT_OK);
	}
	if (git ? argc != 7 && argc != 9 : argc != 2) {
		usage(stderr);
		return UA_EXIT_TROUBLE;
	}
	oldpath = git ? argv[1] : argv[0];
	newpath = git ? argv[4] : argv[1];
	if (git) {	/* a rename adds the new path and git's message */
		if ((oldlabel = ua_asprintf("a/%s", argv[0])) == NULL ||
		    (newlabel = ua_asprintf("b/%s", argc == 9 ? argv[7] : argv[0])) == NULL) {
			ua_tool_warnx("out of memory");
			goto out;
		}
		oldname = oldlabel;
		newname = newlabel;
		fputs("diff --git ", stdout);
		ua_print_visible(stdout, oldlabel);
		fputc(' ', stdout);
		ua_print_visible(stdout, newlabel);
		fputc('\n', stdout);
	}
	signal(SIGPIPE, SIG_IGN);
	/* libxml2's small blocks from size-class free lists (src/lib/arena.h) */
	(void)ua_arena_start(UA_ARENA_RESERVE);
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	if (ua_tool_tpl_refuse(&tpl, ctx->secret_names))
		goto out;
	ctx->tpl = &tpl;
	if (kind && ua_kind_find(&ctx->kinds, kind) == NULL) {
		ua_tool_warnx("unknown kind '%s' (see unattend-validate --list-kinds)", kind);
		goto out;
	}
	/* git compares an added or deleted file with /dev/null: an empty file
	 * of the other one's kind */
	if (is_null(oldpath) && !is_null(newpath)) {
		if ((new = load(ctx, newpath, newname, kind)) != NULL &&
		    ua_doc_empty_like(new, oldpath, &old) != UA_OK)
			ua_tool_warnx("out of memory");
	} else if (is_null(newpath) && !is_null(oldpath)) {
		if ((old = load(ctx, oldpath, oldname, kind)) != NULL &&
		    ua_doc_empty_like(old, newpath, &new) != UA_OK)
			ua_tool_warnx("out of memory");
	} else {
		old = load(ctx, oldpath, oldname, kind);
		new = load(ctx, newpath, newname, kind);
	}
	if ((old == NULL || new == NULL) && git) {
		puts("# unattend-diff: a side does not parse (its error is on standard error); a text diff follows");
		if (ua_diff_git_text(stdout, oldlabel, newlabel, oldpath, newpath,
		    ctx->secret_names) != 0)
			puts("# unattend-diff: no text diff either: diff(1) could not run");
		status = UA_EXIT_OK;
		goto out;
	}
	if (old == NULL || new == NULL)
		goto out;
	if (ua_diff_docs(ctx, old, new, &opts, &l, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	status = l.n && !git ? UA_EXIT_FINDINGS : UA_EXIT_OK;
	if (!quiet && fmt == UA_OUT_TEXT)
		ua_print_diff_text(stdout, &l, old->name, new->name, color);
	else if (!quiet)
		ua_print_diff_json(stdout, &l, old->name, new->name);
out:
	if (git && status == UA_EXIT_TROUBLE)
		status = UA_EXIT_OK;	/* git stops at a failing driver: the message said why */
	free(oldlabel);
	free(newlabel);
	ua_diff_list_free(&l);
	ua_doc_free(old);
	ua_doc_free(new);
	ua_ctx_free(ctx);
	ua_tpl_opts_free(&tpl);
	ua_global_cleanup();
	return ua_tool_close_stdout(status);
}
