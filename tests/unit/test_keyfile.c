/*
 * test_keyfile: key files and the fingerprint key (common/core/keyfile.c).
 * The HMAC vectors were computed independently with Python's hmac module:
 *   key = bytes(range(32))
 *   hmac.new(key, b"llm-fp/v2\0email:a@b.c", sha256).hexdigest()[:32]
 *   hmac.new(key, b"llm-id/v2\0" + b'{"text":"x"}', sha256).hexdigest()
 *   hmac.new(key, b"llm-fp/v2\0key-id:", sha256).hexdigest()[:16]
 * fpkey's ids and fingerprints are also checked against OpenSSL's HMAC()
 * under random keys, lengths 0..290, with and without a kept head.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect/classify.h"
#include "core/hash.h"
#include "core/keyfile.h"
#include "unit.h"

static char dir[] = "/tmp/test_keyfile.XXXXXX";

static void put(const char *path, const char *text, int mode)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
}

static void test_vectors(void)
{
	unsigned char key[KEYFILE_LEN];
	for (int i = 0; i < KEYFILE_LEN; i++)
		key[i] = (unsigned char)i;
	char fp[FPKEY_HEX + 1], id[FPKEY_ID_LEN + 1];
	struct fpkey *k = fpkey_new(key);
	fpkey_fingerprint(k, "email", "a@b.c", 5, fp);
	CHECK_EQ_STR(fp, "60d63d9e4420d66d925cd6e52ee5a24f");
	/* Not the v1 value, sha256("email:a@b.c")[:32]. */
	CHECK(strcmp(fp, "3e04b973266d1246679f532b731c9f23") != 0);
	/* The value's length is the caller's: bytes past n do not count. */
	char fp2[FPKEY_HEX + 1];
	fpkey_fingerprint(k, "email", "a@b.cXYZ", 5, fp2);
	CHECK_EQ_STR(fp2, fp);
	fpkey_id(k, "{\"text\":\"x\"}", 12, id);
	CHECK_EQ_STR(id, "hmac-sha256:e9eae391480db7d252184aaa19895e6a777b5892611e40a2d3ee496970b3e288");
	CHECK_EQ_INT(strlen(id), FPKEY_ID_LEN);
	/* Repeated calls reuse the states: the same answers. */
	for (int i = 0; i < 3; i++) {
		fpkey_fingerprint(k, "email", "a@b.c", 5, fp2);
		CHECK_EQ_STR(fp2, fp);
	}
	/* fpkey_id_head(): the id fpkey_id() gives, whatever the head (kept,
	 * changed, as long as the record or longer, empty), across the SHA-256
	 * block size. */
	{
		char rec[300], want[FPKEY_ID_LEN + 1], got[FPKEY_ID_LEN + 1];
		static const size_t heads[] = { 40, 40, 40, 7, 0, 40, 64, 55, 56, 119, 200, 300, 40 };
		int same = 0, total = 0;
		for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++)
			for (size_t n = 0; n <= sizeof(rec); n += 13) {
				for (size_t i = 0; i < sizeof(rec); i++)
					rec[i] = (char)(i < heads[h] ? 'a' + i % 26 : '0' + (i * 7 + n) % 10);
				fpkey_id(k, rec, n, want);
				fpkey_id_head(k, rec, n, heads[h], got);
				same += !strcmp(want, got);
				total++;
			}
		CHECK_EQ_INT(same, total);
		/* the same head with other bytes: the kept state is not reused */
		static const char r1[] = "{\"source\":\"a\",\"line\":1}";
		size_t rn = sizeof(r1) - 1;
		memcpy(rec, r1, rn);
		fpkey_id_head(k, rec, rn, 20, got);
		rec[11] = 'b';
		fpkey_id_head(k, rec, rn, 20, got);
		fpkey_id(k, rec, rn, want);
		CHECK_EQ_STR(got, want);
	}
	fpkey_free(k);

	/* classify uses the key it is given, and a random one until then. */
	struct classify *c = classify_new(), *d = classify_new();
	char a[CLASSIFY_FP_HEX + 1], b[CLASSIFY_FP_HEX + 1], kid[CLASSIFY_KEY_ID_HEX + 1];
	classify_fingerprint(c, "email", "a@b.c", 5, a);
	classify_fingerprint(d, "email", "a@b.c", 5, b);
	CHECK(strcmp(a, b) != 0);
	CHECK(strcmp(a, fp) != 0);
	classify_set_key(c, key);
	classify_fingerprint(c, "email", "a@b.c", 5, a);
	CHECK_EQ_STR(a, fp);
	classify_key_id(c, kid);
	CHECK_EQ_STR(kid, "6611c547ff7a553b");
	key[0] ^= 1;
	classify_set_key(d, key);
	classify_fingerprint(d, "email", "a@b.c", 5, b);
	CHECK(strcmp(a, b) != 0);
	classify_free(c);
	classify_free(d);
}

