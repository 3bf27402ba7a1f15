/*
 * gguf: the GGUF v2/v3 reader. See gguf.h for the format and the contract.
 *
 * The parser walks the file once with a cursor (struct rd) that refuses to
 * read past the end, so every length in the file is compared with the bytes
 * left before it is used. Counts are also checked against the smallest
 * possible size of what they count (an entry cannot take fewer bytes than
 * its fixed fields), so no allocation is ever sized from a number the file
 * cannot back with bytes. Duplicate keys and names are found with a hash
 * table, overlapping tensors by sorting on offset: both stay linear-ish on
 * hostile counts.
 *
 * Invariant after a successful parse: every kv and tensor record describes
 * bytes inside [0, size) of the mapping; accessors rely on it and do not
 * re-check.
 *
 * Why one file: one cursor (struct rd) guards every read of the format;
 * splitting the reader would spread that invariant over several files.
 */
#include "engine/gguf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the GGUF reader assumes a little-endian host"
#endif

/* Plausibility caps, far above any real model (a few hundred keys, a few
 * thousand tensors) and far below what would let a small hostile header ask
 * for gigabytes of index. */
#define MAX_KV (1u << 20)
#define MAX_TENSORS (1u << 20)

struct str_ref {
	uint64_t off; /* into the arena */
	uint64_t len;
};

struct kv {
	struct str_ref key;
	uint32_t type;
	uint64_t pos;         /* file offset of the value (after the type field) */
	uint64_t vsize;       /* scalar: value bytes; string: its length */
	struct str_ref str;   /* string values */
	uint32_t etype;       /* arrays */
	uint64_t count;
	uint64_t data_pos;    /* arrays: file offset of the first element */
	struct str_ref *strs; /* arrays of strings: one per element */
};

struct gguf_ctx {
	const uint8_t *base;
	uint64_t size;
	int mapped;
	uint64_t file_id[4]; /* device, inode, size, mtime in ns (gguf_open) */
	uint32_t version;
	uint32_t alignment;
	uint64_t data_off;

	struct kv *kv;
	int64_t n_kv;     /* entries parsed */
	uint64_t kv_cap;  /* entries allocated */
	struct gguf_tensor *t;
	int64_t n_t;

	char *arena;
	uint64_t arena_len, arena_cap;

	int64_t *kv_hash;  /* index + 1, 0 = empty; size kv_hmask + 1 */
	uint64_t kv_hmask;
	int64_t *t_hash;
	uint64_t t_hmask;
};

/* ---- errors ---- */

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- names ---- */

static const struct {
	const char *name;
	unsigned size;
} vtypes[GGUF_VTYPE_COUNT] = {
	[GGUF_VTYPE_U8] = { "u8", 1 },    [GGUF_VTYPE_I8] = { "i8", 1 },
	[GGUF_VTYPE_U16] = { "u16", 2 },  [GGUF_VTYPE_I16] = { "i16", 2 },
	[GGUF_VTYPE_U32] = { "u32", 4 },  [GGUF_VTYPE_I32] = { "i32", 4 },
	[GGUF_VTYPE_F32] = { "f32", 4 },  [GGUF_VTYPE_BOOL] = { "bool", 1 },
	[GGUF_VTYPE_STRING] = { "string", 0 }, [GGUF_VTYPE_ARRAY] = { "array", 0 },
	[GGUF_VTYPE_U64] = { "u64", 8 },  [GGUF_VTYPE_I64] = { "i64", 8 },
	[GGUF_VTYPE_F64] = { "f64", 8 },
};

const char *gguf_vtype_name(uint32_t vtype)
{
	return vtype < GGUF_VTYPE_COUNT ? vtypes[vtype].name : "unknown";
}

const char *gguf_type_name(uint32_t type)
{
	return quant_type_name(type);
}

/* ---- arena of NUL-terminated copies ---- */

static int arena_add(struct gguf_ctx *c, const uint8_t *s, uint64_t len, struct str_ref *out)
{
	if (len > UINT64_MAX / 2 - c->arena_len - 1)
		return -1;
	uint64_t need = c->arena_len + len + 1;
	if (need > c->arena_cap) {
		uint64_t cap = c->arena_cap ? c->arena_cap : 4096;
		while (cap < need)
			cap *= 2;
		if (cap > SIZE_MAX)
			return -1;
		char *p = realloc(c->arena, (size_t)cap);
		if (!p)
			return -1;
		c->arena = p;
		c->arena_cap = cap;
	}
	if (len)
		memcpy(c->arena + c->arena_len, s, (size_t)len);
	c->arena[c->arena_len + len] = '\0';
	out->off = c->arena_len;
	out->len = len;
	c->arena_len = need;
	return 0;
}

static const char *arena_str(const struct gguf_ctx *c, struct str_ref r)
{
	return c->arena + r.off;
}

