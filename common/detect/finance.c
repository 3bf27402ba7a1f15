/*
 * finance.c: payment cards (Luhn + issuer ranges), IBANs (mod-97 + the
 * registry length of the country), US social security numbers (the ranges
 * the SSA never issues), and the dispatcher for words that start with a
 * digit, which also hands phones and IPv4 addresses to pii.c.
 *
 * Checksums carry the weight here: a Luhn-valid number with a known issuer
 * prefix and length, or a mod-97-valid IBAN of the right length, is almost
 * never a coincidence, so these score near 1.
 */
#include <stdint.h>
#include <string.h>

#include "detect/detect_int.h"

int detect_luhn_ok(const char *digits, size_t n)
{
	if (n < 2)
		return 0;
	unsigned sum = 0;
	int dbl = 0;
	for (size_t i = n; i-- > 0;) {
		unsigned d = (unsigned)(unsigned char)digits[i] - '0';
		if (d > 9)
			return 0;
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

/* The SWIFT IBAN registry: country code and total length. */
static const struct {
	char cc[3];
	unsigned char len;
} iban_len[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 },
	{ "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 }, { "BR", 29 }, { "BY", 28 },
	{ "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DJ", 27 },
	{ "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 },
	{ "FK", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
	{ "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HN", 28 }, { "HR", 21 }, { "HU", 28 },
	{ "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 }, { "JO", 30 },
	{ "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 },
	{ "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 },
	{ "MK", 19 }, { "MN", 20 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 },
	{ "NL", 18 }, { "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
	{ "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 }, { "SA", 24 },
	{ "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 },
	{ "SO", 23 }, { "ST", 25 }, { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 },
	{ "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 }, { "YE", 30 },
};

/* Registry length for a country code, or 0. */
static int iban_country_len(unsigned char a, unsigned char b)
{
	for (size_t i = 0; i < sizeof(iban_len) / sizeof(iban_len[0]); i++)
		if (iban_len[i].cc[0] == a && iban_len[i].cc[1] == b)
			return iban_len[i].len;
	return 0;
}

static unsigned char upc(unsigned char ch)
{
	return ch >= 'a' && ch <= 'z' ? (unsigned char)(ch - 32) : ch;
}

int detect_iban_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n < 15 || n > 34)
		return 0;
	if (!DT_IS(s[0], DT_UPPER | DT_LOWER) || !DT_IS(s[1], DT_UPPER | DT_LOWER) ||
	    !DT_IS(s[2], DT_DIGIT) || !DT_IS(s[3], DT_DIGIT))
		return 0;
	if (iban_country_len(upc(s[0]), upc(s[1])) != (int)n)
		return 0;
	/* Move the first four to the end, letters become 10..35, mod 97. */
	unsigned rem = 0;
	for (size_t k = 0; k < n; k++) {
		unsigned char ch = upc(s[(k + 4) % n]);
		if (DT_IS(ch, DT_DIGIT))
			rem = (rem * 10 + (ch - '0')) % 97;
		else if (ch >= 'A' && ch <= 'Z')
			rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

/* An IBAN in any case ("gb82west…" is the same account), compact or in
 * the paper form's groups of four, separated by any of dt_is_sep. */
size_t dt_iban(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	const unsigned alpha = DT_UPPER | DT_LOWER, alnum = DT_UPPER | DT_LOWER | DT_DIGIT;
	if (!dt_on(c, DETECT_IBAN) || t + 15 > n || !dt_left_ok(c, t))
		return 0;
	if (!DT_IS(s[t], alpha) || !DT_IS(s[t + 1], alpha) || !DT_IS(s[t + 2], DT_DIGIT) ||
	    !DT_IS(s[t + 3], DT_DIGIT))
		return 0;
	int len = iban_country_len(upc(s[t]), upc(s[t + 1]));
	if (!len)
		return 0;
	char compact[34];
	size_t k = 0, j = t;
	if (dt_is_sep(s[t + 4])) {
		/* Paper form: groups of four, the last one shorter. */
		for (; k < 4; k++)
			compact[k] = (char)upc(s[t + k]);
		j = t + 4;
		while (k < (size_t)len) {
			if (j + 1 >= n || !dt_is_sep(s[j]))
				return 0;
			j++;
			size_t g = 0;
			while (g < 4 && k < (size_t)len && j < n && DT_IS(s[j], alnum)) {
				compact[k++] = (char)upc(s[j++]);
				g++;
			}
			if (g == 0 || (g < 4 && k < (size_t)len))
				return 0;
		}
	} else {
		while (k < (size_t)len && j < n && DT_IS(s[j], alnum))
			compact[k++] = (char)upc(s[j++]);
		if (k < (size_t)len)
			return 0;
	}
	if (!dt_nonword_at(c, j))
		return 0;
	if (!detect_iban_ok(compact, k))
		return 0;
	dt_emit(c, DETECT_IBAN, t, j, 0.98, "iban_mod97");
	return j;
}

/*
 * Issuer identification numbers (IINs) and the lengths each network
 * issues, from the networks' public tables (ISO/IEC 7812 prefixes as
 * published for Visa, Mastercard, American Express, Discover/Diners Club
 * International, JCB, UnionPay, Maestro, Mir, RuPay, Verve, Troy, ...).
 * Sorted by the first digits; a prefix range is lo..hi over the first
 * `digits` digits of the number, and `lens` has bit L set for each valid
 * length L. Where tables overlap (65 is Discover, RuPay and Troy; 62 is
 * UnionPay and Discover's 622126-622925) any matching row admits the
 * number. Every network here puts a Luhn digit last; numbers without one
 * (China T-Union's 19-digit 31 range, UATP's 1 with its own check) are
 * left out on purpose: without a checksum a run of digits is no evidence.
 * Maestro's 12-digit numbers are the only 12-digit cards; they are
 * reported only next to a card word (see card_context()).
 */
#define LN(a) (1u << (a))
#define LR(a, b) ((LN((b) + 1) - 1) & ~(LN(a) - 1)) /* lengths a..b */
static const struct card_iin {
	unsigned lo, hi;
	unsigned char digits;
	uint32_t lens;
	const char *network;
} card_iins[] = {
	{ 1800, 1800, 4, LN(15), "JCB" },
	{ 2131, 2131, 4, LN(15), "JCB" },
	{ 2200, 2204, 4, LR(16, 19), "Mir" },
	{ 2205, 2205, 4, LN(16), "BORICA" },
	{ 2221, 2720, 4, LN(16), "Mastercard" },
	{ 300, 305, 3, LR(14, 19), "Diners Club" },
	{ 3095, 3095, 4, LR(14, 19), "Diners Club" },
	{ 34, 34, 2, LN(15), "American Express" },
	{ 3528, 3589, 4, LR(16, 19), "JCB" },
	{ 353, 353, 3, LN(16), "RuPay (JCB co-brand)" },
	{ 356, 356, 3, LN(16), "RuPay (JCB co-brand)" },
	{ 36, 36, 2, LR(14, 19), "Diners Club" },
	{ 37, 37, 2, LN(15), "American Express" },
	{ 38, 39, 2, LR(14, 19), "Diners Club" },
	{ 4, 4, 1, LN(13) | LN(16) | LN(19), "Visa" },
	{ 50, 50, 2, LR(12, 19), "Maestro" },           /* 5019 Dankort, 508 RuPay, 506 Verve */
	{ 506099, 506198, 6, LN(16) | LN(18) | LN(19), "Verve" },
	{ 507865, 507964, 6, LN(16) | LN(18) | LN(19), "Verve" },
	{ 51, 55, 2, LN(16), "Mastercard" },
	{ 56, 69, 2, LR(12, 19), "Maestro" },
	{ 60, 60, 2, LR(16, 19), "RuPay" },
	{ 6011, 6011, 4, LR(16, 19), "Discover" },
	{ 62, 62, 2, LR(16, 19), "UnionPay" },
	{ 622126, 622925, 6, LR(16, 19), "Discover (UnionPay)" },
	{ 636, 636, 3, LR(16, 19), "InterPayment" },
	{ 637, 639, 3, LN(16), "InstaPayment" },
	{ 644, 649, 3, LR(16, 19), "Discover" },
	{ 65, 65, 2, LR(16, 19), "Discover, RuPay, Troy" },
	{ 650002, 650027, 6, LN(16) | LN(18) | LN(19), "Verve" },
	{ 81, 82, 2, LN(16), "RuPay" },
	{ 8600, 8600, 4, LN(16), "Uzcard" },
	{ 9792, 9792, 4, LN(16), "Troy" },
	{ 9860, 9860, 4, LN(16), "Humo" },
};
#undef LN
#undef LR

/* The first k digits of d as a number (k <= 6, d holds at least 12). */
static unsigned card_prefix(const char *d, unsigned k)
{
	unsigned v = 0;
	for (unsigned i = 0; i < k; i++)
		v = v * 10 + (unsigned)(d[i] - '0');
	return v;
}

/* The network whose table row admits d[0, n), or NULL. */
static const char *card_network(const char *d, size_t n)
{
	if (n < 12 || n > 19)
		return NULL;
	for (size_t i = 0; i < sizeof(card_iins) / sizeof(card_iins[0]); i++) {
		const struct card_iin *r = &card_iins[i];
		unsigned p = card_prefix(d, r->digits);
		if (p >= r->lo && p <= r->hi && (r->lens & (1u << n)))
			return r->network;
	}
	return NULL;
}

static int card_ok(const char *d, size_t n)
{
	return card_network(d, n) && detect_luhn_ok(d, n);
}

/* A 12-digit number is a card only beside a word that says so. */
static int card_context(const unsigned char *s, size_t t)
{
	size_t w0 = t > 40 ? t - 40 : 0;
	static const char *const words[] = { "card", "maestro", "carte", "karte", "tarjeta",
		"carta", NULL };
	for (int i = 0; words[i]; i++)
		if (dt_ci_find(s, w0, t, words[i]))
			return 1;
	/* "pan" (primary account number, as payment logs and APIs name the
	 * field) as a word of its own: "pan=", "PAN:", "\"pan\"" */
	for (size_t i = w0; i + 3 <= t; i++)
		if ((s[i] | 0x20) == 'p' && (s[i + 1] | 0x20) == 'a' && (s[i + 2] | 0x20) == 'n' &&
		    (i == 0 || !DT_IS(s[i - 1], DT_UPPER | DT_LOWER)) &&
		    (i + 3 == t || !DT_IS(s[i + 3], DT_UPPER | DT_LOWER)))
			return 1;
	return 0;
}

/* SSA never issues area 000, 666 or 900-999, group 00 or serial 0000. */
static int ssn_ok(const unsigned char *a, const unsigned char *g, const unsigned char *sr)
{
	int area = (a[0] - '0') * 100 + (a[1] - '0') * 10 + (a[2] - '0');
	if (area == 0 || area == 666 || area >= 900)
		return 0;
	if (g[0] == '0' && g[1] == '0')
		return 0;
	if (!memcmp(sr, "0000", 4))
		return 0;
	return 1;
}

static int ssn_context(const unsigned char *s, size_t t)
{
	size_t w0 = t > 40 ? t - 40 : 0;
	return dt_ci_find(s, w0, t, "ssn") || dt_ci_find(s, w0, t, "social security") ||
	       dt_ci_find(s, w0, t, "social sec") || dt_ci_find(s, w0, t, "ss#");
}

#define MAXG 8

size_t dt_numeric(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	/* Inside "v1.2-3" or the tail of a longer dashed/dotted number: a
	 * detector would already have seen it from its real start. A dash or
	 * dot glued to a word makes one identifier ("EMP-4111...", which a
	 * rules file may claim); any other punctuation before a value is only
	 * punctuation. */
	if (t > 1 && (s[t - 1] == '.' || s[t - 1] == '-') && DT_IS(s[t - 2], DT_WORD))
		return 0;

	/* Digit groups and the separator after each (any of dt_is_sep, mixed
	 * or not: "4111 1111-1111.1111"). */
	size_t gs[MAXG], gl[MAXG], j = t;
	unsigned char sp[MAXG];
	int ng = 0;
	for (;;) {
		size_t k = j;
		while (k < n && DT_IS(s[k], DT_DIGIT))
			k++;
		gs[ng] = j;
		gl[ng] = k - j;
		sp[ng] = 0;
		ng++;
		j = k;
		if (ng == MAXG || k + 1 >= n || gl[0] > 19)
			break;
		if (!dt_is_sep(s[k]) || !DT_IS(s[k + 1], DT_DIGIT))
			break;
		sp[ng - 1] = s[k];
		j = k + 1;
	}
	unsigned char sep = sp[0];
	size_t end = gs[ng - 1] + gl[ng - 1];
	if (end < n && DT_IS(s[end], DT_WORD)) {
		/* "123abc", "2024-01-15T10"; only a phone number takes an
		 * extension glued on ("(555)123-4567x890") */
		if ((s[end] == 'x' || s[end] == 'X') && end + 1 < n && DT_IS(s[end + 1], DT_DIGIT) && ng >= 3)
			return dt_phone(c, t);
		return 0;
	}
	size_t found = 0, r;
	/* Punctuation before a value is only that ("charge(4111...)",
	 * "(123-45-6789)"); '(' and '+' may also open a phone number, which
	 * gets its turn when no checksum-backed type matched. After '+' the
	 * number is a phone's unless it is longer than E.164 allows (15
	 * digits): only such a run may still be a card, and no SSN. */
	int plus = t > 0 && s[t - 1] == '+';
	int paren = t > 0 && s[t - 1] == '(';

	/* A grouped number right after a group of 3+ digits and the same
	 * separator is the tail of a longer one ("USPS 9400 8255 1361 5784
	 * 5287 90", "HU28 7386 5413 5014 ..."), not a card of its own; a date
	 * before a card ("04/27 4111 1111 ...") is not such a group. */
	int tail = 0;
	if (ng >= 2 && t > 1 && s[t - 1] == sep && DT_IS(s[t - 2], DT_DIGIT)) {
		size_t q = t - 1;
		while (q > 0 && DT_IS(s[q - 1], DT_DIGIT))
			q--;
		tail = t - 1 - q >= 3;
	}

	/* Cards: contiguous, or in groups with a leading group of four; try
	 * the longest run of groups first. */
	if (dt_on(c, DETECT_CREDIT_CARD) && !tail && (!plus || (ng == 1 && gl[0] > 15))) {
		char d[20];
		if (ng == 1 || !(gl[0] == 4 && ng >= 3)) {
			/* "…1111.50" is an amount, not a card and its cents */
			if (gl[0] >= 12 && gl[0] <= 19 && sep != '.' &&
			    (gl[0] > 12 || card_context(s, t))) {
				memcpy(d, s + t, gl[0]);
				if (card_ok(d, gl[0])) {
					dt_emit(c, DETECT_CREDIT_CARD, t, t + gl[0], 0.95, "luhn");
					found = t + gl[0];
				}
			}
		} else {
			size_t tot = 0;
			int last = 0;
			/* Groups of four and a shorter rest, as a formatter that
			 * cuts every four digits prints 17- and 18-digit numbers
			 * ("3528 5806 9176 5493 3"): the rest may be 1 or 2 long. */
			int fours = 1;
			for (int g = 0; g < ng - 1; g++)
				fours &= gl[g] == 4 && sp[g] == sep;
			for (int g = 0; g < ng; g++) {
				if ((g > 0 && (gl[g] > 6 || (gl[g] < 3 && !(g == ng - 1 && g >= 2 && fours)))) ||
				    tot + gl[g] > 19)
					break;
				memcpy(d + tot, s + gs[g], gl[g]);
				tot += gl[g];
				last = g;
			}
			/* When every group of the number fits (19 digits at
			 * most, one separator), it is one number: a card is
			 * all of it, never a head that happens to pass Luhn
			 * ("6278 3550 5801 7313", "3861 4417 4859 9576 062"). */
			int same = 1;
			for (int g = 1; g < ng - 1; g++)
				same &= sp[g] == sep;
			int lo = last == ng - 1 && same && gl[last] >= 3 ? last : 2; /* a short rest may be no part of it */
			for (int g = last; g >= lo && !found; g--) {
				size_t m = 0;
				for (int q = 0; q <= g; q++)
					m += gl[q];
				if ((m >= 13 || (m == 12 && card_context(s, t))) && card_ok(d, m)) {
					size_t e = gs[g] + gl[g];
					dt_emit(c, DETECT_CREDIT_CARD, t, e, 0.95, "luhn");
					found = e;
				}
			}
		}
	}

	/* SSNs: AAA-GG-SSSS with any separators (a dash scores higher), or
	 * nine bare digits after a context word. When more digit groups
	 * follow, the value's two separators must agree and differ from the
	 * next one ("123-45-6789 1234"). */
	if (!found && dt_on(c, DETECT_US_SSN) && !plus && dt_left_ok(c, t) && !dt_after_group(c, t)) {
		if (ng >= 3 && gl[0] == 3 && gl[1] == 2 && gl[2] == 4 &&
		    (ng == 3 || (sp[0] == sp[1] && sp[2] != sp[1]))) {
			size_t e = gs[2] + 4;
			if (ssn_ok(s + t, s + gs[1], s + gs[2])) {
				double sc = sp[0] == '-' && sp[1] == '-' ? 0.9 : 0.75;
				if (ssn_context(s, t))
					sc = 0.97;
				dt_emit(c, DETECT_US_SSN, t, e, sc, "ssn");
				found = e;
			}
		} else if (gl[0] == 9 && (ng == 1 || sep != '-') &&
			   ssn_ok(s + t, s + t + 3, s + t + 5) && ssn_context(s, t)) {
			dt_emit(c, DETECT_US_SSN, t, t + 9, 0.85, "ssn");
			found = t + 9;
		}
	}

	if (!found && sep == '.' && gl[0] <= 3 && (r = dt_ipv4(c, t)))
		found = r;

	if (!found && (plus || paren || (ng >= 3 && (gl[0] == 1 || gl[0] == 3))) &&
	    (r = dt_phone(c, t)))
		found = r;
	return found;
}