/* A small deterministic generator: the same input every run. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15u;
static unsigned rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state >> 16);
}

/* fpkey's HMAC (precomputed inner and outer states) against OpenSSL's
 * HMAC() on random keys and lengths */
static void test_hmac_against_openssl(void)
{
	unsigned char msg[300] = { 0 }, key[KEYFILE_LEN];
	int same = 0, total = 0;
	/* HMAC-SHA256 under random keys: fpkey_id() hashes "llm-id/v2" 0x00
	 * and the record, fpkey_id_head() the same with a kept head */
	for (size_t n = 0; n <= sizeof(msg) - 10; n++) {
		for (size_t i = 0; i < sizeof(key); i++)
			key[i] = (unsigned char)rnd();
		memcpy(msg, "llm-id/v2", 10);
		for (size_t i = 10; i < n + 10; i++)
			msg[i] = (unsigned char)rnd();
		unsigned char mac[HASH_SHA256_LEN];
		char hex[65], want_id[FPKEY_ID_LEN + 1], id[FPKEY_ID_LEN + 1];
		hash_hmac_sha256(key, sizeof(key), msg, n + 10, mac);
		hash_hex(mac, sizeof(mac), hex);
		snprintf(want_id, sizeof(want_id), "%s%s", FPKEY_ID_PREFIX, hex);
		struct fpkey *k = fpkey_new(key);
		fpkey_id(k, msg + 10, n, id);
		same += !strcmp(id, want_id);
		fpkey_id_head(k, msg + 10, n, n / 3, id);
		same += !strcmp(id, want_id);
		fpkey_id_head(k, msg + 10, n, n / 3, id); /* the head kept */
		same += !strcmp(id, want_id);
		/* a fingerprint: "llm-fp/v2" 0x00 type ":" value, 16 bytes */
		char fp[FPKEY_HEX + 1];
		unsigned char fmsg[320];
		memcpy(fmsg, "llm-fp/v2\0email:", 16);
		memcpy(fmsg + 16, msg + 10, n);
		hash_hmac_sha256(key, sizeof(key), fmsg, n + 16, mac);
		hash_hex(mac, FPKEY_HEX / 2, hex);
		fpkey_fingerprint(k, "email", (const char *)msg + 10, n, fp);
		same += !strcmp(fp, hex);
		total += 4;
		fpkey_free(k);
	}
	CHECK_MSG(same == total, "HMAC-SHA256 %d of %d agree with OpenSSL", same, total);
}

static void test_hash_hex(void)
{
	/* hash_hex() (16 bytes at a time, then one by one) against a byte loop */
	unsigned char bin[40];
	char hex[81], want[81];
	int ok = 1;
	for (size_t n = 0; n <= sizeof(bin); n++) {
		for (size_t i = 0; i < n; i++)
			bin[i] = (unsigned char)rnd();
		if (n)
			bin[n - 1] = 0xff; /* both nibbles past 9 */
		for (size_t i = 0; i < n; i++)
			snprintf(want + 2 * i, 3, "%02x", bin[i]);
		want[2 * n] = '\0';
		memset(hex, 'X', sizeof(hex));
		hash_hex(bin, n, hex);
		ok &= !strcmp(hex, want);
	}
	CHECK(ok);
}

