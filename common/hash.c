/*
 * hash: thin wrappers over libcrypto's EVP digests.
 */
#include "hash.h"

#include <openssl/evp.h>
#include <stdlib.h>

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
