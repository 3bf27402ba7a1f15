/*
 * append: the record stage of llm-audit append on worker threads; see
 * append.h for what runs where.
 *
 * The chunks form a ring. The caller fills ring[tail], hands it over
 * (FILLED), and consumes ring[head] once it is DONE, so chunks are
 * consumed in the order they were filled. Workers (and the caller, when
 * it would wait) claim FILLED chunks in order. Which thread prepares a
 * chunk changes nothing in its result: the dictionary it compresses with
 * is stamped by the caller when the chunk is started.
 */
#include "audit/append.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/entry.h"
#include "core/buf.h"
#include "core/record.h"
#include "core/sigstop.h"

#define APPEND_CHUNK_LINES 256
#define APPEND_CHUNK_BYTES ((size_t)1 << 20)
#define APPEND_RING 32
/* Chunks in flight while the store may still train its dictionary: those
 * prepared before it appears are recompressed on the caller's thread. */
#define APPEND_RING_UNTRAINED 4
#define APPEND_MAX_THREADS 64

enum chunk_state { CHUNK_FREE, CHUNK_FILLED, CHUNK_BUSY, CHUNK_DONE };

struct line_in {
	size_t off, n; /* into text */
	uint64_t line;
	const char *source;
	int too_long;
	size_t full_len;
};

struct line_out {
	int status;
	int in_errs;    /* the stored bytes are an error record in errs */
	size_t off, n;  /* the stored bytes, in text or errs */
	size_t msg_off; /* into msgs (NUL-terminated) when status != RECORD_OK */
};

/*
 * Ownership follows state, which only changes under append_pipe.mu:
 * FREE: the caller fills it; FILLED: waiting, nobody touches it; BUSY:
 * the thread that claimed it owns all of it; DONE: the caller reads it.
 */
struct chunk {
	enum chunk_state state;
	struct buf text;      /* the lines' bytes */
	struct line_in *in;
	struct line_out *out;
	size_t nlines, cap;
	struct store_batch *batch;
	struct buf errs, msgs;
	int failed;
	char err[512];
};

/* What one thread needs to process a chunk; each thread has its own. */
struct wstate {
	struct record r;
	struct entry_scratch sc;
	struct buf eb;
	struct store_worker *sw;
};

struct append_pipe {
	struct store *s;
	append_fn fn;
	void *ctx;
	pthread_mutex_t mu;
	pthread_cond_t work; /* a chunk was FILLED, or stop */
	pthread_cond_t done; /* a chunk is DONE */
	struct chunk ring[APPEND_RING];
	uint64_t head;  /* caller only: the oldest chunk not consumed */
	uint64_t tail;  /* written by the caller under mu: the chunk being filled (those before it are handed over) */
	uint64_t claim; /* under mu: the next chunk to process */
	int stop;       /* under mu */
	int nworkers;
	pthread_t tid[APPEND_MAX_THREADS];
	struct wstate ws[APPEND_MAX_THREADS + 1]; /* [nworkers] is the caller's */
};

static int grow_lines(struct chunk *c)
{
	if (c->nlines < c->cap)
		return 0;
	size_t cap = c->cap ? 2 * c->cap : APPEND_CHUNK_LINES;
	struct line_in *in = realloc(c->in, cap * sizeof(*in));
	if (in)
		c->in = in;
	struct line_out *out = in ? realloc(c->out, cap * sizeof(*out)) : NULL;
	if (!out)
		return -1;
	c->out = out;
	c->cap = cap;
	return 0;
}

/* One line: the record (or the error record keeping the line) into the
 * chunk's batch. */
static int process_line(struct wstate *w, struct chunk *c, size_t i)
{
	const struct line_in *in = &c->in[i];
	struct line_out *o = &c->out[i];
	char msg[256];
	const char *line = c->text.p + in->off;
	size_t n = in->n;
	memset(o, 0, sizeof(*o));
	o->off = in->off;
	o->n = n;
	o->status = in->too_long ? RECORD_TOO_LONG : record_parse(&w->r, line, n, msg, sizeof(msg));
	if (o->status != RECORD_OK) {
		struct record_origin origin = { in->source, in->line, in->full_len };
		if (o->status == RECORD_TOO_LONG)
			snprintf(msg, sizeof(msg), "line of %zu bytes exceeds --max-line", in->full_len);
		o->msg_off = c->msgs.len;
		buf_put(&c->msgs, msg, strlen(msg) + 1);
		buf_reset(&w->eb);
		record_write_error(&w->eb, line, n, "audit", record_status_code(o->status), msg, &origin);
		if (record_parse(&w->r, w->eb.p, w->eb.len, msg, sizeof(msg)) != RECORD_OK) {
			snprintf(c->err, sizeof(c->err), "internal error: an error record does not parse");
			return -1;
		}
		o->in_errs = 1;
		o->off = c->errs.len;
		o->n = w->eb.len;
		buf_put(&c->errs, w->eb.p, w->eb.len);
		line = w->eb.p;
		n = w->eb.len;
	}
	struct entry e;
	entry_from_record(&e, &w->sc, &w->r);
	return store_batch_add(w->sw, c->batch, &e, line, n, c->err, sizeof(c->err));
}

