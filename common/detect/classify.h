/*
 * classify: from findings to a sensitivity class, as llm-classify does it.
 *
 * Holds the configuration a rules file gives (type -> class mapping, default
 * class, score threshold, disabled built-ins, custom detectors, record-level
 * jq rules, an allowlist and baseline of accepted fingerprints) and runs one
 * record through detectors and rules, producing the _llm.classify object.
 * llm-filter reuses it to find what to redact.
 */
#ifndef LLM_CLASSIFY_H
#define LLM_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/dataclass.h"
#include "detect/detect.h"
#include "core/jpath.h"
#include "core/keyfile.h"
#include "core/record.h"

#define CLASSIFY_FP_HEX FPKEY_HEX /* fingerprint: 128 bits of a keyed HMAC, hex */
#define CLASSIFY_KEY_ID_HEX 16     /* names the key, reveals nothing of it */
#define CLASSIFY_FP_VERSION "llmFingerprint/v2"

struct classify_finding {
	int type;
	const char *type_name;
	char *path;           /* owned: jq path of the analysed string */
	size_t start, end;
	double score;
	const char *detector;
	const char *decoded;
	int placeholder;      /* a documentation value or template: counts at most
			       * the rules file's placeholders.class (internal) */
	char fp[CLASSIFY_FP_HEX + 1];
};

struct classify_result {
	int cls;                         /* enum dataclass */
	const char *rule;                /* record rule that set the class, or NULL */
	struct classify_finding *f;
	size_t n, alloc;
	size_t suppressed;               /* findings dropped by allowlist/baseline */
	size_t outside;                  /* findings outside --field: they count for
					  * the class but are not listed */
};

struct classify;

/* A configuration with the defaults and no rules file. */
struct classify *classify_new(void);
void classify_free(struct classify *c);
/* Loads a rules file (see man/llm-classify.1). Returns 0 or -1 with err. */
int classify_load_rules(struct classify *c, const char *path, char *err, size_t errlen);
/* Adds the fingerprints of a baseline file (a --write-baseline file or a
 * SARIF report with partialFingerprints). Returns 0 or -1 with err. */
int classify_load_baseline(struct classify *c, const char *path, char *err, size_t errlen);
void classify_set_decode(struct classify *c, int on);
void classify_set_threshold(struct classify *c, double t);
/* on: remember the findings of the last few short strings scanned, and
 * answer a string seen again from there instead of scanning it again (the
 * same bytes give the same findings whatever their path). For inputs whose
 * records repeat strings: the raw modes' "source" is one file name for
 * every line of the file. Off by default; 0 frees what was kept. */
void classify_set_memo(struct classify *c, int on);
/* The regions national phone numbers are read for: a comma list of
 * two-letter codes (phone.h). Replaces a rules file's "phone.regions".
 * Returns 0, or -1 with err naming the bad code. */
int classify_set_regions(struct classify *c, const char *list, char *err, size_t errlen);
/* The list in force, "US,GB,...". */
const char *classify_regions(const struct classify *c);

/* Type name for a finding type id (built-in or rules-file). */
const char *classify_type_name(const struct classify *c, int type);
int classify_type_class(const struct classify *c, int type);
/* The class one finding counts for: its type's, capped for placeholders. */
int classify_finding_class(const struct classify *c, const struct classify_finding *f);
/* Number of known types (built-in + rules-file), for summaries. */
int classify_ntypes(const struct classify *c);

/* Runs detectors over the record's texts and the record rules; fills res
 * (cleared first). Returns 0, or -1 with err when a record rule failed to
 * run (the caller turns that into an error record). */
int classify_record(struct classify *c, const struct record *r, const struct jpath *fields,
		    size_t nfields, struct classify_result *res, char *err, size_t errlen);
/* Scans one decoded string as classify_record() scans each text, appending
 * findings (reported at path) to res without clearing it. */
void classify_scan_text(struct classify *c, const char *s, size_t n, const char *path,
			struct classify_result *res);
/* Sets the fingerprint key (keyfile.h). Until it is set, classify_new()'s
 * random key is used: fingerprints then match no saved baseline. */
void classify_set_key(struct classify *c, const unsigned char key[KEYFILE_LEN]);
/* The fingerprint of a finding: fpkey_fingerprint() under c's key. */
void classify_fingerprint(const struct classify *c, const char *type, const char *val, size_t n,
			  char out[CLASSIFY_FP_HEX + 1]);
/* A short id of c's key (the fingerprint of an empty "key-id" value, cut
 * to 64 bits), saved with a baseline so one made under another key is
 * refused instead of silently matching nothing. */
void classify_key_id(const struct classify *c, char out[CLASSIFY_KEY_ID_HEX + 1]);
/* The keyed id of a record without one: fpkey_id() under c's key. */
void classify_record_id(const struct classify *c, const void *p, size_t n,
			char out[FPKEY_ID_LEN + 1]);
/* The same id, for records whose first head bytes repeat: fpkey_id_head(). */
void classify_record_id_head(const struct classify *c, const void *p, size_t n, size_t head,
			     char out[FPKEY_ID_LEN + 1]);
/* 1 when fp is on the allowlist or a loaded baseline. */
int classify_is_accepted(const struct classify *c, const char *fp);

/* The class the rules file's record rules give r (the first that matches),
 * or -1 in *cls when none does. Returns 0, or -1 with err. */
int classify_rules_class(struct classify *c, const struct record *r, int *cls, char *err, size_t errlen);

/* Appends res as the JSON object of _llm.classify. */
void classify_result_json(const struct classify *c, const struct classify_result *res,
			  struct buf *out);
void classify_result_release(struct classify_result *res);

#endif
