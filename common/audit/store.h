/*
 * store: the audit ledger in one SQLite file (schema in llm-audit(1),
 * readable with the plain sqlite3 shell).
 *
 *   meta(name, value)        schema version, origin id, payload key, size, frontier
 *   entries(seq, ...)        one row per entry (entry.h), with its leaf hash
 *   payloads(seq, dict, raw_len, data)  the records, zstd-compressed; erasable
 *   dicts(id, created_us, data, kind)   zstd dictionaries, kind keys: trained on
 *                                       record skeletons, never on values
 *   heads(size, root, ts_us)            the tree head after each commit
 *   checkpoints(size, root, ts_us, pubkey, sig, text)  signed tree heads
 *
 * Writers: WAL, synchronous=FULL, secure_delete, every write in BEGIN
 * IMMEDIATE under a busy timeout, so several appenders interleave whole
 * batches and never lose or reorder one. Sequence numbers are assigned at
 * commit, inside the write lock: gapless, and each commit extends the
 * Merkle frontier kept in meta and records the new tree head.
 *
 * Library rules: 0 / -1 with a message in err; nothing printed.
 */
#ifndef LLM_AUDIT_STORE_H
#define LLM_AUDIT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "audit/entry.h"
#include "audit/merkle.h"
#include "audit/sign.h"
#include "core/buf.h"

struct store;
struct sqlite3;

enum store_flags {
	STORE_CREATE = 1,   /* create the file and schema when missing */
	STORE_READONLY = 2, /* open read-only (verify, stats, export, ...) */
};

struct store *store_open(const char *path, int flags, char *err, size_t errlen);
/* Rolls back anything not committed. */
void store_close(struct store *s);
struct sqlite3 *store_db(struct store *s);

/* Queues an entry (its seq is assigned at commit; ts_us is set now when
 * unset) with an optional payload (the record's bytes; NULL for none), whose
 * keyed digest becomes the entry's payload_mac. */
int store_queue(struct store *s, struct entry *e, const char *payload, size_t n, char *err, size_t errlen);
size_t store_queued(const struct store *s);
size_t store_queued_bytes(const struct store *s);
/*
 * Preparing entries on other threads (llm-audit append's pipeline): a
 * worker thread computes digests and compresses payloads into a batch,
 * and the store's thread moves the prepared entries into its queue in
 * order. A store_worker and a store_batch each belong to one thread at a
 * time; the store itself is only ever changed by its own thread (workers
 * read its payload key states, fixed when it was opened).
 */
struct store_batch;
struct store_worker;
struct store_worker *store_worker_new(struct store *s, char *err, size_t errlen);
void store_worker_free(struct store_worker *w);
struct store_batch *store_batch_new(void);
void store_batch_free(struct store_batch *b);
/* On the store's thread: empties b and stamps it with the dictionary new
 * payloads are compressed with. */
void store_batch_reset(struct store *s, struct store_batch *b);
/* On any thread, with a worker of its own: store_queue() into b. */
int store_batch_add(struct store_worker *w, struct store_batch *b, struct entry *e, const char *payload, size_t n,
		    char *err, size_t errlen);
/* On the store's thread: queues entry i of b exactly as store_queue()
 * would have (a payload compressed before the store's current dictionary
 * appeared is recompressed with it), so the ledger's bytes do not depend
 * on how many threads prepared them. */
int store_queue_from(struct store *s, struct store_batch *b, size_t i, char *err, size_t errlen);

/* 1 while this process may still train the payload dictionary: payloads
 * prepared ahead now are recompressed once it appears. */
int store_dict_pending(const struct store *s);

/* Commits the queued entries in one transaction. Returns 0 (the queue is
 * empty after), or -1 (nothing of the batch is stored). */
int store_commit(struct store *s, char *err, size_t errlen);

/* The current tree head from meta. */
int store_head(struct store *s, uint64_t *size, unsigned char root[MERKLE_HASH_LEN], char *err, size_t errlen);
void store_origin(const struct store *s, unsigned char origin[SIGN_ORIGIN_LEN]);

struct store_verify {
	/* in */
	int payloads;                  /* also check every payload against its digest */
	const struct checkpoint *cps;  /* outside checkpoints to hold the ledger to */
	const char *const *cp_names;   /* their names, for messages */
	size_t ncps;
	const unsigned char *pin;      /* when set, every checkpoint must be signed by this key */
	int threads;                   /* threads to use; 0: $LLM_AUDIT_THREADS, else one per online CPU */
	/* out */
	uint64_t size;                 /* entries seen */
	unsigned char root[MERKLE_HASH_LEN];
	uint64_t payloads_checked, erased, heads, checkpoints;
	int64_t bad_seq;               /* the first entry that fails, -1 when none is to blame */
	char problem[768];             /* empty when clean */
};

