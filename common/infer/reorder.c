/*
 * reorder: the bounded reorder window; see reorder.h.
 */
#include "infer/reorder.h"

#include <assert.h>
#include <stdlib.h>

int reorder_init(struct reorder *r, size_t cap)
{
	r->cap = cap ? cap : 1;
	r->slot = calloc(r->cap, sizeof(*r->slot));
	r->full = calloc(r->cap, 1);
	r->next = 0;
	r->held = 0;
	if (!r->slot || !r->full) {
		free(r->slot);
		free(r->full);
		r->slot = NULL;
		r->full = NULL;
		return -1;
	}
	return 0;
}

void reorder_release(struct reorder *r)
{
	for (size_t i = 0; r->slot && i < r->cap; i++)
		buf_release(&r->slot[i]);
	free(r->slot);
	free(r->full);
	r->slot = NULL;
	r->full = NULL;
}

void reorder_put(struct reorder *r, uint64_t seq, const char *p, size_t n)
{
	assert(seq >= r->next && reorder_room(r, seq));
	size_t i = (size_t)(seq % r->cap);
	assert(!r->full[i]);
	buf_reset(&r->slot[i]);
	buf_put(&r->slot[i], p, n);
	r->full[i] = 1;
	r->held++;
}

size_t reorder_drain(struct reorder *r, void (*fn)(void *ctx, const char *p, size_t n), void *ctx)
{
	size_t k = 0;
	for (;;) {
		size_t i = (size_t)(r->next % r->cap);
		if (!r->full[i])
			break;
		fn(ctx, r->slot[i].p, r->slot[i].len);
		r->full[i] = 0;
		/* Keep small buffers for reuse, give large ones back. */
		if (r->slot[i].cap > 65536)
			buf_release(&r->slot[i]);
		r->next++;
		r->held--;
		k++;
	}
	return k;
}
