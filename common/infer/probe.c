/*
 * probe: the engine driven by hand for debugging; see probe.h.
 */
#include "infer/probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "engine/engine.h"

#define PROBE_MAX_PROMPT 4096
#define PROBE_MAX_TOP_K 1000

struct probe_state {
	struct engine *e;
	int print_ids, k, step, n_vocab;
	struct buf text;
	probe_emit_fn emit;
	void *ctx;
};

/* The k highest logits, best first, into top (k <= PROBE_MAX_TOP_K). */
static void top_logits(const float *lg, int n_vocab, int k, int *top)
{
	for (int i = 0; i < k; i++)
		top[i] = -1;
	for (int v = 0; v < n_vocab; v++) {
		int at = k;
		while (at > 0 && (top[at - 1] < 0 || lg[v] > lg[top[at - 1]]))
			at--;
		if (at < k) {
			memmove(top + at + 1, top + at, (size_t)(k - at - 1) * sizeof(int));
			top[at] = v;
		}
	}
}

static int on_token(void *ud, int32_t id, const char *piece, size_t len)
{
	struct probe_state *d = ud;
	buf_put(&d->text, piece, len);
	if (!d->print_ids && !d->k)
		return 0;
	struct buf l = BUF_INIT;
	buf_printf(&l, "{\"step\":%d,\"id\":%d,\"piece\":", d->step, id);
	json_escape(&l, piece, len);
	if (d->k) {
		const float *lg = engine_logits(d->e);
		int k = d->k < d->n_vocab ? d->k : d->n_vocab;
		int top[PROBE_MAX_TOP_K];
		top_logits(lg, d->n_vocab, k, top);
		buf_puts(&l, ",\"top_logits\":[");
		for (int i = 0; i < k; i++)
			buf_printf(&l, "%s[%d,%.6g]", i ? "," : "", top[i], (double)lg[top[i]]);
		buf_putc(&l, ']');
	}
	buf_puts(&l, "}\n");
	d->emit(d->ctx, l.p, l.len);
	buf_release(&l);
	d->step++;
	return 0;
}

/* "1,2,3" into ids (at most cap, each below n_vocab). 0, or -1 with err. */
static int parse_ids(const char *text, int n_vocab, int32_t *ids, int cap, int *n, char *err, size_t errlen)
{
	*n = 0;
	for (const char *q = text; *q;) {
		char *end;
		long v = strtol(q, &end, 10);
		if (end == q || v < 0 || v >= n_vocab || *n >= cap) {
			snprintf(err, errlen, "--tokens: '%s' is not a list of token ids below %d", text, n_vocab);
			return -1;
		}
		ids[(*n)++] = (int32_t)v;
		q = *end == ',' ? end + 1 : end;
		if (*end && *end != ',') {
			snprintf(err, errlen, "--tokens: '%s' is not a comma-separated list", text);
			return -1;
		}
	}
	return 0;
}

int probe_run(const struct probe_opts *o, probe_emit_fn emit, void *ctx, char *err, size_t errlen)
{
	if (o->top_k < 0 || o->top_k > PROBE_MAX_TOP_K) {
		snprintf(err, errlen, "--print-logits wants 0 to %d", PROBE_MAX_TOP_K);
		return PROBE_ERR_USAGE;
	}
	struct engine_params ep;
	engine_params_default(&ep);
	ep.model_path = o->model_path;
	ep.n_threads = o->threads;
	ep.n_ctx = o->ctx;
	struct engine *e;
	if (engine_open(&ep, &e, err, errlen))
		return PROBE_ERR_CONFIG;
	int rc = PROBE_OK, n = 0;
	struct probe_state d = { e, o->print_ids, o->top_k, 0, engine_info(e)->n_vocab, BUF_INIT, emit, ctx };
	struct buf l = BUF_INIT;
	int32_t *ids = malloc(PROBE_MAX_PROMPT * sizeof(*ids));
	if (!ids) {
		snprintf(err, errlen, "out of memory");
		rc = PROBE_ERR_NOMEM;
		goto out;
	}
	if (o->ids) {
		if (parse_ids(o->ids, d.n_vocab, ids, PROBE_MAX_PROMPT, &n, err, errlen) < 0) {
			rc = PROBE_ERR_USAGE;
			goto out;
		}
	} else {
		const char *t = o->prompt ? o->prompt : "";
		n = engine_tokenize(e, t, strlen(t), 1, ids, PROBE_MAX_PROMPT, err, errlen);
		if (n < 0 || n > PROBE_MAX_PROMPT) {
			if (n >= 0)
				snprintf(err, errlen, "the prompt is longer than %d tokens", PROBE_MAX_PROMPT);
			rc = PROBE_ERR_CONFIG;
			goto out;
		}
	}
	buf_puts(&l, "{\"prompt_ids\":[");
	for (int i = 0; i < n; i++)
		buf_printf(&l, "%s%d", i ? "," : "", ids[i]);
	buf_puts(&l, "]}\n");
	emit(ctx, l.p, l.len);
	l.len = 0;

	struct engine_gen g;
	engine_gen_default(&g);
	g.temperature = o->temperature >= 0 ? (float)o->temperature : 0; /* greedy unless asked */
	g.seed = o->seed;
	g.max_tokens = o->max_tokens;
	struct engine_stats st;
	if (engine_generate(e, ids, n, &g, on_token, &d, &st, err, errlen)) {
		rc = PROBE_ERR_CONFIG;
		goto out;
	}
	buf_puts(&l, "{\"text\":");
	json_escape(&l, d.text.p ? d.text.p : "", d.text.len);
	buf_printf(&l, ",\"finish_reason\":\"%s\",\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d},"
		   "\"ttft_ms\":%.1f,\"decode_tps\":%.2f}\n",
		   engine_finish_name(st.finish), st.n_prompt, st.n_gen, st.ttft_ms,
		   st.gen_ms > 0 ? (st.n_gen - 1) * 1000.0 / st.gen_ms : 0.0);
	emit(ctx, l.p, l.len);
out:
	buf_release(&l);
	buf_release(&d.text);
	free(ids);
	engine_close(e);
	return rc;
}
