/*
 * secrets.c: credentials. Vendor key formats (AWS, GitHub, Slack, Stripe,
 * OpenAI, Anthropic, Google, GitLab, ... Azure), JWTs, PEM/PGP private key
 * blocks, AWS secret and Azure storage keys beside their names, and
 * passwords: in assignments ("password: x", PASSWORD=x, "password": "x",
 * settings["password"] = x, a name/value pair whose name says password,
 * scheme://user:PASS@host), in prose ("the password is x", "login with
 * password x"), handed to credential constructors and cmdlets
 * (NetworkCredential("u", "x"), ConvertTo-SecureString "x" -AsPlainText)
 * and on command lines (sshpass -p x, curl -u user:x). A vendor key given
 * as a password or token value is reported as that key only.
 *
 * Key formats are matched by hand at a word start: each has a fixed prefix
 * and a body of known alphabet and length, so a few compares and one run
 * over the body decide it. Lengths are exact where the vendor's is, and the
 * byte after the body must not continue it, so "skeleton", "sk-learn" or a
 * "ghp_" followed by too few characters stay quiet.
 *
 * Why one file: most of its length is the table of vendor formats, one
 * small matcher each; they share the word-start and body-run helpers.
 */
#include <string.h>

#include "core/b64.h"
#include "detect/detect_int.h"

#define ALNUM (DT_UPPER | DT_LOWER | DT_DIGIT)

static int at_prefix_n(const struct dt_ctx *c, size_t t, const char *p, size_t pl)
{
	return c->n - t >= pl && !memcmp(c->s + t, p, pl);
}
#define at_prefix(c, t, lit) at_prefix_n(c, t, lit, sizeof(lit) - 1)

/* Is s[a, b) one mask character repeated ("xxxx", "0000")? Such a body
 * fails a format's mixed-alphabet check, but it is the documentation's
 * way of writing that format: reported, and marked as a placeholder. */
static int masked(const unsigned char *s, size_t a, size_t b)
{
	if (b - a < 8 || (s[a] != 'x' && s[a] != 'X' && s[a] != '0'))
		return 0;
	for (size_t i = a + 1; i < b; i++)
		if (s[i] != s[a])
			return 0;
	return 1;
}

static int all_of(const unsigned char *s, size_t a, size_t b, unsigned cls)
{
	for (size_t i = a; i < b; i++)
		if (!DT_IS(s[i], cls))
			return 0;
	return 1;
}

static size_t key_aws(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_AWS_ACCESS_KEY_ID) || c->n - t < 20)
		return 0;
	if (memcmp(s + t, "AKIA", 4) && memcmp(s + t, "ASIA", 4) &&
	    memcmp(s + t, "ABIA", 4) && memcmp(s + t, "ACCA", 4))
		return 0;
	if (!all_of(s, t + 4, t + 20, DT_UPPER | DT_DIGIT) || !dt_nonword_at(c, t + 20))
		return 0;
	dt_emit(c, DETECT_AWS_ACCESS_KEY_ID, t, t + 20, 0.95, "aws_akid");
	return t + 20;
}

static size_t key_google(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_GOOGLE_API_KEY) || c->n - t < 39 || memcmp(s + t, "AIza", 4))
		return 0;
	if (!all_of(s, t + 4, t + 39, DT_URL64) || (t + 39 < c->n && DT_IS(s[t + 39], DT_URL64)))
		return 0;
	dt_emit(c, DETECT_GOOGLE_API_KEY, t, t + 39, 0.95, "google_api_key");
	return t + 39;
}

static size_t key_github(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_GITHUB_TOKEN))
		return 0;
	if (at_prefix(c, t, "github_pat_")) {
		size_t e = dt_run(c, t + 11, DT_WORD, 83);
		if (e - (t + 11) != 82)
			return 0;
		dt_emit(c, DETECT_GITHUB_TOKEN, t, e, 0.98, "github_pat");
		return e;
	}
	if (c->n - t < 40 || s[t + 1] != 'h' || !strchr("pousr", s[t + 2]) || !s[t + 2] || s[t + 3] != '_')
		return 0;
	size_t e = dt_run(c, t + 4, ALNUM, 37);
	if (e - (t + 4) != 36 || !dt_nonword_at(c, e))
		return 0;
	dt_emit(c, DETECT_GITHUB_TOKEN, t, e, 0.98, s[t + 2] == 'p' ? "github_pat" : "github_token");
	return e;
}

/*
 * Slack tokens: xoxb-/xoxp-/xoxa-/xoxr-/xoxs-/xoxc-/xoxe- (bot, user, app,
 * refresh, session, client, rotating) and xapp- (app-level), then
 * '-'-separated groups, the first of them digits:
 *   xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1
 *   xoxb-263594206564-FGqddMF8t08v8N7Oq4i57vs1 (legacy, two groups)
 *   xapp-1-A0KI9U82609-2663745249429-<64 hex>
 *   xoxe-1-<body> (refresh), xoxe.xoxp-1-<body> (rotated access token; the
 *   "xoxe." belongs to the token, whichever end it is seen from).
 */
static size_t key_slack(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_SLACK_TOKEN) || c->n - t < 25)
		return 0;
	if (!memcmp(s + t, "xoxe.xox", 8))
		return key_slack(c, t + 5); /* sees the "xoxe." and starts there */
	if (!memcmp(s + t, "xapp-", 5)) {
		/* fall through: the same groups follow */
	} else if (memcmp(s + t, "xox", 3) || !strchr("baprsec", s[t + 3]) || !s[t + 3] || s[t + 4] != '-') {
		return 0;
	}
	size_t j = t + 5;
	int nseg = 0;
	for (;;) {
		size_t k = dt_run(c, j, ALNUM, 256);
		if (k == j || k - j >= 256)
			return 0;
		if (nseg == 0 && !all_of(s, j, k, DT_DIGIT))
			return 0;
		nseg++;
		j = k;
		if (j + 1 < c->n && s[j] == '-' && DT_IS(s[j + 1], ALNUM) && nseg < 8) {
			j++;
			continue;
		}
		break;
	}
	if (nseg < 2 || j - (t + 5) < 20 || (j < c->n && DT_IS(s[j], DT_URL64)))
		return 0;
	size_t st = t >= 5 && !memcmp(s + t - 5, "xoxe.", 5) && dt_left_ok(c, t - 5) ? t - 5 : t;
	dt_emit(c, DETECT_SLACK_TOKEN, st, j, 0.95, "slack_token");
	return j;
}

/*
 * Slack webhook URLs, seen from the 'T' of the team ID, with or without the
 * scheme:
 *   hooks.slack.com/services/T.../B.../<secret>     incoming webhook
 *   hooks.slack.com/workflows/T.../A.../<id>/<secret> workflow webhook
 *   hooks.slack.com/triggers/T.../<id>/<secret>      workflow trigger
 * The IDs are upper case and digits; the secret is 20+ letters and digits.
 */
/* Length of the '/' at s[j]: 1, or 2 for JSON's escaped "\/" (PHP's
 * json_encode writes every slash so), 0 for no slash. */
static size_t slash_len(const unsigned char *s, size_t n, size_t j)
{
	if (j < n && s[j] == '/')
		return 1;
	return j + 1 < n && s[j] == '\\' && s[j + 1] == '/' ? 2 : 0;
}

/* Does the text ending at b spell p, where each '/' of p may be written
 * "\/"? Returns where it starts, or SIZE_MAX. */
static size_t ends_with_path(const unsigned char *s, size_t b, const char *p)
{
	size_t i = strlen(p);
	while (i > 0) {
		if (b == 0)
			return SIZE_MAX;
		if (p[i - 1] == '/' && b >= 2 && s[b - 1] == '/' && s[b - 2] == '\\')
			b -= 2;
		else if (s[b - 1] == (unsigned char)p[i - 1])
			b--;
		else
			return SIZE_MAX;
		i--;
	}
	return b;
}

static size_t key_slack_hook(struct dt_ctx *c, size_t t)
{
	static const char *const paths[] = { "hooks.slack.com/services/", "hooks.slack.com/workflows/",
					     "hooks.slack.com/triggers/", NULL };
	const unsigned char *s = c->s;
	size_t n = c->n, st = SIZE_MAX, sl;
	int kind = -1;
	if (!dt_on(c, DETECT_SLACK_TOKEN) || t < 25)
		return 0;
	for (int i = 0; paths[i] && kind < 0; i++)
		if ((st = ends_with_path(s, t, paths[i])) != SIZE_MAX)
			kind = i;
	if (kind < 0)
		return 0;
	size_t j = dt_run(c, t, DT_UPPER | DT_DIGIT, 32);
	if (j - t < 9 || j + 2 >= n || !(sl = slash_len(s, n, j)))
		return 0;
	j += sl - 1; /* j + 1: the byte after the slash */
	size_t e;
	if (kind == 0) {
		if (j + 1 >= n || s[j + 1] != 'B')
			return 0;
		size_t k = dt_run(c, j + 1, DT_UPPER | DT_DIGIT, 32);
		if (k - (j + 1) < 9 || k + 1 >= n || !(sl = slash_len(s, n, k)))
			return 0;
		e = dt_run(c, k + sl, ALNUM, 64);
		if (e - (k + sl) < 20)
			return 0;
	} else {
		/* workflows: A-ID then a numeric ID; triggers: a numeric ID. */
		size_t k = j + 1;
		if (kind == 1) {
			if (k >= n || s[k] != 'A')
				return 0;
			size_t a = dt_run(c, k, DT_UPPER | DT_DIGIT, 32);
			if (a - k < 9 || a + 1 >= n || !(sl = slash_len(s, n, a)))
				return 0;
			k = a + sl;
		}
		size_t d = dt_run(c, k, DT_DIGIT, 32);
		if (d - k < 6 || d + 1 >= n || !(sl = slash_len(s, n, d)))
			return 0;
		e = dt_run(c, d + sl, ALNUM, 64);
		if (e - (d + sl) < 20)
			return 0;
	}
	if (e < n && DT_IS(s[e], DT_URL64))
		return 0;
	size_t sc;
	if ((sc = ends_with_path(s, st, "https://")) != SIZE_MAX || (sc = ends_with_path(s, st, "http://")) != SIZE_MAX)
		st = sc;
	dt_emit(c, DETECT_SLACK_TOKEN, st, e, 0.98, "slack_webhook");
	return e;
}

