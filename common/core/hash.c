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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* both digits of each byte at once: every _llm.id and fingerprint */
static const char hex_pairs[] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

void hash_hex(const unsigned char *bin, size_t n, char *out)
{
	size_t i = 0;
#ifdef __SSE2__
	/* 16 bytes at a time (an _llm.id is two rounds): split the nibbles,
	 * interleave them high first, and add '0', or 'a' - 10 past 9 */
	const __m128i lo4 = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9);
	const __m128i zero = _mm_set1_epi8('0'), gap = _mm_set1_epi8('a' - '0' - 10);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(bin + i));
		__m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), lo4), lo = _mm_and_si128(x, lo4);
		__m128i a = _mm_unpacklo_epi8(hi, lo), b = _mm_unpackhi_epi8(hi, lo);
		a = _mm_add_epi8(_mm_add_epi8(a, zero), _mm_and_si128(_mm_cmpgt_epi8(a, nine), gap));
		b = _mm_add_epi8(_mm_add_epi8(b, zero), _mm_and_si128(_mm_cmpgt_epi8(b, nine), gap));
		_mm_storeu_si128((__m128i *)(void *)(out + 2 * i), a);
		_mm_storeu_si128((__m128i *)(void *)(out + 2 * i + 16), b);
	}
#endif
	for (; i < n; i++)
		memcpy(out + 2 * i, hex_pairs + 2 * bin[i], 2);
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
