/*
 * progress: the status line; see progress.h.
 */
#include "core/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/usage.h"

static struct progress *active; /* the line usage.h must clear */

static void clear_line(void)
{
	if (active && active->drawn) {
		fputs("\r\033[K", stderr);
		active->drawn = 0;
	}
}

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_init(struct progress *p, int mode, const char *const *files, size_t nfiles)
{
	p->on = mode == PROGRESS_ON ||
		(mode == PROGRESS_AUTO && isatty(2) && !(getenv("CI") && *getenv("CI")));
	p->total = 0;
	p->calls = 0;
	p->drawn = 0;
	/* LLM_PROGRESS_INTERVAL (seconds) lets tests see a line without
	 * depending on how fast the machine is. */
	const char *iv = getenv("LLM_PROGRESS_INTERVAL");
	p->interval = iv && *iv ? atof(iv) : 0.25;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
	if (!p->on)
		return;
	struct stat st;
	uint64_t sum = 0;
	int known = 1;
	if (nfiles == 0) {
		known = fstat(0, &st) == 0 && S_ISREG(st.st_mode);
		if (known) {
			off_t pos = lseek(0, 0, SEEK_CUR);
			sum = (uint64_t)st.st_size - (uint64_t)(pos > 0 ? pos : 0);
		}
	}
	for (size_t i = 0; i < nfiles && known; i++) {
		if (stat(files[i], &st) == 0 && S_ISREG(st.st_mode))
			sum += (uint64_t)st.st_size;
		else
			known = 0;
	}
	p->total = known ? sum : 0;
	active = p;
	usage_set_before_report(clear_line);
}

static void fmt_time(char *out, size_t n, double s)
{
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(out, n, "%ld:%02ld", t / 60, t % 60);
}

void progress_tick(struct progress *p, uint64_t records, uint64_t bytes, const char *extra)
{
	if (!p->on || (++p->calls & 255))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (secs(&p->last, &now) < p->interval)
		return;
	p->last = now;
	double el = secs(&p->start, &now);
	char e[32], eta[48] = "";
	fmt_time(e, sizeof(e), el);
	if (p->total && bytes > 0 && bytes <= p->total) {
		char t[32];
		fmt_time(t, sizeof(t), el * (double)(p->total - bytes) / (double)bytes);
		snprintf(eta, sizeof(eta), "  %.0f%%  ETA %s", 100.0 * (double)bytes / (double)p->total, t);
	}
	fprintf(stderr, "\r\033[K%s: %llu records  %.0f/s  %.1f MB  %s%s%s%s", usage_prog(),
		(unsigned long long)records, el > 0 ? (double)records / el : 0.0, (double)bytes / 1048576.0, e, eta,
		extra && *extra ? "  " : "", extra ? extra : "");
	fflush(stderr);
	p->drawn = 1;
}

void progress_done(struct progress *p)
{
	if (active == p) {
		clear_line();
		active = NULL;
		usage_set_before_report(NULL);
	}
}
