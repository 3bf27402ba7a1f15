/*
 * infer: jobs, chains, retries and fallbacks over the HTTP client; see
 * infer.h for the rules this file keeps.
 *
 * Why one file: it is one state machine (a job queued, attempted, retried,
 * fallen back, answered) over one struct job and one event loop; its
 * transitions are easier to check when they sit together.
 */
#include "infer/infer.h"
#include "infer/local.h"

#include <sqlite3.h>

#include "audit/store.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dataclass.h"
#include "core/hash.h"
#include "infer/http/http.h"
#include "infer/cache.h"
#include "infer/reorder.h"
#include "infer/retry.h"
#include "policy/route.h"
#include "infer/gate.h"
#include "policy/budget.h"
#include "infer/provider/content.h"
#include "core/record.h"

#define INFER_TOOL "infer" /* _llm.error.tool: the short name, as every tool */
#define INFER_MAX_CHAIN ROUTE_MAX_CHAIN
#define INFER_MAX_KEY 4096
#define INFER_MSG_MAX 300  /* bytes of an error message kept in an attempt */

/* Per backend: where requests go and how fast. Shared by every job. */
struct bstate {
	const struct policy_backend *b;
	struct provider_target t;
	char *url;
	char **hdrs;          /* NULL-terminated; the auth header among them */
	char *key;            /* NULL: none needed or none found */
	char key_err[600];    /* why the key is missing, when it must be there */
	struct retry_bucket rpm, tpm;
	struct retry_cooldown cd;
	long inflight;
};

enum job_state {
	JOB_FREE = 0,
	JOB_WAIT,     /* waiting for its ready_at, a slot, a bucket */
	JOB_FLIGHT,   /* a request is out */
};

struct job {
	enum job_state state;
	uint64_t seq;
	struct buf line;          /* the record's bytes (owned) */
	struct record rec;
	uint64_t lineno;
	char source[256];
	int cls;
	struct bstate *chain[INFER_MAX_CHAIN];
	size_t nchain, pos;
	int tries;                /* requests sent to chain[pos] */
	int body_pos;             /* the chain position body was built for, -1 */
	int64_t t0, t_attempt, ready_at, ttft;
	double est_tokens;
	struct buf attempts;      /* attempt objects, comma-separated */
	size_t nattempts;
	size_t ntried;            /* attempts that were more than a skip */
	struct buf body, last_msg;
	enum policy_fail last_fail;
	unsigned char key[CACHE_KEY_LEN];
	struct http_req req;
	struct provider_stream ps;
	struct provider_result res;
	struct local_job lj;      /* a request to a local backend */
	int lj_live;              /* lj holds memory */
	size_t gate_refused;      /* chain backends the last gate refused */
	struct job *next_free;
};

struct resume_ent {
	unsigned char id[32];
	char *line;
	size_t n;
	int used;
};

struct infer {
	struct infer_opts o;
	struct http *http;
	struct cache *cache;
	struct bstate *bs;        /* one per policy backend */
	size_t nbs;
	const char **secrets;     /* keys to redact, NULL-terminated */
	struct retry_rng rng;
	struct job *jobs;         /* the pool: window entries */
	size_t njobs;
	struct job *free_list;
	struct reorder ro;
	size_t window;
	struct resume_ent *resume; /* open addressing, power of two */
	size_t resume_cap;
	struct buf out, tmp;
	struct infer_stats *st;
	struct ndjson_writer *w;
	struct local *local;      /* the on-box engine's worker, started on first use */
	struct gate *gate;        /* the last check before a request leaves */
	struct budget_state *budget; /* --state: budgets hold at the last gate */
};

/* ---- helpers ---- */

static void put_str(struct buf *b, const char *s)
{
	if (s)
		json_escape(b, s, strlen(s));
	else
		buf_puts(b, "null");
}

/* Dollars in plain decimal (no exponent), trailing zeros dropped. */
static void put_usd(struct buf *b, double usd)
{
	char s[64];
	int n = snprintf(s, sizeof(s), "%.10f", usd);
	while (n > 1 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 1 && s[n - 1] == '.')
		s[--n] = '\0';
	buf_put(b, s, (size_t)n);
}

static const char *kind_name(enum policy_kind k)
{
	return policy_kind_name(k);
}

static char *read_key_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read key file '%s': %s", path, strerror(errno));
		return NULL;
	}
	char *k = malloc(INFER_MAX_KEY + 1);
	size_t n = k ? fread(k, 1, INFER_MAX_KEY, f) : 0;
	fclose(f);
	if (!k)
		return NULL;
	k[n] = '\0';
	while (n && (k[n - 1] == '\n' || k[n - 1] == '\r' || k[n - 1] == ' ' || k[n - 1] == '\t'))
		k[--n] = '\0';
	if (!n || strpbrk(k, "\r\n")) {
		free(k);
		snprintf(err, errlen, "key file '%s' does not hold one key on one line", path);
		return NULL;
	}
	return k;
}

static int bstate_init(struct infer *inf, struct bstate *s, const struct policy_backend *b, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->b = b;
	s->t.kind = b->kind;
	s->t.endpoint = b->endpoint;
	s->t.model = b->model;
	s->t.api_version = b->api_version;
	s->t.azure = b->azure;
	int64_t now = retry_now_ms();
	/* Bursts of ten seconds' worth: smooth, yet no stall at start-up. */
	retry_bucket_init(&s->rpm, (double)b->rpm, (double)b->rpm / 6.0, now);
	retry_bucket_init(&s->tpm, (double)b->tpm, (double)b->tpm / 6.0, now);
	retry_cooldown_init(&s->cd, inf->o.cooldown_after, inf->o.cooldown_ms);
	if (b->kind == POLICY_KIND_LOCAL)
		return 0;
	if (b->api_key_env) {
		const char *k = getenv(b->api_key_env);
		if (k && *k)
			s->key = strdup(k);
		else
			snprintf(s->key_err, sizeof(s->key_err), "no key: $%s is not set", b->api_key_env);
	} else if (b->api_key_file) {
		char e[512];
		s->key = read_key_file(b->api_key_file, e, sizeof(e));
		if (!s->key)
			snprintf(s->key_err, sizeof(s->key_err), "no key: %s", e);
	}
	struct buf u = BUF_INIT;
	provider_url(&s->t, &u);
	s->url = buf_detach(&u, NULL);
	struct buf h = BUF_INIT;
	int n = provider_fixed_headers(&s->t, &h);
	size_t nextra = 0;
	for (char **p = b->headers; p && *p; p++)
		nextra++;
	s->hdrs = calloc((size_t)n + nextra + 2, sizeof(char *));
	if (!s->hdrs) {
		buf_release(&h);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t k = 0;
	for (const char *p = h.p; k < (size_t)n; p += strlen(p) + 1)
		s->hdrs[k++] = strdup(p);
	buf_release(&h);
	for (size_t i = 0; i < nextra; i++)
		s->hdrs[k++] = strdup(b->headers[i]);
	if (s->key) {
		struct buf a = BUF_INIT;
		provider_auth_header(&s->t, s->key, &a);
		s->hdrs[k++] = buf_detach(&a, NULL);
	}
	return 0;
}

static void bstate_release(struct bstate *s)
{
	free(s->url);
	for (char **p = s->hdrs; p && *p; p++)
		free(*p);
	free(s->hdrs);
	if (s->key) {
		memset(s->key, 0, strlen(s->key));
		free(s->key);
	}
}

static struct bstate *bstate_for(struct infer *inf, const struct policy_backend *b)
{
	for (size_t i = 0; i < inf->nbs; i++)
		if (inf->bs[i].b == b)
			return &inf->bs[i];
	return NULL;
}

/* ---- resume ---- */

void infer_record_identity(const struct record *r, unsigned char out[32])
{
	record_identity(r, out);
}

static size_t resume_slot(const struct infer *inf, const unsigned char id[32])
{
	size_t h;
	memcpy(&h, id, sizeof(h));
	size_t mask = inf->resume_cap - 1, i = h & mask;
	while (inf->resume[i].line && memcmp(inf->resume[i].id, id, 32))
		i = (i + 1) & mask;
	return i;
}

/* One earlier output line: kept when it is an answer. Returns -1 when
 * memory ran out. */
static int resume_add(struct infer *inf, struct record *rec, const char *p, size_t n, size_t *used)
{
	char msg[128];
	if (record_parse(rec, p, n, msg, sizeof(msg)) != RECORD_OK)
		return 0;
	/* An answer: _llm.infer with an output, and no error. */
	struct json_span inf_s = record_llm_get(rec, "infer");
	if (json_object_get(inf_s, "output").type != JSON_STRING || record_llm_get(rec, "error").type != JSON_NONE)
		return 0;
	if ((*used + 1) * 2 > inf->resume_cap) {
		struct resume_ent *old = inf->resume;
		size_t oldcap = inf->resume_cap;
		inf->resume_cap *= 2;
		inf->resume = calloc(inf->resume_cap, sizeof(*inf->resume));
		if (!inf->resume) {
			inf->resume = old;
			inf->resume_cap = oldcap;
			return -1;
		}
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].line)
				inf->resume[resume_slot(inf, old[i].id)] = old[i];
		free(old);
	}
	unsigned char id[32];
	infer_record_identity(rec, id);
	size_t s = resume_slot(inf, id);
	if (inf->resume[s].line)
		return 0; /* the first answer for an identity wins */
	memcpy(inf->resume[s].id, id, 32);
	inf->resume[s].line = malloc(n);
	if (!inf->resume[s].line)
		return -1;
	memcpy(inf->resume[s].line, p, n);
	inf->resume[s].n = n;
	(*used)++;
	return 0;
}

