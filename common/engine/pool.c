/*
 * pool: see pool.h. Workers sleep on a condition variable between jobs and
 * spin first, because a decode step issues a few hundred short jobs back to
 * back (TinyLlama: 8 per layer, 177 a token) and a futex wake-up per job
 * would cost more than the work of a small matmul: a sleeping worker joins
 * late, so the caller does its share alone.
 *
 * The spin is bounded in time, not in rounds: the old count of 20,000
 * bare loads took about 9 us on the development VM and would take ten
 * times longer on a CPU whose pause is slow, and each round now holds a
 * pause, which leaves a hyperthread sibling the core's issue slots while
 * it runs the caller's share of the work. The length stays about what it
 * was. Longer would cover the longer gaps of a decode step (the FFN's
 * activation over 5,632 values, the rotary step; tens of microseconds, so
 * a worker sleeps before some jobs and comes late to them), but on a
 * shared machine a spinning worker takes its process's share of the CPU:
 * on the development VM at load 8-10 on 2 cores, 200 us made a 2-thread
 * decode about a quarter slower, and 50 us made a microbenchmark of
 * 32-unit jobs with 20 us gaps slower; 10 us did neither. A worker that
 * keeps coming late (its core busy elsewhere) spins less: see
 * POOL_SPIN_NS.
 */
#include "engine/pool.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX_THREADS 256
/* How long a worker spins for the next job before it sleeps: up to
 * POOL_SPIN_NS while it finds its jobs still open, halved (down to
 * POOL_SPIN_MIN_NS) each time it comes to one already closed, which is
 * what a worker whose core is taken by other processes sees; spinning
 * there would only take the time the caller needs. And how long the caller
 * spins for the workers still in a job before it yields. */
#define POOL_SPIN_NS 10000
#define POOL_SPIN_MIN_NS 2000
#define POOL_WAIT_NS 50000

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Spins while *v == old (and no quit), up to ns nanoseconds; the clock is
 * read once per 64 rounds. Returns the last value read. */
static unsigned spin_while(const atomic_uint *v, unsigned old, const atomic_int *quit, int64_t ns)
{
	int64_t end = 0;
	for (unsigned r = 0;; r++) {
		unsigned g = atomic_load_explicit(v, memory_order_acquire);
		if (g != old || atomic_load_explicit(quit, memory_order_relaxed))
			return g;
		if ((r & 63) == 0) {
			int64_t t = now_ns();
			if (!end)
				end = t + ns;
			else if (t >= end)
				return g;
		}
		cpu_relax();
	}
}

struct pool {
	int n;
	pthread_t *tids;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_uint gen;      /* bumped once per job (never 0 once bumped) */
	atomic_uint open_gen; /* the job that may still be joined, 0: none */
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
	int64_t spin_ns = POOL_SPIN_NS;
	for (;;) {
		unsigned g = spin_while(&p->gen, seen, &p->quit, spin_ns);
		if (g == seen && !atomic_load(&p->quit)) {
			pthread_mutex_lock(&p->mu);
			while ((g = atomic_load(&p->gen)) == seen && !atomic_load(&p->quit))
				pthread_cond_wait(&p->cv, &p->mu);
			pthread_mutex_unlock(&p->mu);
		}
		if (atomic_load(&p->quit))
			return NULL;
		seen = g;
		/* Join only the job we were woken for, while it is open:
		 * announce, then check (both seq_cst; the caller closes, then reads
		 * active, so one of us sees the other). One word holds which job
		 * is open: with a flag beside the generation, a worker late from
		 * one job could see the next one's flag before its generation was
		 * bumped and join it twice. */
		atomic_fetch_add(&p->active, 1);
		if (atomic_load(&p->open_gen) == g) {
			p->fn(p->arg, wa.ith, p->n);
			if (spin_ns < POOL_SPIN_NS)
				spin_ns *= 2;
		} else if (spin_ns > POOL_SPIN_MIN_NS) {
			spin_ns /= 2;
		}
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
	atomic_init(&p->open_gen, 0);
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
	unsigned g = atomic_load(&p->gen) + 1; /* only the caller writes gen */
	if (g == 0)
		g = 1;
	atomic_store(&p->open_gen, g); /* open before a worker can see g */
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->gen, g);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	fn(arg, 0, p->n);
	atomic_store(&p->open_gen, 0);
	/* wait for the workers that joined to finish their last chunk; spin,
	 * then yield, as one of them may need this core */
	int64_t end = 0;
	for (unsigned r = 0; atomic_load(&p->active) > 0; r++) {
		if (end < 0) {
			sched_yield();
			continue;
		}
		if ((r & 63) == 0) {
			int64_t t = now_ns();
			if (!end)
				end = t + POOL_WAIT_NS;
			else if (t >= end)
				end = -1;
		}
		cpu_relax();
	}
}
