/*
 * keyfile: key files and the fingerprint key; see keyfile.h.
 */
#include "core/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
/* SHA256_CTX is a plain struct: copying the HMAC's precomputed states
 * costs a struct copy, where EVP_MD_CTX_copy_ex() frees and allocates the
 * provider's context each time (half the cost of an _llm.id on a short
 * --raw-lines record). OpenSSL 3 marks the SHA256_* calls deprecated; they
 * stay in every 3.x release. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "core/hash.h"
#include "core/hex.h"

static int seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int write_all(int fd, const char *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, p + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

int keyfile_create(const char *path, int *exists, char *err, size_t errlen)
{
	unsigned char key[KEYFILE_LEN];
	char hex[2 * KEYFILE_LEN + 2];
	char tmp[4096];
	unsigned char r[8];
	char rhex[17];

	*exists = 0;
	if (RAND_bytes(key, sizeof(key)) != 1 || RAND_bytes(r, sizeof(r)) != 1)
		return seterr(err, errlen, "key file %s: no random bytes from the system", path);
	hash_hex(r, sizeof(r), rhex);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%s.tmp", path, rhex) >= sizeof(tmp)) {
		OPENSSL_cleanse(key, sizeof(key));
		return seterr(err, errlen, "key file %s: name too long", path);
	}
	hash_hex(key, sizeof(key), hex);
	OPENSSL_cleanse(key, sizeof(key));
	hex[2 * KEYFILE_LEN] = '\n';
	hex[2 * KEYFILE_LEN + 1] = '\0';

	struct stat st;
	if (lstat(path, &st) == 0) {
		OPENSSL_cleanse(hex, sizeof(hex));
		*exists = 1;
		return seterr(err, errlen, "key file %s already exists; refusing to overwrite it", path);
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		OPENSSL_cleanse(hex, sizeof(hex));
		return seterr(err, errlen, "key file %s: %s", path, strerror(e));
	}
	/* The umask may have taken bits away, never added any; make it exact so
	 * the owner can read the key back even under umask 0277. */
	int ok = fchmod(fd, 0600) == 0 && write_all(fd, hex, 2 * KEYFILE_LEN + 1) == 0 && fsync(fd) == 0;
	int e = errno;
	OPENSSL_cleanse(hex, sizeof(hex));
	if (close(fd) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (ok && link(tmp, path) != 0) {
		ok = 0;
		e = errno;
		if (e == EEXIST)
			*exists = 1;
	}
	unlink(tmp);
	if (!ok) {
		if (*exists)
			return seterr(err, errlen, "key file %s already exists; refusing to overwrite it", path);
		return seterr(err, errlen, "key file %s: %s", path, strerror(e));
	}
	return 0;
}

