/* SPDX-License-Identifier: MIT */
/* unattend-migrate: move an EC2Config or EC2Launch v1 image's set to EC2Launch v2. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctx.h"
#include "migrate.h"
#include "policy.h"
#include "set.h"
#include "tool.h"
#include "ua.h"
#include "util.h"
#include "validate.h"

const char *ua_progname = "unattend-migrate";

enum { OPT_DATADIR = 256, OPT_FORMAT, OPT_LIKE_AWS, OPT_FROM_AGENT, OPT_DEVICE, OPT_ALLOW };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "like-aws", no_argument, NULL, OPT_LIKE_AWS },
	{ "from-agent", required_argument, NULL, OPT_FROM_AGENT },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "allow-source-errors", no_argument, NULL, OPT_ALLOW },
	{ "data-dir", required_argument, NULL, OPT_DATADIR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [-fq] [-o DIR] [--format=text|json] [--like-aws]\n"
	    "       [--from-agent=ec2config|ec2launch] [--device=LABEL=DEVICE]...\n"
	    "       [--allow-source-errors] [--data-dir=DIR] DIR | FILE...\n"
	    "       %s --help | --version\n"
	    "Move an EC2Config or EC2Launch v1 image's files (a directory, or the files) to\n"
	    "EC2Launch v2: agent-config.yml and unattend.xml, validated as a set before\n"
	    "anything is written, and a report of what became of every source setting.\n"
	    "Without -o nothing is written. Exit status: 0 migrated, 1 refused (the source\n"
	    "has errors, or the new set would not be valid), 2 trouble.\n"
	    "\n"
	    "  -o, --output=DIR       write the EC2Launch v2 files into DIR (made if missing)\n"
	    "  -f, --force            replace files already in DIR\n"
	    "  -q, --quiet            no report; only the exit status and errors tell\n"
	    "      --format=FORMAT    the report as text (default) or json\n"
	    "      --like-aws         only what AWS's migration tool documents\n"
	    "      --from-agent=AGENT the source agent (default: told by the files)\n"
	    "      --device=LABEL=DEVICE  the device of the volume a drive-letter mapping\n"
	    "                         names by LABEL (repeatable)\n"
	    "      --allow-source-errors  migrate a source with errors (shown as warnings)\n"
	    "      --data-dir=DIR     data from DIR (also UNATTEND_TOOLS_DATADIR)\n",
	    ua_progname, ua_progname);
}

/*
 * Keeps the source's errors (warnings are the old agent's ways the migration is
 * for) and tells whether there are any; with allow, as warnings.
 */
static int
source_errors(struct ua_diags *d, int allow)
{
	size_t i, keep = 0, n = 0;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].sev != UA_SEV_ERROR) {
			ua_diag_clear(&d->v[i]);
			continue;
		}
		n++;
		if (allow)
			d->v[i].sev = UA_SEV_WARNING;
		d->v[keep++] = d->v[i];
	}
	d->n = keep;
	ua_tool_print_findings(d);
	return n > 0 && !allow;
}

/*
 * Reads the source set, one directory or files, into *out: UA_EXIT_OK, or
 * UA_EXIT_FINDINGS when a source file has errors (not allow), UA_EXIT_TROUBLE.
 */
static int
read_set(struct ua_ctx *ctx, char **argv, int argc, int allow, struct ua_set **out)
{
	struct ua_validate_opts vo = { 0 };
	struct ua_policy pol = { 0 };
	struct ua_diags d = { 0 };
	struct ua_set *set = NULL;
	struct stat st;
	char err[1024];
	int i, rc, status = UA_EXIT_TROUBLE;

	/* a static password in clear text is how the old agents keep it and how the
	 * new set keeps it too (a warning there): no reason to refuse the source */
	rc = ua_policy_set(&pol, "disable", "cleartext-password", err, sizeof(err));
	vo.policy = &pol;
	if (rc != UA_OK)
		;
	else if (argc == 1 && stat(argv[0], &st) == 0 && S_ISDIR(st.st_mode))
		rc = ua_set_read_dir(ctx, argv[0], NULL, &vo, &set, &d, err, sizeof(err));
	else if ((rc = ua_set_new(argv[0], &set)) == UA_OK)
		for (i = 0; i < argc && rc == UA_OK; i++) {
			char *buf = NULL;
			size_t len;
			if ((rc = ua_read_file(argv[i], &buf, &len, err, sizeof(err))) == UA_OK)
				rc = ua_set_add_buffer(ctx, set, argv[i], buf, len, &vo, &d, NULL,
				    err, sizeof(err));
			free(buf);
		}
	for (i = 0; rc == UA_OK && (size_t)i < d.n; i++)
		if (strcmp(d.v[i].rule, "syntax") == 0) {
			ua_tool_print_findings(&d);
			snprintf(err, sizeof(err), "%s: does not parse; nothing migrated", d.v[i].file);
			rc = UA_ESYNTAX;
		}
	if (rc != UA_OK)
		ua_tool_warnx("%s", err);
	else if (source_errors(&d, allow)) {
		ua_tool_warnx("refused: the source has errors (see above; --allow-source-errors "
		    "migrates it as it is); nothing written");
		status = UA_EXIT_FINDINGS;
	} else {
		*out = set;
		set = NULL;
		status = UA_EXIT_OK;
	}
	ua_set_free(set);
	ua_policy_free(&pol);
	ua_diags_free(&d);
	return status;
}

