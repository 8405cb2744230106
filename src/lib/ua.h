/* SPDX-License-Identifier: MIT */
/* Status codes and limits shared by every module of libua. */
#ifndef UA_UA_H
#define UA_UA_H

enum ua_status {
	UA_OK = 0,
	UA_ESYNTAX,	/* the input is malformed; diagnostics say where */
	UA_EIO,		/* the input cannot be read; the error text says why */
	UA_ENOMEM,
	UA_EDATA,	/* a schema, catalog or rule file is missing or broken */
	UA_EUSAGE,	/* the caller asked for something impossible */
	UA_EFOREIGN,	/* named like a kind, but plainly another thing: not checked */
	UA_ELIMIT,	/* a check could not finish on this input (an internal
			 * limit or failure): the findings are incomplete */
	UA_STATUS_COUNT
};

/* Documented limits (unattend-validate(1), LIMITS). */
#define UA_MAX_INPUT_BYTES	(64UL * 1024 * 1024)
#define UA_MAX_DEPTH		256
#define UA_MAX_YAML_NODES	100000UL
#define UA_MAX_ATTRS		256	/* attributes of one XML element */

const char *ua_status_string(enum ua_status st);

#endif
