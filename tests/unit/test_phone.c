/*
 * test_phone.c: phone numbers through libphonenumber (detect/phone.h and the
 * pre-scan in detect/pii.c): national formats of many countries for the
 * regions that read them, international forms for any region list,
 * extensions, plain runs of digits, the look-alikes that must stay quiet
 * (dates, times, IPs, versions, amounts, order numbers, SSNs), region
 * lists (parsing, errors, what a list changes), and hostile input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detect/detect.h"
#include "detect/phone.h"
#include "unit.h"

static struct detect_list L = DETECT_LIST_INIT;

static void scan(const char *s, const struct phone_regions *r)
{
	struct detect_opts o = { 0, 0, NULL, r };
	detect_list_clear(&L);
	detect_scan(s, strlen(s), &o, &L);
	detect_list_resolve(&L);
}

static void dump(const char *s)
{
	fprintf(stderr, "  findings in \"%.120s\":\n", s);
	for (size_t i = 0; i < L.n; i++)
		fprintf(stderr, "    %s [%zu,%zu) %.2f %s\n", detect_type_name(L.v[i].type),
			L.v[i].start, L.v[i].end, L.v[i].score, L.v[i].detector);
}

/* A phone finding must cover exactly the first occurrence of sub. */
static void pos(int line, const char *s, const char *sub, const struct phone_regions *r)
{
	scan(s, r);
	const char *p = strstr(s, sub);
	size_t a = p ? (size_t)(p - s) : 0, b = a + strlen(sub);
	for (size_t i = 0; p && i < L.n; i++)
		if (L.v[i].type == DETECT_PHONE && L.v[i].start == a && L.v[i].end == b) {
			unit_pass++;
			return;
		}
	unit_fail++;
	fprintf(stderr, "%s:%d: expected phone at \"%s\"\n", __FILE__, line, sub);
	dump(s);
}

static void neg(int line, const char *s, const struct phone_regions *r)
{
	scan(s, r);
	for (size_t i = 0; i < L.n; i++)
		if (L.v[i].type == DETECT_PHONE) {
			unit_fail++;
			fprintf(stderr, "%s:%d: unexpected phone\n", __FILE__, line);
			dump(s);
			return;
		}
	unit_pass++;
}

#define POS(s, sub) pos(__LINE__, s, sub, NULL)
#define NEG(s) neg(__LINE__, s, NULL)
#define POSR(s, sub, r) pos(__LINE__, s, sub, r)
#define NEGR(s, r) neg(__LINE__, s, r)

static struct phone_regions *regions(const char *list)
{
	char err[160];
	struct phone_regions *r = phone_regions_new(list, err, sizeof(err));
	CHECK_MSG(r != NULL, "%s: %s", list, err);
	return r;
}

static void test_regions(void)
{
	char err[160];
	struct phone_regions *r = regions(" us, gb ,De,US");
	CHECK_EQ_STR(phone_regions_string(r), "US,GB,DE");
	phone_regions_free(r);
	CHECK_EQ_STR(phone_regions_string(phone_regions_builtin()), PHONE_REGIONS_DEFAULT);
	static const char *const bad[] = { "", "XX", "US,,DE", "USA", "U", "US,", ",US", "1A", NULL };
	for (int i = 0; bad[i]; i++) {
		err[0] = 0;
		r = phone_regions_new(bad[i], err, sizeof(err));
		CHECK_MSG(r == NULL && err[0], "\"%s\" was accepted", bad[i]);
		phone_regions_free(r);
	}
	CHECK(phone_regions_new(NULL, err, sizeof(err)) == NULL);
	/* 65 distinct codes: one too many */
	char big[512] = "";
	static const char *const many[] = { "US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "AU", "BR",
		"JP", "CN", "KR", "MX", "AR", "CL", "CO", "PE", "VE", "ZA", "NG", "KE", "EG", "MA", "TN",
		"SE", "NO", "DK", "FI", "IS", "IE", "PT", "BE", "LU", "CH", "AT", "PL", "CZ", "SK", "HU",
		"RO", "BG", "GR", "TR", "RU", "UA", "BY", "LT", "LV", "EE", "IL", "SA", "AE", "QA", "KW",
		"PK", "BD", "LK", "TH", "VN", "MY", "SG", "ID", "PH", "NZ", NULL };
	int k = 0;
	for (; many[k]; k++) {
		strcat(big, many[k]);
		strcat(big, ",");
	}
	big[strlen(big) - 1] = 0;
	CHECK_EQ_INT(k, PHONE_REGIONS_MAX + 1);
	CHECK(phone_regions_new(big, err, sizeof(err)) == NULL);
	*strrchr(big, ',') = 0;
	r = phone_regions_new(big, err, sizeof(err));
	CHECK(r != NULL);
	phone_regions_free(r);
}

