/*
 * hash: thin wrappers over libcrypto's EVP digests.
 */
#include "core/hash.h"
#include "core/hex.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hash_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
		       unsigned char out[HASH_SHA256_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		abort(); /* only allocation failure gets here */
	for (size_t i = 0; i < n; i++)
		EVP_DigestUpdate(ctx, parts[i], lens[i]);
	EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
}

void hash_sha256(const void *data, size_t n, unsigned char out[HASH_SHA256_LEN])
{
	unsigned int len = 0;
	if (!EVP_Digest(data, n, out, &len, EVP_sha256(), NULL))
		abort();
}

void hash_hex(const unsigned char *bin, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[bin[i] >> 4];
		out[2 * i + 1] = d[bin[i] & 15];
	}
	out[2 * n] = '\0';
}

void hash_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
		      unsigned char out[HASH_SHA256_LEN])
{
	unsigned int len = 0;
	if (!HMAC(EVP_sha256(), key, (int)keylen, data, n, out, &len))
		abort();
}

int hash_random(void *out, size_t n)
{
	return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}


int hash_read_key(const char *path, unsigned char *key, size_t cap, char *err, size_t errlen)
{
	unsigned char raw[4096];
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open key file '%s': %s", path, strerror(errno));
		return -1;
	}
	size_t n = fread(raw, 1, sizeof(raw), f);
	fclose(f);
	size_t t = n;
	while (t && (raw[t - 1] == '\n' || raw[t - 1] == '\r' || raw[t - 1] == ' '))
		t--;
	int hex = t >= 32 && t % 2 == 0;
	for (size_t i = 0; hex && i < t; i++)
		hex = hex_val(raw[i]) >= 0;
	if (hex && t / 2 <= cap) {
		for (size_t i = 0; i < t / 2; i++)
			key[i] = (unsigned char)(hex_val(raw[2 * i]) << 4 | hex_val(raw[2 * i + 1]));
		return (int)(t / 2);
	}
	if (n < 16 || n > cap) {
		snprintf(err, errlen, "key file '%s' must hold 64 hex digits or 16..%zu raw bytes", path, cap);
		return -1;
	}
	memcpy(key, raw, n);
	return (int)n;
}
