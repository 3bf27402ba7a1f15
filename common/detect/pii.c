/*
 * pii.c: e-mail addresses, phone numbers, IPv4 and IPv6 addresses.
 *
 * None of these has a checksum, so each parser is strict about shape and
 * boundaries instead: an e-mail needs a dotted domain with an alphabetic
 * TLD, a phone needs a '+' country code or the North American 3-3-4 shape,
 * an IPv4 address exactly four octets that are not part of a longer dotted
 * number, an IPv6 address a valid group count.
 */
#include <pthread.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detect/detect_int.h"
#include "detect/phone.h"

/* "icon@2x.png" is a file name, not an address. */
static const char *const file_tlds[] = {
	"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "pdf", NULL
};

size_t dt_email(struct dt_ctx *c, size_t at)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (!dt_on(c, DETECT_EMAIL) || at == 0 || at + 3 >= n)
		return 0;
	size_t ls = at;
	while (ls > 0 && at - ls < 64 && DT_IS(s[ls - 1], DT_LOCAL))
		ls--;
	if (ls > 0 && DT_IS(s[ls - 1], DT_LOCAL))
		return 0; /* local part over 64 bytes */
	while (ls < at && (s[ls] == '.' || s[ls] == '-' || s[ls] == '+'))
		ls++; /* "--john@" in prose: the address starts at the letter */
	if (ls == at || s[at - 1] == '.')
		return 0;
	for (size_t k = ls; k + 1 < at; k++)
		if (s[k] == '.' && s[k + 1] == '.')
			return 0;

	size_t j = at + 1, last = 0, end = 0;
	int nlab = 0;
	for (;;) {
		size_t l0 = j;
		while (j < n && j - at <= 253 && DT_IS(s[j], DT_DOMAIN))
			j++;
		if (j == l0 || s[l0] == '-' || s[j - 1] == '-' || j - l0 > 63)
			return 0;
		nlab++;
		last = l0;
		end = j;
		if (j + 1 < n && s[j] == '.' && DT_IS(s[j + 1], DT_DOMAIN)) {
			j++;
			continue;
		}
		break;
	}
	if (nlab < 2 || end - at > 254)
		return 0;
	if (end < n && (s[end] == '_' || s[end] == '@'))
		return 0;
	size_t tl = end - last;
	if (tl < 2)
		return 0;
	if (!(tl > 4 && !memcmp(s + last, "xn--", 4)))
		for (size_t k = last; k < end; k++)
			if (!DT_IS(s[k], DT_UPPER | DT_LOWER))
				return 0;
	for (int k = 0; file_tlds[k]; k++)
		if (strlen(file_tlds[k]) == tl && dt_ci_find(s, last, end, file_tlds[k]))
			return 0;
	/* "git@github.com:org/repo.git" is an SSH remote, not a mailbox. */
	if (at - ls == 3 && !memcmp(s + ls, "git", 3) && end < n && s[end] == ':')
		return 0;
	dt_emit(c, DETECT_EMAIL, ls, end, 0.9, "email");
	return end;
}

/* Strict dotted quad at s[i]: octets 0-255, no leading zeros. */
static int ipv4_parse(const unsigned char *s, size_t n, size_t i, size_t *endp, int *short_octets)
{
	int single = 0;
	for (int o = 0; o < 4; o++) {
		if (o) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		size_t k = i;
		unsigned v = 0;
		while (k < n && k - i < 4 && DT_IS(s[k], DT_DIGIT))
			v = v * 10 + (unsigned)(s[k++] - '0');
		size_t len = k - i;
		if (len == 0 || len > 3 || v > 255 || (len > 1 && s[i] == '0'))
			return 0;
		single += len == 1;
		i = k;
	}
	*endp = i;
	if (short_octets)
		*short_octets = single;
	return 1;
}