/* An audit ledger (llm-audit append) to resume from: its stored records
 * carry the answers; erased payloads are simply not there. */
static int resume_load_ledger(struct infer *inf, const char *path, struct record *rec, size_t *used, char *err,
			      size_t errlen)
{
	struct store *st = store_open(path, STORE_READONLY, err, errlen);
	if (!st)
		return -1;
	sqlite3 *db = (sqlite3 *)store_db(st);
	sqlite3_stmt *q = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(db, "SELECT seq FROM entries WHERE kind = 'record' ORDER BY seq", -1, &q, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	struct buf pl = BUF_INIT;
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		buf_reset(&pl);
		int got = store_payload(st, sqlite3_column_int64(q, 0), &pl, err, errlen);
		if (got < 0) {
			buf_release(&pl);
			goto out;
		}
		if (got > 0 && pl.len && resume_add(inf, rec, pl.p, pl.len, used) < 0)
			break;
	}
	buf_release(&pl);
	rc = step == SQLITE_DONE || step == SQLITE_ROW ? 0 : -1;
	if (rc)
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
out:
	sqlite3_finalize(q);
	store_close(st);
	return rc;
}

static int resume_load(struct infer *inf, const char *path, char *err, size_t errlen)
{
	inf->resume_cap = 1024;
	inf->resume = calloc(inf->resume_cap, sizeof(*inf->resume));
	if (!inf->resume) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t used = 0;
	struct record rec;
	record_init(&rec);
	/* A SQLite file is an audit ledger; anything else an earlier output. */
	char magic[16] = { 0 };
	FILE *f = fopen(path, "rb");
	if (f) {
		size_t got = fread(magic, 1, sizeof(magic), f);
		(void)got;
		fclose(f);
	}
	if (!memcmp(magic, "SQLite format 3", 16)) {
		int rc = resume_load_ledger(inf, path, &rec, &used, err, errlen);
		record_release(&rec);
		return rc;
	}
	struct ndjson_reader r;
	if (ndjson_reader_open(&r, path, NDJSON_DEFAULT_MAX_LINE) < 0) {
		snprintf(err, errlen, "cannot open '%s' to resume from: %s", path, strerror(errno));
		record_release(&rec);
		return -1;
	}
	struct ndjson_line l;
	int rc;
	while ((rc = ndjson_read(&r, &l)) == 1) {
		if (l.too_long)
			continue;
		if (resume_add(inf, &rec, l.p, l.n, &used) < 0)
			break;
	}
	record_release(&rec);
	int rerr = r.err;
	ndjson_reader_close(&r);
	if (rc < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(rerr));
		return -1;
	}
	return 0;
}

/* ---- lifetime ---- */