static size_t key_stripe(struct dt_ctx *c, size_t t)
{
	if (!dt_on(c, DETECT_STRIPE_KEY) ||
	    !(at_prefix(c, t, "sk_live_") || at_prefix(c, t, "sk_test_") ||
	      at_prefix(c, t, "rk_live_") || at_prefix(c, t, "rk_test_") ||
	      at_prefix(c, t, "sk_prod_") || at_prefix(c, t, "rk_prod_")))
		return 0;
	size_t e = dt_run(c, t + 8, ALNUM, 256);
	if (e - (t + 8) < 24 || e - (t + 8) >= 256 || !dt_nonword_at(c, e))
		return 0;
	dt_emit(c, DETECT_STRIPE_KEY, t, e, 0.95, "stripe");
	return e;
}

/* Is s[a, b) all lower-case hex? (Twilio, Mailgun, Shopify and Databricks
 * write theirs so; an upper-case run is some other ID.) */
static int lower_hex(const unsigned char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (!DT_IS(s[i], DT_DIGIT) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return 1;
}

/* prefix, then exactly len bytes of class cls, then no word byte. */
static size_t fixed_key(struct dt_ctx *c, size_t t, size_t pl, unsigned cls, size_t len)
{
	size_t e = dt_run(c, t + pl, cls, len + 1);
	if (e - (t + pl) != len || !dt_nonword_at(c, e))
		return 0;
	return e;
}

/*
 * GitLab tokens (GitLab's "token prefixes" list): glpat- (personal, project
 * and group access tokens), gldt- (deploy), glrt- / glrtr- (runner
 * authentication / registration), glcbt- (CI/CD job), glptt- (pipeline
 * trigger), glft- (feed), glimt- (incoming mail), glagent- (agent for
 * Kubernetes), gloas- (OAuth application secret), glsoat- (SCIM), glffct-
 * (feature flags client). The body is at least 20 URL-safe base64 bytes;
 * newer routable tokens carry '.'-separated parts ("glpat-<body>.01.<id>"),
 * and glcbt- a "<partition>_" before the body.
 */
static size_t key_gitlab(struct dt_ctx *c, size_t t)
{
	static const char *const pre[] = {
		"glpat-", "gldt-", "glrtr-", "glrt-", "glcbt-", "glptt-", "glft-", "glimt-",
		"glagent-", "gloas-", "glsoat-", "glffct-", NULL
	};
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_GITLAB_TOKEN))
		return 0;
	for (int i = 0; pre[i]; i++) {
		size_t pl = strlen(pre[i]);
		if (!at_prefix_n(c, t, pre[i], pl))
			continue;
		size_t b0 = t + pl, e = dt_run(c, b0, DT_URL64, 256);
		size_t body = e - b0;
		while (e + 1 < c->n && s[e] == '.' && DT_IS(s[e + 1], DT_URL64) && e - b0 < 256)
			e = dt_run(c, e + 1, DT_URL64, 256);
		if (body < 20 || e - b0 >= 256 || (e < c->n && DT_IS(s[e], DT_URL64)))
			return 0;
		dt_emit(c, DETECT_GITLAB_TOKEN, t, e, 0.95, "gitlab_token");
		return e;
	}
	return 0;
}

/* npm access tokens: npm_ and exactly 36 letters and digits. */
static size_t key_npm(struct dt_ctx *c, size_t t)
{
	size_t e;
	if (!dt_on(c, DETECT_NPM_TOKEN) || !at_prefix(c, t, "npm_") || !(e = fixed_key(c, t, 4, ALNUM, 36)))
		return 0;
	dt_emit(c, DETECT_NPM_TOKEN, t, e, 0.95, "npm_token");
	return e;
}

/* PyPI API tokens are macaroons: "pypi-" and base64url whose first bytes
 * decode to the location "pypi.org" (or "test.pypi.org"), so they all start
 * "pypi-AgEIcHlwaS5vcmc" ("pypi-AgENdGVzdC5weXBpLm9yZw"); 50+ bytes in all. */
static size_t key_pypi(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_PYPI_TOKEN) ||
	    !(at_prefix(c, t, "pypi-AgEIcHlwaS5vcmc") || at_prefix(c, t, "pypi-AgENdGVzdC5weXBpLm9yZw")))
		return 0;
	size_t e = dt_run(c, t + 5, DT_URL64, 1024);
	if (e - (t + 5) < 50 || e - (t + 5) >= 1024 || (e < c->n && s[e] == '='))
		return 0;
	dt_emit(c, DETECT_PYPI_TOKEN, t, e, 0.99, "pypi_token");
	return e;
}

/* Hugging Face user access tokens: hf_ and exactly 34 letters (and digits,
 * though Hugging Face issues letters); organisation tokens api_org_ + 34. */
static size_t key_huggingface(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t e, pl = at_prefix(c, t, "hf_") ? 3 : at_prefix(c, t, "api_org_") ? 8 : 0;
	if (!pl || !dt_on(c, DETECT_HUGGINGFACE_TOKEN) || !(e = fixed_key(c, t, pl, ALNUM, 34)))
		return 0;
	int up = 0, lo = 0;
	for (size_t i = t + pl; i < e; i++) {
		up |= DT_IS(s[i], DT_UPPER) != 0;
		lo |= DT_IS(s[i], DT_LOWER) != 0;
	}
	if ((!up || !lo) && !masked(s, t + pl, e)) /* hf_ + a hex digest or a word: an identifier */
		return 0;
	dt_emit(c, DETECT_HUGGINGFACE_TOKEN, t, e, 0.9, "huggingface_token");
	return e;
}

/* Twilio: an API key SID, SK and 32 lower-case hex digits (0.9); an
 * account SID, AC and 32 (0.6: an identifier more than a secret, but with
 * the auth token beside it one half of the pair). */
static size_t key_twilio(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t e;
	if (!dt_on(c, DETECT_TWILIO_KEY) || c->n - t < 34 || !(e = fixed_key(c, t, 2, DT_HEX, 32)) ||
	    !lower_hex(s, t + 2, e))
		return 0;
	int sk = s[t] == 'S';
	dt_emit(c, DETECT_TWILIO_KEY, t, e, sk ? 0.9 : 0.6, sk ? "twilio_api_key" : "twilio_account_sid");
	return e;
}

/* SendGrid API keys: SG. + 22 URL-safe base64 + '.' + 43. */
static size_t key_sendgrid(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_SENDGRID_KEY) || c->n - t < 69 || s[t + 2] != '.')
		return 0;
	size_t m = dt_run(c, t + 3, DT_URL64, 23);
	if (m - (t + 3) != 22 || m >= c->n || s[m] != '.')
		return 0;
	size_t e = dt_run(c, m + 1, DT_URL64, 44);
	if (e - (m + 1) != 43 || (e < c->n && (DT_IS(s[e], DT_URL64) || s[e] == '=')))
		return 0;
	dt_emit(c, DETECT_SENDGRID_KEY, t, e, 0.97, "sendgrid_key");
	return e;
}

/* Mailgun's newer private API keys (and webhook signing keys): 32 hex
 * digits, '-', 8, '-', 8, lower case. The shape alone is an ID as often as
 * a key, so "mailgun" must come within 64 bytes before or after it (a
 * MAILGUN_API_KEY= line, "api:KEY" beside api.mailgun.net). */
static size_t key_mailgun_new(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_MAILGUN_KEY) || c->n - t < 50 || s[t + 32] != '-' || s[t + 41] != '-')
		return 0;
	if (!lower_hex(s, t, t + 32) || !lower_hex(s, t + 33, t + 41) || !lower_hex(s, t + 42, t + 50) ||
	    !dt_nonword_at(c, t + 50) || (t + 50 < c->n && s[t + 50] == '-'))
		return 0;
	size_t w0 = t > 64 ? t - 64 : 0, w1 = c->n - (t + 50) > 64 ? t + 114 : c->n;
	if (!dt_ci_find(s, w0, t, "mailgun") && !dt_ci_find(s, t + 50, w1, "mailgun"))
		return 0;
	dt_emit(c, DETECT_MAILGUN_KEY, t, t + 50, 0.9, "mailgun_key");
	return t + 50;
}

/* Mailgun private API keys (legacy form): key- and 32 lower-case letters
 * and digits, mixing both. */
static size_t key_mailgun(struct dt_ctx *c, size_t t)
{
	size_t e;
	if (!dt_on(c, DETECT_MAILGUN_KEY) || !at_prefix(c, t, "key-") ||
	    !(e = fixed_key(c, t, 4, DT_LOWER | DT_DIGIT, 32)))
		return 0;
	int lo = 0, dg = 0;
	for (size_t i = t + 4; i < e; i++) {
		lo |= DT_IS(c->s[i], DT_LOWER) != 0;
		dg |= DT_IS(c->s[i], DT_DIGIT) != 0;
	}
	if ((!lo || !dg) && !masked(c->s, t + 4, e))
		return 0;
	if (e < c->n && c->s[e] == '-')
		return 0; /* key-<uuid-like>-...: some other ID */
	dt_emit(c, DETECT_MAILGUN_KEY, t, e, 0.85, "mailgun_key");
	return e;
}

