/*
 * cmd_admin: the subcommands that look after the ledger: erase and retain
 * (drop payloads, keep the ledger verifiable), merge (fold in verified
 * shards) and policy (the history of the policies the pipeline ran with).
 */
#include "audit/cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit/policies.h"
#include "audit/sign.h"
#include "audit/store.h"
#include "core/hash.h"
#include "core/json.h"
#include "policy/policy.h"

/* ---- erase / retain ---- */

static int erase(struct audit_cmd *c, const char *id, int64_t before)
{
	char err[1024];
	struct store *s = audit_open_store(c, NULL, 0);
	if (!s)
		return EXITCODE_IO;
	struct store_erased r;
	int rc = store_erase(s, id, before, c->reason, &r, err, sizeof(err));
	store_close(s);
	if (rc < 0)
		return audit_fail(c, EXITCODE_IO, "%s", err);
	if (r.dicts_kept) {
		const char *them = r.dicts_kept == 1 ? "it" : "them";
		audit_say(c, AUDIT_SAY_WARNING, 0,
			  "%s: %" PRIu64 " zstd dictionar%s trained on record text before this version stay%s while %" PRIu64
			  " payloads compressed with %s are kept (their digests bind %s); erased text may remain in %s"
			  " until those payloads are erased too",
			  c->db, r.dicts_kept, r.dicts_kept == 1 ? "y" : "ies", r.dicts_kept == 1 ? "s" : "",
			  r.dicts_kept_payloads, them, them, them);
	}
	if (r.payloads && !r.wal_truncated)
		audit_say(c, AUDIT_SAY_WARNING, 0,
			  "%s-wal: another connection kept the WAL from being truncated; erased bytes may remain in it"
			  " until the next checkpoint", c->db);
	fprintf(c->out, "{\"erased\":%" PRIu64 ",\"recompressed\":%" PRIu64 ",\"dictionaries_dropped\":%" PRIu64
			",\"dictionaries_kept\":%" PRIu64 ",\"wal_truncated\":%s}\n",
		r.payloads, r.recompressed, r.dicts_dropped, r.dicts_kept,
		r.payloads && !r.wal_truncated ? "false" : "true");
	return audit_close_out(c, c->out);
}

int audit_cmd_erase(struct audit_cmd *c)
{
	if (!c->id)
		return audit_usage(c, "erase needs --id ID");
	return erase(c, c->id, 0);
}

int audit_cmd_retain(struct audit_cmd *c)
{
	if (c->older_than < 0 || c->older_than > 100000)
		return audit_usage(c, "retain needs --older-than DAYS (0..100000)");
	return erase(c, NULL, store_now_us() - (int64_t)c->older_than * 86400 * 1000000);
}

/* ---- merge ---- */

/* Folds one shard into s: only a shard that verifies whole. */
static int merge_one(struct audit_cmd *c, struct store *s, const char *path)
{
	char err[1024];
	unsigned char mine[SIGN_ORIGIN_LEN], theirs[SIGN_ORIGIN_LEN];
	store_origin(s, mine);
	struct store *src = audit_open_store(c, path, STORE_READONLY);
	if (!src)
		return EXITCODE_IO;
	store_origin(src, theirs);
	int status = EXITCODE_OK;
	struct store_verify v;
	memset(&v, 0, sizeof(v));
	v.payloads = 1;
	int64_t first;
	uint64_t n;
	int r;
	if (!memcmp(mine, theirs, sizeof(mine)))
		status = audit_fail(c, EXITCODE_USAGE, "%s is this ledger (or a copy of it): nothing to merge", path);
	else if ((r = store_verify(src, &v, err, sizeof(err))) < 0)
		status = audit_fail(c, EXITCODE_IO, "%s", err);
	else if (r)
		status = audit_fail(c, EXITCODE_FOUND, "%s does not verify, nothing of it merged: %s", path, v.problem);
	else if (store_merge(s, src, v.size, v.root, &first, &n, err, sizeof(err)) < 0)
		status = audit_fail(c, EXITCODE_IO, "%s: %s", path, err);
	if (!status) {
		char o[2 * SIGN_ORIGIN_LEN + 1], root[65];
		hash_hex(theirs, SIGN_ORIGIN_LEN, o);
		hash_hex(v.root, 32, root);
		struct buf b = BUF_INIT;
		buf_puts(&b, "{\"shard\":");
		json_escape(&b, path, strlen(path));
		buf_printf(&b, ",\"origin\":\"%s\",\"size\":%" PRIu64 ",\"root\":\"%s\",\"first\":%lld,\"merge_entry\":%lld}\n",
			   o, v.size, root, (long long)first, (long long)(first + (int64_t)n));
		fputs(b.p, c->out);
		buf_release(&b);
	}
	store_close(src);
	return status;
}

int audit_cmd_merge(struct audit_cmd *c)
{
	if (!c->nargs)
		return audit_usage(c, "merge wants the shard ledgers: merge --db FILE SHARD...");
	struct store *s = audit_open_store(c, NULL, STORE_CREATE);
	if (!s)
		return EXITCODE_IO;
	int status = EXITCODE_OK;
	for (size_t i = 0; i < c->nargs && !status; i++)
		status = merge_one(c, s, c->args[i]);
	store_close(s);
	return status ? status : audit_close_out(c, c->out);
}

/* ---- policy history ---- */

#define POLICY_MAX_BYTES ((size_t)4 << 20)

/* The bytes of the policy file at path into b: 0, or an exit status after
 * saying why. */
