/* SPDX-License-Identifier: MIT */
/* What the programs share: exit statuses, the data directory, output. */
#ifndef UA_TOOL_H
#define UA_TOOL_H

#include <stdio.h>

#include "diag.h"
#include "template.h"

/* Exit statuses, as diff(1): written in each man page's EXIT STATUS. */
enum ua_exit {
	UA_EXIT_OK = 0,		/* no errors / no differences */
	UA_EXIT_FINDINGS = 1,	/* errors found / differences */
	UA_EXIT_TROUBLE = 2,	/* usage, unreadable input, internal failure */
	UA_EXIT_COUNT
};

enum ua_outfmt {
	UA_OUT_TEXT,
	UA_OUT_JSON,
	UA_OUT_SARIF,
	UA_OUT_GITHUB,
	UA_OUT_COUNT
};

extern const char *ua_progname;

/* --data-dir, else $UNATTEND_TOOLS_DATADIR, else the installed pkgdatadir. */
const char *ua_tool_datadir(const char *option);
/* "auto" (a terminal), "always", "never"; returns -1 when unknown. */
int ua_tool_color(const char *when, FILE *fp);
void ua_tool_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints findings to standard error as "prog: file:line:col: severity: msg [rule]". */
void ua_tool_print_findings(const struct ua_diags *d);
/*
 * Writes s as it can be shown: C0 and C1 controls, DEL, line separators and
 * bidirectional controls as visible escapes (\n, \x1b, \u009b), bytes that are
 * not UTF-8 as \xHH. For every name and value a human format prints.
 */
void ua_print_visible(FILE *fp, const char *s);
/* Prints findings as text lines. */
void ua_print_text(FILE *fp, const struct ua_diags *d, int color);
/* Prints one finding as a JSON object (first: no leading comma). */
void ua_print_json_diag(FILE *fp, const struct ua_diag *e, int first);
/* A JSON string, always valid UTF-8: a byte that is not UTF-8 becomes U+FFFD,
 * controls and separators \u escapes. */
void ua_print_json_string(FILE *fp, const char *s);

/* Prints one finding as a GitHub Actions workflow command. */
void ua_print_github(FILE *fp, const struct ua_diag *e);
/* "text", "json", "sarif", "github"; -1 when unknown. */
int ua_outfmt_parse(const char *s);

/*
 * --template, --var and --var-file, the same in every program that reads
 * templates (unattend-validate, unattend-diff): their getopt_long entries take
 * the values first, first + 1 and first + 2.
 */
#define UA_TOOL_TPL_LONGOPTS(first) \
	{ "template", required_argument, NULL, (first) }, \
	{ "var", required_argument, NULL, (first) + 1 }, \
	{ "var-file", required_argument, NULL, (first) + 2 }
/*
 * Takes option ch into o when it is one of those three: 1 (err set when its
 * argument is wrong), else 0.
 */
int ua_tool_tpl_option(struct ua_tpl_opts *o, int first, int ch, const char *arg, char *err,
    size_t errlen);
/*
 * Refuses a secret on the command line: says which --var names one (sn: the
 * password-like names) and that --var-file takes it, never its value, and
 * returns 1; 0 when none does.
 */
int ua_tool_tpl_refuse(const struct ua_tpl_opts *o, const struct ua_secret_names *sn);

/* Flushes and closes stdout; returns UA_EXIT_TROUBLE with a message on failure. */
int ua_tool_close_stdout(int status);
void ua_tool_version(void);

#endif
