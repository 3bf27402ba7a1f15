/*
 * inject: prompt-injection and jailbreak heuristics, without a model.
 *
 * One scan of a UTF-8 string (the value of .text, a message's content, ...)
 * appends findings; each names the heuristic that fired, a byte span into the
 * scanned string and a score in [0, 1]. inject_list_score() folds them into
 * one number that llm-filter compares with a threshold.
 *
 * Heuristics (the `heuristic` strings, static):
 *   override_phrase   "ignore all previous instructions" and its kin, fuzzy
 *                     (case, accents, leetspeak, homoglyphs, zero-width chars,
 *                     s p a c e d letters), in en de fr es it pt nl pl ru zh ja
 *                     ko tr; context lowers the score (negation, "my previous
 *                     instructions about ...", a non-imperative verb)
 *   role_spoof        persona switches to an unrestricted model ("you are now
 *                     DAN", "act as an AI without rules"), safety claimed off
 *   prompt_leak       requests for the system prompt or hidden instructions
 *   new_instructions, no_limits, persona_hint, authority_claim, context_break
 *                     weak hints (scores below the default threshold alone)
 *   role_marker       fake SYSTEM:/assistant: labels, [system], <system>, JSON
 *                     {"role": "system"}, ### Instruction:
 *   template_token    chat-template tokens: <|im_start|>, [INST], <<SYS>>,
 *                     </s>, <start_of_turn>, <|eot_id|>, ...
 *   tag_chars         Unicode tag characters (U+E0000..E007F) outside emoji
 *                     subdivision flags; detail holds the hidden ASCII
 *   zero_width        zero-width characters outside emoji and scripts that
 *                     need them (ZWNJ in Persian, ZWJ in Indic)
 *   bidi              bidi embeddings, overrides and isolates; right-to-left
 *                     overrides are also read the way they display
 *   encoded_payload   base64, hex, \x / \u escapes, percent-encoding, and
 *                     (when the text asks for it) ROT13 or reversed text that
 *                     decode to something the other heuristics flag; detail
 *                     holds the decoded text (at most 200 bytes)
 *   repetition        one token or a short phrase repeated many times, or a
 *                     very long run of one character
 *   variation_selectors  runs of U+E0100..E01EF, which can carry one byte each
 *
 * Nothing here prints or exits; the scan takes any bytes (invalid UTF-8 and
 * NUL included) and is safe to call from several threads at once.
 */
#ifndef LLM_INJECT_H
#define LLM_INJECT_H

#include <stddef.h>

/* A text is judged an injection when inject_list_score() >= the threshold. */
#define INJECT_DEFAULT_THRESHOLD 0.5

struct inject_finding {
	const char *heuristic; /* static name, see above */
	size_t start, end;     /* byte span [start, end) in the scanned string */
	double score;          /* in [0, 1] */
	char *detail;          /* owned, may be NULL: phrase family and language,
	                          hidden or decoded text (<= 200 bytes + "...") */
};

struct inject_list {
	struct inject_finding *v;
	size_t n, alloc;
};

#define INJECT_LIST_INIT { NULL, 0, 0 }

/* Appends the findings for s[0, n), sorted by start. */
void inject_scan(const char *s, size_t n, struct inject_list *out);

/* The same, and the trained classifier's score of s (model.h) over the same
 * tokenization, with the byte span of its most suspicious window. */
struct injmodel;
struct injmodel_work;
double inject_scan_model(const char *s, size_t n, struct inject_list *out, const struct injmodel *m,
			 struct injmodel_work *w, size_t *start, size_t *end);

/*
 * Combined score: the strongest finding of each heuristic, joined as
 * 1 - prod(1 - s_h). Repeating one weak signal does not add up; independent
 * weak signals do. 0 for an empty list.
 */
double inject_list_score(const struct inject_list *l);

/* Name of the heuristic with the strongest finding, or NULL. */
const char *inject_list_top(const struct inject_list *l);

void inject_list_clear(struct inject_list *l);   /* frees details, n = 0 */
void inject_list_release(struct inject_list *l); /* frees everything */

#endif
