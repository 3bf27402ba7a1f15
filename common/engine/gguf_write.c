/*
 * gguf_write: a small GGUF v3 writer, for the llama2.c converter, the test
 * suites (round trips, hostile files built from valid ones) and the fuzz
 * seeds. Declarations and contract in gguf.h.
 *
 * Values are encoded when they are added (each kv holds its bytes after the
 * type field); tensors keep a pointer to the caller's data or a fill
 * callback, and their offsets are assigned at write time: each starts at
 * the next multiple of the alignment after the one before, the first at 0,
 * and the data section starts at the first multiple of the alignment after
 * the tensor infos (ggml docs/gguf.md).
 */
#include "engine/gguf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct wkv {
	char *key;
	uint32_t type;
	uint8_t *val;
	size_t vlen;
};

struct wt {
	char *name;
	uint32_t type;
	uint32_t n_dims;
	int64_t ne[GGUF_MAX_DIMS];
	uint64_t size;
	const void *data;
	gguf_fill_fn fill;
	void *ud;
	uint64_t offset;
};

struct gguf_writer {
	struct wkv *kv;
	size_t n_kv, cap_kv;
	struct wt *t;
	size_t n_t, cap_t;
	uint32_t alignment;
	char err[256];
};

__attribute__((format(printf, 2, 3)))
static int wfail(struct gguf_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof(w->err), fmt, ap);
	va_end(ap);
	return -1;
}

struct gguf_writer *gguf_writer_new(void)
{
	struct gguf_writer *w = calloc(1, sizeof(*w));
	if (w)
		w->alignment = GGUF_DEFAULT_ALIGNMENT;
	return w;
}

void gguf_writer_free(struct gguf_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n_kv; i++) {
		free(w->kv[i].key);
		free(w->kv[i].val);
	}
	for (size_t i = 0; i < w->n_t; i++)
		free(w->t[i].name);
	free(w->kv);
	free(w->t);
	free(w);
}

const char *gguf_writer_error(const struct gguf_writer *w)
{
	return w->err;
}

