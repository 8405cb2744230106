/* SPDX-License-Identifier: MIT */
/* SARIF 2.1.0 output of unattend-validate, for code scanning. */
#include "config.h"

#include <string.h>

#include "rules.h"
#include "sarif.h"
#include "tool.h"

static const char *
level(const char *severity)
{
	return strcmp(severity, "error") == 0 ? "error" :
	    strcmp(severity, "warning") == 0 ? "warning" : "note";
}

void
ua_sarif_begin(FILE *fp, struct ua_ctx *ctx)
{
	const struct ua_rule_info *r;
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
	fputs("\n      ]\n    }},\n    \"columnKind\": \"unicodeCodePoints\",\n"
	    "    \"results\": [", fp);
}

/* A file name as a relative URI reference: unreserved bytes and '/' kept. */
static void
print_uri(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c))
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
	fputc('"', fp);
}

void
ua_sarif_result(FILE *fp, const struct ua_diag *e, int first)
{
	fputs(first ? "\n      {\"ruleId\": " : ",\n      {\"ruleId\": ", fp);
	ua_print_json_string(fp, e->rule);
	fprintf(fp, ", \"level\": \"%s\", \"message\": {\"text\": ", level(ua_severity_name(e->sev)));
	ua_print_json_string(fp, e->msg);
	fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", fp);
	print_uri(fp, e->file);
	fprintf(fp, "}, \"region\": {\"startLine\": %lu, \"startColumn\": %lu}}}]",
	    e->line ? e->line : 1, e->col ? e->col : 1);
	if (e->nrelated) {
		size_t k;
		fputs(", \"relatedLocations\": [", fp);
		for (k = 0; k < e->nrelated; k++) {
			fprintf(fp, "%s{\"id\": %zu, \"physicalLocation\": {\"artifactLocation\": "
			    "{\"uri\": ", k ? ", " : "", k + 1);
			print_uri(fp, e->related[k].file);
			fprintf(fp, "}, \"region\": {\"startLine\": %lu, \"startColumn\": %lu}}}",
			    e->related[k].line ? e->related[k].line : 1,
			    e->related[k].col ? e->related[k].col : 1);
		}
		fputc(']', fp);
	}
	fputc('}', fp);
}

void
ua_sarif_end(FILE *fp)
{
	fputs("\n    ]\n  }]\n}\n", fp);
}