static void test_valid(void)
{
	const struct phone_regions *d = phone_regions_builtin();
	CHECK_EQ_INT(phone_valid(d, "030 512 7788", 12), 49);
	CHECK_EQ_INT(phone_valid(d, "+44 20 7946 0958", 16), 44);
	CHECK_EQ_INT(phone_valid(d, "+44 (0)20 7946 0958", 19), 44);
	CHECK_EQ_INT(phone_valid(d, "0044 20 7946 0958", 17), 44);
	CHECK_EQ_INT(phone_valid(d, "011 44 20 7946 0958", 19), 44);
	CHECK_EQ_INT(phone_valid(d, "1-800-555-1234", 14), 1);
	CHECK_EQ_INT(phone_valid(d, "4155550132", 10), 1);
	CHECK_EQ_INT(phone_valid(d, "+99 1234 5678", 13), 0);    /* no such country code */
	CHECK_EQ_INT(phone_valid(d, "+1 055 234 5678", 15), 0);  /* no such area code */
	CHECK_EQ_INT(phone_valid(d, "4155550132x1", 12), 0);     /* letters: not the caller's span */
	CHECK_EQ_INT(phone_valid(d, "++4155550132", 12), 0);
	CHECK_EQ_INT(phone_valid(d, "415+5550132", 11), 0);
	CHECK_EQ_INT(phone_valid(d, "0000000000", 10), 0);
	CHECK_EQ_INT(phone_valid(d, "12345678901234567890123", 23), 0);
	CHECK_EQ_INT(phone_valid(d, "", 0), 0);
	CHECK_EQ_INT(phone_valid(NULL, "030 512 7788", 12), 49); /* NULL: the built-in list */
	/* a national number is read for the regions of the list only */
	struct phone_regions *us = regions("US");
	CHECK_EQ_INT(phone_valid(us, "030 512 7788", 12), 0);
	CHECK_EQ_INT(phone_valid(us, "+49 30 5127788", 14), 49);
	phone_regions_free(us);
	/* without its national prefix a German number is not one (the
	 * library's matcher wants the 0); an Indian mobile is */
	struct phone_regions *de = regions("DE");
	CHECK_EQ_INT(phone_valid(de, "30 512 7788", 11), 0);
	phone_regions_free(de);
	struct phone_regions *in = regions("IN");
	CHECK_EQ_INT(phone_valid(in, "98765 43210", 11), 91);
	phone_regions_free(in);
}

static void test_national(void)
{
	/* the issue's misses, and a national format of each default region */
	POS("Ruf an: 030 512 7788, danke", "030 512 7788");
	POS("office (02) 9374 4000 Sydney", "(02) 9374 4000");
	POS("portable 06 12 34 56 78.", "06 12 34 56 78");
	POS("mobile 07700 900123 (UK)", "07700 900123");
	POS("London 020 7946 0958", "020 7946 0958");
	POS("Llámame al 612 345 678", "612 345 678");
	POS("chiamami al 312 345 6789", "312 345 6789");
	POS("bel 06-12345678 of 020 123 4567", "06-12345678");
	POS("bel 06-12345678 of 020 123 4567", "020 123 4567");
	POS("ring 98765 43210 after six", "98765 43210");
	POS("ligue (11) 98765-4321 hoje", "(11) 98765-4321");
	POS("mobile 0412 345 678", "0412 345 678");
	POS("Tel.: 089/1234567", "089/1234567");
	POS("fone 11 98765 4321", "11 98765 4321");
	/* international forms, any list */
	POS("uk +44 20 7946 0958 office", "+44 20 7946 0958");
	POS("Tel.: +49 (0)30 512 77 88", "+49 (0)30 512 77 88");
	POS("japan +81 3-1234-5678", "+81 3-1234-5678");
	POS("dial 0049 30 5127788 from abroad", "0049 30 5127788");
	POS("e164 +14155552671", "+14155552671");
	POS("(+33) 6 12 34 56 78", "(+33) 6 12 34 56 78");
	/* extensions join the number */
	POS("call (415)555-0132x204 now", "(415)555-0132x204");
	POS("+1-212-555-0187 ext. 33", "+1-212-555-0187 ext. 33");
	POS("desk 212.555.0187 ext 12.", "212.555.0187 ext 12");
	POS("desk (212) 555-0187, ext. 4 or", "(212) 555-0187, ext. 4");
	POS("call 415-555-0132 extension 9", "415-555-0132 extension 9");
	POS("call 415-555-0132 #77", "415-555-0132 #77");
	/* plain runs of digits */
	POS("my number is 4155550132", "4155550132");
	/* a Spanish mobile in its own grouping needs no phone word */
	POS("Spain 612 34 56 78", "612 34 56 78");
	POS("Madrid: 712-34-56-78.", "712-34-56-78");
	NEG("ids 712 34 56 7 and 2024 15 20 24");
	NEG("totals 512 34 56 78");
	NEG("mixed 612 34-56 78");
	POS("phone=4155550132&x=1", "4155550132");
	POS("\"phone\": \"2125550187\"", "2125550187");
	POS("call 14155550132", "14155550132");
	/* punctuation and scripts around it */
	POS("charge(4155550132)", "4155550132");
	POS("[030 512 7788]", "030 512 7788");
	POS("电话：030 512 7788。", "030 512 7788");
	POS("tel:+14155550132", "+14155550132");
}