/* Shopify: shpat_ (Admin API access token), shpca_ (custom app), shppa_
 * (private app), shpss_ (shared secret), each with 32 hex digits. */
static size_t key_shopify(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t e;
	if (!dt_on(c, DETECT_SHOPIFY_TOKEN) || c->n - t < 38 || memcmp(s + t, "shp", 3) || s[t + 5] != '_')
		return 0;
	if (memcmp(s + t + 3, "at", 2) && memcmp(s + t + 3, "ca", 2) && memcmp(s + t + 3, "pa", 2) &&
	    memcmp(s + t + 3, "ss", 2))
		return 0;
	if (!(e = fixed_key(c, t, 6, DT_HEX, 32)))
		return 0;
	dt_emit(c, DETECT_SHOPIFY_TOKEN, t, e, 0.97, "shopify_token");
	return e;
}

/* Databricks personal access tokens: dapi and 32 lower-case hex digits,
 * sometimes with a "-N" suffix. */
static size_t key_databricks(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t e;
	if (!dt_on(c, DETECT_DATABRICKS_TOKEN) || !at_prefix(c, t, "dapi") ||
	    !(e = fixed_key(c, t, 4, DT_HEX, 32)) || !lower_hex(s, t + 4, e))
		return 0;
	if (e + 1 < c->n && s[e] == '-' && DT_IS(s[e + 1], DT_DIGIT)) {
		size_t d = dt_run(c, e + 1, DT_DIGIT, 3);
		if (d - (e + 1) <= 2 && dt_nonword_at(c, d))
			e = d;
	}
	dt_emit(c, DETECT_DATABRICKS_TOKEN, t, e, 0.95, "databricks_token");
	return e;
}

/* Azure shared access keys (Service Bus, Event Hubs, Relay, IoT Hub) in a
 * connection string, seen at the '=' of "SharedAccessKey=" (not
 * "SharedAccessKeyName="): a 256-bit key, 43 base64 bytes and '='. */
static size_t key_azure_sas(struct dt_ctx *c, size_t eq)
{
	const unsigned char *s = c->s;
	if (eq < 15 || memcmp(s + eq - 15, "SharedAccessKey", 15) || !dt_on(c, DETECT_AZURE_SAS_KEY) ||
	    (eq > 15 && DT_IS(s[eq - 16], DT_WORD)))
		return 0;
	size_t v0 = eq + 1, e = dt_run(c, v0, DT_B64, 44);
	if (e - v0 != 43 || e >= c->n || s[e] != '=' ||
	    (e + 1 < c->n && (DT_IS(s[e + 1], DT_B64) || s[e + 1] == '=')))
		return 0;
	dt_emit(c, DETECT_AZURE_SAS_KEY, v0, e + 1, 0.97, "azure_sas_key");
	return e + 1;
}

/* Azure storage account key in a connection string, seen at the '=' of
 * "AccountKey=": 88 base64 bytes ending in "==" (a 64-byte key). */
static size_t key_azure(struct dt_ctx *c, size_t eq)
{
	const unsigned char *s = c->s;
	if (eq < 10 || memcmp(s + eq - 10, "AccountKey", 10) || !dt_on(c, DETECT_AZURE_STORAGE_KEY) ||
	    (eq > 10 && DT_IS(s[eq - 11], DT_WORD)))
		return 0;
	size_t v0 = eq + 1, e = dt_run(c, v0, DT_B64, 87);
	if (e - v0 != 86 || c->n - e < 2 || s[e] != '=' || s[e + 1] != '=' ||
	    (e + 2 < c->n && (DT_IS(s[e + 2], DT_B64) || s[e + 2] == '=')))
		return 0;
	dt_emit(c, DETECT_AZURE_STORAGE_KEY, v0, e + 2, 0.97, "azure_storage_key");
	return e + 2;
}

/* An Azure storage account key outside a connection string: 86 base64
 * bytes and "==" (64 random bytes) in a word starting at t (or a run
 * reaching back over '/' and '+'), with "storage" or "account" and "key"
 * within 64 bytes before it: AZURE_STORAGE_KEY=..., --account-key ...,
 * storage_account_access_key = "...". */
size_t dt_azure_key(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n, ts = t;
	if (!dt_on(c, DETECT_AZURE_STORAGE_KEY))
		return 0;
	if (t > 0 && (s[t - 1] == '/' || s[t - 1] == '+')) {
		while (ts > 0 && t - ts < 88 && DT_IS(s[ts - 1], DT_B64))
			ts--;
		if (ts > 0 && DT_IS(s[ts - 1], DT_B64))
			return 0;
	}
	if (n - ts < 88 || s[ts + 86] != '=' || s[ts + 87] != '=' ||
	    (ts + 88 < n && (DT_IS(s[ts + 88], DT_B64) || s[ts + 88] == '=')))
		return 0;
	if (dt_run(c, ts, DT_B64, 87) != ts + 86)
		return 0;
	size_t w0 = ts > 64 ? ts - 64 : 0;
	if (!(dt_ci_find(s, w0, ts, "storage") || dt_ci_find(s, w0, ts, "account")) || !dt_ci_find(s, w0, ts, "key"))
		return 0;
	dt_emit(c, DETECT_AZURE_STORAGE_KEY, ts, ts + 88, 0.9, "azure_storage_key");
	return ts + 88;
}

static int contains(const unsigned char *s, size_t a, size_t b, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = a; i + wl <= b; i++)
		if (s[i] == (unsigned char)w[0] && !memcmp(s + i, w, wl))
			return 1;
	return 0;
}

/* sk-ant-api03-<93>AA and sk-ant-admin01-<93>AA exactly; other sk-ant-
 * versions with a long body are reported with less confidence. Never an
 * OpenAI key. */
static size_t key_anthropic(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	if (!dt_on(c, DETECT_ANTHROPIC_API_KEY))
		return 0;
	size_t k0 = t + 7, k1 = dt_run(c, k0, DT_LOWER | DT_DIGIT, 16);
	if (k1 == k0 || k1 >= c->n || s[k1] != '-')
		return 0;
	size_t b0 = k1 + 1, e = dt_run(c, b0, DT_URL64, 300);
	if (e - b0 >= 300 || (e < c->n && DT_IS(s[e], DT_URL64)))
		return 0;
	size_t blen = e - b0, kl = k1 - k0;
	int known = (kl == 5 && !memcmp(s + k0, "api03", 5)) || (kl == 7 && !memcmp(s + k0, "admin01", 7));
	if (known && blen == 95 && s[e - 2] == 'A' && s[e - 1] == 'A')
		dt_emit(c, DETECT_ANTHROPIC_API_KEY, t, e, 0.99, "anthropic_key");
	else if (blen >= 40)
		dt_emit(c, DETECT_ANTHROPIC_API_KEY, t, e, 0.8, "anthropic_key");
	else
		return 0;
	return e;
}

static size_t key_openai(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	static const char *const proj[] = { "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-", NULL };
	if (!dt_on(c, DETECT_OPENAI_API_KEY))
		return 0;
	for (int i = 0; proj[i]; i++) {
		if (!at_prefix_n(c, t, proj[i], strlen(proj[i])))
			continue;
		size_t b0 = t + strlen(proj[i]), e = dt_run(c, b0, DT_URL64, 400);
		if (e - b0 < 40 || e - b0 >= 400 || (e < c->n && DT_IS(s[e], DT_URL64)))
			return 0;
		int marked = contains(s, b0, e, "T3BlbkFJ");
		dt_emit(c, DETECT_OPENAI_API_KEY, t, e, marked ? 0.99 : 0.9, "openai_key");
		return e;
	}
	/* Legacy: sk- and 48 alphanumerics, with "T3BlbkFJ" ("OpenAI" in
	 * base64) in the middle of most. */
	size_t e = dt_run(c, t + 3, ALNUM, 49);
	if (e - (t + 3) != 48 || (e < c->n && DT_IS(s[e], DT_URL64)))
		return 0;
	int marked = !memcmp(s + t + 23, "T3BlbkFJ", 8);
	dt_emit(c, DETECT_OPENAI_API_KEY, t, e, marked ? 0.99 : 0.85, "openai_legacy");
	return e;
}

/* Decoded JWT header: a JSON object with an "alg" member. A full JSON
 * parse would add nothing the three checks miss in practice. */
static int jwt_header_ok(const unsigned char *h, size_t n)
{
	size_t a = 0, b = n;
	while (a < b && (h[a] == ' ' || h[a] == '\t' || h[a] == '\r' || h[a] == '\n'))
		a++;
	while (b > a && (h[b - 1] == ' ' || h[b - 1] == '\t' || h[b - 1] == '\r' || h[b - 1] == '\n'))
		b--;
	return b - a >= 9 && h[a] == '{' && h[b - 1] == '}' && contains(h, a, b, "\"alg\"");
}

static size_t key_jwt(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (!dt_on(c, DETECT_JWT) || n - t < 20 || s[t + 1] != 'y' || s[t + 2] != 'J')
		return 0;
	size_t h = dt_run(c, t, DT_URL64, 1024);
	if (h - t < 10 || h - t >= 1024 || h >= n || s[h] != '.')
		return 0;
	size_t p = dt_run(c, h + 1, DT_URL64, 65536);
	if (p - (h + 1) < 2 || p - (h + 1) >= 65536 || p >= n || s[p] != '.')
		return 0;
	size_t g = dt_run(c, p + 1, DT_URL64, 2048);
	if (g - (p + 1) >= 2048 || (g < n && s[g] == '.' && g + 1 < n && DT_IS(s[g + 1], DT_URL64)))
		return 0; /* five segments: a JWE, or not a token at all */
	unsigned char hdr[768];
	long hl = b64_decode_raw(s + t, h - t, hdr);
	if (hl < 0 || !jwt_header_ok(hdr, (size_t)hl))
		return 0;
	dt_emit(c, DETECT_JWT, t, g, g > p + 1 ? 0.99 : 0.9, "jwt");
	return g;
}

