/* SPDX-License-Identifier: MIT */
/*
 * Validating many files in several worker processes, reporting in the order
 * given. Processes, not threads: libxml2 takes global locks for every parsed
 * document (its dictionaries), so two threads wait on each other where two
 * processes do not, and no allocator arena is shared.
 *
 * The workers take file indexes from a counter in shared memory, validate
 * each file, and send the result down a pipe as a record; the calling process
 * rebuilds the results and reports them in order.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallel.h"
#include "ua.h"
#include "util.h"

static void
validate_path(struct ua_ctx *ctx, const char *path, const struct ua_validate_opts *opts,
    struct ua_result *r)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *buf = NULL;
	size_t len;

	r->status = ua_read_file(path, &buf, &len, r->err, sizeof(r->err));
	if (r->status == UA_OK)
		r->status = ua_validate_buffer(ctx, name, buf, len, opts, &r->d, NULL,
		    r->err, sizeof(r->err));
	free(buf);
}

/*
 * A record: index, status, the number of findings, the reason; then per
 * finding line, column, severity, file, rule and message. Numbers are
 * uint64_t in host order (both ends are this program), strings are a length
 * and bytes.
 */
static void
put_u64(struct ua_buf *b, uint64_t v)
{
	ua_buf_add(b, (const char *)&v, sizeof(v));
}

static void
put_str(struct ua_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u64(b, n);
	ua_buf_add(b, s ? s : "", n);
}

static int
put_result(struct ua_buf *out, size_t i, const struct ua_result *r)
{
	struct ua_buf b = { 0 };
	size_t k;

	put_u64(&b, i);
	put_u64(&b, (uint64_t)(int64_t)r->status);
	put_u64(&b, r->d.failed ? 1 : 0);
	put_u64(&b, r->d.n);
	put_str(&b, r->status == UA_OK ? "" : r->err);
	for (k = 0; k < r->d.n; k++) {
		const struct ua_diag *g = &r->d.v[k];
		put_u64(&b, g->line);
		put_u64(&b, g->col);
		put_u64(&b, (uint64_t)g->sev);
		put_str(&b, g->file);
		put_str(&b, g->rule);
		put_str(&b, g->msg);
	}
	if (b.failed) {
		ua_buf_free(&b);
		return -1;
	}
	ua_buf_add(out, b.s, b.len);
	ua_buf_free(&b);
	return out->failed ? -1 : 0;
}

/* Reads a record from p[0..n); returns its length, 0 when incomplete, -1 on nonsense. */
struct reader {
	const char *p;
	size_t n, at;
	int short_;
};

static uint64_t
get_u64(struct reader *r)
{
	uint64_t v = 0;

	if (r->n - r->at < sizeof(v)) {
		r->short_ = 1;
		return 0;
	}
	memcpy(&v, r->p + r->at, sizeof(v));
	r->at += sizeof(v);
	return v;
}

static char *
get_str(struct reader *r)
{
	uint64_t len = get_u64(r);
	char *s;

	if (r->short_ || r->n - r->at < len) {
		r->short_ = 1;
		return NULL;
	}
	s = ua_strndup(r->p + r->at, (size_t)len);
	r->at += (size_t)len;
	return s;
}

static long
parse_record(const char *p, size_t n, size_t nfiles, struct ua_result **res, char *got)
{
	struct reader r = { p, n, 0, 0 };
	struct ua_result one = { 0 };
	uint64_t i, st, failed, nd, k;
	char *err;

	i = get_u64(&r);
	st = get_u64(&r);
	failed = get_u64(&r);
	nd = get_u64(&r);
	err = get_str(&r);
	if (r.short_) {
		free(err);
		return 0;
	}
	one.status = (int)(int64_t)st;
	snprintf(one.err, sizeof(one.err), "%s", err ? err : "out of memory");
	free(err);
	for (k = 0; k < nd && !r.short_; k++) {
		uint64_t line = get_u64(&r), col = get_u64(&r), sev = get_u64(&r);
		char *file = get_str(&r), *rule = get_str(&r), *msg = get_str(&r);
		if (!r.short_ && ua_diags_add(&one.d, file ? file : "", line, col,
		    (enum ua_severity)sev, rule ? rule : "", "%s", msg ? msg : "") != 0)
			one.d.failed = 1;
		free(file);
		free(rule);
		free(msg);
	}
	if (r.short_) {
		ua_diags_free(&one.d);
		return 0;
	}
	if (i >= nfiles || got[i] || (res[i] = malloc(sizeof(*res[i]))) == NULL) {
		ua_diags_free(&one.d);
		return -1;
	}
	if (failed)
		one.d.failed = 1;
	*res[i] = one;	/* held only until it is reported */
	got[i] = 1;
	return (long)r.at;
}

