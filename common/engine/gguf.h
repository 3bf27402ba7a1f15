/*
 * gguf: a reader (and, in gguf_write.c, a writer) for GGUF v2/v3 model files.
 *
 * File layout (ggml docs/gguf.md), all little-endian:
 *   u32 magic "GGUF", u32 version (2 or 3), u64 tensor_count, u64 kv_count,
 *   kv_count x { string key, u32 value_type, value },
 *   tensor_count x { string name, u32 n_dims, u64 ne[n_dims], u32 type, u64 offset },
 *   padding to `general.alignment` (default 32), then the tensor data; each
 *   offset is relative to the data start and a multiple of the alignment.
 *   A string is u64 length + bytes (no NUL); an array is u32 element type,
 *   u64 count, elements.
 *
 * gguf_open() maps the file read-only and validates everything before it
 * returns: every count, length and offset is checked against the bytes that
 * are really there, every multiplication against overflow, every tensor's
 * bytes against the file and against each other. After a successful open
 * nothing read from the file needs checking again. Tensor data stays in the
 * mapping (never copied): a tensor's `data` points into it and lives as
 * long as the context. Metadata is indexed at open: keys and string values
 * are copied NUL-terminated (they are small); numeric arrays are pointers
 * into the file and may be unaligned (copy elements out with memcpy, or use
 * gguf_kv_arr_*()).
 *
 * Errors: functions that can fail return -1 and write a message naming the
 * offending key, tensor or file offset into err (errlen bytes, may be 0).
 * This module never prints and never exits.
 *
 * Tensor types: gguf_open() accepts only the types quant_dequant_row_ref()
 * can decode (F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, Q2_K..Q6_K,
 * Q8_K, IQ4_NL, IQ4_XS) and names the tensor and type it refuses.
 * Architectures are the model loader's business: see gguf_get_str() on
 * "general.architecture".
 */
#ifndef LLM_GGUF_H
#define LLM_GGUF_H

#include <stddef.h>
#include <stdint.h>

#include "engine/quant.h"

/* Metadata value types (the `value_type` field). */
enum gguf_vtype {
	GGUF_VTYPE_U8 = 0,
	GGUF_VTYPE_I8 = 1,
	GGUF_VTYPE_U16 = 2,
	GGUF_VTYPE_I16 = 3,
	GGUF_VTYPE_U32 = 4,
	GGUF_VTYPE_I32 = 5,
	GGUF_VTYPE_F32 = 6,
	GGUF_VTYPE_BOOL = 7,
	GGUF_VTYPE_STRING = 8,
	GGUF_VTYPE_ARRAY = 9,
	GGUF_VTYPE_U64 = 10,
	GGUF_VTYPE_I64 = 11,
	GGUF_VTYPE_F64 = 12,
	GGUF_VTYPE_COUNT
};

#define GGUF_MAGIC "GGUF"
#define GGUF_DEFAULT_ALIGNMENT 32
#define GGUF_MAX_DIMS 4
/* Arrays may hold arrays; deeper nesting than this is refused. */
#define GGUF_MAX_ARRAY_DEPTH 4
/* Spec limits: keys are at most 65535 bytes; tensor names are short
 * (ggml allows 63). Longer names than this are refused as hostile. */
#define GGUF_MAX_KEY_LEN 65535
#define GGUF_MAX_NAME_LEN 1024

struct gguf_ctx;

struct gguf_tensor {
	const char *name;     /* NUL-terminated copy */
	uint32_t type;        /* enum quant_type */
	uint32_t n_dims;      /* 1..4 */
	int64_t ne[GGUF_MAX_DIMS]; /* ne[0] is the row length; unused dims are 1 */
	int64_t n_elems;
	uint64_t offset;      /* relative to the data section */
	uint64_t size;        /* bytes */
	const void *data;     /* into the mapping; aligned to the file's alignment
	                         relative to the file start */
};

/* Opens and validates a file. On success *out is a context to gguf_close(). */
int gguf_open(const char *path, struct gguf_ctx **out, char *err, size_t errlen);

/* The same over caller-owned bytes, which must outlive the context. */
int gguf_open_mem(const void *data, size_t size, struct gguf_ctx **out, char *err, size_t errlen);

void gguf_close(struct gguf_ctx *ctx);

