/*
 * exitcode: the one exit-status table every binary shares (llm-records(7),
 * item 6). Man pages repeat it; nothing else in the tree picks a number.
 *
 * Each comment below begins with the words that begin the code's item in
 * every man page's EXIT STATUS (up to the first ':' or '('): tests/docs.bats
 * reads them from here and holds each page to them, to the codes listed
 * here and to the order exitcode_rank() gives.
 */
#ifndef LLM_EXITCODE_H
#define LLM_EXITCODE_H

enum exitcode {
	EXITCODE_OK = 0,        /* Success */
	EXITCODE_FOUND = 1,     /* The check found something (--fail-on, verify, drift) */
	EXITCODE_USAGE = 2,     /* Usage error: a bad command line */
	EXITCODE_CONFIG = 3,    /* Configuration error: policy, rules, model file or credentials unusable */
	EXITCODE_BADINPUT = 4,  /* Some input lines were not records (kept as error records) */
	EXITCODE_BACKEND = 5,   /* Some records failed at their backends after all fallbacks */
	EXITCODE_BUDGET = 6,    /* A budget or cost limit stopped work */
	EXITCODE_IO = 7,        /* I/O or system error */
};

/*
 * Statuses no code picks: a signal's, 128 + its number, as a shell reports
 * a process the signal ended. SIGHUP, SIGINT and SIGTERM end a run after
 * the current record (sigstop.h), then are raised again; SIGPIPE keeps its
 * default. Never merged with the table above: the signal wins.
 */
enum exitcode_signal {
	EXITCODE_SIGHUP = 129,  /* Stopped by SIGHUP after the current record */
	EXITCODE_SIGINT = 130,  /* Stopped by SIGINT after the current record */
	EXITCODE_SIGPIPE = 141, /* Killed by SIGPIPE (the reader went away) */
	EXITCODE_SIGTERM = 143, /* Stopped by SIGTERM after the current record */
};

/*
 * When several apply, the most severe wins, in this order:
 * 7 (I/O) > 3 (config) > 2 (usage) > 6 (budget) > 5 (backend) > 4 (bad input) > 1 (found) > 0.
 * The reasoning: a run that could not read or write cannot vouch for anything
 * else it reports, and a CI gate must not mistake "input was broken" for
 * "input was checked and found clean".
 */
static inline int exitcode_rank(int code)
{
	switch (code) {
	case EXITCODE_IO: return 7;
	case EXITCODE_CONFIG: return 6;
	case EXITCODE_USAGE: return 5;
	case EXITCODE_BUDGET: return 4;
	case EXITCODE_BACKEND: return 3;
	case EXITCODE_BADINPUT: return 2;
	case EXITCODE_FOUND: return 1;
	default: return 0;
	}
}

static inline int exitcode_merge(int a, int b)
{
	return exitcode_rank(b) > exitcode_rank(a) ? b : a;
}

#endif
