/*
 * jqprog: libjq programs as record predicates; see jqprog.h.
 *
 * The bound: libjq 1.6 has no step counter or interrupt callback, but its
 * interpreter checks jq_halted() before every instruction. One watchdog
 * thread per process looks at every evaluation in progress each
 * WATCH_TICK_MS; one that has used more CPU (of its own thread) than the
 * time budget, or grown the process's resident memory by more than the
 * memory budget since the watchdog first saw it, is halted with
 * jq_halt(), and jq_next() returns at its next instruction. The program is
 * then spent: every later jqprog_test() fails the same way at once, so a
 * stream does not pay the budget again for each record. A single builtin
 * written in C (a string repeated a billion times, a sort) runs to its end
 * before the halt is seen.
 *
 * Halting from another thread writes jq_state fields the evaluating thread
 * only reads while it runs; p->mu makes sure a halt lands only on the
 * evaluation the watchdog measured (between jq_start() and the end of
 * jq_next()), never on the next one.
 */
#include "jq/jqprog.h"

#include <fcntl.h>
#include <jq.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"

#define WATCH_TICK_MS 10
#define DEFAULT_TIME_MS 1000
#define DEFAULT_MEMORY_MB 256

enum { TRIP_NONE, TRIP_TIME, TRIP_MEMORY };

struct jqprog {
	jq_state *jq;
	pthread_mutex_t mu; /* guards what follows, and halting jq */
	int running;        /* between jq_start() and the end of jq_next() */
	unsigned long gen;  /* evaluations started */
	clockid_t clk;      /* the evaluating thread's CPU clock */
	int tripped;        /* TRIP_*: sticky */
	/* the watchdog's view */
	unsigned long seen_gen;
	int64_t cpu0_ns, rss0;
	struct jqprog *prev, *next;
};

static pthread_mutex_t watch_mu = PTHREAD_MUTEX_INITIALIZER;
static struct jqprog *watch_list;
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;
static int64_t limit_ns, limit_bytes;
static int limit_ms, limit_mb;

static long env_num(const char *name, long dflt, long max)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return dflt;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > max ? dflt : n;
}

static int64_t cpu_ns(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts))
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Resident memory of the process in bytes (-1 when unknown). */
static int64_t rss_bytes(void)
{
	char b[128];
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, b, sizeof(b) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	b[n] = '\0';
	long long size, res;
	if (sscanf(b, "%lld %lld", &size, &res) != 2)
		return -1;
	return (int64_t)res * sysconf(_SC_PAGESIZE);
}

/* One look at p; the caller holds p->mu. */
static void watch_one(struct jqprog *p)
{
	if (!p->running || p->tripped)
		return;
	int64_t cpu = cpu_ns(p->clk);
	if (p->seen_gen != p->gen) {
		/* First sight: measured from here (the first tick's worth before
		 * it is not counted). */
		p->seen_gen = p->gen;
		p->cpu0_ns = cpu;
		p->rss0 = rss_bytes();
		return;
	}
	int64_t rss = p->rss0 >= 0 ? rss_bytes() : -1;
	if (cpu >= 0 && p->cpu0_ns >= 0 && cpu - p->cpu0_ns > limit_ns)
		p->tripped = TRIP_TIME;
	else if (rss >= 0 && rss - p->rss0 > limit_bytes)
		p->tripped = TRIP_MEMORY;
	if (p->tripped && !jq_halted(p->jq))
		jq_halt(p->jq, jv_invalid(), jv_invalid());
}

static void *watch_run(void *arg)
{
	(void)arg;
	const struct timespec tick = { 0, WATCH_TICK_MS * 1000000L };
	for (;;) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&watch_mu);
		for (struct jqprog *p = watch_list; p; p = p->next) {
			pthread_mutex_lock(&p->mu);
			watch_one(p);
			pthread_mutex_unlock(&p->mu);
		}
		pthread_mutex_unlock(&watch_mu);
	}
	return NULL;
}

