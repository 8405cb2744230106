/* SPDX-License-Identifier: MIT */
/* What the programs share: exit statuses, the data directory, output. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"
#include "util.h"

const char *
ua_tool_datadir(const char *option)
{
	const char *env = getenv("UNATTEND_TOOLS_DATADIR");

	if (option && *option)
		return option;
	if (env && *env)
		return env;
	return UA_PKGDATADIR;
}

int
ua_tool_color(const char *when, FILE *fp)
{
	const char *term = getenv("TERM");

	if (when == NULL || strcmp(when, "auto") == 0)
		return isatty(fileno(fp)) && getenv("NO_COLOR") == NULL &&
		    !(term && strcmp(term, "dumb") == 0);
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	return -1;
}

/*
 * The code point of the UTF-8 sequence at p and its length in *len; -1 (and
 * *len 1) for a byte that does not start a valid, shortest-form sequence of
 * a Unicode scalar value.
 */
static long
utf8_decode(const unsigned char *p, size_t *len)
{
	long cp;
	size_t n, k;

	*len = 1;
	if (p[0] < 0x80)
		return p[0];
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return -1;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[k] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = n;
	return cp;
}

/* What a terminal or a log reader acts on rather than shows: C0 and C1
 * controls, DEL, line and paragraph separators, bidirectional controls. */
static int
acts(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* Writes one character that acts, or one byte that is not UTF-8, visibly. */
static void
put_visible(FILE *fp, long cp, unsigned char byte)
{
	if (cp == '\n')
		fputs("\\n", fp);
	else if (cp == '\r')
		fputs("\\r", fp);
	else if (cp == '\t')
		fputs("\\t", fp);
	else if (cp < 0)
		fprintf(fp, "\\x%02x", byte);
	else if (cp < 0x80)
		fprintf(fp, "\\x%02x", (unsigned)cp);
	else
		fprintf(fp, "\\u%04lx", cp);
}

void
ua_print_visible(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t n;
	long cp;

	/* characters shown as they are go out in runs, one fwrite each */
	while (*p) {
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		cp = utf8_decode(p, &n);
		if (cp < 0 || acts(cp)) {
			if (p > run)
				fwrite(run, 1, (size_t)(p - run), fp);
			put_visible(fp, cp, *p);
			run = p + n;
		}
		p += n;
	}
	if (p > run)
		fwrite(run, 1, (size_t)(p - run), fp);
}

void
ua_tool_warnx(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ua_vasprintf(fmt, ap);
	va_end(ap);
	/* a file name or a value in the message must not start a line of its own
	 * or steer the terminal */
	fprintf(stderr, "%s: ", ua_progname);
	ua_print_visible(stderr, msg ? msg : "out of memory");
	fputc('\n', stderr);
	free(msg);
}

/* file:line:col:, or file: when the line is unknown and short is set; bold
 * in colour. */
static void
print_place(FILE *fp, const char *file, unsigned long line, unsigned long col, int color,
    int short_)
{
	if (color)
		fputs("\033[1m", fp);
	ua_print_visible(fp, file);
	if (line || !short_)
		fprintf(fp, ":%lu:%lu:", line, col);
	else
		fputc(':', fp);
	if (color)
		fputs("\033[0m", fp);
}

/* One finding as a line; unless short_, a set rule's other places as a note
 * line each, as compilers print them. Names and messages are printed visibly (control
 * characters escaped), so no line of output is ever made by the input. */
static void
print_finding(FILE *fp, const struct ua_diag *e, int color, int short_)
{
	static const char *const sevcolor[UA_SEV_COUNT] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };
	size_t k;

	print_place(fp, e->file, e->line, e->col, color, short_);
	fprintf(fp, " %s%s:%s ", color ? sevcolor[e->sev] : "", ua_severity_name(e->sev),
	    color ? "\033[0m" : "");
	ua_print_visible(fp, e->msg);
	fputs(" [", fp);
	ua_print_visible(fp, e->rule);
	fputs("]\n", fp);
	for (k = 0; !short_ && k < e->nrelated; k++) {
		print_place(fp, e->related[k].file, e->related[k].line, e->related[k].col, color, 0);
		fprintf(fp, " %snote:%s related to the finding above [", color ? sevcolor[UA_SEV_NOTE] : "",
		    color ? "\033[0m" : "");
		ua_print_visible(fp, e->rule);
		fputs("]\n", fp);
	}
}

void
ua_tool_print_findings(const struct ua_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		fprintf(stderr, "%s: ", ua_progname);
		print_finding(stderr, &d->v[i], 0, 1);
	}
}

void
ua_print_text(FILE *fp, const struct ua_diags *d, int color)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		print_finding(fp, &d->v[i], color, 0);
}

void
ua_print_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	long cp;

	fputc('"', fp);
	for (; *p; p += n) {
		cp = utf8_decode(p, &n);
		if (cp == '"' || cp == '\\')
			fprintf(fp, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", fp);
		else if (cp == '\r')
			fputs("\\r", fp);
		else if (cp == '\t')
			fputs("\\t", fp);
		else if (cp < 0)	/* not UTF-8: the document stays valid */
			fputs("\\ufffd", fp);
		else if (acts(cp))
			fprintf(fp, "\\u%04lx", cp);
		else
			fwrite(p, 1, n, fp);
	}
	fputc('"', fp);
}

