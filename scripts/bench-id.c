/*
 * bench-id: nanoseconds per _llm.id (core/keyfile.c's fpkey_id_head(), the
 * keyed HMAC-SHA256 every --raw-lines record gets) and per fingerprint, for
 * record lengths like those of the raw modes, beside OpenSSL's one-shot
 * HMAC() of the same bytes (what a naive id would cost).
 *
 *   bench-id [N]     N ids per length (default 1000000)
 *
 * Prints one row a length: ns per id (head kept, as --raw-lines hashes a
 * file's lines), ns per id without a head, and OpenSSL's HMAC(). Best of
 * three rounds, CPU time of this process. A benchmark tool, not a test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hash.h"
#include "core/keyfile.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	if (n <= 0)
		n = 1000000;
	unsigned char key[KEYFILE_LEN];
	for (int i = 0; i < KEYFILE_LEN; i++)
		key[i] = (unsigned char)(i * 7 + 1);
	struct fpkey *k = fpkey_new(key);
	static const size_t lens[] = { 40, 80, 130, 250, 1000 };
	char rec[1024], id[FPKEY_ID_LEN + 1];
	const char head[] = "{\"source\":\"lines.txt\",\"line\":";
	size_t hl = sizeof(head) - 1;
	memcpy(rec, head, hl);
	for (size_t i = hl; i < sizeof(rec); i++)
		rec[i] = (char)('a' + i % 26);
	unsigned sink = 0;
	printf("%6s %12s %12s %12s\n", "bytes", "ns/id head", "ns/id", "ns HMAC()");
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		size_t len = lens[l];
		double best[3] = { 1e9, 1e9, 1e9 };
		for (int round = 0; round < 3; round++) {
			double t0 = now();
			for (long i = 0; i < n; i++) {
				rec[hl] = (char)('0' + i % 10); /* a new line number */
				fpkey_id_head(k, rec, len, hl, id);
				sink += (unsigned char)id[20];
			}
			double t1 = now();
			for (long i = 0; i < n; i++) {
				rec[hl] = (char)('0' + i % 10);
				fpkey_id(k, rec, len, id);
				sink += (unsigned char)id[20];
			}
			double t2 = now();
			unsigned char md[HASH_SHA256_LEN];
			for (long i = 0; i < n / 4; i++) {
				rec[hl] = (char)('0' + i % 10);
				hash_hmac_sha256(key, sizeof(key), rec, len, md);
				sink += md[3];
			}
			double t3 = now();
			double r[3] = { (t1 - t0) / (double)n, (t2 - t1) / (double)n, (t3 - t2) / (double)(n / 4) };
			for (int j = 0; j < 3; j++)
				if (r[j] < best[j])
					best[j] = r[j];
		}
		printf("%6zu %12.1f %12.1f %12.1f\n", len, best[0] * 1e9, best[1] * 1e9, best[2] * 1e9);
	}
	fpkey_free(k);
	return sink == 1 ? 1 : 0; /* keeps the loops */
}
