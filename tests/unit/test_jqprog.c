/*
 * test_jqprog: libjq predicates under budgets, and libjq's compile messages.
 *
 * The budgets are read once per process from the environment, so this test
 * sets a small time budget before the first evaluation. What is asserted is
 * the answer and the message, never how long a run took.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jq/jqprog.h"
#include "unit.h"

static int run(const char *prog, const char *input, char *err, size_t errlen)
{
	struct jqprog *p = jqprog_new(prog, err, errlen);
	if (!p)
		return -9;
	int r = jqprog_test(p, jv_parse(input), err, errlen);
	jqprog_free(p);
	return r;
}

struct quick {
	int answers, wrong;
};

/* Many short evaluations on a thread of its own while another program
 * loops: none of them may be halted in its place. */
static void *quick_run(void *arg)
{
	struct quick *q = arg;
	char err[256];
	struct jqprog *p = jqprog_new("[range(2000)] | length == 2000", err, sizeof(err));
	if (!p) {
		q->wrong++;
		return NULL;
	}
	for (int i = 0; i < 3000; i++) {
		int r = jqprog_test(p, jv_null(), err, sizeof(err));
		if (r == 1)
			q->answers++;
		else
			q->wrong++;
	}
	jqprog_free(p);
	return NULL;
}

int main(void)
{
	char err[512];
	setenv("LLM_JQ_TIME_MS", "200", 1);
	setenv("LLM_JQ_MEMORY_MB", "64", 1);

	/* Compile errors: libjq's own message, without the error count. */
	struct jqprog *p = jqprog_new(".a |", err, sizeof(err));
	CHECK(p == NULL);
	CHECK_MSG(strstr(err, "syntax error, unexpected $end") && strstr(err, "line 1: .a |"), "%s", err);
	CHECK_MSG(!strstr(err, "compile error") && !strstr(err, "jq: error") && !strchr(err, '\n'), "%s", err);
	p = jqprog_new(".a | nosuch(1)", err, sizeof(err));
	CHECK(p == NULL);
	CHECK_EQ_STR(err, "nosuch/1 is not defined at <top-level>, line 1: .a | nosuch(1)");
	/* Two errors: both, one after the other. */
	p = jqprog_new("nosuch1 + nosuch2", err, sizeof(err));
	CHECK(p == NULL);
	CHECK_MSG(strstr(err, "nosuch1/0 is not defined") && strstr(err, "; nosuch2/0 is not defined"), "%s", err);
	/* A short buffer is cut, not overrun. */
	char small[16];
	CHECK(jqprog_new(".a | nosuch(1)", small, sizeof(small)) == NULL);
	CHECK_EQ_INT(strlen(small), 15);

	/* Plain answers. */
	CHECK_EQ_INT(run(".a == 1", "{\"a\":1}", err, sizeof(err)), 1);
	CHECK_EQ_INT(run(".a == 1", "{\"a\":2}", err, sizeof(err)), 0);
	CHECK_EQ_INT(run("empty", "{}", err, sizeof(err)), 0);
	CHECK_EQ_INT(run("error(\"boom\")", "{}", err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "boom");
	/* The first output decides: repeat(.) answers at once. */
	CHECK_EQ_INT(run("repeat(.)", "{\"a\":1}", err, sizeof(err)), 1);

	int ms, mb;
	jqprog_limits(&ms, &mb);
	CHECK_EQ_INT(ms, 200);
	CHECK_EQ_INT(mb, 64);

	/* Time: infinite loops of several shapes. */
	static const char *const loops[] = { "def f: f; f", "repeat(.) | select(.nope)", "last(range(1e12)) > 0",
		NULL };
	for (const char *const *l = loops; *l; l++) {
		err[0] = '\0';
		CHECK_EQ_INT(run(*l, "{}", err, sizeof(err)), JQPROG_LIMIT);
		CHECK_MSG(strstr(err, "stopped after 200 ms of CPU, its time budget (LLM_JQ_TIME_MS)") != NULL, "%s: %s",
			  *l, err);
	}

	/* Unbounded recursion grows the stack: whichever budget comes first. */
	CHECK_EQ_INT(run("def f: 1 + f; f", "{}", err, sizeof(err)), JQPROG_LIMIT);
	CHECK_MSG(strstr(err, "stopped after ") && strstr(err, "budget (LLM_JQ_"), "%s", err);

	/* A stopped program stays stopped, whatever the input. */
	p = jqprog_new("if .loop then (def f: f; f) else .a end", err, sizeof(err));
	CHECK(p != NULL);
	CHECK_EQ_INT(jqprog_test(p, jv_parse("{\"a\":true}"), err, sizeof(err)), 1);
	CHECK_EQ_INT(jqprog_test(p, jv_parse("{\"loop\":true}"), err, sizeof(err)), JQPROG_LIMIT);
	err[0] = '\0';
	CHECK_EQ_INT(jqprog_test(p, jv_parse("{\"a\":true}"), err, sizeof(err)), JQPROG_LIMIT);
	CHECK(strstr(err, "time budget") != NULL);
	jqprog_free(p);

	/* A loop on one thread does not stop the short evaluations of
	 * another program on another thread. */
	struct quick q = { 0, 0 };
	pthread_t t;
	CHECK(pthread_create(&t, NULL, quick_run, &q) == 0);
	CHECK_EQ_INT(run("def f: f; f", "{}", err, sizeof(err)), JQPROG_LIMIT);
	pthread_join(t, NULL);
	CHECK_EQ_INT(q.answers, 3000);
	CHECK_EQ_INT(q.wrong, 0);

	UNIT_DONE();
}