size_t dt_keys(struct dt_ctx *c, size_t t)
{
	size_t e;
	if (!dt_left_ok(c, t))
		return 0;
	if (c->n - t >= 50 && c->s[t + 32] == '-' && DT_IS(c->s[t], DT_HEX) && (e = key_mailgun_new(c, t)))
		return e;
	switch (c->s[t]) {
	case 'A':
		if ((e = key_aws(c, t)) || (e = key_google(c, t)))
			return e;
		return c->n - t >= 34 && c->s[t + 1] == 'C' ? key_twilio(c, t) : 0;
	case 'S':
		if (c->n - t < 34)
			return 0;
		if (c->s[t + 1] == 'G')
			return key_sendgrid(c, t);
		return c->s[t + 1] == 'K' ? key_twilio(c, t) : 0;
	case 'T':
		return key_slack_hook(c, t);
	case 'a':
		return key_huggingface(c, t);
	case 'd':
		return key_databricks(c, t);
	case 'g':
		if (c->n - t > 2 && c->s[t + 1] == 'l')
			return key_gitlab(c, t);
		return key_github(c, t);
	case 'h':
		return key_huggingface(c, t);
	case 'k':
		return key_mailgun(c, t);
	case 'n':
		return key_npm(c, t);
	case 'p':
		return key_pypi(c, t);
	case 'x':
		return key_slack(c, t);
	case 'r':
		return key_stripe(c, t);
	case 's':
		if (c->n - t < 8)
			return 0;
		if (c->s[t + 1] == 'h')
			return key_shopify(c, t);
		if (c->s[t + 1] == 'k' && c->s[t + 2] == '_')
			return key_stripe(c, t);
		if (c->s[t + 1] != 'k' || c->s[t + 2] != '-')
			return 0;
		if (at_prefix(c, t, "sk-ant-"))
			return key_anthropic(c, t);
		return key_openai(c, t);
	case 'e':
		return key_jwt(c, t);
	default:
		return 0;
	}
}

/* 40 characters of [A-Za-z0-9/+], high entropy, mixed classes, and "aws"
 * or "secret" shortly before: without the context a 40-character base64
 * run is as likely a hash or an ID. */
size_t dt_aws_secret(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n, ts = t;
	/* t starts a word, so only '/' or '+' can continue the run leftwards;
	 * without them the run starts here and must be 40 long. */
	if (t > 0 && (s[t - 1] == '/' || s[t - 1] == '+')) {
		while (ts > 0 && t - ts < 40 && DT_IS(s[ts - 1], DT_B64))
			ts--;
	} else if (n - t < 40 || !DT_IS(s[t + 39], DT_B64)) {
		return 0;
	}
	if ((ts > 0 && DT_IS(s[ts - 1], DT_B64)) || ts < c->aws_end)
		return 0;
	size_t e = dt_run(c, ts, DT_B64, 41);
	c->aws_end = e;
	if (e - ts != 40 || (e < n && (s[e] == '=' || DT_IS(s[e], DT_URL64))) ||
	    (ts > 0 && DT_IS(s[ts - 1], DT_URL64)))
		return 0;
	int up = 0, lo = 0, dg = 0, nonhex = 0;
	for (size_t i = ts; i < e; i++) {
		unsigned char ch = s[i];
		up |= DT_IS(ch, DT_UPPER) != 0;
		lo |= DT_IS(ch, DT_LOWER) != 0;
		dg |= DT_IS(ch, DT_DIGIT) != 0;
		nonhex |= !DT_IS(ch, DT_HEX);
	}
	if (!up || !lo || !dg || !nonhex)
		return 0;
	size_t w0 = ts > 64 ? ts - 64 : 0;
	if (!dt_ci_find(s, w0, ts, "aws") && !dt_ci_find(s, w0, ts, "secret"))
		return 0;
	if (detect_entropy((const char *)s + ts, 40) < 4.0)
		return 0;
	dt_emit(c, DETECT_AWS_SECRET_ACCESS_KEY, ts, e, 0.92, "aws_secret");
	return e;
}

/* -----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED ]PRIVATE KEY----- ... END,
 * and PGP PRIVATE KEY BLOCK. The span is the whole block; a block whose
 * END is missing (cut off) is reported over its base64 body. */
size_t dt_pem(struct dt_ctx *c, size_t p)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (!dt_on(c, DETECT_PRIVATE_KEY) || n - p < 32 || memcmp(s + p, "-----BEGIN ", 11))
		return 0;
	size_t l0 = p + 11, l1 = 0;
	for (size_t j = l0; j + 5 <= n && j < l0 + 64; j++) {
		if (s[j] == '\n')
			return 0;
		if (s[j] == '-' && !memcmp(s + j, "-----", 5)) {
			l1 = j;
			break;
		}
	}
	if (!l1)
		return 0;
	size_t ll = l1 - l0;
	int pgp = ll == 21 && !memcmp(s + l0, "PGP PRIVATE KEY BLOCK", 21);
	if (!pgp && (ll < 11 || memcmp(s + l1 - 11, "PRIVATE KEY", 11)))
		return 0;
	size_t hdr = l1 + 5;
	/* The next "-----END " after hdr, cached: a text full of BEGIN lines
	 * without ENDs would otherwise cost a search of the rest each. */
	if (!c->pem_end_valid || hdr < c->pem_end_from || hdr > c->pem_end_at) {
		const unsigned char *q = memmem(s + hdr, n - hdr, "-----END ", 9);
		c->pem_end_at = q ? (size_t)(q - s) : n;
		c->pem_end_from = hdr;
		c->pem_end_valid = 1;
	}
	size_t e = c->pem_end_at;
	const char *det = pgp ? "pgp" : "pem";
	if (e < n && n - e >= 9 + ll + 5 && !memcmp(s + e + 9, s + l0, ll) &&
	    !memcmp(s + e + 9 + ll, "-----", 5)) {
		e += 9 + ll + 5;
		dt_emit(c, DETECT_PRIVATE_KEY, p, e, 1.0, det);
		return e;
	}
	size_t j = hdr, body = 0;
	while (j < n && (DT_IS(s[j], DT_B64) || s[j] == '=' || s[j] == '\r' || s[j] == '\n')) {
		body += DT_IS(s[j], DT_B64) != 0;
		j++;
	}
	while (j > hdr && (s[j - 1] == '\r' || s[j - 1] == '\n'))
		j--;
	if (body >= 32)
		dt_emit(c, DETECT_PRIVATE_KEY, p, j, 0.9, det);
	else
		dt_emit(c, DETECT_PRIVATE_KEY, p, hdr, 0.6, det);
	return body >= 32 ? j : hdr;
}

/*
 * Placeholders are skipped: a value that is a template or variable
 * ("<password>", "${DB_PASS}", "{{ pw }}", "$PASSWORD", "%s"), a run of one
 * character ("***", "xxx", "...."), or a word from the list below. That
 * includes "changeme": it is a real default password, but in text it is far
 * more often the placeholder in a config template, and reporting every
 * template would drown the real findings.
 */
static const char *const placeholders[] = {
	"changeme", "change_me", "password", "passwd", "secret", "null", "nil", "none", "true",
	"false", "undefined", "example", "placeholder", "redacted", "hidden", "masked",
	"removed", "your_password", "yourpassword", "your-password", "mypassword",
	"my_password", "required", "optional", "string", "str", "value", "empty", "tbd",
	"todo", "n/a", "dummy", "foo", "bar", "foobar", "pass", "pwd", "token", "xxx",
	"<redacted>", "[redacted]", "not_set", "notset", "unset", "default", NULL
};

/* Case-insensitive: does v[0, n) hold w (lower case)? */
static int ci_contains(const unsigned char *v, size_t n, const char *w)
{
	return dt_ci_find(v, 0, n, w);
}

int dt_placeholder(const unsigned char *v, size_t n)
{
	if (n == 0)
		return 1;
	size_t k = 1;
	while (k < n && v[k] == v[0])
		k++;
	if (k == n)
		return 1;
	int masks = 1;
	for (k = 0; k < n && masks; k++)
		masks = v[k] == '*' || v[k] == 'x' || v[k] == 'X' || v[k] == '.' || v[k] == '#';
	if (masks)
		return 1;
	if ((v[0] == '<' && v[n - 1] == '>') || (v[0] == '[' && v[n - 1] == ']') ||
	    (v[0] == '{' && v[n - 1] == '}'))
		return 1;
	if (n >= 2 && (v[0] == '$' || v[0] == '%') &&
	    (v[1] == '{' || v[1] == '(' || v[1] == '_' || DT_IS(v[1], DT_UPPER | DT_LOWER)))
		return 1; /* $VAR, ${VAR}, $(cmd), %s, %(name)s */
	/* Template text: sk_live_YOUR_KEY_HERE, <your-token>, "enter_your_password". */
	if (n >= 5 && (ci_contains(v, n, "your_") || ci_contains(v, n, "your-") ||
		       ci_contains(v, n, "_here") || ci_contains(v, n, "-here")))
		return 1;
	if (n < 32) {
		char low[32];
		for (k = 0; k < n; k++)
			low[k] = (char)(DT_IS(v[k], DT_UPPER) ? v[k] + 32 : v[k]);
		for (int i = 0; placeholders[i]; i++)
			if (strlen(placeholders[i]) == n && !memcmp(low, placeholders[i], n))
				return 1;
	}
	return 0;
}

enum { KEY_NONE, KEY_PASSWORD, KEY_TOKEN };

struct lit {
	const char *w;
	size_t l;
};
#define LIT(s) { s, sizeof(s) - 1 }

