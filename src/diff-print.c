/* SPDX-License-Identifier: MIT */
/* How unattend-diff writes a list of differences: text lines or one JSON array. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diff-print.h"
#include "tool.h"

static void
value(FILE *fp, const char *v, enum ua_diff_vtype t)
{
	if (t == UA_DV_SCALAR)
		ua_print_json_string(fp, v);
	else
		ua_print_visible(fp, v);
}

/* before, then file:line with the file name printed visibly, then after. */
static void
place(FILE *fp, const char *before, const char *file, unsigned long line, const char *after)
{
	fputs(before, fp);
	ua_print_visible(fp, file);
	fprintf(fp, ":%lu%s", line, after);
}

void
ua_print_diff_text(FILE *fp, const struct ua_diff_list *l, const char *oldname,
    const char *newname, int color)
{
	static const char sign[UA_DIFF_OP_COUNT] = { '+', '-', '~', '>' };
	static const char *const paint[UA_DIFF_OP_COUNT] = {
		"\033[32m", "\033[31m", "\033[33m", "\033[36m"
	};
	const struct ua_diff_entry *e;
	char *path;
	size_t i;

	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		fprintf(fp, "%s%c ", color ? paint[e->op] : "", sign[e->op]);
		path = ua_diff_path_text(e->path);
		ua_print_visible(fp, path ? path : "?");
		free(path);
		fprintf(fp, ":%s ", color ? "\033[0m" : "");
		switch (e->op) {
		case UA_DIFF_ADDED:
			value(fp, e->new, e->new_type);
			place(fp, " (", newname, e->new_line, ")\n");
			break;
		case UA_DIFF_REMOVED:
			value(fp, e->old, e->old_type);
			place(fp, " (", oldname, e->old_line, ")\n");
			break;
		case UA_DIFF_MOVED:
			fputs("moved from position ", fp);
			ua_print_visible(fp, e->old);
			fputs(" to ", fp);
			ua_print_visible(fp, e->new);
			place(fp, " (", oldname, e->old_line, ", ");
			place(fp, "", newname, e->new_line, ")\n");
			break;
		default:
			value(fp, e->old, e->old_type);
			fputs(" -> ", fp);
			value(fp, e->new, e->new_type);
			place(fp, " (", oldname, e->old_line, ", ");
			place(fp, "", newname, e->new_line, ")\n");
		}
	}
}

static void
json_value(FILE *fp, const char *v, enum ua_diff_vtype t)
{
	if (v == NULL || t == UA_DV_NONE)
		fputs("null", fp);
	else if (t == UA_DV_POSITION)
		fputs(v, fp);
	else
		ua_print_json_string(fp, v);
}

static void
json_place(FILE *fp, const char *name, unsigned long line)
{
	if (line == 0) {
		fputs("null", fp);
		return;
	}
	fputs("{\"file\": ", fp);
	ua_print_json_string(fp, name);
	fprintf(fp, ", \"line\": %lu}", line);
}

void
ua_print_diff_json(FILE *fp, const struct ua_diff_list *l, const char *oldname,
    const char *newname)
{
	const struct ua_diff_entry *e;
	char *path;
	size_t i;

	fputs("[", fp);
	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		fputs(i ? ",\n  {\"op\": " : "\n  {\"op\": ", fp);
		ua_print_json_string(fp, ua_diff_op_name(e->op));
		fputs(", \"path\": ", fp);
		path = ua_diff_path_text(e->path);
		ua_print_json_string(fp, path ? path : "?");
		free(path);
		fputs(", \"old\": ", fp);
		json_value(fp, e->old, e->old_type);
		fputs(", \"new\": ", fp);
		json_value(fp, e->new, e->new_type);
		fputs(", \"masked\": ", fp);
		fputs(e->masked ? "true" : "false", fp);
		fputs(", \"old_at\": ", fp);
		json_place(fp, oldname, e->old_line);
		fputs(", \"new_at\": ", fp);
		json_place(fp, newname, e->new_line);
		fputc('}', fp);
	}
	fputs(l->n ? "\n]\n" : "]\n", fp);
}