size_t dt_ipv4(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n, end;
	int single;
	if (!dt_on(c, DETECT_IP_ADDRESS))
		return 0;
	/* "1.2.3.4.5" and "example.1.2.3.4": part of a longer dotted name. */
	if (t > 0 && (DT_IS(s[t - 1], DT_WORD) ||
		      (s[t - 1] == '.' && t > 1 && DT_IS(s[t - 2], DT_WORD))))
		return 0;
	if (!ipv4_parse(s, n, t, &end, &single))
		return 0;
	if (end < n && (DT_IS(s[end], DT_WORD) ||
			(s[end] == '.' && end + 1 < n && DT_IS(s[end + 1], DT_WORD))))
		return 0;
	/* "version 1.2.3.4" */
	size_t w0 = t > 16 ? t - 16 : 0;
	if (dt_ci_find(s, w0, t, "version") || dt_ci_find(s, w0, t, "release"))
		return 0;
	dt_emit(c, DETECT_IP_ADDRESS, t, end, single == 4 ? 0.6 : 0.85, "ipv4");
	return end;
}

static int all_digits(const unsigned char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!DT_IS(s[i], DT_DIGIT))
			return 0;
	return 1;
}

size_t dt_ipv6(struct dt_ctx *c, size_t colon)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (!dt_on(c, DETECT_IP_ADDRESS) || colon < c->ip6_end)
		return 0;
	size_t cs = colon;
	while (cs > 0 && colon - cs < 40 && (DT_IS(s[cs - 1], DT_HEX) || s[cs - 1] == ':'))
		cs--;
	/* The candidate's extent, so the other colons in it are not re-parsed. */
	size_t ext = colon;
	while (ext < n && ext - cs < 48 && (DT_IS(s[ext], DT_HEX) || s[ext] == ':' || s[ext] == '.'))
		ext++;
	c->ip6_end = ext;
	if (cs > 0 && (DT_IS(s[cs - 1], DT_WORD) || s[cs - 1] == ':' || s[cs - 1] == '.'))
		return 0;

	size_t j = cs;
	int ng = 0, dbl = -1, digit_group = 0, v4 = 0;
	if (s[j] == ':') {
		if (j + 1 >= n || s[j + 1] != ':')
			return 0;
		dbl = 0;
		j += 2;
	}
	while (ng < 8) {
		size_t k = j;
		while (k < n && k - j < 5 && DT_IS(s[k], DT_HEX))
			k++;
		if (k == j)
			break; /* only valid right after "::" */
		if (k < n && s[k] == '.' && k + 1 < n && DT_IS(s[k + 1], DT_DIGIT) && k - j <= 3 &&
		    all_digits(s, j, k)) {
			size_t e4;
			if (ng > 6 || !ipv4_parse(s, n, j, &e4, NULL))
				return 0;
			ng += 2;
			j = e4;
			v4 = 1;
			break;
		}
		if (k - j > 4)
			return 0;
		for (size_t q = j; q < k; q++)
			if (DT_IS(s[q], DT_DIGIT)) {
				digit_group = 1;
				break;
			}
		ng++;
		j = k;
		if (j + 1 < n && s[j] == ':') {
			if (s[j + 1] == ':') {
				if (dbl >= 0)
					return 0;
				dbl = ng;
				j += 2;
				continue;
			}
			if (DT_IS(s[j + 1], DT_HEX)) {
				j++;
				continue;
			}
		}
		break;
	}
	if (j > cs && s[j - 1] == ':' && (j - cs < 2 || s[j - 2] != ':'))
		return 0; /* a lone trailing colon is not part of it */
	if (dbl < 0 ? ng != 8 : ng > 7)
		return 0;
	if (ng == 0)
		return 0; /* "::" alone */
	if (j < n && (DT_IS(s[j], DT_WORD) || s[j] == ':' || s[j] == '.' ) &&
	    !(s[j] == '.' && (j + 1 >= n || !DT_IS(s[j + 1], DT_WORD))) &&
	    !(s[j] == ':' && (j + 1 >= n || !DT_IS(s[j + 1], DT_HEX | DT_DIGIT))))
		return 0;
	/* "Face::Bad" (a C++ scope) is valid IPv6 syntax; a real compressed
	 * address with so few groups nearly always has a decimal digit. */
	if (dbl >= 0 && ng < 3 && !v4 && !digit_group)
		return 0;
	dt_emit(c, DETECT_IP_ADDRESS, cs, j, 0.85, "ipv6");
	return j;
}