struct worker {
	pid_t pid;
	int fd;			/* read end of its pipe, -1 once closed */
	char *buf;
	size_t len, cap;
};

static void
work(struct ua_ctx *ctx, atomic_size_t *next, char *const *paths, size_t n,
    const struct ua_validate_opts *opts, int fd)
{
	struct ua_buf out = { 0 };
	struct ua_result r;
	size_t i;

	signal(SIGPIPE, SIG_DFL);	/* the reporter is gone: stop */
	/* records go out in batches (each write wakes the reporter, which then
	 * takes a processor from the workers); a batch is sent when it is
	 * large or when the reporter may be waiting for its first record */
	for (;;) {
		i = atomic_fetch_add(next, 1);
		if (i >= n)
			break;
		memset(&r, 0, sizeof(r));
		validate_path(ctx, paths[i], opts, &r);
		if (put_result(&out, i, &r) != 0)
			_exit(1);
		ua_diags_free(&r.d);
		if (out.len >= 32768 || i < 16) {
			if (ua_write_all(fd, out.s, out.len) != 0)
				_exit(1);
			out.len = 0;
		}
	}
	if (out.len > 0 && ua_write_all(fd, out.s, out.len) != 0)
		_exit(1);
	ua_buf_free(&out);
	close(fd);
}

