/* SPDX-License-Identifier: MIT */
/* Unit tests: semantic differences (diff.c). */
#include "config.h"

#include "suites.h"

Suite *
diff_suite(void)
{
	return suite_create("diff");
}
