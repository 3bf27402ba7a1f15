/*
 * version: what `--version` prints, the same for every binary.
 *
 * The toolkit's version, the git commit it was built from (the Makefile
 * passes LLM_COMMIT; a build outside git says "unknown"), and the versions
 * of the libraries the process runs with, asked of each library at run time
 * the way `curl -V` does, so a binary linked against one libcurl but
 * running with another says so. libjq exposes no version function in the
 * releases Debian ships; its version is the one seen at build time
 * (LLM_JQ_VERSION), marked as such.
 *
 * This is the one place in core/ that names libcurl, libjq, zstd,
 * oniguruma and utf8proc: it reads their version strings and nothing more.
 */
#ifndef LLM_VERSION_H
#define LLM_VERSION_H

#include <stddef.h>

/* Writes the text of --version for PROG into dst (NUL-terminated, cut at
 * n - 1 bytes): a first line "PROG VERSION (commit C)", then one line
 * per group of libraries. Returns the length it wanted, like snprintf. */
int version_text(char *dst, size_t n, const char *prog);

/* The commit the binary was built from, or "unknown". */
const char *version_commit(void);

#endif
