/* SPDX-License-Identifier: MIT */
/* unattend-validate: check answer files and EC2 launch-agent settings files. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "arena.h"
#include "ctx.h"
#include "parallel.h"
#include "policy.h"
#include "rules.h"
#include "sarif.h"
#include "set.h"
#include "template.h"
#include "tsv.h"
#include "tool.h"
#include "ua.h"
#include "util.h"
#include "validate.h"


const char *ua_progname = "unattend-validate";

enum {
	OPT_DATADIR = 256, OPT_COLOR, OPT_LIST_KINDS, OPT_LIST_RULES, OPT_DISABLE,
	OPT_ENABLE, OPT_SEVERITY, OPT_TARGET, OPT_CONFIG, OPT_NO_CONFIG, OPT_AGENT_VERSION,
	OPT_SKIP_FOREIGN, OPT_AGENT, OPT_EXPORT_SCHEMA, OPT_TEMPLATE /* and the next two */
};

static const struct option longopts[] = {
	{ "kind", required_argument, NULL, 'k' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "format", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "agent", required_argument, NULL, OPT_AGENT },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "data-dir", required_argument, NULL, OPT_DATADIR },
	{ "list-kinds", no_argument, NULL, OPT_LIST_KINDS },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "agent-version", required_argument, NULL, OPT_AGENT_VERSION },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "skip-foreign", no_argument, NULL, OPT_SKIP_FOREIGN },
	UA_TOOL_TPL_LONGOPTS(OPT_TEMPLATE),
	{ "export-schema", required_argument, NULL, OPT_EXPORT_SCHEMA },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-qv] [-f FORMAT] [-j N] [-k KIND] [-W error] [--target=OS]\n"
	    "       [--agent-version=[AGENT@]VERSION]... [--disable=RULE] [--enable=RULE]\n"
	    "       [--severity=RULE=LEVEL] [--config=FILE | --no-config] [--skip-foreign]\n"
	    "       [--template=SYNTAX] [--var=NAME=VALUE] [--var-file=FILE]\n"
	    "       [--agent=AGENT] [--color[=WHEN]] [--data-dir=DIR] FILE|DIR...\n"
	    "       %s --list-kinds | --list-rules | --export-schema=KIND | --help | --version\n"
	    "Check Windows answer files and EC2 launch-agent settings files ('-' reads\n"
	    "standard input). A directory is one image's set: each file of a known kind in\n"
	    "it is checked alone, then the set together. Exit status: 0 no errors, 1 errors\n"
	    "found, 2 trouble.\n"
	    "\n"
	    "  -k, --kind=KIND        file kind (default: from the name, else the content)\n"
	    "      --agent=AGENT      a directory's launch agent: ec2config, ec2launch or\n"
	    "                         ec2launch-v2 (default: told by the files present)\n"
	    "  -v, --verbose          say which agent each set has and which files it skips\n"
	    "  -f, --format=FORMAT    text (default), json, sarif or github\n"
	    "  -q, --quiet            print nothing; only the exit status tells\n"
	    "  -j, --jobs=N           check N files at a time (default: the processors)\n"
	    "  -W error               warnings count as errors for the exit status\n"
	    "      --target=OS        the Windows release the files are for (e.g. 2022, 11)\n"
	    "      --agent-version=[AGENT@]VERSION  the launch agent release the image runs\n"
	    "                         (e.g. 2.0.1303, ec2launch-v1@1.3.2004891, ec2config;\n"
	    "                         default: the newest documented release)\n"
	    "      --disable=RULE     do not run RULE (repeatable; comma-separated lists)\n"
	    "      --enable=RULE      run RULE, also one that is off by default\n"
	    "      --severity=RULE=LEVEL  report RULE as error, warning or note\n"
	    "      --config=FILE      read the policy from FILE instead of the nearest\n"
	    "                         .unattend-validate; --no-config reads none\n"
	    "      --skip-foreign     skip, with a note, a file named like a kind whose\n"
	    "                         content is plainly something else (for hooks)\n"
	    "      --template=SYNTAX  placeholders and directives of auto (default), packer,\n"
	    "                         go, jinja, or none (the file is read as it is)\n"
	    "      --var=NAME=VALUE   give a placeholder its value (repeatable)\n"
	    "      --var-file=FILE    values from a .pkrvars.hcl or JSON file (for secrets)\n"
	    "      --color[=WHEN]     auto (default), always or never\n"
	    "      --data-dir=DIR     schemas from DIR/schemas (also UNATTEND_TOOLS_DATADIR)\n"
	    "      --list-kinds       list the file kinds and exit\n"
	    "      --list-rules       list the rules with their default severity and exit\n"
	    "      --export-schema=KIND  print the JSON Schema of an agent kind for editors\n"
	    "                         (agent-config, user-data, launchconfig, driveletter,\n"
	    "                         eventlog) and exit\n",
	    ua_progname, ua_progname);
}