struct infer *infer_new(const struct infer_opts *o, char *err, size_t errlen)
{
	struct infer *inf = calloc(1, sizeof(*inf));
	if (!inf) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	inf->o = *o;
	if (inf->o.jobs < 1)
		inf->o.jobs = 1;
	const struct policy *p = o->policy;
	inf->nbs = p->nbackends;
	inf->bs = calloc(inf->nbs ? inf->nbs : 1, sizeof(*inf->bs));
	size_t nextra = 0;
	for (const char *const *k = o->extra_keys; k && *k; k++)
		nextra++;
	inf->secrets = calloc(inf->nbs + nextra + 1, sizeof(char *));
	if (!inf->bs || !inf->secrets) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	size_t ns = 0;
	for (size_t i = 0; i < inf->nbs; i++) {
		if (bstate_init(inf, &inf->bs[i], &p->backends[i], err, errlen) < 0)
			goto fail;
		if (inf->bs[i].key)
			inf->secrets[ns++] = inf->bs[i].key;
	}
	for (size_t i = 0; i < nextra; i++)
		inf->secrets[ns++] = o->extra_keys[i];
	uint64_t seed = o->seed;
	if (!seed && hash_random(&seed, sizeof(seed)) < 0)
		seed = (uint64_t)retry_now_ms();
	retry_rng_seed(&inf->rng, seed);
	if (!(inf->http = http_new(o->cacert, inf->o.jobs, err, errlen)))
		goto fail;
	if (!(inf->gate = gate_new(p, err, errlen)))
		goto fail;
	if (o->state_path && !(inf->budget = budget_open(o->state_path, err, errlen)))
		goto fail;
	if (o->cache_path && !(inf->cache = cache_open(o->cache_path, err, errlen)))
		goto fail;
	if (o->resume_path && resume_load(inf, o->resume_path, err, errlen) < 0)
		goto fail;
	/* The window: room for every job in flight plus as many waiting. */
	inf->window = (size_t)inf->o.jobs * 4;
	if (inf->window < 64)
		inf->window = 64;
	inf->njobs = inf->window;
	inf->jobs = calloc(inf->njobs, sizeof(*inf->jobs));
	if (!inf->jobs || reorder_init(&inf->ro, inf->window) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (size_t i = inf->njobs; i-- > 0;) {
		struct job *j = &inf->jobs[i];
		record_init(&j->rec);
		provider_result_init(&j->res);
		j->next_free = inf->free_list;
		inf->free_list = j;
	}
	return inf;
fail:
	infer_free(inf);
	return NULL;
}

void infer_free(struct infer *inf)
{
	if (inf) {
		gate_free(inf->gate);
		budget_close(inf->budget);
	}
	if (inf)
		local_free(inf->local); /* before the jobs its queue points into */
	if (!inf)
		return;
	for (size_t i = 0; inf->jobs && i < inf->njobs; i++) {
		struct job *j = &inf->jobs[i];
		buf_release(&j->line);
		record_release(&j->rec);
		buf_release(&j->attempts);
		buf_release(&j->body);
		buf_release(&j->last_msg);
		http_req_release(&j->req);
		provider_result_release(&j->res);
	}
	free(inf->jobs);
	reorder_release(&inf->ro);
	for (size_t i = 0; inf->bs && i < inf->nbs; i++)
		bstate_release(&inf->bs[i]);
	free(inf->bs);
	free(inf->secrets);
	http_free(inf->http);
	if (inf->cache) {
		char e[256];
		cache_close(inf->cache, e, sizeof(e));
	}
	for (size_t i = 0; inf->resume && i < inf->resume_cap; i++)
		free(inf->resume[i].line);
	free(inf->resume);
	buf_release(&inf->out);
	buf_release(&inf->tmp);
	free(inf);
}

/* ---- output ---- */

static void write_line(void *ctx, const char *p, size_t n)
{
	struct infer *inf = ctx;
	ndjson_write_record(inf->w, p, n);
}

static void emit(struct infer *inf, uint64_t seq, const char *p, size_t n)
{
	if (inf->o.unordered) {
		ndjson_write_record(inf->w, p, n);
		return;
	}
	reorder_put(&inf->ro, seq, p, n);
	reorder_drain(&inf->ro, write_line, inf);
}

static void job_free(struct infer *inf, struct job *j)
{
	if (j->lj_live) {
		local_job_release(&j->lj);
		j->lj_live = 0;
	}
	j->state = JOB_FREE;
	if (j->line.cap > 65536)
		buf_release(&j->line);
	if (j->body.cap > 65536)
		buf_release(&j->body);
	if (j->req.resp.cap > 65536)
		buf_release(&j->req.resp);
	j->next_free = inf->free_list;
	inf->free_list = j;
}

static void add_attempt(struct infer *inf, struct job *j, struct bstate *s, long status, const char *statustxt,
			long latency, const char *error, const char *msg)
{
	struct buf *a = &j->attempts;
	if (j->nattempts++)
		buf_putc(a, ',');
	buf_puts(a, "{\"backend\":");
	put_str(a, s->b->name);
	if (statustxt) {
		buf_puts(a, ",\"status\":");
		put_str(a, statustxt);
	} else if (status > 0) {
		buf_printf(a, ",\"status\":%ld", status);
	} else {
		buf_puts(a, ",\"status\":null");
	}
	buf_printf(a, ",\"latency_ms\":%ld,\"error\":", latency);
	put_str(a, error);
	if (msg) {
		struct buf *m = &inf->tmp;
		buf_reset(m);
		buf_puts(m, msg);
		provider_redact(m, inf->secrets);
		if (m->len > INFER_MSG_MAX) {
			size_t k = json_utf8_valid_prefix(m->p, INFER_MSG_MAX);
			buf_truncate(m, k);
			buf_puts(m, "...");
		}
		buf_puts(a, ",\"message\":");
		json_escape(a, m->p, m->len);
	}
	buf_putc(a, '}');
	if (!statustxt)
		j->ntried++;
}

/* Adds the negotiated HTTP version ("1.1", "2") to the last attempt. */
static void attempt_http_version(struct job *j, int v)
{
	struct buf *a = &j->attempts;
	if (!v || !a->len || a->p[a->len - 1] != '}')
		return;
	buf_truncate(a, a->len - 1);
	if (v % 10)
		buf_printf(a, ",\"http\":\"%d.%d\"}", v / 10, v % 10);
	else
		buf_printf(a, ",\"http\":\"%d\"}", v / 10);
}

static void usage_json(struct buf *b, long long in, long long out)
{
	buf_puts(b, "\"usage\":{\"input_tokens\":");
	if (in >= 0)
		buf_printf(b, "%lld", in);
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"output_tokens\":");
	if (out >= 0)
		buf_printf(b, "%lld", out);
	else
		buf_puts(b, "null");
	buf_putc(b, '}');
}

static void infer_head(struct buf *b, struct bstate *s)
{
	buf_puts(b, "{\"backend\":");
	put_str(b, s->b->name);
	buf_printf(b, ",\"provider\":\"%s\",\"model\":", kind_name(s->b->kind));
	const char *m = s->b->model;
	if (!m && s->b->model_path) {
		/* A local backend: the model is its file. */
		const char *slash = strrchr(s->b->model_path, '/');
		m = slash ? slash + 1 : s->b->model_path;
	}
	put_str(b, m);
}

static void finish_write(struct infer *inf, struct job *j, const char *infer_json, size_t ilen, const char *errjson,
			 size_t elen)
{
	struct record_set set[2] = { { "infer", infer_json, ilen }, { "error", errjson, elen } };
	struct buf *o = &inf->out;
	buf_reset(o);
	record_write(o, &j->rec, set, errjson ? 2 : 1);
	emit(inf, j->seq, o->p, o->len);
	job_free(inf, j);
}

static void finish_ok(struct infer *inf, struct job *j, struct bstate *s, int64_t now)
{
	struct provider_result *r = &j->res;
	struct buf v = BUF_INIT;
	infer_head(&v, s);
	buf_puts(&v, ",\"output\":");
	json_escape(&v, r->output.p ? r->output.p : "", r->output.len);
	buf_puts(&v, ",\"finish_reason\":");
	put_str(&v, r->finish_reason[0] ? r->finish_reason : NULL);
	buf_putc(&v, ',');
	usage_json(&v, r->input_tokens, r->output_tokens);
	double cost = ((r->input_tokens > 0 ? (double)r->input_tokens : 0) * s->b->price_in +
		       (r->output_tokens > 0 ? (double)r->output_tokens : 0) * s->b->price_out) / 1e6;
	buf_printf(&v, ",\"latency_ms\":%lld,\"ttft_ms\":", (long long)(now - j->t0));
	if (j->ttft >= 0)
		buf_printf(&v, "%lld", (long long)j->ttft);
	else
		buf_puts(&v, "null");
	buf_puts(&v, ",\"cost_usd\":");
	put_usd(&v, cost);
	buf_puts(&v, ",\"cached\":false,\"attempts\":[");
	buf_put(&v, j->attempts.p ? j->attempts.p : "", j->attempts.len);
	buf_puts(&v, "]}");
	inf->st->answered++;
	inf->st->cost_usd += cost;
	if (r->input_tokens > 0)
		inf->st->input_tokens += r->input_tokens;
	if (r->output_tokens > 0)
		inf->st->output_tokens += r->output_tokens;
	finish_write(inf, j, v.p, v.len, NULL, 0);
	buf_release(&v);
}

static void finish_fail(struct infer *inf, struct job *j, const char *code, const char *msg, int64_t now)
{
	struct buf v = BUF_INIT, e = BUF_INIT;
	buf_puts(&v, "{\"output\":null,");
	buf_printf(&v, "\"latency_ms\":%lld,\"attempts\":[", (long long)(now - j->t0));
	buf_put(&v, j->attempts.p ? j->attempts.p : "", j->attempts.len);
	buf_puts(&v, "]}");
	struct buf *m = &inf->tmp;
	buf_reset(m);
	buf_puts(m, msg);
	provider_redact(m, inf->secrets);
	struct record_origin org = { j->source, j->lineno, j->line.len };
	record_error_json(&e, INFER_TOOL, code, m->p, &org);
	inf->st->failed++;
	finish_write(inf, j, v.p, v.len, e.p, e.len);
	buf_release(&v);
	buf_release(&e);
}