static void
report(const struct ua_migrate_result *r, int json)
{
	const struct ua_migrate_entry *e;
	size_t i;

	if (json)
		fputs("[", stdout);
	for (i = 0; i < r->n; i++) {
		e = &r->v[i];
		if (json) {
			printf("%s\n  {\"file\": ", i ? "," : "");
			ua_print_json_string(stdout, e->file);
			printf(", \"line\": %lu, \"setting\": ", e->line);
			ua_print_json_string(stdout, e->setting);
			printf(", \"status\": \"%s\"", ua_migrate_status_name(e->status));
			if (strcmp(e->target, "-") != 0) {
				fputs(", \"target\": ", stdout);
				ua_print_json_string(stdout, e->target);
			}
			fputs(", \"reason\": ", stdout);
			ua_print_json_string(stdout, e->reason);
			fputs("}", stdout);
			continue;
		}
		ua_print_visible(stdout, e->file);
		printf(":%lu: ", e->line);
		ua_print_visible(stdout, e->setting);
		printf(": %s", ua_migrate_status_name(e->status));
		if (strcmp(e->target, "-") != 0) {
			fputs(" -> ", stdout);
			ua_print_visible(stdout, e->target);
		}
		fputs(": ", stdout);
		ua_print_visible(stdout, e->reason);
		fputc('\n', stdout);
	}
	if (json)
		fputs(r->n ? "\n]\n" : "]\n", stdout);
}

int
main(int argc, char *argv[])
{
	struct ua_migrate_opts o = { 0 };
	struct ua_migrate_result r = { 0 };
	struct ua_diags d = { 0 };
	struct ua_ctx *ctx = NULL;
	struct ua_set *src = NULL;
	const char *outdir = NULL, *datadir = NULL;
	char err[1024], **devices = calloc((size_t)argc + 1, sizeof(*devices));
	int ch, force = 0, quiet = 0, json = 0, allow = 0, status = UA_EXIT_TROUBLE;

	if (devices == NULL) {
		ua_tool_warnx("out of memory");
		return UA_EXIT_TROUBLE;
	}
	o.devices = devices;
	while ((ch = getopt_long(argc, argv, "o:fqhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': outdir = optarg; break;
		case 'f': force = 1; break;
		case 'q': quiet = 1; break;
		case OPT_DATADIR: datadir = optarg; break;
		case OPT_LIKE_AWS: o.like_aws = 1; break;
		case OPT_FROM_AGENT: o.from_agent = optarg; break;
		case OPT_DEVICE: devices[o.ndevices++] = optarg; break;
		case OPT_ALLOW: allow = 1; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0)
				json = strcmp(optarg, "json") == 0;
			else {
				ua_tool_warnx("unknown format '%s' (text or json)", optarg);
				goto out;
			}
			break;
		case 'h': usage(stdout); status = ua_tool_close_stdout(UA_EXIT_OK); goto out;
		case 'V': ua_tool_version(); status = ua_tool_close_stdout(UA_EXIT_OK); goto out;
		default: usage(stderr); goto out;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		goto out;
	}
	if (ua_ctx_new(ua_tool_datadir(datadir), &ctx, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	if ((status = read_set(ctx, argv, argc, allow, &src)) != UA_EXIT_OK)
		goto out;
	status = UA_EXIT_TROUBLE;
	if (ua_migrate_run(ctx, src, &o, &r, &d, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
		goto out;
	}
	if (!quiet)
		report(&r, json);
	ua_tool_print_findings(&d);
	if (ua_diags_count(&d, 0, UA_SEV_ERROR) > 0) {
		ua_tool_warnx("refused: the EC2Launch v2 set would not be valid (see above); nothing written");
		status = UA_EXIT_FINDINGS;
	} else if (outdir && ua_gen_write(&r.out, outdir, force, err, sizeof(err)) != UA_OK) {
		ua_tool_warnx("%s", err);
	} else
		status = UA_EXIT_OK;
	status = ua_tool_close_stdout(status);
out:
	ua_migrate_result_free(&r);
	ua_diags_free(&d);
	ua_set_free(src);
	ua_ctx_free(ctx);
	ua_global_cleanup();
	free(devices);
	return status;
}
