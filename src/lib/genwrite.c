/* SPDX-License-Identifier: MIT */
/* Writing unattend-gen's outputs: all to temporaries beside the targets, then renamed, or nothing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen.h"
#include "ua.h"
#include "util.h"

/*
 * Each output is first written to a file without a name (O_TMPFILE): killed
 * then, the process leaves nothing behind, the password included. Where the
 * file system has no unnamed files, a named temporary is used instead, with
 * the terminating signals held until it is gone. Either way the signals are
 * held while the files are put in place, so that a signal never leaves a
 * temporary or a half-replaced set: it takes effect once the set is complete
 * (or, on failure, removed).
 */
struct slot {
	int fd;			/* the unnamed file, until linked; -1 otherwise */
	char *tmp;		/* a named temporary in dir, or NULL */
	char *dst;
};

static const int held_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };

static void
hold_signals(sigset_t *old, int *held)
{
	sigset_t set;
	size_t i;

	if (*held)
		return;
	sigemptyset(&set);
	for (i = 0; i < sizeof(held_signals) / sizeof(held_signals[0]); i++)
		sigaddset(&set, held_signals[i]);
	*held = sigprocmask(SIG_BLOCK, &set, old) == 0;
}

/* Links the unnamed file fd into dirfd as name: with AT_EMPTY_PATH when allowed, else through /proc. */
static int
link_fd(int fd, int dirfd, const char *name)
{
	char proc[64];

	if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW);
}

static int
write_out(int fd, const struct ua_gen_file *f)
{
	return ua_write_all(fd, f->bytes, f->len) != 0 || fsync(fd) != 0 ? -1 : 0;
}

/* f's content in an unnamed file of dir (mode 0600 when it holds a secret, else
 * 0666 less the umask), or in a named temporary when dir cannot have one. */