static int comp_is(const char *c, size_t n, const struct lit *w)
{
	return w->l == n && !memcmp(c, w->w, n);
}

/* Which keys name a password: the last component (split on _ . -) is
 * password/passwd/pwd/pass/passphrase/secret/...; or camelCase that ends in
 * one ("dbPassword", "clientSecret"); or secret...key ("aws_secret_access_key").
 * API keys and tokens are a separate, stricter kind. Every ':' and '=' in
 * the text asks, so the common "no" is kept short. */
static int key_kind(const unsigned char *k, size_t n)
{
	static const struct lit pw[] = {
		LIT("password"), LIT("passwd"), LIT("pwd"), LIT("pass"), LIT("passphrase"), LIT("secret"),
		LIT("pswd"), LIT("passcode"), LIT("passwort"), LIT("pw"), { NULL, 0 }
	};
	static const struct lit camel[] = {
		LIT("password"), LIT("passwd"), LIT("passphrase"), LIT("secret"), LIT("secretkey"), { NULL, 0 }
	};
	static const struct lit key = LIT("key"), api = LIT("api"), token = LIT("token"), apikey = LIT("apikey");
	char low[64];
	if (n == 0 || n > sizeof(low))
		return KEY_NONE;
#define SEPC(ch) ((ch) == '_' || (ch) == '.' || (ch) == '-')
	size_t lc1 = n, lc0, pc1, pc0;
	while (lc1 > 0 && SEPC(k[lc1 - 1]))
		lc1--;
	if (lc1 == 0)
		return KEY_NONE;
	/* Every name below ends in one of these letters. */
	switch (k[lc1 - 1] | 0x20) {
	case 'd': case 's': case 'e': case 't': case 'w': case 'y': case 'n':
		break;
	default:
		return KEY_NONE;
	}
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(DT_IS(k[i], DT_UPPER) ? k[i] + 32 : k[i]);
	for (lc0 = lc1; lc0 > 0 && !SEPC(low[lc0 - 1]); lc0--)
		;
	for (pc1 = lc0; pc1 > 0 && SEPC(low[pc1 - 1]); pc1--)
		;
	for (pc0 = pc1; pc0 > 0 && !SEPC(low[pc0 - 1]); pc0--)
		;
	int has_secret = 0;
	for (size_t i = 0; i < lc0 && !has_secret; i++)
		has_secret = (i == 0 || SEPC(low[i - 1])) && i + 6 <= lc0 && !memcmp(low + i, "secret", 6) &&
			     (i + 6 == lc0 || SEPC(low[i + 6]));
#undef SEPC
	const char *last = low + lc0;
	size_t ll = lc1 - lc0;
	for (int i = 0; pw[i].w; i++)
		if (comp_is(last, ll, &pw[i]))
			return KEY_PASSWORD;
	if (comp_is(last, ll, &key) && has_secret)
		return KEY_PASSWORD;
	for (int i = 0; camel[i].w; i++)
		if (ll > camel[i].l && !memcmp(last + ll - camel[i].l, camel[i].w, camel[i].l))
			return KEY_PASSWORD;
	/* camelCase that ends in a capitalised short form: "dbPass",
	 * "smtpPwd" (never "bypass" or "compass": the capital is the word
	 * boundary) */
	if ((ll > 4 && k[lc1 - 4] == 'P' && !memcmp(last + ll - 4, "pass", 4) && DT_IS(k[lc1 - 5], DT_LOWER | DT_DIGIT)) ||
	    (ll > 3 && k[lc1 - 3] == 'P' && !memcmp(last + ll - 3, "pwd", 3) && DT_IS(k[lc1 - 4], DT_LOWER | DT_DIGIT)))
		return KEY_PASSWORD;
	if (comp_is(last, ll, &token) || comp_is(last, ll, &apikey) ||
	    (ll > 5 && (!memcmp(last + ll - 5, "token", 5) || !memcmp(last + ll - 6, "apikey", 6))) ||
	    (comp_is(last, ll, &key) && comp_is(low + pc0, pc1 - pc0, &api)))
		return KEY_TOKEN;
	return KEY_NONE;
}

/* Does s[a, a + strlen(w)) equal w (lower case), ignoring case? */
static int ci_at(const unsigned char *s, size_t a, size_t n, const char *w)
{
	size_t wl = strlen(w);
	if (a > n || n - a < wl)
		return 0;
	for (size_t i = 0; i < wl; i++) {
		unsigned char ch = s[a + i];
		if (DT_IS(ch, DT_UPPER))
			ch = (unsigned char)(ch + 32);
		if (ch != (unsigned char)w[i])
			return 0;
	}
	return 1;
}

/*
 * Looks like a chosen password rather than a word of prose: 6 to 64
 * printable ASCII bytes mixing at least two of lower case, upper case,
 * digits and symbols ("Welcome108", "maple_pepper88", "x&Zsu#ElAfAc"); a
 * value of letters only must have a capital past its first byte
 * ("kRVFBBOibubf", not "Required" or "can").
 */
static int pw_like(const unsigned char *v, size_t n)
{
	if (n < 6 || n > 64)
		return 0;
	int lo = 0, up = 0, dg = 0, sym = 0, upin = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = v[i];
		if (DT_IS(ch, DT_LOWER))
			lo = 1;
		else if (DT_IS(ch, DT_UPPER))
			up = 1, upin |= i > 0;
		else if (DT_IS(ch, DT_DIGIT))
			dg = 1;
		else if (ch > 0x20 && ch < 0x7f)
			sym = 1;
		else
			return 0;
	}
	if (dg || sym)
		return lo + up + dg + sym >= 2;
	return lo && upin;
}

/* A value that starts like a vendor key ("sk-", "xoxb-", "ghp_", "AKIA",
 * "eyJ", ...) but did not validate as one: a truncated, redacted or
 * template key, never a password. */
static int vendor_prefix(const unsigned char *v, size_t n)
{
	static const char *const pre[] = {
		"sk-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_",
		"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxc-", "xoxe-", "xoxe.", "xapp-",
		"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA", "ASIA", "AIza", "eyJ",
		"sk_prod_", "rk_prod_", "glpat-", "gldt-", "glrt-", "npm_", "pypi-", "hf_", "SG.",
		"shpat_", "shpca_", "shppa_", "shpss_", "dapi", NULL
	};
	for (int i = 0; pre[i]; i++) {
		size_t pl = strlen(pre[i]);
		if (n >= pl && !memcmp(v, pre[i], pl))
			return 1;
	}
	return 0;
}

/* The first component of a dotted reference to configuration in code:
 * process.env.X, os.environ.X, self.x, this.x, config.x, settings.X. */
static int code_root(const unsigned char *v, size_t n)
{
	static const char *const roots[] = {
		"process", "os", "env", "ENV", "config", "cfg", "conf", "settings", "self", "this",
		"secrets", "vars", "params", "options", "opts", "args", "ctx", "context", "props",
		"app", "window", NULL
	};
	const unsigned char *dot = memchr(v, '.', n);
	size_t l = dot ? (size_t)(dot - v) : n;
	for (int i = 0; roots[i]; i++)
		if (strlen(roots[i]) == l && !memcmp(v, roots[i], l))
			return 1;
	return 0;
}

/* Bytes that end an unquoted value; '&' only in a URL query (see below). */
static const unsigned char value_stop[256] = {
	[0] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, [','] = 1, [';'] = 1,
	['"'] = 1, ['\''] = 1, ['`'] = 1, [')'] = 1, ['}'] = 1, [']'] = 1, ['<'] = 1, ['>'] = 1,
};

/* At an '&' in an unquoted value: does it start the next parameter of a
 * query or form body? In a URL query (?user=x&password=y&next=z) always;
 * elsewhere when "name=" follows (pwd=abc123&user=x), else the '&' is one
 * of the password's symbols (password=bPV&7KfB$o). */
static int param_after(const struct dt_ctx *c, size_t amp, int query)
{
	if (query)
		return 1;
	size_t j = amp + 1;
	if (c->n - j >= 4 && !memcmp(c->s + j, "amp;", 4))
		return 1; /* HTML-escaped: &amp;next=1 */
	while (j < c->n && j - amp <= 64 && (DT_IS(c->s[j], DT_WORD) || c->s[j] == '.' || c->s[j] == '-'))
		j++;
	return j > amp + 1 && j < c->n && c->s[j] == '=';
}

static int word_is(const unsigned char *s, size_t a, size_t b, const char *w);

static size_t value_finding(struct dt_ctx *c, int kind, size_t v0, size_t v1, const char *det);

/* A quoted string at s[j] ('"' or '\''): its body's end (the closing
 * quote), or 0 when it does not close on this line within 256 bytes. */
static size_t string_end(const unsigned char *s, size_t n, size_t j)
{
	unsigned char q = s[j];
	size_t e = j + 1;
	while (e < n && e - j <= 256 && s[e] != q && s[e] != '\n') {
		if (s[e] == '\\' && e + 1 < n)
			e++;
		e++;
	}
	return e < n && s[e] == q && e - j <= 256 ? e : 0;
}

/* The index of the first byte at or after j that is not a space or tab. */
static size_t blanks(const unsigned char *s, size_t n, size_t j)
{
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j;
}

/* At '(': ("user", "pass" ...): reports the second string as a password. */
static size_t call_second_string(struct dt_ctx *c, size_t j, const char *det)
{
	const unsigned char *s = c->s;
	size_t n = c->n, e;
	j++;
	j = blanks(s, n, j);
	if (j >= n || (s[j] != '"' && s[j] != '\'') || !(e = string_end(s, n, j)))
		return 0;
	j = e + 1;
	j = blanks(s, n, j);
	if (j >= n || s[j] != ',')
		return 0;
	j++;
	j = blanks(s, n, j);
	if (j >= n || (s[j] != '"' && s[j] != '\'') || !(e = string_end(s, n, j)))
		return 0;
	return value_finding(c, KEY_PASSWORD, j + 1, e, det);
}

