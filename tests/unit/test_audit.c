/*
 * test_audit: the ledger's pure parts: RFC 6962 tree hashes against the
 * Certificate Transparency test vectors, inclusion proofs, the frontier,
 * canonical envelopes, erase notes, checkpoints and proof files.
 *
 * Every expected hash here was computed independently with Python's
 * hashlib from the RFC 6962 definitions (not copied from memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "audit/canon.h"
#include "audit/cmd.h"
#include "audit/drift.h"
#include "audit/entry.h"
#include "audit/merkle.h"
#include "audit/otlp.h"
#include "audit/proof.h"
#include "audit/sign.h"
#include "core/hash.h"
#include "core/json.h"
#include "unit.h"

static const char *const leaves_hex[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
};

static const char *const roots[9] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static unsigned char L[8][32];

static void unhex(const char *h, unsigned char *out, size_t *n)
{
	*n = strlen(h) / 2;
	for (size_t i = 0; i < *n; i++) {
		unsigned v;
		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

static void hex(const unsigned char *b, char out[65])
{
	hash_hex(b, 32, out);
}

static void test_vectors(void)
{
	for (int i = 0; i < 8; i++) {
		unsigned char d[16];
		size_t n;
		unhex(leaves_hex[i], d, &n);
		merkle_leaf_hash(d, n, L[i]);
	}
	for (int n = 0; n <= 8; n++) {
		unsigned char r[32];
		char h[65];
		merkle_root((const unsigned char(*)[32])L, (uint64_t)n, r);
		hex(r, h);
		CHECK_MSG(!strcmp(h, roots[n]), "size %d: %s", n, h);
		/* The frontier gives the same head at every size. */
		struct merkle_frontier f;
		merkle_frontier_init(&f);
		for (int i = 0; i < n; i++)
			merkle_frontier_push(&f, L[i]);
		unsigned char enc[64 * 32];
		size_t en = merkle_frontier_encode(&f, enc);
		struct merkle_frontier g;
		CHECK(merkle_frontier_decode(&g, f.size, enc, en) == 0);
		merkle_frontier_root(&g, r);
		hex(r, h);
		CHECK_EQ_STR(h, roots[n]);
		CHECK(merkle_frontier_decode(&g, f.size + 1, enc, en) == -1 || f.size == 0 ||
		      __builtin_popcountll(f.size) == __builtin_popcountll(f.size + 1));
	}
}