struct out {
	int fmt, quiet, color, werror, status, verbose;
	size_t printed;
	struct ua_sarif_notes notes;
};

/* Prints one file's findings; nonzero once standard output is gone (a
 * closed pipe: `| head`), so that no more files are checked for nobody. */
static int
emit(size_t i, const char *path, struct ua_result *r, void *arg)
{
	struct out *o = arg;
	const struct ua_diags *d = &r->d;
	size_t k;

	(void)i;
	if (r->status != UA_OK && o->fmt == UA_OUT_SARIF && !o->quiet)
		ua_sarif_note(&o->notes, path, r->err, r->status != UA_EFOREIGN);
	if (r->status == UA_EFOREIGN) {
		if (!o->quiet)
			ua_tool_warnx("note: %s: %s", strcmp(path, "-") == 0 ? "<stdin>" : path, r->err);
		return 0;
	}
	if (r->status != UA_OK) {
		ua_tool_warnx("%s: %s", strcmp(path, "-") == 0 ? "<stdin>" : path, r->err);
		o->status = UA_EXIT_TROUBLE;
	} else if ((ua_diags_count(d, 0, UA_SEV_ERROR) || (o->werror &&
	    ua_diags_count(d, 0, UA_SEV_WARNING))) && o->status == UA_EXIT_OK)
		o->status = UA_EXIT_FINDINGS;
	if (o->quiet)
		return 0;
	for (k = 0; k < d->n; k++, o->printed++) {
		if (o->fmt == UA_OUT_JSON)
			ua_print_json_diag(stdout, &d->v[k], o->printed == 0);
		else if (o->fmt == UA_OUT_SARIF)
			ua_sarif_result(stdout, &d->v[k], o->printed == 0);
		else if (o->fmt == UA_OUT_GITHUB)
			ua_print_github(stdout, &d->v[k]);
	}
	if (o->fmt == UA_OUT_TEXT)
		ua_print_text(stdout, d, o->color);
	return ferror(stdout) ? -1 : 0;
}

/* A directory operand: one image's set, each file alone, then together. */
static int
check_set(struct ua_ctx *ctx, const char *dir, const struct ua_validate_opts *opts,
    const char *agent, struct out *o)
{
	struct ua_result r = { { 0 }, UA_OK, "" };
	struct ua_set *set = NULL;
	size_t k;
	int rc;

	r.status = ua_set_read_dir(ctx, dir, agent, opts, &set, &r.d, r.err, sizeof(r.err));
	if (r.status == UA_OK && o->verbose) {
		for (k = 0; k < set->nskipped; k++)
			ua_tool_warnx("%s: skipped: not a file of a known kind", set->skipped[k]);
		ua_tool_warnx("%s: a set of %zu file%s, agent %s%s%s", dir, set->ndocs,
		    set->ndocs == 1 ? "" : "s", set->agent[0] ? set->agent : "not known",
		    set->present[0] && strchr(set->present, ' ') ? "; files of " : "",
		    set->present[0] && strchr(set->present, ' ') ? set->present : "");
	}
	if (r.status == UA_OK && set->ndocs == 0 && r.d.n == 0) {
		snprintf(r.err, sizeof(r.err), "no file of a known kind in this directory "
		    "(see --list-kinds)");
		r.status = UA_EUSAGE;
	}
	if (r.status == UA_OK)
		r.status = ua_set_check(ctx, set, opts->policy, &r.d, r.err, sizeof(r.err));
	rc = emit(0, dir, &r, o);
	ua_diags_free(&r.d);
	ua_set_free(set);
	return rc;
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Files go to the workers in runs; each directory is a set, checked here. */
static int
check_operands(struct ua_ctx *ctx, size_t jobs, char *const *argv, size_t argc,
    const struct ua_validate_opts *opts, const char *agent, struct out *o)
{
	size_t i = 0, j;

	while (i < argc) {
		if (is_dir(argv[i])) {
			if (check_set(ctx, argv[i], opts, agent, o) != 0)
				return 0;	/* standard output is gone */
			i++;
			continue;
		}
		for (j = i; j < argc && !is_dir(argv[j]); j++)
			;
		if (ua_validate_files(ctx, jobs, argv + i, j - i, opts, emit, o) != 0)
			return -1;
		if (ferror(stdout))
			return 0;
		i = j;
	}
	return 0;
}

static struct ua_ctx *volatile kept_ctx;	/* see the end of main (volatile: the store must stay) */

static long
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : n;
}

