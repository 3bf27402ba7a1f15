/*
 * reorder: the bounded buffer that puts answers back in input order.
 *
 * Records get sequence numbers 0, 1, 2, ... as they are read; answers come
 * back in any order. An answer is held in its slot until every earlier one
 * has left. The window is fixed: record seq may only be started while
 * seq < next + cap (reorder_room), so one slow record holds back at most
 * cap - 1 finished ones and memory stays bounded whatever the latencies.
 */
#ifndef LLM_REORDER_H
#define LLM_REORDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct reorder {
	struct buf *slot;  /* cap slots, slot[seq % cap] */
	unsigned char *full;
	size_t cap;
	uint64_t next;     /* the sequence number to write next */
	size_t held;       /* answers waiting for an earlier one */
};

int reorder_init(struct reorder *r, size_t cap);
void reorder_release(struct reorder *r);
/* 1 when record seq may be started now. */
static inline int reorder_room(const struct reorder *r, uint64_t seq)
{
	return seq < r->next + r->cap;
}
/* Stores the answer for seq (which must be in the window and not yet put). */
void reorder_put(struct reorder *r, uint64_t seq, const char *p, size_t n);
/* Calls fn for each answer that may leave now, in order; returns how many. */
size_t reorder_drain(struct reorder *r, void (*fn)(void *ctx, const char *p, size_t n), void *ctx);

#endif