/* Answers from the cache: the stored {output, finish_reason, usage}. */
static int finish_cached(struct infer *inf, struct job *j, struct bstate *s, const struct buf *val, int64_t now)
{
	struct json_span root;
	struct json_error je;
	if (json_scan(val->p, val->len, &root, NULL, &je) < 0 || root.type != JSON_OBJECT || root.n < 2)
		return -1; /* a damaged row is a miss */
	struct buf v = BUF_INIT;
	infer_head(&v, s);
	if (root.n > 2) {
		buf_putc(&v, ',');
		buf_put(&v, root.p + 1, root.n - 2);
	}
	buf_printf(&v, ",\"latency_ms\":%lld,\"ttft_ms\":null,\"cost_usd\":0,\"cached\":true,\"attempts\":[",
		   (long long)(now - j->t0));
	buf_put(&v, j->attempts.p ? j->attempts.p : "", j->attempts.len);
	buf_puts(&v, "]}");
	inf->st->answered++;
	inf->st->cached++;
	finish_write(inf, j, v.p, v.len, NULL, 0);
	buf_release(&v);
	return 0;
}

static void cache_store(struct infer *inf, struct job *j)
{
	struct provider_result *r = &j->res;
	struct buf v = BUF_INIT;
	buf_puts(&v, "{\"output\":");
	json_escape(&v, r->output.p ? r->output.p : "", r->output.len);
	buf_puts(&v, ",\"finish_reason\":");
	put_str(&v, r->finish_reason[0] ? r->finish_reason : NULL);
	buf_putc(&v, ',');
	usage_json(&v, r->input_tokens, r->output_tokens);
	buf_putc(&v, '}');
	char e[256];
	(void)cache_put(inf->cache, j->key, v.p, v.len, e, sizeof(e)); /* a cache that cannot write only costs money */
	buf_release(&v);
}

/* ---- the chain ---- */

static int retryable(enum policy_fail f)
{
	return f == POLICY_FAIL_RATE_LIMIT || f == POLICY_FAIL_SERVER_ERROR || f == POLICY_FAIL_TIMEOUT;
}

/* A later backend of the chain that could take the record: allowed for its
 * class and (healthy) not resting and not missing its key. */
static int later_backend(const struct infer *inf, const struct job *j, int healthy, int64_t now)
{
	for (size_t i = j->pos + 1; i < j->nchain; i++) {
		const struct bstate *s = j->chain[i];
		if (!policy_backend_allows_class(s->b, j->cls))
			continue;
		if (healthy && (retry_cooldown_active(&s->cd, now) || (!s->key && s->key_err[0])))
			continue;
		(void)inf;
		return 1;
	}
	return 0;
}

static void move_on(struct infer *inf, struct job *j)
{
	j->pos++;
	j->tries = 0;
	if (j->pos < j->nchain)
		inf->st->fallbacks++;
}

static void on_failure(struct infer *inf, struct job *j, struct bstate *s, enum policy_fail f, long retry_after,
		       int64_t now)
{
	const struct policy *p = inf->o.policy;
	j->last_fail = f;
	if (retryable(f) && retry_cooldown_fail(&s->cd, now)) {
		/* benched: the jobs waiting on it will look elsewhere */
	}
	int may_fb = policy_may_fallback(p, f);
	if (retryable(f) && may_fb && later_backend(inf, j, 1, now)) {
		move_on(inf, j); /* another healthy backend can answer now: no sleep */
		j->ready_at = now;
	} else if (retryable(f) && j->tries <= inf->o.retries) {
		long d = retry_delay_ms(retry_backoff_ms(inf->o.retry_base_ms, inf->o.retry_max_ms, j->tries - 1, &inf->rng),
					retry_after, inf->o.retry_after_cap_ms);
		j->ready_at = now + d;
	} else if (may_fb && later_backend(inf, j, 0, now)) {
		move_on(inf, j);
		j->ready_at = now;
	} else {
		j->pos = j->nchain; /* exhausted, or this failure may not move on */
		j->ready_at = now;
	}
	j->state = JOB_WAIT;
}

static void chain_exhausted(struct infer *inf, struct job *j, int64_t now)
{
	char msg[512];
	if (!j->ntried)
		snprintf(msg, sizeof(msg), "no backend of the chain may receive a %s record", dataclass_name(j->cls));
	else
		snprintf(msg, sizeof(msg), "every backend failed (%zu attempt%s); last: %s: %s", j->ntried,
			 j->ntried == 1 ? "" : "s", policy_fail_name(j->last_fail), j->last_msg.p ? j->last_msg.p : "");
	if (j->last_fail == POLICY_FAIL_AUTH && j->ntried)
		inf->st->auth_failed++;
	if (!j->ntried && j->gate_refused) {
		inf->st->gate_refused++;
		snprintf(msg, sizeof(msg), "the last gate refused every backend of the chain; last: %s",
			 j->last_msg.p ? j->last_msg.p : "");
		finish_fail(inf, j, "gate_refused", msg, now);
		return;
	}
	finish_fail(inf, j, j->ntried ? "backend_failed" : "no_backend", msg, now);
}

static int on_data(void *ctx, const char *p, size_t n)
{
	struct job *j = ctx;
	int rc = provider_stream_feed(&j->ps, p, n);
	if (j->ps.first_token && j->ttft < 0)
		j->ttft = retry_now_ms() - j->t_attempt;
	return rc;
}

static int build_body(struct infer *inf, struct job *j, struct bstate *s, char *msg, size_t msglen)
{
	struct provider_opts po = inf->o.req;
	po.defaults = jv_is_valid(s->b->params) ? s->b->params : jv_invalid();
	if (po.max_tokens <= 0 && s->b->max_output_tokens > 0)
		po.max_tokens = s->b->max_output_tokens;
	buf_reset(&j->body);
	if (provider_build(&s->t, &po, &j->rec, 0, &j->body, msg, msglen) < 0)
		return -1;
	cache_key(inf->cache, s->b->name, s->b->model ? s->b->model : "", j->body.p, j->body.len, j->key);
	if (inf->o.stream) {
		/* The same request, streamed (the provider knows how to ask);
		 * the key above was taken without it, so a streamed and a plain
		 * run share cache entries. */
		buf_reset(&j->body);
		if (provider_build(&s->t, &po, &j->rec, 1, &j->body, msg, msglen) < 0)
			return -1;
	}
	j->body_pos = (int)j->pos;
	long long in = 0;
	struct json_span t = record_get(&j->rec, "text");
	if (t.type != JSON_STRING)
		t = record_get(&j->rec, "prompt");
	if (t.type != JSON_STRING)
		t = record_get(&j->rec, "messages");
	if (t.type != JSON_NONE)
		in = route_estimate_tokens(t.p, t.n);
	j->est_tokens = (double)in + (double)(po.max_tokens > 0 ? po.max_tokens : 256);
	return 0;
}

/* ---- the local backend ---- */

static int gate_pass(struct infer *inf, struct job *j, struct bstate *s, int64_t now);

/* One message for the engine: a string content, or its text parts joined.
 * What the engine reads is what the gate scans. */
