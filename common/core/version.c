/*
 * version: the --version text; see version.h.
 */
#include "core/version.h"

#include <stdio.h>

#include <curl/curl.h>
#include <oniguruma.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <utf8proc.h>
#include <zstd.h>

#ifndef LLM_VERSION
#define LLM_VERSION "unknown"
#endif
#ifndef LLM_COMMIT
#define LLM_COMMIT "unknown"
#endif
#ifndef LLM_JQ_VERSION
#define LLM_JQ_VERSION "unknown"
#endif

const char *version_commit(void)
{
	return LLM_COMMIT[0] ? LLM_COMMIT : "unknown";
}

int version_text(char *dst, size_t n, const char *prog)
{
	const curl_version_info_data *c = curl_version_info(CURLVERSION_NOW);
	/* OpenSSL_version(OPENSSL_VERSION) reads "OpenSSL 3.0.17 1 Jul 2025":
	 * keep the name and number, as curl -V does. */
	char ssl[64] = "OpenSSL/unknown";
	const char *o = OpenSSL_version(OPENSSL_VERSION);
	if (o) {
		char name[24], num[32];
		if (sscanf(o, "%23s %31s", name, num) == 2)
			snprintf(ssl, sizeof(ssl), "%s/%s", name, num);
	}
	return snprintf(dst, n,
			"%s %s (commit %s)\n"
			"libcurl/%s%s%s%s %s SQLite/%s zstd/%s\n"
			"libjq/%s (at build time) oniguruma/%s utf8proc/%s (Unicode %s)\n",
			prog, LLM_VERSION, version_commit(),
			c && c->version ? c->version : "unknown",
			c && c->ssl_version ? " (" : "", c && c->ssl_version ? c->ssl_version : "",
			c && c->ssl_version ? ")" : "",
			ssl, sqlite3_libversion(), ZSTD_versionString(),
			LLM_JQ_VERSION, onig_version(), utf8proc_version(), utf8proc_unicode_version());
}
