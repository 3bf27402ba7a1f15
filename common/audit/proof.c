/*
 * proof: the inclusion-proof file format; see proof.h.
 */
#include "audit/proof.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "core/json.h"

void proof_init(struct proof *p)
{
	memset(p, 0, sizeof(*p));
	buf_init(&p->envelope);
}

void proof_release(struct proof *p)
{
	buf_release(&p->envelope);
}

static void put_hex(struct buf *out, const unsigned char *b, size_t n)
{
	char h[2 * MERKLE_HASH_LEN + 1];
	hash_hex(b, n, h);
	buf_putc(out, '"');
	buf_put(out, h, 2 * n);
	buf_putc(out, '"');
}

void proof_format(const struct proof *p, struct buf *out)
{
	buf_puts(out, "{\"v\":1,\"origin\":");
	put_hex(out, p->origin, SIGN_ORIGIN_LEN);
	buf_printf(out, ",\"seq\":%" PRIu64 ",\"size\":%" PRIu64 ",\"root\":", p->seq, p->size);
	put_hex(out, p->root, MERKLE_HASH_LEN);
	buf_puts(out, ",\"envelope\":");
	json_escape(out, p->envelope.p ? p->envelope.p : "", p->envelope.len);
	buf_puts(out, ",\"path\":[");
	for (size_t i = 0; i < p->npath; i++) {
		if (i)
			buf_putc(out, ',');
		put_hex(out, p->path[i], MERKLE_HASH_LEN);
	}
	buf_puts(out, "]}");
}

static int get_hex(struct json_span obj, const char *key, unsigned char *out, size_t n)
{
	struct json_span v = json_object_get(obj, key);
	if (v.type != JSON_STRING || !json_string_is_plain(v))
		return -1;
	return sign_unhex(v.p + 1, v.n - 2, out, n);
}

/* A non-negative integer without sign, fraction or exponent. */
static int get_u64(struct json_span obj, const char *key, uint64_t *out)
{
	struct json_span v = json_object_get(obj, key);
	if (v.type != JSON_NUMBER || v.n > 19 || (v.n > 1 && v.p[0] == '0'))
		return -1;
	uint64_t x = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(v.p[i] - '0');
	}
	*out = x;
	return 0;
}

int proof_parse(struct proof *p, const char *s, size_t n, char *err, size_t errlen)
{
	struct json_span root;
	struct json_error je;
	uint64_t ver;
	buf_reset(&p->envelope);
	p->npath = 0;
	if (n > PROOF_MAX_BYTES) {
		snprintf(err, errlen, "proof: longer than %d bytes", PROOF_MAX_BYTES);
		return -1;
	}
	if (json_scan(s, n, &root, NULL, &je) < 0) {
		snprintf(err, errlen, "proof: not JSON (%s at byte %zu)", je.msg, je.offset);
		return -1;
	}
	if (root.type != JSON_OBJECT) {
		snprintf(err, errlen, "proof: not a JSON object");
		return -1;
	}
	if (get_u64(root, "v", &ver) || ver != 1) {
		snprintf(err, errlen, "proof: unknown version (want \"v\": 1)");
		return -1;
	}
	if (get_hex(root, "origin", p->origin, SIGN_ORIGIN_LEN) || get_u64(root, "seq", &p->seq) ||
	    get_u64(root, "size", &p->size) || get_hex(root, "root", p->root, MERKLE_HASH_LEN)) {
		snprintf(err, errlen, "proof: origin, seq, size or root missing or malformed");
		return -1;
	}
	struct json_span env = json_object_get(root, "envelope");
	if (env.type != JSON_STRING) {
		snprintf(err, errlen, "proof: no envelope string");
		return -1;
	}
	json_string_decode(env, &p->envelope);
	struct json_span path = json_object_get(root, "path"), h;
	if (path.type != JSON_ARRAY) {
		snprintf(err, errlen, "proof: no path array");
		return -1;
	}
	struct json_iter it;
	json_iter_init(&it, path);
	while (json_iter_elem(&it, &h)) {
		if (p->npath == MERKLE_MAX_PATH || h.type != JSON_STRING ||
		    sign_unhex(h.p + 1, h.n - 2, p->path[p->npath], MERKLE_HASH_LEN)) {
			snprintf(err, errlen, "proof: path element %zu is not a 64-hex-digit hash (or too many)", p->npath);
			return -1;
		}
		p->npath++;
	}
	return 0;
}

int proof_check(const struct proof *p, char *err, size_t errlen)
{
	struct json_span root;
	struct json_error je;
	uint64_t seq;
	if (json_scan(p->envelope.p ? p->envelope.p : "", p->envelope.len, &root, NULL, &je) < 0 ||
	    root.type != JSON_OBJECT || get_u64(root, "seq", &seq)) {
		snprintf(err, errlen, "the envelope is not an entry (no seq)");
		return 0;
	}
	if (seq != p->seq) {
		snprintf(err, errlen, "the envelope is entry %" PRIu64 ", not %" PRIu64, seq, p->seq);
		return 0;
	}
	unsigned char leaf[MERKLE_HASH_LEN];
	merkle_leaf_hash(p->envelope.p, p->envelope.len, leaf);
	if (!merkle_inclusion_verify(leaf, p->seq, p->size, (const unsigned char(*)[MERKLE_HASH_LEN])p->path,
				     p->npath, p->root)) {
		snprintf(err, errlen, "the path does not lead from entry %" PRIu64 " to the root of size %" PRIu64,
			 p->seq, p->size);
		return 0;
	}
	return 1;
}
