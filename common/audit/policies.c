/*
 * policies: policy versions and labels as ledger entries; see policies.h.
 */
#include "audit/policies.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

static int dberr(struct store *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "policy history: %s", sqlite3_errmsg(store_db(s)));
	return -1;
}

static int64_t add_seq(struct store *s, const char *version, int *rc)
{
	sqlite3_stmt *st = NULL;
	int64_t seq = -1;
	*rc = sqlite3_prepare_v2(store_db(s), "SELECT min(seq) FROM entries WHERE kind = 'policy' AND policy = ?1", -1,
				 &st, NULL);
	if (*rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
		*rc = sqlite3_step(st);
		if (*rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER)
			seq = sqlite3_column_int64(st, 0);
		*rc = *rc == SQLITE_ROW ? SQLITE_OK : *rc;
	}
	sqlite3_finalize(st);
	return seq;
}

int policies_add(struct store *s, const char *name, const char *text, size_t n, const char *version, int *added,
		 int64_t *seq, char *err, size_t errlen)
{
	int rc;
	*added = 0;
	*seq = add_seq(s, version, &rc);
	if (rc != SQLITE_OK)
		return dberr(s, err, errlen);
	if (*seq >= 0)
		return 0;
	struct entry e;
	entry_clear(&e);
	entry_set_text(&e, EF_KIND, "policy", 6);
	entry_set_text(&e, EF_POLICY, version, strlen(version));
	entry_set_text(&e, EF_NOTE, name, strlen(name));
	if (store_queue(s, &e, text, n, err, errlen) < 0 || store_commit(s, err, errlen) < 0)
		return -1;
	*added = 1;
	*seq = add_seq(s, version, &rc);
	return rc == SQLITE_OK ? 0 : dberr(s, err, errlen);
}

/* policies_resolve(), also giving the label entry's seq (-1 when ref is
 * not a label). */
