/* SPDX-License-Identifier: MIT */
/* What the editing modules (edit.c and one per syntax) share: the text being edited. */
#ifndef UA_EDITINT_H
#define UA_EDITINT_H

#include <stddef.h>
#include <libxml/tree.h>

#include "ctx.h"
#include "diag.h"
#include "doc.h"
#include "edit.h"
#include "util.h"

/* At most this many changes to the text for one edit (each parent made is one). */
#define UA_EDIT_MAX_STEPS	64

struct ua_edit {
	struct ua_ctx *ctx;
	char *name;
	const struct ua_kind *kind;
	char *orig;			/* the bytes as read */
	size_t origlen;
	struct ua_doc *doc;		/* the current text (doc->text), parsed */
	char encoding[32];		/* of the original; "" for UTF-8 */
	unsigned bom;
	char eol[3];			/* the file's line ending */
	char unit[17];			/* one level of its indentation */
	int secret;
	int changed;
};

/* Replaces [off, off + del) of the text by ins and parses the result again.
 * UA_OK; UA_ESYNTAX (the change would not parse: text kept, finding in d); UA_ENOMEM. */
int ua_edit_splice(struct ua_edit *e, size_t off, size_t del, const char *ins,
    struct ua_diags *d);
/* Adds an error finding about the edit (rule "edit") at the file's start. */
void ua_edit_refuse(struct ua_edit *e, struct ua_diags *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Offsets in the text: the start of off's line; the blanks before off on its line
 * (NULL when something else precedes off there; caller frees). */
size_t ua_edit_line_start(const struct ua_edit *e, size_t off);
char *ua_edit_indent_at(const struct ua_edit *e, size_t off);
/* The offset just past the line ending after off when only blanks follow off on its
 * line, else off itself. */
size_t ua_edit_line_rest(const struct ua_edit *e, size_t off);
/* The element children of n named name (local name; exact case first, then any case). */
xmlNodePtr ua_edit_child(xmlNodePtr n, const char *name);
/* One path step: name and an optional [key=value] selector, split in place. */
struct ua_edit_step {
	char *name, *key, *value;
};
/* Splits path at '/' into at most max steps (in a copy the caller frees via *buf).
 * Returns the count, or -1 (malformed selector, empty step, too many). */
int ua_edit_split(const char *path, struct ua_edit_step *steps, size_t max, char **buf);

/* The syntaxes: in editxml.c, editjson.c, edityaml.c. */
int ua_editx_set(struct ua_edit *e, const char *path, const char *value, int secret,
    struct ua_diags *d, char *err, size_t errlen);
int ua_editx_unset(struct ua_edit *e, const char *path, struct ua_diags *d, char *err,
    size_t errlen);
int ua_editx_answer(struct ua_edit *e, struct ua_edit_step *steps, size_t n,
    const char *value, const char *item, int append, int secret, struct ua_diags *d,
    char *err, size_t errlen);
int ua_editj_set(struct ua_edit *e, const char *path, const char *value, struct ua_diags *d);
int ua_editj_unset(struct ua_edit *e, const char *path, struct ua_diags *d);
int ua_edity_set(struct ua_edit *e, const char *path, const char *value, struct ua_diags *d);
int ua_edity_unset(struct ua_edit *e, const char *path, struct ua_diags *d);
int ua_edity_add_task(struct ua_edit *e, const char *spec, struct ua_diags *d, char *err,
    size_t errlen);
int ua_edity_remove_task(struct ua_edit *e, const char *spec, struct ua_diags *d);

#endif
