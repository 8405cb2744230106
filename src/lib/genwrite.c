/* SPDX-License-Identifier: MIT */
/* Writing unattend-gen's outputs: all to temporaries beside the targets, then renamed, or nothing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen.h"
#include "ua.h"
#include "util.h"

/* A temporary in dir holding f: mode 0600 when it holds a password, else 0666 less the umask. */
static char *
write_temp(const char *dir, const struct ua_gen_file *f, char *err, size_t errlen)
{
	char *tmp = ua_asprintf("%s/.%s.XXXXXX", dir, f->name);
	mode_t um;
	int fd;

	if (tmp == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(tmp);
		return NULL;
	}
	um = umask(0);
	umask(um);
	if ((!f->secret && fchmod(fd, 0666 & ~um) != 0) || ua_write_all(fd, f->bytes, f->len) != 0 ||
	    fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

int
ua_gen_write(const struct ua_gen_out *out, const char *dir, int force, char *err, size_t errlen)
{
	char **tmp = calloc(out->n ? out->n : 1, sizeof(*tmp)), **dst = calloc(out->n ? out->n : 1, sizeof(*dst));
	struct stat sb;
	size_t i, placed = 0;
	int st = UA_OK;

	if (tmp == NULL || dst == NULL) {
		snprintf(err, errlen, "out of memory");
		st = UA_ENOMEM;
		goto done;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: %s", dir, stat(dir, &sb) != 0 ? strerror(errno) : "not a directory");
		st = UA_EIO;
		goto done;
	}
	for (i = 0; i < out->n && st == UA_OK; i++) {
		if ((dst[i] = ua_asprintf("%s/%s", dir, out->v[i].name)) == NULL) {
			snprintf(err, errlen, "out of memory");
			st = UA_ENOMEM;
		} else if (!force && lstat(dst[i], &sb) == 0) {
			snprintf(err, errlen, "%s: exists (use --force to replace it)", dst[i]);
			st = UA_EUSAGE;
		}
	}
	for (i = 0; i < out->n && st == UA_OK; i++)
		if ((tmp[i] = write_temp(dir, &out->v[i], err, errlen)) == NULL)
			st = UA_EIO;
	/* Without --force, link(2) refuses a file that appeared since the check. */
	for (i = 0; i < out->n && st == UA_OK; i++, placed++) {
		if (force ? rename(tmp[i], dst[i]) != 0 : link(tmp[i], dst[i]) != 0) {
			snprintf(err, errlen, "%s: %s%s", dst[i], strerror(errno),
			    errno == EEXIST ? " (use --force to replace it)" : "");
			st = errno == EEXIST ? UA_EUSAGE : UA_EIO;
			break;
		}
		if (!force)
			unlink(tmp[i]);
		free(tmp[i]);
		tmp[i] = NULL;
	}
	if (st != UA_OK && !force)
		for (i = 0; i < placed; i++)
			unlink(dst[i]);
	/* the renames themselves reach the disk only with the directory */
	if (st == UA_OK) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
done:
	for (i = 0; tmp && dst && i < out->n; i++) {
		if (tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
		free(dst[i]);
	}
	free(tmp);
	free(dst);
	return st;
}