/* ---- hash tables (FNV-1a, open addressing) ---- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static int hash_alloc(int64_t n, int64_t **tab, uint64_t *mask)
{
	uint64_t cap = 16;
	while (cap < (uint64_t)n * 2)
		cap *= 2;
	*tab = calloc((size_t)cap, sizeof(**tab));
	if (!*tab)
		return -1;
	*mask = cap - 1;
	return 0;
}

/* Inserts index i under name; returns the earlier index on a duplicate,
 * else -1. name_at(ctx, j) gives the name of entry j. */
static int64_t hash_insert(int64_t *tab, uint64_t mask, const char *name, int64_t i,
			   const char *(*name_at)(const struct gguf_ctx *, int64_t), const struct gguf_ctx *c)
{
	uint64_t h = hash_str(name) & mask;
	while (tab[h]) {
		int64_t j = tab[h] - 1;
		if (strcmp(name_at(c, j), name) == 0)
			return j;
		h = (h + 1) & mask;
	}
	tab[h] = i + 1;
	return -1;
}

static int64_t hash_find(const int64_t *tab, uint64_t mask, const char *name,
			 const char *(*name_at)(const struct gguf_ctx *, int64_t), const struct gguf_ctx *c)
{
	if (!tab)
		return -1;
	uint64_t h = hash_str(name) & mask;
	while (tab[h]) {
		int64_t j = tab[h] - 1;
		if (strcmp(name_at(c, j), name) == 0)
			return j;
		h = (h + 1) & mask;
	}
	return -1;
}

static const char *kv_name_at(const struct gguf_ctx *c, int64_t i)
{
	return arena_str(c, c->kv[i].key);
}

static const char *t_name_at(const struct gguf_ctx *c, int64_t i)
{
	return c->t[i].name;
}

/* ---- bounded cursor ---- */

struct rd {
	struct gguf_ctx *c;
	uint64_t pos;
	char *err;
	size_t errlen;
	char what[160]; /* what is being read, for messages */
};

static uint64_t left(const struct rd *r)
{
	return r->c->size - r->pos;
}

static int need(struct rd *r, uint64_t n)
{
	if (n > left(r))
		return fail(r->err, r->errlen,
			    "truncated file: %s at offset %" PRIu64 " needs %" PRIu64 " bytes, only %" PRIu64 " left",
			    r->what, r->pos, n, left(r));
	return 0;
}

static int rd_u32(struct rd *r, uint32_t *v)
{
	if (need(r, 4))
		return -1;
	memcpy(v, r->c->base + r->pos, 4);
	r->pos += 4;
	return 0;
}

static int rd_u64(struct rd *r, uint64_t *v)
{
	if (need(r, 8))
		return -1;
	memcpy(v, r->c->base + r->pos, 8);
	r->pos += 8;
	return 0;
}

/* A string: u64 length + bytes. *s points into the file. */
static int rd_str(struct rd *r, const uint8_t **s, uint64_t *len, uint64_t max)
{
	uint64_t at = r->pos;
	if (rd_u64(r, len))
		return -1;
	if (*len > left(r))
		return fail(r->err, r->errlen,
			    "%s: string length %" PRIu64 " at offset %" PRIu64 " runs past the end of the file (%" PRIu64
			    " bytes left)", r->what, *len, at, left(r));
	if (*len > max)
		return fail(r->err, r->errlen, "%s: string length %" PRIu64 " at offset %" PRIu64 " exceeds the limit %" PRIu64,
			    r->what, *len, at, max);
	*s = r->c->base + r->pos;
	r->pos += *len;
	return 0;
}

static void set_what(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_what(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->what, sizeof(r->what), fmt, ap);
	va_end(ap);
}

/* ---- metadata ---- */

static int oom(struct rd *r)
{
	return fail(r->err, r->errlen, "%s: out of memory", r->what);
}

/* Validates an array's body (after its u32 type and u64 count were read
 * by the caller) at nesting depth `depth` (1 = top level). When kv is
 * non-NULL, string elements are recorded in it. */
