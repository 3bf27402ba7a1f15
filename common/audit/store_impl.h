/*
 * store_impl: what the files of the ledger's store share, and nothing
 * outside them includes (callers use store.h). The store is one struct
 * split by concern:
 *
 *   store.c         open, close, the schema, meta, the payload HMAC
 *   store_append.c  batches, workers, the queue and the commit (the
 *                   Merkle frontier extended under the write lock)
 *   store_dict.c    zstd dictionaries: keys-only training, decompression
 *   store_read.c    payloads, envelopes, lookups, inclusion paths,
 *                   checkpoints stored, backup
 *   store_verify.c  verify and check_entry (threads over read connections)
 *   store_erase.c   erase: payloads, text dictionaries, the WAL
 *   store_merge.c   merge a verified shard
 *
 * Helpers here return 0 / -1 with a message in err, as store.h does.
 */
#ifndef LLM_AUDIT_STORE_IMPL_H
#define LLM_AUDIT_STORE_IMPL_H

/* SHA256_Init and friends are deprecated in OpenSSL 3 in favour of EVP;
 * the payload HMAC uses them for their plain, copyable contexts */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/sha.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <zstd.h>

#include "audit/store.h"

#define STORE_BUSY_MS 60000
/* Schema 2 digests a payload in its stored form (see store_stored_mac()); a
 * ledger of schema 1 keeps digesting the record itself, as it was made. */
#define STORE_SCHEMA 2
#define STORE_SCHEMA_MIN 1
#define STORE_ZLEVEL 3
#define STORE_DICT_MIN 1000      /* records before a dictionary is trained */
#define STORE_DICT_SAMPLES 2000
#define STORE_DICT_SIZE (32 << 10)
#define STORE_MAX_DICTS 64
#define STORE_PAYLOAD_MAX ((size_t)1 << 30)

struct pend {
	size_t off[EF_COUNT]; /* into arena, for text and blob values */
	struct entry e;       /* pointers rebuilt from off at commit */
	size_t zoff, zlen, rawlen;
	int64_t dict;
	int has_payload;
	/* The leaf hashed up to its seq value on the preparing thread; the
	 * envelope after the value is in arena at tail_off. The commit adds
	 * the seq's digits and the tail: a tenth of the hashing, and no
	 * envelope built, under the write lock. */
	struct merkle_leaf leaf;
	size_t tail_off, tail_len;
};

struct dict {
	int64_t id;
	int keys_only; /* kind 'keys': trained on record skeletons, never on values (see skeleton()) */
	unsigned char digest[32]; /* SHA-256 of its bytes, bound into schema 2 payload digests */
	ZSTD_CDict *c;
	ZSTD_DDict *d;
};

/*
 * Entries ready for the write lock: payload digests computed, payloads
 * compressed, text columns copied into one arena. Owned by one thread at
 * a time; a pipeline hands whole batches between threads under its own
 * lock. dict/cdict are stamped by store_batch_reset() on the store's
 * thread; the CDict is immutable and lives as long as the store, so a
 * worker may compress with it while the store trains or loads another.
 */
struct store_batch {
	struct pend *q;
	size_t nq, qcap;
	struct buf arena;
	int64_t dict;            /* the dictionary the payloads use, 0 for none */
	const ZSTD_CDict *cdict; /* its compression side, NULL for none */
	unsigned char dict_digest[32]; /* its digest, zeros for none */
};

/* What one thread needs to prepare entries: a CCtx of its own; the HMAC
 * key states are the store's, which nobody writes after store_open(). */
struct store_worker {
	const struct store *s;
	ZSTD_CCtx *cctx;
	struct buf env;
};

