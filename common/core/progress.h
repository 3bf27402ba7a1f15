/*
 * progress: a one-line status on stderr for long runs (records, records/s,
 * MB, elapsed, and ETA when the input's size is known).
 *
 * Shown only when stderr is a terminal and $CI is not set, so pipes, logs
 * and CI stay clean; --progress and --quiet force it either way. Redrawn
 * at most four times a second; progress_tick() is cheap enough for the hot
 * loop (it reads the clock every 256 calls). Diagnostics printed through
 * usage.h clear the line first, so they never land mid-status.
 */
#ifndef LLM_PROGRESS_H
#define LLM_PROGRESS_H

#include <stdint.h>
#include <time.h>

enum progress_mode { PROGRESS_AUTO = -1, PROGRESS_OFF = 0, PROGRESS_ON = 1 };

struct progress {
	int on;
	uint64_t total;   /* input bytes, 0 when unknown */
	uint64_t calls;
	struct timespec start, last;
	int drawn;        /* a status line is on the screen */
	double interval;  /* seconds between redraws */
};

/* files: the input files (none: stdin). Sizes are summed when every input
 * is a regular file. */
void progress_init(struct progress *p, int mode, const char *const *files, size_t nfiles);
/* records done, input bytes consumed; extra is a short note ("3 blocked"), may be NULL. */
void progress_tick(struct progress *p, uint64_t records, uint64_t bytes, const char *extra);
/* Clears the line (call before the final summary). */
void progress_done(struct progress *p);
/* The mode asked for by --progress / --quiet (both: usage error upstream). */
static inline int progress_mode(int progress_flag, int quiet_flag)
{
	return progress_flag ? PROGRESS_ON : quiet_flag ? PROGRESS_OFF : PROGRESS_AUTO;
}

#endif