static int parse_array_body(struct rd *r, uint32_t etype, uint64_t count, int depth, struct kv *kv)
{
	if (etype >= GGUF_VTYPE_COUNT)
		return fail(r->err, r->errlen, "%s: unknown array element type %" PRIu32 " at offset %" PRIu64,
			    r->what, etype, r->pos - 12);
	if (etype == GGUF_VTYPE_ARRAY) {
		if (depth >= GGUF_MAX_ARRAY_DEPTH)
			return fail(r->err, r->errlen, "%s: arrays nested deeper than %d levels at offset %" PRIu64,
				    r->what, GGUF_MAX_ARRAY_DEPTH, r->pos);
		if (count > left(r) / 12)
			return fail(r->err, r->errlen,
				    "%s: array of %" PRIu64 " arrays at offset %" PRIu64 " cannot fit in the %" PRIu64
				    " bytes left", r->what, count, r->pos, left(r));
		for (uint64_t i = 0; i < count; i++) {
			uint32_t et;
			uint64_t n;
			if (rd_u32(r, &et) || rd_u64(r, &n))
				return -1;
			if (parse_array_body(r, et, n, depth + 1, NULL))
				return -1;
		}
		return 0;
	}
	if (etype == GGUF_VTYPE_STRING) {
		if (count > left(r) / 8)
			return fail(r->err, r->errlen,
				    "%s: array of %" PRIu64 " strings at offset %" PRIu64 " cannot fit in the %" PRIu64
				    " bytes left", r->what, count, r->pos, left(r));
		if (kv) {
			kv->strs = malloc((size_t)(count ? count : 1) * sizeof(*kv->strs));
			if (!kv->strs)
				return oom(r);
		}
		for (uint64_t i = 0; i < count; i++) {
			const uint8_t *s;
			uint64_t len;
			if (rd_str(r, &s, &len, UINT64_MAX))
				return -1;
			if (kv && arena_add(r->c, s, len, &kv->strs[i]))
				return oom(r);
		}
		return 0;
	}
	uint64_t esz = vtypes[etype].size;
	if (count > left(r) / esz)
		return fail(r->err, r->errlen,
			    "%s: array of %" PRIu64 " %s at offset %" PRIu64 " needs more than the %" PRIu64 " bytes left",
			    r->what, count, vtypes[etype].name, r->pos, left(r));
	if (etype == GGUF_VTYPE_BOOL) {
		for (uint64_t i = 0; i < count; i++) {
			uint8_t b = r->c->base[r->pos + i];
			if (b > 1)
				return fail(r->err, r->errlen, "%s: bool element %" PRIu64 " at offset %" PRIu64 " is %u, not 0 or 1",
					    r->what, i, r->pos + i, b);
		}
	}
	r->pos += count * esz;
	return 0;
}

static int parse_kv(struct rd *r, int64_t idx)
{
	struct gguf_ctx *c = r->c;
	struct kv *kv = &c->kv[idx];
	memset(kv, 0, sizeof(*kv));
	const uint8_t *s;
	uint64_t len;
	uint64_t at = r->pos;

	set_what(r, "metadata entry %" PRId64 " key", idx);
	if (rd_str(r, &s, &len, GGUF_MAX_KEY_LEN))
		return -1;
	if (len == 0)
		return fail(r->err, r->errlen, "metadata entry %" PRId64 " at offset %" PRIu64 " has an empty key", idx, at);
	if (memchr(s, 0, (size_t)len))
		return fail(r->err, r->errlen, "metadata entry %" PRId64 " at offset %" PRIu64 " has a NUL byte in its key", idx, at);
	if (arena_add(c, s, len, &kv->key))
		return oom(r);
	const char *key = arena_str(c, kv->key); /* valid until the next arena_add */
	set_what(r, "key '%.100s'", key);

	if (rd_u32(r, &kv->type))
		return -1;
	if (kv->type >= GGUF_VTYPE_COUNT)
		return fail(r->err, r->errlen, "key '%.100s': unknown value type %" PRIu32 " at offset %" PRIu64, key, kv->type,
			    r->pos - 4);
	kv->pos = r->pos;
	switch (kv->type) {
	case GGUF_VTYPE_STRING:
		if (rd_str(r, &s, &len, UINT64_MAX))
			return -1;
		kv->pos += 8;
		kv->vsize = len;
		if (arena_add(c, s, len, &kv->str))
			return oom(r);
		break;
	case GGUF_VTYPE_ARRAY:
		if (rd_u32(r, &kv->etype) || rd_u64(r, &kv->count))
			return -1;
		kv->data_pos = r->pos;
		if (parse_array_body(r, kv->etype, kv->count, 1, kv))
			return -1;
		kv->vsize = r->pos - kv->pos;
		break;
	default:
		kv->vsize = vtypes[kv->type].size;
		if (need(r, kv->vsize))
			return -1;
		if (kv->type == GGUF_VTYPE_BOOL && c->base[r->pos] > 1)
			return fail(r->err, r->errlen, "key '%.100s': bool at offset %" PRIu64 " is %u, not 0 or 1", key, r->pos,
				    c->base[r->pos]);
		r->pos += kv->vsize;
		break;
	}
	key = arena_str(c, kv->key); /* the value's strings may have moved the arena */
	int64_t dup = hash_insert(c->kv_hash, c->kv_hmask, key, idx, kv_name_at, c);
	if (dup >= 0)
		return fail(r->err, r->errlen, "duplicate key '%.100s' (metadata entries %" PRId64 " and %" PRId64 ")", key, dup,
			    idx);
	return 0;
}

/* Reads an integer-typed scalar as signed/unsigned 128-ish: *neg set when
 * the value is negative, *mag its magnitude. -1 when not an integer. */
static int kv_int(const struct gguf_ctx *c, const struct kv *kv, int *neg, uint64_t *mag)
{
	const uint8_t *p = c->base + kv->pos;
	int64_t s = 0;
	uint64_t u = 0;
	int is_signed = 0;
	switch (kv->type) {
	case GGUF_VTYPE_U8: u = p[0]; break;
	case GGUF_VTYPE_I8: s = (int8_t)p[0]; is_signed = 1; break;
	case GGUF_VTYPE_U16: { uint16_t v; memcpy(&v, p, 2); u = v; break; }
	case GGUF_VTYPE_I16: { int16_t v; memcpy(&v, p, 2); s = v; is_signed = 1; break; }
	case GGUF_VTYPE_U32: { uint32_t v; memcpy(&v, p, 4); u = v; break; }
	case GGUF_VTYPE_I32: { int32_t v; memcpy(&v, p, 4); s = v; is_signed = 1; break; }
	case GGUF_VTYPE_U64: memcpy(&u, p, 8); break;
	case GGUF_VTYPE_I64: memcpy(&s, p, 8); is_signed = 1; break;
	default: return -1;
	}
	if (is_signed) {
		*neg = s < 0;
		*mag = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
	} else {
		*neg = 0;
		*mag = u;
	}
	return 0;
}