/* Context words: lower case, a word's start (so "hotel" holds no "tel"). */
struct ctx_word {
	const char *w;
	size_t len;
};
#define W(x) { x, sizeof(x) - 1 }
static const struct ctx_word phone_words[] = {
	W("phone"), W("tel"), W("call"), W("mobile"), W("cell"), W("fax"), W("whatsapp"),
	W("contact"), W("dial"), W("ring"), W("sms"), W("handy"), W("telefon"), W("telephone"),
	W("ligue"), W("llam"), W("chiam"), W("bel "), W("appel"), W("fone"), W("reach"),
	{ NULL, 0 }
};
/* Words that name other kinds of numbers: a number right after one is
 * that kind ("order 4155550132", "ZIP 94105-1234", "epoch=1712526238"),
 * unless a phone word is nearer. */
static const struct ctx_word other_words[] = {
	W("order"), W("invoice"), W("account"), W("acct"), W("tracking"), W("ticket"),
	W("serial"), W("sku"), W("ref"), W("id:"), W("id "), W("id="), W("id#"), W("no."),
	W("nr."), W("routing"), W("transaction"), W("txn"), W("policy"), W("isbn"), W("issn"),
	W("ean"), W("upc"), W("imei"), W("po "), W("batch"), W("lot "), W("epoch"),
	W("timestamp"), W("unix"), W("zip"), W("postcode"), W("plz"), W("iban"), W("bic"),
	W("swift"), W("sort code"), W("version"), W("build"), W("release"), W("amount"),
	W("total"), W("price"), W("balance"), W("ssn"), W("social security"), W("tax"), W("vat"),
	W("passport"), W("licen"), W("pin"), W("otp"), W("offset"), W("count"), W("size"),
	W("bytes"), W("duration"), W("inode"), W("pid "), W("pid="), W("uid"), W("gid"), W("case "),
	W("etag"), W("checksum"), W("crc"), W("hash"),
	{ NULL, 0 }
};
#undef W

/* The words of each list by first letter, so a word start is compared
 * with those alone, not the whole list (the phone pre-scan asks for every
 * candidate): by[letter] holds their indices + 1, 0 after the last.
 * Built once, for any number of threads. */
#define BY_MAX 15
struct ctx_index {
	unsigned char by[26][BY_MAX + 1];
};
static struct ctx_index phone_index, other_index;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void index_list(const struct ctx_word *w, struct ctx_index *x)
{
	unsigned char n[26] = { 0 };
	for (int k = 0; w[k].w; k++) {
		int l = w[k].w[0] - 'a';
		/* the lists are lower case and short: a static table's limits */
		if (l >= 0 && l < 26 && n[l] < BY_MAX && k < 255)
			x->by[l][n[l]++] = (unsigned char)(k + 1);
	}
}

static void index_init(void)
{
	index_list(phone_words, &phone_index);
	index_list(other_words, &other_index);
}

/* Where the last word of the list in s[w0, a) that starts a word ends;
 * 0 when none does. One pass over the window: only word starts are
 * compared, and only with the words of the same first letter. */
static size_t word_in(const unsigned char *s, size_t w0, size_t a, const struct ctx_word *w,
		      const struct ctx_index *x)
{
	size_t last = 0;
	pthread_once(&index_once, index_init);
	for (size_t i = w0; i < a; i++) {
		unsigned char ch = (unsigned char)(s[i] | 0x20);
		if (ch < 'a' || ch > 'z' || (i > 0 && DT_IS(s[i - 1], DT_UPPER | DT_LOWER)))
			continue;
		for (const unsigned char *q = x->by[ch - 'a']; *q; q++) {
			int k = *q - 1;
			if (w[k].len > a - i)
				continue;
			size_t j = 1;
			while (j < w[k].len && (unsigned char)(s[i + j] | (DT_IS(s[i + j], DT_UPPER) ? 0x20 : 0)) ==
						   (unsigned char)w[k].w[j])
				j++;
			if (j == w[k].len && i + j > last)
				last = i + j;
		}
	}
	return last;
}