uint32_t gguf_version(const struct gguf_ctx *ctx);
uint32_t gguf_alignment(const struct gguf_ctx *ctx);
uint64_t gguf_data_offset(const struct gguf_ctx *ctx); /* start of tensor data */
uint64_t gguf_file_size(const struct gguf_ctx *ctx);
const void *gguf_base(const struct gguf_ctx *ctx);     /* first byte of the file */
/* The opened file's identity (device, inode, size, mtime in ns), for
 * caches derived from it; -1 for gguf_open_mem. */
int gguf_file_id(const struct gguf_ctx *ctx, uint64_t id[4]);

/* Name of a metadata value type ("u32", "string", ...) or of a tensor type. */
const char *gguf_vtype_name(uint32_t vtype);
const char *gguf_type_name(uint32_t type);

/* ---- metadata: by index ---- */

int64_t gguf_n_kv(const struct gguf_ctx *ctx);
/* Index of the key, or -1 when the file has no such key. */
int64_t gguf_find_key(const struct gguf_ctx *ctx, const char *key);
const char *gguf_kv_key(const struct gguf_ctx *ctx, int64_t i);
enum gguf_vtype gguf_kv_type(const struct gguf_ctx *ctx, int64_t i);
/* Raw little-endian bytes of the value in the file, possibly unaligned:
 * a number or bool as stored; a string's bytes (no length, no NUL); for an
 * array its whole encoding (u32 element type, u64 count, elements). */
const void *gguf_kv_data(const struct gguf_ctx *ctx, int64_t i, uint64_t *size);
/* For a string value: the NUL-terminated copy and (optionally) its length. */
const char *gguf_kv_str(const struct gguf_ctx *ctx, int64_t i, size_t *len);
/* For an array value: element type, count, and the elements in the file
 * (count x element size bytes, possibly unaligned) for numeric arrays; NULL
 * data for arrays of strings (use gguf_kv_arr_str) and of arrays. */
enum gguf_vtype gguf_kv_arr_type(const struct gguf_ctx *ctx, int64_t i);
uint64_t gguf_kv_arr_count(const struct gguf_ctx *ctx, int64_t i);
const void *gguf_kv_arr_data(const struct gguf_ctx *ctx, int64_t i);
/* Element j of an array of strings (NUL-terminated copy), NULL when i is not
 * a string array or j is out of range. */
const char *gguf_kv_arr_str(const struct gguf_ctx *ctx, int64_t i, uint64_t j, size_t *len);
/* Element j of a numeric array converted to double / int64 (0 when out of
 * range or not numeric). */
double gguf_kv_arr_f64(const struct gguf_ctx *ctx, int64_t i, uint64_t j);
int64_t gguf_kv_arr_i64(const struct gguf_ctx *ctx, int64_t i, uint64_t j);

/* ---- metadata: typed getters by key ----
 * 0 on success; -1 with a message when the key is missing, has another type,
 * or (integers) does not fit. Integer getters accept any integer type whose
 * value fits, as writers differ (u32 vs i32 vs u64 for the same key). */
int gguf_get_u32(const struct gguf_ctx *ctx, const char *key, uint32_t *out, char *err, size_t errlen);
int gguf_get_i32(const struct gguf_ctx *ctx, const char *key, int32_t *out, char *err, size_t errlen);
int gguf_get_u64(const struct gguf_ctx *ctx, const char *key, uint64_t *out, char *err, size_t errlen);
int gguf_get_i64(const struct gguf_ctx *ctx, const char *key, int64_t *out, char *err, size_t errlen);
/* f32 or f64 values */
int gguf_get_f32(const struct gguf_ctx *ctx, const char *key, float *out, char *err, size_t errlen);
int gguf_get_f64(const struct gguf_ctx *ctx, const char *key, double *out, char *err, size_t errlen);
int gguf_get_bool(const struct gguf_ctx *ctx, const char *key, int *out, char *err, size_t errlen);
int gguf_get_str(const struct gguf_ctx *ctx, const char *key, const char **out, size_t *len, char *err, size_t errlen);
/* Arrays: element type, count and, for numeric arrays, the in-file data
 * (NULL for strings/arrays). */
int gguf_get_arr(const struct gguf_ctx *ctx, const char *key, enum gguf_vtype *etype, uint64_t *count,
		 const void **data, char *err, size_t errlen);