static void test_negatives(void)
{
	NEG("on 2024-01-15 at 12:30:45");
	NEG("on 2024-01-15 10:30:00,123 INFO start");
	NEG("Termin am 15.03.2024 um 14:30 Uhr.");
	NEG("Due 03/15/2024, 2:32 PM EST.");
	NEG("from 192.168.100.200 and 10.0.0.1");
	NEG("Windows 10.0.19045.2965");
	NEG("Total: $1,234,567.89 and $12345678.90");
	NEG("Betrag: 2.500.000,00 EUR");
	NEG("price 12345678.90 EUR");
	NEG("order 4155550132 shipped");
	NEG("Invoice #4155550132");
	NEG("tracking number 4155550132");
	NEG("account 0305127788 closed");
	NEG("ORD-4155550132 and user_4155550132 and v4155550132");
	NEG("ssn 623-45-6789");
	NEG("epoch=1700000000 and 1712345678901");
	NEG("coordinates 48.858412, 2.294501");
	NEG("sha 4155550132abcdef and 4155550132xyz");
	NEG("port 10.0.0.1:4155 and 12:34:5678901");
	NEG("pi 3.14159265358979");
	NEG("0.4155550132");
	NEG("ratio 1/2/3/4/5/6/7/8");
	NEG("ISBN 978-3-16-148410-0");
	NEG("12%4155550132");
	/* words naming other numbers, when nearer than a phone word */
	NEG("looks great on mobile. Invoice no. 03 928 9498");
	NEG("Customer ID: 202-975-1548");        /* the shape detector too */
	NEG("Fax n/a Order 7738505853 has shipped");
	POS("Tel. 212-661-5323 / Fax n/a Order 7738505853 has shipped", "212-661-5323");
	POS("Please call the customer on 030 512 7788", "030 512 7788");
	POS("order desk phone: 030 512 7788", "030 512 7788");
	/* context words are found by first letter: words with spaces, upper
	 * case, letters with many words */
	NEG("sort code 4155550132");
	NEG("Social Security 4155550132");
	NEG("Txn 4155550132 and the SKU 4155550133");
	NEG("Tel order 030 512 7788");
	POS("WhatsApp 030 512 7788", "030 512 7788");
	POS("ticket closed; call 030 512 7788", "030 512 7788");
	/* a bare run as a key's value, a unit after it, a release number */
	NEG("offset=36630391958 count=4155550132");
	NEG("took 0482987 ms over 9698.935 s");
	NEG("read 4155550132 bytes");
	NEG("Released 16.69.78063 (build 9328).");
	POS("contact_phone=4155550132", "4155550132");
	/* short groups without '+', '(' or a national prefix need a phone word */
	NEG("data 2024 15 2024 results");
	NEG("meeting 15 15 2024 15 data");
	NEG("rooms 91 234 56 78");
	POS("Phone: 91 234 56 78", "91 234 56 78");
	POS("reach me on 91 234 56 78", "91 234 56 78");
}

static void test_region_lists(void)
{
	struct phone_regions *us = regions("US"), *de = regions("de"), *it = regions("IT");
	NEGR("Ruf an: 030 512 7788", us);
	POSR("Ruf an: 030 512 7788", "030 512 7788", de);
	POSR("call +49 30 5127788", "+49 30 5127788", us);
	NEGR("area 055-234-5678", us);
	/* 055 is Florence */
	POSR("area 055-234-5678", "055-234-5678", it);
	phone_regions_free(us);
	phone_regions_free(de);
	phone_regions_free(it);
}