/* Where the last phone word within 32 bytes before a ends, or 0. */
static size_t phone_word_before(const unsigned char *s, size_t a)
{
	return word_in(s, a > 32 ? a - 32 : 0, a, phone_words, &phone_index);
}

/* 1 when a word naming another kind of number comes within 24 bytes
 * before a, nearer than any phone word within 32 (pw: where the last one
 * ends, phone_word_before()). */
static int other_number_before(const unsigned char *s, size_t a, size_t pw)
{
	size_t o = word_in(s, a > 24 ? a - 24 : 0, a, other_words, &other_index);
	return o && o > pw;
}

/* Phone numbers: "+CC ..." (8-15 digits) or North American 3-3-4 with an
 * optional leading 1, "(555) 123-4567", "555-123-4567", "555.123.4567",
 * "555/123 4567": groups separated by any of dt_is_sep (mixed ones score
 * lower). A '(' before the number that does not close around an area code
 * is punctuation before it ("call(555-123-4567)"). */
static size_t phone_ext(const unsigned char *s, size_t n, size_t e);

static size_t phone_at(struct dt_ctx *c, size_t start)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (start > 0 && s[start] == '(' && s[start - 1] == '+')
		return 0;
	if (start > 0 && (DT_IS(s[start - 1], DT_WORD) || s[start - 1] == '+' ||
			  (dt_is_sep(s[start - 1]) && s[start - 1] != ' ' && s[start - 1] != '\t' &&
			   start > 1 && DT_IS(s[start - 2], DT_DIGIT))))
		return 0;

	size_t glen[8], gst[8], j = start, end = start;
	unsigned char sep[8];
	int par[8], ng = 0, ndig = 0, plus = 0;
	if (s[j] == '+') {
		plus = 1;
		j++;
	}
	while (ng < 8) {
		int p = 0;
		size_t g = j;
		if (j < n && s[j] == '(') {
			p = 1;
			j++;
		}
		size_t k = j;
		while (k < n && k - j < 16 && DT_IS(s[k], DT_DIGIT))
			k++;
		if (k == j || k - j > 15) {
			if (ng == 0 || k - j > 15)
				return 0;
			break;
		}
		if (p) {
			if (k >= n || s[k] != ')') {
				if (ng == 0)
					return 0;
				break;
			}
			k++;
		}
		gst[ng] = g;
		glen[ng] = k - j - (size_t)p;
		par[ng] = p;
		sep[ng] = 0;
		ndig += (int)glen[ng];
		ng++;
		end = k;
		j = k;
		if (j + 1 < n && dt_is_sep(s[j]) && (DT_IS(s[j + 1], DT_DIGIT) || s[j + 1] == '(')) {
			sep[ng - 1] = s[j] == '\t' ? ' ' : s[j];
			j++;
			continue;
		}
		if (p && j < n && DT_IS(s[j], DT_DIGIT))
			continue;
		break;
	}
	/* An extension joins the number, glued on or not
	 * ("+1-394-271-6538x21304", as Faker writes them; "+1 (555)
	 * 123-4567 x123"); any other word byte makes it no number. */
	size_t xend = phone_ext(s, n, end);
	if (end < n && (s[end] == 'x' || s[end] == 'X')) {
		if (xend == end)
			return 0;
	} else if (end < n && (DT_IS(s[end], DT_WORD) ||
			       ((s[end] == '-' || s[end] == '.' || s[end] == '/') && end + 1 < n &&
				DT_IS(s[end + 1], DT_DIGIT)))) {
		return 0;
	}

	double score;
	if (plus) {
		if (ndig < 8 || ndig > 15 || (ng > 1 && !par[0] && glen[0] > 3))
			return 0;
		score = 0.8;
	} else {
		int g0 = 0;
		if (ng == 4 && glen[0] == 1 && s[start] == '1' && !par[0])
			g0 = 1;
		else if (ng == 4 && glen[0] == 3 && !memcmp(s + start, "001", 3) && sep[0] == '-')
			g0 = 1; /* the international prefix and 1: "001-415-555-0132" */
		if (ng - g0 != 3 || glen[g0] != 3 || glen[g0 + 1] != 3 || glen[g0 + 2] != 4)
			return 0;
		if (par[g0 + 1] || par[g0 + 2])
			return 0;
		const unsigned char *area = s + gst[g0] + (size_t)par[g0];
		const unsigned char *exch = s + gst[g0 + 1];
		/* The area code and exchange start at 2 in the plan; in the
		 * layouts only phone numbers take ("(555)123-4567",
		 * "288-114-7735") an exchange from 0 or 1 is still a phone
		 * number, as test data generators such as Faker write them.
		 * An area code from 0 or 1 is another country's ("055" is
		 * Florence). */
		int strong = par[g0] || (sep[g0] == '-' && sep[g0 + 1] == '-');
		if (area[0] < '2' || (!strong && exch[0] < '2'))
			return 0;
		if (par[g0]) {
			score = 0.75;
		} else {
			if (!sep[g0] || !sep[g0 + 1] || (g0 && !sep[0]))
				return 0;
			if (sep[g0] != sep[g0 + 1] || (g0 && sep[0] != sep[g0]))
				score = 0.6; /* mixed: "555.123-4567" */
			else
				score = sep[g0] == '-' ? 0.7 : sep[g0] == '.' ? 0.65 : 0.6;
		}
	}
	if (!plus && other_number_before(s, start, phone_word_before(s, start)))
		return 0; /* "Customer ID: 202-975-1548" */
	size_t w0 = start > 32 ? start - 32 : 0;
	if (dt_ci_find(s, w0, start, "phone") || dt_ci_find(s, w0, start, "tel") ||
	    dt_ci_find(s, w0, start, "call") || dt_ci_find(s, w0, start, "mobile") ||
	    dt_ci_find(s, w0, start, "fax"))
		score += 0.1;
	dt_emit(c, DETECT_PHONE, start, xend, score, plus ? "phone_intl" : "phone_nanp");
	return xend;
}

