/* SPDX-License-Identifier: MIT */
/* Validating many files on several threads, reporting in the order given. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
#include "ua.h"

struct pool {
	struct ua_ctx **ctxs;
	char *const *paths;
	const struct ua_validate_opts *opts;
	struct ua_result *res;
	atomic_char *done;
	size_t n;
	atomic_size_t next;
	atomic_int waiting;	/* the reporting thread sleeps on cv */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

struct worker {
	struct pool *p;
	struct ua_ctx *ctx;
};

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

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	size_t i;

	/* no lock per file: the next index is taken atomically, and the reporting
	 * thread is woken only when it sleeps (it sets waiting, then looks at done[]
	 * again under the mutex; both sides use sequentially consistent atomics) */
	for (;;) {
		i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			return NULL;
		validate_path(w->ctx, p->paths[i], p->opts, &p->res[i]);
		atomic_store(&p->done[i], 1);
		if (atomic_load(&p->waiting)) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_broadcast(&p->cv);
			pthread_mutex_unlock(&p->mu);
		}
	}
}

int
ua_validate_files(struct ua_ctx **ctxs, size_t nctx, char *const *paths, size_t n,
    const struct ua_validate_opts *opts,
    void (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg)
{
	struct pool p = { ctxs, paths, opts, NULL, NULL, n, 0, 0,
	    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	struct worker *w = NULL;
	pthread_t *tid = NULL;
	size_t i, started = 0;
	int rc = 0;

	if (n == 0)
		return 0;
	if (nctx > n)
		nctx = n;
	if ((p.res = calloc(n, sizeof(*p.res))) == NULL ||
	    (p.done = calloc(n, sizeof(*p.done))) == NULL) {
		free(p.res);
		return -1;
	}
	if (nctx == 1) {	/* no thread for a single worker */
		for (i = 0; i < n; i++) {
			validate_path(ctxs[0], paths[i], opts, &p.res[i]);
			emit(i, paths[i], &p.res[i], arg);
			ua_diags_free(&p.res[i].d);
		}
		goto out;
	}
	if ((w = calloc(nctx, sizeof(*w))) == NULL || (tid = calloc(nctx, sizeof(*tid))) == NULL) {
		rc = -1;
		goto out;
	}
	/* the calling thread works too (with ctxs[0]): while the next result to
	 * report is not ready it takes a file of its own, and sleeps only when
	 * none is left */
	for (started = 0; started + 1 < nctx; started++) {
		w[started].p = &p;
		w[started].ctx = ctxs[started + 1];
		if (pthread_create(&tid[started], NULL, work, &w[started]) != 0)
			break;
	}
	for (i = 0; i < n; i++) {
		while (!atomic_load(&p.done[i])) {
			size_t j = atomic_fetch_add(&p.next, 1);
			if (j >= n)
				break;
			validate_path(ctxs[0], paths[j], opts, &p.res[j]);
			atomic_store(&p.done[j], 1);
		}
		if (!atomic_load(&p.done[i])) {
			pthread_mutex_lock(&p.mu);
			atomic_store(&p.waiting, 1);
			while (!atomic_load(&p.done[i]))
				pthread_cond_wait(&p.cv, &p.mu);
			atomic_store(&p.waiting, 0);
			pthread_mutex_unlock(&p.mu);
		}
		emit(i, paths[i], &p.res[i], arg);
		ua_diags_free(&p.res[i].d);
	}
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
out:
	free(w);
	free(tid);
	free(p.res);
	free((void *)p.done);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	return rc;
}
