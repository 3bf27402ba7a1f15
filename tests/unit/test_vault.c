/*
 * Unit tests for the pseudonymization vault: tokens, restore, keys, tamper
 * detection, expiry and purge, processes sharing one vault (fork), and the
 * raw file holding no plaintext. Prints pseudonymize throughput (not asserted).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "unit.h"
#include "filter/vault.h"

static char dir[256];
static char err[256];

static const char *path(const char *name)
{
	static char p[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static int slurp(const char *file, struct buf *b)
{
	char chunk[4096];
	int fd = open(file, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t r;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(b, chunk, (size_t)r);
	close(fd);
	return 0;
}

static int write_file(const char *file, const char *text, mode_t mode)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, text, strlen(text));
	close(fd);
	return w == (ssize_t)strlen(text) ? 0 : -1;
}

static int copy_file(const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	int rc = slurp(from, &b);
	if (rc == 0) {
		int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		rc = fd >= 0 && write(fd, b.p, b.len) == (ssize_t)b.len ? 0 : -1;
		if (fd >= 0)
			close(fd);
	}
	buf_release(&b);
	return rc;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Pseudonymizes a C string, returning the token in a static slot. */
static const char *pz(struct vault *v, const char *type, const char *value, long ttl)
{
	static char slot[4][VAULT_TOKEN_MAX + 1];
	static int k;
	struct buf t = BUF_INIT;
	k = (k + 1) % 4;
	slot[k][0] = '\0';
	if (vault_pseudonymize(v, type, value, strlen(value), ttl, &t, err, sizeof(err)) == 0)
		snprintf(slot[k], sizeof(slot[k]), "%s", t.p);
	else
		fprintf(stderr, "pseudonymize %s: %s\n", value, err);
	buf_release(&t);
	return slot[k];
}

/* Restores text; returns the result in a static buffer ("" on error). */
static const char *rs(struct vault *v, const char *text, size_t *restored, size_t *unknown, int *rc)
{
	static struct buf out = BUF_INIT;
	buf_reset(&out);
	*rc = vault_restore(v, text, strlen(text), &out, restored, unknown, err, sizeof(err));
	if (!out.p)
		buf_puts(&out, "");
	return out.p;
}

static int lookup_is(struct vault *v, const char *token, const char *want)
{
	struct buf b = BUF_INIT;
	int r = vault_lookup(v, token, &b, err, sizeof(err));
	int ok = r == 1 && b.len == strlen(want) && memcmp(b.p, want, b.len) == 0;
	buf_release(&b);
	return ok;
}

static int lookup_rc(struct vault *v, const char *token)
{
	struct buf b = BUF_INIT;
	int r = vault_lookup(v, token, &b, err, sizeof(err));
	buf_release(&b);
	return r;
}