size_t dt_phone(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t e;
	if (!dt_on(c, DETECT_PHONE))
		return 0;
	if (t > 0 && (s[t - 1] == '+' || s[t - 1] == '(')) {
		if ((e = phone_at(c, t - 1)) != 0 || s[t - 1] == '+')
			return e;
	}
	return phone_at(c, t);
}

/*
 * Phone numbers through libphonenumber (phone.h): the pre-scan.
 *
 * The library's validity check costs microseconds per candidate, the
 * rest of the scan nanoseconds per byte, so only spans that can be a
 * number as written go to it. A candidate starts at a digit, or at a '+'
 * or '(' just before one, and runs over digits and the separators people
 * type between groups (space, tab, '-', '.', '/', and '(' ')' around an
 * area code), one separator at a time or two with a parenthesis among them
 * ("(02) 9374"). It holds 7 to 17 digits and is not glued to a word, a
 * decimal point, a clock time or port (':' and a digit), a currency sign,
 * '#', '@' or an identifier's dash; it is not a date (2024-01-15,
 * 15/01/2024), a dotted quad, a decimal ("12345.6789") or an SSN's 3-2-4
 * groups. An extension after it ("x204", "ext. 33", "extension 12", "#5")
 * joins the finding. A number without '+' within 24 bytes after a word that
 * names another kind of number ("order", "invoice", "ZIP", "epoch", "IBAN",
 * ...; other_words) is left alone unless a phone word is there too.
 */
static int phone_sep(unsigned char ch)
{
	return ch == ' ' || ch == '-' || ch == '.' || ch == '/' || ch == '\t' || ch == '(' || ch == ')';
}

/* Digit groups of a candidate: lengths and the separator before each. */
struct pgroups {
	int n;
	unsigned char len[20];
	unsigned char sep[20]; /* sep[g]: the last separator byte before group g (0 for g = 0) */
};

