/*
 * retry: the arithmetic of being a polite client. Exponential backoff with
 * full jitter (a uniform draw in [0, min(cap, base * 2^n)], AWS's
 * "Exponential Backoff And Jitter"), Retry-After honoured up to a cap, a
 * token bucket per backend for requests and tokens per minute, and a
 * cooldown that benches a backend after repeated failures. Time is passed
 * in (milliseconds of a monotonic clock) so all of it is testable without
 * sleeping.
 */
#ifndef LLM_RETRY_H
#define LLM_RETRY_H

#include <stdint.h>

struct retry_rng {
	uint64_t s;
};

void retry_rng_seed(struct retry_rng *r, uint64_t seed);
uint64_t retry_rng_next(struct retry_rng *r);

/* The full-jitter backoff before retry number n (0 = the first retry). */
long retry_backoff_ms(long base_ms, long cap_ms, int n, struct retry_rng *rng);
/* The wait before a retry: the backoff, or the server's Retry-After
 * (clamped to after_cap_ms) when that is longer; retry_after_ms < 0 means
 * none was given. */
long retry_delay_ms(long backoff_ms, long retry_after_ms, long after_cap_ms);

/* A token bucket: refills at rate per minute up to burst; rate 0 means no
 * limit. A take larger than the burst waits for a full bucket and leaves
 * it in debt, so a single huge request is delayed, never refused. */
struct retry_bucket {
	double rate_per_ms;  /* 0: unlimited */
	double burst;
	double tokens;
	int64_t last_ms;
};

void retry_bucket_init(struct retry_bucket *b, double per_minute, double burst, int64_t now_ms);
/* Milliseconds until n tokens may be taken (0: now). */
int64_t retry_bucket_wait_ms(struct retry_bucket *b, double n, int64_t now_ms);
/* Takes n tokens (call when wait is 0). */
void retry_bucket_take(struct retry_bucket *b, double n, int64_t now_ms);
/* Gives back (delta > 0) or charges more (delta < 0) after the fact, e.g.
 * the difference between estimated and reported tokens. */
void retry_bucket_adjust(struct retry_bucket *b, double delta);

/* Cooldown: after threshold consecutive failures a backend rests for
 * cool_ms; a success ends the count. threshold 0 disables it. */
struct retry_cooldown {
	int threshold;
	long cool_ms;
	int fails;
	int64_t until_ms;
};

void retry_cooldown_init(struct retry_cooldown *c, int threshold, long cool_ms);
/* Counts a failure; returns 1 when this one started a cooldown. */
int retry_cooldown_fail(struct retry_cooldown *c, int64_t now_ms);
void retry_cooldown_ok(struct retry_cooldown *c);
/* 1 while the backend rests. */
int retry_cooldown_active(const struct retry_cooldown *c, int64_t now_ms);

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t retry_now_ms(void);

#endif
