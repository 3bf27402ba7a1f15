/*
 * exitcode: the one exit-status table every binary shares (llm-records(7),
 * item 6). Man pages repeat it; nothing else in the tree picks a number.
 */
#ifndef LLM_EXITCODE_H
#define LLM_EXITCODE_H

enum exitcode {
	EXITCODE_OK = 0,        /* success */
	EXITCODE_FOUND = 1,     /* the check found something (--fail-on, verify, drift) */
	EXITCODE_USAGE = 2,     /* bad command line */
	EXITCODE_CONFIG = 3,    /* policy, rules, model file or credentials unusable */
	EXITCODE_BADINPUT = 4,  /* some input lines were not records (kept as error records) */
	EXITCODE_BACKEND = 5,   /* some records failed at every backend */
	EXITCODE_BUDGET = 6,    /* a budget or cost limit stopped work */
	EXITCODE_IO = 7,        /* I/O or system error */
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
