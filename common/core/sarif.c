/*
 * sarif: SARIF 2.1.0 writer; see sarif.h.
 */
#include "core/sarif.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

void sarif_init(struct sarif *s, const char *tool)
{
	memset(s, 0, sizeof(*s));
	s->tool = tool;
	buf_init(&s->results);
}

void sarif_release(struct sarif *s)
{
	buf_release(&s->results);
	for (size_t i = 0; i < s->nrules; i++)
		free(s->rules[i]);
	free(s->rules);
	memset(s, 0, sizeof(*s));
}

static void note_rule(struct sarif *s, const char *id)
{
	/* the same rule as the last result: the common case, no search */
	if (s->nrules && !strcmp(s->rules[s->last_rule], id))
		return;
	for (size_t i = 0; i < s->nrules; i++)
		if (!strcmp(s->rules[i], id)) {
			s->last_rule = i;
			return;
		}
	s->last_rule = s->nrules;
	char **n = realloc(s->rules, (s->nrules + 1) * sizeof(*n));
	if (!n)
		abort();
	s->rules = n;
	s->rules[s->nrules++] = strdup(id);
}

static void put_str(struct buf *b, const char *s)
{
	json_escape(b, s, strlen(s));
}

void sarif_add(struct sarif *s, const struct sarif_result *r)
{
	struct buf *b = &s->results;
	note_rule(s, r->rule_id);
	if (s->nresults++)
		buf_putc(b, ',');
	buf_puts(b, "{\"ruleId\":");
	put_str(b, r->rule_id);
	buf_puts(b, ",\"level\":");
	put_str(b, r->level);
	buf_puts(b, ",\"message\":{\"text\":");
	put_str(b, r->message);
	buf_puts(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	put_str(b, r->uri);
	buf_puts(b, "}");
	if (r->line || r->byte_offset >= 0) {
		buf_puts(b, ",\"region\":{");
		int comma = 0;
		if (r->line) {
			buf_puts(b, "\"startLine\":");
			buf_putu(b, r->line);
			comma = 1;
		}
		if (r->byte_offset >= 0) {
			buf_puts(b, comma ? ",\"byteOffset\":" : "\"byteOffset\":");
			buf_putu(b, (unsigned long long)r->byte_offset);
			buf_puts(b, ",\"byteLength\":");
			buf_putu(b, r->byte_length);
		}
		buf_putc(b, '}');
	}
	buf_puts(b, "}}]");
	if (r->fingerprint) {
		buf_puts(b, ",\"partialFingerprints\":{\"llmFingerprint/v2\":");
		put_str(b, r->fingerprint);
		buf_putc(b, '}');
	}
	if (r->props_json) {
		buf_puts(b, ",\"properties\":");
		buf_puts(b, r->props_json);
	}
	buf_putc(b, '}');
}

int sarif_write(struct sarif *s, const char *path, char *err, size_t errlen)
{
	struct buf out = BUF_INIT;
	buf_puts(&out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
		       "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":");
	put_str(&out, s->tool);
	buf_puts(&out, ",\"version\":\"" LLM_VERSION "\",\"informationUri\":\"man:");
	buf_puts(&out, s->tool);
	buf_puts(&out, "(1)\",\"rules\":[");
	for (size_t i = 0; i < s->nrules; i++) {
		if (i)
			buf_putc(&out, ',');
		buf_puts(&out, "{\"id\":");
		put_str(&out, s->rules[i]);
		buf_puts(&out, ",\"shortDescription\":{\"text\":");
		struct buf d = BUF_INIT;
		buf_printf(&d, "%s found", s->rules[i]);
		put_str(&out, d.p);
		buf_release(&d);
		buf_puts(&out, "}}");
	}
	buf_puts(&out, "]}},");
	if (s->key_id) {
		buf_puts(&out, "\"properties\":{\"llmFingerprintKeyId\":");
		put_str(&out, s->key_id);
		buf_puts(&out, "},");
	}
	buf_puts(&out, "\"results\":[");
	/* The results go out from their own buffer: no copy of the biggest
	 * part of the log. */
	static const char tail[] = "]}]}\n";
	FILE *f = !strcmp(path, "-") ? stdout : fopen(path, "w");
	int rc = 0;
	if (!f || fwrite(out.p, 1, out.len, f) != out.len ||
	    (s->results.len && fwrite(s->results.p, 1, s->results.len, f) != s->results.len) ||
	    fwrite(tail, 1, sizeof(tail) - 1, f) != sizeof(tail) - 1) {
		snprintf(err, errlen, "cannot write SARIF to '%s': %s", path, strerror(errno));
		rc = -1;
	}
	if (f && f != stdout && fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, "cannot write SARIF to '%s': %s", path, strerror(errno));
		rc = -1;
	}
	buf_release(&out);
	return rc;
}
