/*
 * gate: llm-infer's last check before a request leaves (llm-infer(1), "The
 * last gate"). It trusts nothing the record says about itself.
 *
 * For each request about to be sent, the gate scans the exact strings of
 * that request (every string of the body, keys included; for the local
 * engine, every text of the chat) with llm-classify's detectors and the
 * rules file the policy names ("classify": {"rules": FILE}), runs that
 * file's record rules on the record, and takes the highest of those
 * classes and the record's own _llm.classify.class (restricted when the
 * record has none: fail closed). It then asks the policy afresh which
 * backends such a record may use (route_allowed: the first matching rule's
 * chain, every split arm, the budget's on_exceed rule; ceilings, require
 * and context applied; no budget charged), with the record's _llm.classify
 * replaced by what the gate measured, so a forged class, count or route
 * changes nothing. A backend outside that set is never called.
 */
#ifndef LLM_GATE_H
#define LLM_GATE_H

#include <stddef.h>

#include "core/buf.h"
#include "policy/policy.h"
#include "core/record.h"

struct gate;

/* Loads the policy's classify rules (when named). NULL with err. */
struct gate *gate_new(const struct policy *p, char *err, size_t errlen);
void gate_free(struct gate *g);

/* Starts the scan of one request. */
void gate_begin(struct gate *g);
/* Scans every string of a JSON text (a request body). */
void gate_scan_json(struct gate *g, const char *p, size_t n);
/* Scans one decoded text (a chat message for the local engine). */
void gate_scan_text(struct gate *g, const char *s, size_t n);

/*
 * Decides for backend b and the request scanned since gate_begin(). With
 * rules set, the policy's rules decide the allowed set; without (llm-infer
 * --backend: the operator named the backend), only b's ceiling. Returns 1
 * when b may receive it, 0 when not (why says why), -1 when the decision
 * could not be made (a record rule or a `when` failed: why says which).
 * *cls receives the class the gate settled on.
 */
int gate_check(struct gate *g, const struct record *r, const struct policy_backend *b, int rules, int *cls,
	       struct buf *why);

#endif
