/*
 * retry: backoff, jitter, token buckets and cooldowns; see retry.h.
 */
#include "infer/retry.h"

#include <assert.h>
#include <time.h>

void retry_rng_seed(struct retry_rng *r, uint64_t seed)
{
	r->s = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t retry_rng_next(struct retry_rng *r)
{
	/* xorshift64*: plenty for jitter, which only has to decorrelate clients. */
	uint64_t x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dull;
}

long retry_backoff_ms(long base_ms, long cap_ms, int n, struct retry_rng *rng)
{
	if (base_ms <= 0 || cap_ms <= 0)
		return 0;
	long ceil = base_ms;
	for (int i = 0; i < n && ceil < cap_ms; i++)
		ceil = ceil > cap_ms / 2 ? cap_ms : ceil * 2;
	if (ceil > cap_ms)
		ceil = cap_ms;
	long d = (long)(retry_rng_next(rng) % (uint64_t)(ceil + 1));
	assert(d >= 0 && d <= cap_ms);
	return d;
}

long retry_delay_ms(long backoff_ms, long retry_after_ms, long after_cap_ms)
{
	if (retry_after_ms < 0)
		return backoff_ms;
	if (retry_after_ms > after_cap_ms)
		retry_after_ms = after_cap_ms;
	return retry_after_ms > backoff_ms ? retry_after_ms : backoff_ms;
}

void retry_bucket_init(struct retry_bucket *b, double per_minute, double burst, int64_t now_ms)
{
	b->rate_per_ms = per_minute > 0 ? per_minute / 60000.0 : 0;
	b->burst = burst >= 1 ? burst : 1;
	b->tokens = b->burst;
	b->last_ms = now_ms;
}

static void refill(struct retry_bucket *b, int64_t now_ms)
{
	if (now_ms > b->last_ms) {
		b->tokens += (double)(now_ms - b->last_ms) * b->rate_per_ms;
		if (b->tokens > b->burst)
			b->tokens = b->burst;
		b->last_ms = now_ms;
	}
}

int64_t retry_bucket_wait_ms(struct retry_bucket *b, double n, int64_t now_ms)
{
	if (b->rate_per_ms <= 0)
		return 0;
	refill(b, now_ms);
	double need = n > b->burst ? b->burst : n;
	if (b->tokens >= need)
		return 0;
	double ms = (need - b->tokens) / b->rate_per_ms;
	return ms < 1 ? 1 : (int64_t)ms + 1;
}

void retry_bucket_take(struct retry_bucket *b, double n, int64_t now_ms)
{
	if (b->rate_per_ms <= 0)
		return;
	refill(b, now_ms);
	b->tokens -= n;
}

void retry_bucket_adjust(struct retry_bucket *b, double delta)
{
	if (b->rate_per_ms <= 0)
		return;
	b->tokens += delta;
	if (b->tokens > b->burst)
		b->tokens = b->burst;
}

void retry_cooldown_init(struct retry_cooldown *c, int threshold, long cool_ms)
{
	c->threshold = threshold;
	c->cool_ms = cool_ms;
	c->fails = 0;
	c->until_ms = 0;
}

int retry_cooldown_fail(struct retry_cooldown *c, int64_t now_ms)
{
	if (c->threshold <= 0)
		return 0;
	if (++c->fails >= c->threshold) {
		c->fails = 0;
		c->until_ms = now_ms + c->cool_ms;
		return 1;
	}
	return 0;
}

void retry_cooldown_ok(struct retry_cooldown *c)
{
	c->fails = 0;
}

int retry_cooldown_active(const struct retry_cooldown *c, int64_t now_ms)
{
	return c->until_ms > now_ms;
}

int64_t retry_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