/*
 * Credentials handed to a constructor or cmdlet, seen at the name's start
 * (t; the name ends at we): NetworkCredential("user", "pass"),
 * PasswordAuthentication("user", "pass".toCharArray()), HTTPBasicAuth(...),
 * UsernamePasswordCredentials(...); PowerShell's ConvertTo-SecureString
 * [-String] "pass" -AsPlainText.
 */
size_t dt_credcall(struct dt_ctx *c, size_t t, size_t we)
{
	static const char *const calls[] = {
		"NetworkCredential", "PasswordAuthentication", "UsernamePasswordCredentials",
		"UsernamePasswordCredential", "HTTPBasicAuth", "HTTPDigestAuth", "HttpBasicAuth", NULL
	};
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (!dt_on(c, DETECT_PASSWORD) || we >= n)
		return 0;
	if (s[we] == '(') {
		for (int i = 0; calls[i]; i++)
			if (strlen(calls[i]) == we - t && !memcmp(s + t, calls[i], we - t))
				return call_second_string(c, we, "password_call");
		return 0;
	}
	if (we - t != 9 || !ci_at(s, t, n, "convertto-securestring"))
		return 0;
	size_t j = t + 22, e;
	j = blanks(s, n, j);
	if (ci_at(s, j, n, "-string ")) {
		j += 8;
		j = blanks(s, n, j);
	}
	if (j >= n || (s[j] != '"' && s[j] != '\'') || !(e = string_end(s, n, j)))
		return 0;
	size_t l1 = e + 1;
	while (l1 < n && l1 - e < 64 && s[l1] != '\n' && s[l1] != '|' && s[l1] != ';')
		l1++;
	if (!dt_ci_find(s, e + 1, l1, "-asplaintext"))
		return 0;
	return value_finding(c, KEY_PASSWORD, j + 1, e, "password_securestring");
}

/*
 * Passwords on a command line, the token at v0 (after a space) with the
 * flag before it: "sshpass -p X", "docker login -u me -p X", "curl -u
 * user:X" / "--user user:X"; or glued, MySQL's "-pX" / "-p'X'". Only after
 * the command that reads its flag so, earlier on the same line ("docker
 * run -p 8080:80" publishes a port; "mysql -p shop" names a database).
 * Returns where to resume, 0 when it is none of these.
 */
static size_t cli_pw(struct dt_ctx *c, size_t v0)
{
	const unsigned char *s = c->s;
	size_t n = c->n, ls = v0, v1 = v0, a;
	while (ls > 0 && v0 - ls < 256 && s[ls - 1] != '\n')
		ls--;
	while (v1 < n && v1 - v0 < 256 && s[v1] > ' ' && s[v1] < 0x7f)
		v1++;
	int user = 0;
	if (s[v0] == '-' && v1 - v0 > 4 && s[v0 + 1] == 'p') {
		if (!dt_ci_find(s, ls, v0, "mysql") && !dt_ci_find(s, ls, v0, "mariadb"))
			return 0;
		a = v0 + 2;
	} else {
		size_t f = v0 - 1, fs = f;
		while (fs > ls && s[fs - 1] != ' ')
			fs--;
		if (f - fs == 2 && s[fs] == '-' && s[fs + 1] == 'p') {
			if (!dt_ci_find(s, ls, fs, "sshpass") &&
			    !((dt_ci_find(s, ls, fs, "docker") || dt_ci_find(s, ls, fs, "podman")) &&
			      dt_ci_find(s, ls, fs, "login")))
				return 0;
		} else if ((f - fs == 2 && s[fs] == '-' && s[fs + 1] == 'u') ||
			   (f - fs == 6 && !memcmp(s + fs, "--user", 6))) {
			if (!dt_ci_find(s, ls, fs, "curl"))
				return 0;
			user = 1;
		} else {
			return 0;
		}
		a = v0;
	}
	size_t b = v1;
	if (a < b && (s[a] == '"' || s[a] == '\'')) {
		size_t e = string_end(s, n, a);
		if (!e || e >= v1)
			return 0;
		b = e;
		a++;
	}
	if (user) {
		const unsigned char *col = memchr(s + a, ':', b - a);
		if (!col)
			return 0;
		a = (size_t)(col - s) + 1;
	}
	if (b <= a || s[a] == '$')
		return 0;
	size_t e = value_finding(c, KEY_PASSWORD, a, b, "password_cli");
	return e ? v1 : 0;
}

/* The key kind of the "name" or "key" member just before a "value" key
 * at v: name: X, "name": "X", key="X", Name = 'X', in the same entry
 * (at most one line break, no bracket or tag between, 96 bytes back). */
static int pair_kind(const unsigned char *s, size_t v)
{
	size_t w0 = v > 96 ? v - 96 : 0, e = v;
	int nl = 0;
	/* back over the gap to the name's value: spaces, a quote, ',' */
	while (e > w0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == ',' || s[e - 1] == '\n' ||
			  s[e - 1] == '\r' || s[e - 1] == '"' || s[e - 1] == '\'')) {
		if (s[e - 1] == '\n' && ++nl > 1)
			return KEY_NONE;
		e--;
	}
	size_t b = e;
	while (b > w0 && (DT_IS(s[b - 1], DT_WORD) || s[b - 1] == '.' || s[b - 1] == '-'))
		b--;
	if (b == e || b <= w0 + 4)
		return KEY_NONE;
	size_t q = b;
	if (s[q - 1] == '"' || s[q - 1] == '\'')
		q--;
	while (q > w0 && (s[q - 1] == ' ' || s[q - 1] == '\t'))
		q--;
	if (q <= w0 || (s[q - 1] != ':' && s[q - 1] != '='))
		return KEY_NONE;
	q--;
	while (q > w0 && (s[q - 1] == ' ' || s[q - 1] == '\t'))
		q--;
	if (q > w0 && (s[q - 1] == '"' || s[q - 1] == '\''))
		q--;
	size_t m = q;
	while (m > w0 && DT_IS(s[m - 1], DT_UPPER | DT_LOWER))
		m--;
	if (!(word_is(s, m, q, "name") || word_is(s, m, q, "key")) || (m > 0 && DT_IS(s[m - 1], DT_WORD)))
		return KEY_NONE;
	return key_kind(s + b, e - b);
}

