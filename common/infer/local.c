/*
 * local: the on-box engine as an llm-infer backend; see local.h.
 */
#include "infer/local.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jv.h>

#include "engine/engine.h"
#include "engine/gguf.h"

/* Markers chat templates use that vocabularies often hold as special tokens. */
static const char *const markers[] = {
	"<s>", "</s>", "<|im_start|>", "<|im_end|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
	"<start_of_turn>", "<end_of_turn>", "<|user|>", "<|assistant|>", "<|system|>", "<|end|>", "<|endoftext|>",
	"[INST]", "[/INST]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "<｜User｜>", "<｜Assistant｜>",
	"<｜end▁of▁sentence｜>",
};
#define NMARKERS (sizeof(markers) / sizeof(markers[0]))

struct running; /* a job decoding in a slot (below) */

struct model {
	char *name;               /* the backend's */
	struct engine *e;         /* NULL when it failed to open */
	char err[400];
	struct chat_style style;  /* the template's family and default system text */
	int32_t special[NMARKERS];/* id of each marker, or -1 */
	struct engine_batch *batch; /* the slots, made on first use */
	struct running *run;      /* one per slot */
};

struct local {
	pthread_t thread;
	int started;
	pthread_mutex_t mu;      /* the queues */
	pthread_mutex_t run_mu;  /* one job at a time on the engines */
	pthread_cond_t cv;
	struct local_job *queue, *queue_tail, *done, *done_tail;
	int stopping;
	int pipefd[2];
	struct model *models;
	size_t nmodels;
	int slots;               /* sequences decoded together per model */
	/* the worker's own: jobs taken from the queue that wait for a slot */
	struct local_job *pending, *pending_tail;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void local_job_init(struct local_job *j, const struct policy_backend *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
	j->max_tokens = -1;
	j->temperature = j->top_p = j->min_p = j->repeat_penalty = NAN;
	j->top_k = -1;
	j->seed = -1;
	j->fail = -1;
	buf_init(&j->output);
}

void local_job_release(struct local_job *j)
{
	for (size_t i = 0; i < j->nmsgs; i++) {
		free((char *)j->msgs[i].role);
		free((char *)j->msgs[i].content);
	}
	free(j->msgs);
	for (size_t i = 0; i < j->nstop; i++)
		free(j->stop[i]);
	free(j->stop);
	buf_release(&j->output);
	j->msgs = NULL;
	j->stop = NULL;
	j->nmsgs = j->amsgs = j->nstop = 0;
}

void local_job_add_msg(struct local_job *j, const char *role, const char *content, size_t len)
{
	if (j->nmsgs == j->amsgs) {
		size_t na = j->amsgs ? 2 * j->amsgs : 4;
		struct chat_msg *v = realloc(j->msgs, na * sizeof(*v));
		if (!v)
			return;
		j->msgs = v;
		j->amsgs = na;
	}
	char *c = malloc(len + 1);
	char *r = strdup(role ? role : "user");
	if (!c || !r) {
		free(c);
		free(r);
		return;
	}
	memcpy(c, content, len);
	c[len] = '\0';
	j->msgs[j->nmsgs++] = (struct chat_msg){ r, c, len };
}

void local_job_add_stop(struct local_job *j, const char *s, size_t len)
{
	char **v = realloc(j->stop, (j->nstop + 1) * sizeof(*v));
	if (!v)
		return;
	j->stop = v;
	if ((v[j->nstop] = strndup(s, len)))
		j->nstop++;
}

/* ---- engines ---- */

int local_check_model(const struct policy_backend *b, char *err, size_t errlen)
{
	if (!b->model_path || !*b->model_path) {
		snprintf(err, errlen, "local backend '%s' has no model_path", b->name);
		return -1;
	}
	struct gguf_ctx *g = NULL;
	char why[300];
	if (gguf_open(b->model_path, &g, why, sizeof(why))) {
		/* The reader's message may begin with the path: say it once. */
		const char *w = why;
		size_t pl = strlen(b->model_path);
		if (!strncmp(w, b->model_path, pl) && !strncmp(w + pl, ": ", 2))
			w += pl + 2;
		snprintf(err, errlen, "local backend '%s': model file %s: %s", b->name, b->model_path, w);
		return -1;
	}
	gguf_close(g);
	return 0;
}

static struct model *model_for(struct local *l, const struct policy_backend *b)
{
	for (size_t i = 0; i < l->nmodels; i++)
		if (!strcmp(l->models[i].name, b->name))
			return &l->models[i];
	struct model *v = realloc(l->models, (l->nmodels + 1) * sizeof(*v));
	if (!v)
		return NULL;
	l->models = v;
	struct model *m = &v[l->nmodels++];
	memset(m, 0, sizeof(*m));
	m->name = strdup(b->name);
	struct engine_params p;
	engine_params_default(&p);
	p.model_path = b->model_path;
	p.n_threads = b->threads;
	p.n_ctx = b->context_window > 0 ? (int)b->context_window : 0;
	char err[300];
	if (!b->model_path) {
		snprintf(m->err, sizeof(m->err), "local backend '%s' has no model_path", b->name);
	} else if (engine_open(&p, &m->e, err, sizeof(err))) {
		m->e = NULL;
		snprintf(m->err, sizeof(m->err), "local backend '%s': %s", b->name, err);
	} else {
		const struct engine_info *in = engine_info(m->e);
		chat_style_detect(in->chat_template, &m->style);
		for (size_t k = 0; k < NMARKERS; k++)
			m->special[k] = engine_special_token(m->e, markers[k], strlen(markers[k]));
	}
	return m;
}

/* Tokenizes the prompt, putting the template's markers in as their
 * special tokens. Returns the count, or -1 with err. */
struct idvec {
	int32_t *v;
	size_t len, cap;
};

/* Room for extra more ids; -1 when memory ran out. */
static int ids_room(struct idvec *ids, size_t extra)
{
	if (ids->len + extra <= ids->cap)
		return 0;
	size_t cap = ids->len + extra + ids->cap / 2 + 16;
	int32_t *v = realloc(ids->v, cap * sizeof(*v));
	if (!v)
		return -1;
	ids->v = v;
	ids->cap = cap;
	return 0;
}

static int tokenize_special(struct engine *e, const int32_t *special, const char *s, size_t n,
			    int add_bos, int32_t **ids_out, char *err, size_t errlen)
{
	struct idvec ids = { NULL, 0, 0 };
	size_t seg = 0;
	int first = add_bos;
	for (size_t i = 0; i <= n; i++) {
		int hit = -1;
		if (i < n && (s[i] == '<' || s[i] == '['))
			for (size_t k = 0; k < NMARKERS; k++) {
				size_t ml = strlen(markers[k]);
				if (special[k] >= 0 && i + ml <= n && !memcmp(s + i, markers[k], ml)) {
					hit = (int)k;
					break;
				}
			}
		if (hit < 0 && i < n)
			continue;
		/* The text before the marker (or the end): engine_tokenize says
		 * how many ids it needs when they do not fit. */
		if (i > seg || (first && i == n)) {
			int got = 0;
			do {
				if (ids_room(&ids, (size_t)got + 16) < 0)
					goto oom;
				got = engine_tokenize(e, s + seg, i - seg, first, ids.v + ids.len, (int)(ids.cap - ids.len),
						      err, errlen);
				if (got < 0) {
					free(ids.v);
					return -1;
				}
			} while ((size_t)got > ids.cap - ids.len);
			ids.len += (size_t)got;
			first = 0;
		}
		if (hit >= 0) {
			if (ids_room(&ids, 2) < 0)
				goto oom;
			if (first) {
				/* A marker first: BOS (when the model wants one) still leads. */
				int32_t bos = engine_info(e)->bos_id;
				if (bos >= 0 && strcmp(markers[hit], "<s>"))
					ids.v[ids.len++] = bos;
				first = 0;
			}
			ids.v[ids.len++] = special[hit];
			i += strlen(markers[hit]) - 1;
			seg = i + 1;
		}
	}
	*ids_out = ids.v;
	return (int)ids.len;
oom:
	free(ids.v);
	snprintf(err, errlen, "out of memory");
	return -1;
}

static int tokenize(struct model *m, const char *s, size_t n, int32_t **ids_out, char *err, size_t errlen)
{
	return tokenize_special(m->e, m->special, s, n, 1, ids_out, err, errlen);
}

int local_tokenize_prompt(struct engine *e, const char *s, size_t n, int add_bos, int32_t **ids,
			  char *err, size_t errlen)
{
	int32_t special[NMARKERS];
	for (size_t k = 0; k < NMARKERS; k++)
		special[k] = engine_special_token(e, markers[k], strlen(markers[k]));
	return tokenize_special(e, special, s, n, add_bos, ids, err, errlen);
}

/* ---- one job ---- */

struct gen_ctx {
	struct local_job *j;
	const char *stops[17];
	size_t nstops;
	int stopped;
};

static int on_token(void *ud, int32_t id, const char *piece, size_t len)
{
	(void)id;
	struct gen_ctx *g = ud;
	struct buf *o = &g->j->output;
	size_t before = o->len;
	buf_put(o, piece, len);
	g->j->output_tokens++;
	for (size_t k = 0; k < g->nstops; k++) {
		size_t sl = strlen(g->stops[k]);
		if (!sl || o->len < sl)
			continue;
		size_t from = before >= sl - 1 ? before - (sl - 1) : 0;
		const char *at = memmem(o->p + from, o->len - from, g->stops[k], sl);
		if (at) {
			o->len = (size_t)(at - o->p);
			o->p[o->len] = '\0';
			g->stopped = 1;
			return 1;
		}
	}
	return 0;
}

static double param(const struct policy_backend *b, const char *key, double dflt)
{
	if (jv_get_kind(b->params) != JV_KIND_OBJECT)
		return dflt;
	jv v = jv_object_get(jv_copy(b->params), jv_string(key));
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : dflt;
	jv_free(v);
	return d;
}

static void fail_job(struct local_job *j, int fail, const char *msg)
{
	j->failed = 1;
	j->fail = fail;
	snprintf(j->err, sizeof(j->err), "%s", msg);
}

/* A job in a slot: its generation state. */
struct running {
	struct local_job *j;      /* NULL: the slot is free */
	struct gen_ctx gc;
	double t0;
};

/* Everything before decoding: the model, the prompt's ids and the
 * sampling settings. 0 with *mp, *ids (the caller frees) and *n; -1 when
 * the job has failed (its answer is set). */
static int prepare_job(struct local *l, struct local_job *j, struct model **mp, int32_t **ids_out, int *n_out,
		       struct engine_gen *g, struct gen_ctx *gc)
{
	const struct policy_backend *b = j->b;
	buf_reset(&j->output);
	j->failed = 0;
	j->permanent = 0;
	j->output_tokens = j->input_tokens = 0;
	struct model *m = model_for(l, b);
	if (!m) {
		fail_job(j, POLICY_FAIL_SERVER_ERROR, "out of memory");
		return -1;
	}
	if (!m->e) {
		/* Unavailable: the chain may move on (a missing model is not the
		 * record's fault), but trying again cannot help. */
		fail_job(j, POLICY_FAIL_SERVER_ERROR, m->err);
		j->permanent = 1;
		return -1;
	}
	struct buf prompt = BUF_INIT;
	chat_render_style(&m->style, j->msgs, j->nmsgs, &prompt);
	char err[400];
	int32_t *ids = NULL;
	int n = tokenize(m, prompt.p ? prompt.p : "", prompt.len, &ids, err, sizeof(err));
	buf_release(&prompt);
	if (n < 0) {
		char msg[500];
		snprintf(msg, sizeof(msg), "local backend '%s': %s", b->name, err);
		fail_job(j, POLICY_FAIL_BAD_REQUEST, msg);
		return -1;
	}
	j->input_tokens = n;
	const struct engine_info *in = engine_info(m->e);
	engine_gen_default(g);
	g->temperature = (float)(!isnan(j->temperature) ? j->temperature : param(b, "temperature", g->temperature));
	g->top_p = (float)(!isnan(j->top_p) ? j->top_p : param(b, "top_p", g->top_p));
	g->min_p = (float)(!isnan(j->min_p) ? j->min_p : param(b, "min_p", g->min_p));
	g->repeat_penalty = (float)(!isnan(j->repeat_penalty) ? j->repeat_penalty : param(b, "repeat_penalty", g->repeat_penalty));
	g->top_k = j->top_k >= 0 ? j->top_k : (int)param(b, "top_k", g->top_k);
	g->seed = (uint64_t)(j->seed >= 0 ? j->seed : (long long)param(b, "seed", 0));
	long mt = j->max_tokens > 0 ? j->max_tokens
				    : b->max_output_tokens > 0 ? b->max_output_tokens : (long)param(b, "max_tokens", 256);
	if (n >= in->n_ctx) {
		char msg[300];
		snprintf(msg, sizeof(msg), "local backend '%s': the prompt's %d tokens do not fit its context of %d",
			 b->name, n, in->n_ctx);
		free(ids);
		fail_job(j, POLICY_FAIL_CONTEXT_WINDOW, msg);
		return -1;
	}
	if (mt > in->n_ctx - n)
		mt = in->n_ctx - n;
	g->max_tokens = (int)(mt > 0 ? mt : 1);
	memset(gc, 0, sizeof(*gc));
	gc->j = j;
	for (size_t k = 0; k < j->nstop && gc->nstops < 16; k++)
		gc->stops[gc->nstops++] = j->stop[k];
	if (chat_stop(m->style.format))
		gc->stops[gc->nstops++] = chat_stop(m->style.format);
	*mp = m;
	*ids_out = ids;
	*n_out = n;
	return 0;
}

/* The answer's fields once generation has ended. */
static void finish_job(struct local_job *j, const struct gen_ctx *gc, const struct engine_stats *st, double t0)
{
	j->finish_reason = gc->stopped || st->finish == ENGINE_FINISH_STOP || st->finish == ENGINE_FINISH_CALLBACK
				   ? "stop"
				   : "length";
	j->ttft_ms = st->n_gen ? st->ttft_ms : 0;
	j->latency_ms = now_ms() - t0;
	if (!j->output.p)
		buf_puts(&j->output, "");
}

static void run_job(struct local *l, struct local_job *j)
{
	double t0 = now_ms();
	struct model *m;
	int32_t *ids;
	int n;
	struct engine_gen g;
	struct gen_ctx gc;
	if (prepare_job(l, j, &m, &ids, &n, &g, &gc))
		return;
	char err[400];
	struct engine_stats st;
	int rc = engine_generate(m->e, ids, n, &g, on_token, &gc, &st, err, sizeof(err));
	free(ids);
	if (rc) {
		char msg[500];
		snprintf(msg, sizeof(msg), "local backend '%s': %s", j->b->name, err);
		fail_job(j, POLICY_FAIL_SERVER_ERROR, msg);
		return;
	}
	finish_job(j, &gc, &st, t0);
}

/* ---- the worker ---- */

/* Hands a finished job back (under l->mu). */
static void deliver(struct local *l, struct local_job *j)
{
	j->next = NULL;
	if (l->done_tail)
		l->done_tail->next = j;
	else
		l->done = j;
	l->done_tail = j;
	char one = 1;
	while (write(l->pipefd[1], &one, 1) < 0 && errno == EINTR)
		;
}

static void deliver_locked(struct local *l, struct local_job *j)
{
	pthread_mutex_lock(&l->mu);
	deliver(l, j);
	pthread_mutex_unlock(&l->mu);
}

/* The slots of a model: l->slots, at most the backend's concurrency and
 * what the model's batches take (1 for qwen35 and gemma4, whose records
 * then run one after another). */
static int model_slots(int slots, const struct policy_backend *b, const struct engine *e)
{
	long n = slots;
	if (b->concurrency > 0 && b->concurrency < n)
		n = b->concurrency;
	int max = engine_batch_max_slots(e);
	return n < 1 ? 1 : n > max ? max : (int)n;
}

/*
 * Tries to start the job in a slot of its model. 1: started (or already
 * finished, handed back); 0: every slot is busy (or the cache of one more
 * sequence does not fit beside the running ones): try again after a step.
 */
static int admit(struct local *l, struct local_job *j, int slots)
{
	double t0 = now_ms();
	struct model *m;
	int32_t *ids;
	int n;
	struct engine_gen g;
	struct gen_ctx gc;
	char err[400];
	struct model *mm = model_for(l, j->b);
	if (mm && mm->e && !mm->batch) {
		int ns = model_slots(slots, j->b, mm->e);
		mm->run = calloc((size_t)ns, sizeof(*mm->run));
		if (!mm->run || engine_batch_new(mm->e, ns, &mm->batch, err, sizeof(err))) {
			free(mm->run);
			mm->run = NULL;
			mm->batch = NULL;
			fail_job(j, POLICY_FAIL_SERVER_ERROR, "out of memory");
			deliver_locked(l, j);
			return 1;
		}
	}
	if (mm && mm->batch && engine_batch_free_slot(mm->batch) < 0)
		return 0;
	if (prepare_job(l, j, &m, &ids, &n, &g, &gc)) {
		deliver_locked(l, j);
		return 1;
	}
	int slot = engine_batch_free_slot(m->batch);
	struct running *r = &m->run[slot];
	r->j = j;
	r->gc = gc;
	r->t0 = t0;
	int got = engine_batch_add(m->batch, ids, n, &g, on_token, &r->gc, err, sizeof(err));
	free(ids);
	if (got < 0) {
		r->j = NULL;
		if (strstr(err, "out of memory") && engine_batch_running(m->batch) > 0)
			return 0; /* room comes back as others finish */
		char msg[500];
		snprintf(msg, sizeof(msg), "local backend '%s': %s", j->b->name, err);
		fail_job(j, POLICY_FAIL_SERVER_ERROR, msg);
		deliver_locked(l, j);
	}
	return 1;
}

/* Hands back the jobs of m's finished sequences and frees their slots. */
static void reap(struct local *l, struct model *m)
{
	for (int k = 0; k < engine_batch_slots(m->batch); k++) {
		struct running *r = &m->run[k];
		struct engine_stats st;
		int d = r->j ? engine_batch_done(m->batch, k, &st) : 0;
		if (d == 0 || d == -1)
			continue;
		if (d == -2) {
			char msg[500];
			snprintf(msg, sizeof(msg), "local backend '%s': %s", r->j->b->name, m->err);
			fail_job(r->j, POLICY_FAIL_SERVER_ERROR, msg);
		} else {
			finish_job(r->j, &r->gc, &st, r->t0);
		}
		engine_batch_remove(m->batch, k);
		deliver_locked(l, r->j);
		r->j = NULL;
	}
}

/*
 * The worker: jobs move from the queue to its pending list, and from there,
 * in order, into free slots of their model (the prompt is evaluated then);
 * every model with running sequences takes a step (one token each, in one
 * pass of the weights); finished sequences go back as they end, so a slot
 * takes the next record while the others go on.
 */
static void *worker(void *arg)
{
	struct local *l = arg;
	int busy = 0; /* sequences are running */
	for (;;) {
		pthread_mutex_lock(&l->mu);
		while (!l->queue && !l->pending && !busy && !l->stopping)
			pthread_cond_wait(&l->cv, &l->mu);
		if (l->stopping) {
			pthread_mutex_unlock(&l->mu);
			break;
		}
		if (l->queue) {
			if (l->pending_tail)
				l->pending_tail->next = l->queue;
			else
				l->pending = l->queue;
			l->pending_tail = l->queue_tail;
			l->queue = l->queue_tail = NULL;
		}
		int slots = l->slots;
		pthread_mutex_unlock(&l->mu);

		pthread_mutex_lock(&l->run_mu);
		/* admit in order; a job whose model is full waits, and so do the
		 * later ones of that backend (by name) */
		struct local_job **pp = &l->pending, *prev = NULL;
		const char *full[16];
		size_t nfull = 0;
		while (*pp) {
			struct local_job *j = *pp;
			int skip = 0;
			for (size_t k = 0; k < nfull; k++)
				skip |= !strcmp(full[k], j->b->name);
			struct local_job *after = j->next; /* admit may hand j back, relinking it */
			if (!skip && admit(l, j, slots)) {
				*pp = after;
				if (l->pending_tail == j)
					l->pending_tail = prev;
				continue;
			}
			if (!skip && nfull < 16)
				full[nfull++] = j->b->name;
			prev = j;
			pp = &j->next;
		}
		busy = 0;
		for (size_t i = 0; i < l->nmodels; i++) {
			struct model *m = &l->models[i];
			if (!m->batch)
				continue;
			reap(l, m); /* sequences that ended on their first token */
			/* on an error the running sequences end: reap says so */
			if (engine_batch_running(m->batch) > 0)
				engine_batch_step(m->batch, m->err, sizeof(m->err));
			reap(l, m);
			busy |= engine_batch_running(m->batch) > 0;
		}
		pthread_mutex_unlock(&l->run_mu);
	}
	return NULL;
}

struct local *local_new(char *err, size_t errlen)
{
	struct local *l = calloc(1, sizeof(*l));
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&l->mu, NULL);
	pthread_mutex_init(&l->run_mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	if (pipe(l->pipefd)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		free(l);
		return NULL;
	}
	fcntl(l->pipefd[0], F_SETFL, fcntl(l->pipefd[0], F_GETFL) | O_NONBLOCK);
	fcntl(l->pipefd[0], F_SETFD, FD_CLOEXEC);
	fcntl(l->pipefd[1], F_SETFD, FD_CLOEXEC);
	if (pthread_create(&l->thread, NULL, worker, l)) {
		snprintf(err, errlen, "cannot start the local worker thread");
		close(l->pipefd[0]);
		close(l->pipefd[1]);
		free(l);
		return NULL;
	}
	l->started = 1;
	l->slots = 1;
	return l;
}

void local_free(struct local *l)
{
	if (!l)
		return;
	if (l->started) {
		pthread_mutex_lock(&l->mu);
		l->stopping = 1;
		pthread_cond_signal(&l->cv);
		pthread_mutex_unlock(&l->mu);
		pthread_join(l->thread, NULL);
	}
	for (size_t i = 0; i < l->nmodels; i++) {
		engine_batch_free(l->models[i].batch);
		free(l->models[i].run);
		engine_close(l->models[i].e);
		free(l->models[i].name);
	}
	free(l->models);
	close(l->pipefd[0]);
	close(l->pipefd[1]);
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	pthread_mutex_destroy(&l->run_mu);
	free(l);
}

void local_submit(struct local *l, struct local_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&l->mu);
	if (l->queue_tail)
		l->queue_tail->next = j;
	else
		l->queue = j;
	l->queue_tail = j;
	pthread_cond_signal(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

int local_fd(const struct local *l)
{
	return l->pipefd[0];
}

struct local_job *local_take(struct local *l)
{
	pthread_mutex_lock(&l->mu);
	struct local_job *j = l->done;
	if (j) {
		l->done = j->next;
		if (!l->done)
			l->done_tail = NULL;
		j->next = NULL;
		char c;
		while (read(l->pipefd[0], &c, 1) < 0 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&l->mu);
	return j;
}

void local_set_slots(struct local *l, int n)
{
	pthread_mutex_lock(&l->mu);
	l->slots = n < 1 ? 1 : n > ENGINE_BATCH_MAX ? ENGINE_BATCH_MAX : n;
	pthread_mutex_unlock(&l->mu);
}

void local_run(struct local *l, struct local_job *j)
{
	pthread_mutex_lock(&l->run_mu);
	run_job(l, j);
	pthread_mutex_unlock(&l->run_mu);
}
