/*
 * entry: one ledger entry: the columns of the entries table, what
 * llm-audit extracts from a record into them, and the canonical envelope
 * (canon.h) whose RFC 6962 leaf hash the Merkle log is built over.
 *
 * An entry never holds the record itself: its payload lives in the
 * separate, erasable payloads table, and the envelope carries only a keyed
 * digest of it (payload_mac, HMAC-SHA256 under the ledger's payload key),
 * so erasing a payload leaves every leaf, and so every proof, intact.
 *
 * Durations are whole microseconds and money whole micro-dollars: no float
 * ever reaches a hashed envelope.
 */
#ifndef LLM_AUDIT_ENTRY_H
#define LLM_AUDIT_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/record.h"

#define ENTRY_VERSION 1
#define ENTRY_MAC_LEN 32

/* The columns, in the table's order. */
enum entry_field {
	EF_SEQ,            /* int: 0-based, gapless: the Merkle leaf index */
	EF_TS_US,          /* int: when appended, microseconds since the epoch (UTC) */
	EF_KIND,           /* text: record | erase | feedback */
	EF_REC_ID,         /* text: the record's .id (or _llm.id) */
	EF_WORKLOAD,       /* text: .workload, else _llm.route.workload */
	EF_CLASS,          /* text: _llm.classify.class */
	EF_FINDINGS,       /* text: finding types, sorted, comma-separated */
	EF_FILTER_IN,      /* text: the input stage's verdict */
	EF_FILTER_OUT,     /* text: the output stage's verdict */
	EF_BACKEND,        /* text: _llm.infer.backend, else _llm.route.backend */
	EF_RULE,           /* text: _llm.route.rule */
	EF_POLICY,         /* text: _llm.route.policy ("sha256:...") */
	EF_DENIED,         /* int: 1 when the route was denied */
	EF_PROVIDER,       /* text: _llm.infer.provider */
	EF_MODEL,          /* text: _llm.infer.model */
	EF_STATUS,         /* text: ok | error | blocked | denied (null: not run) */
	EF_FINISH_REASON,  /* text: _llm.infer.finish_reason */
	EF_ERROR_CODE,     /* text: _llm.error.code */
	EF_LATENCY_US,     /* int: _llm.infer.latency_ms * 1000 */
	EF_TTFT_US,        /* int: _llm.infer.ttft_ms * 1000 */
	EF_INPUT_TOKENS,   /* int */
	EF_OUTPUT_TOKENS,  /* int */
	EF_COST_MICRO_USD, /* int: _llm.infer.cost_usd * 1e6 */
	EF_ATTEMPTS,       /* int: number of backend attempts */
	EF_PROMPT_BYTES,   /* int: bytes of the prompt text */
	EF_OUTPUT_BYTES,   /* int: bytes of _llm.infer.output */
	EF_NOTE,           /* text: erase: the erased entries ("3,7-9"); feedback: {"label","score_milli"} */
	EF_PAYLOAD_MAC,    /* blob(32): HMAC-SHA256 of the payload; absent when none */
	EF_COUNT
};

enum entry_type { ENTRY_INT, ENTRY_TEXT, ENTRY_BLOB };

struct entry_field_info {
	const char *name;
	enum entry_type type;
};
extern const struct entry_field_info entry_fields[EF_COUNT];

struct entry_val {
	int set;
	int64_t i;      /* ENTRY_INT */
	const char *s;  /* ENTRY_TEXT, ENTRY_BLOB: not owned */
	size_t n;
};

struct entry {
	struct entry_val f[EF_COUNT];
};

/* Storage for the strings entry_from_record() decodes. */
struct entry_scratch {
	struct buf b[EF_COUNT];
};

void entry_clear(struct entry *e);
void entry_set_text(struct entry *e, enum entry_field f, const char *s, size_t n);
void entry_set_int(struct entry *e, enum entry_field f, int64_t v);

void entry_scratch_init(struct entry_scratch *sc);
void entry_scratch_release(struct entry_scratch *sc);

/* Fills e (kind "record", no seq, ts or mac) from a parsed record; strings
 * point into sc. */
void entry_from_record(struct entry *e, struct entry_scratch *sc, const struct record *r);

/* Fills e (kind "feedback") from a feedback line {id, score|label,
 * comment}: rec_id is the id, note the canonical {"label","score_milli"}
 * (the score times 1000, rounded). The comment stays in the payload.
 * Returns 0, or -1 with the reason in msg. */
int entry_from_feedback(struct entry *e, struct entry_scratch *sc, const struct record *r, char *msg, size_t msglen);

/* Appends the canonical envelope (canon.h) of e: every set column except
 * none, plus "v": ENTRY_VERSION. Returns 0, or -1 when a text column is not
 * valid UTF-8 (possible only in a tampered database). */
int entry_envelope(const struct entry *e, struct buf *out);
/* The same, and *seq_at gets the offset in out of the seq member's value
 * (e's seq must be set): what precedes it does not depend on the seq. */
int entry_envelope_seq(const struct entry *e, struct buf *out, size_t *seq_at);

/* Parses an erase entry's note ("3,7-9": entries and inclusive ranges,
 * ascending, no overlap) calling fn for each range. Returns 0, or -1 when
 * malformed. */
int entry_note_ranges(const char *s, size_t n, int (*fn)(void *ctx, int64_t lo, int64_t hi), void *ctx);

#endif