static void test_files(void)
{
	char path[256], err[512];
	unsigned char key[KEYFILE_LEN], again[KEYFILE_LEN];
	int exists, loose, created;
	mode_t old = umask(022);

	snprintf(path, sizeof(path), "%s/k", dir);
	CHECK_EQ_INT(keyfile_create(path, &exists, err, sizeof(err)), 0);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK_EQ_INT(keyfile_read(path, key, &loose, err, sizeof(err)), 0);
	CHECK_EQ_INT(loose, 0);
	/* Never overwritten. */
	CHECK_EQ_INT(keyfile_create(path, &exists, err, sizeof(err)), -1);
	CHECK_EQ_INT(exists, 1);
	CHECK(strstr(err, "already exists") != NULL);
	CHECK_EQ_INT(keyfile_read(path, again, &loose, err, sizeof(err)), 0);
	CHECK(memcmp(key, again, KEYFILE_LEN) == 0);
	chmod(path, 0640);
	CHECK_EQ_INT(keyfile_read(path, again, &loose, err, sizeof(err)), 0);
	CHECK_EQ_INT(loose, 1);
	CHECK_EQ_INT(keyfile_is_loose(path), 1);
	chmod(path, 0600);
	CHECK_EQ_INT(keyfile_is_loose(path), 0);

	/* Only 64 hex digits and an optional newline load. */
	static const char *bad[] = { "", "abc\n", "zz" "00000000000000000000000000000000000000000000000000000000000000\n",
				     "000000000000000000000000000000000000000000000000000000000000000000\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(path, sizeof(path), "%s/bad%zu", dir, i);
		put(path, bad[i], 0600);
		CHECK_MSG(keyfile_read(path, key, &loose, err, sizeof(err)) == -1 && strstr(err, "64 hex digits"),
			  "case %zu: %s", i, err);
	}
	snprintf(path, sizeof(path), "%s/crlf", dir);
	put(path, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n", 0600);
	CHECK_EQ_INT(keyfile_read(path, key, &loose, err, sizeof(err)), 0);
	CHECK(key[0] == 0 && key[31] == 31);
	snprintf(path, sizeof(path), "%s", dir);
	CHECK_EQ_INT(keyfile_read(path, key, &loose, err, sizeof(err)), -1);

	/* Where the fingerprint key lives: the variable, XDG, HOME. */
	char where[4096];
	setenv("HOME", "/h", 1);
	setenv("XDG_CONFIG_HOME", "/x", 1);
	setenv(FPKEY_ENV, "/e/k", 1);
	CHECK(fpkey_path(where, sizeof(where), err, sizeof(err)) == 0 && !strcmp(where, "/e/k"));
	unsetenv(FPKEY_ENV);
	CHECK(fpkey_path(where, sizeof(where), err, sizeof(err)) == 0 &&
	      !strcmp(where, "/x/llm-toolkit/fingerprint.key"));
	setenv("XDG_CONFIG_HOME", "relative", 1); /* the spec wants an absolute path */
	CHECK(fpkey_path(where, sizeof(where), err, sizeof(err)) == 0 &&
	      !strcmp(where, "/h/.config/llm-toolkit/fingerprint.key"));
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	CHECK(fpkey_path(where, sizeof(where), err, sizeof(err)) == -1 && strstr(err, FPKEY_ENV));

	/* First use creates the folders (0700) and the key (0600); the
	 * second use reads the same key. */
	snprintf(path, sizeof(path), "%s/a/b/fp.key", dir);
	CHECK_EQ_INT(fpkey_load(path, key, &created, &loose, NULL, 0, err, sizeof(err)), 0);
	CHECK_EQ_INT(created, 1);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	snprintf(where, sizeof(where), "%s/a/b", dir);
	CHECK(stat(where, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_EQ_INT(fpkey_load(path, again, &created, &loose, where, sizeof(where), err, sizeof(err)), 0);
	CHECK_EQ_INT(created, 0);
	CHECK_EQ_STR(where, path);
	CHECK(memcmp(key, again, KEYFILE_LEN) == 0);
	umask(old);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_vectors();
	test_hmac_against_openssl();
	test_hash_hex();
	test_files();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	UNIT_DONE();
}
