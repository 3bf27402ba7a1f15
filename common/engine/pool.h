/*
 * pool: a fixed set of worker threads that run one job at a time, every
 * thread (the caller included) calling the same function with its own index.
 * The engine splits a matmul's rows or an attention's heads by that index,
 * so there is no queue and no allocation per job: a job is a function, an
 * argument and a generation number the workers wait on.
 *
 * pool_run() returns when every thread has finished the job. A pool of one
 * thread starts no workers and just calls the function. Not reentrant: one
 * caller at a time (the engine owns its pool).
 */
#ifndef LLM_POOL_H
#define LLM_POOL_H

#include <stddef.h>

struct pool;

/* fn(arg, ith, nth): thread ith of nth (0 is the caller). */
typedef void (*pool_fn)(void *arg, int ith, int nth);

/* n_threads <= 0 means every online CPU. 0 or -1 with a message. */
int pool_new(int n_threads, struct pool **out, char *err, size_t errlen);
void pool_free(struct pool *p);
int pool_size(const struct pool *p);
void pool_run(struct pool *p, pool_fn fn, void *arg);

/* Number of online CPUs (at least 1). */
int pool_cpu_count(void);

#endif
