/*
 * sarif: findings as a SARIF 2.1.0 log, the format code-scanning UIs
 * (GitHub, GitLab, VS Code's viewer) read. Results are accumulated during a
 * run and written once at the end. Each result carries the finding's
 * fingerprint under partialFingerprints["llmFingerprint/v2"] (a keyed HMAC,
 * keyfile.h; never the value or a plain hash of it) and the run names the
 * key in properties.llmFingerprintKeyId, so a SARIF report can serve as a
 * baseline later, under the same key.
 */
#ifndef LLM_SARIF_H
#define LLM_SARIF_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct sarif {
	const char *tool;
	const char *key_id;      /* run.properties.llmFingerprintKeyId, or NULL */
	struct buf results;
	size_t nresults;
	char **rules;
	size_t nrules;
	size_t last_rule;        /* index in rules of the last result's rule */
};

struct sarif_result {
	const char *rule_id;     /* finding type */
	const char *level;       /* "error", "warning", "note" */
	const char *message;
	const char *uri;         /* file; "stdin" when reading stdin */
	uint64_t line;           /* 1-based, 0 when unknown */
	int64_t byte_offset;     /* -1 when unknown */
	size_t byte_length;
	const char *fingerprint;
	const char *props_json;  /* extra "properties" object text, or NULL */
};

void sarif_init(struct sarif *s, const char *tool);
void sarif_add(struct sarif *s, const struct sarif_result *r);
/* Writes the log to path; returns 0 or -1 with err. */
int sarif_write(struct sarif *s, const char *path, char *err, size_t errlen);
void sarif_release(struct sarif *s);

#endif