static void local_add_content(struct infer *inf, struct local_job *lj, const char *role, jv c, struct buf *tmp)
{
	buf_reset(tmp);
	if (jv_get_kind(c) == JV_KIND_STRING) {
		buf_put(tmp, jv_string_value(c), (size_t)jv_string_length_bytes(jv_copy(c)));
	} else if (jv_get_kind(c) == JV_KIND_ARRAY) {
		/* OpenAI content parts: the text ones, joined. */
		jv_array_foreach(c, i, part) {
			jv tx = jv_get_kind(part) == JV_KIND_OBJECT ? jv_object_get(jv_copy(part), jv_string("text"))
								   : jv_invalid();
			if (jv_get_kind(tx) == JV_KIND_STRING) {
				if (tmp->len)
					buf_putc(tmp, '\n');
				buf_put(tmp, jv_string_value(tx), (size_t)jv_string_length_bytes(jv_copy(tx)));
			}
			jv_free(tx);
			jv_free(part);
		}
	} else {
		jv_free(c);
		return;
	}
	jv_free(c);
	gate_scan_text(inf->gate, role, strlen(role));
	gate_scan_text(inf->gate, tmp->p ? tmp->p : "", tmp->len);
	local_job_add_msg(lj, role, tmp->p ? tmp->p : "", tmp->len);
}

static double jnum(jv params, const char *key, double dflt)
{
	jv v = jv_object_get(jv_copy(params), jv_string(key));
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : dflt;
	jv_free(v);
	return d;
}

static void local_add_stop(struct infer *inf, struct local_job *lj, jv s)
{
	if (jv_get_kind(s) == JV_KIND_STRING) {
		size_t n = (size_t)jv_string_length_bytes(jv_copy(s));
		gate_scan_text(inf->gate, jv_string_value(s), n);
		local_job_add_stop(lj, jv_string_value(s), n);
	}
	jv_free(s);
}

/* The request for a local backend, from the content model (content.h):
 * messages from .messages, or .text / .prompt after --system; sampling
 * from the flags, then the record's allowed .params (the backend's params
 * are the engine-side defaults). Every text goes through the gate's scan.
 * Returns 0, or -1 with msg (the record's content is refused). */
static int local_build(struct infer *inf, struct job *j, struct bstate *s, char *msg, size_t msglen)
{
	struct content ct;
	if (content_from_record(&j->rec, &ct, msg, msglen) < 0)
		return -1;
	struct local_job *lj = &j->lj;
	if (j->lj_live)
		local_job_release(lj);
	local_job_init(lj, s->b);
	j->lj_live = 1;
	lj->user = j;
	gate_begin(inf->gate);
	struct buf tmp = BUF_INIT;
	if (inf->o.req.system && record_get(&j->rec, "messages").type != JSON_ARRAY) {
		gate_scan_text(inf->gate, inf->o.req.system, strlen(inf->o.req.system));
		local_job_add_msg(lj, "system", inf->o.req.system, strlen(inf->o.req.system));
	}
	jv_array_foreach(ct.messages, i, m) {
		jv role = jv_object_get(jv_copy(m), jv_string("role"));
		char r[32] = "user";
		if (jv_get_kind(role) == JV_KIND_STRING && (size_t)jv_string_length_bytes(jv_copy(role)) < sizeof(r))
			snprintf(r, sizeof(r), "%s", jv_string_value(role));
		jv_free(role);
		local_add_content(inf, lj, r, jv_object_get(m, jv_string("content")), &tmp);
	}
	/* The engine needs a bound: the flag, else the backend's, else the
	 * policy's default (what llm-route estimated with). */
	if (inf->o.req.max_tokens > 0)
		lj->max_tokens = (int)inf->o.req.max_tokens;
	else if (s->b->max_output_tokens > 0)
		lj->max_tokens = (int)s->b->max_output_tokens;
	else if (inf->o.policy && inf->o.policy->default_max_output_tokens > 0)
		lj->max_tokens = (int)inf->o.policy->default_max_output_tokens;
	if (inf->o.req.temperature >= 0)
		lj->temperature = inf->o.req.temperature;
	for (size_t k = 0; k < inf->o.req.nstop; k++)
		local_job_add_stop(lj, inf->o.req.stop[k], strlen(inf->o.req.stop[k]));
	jv p = ct.params;
	double d;
	if ((d = jnum(p, "max_tokens", -1)) > 0 && d < 1e7)
		lj->max_tokens = (int)d;
	if ((d = jnum(p, "temperature", -1)) >= 0)
		lj->temperature = d;
	if ((d = jnum(p, "top_p", -1)) >= 0)
		lj->top_p = d;
	if ((d = jnum(p, "min_p", -1)) >= 0)
		lj->min_p = d;
	if ((d = jnum(p, "top_k", -1)) >= 0 && d < 1e7)
		lj->top_k = (int)d;
	if ((d = jnum(p, "repeat_penalty", -1)) > 0)
		lj->repeat_penalty = d;
	if ((d = jnum(p, "seed", -1)) >= 0 && d < 9e15)
		lj->seed = (long long)d;
	jv st = jv_object_get(jv_copy(p), jv_string("stop"));
	if (jv_get_kind(st) == JV_KIND_ARRAY) {
		jv_array_foreach(st, i, e)
			local_add_stop(inf, lj, e);
		jv_free(st);
	} else {
		local_add_stop(inf, lj, st);
	}
	buf_release(&tmp);
	content_release(&ct);
	return 0;
}

static int local_start(struct infer *inf, struct job *j, struct bstate *s, int64_t now)
{
	char err[256];
	if (!inf->local && !(inf->local = local_new(err, sizeof(err)))) {
		add_attempt(inf, j, s, 0, NULL, 0, policy_fail_name(POLICY_FAIL_SERVER_ERROR), err);
		buf_reset(&j->last_msg);
		buf_puts(&j->last_msg, err);
		j->tries++;
		on_failure(inf, j, s, POLICY_FAIL_SERVER_ERROR, -1, now);
		return 1;
	}
	/* -j: requests in flight for a hosted backend, sequences decoded
	 * together for a local one */
	local_set_slots(inf->local, inf->o.jobs);
	char msg[256];
	if (local_build(inf, j, s, msg, sizeof(msg)) < 0) {
		finish_fail(inf, j, "bad_request", msg, now);
		return 1;
	}
	int g = gate_pass(inf, j, s, now);
	if (g <= 0)
		return 1;
	j->ttft = -1;
	j->t_attempt = now;
	j->tries++;
	inf->st->requests++;
	if (j->tries > 1)
		inf->st->retries++;
	s->inflight++;
	j->state = JOB_FLIGHT;
	local_submit(inf->local, &j->lj);
	return 0;
}

static void on_local_done(struct infer *inf, struct local_job *lj, int64_t now)
{
	struct job *j = lj->user;
	struct bstate *s = j->chain[j->pos];
	assert(s->inflight > 0);
	s->inflight--;
	long lat = (long)(now - j->t_attempt);
	j->state = JOB_WAIT;
	if (!lj->failed) {
		struct provider_result *r = &j->res;
		provider_result_reset(r);
		buf_put(&r->output, lj->output.p ? lj->output.p : "", lj->output.len);
		snprintf(r->finish_reason, sizeof(r->finish_reason), "%s", lj->finish_reason ? lj->finish_reason : "stop");
		r->input_tokens = lj->input_tokens;
		r->output_tokens = lj->output_tokens;
		r->ok = 1;
		j->ttft = lj->output_tokens > 0 ? (int64_t)(lj->ttft_ms + 0.5) : -1;
		retry_cooldown_ok(&s->cd);
		add_attempt(inf, j, s, 0, "ok", lat, NULL, NULL);
		j->ntried++;
		finish_ok(inf, j, s, now);
		return;
	}
	add_attempt(inf, j, s, 0, NULL, lat, policy_fail_name((enum policy_fail)lj->fail), lj->err);
	buf_reset(&j->last_msg);
	buf_puts(&j->last_msg, lj->err);
	if (lj->permanent)
		j->tries = inf->o.retries + 1; /* no retries: only the chain can help */
	on_failure(inf, j, s, (enum policy_fail)lj->fail, -1, now);
}

