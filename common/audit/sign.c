/*
 * sign: Ed25519 keys and checkpoints over libcrypto; see sign.h.
 */
#include "audit/sign.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hash.h"

struct sign_key {
	EVP_PKEY *pkey;
};

#define CHECKPOINT_MAX 4096

int sign_unhex(const char *s, size_t slen, unsigned char *out, size_t n)
{
	if (slen != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v = 0;
		for (int j = 0; j < 2; j++) {
			char c = s[2 * i + j];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (d < 0)
				return -1; /* lower-case only: one text per checkpoint */
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

int sign_keygen(const char *path, const char *pub_path, char *err, size_t errlen)
{
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	int rc = -1, fd = -1;
	FILE *f = NULL, *pf = NULL;
	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_keygen(ctx, &pkey) <= 0) {
		snprintf(err, errlen, "cannot generate an Ed25519 key (libcrypto)");
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "cannot create '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (!PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) || fclose(f)) {
		f = NULL;
		snprintf(err, errlen, "cannot write '%s'", path);
		goto out;
	}
	f = NULL;
	if (!(pf = fopen(pub_path, "w")) || !PEM_write_PUBKEY(pf, pkey) || fclose(pf)) {
		pf = NULL;
		snprintf(err, errlen, "cannot write '%s': %s", pub_path, strerror(errno));
		goto out;
	}
	pf = NULL;
	rc = 0;
out:
	if (f)
		fclose(f);
	if (pf)
		fclose(pf);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

struct sign_key *sign_key_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open key '%s': %s", path, strerror(errno));
		return NULL;
	}
	EVP_PKEY *pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(pkey);
		snprintf(err, errlen, "'%s' is not an Ed25519 private key (PEM)", path);
		return NULL;
	}
	struct sign_key *k = malloc(sizeof(*k));
	if (!k) {
		EVP_PKEY_free(pkey);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->pkey = pkey;
	return k;
}

void sign_key_free(struct sign_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

int sign_pub_load(const char *path, unsigned char pub[SIGN_PUB_LEN], char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open public key '%s': %s", path, strerror(errno));
		return -1;
	}
	char line[200];
	size_t n = fread(line, 1, sizeof(line) - 1, f);
	line[n] = '\0';
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n == 2 * SIGN_PUB_LEN && sign_unhex(line, n, pub, SIGN_PUB_LEN) == 0) {
		fclose(f);
		return 0;
	}
	rewind(f);
	EVP_PKEY *pkey = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	size_t len = SIGN_PUB_LEN;
	if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(pkey, pub, &len) <= 0 || len != SIGN_PUB_LEN) {
		EVP_PKEY_free(pkey);
		snprintf(err, errlen, "'%s' is not an Ed25519 public key (PEM or 64 hex digits)", path);
		return -1;
	}
	EVP_PKEY_free(pkey);
	return 0;
}

/* The signed part: every line but "sig". */
static void body(const struct checkpoint *cp, struct buf *out)
{
	char o[2 * SIGN_ORIGIN_LEN + 1], r[65], k[2 * SIGN_PUB_LEN + 1];
	hash_hex(cp->origin, SIGN_ORIGIN_LEN, o);
	hash_hex(cp->root, 32, r);
	hash_hex(cp->pub, SIGN_PUB_LEN, k);
	buf_printf(out, "llm-audit checkpoint v1\norigin %s\nsize %" PRIu64 "\nroot %s\ntime %" PRId64 "\nkey %s\n", o,
		   cp->size, r, cp->time_us, k);
}

