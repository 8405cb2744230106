/* SPDX-License-Identifier: MIT */
/* Validating many files on several threads, reporting in the order given. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
#include "ua.h"

struct pool {
	struct ua_ctx **ctxs;
	char *const *paths;
	const struct ua_validate_opts *opts;
	struct ua_result *res;
	char *done;
	size_t n, next;
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

	for (;;) {
		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		validate_path(w->ctx, p->paths[i], p->opts, &p->res[i]);
		pthread_mutex_lock(&p->mu);
		p->done[i] = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

int
ua_validate_files(struct ua_ctx **ctxs, size_t nctx, char *const *paths, size_t n,
    const struct ua_validate_opts *opts,
    void (*emit)(size_t i, const char *path, struct ua_result *r, void *arg), void *arg)
{
	struct pool p = { ctxs, paths, opts, NULL, NULL, n, 0,
	    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	struct worker *w = NULL;
	pthread_t *tid = NULL;
	size_t i, started = 0;
	int rc = 0;

	if (n == 0)
		return 0;
	if (nctx > n)
		nctx = n;
	if ((p.res = calloc(n, sizeof(*p.res))) == NULL || (p.done = calloc(n, 1)) == NULL) {
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
	for (started = 0; started < nctx; started++) {
		w[started].p = &p;
		w[started].ctx = ctxs[started];
		if (pthread_create(&tid[started], NULL, work, &w[started]) != 0)
			break;
	}
	if (started == 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&p.mu);
		while (!p.done[i])
			pthread_cond_wait(&p.cv, &p.mu);
		pthread_mutex_unlock(&p.mu);
		emit(i, paths[i], &p.res[i], arg);
		ua_diags_free(&p.res[i].d);
	}
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
out:
	free(w);
	free(tid);
	free(p.res);
	free(p.done);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	return rc;
}
