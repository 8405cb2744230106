/* SPDX-License-Identifier: MIT */
/* Releasing the libraries' global state at exit. A file of its own so that a
 * program that never calls it (unattend-validate) does not link libxslt. */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>
#include <libxslt/xslt.h>

#include "ctx.h"

void
ua_global_cleanup(void)
{
	xsltCleanupGlobals();
	xmlSchemaCleanupTypes();
	xmlCleanupParser();
}