int sign_checkpoint(struct sign_key *k, struct checkpoint *cp, char *err, size_t errlen)
{
	size_t len = SIGN_PUB_LEN;
	if (EVP_PKEY_get_raw_public_key(k->pkey, cp->pub, &len) <= 0 || len != SIGN_PUB_LEN) {
		snprintf(err, errlen, "cannot read the public half of the key");
		return -1;
	}
	struct buf b = BUF_INIT;
	body(cp, &b);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t slen = SIGN_SIG_LEN;
	int ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) > 0 &&
		 EVP_DigestSign(ctx, cp->sig, &slen, (const unsigned char *)b.p, b.len) > 0 && slen == SIGN_SIG_LEN;
	EVP_MD_CTX_free(ctx);
	buf_release(&b);
	if (!ok) {
		snprintf(err, errlen, "cannot sign the checkpoint (libcrypto)");
		return -1;
	}
	return 0;
}

void checkpoint_format(const struct checkpoint *cp, struct buf *out)
{
	char s[2 * SIGN_SIG_LEN + 1];
	body(cp, out);
	hash_hex(cp->sig, SIGN_SIG_LEN, s);
	buf_printf(out, "sig %s\n", s);
}

/* The next line of p[*off, n) must be "<name> <value>\n"; sets v, vn. */
static int field(const char *p, size_t n, size_t *off, const char *name, const char **v, size_t *vn)
{
	size_t nl = strlen(name);
	const char *s = p + *off;
	size_t left = n - *off;
	const char *e = memchr(s, '\n', left);
	if (!e || (size_t)(e - s) < nl + 2 || memcmp(s, name, nl) || s[nl] != ' ')
		return -1;
	*v = s + nl + 1;
	*vn = (size_t)(e - *v);
	*off += (size_t)(e - s) + 1;
	return 0;
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int checkpoint_parse(const char *p, size_t n, struct checkpoint *cp, char *err, size_t errlen)
{
	static const char head[] = "llm-audit checkpoint v1\n";
	const char *v, *cur = "origin";
	size_t vn, off = sizeof(head) - 1;
	uint64_t t;
	memset(cp, 0, sizeof(*cp));
	if (n > CHECKPOINT_MAX || n < off || memcmp(p, head, off)) {
		snprintf(err, errlen, "not an llm-audit checkpoint (first line)");
		return -1;
	}
#define FIELD(name) cur = name; if (field(p, n, &off, name, &v, &vn)) { snprintf(err, errlen, "checkpoint: bad or missing '%s' line", name); return -1; }
	FIELD("origin");
	if (sign_unhex(v, vn, cp->origin, SIGN_ORIGIN_LEN))
		goto bad;
	FIELD("size");
	if (parse_u64(v, vn, &cp->size))
		goto bad;
	FIELD("root");
	if (sign_unhex(v, vn, cp->root, 32))
		goto bad;
	FIELD("time");
	if (parse_u64(v, vn, &t) || t > INT64_MAX)
		goto bad;
	cp->time_us = (int64_t)t;
	FIELD("key");
	if (sign_unhex(v, vn, cp->pub, SIGN_PUB_LEN))
		goto bad;
	FIELD("sig");
	if (sign_unhex(v, vn, cp->sig, SIGN_SIG_LEN))
		goto bad;
#undef FIELD
	if (off != n) {
		snprintf(err, errlen, "checkpoint: text after the signature");
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "checkpoint: malformed '%s' value", cur);
	return -1;
}

int checkpoint_verify_sig(const struct checkpoint *cp)
{
	EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, cp->pub, SIGN_PUB_LEN);
	if (!pkey)
		return 0;
	struct buf b = BUF_INIT;
	body(cp, &b);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) > 0 &&
		 EVP_DigestVerify(ctx, cp->sig, SIGN_SIG_LEN, (const unsigned char *)b.p, b.len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	buf_release(&b);
	return ok;
}

int checkpoint_read(const char *path, struct checkpoint *cp, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open checkpoint '%s': %s", path, strerror(errno));
		return -1;
	}
	char buf[CHECKPOINT_MAX + 1];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	char e2[200];
	if (checkpoint_parse(buf, n, cp, e2, sizeof(e2))) {
		snprintf(err, errlen, "%s: %s", path, e2);
		return -1;
	}
	return 0;
}
