/*
 * kernel_cache: repacked weights (kernel_repack_rows) kept in a file, so
 * a model opened again maps them instead of repacking: no private copy,
 * no first-touch page faults, and the page cache shares them between
 * processes. See kernel.h.
 *
 * File: a 4096-byte header, then the repacked bytes exactly as the caller
 * laid them out in memory. Header (little-endian as the machine; a cache
 * is not portable and says so by its key): magic "LLMX8C01", u32 layout
 * version, u32 reserved, u64 key[6] (the model file's identity and the
 * caller's hash of what was repacked), u64 data size. A file whose size,
 * magic, version or key differ is not used. Written to a temporary name
 * and renamed, so readers never see a partial file.
 */
#include "engine/kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_HDR 4096
#define CACHE_VERSION 1 /* bump when a group layout changes */

struct cache_hdr {
	char magic[8];
	uint32_t version, reserved;
	uint64_t key[6];
	uint64_t size;
};

static int cache_path(const char *dir, const uint64_t key[6], char *out, size_t len)
{
	/* FNV-1a over the key: the name only spreads files; the header holds
	 * the whole key and is checked */
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < 6; i++)
		for (int b = 0; b < 8; b++) {
			h ^= (key[i] >> (8 * b)) & 0xff;
			h *= 0x100000001b3ULL;
		}
	int n = snprintf(out, len, "%s/llm-x8-%016llx.bin", dir, (unsigned long long)h);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

const void *kernel_cache_map(const char *dir, const uint64_t key[6], size_t size, void **map, size_t *map_len)
{
	char path[4096];
	if (!dir || !*dir || cache_path(dir, key, path, sizeof path))
		return NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	struct cache_hdr h;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != CACHE_HDR + (uint64_t)size ||
	    pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h.magic, "LLMX8C01", 8) ||
	    h.version != CACHE_VERSION || memcmp(h.key, key, sizeof h.key) || h.size != size) {
		close(fd);
		return NULL;
	}
	void *p = mmap(NULL, CACHE_HDR + size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*map = p;
	*map_len = CACHE_HDR + size;
	return (const uint8_t *)p + CACHE_HDR;
}

int kernel_cache_write(const char *dir, const uint64_t key[6], const void *data, size_t size)
{
	char path[4096], tmp[4160];
	if (!dir || !*dir || cache_path(dir, key, path, sizeof path))
		return -1;
	int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp)
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	char hdr[CACHE_HDR];
	memset(hdr, 0, sizeof hdr);
	struct cache_hdr h = { .version = CACHE_VERSION, .size = size };
	memcpy(h.magic, "LLMX8C01", 8);
	memcpy(h.key, key, sizeof h.key);
	memcpy(hdr, &h, sizeof h);
	int ok = 1;
	const uint8_t *p = data;
	size_t left = size;
	for (size_t off = 0; ok && off < CACHE_HDR;) {
		ssize_t w = write(fd, hdr + off, CACHE_HDR - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += w > 0 ? (size_t)w : 0;
	}
	while (ok && left) {
		ssize_t w = write(fd, p, left > (1u << 30) ? (1u << 30) : left);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		if (ok) {
			p += w;
			left -= (size_t)w;
		}
	}
	if (close(fd))
		ok = 0;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}
