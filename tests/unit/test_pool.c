/*
 * test_pool: the thread pool (engine/pool.c) as pool.h describes it:
 *  - a pool of one runs every job on the caller, index 0 of 1;
 *  - the caller runs every job with index 0, each worker at most once a
 *    job, with its own index, and every job sees the pool's size;
 *  - work shared through a counter is done exactly once, whoever takes it,
 *    back to back (workers spinning) and after idle spells long enough for
 *    them to sleep (the wake-up path), and with a caller that takes all the
 *    work before a worker arrives (late workers skip the job);
 *  - pool_run returns only after every call that started has returned;
 *  - pool_free returns with workers spinning and with workers asleep.
 * Nothing here depends on timing: sleeps only make each path likely.
 */
#include "engine/pool.h"

#include <stdatomic.h>
#include <time.h>

#include "unit.h"

static void nap_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
	nanosleep(&ts, NULL);
}

struct job {
	atomic_int next;        /* next unit to take */
	int units;
	atomic_int done[256];   /* times each unit was done */
	atomic_int calls[8];    /* calls per index */
	atomic_int inside;      /* calls running now */
	atomic_int bad_nth;     /* calls that saw another pool size */
	int nth;
	int slow_us;            /* workers (ith > 0) nap this long per unit */
};

static void job_fn(void *arg, int ith, int nth)
{
	struct job *j = arg;
	atomic_fetch_add(&j->inside, 1);
	if (nth != j->nth || ith < 0 || ith >= nth)
		atomic_fetch_add(&j->bad_nth, 1);
	else
		atomic_fetch_add(&j->calls[ith], 1);
	for (;;) {
		int u = atomic_fetch_add(&j->next, 1);
		if (u >= j->units)
			break;
		if (ith > 0 && j->slow_us)
			nap_us(j->slow_us);
		atomic_fetch_add(&j->done[u], 1);
	}
	atomic_fetch_sub(&j->inside, 1);
}

static void job_reset(struct job *j, int units, int nth, int slow_us)
{
	atomic_store(&j->next, 0);
	j->units = units;
	for (int i = 0; i < 256; i++)
		atomic_store(&j->done[i], 0);
	for (int i = 0; i < 8; i++)
		atomic_store(&j->calls[i], 0);
	atomic_store(&j->inside, 0);
	atomic_store(&j->bad_nth, 0);
	j->nth = nth;
	j->slow_us = slow_us;
}

/* runs the job once; 1 when every unit was done once, the caller ran it,
 * no worker ran it twice and no call was still running at the return */
static int run_once(struct pool *p, struct job *j, int units, int slow_us)
{
	job_reset(j, units, pool_size(p), slow_us);
	pool_run(p, job_fn, j);
	int ok = atomic_load(&j->inside) == 0 && atomic_load(&j->bad_nth) == 0 && atomic_load(&j->calls[0]) == 1;
	for (int i = 1; i < pool_size(p) && i < 8; i++)
		ok &= atomic_load(&j->calls[i]) <= 1;
	for (int u = 0; u < units; u++)
		ok &= atomic_load(&j->done[u]) == 1;
	return ok;
}

static struct job J;

static void test_single(void)
{
	char err[128];
	struct pool *p = NULL;
	CHECK(pool_new(1, &p, err, sizeof err) == 0);
	CHECK_EQ_INT(pool_size(p), 1);
	CHECK(run_once(p, &J, 100, 0));
	CHECK_EQ_INT(atomic_load(&J.calls[0]), 1);
	pool_free(p);
	/* no pool at all: the caller alone */
	CHECK_EQ_INT(pool_size(NULL), 1);
	job_reset(&J, 10, 1, 0);
	pool_run(NULL, job_fn, &J);
	CHECK_EQ_INT(atomic_load(&J.calls[0]), 1);
	CHECK_EQ_INT(atomic_load(&J.next) >= 10, 1);
}

static void test_back_to_back(void)
{
	char err[128];
	struct pool *p = NULL;
	CHECK(pool_new(3, &p, err, sizeof err) == 0);
	CHECK_EQ_INT(pool_size(p), 3);
	int bad = 0, joined = 0;
	for (int r = 0; r < 20000; r++) {
		bad += !run_once(p, &J, 1 + r % 200, 0);
		joined += atomic_load(&J.calls[1]) + atomic_load(&J.calls[2]);
	}
	CHECK_MSG(bad == 0, "%d of 20000 back-to-back jobs went wrong", bad);
	(void)joined; /* how many a loaded machine lets join is not fixed */
	pool_free(p); /* workers spinning */
}

static void test_after_idle(void)
{
	char err[128];
	struct pool *p = NULL;
	CHECK(pool_new(2, &p, err, sizeof err) == 0);
	int bad = 0;
	for (int r = 0; r < 40; r++) {
		/* long enough for the workers to stop spinning and sleep */
		nap_us(r % 2 ? 2000 : 300);
		bad += !run_once(p, &J, 64, 0);
	}
	CHECK_MSG(bad == 0, "%d of 40 jobs after an idle spell went wrong", bad);
	/* workers that nap inside the job: the caller must wait for them */
	bad = 0;
	for (int r = 0; r < 20; r++)
		bad += !run_once(p, &J, 32, 200);
	CHECK_MSG(bad == 0, "%d of 20 jobs with slow workers went wrong", bad);
	/* jobs too short for a worker to join: the caller does them alone,
	 * and the workers (coming late, spinning less) still join later ones */
	bad = 0;
	for (int r = 0; r < 5000; r++)
		bad += !run_once(p, &J, r % 3, 0);
	CHECK_MSG(bad == 0, "%d of 5000 tiny jobs went wrong", bad);
	bad = 0;
	for (int r = 0; r < 200; r++)
		bad += !run_once(p, &J, 256, r % 2 ? 5 : 0);
	CHECK_MSG(bad == 0, "%d of 200 jobs after the tiny ones went wrong", bad);
	nap_us(5000);
	pool_free(p); /* workers asleep */
}

static void test_sizes(void)
{
	char err[128];
	for (int n = 2; n <= 8; n++) {
		struct pool *p = NULL;
		CHECK(pool_new(n, &p, err, sizeof err) == 0);
		CHECK_EQ_INT(pool_size(p), n);
		int bad = 0;
		for (int r = 0; r < 200; r++)
			bad += !run_once(p, &J, 256, 0);
		CHECK_MSG(bad == 0, "pool of %d: %d of 200 jobs went wrong", n, bad);
		pool_free(p);
	}
	CHECK(pool_cpu_count() >= 1);
}

int main(void)
{
	test_single();
	test_back_to_back();
	test_after_idle();
	test_sizes();
	UNIT_DONE();
}