void
ua_print_json_diag(FILE *fp, const struct ua_diag *e, int first)
{
	fputs(first ? "\n  {" : ",\n  {", fp);
	fputs("\"file\": ", fp);
	ua_print_json_string(fp, e->file);
	fprintf(fp, ", \"line\": %lu, \"column\": %lu, \"severity\": ", e->line, e->col);
	ua_print_json_string(fp, ua_severity_name(e->sev));
	fputs(", \"rule\": ", fp);
	ua_print_json_string(fp, e->rule);
	fputs(", \"message\": ", fp);
	ua_print_json_string(fp, e->msg);
	if (e->nrelated) {
		size_t k;
		fputs(", \"related\": [", fp);
		for (k = 0; k < e->nrelated; k++) {
			fputs(k ? ", {\"file\": " : "{\"file\": ", fp);
			ua_print_json_string(fp, e->related[k].file);
			fprintf(fp, ", \"line\": %lu, \"column\": %lu}", e->related[k].line,
			    e->related[k].col);
		}
		fputc(']', fp);
	}
	fputc('}', fp);
}

int
ua_outfmt_parse(const char *s)
{
	static const char *const names[UA_OUT_COUNT] = { "text", "json", "sarif", "github" };
	int i;

	for (i = 0; i < UA_OUT_COUNT; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/*
 * Workflow-command escaping as the runner undoes it: % CR LF in the data,
 * also : and , in a property. Whatever else acts is printed visibly: the
 * runner splits commands at line ends only, so no finding can start a
 * command (::add-mask::, ::stop-commands::) of its own.
 */
static void
github_escape(FILE *fp, const char *s, int property)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	long cp;

	for (; *p; p += n) {
		cp = utf8_decode(p, &n);
		if (cp == '%')
			fputs("%25", fp);
		else if (cp == '\r')
			fputs("%0D", fp);
		else if (cp == '\n')
			fputs("%0A", fp);
		else if (property && cp == ':')
			fputs("%3A", fp);
		else if (property && cp == ',')
			fputs("%2C", fp);
		else if (cp < 0 || acts(cp))
			put_visible(fp, cp, *p);
		else
			fwrite(p, 1, n, fp);
	}
}

void
ua_print_github(FILE *fp, const struct ua_diag *e)
{
	size_t k;

	fprintf(fp, "::%s file=", e->sev == UA_SEV_NOTE ? "notice" : ua_severity_name(e->sev));
	github_escape(fp, e->file, 1);
	fprintf(fp, ",line=%lu,col=%lu,title=", e->line, e->col);
	github_escape(fp, e->rule, 1);
	fputs("::", fp);
	github_escape(fp, e->msg, 0);
	/* an annotation has one place: a set finding's others go in its text */
	for (k = 0; k < e->nrelated; k++) {
		fputs(k ? ", " : " (see ", fp);
		github_escape(fp, e->related[k].file, 0);
		fprintf(fp, ":%lu", e->related[k].line);
	}
	if (e->nrelated)
		fputc(')', fp);
	fputs(" [", fp);
	github_escape(fp, e->rule, 0);
	fputs("]\n", fp);
}

int
ua_tool_tpl_option(struct ua_tpl_opts *o, int first, int ch, const char *arg, char *err,
    size_t errlen)
{
	int syn;

	if (ch == first) {
		if ((syn = ua_tpl_syntax_parse(arg)) < 0)
			snprintf(err, errlen, "unknown --template '%s' (auto, packer, go, jinja, none)",
			    arg);
		else
			o->syntax = (enum ua_tpl_syntax)syn;
	} else if (ch == first + 1)
		(void)ua_tpl_opts_set(o, arg, err, errlen);
	else if (ch == first + 2)
		(void)ua_tpl_opts_read(o, arg, err, errlen);
	else
		return 0;
	return 1;
}

int
ua_tool_tpl_refuse(const struct ua_tpl_opts *o, const struct ua_secret_names *sn)
{
	const struct ua_tpl_var *v = ua_tpl_secret_on_argv(o, sn);

	if (v == NULL)
		return 0;
	ua_tool_warnx("--var %s: its name says it holds a secret, and a secret never goes on a "
	    "command line (other users and the shell's history see it): put it in a file and "
	    "give that with --var-file", v->name);
	return 1;
}

int
ua_tool_close_stdout(int status)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);

	if (fclose(stdout) != 0)
		failed = 1;
	if (failed) {
		ua_tool_warnx("write error: %s", strerror(errno ? errno : EIO));
		return UA_EXIT_TROUBLE;
	}
	return status;
}

void
ua_tool_version(void)
{
	printf("%s (%s) %s\n", ua_progname, PACKAGE_NAME, PACKAGE_VERSION);
}