static void watch_start(void)
{
	limit_ms = (int)env_num("LLM_JQ_TIME_MS", DEFAULT_TIME_MS, 3600000);
	limit_mb = (int)env_num("LLM_JQ_MEMORY_MB", DEFAULT_MEMORY_MB, 1 << 20);
	limit_ns = (int64_t)limit_ms * 1000000;
	limit_bytes = (int64_t)limit_mb << 20;
	pthread_attr_t a;
	pthread_t t;
	sigset_t all, old;
	/* The watchdog takes no signals: they stay the main thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_attr_init(&a) == 0) {
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		pthread_attr_setstacksize(&a, 64 << 10);
		if (pthread_create(&t, &a, watch_run, NULL))
			limit_ns = 0; /* no watchdog: jqprog_test() refuses to run unbounded */
		pthread_attr_destroy(&a);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void jqprog_limits(int *time_ms, int *memory_mb)
{
	pthread_once(&watch_once, watch_start);
	*time_ms = limit_ms;
	*memory_mb = limit_mb;
}

struct errbuf {
	char *err;
	size_t errlen;
	size_t len;
};

/* libjq reports each compile error, then "jq: N compile error(s)": keep the
 * errors themselves, one line each, without the "jq: error: " prefix. */
static void on_error(void *data, jv e)
{
	struct errbuf *eb = data;
	if (eb->errlen && eb->len + 1 < eb->errlen) {
		const char *m = jv_get_kind(e) == JV_KIND_STRING ? jv_string_value(e) : "jq error";
		if (!strncmp(m, "jq: error: ", 11))
			m += 11;
		else if (!strncmp(m, "jq: ", 4) && strstr(m, "compile error") && eb->len)
			m = NULL; /* the count, after the errors it counts */
		else if (!strncmp(m, "jq: ", 4))
			m += 4;
		for (; m && *m && eb->len + 1 < eb->errlen; m++) {
			char c = *m == '\n' || *m == '\t' ? ' ' : *m;
			if (c != ' ' || !eb->len || eb->err[eb->len - 1] != ' ')
				eb->err[eb->len++] = c;
		}
		if (m && eb->len + 3 < eb->errlen) {
			memcpy(eb->err + eb->len, "; ", 2);
			eb->len += 2;
		}
		eb->err[eb->len] = '\0';
	}
	jv_free(e);
}

struct jqprog *jqprog_new(const char *text, char *err, size_t errlen)
{
	struct jqprog *p = calloc(1, sizeof(*p));
	struct errbuf eb = { err, errlen, 0 };
	if (!p || !(p->jq = jq_init())) {
		snprintf(err, errlen, "out of memory");
		free(p);
		return NULL;
	}
	if (errlen)
		err[0] = '\0';
	jq_set_error_cb(p->jq, on_error, &eb);
	int ok = jq_compile(p->jq, text);
	jq_set_error_cb(p->jq, NULL, NULL);
	if (!ok) {
		/* drop the "; " after the last message */
		while (eb.len && (err[eb.len - 1] == ' ' || err[eb.len - 1] == ';'))
			err[--eb.len] = '\0';
		if (errlen && !err[0])
			snprintf(err, errlen, "syntax error");
		jq_teardown(&p->jq);
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_mutex_lock(&watch_mu);
	p->next = watch_list;
	if (watch_list)
		watch_list->prev = p;
	watch_list = p;
	pthread_mutex_unlock(&watch_mu);
	return p;
}

void jqprog_free(struct jqprog *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&watch_mu);
	if (p->prev)
		p->prev->next = p->next;
	else
		watch_list = p->next;
	if (p->next)
		p->next->prev = p->prev;
	pthread_mutex_unlock(&watch_mu);
	pthread_mutex_destroy(&p->mu);
	jq_teardown(&p->jq);
	free(p);
}

static int tripped_err(int why, char *err, size_t errlen)
{
	if (why == TRIP_TIME)
		snprintf(err, errlen, "stopped after %d ms of CPU, its time budget (LLM_JQ_TIME_MS)", limit_ms);
	else
		snprintf(err, errlen, "stopped after growing the process by over %d MiB, its memory budget"
			 " (LLM_JQ_MEMORY_MB)", limit_mb);
	return JQPROG_LIMIT;
}

int jqprog_test(struct jqprog *p, jv input, char *err, size_t errlen)
{
	pthread_once(&watch_once, watch_start);
	if (!limit_ns) {
		jv_free(input);
		snprintf(err, errlen, "cannot start the thread that bounds jq programs");
		return JQPROG_LIMIT;
	}
	clockid_t clk;
	if (pthread_getcpuclockid(pthread_self(), &clk)) {
		jv_free(input);
		snprintf(err, errlen, "no CPU clock to bound jq programs with");
		return JQPROG_LIMIT;
	}
	pthread_mutex_lock(&p->mu);
	int why = p->tripped;
	pthread_mutex_unlock(&p->mu);
	if (why) {
		jv_free(input);
		return tripped_err(why, err, errlen);
	}
	jq_start(p->jq, input, 0);
	pthread_mutex_lock(&p->mu);
	p->clk = clk;
	p->gen++;
	p->running = 1;
	pthread_mutex_unlock(&p->mu);
	jv out = jq_next(p->jq);
	pthread_mutex_lock(&p->mu);
	p->running = 0;
	why = p->tripped;
	pthread_mutex_unlock(&p->mu);
	int rc;
	if (why) {
		rc = tripped_err(why, err, errlen);
	} else if (jv_is_valid(out)) {
		jv_kind k = jv_get_kind(out);
		rc = k != JV_KIND_NULL && k != JV_KIND_FALSE;
	} else if (jv_invalid_has_msg(jv_copy(out))) {
		jv msg = jv_invalid_get_msg(jv_copy(out));
		if (jv_get_kind(msg) == JV_KIND_STRING)
			snprintf(err, errlen, "%s", jv_string_value(msg));
		else {
			jv d = jv_dump_string(jv_copy(msg), 0);
			snprintf(err, errlen, "%s", jv_string_value(d));
			jv_free(d);
		}
		jv_free(msg);
		rc = -1;
	} else {
		rc = 0; /* no output: empty */
	}
	jv_free(out);
	return rc;
}

static jv from_string(struct json_span v, struct buf *tmp)
{
	if (json_string_is_plain(v))
		return jv_string_sized(v.p + 1, (int)(v.n - 2));
	tmp->len = 0;
	json_string_decode(v, tmp);
	return jv_string_sized(tmp->p ? tmp->p : "", (int)tmp->len);
}

static jv build(struct json_span v, struct buf *tmp)
{
	switch (v.type) {
	case JSON_NULL: return jv_null();
	case JSON_TRUE: return jv_true();
	case JSON_FALSE: return jv_false();
	case JSON_NUMBER: return jv_number(json_number(v));
	case JSON_STRING: return from_string(v, tmp);
	case JSON_ARRAY: {
		jv a = jv_array();
		struct json_iter it;
		struct json_span e;
		json_iter_init(&it, v);
		while (json_iter_elem(&it, &e))
			a = jv_array_append(a, build(e, tmp));
		return a;
	}
	case JSON_OBJECT: {
		jv o = jv_object();
		struct json_iter it;
		struct json_span k, e;
		json_iter_init(&it, v);
		while (json_iter_member(&it, &k, &e)) {
			jv key = from_string(k, tmp);
			o = jv_object_set(o, key, build(e, tmp));
		}
		return o;
	}
	default: return jv_invalid();
	}
}

jv jqprog_jv_from_json(struct json_span v)
{
	struct buf tmp;
	buf_init(&tmp);
	jv out = build(v, &tmp);
	buf_release(&tmp);
	return out;
}
