/*
 * cmd_verify: the subcommands about integrity: verify, prove and
 * verify-proof (inclusion proofs), show (an entry with its record), keygen,
 * checkpoint (a signed tree head) and backup (a copy, verified and
 * optionally signed).
 */
#include "audit/cmd.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit/proof.h"
#include "audit/sign.h"
#include "audit/store.h"
#include "core/hash.h"
#include "core/input.h"
#include "core/json.h"

/* The --checkpoint files and the --pubkey pin: 0, or -1 after saying why. */
static int read_checkpoints(struct audit_cmd *c, struct checkpoint **cps, unsigned char *pin, int *have_pin)
{
	char err[1024];
	*have_pin = 0;
	*cps = calloc(c->ncheckpoints + 1, sizeof(**cps));
	if (!*cps)
		return audit_fail(c, EXITCODE_IO, "out of memory"), -1;
	for (size_t i = 0; i < c->ncheckpoints; i++)
		if (checkpoint_read(c->checkpoints[i], &(*cps)[i], err, sizeof(err)) < 0)
			goto bad;
	if (c->pubkey) {
		if (sign_pub_load(c->pubkey, pin, err, sizeof(err)) < 0)
			goto bad;
		*have_pin = 1;
	}
	return 0;
bad:
	free(*cps);
	*cps = NULL;
	audit_fail(c, EXITCODE_CONFIG, "%s", err);
	return -1;
}

/*
 * Verifies s against the options' checkpoints. Returns 0 when it holds, 1
 * when not (v->problem), or an exit status above 1 after saying why. With
 * print, the verdict goes to c->out as one line.
 */
static int run_verify(struct audit_cmd *c, struct store *s, int payloads, struct store_verify *v, int print)
{
	char err[1024];
	struct checkpoint *cps;
	unsigned char pin[SIGN_PUB_LEN];
	int have_pin;
	int threads = audit_threads(c);
	if (threads < 0)
		return EXITCODE_USAGE;
	if (read_checkpoints(c, &cps, pin, &have_pin) < 0)
		return EXITCODE_CONFIG;
	memset(v, 0, sizeof(*v));
	v->payloads = payloads;
	v->cps = cps;
	v->cp_names = c->checkpoints;
	v->ncps = c->ncheckpoints;
	v->pin = have_pin ? pin : NULL;
	v->threads = threads; /* 0: $LLM_AUDIT_THREADS or one per CPU */
	int r = store_verify(s, v, err, sizeof(err));
	free(cps);
	if (r < 0)
		return audit_fail(c, EXITCODE_IO, "%s", err);
	if (!print)
		return r;
	char root[65];
	hash_hex(v->root, 32, root);
	if (r == 0) {
		fprintf(c->out, "{\"ok\":true,\"entries\":%" PRIu64 ",\"root\":\"%s\",\"payloads_checked\":%" PRIu64
				",\"payloads_erased\":%" PRIu64 ",\"heads\":%" PRIu64 ",\"checkpoints\":%" PRIu64 "}\n",
			v->size, root, v->payloads_checked, v->erased, v->heads, v->checkpoints);
	} else {
		struct buf b = BUF_INIT;
		buf_printf(&b, "{\"ok\":false,\"entry\":");
		if (v->bad_seq >= 0)
			buf_printf(&b, "%" PRId64, v->bad_seq);
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"problem\":");
		json_escape(&b, v->problem, strlen(v->problem));
		buf_puts(&b, "}\n");
		fputs(b.p, c->out);
		buf_release(&b);
		audit_fail(c, EXITCODE_FOUND, "verify: %s", v->problem);
	}
	return r;
}

int audit_cmd_verify(struct audit_cmd *c)
{
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	struct store_verify v;
	int r = run_verify(c, s, !c->quick, &v, 1);
	store_close(s);
	int st = audit_close_out(c, c->out);
	return exitcode_merge(r == 1 ? EXITCODE_FOUND : r, st);
}

/* ---- proofs and entries ---- */