/* The kind dispatch: where a request for backend s goes. Returns 0 when a
 * call started, 1 when it failed at once (attempt recorded, j updated). */
static int infer_call_start(struct infer *inf, struct job *j, struct bstate *s, int64_t now)
{
	char err[256];
	switch (s->b->kind) {
	case POLICY_KIND_LOCAL:
		return local_start(inf, j, s, now);
	case POLICY_KIND_OPENAI:
	case POLICY_KIND_ANTHROPIC:
		break;
	}
	struct http_req *r = &j->req;
	r->url = s->url;
	r->cacert = s->b->ca_file;
	r->headers = (const char *const *)s->hdrs;
	r->body = j->body.p;
	r->body_len = j->body.len;
	double to = s->b->timeout_s > 0 ? s->b->timeout_s : inf->o.timeout_s;
	r->timeout_ms = to > 0 ? (long)(to * 1000) : 0;
	r->stall_ms = 0;
	r->user = j;
	r->ctx = j;
	r->on_data = NULL;
	provider_result_reset(&j->res);
	if (inf->o.stream) {
		provider_stream_init(&j->ps, s->b->kind, &j->res);
		r->on_data = on_data;
	}
	j->ttft = -1;
	j->t_attempt = now;
	if (http_start(inf->http, r, err, sizeof(err)) < 0) {
		if (inf->o.stream)
			provider_stream_release(&j->ps);
		add_attempt(inf, j, s, 0, NULL, 0, policy_fail_name(POLICY_FAIL_SERVER_ERROR), err);
		buf_reset(&j->last_msg);
		buf_puts(&j->last_msg, err);
		j->tries++; /* counts as a try, or this would retry without end */
		on_failure(inf, j, s, POLICY_FAIL_SERVER_ERROR, -1, now);
		return 1;
	}
	j->tries++;
	inf->st->requests++;
	if (j->tries > 1)
		inf->st->retries++;
	s->inflight++;
	retry_bucket_take(&s->rpm, 1, now);
	retry_bucket_take(&s->tpm, j->est_tokens, now);
	j->state = JOB_FLIGHT;
	return 0;
}

/* Moves a waiting job on as far as it can go now. Returns 1 when it is
 * finished or started, 0 when it must wait (j->ready_at says until when,
 * or for a free slot when ready_at <= now). */
/* The last gate for backend s, over the request just built (j->body, or
 * the local chat gate_scan_text saw). Returns 1 when it may go; 0 when the
 * gate refused s (attempt recorded, the chain moves on); -1 when the gate
 * could not decide (the record fails). */
static int gate_pass(struct infer *inf, struct job *j, struct bstate *s, int64_t now)
{
	struct buf why = BUF_INIT;
	int cls;
	int ok = gate_check(inf->gate, &j->rec, s->b, inf->o.direct == NULL, &cls, &why);
	if (cls > j->cls)
		j->cls = cls;
	if (ok < 0) {
		finish_fail(inf, j, "gate_error", why.p ? why.p : "the last gate failed", now);
	} else if (!ok) {
		add_attempt(inf, j, s, 0, "skipped", 0, "gate_refused", why.p ? why.p : "");
		buf_reset(&j->last_msg);
		buf_put(&j->last_msg, why.p ? why.p : "", why.len);
		j->gate_refused++;
		j->pos++;
		j->tries = 0;
		j->body_pos = -1;
	}
	buf_release(&why);
	return ok;
}

static int dispatch(struct infer *inf, struct job *j, int64_t now, size_t *inflight)
{
	char msg[256];
	while (j->state == JOB_WAIT && j->ready_at <= now) {
		if (j->pos >= j->nchain) {
			chain_exhausted(inf, j, now);
			return 1;
		}
		struct bstate *s = j->chain[j->pos];
		if (!policy_backend_allows_class(s->b, j->cls)) {
			snprintf(msg, sizeof(msg), "the record is %s; the backend's ceiling is %s", dataclass_name(j->cls),
				 dataclass_name(s->b->max_class));
			add_attempt(inf, j, s, 0, "skipped", 0, "ceiling", msg);
			j->pos++;
			j->tries = 0;
			continue;
		}
		if (s->b->kind != POLICY_KIND_LOCAL && !s->key && s->key_err[0] && later_backend(inf, j, 0, now)) {
			/* No key on this machine: nothing was sent, so this is not the
			 * server refusing us (which never falls back) but a backend
			 * that is not set up here; the chain goes on. */
			add_attempt(inf, j, s, 0, "skipped", 0, "no_key", s->key_err);
			move_on(inf, j);
			continue;
		}
		if (s->b->kind != POLICY_KIND_LOCAL && !s->key && s->key_err[0]) {
			add_attempt(inf, j, s, 0, NULL, 0, policy_fail_name(POLICY_FAIL_AUTH), s->key_err);
			buf_reset(&j->last_msg);
			buf_puts(&j->last_msg, s->key_err);
			j->last_fail = POLICY_FAIL_AUTH;
			j->pos = j->nchain; /* auth never falls back */
			continue;
		}
		if (retry_cooldown_active(&s->cd, now)) {
			if (policy_may_fallback(inf->o.policy, POLICY_FAIL_SERVER_ERROR) && later_backend(inf, j, 0, now)) {
				add_attempt(inf, j, s, 0, "skipped", 0, "cooldown", "the backend rests after repeated failures");
				move_on(inf, j);
				continue;
			}
			j->ready_at = s->cd.until_ms;
			return 0;
		}
		if (s->b->kind != POLICY_KIND_LOCAL && j->body_pos != (int)j->pos) {
			if (build_body(inf, j, s, msg, sizeof(msg)) < 0) {
				finish_fail(inf, j, "bad_request", msg, now);
				return 1;
			}
			gate_begin(inf->gate);
			gate_scan_json(inf->gate, j->body.p, j->body.len);
			int g = gate_pass(inf, j, s, now);
			if (g < 0)
				return 1;
			if (!g)
				continue;
			if (inf->cache) {
				struct buf *v = &inf->tmp;
				buf_reset(v);
				char e[256];
				if (cache_get(inf->cache, j->key, v, e, sizeof(e)) == 1 && finish_cached(inf, j, s, v, now) == 0)
					return 1;
			}
		}
		if (*inflight >= (size_t)inf->o.jobs || (s->b->concurrency > 0 && s->inflight >= s->b->concurrency))
			return 0;
		int64_t w1 = retry_bucket_wait_ms(&s->rpm, 1, now);
		int64_t w2 = retry_bucket_wait_ms(&s->tpm, j->est_tokens, now);
		if (w1 || w2) {
			j->ready_at = now + (w1 > w2 ? w1 : w2);
			return 0;
		}
		if (infer_call_start(inf, j, s, now) == 0) {
			(*inflight)++;
			return 1;
		}
	}
	return j->state != JOB_WAIT;
}

