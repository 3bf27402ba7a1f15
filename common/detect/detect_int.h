/*
 * detect_int.h: what the files of common/detect/ share and nobody else sees.
 *
 * The scan driver (detect.c) walks the string once, stopping only at
 * "trigger" bytes (digits, upper case, '-', '_', ':', '=', '@', ...; see
 * DT_TRIG), and hands each trigger to the detectors that can start there.
 * Every dt_* detector below reads the string through a struct dt_ctx, checks
 * its own word boundaries, and returns the end offset of what it reported
 * (so the driver can skip over it) or 0 when it reported nothing.
 */
#ifndef LLM_DETECT_INT_H
#define LLM_DETECT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "detect/detect.h"

/* Byte classes (dt_ctab). Non-ASCII bytes have none: they count as word
 * boundaries, so "電話4111111111111111" still finds the card. */
enum {
	DT_DIGIT = 1 << 0,   /* 0-9 */
	DT_UPPER = 1 << 1,   /* A-Z */
	DT_LOWER = 1 << 2,   /* a-z */
	DT_WORD = 1 << 3,    /* [A-Za-z0-9_]: what \b means */
	DT_B64 = 1 << 4,     /* [A-Za-z0-9+/] */
	DT_HEX = 1 << 5,     /* [0-9A-Fa-f] */
	DT_URL64 = 1 << 6,   /* [A-Za-z0-9_-] (base64url, most key bodies) */
	DT_LOCAL = 1 << 7,   /* [A-Za-z0-9._%+-]: e-mail local part */
	DT_TRIG = 1 << 8,    /* bytes 0x30-0x5A, '_' and '-': where the driver stops */
	DT_DOMAIN = 1 << 9,  /* [A-Za-z0-9-]: a DNS label */
};

extern const uint16_t dt_ctab[256];
#define DT_IS(c, f) (dt_ctab[(unsigned char)(c)] & (f))

struct dt_ctx {
	const unsigned char *s;
	size_t n;
	struct detect_list *out;
	size_t out0;             /* out->n when this scan began: older findings are the caller's */
	uint32_t disabled;
	const char *decoded;     /* tag put on findings (NULL for a plain scan) */
	size_t aws_end;          /* end of the last 40-char run checked as an AWS secret */
	size_t ip6_end;          /* end of the last IPv6 candidate parsed */
	size_t pem_end_from;     /* cache: next "-----END " at or after this offset ... */
	size_t pem_end_at;       /* ... is here (n when there is none) */
	int pem_end_valid;
	size_t prose_end;        /* dt_pw_prose: the token before here was turned down */
};

static inline int dt_on(const struct dt_ctx *c, int type)
{
	return !(c->disabled & (1u << type));
}

void dt_emit(struct dt_ctx *c, int type, size_t a, size_t b, double score, const char *det);

/* 1 when s[i] is outside the string or not a word byte: a left boundary
 * check reads s[i - 1], a right one s[end]. */
static inline int dt_nonword_at(const struct dt_ctx *c, size_t i)
{
	return i >= c->n || !DT_IS(c->s[i], DT_WORD);
}
static inline int dt_left_ok(const struct dt_ctx *c, size_t t)
{
	return t == 0 || !DT_IS(c->s[t - 1], DT_WORD);
}
static inline size_t dt_run(const struct dt_ctx *c, size_t i, unsigned cls, size_t max)
{
	size_t j = i, lim = c->n - i > max ? i + max : c->n;
	while (j < lim && DT_IS(c->s[j], cls))
		j++;
	return j;
}

/* A separator people type between the digit groups of a value: a space, a
 * tab, '-', '.' or '/'. Values may mix them ("4111 1111-1111.1111"). */
static inline int dt_is_sep(unsigned char ch)
{
	return ch == ' ' || ch == '-' || ch == '.' || ch == '/' || ch == '\t';
}

/* 1 when the digits at t follow another digit group and a separator
 * ("1234 5678", "12-34"): t is then the inside of a longer number. */
static inline int dt_after_group(const struct dt_ctx *c, size_t t)
{
	return t > 1 && dt_is_sep(c->s[t - 1]) && DT_IS(c->s[t - 2], DT_DIGIT);
}

/* Case-insensitive search for ASCII word w (lower case) in s[a, b). */
int dt_ci_find(const unsigned char *s, size_t a, size_t b, const char *w);

/* pii.c */
size_t dt_email(struct dt_ctx *c, size_t at);
size_t dt_phone(struct dt_ctx *c, size_t t);
/* Numbers libphonenumber holds valid for a region of the list (NULL: the
 * built-in one), over the whole string: a pass of its own after the driver's
 * (phone.h says why the pre-scan is strict). */
struct phone_regions;
void dt_phone_scan(struct dt_ctx *c, const struct phone_regions *regions);
size_t dt_ipv4(struct dt_ctx *c, size_t t);
size_t dt_ipv6(struct dt_ctx *c, size_t colon);

/* finance.c: a word that starts with a digit (cards, SSNs, phones, IPv4)
 * and one that starts with an upper-case pair (IBAN). */
size_t dt_numeric(struct dt_ctx *c, size_t t);
size_t dt_iban(struct dt_ctx *c, size_t t);

/* secrets.c */
size_t dt_keys(struct dt_ctx *c, size_t t);        /* key formats at a word start */
size_t dt_aws_secret(struct dt_ctx *c, size_t t);
size_t dt_azure_key(struct dt_ctx *c, size_t t);     /* 88-byte base64 key beside "storage ... key" */
size_t dt_pem(struct dt_ctx *c, size_t dash);
size_t dt_assign(struct dt_ctx *c, size_t sep);    /* password = value */
size_t dt_userinfo(struct dt_ctx *c, size_t at);   /* scheme://user:PASS@host */
size_t dt_pw_prose(struct dt_ctx *c, size_t t, size_t we); /* "the password is X" */
int dt_placeholder(const unsigned char *v, size_t n);
size_t dt_xml(struct dt_ctx *c, size_t gt);        /* <password>value</password> */
size_t dt_setprop(struct dt_ctx *c, size_t t);     /* setProperty("x.password", "value") */
size_t dt_credcall(struct dt_ctx *c, size_t t, size_t we); /* NetworkCredential("u", "pw"), ConvertTo-SecureString */

/* detect.c: maps findings out->v[first..] from folded to original offsets
 * (dropping any whose span is not inside the folded text). */
struct fold;
void dt_unfold(const struct fold *f, struct detect_list *out, size_t first);

/* decode.c */
void dt_decode_scan(const char *s, size_t n, const struct detect_opts *o,
		    struct detect_list *out);

#endif
