/* SPDX-License-Identifier: MIT */
/* SARIF 2.1.0 output of unattend-validate, for code scanning. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "sarif.h"
#include "tool.h"
#include "util.h"

static const char *
level(const char *severity)
{
	return strcmp(severity, "error") == 0 ? "error" :
	    strcmp(severity, "warning") == 0 ? "warning" : "note";
}

/* A path as URI characters: unreserved bytes and '/' kept, the rest (any
 * byte that is not UTF-8 too) percent-encoded, so the log stays ASCII here. */
static void
put_uri(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c))
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
}

/* An artifactLocation: a relative operand relative to %SRCROOT% (the working
 * directory), an absolute one as a file: URI. */
static void
artifact(FILE *fp, const char *file)
{
	if (file[0] == '/') {
		fputs("{\"uri\": \"file://", fp);
		put_uri(fp, file);
		fputs("\"}", fp);
		return;
	}
	while (file[0] == '.' && file[1] == '/') {
		file += 2;
		while (*file == '/')
			file++;
	}
	fputs("{\"uri\": \"", fp);
	put_uri(fp, file);
	fputs("\", \"uriBaseId\": \"%SRCROOT%\"}", fp);
}

void
ua_sarif_begin(FILE *fp, struct ua_ctx *ctx)
{
	const struct ua_rule_info *r;
	char cwd[PATH_MAX];
	size_t i;

	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\n"
	    "      \"name\": \"unattend-validate\",\n", fp);
	fprintf(fp, "      \"version\": \"%s\",\n      \"rules\": [", PACKAGE_VERSION);
	for (i = 0; (r = ua_rules_info(ctx, i)) != NULL; i++) {
		fputs(i ? ",\n        {\"id\": " : "\n        {\"id\": ", fp);
		ua_print_json_string(fp, r->name);
		fputs(", \"shortDescription\": {\"text\": ", fp);
		ua_print_json_string(fp, r->summary);
		fprintf(fp, "}, \"defaultConfiguration\": {\"level\": \"%s\", \"enabled\": %s},"
		    " \"helpUri\": \"man:unattend-rules(7)\"}", level(r->severity),
		    r->default_off ? "false" : "true");
	}
	fputs("\n      ]\n    }},\n    \"columnKind\": \"unicodeCodePoints\",\n", fp);
	/* relative file names are relative to the working directory */
	if (getcwd(cwd, sizeof(cwd)) != NULL && cwd[0] == '/') {
		fputs("    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": \"file://", fp);
		put_uri(fp, cwd);
		fputs(strcmp(cwd, "/") == 0 ? "\"}},\n" : "/\"}},\n", fp);
	}
	fputs("    \"results\": [", fp);
}

void
ua_sarif_result(FILE *fp, const struct ua_diag *e, int first)
{
	fputs(first ? "\n      {\"ruleId\": " : ",\n      {\"ruleId\": ", fp);
	ua_print_json_string(fp, e->rule);
	fprintf(fp, ", \"level\": \"%s\", \"message\": {\"text\": ", level(ua_severity_name(e->sev)));
	ua_print_json_string(fp, e->msg);
	fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ", fp);
	artifact(fp, e->file);
	fprintf(fp, ", \"region\": {\"startLine\": %lu, \"startColumn\": %lu}}}]",
	    e->line ? e->line : 1, e->col ? e->col : 1);
	if (e->nrelated) {
		size_t k;
		fputs(", \"relatedLocations\": [", fp);
		for (k = 0; k < e->nrelated; k++) {
			fprintf(fp, "%s{\"id\": %zu, \"physicalLocation\": {\"artifactLocation\": ",
			    k ? ", " : "", k + 1);
			artifact(fp, e->related[k].file);
			fprintf(fp, ", \"region\": {\"startLine\": %lu, \"startColumn\": %lu}}}",
			    e->related[k].line ? e->related[k].line : 1,
			    e->related[k].col ? e->related[k].col : 1);
		}
		fputc(']', fp);
	}
	fputc('}', fp);
}

void
ua_sarif_note(struct ua_sarif_notes *n, const char *file, const char *msg, int error)
{
	struct ua_sarif_note *v;

	if (ua_grow(&n->v, &n->cap, n->n, sizeof(*n->v), 8) != 0)
		return;
	v = &n->v[n->n];
	v->file = ua_strdup(file);
	v->msg = ua_asprintf("%s: %s", strcmp(file, "-") == 0 ? "<stdin>" : file, msg);
	v->error = error;
	if (v->file && v->msg)
		n->n++;
	else {
		free(v->file);
		free(v->msg);
	}
}

void
ua_sarif_end(FILE *fp, struct ua_sarif_notes *n)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < n->n; i++)
		if (n->v[i].error)
			ok = 0;
	fprintf(fp, "\n    ],\n    \"invocations\": [{\"executionSuccessful\": %s,\n"
	    "      \"toolExecutionNotifications\": [", ok ? "true" : "false");
	for (i = 0; i < n->n; i++) {
		fprintf(fp, "%s\n        {\"level\": \"%s\", \"message\": {\"text\": ", i ? "," : "",
		    n->v[i].error ? "error" : "note");
		ua_print_json_string(fp, n->v[i].msg);
		fputc('}', fp);
		if (strcmp(n->v[i].file, "-") != 0) {
			fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ", fp);
			artifact(fp, n->v[i].file);
			fputs("}}]", fp);
		}
		fputc('}', fp);
		free(n->v[i].file);
		free(n->v[i].msg);
	}
	fputs(n->n ? "\n      ]}]\n  }]\n}\n" : "]}]\n  }]\n}\n", fp);
	free(n->v);
	memset(n, 0, sizeof(*n));
}