static int find_kv(const struct gguf_writer *w, const char *key)
{
	for (size_t i = 0; i < w->n_kv; i++)
		if (strcmp(w->kv[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Takes ownership of val (malloc'd) whether it succeeds or not. */
static int add_kv(struct gguf_writer *w, const char *key, uint32_t type, uint8_t *val, size_t vlen)
{
	size_t klen = key ? strlen(key) : 0;
	if (klen == 0 || klen > GGUF_MAX_KEY_LEN) {
		free(val);
		return wfail(w, "metadata key must be 1 to %d bytes", GGUF_MAX_KEY_LEN);
	}
	if (find_kv(w, key) >= 0) {
		free(val);
		return wfail(w, "duplicate key '%s'", key);
	}
	if (w->n_kv == w->cap_kv) {
		size_t cap = w->cap_kv ? w->cap_kv * 2 : 16;
		struct wkv *p = realloc(w->kv, cap * sizeof(*p));
		if (!p) {
			free(val);
			return wfail(w, "out of memory");
		}
		w->kv = p;
		w->cap_kv = cap;
	}
	char *k = strdup(key);
	if (!k) {
		free(val);
		return wfail(w, "out of memory");
	}
	w->kv[w->n_kv++] = (struct wkv){ k, type, val, vlen };
	return 0;
}

static int add_scalar(struct gguf_writer *w, const char *key, uint32_t type, const void *v, size_t n)
{
	uint8_t *val = malloc(n);
	if (!val)
		return wfail(w, "out of memory");
	memcpy(val, v, n);
	return add_kv(w, key, type, val, n);
}

int gguf_writer_add_u8(struct gguf_writer *w, const char *key, uint8_t v) { return add_scalar(w, key, GGUF_VTYPE_U8, &v, 1); }
int gguf_writer_add_i8(struct gguf_writer *w, const char *key, int8_t v) { return add_scalar(w, key, GGUF_VTYPE_I8, &v, 1); }
int gguf_writer_add_u16(struct gguf_writer *w, const char *key, uint16_t v) { return add_scalar(w, key, GGUF_VTYPE_U16, &v, 2); }
int gguf_writer_add_i16(struct gguf_writer *w, const char *key, int16_t v) { return add_scalar(w, key, GGUF_VTYPE_I16, &v, 2); }
int gguf_writer_add_u32(struct gguf_writer *w, const char *key, uint32_t v) { return add_scalar(w, key, GGUF_VTYPE_U32, &v, 4); }
int gguf_writer_add_i32(struct gguf_writer *w, const char *key, int32_t v) { return add_scalar(w, key, GGUF_VTYPE_I32, &v, 4); }
int gguf_writer_add_u64(struct gguf_writer *w, const char *key, uint64_t v) { return add_scalar(w, key, GGUF_VTYPE_U64, &v, 8); }
int gguf_writer_add_i64(struct gguf_writer *w, const char *key, int64_t v) { return add_scalar(w, key, GGUF_VTYPE_I64, &v, 8); }
int gguf_writer_add_f32(struct gguf_writer *w, const char *key, float v) { return add_scalar(w, key, GGUF_VTYPE_F32, &v, 4); }
int gguf_writer_add_f64(struct gguf_writer *w, const char *key, double v) { return add_scalar(w, key, GGUF_VTYPE_F64, &v, 8); }

int gguf_writer_add_bool(struct gguf_writer *w, const char *key, int v)
{
	uint8_t b = v ? 1 : 0;
	return add_scalar(w, key, GGUF_VTYPE_BOOL, &b, 1);
}

int gguf_writer_add_str(struct gguf_writer *w, const char *key, const char *s)
{
	uint64_t n = strlen(s);
	uint8_t *val = malloc(8 + n);
	if (!val)
		return wfail(w, "out of memory");
	memcpy(val, &n, 8);
	memcpy(val + 8, s, n);
	return add_kv(w, key, GGUF_VTYPE_STRING, val, 8 + n);
}

static size_t vtype_size(uint32_t t)
{
	static const unsigned char sz[GGUF_VTYPE_COUNT] = { 1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8 };
	return t < GGUF_VTYPE_COUNT ? sz[t] : 0;
}

int gguf_writer_add_arr(struct gguf_writer *w, const char *key, enum gguf_vtype etype, const void *data, uint64_t count)
{
	size_t esz = vtype_size(etype);
	if (!esz)
		return wfail(w, "key '%s': array element type %s needs its own function", key, gguf_vtype_name(etype));
	if (count > (SIZE_MAX - 12) / esz)
		return wfail(w, "key '%s': array too large", key);
	size_t n = 12 + (size_t)count * esz;
	uint8_t *val = malloc(n);
	if (!val)
		return wfail(w, "out of memory");
	uint32_t et = etype;
	memcpy(val, &et, 4);
	memcpy(val + 4, &count, 8);
	if (count)
		memcpy(val + 12, data, (size_t)count * esz);
	return add_kv(w, key, GGUF_VTYPE_ARRAY, val, n);
}

int gguf_writer_add_arr_str(struct gguf_writer *w, const char *key, const char *const *strs, const size_t *lens,
			    uint64_t count)
{
	size_t n = 12;
	for (uint64_t i = 0; i < count; i++) {
		size_t l = lens ? lens[i] : strlen(strs[i]);
		if (l > SIZE_MAX - n - 8)
			return wfail(w, "key '%s': array too large", key);
		n += 8 + l;
	}
	uint8_t *val = malloc(n), *p;
	if (!val)
		return wfail(w, "out of memory");
	uint32_t et = GGUF_VTYPE_STRING;
	memcpy(val, &et, 4);
	memcpy(val + 4, &count, 8);
	p = val + 12;
	for (uint64_t i = 0; i < count; i++) {
		uint64_t l = lens ? lens[i] : strlen(strs[i]);
		memcpy(p, &l, 8);
		memcpy(p + 8, strs[i], (size_t)l);
		p += 8 + l;
	}
	return add_kv(w, key, GGUF_VTYPE_ARRAY, val, n);
}

int gguf_writer_add_raw(struct gguf_writer *w, const char *key, enum gguf_vtype vtype, const void *bytes, size_t size)
{
	uint8_t *val = malloc(size ? size : 1);
	if (!val)
		return wfail(w, "out of memory");
	if (size)
		memcpy(val, bytes, size);
	return add_kv(w, key, vtype, val, size);
}

int gguf_writer_set_alignment(struct gguf_writer *w, uint32_t alignment)
{
	if (alignment == 0 || (alignment & (alignment - 1)))
		return wfail(w, "alignment %" PRIu32 " is not a power of two", alignment);
	w->alignment = alignment;
	int i = find_kv(w, "general.alignment");
	if (i >= 0) {
		if (w->kv[i].type != GGUF_VTYPE_U32 || w->kv[i].vlen != 4)
			return wfail(w, "key 'general.alignment' already set with another type");
		memcpy(w->kv[i].val, &alignment, 4);
		return 0;
	}
	if (alignment == GGUF_DEFAULT_ALIGNMENT)
		return 0;
	return gguf_writer_add_u32(w, "general.alignment", alignment);
}

static int add_tensor(struct gguf_writer *w, const char *name, uint32_t type, uint32_t n_dims, const int64_t *ne,
		      const void *data, uint64_t size, gguf_fill_fn fill, void *ud)
{
	size_t nlen = name ? strlen(name) : 0;
	if (nlen == 0 || nlen > GGUF_MAX_NAME_LEN)
		return wfail(w, "tensor name must be 1 to %d bytes", GGUF_MAX_NAME_LEN);
	for (size_t i = 0; i < w->n_t; i++)
		if (strcmp(w->t[i].name, name) == 0)
			return wfail(w, "duplicate tensor name '%s'", name);
	if (n_dims == 0 || n_dims > GGUF_MAX_DIMS)
		return wfail(w, "tensor '%s': n_dims %" PRIu32 " (must be 1 to %d)", name, n_dims, GGUF_MAX_DIMS);
	if (!quant_type_known(type))
		return wfail(w, "tensor '%s': type %s (%" PRIu32 ") has no known block layout", name, quant_type_name(type), type);
	struct wt t = { .type = type, .n_dims = n_dims, .data = data, .fill = fill, .ud = ud };
	int64_t n = 1;
	for (uint32_t d = 0; d < GGUF_MAX_DIMS; d++) {
		t.ne[d] = d < n_dims ? ne[d] : 1;
		if (t.ne[d] <= 0 || t.ne[d] > INT64_MAX / n)
			return wfail(w, "tensor '%s': bad dimension %" PRIu32 " (%" PRId64 ")", name, d, t.ne[d]);
		n *= t.ne[d];
	}
	uint64_t row;
	if (quant_row_size(type, t.ne[0], &row) || (uint64_t)(n / t.ne[0]) > (uint64_t)INT64_MAX / row)
		return wfail(w, "tensor '%s': row length %" PRId64 " is not a multiple of %s's block size %zu", name, t.ne[0],
			     quant_type_name(type), quant_block_size(type));
	t.size = row * (uint64_t)(n / t.ne[0]);
	if (!fill && size != t.size)
		return wfail(w, "tensor '%s': %" PRIu64 " bytes given, shape and type need %" PRIu64, name, size, t.size);
	if (w->n_t == w->cap_t) {
		size_t cap = w->cap_t ? w->cap_t * 2 : 16;
		struct wt *p = realloc(w->t, cap * sizeof(*p));
		if (!p)
			return wfail(w, "out of memory");
		w->t = p;
		w->cap_t = cap;
	}
	t.name = strdup(name);
	if (!t.name)
		return wfail(w, "out of memory");
	w->t[w->n_t++] = t;
	return 0;
}

int gguf_writer_add_tensor(struct gguf_writer *w, const char *name, uint32_t type, uint32_t n_dims, const int64_t *ne,
			   const void *data, uint64_t size)
{
	return add_tensor(w, name, type, n_dims, ne, data, size, NULL, NULL);
}

int gguf_writer_add_tensor_fill(struct gguf_writer *w, const char *name, uint32_t type, uint32_t n_dims,
				const int64_t *ne, gguf_fill_fn fill, void *userdata)
{
	return add_tensor(w, name, type, n_dims, ne, NULL, 0, fill, userdata);
}

/* ---- serialization ---- */

struct sink {
	FILE *f;
	uint8_t *mem;
	size_t len, cap;
	uint64_t pos;
};

static int put(struct sink *s, const void *p, size_t n)
{
	if (!n)
		return 0;
	if (s->f) {
		if (fwrite(p, 1, n, s->f) != n)
			return -1;
	} else {
		if (n > SIZE_MAX - s->len)
			return -1;
		if (s->len + n > s->cap) {
			size_t cap = s->cap ? s->cap : 4096;
			while (cap < s->len + n)
				cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
			uint8_t *m = realloc(s->mem, cap);
			if (!m)
				return -1;
			s->mem = m;
			s->cap = cap;
		}
		memcpy(s->mem + s->len, p, n);
		s->len += n;
	}
	s->pos += n;
	return 0;
}

static int put_zeros(struct sink *s, uint64_t n)
{
	static const uint8_t z[64];
	while (n) {
		size_t k = n < sizeof(z) ? (size_t)n : sizeof(z);
		if (put(s, z, k))
			return -1;
		n -= k;
	}
	return 0;
}

static int put_str(struct sink *s, const char *str)
{
	uint64_t n = strlen(str);
	return put(s, &n, 8) || put(s, str, (size_t)n);
}

static uint64_t pad_to(uint64_t pos, uint32_t a)
{
	return (a - pos % a) % a;
}

static int emit(struct gguf_writer *w, struct sink *s, char *err, size_t errlen)
{
	const char *what = "write failed";
	uint64_t off = 0;
	for (size_t i = 0; i < w->n_t; i++) {
		off += pad_to(off, w->alignment);
		w->t[i].offset = off;
		off += w->t[i].size;
	}
	uint32_t version = 3;
	uint64_t n_t = w->n_t, n_kv = w->n_kv;
	if (put(s, GGUF_MAGIC, 4) || put(s, &version, 4) || put(s, &n_t, 8) || put(s, &n_kv, 8))
		goto fail;
	for (size_t i = 0; i < w->n_kv; i++)
		if (put_str(s, w->kv[i].key) || put(s, &w->kv[i].type, 4) || put(s, w->kv[i].val, w->kv[i].vlen))
			goto fail;
	for (size_t i = 0; i < w->n_t; i++) {
		const struct wt *t = &w->t[i];
		if (put_str(s, t->name) || put(s, &t->n_dims, 4))
			goto fail;
		for (uint32_t d = 0; d < t->n_dims; d++) {
			uint64_t v = (uint64_t)t->ne[d];
			if (put(s, &v, 8))
				goto fail;
		}
		if (put(s, &t->type, 4) || put(s, &t->offset, 8))
			goto fail;
	}
	if (put_zeros(s, pad_to(s->pos, w->alignment)))
		goto fail;
	uint64_t data_start = s->pos;
	for (size_t i = 0; i < w->n_t; i++) {
		const struct wt *t = &w->t[i];
		if (put_zeros(s, data_start + t->offset - s->pos))
			goto fail;
		if (t->fill) {
			if (t->size > SIZE_MAX) {
				what = "tensor too large";
				goto fail;
			}
			void *buf = malloc(t->size ? (size_t)t->size : 1);
			if (!buf) {
				what = "out of memory";
				goto fail;
			}
			char msg[256] = "";
			if (t->fill(t->ud, buf, t->size, msg, sizeof(msg))) {
				free(buf);
				snprintf(err, errlen, "tensor '%s': %s", t->name, msg);
				return -1;
			}
			int rc = put(s, buf, (size_t)t->size);
			free(buf);
			if (rc)
				goto fail;
		} else if (put(s, t->data, (size_t)t->size)) {
			goto fail;
		}
	}
	return 0;
fail:
	if (err && errlen)
		snprintf(err, errlen, "%s%s%s", what, s->f && errno ? ": " : "", s->f && errno ? strerror(errno) : "");
	return -1;
}

int gguf_writer_write_mem(struct gguf_writer *w, void **out, size_t *size, char *err, size_t errlen)
{
	struct sink s = { 0 };
	if (emit(w, &s, err, errlen)) {
		free(s.mem);
		return -1;
	}
	*out = s.mem;
	*size = s.len;
	return 0;
}

int gguf_writer_write(struct gguf_writer *w, const char *path, char *err, size_t errlen)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 5);
	if (!tmp) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".tmp", 5);
	struct sink s = { 0 };
	s.f = fopen(tmp, "wb");
	if (!s.f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	char msg[300];
	errno = 0;
	int rc = emit(w, &s, msg, sizeof(msg));
	if (fclose(s.f) != 0 && rc == 0) {
		snprintf(msg, sizeof(msg), "close: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		snprintf(msg, sizeof(msg), "rename to %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc) {
		unlink(tmp);
		snprintf(err, errlen, "%s: %s", path, msg);
	}
	free(tmp);
	return rc;
}