static void on_done(struct infer *inf, struct http_req *r, int64_t now)
{
	struct job *j = r->user;
	struct bstate *s = j->chain[j->pos];
	assert(s->inflight > 0);
	s->inflight--;
	long lat = (long)(now - j->t_attempt);
	struct provider_result *res = &j->res;
	int rc;
	if (r->err == HTTP_ERR_TLS) {
		/* The peer's certificate or the handshake failed: nothing was
		 * sent, a retry would fail the same way, and no plain-http
		 * fallback exists. Not retried, never moved past silently. */
		provider_result_reset(res);
		res->fail = POLICY_FAIL_BAD_REQUEST;
		buf_printf(&res->message, "TLS: %s (is the backend's CA in its ca_file, or --cacert?)",
			   r->errmsg[0] ? r->errmsg : "handshake failed");
		rc = -1;
	} else if (r->err != HTTP_OK && !(r->err == HTTP_ERR_ABORTED && inf->o.stream && j->ps.failed)) {
		provider_result_reset(res);
		res->fail = r->err == HTTP_ERR_TIMEOUT ? POLICY_FAIL_TIMEOUT : POLICY_FAIL_SERVER_ERROR;
		buf_puts(&res->message, r->errmsg[0] ? r->errmsg : "transfer failed");
		rc = -1;
	} else if (inf->o.stream) {
		rc = j->ps.failed ? -1 : provider_stream_finish(&j->ps, r->status);
	} else {
		rc = provider_parse(s->b->kind, r->status, r->resp.p, r->resp.len, res);
	}
	if (inf->o.stream)
		provider_stream_release(&j->ps);
	if (res->input_tokens >= 0 || res->output_tokens >= 0) {
		double used = (double)(res->input_tokens > 0 ? res->input_tokens : 0) +
			      (double)(res->output_tokens > 0 ? res->output_tokens : 0);
		retry_bucket_adjust(&s->tpm, j->est_tokens - used);
	}
	j->state = JOB_WAIT;
	if (rc == 0) {
		retry_cooldown_ok(&s->cd);
		add_attempt(inf, j, s, r->status, NULL, lat, NULL, NULL);
		attempt_http_version(j, r->http_version);
		if (inf->cache)
			cache_store(inf, j);
		finish_ok(inf, j, s, now);
		return;
	}
	add_attempt(inf, j, s, r->err == HTTP_OK ? r->status : 0, NULL, lat, policy_fail_name(res->fail),
		    res->message.p ? res->message.p : "");
	buf_reset(&j->last_msg);
	buf_put(&j->last_msg, res->message.p ? res->message.p : "", res->message.len);
	provider_redact(&j->last_msg, inf->secrets);
	if (res->fail == POLICY_FAIL_AUTH)
		j->pos = j->nchain, j->last_fail = POLICY_FAIL_AUTH;
	else
		on_failure(inf, j, s, res->fail, r->retry_after_ms, now);
}

/* ---- reading ---- */

/* 1 when input_next() will not block: a line is buffered or the source is
 * not a pipe we must poll. */
static int input_buffered(const struct input *in)
{
	if (in->mode == INPUT_RAW_FILES || !in->reading)
		return 1;
	return in->r.pos < in->r.end || in->r.eof;
}

/*
 * Budgets at the last gate (--state, the same file llm-route charges). A
 * record llm-route charged carries the receipt's id in _llm.route.charge,
 * which counts only when the state file holds it for this record, workload
 * and day, unconsumed: it is consumed here, once. Any other record (routed
 * by hand, forged, or replayed) is decided here as llm-route would decide
 * it, charging its budget: over budget it takes the on_exceed rule's chain,
 * or is refused (budget_exceeded, exit 6). Returns 0 to go on, 1 when the
 * record was finished.
 */
static int infer_budget(struct infer *inf, struct job *j)
{
	const struct policy *p = inf->o.policy;
	char err[512], ident[65], day[11], claimed[BUDGET_RECEIPT_LEN + 1] = "";
	buf_reset(&inf->tmp);
	struct json_span w = record_get(&j->rec, "workload");
	if (w.type == JSON_STRING)
		json_string_decode(w, &inf->tmp);
	if (!inf->tmp.len)
		buf_puts(&inf->tmp, "default");
	if (!policy_budget_for(p, inf->tmp.p))
		return 0;
	record_identity_hex(&j->rec, ident);
	budget_today(day);
	struct json_span cid = json_object_get(record_llm_get(&j->rec, "route"), "charge");
	if (cid.type == JSON_STRING && cid.n == BUDGET_RECEIPT_LEN + 2 && json_string_is_plain(cid)) {
		memcpy(claimed, cid.p + 1, BUDGET_RECEIPT_LEN);
		claimed[BUDGET_RECEIPT_LEN] = '\0';
	}
	int c = budget_consume(inf->budget, ident, claimed, inf->tmp.p, day, err, sizeof(err));
	if (c < 0) {
		finish_fail(inf, j, "budget_state", err, j->t0);
		return 1;
	}
	if (c == 1)
		return 0;
	/* Never charged: decide and charge as llm-route would, on the record
	 * without its (untrusted) route. */
	struct route_opts ro = { 0 };
	ro.state = inf->budget;
	struct route_result res;
	route_result_init(&res);
	struct buf rb = BUF_INIT;
	struct record_set set = { "route", "{}", 2 };
	record_write(&rb, &j->rec, &set, 1);
	struct record r2;
	char msg[256];
	record_init(&r2);
	int rc = 0;
	if (record_parse(&r2, rb.p, rb.len, msg, sizeof(msg)) != RECORD_OK) {
		finish_fail(inf, j, "budget_state", msg, j->t0);
		rc = 1;
	} else if (route_decide(p, &ro, &r2, &res, err, sizeof(err)) < 0) {
		finish_fail(inf, j, "budget_state", err, j->t0);
		rc = 1;
	} else if (res.outcome == ROUTE_DENIED_BUDGET) {
		inf->st->budget_denied++;
		struct json_span why = json_object_get((struct json_span){ res.json.p, res.json.len, JSON_OBJECT }, "reason");
		struct buf m = BUF_INIT;
		if (why.type == JSON_STRING)
			json_string_decode(why, &m);
		buf_putc(&m, '\0');
		finish_fail(inf, j, "budget_exceeded", m.len > 1 ? m.p : "over budget", j->t0);
		buf_release(&m);
		rc = 1;
	} else if (res.outcome == ROUTE_ROUTED) {
		/* The fresh decision's chain replaces the record's. */
		j->nchain = 0;
		for (size_t i = 0; i < res.nchain && j->nchain < INFER_MAX_CHAIN; i++)
			j->chain[j->nchain++] = bstate_for(inf, res.chain[i]);
	}
	record_release(&r2);
	buf_release(&rb);
	route_result_release(&res);
	return rc;
}

