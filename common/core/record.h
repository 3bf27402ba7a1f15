/*
 * record: the record contract (man/llm-records.7) as code.
 *
 * A record is one NDJSON line holding a JSON object. Tools add what they
 * learn under the reserved top-level key "_llm", one member per tool, and
 * never touch the user's own fields. record_write() splices new _llm members
 * into the original bytes, so a record's fields keep their order, spacing
 * and number formatting, and the hot path never re-serialises JSON.
 *
 * A line that is not a usable record becomes an error record that keeps its
 * bytes: {"raw": "<line>", "_llm": {"error": {tool, code, message, line}}}.
 */
#ifndef LLM_RECORD_H
#define LLM_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/jpath.h"

enum record_status {
	RECORD_OK = 0,
	RECORD_NOT_JSON,   /* the line is not valid JSON (or not UTF-8) */
	RECORD_NOT_OBJECT, /* valid JSON, but an array, string, number, ... */
	RECORD_BAD_LLM,    /* an object whose reserved "_llm" is not an object */
	RECORD_TOO_LONG,   /* the line exceeded --max-line */
	RECORD_DUPLICATE_KEY, /* an object (at any depth) holds a key twice */
};

struct record {
	const char *p;
	size_t n;
	struct json_span root;
	struct json_index idx;  /* top-level members */
	struct json_span llm;   /* the _llm object, or JSON_NONE */
	struct buf *walk;       /* record_texts()'s scratch (3 buffers), owned */
	/* A record built by the caller (record_adopt()) may come with one
	 * string's decoded value at hand: dec_tok is that string's token in
	 * p (NULL: none), dec its value, not to be decoded again. */
	const char *dec_tok, *dec;
	size_t dec_n;
	/* record_adopt(): each member's key is a plain name ([A-Za-z_] and
	 * digits, no escapes) and its value a string or number, so
	 * record_texts() need not walk it (the raw modes' records) */
	int flat;
};

void record_init(struct record *r);
void record_release(struct record *r);

/* Scans one line. Returns RECORD_OK or another enum record_status, with a
 * human-readable reason in msg (msglen bytes). */
int record_parse(struct record *r, const char *p, size_t n, char *msg, size_t msglen);
/* Takes a record built by the caller (input.c's raw modes) as valid JSON
 * with these top-level members, none of them "_llm", without scanning it
 * again. Returns RECORD_OK. */
int record_adopt(struct record *r, const char *p, size_t n, const struct json_member *m, size_t k);
/* Short machine code for a status: "not_json", "not_object", ... */
const char *record_status_code(int status);

/* _llm.<key>, or a JSON_NONE span. */
struct json_span record_llm_get(const struct record *r, const char *key);
/* Top-level field, or a JSON_NONE span. */
struct json_span record_get(const struct record *r, const char *key);

/* 1 when later tools must pass the record through untouched: it carries
 * _llm.error, a block verdict from llm-filter, or a denied route. */
int record_is_settled(const struct record *r);

/* Called with each string analysed: path is its concrete jq path. An
 * object key is handed over as its own string, with the path
 * "(<object's path>|keys_unsorted[N])". */
typedef void (*record_text_fn)(void *ctx, const char *path, size_t pathlen, struct json_span str);
/* The strings to analyse. With no fields: every string of the record, at
 * any depth, object keys included, except the toolkit's own top-level _llm
 * (so a record's class describes all of it: whatever a backend may be sent
 * is among them; see content.h). With fields, every string value each path
 * reaches. */
void record_texts(const struct record *r, const struct jpath *fields, size_t nfields,
		  record_text_fn fn, void *ctx);
/* The prompt's texts only, for token estimates: .text, else .prompt, else
 * each .messages[i].content (a string, or the parts' .text). */
void record_prompt_texts(const struct record *r, record_text_fn fn, void *ctx);

/* The record's identity: SHA-256 over its members but _llm (keys and
 * values as written, in order), as 64 hex digits. Two runs of the same
 * line agree whatever the tools added under _llm. */
void record_identity(const struct record *r, unsigned char out[32]);
void record_identity_hex(const struct record *r, char out[65]);

/* One member to set inside _llm; val is JSON text. */
struct record_set {
	const char *key;
	const char *val;
	size_t len;
};

/* Appends the record with the given _llm members set (replacing members of
 * the same name) to out, without a newline. */
void record_write(struct buf *out, const struct record *r, const struct record_set *set,
		  size_t nset);

/* A replacement of one string value of the record: span is the string's
 * JSON token inside the record's bytes (as record_texts() hands it out),
 * text the new decoded value. Used by redaction, the one change the contract
 * allows to the user's fields. */
struct record_edit {
	struct json_span span;
	const char *text;
	size_t len;
};

/* Like record_write(), with string values replaced. Edits must not overlap
 * and need not be sorted; an edit may lie inside _llm (llm-filter's output
 * stage rewrites _llm.infer.output) but not inside a member being set. */
void record_write_edits(struct buf *out, const struct record *r, struct record_edit *edits,
			size_t nedits, const struct record_set *set, size_t nset);

/* Where a bad line came from, for its error record. */
struct record_origin {
	const char *source;  /* file name; NULL or "-" for stdin */
	uint64_t line;       /* 1-based, 0 when not line-based */
	size_t full_len;     /* the line's full length (> n when it was cut) */
};

/* Appends an error record for a line that could not be processed. The
 * line's bytes are kept in "raw"; when they are not valid UTF-8, "raw"
 * shows U+FFFD for the bad bytes and "raw_base64" holds the exact bytes.
 * A line cut at --max-line keeps its head with "raw_truncated": true. */
void record_write_error(struct buf *out, const char *line, size_t n, const char *tool,
			const char *code, const char *msg, const struct record_origin *o);

/* Builds {"tool","code","message","line"[,"source"]} for _llm.error. */
void record_error_json(struct buf *out, const char *tool, const char *code, const char *msg,
		       const struct record_origin *o);

#endif