/* Element j of the string array under key (NULL when absent / not strings). */
const char *gguf_get_arr_str(const struct gguf_ctx *ctx, const char *key, uint64_t j, size_t *len);

/* ---- tensors ---- */

int64_t gguf_n_tensors(const struct gguf_ctx *ctx);
/* Tensor i in file order (NULL when out of range). */
const struct gguf_tensor *gguf_tensor_at(const struct gguf_ctx *ctx, int64_t i);
/* NULL when there is no such tensor. */
const struct gguf_tensor *gguf_find_tensor(const struct gguf_ctx *ctx, const char *name);

/* ---- writer (gguf_write.c) ----
 * Builds a GGUF v3 file: metadata first, then tensors, each tensor's data
 * padded to the alignment. Tensor data is referenced, not copied: it must
 * stay valid until gguf_writer_write*() returns (or use a fill callback,
 * which produces the bytes at write time, one tensor at a time). Adding
 * rejects duplicate keys and names, bad shapes and unknown types; every
 * add returns 0 or -1 with a message in the writer (gguf_writer_error()).
 */
struct gguf_writer;

/* Produces `size` bytes of tensor data into buf; 0 or -1 with a message. */
typedef int (*gguf_fill_fn)(void *userdata, void *buf, uint64_t size, char *err, size_t errlen);

struct gguf_writer *gguf_writer_new(void);
void gguf_writer_free(struct gguf_writer *w);
/* Power of two; also written as general.alignment when not 32. */
int gguf_writer_set_alignment(struct gguf_writer *w, uint32_t alignment);
const char *gguf_writer_error(const struct gguf_writer *w);

int gguf_writer_add_u8(struct gguf_writer *w, const char *key, uint8_t v);
int gguf_writer_add_i8(struct gguf_writer *w, const char *key, int8_t v);
int gguf_writer_add_u16(struct gguf_writer *w, const char *key, uint16_t v);
int gguf_writer_add_i16(struct gguf_writer *w, const char *key, int16_t v);
int gguf_writer_add_u32(struct gguf_writer *w, const char *key, uint32_t v);
int gguf_writer_add_i32(struct gguf_writer *w, const char *key, int32_t v);
int gguf_writer_add_u64(struct gguf_writer *w, const char *key, uint64_t v);
int gguf_writer_add_i64(struct gguf_writer *w, const char *key, int64_t v);
int gguf_writer_add_f32(struct gguf_writer *w, const char *key, float v);
int gguf_writer_add_f64(struct gguf_writer *w, const char *key, double v);
int gguf_writer_add_bool(struct gguf_writer *w, const char *key, int v);
int gguf_writer_add_str(struct gguf_writer *w, const char *key, const char *s);
/* A numeric (or bool) array: count elements of etype, packed little-endian
 * as in memory on a little-endian host. */
int gguf_writer_add_arr(struct gguf_writer *w, const char *key, enum gguf_vtype etype,
			const void *data, uint64_t count);
/* An array of strings; lens may be NULL (then strlen). */
int gguf_writer_add_arr_str(struct gguf_writer *w, const char *key, const char *const *strs,
			    const size_t *lens, uint64_t count);
/* Raw, already-encoded value bytes of any type, e.g. nested arrays:
 * `bytes` is everything after the u32 value type. Not checked. */
int gguf_writer_add_raw(struct gguf_writer *w, const char *key, enum gguf_vtype vtype,
			const void *bytes, size_t size);

int gguf_writer_add_tensor(struct gguf_writer *w, const char *name, uint32_t type, uint32_t n_dims,
			   const int64_t *ne, const void *data, uint64_t size);
int gguf_writer_add_tensor_fill(struct gguf_writer *w, const char *name, uint32_t type, uint32_t n_dims,
				const int64_t *ne, gguf_fill_fn fill, void *userdata);

/* Writes path (through path.tmp, renamed at the end). 0 or -1 + message. */
int gguf_writer_write(struct gguf_writer *w, const char *path, char *err, size_t errlen);
/* Builds the file in memory; *out is malloc'd (caller frees). */
int gguf_writer_write_mem(struct gguf_writer *w, void **out, size_t *size, char *err, size_t errlen);

#endif