size_t dt_assign(struct dt_ctx *c, size_t sep)
{
	const unsigned char *s = c->s;
	size_t n = c->n, sl = 1, ks = sep; /* ks: where the key's spaces end */
	if (sep == 0 || sep + 1 >= n)
		return 0;
	if (s[sep] == '=' && s[sep - 1] == 'y') {
		size_t e = key_azure(c, sep);
		if (!e)
			e = key_azure_sas(c, sep);
		if (e)
			return e;
	}
	if (!dt_on(c, DETECT_PASSWORD))
		return 0;
	if (s[sep] == '=') {
		/* make's "?=" and "::=", PHP's ".=" (after a space: "$pw.=" is
		 * a key ending in '.', which key_kind() allows). */
		if (s[sep - 1] == '?' && sep >= 2 && s[sep - 2] != '?')
			ks = sep - 1;
		else if (s[sep - 1] == '.' && sep >= 2 && s[sep - 2] == ' ')
			ks = sep - 1;
		else if (s[sep - 1] == ':' && sep >= 2 && s[sep - 2] == ':')
			ks = sep - 2;
		else if (strchr("=!<>:+-*/%&|^~", s[sep - 1]) || s[sep + 1] == '=')
			return 0; /* comparisons, compound assignment, ":=" (seen at ':') */
		if (s[sep + 1] == '>')
			sl = 2; /* 'password' => 'x' */
	} else {
		if (s[sep + 1] == ':' || s[sep - 1] == ':')
			return 0;
		if (s[sep + 1] == '/' && sep + 2 < n && s[sep + 2] == '/')
			return 0;
		if (s[sep + 1] == '=')
			sl = 2;
	}
	/* The key, right to left: spaces, an optional closing quote, the name. */
	size_t k = ks;
	while (k > 0 && ks - k < 8 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	/* A quoted subscript: settings["password"] = x, ENV['DB_PASS'] = x,
	 * $cfg['db_pass'] .= x. */
	int sub = 0;
	if (k > 1 && s[k - 1] == ']' && (s[k - 2] == '"' || s[k - 2] == '\'')) {
		sub = 1;
		k--;
	}
	unsigned char kq = 0;
	if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) {
		kq = s[k - 1];
		k--;
	}
	size_t ke = k;
	/* Quick no for "10:30", "Subject:", "[INFO]:": every key name
	 * key_kind() accepts ends in one of these (or "passe"). */
	if (ke == 0)
		return 0;
	if (s[ke - 1] != '_' && s[ke - 1] != '.' && s[ke - 1] != '-') {
		switch (s[ke - 1] | 0x20) {
		case 'd': case 's': case 'e': case 't': case 'w': case 'y': case 'n':
			break;
		default: /* or a declared type: "var password string =" */
			if (!(ke >= 6 && ci_at(s, ke - 6, n, "string")) && !(ke >= 3 && ci_at(s, ke - 3, n, "str")) &&
			    !(ke >= 4 && ci_at(s, ke - 4, n, "auth")))
				return 0;
		}
	}
	while (k > 0 && ke - k < 64 && (DT_IS(s[k - 1], DT_WORD) || s[k - 1] == '-' || s[k - 1] == '.'))
		k--;
	if (k == ke || (k > 0 && DT_IS(s[k - 1], DT_WORD)))
		return 0;
	if (kq && (k == 0 || s[k - 1] != kq))
		return 0;
	if (sub && (k < 2 || s[k - 2] != '['))
		return 0;
	/* "SharedAccessKey": "..." in JSON or YAML, the connection string's
	 * member on its own */
	if (s[sep] == ':' && ke - k == 15 && ci_at(s, k, n, "sharedaccesskey")) {
		size_t j = sep + 1;
		while (j < n && j - sep < 8 && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < n && (s[j] == '"' || s[j] == '\''))
			j++;
		if (j > 0 && j < n) {
			size_t e = dt_run(c, j, DT_B64, 44);
			if (e - j == 43 && e < n && s[e] == '=' &&
			    (e + 1 >= n || (!DT_IS(s[e + 1], DT_B64) && s[e + 1] != '=')) && dt_on(c, DETECT_AZURE_SAS_KEY)) {
				dt_emit(c, DETECT_AZURE_SAS_KEY, j, e + 1, 0.95, "azure_sas_key");
				return e + 1;
			}
		}
	}
	int kind = key_kind(s + k, ke - k);
	/* A name/value pair whose name says what the value is: Kubernetes
	 * "- name: DB_PASSWORD\n  value: x", JSON {"name": "X", "value": "y"},
	 * XML key="X" value="y" and Spring's <property name="password"
	 * value="y"/>. */
	if (kind == KEY_NONE && ke - k == 5 && ci_at(s, k, n, "value"))
		kind = pair_kind(s, k);
	/* requests' auth=("user", "pass"): the pair's second string */
	if (kind == KEY_NONE && word_is(s, k, ke, "auth") && s[sep] == '=') {
		size_t j = sep + 1;
		while (j < n && j - sep < 8 && s[j] == ' ')
			j++;
		return j < n && s[j] == '(' ? call_second_string(c, j, "password_call") : 0;
	}
	/* A declared type between name and value: Go "var password string =",
	 * Kotlin "val password: String =", Rust "let password: &str =". */
	if (kind == KEY_NONE && !kq && (word_is(s, k, ke, "string") || word_is(s, k, ke, "str"))) {
		size_t q = k;
		if (q > 0 && s[q - 1] == '&')
			q--;
		size_t q1 = q;
		while (q > 0 && q1 - q < 8 && (s[q - 1] == ' ' || s[q - 1] == '\t' || s[q - 1] == ':'))
			q--;
		if (q < q1 && q1 - q <= 3) {
			ke = q;
			while (q > 0 && ke - q < 64 && (DT_IS(s[q - 1], DT_WORD) || s[q - 1] == '-' || s[q - 1] == '.'))
				q--;
			if (q < ke && (q == 0 || !DT_IS(s[q - 1], DT_WORD)))
				kind = key_kind(s + q, ke - q), k = q;
		}
	}
	/* French "mot de passe : x", the one common multi-word label. */
	if (kind == KEY_NONE && ke - k == 5 && ci_at(s, k, n, "passe") && k >= 7 &&
	    ci_at(s, k - 7, n, "mot de "))
		kind = KEY_PASSWORD;
	if (kind == KEY_NONE)
		return 0;
	/* ${DB_PASSWORD:?message}, ${DB_PASSWORD:+alt}: shell expansion, the
	 * text after the operator is no value. ${X:-default} and ${X:=default}
	 * do carry one. */
	if (!kq && k >= 2 && s[k - 1] == '{' && s[k - 2] == '$' && s[sep] == ':') {
		if (s[sep + 1] == '?' || s[sep + 1] == '+')
			return 0;
		if (s[sep + 1] == '-' || s[sep + 1] == '=')
			sl = 2; /* else Spring's ${db.password:default} */
	}
	/* In a URL query (?user=x&password=y&next=z) '&' ends the value;
	 * elsewhere it is one of the password's symbols. */
	int query = k > 0 && (s[k - 1] == '?' || s[k - 1] == '&');

	/* The value. */
	size_t j = sep + sl;
	while (j < n && j - sep < 16 && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (j >= n)
		return 0;
	size_t v0, v1;
	int quoted = 0;
	if (s[j] == '"' || s[j] == '\'' || s[j] == '`') {
		unsigned char q = s[j];
		v0 = j + 1;
		v1 = v0;
		while (v1 < n && v1 - v0 < 256 && s[v1] != q && s[v1] != '\n') {
			if (s[v1] == '\\' && v1 + 1 < n)
				v1++;
			v1++;
		}
		if (v1 >= n || s[v1] != q)
			return 0;
		quoted = 1;
	} else {
		v0 = j;
		v1 = j;
		while (v1 < n && v1 - v0 < 256 && !value_stop[s[v1]] && (s[v1] != '&' || !param_after(c, v1, query)))
			v1++;
		if (v1 - v0 >= 256)
			return 0;
		while (v1 > v0 && (s[v1 - 1] == '.' || s[v1 - 1] == ':'))
			v1--;
		for (size_t q = v0; q < v1; q++)
			if (s[q] == '(' || s[q] == '[')
				return 0; /* getpass(), os.environ["X"]: code, not a value */
		/* $pass = Get-Secret, $pw = SOME_CONST: in PowerShell, PHP and
		 * Perl a literal is quoted; a bare word is a command or a name */
		if (k > 0 && s[k - 1] == '$' && !kq && s[sep] == '=')
			return 0;
		/* "let password: &str = ...", "val pw: String = ...": a type. */
		if (s[sep] == ':') {
			size_t q = v1;
			while (q < n && q - v1 < 8 && (s[q] == ' ' || s[q] == '\t'))
				q++;
			if (q + 1 < n && s[q] == '=' && s[q + 1] != '=')
				return 0;
		}
		/* Prose: "forgot my password: can you help" goes on with words;
		 * "my pw: Welcome108 thanks" does too, but its value is no word. */
		if (!kq && s[sep] == ':') {
			size_t q = v1;
			while (q < n && (s[q] == ' ' || s[q] == '\t'))
				q++;
			if (q < n && q > v1 && DT_IS(s[q], DT_WORD) && !pw_like(s + v0, v1 - v0))
				return 0;
		}
		/* config.password, process.env.DB_PASSWORD: a reference to a
		 * variable. A dotted value after "password:" is usually the
		 * password itself ("tiger.monkey23"), so after ':' or a bare '='
		 * only a known code root counts. */
		if (v1 > v0 && DT_IS(s[v0], DT_UPPER | DT_LOWER) && s[v0] != '_') {
			int dots = 0, ident = 1;
			for (size_t q = v0; q < v1 && ident; q++) {
				dots += s[q] == '.';
				ident = DT_IS(s[q], DT_WORD) || s[q] == '.';
			}
			if (ident && dots && ((s[sep] == '=' && s[sep - 1] == ' ') || code_root(s + v0, v1 - v0)))
				return 0;
		}
	}
	size_t vl = v1 - v0;
	if (vl < 3)
		return 0;
	/* A vendor key as the value (slack_token: "xapp-...", password: ghp_...,
	 * aws_secret_access_key=...): report the key, skip past it, and no
	 * password. */
	size_t e = dt_keys(c, v0);
	if (!e && vl == 40 && dt_on(c, DETECT_AWS_SECRET_ACCESS_KEY))
		e = dt_aws_secret(c, v0);
	if (e)
		return e;
	if (vendor_prefix(s + v0, vl) || dt_placeholder(s + v0, vl))
		return 0;
	if (kind == KEY_TOKEN) {
		if (vl < 16 || memchr(s + v0, ' ', vl) || detect_entropy((const char *)s + v0, vl) < 3.0)
			return 0;
		dt_emit(c, DETECT_PASSWORD, v0, v1, 0.7, "secret_assign");
		return 0;
	}
	double score = 0.75;
	if (quoted || kq)
		score = 0.9;
	else if (s[sep] == '=' && s[sep - 1] != ' ')
		score = 0.85;
	dt_emit(c, DETECT_PASSWORD, v0, v1, score, "password_assign");
	/* Not skipped: the value may hold a vendor key further in, a stronger
	 * finding for the same bytes. */
	return 0;
}

/* A secret finding of this scan already inside [a, b)? Looks only at the
 * last few: the caller's value was scanned just before it. */
static int secret_inside(const struct dt_ctx *c, size_t a, size_t b)
{
	const struct detect_list *l = c->out;
	for (size_t i = l->n, k = 0; i > c->out0 && k < 4; i--, k++) {
		const struct detect_finding *f = &l->v[i - 1];
		if (f->type != DETECT_PASSWORD && detect_type_is_secret(f->type) && f->start >= a &&
		    f->end <= b && f->decoded == c->decoded)
			return 1;
	}
	return 0;
}

/* scheme://user:PASS@host: the password in a URL's userinfo. Returns
 * non-zero whenever '@' is userinfo (so the caller does not take
 * "pass@host" for an e-mail), whether or not a password was reported.
 * A vendor key as the password (https://x-access-token:ghp_...@github.com)
 * was reported when the driver passed it, and is not a password too. */
size_t dt_userinfo(struct dt_ctx *c, size_t at)
{
	const unsigned char *s = c->s;
	size_t k = at;
	while (k > 0 && at - k < 256 && !strchr(" \t\r\n/@\"'<>", s[k - 1]) && s[k - 1])
		k--;
	if (k < 3 || memcmp(s + k - 3, "://", 3))
		return 0;
	const unsigned char *colon = memchr(s + k, ':', at - k);
	if (colon) {
		size_t p0 = (size_t)(colon - s) + 1;
		if (at > p0 && !dt_placeholder(s + p0, at - p0) && !secret_inside(c, p0, at))
			dt_emit(c, DETECT_PASSWORD, p0, at, 0.9, "url_userinfo");
	}
	return at + 1;
}

/* Lower-case ASCII letters only: is s[a, b) the word w? */
static int word_is(const unsigned char *s, size_t a, size_t b, const char *w)
{
	return strlen(w) == b - a && ci_at(s, a, b, w);
}

/* Is s[a, b) a word that names a password ("password", "Passwort", "pw",
 * "mot de passe")? */
static int pw_noun(const unsigned char *s, size_t a, size_t b)
{
	static const char *const nouns[] = {
		"password", "passwort", "passcode", "passphrase", "kennwort", "wachtwoord", "senha",
		"pw", "pwd", NULL
	};
	for (int i = 0; nouns[i]; i++)
		if (word_is(s, a, b, nouns[i]))
			return 1;
	return word_is(s, a, b, "passe") && a >= 3 && ci_at(s, a - 3, b, "de ");
}

/* Start of the word of letters that ends at b (at most 12 back), or b when
 * there is none or it is glued to other word bytes. */
static size_t letters_before(const unsigned char *s, size_t b)
{
	size_t a = b;
	while (a > 0 && b - a < 12 && DT_IS(s[a - 1], DT_UPPER | DT_LOWER))
		a--;
	if (a == b || (a > 0 && DT_IS(s[a - 1], DT_WORD)))
		return b;
	return a;
}

/* The token holding t is no password: remember where it ends, so the
 * other trigger words in it ("2024-12-12T06:20:53Z") are turned down at once. */
static size_t prose_no(struct dt_ctx *c, size_t we)
{
	size_t e = we;
	while (e < c->n && e - we < 256 && c->s[e] > ' ' && c->s[e] < 0x7f)
		e++;
	c->prose_end = e;
	return 0;
}

/*
 * Passwords given in prose: "The password is Coffee2001&", "Login with
 * password maple_pepper88", "Passwort ist x", "mot de passe est y". The
 * driver calls this for a word holding a trigger byte that nothing else
 * claimed: s[t, tw) is that word, somewhere inside a whitespace-delimited
 * token. Only a
 * password-like token (see pw_like) right after "<noun>" or "<noun> is"
 * counts, so "password reset" or "the password is required" stay quiet.
 */
size_t dt_pw_prose(struct dt_ctx *c, size_t t, size_t tw)
{
	const unsigned char *s = c->s;
	size_t n = c->n, v0 = t;
	if (!dt_on(c, DETECT_PASSWORD) || t < c->prose_end)
		return 0; /* off, or in a token already turned down */
	while (v0 > 0 && t - v0 < 32 && s[v0 - 1] > ' ' && s[v0 - 1] < 0x7f)
		v0--;
	if (v0 < 4 || s[v0 - 1] != ' ')
		return prose_no(c, tw);
	/* Cheap gate, since most words in prose get here: the two letters
	 * before the space (or before "is:") end one of the words below. */
	size_t we = v0 - 1, r;
	if (((s[v0] == '-' && v0 + 1 < n && s[v0 + 1] == 'p') || (s[we - 2] == '-' && (s[we - 1] == 'p' || s[we - 1] == 'u')) ||
	     (we >= 6 && s[we - 1] == 'r' && s[we - 2] == 'e' && s[we - 5] == '-')) && (r = cli_pw(c, v0)) != 0)
		return r;
	if (s[we - 1] == ':')
		we--;
	unsigned b1 = s[we - 2] | 0x20, b2 = s[we - 1] | 0x20;
	switch (b1 << 8 | b2) {
	case 'i' << 8 | 's': case 'a' << 8 | 's': case 's' << 8 | 't': case 'e' << 8 | 's':
	case 'r' << 8 | 'd': case 'r' << 8 | 't': case 'p' << 8 | 'w': case 'w' << 8 | 'd':
	case 's' << 8 | 'e': case 'h' << 8 | 'a': case 'd' << 8 | 'e':
		break;
	default:
		return prose_no(c, tw);
	}
	size_t ws = letters_before(s, we);
	if (ws == we)
		return prose_no(c, tw);
	int ok = 0;
	if (we == v0 - 1 && pw_noun(s, ws, we)) {
		ok = 1; /* "password X" (not "password: X": dt_assign's) */
	} else if (word_is(s, ws, we, "is") || word_is(s, ws, we, "was") || word_is(s, ws, we, "ist") ||
		   word_is(s, ws, we, "est") || word_is(s, ws, we, "es")) {
		if (ws >= 2 && s[ws - 1] == ' ') {
			size_t w2 = letters_before(s, ws - 1);
			ok = w2 < ws - 1 && pw_noun(s, w2, ws - 1);
		}
	}
	if (!ok)
		return prose_no(c, tw);
	size_t v1 = v0;
	while (v1 < n && v1 - v0 <= 64 && s[v1] > ' ' && s[v1] < 0x7f)
		v1++;
	size_t end = v1;
	/* Sentence punctuation after the value is not part of it; a closing
	 * '!' or '&' usually is ("Pepper2005!"). */
	while (v1 > v0 && strchr(".,;:)]}\"'", s[v1 - 1]))
		v1--;
	size_t a = v0;
	if (a < v1 && (s[a] == '"' || s[a] == '\'' || s[a] == '('))
		a++;
	if (!pw_like(s + a, v1 - a) || dt_placeholder(s + a, v1 - a) || vendor_prefix(s + a, v1 - a) ||
	    memmem(s + a, v1 - a, "://", 3))
		return prose_no(c, tw);
	dt_emit(c, DETECT_PASSWORD, a, v1, 0.8, "password_prose");
	return end;
}

/* A password or token value found by dt_xml() or dt_setprop(): a vendor
 * key is reported as that key; placeholders are skipped; a token must look
 * random, as in dt_assign(). Returns where to resume (0: nothing skipped). */
static size_t value_finding(struct dt_ctx *c, int kind, size_t v0, size_t v1, const char *det)
{
	const unsigned char *s = c->s;
	size_t vl = v1 - v0, e;
	if (vl < 3)
		return 0;
	if ((e = dt_keys(c, v0)) != 0)
		return e;
	if (vendor_prefix(s + v0, vl) || dt_placeholder(s + v0, vl))
		return 0;
	if (kind == KEY_TOKEN &&
	    (vl < 16 || memchr(s + v0, ' ', vl) || detect_entropy((const char *)s + v0, vl) < 3.0))
		return 0;
	dt_emit(c, DETECT_PASSWORD, v0, v1, kind == KEY_TOKEN ? 0.7 : 0.9, det);
	return v1;
}

/*
 * <password>value</password>, <db.password>, <ns:secret>: an XML element
 * whose name key_kind() accepts, holding text on one line, closed by the
 * same name. Seen at the '>' of the opening tag.
 */
size_t dt_xml(struct dt_ctx *c, size_t gt)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (gt < 3 || !dt_on(c, DETECT_PASSWORD))
		return 0;
	switch (s[gt - 1] | 0x20) { /* what every name key_kind() accepts ends in */
	case 'd': case 's': case 'e': case 't': case 'w': case 'y': case 'n':
		break;
	default:
		return 0;
	}
	size_t k = gt;
	while (k > 0 && gt - k < 64 && (DT_IS(s[k - 1], DT_WORD) || s[k - 1] == '-' || s[k - 1] == '.' || s[k - 1] == ':'))
		k--;
	if (k == 0 || s[k - 1] != '<' || k == gt)
		return 0;
	size_t nm = k; /* the local name, past a namespace prefix */
	for (size_t q = k; q < gt; q++)
		if (s[q] == ':')
			nm = q + 1;
	int kind = key_kind(s + nm, gt - nm);
	if (kind == KEY_NONE)
		return 0;
	size_t v0 = gt + 1, v1 = v0;
	while (v1 < n && v1 - v0 < 256 && s[v1] != '<' && s[v1] != '\n')
		v1++;
	size_t tl = gt - k;
	if (v1 >= n || s[v1] != '<' || n - v1 < tl + 3 || s[v1 + 1] != '/' ||
	    memcmp(s + v1 + 2, s + k, tl) || s[v1 + 2 + tl] != '>')
		return 0;
	while (v0 < v1 && (s[v0] == ' ' || s[v0] == '\t'))
		v0++;
	while (v1 > v0 && (s[v1 - 1] == ' ' || s[v1 - 1] == '\t'))
		v1--;
	size_t e = value_finding(c, kind, v0, v1, "password_xml");
	return e ? e : 0;
}