static int read_policy_file(struct audit_cmd *c, const char *path, struct buf *b)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return audit_fail(c, EXITCODE_CONFIG, "cannot open '%s': %s", path, strerror(errno));
	char tmp[65536];
	size_t k;
	int status = EXITCODE_OK;
	while (!status && (k = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		buf_put(b, tmp, k);
		if (b->len > POLICY_MAX_BYTES)
			status = audit_fail(c, EXITCODE_CONFIG, "'%s' is larger than a policy may be", path);
	}
	if (!status && ferror(f))
		status = audit_fail(c, EXITCODE_IO, "cannot read '%s'", path);
	fclose(f);
	return status;
}

/* The text of the policy ref names: 0, or an exit status after saying why. */
static int policy_text(struct audit_cmd *c, struct store *s, const char *ref, char version[POLICIES_VERSION_MAX],
		       struct buf *text)
{
	char err[1024];
	int64_t seq;
	int r = policies_resolve(s, ref, version, &seq, err, sizeof(err));
	if (r < 0)
		return audit_fail(c, EXITCODE_IO, "%s", err);
	if (r == 0)
		return audit_fail(c, EXITCODE_FOUND, "no policy '%s' in the ledger (or the prefix is ambiguous)", ref);
	r = store_payload(s, seq, text, err, sizeof(err));
	if (r < 0)
		return audit_fail(c, EXITCODE_IO, "%s", err);
	if (r == 0)
		return audit_fail(c, EXITCODE_FOUND, "the text of policy %s was erased", version);
	return EXITCODE_OK;
}

static int policy_add(struct audit_cmd *c, struct store *s, const char *path, struct buf *b)
{
	char err[1024], version[POLICIES_VERSION_MAX];
	struct policy *p;
	if (policy_load(path, &p, err, sizeof(err)) < 0)
		return audit_fail(c, EXITCODE_CONFIG, "%s", err);
	snprintf(version, sizeof(version), "%s", p->version);
	policy_free(p);
	struct buf text = BUF_INIT;
	int status = read_policy_file(c, path, &text);
	const char *base = strrchr(path, '/');
	int added;
	int64_t seq;
	if (!status && policies_add(s, base ? base + 1 : path, text.p ? text.p : "", text.len, version, &added, &seq, err,
				    sizeof(err)) < 0)
		status = audit_fail(c, EXITCODE_IO, "%s", err);
	buf_release(&text);
	if (!status)
		buf_printf(b, "{\"version\":\"%s\",\"added\":%s,\"seq\":%lld}\n", version, added ? "true" : "false",
			   (long long)seq);
	return status;
}

int audit_cmd_policy(struct audit_cmd *c)
{
	char err[1024], version[POLICIES_VERSION_MAX], v2[POLICIES_VERSION_MAX];
	const char *act = c->nargs ? c->args[0] : "";
	size_t nargs = c->nargs ? c->nargs - 1 : 0;
	const char *const *args = c->args + (c->nargs ? 1 : 0);
	int ok_args = (!strcmp(act, "add") && nargs >= 1) || (!strcmp(act, "list") && nargs == 0) ||
		      (!strcmp(act, "show") && nargs == 1) || (!strcmp(act, "diff") && nargs == 2) ||
		      (!strcmp(act, "label") && nargs == 2);
	if (!ok_args)
		return audit_usage(c, "policy wants: add FILE... | list | show REF | diff REF REF | label NAME REF");
	int writes = !strcmp(act, "add") || !strcmp(act, "label");
	struct store *s = audit_open_store(c, NULL, writes ? STORE_CREATE : STORE_READONLY);
	if (!s)
		return EXITCODE_IO;
	FILE *out = audit_open_out(c);
	if (!out) {
		store_close(s);
		return EXITCODE_IO;
	}
	struct buf b = BUF_INIT, t1 = BUF_INIT, t2 = BUF_INIT;
	int status = EXITCODE_OK, found = EXITCODE_OK;
	if (!strcmp(act, "add")) {
		for (size_t i = 0; i < nargs && !status; i++)
			status = policy_add(c, s, args[i], &b);
	} else if (!strcmp(act, "list")) {
		if (policies_list(s, &b, err, sizeof(err)) < 0)
			status = audit_fail(c, EXITCODE_IO, "%s", err);
	} else if (!strcmp(act, "show")) {
		status = policy_text(c, s, args[0], version, &b);
	} else if (!strcmp(act, "diff")) {
		if (!(status = policy_text(c, s, args[0], version, &t1)) &&
		    !(status = policy_text(c, s, args[1], v2, &t2))) {
			buf_printf(&b, "--- %s\n+++ %s\n", version, v2);
			if (policies_diff(t1.p, t1.len, t2.p, t2.len, &b))
				found = EXITCODE_FOUND;
		}
	} else {
		int64_t seq;
		if (policies_label(s, args[0], args[1], v2, err, sizeof(err)) < 0)
			status = audit_fail(c, EXITCODE_FOUND, "%s", err);
		else if (policies_resolve(s, args[0], version, &seq, err, sizeof(err)) != 1)
			status = audit_fail(c, EXITCODE_IO, "the label did not move");
		if (!status) {
			buf_puts(&b, "{\"label\":");
			json_escape(&b, args[0], strlen(args[0]));
			buf_printf(&b, ",\"version\":\"%s\",\"previous\":", version);
			if (*v2)
				buf_printf(&b, "\"%s\"}\n", v2);
			else
				buf_puts(&b, "null}\n");
		}
	}
	if (b.len && !status)
		fwrite(b.p, 1, b.len, out);
	buf_release(&b);
	buf_release(&t1);
	buf_release(&t2);
	store_close(s);
	int st = audit_close_out(c, out);
	return status ? status : exitcode_merge(found, st);
}
