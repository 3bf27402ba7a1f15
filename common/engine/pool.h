/*
 * pool: a fixed set of worker threads that run one job at a time: the
 * caller and the workers call the same function, each with its own index.
 * There is no queue and no allocation per job: a job is a function, an
 * argument and a generation number the workers wait on.
 *
 * Jobs must share their work dynamically (the engine's take chunks of rows
 * or heads from an atomic counter), because a worker is not waited for: the
 * caller runs the function itself, and once it returns (all work taken)
 * the job is closed; a worker that had not started by then (its core was
 * busy with another process) skips it. So the caller always runs with
 * index 0, every other index runs at most once, and a loaded machine slows
 * a job down by the work it could not share, not by a scheduler time slice
 * per job. pool_run() returns when every function call that started has
 * returned. A pool of one thread starts no workers. Not reentrant: one
 * caller at a time (the engine owns its pool).
 */
#ifndef LLM_POOL_H
#define LLM_POOL_H

#include <stddef.h>

struct pool;

/* fn(arg, ith, nth): thread ith of nth (0 is the caller); see above. */
typedef void (*pool_fn)(void *arg, int ith, int nth);

/* n_threads <= 0 means every online CPU. 0 or -1 with a message. */
int pool_new(int n_threads, struct pool **out, char *err, size_t errlen);
void pool_free(struct pool *p);
int pool_size(const struct pool *p);
void pool_run(struct pool *p, pool_fn fn, void *arg);

/* Number of online CPUs (at least 1). */
int pool_cpu_count(void);

#endif