static int resolve(struct store *s, const char *ref, char version[POLICIES_VERSION_MAX], int64_t *seq,
		   int64_t *label_seq, char *err, size_t errlen)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	int found = 0;
	*label_seq = -1;
	/* A label first: its latest label entry. */
	if (sqlite3_prepare_v2(db, "SELECT policy, seq FROM entries WHERE kind = 'label' AND rec_id = ?1 ORDER BY seq DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen);
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(version, POLICIES_VERSION_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
		*label_seq = sqlite3_column_int64(st, 1);
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found) {
		char pat[POLICIES_VERSION_MAX + 8];
		if (strlen(ref) > POLICIES_VERSION_MAX - 8 || strpbrk(ref, "%_"))
			return 0;
		snprintf(pat, sizeof(pat), "%s%s%%", strncmp(ref, "sha256:", 7) ? "sha256:" : "", ref);
		if (sqlite3_prepare_v2(db, "SELECT DISTINCT policy FROM entries WHERE kind = 'policy' AND policy LIKE ?1 LIMIT 2",
				       -1, &st, NULL) != SQLITE_OK)
			return dberr(s, err, errlen);
		sqlite3_bind_text(st, 1, pat, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(version, POLICIES_VERSION_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
			found++;
		}
		sqlite3_finalize(st);
		if (found != 1)
			return 0;
	}
	int rc;
	*seq = add_seq(s, version, &rc);
	if (rc != SQLITE_OK)
		return dberr(s, err, errlen);
	return *seq >= 0;
}

int policies_resolve(struct store *s, const char *ref, char version[POLICIES_VERSION_MAX], int64_t *seq, char *err,
		     size_t errlen)
{
	int64_t label_seq;
	return resolve(s, ref, version, seq, &label_seq, err, errlen);
}

int policies_fetch(struct store *s, const char *ref, const struct policies_trust *t, char version[POLICIES_VERSION_MAX],
		   struct buf *text, char *err, size_t errlen)
{
	int64_t seq, label_seq;
	int r = resolve(s, ref, version, &seq, &label_seq, err, errlen);
	if (r <= 0)
		return r;
	char problem[800];
	unsigned char leaf[MERKLE_HASH_LEN];
	if (t && t->cp) {
		/* The whole ledger against the checkpoint, as verify --quick
		 * --checkpoint --pubkey would: every entry's columns against its
		 * leaf, the tree against the signed head. */
		struct store_verify v;
		memset(&v, 0, sizeof(v));
		v.cps = t->cp;
		v.cp_names = &t->cp_name;
		v.ncps = 1;
		v.pin = t->pin;
		r = store_verify(s, &v, err, errlen);
		if (r < 0)
			return -1;
		if (r > 0) {
			snprintf(err, errlen, "the ledger does not verify against checkpoint %s: %s", t->cp_name, v.problem);
			return 2;
		}
		int64_t newest = label_seq > seq ? label_seq : seq;
		if ((uint64_t)newest >= t->cp->size) {
			snprintf(err, errlen, "entry %" PRId64 " (%s) is newer than checkpoint %s (size %" PRIu64
				 "): not covered by it; sign a new checkpoint", newest,
				 newest == label_seq ? "the label's" : "the policy's", t->cp_name, t->cp->size);
			return 2;
		}
	}
	if (label_seq >= 0) {
		r = store_check_entry(s, label_seq, leaf, NULL, problem, sizeof(problem), err, errlen);
		if (r < 0)
			return -1;
		if (r > 0) {
			snprintf(err, errlen, "the label's entry does not verify: %s", problem);
			return 2;
		}
	}
	r = store_check_entry(s, seq, leaf, text, problem, sizeof(problem), err, errlen);
	if (r < 0)
		return -1;
	if (r > 0) {
		snprintf(err, errlen, "the policy's entry does not verify: %s", problem);
		return 2;
	}
	return 1;
}

int policies_label(struct store *s, const char *label, const char *version, char prev[POLICIES_VERSION_MAX],
		   char *err, size_t errlen)
{
	int64_t seq;
	prev[0] = '\0';
	char cur[POLICIES_VERSION_MAX];
	/* The label's current version, if it has one (not a version prefix). */
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(store_db(s), "SELECT policy FROM entries WHERE kind = 'label' AND rec_id = ?1"
					    " ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen);
	sqlite3_bind_text(st, 1, label, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(prev, POLICIES_VERSION_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	int r = policies_resolve(s, version, cur, &seq, err, errlen);
	if (r < 0)
		return -1;
	if (r == 0) {
		snprintf(err, errlen, "no policy '%s' in the ledger (add it first)", version);
		return -1;
	}
	struct entry e;
	entry_clear(&e);
	entry_set_text(&e, EF_KIND, "label", 5);
	entry_set_text(&e, EF_REC_ID, label, strlen(label));
	entry_set_text(&e, EF_POLICY, cur, strlen(cur));
	if (store_queue(s, &e, NULL, 0, err, errlen) < 0 || store_commit(s, err, errlen) < 0)
		return -1;
	return 0;
}

int policies_list(struct store *s, struct buf *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT p.policy, p.note, p.ts_us, p.seq,"
			       " (SELECT group_concat(l.rec_id) FROM entries l WHERE l.kind = 'label' AND l.policy = p.policy"
			       "  AND l.seq = (SELECT max(m.seq) FROM entries m WHERE m.kind = 'label' AND m.rec_id = l.rec_id))"
			       " FROM entries p WHERE p.kind = 'policy'"
			       " AND p.seq = (SELECT min(q.seq) FROM entries q WHERE q.kind = 'policy' AND q.policy = p.policy)"
			       " ORDER BY p.seq",
			       -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, errlen);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0), *f = (const char *)sqlite3_column_text(st, 1);
		const char *labels = (const char *)sqlite3_column_text(st, 4);
		buf_puts(out, "{\"version\":");
		json_escape(out, v ? v : "", v ? strlen(v) : 0);
		buf_puts(out, ",\"file\":");
		json_escape(out, f ? f : "", f ? strlen(f) : 0);
		buf_printf(out, ",\"added_us\":%lld,\"seq\":%lld,\"labels\":[", (long long)sqlite3_column_int64(st, 2),
			   (long long)sqlite3_column_int64(st, 3));
		for (const char *p = labels; p && *p;) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (p != labels)
				buf_putc(out, ',');
			json_escape(out, p, len);
			p += len + (e ? 1 : 0);
		}
		buf_puts(out, "]}\n");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : dberr(s, err, errlen);
}

struct lines {
	const char **p;
	size_t *n;
	size_t count;
};

static void split(const char *s, size_t n, struct lines *l)
{
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += s[i] == '\n';
	l->p = malloc(cap * sizeof(*l->p));
	l->n = malloc(cap * sizeof(*l->n));
	if (!l->p || !l->n)
		abort();
	l->count = 0;
	for (size_t i = 0; i < n;) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (s + i)) : n - i;
		l->p[l->count] = s + i;
		l->n[l->count++] = len;
		i += len + 1;
	}
}

static int eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->n[i] == b->n[j] && !memcmp(a->p[i], b->p[j], a->n[i]);
}

size_t policies_diff(const char *a, size_t an, const char *b, size_t bn, struct buf *out)
{
	struct lines la, lb;
	split(a, an, &la);
	split(b, bn, &lb);
	size_t n = la.count, m = lb.count, diff = 0;
	/* LCS lengths from the end; policies are small (bounded by the caller). */
	unsigned *t = calloc((n + 1) * (m + 1), sizeof(unsigned));
	if (!t)
		abort();
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			t[i * (m + 1) + j] = eq(&la, i, &lb, j) ? t[(i + 1) * (m + 1) + j + 1] + 1
				: (t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1]);
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && eq(&la, i, &lb, j)) {
			buf_putc(out, ' ');
			buf_put(out, la.p[i], la.n[i]);
			i++, j++;
		} else if (j < m && (i == n || t[i * (m + 1) + j + 1] >= t[(i + 1) * (m + 1) + j])) {
			buf_putc(out, '+');
			buf_put(out, lb.p[j], lb.n[j]);
			j++, diff++;
		} else {
			buf_putc(out, '-');
			buf_put(out, la.p[i], la.n[i]);
			i++, diff++;
		}
		buf_putc(out, '\n');
	}
	free(t);
	free(la.p);
	free(la.n);
	free(lb.p);
	free(lb.n);
	return diff;
}
