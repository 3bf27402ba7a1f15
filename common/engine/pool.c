/*
 * pool: see pool.h. Workers sleep on a condition variable between jobs and
 * spin briefly first, because a decode step issues a few hundred short jobs
 * back to back and a futex wake-up per job would cost more than the work of
 * a small matmul.
 */
#include "engine/pool.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POOL_MAX_THREADS 256
#define POOL_SPIN 20000

struct pool {
	int n;
	pthread_t *tids;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_uint gen;      /* bumped once per job */
	atomic_int open;      /* the current job may still be joined */
	atomic_int active;    /* workers inside the current job's function */
	atomic_int quit;
	pool_fn fn;
	void *arg;
};

struct worker_arg {
	struct pool *p;
	int ith;
};

int pool_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (int)n;
}

static void *worker(void *varg)
{
	struct worker_arg wa = *(struct worker_arg *)varg;
	free(varg);
	struct pool *p = wa.p;
	unsigned seen = 0;
	for (;;) {
		unsigned g;
		int spins = 0;
		while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen &&
		       !atomic_load(&p->quit) && spins < POOL_SPIN)
			spins++;
		if (g == seen && !atomic_load(&p->quit)) {
			pthread_mutex_lock(&p->mu);
			while ((g = atomic_load(&p->gen)) == seen && !atomic_load(&p->quit))
				pthread_cond_wait(&p->cv, &p->mu);
			pthread_mutex_unlock(&p->mu);
		}
		if (atomic_load(&p->quit))
			return NULL;
		seen = g;
		/* Join only an open job: announce, then check (both seq_cst; the
		 * caller closes, then reads active, so one of us sees the other). */
		atomic_fetch_add(&p->active, 1);
		if (atomic_load(&p->open) && atomic_load(&p->gen) == g)
			p->fn(p->arg, wa.ith, p->n);
		atomic_fetch_sub(&p->active, 1);
	}
}

int pool_new(int n_threads, struct pool **out, char *err, size_t errlen)
{
	*out = NULL;
	if (n_threads <= 0)
		n_threads = pool_cpu_count();
	if (n_threads > POOL_MAX_THREADS)
		n_threads = POOL_MAX_THREADS;
	struct pool *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->n = n_threads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	atomic_init(&p->gen, 0);
	atomic_init(&p->open, 0);
	atomic_init(&p->active, 0);
	atomic_init(&p->quit, 0);
	if (n_threads > 1) {
		p->tids = calloc((size_t)n_threads, sizeof(pthread_t));
		if (!p->tids) {
			pool_free(p);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (int i = 1; i < n_threads; i++) {
			struct worker_arg *wa = malloc(sizeof(*wa));
			if (wa) {
				wa->p = p;
				wa->ith = i;
			}
			int rc = wa ? pthread_create(&p->tids[i], NULL, worker, wa) : ENOMEM;
			if (rc != 0) {
				free(wa);
				p->n = i; /* pool_free joins the ones started */
				pool_free(p);
				snprintf(err, errlen, "cannot start thread %d: %s", i, strerror(rc));
				return -1;
			}
		}
	}
	*out = p;
	return 0;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	if (p->tids) {
		pthread_mutex_lock(&p->mu);
		atomic_store(&p->quit, 1);
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		for (int i = 1; i < p->n; i++)
			pthread_join(p->tids[i], NULL);
		free(p->tids);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

int pool_size(const struct pool *p)
{
	return p ? p->n : 1;
}

void pool_run(struct pool *p, pool_fn fn, void *arg)
{
	if (!p || p->n <= 1) {
		fn(arg, 0, 1);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	atomic_store(&p->open, 1);
	pthread_mutex_lock(&p->mu);
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	fn(arg, 0, p->n);
	atomic_store(&p->open, 0);
	/* wait for the workers that joined to finish their last chunk; spin,
	 * then yield, as one of them may need this core */
	for (int spins = 0; atomic_load(&p->active) > 0; spins++)
		if (spins > POOL_SPIN)
			sched_yield();
}