static void test_paths(void)
{
	/* RFC 6962 audit paths, from the Python reference. */
	struct {
		int m, n;
		const char *path[3];
	} cases[] = {
		{ 0, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
			  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
		{ 5, 8, { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
			  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
			  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
		{ 2, 3, { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" } },
		{ 1, 5, { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		unsigned char path[64][32];
		int k = merkle_inclusion_proof((const unsigned char(*)[32])L, (uint64_t)cases[c].n, (uint64_t)cases[c].m, path);
		int want = 0;
		while (want < 3 && cases[c].path[want])
			want++;
		CHECK_EQ_INT(k, want);
		for (int i = 0; i < k && i < want; i++) {
			char h[65];
			hex(path[i], h);
			CHECK_EQ_STR(h, cases[c].path[i]);
		}
	}
	CHECK_EQ_INT(merkle_inclusion_proof((const unsigned char(*)[32])L, 1, 0, NULL), 0);
	CHECK_EQ_INT(merkle_inclusion_proof((const unsigned char(*)[32])L, 3, 3, NULL), -1);
	/* Every proof of every leaf in every tree up to 8 verifies, and fails
	 * for the wrong leaf, index, size or root. */
	for (uint64_t n = 1; n <= 8; n++) {
		unsigned char root[32];
		merkle_root((const unsigned char(*)[32])L, n, root);
		for (uint64_t m = 0; m < n; m++) {
			unsigned char path[64][32];
			int k = merkle_inclusion_proof((const unsigned char(*)[32])L, n, m, path);
			CHECK(merkle_inclusion_verify(L[m], m, n, (const unsigned char(*)[32])path, (size_t)k, root));
			CHECK(!merkle_inclusion_verify(L[(m + 1) % 8], m, n, (const unsigned char(*)[32])path, (size_t)k, root));
			if (n > 1)
				CHECK(!merkle_inclusion_verify(L[m], (m + 1) % n, n, (const unsigned char(*)[32])path, (size_t)k, root));
			unsigned char bad[32];
			memcpy(bad, root, 32);
			bad[0] ^= 1;
			CHECK(!merkle_inclusion_verify(L[m], m, n, (const unsigned char(*)[32])path, (size_t)k, bad));
		}
	}
	/* A large tree: the frontier and the recursive definition agree. */
	enum { N = 1000 };
	unsigned char(*big)[32] = malloc(N * 32);
	for (int i = 0; i < N; i++)
		merkle_leaf_hash(&i, sizeof(i), big[i]);
	unsigned char r1[32], path[64][32];
	merkle_root((const unsigned char(*)[32])big, N, r1);
	int ok = 1;
	for (uint64_t m = 0; m < N; m += 37) {
		int k = merkle_inclusion_proof((const unsigned char(*)[32])big, N, m, path);
		ok &= merkle_inclusion_verify(big[m], m, N, (const unsigned char(*)[32])path, (size_t)k, r1);
	}
	CHECK(ok);
	free(big);
}

/* Pushing a perfect subtree's root equals pushing its leaves, at any
 * aligned size, and the heads in between agree. */
static void test_push_subtree(void)
{
	enum { K = 3, B = 1 << K, N = 5 * B + 3 };
	unsigned char lv[N][32], r1[32], r2[32];
	for (int i = 0; i < N; i++) {
		unsigned char b = (unsigned char)i;
		merkle_leaf_hash(&b, 1, lv[i]);
	}
	struct merkle_frontier one, blk;
	merkle_frontier_init(&one);
	merkle_frontier_init(&blk);
	int same = 1;
	for (int q = 0; q < N;) {
		if (q % B == 0 && q + B <= N && q != 2 * B) {
			struct merkle_frontier sub;
			unsigned char root[32];
			merkle_frontier_init(&sub);
			for (int i = q; i < q + B; i++)
				merkle_frontier_push(&sub, lv[i]);
			merkle_frontier_root(&sub, root);
			merkle_frontier_push_subtree(&blk, K, root);
			for (int i = q; i < q + B; i++)
				merkle_frontier_push(&one, lv[i]);
			q += B;
		} else {
			merkle_frontier_push(&blk, lv[q]);
			merkle_frontier_push(&one, lv[q]);
			q++;
		}
		merkle_frontier_root(&one, r1);
		merkle_frontier_root(&blk, r2);
		same &= one.size == blk.size && !memcmp(r1, r2, 32);
	}
	CHECK(same);
	CHECK_EQ_INT((int)blk.size, N);
}

static void test_canon(void)
{
	struct buf b = BUF_INIT;
	struct canon c;
	canon_begin(&c, &b);
	CHECK(canon_str(&c, "a", "x\"\\\n\x01\x7f\xc3\xa9", 8) == 0);
	canon_int(&c, "b", -42);
	canon_int(&c, "c", INT64_MIN);
	CHECK(canon_str(&c, "d", "\xff", 1) == -1);
	canon_end(&c);
	CHECK_EQ_STR(b.p, "{\"a\":\"x\\\"\\\\\\n\\u0001\x7f\xc3\xa9\",\"b\":-42,\"c\":-9223372036854775808}");
	buf_release(&b);

	/* An envelope: sorted members, integers, the payload digest in hex. */
	struct entry e;
	entry_clear(&e);
	entry_set_int(&e, EF_SEQ, 7);
	entry_set_int(&e, EF_TS_US, 1700000000000000);
	entry_set_text(&e, EF_KIND, "record", 6);
	entry_set_text(&e, EF_REC_ID, "t-1", 3);
	entry_set_text(&e, EF_WORKLOAD, "w", 1);
	entry_set_int(&e, EF_LATENCY_US, 930000);
	unsigned char mac[32] = { 0xab };
	entry_set_text(&e, EF_PAYLOAD_MAC, (const char *)mac, 32);
	buf_init(&b);
	CHECK(entry_envelope(&e, &b) == 0);
	CHECK_EQ_STR(b.p, "{\"kind\":\"record\",\"latency_us\":930000,\"payload_mac\":"
			  "\"ab00000000000000000000000000000000000000000000000000000000000000\","
			  "\"rec_id\":\"t-1\",\"seq\":7,\"ts_us\":1700000000000000,\"v\":1,\"workload\":\"w\"}");

	/* Where the seq's value starts, for append's split leaf hash: the
	 * leaf hashed in pieces around a different seq equals the whole. */
	size_t at = 0;
	struct buf b2 = BUF_INIT;
	CHECK(entry_envelope_seq(&e, &b2, &at) == 0);
	CHECK_EQ_STR(b2.p, b.p);
	CHECK(at < b2.len && !strncmp(b2.p + at, "7,", 2));
	entry_set_int(&e, EF_SEQ, 123456789012);
	buf_reset(&b);
	CHECK(entry_envelope(&e, &b) == 0);
	unsigned char whole[32], parts[32];
	merkle_leaf_hash(b.p, b.len, whole);
	struct merkle_leaf l;
	merkle_leaf_begin(&l);
	merkle_leaf_add(&l, b2.p, at);
	merkle_leaf_add(&l, "123456789012", 12);
	merkle_leaf_add(&l, b2.p + at + 1, b2.len - at - 1);
	merkle_leaf_end(&l, parts);
	CHECK(!memcmp(whole, parts, 32));
	buf_release(&b2);
	buf_release(&b);
}

/* With every column set, the envelope's keys are strictly sorted. */
static void test_envelope_order(void)
{
	struct entry e;
	entry_clear(&e);
	unsigned char mac[32] = { 0 };
	for (int f = 0; f < EF_COUNT; f++) {
		if (entry_fields[f].type == ENTRY_INT)
			entry_set_int(&e, (enum entry_field)f, f);
		else if (entry_fields[f].type == ENTRY_TEXT)
			entry_set_text(&e, (enum entry_field)f, "x", 1);
		else
			entry_set_text(&e, (enum entry_field)f, (const char *)mac, 32);
	}
	struct buf b = BUF_INIT, prev = BUF_INIT, cur = BUF_INIT;
	CHECK(entry_envelope(&e, &b) == 0);
	struct json_span root, k, v;
	struct json_error je;
	CHECK(json_scan(b.p, b.len, &root, NULL, &je) == 0);
	struct json_iter it;
	json_iter_init(&it, root);
	int n = 0, sorted = 1;
	while (json_iter_member(&it, &k, &v)) {
		buf_reset(&cur);
		json_string_decode(k, &cur);
		if (n++ && strcmp(prev.p, cur.p) >= 0)
			sorted = 0;
		buf_reset(&prev);
		buf_puts(&prev, cur.p);
	}
	CHECK(sorted);
	CHECK_EQ_INT(n, EF_COUNT + 1);
	/* Each member is named after its column. */
	for (int f = 0; f < EF_COUNT; f++) {
		char key[64];
		snprintf(key, sizeof(key), "\"%s\":", entry_fields[f].name);
		CHECK(strstr(b.p, key) != NULL);
	}
	/* Text that needs escapes (and is longer than the fast path's bound
	 * guesses) comes out as canon_string writes it. */
	static const char ctl[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14";
	entry_set_text(&e, EF_NOTE, ctl, sizeof(ctl) - 1);
	buf_reset(&b);
	CHECK(entry_envelope(&e, &b) == 0);
	CHECK(strstr(b.p, "\"note\":\"\\u0001\\u0002\\u0003") != NULL);
	CHECK(json_scan(b.p, b.len, &root, NULL, &je) == 0);
	/* Invalid UTF-8 in a column (a tampered database) is refused. */
	entry_set_text(&e, EF_MODEL, "\xc3", 1);
	buf_reset(&b);
	CHECK(entry_envelope(&e, &b) == -1);
	buf_release(&b);
	buf_release(&prev);
	buf_release(&cur);
}

static int count_ranges(void *ctx, int64_t lo, int64_t hi)
{
	*(int64_t *)ctx += hi - lo + 1;
	return 0;
}

static void test_notes(void)
{
	int64_t n = 0;
	CHECK(entry_note_ranges("3,7-9,12", 8, count_ranges, &n) == 0);
	CHECK_EQ_INT(n, 5);
	const char *bad[] = { "", ",", "3,", "3,3", "5-4", "5-5", "4,2", "a", "1-", "-1", "1--2", "1 ,2",
			      "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		CHECK_MSG(entry_note_ranges(bad[i], strlen(bad[i]), NULL, NULL) == -1, "accepted '%s'", bad[i]);
}

static void test_checkpoint(void)
{
	char dir[] = "/tmp/test_audit.XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	char key[256], pub[256], err[256];
	snprintf(key, sizeof(key), "%s/k", dir);
	snprintf(pub, sizeof(pub), "%s/k.pub", dir);
	CHECK(sign_keygen(key, pub, err, sizeof(err)) == 0);
	CHECK(sign_keygen(key, pub, err, sizeof(err)) == -1); /* never overwrites */
	struct sign_key *k = sign_key_load(key, err, sizeof(err));
	CHECK(k != NULL);
	struct checkpoint cp, back;
	memset(&cp, 0, sizeof(cp));
	cp.size = 8;
	size_t n;
	unhex(roots[8], cp.root, &n);
	cp.time_us = 1700000000000000;
	memset(cp.origin, 0x11, sizeof(cp.origin));
	CHECK(k && sign_checkpoint(k, &cp, err, sizeof(err)) == 0);
	CHECK(checkpoint_verify_sig(&cp));
	unsigned char pk[32];
	CHECK(sign_pub_load(pub, pk, err, sizeof(err)) == 0);
	CHECK(memcmp(pk, cp.pub, 32) == 0);
	struct buf t = BUF_INIT;
	checkpoint_format(&cp, &t);
	CHECK(checkpoint_parse(t.p, t.len, &back, err, sizeof(err)) == 0);
	CHECK(memcmp(&back, &cp, sizeof(cp)) == 0);
	CHECK(checkpoint_verify_sig(&back));
	back.size = 9;
	CHECK(!checkpoint_verify_sig(&back));
	/* Strict text: a trailing byte, an upper-case digit, a missing line. */
	buf_putc(&t, '\n');
	CHECK(checkpoint_parse(t.p, t.len, &back, err, sizeof(err)) == -1);
	t.len--;
	char *r = strstr(t.p, "root ");
	r[5] = 'D';
	CHECK(checkpoint_parse(t.p, t.len, &back, err, sizeof(err)) == -1);
	CHECK(checkpoint_parse(t.p, 30, &back, err, sizeof(err)) == -1);
	buf_release(&t);
	sign_key_free(k);
	unlink(key);
	unlink(pub);
	rmdir(dir);
}

static void test_proof_file(void)
{
	struct proof p, q;
	char err[256];
	proof_init(&p);
	proof_init(&q);
	/* Entry 5 of the 8-leaf vector tree, with leaf data as its "envelope"
	 * can't carry a seq; use a real envelope tree instead. */
	unsigned char lv[6][32];
	struct buf envs[6];
	for (int i = 0; i < 6; i++) {
		buf_init(&envs[i]);
		struct entry e;
		entry_clear(&e);
		entry_set_int(&e, EF_SEQ, i);
		entry_set_int(&e, EF_TS_US, 1);
		entry_set_text(&e, EF_KIND, "record", 6);
		entry_envelope(&e, &envs[i]);
		merkle_leaf_hash(envs[i].p, envs[i].len, lv[i]);
	}
	p.seq = 4;
	p.size = 6;
	merkle_root((const unsigned char(*)[32])lv, 6, p.root);
	p.npath = (size_t)merkle_inclusion_proof((const unsigned char(*)[32])lv, 6, 4, p.path);
	buf_put(&p.envelope, envs[4].p, envs[4].len);
	CHECK(proof_check(&p, err, sizeof(err)) == 1);
	struct buf t = BUF_INIT;
	proof_format(&p, &t);
	CHECK(proof_parse(&q, t.p, t.len, err, sizeof(err)) == 0);
	CHECK(proof_check(&q, err, sizeof(err)) == 1);
	q.seq = 3;
	CHECK(proof_check(&q, err, sizeof(err)) == 0);
	buf_reset(&q.envelope);
	buf_put(&q.envelope, envs[3].p, envs[3].len);
	CHECK(proof_check(&q, err, sizeof(err)) == 0);
	CHECK(proof_parse(&q, "{}", 2, err, sizeof(err)) == -1);
	CHECK(proof_parse(&q, "[1]", 3, err, sizeof(err)) == -1);
	buf_release(&t);
	for (int i = 0; i < 6; i++)
		buf_release(&envs[i]);
	proof_release(&p);
	proof_release(&q);
}

/* Expected values from Python's math module (erfc for one degree of
 * freedom, exp(-x/2) for two), and by hand for KS and Wasserstein. */
static void test_drift_stats(void)
{
	CHECK_NEAR(drift_chi2_p(3.841459, 1), 0.04999999465, 1e-8);
	CHECK_NEAR(drift_chi2_p(5.991465, 2), 0.04999998868, 1e-8);
	CHECK_NEAR(drift_chi2_p(10, 1), 0.0015654022580, 1e-10);
	CHECK_NEAR(drift_chi2_p(0, 3), 1.0, 1e-12);
	double a[4] = { 0, 1, 2, 3 }, b[4] = { 1, 2, 3, 4 }, p;
	CHECK_NEAR(drift_wasserstein_norm(a, 4, b, 4), 0.8944271910, 1e-9);
	CHECK_NEAR(drift_wasserstein_norm(a, 4, a, 4), 0.0, 1e-12);
	CHECK_NEAR(drift_ks(a, 4, b, 4, &p), 0.25, 1e-12);
	CHECK(p > 0.9);
	double c[4] = { 10, 11, 12, 13 };
	CHECK_NEAR(drift_ks(a, 4, c, 4, &p), 1.0, 1e-12);
	CHECK(p < 0.05);
	CHECK_NEAR(drift_psi_numeric(a, 4, a, 4), 0.0, 1e-12);
	CHECK(drift_psi_numeric(a, 4, c, 4) > 0.25);
}

/* OTLP JSON pieces: attribute values as the JSON mapping wants them
 * (int64 as a string), escaping, ids of the right length, never zero. */
static void test_otlp(void)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '[');
	otlp_attr_str(&b, "k", "a\"b", 3);
	otlp_attr_int(&b, "n", -12);
	otlp_attr_double(&b, "d", 0.25);
	otlp_attr_str_list(&b, "l", "stop", 4);
	buf_putc(&b, ']');
	CHECK_EQ_STR(b.p, "[{\"key\":\"k\",\"value\":{\"stringValue\":\"a\\\"b\"}},"
		       "{\"key\":\"n\",\"value\":{\"intValue\":\"-12\"}},"
		       "{\"key\":\"d\",\"value\":{\"doubleValue\":0.25}},"
		       "{\"key\":\"l\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"stop\"}]}}}]");
	struct json_span root;
	struct json_error je;
	CHECK(json_scan(b.p, b.len, &root, NULL, &je) == 0);
	buf_release(&b);
	char t[33], s[17], s2[17];
	otlp_id_hex("x", 1, 16, t);
	otlp_id_hex("x", 1, 8, s);
	otlp_id_hex("y", 1, 8, s2);
	CHECK(strlen(t) == 32 && strlen(s) == 16);
	CHECK(!strncmp(t, s, 16)); /* both prefixes of the same digest */
	CHECK(strcmp(s, s2) != 0);
	char err[200];
	CHECK(otlp_new("ftp://x", "", "s", 1, 0, err, sizeof(err)) == NULL);
	CHECK(otlp_new("http://127.0.0.1:9", "", "s", 0, 0, err, sizeof(err)) == NULL);
	struct otlp *o = otlp_new("http://127.0.0.1:9/", "", "s", 2, 0, err, sizeof(err));
	CHECK(o != NULL);
	CHECK(otlp_flush(o, err, sizeof(err)) == 0); /* nothing to send: no request */
	CHECK(otlp_stats(o)->requests == 0);
	otlp_free(o);
}

/* TIME as the subcommands read it. */
static void test_time(void)
{
	int64_t us;
	CHECK(audit_time_parse("@1700000000", &us) == 0 && us == 1700000000LL * 1000000);
	CHECK(audit_time_parse("2026-11-01", &us) == 0 && us == 1793491200LL * 1000000);
	CHECK(audit_time_parse("2026-11-01T01:02:03Z", &us) == 0 && us == (1793491200LL + 3723) * 1000000);
	setenv("LLM_NOW", "1000000", 1);
	CHECK(audit_time_parse("1d", &us) == 0 && us == (1000000LL - 86400) * 1000000);
	CHECK(audit_time_parse("2h", &us) == 0 && us == (1000000LL - 7200) * 1000000);
	unsetenv("LLM_NOW");
	CHECK(audit_time_parse("", &us) == -1);
	CHECK(audit_time_parse("@", &us) == -1);
	CHECK(audit_time_parse("1x", &us) == -1);
	CHECK(audit_time_parse("2026-13-01x", &us) == -1);
	CHECK(audit_time_parse("yesterday", &us) == -1);
}

int main(void)
{
	test_otlp();
	test_time();
	test_drift_stats();
	test_vectors();
	test_paths();
	test_push_subtree();
	test_canon();
	test_envelope_order();
	test_notes();
	test_checkpoint();
	test_proof_file();
	UNIT_DONE();
}
