/* SPDX-License-Identifier: MIT */
/* unattend-gen: generate valid answer files and EC2 launch-agent settings from the templates. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "gen.h"
#include "tool.h"
#include "ua.h"

const char *ua_progname = "unattend-gen";

enum { OPT_PARAM = 256, OPT_PROFILE, OPT_DATADIR };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "data-dir", required_argument, NULL, OPT_DATADIR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "agent", required_argument, NULL, OPT_PARAM },
	{ "os", required_argument, NULL, OPT_PARAM },
	{ "timezone", required_argument, NULL, OPT_PARAM },
	{ "locale", required_argument, NULL, OPT_PARAM },
	{ "ui-language", required_argument, NULL, OPT_PARAM },
	{ "computer-name", required_argument, NULL, OPT_PARAM },
	{ "copy-profile", required_argument, NULL, OPT_PARAM },
	{ "registered-owner", required_argument, NULL, OPT_PARAM },
	{ "registered-organization", required_argument, NULL, OPT_PARAM },
	{ "product-key", required_argument, NULL, OPT_PARAM },
	{ "product-key-file", required_argument, NULL, OPT_PARAM },
	{ "from", required_argument, NULL, OPT_PARAM },
	{ "admin-password", required_argument, NULL, OPT_PARAM },
	{ "admin-password-file", required_argument, NULL, OPT_PARAM },
	{ "specialize-command", required_argument, NULL, OPT_PARAM },
	{ "first-logon-command", required_argument, NULL, OPT_PARAM },
	{ "set", required_argument, NULL, OPT_PARAM },
	{ "set-file", required_argument, NULL, OPT_PARAM },
	{ "set-computer-name", required_argument, NULL, OPT_PARAM },
	{ "monitor-always-on", required_argument, NULL, OPT_PARAM },
	{ "wallpaper", required_argument, NULL, OPT_PARAM },
	{ "dns-suffix", required_argument, NULL, OPT_PARAM },
	{ "extend-boot-volume", required_argument, NULL, OPT_PARAM },
	{ "handle-user-data", required_argument, NULL, OPT_PARAM },
	{ "user-data", required_argument, NULL, OPT_PARAM },
	{ "activate-windows", required_argument, NULL, OPT_PARAM },
	{ "ssm", required_argument, NULL, OPT_PARAM },
	{ "agent-version", required_argument, NULL, OPT_PARAM },
	{ "user-data-file", required_argument, NULL, OPT_PARAM },
	{ "user-data-form", required_argument, NULL, OPT_PARAM },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-f] [-o DIR] [--profile=FILE] [--from=FILE]\n"
	    "       [--agent=AGENT] [--os=VERSION] [--agent-version=[AGENT@]VERSION]\n"
	    "       [--timezone=ID] [--locale=NAME] [--ui-language=NAME]\n"
	    "       [--computer-name=NAME] [--copy-profile=BOOL]\n"
	    "       [--registered-owner=TEXT] [--registered-organization=TEXT]\n"
	    "       [--product-key-file=FILE] [--admin-password=random|static|keep]\n"
	    "       [--admin-password-file=FILE] [--user-data=FILE [--user-data-form=xml|yaml]]\n"
	    "       [--specialize-command=CMD]... [--first-logon-command=CMD]...\n"
	    "       [--set=TARGET/PATH=VALUE]... [--set-file=TARGET/PATH=FILE]...\n"
	    "       [--SWITCH=on|off|VALUE]... [--data-dir=DIR]\n"
	    "       %s --help | --version\n"
	    "Generate the Sysprep answer file and settings of an EC2 launch agent; nothing is\n"
	    "written unless every output validates. Without -o, the answer file goes to\n"
	    "standard output (unless it holds a secret). Secrets are never taken from the\n"
	    "command line: use the -file options. Exit status: 0 written, 1 refused\n"
	    "(invalid result), 2 trouble.\n"
	    "Agents: ec2config (2008r2, 2012, 2012r2), ec2launch (2016, 2019),\n"
	    "ec2launch-v2 (2022, 2025, also 2016, 2019, and 2012r2 up to release 2.0.1643;\n"
	    "the default). --os picks the agent AWS ships for it. Switches: set-computer-name,\n"
	    "monitor-always-on, wallpaper, dns-suffix, extend-boot-volume, handle-user-data,\n"
	    "activate-windows, ssm (each agent takes some); ec2launch-v2 also takes\n"
	    "--wallpaper=PATH and --dns-suffix=SUFFIX[,SUFFIX]. See unattend-gen(1).\n",
	    ua_progname, ua_progname);
}

/* Secrets given on the command line are readable by every local user (/proc/PID/cmdline). */
static int
refuse_secret_args(struct ua_ctx *ctx, const char **keys, const char **vals, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(keys[i], "product-key") == 0) {
			ua_tool_warnx("--product-key: a product key is a secret and is not taken from "
			    "the command line, where every local user can read it; use "
			    "--product-key-file=FILE");
			return -1;
		}
		if (strcmp(keys[i], "set") == 0 && ua_gen_set_is_secret(ctx, vals[i])) {
			ua_tool_warnx("--set: %.*s is a secret and is not taken from the command line, "
			    "where every local user can read it; use --set-file=%.*s=FILE (the "
			    "administrator password: --admin-password-file=FILE or "
			    "UNATTEND_GEN_ADMIN_PASSWORD)", (int)strcspn(vals[i], "="), vals[i],
			    (int)strcspn(vals[i], "="), vals[i]);
			return -1;
		}
	}
	return 0;
}