static int
write_temp(const char *dir, int dirfd, const struct ua_gen_file *f, struct slot *s,
    sigset_t *old, int *held, char *err, size_t errlen)
{
	mode_t um;
	int fd;

	fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, f->secret ? 0600 : 0666);
	if (fd >= 0 && access("/proc/self/fd", X_OK) != 0 && geteuid() != 0) {
		close(fd);	/* it could not be linked: name it from the start */
		fd = -1;
		errno = EOPNOTSUPP;
	}
	if (fd >= 0) {
		if (write_out(fd, f) != 0) {
			snprintf(err, errlen, "%s/%s: %s", dir, f->name, strerror(errno));
			close(fd);
			return -1;
		}
		s->fd = fd;
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	hold_signals(old, held);
	if ((s->tmp = ua_asprintf("%s/.%s.XXXXXX", dir, f->name)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((fd = mkstemp(s->tmp)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(s->tmp);
		s->tmp = NULL;
		return -1;
	}
	um = umask(0);
	umask(um);
	if ((!f->secret && fchmod(fd, 0666 & ~um) != 0) || write_out(fd, f) != 0) {
		snprintf(err, errlen, "%s: %s", s->tmp, strerror(errno));
		close(fd);
		return -1;	/* the caller unlinks it */
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: %s", s->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/* Puts s in place as its target (replacing it when force). 0, or -1 with errno. */
static int
place(int dirfd, struct slot *s, const char *name, int force)
{
	char tmp[64 + 256];
	unsigned k;

	if (s->fd < 0)
		return force ? rename(s->tmp, s->dst) : link(s->tmp, s->dst);
	if (!force)
		return link_fd(s->fd, dirfd, name);
	for (k = 0; k < 1000; k++) {	/* a name to rename from */
		snprintf(tmp, sizeof(tmp), ".%.200s.%ld.%u", name, (long)getpid(), k);
		if (link_fd(s->fd, dirfd, tmp) == 0)
			break;
		if (errno != EEXIST)
			return -1;
	}
	if (k == 1000)
		return -1;
	if (renameat(dirfd, tmp, dirfd, name) != 0) {
		int e = errno;
		unlinkat(dirfd, tmp, 0);
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * Whether every target can be taken before anything is written: none exists
 * unless force; with force, none is a directory, and in a sticky directory
 * each is ours to replace.
 */
static int
check_targets(const struct ua_gen_out *out, const char *dir, const struct stat *dsb,
    struct slot *v, int force, char *err, size_t errlen)
{
	struct stat sb;
	size_t i;

	for (i = 0; i < out->n; i++) {
		if ((v[i].dst = ua_asprintf("%s/%s", dir, out->v[i].name)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return UA_ENOMEM;
		}
		if (lstat(v[i].dst, &sb) != 0)
			continue;
		if (!force) {
			snprintf(err, errlen, "%s: exists (use --force to replace it)", v[i].dst);
			return UA_EUSAGE;
		}
		if (S_ISDIR(sb.st_mode)) {
			snprintf(err, errlen, "%s: %s: cannot be replaced; nothing written", v[i].dst,
			    strerror(EISDIR));
			return UA_EIO;
		}
		if ((dsb->st_mode & S_ISVTX) && sb.st_uid != geteuid() && dsb->st_uid != geteuid()) {
			snprintf(err, errlen, "%s: %s: cannot be replaced in a sticky directory; "
			    "nothing written", v[i].dst, strerror(EPERM));
			return UA_EIO;
		}
	}
	return UA_OK;
}

/*
 * Creates dir and its missing parents (mode 0777 less the umask), as mkdir -p
 * does; the ones made are listed in made[0..*nmade) (deepest last) so that a
 * failed write can remove them again. 0, or -1 with the reason in err.
 */
static int
make_dirs(const char *dir, char **made, size_t max, size_t *nmade, char *err, size_t errlen)
{
	char *path = ua_strdup(dir), *p;
	struct stat sb;
	int rc = 0;

	*nmade = 0;
	if (path == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (p = path + 1; rc == 0; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (stat(path, &sb) != 0) {
			if (errno != ENOENT || mkdir(path, 0777) != 0) {
				snprintf(err, errlen, "%s: %s", path, strerror(errno));
				rc = -1;
			} else if (*nmade < max && (made[*nmade] = ua_strdup(path)) != NULL)
				(*nmade)++;
		} else if (!S_ISDIR(sb.st_mode)) {
			snprintf(err, errlen, "%s: not a directory", path);
			rc = -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(path);
	return rc;
}

int
ua_gen_write(const struct ua_gen_out *out, const char *dir, int force, char *err, size_t errlen)
{
	struct slot *v = calloc(out->n ? out->n : 1, sizeof(*v));
	char *made[32];
	size_t nmade = 0;
	struct stat sb;
	sigset_t old;
	size_t i, placed = 0;
	int st = UA_OK, dirfd = -1, held = 0;

	if (v == NULL) {
		snprintf(err, errlen, "out of memory");
		return UA_ENOMEM;
	}
	for (i = 0; i < out->n; i++)
		v[i].fd = -1;
	/* -o DIR need not exist yet (a fresh clone's build/) */
	if (stat(dir, &sb) != 0 && errno == ENOENT &&
	    make_dirs(dir, made, sizeof(made) / sizeof(made[0]), &nmade, err, errlen) != 0) {
		st = UA_EIO;
		goto done;
	}
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fstat(dirfd, &sb) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		st = UA_EIO;
		goto done;
	}
	st = check_targets(out, dir, &sb, v, force, err, errlen);
	for (i = 0; i < out->n && st == UA_OK; i++)
		if (write_temp(dir, dirfd, &out->v[i], &v[i], &old, &held, err, errlen) != 0)
			st = UA_EIO;
	if (st == UA_OK)
		hold_signals(&old, &held);
	/* Without --force, link(2) refuses a file that appeared since the check. */
	for (i = 0; i < out->n && st == UA_OK; i++, placed++) {
		if (place(dirfd, &v[i], out->v[i].name, force) != 0) {
			snprintf(err, errlen, "%s: %s%s", v[i].dst, strerror(errno),
			    errno == EEXIST ? " (use --force to replace it)" : "");
			st = errno == EEXIST ? UA_EUSAGE : UA_EIO;
			break;
		}
		if (v[i].tmp && !force)
			unlink(v[i].tmp);
		free(v[i].tmp);
		v[i].tmp = NULL;
	}
	if (st != UA_OK && !force)
		for (i = 0; i < placed; i++)
			unlink(v[i].dst);
	/* the renames themselves reach the disk only with the directory */
	if (st == UA_OK)
		fsync(dirfd);
done:
	for (i = 0; i < out->n; i++) {
		if (v[i].tmp)
			unlink(v[i].tmp);
		if (v[i].fd >= 0)
			close(v[i].fd);
		free(v[i].tmp);
		free(v[i].dst);
	}
	free(v);
	if (dirfd >= 0)
		close(dirfd);
	while (nmade > 0) {	/* a failed write leaves no directory it made behind */
		nmade--;
		if (st != UA_OK)
			rmdir(made[nmade]);
		free(made[nmade]);
	}
	if (held)	/* a signal that came meanwhile takes effect now */
		sigprocmask(SIG_SETMASK, &old, NULL);
	return st;
}