static void process_chunk(struct wstate *w, struct chunk *c)
{
	for (size_t i = 0; i < c->nlines && !c->failed; i++)
		if (process_line(w, c, i))
			c->failed = 1;
}

/* Under mu: takes the next FILLED chunk, or returns NULL. */
static struct chunk *claim_locked(struct append_pipe *p)
{
	if (p->claim == p->tail)
		return NULL;
	struct chunk *c = &p->ring[p->claim % APPEND_RING];
	p->claim++;
	c->state = CHUNK_BUSY;
	return c;
}

static void finish(struct append_pipe *p, struct chunk *c)
{
	pthread_mutex_lock(&p->mu);
	c->state = CHUNK_DONE;
	pthread_cond_broadcast(&p->done);
	pthread_mutex_unlock(&p->mu);
}

struct worker_arg {
	struct append_pipe *p;
	struct wstate *w;
};

static void *worker_run(void *arg)
{
	struct append_pipe *p = ((struct worker_arg *)arg)->p;
	struct wstate *w = ((struct worker_arg *)arg)->w;
	free(arg);
	for (;;) {
		pthread_mutex_lock(&p->mu);
		struct chunk *c;
		while (!(c = claim_locked(p)) && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (!c)
			return NULL;
		process_chunk(w, c);
		finish(p, c);
	}
}

static void chunk_start(struct append_pipe *p, struct chunk *c)
{
	c->nlines = 0;
	c->failed = 0;
	c->err[0] = '\0';
	buf_reset(&c->text);
	buf_reset(&c->errs);
	buf_reset(&c->msgs);
	store_batch_reset(p->s, c->batch);
}

/* Runs the callback over the DONE chunk at head, then frees it. */
static int consume(struct append_pipe *p, char *err, size_t errlen)
{
	struct chunk *c = &p->ring[p->head % APPEND_RING];
	if (c->failed) {
		snprintf(err, errlen, "%s", c->err);
		return -1;
	}
	for (size_t i = 0; i < c->nlines; i++) {
		const struct line_out *o = &c->out[i];
		struct append_result r = {
			(o->in_errs ? c->errs.p : c->text.p) + o->off, o->n, o->status,
			o->status != RECORD_OK ? c->msgs.p + o->msg_off : NULL,
			c->in[i].source, c->in[i].line, c->batch, i,
		};
		if (p->fn(p->ctx, &r, err, errlen))
			return -1;
	}
	c->nlines = 0;
	c->state = CHUNK_FREE;
	p->head++;
	return 0;
}

/* Waits until the chunk at head is DONE, processing chunks meanwhile. */
static void wait_head(struct append_pipe *p)
{
	struct chunk *h = &p->ring[p->head % APPEND_RING];
	pthread_mutex_lock(&p->mu);
	while (h->state != CHUNK_DONE) {
		struct chunk *c = claim_locked(p);
		if (!c) {
			pthread_cond_wait(&p->done, &p->mu);
			continue;
		}
		pthread_mutex_unlock(&p->mu);
		process_chunk(&p->ws[p->nworkers], c);
		pthread_mutex_lock(&p->mu);
		c->state = CHUNK_DONE;
	}
	pthread_mutex_unlock(&p->mu);
}

/* Hands the chunk being filled to the workers. */
static void submit(struct append_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->ring[p->tail % APPEND_RING].state = CHUNK_FILLED;
	p->tail++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

static int head_done(struct append_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	int done = p->ring[p->head % APPEND_RING].state == CHUNK_DONE;
	pthread_mutex_unlock(&p->mu);
	return done;
}

int append_pipe_add(struct append_pipe *p, const struct input_rec *rec, char *err, size_t errlen)
{
	struct chunk *c = &p->ring[p->tail % APPEND_RING];
	if (!c->nlines)
		chunk_start(p, c);
	if (grow_lines(c)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct line_in *in = &c->in[c->nlines++];
	in->off = c->text.len;
	in->n = rec->n;
	in->line = rec->line;
	in->source = rec->source;
	in->too_long = rec->too_long;
	in->full_len = rec->full_len;
	buf_put(&c->text, rec->p, rec->n);
	if (c->nlines < APPEND_CHUNK_LINES && c->text.len < APPEND_CHUNK_BYTES)
		return 0;
	submit(p);
	/* Consume what is ready; wait only when the ring is full (or alone). */
	uint64_t cap = store_dict_pending(p->s) ? APPEND_RING_UNTRAINED : APPEND_RING;
	while (p->head < p->tail && (p->tail - p->head >= cap || !p->nworkers || head_done(p))) {
		wait_head(p);
		if (consume(p, err, errlen))
			return -1;
	}
	return 0;
}

int append_pipe_drain(struct append_pipe *p, char *err, size_t errlen)
{
	if (p->ring[p->tail % APPEND_RING].nlines && p->ring[p->tail % APPEND_RING].state == CHUNK_FREE)
		submit(p);
	while (p->head < p->tail) {
		wait_head(p);
		if (consume(p, err, errlen))
			return -1;
	}
	return 0;
}

static int wstate_init(struct append_pipe *p, struct wstate *w, char *err, size_t errlen)
{
	record_init(&w->r);
	entry_scratch_init(&w->sc);
	buf_init(&w->eb);
	w->sw = store_worker_new(p->s, err, errlen);
	return w->sw ? 0 : -1;
}

static void wstate_release(struct wstate *w)
{
	record_release(&w->r);
	entry_scratch_release(&w->sc);
	buf_release(&w->eb);
	store_worker_free(w->sw);
}

struct append_pipe *append_pipe_new(struct store *s, int threads, append_fn fn, void *ctx, char *err, size_t errlen)
{
	struct append_pipe *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->s = s;
	p->fn = fn;
	p->ctx = ctx;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (int i = 0; i < APPEND_RING; i++) {
		buf_init(&p->ring[i].text);
		buf_init(&p->ring[i].errs);
		buf_init(&p->ring[i].msgs);
		if (!(p->ring[i].batch = store_batch_new()))
			goto oom;
	}
	int want = (threads < 1 ? 1 : threads > APPEND_MAX_THREADS ? APPEND_MAX_THREADS : threads) - 1;
	if (wstate_init(p, &p->ws[want], err, errlen))
		goto fail;
	for (int i = 0; i < want; i++) {
		struct worker_arg *a = malloc(sizeof(*a));
		if (!a || wstate_init(p, &p->ws[i], err, errlen)) {
			free(a);
			goto fail;
		}
		a->p = p;
		a->w = &p->ws[i];
		/* Workers never take a stop signal: it must reach the thread
		 * that reads input, which may be waiting for it (sigstop.h). */
		sigset_t mask;
		sigstop_block(&mask);
		int perr = pthread_create(&p->tid[i], NULL, worker_run, a);
		sigstop_restore(&mask);
		if (perr) {
			free(a);
			wstate_release(&p->ws[i]);
			break; /* fewer workers: still correct */
		}
		p->nworkers++;
	}
	if (p->nworkers < want) {
		/* The caller's state moves down to where process_chunk looks. */
		p->ws[p->nworkers] = p->ws[want];
		memset(&p->ws[want], 0, sizeof(p->ws[want]));
	}
	return p;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	append_pipe_free(p);
	return NULL;
}

void append_pipe_free(struct append_pipe *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	/* Anything still handed over is dropped: the workers take no more. */
	p->claim = p->tail;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nworkers; i++)
		pthread_join(p->tid[i], NULL);
	for (int i = 0; i <= APPEND_MAX_THREADS; i++)
		if (p->ws[i].sw)
			wstate_release(&p->ws[i]);
	for (int i = 0; i < APPEND_RING; i++) {
		struct chunk *c = &p->ring[i];
		buf_release(&c->text);
		buf_release(&c->errs);
		buf_release(&c->msgs);
		free(c->in);
		free(c->out);
		store_batch_free(c->batch);
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
