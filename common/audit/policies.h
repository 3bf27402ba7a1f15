/*
 * policies: the history of routing policies, kept in the ledger itself.
 *
 * Adding a policy appends an entry of kind "policy" whose policy column is
 * the version ("sha256:..." of the canonical form, llm-policy(5)), whose
 * note is the file's name, and whose payload is the file's text (so its
 * digest is in the log). Moving a label appends an entry of kind "label"
 * (rec_id the label, policy the version). A label's current version is its
 * latest label entry; everything is verifiable with the rest of the log.
 */
#ifndef LLM_AUDIT_POLICIES_H
#define LLM_AUDIT_POLICIES_H

#include <stddef.h>
#include <stdint.h>

#include "audit/store.h"
#include "core/buf.h"

#define POLICIES_VERSION_MAX 80

/* Stores a policy text under its version unless that version is there;
 * *added says which. */
int policies_add(struct store *s, const char *name, const char *text, size_t n, const char *version, int *added,
		 int64_t *seq, char *err, size_t errlen);
/* A label, a version, or a unique prefix of a version's hex ("sha256:"
 * optional) -> the version and the sequence number of its add entry.
 * Returns 1 found, 0 not found or ambiguous, -1 error. */
int policies_resolve(struct store *s, const char *ref, char version[POLICIES_VERSION_MAX], int64_t *seq, char *err,
		     size_t errlen);
/* What a fetched policy is held to. */
struct policies_trust {
	const struct checkpoint *cp; /* a signed checkpoint, or NULL */
	const unsigned char *pin;    /* the key cp must be signed by */
	const char *cp_name;         /* cp's name, for messages */
};
/*
 * The text of the policy ref names (as policies_resolve() finds it),
 * trusted only after the entries it was found through pass verify's
 * checks: the label entry (when ref is a label) and the policy's add
 * entry, each entry's columns against its leaf hash, the text against its
 * payload digest. With t->cp, the whole ledger is first verified against
 * the checkpoint (what verify --quick --checkpoint --pubkey does) and both
 * entries must lie within it. Returns 1 (version and text set), 0 when ref
 * names nothing, 2 when the entries do not verify (err says why), -1 on an
 * error.
 */
int policies_fetch(struct store *s, const char *ref, const struct policies_trust *t, char version[POLICIES_VERSION_MAX],
		   struct buf *text, char *err, size_t errlen);
/* Points label at version (which must have been added). *prev gets the
 * label's previous version ("" when new). */
int policies_label(struct store *s, const char *label, const char *version, char prev[POLICIES_VERSION_MAX],
		   char *err, size_t errlen);
/* One NDJSON line per version: {"version","file","added_us","seq","labels":[...]}. */
int policies_list(struct store *s, struct buf *out, char *err, size_t errlen);
/* A line diff of a and b ("-" / "+" / " " prefixes, longest common
 * subsequence). Returns the number of lines that differ. */
size_t policies_diff(const char *a, size_t an, const char *b, size_t bn, struct buf *out);

#endif
