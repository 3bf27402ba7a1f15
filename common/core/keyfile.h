/*
 * keyfile: the toolkit's secret key files, and the fingerprint key.
 *
 * One format for every key the toolkit makes (the vault key, the hash key,
 * the fingerprint key): 32 random bytes written as 64 hex digits and a
 * newline, mode 0600. keyfile_create() never overwrites a file and never
 * leaves a half-written one where a reader could see it: the key goes to a
 * temporary file beside the target, made 0600 from creation, and is then
 * hard-linked into place (link() fails on an existing name, so two processes
 * creating the same key on first use agree on the one that won).
 *
 * A key file that group or others may read still loads, but keyfile_read()
 * says so, for the command to warn about by name.
 *
 * The fingerprint key (FPKEY) keys every value the toolkit derives from
 * content and writes out: finding fingerprints (records, SARIF, baselines)
 * and the _llm.id llm-classify gives a record without an id. Without the key
 * a fingerprint tells nothing about the value (it is an HMAC, not a hash),
 * so an SSN or card number cannot be found again by trying every candidate.
 *   fingerprint = hex(HMAC-SHA256(key, "llm-fp/v2" 0x00 type ":" value)[0..16))
 *   _llm.id     = "hmac-sha256:" hex(HMAC-SHA256(key, "llm-id/v2" 0x00 line))
 * Where the key lives: $LLM_FINGERPRINT_KEY_FILE when set, else
 * $XDG_CONFIG_HOME/llm-toolkit/fingerprint.key, else
 * $HOME/.config/llm-toolkit/fingerprint.key; created on first use (the
 * folder 0700, the file 0600) when it does not exist.
 */
#ifndef LLM_KEYFILE_H
#define LLM_KEYFILE_H

#include <stddef.h>

#define KEYFILE_LEN 32
#define KEYFILE_MAX 256 /* hex digits, newline, some slack to say "too long" */

#define FPKEY_ENV "LLM_FINGERPRINT_KEY_FILE"
#define FPKEY_HEX 32 /* a fingerprint: 128 bits of the HMAC, hex */
#define FPKEY_ID_PREFIX "hmac-sha256:"

/* Writes a fresh random key to path (mode 0600). Returns 0; -1 with err,
 * and *exists set when the path already exists (never overwritten). */
int keyfile_create(const char *path, int *exists, char *err, size_t errlen);

/* Reads a key file of exactly 64 hex digits (and an optional newline).
 * *loose is set when group or others may read it. 0 or -1 with err. */
int keyfile_read(const char *path, unsigned char key[KEYFILE_LEN], int *loose, char *err,
		 size_t errlen);

/* 1 when path names a file group or others may read, else 0. */
int keyfile_is_loose(const char *path);

/* Where the fingerprint key lives (see above). 0, or -1 with err when
 * neither the variable nor XDG_CONFIG_HOME nor HOME is set. */
int fpkey_path(char *out, size_t cap, char *err, size_t errlen);

/* Loads the fingerprint key from path (NULL: fpkey_path()), creating it and
 * its folder first when it does not exist; *created says so. The path used
 * is copied to used (may be NULL). 0 or -1 with err. */
int fpkey_load(const char *path, unsigned char key[KEYFILE_LEN], int *created, int *loose,
	       char *used, size_t usedcap, char *err, size_t errlen);

/* A fingerprint key ready to use (its HMAC states computed once); one per
 * thread. fpkey_new() copies what it needs of key. */
struct fpkey;
struct fpkey *fpkey_new(const unsigned char key[KEYFILE_LEN]);
void fpkey_free(struct fpkey *k);

/* The fingerprint of a value of a type (see above), hex and a NUL. */
void fpkey_fingerprint(struct fpkey *k, const char *type, const char *val, size_t n,
		       char out[FPKEY_HEX + 1]);

/* The keyed content id of a line: "hmac-sha256:" and 64 hex digits. */
#define FPKEY_ID_LEN (sizeof(FPKEY_ID_PREFIX) - 1 + 64)
void fpkey_id(struct fpkey *k, const void *p, size_t n, char out[FPKEY_ID_LEN + 1]);
/* fpkey_id() of p, whose first head bytes many lines share (the raw
 * modes' {"source":"FILE","line":): the hash's state after a head is kept
 * and used again while the head stays the same. The same id. */
void fpkey_id_head(struct fpkey *k, const void *p, size_t n, size_t head,
		   char out[FPKEY_ID_LEN + 1]);

#endif