/* ---- tensor infos ---- */

static int parse_tensor(struct rd *r, int64_t idx)
{
	struct gguf_ctx *c = r->c;
	struct gguf_tensor *t = &c->t[idx];
	const uint8_t *s;
	uint64_t len, at = r->pos;
	struct str_ref name;

	set_what(r, "tensor info %" PRId64 " name", idx);
	if (rd_str(r, &s, &len, GGUF_MAX_NAME_LEN))
		return -1;
	if (len == 0)
		return fail(r->err, r->errlen, "tensor info %" PRId64 " at offset %" PRIu64 " has an empty name", idx, at);
	if (memchr(s, 0, (size_t)len))
		return fail(r->err, r->errlen, "tensor info %" PRId64 " at offset %" PRIu64 " has a NUL byte in its name", idx, at);
	if (arena_add(c, s, len, &name))
		return oom(r);
	/* t->name is fixed up to a pointer once the arena stops moving; until
	 * then the offset is parked in it. */
	t->name = (const char *)(uintptr_t)name.off;
	const char *nm = arena_str(c, name);
	set_what(r, "tensor '%.100s'", nm);

	if (rd_u32(r, &t->n_dims))
		return -1;
	if (t->n_dims == 0 || t->n_dims > GGUF_MAX_DIMS)
		return fail(r->err, r->errlen, "tensor '%.100s': n_dims %" PRIu32 " at offset %" PRIu64 " (must be 1 to %d)", nm,
			    t->n_dims, r->pos - 4, GGUF_MAX_DIMS);
	int64_t n = 1;
	for (uint32_t d = 0; d < GGUF_MAX_DIMS; d++) {
		uint64_t v = 1;
		if (d < t->n_dims) {
			if (rd_u64(r, &v))
				return -1;
			if (v == 0)
				return fail(r->err, r->errlen, "tensor '%.100s': dimension %" PRIu32 " is 0 (offset %" PRIu64 ")", nm, d,
					    r->pos - 8);
			if (v > (uint64_t)INT64_MAX || (int64_t)v > INT64_MAX / n)
				return fail(r->err, r->errlen,
					    "tensor '%.100s': element count overflows at dimension %" PRIu32 " (%" PRIu64 ")", nm, d, v);
		}
		t->ne[d] = (int64_t)v;
		n *= (int64_t)v;
	}
	t->n_elems = n;

	if (rd_u32(r, &t->type))
		return -1;
	if (strcmp(quant_type_name(t->type), "unknown") == 0)
		return fail(r->err, r->errlen, "tensor '%.100s': unknown type %" PRIu32 " at offset %" PRIu64, nm, t->type,
			    r->pos - 4);
	if (!quant_type_supported(t->type))
		return fail(r->err, r->errlen, "tensor '%.100s' has type %s (%" PRIu32 "), which this engine does not support", nm,
			    quant_type_name(t->type), t->type);
	size_t bs = quant_block_size(t->type);
	uint64_t row;
	if (t->ne[0] % (int64_t)bs)
		return fail(r->err, r->errlen, "tensor '%.100s': row length %" PRId64 " is not a multiple of %s's block size %zu",
			    nm, t->ne[0], quant_type_name(t->type), bs);
	if (quant_row_size(t->type, t->ne[0], &row) || (uint64_t)(n / t->ne[0]) > (uint64_t)INT64_MAX / row)
		return fail(r->err, r->errlen, "tensor '%.100s': byte size overflows", nm);
	t->size = row * (uint64_t)(n / t->ne[0]);

	if (rd_u64(r, &t->offset))
		return -1;
	if (t->offset % c->alignment)
		return fail(r->err, r->errlen, "tensor '%.100s': data offset %" PRIu64 " is not a multiple of the alignment %" PRIu32,
			    nm, t->offset, c->alignment);
	return 0;
}

