/* SPDX-License-Identifier: MIT */
/* The Windows release a file is checked for: --target, else its own image name. */
#ifndef UA_TARGET_H
#define UA_TARGET_H

#include <stddef.h>

struct ua_ctx;
struct ua_doc;
struct ua_policy;

/*
 * --target when the policy names one; else the release the answer file's image
 * name gives (/IMAGE/NAME metadata, or cpi:offlineImage's source after '#',
 * looked up in schemas/image-names.tsv), written to buf; else the release
 * schemas/agents/targets.tsv gives the agent reading the file (reader: a set's
 * agent, or NULL); else "" (unknown). Files that name no image cost two
 * dictionary lookups.
 */
const char *ua_target_of(struct ua_ctx *ctx, const struct ua_doc *doc,
    const struct ua_policy *pol, const char *reader, char *buf, size_t size);

#endif
