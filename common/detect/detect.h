/*
 * detect: finds PII and secrets in one UTF-8 string, with byte spans.
 *
 * The public face of common/detect/. A scan takes a decoded string (the value
 * of .text, .prompt, a message's content, ...) and appends findings whose
 * start/end are byte offsets into that string. Built-in detectors validate
 * what they can (Luhn, IBAN mod-97, SSN ranges, key formats, JWT headers)
 * so look-alikes stay quiet; custom detectors come from a rules file
 * (detect_rules_*) and run in the same scan.
 *
 * Nothing here prints or exits; errors come back as -1 with a message in a
 * caller-supplied buffer.
 */
#ifndef LLM_DETECT_H
#define LLM_DETECT_H

#include <stddef.h>
#include <stdint.h>

/* Built-in types, in the order their names are listed by detect_type_name(). */
enum detect_type {
	DETECT_EMAIL,
	DETECT_PHONE,
	DETECT_CREDIT_CARD,
	DETECT_IBAN,
	DETECT_US_SSN,
	DETECT_IP_ADDRESS,
	DETECT_AWS_ACCESS_KEY_ID,
	DETECT_AWS_SECRET_ACCESS_KEY,
	DETECT_GITHUB_TOKEN,
	DETECT_SLACK_TOKEN,
	DETECT_STRIPE_KEY,
	DETECT_OPENAI_API_KEY,
	DETECT_ANTHROPIC_API_KEY,
	DETECT_GOOGLE_API_KEY,
	DETECT_JWT,
	DETECT_PRIVATE_KEY,
	DETECT_PASSWORD,
	DETECT_GITLAB_TOKEN,
	DETECT_NPM_TOKEN,
	DETECT_PYPI_TOKEN,
	DETECT_HUGGINGFACE_TOKEN,
	DETECT_AZURE_STORAGE_KEY,
	DETECT_TWILIO_KEY,
	DETECT_SENDGRID_KEY,
	DETECT_MAILGUN_KEY,
	DETECT_SHOPIFY_TOKEN,
	DETECT_DATABRICKS_TOKEN,
	DETECT_AZURE_SAS_KEY,
	DETECT_NBUILTIN /* at most 32: detect_opts.disabled is a bit mask */
};

/* "email", "phone", ... for built-ins; NULL when type >= DETECT_NBUILTIN. */
const char *detect_type_name(int type);
/* Built-in type for a name, or -1. */
int detect_type_lookup(const char *name);
/* 1 for credential types (keys, tokens, private keys, passwords). */
int detect_type_is_secret(int type);

struct detect_finding {
	int type;             /* enum detect_type, or a rules-file type id (>= DETECT_NBUILTIN) */
	size_t start, end;    /* byte span [start, end) in the scanned string */
	double score;         /* confidence in [0, 1] */
	const char *detector; /* static or rules-owned name of what fired, e.g. "luhn" */
	const char *decoded;  /* NULL, or "base64" / "hex" / "percent": found inside that
	                         encoding; the span is then the encoded substring */
	int placeholder;      /* 1: a documentation value or template (detect_placeholder) */
};

struct fold;
struct detect_list {
	struct detect_finding *v;
	size_t n, alloc;
	struct fold *fold;  /* detect_scan()'s scratch, kept for the next scan */
};

#define DETECT_LIST_INIT { NULL, 0, 0, NULL }
void detect_list_push(struct detect_list *l, const struct detect_finding *f);
void detect_list_clear(struct detect_list *l);   /* n = 0, keeps memory */
void detect_list_release(struct detect_list *l); /* frees memory */
/* Sorts by start, then drops findings that overlap a stronger one
 * (higher score, then secret over PII, then longer span). */
void detect_list_resolve(struct detect_list *l);

/* How placeholders are told (placeholder.c; a rules file's "placeholders"). */
struct detect_placeholders {
	int enabled;                /* 0: no finding is marked */
	int builtin_values;         /* 1: the built-in published example values count */
	const char *const *values;  /* more exact values, owned by the caller */
	size_t nvalues;
};

struct phone_regions; /* detect/phone.h */

struct detect_opts {
	uint32_t disabled;   /* bit (1u << type) set: skip that built-in */
	int decode;          /* also scan base64/hex/percent-encoded substrings */
	const struct detect_placeholders *placeholders; /* NULL: the built-in rule */
	const struct phone_regions *phone_regions; /* regions national phone numbers
	                        are read for; NULL: PHONE_REGIONS_DEFAULT */
};

/* 1 when s[0, n), a value of a built-in secret type, is a placeholder:
 * a published example value (or one of p's), a run of one character or
 * of counting characters, a template ("${VAR}", "{{var}}", "<token>"), a
 * template word ("YOUR_KEY_HERE", "changeme", "EXAMPLE"), or a private key
 * block whose body is empty, elided or words. 0 for other types, and when
 * p says placeholders are off. p NULL: the built-in rule. */
int detect_placeholder(int type, const char *s, size_t n, const struct detect_placeholders *p);

/* Appends built-in findings for s[0, n). s need not be NUL-terminated and may
 * hold any bytes. Text with bytes >= 0x80 is scanned folded (fold.h:
 * fullwidth forms, invisible characters, other scripts' digits, ...), and
 * spans are byte offsets into s itself, covering any invisible character
 * inside a value. Findings are appended unsorted; call detect_list_resolve(). */
void detect_scan(const char *s, size_t n, const struct detect_opts *o,
		 struct detect_list *out);

/* Shannon entropy of s[0, n) in bits per byte. */
double detect_entropy(const char *s, size_t n);
/* Checksums shared with rules-file validators. */
int detect_luhn_ok(const char *digits, size_t n);          /* digits only */
int detect_iban_ok(const char *s, size_t n);               /* compact, no spaces */

/*
 * Rules-file detectors. A rules file's "detectors" array compiles into one
 * struct detect_rules; see man/llm-classify.1 for the format. Type ids for
 * rule types are DETECT_NBUILTIN + index into the rules' type table.
 */
struct detect_rules;

/* rules_json: the JSON text of the "detectors" array. Returns NULL and fills
 * err on a bad rule (naming it). */
struct detect_rules *detect_rules_new(const char *rules_json, size_t len,
				      char *err, size_t errlen);
void detect_rules_free(struct detect_rules *r);
size_t detect_rules_ntypes(const struct detect_rules *r);
/* Name of rule type id (>= DETECT_NBUILTIN); NULL when out of range. */
const char *detect_rules_type_name(const struct detect_rules *r, int type);
/* Class name a rule assigned to its type ("restricted", ...), or NULL. */
const char *detect_rules_type_class(const struct detect_rules *r, int type);
/* Runs every rule over s[0, n), appending findings; over the folded text
 * too when folding changes it (spans in s, a value both find once). */
void detect_rules_scan(const struct detect_rules *r, const char *s, size_t n,
		       struct detect_list *out);

#endif