static void test_keygen(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct stat st;

	CHECK(vault_keygen(path("k1"), err, sizeof(err)) == 0);
	CHECK(stat(path("k1"), &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(slurp(path("k1"), &a) == 0 && a.len == 65 && a.p[64] == '\n');
	CHECK(strspn(a.p, "0123456789abcdef") == 64);

	/* Never overwrites: the old key stays byte for byte. */
	CHECK(vault_keygen(path("k1"), err, sizeof(err)) == -1);
	CHECK_MSG(strstr(err, "already exists") != NULL, "%s", err);
	CHECK(slurp(path("k1"), &b) == 0 && b.len == a.len && memcmp(a.p, b.p, a.len) == 0);

	CHECK(vault_keygen(path("k2"), err, sizeof(err)) == 0);
	buf_reset(&b);
	CHECK(slurp(path("k2"), &b) == 0 && memcmp(a.p, b.p, 64) != 0);

	/* Only 64 hex digits load. */
	const char *bad[] = { "abc\n", "", "zz45678901234567890123456789012345678901234567890123456789012345\n",
		"0123456789012345678901234567890123456789012345678901234567890123\n\n", NULL };
	for (int i = 0; bad[i]; i++) {
		CHECK(write_file(path("kbad"), bad[i], 0600) == 0);
		struct vault *v = vault_open(path("bad.db"), path("kbad"), err, sizeof(err));
		CHECK_MSG(v == NULL && strstr(err, "64 hex digits"), "case %d: %s", i, err);
		vault_close(v);
	}
	CHECK(vault_open(path("bad.db"), path("no-such-key"), err, sizeof(err)) == NULL);
	CHECK_MSG(strstr(err, "no-such-key") != NULL, "%s", err);
	/* CRLF and uppercase hex are the same key. */
	for (size_t i = 0; i < 64; i++)
		if (a.p[i] >= 'a')
			a.p[i] = (char)(a.p[i] - 'a' + 'A');
	a.p[64] = '\0';
	buf_truncate(&a, 64);
	buf_puts(&a, "\r\n");
	CHECK(write_file(path("k1crlf"), a.p, 0600) == 0);
	buf_release(&a);
	buf_release(&b);
}

static void test_key_loose(void)
{
	CHECK(chmod(path("k1"), 0644) == 0);
	struct vault *v = vault_open(path("loose.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	CHECK(v && vault_key_loose(v));
	vault_close(v);
	CHECK(chmod(path("k1"), 0600) == 0);
	v = vault_open(path("loose.db"), path("k1"), err, sizeof(err));
	CHECK(v && !vault_key_loose(v));
	vault_close(v);
	/* Same key in another spelling opens the same vault. */
	v = vault_open(path("loose.db"), path("k1crlf"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	vault_close(v);

	struct stat st;
	CHECK(stat(path("loose.db"), &st) == 0 && (st.st_mode & 0077) == 0);
}

static void test_tokens(void)
{
	struct vault *v = vault_open(path("tok.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	CHECK_EQ_STR(pz(v, "EMAIL", "alice@example.com", 0), "<EMAIL_1>");
	CHECK_EQ_STR(pz(v, "EMAIL", "bob@example.com", 0), "<EMAIL_2>");
	CHECK_EQ_STR(pz(v, "email", "alice@example.com", 0), "<EMAIL_1>"); /* label normalized */
	CHECK_EQ_STR(pz(v, "PHONE", "+1 555 0100", 0), "<PHONE_1>");
	CHECK_EQ_STR(pz(v, "EMAIL", "carol@example.com", 0), "<EMAIL_3>");
	CHECK_EQ_STR(pz(v, "PHONE", "alice@example.com", 0), "<PHONE_2>"); /* type is part of the key */
	CHECK_EQ_STR(pz(v, "credit-card", "4111 1111 1111 1111", 0), "<CREDIT_CARD_1>");
	CHECK_EQ_STR(pz(v, "EMAIL", "", 0), "<EMAIL_4>");

	struct buf t = BUF_INIT;
	const char *badlabels[] = { "", "1ABC", "_X", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", NULL };
	for (int i = 0; badlabels[i]; i++) {
		CHECK_MSG(vault_pseudonymize(v, badlabels[i], "x", 1, 0, &t, err, sizeof(err)) == -1 && t.len == 0,
			  "label \"%s\"", badlabels[i]);
	}
	/* Binary values with NULs round-trip. */
	static const char bin[] = { 'a', 0, 'b', (char)0xff, 0 };
	CHECK(vault_pseudonymize(v, "BLOB", bin, sizeof(bin), 0, &t, err, sizeof(err)) == 0);
	CHECK_EQ_STR(t.p, "<BLOB_1>");
	struct buf val = BUF_INIT;
	CHECK(vault_lookup(v, "<BLOB_1>", &val, err, sizeof(err)) == 1);
	CHECK(val.len == sizeof(bin) && memcmp(val.p, bin, sizeof(bin)) == 0);
	buf_release(&val);
	buf_release(&t);

	size_t nr = 9, nu = 9;
	int rc;
	const char *r = rs(v, "Write to <EMAIL_1> and <PHONE_1>, cc <EMAIL_2>; card <CREDIT_CARD_1>.<EMAIL_4>|",
			   &nr, &nu, &rc);
	CHECK(rc == 0);
	CHECK_EQ_STR(r, "Write to alice@example.com and +1 555 0100, cc bob@example.com; card 4111 1111 1111 1111.|");
	CHECK_EQ_INT(nr, 5);
	CHECK_EQ_INT(nu, 0);

	/* Unknown tokens stay and are counted; token look-alikes are plain text. */
	r = rs(v, "<EMAIL_99> <b>x</b> <EMAIL_01> <email_1> <EMAIL_> <_1> <1_1> <EMAIL_1 <<EMAIL_1>> "
		  "<NOPE_3> <EMAIL_1", &nr, &nu, &rc);
	CHECK(rc == 0);
	CHECK_EQ_STR(r, "<EMAIL_99> <b>x</b> <EMAIL_01> <email_1> <EMAIL_> <_1> <1_1> <EMAIL_1 <alice@example.com> "
			"<NOPE_3> <EMAIL_1");
	CHECK_EQ_INT(nr, 1);
	CHECK_EQ_INT(nu, 2);
	r = rs(v, "", &nr, &nu, &rc);
	CHECK(rc == 0 && *r == '\0' && nr == 0 && nu == 0);
	r = rs(v, "<", NULL, NULL, &rc);
	CHECK(rc == 0 && strcmp(r, "<") == 0);

	/* A restored value that looks like a token is not expanded again. */
	CHECK_EQ_STR(pz(v, "NOTE", "<EMAIL_2>", 0), "<NOTE_1>");
	r = rs(v, "[<NOTE_1>]", &nr, &nu, &rc);
	CHECK_EQ_STR(r, "[<EMAIL_2>]");
	CHECK(lookup_rc(v, "EMAIL_1") == 0 && lookup_rc(v, "<EMAIL_1> ") == 0);

	/* Scoped: only the tokens issued for this record come back. */
	static const char answer[] = "Mail <EMAIL_1> or <EMAIL_2>, not <EMAIL_12>.";
	static const char scope[] = "Prompt about <EMAIL_2> and <PHONE_1>";
	struct buf o = BUF_INIT;
	CHECK(vault_restore_scoped(v, answer, strlen(answer), scope, strlen(scope), &o, &nr, &nu, err,
				   sizeof(err)) == 0);
	CHECK_EQ_STR(o.p, "Mail <EMAIL_1> or bob@example.com, not <EMAIL_12>.");
	CHECK(nr == 1 && nu == 2);
	buf_reset(&o);
	CHECK(vault_restore_scoped(v, answer, strlen(answer), "", 0, &o, &nr, &nu, err, sizeof(err)) == 0);
	CHECK_EQ_STR(o.p, answer);
	CHECK(nr == 0 && nu == 3);
	buf_release(&o);
	vault_close(v);
}

static void test_batch(void)
{
	struct vault *v = vault_open(path("batch.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	CHECK(vault_commit(v, err, sizeof(err)) == -1);
	CHECK(vault_begin(v, err, sizeof(err)) == 0);
	CHECK(vault_begin(v, err, sizeof(err)) == -1);
	CHECK(vault_purge(v, 0, NULL, err, sizeof(err)) == -1);
	CHECK_EQ_STR(pz(v, "EMAIL", "a@x.org", 0), "<EMAIL_1>");
	CHECK_EQ_STR(pz(v, "EMAIL", "a@x.org", 0), "<EMAIL_1>");
	/* A failing call inside a batch leaves the batch going. */
	struct buf t = BUF_INIT;
	CHECK(vault_pseudonymize(v, "?", "x", 1, 0, &t, err, sizeof(err)) == -1);
	CHECK_EQ_STR(pz(v, "EMAIL", "b@x.org", 0), "<EMAIL_2>");
	int rc;
	CHECK_EQ_STR(rs(v, "<EMAIL_2>", NULL, NULL, &rc), "b@x.org"); /* reads see the batch */
	CHECK(vault_commit(v, err, sizeof(err)) == 0);

	/* A rolled-back batch leaves neither entries nor used numbers. */
	CHECK(vault_begin(v, err, sizeof(err)) == 0);
	CHECK_EQ_STR(pz(v, "EMAIL", "c@x.org", 0), "<EMAIL_3>");
	vault_rollback(v);
	CHECK(lookup_rc(v, "<EMAIL_3>") == 0);
	CHECK_EQ_STR(pz(v, "EMAIL", "d@x.org", 0), "<EMAIL_3>");
	CHECK(lookup_is(v, "<EMAIL_2>", "b@x.org"));
	/* Closing with an open batch rolls it back. */
	CHECK(vault_begin(v, err, sizeof(err)) == 0);
	CHECK_EQ_STR(pz(v, "EMAIL", "e@x.org", 0), "<EMAIL_4>");
	vault_close(v);
	v = vault_open(path("batch.db"), path("k1"), err, sizeof(err));
	CHECK(v && lookup_rc(v, "<EMAIL_4>") == 0);
	buf_release(&t);
	vault_close(v);
}

/* The round trip: one process pseudonymizes and a fake model
 * answers with the tokens; another process restores. */
static void test_two_processes(void)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct vault *v = vault_open(path("shared.db"), path("k1"), err, sizeof(err));
		if (!v)
			_exit(2);
		const char *a = pz(v, "EMAIL", "alice@example.com", 3600);
		const char *b = pz(v, "PERSON", "Alice Liddell", 3600);
		char answer[256];
		snprintf(answer, sizeof(answer), "Dear %s, we wrote to %s as asked.", b, a);
		vault_close(v);
		_exit(write_file(path("model-output.txt"), answer, 0600) ? 3 : 0);
	}
	int status = 0;
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

	struct buf out = BUF_INIT;
	CHECK(slurp(path("model-output.txt"), &out) == 0);
	CHECK_MSG(out.p && strstr(out.p, "alice") == NULL, "%s", out.p ? out.p : "");
	struct vault *v = vault_open(path("shared.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (v && out.p) {
		size_t nr = 0, nu = 0;
		int rc;
		CHECK_EQ_STR(rs(v, out.p, &nr, &nu, &rc), "Dear Alice Liddell, we wrote to alice@example.com as asked.");
		CHECK(rc == 0 && nr == 2 && nu == 0);
		CHECK_EQ_STR(pz(v, "EMAIL", "alice@example.com", 3600), "<EMAIL_1>"); /* same token here too */
	}
	vault_close(v);
	buf_release(&out);
}

static void test_wrong_key(void)
{
	struct vault *v = vault_open(path("shared.db"), path("k2"), err, sizeof(err));
	CHECK(v == NULL);
	CHECK_EQ_STR(err, "vault key does not match this vault");
	vault_close(v);

	/* The file copied elsewhere is just as closed to another key ... */
	CHECK(copy_file(path("shared.db"), path("copy.db")) == 0);
	v = vault_open(path("copy.db"), path("k2"), err, sizeof(err));
	CHECK(v == NULL);
	CHECK_EQ_STR(err, "vault key does not match this vault");
	/* ... and open to the right one. */
	v = vault_open(path("copy.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v && lookup_is(v, "<EMAIL_1>", "alice@example.com"), "%s", err);
	vault_close(v);

	/* Some other database is not taken over. */
	sqlite3 *db = NULL;
	CHECK(sqlite3_open(path("other.db"), &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "CREATE TABLE audit(x)", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	v = vault_open(path("other.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v == NULL && strstr(err, "not a vault"), "%s", err);
}

static long long sql_int(const char *db_path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long r = -1;
	if (sqlite3_open(db_path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return r;
}

static void test_tamper(void)
{
	struct vault *v = vault_open(path("tamper.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	CHECK_EQ_STR(pz(v, "EMAIL", "one@example.com", 0), "<EMAIL_1>");
	CHECK_EQ_STR(pz(v, "EMAIL", "two@example.com", 0), "<EMAIL_2>");
	CHECK_EQ_STR(pz(v, "EMAIL", "three@example.com", 0), "<EMAIL_3>");
	CHECK_EQ_STR(pz(v, "EMAIL", "four@example.com", 0), "<EMAIL_4>");
	CHECK_EQ_STR(pz(v, "EMAIL", "five@example.com", 0), "<EMAIL_5>");
	vault_close(v);

	/* Flip one bit of a ciphertext through SQLite itself. */
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	CHECK(sqlite3_open(path("tamper.db"), &db) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT ciphertext FROM entries WHERE token = '<EMAIL_1>'", -1, &st, NULL) ==
	      SQLITE_OK);
	unsigned char ct[256];
	int n = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_bytes(st, 0);
		if (n > (int)sizeof(ct))
			n = 0;
		memcpy(ct, sqlite3_column_blob(st, 0), (size_t)n);
	}
	sqlite3_finalize(st);
	CHECK(n > 16);
	ct[3] ^= 0x01;
	CHECK(sqlite3_prepare_v2(db, "UPDATE entries SET ciphertext = ?1 WHERE token = '<EMAIL_1>'", -1, &st, NULL) ==
	      SQLITE_OK);
	sqlite3_bind_blob(st, 1, ct, n, SQLITE_STATIC);
	CHECK(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_finalize(st);
	/* Move <EMAIL_3>'s sealed value onto <EMAIL_2>'s row: the token is the
	 * AAD, so it must not open there. */
	CHECK(sqlite3_exec(db, "UPDATE entries SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM entries "
			       "WHERE token = '<EMAIL_3>') WHERE token = '<EMAIL_2>'", NULL, NULL, NULL) == SQLITE_OK);
	/* Swap the lookup hashes of <EMAIL_4> and <EMAIL_5>: without the check
	 * on the hit path, four@ would be handed <EMAIL_5>, restoring to five@. */
	CHECK(sqlite3_exec(db, "BEGIN;"
			       "CREATE TEMP TABLE l AS SELECT token, lookup FROM entries WHERE token IN ('<EMAIL_4>', '<EMAIL_5>');"
			       "UPDATE entries SET lookup = x'00' WHERE token = '<EMAIL_4>';"
			       "UPDATE entries SET lookup = (SELECT lookup FROM l WHERE token = '<EMAIL_4>') WHERE token = '<EMAIL_5>';"
			       "UPDATE entries SET lookup = (SELECT lookup FROM l WHERE token = '<EMAIL_5>') WHERE token = '<EMAIL_4>';"
			       "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);

	v = vault_open(path("tamper.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	int rc;
	rs(v, "hello <EMAIL_1>", NULL, NULL, &rc);
	CHECK(rc == -1);
	CHECK_MSG(strstr(err, "<EMAIL_1>") && strstr(err, "authentication"), "%s", err);
	rs(v, "hello <EMAIL_2>", NULL, NULL, &rc);
	CHECK(rc == -1);
	CHECK_MSG(strstr(err, "<EMAIL_2>") != NULL, "%s", err);
	CHECK(lookup_rc(v, "<EMAIL_1>") == -1);
	CHECK(lookup_is(v, "<EMAIL_3>", "three@example.com"));
	struct buf t = BUF_INIT;
	CHECK(vault_pseudonymize(v, "EMAIL", "four@example.com", 16, 0, &t, err, sizeof(err)) == -1 && t.len == 0);
	CHECK_MSG(strstr(err, "<EMAIL_5>") && strstr(err, "authentication"), "%s", err);
	CHECK(lookup_rc(v, "<EMAIL_4>") == -1);
	CHECK(lookup_rc(v, "<EMAIL_5>") == -1);
	CHECK_EQ_STR(pz(v, "EMAIL", "three@example.com", 0), "<EMAIL_3>");
	buf_release(&t);
	vault_close(v);
}

static void test_ttl(void)
{
	struct vault *v = vault_open(path("ttl.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	vault_set_clock(v, 1000);
	CHECK_EQ_STR(pz(v, "EMAIL", "short@x.org", 10), "<EMAIL_1>");    /* expires 1010 */
	CHECK_EQ_STR(pz(v, "EMAIL", "hour@x.org", 60), "<EMAIL_2>");     /* expires 1060 */
	CHECK_EQ_STR(pz(v, "EMAIL", "forever@x.org", 0), "<EMAIL_3>");   /* never */

	vault_set_clock(v, 1059);
	CHECK(lookup_is(v, "<EMAIL_2>", "hour@x.org"));
	CHECK(lookup_rc(v, "<EMAIL_1>") == 0);
	vault_set_clock(v, 1060);
	CHECK(lookup_rc(v, "<EMAIL_2>") == 0);
	size_t nr, nu;
	int rc;
	CHECK_EQ_STR(rs(v, "<EMAIL_1> <EMAIL_2> <EMAIL_3>", &nr, &nu, &rc), "<EMAIL_1> <EMAIL_2> forever@x.org");
	CHECK(rc == 0 && nr == 1 && nu == 2);

	/* Pseudonymizing again refreshes: same token, later expiry; a shorter
	 * TTL never shortens it; a value with no expiry keeps none. */
	vault_set_clock(v, 1050);
	CHECK_EQ_STR(pz(v, "EMAIL", "hour@x.org", 60), "<EMAIL_2>");     /* now 1110 */
	CHECK_EQ_STR(pz(v, "EMAIL", "hour@x.org", 1), "<EMAIL_2>");      /* still 1110 */
	CHECK_EQ_STR(pz(v, "EMAIL", "forever@x.org", 5), "<EMAIL_3>");   /* still never */
	vault_set_clock(v, 1109);
	CHECK(lookup_is(v, "<EMAIL_2>", "hour@x.org"));
	vault_set_clock(v, 1110);
	CHECK(lookup_rc(v, "<EMAIL_2>") == 0);
	/* An expired entry not yet purged comes back under its old token. */
	CHECK_EQ_STR(pz(v, "EMAIL", "short@x.org", 10), "<EMAIL_1>");    /* 1120 */

	size_t removed = 99;
	CHECK(vault_purge(v, 1115, &removed, err, sizeof(err)) == 0);
	CHECK_EQ_INT(removed, 1); /* hour@ */
	CHECK(vault_purge(v, 5000, &removed, err, sizeof(err)) == 0);
	CHECK_EQ_INT(removed, 1); /* short@ */
	CHECK(vault_purge(v, 5000, &removed, err, sizeof(err)) == 0);
	CHECK_EQ_INT(removed, 0);
	vault_set_clock(v, 1000);
	CHECK(lookup_rc(v, "<EMAIL_1>") == 0 && lookup_rc(v, "<EMAIL_2>") == 0);
	CHECK(lookup_is(v, "<EMAIL_3>", "forever@x.org"));
	/* Numbers are never reused: a purged value gets a fresh token. */
	CHECK_EQ_STR(pz(v, "EMAIL", "hour@x.org", 60), "<EMAIL_4>");

	/* The truncating checkpoint emptied the WAL. */
	struct stat st;
	CHECK(vault_purge(v, 0, NULL, err, sizeof(err)) == 0);
	CHECK(stat(path("ttl.db-wal"), &st) != 0 || st.st_size == 0);
	vault_close(v);
	CHECK_EQ_INT(sql_int(path("ttl.db"), "SELECT count(*) FROM entries"), 2);
}

static int has_bytes(const struct buf *b, const char *needle)
{
	return b->len && memmem(b->p, b->len, needle, strlen(needle)) != NULL;
}

static void test_no_plaintext(void)
{
	static const char *values[] = { "secret.person@example.com", "4111111111111111", "Zebediah Quux",
		"AKIAIOSFODNN7EXAMPLE", NULL };
	struct vault *v = vault_open(path("raw.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	vault_set_clock(v, 1000);
	for (int i = 0; values[i]; i++)
		pz(v, "SECRET", values[i], i == 0 ? 1 : 0);
	pz(v, "SECRET", "a value that will be purged", 1);
	struct buf raw = BUF_INIT;
	/* While open: the database and its WAL. */
	slurp(path("raw.db"), &raw);
	slurp(path("raw.db-wal"), &raw);
	CHECK(has_bytes(&raw, "<SECRET_1>")); /* proves we read the real bytes */
	for (int i = 0; values[i]; i++)
		CHECK_MSG(!has_bytes(&raw, values[i]), "found %s", values[i]);
	CHECK(vault_purge(v, 2000, NULL, err, sizeof(err)) == 0);
	vault_close(v);
	buf_reset(&raw);
	slurp(path("raw.db"), &raw);
	slurp(path("raw.db-wal"), &raw);
	CHECK(has_bytes(&raw, "<SECRET_2>"));
	CHECK(!has_bytes(&raw, "<SECRET_1>")); /* purged row zeroed by secure_delete */
	for (int i = 0; values[i]; i++)
		CHECK_MSG(!has_bytes(&raw, values[i]), "found %s", values[i]);
	CHECK(!has_bytes(&raw, "will be purged"));
	buf_release(&raw);
}

/* ---- concurrent writers ---- */

#define NCHILD 6
#define PER 500
#define STRIDE 250
#define NVAL (STRIDE * (NCHILD - 1) + PER)

static void conc_value(int i, char *val, size_t len, const char **type)
{
	*type = i % 3 ? "EMAIL" : "PHONE";
	if (i % 3)
		snprintf(val, len, "user%05d@example.com", i);
	else
		snprintf(val, len, "+1 555 %07d", i);
}

/* Child c puts values [c*STRIDE, c*STRIDE + PER) in its own order, even
 * children in batches of 25, odd ones a transaction per value. */
static int conc_child(int c, int gate)
{
	char gobyte;
	struct vault *v = NULL;
	struct buf tok = BUF_INIT, lines = BUF_INIT;
	/* Wait until every child exists, so they all open the new vault at once. */
	if (read(gate, &gobyte, 1) < 0)
		return 2;
	v = vault_open(path("conc.db"), path("k1"), err, sizeof(err));
	if (!v) {
		fprintf(stderr, "child %d: %s\n", c, err);
		return 3;
	}
	for (int j = 0; j < PER; j++) {
		int i = c * STRIDE + (j * 7 + c * 13) % PER;
		char val[64];
		const char *type;
		conc_value(i, val, sizeof(val), &type);
		if (c % 2 == 0 && j % 25 == 0 && vault_begin(v, err, sizeof(err)))
			goto fail;
		buf_reset(&tok);
		if (vault_pseudonymize(v, type, val, strlen(val), 0, &tok, err, sizeof(err)))
			goto fail;
		if (c % 2 == 0 && j % 25 == 24 && vault_commit(v, err, sizeof(err)))
			goto fail;
		buf_printf(&lines, "%d\t%s\n", i, tok.p);
	}
	vault_close(v);
	char name[32];
	snprintf(name, sizeof(name), "conc-%d.txt", c);
	int rc = write_file(path(name), lines.p, 0600) ? 4 : 0;
	buf_release(&tok);
	buf_release(&lines);
	return rc;
fail:
	fprintf(stderr, "child %d: %s\n", c, err);
	return 5;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_concurrent(void)
{
	static char tokens[NVAL][VAULT_TOKEN_MAX + 1];
	pid_t pids[NCHILD];
	int gate[2];
	double t0 = now_s();

	CHECK(pipe(gate) == 0);
	fflush(NULL);
	for (int c = 0; c < NCHILD; c++) {
		pids[c] = fork();
		if (pids[c] == 0) {
			close(gate[1]);
			_exit(conc_child(c, gate[0]));
		}
	}
	close(gate[0]);
	close(gate[1]); /* every child's read returns: go */
	int all_ok = 1;
	for (int c = 0; c < NCHILD; c++) {
		int status = 0;
		int ok = pids[c] > 0 && waitpid(pids[c], &status, 0) == pids[c] && WIFEXITED(status) &&
			 WEXITSTATUS(status) == 0;
		CHECK_MSG(ok, "child %d status %d", c, status);
		all_ok &= ok;
	}
	double elapsed = now_s() - t0;
	if (!all_ok)
		return;

	/* Each value got one token, whoever asked. */
	int mismatch = 0, seen = 0;
	for (int c = 0; c < NCHILD; c++) {
		char name[32];
		struct buf b = BUF_INIT;
		snprintf(name, sizeof(name), "conc-%d.txt", c);
		CHECK(slurp(path(name), &b) == 0);
		for (char *line = b.p, *nl; line && (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			int i = atoi(line);
			const char *tok = strchr(line, '\t');
			if (i < 0 || i >= NVAL || !tok) {
				mismatch++;
				continue;
			}
			tok++;
			if (!tokens[i][0]) {
				snprintf(tokens[i], sizeof(tokens[i]), "%s", tok);
				seen++;
			} else if (strcmp(tokens[i], tok) != 0) {
				mismatch++;
			}
		}
		buf_release(&b);
	}
	CHECK_EQ_INT(seen, NVAL);
	CHECK_EQ_INT(mismatch, 0);

	/* Distinct values have distinct tokens. */
	char *sorted[NVAL];
	for (int i = 0; i < NVAL; i++)
		sorted[i] = tokens[i];
	qsort(sorted, NVAL, sizeof(sorted[0]), cmp_str);
	int dups = 0;
	for (int i = 1; i < NVAL; i++)
		dups += strcmp(sorted[i - 1], sorted[i]) == 0;
	CHECK_EQ_INT(dups, 0);

	/* Every value restores; numbers run 1..count per type, no gaps. */
	struct vault *v = vault_open(path("conc.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	int bad = 0, nemail = 0, nphone = 0;
	long long maxe = 0, maxp = 0;
	for (int i = 0; i < NVAL; i++) {
		char val[64];
		const char *type;
		conc_value(i, val, sizeof(val), &type);
		bad += !lookup_is(v, tokens[i], val);
		const char *us = strrchr(tokens[i], '_');
		long long num = us ? atoll(us + 1) : 0;
		if (*type == 'E') {
			nemail++;
			maxe = num > maxe ? num : maxe;
			bad += strncmp(tokens[i], "<EMAIL_", 7) != 0;
		} else {
			nphone++;
			maxp = num > maxp ? num : maxp;
			bad += strncmp(tokens[i], "<PHONE_", 7) != 0;
		}
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(maxe, nemail);
	CHECK_EQ_INT(maxp, nphone);
	vault_close(v);
	CHECK_EQ_INT(sql_int(path("conc.db"), "SELECT count(*) FROM entries"), NVAL);
	printf("vault: %d processes put %d values (%d distinct) into one new vault in %.2f s\n", NCHILD,
	       NCHILD * PER, NVAL, elapsed);
}

/* ---- throughput (printed, not asserted) ---- */

static void bench(void)
{
	enum { NB = 20000, BATCH = 1000, NSINGLE = 300 };
	struct vault *v = vault_open(path("bench.db"), path("k1"), err, sizeof(err));
	CHECK_MSG(v != NULL, "%s", err);
	if (!v)
		return;
	struct buf tok = BUF_INIT, text = BUF_INIT, out = BUF_INIT;
	char val[64];
	int fails = 0;

	double t0 = now_s();
	for (int i = 0; i < NB; i++) {
		if (i % BATCH == 0)
			fails += vault_begin(v, err, sizeof(err)) != 0;
		snprintf(val, sizeof(val), "person%06d@example.com", i);
		buf_reset(&tok);
		fails += vault_pseudonymize(v, "EMAIL", val, strlen(val), 86400, &tok, err, sizeof(err)) != 0;
		if (i % 10 == 0)
			buf_printf(&text, "to %s, ", tok.p);
		if (i % BATCH == BATCH - 1)
			fails += vault_commit(v, err, sizeof(err)) != 0;
	}
	double t_new = now_s() - t0;

	t0 = now_s();
	for (int i = 0; i < NB; i++) {
		if (i % BATCH == 0)
			fails += vault_begin(v, err, sizeof(err)) != 0;
		snprintf(val, sizeof(val), "person%06d@example.com", i);
		buf_reset(&tok);
		fails += vault_pseudonymize(v, "EMAIL", val, strlen(val), 86400, &tok, err, sizeof(err)) != 0;
		if (i % BATCH == BATCH - 1)
			fails += vault_commit(v, err, sizeof(err)) != 0;
	}
	double t_again = now_s() - t0;

	t0 = now_s();
	for (int i = 0; i < NSINGLE; i++) {
		snprintf(val, sizeof(val), "single%06d@example.com", i);
		buf_reset(&tok);
		fails += vault_pseudonymize(v, "EMAIL", val, strlen(val), 86400, &tok, err, sizeof(err)) != 0;
	}
	double t_single = now_s() - t0;

	size_t nr = 0, nu = 0;
	t0 = now_s();
	fails += vault_restore(v, text.p, text.len, &out, &nr, &nu, err, sizeof(err)) != 0;
	double t_restore = now_s() - t0;
	CHECK_EQ_INT(fails, 0);
	CHECK_EQ_INT(nr, NB / 10);
	CHECK_EQ_INT(nu, 0);

	printf("vault: pseudonymize, new values, batches of %d: %.0f values/s\n", BATCH, NB / t_new);
	printf("vault: pseudonymize, known values (expiry refresh), batches of %d: %.0f values/s\n", BATCH,
	       NB / t_again);
	printf("vault: pseudonymize, a transaction (and fsync) per value: %.0f values/s\n", NSINGLE / t_single);
	printf("vault: restore: %.0f tokens/s\n", (double)nr / t_restore);
	buf_release(&tok);
	buf_release(&text);
	buf_release(&out);
	vault_close(v);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/test_vault.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_keygen();
	test_key_loose();
	test_tokens();
	test_batch();
	test_two_processes();
	test_wrong_key();
	test_tamper();
	test_ttl();
	test_no_plaintext();
	test_concurrent();
	bench();
	if (!getenv("VAULT_TEST_KEEP"))
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	else
		printf("vault: files kept in %s\n", dir);
	UNIT_DONE();
}