/* Hostile and heavy input: long digit runs, many candidates, every byte. */
static void test_hostile(void)
{
	size_t n = 1 << 16;
	char *b = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		b[i] = "0123456789 -./()+x#"[(i * 7 + i / 13) % 19];
	b[n] = 0;
	scan(b, NULL);
	CHECK(1);
	for (size_t i = 0; i < n; i++)
		b[i] = (char)(i * 131 + 7);
	b[n - 1] = 0;
	scan(b, NULL);
	CHECK(1);
	memset(b, '9', n);
	scan(b, NULL);
	CHECK_EQ_INT(L.n, 0);
	/* spans stay inside the string */
	for (size_t i = 0; i < n; i++)
		b[i] = i % 16 == 15 ? ' ' : "4155550132"[i % 10];
	scan(b, NULL);
	for (size_t i = 0; i < L.n; i++)
		CHECK(L.v[i].start < L.v[i].end && L.v[i].end <= n);
	free(b);
	const char *tail[] = { "4155550132", "+", "(", "030 512 7788 ext", "030 512 7788 x",
		"+44 (0)", "call 415-555-0132 ext. ", NULL };
	for (int i = 0; tail[i]; i++)
		scan(tail[i], NULL);
	CHECK(1);
}

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fast check (patterns compiled once) against the library's own
 * GetNumberType, on random numbers: international ones for every calling
 * code from 1 to 999 (most do not exist), national ones for the built-in
 * regions and for a list with calling codes several countries share
 * (+1, +44, +7, +61, +590), with and without national and call prefixes.
 * Random digits are seldom valid, so the leading digits are drawn from
 * those valid numbers start with often enough that thousands are. Prints
 * both speeds (not asserted). PHONE_DIFF_N sets the count. */
static void test_fast_equals_ref(void)
{
	const char *env = getenv("PHONE_DIFF_N");
	int N = env ? atoi(env) : 20000;
	struct phone_regions *shared = regions("CA,JE,KZ,CC,GP,US,GB,RU,AU");
	const struct phone_regions *lists[2] = { phone_regions_builtin(), shared };
	char (*cand)[40] = malloc((size_t)N * sizeof(*cand));
	int nvalid = 0, ndiff = 0;
	for (int i = 0; i < N; i++) {
		char *b = cand[i];
		size_t k = 0;
		int kind = (int)rnd(4);
		if (kind == 0) {
			k += (size_t)snprintf(b, 40, "+%u ", 1 + rnd(999));
		} else if (kind == 1) {
			static const char *const cc[] = { "+1 ", "+44 ", "+49 ", "+33 ", "+7 ", "+61 ", "+91 ",
				"+55 ", "+39 ", "+34 ", "+31 ", "0044 ", "011 49 ", "+590 ", "+800 " };
			k += (size_t)snprintf(b, 40, "%s", cc[rnd(15)]);
		} else if (kind == 2) {
			b[k++] = '0';
		}
		int len = 5 + (int)rnd(8);
		for (int j = 0; j < len; j++)
			b[k++] = (char)('0' + (j == 0 && kind == 3 ? 2 + rnd(8) : rnd(10)));
		b[k] = 0;
	}
	for (int l = 0; l < 2; l++) {
		for (int i = 0; i < N; i++) /* compiles what the list needs */
			phone_valid(lists[l], cand[i], strlen(cand[i]));
		double t0 = now();
		int fast_valid = 0;
		for (int i = 0; i < N; i++)
			fast_valid += phone_valid(lists[l], cand[i], strlen(cand[i])) != 0;
		double t1 = now();
		for (int i = 0; i < N; i++) {
			int f = phone_valid(lists[l], cand[i], strlen(cand[i]));
			int r = phone_valid_ref(lists[l], cand[i], strlen(cand[i]));
			nvalid += r != 0;
			if (f != r && ndiff++ < 10)
				fprintf(stderr, "  %s: \"%s\": fast %d, library %d\n",
					phone_regions_string(lists[l]), cand[i], f, r);
		}
		double t2 = now();
		(void)fast_valid;
		printf("phone_valid (%s): %.2f us a candidate; the library's check: %.2f us\n",
		       phone_regions_string(lists[l]), (t1 - t0) * 1e6 / N, (t2 - t1) * 1e6 / N - (t1 - t0) * 1e6 / N);
	}
	CHECK_EQ_INT(ndiff, 0);
	CHECK_MSG(nvalid > N / 20, "only %d valid numbers of %d", nvalid, 2 * N);
	free(cand);
	phone_regions_free(shared);
}

int main(void)
{
	test_regions();
	test_valid();
	test_national();
	test_negatives();
	test_region_lists();
	test_hostile();
	test_fast_equals_ref();
	detect_list_release(&L);
	UNIT_DONE();
}
