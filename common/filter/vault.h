/*
 * vault: the pseudonymization vault behind `llm-filter --pseudonymize` and
 * `--stage output --restore`.
 *
 * A value found in a prompt (an e-mail address, a card number) is replaced
 * by a token such as <EMAIL_12> before the prompt leaves the machine; the
 * vault remembers which value each token stands for so that the model's
 * answer can be turned back. Several processes (a pipeline's input and output
 * stages, parallel cron jobs) share one vault file at once.
 *
 * Key file: 32 random bytes written as 64 hex digits and a newline, mode
 * 0600 (vault_keygen). Nothing else is accepted when loading. A key file that
 * group or others may read still loads, but vault_key_loose() says so, for
 * the command to warn about. From the master key and a random per-vault salt
 * (stored in the vault) HKDF-SHA256 derives two subkeys:
 *   "llm-vault v1 enc"     AES-256-GCM key for the values
 *   "llm-vault v1 lookup"  HMAC-SHA256 key for finding a value again
 * The per-vault salt means one key used for two vaults gives unrelated lookup
 * hashes, so the vaults cannot be joined on them without the key.
 *
 * File (SQLite, WAL, busy timeout VAULT_BUSY_MS, synchronous=FULL, secure
 * delete on):
 *   meta(name, value)      'schema' = 1, 'salt' (16 bytes), 'keycheck' =
 *                          HMAC(lookup key, "llm-vault key check v1"): opening
 *                          with another key fails at once and clearly
 *   entries(token UNIQUE, type, lookup UNIQUE = HMAC(lookup key, type||0||
 *           value), nonce (12 bytes), ciphertext (value || 16-byte GCM tag),
 *           created, expires NULL = never)
 *   counters(type, next)   the next token number for each type
 * Only the type and the token are stored in plain text. The GCM additional
 * data is token || 0 || lookup, so a ciphertext copied or swapped onto
 * another row does not decrypt there, and a lookup hash swapped between rows
 * is caught (the pseudonymize hit path opens the row it found and compares
 * it with the value before handing out its token). Nonces are random: any
 * vault stays far below the 2^32 messages per key where random 96-bit nonces
 * start to be a worry.
 *
 * Invariants:
 *   - one (type, value) pair has at most one live entry (lookup is UNIQUE,
 *     and the lookup-then-insert runs inside one BEGIN IMMEDIATE);
 *   - counters only grow, and purge never touches them: a token number is
 *     never handed out twice, so an old model output that still carries a
 *     purged token stays unknown rather than restoring somebody else's value;
 *   - expiry only moves later: pseudonymizing a value again keeps the later
 *     of the old and the new expiry (NULL, never, wins), since outputs that
 *     already carry the token still need it.
 *
 * Concurrency: every write runs in BEGIN IMMEDIATE, so writers queue on the
 * SQLite write lock (waiting up to VAULT_BUSY_MS) instead of failing or
 * deadlocking on a lock upgrade; readers (restore) never block writers in WAL
 * mode. Opening takes the write lock for a moment (to create or check the
 * schema), so even a restore-only process needs the file writable. One
 * struct vault belongs to one thread; each process opens its own
 * (never carry one across fork()). WAL needs a local file system, not NFS.
 *
 * Expiry: an entry lives while now < expires. ttl_seconds <= 0 means never
 * expires. Expiry and creation times are not authenticated: someone who can
 * write the file without the key can make an entry live longer (or delete
 * it), never read it or make it restore to another value. "now" is the
 * system clock unless vault_set_clock() pins it (tests, and replaying a batch
 * "as of" a time).
 *
 * Errors: functions return -1 and write a message (lower case, no full stop)
 * into err; they never print or exit. A restore that meets a ciphertext that
 * fails authentication is an error naming the token: the vault was tampered
 * with, and silently leaving the token in place would hide that.
 */
#ifndef LLM_VAULT_H
#define LLM_VAULT_H

#include <stddef.h>

#include "core/buf.h"

#define VAULT_KEY_LEN 32
#define VAULT_BUSY_MS 15000
#define VAULT_TYPE_MAX 32          /* longest type label, after normalization */
#define VAULT_VALUE_MAX (1u << 20) /* longest value accepted, in bytes */
/* Longest token: '<' type '_' up to 18 digits '>'. */
#define VAULT_TOKEN_MAX (1 + VAULT_TYPE_MAX + 1 + 18 + 1)