static int prove_one(struct audit_cmd *c, struct store *s, int64_t seq, FILE *out)
{
	char err[1024];
	struct proof p;
	proof_init(&p);
	unsigned char leaf[32];
	int r = store_envelope(s, seq, &p.envelope, leaf, err, sizeof(err)), status = EXITCODE_OK;
	if (r <= 0) {
		status = r < 0 ? audit_fail(c, EXITCODE_IO, "%s", err)
			       : audit_fail(c, EXITCODE_FOUND, "no entry %" PRId64, seq);
		goto out;
	}
	p.size = (uint64_t)c->size;
	int k = store_inclusion(s, seq, &p.size, p.root, p.path, err, sizeof(err));
	if (k < 0) {
		status = audit_fail(c, EXITCODE_IO, "%s", err);
		goto out;
	}
	p.npath = (size_t)k;
	p.seq = (uint64_t)seq;
	store_origin(s, p.origin);
	struct buf b = BUF_INIT;
	proof_format(&p, &b);
	buf_putc(&b, '\n');
	fwrite(b.p, 1, b.len, out);
	buf_release(&b);
out:
	proof_release(&p);
	return status;
}

static int show_one(struct audit_cmd *c, struct store *s, int64_t seq, FILE *out)
{
	char err[1024];
	struct buf env = BUF_INIT, pl = BUF_INIT, b = BUF_INIT;
	unsigned char leaf[32];
	int status = EXITCODE_OK;
	int r = store_envelope(s, seq, &env, leaf, err, sizeof(err)), p = 0;
	if (r <= 0) {
		status = r < 0 ? audit_fail(c, EXITCODE_IO, "%s", err)
			       : audit_fail(c, EXITCODE_FOUND, "no entry %" PRId64, seq);
		goto out;
	}
	if ((p = store_payload(s, seq, &pl, err, sizeof(err))) < 0) {
		status = audit_fail(c, EXITCODE_IO, "%s", err);
		goto out;
	}
	char lh[65];
	hash_hex(leaf, 32, lh);
	buf_printf(&b, "{\"seq\":%" PRId64 ",\"leaf\":\"%s\",\"entry\":", seq, lh);
	buf_put(&b, env.p, env.len);
	buf_puts(&b, ",\"record\":");
	struct json_span root;
	struct json_error je;
	if (p == 1 && json_scan(pl.p, pl.len, &root, NULL, &je) == 0)
		buf_put(&b, pl.p, pl.len);
	else
		buf_puts(&b, "null");
	int has_mac = strstr(env.p, "\"payload_mac\":") != NULL;
	buf_printf(&b, ",\"erased\":%s}\n", has_mac && p == 0 ? "true" : "false");
	fwrite(b.p, 1, b.len, out);
out:
	buf_release(&env);
	buf_release(&pl);
	buf_release(&b);
	return status;
}

/* Runs fn on the entry --seq names and on every entry of each record ID;
 * an ID with no entry is reported and makes the status 1. An error above
 * 1 (reading the ledger) stops it. */
static int each_entry(struct audit_cmd *c, int (*fn)(struct audit_cmd *, struct store *, int64_t, FILE *))
{
	char err[1024];
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	FILE *out = audit_open_out(c);
	if (!out) {
		store_close(s);
		return EXITCODE_IO;
	}
	int status = EXITCODE_OK;
	if (c->seq >= 0)
		status = exitcode_merge(status, fn(c, s, c->seq, out));
	for (size_t i = 0; i < c->nargs && status <= EXITCODE_FOUND; i++) {
		int64_t *seqs;
		size_t n;
		if (store_find(s, c->args[i], &seqs, &n, err, sizeof(err)) < 0) {
			status = audit_fail(c, EXITCODE_IO, "%s", err);
			break;
		}
		if (!n)
			status = exitcode_merge(status,
						audit_fail(c, EXITCODE_FOUND, "no record with id '%s'", c->args[i]));
		for (size_t j = 0; j < n && status <= EXITCODE_FOUND; j++)
			status = exitcode_merge(status, fn(c, s, seqs[j], out));
		free(seqs);
	}
	store_close(s);
	return exitcode_merge(status, audit_close_out(c, out));
}

int audit_cmd_prove(struct audit_cmd *c)
{
	if (c->size < 0)
		return audit_usage(c, "--size wants a positive number");
	if (!c->nargs && c->seq < 0)
		return audit_usage(c, "prove wants record IDs or --seq N");
	return each_entry(c, prove_one);
}

