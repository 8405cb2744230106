/* SPDX-License-Identifier: MIT */
/* Moving an EC2Config or EC2Launch v1 image's set to EC2Launch v2 (unattend-migrate). */
#ifndef UA_MIGRATE_H
#define UA_MIGRATE_H

#include <stddef.h>

#include "ctx.h"
#include "diag.h"
#include "gen.h"
#include "set.h"

enum ua_migrate_status {
	UA_MIG_MAPPED,
	UA_MIG_NEEDS_INPUT,
	UA_MIG_DROPPED,
	UA_MIG_COUNT
};

/* One source setting and what became of it (never its value). */
struct ua_migrate_entry {
	char *file;
	unsigned long line, col;
	char *setting;
	enum ua_migrate_status status;
	char *target;		/* "-" when there is none */
	char *reason;
};

struct ua_migrate_opts {
	const char *from_agent;	/* NULL: told by the files */
	int like_aws;		/* only AWS's documented mapping */
	char **devices;		/* LABEL=DEVICE answers to drive-letter questions */
	size_t ndevices;
};

struct ua_migrate_result {
	char *from;			/* the source agent */
	struct ua_migrate_entry *v;
	size_t n, cap;
	struct ua_gen_out out;		/* agent-config.yml and unattend.xml */
};

/* The report's word for st ("mapped", "needs-input", "dropped"). */
const char *ua_migrate_status_name(enum ua_migrate_status st);

/*
 * Works out the EC2Launch v2 set for src (read and checked by the caller) from
 * templates/migrate.tsv: one entry per source setting in r, the new files in
 * r->out (unattend-gen's templates for agent-config.yml; the source answer file
 * edited in place, or the template's when there is none). Every new file and the
 * new set are validated: their findings go to d; when d holds an error the files
 * must not be written. Returns UA_OK, or UA_EUSAGE (not an EC2Config or EC2Launch
 * v1 set, a malformed --device), UA_EDATA or UA_ENOMEM with err set.
 */
int ua_migrate_run(struct ua_ctx *ctx, struct ua_set *src, const struct ua_migrate_opts *o,
    struct ua_migrate_result *r, struct ua_diags *d, char *err, size_t errlen);
void ua_migrate_result_free(struct ua_migrate_result *r);

#endif
