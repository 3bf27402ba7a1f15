/*
 * phone: phone numbers through libphonenumber (Google's library, C++), behind
 * a C face.
 *
 * Only phone.cc includes libphonenumber's headers and only it throws or
 * catches; everything here is plain C. The caller (pii.c) picks candidate
 * spans with a cheap digit pre-scan (boundaries, digit count, no date, time,
 * IP or decimal shape) and hands each to phone_valid(), which reads it as
 * libphonenumber's parser would and asks the library's metadata whether it
 * is a valid number (its leniency VALID) for some region of a list.
 *
 * Why not the library's PhoneNumberMatcher over the text: with Debian's
 * build (ICU regular expressions) it costs 40 to 200 microseconds per span
 * and region, a whole record's budget. Its own validity check costs 5 to
 * 20 (phone_valid_ref); the same metadata patterns compiled once with
 * Oniguruma cost well under one (phone_valid), and the two are tested to
 * agree.
 *
 * Nothing here prints or exits: libphonenumber's logger is replaced by its
 * null logger before first use, and any C++ exception stops the search of
 * that span (it then reports what it found so far).
 */
#ifndef LLM_PHONE_H
#define LLM_PHONE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A parsed list of ISO 3166 region codes ("US", "DE", ...). */
struct phone_regions;

/* The built-in list, in the order it is tried; see phone_regions_builtin(). */
#define PHONE_REGIONS_DEFAULT "US,GB,DE,FR,ES,IT,NL,IN,AU,BR"
#define PHONE_REGIONS_MAX 64

/* Parses a comma list of two-letter region codes ("us, GB,de": case and
 * spaces do not matter; a code named twice counts once). Returns NULL and
 * fills err for an empty list, more than PHONE_REGIONS_MAX codes, or a code
 * libphonenumber has no metadata for. */
struct phone_regions *phone_regions_new(const char *list, char *err, size_t errlen);
void phone_regions_free(struct phone_regions *r);
/* PHONE_REGIONS_DEFAULT, parsed once (thread-safe); never freed. */
const struct phone_regions *phone_regions_builtin(void);
/* The list as "US,DE,...", upper case, in the order given. */
const char *phone_regions_string(const struct phone_regions *r);

/* The country calling code (1, 44, 49, ...) of s[0, n) when libphonenumber
 * holds it a valid number, else 0. s is one candidate as written, without
 * an extension: digits, an optional '+', and the separators people type
 * (' ', '-', '.', '/', '(', ')'); anything else makes it no number. Read:
 *  - with its country code when it starts with '+' or an international
 *    call prefix ("00", "011", "0011"): valid for any region, and a "(0)"
 *    trunk digit after the code is dropped ("+44 (0)20 7946 0958");
 *  - else nationally, for each region of r in order (NULL: the built-in
 *    list), with the region's national prefix ("0", "1") stripped when it
 *    is there. Without the prefix, a region that has one accepts the
 *    number only where libphonenumber's own matcher takes that type of
 *    number unprefixed (mobiles in India, all of North America, ...).
 * The first reading that is valid wins. Never throws; 0 on any error. */
int phone_valid(const struct phone_regions *r, const char *s, size_t n);
/* The same reading, each candidate checked by the library's own
 * GetNumberType (ICU regular expressions, 5 to 20 microseconds a number)
 * instead of phone_valid()'s patterns compiled once: the reference
 * tests/unit/test_phone.c holds phone_valid() to. */
int phone_valid_ref(const struct phone_regions *r, const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