static int cmp_offset(const void *a, const void *b, void *arg)
{
	const struct gguf_tensor *t = arg;
	const struct gguf_tensor *x = &t[*(const int64_t *)a], *y = &t[*(const int64_t *)b];
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int check_layout(struct rd *r)
{
	struct gguf_ctx *c = r->c;
	if (c->n_t == 0)
		return 0;
	if (c->data_off > c->size)
		return fail(r->err, r->errlen, "tensor data would start at offset %" PRIu64 ", past the end of the file (%" PRIu64
			    " bytes)", c->data_off, c->size);
	uint64_t avail = c->size - c->data_off;
	for (int64_t i = 0; i < c->n_t; i++) {
		const struct gguf_tensor *t = &c->t[i];
		if (t->offset > avail)
			return fail(r->err, r->errlen,
				    "tensor '%.100s': data offset %" PRIu64 " runs past the end of the file (%" PRIu64
				    " bytes of tensor data there)", t->name, t->offset, avail);
		if (t->size > avail - t->offset)
			return fail(r->err, r->errlen,
				    "tensor '%.100s': data [%" PRIu64 ", +%" PRIu64 ") at file offset %" PRIu64
				    " runs past the end of the file (%" PRIu64 " bytes)",
				    t->name, t->offset, t->size, c->data_off + t->offset, c->size);
	}
	int64_t *ord = malloc((size_t)c->n_t * sizeof(*ord));
	if (!ord)
		return oom(r);
	for (int64_t i = 0; i < c->n_t; i++)
		ord[i] = i;
	qsort_r(ord, (size_t)c->n_t, sizeof(*ord), cmp_offset, c->t);
	for (int64_t i = 1; i < c->n_t; i++) {
		const struct gguf_tensor *a = &c->t[ord[i - 1]], *b = &c->t[ord[i]];
		if (a->offset + a->size > b->offset) {
			fail(r->err, r->errlen, "tensors '%.100s' [%" PRIu64 ", %" PRIu64 ") and '%.100s' [%" PRIu64 ", %" PRIu64
			     ") overlap", a->name, a->offset, a->offset + a->size, b->name, b->offset, b->offset + b->size);
			free(ord);
			return -1;
		}
	}
	free(ord);
	return 0;
}

static int parse(struct gguf_ctx *c, char *err, size_t errlen)
{
	struct rd r = { .c = c, .pos = 0, .err = err, .errlen = errlen };
	const uint8_t *b = c->base;

	set_what(&r, "header");
	if (c->size < 4)
		return fail(err, errlen, "not a GGUF file: %" PRIu64 " bytes is too short for the magic", c->size);
	if (memcmp(b, GGUF_MAGIC, 4) != 0)
		return fail(err, errlen, "not a GGUF file: bad magic %02x %02x %02x %02x at offset 0 (expected \"GGUF\")", b[0],
			    b[1], b[2], b[3]);
	r.pos = 4;
	if (rd_u32(&r, &c->version))
		return -1;
	if (c->version == 0x02000000u || c->version == 0x03000000u)
		return fail(err, errlen, "big-endian GGUF files are not supported (version field %08" PRIx32 ")", c->version);
	if (c->version != 2 && c->version != 3)
		return fail(err, errlen, "unsupported GGUF version %" PRIu32 " (only 2 and 3 are read)", c->version);
	uint64_t n_t, n_kv;
	if (rd_u64(&r, &n_t) || rd_u64(&r, &n_kv))
		return -1;
	/* The smallest entries: a kv is a u64 length, a 1-byte key, a u32 type,
	 * a 1-byte value (14); a tensor info a u64 length, 1-byte name, u32
	 * n_dims, one u64 dim, u32 type, u64 offset (33). */
	if (n_kv > left(&r) / 14 || n_kv > MAX_KV)
		return fail(err, errlen, "header claims %" PRIu64 " metadata entries; the %" PRIu64 " bytes left hold at most %" PRIu64
			    " (limit %u)", n_kv, left(&r), left(&r) / 14, MAX_KV);
	if (n_t > left(&r) / 33 || n_t > MAX_TENSORS)
		return fail(err, errlen, "header claims %" PRIu64 " tensors; the %" PRIu64 " bytes left hold at most %" PRIu64
			    " (limit %u)", n_t, left(&r), left(&r) / 33, MAX_TENSORS);

	c->kv_cap = n_kv ? n_kv : 1;
	c->kv = calloc((size_t)c->kv_cap, sizeof(*c->kv));
	c->t = calloc((size_t)(n_t ? n_t : 1), sizeof(*c->t));
	if (!c->kv || !c->t || hash_alloc((int64_t)n_kv, &c->kv_hash, &c->kv_hmask) ||
	    hash_alloc((int64_t)n_t, &c->t_hash, &c->t_hmask))
		return fail(err, errlen, "out of memory");

	for (uint64_t i = 0; i < n_kv; i++) {
		if (parse_kv(&r, (int64_t)i))
			return -1;
		c->n_kv = (int64_t)i + 1;
	}

	c->alignment = GGUF_DEFAULT_ALIGNMENT;
	int64_t ai = gguf_find_key(c, "general.alignment");
	if (ai >= 0) {
		int neg;
		uint64_t v;
		if (kv_int(c, &c->kv[ai], &neg, &v))
			return fail(err, errlen, "key 'general.alignment' has type %s, expected an integer",
				    gguf_vtype_name(c->kv[ai].type));
		if (neg || v == 0 || v > UINT32_MAX || (v & (v - 1)))
			return fail(err, errlen, "key 'general.alignment' = %s%" PRIu64 " is not a power of two that fits in u32",
				    neg ? "-" : "", v);
		c->alignment = (uint32_t)v;
	}

	for (uint64_t i = 0; i < n_t; i++) {
		if (parse_tensor(&r, (int64_t)i))
			return -1;
		c->n_t = (int64_t)i + 1;
	}
	/* The arena is final: turn parked name offsets into pointers. */
	for (int64_t i = 0; i < c->n_t; i++)
		c->t[i].name = c->arena + (uintptr_t)c->t[i].name;
	for (int64_t i = 0; i < c->n_t; i++) {
		int64_t dup = hash_insert(c->t_hash, c->t_hmask, c->t[i].name, i, t_name_at, c);
		if (dup >= 0)
			return fail(err, errlen, "duplicate tensor name '%.100s' (tensor infos %" PRId64 " and %" PRId64 ")",
				    c->t[i].name, dup, i);
	}

	uint64_t pad = (c->alignment - r.pos % c->alignment) % c->alignment;
	c->data_off = r.pos + pad; /* r.pos <= size, pad < 2^32: no overflow */
	if (check_layout(&r))
		return -1;
	for (int64_t i = 0; i < c->n_t; i++)
		c->t[i].data = c->base + c->data_off + c->t[i].offset;
	return 0;
}

/* ---- open / close ---- */

static void ctx_free(struct gguf_ctx *c)
{
	if (!c)
		return;
	/* kv_cap, not n_kv: an entry that failed mid-way may own a table. */
	for (uint64_t i = 0; c->kv && i < c->kv_cap; i++)
		free(c->kv[i].strs);
	free(c->kv);
	free(c->t);
	free(c->arena);
	free(c->kv_hash);
	free(c->t_hash);
	if (c->mapped && c->base)
		munmap((void *)c->base, (size_t)c->size);
	free(c);
}

void gguf_close(struct gguf_ctx *ctx)
{
	ctx_free(ctx);
}

static int open_common(struct gguf_ctx *c, struct gguf_ctx **out, char *err, size_t errlen)
{
	if (parse(c, err, errlen)) {
		ctx_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int gguf_open_mem(const void *data, size_t size, struct gguf_ctx **out, char *err, size_t errlen)
{
	*out = NULL;
	struct gguf_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return fail(err, errlen, "out of memory");
	c->base = data;
	c->size = size;
	return open_common(c, out, err, errlen);
}

int gguf_open(const char *path, struct gguf_ctx **out, char *err, size_t errlen)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return fail(err, errlen, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errlen, "%s: not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return fail(err, errlen, "%s: empty file, not GGUF", path);
	}
	if ((uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return fail(err, errlen, "%s: too large to map", path);
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (p == MAP_FAILED)
		return fail(err, errlen, "%s: mmap: %s", path, strerror(e));
	struct gguf_ctx *c = calloc(1, sizeof(*c));
	if (!c) {
		munmap(p, (size_t)st.st_size);
		return fail(err, errlen, "%s: out of memory", path);
	}
	c->base = p;
	c->size = (uint64_t)st.st_size;
	c->mapped = 1;
	c->file_id[0] = (uint64_t)st.st_dev;
	c->file_id[1] = (uint64_t)st.st_ino;
	c->file_id[2] = (uint64_t)st.st_size;
	c->file_id[3] = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
	char msg[512];
	if (open_common(c, out, msg, sizeof(msg)))
		return fail(err, errlen, "%s: %s", path, msg);
	return 0;
}

/* ---- accessors ---- */

int gguf_file_id(const struct gguf_ctx *c, uint64_t id[4])
{
	if (!c->mapped)
		return -1;
	memcpy(id, c->file_id, sizeof(c->file_id));
	return 0;
}

uint32_t gguf_version(const struct gguf_ctx *c) { return c->version; }
uint32_t gguf_alignment(const struct gguf_ctx *c) { return c->alignment; }
uint64_t gguf_data_offset(const struct gguf_ctx *c) { return c->data_off; }
uint64_t gguf_file_size(const struct gguf_ctx *c) { return c->size; }
const void *gguf_base(const struct gguf_ctx *c) { return c->base; }

int64_t gguf_n_kv(const struct gguf_ctx *c) { return c->n_kv; }

int64_t gguf_find_key(const struct gguf_ctx *c, const char *key)
{
	return hash_find(c->kv_hash, c->kv_hmask, key, kv_name_at, c);
}

static const struct kv *kv_at(const struct gguf_ctx *c, int64_t i)
{
	return i >= 0 && i < c->n_kv ? &c->kv[i] : NULL;
}

const char *gguf_kv_key(const struct gguf_ctx *c, int64_t i)
{
	const struct kv *kv = kv_at(c, i);
	return kv ? arena_str(c, kv->key) : NULL;
}

enum gguf_vtype gguf_kv_type(const struct gguf_ctx *c, int64_t i)
{
	const struct kv *kv = kv_at(c, i);
	return kv ? (enum gguf_vtype)kv->type : GGUF_VTYPE_COUNT;
}

const void *gguf_kv_data(const struct gguf_ctx *c, int64_t i, uint64_t *size)
{
	const struct kv *kv = kv_at(c, i);
	if (!kv)
		return NULL;
	if (size)
		*size = kv->vsize;
	return c->base + kv->pos;
}

const char *gguf_kv_str(const struct gguf_ctx *c, int64_t i, size_t *len)
{
	const struct kv *kv = kv_at(c, i);
	if (!kv || kv->type != GGUF_VTYPE_STRING)
		return NULL;
	if (len)
		*len = (size_t)kv->str.len;
	return arena_str(c, kv->str);
}

enum gguf_vtype gguf_kv_arr_type(const struct gguf_ctx *c, int64_t i)
{
	const struct kv *kv = kv_at(c, i);
	return kv && kv->type == GGUF_VTYPE_ARRAY ? (enum gguf_vtype)kv->etype : GGUF_VTYPE_COUNT;
}

uint64_t gguf_kv_arr_count(const struct gguf_ctx *c, int64_t i)
{
	const struct kv *kv = kv_at(c, i);
	return kv && kv->type == GGUF_VTYPE_ARRAY ? kv->count : 0;
}

const void *gguf_kv_arr_data(const struct gguf_ctx *c, int64_t i)
{
	const struct kv *kv = kv_at(c, i);
	if (!kv || kv->type != GGUF_VTYPE_ARRAY || kv->etype == GGUF_VTYPE_STRING || kv->etype == GGUF_VTYPE_ARRAY)
		return NULL;
	return c->base + kv->data_pos;
}

const char *gguf_kv_arr_str(const struct gguf_ctx *c, int64_t i, uint64_t j, size_t *len)
{
	const struct kv *kv = kv_at(c, i);
	if (!kv || kv->type != GGUF_VTYPE_ARRAY || kv->etype != GGUF_VTYPE_STRING || j >= kv->count)
		return NULL;
	if (len)
		*len = (size_t)kv->strs[j].len;
	return arena_str(c, kv->strs[j]);
}

static int arr_elem(const struct gguf_ctx *c, int64_t i, uint64_t j, double *d, int64_t *s)
{
	const uint8_t *p = gguf_kv_arr_data(c, i);
	if (!p || j >= c->kv[i].count)
		return -1;
	uint32_t et = c->kv[i].etype;
	p += j * vtypes[et].size;
	switch (et) {
	case GGUF_VTYPE_U8: case GGUF_VTYPE_BOOL: *s = p[0]; *d = (double)*s; return 0;
	case GGUF_VTYPE_I8: *s = (int8_t)p[0]; *d = (double)*s; return 0;
	case GGUF_VTYPE_U16: { uint16_t v; memcpy(&v, p, 2); *s = v; *d = v; return 0; }
	case GGUF_VTYPE_I16: { int16_t v; memcpy(&v, p, 2); *s = v; *d = v; return 0; }
	case GGUF_VTYPE_U32: { uint32_t v; memcpy(&v, p, 4); *s = v; *d = v; return 0; }
	case GGUF_VTYPE_I32: { int32_t v; memcpy(&v, p, 4); *s = v; *d = v; return 0; }
	case GGUF_VTYPE_U64: { uint64_t v; memcpy(&v, p, 8); *s = (int64_t)v; *d = (double)v; return 0; }
	case GGUF_VTYPE_I64: { int64_t v; memcpy(&v, p, 8); *s = v; *d = (double)v; return 0; }
	case GGUF_VTYPE_F32: { float v; memcpy(&v, p, 4); *d = v; *s = (int64_t)0; return 0; }
	case GGUF_VTYPE_F64: { double v; memcpy(&v, p, 8); *d = v; *s = 0; return 0; }
	default: return -1;
	}
}

double gguf_kv_arr_f64(const struct gguf_ctx *c, int64_t i, uint64_t j)
{
	double d;
	int64_t s;
	return arr_elem(c, i, j, &d, &s) ? 0 : d;
}

int64_t gguf_kv_arr_i64(const struct gguf_ctx *c, int64_t i, uint64_t j)
{
	double d;
	int64_t s;
	return arr_elem(c, i, j, &d, &s) ? 0 : s;
}

/* ---- typed getters ---- */

static const struct kv *get(const struct gguf_ctx *c, const char *key, char *err, size_t errlen)
{
	int64_t i = gguf_find_key(c, key);
	if (i < 0) {
		fail(err, errlen, "key '%s' not found", key);
		return NULL;
	}
	return &c->kv[i];
}

static int get_int(const struct gguf_ctx *c, const char *key, int *neg, uint64_t *mag, char *err, size_t errlen)
{
	const struct kv *kv = get(c, key, err, errlen);
	if (!kv)
		return -1;
	if (kv_int(c, kv, neg, mag))
		return fail(err, errlen, "key '%s' has type %s, expected an integer", key, gguf_vtype_name(kv->type));
	return 0;
}

static int range_fail(char *err, size_t errlen, const char *key, int neg, uint64_t mag, const char *type)
{
	return fail(err, errlen, "key '%s' = %s%" PRIu64 " does not fit in %s", key, neg ? "-" : "", mag, type);
}

int gguf_get_u32(const struct gguf_ctx *c, const char *key, uint32_t *out, char *err, size_t errlen)
{
	int neg;
	uint64_t m;
	if (get_int(c, key, &neg, &m, err, errlen))
		return -1;
	if (neg || m > UINT32_MAX)
		return range_fail(err, errlen, key, neg, m, "u32");
	*out = (uint32_t)m;
	return 0;
}

int gguf_get_i32(const struct gguf_ctx *c, const char *key, int32_t *out, char *err, size_t errlen)
{
	int neg;
	uint64_t m;
	if (get_int(c, key, &neg, &m, err, errlen))
		return -1;
	if (neg ? m > (uint64_t)INT32_MAX + 1 : m > INT32_MAX)
		return range_fail(err, errlen, key, neg, m, "i32");
	*out = neg ? (int32_t)(0 - (int64_t)m) : (int32_t)m;
	return 0;
}

int gguf_get_u64(const struct gguf_ctx *c, const char *key, uint64_t *out, char *err, size_t errlen)
{
	int neg;
	uint64_t m;
	if (get_int(c, key, &neg, &m, err, errlen))
		return -1;
	if (neg)
		return range_fail(err, errlen, key, neg, m, "u64");
	*out = m;
	return 0;
}

int gguf_get_i64(const struct gguf_ctx *c, const char *key, int64_t *out, char *err, size_t errlen)
{
	int neg;
	uint64_t m;
	if (get_int(c, key, &neg, &m, err, errlen))
		return -1;
	if (neg ? m > (uint64_t)INT64_MAX + 1 : m > (uint64_t)INT64_MAX)
		return range_fail(err, errlen, key, neg, m, "i64");
	*out = neg ? (m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m) : (int64_t)m;
	return 0;
}

int gguf_get_f64(const struct gguf_ctx *c, const char *key, double *out, char *err, size_t errlen)
{
	const struct kv *kv = get(c, key, err, errlen);
	if (!kv)
		return -1;
	if (kv->type == GGUF_VTYPE_F32) {
		float f;
		memcpy(&f, c->base + kv->pos, 4);
		*out = f;
	} else if (kv->type == GGUF_VTYPE_F64) {
		memcpy(out, c->base + kv->pos, 8);
	} else {
		return fail(err, errlen, "key '%s' has type %s, expected f32 or f64", key, gguf_vtype_name(kv->type));
	}
	return 0;
}

int gguf_get_f32(const struct gguf_ctx *c, const char *key, float *out, char *err, size_t errlen)
{
	double d;
	if (gguf_get_f64(c, key, &d, err, errlen))
		return -1;
	*out = (float)d;
	return 0;
}

int gguf_get_bool(const struct gguf_ctx *c, const char *key, int *out, char *err, size_t errlen)
{
	const struct kv *kv = get(c, key, err, errlen);
	if (!kv)
		return -1;
	if (kv->type != GGUF_VTYPE_BOOL)
		return fail(err, errlen, "key '%s' has type %s, expected bool", key, gguf_vtype_name(kv->type));
	*out = c->base[kv->pos] != 0;
	return 0;
}

int gguf_get_str(const struct gguf_ctx *c, const char *key, const char **out, size_t *len, char *err, size_t errlen)
{
	const struct kv *kv = get(c, key, err, errlen);
	if (!kv)
		return -1;
	if (kv->type != GGUF_VTYPE_STRING)
		return fail(err, errlen, "key '%s' has type %s, expected string", key, gguf_vtype_name(kv->type));
	*out = arena_str(c, kv->str);
	if (len)
		*len = (size_t)kv->str.len;
	return 0;
}

int gguf_get_arr(const struct gguf_ctx *c, const char *key, enum gguf_vtype *etype, uint64_t *count,
		 const void **data, char *err, size_t errlen)
{
	const struct kv *kv = get(c, key, err, errlen);
	if (!kv)
		return -1;
	if (kv->type != GGUF_VTYPE_ARRAY)
		return fail(err, errlen, "key '%s' has type %s, expected array", key, gguf_vtype_name(kv->type));
	int64_t i = kv - c->kv;
	if (etype)
		*etype = (enum gguf_vtype)kv->etype;
	if (count)
		*count = kv->count;
	if (data)
		*data = gguf_kv_arr_data(c, i);
	return 0;
}

const char *gguf_get_arr_str(const struct gguf_ctx *c, const char *key, uint64_t j, size_t *len)
{
	return gguf_kv_arr_str(c, gguf_find_key(c, key), j, len);
}

/* ---- tensors ---- */

int64_t gguf_n_tensors(const struct gguf_ctx *c) { return c->n_t; }

const struct gguf_tensor *gguf_tensor_at(const struct gguf_ctx *c, int64_t i)
{
	return i >= 0 && i < c->n_t ? &c->t[i] : NULL;
}

const struct gguf_tensor *gguf_find_tensor(const struct gguf_ctx *c, const char *name)
{
	int64_t i = hash_find(c->t_hash, c->t_hmask, name, t_name_at, c);
	return i >= 0 ? &c->t[i] : NULL;
}
