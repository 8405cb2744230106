/* SPDX-License-Identifier: MIT */
/* What the programs share: exit statuses, the data directory, output. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

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

void
ua_tool_warnx(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ua_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A set rule's other places: one note line each, as compilers print them. */
static void
print_related(FILE *fp, const struct ua_diag *e, int color)
{
	size_t k;

	for (k = 0; k < e->nrelated; k++) {
		const struct ua_loc *l = &e->related[k];
		if (color)
			fprintf(fp, "\033[1m%s:%lu:%lu:\033[0m \033[1;36mnote:\033[0m related to the "
			    "finding above [%s]\n", l->file, l->line, l->col, e->rule);
		else
			fprintf(fp, "%s:%lu:%lu: note: related to the finding above [%s]\n", l->file,
			    l->line, l->col, e->rule);
	}
}

void
ua_tool_print_findings(const struct ua_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct ua_diag *e = &d->v[i];
		if (e->line)
			fprintf(stderr, "%s: %s:%lu:%lu: %s: %s [%s]\n", ua_progname, e->file, e->line,
			    e->col, ua_severity_name(e->sev), e->msg, e->rule);
		else
			fprintf(stderr, "%s: %s: %s: %s [%s]\n", ua_progname, e->file,
			    ua_severity_name(e->sev), e->msg, e->rule);
	}
}

void
ua_print_text(FILE *fp, const struct ua_diags *d, int color)
{
	static const char *const sevcolor[UA_SEV_COUNT] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct ua_diag *e = &d->v[i];
		if (color)
			fprintf(fp, "\033[1m%s:%lu:%lu:\033[0m %s%s:\033[0m %s [%s]\n", e->file,
			    e->line, e->col, sevcolor[e->sev], ua_severity_name(e->sev),
			    e->msg, e->rule);
		else
			fprintf(fp, "%s:%lu:%lu: %s: %s [%s]\n", e->file, e->line, e->col,
			    ua_severity_name(e->sev), e->msg, e->rule);
		print_related(fp, e, color);
	}
}

void
ua_print_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', fp);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
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

/* Workflow-command escaping: data escapes %, CR, LF; properties also : and ,. */
static void
github_escape(FILE *fp, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", fp);
		else if (*s == '\r')
			fputs("%0D", fp);
		else if (*s == '\n')
			fputs("%0A", fp);
		else if (property && *s == ':')
			fputs("%3A", fp);
		else if (property && *s == ',')
			fputs("%2C", fp);
		else
			fputc(*s, fp);
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
