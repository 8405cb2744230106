/* SPDX-License-Identifier: MIT */
/* Editing a file's text in place: settings set, unset, tasks added and removed at the
 * offsets the parsed tree recorded, everything else kept byte for byte. */
#ifndef UA_EDIT_H
#define UA_EDIT_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "doc.h"

struct ua_edit;

/*
 * Starts editing bytes (named name, of kind kind, or NULL: from the name, else
 * the content). Returns UA_OK with *out set; UA_ESYNTAX when the file does not
 * parse (the finding is in d); UA_EUSAGE (unknown kind, an encoding that does
 * not convert back byte for byte), UA_EDATA or UA_ENOMEM with err set.
 */
int ua_edit_open(struct ua_ctx *ctx, const char *name, const char *bytes, size_t len,
    const char *kind, struct ua_edit **out, struct ua_diags *d, char *err, size_t errlen);
void ua_edit_free(struct ua_edit *e);
/* The kind the file is edited as ("unattend", "launchconfig", ...). */
const char *ua_edit_kind(const struct ua_edit *e);

/*
 * The edits. path is in the kind's terms (see unattend-edit(1)). secret: the
 * value came from a file or the environment, so a secret setting may take it.
 * A path that names nothing the kind has, a secret given plainly, a value that
 * cannot be written there: an error finding in d, file unchanged, UA_OK.
 * Returns UA_OK, or UA_ENOMEM / UA_EDATA with err set.
 */
int ua_edit_set(struct ua_edit *e, const char *path, const char *value, int secret,
    struct ua_diags *d, char *err, size_t errlen);
/* Removes the setting path names; nothing to do when it is not there. */
int ua_edit_unset(struct ua_edit *e, const char *path, struct ua_diags *d, char *err,
    size_t errlen);
/* agent-config: adds task STAGE/TASK[:KEY=VALUE[,KEY=VALUE]...] at the end of its
 * stage (made when missing); "\," is a comma inside a value. */
int ua_edit_add_task(struct ua_edit *e, const char *spec, struct ua_diags *d, char *err,
    size_t errlen);
/* agent-config: removes every task TASK of stage STAGE ("STAGE/TASK"). */
int ua_edit_remove_task(struct ua_edit *e, const char *spec, struct ua_diags *d, char *err,
    size_t errlen);

/*
 * Answer files, for unattend-gen --from: sets pass/path (Component/Setting/...)
 * to value. A step that is a list in the catalog adds a new item (key one past
 * the highest) holding item ("Child=Text", or NULL) first. As ua_edit_set.
 */
int ua_edit_answer_add(struct ua_edit *e, const char *pass, const char *path,
    const char *value, const char *item, struct ua_diags *d, char *err, size_t errlen);

/*
 * Validates the edited text as the original was validated, and appends to d
 * each finding the original did not have (compared by rule and message, since
 * lines move). Returns UA_OK, or UA_EDATA / UA_ENOMEM with err set.
 */
int ua_edit_check(struct ua_edit *e, struct ua_diags *d, char *err, size_t errlen);

/* The current text, parsed (for reading it; valid until the next edit). */
const struct ua_doc *ua_edit_doc(const struct ua_edit *e);

/* 1 when an edit wrote a secret value (the result is then for files only, 0600). */
int ua_edit_holds_secret(const struct ua_edit *e);
/* 1 when the text differs from the original. */
int ua_edit_changed(const struct ua_edit *e);

/*
 * The edited file in the original's encoding and byte order mark. *bytes is
 * the caller's (wipe it when ua_edit_holds_secret). Returns UA_OK, UA_EUSAGE
 * (a new character the encoding cannot hold) with err set, or UA_ENOMEM.
 */
int ua_edit_result(const struct ua_edit *e, char **bytes, size_t *len, char *err,
    size_t errlen);

/*
 * Replaces the regular file path by bytes atomically (a temporary in the same
 * directory, renamed over it), keeping its mode and owner; secret: group and
 * others lose their access bits. Returns UA_OK or UA_EIO with err set.
 */
int ua_edit_replace_file(const char *path, const char *bytes, size_t len, int secret,
    char *err, size_t errlen);

#endif