struct store {
	sqlite3 *db;
	int readonly;
	int schema; /* STORE_SCHEMA_MIN..STORE_SCHEMA: how payloads are digested */
	unsigned char key[32];
	unsigned char origin[SIGN_ORIGIN_LEN];
	/* HMAC-SHA256 (RFC 2104) states after the padded key, computed once:
	 * plain structs that any thread may read and copy (EVP's context copy
	 * and dispatch cost as much as hashing a 1 KB payload's blocks) */
	SHA256_CTX mac_in, mac_out;
	struct store_worker self; /* store_queue()'s own preparation state */
	ZSTD_DCtx *dctx;
	struct dict dicts[STORE_MAX_DICTS];
	size_t ndicts;
	int64_t cur_dict; /* newest keys-only dictionary, 0 for none: what new payloads use */
	int dict_tried;
	struct store_batch queue; /* what the next commit appends */
	struct buf raw;
	sqlite3_stmt *ins_entry, *ins_payload;
};

/* The entry columns in EF order, for reading rows back. */
#define STORE_ENTRY_COLS \
	"e.seq, e.ts_us, e.kind, e.rec_id, e.workload, e.class, e.findings, e.filter_in, e.filter_out, e.backend," \
	" e.rule, e.policy, e.denied, e.provider, e.model, e.status, e.finish_reason, e.error_code, e.latency_us," \
	" e.ttft_us, e.input_tokens, e.output_tokens, e.cost_micro_usd, e.attempts, e.prompt_bytes," \
	" e.output_bytes, e.note, e.payload_mac, e.leaf"
#define STORE_COL_LEAF EF_COUNT

/* Writes the message into err; returns -1. */
int store_seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int store_dberr(struct store *s, char *err, size_t errlen, const char *what);
/* Runs sql, retrying while another connection holds a lock the busy
 * handler does not wait for (journal-mode switches, BEGIN IMMEDIATE
 * racing a checkpoint). */
int store_exec_retry(sqlite3 *db, const char *sql);

/* meta: */
int64_t store_meta_int(struct store *s, const char *name, int64_t dflt);
/* Copies meta blob name (exactly len bytes, or up to cap when len is 0)
 * into out; returns its length, or -1 when absent or the wrong size. */
int store_meta_blob(struct store *s, const char *name, unsigned char *out, size_t len, size_t cap);
int store_meta_put(struct store *s, const char *name, const void *blob, size_t len, int64_t num);
int store_meta_put_new(struct store *s, const char *name, const void *blob, size_t len);

/* Payload digests (store.c): schema 1 over the record, schema 2 over its
 * stored form. */
void store_payload_mac(const struct store *s, const void *p, size_t n, unsigned char out[32]);
void store_stored_mac(const struct store *s, const unsigned char dict_digest[32], uint64_t raw_len, const void *z,
		      size_t zn, unsigned char out[32]);

/* store_append.c */
int store_worker_init(const struct store *s, struct store_worker *w);
void store_worker_release(struct store_worker *w);
/* Reads size and frontier inside the write transaction. */
int store_read_frontier(struct store *s, struct merkle_frontier *fr, char *err, size_t errlen);
/* Appends the queue; the caller holds the write transaction. */
int store_append_locked(struct store *s, char *err, size_t errlen);
void store_queue_clear(struct store *s);

/* store_dict.c */
int store_load_dicts(struct store *s, char *err, size_t errlen);
struct dict *store_find_dict(struct store *s, int64_t id);
/* Decompresses a payload of raw_len bytes with dictionary d (NULL for
 * none) through dctx into out: 0, or -1 when it does not give exactly
 * raw_len bytes. */
int store_decompress_with(ZSTD_DCtx *dctx, const struct dict *d, int64_t raw_len, const void *z, size_t zn,
			  struct buf *out);
/* The same with the store's own context and dictionary dict (0: none). */
int store_decompress(struct store *s, int64_t dict, int64_t raw_len, const void *z, size_t zn, struct buf *out);
/* Trains the keys-only dictionary once the ledger is large enough; best
 * effort. */
int store_maybe_train(struct store *s);

/* store_read.c: fills e from the row's first EF_COUNT columns. Returns -1
 * (with the column's name in *bad) when a value has a type the ledger
 * never writes. */
int store_row_entry(sqlite3_stmt *st, struct entry *e, const char **bad);

#endif
