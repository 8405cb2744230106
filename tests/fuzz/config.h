/* SPDX-License-Identifier: MIT */
/* Stand-in for the configure-made config.h when tests/fuzz/run builds the harnesses. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PACKAGE_NAME "unattend-tools"
#define PACKAGE_VERSION "fuzz"
