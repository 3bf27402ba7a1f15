/*
 * test_detect.c: built-in detectors (positives with exact byte spans and
 * the look-alikes that must stay quiet), overlap resolution, --decode,
 * rules-file detectors, hostile input, and a throughput figure (printed,
 * not asserted: DETECT_BENCH_MB sets the size, 0 skips it).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detect/classify.h"
#include "detect/detect.h"
#include "unit.h"

static struct detect_list L = DETECT_LIST_INIT;

static void scan_n(const char *s, size_t n, int decode, uint32_t disabled)
{
	struct detect_opts o = { disabled, decode, NULL, NULL };
	detect_list_clear(&L);
	detect_scan(s, n, &o, &L);
	detect_list_resolve(&L);
}

static void dump(const char *s)
{
	fprintf(stderr, "  findings in \"%.120s\":\n", s);
	for (size_t i = 0; i < L.n; i++)
		fprintf(stderr, "    %s [%zu,%zu) %.2f %s%s%s \"%.*s\"\n",
			detect_type_name(L.v[i].type) ? detect_type_name(L.v[i].type) : "rule",
			L.v[i].start, L.v[i].end, L.v[i].score, L.v[i].detector,
			L.v[i].decoded ? " decoded=" : "", L.v[i].decoded ? L.v[i].decoded : "",
			(int)(L.v[i].end - L.v[i].start > 80 ? 80 : L.v[i].end - L.v[i].start),
			s + L.v[i].start);
}

static const struct detect_finding *find_span(int type, size_t a, size_t b)
{
	for (size_t i = 0; i < L.n; i++)
		if (L.v[i].type == type && L.v[i].start == a && L.v[i].end == b)
			return &L.v[i];
	return NULL;
}

static int count_type(int type)
{
	int k = 0;
	for (size_t i = 0; i < L.n; i++)
		k += L.v[i].type == type;
	return k;
}

/* s holds sub: a finding of type must cover exactly sub's first occurrence. */
static const struct detect_finding *pos_check(const char *file, int line, const char *s, int type,
					      const char *sub, int decode)
{
	scan_n(s, strlen(s), decode, 0);
	const char *p = strstr(s, sub);
	const struct detect_finding *f = p ? find_span(type, (size_t)(p - s), (size_t)(p - s) + strlen(sub)) : NULL;
	if (f) {
		unit_pass++;
	} else {
		unit_fail++;
		fprintf(stderr, "%s:%d: expected %s at \"%s\"\n", file, line, detect_type_name(type), sub);
		dump(s);
	}
	return f;
}

static void neg_check(const char *file, int line, const char *s, int type)
{
	scan_n(s, strlen(s), 0, 0);
	if (!count_type(type)) {
		unit_pass++;
	} else {
		unit_fail++;
		fprintf(stderr, "%s:%d: unexpected %s\n", file, line, detect_type_name(type));
		dump(s);
	}
}

#define POS(s, type, sub) pos_check(__FILE__, __LINE__, s, type, sub, 0)
#define POSD(s, type, sub) pos_check(__FILE__, __LINE__, s, type, sub, 1)
#define NEG(s, type) neg_check(__FILE__, __LINE__, s, type)

static char *repeat(const char *prefix, char ch, size_t n, const char *suffix)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	char *b = malloc(pl + n + sl + 1);
	memcpy(b, prefix, pl);
	for (size_t i = 0; i < n; i++)
		b[pl + i] = ch == '*' ? "aB3xY9kQ7mZ2pL5n"[i % 16] : ch;
	memcpy(b + pl + n, suffix, sl + 1);
	return b;
}

static void test_types(void)
{
	CHECK_EQ_STR(detect_type_name(DETECT_EMAIL), "email");
	CHECK_EQ_STR(detect_type_name(DETECT_PASSWORD), "password");
	CHECK(detect_type_name(DETECT_NBUILTIN) == NULL);
	CHECK(detect_type_name(-1) == NULL);
	CHECK_EQ_INT(detect_type_lookup("credit_card"), DETECT_CREDIT_CARD);
	CHECK_EQ_INT(detect_type_lookup("nope"), -1);
	for (int t = 0; t < DETECT_NBUILTIN; t++)
		CHECK_EQ_INT(detect_type_lookup(detect_type_name(t)), t);
	CHECK(detect_type_is_secret(DETECT_AWS_ACCESS_KEY_ID));
	CHECK(detect_type_is_secret(DETECT_PASSWORD));
	CHECK(!detect_type_is_secret(DETECT_EMAIL));
	CHECK(!detect_type_is_secret(DETECT_IP_ADDRESS));
	CHECK_NEAR(detect_entropy("aaaa", 4), 0, 1e-9);
	CHECK_NEAR(detect_entropy("abcd", 4), 2, 1e-9);
	CHECK(detect_luhn_ok("4111111111111111", 16));
	CHECK(!detect_luhn_ok("4111111111111112", 16));
	CHECK(detect_iban_ok("DE89370400440532013000", 22));
	CHECK(!detect_iban_ok("DE89370400440532013001", 22));
}

static void test_email(void)
{
	POS("mail john.doe@example.com today", DETECT_EMAIL, "john.doe@example.com");
	POS("(jane+tag@mail.example.co.uk).", DETECT_EMAIL, "jane+tag@mail.example.co.uk");
	POS("écrire à élodie: x_y-z@sub.example.org, merci", DETECT_EMAIL, "x_y-z@sub.example.org");
	POS("mailto:a@b.io", DETECT_EMAIL, "a@b.io");
	POS("user=bob@example.com&x=1", DETECT_EMAIL, "bob@example.com");
	POS("<bob@example.com>", DETECT_EMAIL, "bob@example.com");
	NEG("user@localhost is local", DETECT_EMAIL);
	NEG("icon@2x.png", DETECT_EMAIL);
	NEG("@scope/package and a@ and @b.com", DETECT_EMAIL);
	NEG("john..doe@example.com", DETECT_EMAIL);
	NEG("git@github.com:org/repo.git", DETECT_EMAIL);
}

static void test_phone(void)
{
	POS("call (555) 234-5678 now", DETECT_PHONE, "(555) 234-5678");
	POS("call 555-234-5678.", DETECT_PHONE, "555-234-5678");
	POS("tel: +1 555 234 5678", DETECT_PHONE, "+1 555 234 5678");
	POS("uk +44 20 7946 0958 office", DETECT_PHONE, "+44 20 7946 0958");
	POS("1-800-555-1234", DETECT_PHONE, "1-800-555-1234");
	POS("e164 +14155552671", DETECT_PHONE, "+14155552671");
	POS("电话：555.234.5678", DETECT_PHONE, "555.234.5678");
	NEG("on 2024-01-15 at 12:30:45", DETECT_PHONE);
	NEG("order 5552345678 shipped", DETECT_PHONE);
	/* not a North American number, but Florence's 055 (libphonenumber, IT) */
	POS("area 055-234-5678", DETECT_PHONE, "055-234-5678");
	NEG("version 1.2.3", DETECT_PHONE);
}

static void test_card(void)
{
	static const char *const good[] = {
		"4111111111111111", "5500005555555559", "378282246310005", "6011111111111117",
		"3530111333300000", "30569309025904", "6200000000000005", "2223003122003222",
		"4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", NULL
	};
	char buf[128];
	for (int i = 0; good[i]; i++) {
		snprintf(buf, sizeof(buf), "ünïcode card %s, exp 12/27", good[i]);
		const struct detect_finding *f = POS(buf, DETECT_CREDIT_CARD, good[i]);
		if (f) {
			CHECK(f->score >= 0.9);
			CHECK_EQ_STR(f->detector, "luhn");
		}
	}
	NEG("card 4111111111111112 bad luhn", DETECT_CREDIT_CARD);
	/* people mix separators; the checksum still decides */
	POS("card 4111 1111-1111 1111 mixed", DETECT_CREDIT_CARD, "4111 1111-1111 1111");
	NEG("id 1234567812345670 luhn-ok but no issuer", DETECT_CREDIT_CARD);
	NEG("amex length 3782822463100050", DETECT_CREDIT_CARD);
	NEG("x41111111111111111", DETECT_CREDIT_CARD);
	NEG("41111111111111111111111 too long", DETECT_CREDIT_CARD);
	NEG("order #4111111111111111a", DETECT_CREDIT_CARD);

	/* Maestro: 5018 5020 5038 5893 6304 6759 6761 6762 6763, 12 to 19 digits */
	static const char *const maestro[] = {
		"5018526018159080", "5020909960308242", "5038819093786570", "5893491186252763",
		"6304710497465074", "6759276842684652", "6761026859952898", "6762721590109282",
		"6763117777412152", "6763472803852808412", "5020 9099 6030 8242", "6759-2768-4268-4652", NULL
	};
	for (int i = 0; maestro[i]; i++) {
		snprintf(buf, sizeof(buf), "pan=\"%s\" attempt=2", maestro[i]);
		POS(buf, DETECT_CREDIT_CARD, maestro[i]);
	}
	NEG("maestro 6759276842684653 bad luhn", DETECT_CREDIT_CARD);
	/* Dankort's 5019 is inside Maestro's 50 */
	POS("dankort 5019485253888532", DETECT_CREDIT_CARD, "5019485253888532");
}

/* prefix, then '7's up to n - 1 digits, then the Luhn check digit (bad:
 * the next digit instead). */
static void luhn_make(char *out, const char *prefix, size_t n, int bad)
{
	size_t pl = strlen(prefix);
	memcpy(out, prefix, pl);
	for (size_t i = pl; i + 1 < n; i++)
		out[i] = (char)('0' + (i * 7 + 3) % 10);
	out[n - 1] = '0';
	out[n] = 0;
	for (int d = 0; d < 10; d++) {
		out[n - 1] = (char)('0' + d);
		if (detect_luhn_ok(out, n))
			break;
	}
	if (bad)
		out[n - 1] = (char)('0' + (out[n - 1] - '0' + 1) % 10);
}

/* Every network of the IIN table at each valid length and just outside,
 * with generated Luhn-valid numbers; a wrong check digit never passes. */
static void test_card_networks(void)
{
	/* A grouped number that fits a card's length is one number: a head
	 * of it passing Luhn by chance is no card (the corpus found these). */
	NEG("invalid card=6278 3550 5801 7313 luhn=false", DETECT_CREDIT_CARD);
	NEG("Card 4111 1111 1111 1111 062 was declined", DETECT_CREDIT_CARD);
	NEG("Card 4111-1111-1111-1111-062 was declined", DETECT_CREDIT_CARD);
	/* past 19 digits the card is still the leading 16 */
	POS("card 4111 1111 1111 1111 1234 5678", DETECT_CREDIT_CARD, "4111 1111 1111 1111");
	/* and a different separator ends the number */
	POS("card 4111 1111 1111 1111-062", DETECT_CREDIT_CARD, "4111 1111 1111 1111");

	static const struct {
		const char *prefix;
		int minl, maxl;
		const char *lens; /* NULL: every length minl..maxl; else the valid ones */
	} nets[] = {
		{ "4", 13, 19, "13 16 19" },               /* Visa */
		{ "51", 16, 16, NULL }, { "55", 16, 16, NULL }, /* Mastercard */
		{ "2221", 16, 16, NULL }, { "2720", 16, 16, NULL },
		{ "34", 15, 15, NULL }, { "37", 15, 15, NULL }, /* Amex */
		{ "6011", 16, 19, NULL }, { "644", 16, 19, NULL }, { "649", 16, 19, NULL },
		{ "65", 16, 19, NULL }, { "622126", 16, 19, NULL }, { "622925", 16, 19, NULL },
		{ "3528", 16, 19, NULL }, { "3589", 16, 19, NULL }, /* JCB */
		{ "1800", 15, 15, NULL }, { "2131", 15, 15, NULL },
		{ "300", 14, 19, NULL }, { "305", 14, 19, NULL }, { "3095", 14, 19, NULL }, /* Diners */
		{ "36", 14, 19, NULL }, { "38", 14, 19, NULL }, { "39", 14, 19, NULL },
		{ "50", 13, 19, NULL }, { "56", 13, 19, NULL }, { "69", 13, 19, NULL }, /* Maestro */
		{ "62", 16, 19, NULL },                    /* UnionPay */
		{ "2200", 16, 19, NULL }, { "2204", 16, 19, NULL }, /* Mir */
		{ "81", 16, 16, NULL }, { "82", 16, 16, NULL }, { "508", 13, 19, NULL }, /* RuPay */
		{ "2205", 16, 16, NULL }, { "9792", 16, 16, NULL }, { "9860", 16, 16, NULL },
		{ "8600", 16, 16, NULL },
	};
	char num[24], buf[96];
	for (size_t i = 0; i < sizeof(nets) / sizeof(nets[0]); i++) {
		for (int n = nets[i].minl; n <= nets[i].maxl; n++) {
			char ls[4];
			snprintf(ls, sizeof(ls), "%d", n);
			if (nets[i].lens && !strstr(nets[i].lens, ls)) {
				luhn_make(num, nets[i].prefix, (size_t)n, 0);
				snprintf(buf, sizeof(buf), "card %s length", num);
				NEG(buf, DETECT_CREDIT_CARD);
				continue;
			}
			luhn_make(num, nets[i].prefix, (size_t)n, 0);
			snprintf(buf, sizeof(buf), "charge(%s, 1999);", num);
			POS(buf, DETECT_CREDIT_CARD, num);
			luhn_make(num, nets[i].prefix, (size_t)n, 1);
			snprintf(buf, sizeof(buf), "charge(%s, 1999);", num);
			NEG(buf, DETECT_CREDIT_CARD);
		}
		/* one digit short and one too many (any 6 is Maestro's from 12
		 * to 19 digits, so only the others have a "short") */
		if (nets[i].minl > 13 && nets[i].prefix[0] != '6') {
			luhn_make(num, nets[i].prefix, (size_t)nets[i].minl - 1, 0);
			snprintf(buf, sizeof(buf), "card %s short", num);
			NEG(buf, DETECT_CREDIT_CARD);
		}
		if (nets[i].maxl < 19) {
			luhn_make(num, nets[i].prefix, (size_t)nets[i].maxl + 1, 0);
			snprintf(buf, sizeof(buf), "id %s long", num);
			NEG(buf, DETECT_CREDIT_CARD);
		}
	}
	/* prefixes no network issues */
	static const char *const none[] = { "10", "2100", "2721", "33", "70", "80", "90", "9999", NULL };
	for (int i = 0; none[i]; i++)
		for (int n = 13; n <= 19; n++) {
			luhn_make(num, none[i], (size_t)n, 0);
			snprintf(buf, sizeof(buf), "id %s", num);
			NEG(buf, DETECT_CREDIT_CARD);
		}
	/* Maestro's 12 digits only beside a card word */
	luhn_make(num, "6759", 12, 0);
	snprintf(buf, sizeof(buf), "Maestro card: %s", num);
	POS(buf, DETECT_CREDIT_CARD, num);
	snprintf(buf, sizeof(buf), "order %s shipped", num);
	NEG(buf, DETECT_CREDIT_CARD);
	/* any punctuation before and after */
	static const char *const wrap[] = { "()", "[]", "{}", "\"\"", "''", "<>", "=;", ":,",
		"#.", "**", "||", "``", "$!", " ?", "@ ", "~~", "%%", "&&", "^^", NULL };
	luhn_make(num, "3530", 16, 0);
	for (int i = 0; wrap[i]; i++) {
		snprintf(buf, sizeof(buf), "pay %c%s%c now", wrap[i][0], num, wrap[i][1]);
		POS(buf, DETECT_CREDIT_CARD, num);
	}
	/* the tail of a longer grouped number is not a card; a date before one is no group */
	NEG("USPS tracking: 9400 8255 1361 5784 5287 90", DETECT_CREDIT_CARD);
	NEG("IBAN HU28 7386 5413 5014 4484 2675 6486 rejected", DETECT_CREDIT_CARD);
	NEG("Card 6453 6459 9166 3982 was declined", DETECT_CREDIT_CARD);
	POS("exp 04/27 4111 1111 1111 1111", DETECT_CREDIT_CARD, "4111 1111 1111 1111");
	POS("cvv 123 4111111111111111", DETECT_CREDIT_CARD, "4111111111111111");
	/* test numbers stay cards */
	POS("stripe test 4242424242424242", DETECT_CREDIT_CARD, "4242424242424242");
	POS("jcb 3566002020360505 and unionpay 6200000000000005", DETECT_CREDIT_CARD, "3566002020360505");
	POS("mir 2200000000000004", DETECT_CREDIT_CARD, "2200000000000004");
}