int audit_cmd_show(struct audit_cmd *c)
{
	if (!c->nargs && c->seq < 0)
		return audit_usage(c, "show wants record IDs or --seq N");
	return each_entry(c, show_one);
}

int audit_cmd_verify_proof(struct audit_cmd *c)
{
	char err[1024];
	struct checkpoint *cps;
	unsigned char pin[SIGN_PUB_LEN];
	int have_pin;
	if (c->ncheckpoints > 1)
		return audit_usage(c, "verify-proof takes one --checkpoint");
	if (read_checkpoints(c, &cps, pin, &have_pin) < 0)
		return EXITCODE_CONFIG;
	if (c->ncheckpoints) {
		int bad = 0;
		if (have_pin && memcmp(cps[0].pub, pin, SIGN_PUB_LEN))
			bad = audit_fail(c, EXITCODE_FOUND, "checkpoint %s is not signed by the given public key",
					 c->checkpoints[0]);
		else if (!checkpoint_verify_sig(&cps[0]))
			bad = audit_fail(c, EXITCODE_FOUND, "checkpoint %s: the signature does not verify", c->checkpoints[0]);
		if (bad) {
			free(cps);
			return bad;
		}
	}
	struct input in;
	input_init(&in, INPUT_NDJSON, c->args, c->nargs, PROOF_MAX_BYTES, NULL);
	struct input_rec rec;
	struct proof p;
	proof_init(&p);
	int status = EXITCODE_OK, rc;
	while ((rc = input_next(&in, &rec, err, sizeof(err))) != 0) {
		if (rc < 0) {
			status = exitcode_merge(status, audit_fail(c, EXITCODE_IO, "%s", err));
			continue;
		}
		const char *src = strcmp(rec.source, "-") ? rec.source : "stdin";
		if (rec.n == 0)
			continue;
		if (rec.too_long || proof_parse(&p, rec.p, rec.n, err, sizeof(err)) < 0) {
			status = exitcode_merge(status, audit_fail(c, EXITCODE_BADINPUT, "%s:%llu: %s", src,
								   (unsigned long long)rec.line,
								   rec.too_long ? "proof too long" : err));
			continue;
		}
		const char *why = NULL;
		if (!proof_check(&p, err, sizeof(err)))
			why = err;
		else if (c->ncheckpoints && memcmp(p.origin, cps[0].origin, SIGN_ORIGIN_LEN))
			why = "the proof is for another ledger than the checkpoint";
		else if (c->ncheckpoints && (p.size != cps[0].size || memcmp(p.root, cps[0].root, 32)))
			why = "the proof's tree head is not the checkpoint's (prove with --size of the checkpoint)";
		if (why)
			status = exitcode_merge(status, audit_fail(c, EXITCODE_FOUND, "%s:%llu: entry %" PRIu64 ": %s", src,
								   (unsigned long long)rec.line, p.seq, why));
		else
			fprintf(c->out, "{\"ok\":true,\"seq\":%" PRIu64 ",\"size\":%" PRIu64 "}\n", p.seq, p.size);
	}
	if (in.io_failed)
		status = exitcode_merge(status, EXITCODE_IO);
	proof_release(&p);
	input_release(&in);
	free(cps);
	return exitcode_merge(status, audit_close_out(c, c->out));
}

/* ---- keys, checkpoints, backup ---- */

int audit_cmd_keygen(struct audit_cmd *c)
{
	char err[1024];
	if (c->nargs != 1)
		return audit_usage(c, "keygen wants one FILE");
	char *pub;
	if (asprintf(&pub, "%s.pub", c->args[0]) < 0)
		return audit_fail(c, EXITCODE_IO, "out of memory");
	int r = sign_keygen(c->args[0], pub, err, sizeof(err));
	free(pub);
	return r < 0 ? audit_fail(c, EXITCODE_IO, "%s", err) : EXITCODE_OK;
}

/* Verifies the tree (leaves, heads, checkpoints) and signs its head:
 * never a head the entries do not bear out. */