/* Drains what the worker has written; 1 at end of file, 0 otherwise, -1 on error. */
static int
drain(struct worker *w, size_t n, struct ua_result **res, char *got)
{
	ssize_t got_bytes;
	long used;
	size_t off = 0;

	if (w->cap - w->len < 65536) {
		size_t cap = w->cap ? w->cap * 2 : 131072;
		char *b = realloc(w->buf, cap);
		if (b == NULL)
			return -1;
		w->buf = b;
		w->cap = cap;
	}
	got_bytes = read(w->fd, w->buf + w->len, w->cap - w->len);
	if (got_bytes < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (got_bytes == 0)
		return 1;
	w->len += (size_t)got_bytes;
	while ((used = parse_record(w->buf + off, w->len - off, n, res, got)) > 0)
		off += (size_t)used;
	if (used < 0)
		return -1;
	memmove(w->buf, w->buf + off, w->len - off);
	w->len -= off;
	return 0;
}

static void
sequential(struct ua_ctx *ctx, char *const *paths, size_t from, size_t n,
    const struct ua_validate_opts *opts,
    int (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg)
{
	struct ua_result r;
	size_t i;

	for (i = from; i < n; i++) {
		int stop;
		memset(&r, 0, sizeof(r));
		validate_path(ctx, paths[i], opts, &r);
		stop = emit(i, paths[i], &r, arg);
		ua_diags_free(&r.d);
		if (stop)
			break;
	}
}

/* Reports file i from what its worker sent (got[i]), or as trouble when no
 * worker reported it, and lets the result go. emit's answer: nonzero stops. */
static int
report(size_t i, char *const *paths, struct ua_result **res, const char *got,
    int (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg)
{
	struct ua_result lost = { 0 }, *r = got[i] ? res[i] : &lost;
	int stop;

	if (!got[i]) {
		lost.status = UA_EIO;
		snprintf(lost.err, sizeof(lost.err),
		    "a worker process ended before reporting this file");
	}
	stop = emit(i, paths[i], r, arg);
	ua_diags_free(&r->d);
	if (r != &lost) {
		free(r);
		res[i] = NULL;
	}
	return stop;
}

int
ua_validate_files(struct ua_ctx *ctx, size_t jobs, char *const *paths, size_t n,
    const struct ua_validate_opts *opts,
    int (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg)
{
	struct worker *w = NULL;
	struct pollfd *pfd = NULL;
	struct ua_result **res = NULL, first_r = { 0 };
	atomic_size_t *next = MAP_FAILED;
	char *got = NULL;
	size_t i, k, started = 0, open_, emitted = 0;
	int rc = 0, fds[2], stop = 0;

	if (n == 0)
		return 0;
	if (jobs > n)
		jobs = n;
	if (jobs <= 1) {
		sequential(ctx, paths, 0, n, opts, emit, arg);
		return 0;
	}
	if ((res = calloc(n, sizeof(*res))) == NULL || (got = calloc(n, 1)) == NULL ||
	    (w = calloc(jobs, sizeof(*w))) == NULL || (pfd = calloc(jobs, sizeof(*pfd))) == NULL ||
	    (next = mmap(NULL, sizeof(*next), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED) {
		sequential(ctx, paths, 0, n, opts, emit, arg);	/* no room for workers */
		goto out;
	}
	/* the first file here, before the workers start: they inherit what it
	 * loaded and compiled (catalog, rule table, the common schemas) instead of
	 * each doing it again */
	validate_path(ctx, paths[0], opts, &first_r);
	stop = emit(0, paths[0], &first_r, arg);
	ua_diags_free(&first_r.d);
	if (stop)
		goto out;
	got[0] = 1;
	emitted = 1;
	atomic_init(next, 1);
	fflush(stdout);		/* nothing buffered may be written twice */
	fflush(stderr);
	for (started = 0; started < jobs; started++) {
		if (pipe(fds) != 0)
			break;
		w[started].pid = fork();
		if (w[started].pid < 0) {
			close(fds[0]);
			close(fds[1]);
			break;
		}
		if (w[started].pid == 0) {
			for (k = 0; k < started; k++)
				close(w[k].fd);
			close(fds[0]);
			work(ctx, next, paths, n, opts, fds[1]);
			_exit(0);
		}
		close(fds[1]);
		w[started].fd = fds[0];
	}
	if (started == 0) {	/* no process at all: do the rest here */
		sequential(ctx, paths, 1, n, opts, emit, arg);
		goto out;
	}
	for (open_ = started; open_ > 0 || emitted < n;) {
		size_t np = 0;
		for (k = 0; k < started; k++)
			if (w[k].fd >= 0) {
				pfd[np].fd = w[k].fd;
				pfd[np].events = POLLIN;
				pfd[np++].revents = 0;
			}
		if (np > 0 && poll(pfd, np, -1) < 0 && errno != EINTR) {
			rc = -1;
			break;
		}
		for (k = 0, i = 0; k < started && np > 0; k++) {
			int st;
			if (w[k].fd < 0)
				continue;
			if (pfd[i++].revents == 0)
				continue;
			if ((st = drain(&w[k], n, res, got)) != 0) {
				close(w[k].fd);
				w[k].fd = -1;
				open_--;
			}
		}
		while (emitted < n && got[emitted] && !stop)
			stop = report(emitted++, paths, res, got, emit, arg);
		if (stop) {	/* nobody reads on: no worker takes another file */
			atomic_store(next, n);
			for (k = 0; k < started; k++)
				kill(w[k].pid, SIGTERM);
			break;
		}
		if (open_ == 0 && emitted < n) {
			/* a worker died with files it had taken: report them, and do
			 * the ones no worker reached here */
			size_t first = atomic_load(next);
			while (emitted < n && emitted < first && !stop)
				stop = report(emitted++, paths, res, got, emit, arg);
			if (emitted < n && !stop)
				sequential(ctx, paths, emitted, n, opts, emit, arg);
			emitted = n;
		}
	}
out:
	for (k = 0; k < started; k++) {
		if (w[k].fd >= 0)
			close(w[k].fd);
		while (waitpid(w[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
		free(w[k].buf);
	}
	if (res)
		for (i = 0; i < n; i++)
			if (res[i]) {
				ua_diags_free(&res[i]->d);
				free(res[i]);
			}
	free(res);
	free(got);
	free(w);
	free(pfd);
	if (next != MAP_FAILED)
		munmap(next, sizeof(*next));
	return rc;
}