/* Returns 0 when everything holds, 1 when something failed (v->problem,
 * v->bad_seq), -1 on an error reading the store. */
int store_verify(struct store *s, struct store_verify *v, char *err, size_t errlen);

/*
 * Entry seq checked alone, as verify checks each entry: its columns against
 * its leaf hash, and its payload (when it has one) against its digest.
 * leaf gets the leaf hash rebuilt from the columns; payload (when not NULL)
 * the decompressed payload of the row that was checked (empty when none).
 * Returns 0 when it holds, 1 when not (why in problem: a missing entry or
 * payload included), -1 on an error reading the store.
 */
int store_check_entry(struct store *s, int64_t seq, unsigned char leaf[MERKLE_HASH_LEN], struct buf *payload,
		      char *problem, size_t plen, char *err, size_t errlen);

/* What store_erase() did. */
struct store_erased {
	uint64_t payloads;       /* payloads dropped (0: no entry was appended) */
	uint64_t recompressed;   /* schema 1: live payloads moved off a dictionary that held text */
	uint64_t dicts_dropped;  /* dictionaries deleted (they held record text) */
	/* Schema 2 ledgers made before dictionaries were keys-only: a
	 * dictionary trained on record text stays while live payloads are
	 * compressed with it (their digests bind it); erased text may remain in
	 * it until they are erased too. */
	uint64_t dicts_kept, dicts_kept_payloads;
	int wal_truncated;       /* 0: a reader kept the WAL from being emptied */
};

/*
 * Drops the payloads of record and feedback entries with rec_id == id (id
 * non-NULL) or appended before before_us (id NULL), appends one erase
 * entry naming them, then removes what could still hold their bytes:
 * dictionaries trained on record text (recompressing, in a schema 1
 * ledger, the live payloads that use one), freed pages (secure_delete
 * zeroes them) and the WAL (checkpointed and truncated).
 */
int store_erase(struct store *s, const char *id, int64_t before_us, const char *reason, struct store_erased *out,
		char *err, size_t errlen);

/* The decompressed payload of entry seq: 1 found, 0 none (erased or never
 * had one), -1 error. */
int store_payload(struct store *s, int64_t seq, struct buf *out, char *err, size_t errlen);
/* Entry seq read back: its envelope (canonical JSON) and leaf hash. 1 found,
 * 0 no such entry, -1 error. */
int store_envelope(struct store *s, int64_t seq, struct buf *env, unsigned char leaf[MERKLE_HASH_LEN],
		   char *err, size_t errlen);
/* Sequence numbers of the entries whose rec_id is id, ascending; the
 * caller frees *seqs. */
int store_find(struct store *s, const char *id, int64_t **seqs, size_t *n, char *err, size_t errlen);

/* The audit path of entry seq in the tree of the first size entries
 * (size 0: the current size). Returns the path length or -1. */
int store_inclusion(struct store *s, int64_t seq, uint64_t *size, unsigned char root[MERKLE_HASH_LEN],
		    unsigned char (*path)[MERKLE_HASH_LEN], char *err, size_t errlen);

/* Records a signed checkpoint in the store. */
int store_add_checkpoint(struct store *s, const struct checkpoint *cp, char *err, size_t errlen);

/* Appends every entry of src (which the caller has verified) to s in one
 * transaction, in order: same columns but for seq (the next ones of s) and
 * payload_mac (the digest under s's key); erase entries' lists are moved
 * by the same offset. Then appends one "merge" entry whose note records
 * src's tree head: "origin=<hex> size=<n> root=<hex> first=<seq in s>".
 * *first and *n get where the entries landed and how many. */
int store_merge(struct store *s, struct store *src, uint64_t src_size, const unsigned char src_root[MERKLE_HASH_LEN],
		int64_t *first, uint64_t *n, char *err, size_t errlen);

/* A consistent copy of the ledger in a new file (VACUUM INTO; path must
 * not exist). */
int store_backup(struct store *s, const char *path, char *err, size_t errlen);

/* Current time in microseconds (LLM_NOW, seconds, overrides it for tests). */
int64_t store_now_us(void);

#endif