static int sign_head(struct audit_cmd *c, struct store *s, struct sign_key *k, struct checkpoint *cp)
{
	char err[1024];
	struct store_verify v;
	int r = run_verify(c, s, 0, &v, 0);
	if (r == 1)
		return audit_fail(c, EXITCODE_FOUND, "not signing: verify failed: %s", v.problem);
	if (r)
		return r;
	memset(cp, 0, sizeof(*cp));
	store_origin(s, cp->origin);
	cp->size = v.size;
	memcpy(cp->root, v.root, 32);
	cp->time_us = store_now_us();
	if (sign_checkpoint(k, cp, err, sizeof(err)) < 0)
		return audit_fail(c, EXITCODE_CONFIG, "%s", err);
	return EXITCODE_OK;
}

int audit_cmd_checkpoint(struct audit_cmd *c)
{
	char err[1024];
	if (!c->key)
		return audit_usage(c, "checkpoint needs the signing key: --key FILE");
	struct sign_key *k = sign_key_load(c->key, err, sizeof(err));
	if (!k)
		return audit_fail(c, EXITCODE_CONFIG, "%s", err);
	struct store *s = audit_open_store(c, NULL, 0);
	struct checkpoint cp;
	int status = s ? sign_head(c, s, k, &cp) : EXITCODE_IO;
	if (!status && store_add_checkpoint(s, &cp, err, sizeof(err)) < 0)
		status = audit_fail(c, EXITCODE_IO, "%s", err);
	FILE *out = NULL;
	if (!status && !(out = audit_open_out(c)))
		status = EXITCODE_IO;
	if (!status) {
		struct buf b = BUF_INIT;
		checkpoint_format(&cp, &b);
		fwrite(b.p, 1, b.len, out);
		buf_release(&b);
		status = audit_close_out(c, out);
	}
	sign_key_free(k);
	store_close(s);
	return status;
}

int audit_cmd_backup(struct audit_cmd *c)
{
	char err[1024];
	if (!c->output || !strcmp(c->output, "-"))
		return audit_usage(c, "backup needs the new file: -o FILE");
	struct sign_key *k = NULL;
	if (c->key && !(k = sign_key_load(c->key, err, sizeof(err))))
		return audit_fail(c, EXITCODE_CONFIG, "%s", err);
	struct store *s = audit_open_store(c, NULL, STORE_READONLY);
	int status = s ? EXITCODE_OK : EXITCODE_IO;
	if (s && store_backup(s, c->output, err, sizeof(err)) < 0)
		status = audit_fail(c, EXITCODE_IO, "%s", err);
	store_close(s);
	s = NULL;
	/* The copy is checked (and signed) as itself: what was copied is what
	 * the checkpoint vouches for. */
	if (!status && !(s = audit_open_store(c, c->output, 0)))
		status = EXITCODE_IO;
	struct store_verify v;
	struct buf b = BUF_INIT;
	if (!status && k) {
		struct checkpoint cp;
		status = sign_head(c, s, k, &cp);
		if (!status && store_add_checkpoint(s, &cp, err, sizeof(err)) < 0)
			status = audit_fail(c, EXITCODE_IO, "%s", err);
		if (!status) {
			v.size = cp.size;
			memcpy(v.root, cp.root, 32);
			checkpoint_format(&cp, &b);
		}
	} else if (!status) {
		int r = run_verify(c, s, 0, &v, 0);
		status = r == 1 ? audit_fail(c, EXITCODE_FOUND, "the backup does not verify: %s", v.problem) : r;
	}
	store_close(s);
	if (!status) {
		char root[65];
		hash_hex(v.root, 32, root);
		struct buf line = BUF_INIT;
		buf_puts(&line, "{\"backup\":");
		json_escape(&line, c->output, strlen(c->output));
		buf_printf(&line, ",\"entries\":%" PRIu64 ",\"root\":\"%s\"", v.size, root);
		if (b.len) {
			buf_puts(&line, ",\"checkpoint\":");
			json_escape(&line, b.p, b.len);
		}
		buf_puts(&line, "}\n");
		fputs(line.p, c->out);
		buf_release(&line);
		status = audit_close_out(c, c->out);
	}
	buf_release(&b);
	sign_key_free(k);
	return status;
}