static int is_year(const unsigned char *p)
{
	return (p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0');
}

/* Dates, dotted quads, decimals, SSN shapes: not phones. */
static int phone_shape_bad(const unsigned char *s, size_t d, const struct pgroups *g)
{
	if (g->n >= 3) {
		unsigned char s1 = g->sep[1], s2 = g->sep[2];
		int datesep = s1 == s2 && (s1 == '-' || s1 == '/' || s1 == '.');
		if (datesep && g->len[0] == 4 && is_year(s + d) && g->len[1] <= 2 && g->len[2] <= 2)
			return 1; /* 2024-01-15 */
		if (datesep && g->len[0] <= 2 && g->len[1] <= 2 && g->len[2] == 4 && g->n == 3)
			return 1; /* 15/01/2024, 01.15.2024 */
		if (g->n == 3 && g->len[0] == 3 && g->len[1] == 2 && g->len[2] == 4)
			return 1; /* 123-45-6789: an SSN's shape */
	}
	if (g->n == 4) {
		int dots = 1;
		for (int k = 1; k < 4; k++)
			dots &= g->sep[k] == '.' && g->len[k] <= 3;
		if (dots && g->len[0] <= 3)
			return 1; /* 192.168.100.200 */
	}
	if (g->n == 2 && g->sep[1] == '.')
		return 1; /* 12345.6789 */
	if (g->n == 3 && g->sep[1] == '.' && g->sep[2] == '.' && g->len[0] <= 2)
		return 1; /* 16.69.78063: a version */
	if (g->n == 2 && g->len[0] == 5 && g->len[1] == 4 && g->sep[1] == '-')
		return 1; /* 94105-1234: a ZIP+4 */
	int slashes = 0;
	for (int k = 1; k < g->n; k++)
		slashes += g->sep[k] == '/';
	if (slashes > 1)
		return 1; /* 0116/90/69124: a reference (libphonenumber's strict
			   * grouping turns down more than one '/' too) */
	return 0;
}

/* A unit right after the number ("took 0482987 ms", "1234567 bytes"):
 * a measure, not a phone number. */
static int unit_after(const unsigned char *s, size_t n, size_t e)
{
	static const char *const units[] = { "ms", "sec", "secs", "seconds", "min", "kb", "mb",
		"gb", "tb", "bytes", "km", "kg", "px", "usd", "eur", "gbp", "rows", "records",
		"times", NULL };
	size_t j = e;
	if (j < n && s[j] == ' ')
		j++;
	size_t k = j;
	while (k < n && k - j < 8 && DT_IS(s[k], DT_UPPER | DT_LOWER))
		k++;
	if (k == j || (k < n && DT_IS(s[k], DT_WORD)))
		return 0;
	for (int i = 0; units[i]; i++)
		if (strlen(units[i]) == k - j && dt_ci_find(s, j, k, units[i]))
			return 1;
	return 0;
}

/* Extension after a number ending at e: "x204", " ext. 33", ", ext 5",
 * " extension 12", " #5". Returns its end, or e. */
static size_t phone_ext(const unsigned char *s, size_t n, size_t e)
{
	size_t j = e;
	while (j < n && j - e < 2 && (s[j] == ' ' || s[j] == ',' || s[j] == ';'))
		j++;
	static const char *const kw[] = { "extension", "ext.", "ext", "x", "#", NULL };
	size_t k = 0;
	for (int i = 0; kw[i]; i++) {
		size_t wl = strlen(kw[i]);
		if (j + wl <= n && dt_ci_find(s, j, j + wl, kw[i])) {
			k = j + wl;
			break;
		}
	}
	if (!k)
		return e;
	while (k < n && (s[k] == ' ' || s[k] == ':' || s[k] == '.') && k - j < 12)
		k++;
	size_t q = k;
	while (q < n && q - k < 8 && DT_IS(s[q], DT_DIGIT))
		q++;
	if (q == k || q - k > 7 || (q < n && DT_IS(s[q], DT_WORD)))
		return e;
	return q;
}

/* The digits of s[a, e) count up by one ("0123456789", "1234 5678 90") or
 * use at most two values ("0-999999", "1010 1100"): an alphabet, a mask or
 * a bit pattern in code, not a number someone was given. */
static int digits_trivial(const unsigned char *s, size_t a, size_t e)
{
	unsigned seen = 0, nd = 0, up = 1, prev = 10;
	for (size_t i = a; i < e; i++) {
		if (!DT_IS(s[i], DT_DIGIT))
			continue;
		unsigned d = (unsigned)(s[i] - '0');
		if (prev < 10 && d != (prev + 1) % 10)
			up = 0;
		prev = d;
		seen |= 1u << d;
		nd++;
	}
	return up || __builtin_popcount(seen) < 3;
}

/* Next ASCII digit at or after i, or n. */
static size_t next_digit(const unsigned char *s, size_t n, size_t i)
{
#ifdef __SSE2__
	const __m128i k0 = _mm_set1_epi8('0'), n9 = _mm_set1_epi8(9);
	while (i + 16 <= n) {
		__m128i x = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), k0);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, n9), x));
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (i < n && !DT_IS(s[i], DT_DIGIT))
		i++;
	return i;
}