/* s holds sub as a finding of type; ph: it must (1) or must not (0) be
 * marked a placeholder. */
static void ph_check(const char *file, int line, const char *s, int type, const char *sub, int ph)
{
	const struct detect_finding *f = pos_check(file, line, s, type, sub, 0);
	if (!f)
		return;
	if (f->placeholder == ph) {
		unit_pass++;
	} else {
		unit_fail++;
		fprintf(stderr, "%s:%d: \"%s\" %s a placeholder\n", file, line, sub, ph ? "is not" : "is");
	}
}
#define PH(s, type, sub) ph_check(__FILE__, __LINE__, s, type, sub, 1)
#define REAL(s, type, sub) ph_check(__FILE__, __LINE__, s, type, sub, 0)

static void test_placeholders(void)
{
	/* published example values */
	PH("key=AKIAIOSFODNN7EXAMPLE;", DETECT_AWS_ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE");
	PH("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
	   DETECT_AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	PH("token ghp_16C7e42F292c6912E7710c838347Ae178B4a", DETECT_GITHUB_TOKEN,
	   "ghp_16C7e42F292c6912E7710c838347Ae178B4a");
	PH("maps key=AIzaSyB41DRUbKWJHPxaFjMAwdrzWzbVKartNGg&x", DETECT_GOOGLE_API_KEY,
	   "AIzaSyB41DRUbKWJHPxaFjMAwdrzWzbVKartNGg");
	/* real-looking keys right beside them stay real */
	REAL("key=AKIAIOSFODNN7EXAMPLE; ASIAY34FZKBOKMUTVV7A", DETECT_AWS_ACCESS_KEY_ID,
	     "ASIAY34FZKBOKMUTVV7A");
	REAL("aws_secret_access_key=\"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\",\n",
	     DETECT_AWS_SECRET_ACCESS_KEY, "9YezdZ/tDDj8hYs5suKcNd8Zra9A9sKPxZ9W3qLy");
	REAL("SLACK=xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1 ok", DETECT_SLACK_TOKEN,
	     "xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1");

	/* masked runs: x, X, 0, and any one character 8 times */
	char *t = repeat("token ghp_", 'x', 36, "");
	PH(t, DETECT_GITHUB_TOKEN, t + 6);
	free(t);
	t = repeat("key AIza", 'X', 35, " ok");
	char *want = repeat("AIza", 'X', 35, "");
	PH(t, DETECT_GOOGLE_API_KEY, want);
	free(want);
	free(t);
	PH("AKIA0000000000000000", DETECT_AWS_ACCESS_KEY_ID, "AKIA0000000000000000");
	PH("AKIAQQQQQQQQQQQQQQQQ", DETECT_AWS_ACCESS_KEY_ID, "AKIAQQQQQQQQQQQQQQQQ");
	PH("hook https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX.",
	   DETECT_SLACK_TOKEN, "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX");
	t = repeat("token ghp_", '*', 36, " beside ghp_");
	char *x = repeat(t, 'x', 36, "");
	want = repeat("ghp_", '*', 36, "");
	REAL(x, DETECT_GITHUB_TOKEN, want);
	PH(x, DETECT_GITHUB_TOKEN, strrchr(x, ' ') + 1);
	free(want);
	free(x);
	free(t);
	/* sequential */
	PH("AKIA1234567890ABCDEF", DETECT_AWS_ACCESS_KEY_ID, "AKIA1234567890ABCDEF");
	PH("key AIzaSyabcdefghijklmnopqrstuvwxyz0123456", DETECT_GOOGLE_API_KEY,
	   "AIzaSyabcdefghijklmnopqrstuvwxyz0123456");
	/* template words */
	PH("AKIAYOURKEYHEREXXXXX", DETECT_AWS_ACCESS_KEY_ID, "AKIAYOURKEYHEREXXXXX");
	PH("AKIAREPLACEMEPLEASE1", DETECT_AWS_ACCESS_KEY_ID, "AKIAREPLACEMEPLEASE1");
	/* private key blocks: empty, a word, elided; a real body stays */
	PH("-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----", DETECT_PRIVATE_KEY,
	   "-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----");
	PH("-----BEGIN PRIVATE KEY-----\nyour key here\n-----END PRIVATE KEY-----", DETECT_PRIVATE_KEY,
	   "-----BEGIN PRIVATE KEY-----\nyour key here\n-----END PRIVATE KEY-----");
	PH("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----",
	   DETECT_PRIVATE_KEY,
	   "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----");
	PH("-----BEGIN PRIVATE KEY-----\nREDACTED\n-----END PRIVATE KEY-----", DETECT_PRIVATE_KEY,
	   "-----BEGIN PRIVATE KEY-----\nREDACTED\n-----END PRIVATE KEY-----");
	static const char pem[] =
		"-----BEGIN PRIVATE KEY-----\n"
		"MC4CAQAwBQYDK2VwBCIEIGsxQ2F0Y2hNZUlmWW91Q2FuUmVhbGx5U2VjcmV0ISEh\n"
		"-----END PRIVATE KEY-----";
	REAL(pem, DETECT_PRIVATE_KEY, pem);
	static const char ssh[] =
		"-----BEGIN OPENSSH PRIVATE KEY-----\n"
		"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
		"QyNTUxOQAAACBqk1m5pX1cYvK9o7ZpT0cQH9vR3JwN8yL2sF6dE4aB7gAAAJiXq3kAl6t5\n"
		"-----END OPENSSH PRIVATE KEY-----";
	REAL(ssh, DETECT_PRIVATE_KEY, ssh);
	/* a block indented in YAML ("ssl_key: |") is a key: the indentation
	 * is not a space between words (the corpus found this one) */
	static const char yaml[] =
		"ssl_key: |\n"
		"  -----BEGIN RSA PRIVATE KEY-----\n"
		"  MIIEowIBAAKCAQEAx4r8Zg1aGZ6kWm0xyzQ2F0Y2hNZUlmWW91Q2FuUmVhbGx5U2Vj\n"
		"\tcmV0ISEhb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAA\n"
		"  -----END RSA PRIVATE KEY-----";
	REAL(yaml, DETECT_PRIVATE_KEY, strstr(yaml, "-----BEGIN"));
	PH("key: |\n  -----BEGIN PRIVATE KEY-----\n  paste your key here\n  -----END PRIVATE KEY-----",
	   DETECT_PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\n  paste your key here\n  -----END PRIVATE KEY-----");
	/* Anthropic keys of a known version but not its length: placeholders;
	 * the right length stays a key */
	t = repeat("key sk-ant-api03-", '*', 100, "");
	PH(t, DETECT_ANTHROPIC_API_KEY, t + 4);
	free(t);
	t = repeat("key sk-ant-admin01-", '*', 60, "");
	PH(t, DETECT_ANTHROPIC_API_KEY, t + 4);
	free(t);
	t = repeat("key sk-ant-api03-", '*', 93, "AA");
	REAL(t, DETECT_ANTHROPIC_API_KEY, t + 4);
	free(t);
	t = repeat("key sk-ant-api03-", '*', 95, "");
	PH(t, DETECT_ANTHROPIC_API_KEY, t + 4); /* 95, but not ending in AA */
	free(t);
	/* test card numbers are not placeholders: only secrets are */
	const struct detect_finding *f = POS("card 4111111111111111", DETECT_CREDIT_CARD, "4111111111111111");
	CHECK(f && !f->placeholder);
	CHECK_EQ_INT(detect_placeholder(DETECT_CREDIT_CARD, "4111111111111111", 16, NULL), 0);

	/* the rule direct, and its settings */
	CHECK_EQ_INT(detect_placeholder(DETECT_PASSWORD, "${DB_PASSWORD}", 14, NULL), 1);
	CHECK_EQ_INT(detect_placeholder(DETECT_PASSWORD, "{{ db_pass }}", 13, NULL), 1);
	CHECK_EQ_INT(detect_placeholder(DETECT_PASSWORD, "<token>", 7, NULL), 1);
	CHECK_EQ_INT(detect_placeholder(DETECT_PASSWORD, "Tr0ub4dor&3x", 12, NULL), 0);
	const char *const mine[] = { "ASIAY34FZKBOKMUTVV7A" };
	struct detect_placeholders off = { 0, 1, NULL, 0 }, nobuiltin = { 1, 0, mine, 1 };
	CHECK_EQ_INT(detect_placeholder(DETECT_AWS_ACCESS_KEY_ID, "AKIA0000000000000000", 20, &off), 0);
	CHECK_EQ_INT(detect_placeholder(DETECT_AWS_ACCESS_KEY_ID, "ASIAY34FZKBOKMUTVV7A", 20, &nobuiltin), 1);
	CHECK_EQ_INT(detect_placeholder(DETECT_AWS_ACCESS_KEY_ID, "AKIAI44QH8DHBEXAMPLE", 20, &nobuiltin), 1);
	CHECK_EQ_INT(detect_placeholder(DETECT_AWS_ACCESS_KEY_ID, "AKIAI44QH8DHB3XAMPL3", 20, &nobuiltin), 0);
	struct detect_opts o = { 0, 0, &off, NULL };
	detect_list_clear(&L);
	detect_scan("AKIA0000000000000000", 20, &o, &L);
	CHECK(L.n == 1 && !L.v[0].placeholder);
	/* through --decode and through folding */
	POSD("k=QUtJQTAwMDAwMDAwMDAwMDAwMDA=", DETECT_AWS_ACCESS_KEY_ID, "QUtJQTAwMDAwMDAwMDAwMDAwMDA=");
	CHECK(L.n >= 1 && L.v[0].placeholder);
	PH("ünïcode AKIA0000000000000000", DETECT_AWS_ACCESS_KEY_ID, "AKIA0000000000000000");
}

static void test_iban(void)
{
	POS("pay to DE89370400440532013000 please", DETECT_IBAN, "DE89370400440532013000");
	POS("IBAN: GB82 WEST 1234 5698 7654 32.", DETECT_IBAN, "GB82 WEST 1234 5698 7654 32");
	POS("FR1420041010050500013M02606", DETECT_IBAN, "FR1420041010050500013M02606");
	POS("Überweisung NL91ABNA0417164300", DETECT_IBAN, "NL91ABNA0417164300");
	POS("NO9386011117947", DETECT_IBAN, "NO9386011117947");
	NEG("DE89370400440532013001", DETECT_IBAN);
	NEG("DE8937040044053201300", DETECT_IBAN);
	NEG("DE893704004405320130000", DETECT_IBAN);
	NEG("ZZ89370400440532013000", DETECT_IBAN);
	/* an IBAN is the same account in any case */
	POS("gb82west12345698765432", DETECT_IBAN, "gb82west12345698765432");
}

static void test_ssn(void)
{
	POS("SSN 123-45-6789.", DETECT_US_SSN, "123-45-6789");
	POS("id 123 45 6789 x", DETECT_US_SSN, "123 45 6789");
	POS("social security number: 123456789", DETECT_US_SSN, "123456789");
	POS("my ssn is 078051120", DETECT_US_SSN, "078051120");
	NEG("000-12-3456", DETECT_US_SSN);
	NEG("666-12-3456", DETECT_US_SSN);
	NEG("900-12-3456", DETECT_US_SSN);
	NEG("123-00-4567", DETECT_US_SSN);
	NEG("123-45-0000", DETECT_US_SSN);
	NEG("order 123456789 shipped", DETECT_US_SSN);
	NEG("123-45-67890", DETECT_US_SSN);
	NEG("2024-01-15", DETECT_US_SSN);
	NEG("1123-45-6789", DETECT_US_SSN);
}

static void test_ip(void)
{
	POS("host 192.168.1.10, up", DETECT_IP_ADDRESS, "192.168.1.10");
	POS("ρ 10.0.0.1:8080", DETECT_IP_ADDRESS, "10.0.0.1");
	POS("at 8.8.8.8.", DETECT_IP_ADDRESS, "8.8.8.8");
	POS("v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 end", DETECT_IP_ADDRESS,
	    "2001:0db8:85a3:0000:0000:8a2e:0370:7334");
	POS("v6 2001:db8::1.", DETECT_IP_ADDRESS, "2001:db8::1");
	POS("[fe80::1ff:fe23:4567:890a]:80", DETECT_IP_ADDRESS, "fe80::1ff:fe23:4567:890a");
	POS("mapped ::ffff:192.0.2.128 ok", DETECT_IP_ADDRESS, "::ffff:192.0.2.128");
	POS("lo ::1", DETECT_IP_ADDRESS, "::1");
	NEG("version 1.2.3.4.5", DETECT_IP_ADDRESS);
	NEG("256.1.1.1 and 1.2.3 and 01.2.3.4", DETECT_IP_ADDRESS);
	NEG("at 12:30:45 or 12:30", DETECT_IP_ADDRESS);
	NEG("mac 00:1A:2B:3C:4D:5E", DETECT_IP_ADDRESS);
	NEG("std::vector and Face::Bad", DETECT_IP_ADDRESS);
	NEG("1:2:3:4:5:6:7:8:9", DETECT_IP_ADDRESS);
	NEG("2001:db8::1::2", DETECT_IP_ADDRESS);
}

static void test_keys(void)
{
	POS("key=AKIAIOSFODNN7EXAMPLE;", DETECT_AWS_ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE");
	POS("ASIAY34FZKBOKMUTVV7A", DETECT_AWS_ACCESS_KEY_ID, "ASIAY34FZKBOKMUTVV7A");
	NEG("AKIAIOSFODNN7EXAMPLE1", DETECT_AWS_ACCESS_KEY_ID);
	NEG("AKIANS are short AKIAIOSFODNN7", DETECT_AWS_ACCESS_KEY_ID);
	NEG("xAKIAIOSFODNN7EXAMPLE", DETECT_AWS_ACCESS_KEY_ID);

	POS("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
	    DETECT_AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	POS("{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}",
	    DETECT_AWS_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	NEG("commit wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in prose", DETECT_AWS_SECRET_ACCESS_KEY);
	NEG("aws commit da39a3ee5e6b4b0d3255bfef95601890afd80709", DETECT_AWS_SECRET_ACCESS_KEY);
	/* a key that starts with a digit (the driver hands such words to the
	 * number detectors first), quoted, CamelCase, in prose, after '/' */
	POS("aws_secret_access_key=\"9YezdZ/tDDj8hYs5suKcNd8Zra9A9sKPxZ9W3qLy\",\n",
	    DETECT_AWS_SECRET_ACCESS_KEY, "9YezdZ/tDDj8hYs5suKcNd8Zra9A9sKPxZ9W3qLy");
	CHECK_EQ_INT(L.n, 1);
	POS("\"SecretAccessKey\": \"7zKUVQDT7S8sTQCBNR3YbDgbleph1QHt61QTC4X/\",",
	    DETECT_AWS_SECRET_ACCESS_KEY, "7zKUVQDT7S8sTQCBNR3YbDgbleph1QHt61QTC4X/");
	POS("[09:00] ops: AWS secret access key: 2WS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4oJe2Jbm\n",
	    DETECT_AWS_SECRET_ACCESS_KEY, "2WS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4oJe2Jbm");
	POS("AWS_SECRET = '/923RzXi4Uh0fp0MXOOUcSXe1aACPwtGTFBrtXvq'",
	    DETECT_AWS_SECRET_ACCESS_KEY, "/923RzXi4Uh0fp0MXOOUcSXe1aACPwtGTFBrtXvq");
	NEG("build 2WS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4oJe2Jbm done", DETECT_AWS_SECRET_ACCESS_KEY);
	NEG("aws sha1 77160bb636d6872acbfa1b958a20ff9971a1b2c3", DETECT_AWS_SECRET_ACCESS_KEY);
	NEG("aws 2WS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4oJe2JbmX (41)", DETECT_AWS_SECRET_ACCESS_KEY);

	char *t = repeat("token ghp_", '*', 36, ".");
	char *want = repeat("ghp_", '*', 36, "");
	POS(t, DETECT_GITHUB_TOKEN, want);
	t[strlen(t) - 1] = 0;
	POS(t, DETECT_GITHUB_TOKEN, want);
	free(want);
	free(t);
	t = repeat("gho_", '*', 36, "");
	POS(t, DETECT_GITHUB_TOKEN, t);
	free(t);
	t = repeat("github_pat_", '*', 82, " x");
	scan_n(t, strlen(t), 0, 0);
	CHECK(L.n == 1 && L.v[0].type == DETECT_GITHUB_TOKEN && L.v[0].start == 0 && L.v[0].end == 93);
	free(t);
	t = repeat("ghp_", '*', 35, "");
	NEG(t, DETECT_GITHUB_TOKEN);
	free(t);
	t = repeat("ghp_", '*', 37, "");
	NEG(t, DETECT_GITHUB_TOKEN);
	free(t);

	POS("SLACK=xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1 ok", DETECT_SLACK_TOKEN,
	    "xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1");
	POS("hook https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX.",
	    DETECT_SLACK_TOKEN, "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX");
	NEG("xoxb-12 is short", DETECT_SLACK_TOKEN);
	/* app-level, rotating (xoxe.xoxp-, xoxe-1- refresh), legacy two-group */
	static const char xapp[] = "xapp-1-A0KI9U82609-2663745249429-"
				   "34b484e73cf575dcad6ba2b0aee0ca923732881584d8c4fa2815d2802827283e";
	char sb[256];
	snprintf(sb, sizeof(sb), "slack token: %s\n", xapp);
	POS(sb, DETECT_SLACK_TOKEN, xapp);
	snprintf(sb, sizeof(sb), "The bot token is %s, don't share it.", xapp);
	POS(sb, DETECT_SLACK_TOKEN, xapp);
	POS("SLACK=xoxe.xoxp-1-Mi0yLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItYWJjZGVm ok", DETECT_SLACK_TOKEN,
	    "xoxe.xoxp-1-Mi0yLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItYWJjZGVm");
	POS("token: \"xoxe.xoxb-1-Mi0yLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItYWJjZGVm\"", DETECT_SLACK_TOKEN,
	    "xoxe.xoxb-1-Mi0yLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItYWJjZGVm");
	POS("refresh xoxe-1-My0xLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItZGVmZ2hp.", DETECT_SLACK_TOKEN,
	    "xoxe-1-My0xLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItZGVmZ2hp");
	POS("legacy xoxb-263594206564-FGqddMF8t08v8N7Oq4i57vs1", DETECT_SLACK_TOKEN,
	    "xoxb-263594206564-FGqddMF8t08v8N7Oq4i57vs1");
	NEG("the xapp-store and xapp-1-A0KI9U82609 and xapp-beta-2663745249429-abcdefabcdef", DETECT_SLACK_TOKEN);
	NEG("xoxe.xoxp and xoxe.something-1-2", DETECT_SLACK_TOKEN);

	POS("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc!", DETECT_STRIPE_KEY, "sk_live_4eC39HqLyjWDarjtT1zdp7dc");
	POS("rk_test_51Hxxxxxxxxxxxxxxxxxxxxxxxxxx", DETECT_STRIPE_KEY, "rk_test_51Hxxxxxxxxxxxxxxxxxxxxxxxxxx");
	NEG("sk_live_short", DETECT_STRIPE_KEY);

	t = repeat("OPENAI_API_KEY=sk-proj-", '*', 120, "\n");
	want = repeat("sk-proj-", '*', 120, "");
	POS(t, DETECT_OPENAI_API_KEY, want);
	free(want);
	free(t);
	POS("k sk-abcdefghijklmnopqrstT3BlbkFJabcdefghijklmnopqrst.", DETECT_OPENAI_API_KEY,
	    "sk-abcdefghijklmnopqrstT3BlbkFJabcdefghijklmnopqrst");
	CHECK(L.n && L.v[0].score >= 0.95);
	t = repeat("sk-", '*', 48, "");
	POS(t, DETECT_OPENAI_API_KEY, t);
	free(t);
	NEG("skeleton sk-learn sk- sk-abc", DETECT_OPENAI_API_KEY);

	t = repeat("ANTHROPIC_API_KEY=\"sk-ant-api03-", '*', 93, "AA\"");
	want = repeat("sk-ant-api03-", '*', 93, "AA");
	POS(t, DETECT_ANTHROPIC_API_KEY, want);
	free(want);
	CHECK_EQ_INT(count_type(DETECT_OPENAI_API_KEY), 0);
	CHECK(L.n && L.v[0].score >= 0.95);
	free(t);
	t = repeat("sk-ant-admin01-", '*', 93, "AA");
	POS(t, DETECT_ANTHROPIC_API_KEY, t);
	free(t);
	t = repeat("sk-ant-api03-", '*', 48, "");
	NEG(t, DETECT_OPENAI_API_KEY);
	free(t);

	t = repeat("maps AIza", '*', 35, ")");
	want = repeat("AIza", '*', 35, "");
	POS(t, DETECT_GOOGLE_API_KEY, want);
	free(want);
	free(t);
	t = repeat("AIza", '*', 34, "");
	NEG(t, DETECT_GOOGLE_API_KEY);
	free(t);
}

static const char jwt[] =
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
	"aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

/* Issue 17 item 3: provider key formats added beside the first set. */
static void test_provider_keys(void)
{
	static const struct {
		int type;
		const char *name;
	} names[] = {
		{ DETECT_GITLAB_TOKEN, "gitlab_token" }, { DETECT_NPM_TOKEN, "npm_token" },
		{ DETECT_PYPI_TOKEN, "pypi_token" }, { DETECT_HUGGINGFACE_TOKEN, "huggingface_token" },
		{ DETECT_AZURE_STORAGE_KEY, "azure_storage_key" }, { DETECT_TWILIO_KEY, "twilio_key" },
		{ DETECT_SENDGRID_KEY, "sendgrid_key" }, { DETECT_MAILGUN_KEY, "mailgun_key" },
		{ DETECT_SHOPIFY_TOKEN, "shopify_token" }, { DETECT_DATABRICKS_TOKEN, "databricks_token" },
		{ DETECT_AZURE_SAS_KEY, "azure_sas_key" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CHECK_EQ_STR(detect_type_name(names[i].type), names[i].name);
		CHECK(detect_type_lookup(names[i].name) == names[i].type);
		CHECK(detect_type_is_secret(names[i].type));
	}
	char *t;

	/* Mailgun's newer keys: 32-8-8 lower-case hex beside "mailgun" */
	POS("MAILGUN_API_KEY=0a1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b", DETECT_MAILGUN_KEY,
	    "0a1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b");
	POS("--user 'api:fa1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b' https://api.mailgun.net/v3",
	    DETECT_MAILGUN_KEY, "fa1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b");
	NEG("request 0a1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b done", DETECT_MAILGUN_KEY);
	NEG("mailgun 0a1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b9", DETECT_MAILGUN_KEY);
	NEG("mailgun 0A1B2C3D4E5F60718293A4B5C6D7E8F9-1A2B3C4D-5E6F7A8B", DETECT_MAILGUN_KEY);
	NEG("mailgun 0a1b2c3d4e5f60718293a4b5c6d7e8f9-1a2b3c4d-5e6f7a8b-1234", DETECT_MAILGUN_KEY);
	NEG("mailgun 0a1b2c3d4e5f60718293a4b5c6d7e8-1a2b3c4d-5e6f7a8b", DETECT_MAILGUN_KEY);
	/* Azure shared access keys in Service Bus / Event Hubs / IoT Hub strings */
	POS("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
	    "SharedAccessKey=aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0o=", DETECT_AZURE_SAS_KEY,
	    "aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0o=");
	POS("HostName=hub.azure-devices.net;DeviceId=d1;SharedAccessKey=aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0o=",
	    DETECT_AZURE_SAS_KEY, "aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0o=");
	NEG("SharedAccessKeyName=RootManageSharedAccessKey", DETECT_AZURE_SAS_KEY);
	NEG("SharedAccessKey=aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0", DETECT_AZURE_SAS_KEY);
	NEG("SharedAccessKey=aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0oX=", DETECT_AZURE_SAS_KEY);
	NEG("MySharedAccessKey=aB3xY9kQ7mZ2pL5nW8rT4vC6bN1mQ3sD5fG7hJ9kL0o=", DETECT_AZURE_SAS_KEY);

	/* GitLab: every documented prefix, 20+ URL-safe bytes, routable parts */
	static const char *const gl[] = { "glpat-", "gldt-", "glrt-", "glrtr-", "glcbt-", "glptt-", "glft-",
					  "glimt-", "glagent-", "gloas-", "glsoat-", "glffct-" };
	for (size_t i = 0; i < sizeof(gl) / sizeof(gl[0]); i++) {
		t = repeat(gl[i], '*', 20, " here");
		char b[128];
		snprintf(b, sizeof(b), "token %s", t);
		*strchr(t, ' ') = 0;
		POS(b, DETECT_GITLAB_TOKEN, t);
		free(t);
	}
	POS("GITLAB_TOKEN=glpat-aB3xY9kQ7mZ2pL5n_-Xy.01.1a2b3c4d5 done", DETECT_GITLAB_TOKEN,
	    "glpat-aB3xY9kQ7mZ2pL5n_-Xy.01.1a2b3c4d5");
	POS("job glcbt-64_aB3xY9kQ7mZ2pL5naB3xY9kQ7", DETECT_GITLAB_TOKEN, "glcbt-64_aB3xY9kQ7mZ2pL5naB3xY9kQ7");
	NEG("token glpat-aB3xY9kQ7mZ2pL5n12 short", DETECT_GITLAB_TOKEN); /* 18 */
	NEG("GitLab personal tokens start with glpat- and are secret", DETECT_GITLAB_TOKEN);
	NEG("xglpat-aB3xY9kQ7mZ2pL5naB3xY9kQ7", DETECT_GITLAB_TOKEN);
	NEG("glxyz-aB3xY9kQ7mZ2pL5naB3xY9kQ7", DETECT_GITLAB_TOKEN);

	/* npm: npm_ + 36 alphanumerics exactly */
	t = repeat("npm_", '*', 36, "");
	POS("//registry.npmjs.org/:_authToken=npm_aB3xY9kQ7mZ2pL5naB3xY9kQ7mZ2pL5naB3x\n", DETECT_NPM_TOKEN, t);
	free(t);
	t = repeat("npm token npm_", '*', 35, " x");
	NEG(t, DETECT_NPM_TOKEN);
	free(t);
	t = repeat("npm token npm_", '*', 37, " x");
	NEG(t, DETECT_NPM_TOKEN);
	free(t);
	NEG("run npm_install_deps after npm_config_cache is set", DETECT_NPM_TOKEN);

	/* PyPI: pypi- + macaroon for pypi.org or test.pypi.org */
	t = repeat("pypi-AgEIcHlwaS5vcmc", '*', 60, "");
	char pb[160];
	snprintf(pb, sizeof(pb), "password = %s\n", t);
	POS(pb, DETECT_PYPI_TOKEN, t);
	CHECK(count_type(DETECT_PASSWORD) == 0);
	free(t);
	t = repeat("pypi-AgENdGVzdC5weXBpLm9yZw", '*', 60, "");
	POS(t, DETECT_PYPI_TOKEN, t);
	free(t);
	NEG("pypi-AgEIcHlwaS5vcmcshort", DETECT_PYPI_TOKEN);
	t = repeat("pypi-AgEIcHlwaS5vcmX", '*', 60, ""); /* not the pypi.org caveat */
	NEG(t, DETECT_PYPI_TOKEN);
	free(t);
	NEG("upload to pypi-test with twine", DETECT_PYPI_TOKEN);

	/* Hugging Face: hf_ + 34 letters, mixed case; api_org_ + 34 */
	POS("HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH\n", DETECT_HUGGINGFACE_TOKEN,
	    "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH");
	POS("org api_org_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH.", DETECT_HUGGINGFACE_TOKEN,
	    "api_org_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH");
	NEG("hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFg", DETECT_HUGGINGFACE_TOKEN);   /* 33 */
	NEG("hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgHi", DETECT_HUGGINGFACE_TOKEN); /* 35 */
	NEG("hf_0123456789abcdef0123456789abcdef01", DETECT_HUGGINGFACE_TOKEN);  /* a digest */
	NEG("the hf_hub_download helper", DETECT_HUGGINGFACE_TOKEN);

	/* Azure storage: AccountKey= + 86 base64 + "==" */
	static const char az[] = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
				 "K1SZFPTOtr/KBHBeksoGMGw==";
	char ab[512];
	snprintf(ab, sizeof(ab), "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=%s;"
				 "EndpointSuffix=core.windows.net", az);
	POS(ab, DETECT_AZURE_STORAGE_KEY, az);
	snprintf(ab, sizeof(ab), "AccountKey=%.80s==;", az);
	NEG(ab, DETECT_AZURE_STORAGE_KEY);
	/* another name that says storage or account key: the key outside a
	 * connection string (issue 17, keys written by others) */
	snprintf(ab, sizeof(ab), "MyAccountKey=%s", az);
	POS(ab, DETECT_AZURE_STORAGE_KEY, az);
	snprintf(ab, sizeof(ab), "blob=%s", az);
	NEG(ab, DETECT_AZURE_STORAGE_KEY);
	NEG("set AccountKey=<your key> in the connection string", DETECT_AZURE_STORAGE_KEY);

	/* Twilio: SK / AC + 32 lower-case hex */
	const struct detect_finding *f;
	f = POS("TWILIO_API_KEY=SK0123456789abcdef0123456789abcdef\n", DETECT_TWILIO_KEY,
		"SK0123456789abcdef0123456789abcdef");
	CHECK(f && f->score >= 0.9);
	f = POS("sid AC0123456789abcdef0123456789abcdef.", DETECT_TWILIO_KEY, "AC0123456789abcdef0123456789abcdef");
	CHECK(f && f->score < 0.9);
	NEG("SK0123456789ABCDEF0123456789ABCDEF", DETECT_TWILIO_KEY);  /* upper case */
	NEG("SK0123456789abcdef0123456789abcde", DETECT_TWILIO_KEY);   /* 31 */
	NEG("SK0123456789abcdef0123456789abcdef0", DETECT_TWILIO_KEY); /* 33 */
	NEG("SKU 0123456789abcdef0123456789abcdef", DETECT_TWILIO_KEY);

	/* SendGrid: SG. + 22 + '.' + 43 */
	POS("SENDGRID_API_KEY='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'",
	    DETECT_SENDGRID_KEY, "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");
	NEG("SG.aB3cD4eF5gH6iJ7kL8mN9.aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5a6b7", DETECT_SENDGRID_KEY);
	NEG("SG.aB3cD4eF5gH6iJ7kL8mN9o.aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5a6b", DETECT_SENDGRID_KEY);
	NEG("See SG. Smith et al. for details", DETECT_SENDGRID_KEY);

	/* Mailgun: key- + 32 of [a-z0-9] */
	POS("api key-3ax6xnjp29jd6fds4gc373sgvjxteol0 ok", DETECT_MAILGUN_KEY, "key-3ax6xnjp29jd6fds4gc373sgvjxteol0");
	NEG("key-3ax6xnjp29jd6fds4gc373sgvjxteol", DETECT_MAILGUN_KEY);
	NEG("key-3AX6XNJP29JD6FDS4GC373SGVJXTEOL0", DETECT_MAILGUN_KEY);
	NEG("a key-value store with key-based sharding", DETECT_MAILGUN_KEY);

	/* Shopify: shpat_ / shpca_ / shppa_ / shpss_ + 32 hex */
	static const char *const shp[] = { "shpat_", "shpca_", "shppa_", "shpss_" };
	for (size_t i = 0; i < 4; i++) {
		char b[96], k[64];
		snprintf(k, sizeof(k), "%s0a1b2c3d4e5f60718293a4b5c6d7e8f9", shp[i]);
		snprintf(b, sizeof(b), "token: %s\n", k);
		POS(b, DETECT_SHOPIFY_TOKEN, k);
	}
	NEG("shpat_0a1b2c3d4e5f60718293a4b5c6d7e8fg", DETECT_SHOPIFY_TOKEN);
	NEG("shpxx_0a1b2c3d4e5f60718293a4b5c6d7e8f9", DETECT_SHOPIFY_TOKEN);
	NEG("Shopify tokens look like shpat_ then hex", DETECT_SHOPIFY_TOKEN);

	/* Databricks: dapi + 32 lower-case hex, optional -N */
	POS("DATABRICKS_TOKEN=dapi0a1b2c3d4e5f60718293a4b5c6d7e8f9\n", DETECT_DATABRICKS_TOKEN,
	    "dapi0a1b2c3d4e5f60718293a4b5c6d7e8f9");
	POS("tok dapi0a1b2c3d4e5f60718293a4b5c6d7e8f9-2 ok", DETECT_DATABRICKS_TOKEN,
	    "dapi0a1b2c3d4e5f60718293a4b5c6d7e8f9-2");
	NEG("dapi0a1b2c3d4e5f60718293a4b5c6d7e8f", DETECT_DATABRICKS_TOKEN);
	NEG("dapi0a1b2c3d4e5f60718293a4b5c6d7e8fz", DETECT_DATABRICKS_TOKEN);
	NEG("the dapi prefix marks a Databricks token", DETECT_DATABRICKS_TOKEN);

	/* Disabling a new type (bit 26 of the mask) works like the others. */
	scan_n("tok dapi0a1b2c3d4e5f60718293a4b5c6d7e8f9 ok", 43, 0, 1u << DETECT_DATABRICKS_TOKEN);
	CHECK(count_type(DETECT_DATABRICKS_TOKEN) == 0);

	/* GCP service-account JSON: its private key is a private_key finding. */
	POS("{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG"
	    "9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n\"}",
	    DETECT_PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
				"\\n-----END PRIVATE KEY-----");
}

/* Issue 17 item 3: other shapes of Slack webhooks and Stripe keys. */
static void test_key_shapes(void)
{
	POS("hooks.slack.com/services/T01ABCDEF23/B01ABCDEF45/aB3cD4eF5gH6iJ7kL8mN9oP0 x", DETECT_SLACK_TOKEN,
	    "hooks.slack.com/services/T01ABCDEF23/B01ABCDEF45/aB3cD4eF5gH6iJ7kL8mN9oP0");
	POS("url https://hooks.slack.com/workflows/T01ABCDEF23/A01ABCDEF45/123456789012345678/aB3cD4eF5gH6iJ7kL8mN9oP0.",
	    DETECT_SLACK_TOKEN,
	    "https://hooks.slack.com/workflows/T01ABCDEF23/A01ABCDEF45/123456789012345678/aB3cD4eF5gH6iJ7kL8mN9oP0");
	POS("hooks.slack.com/triggers/T01ABCDEF23/123456789012/aB3cD4eF5gH6iJ7kL8mN9oP0qR", DETECT_SLACK_TOKEN,
	    "hooks.slack.com/triggers/T01ABCDEF23/123456789012/aB3cD4eF5gH6iJ7kL8mN9oP0qR");
	NEG("hooks.slack.com/triggers/T01ABCDEF23/123456789012/short", DETECT_SLACK_TOKEN);
	NEG("hooks.slack.com/workflows/T01ABCDEF23/B01ABCDEF45/123456789012345678/aB3cD4eF5gH6iJ7kL8mN9oP0",
	    DETECT_SLACK_TOKEN);
	NEG("see hooks.slack.com/services/ for incoming webhooks", DETECT_SLACK_TOKEN);
	POS("STRIPE=sk_prod_4eC39HqLyjWDarjtT1zdp7dc\n", DETECT_STRIPE_KEY, "sk_prod_4eC39HqLyjWDarjtT1zdp7dc");
	POS("rk_prod_4eC39HqLyjWDarjtT1zdp7dc", DETECT_STRIPE_KEY, "rk_prod_4eC39HqLyjWDarjtT1zdp7dc");
	NEG("sk_prod_4eC39Hq", DETECT_STRIPE_KEY);
	NEG("the sk_prod_ prefix", DETECT_STRIPE_KEY);
}

/* Issue 17 item 3: generic assignments in more languages. */
static void test_assign_shapes(void)
{
	POS("<config><password>Tr0ub4dor&3</password></config>", DETECT_PASSWORD, "Tr0ub4dor&3");
	POS("<db.password> Zq9kLm2xW </db.password>", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("<ns:clientSecret>Zq9kLm2xW</ns:clientSecret>", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("<password>${DB_PASSWORD}</password>", DETECT_PASSWORD);
	NEG("<password>Zq9kLm2xW</passwd>", DETECT_PASSWORD);
	NEG("<title>Forgot password</title>", DETECT_PASSWORD);
	POS("<token>sk_live_4eC39HqLyjWDarjtT1zdp7dc</token>", DETECT_STRIPE_KEY, "sk_live_4eC39HqLyjWDarjtT1zdp7dc");
	CHECK(count_type(DETECT_PASSWORD) == 0);

	POS("System.setProperty(\"db.password\", \"Welcome108!\");", DETECT_PASSWORD, "Welcome108!");
	POS("System.setProperty( \"javax.net.ssl.keyStorePassword\" , \"Zq9kLm2xW\")", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("System.setProperty(\"db.password\", System.getenv(\"PW\"));", DETECT_PASSWORD);
	NEG("System.setProperty(\"db.user\", \"Welcome108!\");", DETECT_PASSWORD);
	NEG("System.setProperty(\"db.password\", \"changeme\");", DETECT_PASSWORD);

	POS("$password .= \"Zq9#kLm2\";", DETECT_PASSWORD, "Zq9#kLm2");
	POS("DB_PASSWORD ?= Zq9kLm2x\n", DETECT_PASSWORD, "Zq9kLm2x");
	POS("ADMIN_PASS ::= Xy7pQr4s\n", DETECT_PASSWORD, "Xy7pQr4s");
	NEG("if (pw ?" "?= x) ok", DETECT_PASSWORD);
	NEG("total .= 12345678", DETECT_PASSWORD);
	POS("var dbPassword string = \"Zq9kLm2xW\"", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("val password: String = \"Zq9kLm2xW\"", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("let password: &str = \"Zq9kLm2xW\";", DETECT_PASSWORD, "Zq9kLm2xW");
	CHECK(count_type(DETECT_PASSWORD) == 1);
	NEG("var name string = \"Zq9kLm2xW\"", DETECT_PASSWORD);
}

static void test_jwt_pem(void)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "Authorization: Bearer %s\n", jwt);
	POS(buf, DETECT_JWT, jwt);
	/* header {"typ":"JWT"} without alg */
	NEG("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.abc", DETECT_JWT);
	NEG("eyJhbGciOiJIUzI1NiJ9 alone", DETECT_JWT);
	NEG("eyJust.some.words", DETECT_JWT);

	const char *pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4r8Zg1aGZ6kWm0xyz\n"
			  "Zm9vYmFyYmF6cXV4Cg==\n-----END RSA PRIVATE KEY-----";
	snprintf(buf, sizeof(buf), "key:\n%s\nthanks", pem);
	POS(buf, DETECT_PRIVATE_KEY, pem);
	const char *ossh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
			   "-----END OPENSSH PRIVATE KEY-----";
	POS(ossh, DETECT_PRIVATE_KEY, ossh);
	const char *pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0000000000\n=abcd\n"
			  "-----END PGP PRIVATE KEY BLOCK-----";
	POS(pgp, DETECT_PRIVATE_KEY, pgp);
	NEG("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
	    DETECT_PRIVATE_KEY);
	NEG("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", DETECT_PRIVATE_KEY);
	/* cut off: still reported, over the body */
	POS("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n",
	    DETECT_PRIVATE_KEY,
	    "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49");
}

static void test_password(void)
{
	POS("password: hunter2", DETECT_PASSWORD, "hunter2");
	POS("DB_PASSWORD=s3cr3t!x\n", DETECT_PASSWORD, "s3cr3t!x");
	POS("{\"password\": \"c0rrect horse\"}", DETECT_PASSWORD, "c0rrect horse");
	POS("passwd = 'Tr0ub4dor&3';", DETECT_PASSWORD, "Tr0ub4dor&3");
	POS("pwd=abc123&user=x", DETECT_PASSWORD, "abc123");
	POS("client_secret: 9f8e7d6c5b4a", DETECT_PASSWORD, "9f8e7d6c5b4a");
	POS("dbPassword := \"Zx9!qq\"", DETECT_PASSWORD, "Zx9!qq");
	POS("mot de passe — pass: Gr3nouille.", DETECT_PASSWORD, "Gr3nouille");
	POS("postgres://admin:p4ss!w0rd@db.example.com:5432/x", DETECT_PASSWORD, "p4ss!w0rd");
	CHECK_EQ_INT(count_type(DETECT_EMAIL), 0);
	POS("'password' => 'letmein99'", DETECT_PASSWORD, "letmein99");
	POS("api_key = \"Zm9vYmFyYmF6cXV4MTIzNDU2\"", DETECT_PASSWORD, "Zm9vYmFyYmF6cXV4MTIzNDU2");
	NEG("I forgot my password: can you help me reset it?", DETECT_PASSWORD);
	NEG("password: <password>", DETECT_PASSWORD);
	NEG("password=***", DETECT_PASSWORD);
	NEG("password: xxx", DETECT_PASSWORD);
	NEG("PASSWORD=changeme", DETECT_PASSWORD);
	NEG("password=${DB_PASSWORD}", DETECT_PASSWORD);
	NEG("password = getpass()", DETECT_PASSWORD);
	NEG("if password == other:", DETECT_PASSWORD);
	NEG("password = config.password", DETECT_PASSWORD);
	NEG("password:", DETECT_PASSWORD);
	NEG("\"password\": null", DETECT_PASSWORD);
	NEG("compass: north", DETECT_PASSWORD);
	NEG("secretary: Jane", DETECT_PASSWORD);
	NEG("token = abc", DETECT_PASSWORD);

	/* '&' is a symbol of the password, except where a parameter follows */
	POS("DEBUG connecting with user=mnovak password=bPV&7KfB$o&kXMBG0rqKo\n", DETECT_PASSWORD,
	    "bPV&7KfB$o&kXMBG0rqKo");
	POS("GET /login?user=a&password=Hunter22&next=/home", DETECT_PASSWORD, "Hunter22");
	POS("passwd=Tr0ub4dor&3&lang=en", DETECT_PASSWORD, "Tr0ub4dor&3");
	POS("body: pwd=Hunter22&amp;next=1", DETECT_PASSWORD, "Hunter22");
	/* French label, and a dotted password after ':' */
	POS("mot de passe : Passw0rd#98\n", DETECT_PASSWORD, "Passw0rd#98");
	POS("[09:21] support: mot de passe : tiger.monkey23\n", DETECT_PASSWORD, "tiger.monkey23");
	POS("Passwort: maple.maple04 (bitte nach dem Login ändern)", DETECT_PASSWORD, "maple.maple04");
	NEG("password: process.env.DB_PASSWORD\n", DETECT_PASSWORD);
	NEG("password: settings.DATABASES.default\n", DETECT_PASSWORD);
	NEG("mot de passe oublié : aidez-moi", DETECT_PASSWORD);
	NEG("compasse : Nord2024", DETECT_PASSWORD);
	/* "label: value words": the value must look chosen, not be a word */
	POS("[09:00] Robert: my pw: P@ssw0rd99 thanks\n", DETECT_PASSWORD, "P@ssw0rd99");
	POS("Username: jtanaka / Password: Qwerty!2324 Why does the cron job fail?", DETECT_PASSWORD,
	    "Qwerty!2324");
	NEG("Password: Required field, please fill it in", DETECT_PASSWORD);
	NEG("my pw: Welcome thanks", DETECT_PASSWORD);
	/* shell expansion: an error message is no value, a default is */
	NEG("  password: ${POSTGRES_PASSWORD:?required}\n", DETECT_PASSWORD);
	NEG("  password: ${POSTGRES_PASSWORD:+set}\n", DETECT_PASSWORD);
	POS("  password: ${POSTGRES_PASSWORD:-Sup3rS3cret!}\n", DETECT_PASSWORD, "Sup3rS3cret!");
	/* templates and vendor-key look-alikes are neither passwords nor keys */
	NEG("Set STRIPE_SECRET_KEY=sk_live_YOUR_KEY_HERE in .env", DETECT_PASSWORD);
	NEG("Set STRIPE_SECRET_KEY=sk_live_YOUR_KEY_HERE in .env", DETECT_STRIPE_KEY);
	NEG("DB_PASSWORD=enter-your-password-here", DETECT_PASSWORD);
	NEG("OPENAI_API_KEY=sk-proj-abc...", DETECT_PASSWORD);
	NEG("SLACK_BOT_TOKEN=xoxb-1234567890-truncated", DETECT_PASSWORD);
	NEG("GITHUB_TOKEN=ghp_tooShortToBeATokenAtAll12345", DETECT_PASSWORD);
	POS("password=yourself2024!", DETECT_PASSWORD, "yourself2024!");
}

/* A vendor key as the value of a password or token assignment is that
 * vendor's finding only: no password is appended for it at all (checked
 * before overlap resolution, which would hide a duplicate). */
static void vendor_only(const char *file, int line, const char *s, int type)
{
	struct detect_opts o = { 0, 0, NULL, NULL };
	detect_list_clear(&L);
	detect_scan(s, strlen(s), &o, &L);
	int ok = count_type(type) == 1 && count_type(DETECT_PASSWORD) == 0;
	if (ok) {
		unit_pass++;
	} else {
		unit_fail++;
		fprintf(stderr, "%s:%d: want one %s and no password\n", file, line, detect_type_name(type));
		dump(s);
	}
}
#define VENDOR_ONLY(s, type) vendor_only(__FILE__, __LINE__, s, type)

static void test_password_vendor(void)
{
	char b[512];
	const char *xapp = "xapp-1-A0KI9U82609-2663745249429-"
			   "34b484e73cf575dcad6ba2b0aee0ca923732881584d8c4fa2815d2802827283e";
	snprintf(b, sizeof(b), "slack_token: \"%s\"\n", xapp);
	VENDOR_ONLY(b, DETECT_SLACK_TOKEN);
	snprintf(b, sizeof(b), "client = WebClient(token=\"%s\")", xapp);
	VENDOR_ONLY(b, DETECT_SLACK_TOKEN);
	snprintf(b, sizeof(b), "SLACK_BOT_TOKEN=%s\n", xapp);
	VENDOR_ONLY(b, DETECT_SLACK_TOKEN);
	snprintf(b, sizeof(b), "slack token: %s\n", xapp);
	VENDOR_ONLY(b, DETECT_SLACK_TOKEN);
	VENDOR_ONLY("slack_token: \"xoxe.xoxp-1-Mi0yLTE4ODM5MDQ2MTY1LTQxMjM0NTY3ODkwMTItYWJjZGVm\"",
		    DETECT_SLACK_TOKEN);
	VENDOR_ONLY("  password: ghp_aB3xY9kQ7mZ2pL5naB3xY9kQ7mZ2pL5naB3x  # GitHub PAT", DETECT_GITHUB_TOKEN);
	VENDOR_ONLY("git clone https://x-access-token:ghp_aB3xY9kQ7mZ2pL5naB3xY9kQ7mZ2pL5naB3x@github.com/o/r",
		    DETECT_GITHUB_TOKEN);
	VENDOR_ONLY("aws_secret_access_key=\"9YezdZ/tDDj8hYs5suKcNd8Zra9A9sKPxZ9W3qLy\",",
		    DETECT_AWS_SECRET_ACCESS_KEY);
	VENDOR_ONLY("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
		    DETECT_AWS_SECRET_ACCESS_KEY);
	VENDOR_ONLY("here's the aws secret: 2WS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py4oJe2Jbm (temporary)",
		    DETECT_AWS_SECRET_ACCESS_KEY);
	VENDOR_ONLY("STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc", DETECT_STRIPE_KEY);
	/* still a password when the userinfo holds one */
	POS("mongodb://admin:nrmNWYfgq97nmCSHgeDx@api.internal:27017", DETECT_PASSWORD, "nrmNWYfgq97nmCSHgeDx");
}

static void test_password_prose(void)
{
	POS("The password is Coffee2001& but please change it after login.", DETECT_PASSWORD, "Coffee2001&");
	POS("[09:21] agent: The password is Pepper2005! but please change it.", DETECT_PASSWORD, "Pepper2005!");
	POS("Hi Kenji,\n\nLogin with password maple_pepper88 and it should work.", DETECT_PASSWORD,
	    "maple_pepper88");
	POS("Login with password coffee-maple30 and it should work.", DETECT_PASSWORD, "coffee-maple30");
	POS("Login with password x&Zsu#ElAfAc and it should work.", DETECT_PASSWORD, "x&Zsu#ElAfAc");
	POS("The password is 71uhRC2Umtn but please change it.", DETECT_PASSWORD, "71uhRC2Umtn");
	POS("Your new password is: Zx9-qq-Rt7.", DETECT_PASSWORD, "Zx9-qq-Rt7");
	POS("Das Passwort ist \"Sommer2024!\".", DETECT_PASSWORD, "Sommer2024!");
	POS("Le mot de passe est Grenouille42, merci.", DETECT_PASSWORD, "Grenouille42");
	POS("login with password kRVFBBOibubfQkW5", DETECT_PASSWORD, "kRVFBBOibubfQkW5");
	NEG("The password is required and must be 12 characters long.", DETECT_PASSWORD);
	NEG("The password is Incorrect, try again.", DETECT_PASSWORD);
	NEG("the password is 12345678 according to the policy", DETECT_PASSWORD);
	NEG("password reset for API2 users at 10:30", DETECT_PASSWORD);
	NEG("The passport is Abc12345 in the drawer", DETECT_PASSWORD);
	NEG("reset password https://example.com/reset?id=Ab12", DETECT_PASSWORD);
	NEG("This is Coffee2001 and that was Pepper2005!", DETECT_PASSWORD);
	NEG("the password is <your-password>", DETECT_PASSWORD);
	NEG("Login with password sk_live_YOUR_KEY_HERE", DETECT_PASSWORD);
}

/* Issue 14 (6): values reformatted the way people type them, or to slip past
 * a detector. Spans are exact byte offsets into the original text, the
 * invisible characters inside a value included. */
static void test_reformatted(void)
{
	/* punctuation right before a value */
	POS("charge(4111111111111111, 1999)", DETECT_CREDIT_CARD, "4111111111111111");
	POS("ssn (123-45-6789)", DETECT_US_SSN, "123-45-6789");
	POS("[123-45-6789]", DETECT_US_SSN, "123-45-6789");
	POS("ref:4111111111111111", DETECT_CREDIT_CARD, "4111111111111111");
	POS("ref=4111111111111111", DETECT_CREDIT_CARD, "4111111111111111");
	NEG("EMP-4111111111111111", DETECT_CREDIT_CARD); /* one identifier */
	POS("iban:(GB82WEST12345698765432)", DETECT_IBAN, "GB82WEST12345698765432");
	POS("call(555-234-5678)", DETECT_PHONE, "555-234-5678");
	POS("\"4111 1111 1111 1111\"", DETECT_CREDIT_CARD, "4111 1111 1111 1111");
	POS("card#4111111111111111", DETECT_CREDIT_CARD, "4111111111111111");
	/* separators: spaces, dashes, dots, slashes, tabs, mixed */
	static const char *const cards[] = {
		"4111 1111 1111 1111", "4111-1111-1111-1111", "4111.1111.1111.1111",
		"4111/1111/1111/1111", "4111\t1111\t1111\t1111", "4111 1111-1111.1111",
		"4111/1111 1111\t1111", "3782.822463.10005", NULL
	};
	char buf[160];
	for (int i = 0; cards[i]; i++) {
		snprintf(buf, sizeof(buf), "paid with %s yesterday", cards[i]);
		POS(buf, DETECT_CREDIT_CARD, cards[i]);
	}
	static const char *const ssns[] = {
		"123-45-6789", "123 45 6789", "123.45.6789", "123/45/6789", "123\t45\t6789",
		"123-45 6789", "123.45-6789", NULL
	};
	for (int i = 0; ssns[i]; i++) {
		snprintf(buf, sizeof(buf), "ssn: %s.", ssns[i]);
		POS(buf, DETECT_US_SSN, ssns[i]);
	}
	POS("SSN 123-45-6789 5 days", DETECT_US_SSN, "123-45-6789");
	static const char *const ibans[] = {
		"GB82 WEST 1234 5698 7654 32", "GB82-WEST-1234-5698-7654-32",
		"GB82.WEST.1234.5698.7654.32", "GB82\tWEST\t1234\t5698\t7654\t32",
		"GB82 WEST-1234.5698 7654 32", "gb82 west 1234 5698 7654 32",
		"gb82west12345698765432", "Gb82WeSt12345698765432", "gB82 wEsT 1234 5698 7654 32",
		"de89370400440532013000", "de89 3704 0044 0532 0130 00", NULL
	};
	for (int i = 0; ibans[i]; i++) {
		snprintf(buf, sizeof(buf), "to %s thanks", ibans[i]);
		POS(buf, DETECT_IBAN, ibans[i]);
	}
	NEG("to gb82west12345698765433 thanks", DETECT_IBAN);
	static const char *const phones[] = {
		"555-234-5678", "555.234.5678", "555 234 5678", "555/234/5678", "555\t234\t5678",
		"555.234-5678", "555/234-5678", NULL
	};
	for (int i = 0; phones[i]; i++) {
		snprintf(buf, sizeof(buf), "phone %s today", phones[i]);
		POS(buf, DETECT_PHONE, phones[i]);
	}

	/* fullwidth digits (and letters) */
	POS("card \xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"
	    "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"
	    "\xEF\xBC\x91\xEF\xBC\x91 ok", DETECT_CREDIT_CARD,
	    "\xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"
	    "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"
	    "\xEF\xBC\x91\xEF\xBC\x91");
	POS("ssn \xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x8D\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x8D"
	    "\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98\xEF\xBC\x99.", DETECT_US_SSN,
	    "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x8D\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x8D"
	    "\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98\xEF\xBC\x99");
	POS("iban \xEF\xBC\xA7\xEF\xBC\xA2\xEF\xBC\x98\xEF\xBC\x92 WEST 1234 5698 7654 32", DETECT_IBAN,
	    "\xEF\xBC\xA7\xEF\xBC\xA2\xEF\xBC\x98\xEF\xBC\x92 WEST 1234 5698 7654 32");
	POS("tel \xEF\xBC\x95\xEF\xBC\x95\xEF\xBC\x95-\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94-"
	    "\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98", DETECT_PHONE,
	    "\xEF\xBC\x95\xEF\xBC\x95\xEF\xBC\x95-\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94-"
	    "\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98");
	/* digits of other scripts, math digits, dashes that are not '-' */
	POS("\xD9\xA4\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1"
	    "\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1", DETECT_CREDIT_CARD,
	    "\xD9\xA4\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1"
	    "\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1\xD9\xA1");
	POS("ssn 123\xE2\x80\x93" "45\xE2\x80\x93" "6789", DETECT_US_SSN,
	    "123\xE2\x80\x93" "45\xE2\x80\x93" "6789");

	/* invisible characters inside values: the span covers them */
	static const char *const inv[] = {
		"\xE2\x80\x8B", "\xE2\x80\x8D", "\xE2\x80\x8C", "\xC2\xAD", "\xEF\xBB\xBF", "\xE2\x81\xA0",
		NULL
	};
	for (int i = 0; inv[i]; i++) {
		char v[96];
		snprintf(v, sizeof(v), "4111%s1111%s1111%s1111", inv[i], inv[i], inv[i]);
		snprintf(buf, sizeof(buf), "card %s.", v);
		POS(buf, DETECT_CREDIT_CARD, v);
		snprintf(v, sizeof(v), "123%s-45-67%s89", inv[i], inv[i]);
		snprintf(buf, sizeof(buf), "ssn %s.", v);
		POS(buf, DETECT_US_SSN, v);
		snprintf(v, sizeof(v), "GB82%sWEST12345698765432", inv[i]);
		snprintf(buf, sizeof(buf), "iban %s.", v);
		POS(buf, DETECT_IBAN, v);
		snprintf(v, sizeof(v), "555-234%s-5678", inv[i]);
		snprintf(buf, sizeof(buf), "phone %s.", v);
		POS(buf, DETECT_PHONE, v);
	}
	/* a soft hyphen alone between the digits, and a strike-through mark */
	POS("4111\xC2\xAD" "1111\xC2\xAD" "1111\xC2\xAD" "1111", DETECT_CREDIT_CARD,
	    "4111\xC2\xAD" "1111\xC2\xAD" "1111\xC2\xAD" "1111");
	POS("x 4\xCC\xB6" "111111111111111\xCC\xB6 y", DETECT_CREDIT_CARD,
	    "4\xCC\xB6" "111111111111111\xCC\xB6");
	/* look-alike letters in a key or a country code */
	POS("key \xD0\x90KIAIOSFODNN7EXAMPLE", DETECT_AWS_ACCESS_KEY_ID, "\xD0\x90KIAIOSFODNN7EXAMPLE");
	POS("G\xD0\x92" "82WEST12345698765432", DETECT_IBAN, "G\xD0\x92" "82WEST12345698765432");
	/* accented local part */
	POS("écrire à rené.dupont@exemple.fr", DETECT_EMAIL, "rené.dupont@exemple.fr");
	/* ordinary text in other scripts stays quiet */
	NEG("Привет, как дела? Всё хорошо, спасибо.", DETECT_PASSWORD);
	NEG("今日は良い天気ですね。１２月７日です。", DETECT_CREDIT_CARD);
}

static void test_lookalikes(void)
{
	static const char *const prose[] = {
		"commit da39a3ee5e6b4b0d3255bfef95601890afd80709 fixed it",
		"uuid 123e4567-e89b-12d3-a456-426614174000 and 12345678-1234-1234-1234-123456789012",
		"md5 d41d8cd98f00b204e9800998ecf8427e sha256 "
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"released v2.3.14 on 2024-01-15 at 10:30:00, order #12345678, ORD-2024-000123",
		"The skeleton key, sk-learn 1.4 and scikit; ghp_short; AKIAN words; xoxb-1",
		"Meeting at 3:30pm in room 4.12; call ext. 4412; pi is 3.14159265358979",
		NULL
	};
	for (int i = 0; prose[i]; i++) {
		scan_n(prose[i], strlen(prose[i]), 0, 0);
		int bad = 0;
		for (size_t k = 0; k < L.n; k++)
			bad += L.v[k].score >= 0.5;
		CHECK_MSG(bad == 0, "look-alike reported in \"%s\"", prose[i]);
		if (bad)
			dump(prose[i]);
	}
}

static void test_resolve_disable(void)
{
	struct detect_list l = DETECT_LIST_INIT;
	struct detect_finding a = { DETECT_PHONE, 10, 20, 0.6, "x", NULL, 0 };
	struct detect_finding b = { DETECT_CREDIT_CARD, 8, 24, 0.95, "y", NULL, 0 };
	struct detect_finding c = { DETECT_EMAIL, 30, 40, 0.9, "z", NULL, 0 };
	struct detect_finding d = { DETECT_PASSWORD, 30, 40, 0.9, "w", NULL, 0 };
	struct detect_finding e = { DETECT_EMAIL, 0, 5, 0.5, "v", NULL, 0 };
	struct detect_finding g = { DETECT_IP_ADDRESS, 19, 26, 0.99, "u", NULL, 0 };
	detect_list_push(&l, &c);
	detect_list_push(&l, &a);
	detect_list_push(&l, &d);
	detect_list_push(&l, &b);
	detect_list_push(&l, &e);
	detect_list_push(&l, &g);
	detect_list_resolve(&l);
	/* g beats b and a (they overlap it); d beats c at equal score
	 * (secret over PII); e overlaps nothing. Sorted by start. */
	CHECK_EQ_INT(l.n, 3);
	CHECK(l.n == 3 && l.v[0].type == DETECT_EMAIL && l.v[0].start == 0 &&
	      l.v[1].type == DETECT_IP_ADDRESS && l.v[2].type == DETECT_PASSWORD);
	detect_list_clear(&l);
	CHECK_EQ_INT(l.n, 0);
	detect_list_release(&l);
	CHECK(l.v == NULL);

	/* the card, not phone pieces inside it; secret over PII at equal score */
	const char *s = "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
	scan_n(s, strlen(s), 0, 0);
	CHECK_EQ_INT(L.n, 1);
	CHECK(L.n && L.v[0].type == DETECT_AWS_SECRET_ACCESS_KEY);

	s = "mail a@example.com card 4111111111111111";
	scan_n(s, strlen(s), 0, 1u << DETECT_EMAIL);
	CHECK_EQ_INT(count_type(DETECT_EMAIL), 0);
	CHECK_EQ_INT(count_type(DETECT_CREDIT_CARD), 1);
}

static void test_decode(void)
{
	const char *b64 = "Y29udGFjdCBqb2huLmRvZUBleGFtcGxlLmNvbSB0b2RheQ==";
	char buf[256];
	snprintf(buf, sizeof(buf), "blob: %s end", b64);
	const struct detect_finding *f = POSD(buf, DETECT_EMAIL, b64);
	CHECK(f && f->decoded && !strcmp(f->decoded, "base64"));
	NEG(buf, DETECT_EMAIL); /* not without --decode */

	const char *u64 = "Y2FyZCA0MTExMTExMTExMTExMTExIG9r";
	f = POSD(u64, DETECT_CREDIT_CARD, u64);
	CHECK(f && f->decoded && !strcmp(f->decoded, "base64"));

	const char *hex = "636f6e74616374206a6f686e2e646f65406578616d706c652e636f6d20746f646179";
	snprintf(buf, sizeof(buf), "x=%s;", hex);
	f = POSD(buf, DETECT_EMAIL, hex);
	CHECK(f && f->decoded && !strcmp(f->decoded, "hex"));

	f = POSD("https://x.test/?to=john.doe%40example.com&a=1", DETECT_EMAIL, "john.doe%40example.com");
	CHECK(f && f->decoded && !strcmp(f->decoded, "percent"));

	/* binary-looking base64 and hex digests decode to nothing */
	const char *quiet = "da39a3ee5e6b4b0d3255bfef95601890afd80709 dGhpcyBpcyBqdXN0IHRleHQ=";
	scan_n(quiet, strlen(quiet), 1, 0);
	CHECK_EQ_INT(L.n, 0);
	/* a plain finding is not doubled by decode */
	POSD("mail a@example.com", DETECT_EMAIL, "a@example.com");
	CHECK_EQ_INT(L.n, 1);
}

/* ---- rules ---- */

static struct detect_rules *rules(const char *json, char *err, size_t errlen)
{
	return detect_rules_new(json, strlen(json), err, errlen);
}

static void rscan(const struct detect_rules *r, const char *s)
{
	detect_list_clear(&L);
	detect_rules_scan(r, s, strlen(s), &L);
	detect_list_resolve(&L);
}

static void test_rules(void)
{
	char err[256];
	struct detect_rules *r = rules(
		"[{\"name\":\"acme_token\",\"regex\":\"acme_[A-Za-z0-9]{32}\",\"keywords\":[\"acme_\"],"
		"  \"class\":\"restricted\",\"score\":0.9},"
		" {\"name\":\"proj\",\"type\":\"codename\",\"keywords\":[\"Falcon\",\"blue heron\"],\"class\":\"confidential\"},"
		" {\"name\":\"proj_cs\",\"type\":\"codename\",\"keywords\":[\"NOVA\"],\"case_insensitive\":false},"
		" {\"name\":\"emp\",\"regex\":\"emp(?:loyee)? id[: ]+(E[0-9]{6})\",\"group\":1,\"case_insensitive\":true,"
		"  \"context\":{\"raise\":[\"hr\"],\"lower\":[\"example\",\"test\"],\"window\":20}},"
		" {\"name\":\"card2\",\"type\":\"credit_card\",\"regex\":\"\\\\b[0-9]{4}( ?[0-9]{4}){3}\\\\b\",\"validate\":\"luhn\",\"class\":\"restricted\"},"
		" {\"name\":\"ib\",\"type\":\"iban\",\"regex\":\"\\\\b[a-z]{2}[0-9]{2}[a-z0-9]{11,30}\\\\b\",\"validate\":\"iban\"},"
		" {\"name\":\"hexkey\",\"regex\":\"key_[a-z0-9]{16}\",\"min_entropy\":3.0},"
		" {\"name\":\"part\",\"keywords\":[\"cat\"],\"word\":false}"
		"]", err, sizeof(err));
	CHECK_MSG(r != NULL, "%s", err);
	if (!r)
		return;
	CHECK_EQ_INT(detect_rules_ntypes(r), 5); /* acme_token codename emp hexkey part */
	{
		/* a pattern written for another script matches the text as written */
		struct detect_rules *cy = rules("[{\"name\":\"ru\",\"keywords\":[\"\u0441\u0435\u043a\u0440\u0435\u0442\"]}]",
						err, sizeof(err));
		CHECK_MSG(cy != NULL, "%s", err);
		if (cy) {
			rscan(cy, "x \xD1\x81\xD0\xB5\xD0\xBA\xD1\x80\xD0\xB5\xD1\x82 AKIA1 caf\xC3\xA9");
			CHECK(L.n == 1 && L.v[0].start == 2 && L.v[0].end == 14);
			detect_rules_free(cy);
		}
	}
	int acme = DETECT_NBUILTIN + 0, code = DETECT_NBUILTIN + 1, emp = DETECT_NBUILTIN + 2;
	CHECK_EQ_STR(detect_rules_type_name(r, acme), "acme_token");
	CHECK_EQ_STR(detect_rules_type_name(r, code), "codename");
	CHECK(detect_rules_type_name(r, DETECT_NBUILTIN + 5) == NULL);
	CHECK(detect_rules_type_name(r, DETECT_EMAIL) == NULL);
	CHECK_EQ_STR(detect_rules_type_class(r, acme), "restricted");
	CHECK_EQ_STR(detect_rules_type_class(r, code), "confidential");
	CHECK(detect_rules_type_class(r, emp) == NULL);
	CHECK_EQ_STR(detect_rules_type_class(r, DETECT_CREDIT_CARD), "restricted");
	/* built-in ids answer too (NULL when no rule classed them); ids out
	 * of either range, and no rules at all, are NULL, never a crash */
	CHECK(detect_rules_type_class(r, DETECT_EMAIL) == NULL);
	CHECK(detect_rules_type_class(r, DETECT_NBUILTIN - 1) == NULL);
	CHECK(detect_rules_type_class(r, -1) == NULL);
	CHECK(detect_rules_type_class(r, INT_MIN) == NULL);
	CHECK(detect_rules_type_class(r, DETECT_NBUILTIN + 5) == NULL);
	CHECK(detect_rules_type_class(r, INT_MAX) == NULL);
	CHECK(detect_rules_type_class(NULL, DETECT_CREDIT_CARD) == NULL);
	CHECK(detect_rules_type_class(NULL, DETECT_NBUILTIN) == NULL);
	CHECK(detect_rules_type_name(r, INT_MAX) == NULL && detect_rules_type_name(r, -1) == NULL);

	const char *s = "ütf8 token acme_0123456789abcdefABCDEF0123456789 ok";
	rscan(r, s);
	CHECK(L.n == 1 && L.v[0].type == acme && L.v[0].start == 12 && L.v[0].end == 12 + 37 &&
	      !strcmp(L.v[0].detector, "acme_token") && L.v[0].score == 0.9);
	rscan(r, "ACME_ only a keyword");
	CHECK_EQ_INT(L.n, 0);

	s = "Project FALCON and the Blue Heron, not falconry; NOVA but not nova";
	rscan(r, s);
	CHECK_EQ_INT(count_type(code), 3);
	CHECK(find_span(code, 8, 14) && find_span(code, 23, 33) && find_span(code, 49, 53));

	s = "part: cat, concatenate";
	rscan(r, s);
	CHECK_EQ_INT(count_type(DETECT_NBUILTIN + 4), 2);

	rscan(r, "HR: Employee ID: E123456.");
	CHECK(L.n == 1 && L.v[0].type == emp && L.v[0].start == 17 && L.v[0].end == 24);
	CHECK(L.n == 1 && fabs(L.v[0].score - 0.95) < 1e-9);
	/* rules also see the folded text: fullwidth, an invisible character
	 * inside; spans are in the original bytes, and a value found in both
	 * passes is reported once */
	rscan(r, "HR: Employee ID: \xEF\xBC\xA5\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94"
		 "\xEF\xBC\x95\xEF\xBC\x96.");
	CHECK(L.n == 1 && L.v[0].type == emp && L.v[0].start == 17 && L.v[0].end == 38);
	rscan(r, "Project Fal\xE2\x80\x8B" "con, caf\xC3\xA9 Falcon");
	CHECK_EQ_INT(count_type(code), 2);
	CHECK(find_span(code, 8, 17) && find_span(code, 25, 31));
	rscan(r, "for example emp id E123456");
	CHECK(L.n == 1 && fabs(L.v[0].score - 0.5) < 1e-9);
	rscan(r, "emp id E123456 in a long sentence far far away from the word test");
	CHECK(L.n == 1 && fabs(L.v[0].score - 0.8) < 1e-9);

	rscan(r, "cards 4111 1111 1111 1111 and 4111 1111 1111 1112");
	CHECK_EQ_INT(count_type(DETECT_CREDIT_CARD), 1);
	if (count_type(DETECT_CREDIT_CARD) != 1)
		dump("cards 4111 1111 1111 1111 and 4111 1111 1111 1112");
	CHECK(find_span(DETECT_CREDIT_CARD, 6, 25) != NULL);
	rscan(r, "iban de89370400440532013000 vs de89370400440532013001");
	CHECK_EQ_INT(count_type(DETECT_IBAN), 1);

	rscan(r, "key_aaaaaaaaaaaaaaaa key_a1b2c3d4e5f6g7h8");
	CHECK_EQ_INT(count_type(DETECT_NBUILTIN + 3), 1);

	rscan(r, "");
	CHECK_EQ_INT(L.n, 0);
	detect_rules_free(r);
	detect_rules_free(NULL);

	/* errors name the rule */
	static const struct {
		const char *json, *want;
	} bad[] = {
		{ "[{\"name\":\"x\",\"regex\":\"a(b\"}]", "detector \"x\": bad regex:" },
		{ "[{\"name\":\"x\",\"regx\":\"ab\"}]", "detector \"x\": unknown key \"regx\"" },
		{ "[{\"name\":\"x\",\"regex\":\"ab\"},{\"name\":\"x\",\"regex\":\"cd\"}]", "detector \"x\": duplicate name" },
		{ "[{\"regex\":\"ab\"}]", "detectors[0]: missing \"name\"" },
		{ "[{\"name\":\"x\"}]", "detector \"x\": needs a \"regex\" or \"keywords\"" },
		{ "[{\"name\":\"x\",\"regex\":\"a\",\"group\":2}]", "detector \"x\": \"group\" is larger" },
		{ "[{\"name\":\"x\",\"keywords\":[\"a\"],\"group\":0}]", "detector \"x\": \"group\" needs" },
		{ "[{\"name\":\"x\",\"regex\":\"a\",\"validate\":\"crc\"}]", "detector \"x\": bad \"validate\"" },
		{ "[{\"name\":\"x\",\"regex\":\"a\",\"class\":\"secret\"}]", "detector \"x\": bad class" },
		{ "[{\"name\":\"x\",\"regex\":\"a\",\"score\":2}]", "detector \"x\": \"score\" must be in" },
		{ "[{\"name\":\"x\",\"regex\":\"a\",\"context\":{\"rise\":[]}}]", "detector \"x\": unknown key \"context.rise\"" },
		{ "[{\"name\":\"x\",\"keywords\":[\"\"]}]", "detector \"x\": \"keywords\" must be an array of non-empty" },
		{ "[{\"name\":\"x\",\"keywords\":\"a\"}]", "detector \"x\": \"keywords\" must be an array" },
		{ "[{\"name\":\"x\",\"regex\":\"a\",\"word\":1}]", "detector \"x\": \"word\" must be true or false" },
		{ "{\"name\":\"x\"}", "detectors: must be an array" },
		{ "[{]", "detectors: bad JSON" },
		{ "[3]", "detectors[0]: must be an object" },
		{ NULL, NULL }
	};
	for (int i = 0; bad[i].json; i++) {
		err[0] = 0;
		r = rules(bad[i].json, err, sizeof(err));
		CHECK_MSG(r == NULL && !strncmp(err, bad[i].want, strlen(bad[i].want)),
			  "%s -> \"%s\", want \"%s\"", bad[i].json, err, bad[i].want);
		detect_rules_free(r);
	}
	r = rules("[]", err, sizeof(err));
	CHECK(r != NULL && detect_rules_ntypes(r) == 0);
	CHECK(detect_rules_type_class(r, DETECT_EMAIL) == NULL);
	CHECK(detect_rules_type_class(r, DETECT_NBUILTIN) == NULL);
	rscan(r, "anything");
	CHECK_EQ_INT(L.n, 0);
	detect_rules_free(r);
}

static void test_hostile(void)
{
	size_t n = 1 << 20;
	char *b = malloc(n + 1);
	memset(b, '7', n);
	b[n] = 0;
	scan_n(b, n, 1, 0);
	CHECK(1);
	for (size_t i = 0; i < n; i++)
		b[i] = (char)(i * 2654435761u >> 13);
	scan_n(b, n, 1, 0);
	CHECK(1);
	const char *pats[] = { "a@", "@a.", "::", "-----BEGIN RSA PRIVATE KEY-----", "password:\"", "eyJhbGciOiJub25lIn0.",
			       "%4", "1.", "4111 ", "AKIA", "sk-ant-", "xoxb-1-", "ghp_", "=", "\xff\xfe\xc3", NULL };
	for (int p = 0; pats[p]; p++) {
		size_t pl = strlen(pats[p]);
		for (size_t i = 0; i < n; i++)
			b[i] = pats[p][i % pl];
		scan_n(b, n, 1, 0);
		CHECK(1);
	}
	memset(b, 'A', n);
	scan_n(b, n, 1, 0);
	CHECK_EQ_INT(L.n, 0);
	memset(b, 0, n);
	scan_n(b, n, 1, 0);
	CHECK_EQ_INT(L.n, 0);
	const char nul[] = "a\0john@example.com\0password=hunter22\0";
	scan_n(nul, sizeof(nul) - 1, 0, 0);
	CHECK(find_span(DETECT_EMAIL, 2, 18) != NULL);
	CHECK(find_span(DETECT_PASSWORD, 28, 36) != NULL);
	scan_n("", 0, 1, 0);
	CHECK_EQ_INT(L.n, 0);
	scan_n(NULL, 0, 1, 0);
	CHECK_EQ_INT(L.n, 0);
	const char *trail[] = { "a@", "@", "4111", "AKIAIOSFODNN7EXAMPL", "-----BEGIN ", "pw=", "::", "eyJ", "sk-ant-", NULL };
	for (int i = 0; trail[i]; i++) {
		/* exact-size heap copy: ASan sees any read past the end */
		size_t tl = strlen(trail[i]);
		char *t = malloc(tl);
		memcpy(t, trail[i], tl);
		scan_n(t, tl, 1, 0);
		free(t);
		CHECK(1);
	}

	char err[256];
	struct detect_rules *r = rules("[{\"name\":\"a\",\"regex\":\"(a|aa)*b\"},{\"name\":\"k\",\"keywords\":[\"ab\",\"b\",\"abab\"]},"
				       "{\"name\":\"e\",\"regex\":\"x*\"},{\"name\":\"u\",\"regex\":\"\\\\w+\",\"keywords\":[\"\xc3\xa9\"]}]",
				       err, sizeof(err));
	CHECK_MSG(r != NULL, "%s", err);
	if (r) {
		for (size_t i = 0; i < 4096; i++)
			b[i] = "ab\xc3\xa9\xff\x80"[i % 6];
		detect_list_clear(&L);
		detect_rules_scan(r, b, 4096, &L);
		CHECK(L.n > 0);
		memset(b, 'a', 4096);
		detect_list_clear(&L);
		detect_rules_scan(r, b, 4096, &L);
		CHECK(1);
		detect_rules_free(r);
	}
	free(b);
}

/* ---- throughput ---- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench(void)
{
	const char *env = getenv("DETECT_BENCH_MB");
#if defined(__SANITIZE_ADDRESS__)
	size_t mb = 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	size_t mb = 4;
#else
	size_t mb = 50;
#endif
#else
	size_t mb = 50;
#endif
	if (env)
		mb = (size_t)atol(env);
	if (!mb)
		return;
	static const char *const words[] = {
		"the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with",
		"be", "by", "on", "not", "he", "I", "this", "are", "or", "his", "from", "at", "which",
		"but", "have", "an", "had", "they", "you", "were", "their", "one", "all", "we", "can",
		"her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so",
		"no", "system", "customer", "report", "quarterly", "well-known", "Monday", "London",
		"meeting", "2024", "15", "data", "information", "because", "development", "API",
		"e-mail", "team", "project", "results", "version", "update", "please", "review",
		"about", "after", "again", "also", "any", "back", "because", "before", "being", "both",
		"could", "did", "does", "down", "each", "even", "first", "from", "good", "great", "here",
		"how", "into", "just", "know", "like", "little", "long", "made", "make", "many", "may",
		"most", "much", "must", "never", "new", "now", "only", "other", "our", "out", "over",
		"people", "said", "same", "should", "since", "some", "still", "such", "take", "than",
		"them", "then", "these", "think", "those", "through", "time", "under", "until", "very",
		"want", "way", "well", "what", "where", "while", "work", "year", "your",
	};
	static const char *const pii[] = {
		"john.smith@example.com", "4111 1111 1111 1111", "(555) 234-5678",
		"AKIAIOSFODNN7EXAMPLE", "123-45-6789", "DE89370400440532013000", "192.168.0.12",
		"password: Tr0ub4dor", "xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1",
	};
	size_t n = mb << 20, len = 0, sentences = 0;
	char *b = malloc(n + 64);
	uint32_t x = 12345;
	while (len < n) {
		int nw = 8 + (int)(x % 12);
		for (int w = 0; w < nw && len < n; w++) {
			x = x * 1103515245u + 12345u;
			const char *wd = words[(x >> 8) % (sizeof(words) / sizeof(words[0]))];
			size_t wl = strlen(wd);
			memcpy(b + len, wd, wl);
			if (w == 0 && b[len] >= 'a' && b[len] <= 'z')
				b[len] = (char)(b[len] - 32);
			len += wl;
			b[len++] = (w == nw / 2 && (x & 0x100)) ? ',' : ' ';
			if (w == nw / 2 && (x & 0x100))
				b[len++] = ' ';
		}
		x = x * 1103515245u + 12345u;
		if ((x >> 8) % 100 == 0) { /* 1% of sentences carry PII */
			const char *p = pii[(x >> 16) % (sizeof(pii) / sizeof(pii[0]))];
			size_t pl = strlen(p);
			memcpy(b + len, p, pl);
			len += pl;
			b[len++] = ' ';
		}
		b[len - 1] = '.';
		b[len++] = ' ';
		sentences++;
	}
	struct detect_opts o = { 0, 0, NULL, NULL };
	struct detect_list l = DETECT_LIST_INIT;
	/* best of three: the figure is for the code, not for the neighbours */
	double best = 1e9, t0, t1;
	for (int rep = 0; rep < 3; rep++) {
		detect_list_clear(&l);
		t0 = now();
		detect_scan(b, len, &o, &l);
		t1 = now();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	t1 = t0 + best;
	size_t whole = l.n;
	/* records of about 2 KiB, as classify sees them */
	size_t rec = 2048, nrec = 0;
	detect_list_clear(&l);
	double t2 = 0, t3 = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		double a = now();
		for (size_t off = 0; off < len; off += rec) {
			detect_list_clear(&l);
			detect_scan(b + off, len - off < rec ? len - off : rec, &o, &l);
			detect_list_resolve(&l);
			nrec++;
		}
		if (now() - a < t3)
			t3 = now() - a;
	}
	o.decode = 1;
	detect_list_clear(&l);
	double t4 = now();
	detect_scan(b, len, &o, &l);
	double t5 = now();
	printf("detect_scan: %zu MB prose, %zu sentences, %zu findings: %.0f MB/s whole, "
	       "%.0f MB/s in %zu-byte records, %.0f MB/s with --decode\n",
	       mb, sentences, whole, (double)len / 1e6 / (t1 - t0), (double)len / 1e6 / (t3 - t2), rec,
	       (double)len / 1e6 / (t5 - t4));
	(void)nrec;
	detect_list_release(&l);
	free(b);
}

/* classify_set_memo(): a string seen again gets the findings a fresh scan
 * gives (at its own path), suppressed counts included, through more
 * distinct strings than the memo holds; a setter forgets what it held. */
static void memo_json(struct classify *c, const char *line, struct buf *out)
{
	struct record r;
	struct classify_result res = { 0 };
	char err[256];
	record_init(&r);
	buf_reset(out);
	if (record_parse(&r, line, strlen(line), err, sizeof(err)) != RECORD_OK ||
	    classify_record(c, &r, NULL, 0, &res, err, sizeof(err)) < 0)
		buf_puts(out, "error");
	else
		classify_result_json(c, &res, out);
	classify_result_release(&res);
	record_release(&r);
}

static void test_memo(void)
{
	static const char *const lines[] = {
		"{\"source\":\"/home/a@example.com/n.txt\",\"text\":\"call 415-555-0132 now\"}",
		"{\"source\":\"/home/a@example.com/n.txt\",\"text\":\"\"}",
		"{\"source\":\"/home/a@example.com/n.txt\",\"text\":\"key AKIAY34FZKBOKMUTVV7A\"}",
		"{\"source\":\"/home/a@example.com/n.txt\",\"text\":\"plain words only\"}",
		"{\"source\":\"/home/a@example.com/n.txt\",\"text\":\"4111 1111 1111 1111\"}",
		"{\"source\":\"/home/a@example.com/n.txt\",\"text\":\"b@example.org, b@example.org\"}",
		"{\"other\":\"key AKIAY34FZKBOKMUTVV7A\",\"text\":\"/home/a@example.com/n.txt\"}",
		"{\"source\":\"x\",\"text\":\"key AKIAY34FZKBOKMUTVV7A\",\"t2\":[\"call 415-555-0132 now\"]}",
	};
	unsigned char key[KEYFILE_LEN] = { 7 };
	struct classify *c = classify_new(), *d = classify_new();
	classify_set_key(c, key);
	classify_set_key(d, key);
	classify_set_memo(c, 1);
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t nl = sizeof(lines) / sizeof(lines[0]);
	int same = 0;
	/* three rounds in two orders: hits, misses and evictions */
	for (int round = 0; round < 3; round++)
		for (size_t k = 0; k < nl; k++) {
			const char *line = lines[round == 1 ? nl - 1 - k : (k * 3) % nl];
			memo_json(c, line, &a);
			memo_json(d, line, &b);
			same += a.len == b.len && !memcmp(a.p, b.p, a.len);
			if (a.len != b.len || memcmp(a.p, b.p, a.len))
				fprintf(stderr, "  memo: %s\n  gave %s\n  want %s\n", line, a.p, b.p);
		}
	CHECK_EQ_INT(same, 3 * (int)nl);
	memo_json(c, lines[0], &a);
	CHECK(strstr(a.p, "\"path\":\".source\"") && strstr(a.p, "\"path\":\".text\""));
	/* a threshold set later applies to strings the memo already holds */
	classify_set_threshold(c, 0.99);
	classify_set_threshold(d, 0.99);
	memo_json(c, lines[0], &a);
	memo_json(d, lines[0], &b);
	CHECK_EQ_STR(a.p, b.p);
	CHECK(!strstr(a.p, "phone"));
	classify_set_memo(c, 0);
	memo_json(c, lines[0], &a);
	CHECK_EQ_STR(a.p, b.p);
	buf_release(&a);
	buf_release(&b);
	classify_free(c);
	classify_free(d);
}

/* four-digit groups of d, the last one shorter, joined by sep */
static void group4(char *out, const char *d, char sep)
{
	size_t k = 0;
	for (size_t i = 0; d[i]; i++) {
		if (i && i % 4 == 0)
			out[k++] = sep;
		out[k++] = d[i];
	}
	out[k] = 0;
}

/* Issue 17: what the held-out set (testdata/detect/outside, written from
 * the providers' documented formats, not by the corpus generator) found
 * missing, one family of shapes each, with the look-alikes beside them. */
static void test_outside_shapes(void)
{
	/* passwords under a quoted subscript */
	POS("settings[\"password\"] = \"Zq9kLm2xW\"", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("ENV['SMTP_PASSWORD'] = 'Zq9kLm2xW'", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("$config['db_pass'] .= 'Zq9#kLm2';", DETECT_PASSWORD, "Zq9#kLm2");
	NEG("settings[\"username\"] = \"Zq9kLm2xW\"", DETECT_PASSWORD);
	NEG("settings[password] = \"Zq9kLm2xW\"x", DETECT_PASSWORD);
	/* name/value pairs: Kubernetes env, ECS/ARM JSON, appSettings, Spring beans */
	POS("env:\n  - name: POSTGRES_PASSWORD\n    value: \"Zq9kLm2xW\"", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("{ \"name\": \"DB_PASSWORD\", \"value\": \"Zq9kLm2xW\" }", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("<add key=\"SmtpPassword\" value=\"Zq9kLm2xW\" />", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("<property name=\"password\" value=\"Zq9kLm2xW\"/>", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("  - name: LOG_LEVEL\n    value: \"Zq9kLm2xW\"", DETECT_PASSWORD);
	NEG("  - name: DB_PASSWORD\n\n\n    value: \"Zq9kLm2xW\"", DETECT_PASSWORD);
	NEG("<add key=\"Timeout\" value=\"Zq9kLm2xW\" />", DETECT_PASSWORD);
	NEG("{ \"name\": \"DB_PASSWORD\", \"value\": \"${DB_PASSWORD}\" }", DETECT_PASSWORD);
	/* camelCase short forms, Spring's ${name:default} */
	POS("val dbPass: String = \"Zq9kLm2xW\"", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("smtpPwd=Zq9kLm2xW\n", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("bypass = Zq9kLm2xW", DETECT_PASSWORD);
	NEG("compass: Zq9kLm2xW", DETECT_PASSWORD);
	POS("@Value(\"${db.password:Zq9kLm2xW}\")", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("${DB_PASSWORD:?must be set}", DETECT_PASSWORD);
	/* PowerShell: a bare word after "$var =" is a command; a literal is quoted */
	NEG("$securePass = ConvertTo-SecureString $plain -AsPlainText -Force", DETECT_PASSWORD);
	NEG("$password = Read-Host -AsSecureString", DETECT_PASSWORD);
	POS("$pw = ConvertTo-SecureString -String \"Zq9kLm2xW\" -AsPlainText -Force", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("ConvertTo-SecureString 'Zq9kLm2xW' -AsPlainText -Force", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("ConvertTo-SecureString \"76492d1116743f0423413b16050a5345\" -Key $key", DETECT_PASSWORD);
	/* credential constructors and requests' auth tuple */
	POS("var c = new NetworkCredential(\"svc\", \"Zq9kLm2xW\");", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("new PasswordAuthentication(\"svc\", \"Zq9kLm2xW\".toCharArray())", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("HTTPBasicAuth('admin', 'Zq9kLm2xW')", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("requests.get(u, auth=(\"admin\", \"Zq9kLm2xW\"))", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("new NetworkCredential(user, password)", DETECT_PASSWORD);
	NEG("requests.get(u, auth=(\"admin\", os.environ[\"PW\"]))", DETECT_PASSWORD);
	NEG("MyNetworkCredentials(\"svc\", \"Zq9kLm2xW\")", DETECT_PASSWORD);
	/* command lines, only after the command that reads the flag so */
	POS("$ sshpass -p 'Zq9kLm2xW' ssh root@host", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("docker login -u ci -p Zq9kLm2xW registry.io", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("mysql -u root -p'Zq9k#Lm2xW' shop", DETECT_PASSWORD, "Zq9k#Lm2xW");
	POS("mysqldump -uroot -pZq9kLm2xW shop", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("curl -u admin:Zq9kLm2xW https://ci/api", DETECT_PASSWORD, "Zq9kLm2xW");
	POS("curl -s --user admin:Zq9kLm2xW https://ci/api", DETECT_PASSWORD, "Zq9kLm2xW");
	NEG("docker run -p 8080:80 nginx", DETECT_PASSWORD);
	NEG("mysql -p Shop2024 < dump.sql", DETECT_PASSWORD);
	NEG("grep -p Zq9kLm2xW file", DETECT_PASSWORD);
	NEG("curl -u \"$USER:$PASS\" https://ci", DETECT_PASSWORD);
	NEG("curl -u admin https://ci", DETECT_PASSWORD);
	NEG("tar -p Zq9kLm2xW\nsshpass", DETECT_PASSWORD);

	/* Azure storage keys beside other names than AccountKey=; shared access keys in JSON */
	static const char az[] = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
				 "K1SZFPTOtr/KBHBeksoGMGw==";
	static const char sas[] = "aB3xY9kQ7mZ2pL5nW8rT4vC6dF1gH0jUaB3xY9kQ7mZ=";
	char b[512];
	snprintf(b, sizeof(b), "export AZURE_STORAGE_KEY=%s\n", az);
	POS(b, DETECT_AZURE_STORAGE_KEY, az);
	snprintf(b, sizeof(b), "az storage blob list --account-key %s -c x", az);
	POS(b, DETECT_AZURE_STORAGE_KEY, az);
	char az2[sizeof(az)];
	memcpy(az2, az, sizeof(az));
	az2[0] = '/'; /* a key may start with '/' or '+': the run is read back to it */
	snprintf(b, sizeof(b), "  storage_account_access_key = \"%s\"", az2);
	POS(b, DETECT_AZURE_STORAGE_KEY, az2);
	snprintf(b, sizeof(b), "  storage_account_access_key = \"%s\"", az);
	POS(b, DETECT_AZURE_STORAGE_KEY, az);
	snprintf(b, sizeof(b), "data: %s", az);
	NEG(b, DETECT_AZURE_STORAGE_KEY);
	snprintf(b, sizeof(b), "storage key %.86s=", az);
	NEG(b, DETECT_AZURE_STORAGE_KEY);
	snprintf(b, sizeof(b), "{\"SharedAccessKey\": \"%s\"}", sas);
	POS(b, DETECT_AZURE_SAS_KEY, sas);
	snprintf(b, sizeof(b), "SharedAccessKey: %s\n", sas);
	POS(b, DETECT_AZURE_SAS_KEY, sas);
	snprintf(b, sizeof(b), "{\"SharedAccessKey\": \"%.42s=\"}", sas);
	NEG(b, DETECT_AZURE_SAS_KEY);

	/* Slack webhooks with JSON's escaped slashes */
	POS("{\"url\":\"https:\\/\\/hooks.slack.com\\/services\\/T01ABCDEF23\\/B01ABCDEF45\\/aB3cD4eF5gH6iJ7kL8mN9oP0\"}",
	    DETECT_SLACK_TOKEN,
	    "https:\\/\\/hooks.slack.com\\/services\\/T01ABCDEF23\\/B01ABCDEF45\\/aB3cD4eF5gH6iJ7kL8mN9oP0");
	POS("hooks.slack.com\\/workflows\\/T01ABCDEF23\\/A01ABCDEF45\\/123456789012345678\\/aB3cD4eF5gH6iJ7kL8mN9oP0",
	    DETECT_SLACK_TOKEN,
	    "hooks.slack.com\\/workflows\\/T01ABCDEF23\\/A01ABCDEF45\\/123456789012345678\\/aB3cD4eF5gH6iJ7kL8mN9oP0");
	NEG("hooks.slack.com\\/services\\/T01ABCDEF23\\/B01ABCDEF45\\/short", DETECT_SLACK_TOKEN);
	NEG("hooks.slack.com\\services\\T01ABCDEF23\\B01ABCDEF45\\aB3cD4eF5gH6iJ7kL8mN9oP0", DETECT_SLACK_TOKEN);

	/* masked bodies of formats that need mixed classes: placeholders, still found */
	PH("HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", DETECT_HUGGINGFACE_TOKEN,
	   "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	PH("key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", DETECT_MAILGUN_KEY, "key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	NEG("hf_abcdefghijklmnopqrstuvwxyzabcdefgh", DETECT_HUGGINGFACE_TOKEN);
	NEG("key-abcdefghijklmnopqrstuvwxyzabcdef", DETECT_MAILGUN_KEY);

	/* cards in groups of four and a shorter rest (17 and 18 digits) */
	char d[24], g[32], t[64];
	luhn_make(d, "3528", 17, 0); /* JCB, 16-19 */
	group4(g, d, ' ');
	snprintf(t, sizeof(t), "Karte %s, ok", g);
	POS(t, DETECT_CREDIT_CARD, g);
	luhn_make(d, "2201", 18, 0); /* Mir, 16-19 */
	group4(g, d, '-');
	snprintf(t, sizeof(t), "card:%s;", g);
	POS(t, DETECT_CREDIT_CARD, g);
	luhn_make(d, "5038", 13, 0); /* Maestro, 12-19 */
	group4(g, d, ' ');
	snprintf(t, sizeof(t), "Maestro %s", g);
	POS(t, DETECT_CREDIT_CARD, g);
	luhn_make(d, "3528", 17, 1);
	group4(g, d, ' ');
	NEG(g, DETECT_CREDIT_CARD);
	/* a 12-digit Maestro beside "pan" as a word (a payment log's field) */
	luhn_make(d, "5038", 12, 0);
	group4(g, d, ' ');
	snprintf(t, sizeof(t), "declined pan=%s reason=05", g);
	POS(t, DETECT_CREDIT_CARD, g);
	snprintf(t, sizeof(t), "company %s", d);
	NEG(t, DETECT_CREDIT_CARD);
	snprintf(t, sizeof(t), "Japan %s", d);
	NEG(t, DETECT_CREDIT_CARD);
	/* a Visa and two more digits: Visa has no 18-digit numbers, the 16 are the card */
	POS("4111 1111 1111 1111 12", DETECT_CREDIT_CARD, "4111 1111 1111 1111");

	/* phone numbers as Faker writes them: an extension glued on, 001-, an exchange from 1 */
	POS("{\"phone_number\": \"+1-394-271-6538x21304\"}", DETECT_PHONE, "+1-394-271-6538x21304");
	POS("Ph: 001-730-581-1146x702", DETECT_PHONE, "001-730-581-1146x702");
	POS("phone_number: 560.387.1209x9934", DETECT_PHONE, "560.387.1209x9934");
	POS("Ph: 288-114-7735", DETECT_PHONE, "288-114-7735");
	POS("(555)123-4567x890", DETECT_PHONE, "(555)123-4567x890");
	POS("Tel +1 (555) 123-4567 x123 or mail", DETECT_PHONE, "+1 (555) 123-4567 x123");
	POS("+1-555-123-4567, ext. 89", DETECT_PHONE, "+1-555-123-4567, ext. 89");
	NEG("v 288.114.7735", DETECT_PHONE);
	NEG("build 4155550132xyz", DETECT_PHONE);
	NEG("ref 123-456-7890x", DETECT_PHONE);
	/* short bare runs, and numbers after words that name other numbers */
	NEG("ETag: \"0910265\"", DETECT_PHONE);
	NEG("case 010406135 opened", DETECT_PHONE);
	NEG("log: inode 9876543210", DETECT_PHONE);
	POS("Tel. 0910265", DETECT_PHONE, "0910265");
	/* numbers in ordinary code (the Python library, /usr/include): digit
	 * alphabets, masks, bit patterns, RGB triples, operands */
	NEG("DIGITS = \"0123456789\"", DETECT_PHONE);
	NEG("// 0123 4567 89ab", DETECT_PHONE);
	NEG("microsecond (0-999999)", DETECT_PHONE);
	NEG("0 255 127\t\tSpringGreen", DETECT_PHONE);
	NEG("0 16 1 17 2 18 3 19", DETECT_PHONE);
	NEG("h = 1927868237 * (n + 1)", DETECT_PHONE);
	NEG("bitness = {2147483647:\"32bit\", 9223372036854775807:\"64bit\"}", DETECT_PHONE);
	NEG("return -2147221231 # CLASS_E_NOAGGREGATION", DETECT_PHONE);
	NEG("x ^= 4155550132;", DETECT_PHONE);
	POS("my number is 4155550132.", DETECT_PHONE, "4155550132");
	POS("phone: 0123456789", DETECT_PHONE, "0123456789");
}

/* classify_result_json() of a record with nothing found is written in one
 * piece: the same text, for each class; anything else (a rule, suppressed
 * or outside counts) the long way. */
static void test_empty_result_json(void)
{
	struct classify *c = classify_new();
	struct classify_result res = { 0 };
	struct buf out = BUF_INIT;
	char want[128];
	for (int cls = 0; cls < DATACLASS_COUNT; cls++) {
		res.cls = cls;
		buf_reset(&out);
		classify_result_json(c, &res, &out);
		snprintf(want, sizeof(want), "{\"class\":\"%s\",\"findings\":[],\"counts\":{}}",
			 dataclass_name(cls));
		CHECK_EQ_STR(out.p, want);
	}
	res.cls = DATACLASS_PUBLIC;
	res.suppressed = 2;
	res.outside = 1;
	res.rule = "r\"1";
	buf_reset(&out);
	classify_result_json(c, &res, &out);
	CHECK_EQ_STR(out.p, "{\"class\":\"public\",\"rule\":\"r\\\"1\",\"findings\":[],\"counts\":{},"
		     "\"suppressed\":2,\"outside_fields\":1}");
	/* a record of plain words and keys only: nothing found, the default class */
	struct record r;
	char err[128];
	const char *line = "{\"role\":\"user\",\"content_type\":\"text\"}";
	record_init(&r);
	CHECK(record_parse(&r, line, strlen(line), err, sizeof(err)) == RECORD_OK);
	CHECK(classify_record(c, &r, NULL, 0, &res, err, sizeof(err)) == 0);
	buf_reset(&out);
	classify_result_json(c, &res, &out);
	CHECK_EQ_STR(out.p, "{\"class\":\"internal\",\"findings\":[],\"counts\":{}}");
	record_release(&r);
	buf_release(&out);
	classify_result_release(&res);
	classify_free(c);
}

int main(void)
{
	test_memo();
	test_empty_result_json();
	test_types();
	test_email();
	test_phone();
	test_card();
	test_card_networks();
	test_placeholders();
	test_iban();
	test_ssn();
	test_ip();
	test_keys();
	test_provider_keys();
	test_key_shapes();
	test_assign_shapes();
	test_outside_shapes();
	test_jwt_pem();
	test_password();
	test_password_vendor();
	test_password_prose();
	test_reformatted();
	test_lookalikes();
	test_resolve_disable();
	test_decode();
	test_rules();
	test_hostile();
	bench();
	detect_list_release(&L);
	UNIT_DONE();
}
