/*
 * budget: the per-workload daily usage ledger behind a policy's budgets,
 * kept in a small SQLite state file (llm-route --state FILE) that any
 * number of concurrent runs share.
 *
 * A charge is a check-and-add in one BEGIN IMMEDIATE transaction, so two
 * processes racing for the last tokens of a budget cannot both win: the
 * sum admitted never exceeds the ceiling. Days are UTC calendar days.
 * Amounts are integers (tokens, micro-dollars): no float rounding drift.
 */
#ifndef LLM_BUDGET_H
#define LLM_BUDGET_H

#include <stddef.h>

struct budget_state;

/* Opens (creating when missing) the state file. Returns NULL with err. */
struct budget_state *budget_open(const char *path, char *err, size_t errlen);
void budget_close(struct budget_state *s);

/* The usage so far of workload on day ("YYYY-MM-DD"). Returns 0 or -1. */
int budget_usage(struct budget_state *s, const char *workload, const char *day, long long *tokens,
		 long long *micro_usd, char *err, size_t errlen);

/*
 * Adds (tokens, micro_usd) to workload's usage on day if the result stays
 * within the ceilings (0 = no ceiling). Returns 1 when charged, 0 when it
 * would exceed (nothing charged; *used_tokens and *used_micro say where usage
 * stands), -1 on a database error.
 */
int budget_charge(struct budget_state *s, const char *workload, const char *day, long long tokens,
		  long long micro_usd, long long max_tokens, long long max_micro_usd, long long *used_tokens,
		  long long *used_micro, char *err, size_t errlen);

/*
 * Receipts: a charge remembered by a random id (BUDGET_RECEIPT_LEN hex
 * digits) that llm-route writes into _llm.route.charge, tied to the record's
 * identity (record_identity_hex: its content without _llm), workload and
 * day. _llm is not evidence, so an id only counts when the state file holds
 * it for the same record, workload and day. The file keeps HMAC(salt,
 * identity) under a random salt of its own (table budget_meta), never the
 * content hash itself, which a short record could be found again from.
 *
 * budget_charge_once() is budget_charge() for a record that may carry such
 * an id (claimed, or NULL): when the id holds and is unconsumed it returns 2
 * and charges nothing (llm-route over its own output charges once); else it
 * charges as budget_charge() and, when charged (1), writes a new receipt's id
 * to id_out. budget_consume() is llm-infer's side: 1 when the id held and is
 * now consumed, 0 when the record was never charged (or its receipt was used
 * already), -1 on a database error.
 */
#define BUDGET_RECEIPT_LEN 32
int budget_charge_once(struct budget_state *s, const char *identity, const char *claimed, const char *workload,
		       const char *day, long long tokens, long long micro_usd, long long max_tokens,
		       long long max_micro_usd, long long *used_tokens, long long *used_micro,
		       char id_out[BUDGET_RECEIPT_LEN + 1], char *err, size_t errlen);
int budget_consume(struct budget_state *s, const char *identity, const char *id, const char *workload,
		   const char *day, char *err, size_t errlen);

/*
 * Takes back a charge budget_charge_once() made (1), by its receipt id:
 * the receipt goes and (tokens, micro_usd) come off workload's usage on
 * day, in one transaction. For a record whose line never reached the
 * output (llm-route on a full disk): what is charged is what was written.
 * A receipt already consumed is left alone. Returns 1 when refunded, 0
 * when there was nothing to refund, -1 on a database error.
 */
int budget_refund(struct budget_state *s, const char *id, const char *workload, const char *day, long long tokens,
		  long long micro_usd, char *err, size_t errlen);

/* Today's UTC day as "YYYY-MM-DD" (LLM_NOW, seconds since the epoch,
 * overrides the clock for tests). */
void budget_today(char out[11]);

#endif