/* The rule names of the table, for checking the ones a policy names. */
static const char **
rule_names(struct ua_ctx *ctx, size_t *n)
{
	const char **v;
	size_t i;

	for (*n = 0; ua_rules_info(ctx, *n) != NULL; (*n)++)
		;
	if ((v = calloc(*n ? *n : 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < *n; i++)
		v[i] = ua_rules_info(ctx, i)->name;
	return v;
}

/* A policy that names a rule the table lacks is trouble: a typo must not
 * quietly weaken a check. */
static int
check_rules(struct ua_ctx *ctx, const struct ua_policy *p, const char *from)
{
	const char **names;
	char err[512];
	size_t n;
	int rc;

	if (p->ntoggles == 0 && p->nsev == 0)
		return 0;
	if ((names = rule_names(ctx, &n)) == NULL)
		return -1;
	if ((rc = ua_policy_check_rules(p, names, n, err, sizeof(err))) != 0) {
		if (from)
			ua_tool_warnx("%s: %s", from, err);
		else
			ua_tool_warnx("%s", err);
	}
	free(names);
	return rc;
}

static int
load_policy(struct ua_ctx *ctx, struct ua_policy *p, const char *config, int no_config)
{
	char cwd[PATH_MAX], err[512], *found = NULL;
	int rc = 0;

	if (no_config)
		return 0;
	if (config == NULL && getcwd(cwd, sizeof(cwd)) != NULL)
		config = found = ua_policy_find(cwd);
	if (config && ua_policy_load(p, config, found != NULL, err, sizeof(err)) != 0) {
		ua_tool_warnx("%s", err);
		rc = -1;
	} else if (config)
		rc = check_rules(ctx, p, config);
	free(found);
	return rc;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp((*(const struct ua_rule_info *const *)a)->name,
	    (*(const struct ua_rule_info *const *)b)->name);
}

static void
list_rules(struct ua_ctx *ctx)
{
	const struct ua_rule_info **v;
	size_t i, n;

	for (n = 0; ua_rules_info(ctx, n) != NULL; n++)
		;
	if ((v = calloc(n ? n : 1, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < n; i++)
		v[i] = ua_rules_info(ctx, i);
	qsort(v, n, sizeof(*v), by_name);
	for (i = 0; i < n; i++)
		printf("%-32s %-8s %s%s\n", v[i]->name, v[i]->severity, v[i]->summary,
		    v[i]->default_off ? " (off by default)" : "");
	free(v);
}

struct export_names {
	const char *want;
	int found;
	struct ua_buf all;
};

static int
export_row(char **f, size_t n, unsigned long line, void *arg)
{
	struct export_names *e = arg;

	(void)n;
	(void)line;
	if (strcmp(f[0], e->want) == 0)
		e->found = 1;
	ua_buf_printf(&e->all, "%s%s", e->all.len ? ", " : "", f[0]);
	return 0;
}

/* Prints DATADIR/json-schema/NAME.schema.json for a name of schemas/json-schema.tsv. */
static int
export_schema(const char *datadir, const char *name)
{
	struct export_names e = { name, 0, { 0 } };
	char err[512], *path = NULL, *text = NULL;
	size_t len;
	int status = UA_EXIT_TROUBLE;

	if ((path = ua_asprintf("%s/schemas/json-schema.tsv", datadir)) == NULL ||
	    ua_tsv_each(path, export_row, &e, err, sizeof(err)) != 0) {
		ua_tool_warnx("%s", path ? err : "out of memory");
		goto done;
	}
	if (!e.found) {
		ua_tool_warnx("no JSON Schema for '%s' (there are: %s)", name, e.all.s ? e.all.s : "none");
		goto done;
	}
	free(path);
	if ((path = ua_asprintf("%s/json-schema/%s.schema.json", datadir, name)) == NULL ||
	    ua_read_file(path, &text, &len, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", path ? err : "out of memory");
		goto done;
	}
	fwrite(text, 1, len, stdout);
	status = UA_EXIT_OK;
done:
	free(text);
	free(path);
	ua_buf_free(&e.all);
	return status;
}

int
main(int argc, char *argv[])
{
	struct ua_ctx *ctx = NULL;
	struct ua_policy cli = { 0 }, policy = { 0 };
	struct ua_validate_opts opts = { .policy = &policy };
	struct ua_tpl_opts tpl = { UA_TPL_AUTO, NULL, 0, 0 };
	const char *datadir = NULL, *color_when = "auto", *config = NULL, *export = NULL;
	struct out o = { UA_OUT_TEXT, 0, 0, 0, UA_EXIT_OK, 0, 0, { NULL, 0, 0 } };
	const char *agent = NULL;
	char err[512], *eq, *end;
	int ch, list = 0, no_config = 0, status = UA_EXIT_OK;
	long jobs = default_jobs();
	size_t k;

	while ((ch = getopt_long(argc, argv, "k:f:j:qvW:hV", longopts, NULL)) != -1) {
		err[0] = '\0';
		switch (ch) {
		case 'k': opts.kind = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'v': o.verbose = 1; break;
		case OPT_AGENT: agent = optarg; break;
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || jobs < 1 || jobs > 64)
				snprintf(err, sizeof(err), "-j takes a number from 1 to 64");
			break;
		case OPT_DATADIR: datadir = optarg; break;
		case OPT_COLOR: color_when = optarg ? optarg : "always"; break;
		case OPT_LIST_KINDS: list = OPT_LIST_KINDS; break;
		case OPT_LIST_RULES: list = OPT_LIST_RULES; break;
		case OPT_CONFIG: config = optarg; break;
		case OPT_NO_CONFIG: no_config = 1; break;
		case OPT_SKIP_FOREIGN: opts.skip_foreign = 1; break;
		case OPT_EXPORT_SCHEMA: export = optarg; break;
		case 'f':
			if ((o.fmt = ua_outfmt_parse(optarg)) < 0)
				snprintf(err, sizeof(err), "unknown format '%s' (text, json, sarif, github)", optarg);
			break;
		case 'W':
			if (strcmp(optarg, "error") != 0)
				snprintf(err, sizeof(err), "-W takes 'error'");
			cli.werror = 1;
			break;
		case OPT_DISABLE: ua_policy_set(&cli, "disable", optarg, err, sizeof(err)); break;
		case OPT_ENABLE: ua_policy_set(&cli, "enable", optarg, err, sizeof(err)); break;
		case OPT_TARGET: ua_policy_set(&cli, "target", optarg, err, sizeof(err)); break;
		case OPT_AGENT_VERSION:
			ua_policy_set(&cli, "agent-version", optarg, err, sizeof(err));
			break;
		case OPT_SEVERITY:
			if ((eq = strchr(optarg, '=')) == NULL) {
				snprintf(err, sizeof(err), "--severity takes RULE=LEVEL");
				break;
			}
			*eq = '\0';
			{
				char key[300];
				snprintf(key, sizeof(key), "severity %s", optarg);
				ua_policy_set(&cli, key, eq + 1, err, sizeof(err));
			}
			break;
		case 'h': usage(stdout); ua_policy_free(&cli); return ua_tool_close_stdout(UA_EXIT_OK);
		case 'V': ua_tool_version(); ua_policy_free(&cli); return ua_tool_close_stdout(UA_EXIT_OK);
		default:
			if (ua_tool_tpl_option(&tpl, OPT_TEMPLATE, ch, optarg, err, sizeof(err)))
				break;
			usage(stderr);
			ua_policy_free(&cli);
			ua_tpl_opts_free(&tpl);
			return UA_EXIT_TROUBLE;
		}
		if (err[0]) {
			ua_tool_warnx("%s", err);
			ua_policy_free(&cli);
			ua_tpl_opts_free(&tpl);
			return UA_EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	if ((o.color = ua_tool_color(color_when, stdout)) < 0) {
		ua_tool_warnx("unknown --color value '%s'", color_when);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	if (export) {
		status = export_schema(ua_tool_datadir(datadir), export);
		goto out;
	}
	/* a machine format gets its empty document for no files (a CI step whose
	 * file list came out empty); a person gets the usage */
	if (argc == 0 && !list && o.fmt != UA_OUT_SARIF && o.fmt != UA_OUT_JSON) {
		usage(stderr);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	/* libxml2's small blocks from size-class free lists (src/lib/arena.h);
	 * this program has no threads (-j forks) */
	(void)ua_arena_start(UA_ARENA_RESERVE);
	/* the rule files are found now; each is read when a file of its kinds is */
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK ||
	    ua_rules_index(ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	/* the configuration file first, so the command line has the last word */
	if (load_policy(ctx, &policy, config, no_config) != 0 ||
	    check_rules(ctx, &cli, NULL) != 0 ||
	    ua_policy_merge(&policy, &cli, err, sizeof(err)) != 0) {
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	if (ua_agent_settle(ctx, &policy, err, sizeof(err)) != 0) {
		ua_tool_warnx("%s", err);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	if (ua_tool_tpl_refuse(&tpl, ctx->secret_names)) {
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	ctx->tpl = &tpl;
	if (list == OPT_LIST_KINDS)
		for (k = 0; k < ctx->kinds.n; k++)
			printf("%-22s %s\n", ctx->kinds.v[k].name, ctx->kinds.v[k].desc);
	if (list == OPT_LIST_RULES) {
		if (ua_rules_compile_all(ctx, err, sizeof(err)) != UA_OK) {
			ua_tool_warnx("%s", err);
			status = UA_EXIT_TROUBLE;
			goto out;
		}
		list_rules(ctx);
	}
	if (list)
		goto out;
	if (opts.kind && ua_kind_find(&ctx->kinds, opts.kind) == NULL) {
		ua_tool_warnx("unknown kind '%s' (see --list-kinds)", opts.kind);
		status = UA_EXIT_TROUBLE;
		goto out;
	}
	o.werror = policy.werror;
	if (!o.quiet && o.fmt == UA_OUT_JSON)
		fputs("[", stdout);
	if (!o.quiet && o.fmt == UA_OUT_SARIF)
		ua_sarif_begin(stdout, ctx);
	if (check_operands(ctx, (size_t)jobs, argv, (size_t)argc, &opts, agent, &o) != 0) {
		ua_tool_warnx("cannot run worker processes: %s", strerror(errno));
		o.status = UA_EXIT_TROUBLE;
	}
	if (!o.quiet && o.fmt == UA_OUT_JSON)
		fputs(o.printed ? "\n]\n" : "]\n", stdout);
	if (!o.quiet && o.fmt == UA_OUT_SARIF)
		ua_sarif_end(stdout, &o.notes);
	status = o.status;
out:
	ua_policy_free(&cli);
	ua_policy_free(&policy);
	if (ctx)
		ctx->tpl = NULL;
	ua_tpl_opts_free(&tpl);
	/* The process ends here: freeing the context (compiled schemas, catalog,
	 * rules) and libxml2's globals would cost a tenth of a one-file run and give
	 * nothing back. The context stays reachable from a static, so leak checkers
	 * see nothing lost; the unit tests, gen and diff free theirs. */
	kept_ctx = ctx;
	return ua_tool_close_stdout(status);
}