/* Java's System.setProperty("db.password", "value"), seen at "setProperty(":
 * both arguments string literals, the first a name key_kind() accepts. */
size_t dt_setprop(struct dt_ctx *c, size_t t)
{
	const unsigned char *s = c->s;
	size_t n = c->n;
	if (!dt_on(c, DETECT_PASSWORD) || !at_prefix(c, t, "setProperty(") || t + 12 >= n)
		return 0;
	size_t j = t + 12;
	j = blanks(s, n, j);
	if (j >= n || s[j] != '"')
		return 0;
	size_t k0 = j + 1, k1 = k0;
	while (k1 < n && k1 - k0 < 64 && s[k1] != '"')
		k1++;
	if (k1 >= n || s[k1] != '"')
		return 0;
	int kind = key_kind(s + k0, k1 - k0);
	if (kind == KEY_NONE)
		return 0;
	j = k1 + 1;
	j = blanks(s, n, j);
	if (j >= n || s[j] != ',')
		return 0;
	j++;
	j = blanks(s, n, j);
	if (j >= n || s[j] != '"')
		return 0;
	size_t v0 = j + 1, v1 = v0;
	while (v1 < n && v1 - v0 < 256 && s[v1] != '"' && s[v1] != '\n') {
		if (s[v1] == '\\' && v1 + 1 < n)
			v1++;
		v1++;
	}
	if (v1 >= n || s[v1] != '"')
		return 0;
	return value_finding(c, kind, v0, v1, "password_setprop");
}