/* Takes one record in: settled and bad lines leave at once (in order). */
static int admit(struct infer *inf, struct input *in, uint64_t seq, int *eof, struct job **started)
{
	*started = NULL;
	struct input_rec rec;
	char ierr[512];
	int rc = input_next(in, &rec, ierr, sizeof(ierr));
	if (rc == 0) {
		*eof = 1;
		return 0;
	}
	if (rc < 0) {
		/* The file is skipped; in->io_failed says so, the caller says why. */
		if (inf->o.on_input_error)
			inf->o.on_input_error(inf->o.cb_ctx, ierr);
		return 0;
	}
	inf->st->records++;
	if (inf->o.on_progress)
		inf->o.on_progress(inf->o.cb_ctx, inf->st->records, input_bytes(in));
	struct job *j = inf->free_list;
	assert(j);
	inf->free_list = j->next_free;
	j->seq = seq;
	j->lineno = rec.line;
	snprintf(j->source, sizeof(j->source), "%s", rec.source ? rec.source : "-");
	buf_reset(&j->line);
	buf_put(&j->line, rec.p, rec.n);
	char msg[256];
	int ps = rec.too_long ? RECORD_TOO_LONG : record_parse(&j->rec, j->line.p, j->line.len, msg, sizeof(msg));
	if (ps != RECORD_OK) {
		if (ps == RECORD_TOO_LONG)
			snprintf(msg, sizeof(msg), "line of %zu bytes exceeds --max-line", rec.full_len);
		struct record_origin org = { rec.source, rec.line, rec.full_len };
		buf_reset(&inf->out);
		record_write_error(&inf->out, j->line.p, j->line.len, INFER_TOOL, record_status_code(ps), msg, &org);
		inf->st->bad++;
		emit(inf, seq, inf->out.p, inf->out.len);
		job_free(inf, j);
		return 1;
	}
	if (record_is_settled(&j->rec)) {
		inf->st->passed++;
		emit(inf, seq, j->rec.root.p, j->rec.root.n);
		job_free(inf, j);
		return 1;
	}
	if (inf->resume) {
		unsigned char id[32];
		infer_record_identity(&j->rec, id);
		struct resume_ent *e = &inf->resume[resume_slot(inf, id)];
		if (e->line) {
			inf->st->resumed++;
			inf->st->answered++;
			emit(inf, seq, e->line, e->n);
			job_free(inf, j);
			return 1;
		}
	}
	/* The record's class: fail closed when unclassified. */
	j->cls = DATACLASS_RESTRICTED;
	struct json_span cl = json_object_get(record_llm_get(&j->rec, "classify"), "class");
	if (cl.type == JSON_STRING) {
		buf_reset(&inf->tmp);
		json_string_decode(cl, &inf->tmp);
		int c = dataclass_parse_n(inf->tmp.p, inf->tmp.len);
		if (c >= 0)
			j->cls = c;
	}
	j->nchain = j->pos = 0;
	j->tries = 0;
	j->body_pos = -1;
	j->nattempts = j->ntried = 0;
	j->gate_refused = 0;
	buf_reset(&j->attempts);
	buf_reset(&j->last_msg);
	j->last_fail = POLICY_FAIL_SERVER_ERROR;
	j->t0 = j->ready_at = retry_now_ms();
	j->ttft = -1;
	j->state = JOB_WAIT;
	if (inf->o.direct) {
		j->chain[j->nchain++] = bstate_for(inf, inf->o.direct);
	} else {
		struct json_span route = record_llm_get(&j->rec, "route");
		struct json_span chain = json_object_get(route, "chain");
		if (chain.type != JSON_ARRAY) {
			finish_fail(inf, j, "not_routed",
				    "the record has no _llm.route.chain (run llm-route first, or name a --backend)", j->t0);
			return 1;
		}
		struct json_iter it;
		struct json_span e;
		json_iter_init(&it, chain);
		while (json_iter_elem(&it, &e)) {
			if (e.type != JSON_STRING || j->nchain == INFER_MAX_CHAIN)
				continue;
			buf_reset(&inf->tmp);
			json_string_decode(e, &inf->tmp);
			const struct policy_backend *b = policy_backend_find(inf->o.policy, inf->tmp.p);
			if (!b) {
				snprintf(msg, sizeof(msg), "the route names backend \"%.100s\", which this policy does not define",
					 inf->tmp.p);
				finish_fail(inf, j, "unknown_backend", msg, j->t0);
				return 1;
			}
			j->chain[j->nchain++] = bstate_for(inf, b);
		}
		if (inf->budget && infer_budget(inf, j) != 0)
			return 1;
	}
	*started = j;
	return 1;
}

int infer_run(struct infer *inf, struct input *in, struct ndjson_writer *w, struct infer_stats *st, char *err,
	      size_t errlen)
{
	memset(st, 0, sizeof(*st));
	inf->st = st;
	inf->w = w;
	uint64_t seq = 0;
	int eof = 0, fd_ready = 0;
	size_t inflight = 0;
	for (;;) {
		int64_t now = retry_now_ms();
		/* Jobs waiting for time or a slot. */
		size_t waiting = 0, ready = 0;
		int64_t wake = now + 1000;
		for (size_t i = 0; i < inf->njobs; i++) {
			struct job *j = &inf->jobs[i];
			if (j->state != JOB_WAIT)
				continue;
			if (j->ready_at <= now && dispatch(inf, j, now, &inflight))
				continue;
			if (j->state == JOB_WAIT) {
				waiting++;
				if (j->ready_at <= now)
					ready++;
				else if (j->ready_at < wake)
					wake = j->ready_at;
			}
		}
		/* New records, while there is room for them. */
		int admitted = 0;
		while (!eof && inf->free_list && inflight + ready < (size_t)inf->o.jobs &&
		       (inf->o.unordered || reorder_room(&inf->ro, seq)) &&
		       (fd_ready || input_buffered(in) || (!inflight && !waiting))) {
			fd_ready = 0;
			struct job *j;
			if (!admit(inf, in, seq, &eof, &j))
				break;
			seq++;
			admitted++;
			/* Start it at once if it can go. */
			if (j && !dispatch(inf, j, now, &inflight) && j->state == JOB_WAIT) {
				waiting++;
				if (j->ready_at <= now)
					ready++;
				else if (j->ready_at < wake)
					wake = j->ready_at;
			}
		}
		if (eof && !inflight && !waiting)
			break;
		if (admitted && inflight < (size_t)inf->o.jobs && !eof && input_buffered(in))
			continue;
		int want_fd = !eof && inf->free_list && inflight + ready < (size_t)inf->o.jobs &&
			      (inf->o.unordered || reorder_room(&inf->ro, seq)) && !input_buffered(in);
		long timeout = inflight || waiting ? (long)(wake - now) : 1000;
		if (ready && inflight < (size_t)inf->o.jobs)
			timeout = 1; /* a bucket or cooldown may have freed up */
		if (timeout < 0)
			timeout = 0;
		/* About to wait for input: answers already made must not sit in
		 * the buffer meanwhile (a slow upstream would delay them). */
		if (want_fd && w->b.len)
			ndjson_flush(w);
		if (inflight || want_fd || waiting) {
			/* The input, and the local engine's finished-job pipe. */
			int fds[2] = { want_fd ? in->r.fd : -1, inf->local ? local_fd(inf->local) : -1 };
			unsigned ready_fds = 0;
			if (http_wait(inf->http, timeout, fds, 2, &ready_fds, err, errlen) < 0)
				return -1;
			fd_ready = (ready_fds & 1u) != 0;
		}
		struct http_req *r;
		now = retry_now_ms();
		while ((r = http_done(inf->http))) {
			assert(inflight > 0);
			inflight--;
			on_done(inf, r, now);
		}
		struct local_job *lj;
		while (inf->local && (lj = local_take(inf->local))) {
			assert(inflight > 0);
			inflight--;
			on_local_done(inf, lj, now);
		}
	}
	if (inf->cache && cache_commit(inf->cache, err, errlen) < 0)
		return -1;
	assert(inf->o.unordered || inf->ro.held == 0);
	return 0;
}