struct vault;

/* Writes a fresh random key to path (mode 0600). Refuses to overwrite an
 * existing file (O_EXCL), so a typo cannot destroy the only key to a vault. */
int vault_keygen(const char *key_path, char *err, size_t errlen);

/* Opens (creating if needed) the vault at db_path with the key in key_path.
 * Fails with "vault key does not match this vault" for the wrong key, and
 * refuses a SQLite file that holds other tables. NULL on error. */
struct vault *vault_open(const char *db_path, const char *key_path, char *err, size_t errlen);
/* Rolls back an open batch, wipes the keys, closes. NULL is fine. */
void vault_close(struct vault *v);

/* Nonzero when the key file could be read by group or others. */
int vault_key_loose(const struct vault *v);

/* Pins "now" (Unix seconds) for expiry decisions; 0 goes back to time(). */
void vault_set_clock(struct vault *v, long long now);

/*
 * Batches: vault_begin() takes the write lock (BEGIN IMMEDIATE) and holds it
 * until vault_commit(), so many pseudonymize calls share one transaction and
 * one fsync: two orders of magnitude faster than a commit per value. The
 * price: other writers wait for the whole batch (and give up after
 * VAULT_BUSY_MS), and a crash loses the whole uncommitted batch -- so never
 * emit a token downstream before the batch holding it has committed, and keep
 * batches short (a few hundred records, or ~100 ms). Inside a batch each call
 * runs in its own savepoint: a failed call undoes only itself and the batch
 * goes on. vault_rollback() drops the batch.
 */
int vault_begin(struct vault *v, char *err, size_t errlen);
int vault_commit(struct vault *v, char *err, size_t errlen);
void vault_rollback(struct vault *v);

/*
 * Appends the token for (type_label, value[0..n)) to token_out: the existing
 * one when the pair is already in the vault (its expiry refreshed), else the
 * next number for that type. type_label is normalized first: a-z become A-Z,
 * anything but A-Z and 0-9 becomes '_'; it must then start with a letter and
 * be at most VAULT_TYPE_MAX long ("email" and "EMAIL" are one type). Works
 * inside or outside a batch. 0 or -1.
 */
int vault_pseudonymize(struct vault *v, const char *type_label, const char *value, size_t n,
		       long ttl_seconds, struct buf *token_out, char *err, size_t errlen);

/*
 * Appends text[0..n) to out with every live token <TYPE_N> replaced by its
 * value. Token-shaped strings not in the vault, or expired, are left as they
 * are and counted in *unknown; *restored counts replacements. Only canonical
 * tokens match: "<EMAIL_01>", "<email_1>" or "EMAIL_1" are plain text.
 * Either count pointer may be NULL. 0, or -1 (out then holds a partial
 * result the caller must discard).
 */
int vault_restore(struct vault *v, const char *text, size_t n, struct buf *out,
		  size_t *restored, size_t *unknown, char *err, size_t errlen);

/*
 * vault_restore limited to the tokens that occur in scope[0..scope_len):
 * others count as unknown and stay. Restore every output against the tokens
 * issued for its own record (e.g. the pseudonymized prompt, or the tokens
 * joined): otherwise a prompt that merely says "<EMAIL_1>", echoed by the
 * model, would come back holding whichever address <EMAIL_1> stands for in
 * some other record. scope NULL means the whole vault (vault_restore).
 */
int vault_restore_scoped(struct vault *v, const char *text, size_t n, const char *scope,
			 size_t scope_len, struct buf *out, size_t *restored, size_t *unknown,
			 char *err, size_t errlen);

/* Appends the value behind token to value: 1 found, 0 unknown or expired,
 * -1 error (including a ciphertext that fails authentication). */
int vault_lookup(struct vault *v, const char *token, struct buf *value, char *err, size_t errlen);

/*
 * Deletes the entries expired at now (0: the clock) and counts them in
 * *removed (may be NULL); with secure_delete the freed pages are zeroed, and
 * a TRUNCATE checkpoint then empties the WAL. A checkpoint kept from
 * finishing by another process's open read is not an error (the next purge
 * or the last close finishes it). Not inside a batch.
 */
int vault_purge(struct vault *v, long long now, size_t *removed, char *err, size_t errlen);

#endif