void dt_phone_scan(struct dt_ctx *c, const struct phone_regions *regions)
{
	const unsigned char *s = c->s;
	size_t n = c->n, i = 0;
	while ((i = next_digit(s, n, i)) < n) {
		size_t d = i, a = d;
		/* the token's extent, so a rejected one is skipped whole */
		struct pgroups g;
		g.n = 0;
		size_t j = d, last = d;
		int ndig = 0, seprun = 0, paren = 0, broken = 0;
		unsigned char lastsep = 0;
		while (j < n) {
			unsigned char ch = s[j];
			if (DT_IS(ch, DT_DIGIT)) {
				if (seprun || g.n == 0) {
					if (g.n == 20) {
						broken = 1;
						break;
					}
					g.sep[g.n] = lastsep;
					g.len[g.n++] = 0;
				}
				if (g.len[g.n - 1] < 255)
					g.len[g.n - 1]++;
				ndig++;
				j++;
				last = j;
				seprun = 0;
				paren = 0;
				continue;
			}
			if (!phone_sep(ch))
				break;
			/* '(' after digits with no space: "555(home)"; a second
			 * separator only beside a parenthesis: "(02) 9374", "555 (0)" */
			if (seprun >= 2 || (seprun == 1 && !paren && ch != '(' && ch != ')'))
				break;
			paren |= ch == '(' || ch == ')';
			if (ch != '(' && ch != ')')
				lastsep = ch;
			else if (!seprun)
				lastsep = ' ';
			seprun++;
			j++;
		}
		size_t e = last, next = j > last ? last : j;
		if (next <= i)
			next = i + 1;
		/* '+' and '(' before the first digit belong to it: "+44", "(02)", "+(1)" */
		while (a > 0 && d - a < 2 && (s[a - 1] == '+' || s[a - 1] == '('))
			a--;
		if (a < d && a > 0 && DT_IS(s[a - 1], DT_WORD) && s[d - 1] == '(')
			a = d; /* "charge(4155550132)": the '(' is the call's */
		/* an unbalanced trailing ')' stays out; one that closes a group in
		 * the middle ("(02) 9374") is inside already */
		i = next;
		if (broken || ndig < 7 || ndig > 17)
			continue;
		unsigned char pv = a > 0 ? s[a - 1] : 0, pv2 = a > 1 ? s[a - 2] : 0;
		if (DT_IS(pv, DT_WORD) || pv == '$' || pv == '#' || pv == '@' || pv == '%' ||
		    ((pv == '.' || pv == ':' || pv == ',') && DT_IS(pv2, DT_DIGIT)) ||
		    ((pv == '-' || pv == '/' || pv == '.' || pv == '+') && DT_IS(pv2, DT_WORD)) ||
		    (pv == 0xA3 && pv2 == 0xC2) || (pv == 0xAC && pv2 == 0x82) /* £ € */)
			continue;
		if (e < n && (DT_IS(s[e], DT_WORD) && !(s[e] == 'x' || s[e] == 'X')))
			continue;
		if (e + 1 < n && (s[e] == ':' || s[e] == ',' || s[e] == '.') && DT_IS(s[e + 1], DT_DIGIT))
			continue;
		if (e + 1 < n && s[e] == '%')
			continue;
		if (phone_shape_bad(s, d, &g) || unit_after(s, n, e))
			continue;
		int plus = memchr(s + a, '+', d - a) != NULL;
		int bare = g.n == 1 && !plus && a == d;
		size_t pwe = phone_word_before(s, a);
		int pw = pwe != 0;
		if (!plus && other_number_before(s, a, pwe))
			continue;
		if (!plus && !pw && digits_trivial(s, d, e))
			continue;
		/* a lone "0" before the groups is no trunk prefix: "0 255 127"
		 * (an RGB triple), "0 16 1 17 2" */
		if (!plus && g.n > 1 && g.len[0] == 1 && s[d] == '0')
			continue;
		/* "offset=36630391958": a bare run as a key's value is a count
		 * or an id unless the key names a phone */
		if (bare && !pw && a > 0 && (s[a - 1] == '=' || (s[a - 1] == '"' && a > 1 && s[a - 2] == '=')))
			continue;
		/* A bare run shorter than a North American number, with no
		 * phone word: an ID, a count or a code ("ETag: \"0910265\"") */
		if (bare && !pw && ndig < 10)
			continue;
		/* A bare run as an operand in code, with no phone word:
		 * "h = 1927868237 * (n + 1)", "{2147483647: ...", "return
		 * -2147221231". A call's parentheses alone say nothing
		 * ("charge(4155550132)" may be given a phone number). */
		if (bare && !pw) {
			size_t q = a, r = e;
			while (q > 0 && a - q < 8 && (s[q - 1] == ' ' || s[q - 1] == '\t'))
				q--;
			while (r < n && r - e < 8 && (s[r] == ' ' || s[r] == '\t'))
				r++;
			unsigned char pc = q > 0 ? s[q - 1] : 0, nc = r < n ? s[r] : 0;
			if ((pc && strchr("=[{,<>+*/%|&^~-", pc)) || (nc && strchr("]};*/%|&^<>=:", nc)))
				continue;
		}
		size_t ee = phone_ext(s, n, e);
		if (e < n && (s[e] == 'x' || s[e] == 'X') && ee == e)
			continue; /* "4155550132xyz" */
		/* Short groups in a number that has no '+', '(' or national
		 * prefix and is not in the North American 3-3-4 shape or that
		 * of a Spanish mobile (nine digits from a 6 or 7 as 3-2-2-2, one
		 * separator: "612 34 56 78"; Spain has no trunk 0) are as often
		 * counts and years in a row ("2024 15 2024", "15 15 2024 15"):
		 * such a number needs a phone word. */
		if (!pw && !plus && s[a] != '(' && s[d] != '0') {
			int nanp = (g.n == 3 && g.len[0] == 3 && g.len[1] == 3 && g.len[2] == 4) ||
				   (g.n == 4 && g.len[0] == 1 && g.len[1] == 3 && g.len[2] == 3 && g.len[3] == 4);
			int same = 1;
			for (int k = 2; k < g.n; k++)
				same &= g.sep[k] == g.sep[1];
			nanp |= g.n == 4 && same && (s[d] == '6' || s[d] == '7') && g.len[0] == 3 && g.len[1] == 2 &&
				g.len[2] == 2 && g.len[3] == 2;
			int shortg = 0;
			for (int k = 0; k < g.n; k++)
				shortg |= g.len[k] <= 2;
			if (shortg && !nanp)
				continue;
		}
		int cc = phone_valid(regions, (const char *)s + a, e - a);
		if (!cc)
			continue;
		double score = bare ? 0.7 : 0.85;
		if (pw)
			score += 0.1;
		dt_emit(c, DETECT_PHONE, a, ee, score, "libphonenumber");
		if (ee > i)
			i = ee;
	}
}