int keyfile_read(const char *path, unsigned char key[KEYFILE_LEN], int *loose, char *err,
		 size_t errlen)
{
	char text[KEYFILE_MAX + 1];
	struct stat st;
	size_t n = 0;
	int rc = -1;

	*loose = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return seterr(err, errlen, "key file %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return seterr(err, errlen, "key file %s: not a regular file", path);
	}
	*loose = (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
	for (;;) {
		ssize_t r = read(fd, text + n, sizeof(text) - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			seterr(err, errlen, "key file %s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0 || (n += (size_t)r) == sizeof(text) - 1)
			break;
	}
	/* Exactly 64 hex digits, then an optional "\n" or "\r\n". */
	size_t end = n;
	if (end && text[end - 1] == '\n')
		end--;
	if (end && text[end - 1] == '\r')
		end--;
	if (end != 2 * KEYFILE_LEN) {
		seterr(err, errlen, "key file %s: must hold 64 hex digits (made by llm-filter --keygen)", path);
		goto out;
	}
	for (size_t i = 0; i < KEYFILE_LEN; i++) {
		int hi = hex_val((unsigned char)text[2 * i]), lo = hex_val((unsigned char)text[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			seterr(err, errlen, "key file %s: must hold 64 hex digits (made by llm-filter --keygen)",
			       path);
			goto out;
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	rc = 0;
out:
	OPENSSL_cleanse(text, sizeof(text));
	close(fd);
	if (rc)
		OPENSSL_cleanse(key, KEYFILE_LEN);
	return rc;
}

int keyfile_is_loose(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
}

int fpkey_path(char *out, size_t cap, char *err, size_t errlen)
{
	const char *env = getenv(FPKEY_ENV), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	if (env && *env)
		n = snprintf(out, cap, "%s", env);
	else if (xdg && *xdg == '/')
		n = snprintf(out, cap, "%s/llm-toolkit/fingerprint.key", xdg);
	else if (home && *home)
		n = snprintf(out, cap, "%s/.config/llm-toolkit/fingerprint.key", home);
	else
		return seterr(err, errlen, "no place for the fingerprint key: set %s (or HOME)", FPKEY_ENV);
	if (n < 0 || (size_t)n >= cap)
		return seterr(err, errlen, "fingerprint key path too long");
	return 0;
}

/* mkdir -p of path's folder, new folders 0700. */
static int make_parent(const char *path, char *err, size_t errlen)
{
	char dir[4096];
	size_t n = strlen(path);
	if (n >= sizeof(dir))
		return seterr(err, errlen, "fingerprint key path too long");
	memcpy(dir, path, n + 1);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return seterr(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return seterr(err, errlen, "cannot create %s: %s", dir, strerror(errno));
	return 0;
}

int fpkey_load(const char *path, unsigned char key[KEYFILE_LEN], int *created, int *loose,
	       char *used, size_t usedcap, char *err, size_t errlen)
{
	char buf[4096];
	*created = 0;
	*loose = 0;
	if (!path) {
		if (fpkey_path(buf, sizeof(buf), err, errlen) < 0)
			return -1;
		path = buf;
	}
	if (used && usedcap)
		snprintf(used, usedcap, "%s", path);
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		int exists = 0;
		char why[512];
		if (make_parent(path, err, errlen) < 0)
			return -1;
		if (keyfile_create(path, &exists, why, sizeof(why)) == 0)
			*created = 1;
		else if (!exists) /* another process may have won the race */
			return seterr(err, errlen, "fingerprint %s", why);
	}
	if (keyfile_read(path, key, loose, buf, sizeof(buf)) < 0)
		return seterr(err, errlen, "fingerprint %s", buf);
	return 0;
}

/* HMAC-SHA256 (RFC 2104) with the key's inner and outer states computed
 * once: a fingerprint per finding then costs two struct copies and the
 * hashing, not a key schedule. */
struct fpkey {
	SHA256_CTX inner, outer;
	/* fpkey_id_head(): the inner state after the id's domain and a head
	 * that records share, and that head's bytes */
	SHA256_CTX at_head;
	unsigned char *head;
	size_t head_len, head_cap;
	int head_ok;
};

struct fpkey *fpkey_new(const unsigned char key[KEYFILE_LEN])
{
	unsigned char pad[64];
	struct fpkey *k = calloc(1, sizeof(*k));
	if (!k)
		abort(); /* only allocation failure gets here */
	memset(pad, 0x36, sizeof(pad));
	for (size_t i = 0; i < KEYFILE_LEN; i++)
		pad[i] ^= key[i];
	if (!SHA256_Init(&k->inner) || !SHA256_Update(&k->inner, pad, sizeof(pad)))
		abort();
	memset(pad, 0x5c, sizeof(pad));
	for (size_t i = 0; i < KEYFILE_LEN; i++)
		pad[i] ^= key[i];
	if (!SHA256_Init(&k->outer) || !SHA256_Update(&k->outer, pad, sizeof(pad)))
		abort();
	OPENSSL_cleanse(pad, sizeof(pad));
	return k;
}

void fpkey_free(struct fpkey *k)
{
	if (!k)
		return;
	free(k->head);
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

static void hmac_parts(struct fpkey *k, const void *const *parts, const size_t *lens, size_t n,
		       unsigned char out[HASH_SHA256_LEN])
{
	unsigned char ih[HASH_SHA256_LEN];
	SHA256_CTX w = k->inner;
	for (size_t i = 0; i < n; i++)
		SHA256_Update(&w, parts[i], lens[i]);
	SHA256_Final(ih, &w);
	w = k->outer;
	SHA256_Update(&w, ih, sizeof(ih));
	SHA256_Final(out, &w);
	OPENSSL_cleanse(&w, sizeof(w));
}

void fpkey_fingerprint(struct fpkey *k, const char *type, const char *val, size_t n, char out[FPKEY_HEX + 1])
{
	static const char dom[] = "llm-fp/v2"; /* and its NUL */
	unsigned char h[HASH_SHA256_LEN];
	const void *parts[4] = { dom, type, ":", val };
	size_t lens[4] = { sizeof(dom), strlen(type), 1, n };
	hmac_parts(k, parts, lens, 4, h);
	hash_hex(h, FPKEY_HEX / 2, out);
}

static const char id_dom[] = "llm-id/v2"; /* and its NUL */

void fpkey_id(struct fpkey *k, const void *p, size_t n, char out[FPKEY_ID_LEN + 1])
{
	unsigned char h[HASH_SHA256_LEN];
	const void *parts[2] = { id_dom, p };
	size_t lens[2] = { sizeof(id_dom), n };
	hmac_parts(k, parts, lens, 2, h);
	memcpy(out, FPKEY_ID_PREFIX, sizeof(FPKEY_ID_PREFIX) - 1);
	hash_hex(h, HASH_SHA256_LEN, out + sizeof(FPKEY_ID_PREFIX) - 1);
}

void fpkey_id_head(struct fpkey *k, const void *p, size_t n, size_t head, char out[FPKEY_ID_LEN + 1])
{
	if (head > n)
		head = n;
	if (!k->head_ok || k->head_len != head || (head && memcmp(k->head, p, head))) {
		/* a new head: hash it once, keep the state */
		if (head > k->head_cap) {
			unsigned char *nh = realloc(k->head, head);
			if (!nh)
				abort();
			k->head = nh;
			k->head_cap = head;
		}
		if (head)
			memcpy(k->head, p, head);
		k->head_len = head;
		k->at_head = k->inner;
		SHA256_Update(&k->at_head, id_dom, sizeof(id_dom));
		SHA256_Update(&k->at_head, p, head);
		k->head_ok = 1;
	}
	unsigned char ih[HASH_SHA256_LEN], h[HASH_SHA256_LEN];
	SHA256_CTX w = k->at_head;
	SHA256_Update(&w, (const unsigned char *)p + head, n - head);
	SHA256_Final(ih, &w);
	w = k->outer;
	SHA256_Update(&w, ih, sizeof(ih));
	SHA256_Final(h, &w);
	OPENSSL_cleanse(&w, sizeof(w));
	memcpy(out, FPKEY_ID_PREFIX, sizeof(FPKEY_ID_PREFIX) - 1);
	hash_hex(h, HASH_SHA256_LEN, out + sizeof(FPKEY_ID_PREFIX) - 1);
}
