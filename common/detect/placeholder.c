/*
 * placeholder.c: secrets that are documentation values or templates.
 *
 * A value of a secret type is a placeholder when it is
 *   - a published example value (AWS's AKIAIOSFODNN7EXAMPLE, GitHub's and
 *     Stripe's documentation keys, jwt.io's example token, ...), or one a
 *     rules file adds; matched exactly;
 *   - masked: a run of 6 or more of one of x X 0 * . # ("ghp_xxxxxx…",
 *     "AKIA0000000000000000"), or of 8 or more of any one character;
 *   - sequential: 6 or more characters counting up by one ("123456",
 *     "abcdef", "ABCDEF");
 *   - templated: it holds "${", "{{", "}}", "<" … ">", "%s" or "$(";
 *   - a template word: it holds (in any case) example, your_, your-,
 *     yourkey, _here, -here, replace_me, replaceme, changeme, change_me,
 *     placeholder, dummy, redacted, notreal, not_real, fake_, insert_;
 *   - an Anthropic key of a known version (api03, admin01) whose body is
 *     not the 95 characters ending in "AA" that version has;
 *   - a private key block whose body (the lines between BEGIN and END,
 *     less "Name: value" header lines) holds fewer than 64 base64
 *     characters (the shortest real key, Ed25519 in PKCS#8, has 64), or
 *     "...", or a space inside a line.
 * Private key bodies are exempt from the run and sequence rules (DER is
 * full of "AAAAAAAA"). Only the built-in secret types are checked: test
 * card numbers and other PII keep their class.
 */
#include <string.h>

#include "detect/detect_int.h"

static const char *const examples[] = {
	/* AWS documentation */
	"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
	"ASIAIOSFODNN7EXAMPLE",
	/* GitHub documentation */
	"ghp_16C7e42F292c6912E7710c838347Ae178B4a",
	/* Stripe documentation */
	"sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx",
	"sk_test_BQokikJOvBiI2HlWgH4olfQ2", "pk_test_6pRNASCoBOKtIshFeQd4XMUh",
	/* Google / Firebase documentation */
	"AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "AIzaSyB41DRUbKWJHPxaFjMAwdrzWzbVKartNGg",
	"AIzaSyDOCAbC123dEf456GhI789jKl012-MnO",
	/* jwt.io's default token */
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9l"
	"IiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
	/* Slack documentation */
	"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
	NULL
};

static const char *const words[] = {
	"example", "your_", "your-", "yourkey", "_here", "-here", "replace_me", "replaceme",
	"changeme", "change_me", "placeholder", "dummy", "redacted", "notreal", "not_real",
	"fake_", "insert_", NULL
};

static int eq(const unsigned char *v, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(v, w, n);
}

static int is_mask(unsigned char ch)
{
	return ch == 'x' || ch == 'X' || ch == '0' || ch == '*' || ch == '.' || ch == '#';
}

/* The longest run of one character and of characters counting up by one
 * (within digits, lower or upper case letters). */
static int runs(const unsigned char *v, size_t n)
{
	size_t same = 1, up = 1;
	for (size_t i = 1; i < n; i++) {
		same = v[i] == v[i - 1] ? same + 1 : 1;
		if (same >= 8 || (same >= 6 && is_mask(v[i])))
			return 1;
		int cls = DT_IS(v[i], DT_DIGIT) ? 1 : DT_IS(v[i], DT_LOWER) ? 2 : DT_IS(v[i], DT_UPPER) ? 3 : 0;
		int pcls = DT_IS(v[i - 1], DT_DIGIT) ? 1 : DT_IS(v[i - 1], DT_LOWER) ? 2
			 : DT_IS(v[i - 1], DT_UPPER) ? 3 : 0;
		up = cls && cls == pcls && v[i] == v[i - 1] + 1 ? up + 1 : 1;
		if (up >= 6)
			return 1;
	}
	return 0;
}

static int templated(const unsigned char *v, size_t n)
{
	static const char *const marks[] = { "${", "{{", "}}", "%s", "$(", NULL };
	for (int i = 0; marks[i]; i++)
		if (n >= 2 && memmem(v, n, marks[i], 2))
			return 1;
	const unsigned char *lt = memchr(v, '<', n);
	return lt && memchr(lt, '>', n - (size_t)(lt - v)) != NULL;
}

/* A PEM/PGP block: is its body too short, elided or prose? */
static int pem_placeholder(const unsigned char *v, size_t n)
{
	const unsigned char *nl = memchr(v, '\n', n);
	size_t i;
	if (!nl) {
		/* "-----BEGIN X-----" then the body on the same line */
		if (n < 5 || !(i = 5, (nl = memmem(v + 5, n - 5, "-----", 5))))
			return 1;
		i = (size_t)(nl - v) + 5;
	} else {
		i = (size_t)(nl - v) + 1;
	}
	const unsigned char *end = n - i >= 9 ? memmem(v + i, n - i, "-----END", 8) : NULL;
	size_t e = end ? (size_t)(end - v) : n, b64 = 0;
	while (i < e) {
		size_t ls = i;
		while (i < e && v[i] != '\n')
			i++;
		size_t le = i++;
		/* a block indented in YAML ("ssl_key: |") or code: the
		 * indentation is not a space between words */
		while (ls < le && (v[ls] == ' ' || v[ls] == '\t'))
			ls++;
		if (memchr(v + ls, ':', le - ls))
			continue; /* Proc-Type:, DEK-Info:, Comment:, Version: */
		for (size_t k = ls; k < le; k++) {
			if (DT_IS(v[k], DT_B64))
				b64++;
			else if (v[k] == ' ' && k > ls && k + 1 < le && v[k + 1] != ' ' && v[k + 1] != '\r')
				return 1; /* words, not base64 */
		}
		if (le - ls >= 3 && memmem(v + ls, le - ls, "...", 3))
			return 1;
	}
	return b64 < 64;
}

/* An Anthropic key of a version whose shape is known (sk-ant-api03-,
 * sk-ant-admin01-: 95 characters ending in "AA") but not of that shape:
 * cut, padded or made up for an example. */
static int anthropic_wrong_length(const unsigned char *v, size_t n)
{
	size_t pl = n >= 13 && !memcmp(v, "sk-ant-api03-", 13) ? 13
		  : n >= 15 && !memcmp(v, "sk-ant-admin01-", 15) ? 15 : 0;
	if (!pl)
		return 0;
	return n - pl != 95 || v[n - 2] != 'A' || v[n - 1] != 'A';
}

int detect_placeholder(int type, const char *str, size_t n, const struct detect_placeholders *p)
{
	const unsigned char *v = (const unsigned char *)str;
	if (!str || !n || !detect_type_is_secret(type))
		return 0;
	if (p && !p->enabled)
		return 0;
	if (p)
		for (size_t i = 0; i < p->nvalues; i++)
			if (p->values[i] && eq(v, n, p->values[i]))
				return 1;
	if (!p || p->builtin_values)
		for (int i = 0; examples[i]; i++)
			if (eq(v, n, examples[i]))
				return 1;
	if (type == DETECT_PRIVATE_KEY)
		return pem_placeholder(v, n);
	if (type == DETECT_ANTHROPIC_API_KEY && anthropic_wrong_length(v, n))
		return 1;
	if (runs(v, n) || templated(v, n))
		return 1;
	for (int i = 0; words[i]; i++)
		if (dt_ci_find(v, 0, n, words[i]))
			return 1;
	return 0;
}