/* Whether the set rules found that the files lock the administrator out. */
static int
locks_out(const struct ua_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == UA_SEV_ERROR && strncmp(d->v[i].rule, "set-password-", 13) == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct ua_gen_params p = { 0 };
	struct ua_gen_out out = { 0 };
	struct ua_diags d = { 0 };
	struct ua_ctx *ctx = NULL;
	const char *outdir = NULL, *profile = NULL, *datadir = NULL, *env;
	const char **keys = calloc((size_t)argc + 1, sizeof(*keys)), **vals = calloc((size_t)argc + 1, sizeof(*vals));
	char err[1024];
	int ch, li, force = 0, n = 0, i, status = UA_EXIT_TROUBLE;

	if (keys == NULL || vals == NULL) {
		ua_tool_warnx("out of memory");
		goto out;
	}
	while ((ch = getopt_long(argc, argv, "o:fhV", longopts, &li)) != -1) {
		switch (ch) {
		case 'o': outdir = optarg; break;
		case 'f': force = 1; break;
		case OPT_PROFILE: profile = optarg; break;
		case OPT_DATADIR: datadir = optarg; break;
		case OPT_PARAM: keys[n] = longopts[li].name; vals[n++] = optarg; break;
		case 'h': usage(stdout); status = UA_EXIT_OK; goto out;
		case 'V': ua_tool_version(); status = UA_EXIT_OK; goto out;
		default: usage(stderr); goto out;
		}
	}
	if (optind != argc) {
		usage(stderr);
		goto out;
	}
	if (profile && ua_gen_profile_load(&p, profile, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (ua_gen_param(&p, keys[i], vals[i], err, sizeof(err)) != UA_OK) {
			ua_tool_warnx("--%s", err);
			goto out;
		}
	if (p.old_user_data_switch)
		ua_tool_warnx("--user-data=on|off is deprecated: it names the user data file now; "
		    "use --handle-user-data=on|off");
	if (p.pwmode == UA_PW_STATIC && p.password == NULL &&
	    (env = getenv("UNATTEND_GEN_ADMIN_PASSWORD")) != NULL && *env &&
	    (i = ua_gen_set_password(&p, env)) != UA_OK) {
		ua_tool_warnx(i == UA_EUSAGE ? "UNATTEND_GEN_ADMIN_PASSWORD: the password holds "
		    "control characters or is not UTF-8" : "out of memory");
		goto out;
	}
	if (p.pwmode == UA_PW_STATIC && outdir == NULL) {
		ua_tool_warnx("a static password is only written to files: use -o DIR");
		goto out;
	}
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	if (refuse_secret_args(ctx, keys, vals, n) != 0)
		goto out;
	if (ua_gen_run(ctx, &p, &out, &d, err, sizeof(err)) != UA_OK) {
		ua_tool_print_findings(&d);
		ua_tool_warnx("%s", err);
		goto out;
	}
	ua_tool_print_findings(&d);
	if (ua_diags_count(&d, 0, UA_SEV_ERROR) > 0) {
		if (locks_out(&d) && p.pwmode == UA_PW_KEEP)
			ua_tool_warnx("refused: %s cannot keep the existing administrator password "
			    "through Sysprep: it leaves the password to the answer file, and without "
			    "one there the administrator account is disabled (AWS); use "
			    "--admin-password=random or static; nothing written", out.agent);
		else if (locks_out(&d))
			ua_tool_warnx("refused: nobody could log on to instances of this image "
			    "(see above); nothing written");
		else
			ua_tool_warnx("refused: the result would not be valid; nothing written");
		status = UA_EXIT_FINDINGS;
	} else if (outdir == NULL && out.v[0].holds_secret) {
		ua_tool_warnx("%s holds a secret (a password or a product key) and is only "
		    "written to files: use -o DIR", out.v[0].name);
	} else if (outdir == NULL) {
		fwrite(out.v[0].bytes, 1, out.v[0].len, stdout);
		status = UA_EXIT_OK;
	} else if (ua_gen_write(&out, outdir, force, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
	} else {
		status = UA_EXIT_OK;
	}
out:
	free(keys);
	free(vals);
	ua_gen_out_free(&out);
	ua_gen_params_free(&p);
	ua_diags_free(&d);
	ua_ctx_free(ctx);
	ua_global_cleanup();
	return ua_tool_close_stdout(status);
}
