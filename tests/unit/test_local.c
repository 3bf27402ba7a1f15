/*
 * test_local: llm-infer's local backend over a real (tiny) GGUF model:
 * the worker thread and its descriptor, determinism, stop strings,
 * context overflow and a missing model classified as the policy sees them.
 */
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jv.h>

#include "engine/llama2c.h"
#include "engine/quant.h"
#include "infer/local.h"
#include "unit.h"

static char dir[256];

static struct local_job *wait_job(struct local *l)
{
	struct pollfd p = { local_fd(l), POLLIN, 0 };
	for (int i = 0; i < 600; i++) {
		struct local_job *j = local_take(l);
		if (j)
			return j;
		poll(&p, 1, 100);
	}
	return NULL;
}

int main(void)
{
	char err[512], path[300];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test_local.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/m.gguf", dir);
	CHECK_MSG(llama2c_convert("testdata/models/tiny260k.bin", NULL, QUANT_TYPE_F32, path, err, sizeof(err)) == 0,
		  "%s", err);

	struct policy_backend b;
	memset(&b, 0, sizeof(b));
	b.name = "onbox";
	b.kind = POLICY_KIND_LOCAL;
	b.model_path = path;
	b.threads = 1;
	b.params = jv_parse("{\"temperature\": 0}");

	struct local *l = local_new(err, sizeof(err));
	CHECK_MSG(l != NULL, "%s", err);
	if (!l)
		return 1;

	/* Two runs of the same request through the worker: the same answer. */
	struct local_job a, c;
	local_job_init(&a, &b);
	local_job_init(&c, &b);
	local_job_add_msg(&a, "user", "Once upon a time", 16);
	local_job_add_msg(&c, "user", "Once upon a time", 16);
	a.max_tokens = c.max_tokens = 8;
	local_submit(l, &a);
	local_submit(l, &c);
	struct local_job *d1 = wait_job(l), *d2 = wait_job(l);
	CHECK(d1 == &a && d2 == &c); /* in order, one at a time */
	CHECK_MSG(!a.failed, "%s", a.err);
	CHECK(!c.failed);
	CHECK(a.output_tokens > 0 && a.output_tokens <= 8);
	CHECK(a.input_tokens >= 17); /* BOS, a space marker, 16 byte tokens at most merged */
	CHECK(a.output.len > 0 && c.output.len == a.output.len && !memcmp(a.output.p, c.output.p, a.output.len));
	CHECK(a.finish_reason && (!strcmp(a.finish_reason, "length") || !strcmp(a.finish_reason, "stop")));
	CHECK(a.latency_ms > 0 && a.ttft_ms > 0 && a.ttft_ms <= a.latency_ms);

	/* A stop string cuts the answer where it starts. */
	struct local_job s;
	local_job_init(&s, &b);
	local_job_add_msg(&s, "user", "Once upon a time", 16);
	s.max_tokens = 8;
	size_t cut = a.output.len > 3 ? 3 : 1;
	local_job_add_stop(&s, a.output.p + cut, a.output.len - cut > 4 ? 4 : a.output.len - cut);
	local_run(l, &s);
	CHECK_MSG(!s.failed, "%s", s.err);
	CHECK_EQ_INT(s.output.len, cut);
	CHECK_EQ_STR(s.finish_reason, "stop");

	/* Longer than the model's 512-token context: context_window. */
	struct local_job big;
	local_job_init(&big, &b);
	char *text = malloc(3000);
	memset(text, 'x', 3000);
	local_job_add_msg(&big, "user", text, 3000);
	free(text);
	local_run(l, &big);
	CHECK(big.failed && big.fail == POLICY_FAIL_CONTEXT_WINDOW);
	CHECK(strstr(big.err, "context") != NULL);

	/* A model that is not there: unavailable (server_error), named. */
	struct policy_backend gone = b;
	gone.name = "gone";
	gone.model_path = "/nonexistent/model.gguf";
	struct local_job g;
	local_job_init(&g, &gone);
	local_job_add_msg(&g, "user", "hi", 2);
	local_run(l, &g);
	CHECK(g.failed && g.fail == POLICY_FAIL_SERVER_ERROR);
	CHECK(strstr(g.err, "gone") && strstr(g.err, "/nonexistent/model.gguf"));

	/* Batched: 4 slots, 9 jobs of different prompts and lengths (one too
	 * long for the context, one with a stop string, one sampled) submitted
	 * at once: every job comes back, each with the answer it gets alone. */
	enum { NB = 9 };
	static const char *texts[NB] = { "Once", "Once upon a time there was", "The cat", "x", "A story about a dog",
					 NULL, "Hello there, friend", "One day", "Lily and Tom" };
	struct local_job one[NB], many[NB];
	struct local *l4 = local_new(err, sizeof(err));
	CHECK(l4 != NULL);
	if (l4) {
		local_set_slots(l4, 4);
		char *bigtext = malloc(3000);
		memset(bigtext, 'y', 3000);
		for (int i = 0; i < NB; i++) {
			struct local_job *v[2] = { &one[i], &many[i] };
			for (int k = 0; k < 2; k++) {
				local_job_init(v[k], &b);
				if (texts[i])
					local_job_add_msg(v[k], "user", texts[i], strlen(texts[i]));
				else
					local_job_add_msg(v[k], "user", bigtext, 3000);
				v[k]->max_tokens = 1 + (i * 5) % 14;
				if (i == 4)
					local_job_add_stop(v[k], "e", 1);
				if (i == 7) {
					v[k]->temperature = 0.9;
					v[k]->seed = 42;
				}
			}
			local_run(l, &one[i]);
			local_submit(l4, &many[i]);
		}
		free(bigtext);
		int back = 0, same = 0;
		for (int i = 0; i < NB; i++) {
			struct local_job *d = wait_job(l4);
			if (!d)
				break;
			back++;
			int k = (int)(d - many);
			CHECK(k >= 0 && k < NB);
			if (k < 0 || k >= NB)
				continue;
			same += d->failed == one[k].failed && d->output.len == one[k].output.len &&
				(!d->output.len || !memcmp(d->output.p, one[k].output.p, d->output.len)) &&
				d->output_tokens == one[k].output_tokens && d->input_tokens == one[k].input_tokens &&
				(d->failed || !strcmp(d->finish_reason, one[k].finish_reason));
		}
		CHECK_EQ_INT(back, NB);
		CHECK_EQ_INT(same, NB);
		CHECK(many[5].failed && many[5].fail == POLICY_FAIL_CONTEXT_WINDOW);
		CHECK(!many[1].failed && many[1].output_tokens == 6);
		local_free(l4);
		for (int i = 0; i < NB; i++) {
			local_job_release(&one[i]);
			local_job_release(&many[i]);
		}
	}

	local_job_release(&a);
	local_job_release(&c);
	local_job_release(&s);
	local_job_release(&big);
	local_job_release(&g);
	local_free(l);
	jv_free(b.params);
	unlink(path);
	rmdir(dir);
	UNIT_DONE();
}
