/*
 * phone.cc: the C face of libphonenumber (phone.h).
 *
 * The only C++ in the library, and the only file that includes the
 * library's headers. The PhoneNumberUtil singleton (its metadata and
 * compiled patterns) is shared and thread-safe, and a struct phone_regions
 * is not changed after phone_regions_new(), so any number of scans may run
 * at once. Every entry point catches whatever the library throws: C
 * callers never see an exception.
 *
 * The reading follows the library's parser for the shapes the pre-scan
 * hands over (digits, '+', separators): a country code after '+' or an
 * international call prefix, else a national number with or without the
 * region's national prefix. Validity is the library's metadata, matched by
 * the fast check below (phone_valid) or by the library itself
 * (phone_valid_ref, the reference the tests hold the fast one to).
 */
#include "detect/phone.h"

#include <oniguruma.h>
#include <phonenumbers/logger.h>
#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

/* The library's compiled-in metadata (metadata.h in its sources, not
 * installed; both are exported functions of libphonenumber.so.8). */
namespace i18n {
namespace phonenumbers {
int metadata_size();
const void *metadata_get();
} /* namespace phonenumbers */
} /* namespace i18n */

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

struct region_info {
	std::string code;
	int cc;               /* its country calling code */
	std::string ndd;      /* national prefix, digits only ("0", "1", or none) */
	bool bare_fixed;      /* the library's matcher takes a fixed-line number */
	bool bare_mobile;     /* ... or a mobile one written without ndd */
};

const size_t MAX_DIGITS = 17; /* E.164 has 15; allow a call prefix */

std::once_flag util_once;
const PhoneNumberUtil *util_ptr;
std::set<std::string> *known_regions;

/* The library logs through a logger of its own; library code here never
 * prints, so it gets the null one before first use. */
void util_init()
{
	PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
	u->SetLogger(new NullLogger());
	known_regions = new std::set<std::string>();
	u->GetSupportedRegions(known_regions);
	util_ptr = u;
}

const PhoneNumberUtil &util()
{
	std::call_once(util_once, util_init);
	return *util_ptr;
}

/*
 * The fast check. The library's IsValidNumber matches the metadata's
 * patterns with ICU regular expressions created per call, after hashing
 * each pattern string to find it in a cache: 5 to 20 microseconds a
 * number, most of a scan's time on text with many numbers. The same
 * patterns compiled once with Oniguruma (anchored: "(?:P)\z") and the same
 * decision (general description, then the number types in the library's
 * order, the region of a shared calling code by its leading digits) take
 * well under one. test_phone.c checks it against the library's own
 * IsValidNumber and GetNumberType (phone_valid_ref) on numbers of every
 * region the metadata knows.
 */
enum ftype { FT_UNKNOWN, FT_FIXED, FT_MOBILE, FT_FIXED_OR_MOBILE, FT_OTHER };

struct fdesc {
	std::vector<int> lens;   /* possible lengths; empty: any */
	std::string pattern;
	regex_t *re = NULL;      /* NULL: matches nothing */
};

struct fregion {
	std::string id;
	int cc = 0;
	bool same_mobile_fixed = false;
	std::string leading;     /* leading_digits pattern, or empty */
	regex_t *leading_re = NULL;
	fdesc general, fixed, mobile;
	std::vector<fdesc> other; /* premium, toll free, shared cost, voip,
				     personal, pager, uan, voicemail */
	std::once_flag compiled;
};

/* The regions of one calling code, and a filter every valid number of
 * any of them passes: one of their general lengths, and the union of
 * their general patterns (one match turns down most candidates). */
struct ccinfo {
	std::vector<fregion *> v;
	uint32_t lens = 0;        /* bit l: some general description allows length l */
	bool any_len = false;     /* some general description lists no lengths */
	std::string any;
	regex_t *any_re = NULL;
	std::once_flag compiled;
};

std::once_flag meta_once;
std::map<int, ccinfo> *by_cc;

regex_t *compile(const std::string &pat, bool whole)
{
	if (pat.empty())
		return NULL;
	std::string p = "(?:" + pat + ")" + (whole ? "\\z" : "");
	regex_t *re = NULL;
	OnigErrorInfo ei;
	const OnigUChar *b = (const OnigUChar *)p.data();
	if (onig_new(&re, b, b + p.size(), ONIG_OPTION_NONE, ONIG_ENCODING_UTF8, ONIG_SYNTAX_PERL, &ei) != ONIG_NORMAL)
		return NULL;
	return re;
}

void desc_of(const PhoneNumberDesc &d, fdesc *f)
{
	for (int i = 0; i < d.possible_length_size(); i++)
		f->lens.push_back(d.possible_length(i));
	f->pattern = d.national_number_pattern();
}

void meta_init()
{
	OnigEncoding enc = ONIG_ENCODING_UTF8;
	onig_initialize(&enc, 1);
	PhoneMetadataCollection col;
	by_cc = new std::map<int, ccinfo>();
	if (!col.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size()))
		return;
	for (int i = 0; i < col.metadata_size(); i++) {
		const PhoneMetadata &m = col.metadata(i);
		fregion *r = new fregion();
		r->id = m.id();
		r->cc = m.country_code();
		r->same_mobile_fixed = m.same_mobile_and_fixed_line_pattern();
		r->leading = m.leading_digits();
		desc_of(m.general_desc(), &r->general);
		desc_of(m.fixed_line(), &r->fixed);
		desc_of(m.mobile(), &r->mobile);
		const PhoneNumberDesc *o[] = { &m.premium_rate(), &m.toll_free(), &m.shared_cost(), &m.voip(),
			&m.personal_number(), &m.pager(), &m.uan(), &m.voicemail() };
		for (const PhoneNumberDesc *d : o) {
			r->other.emplace_back();
			desc_of(*d, &r->other.back());
		}
		ccinfo &ci = (*by_cc)[r->cc];
		/* the code's main country first, as the library tries them */
		if (m.main_country_for_code())
			ci.v.insert(ci.v.begin(), r);
		else
			ci.v.push_back(r);
		if (r->general.lens.empty())
			ci.any_len = true;
		for (int l : r->general.lens)
			if (l > 0 && l < 32)
				ci.lens |= 1u << l;
		if (!r->general.pattern.empty())
			ci.any += (ci.any.empty() ? "" : "|") + r->general.pattern;
	}
}

ccinfo *regions_for(int cc)
{
	std::call_once(meta_once, meta_init);
	auto it = by_cc->find(cc);
	return it == by_cc->end() || it->second.v.empty() ? NULL : &it->second;
}

void region_compile(fregion *r)
{
	std::call_once(r->compiled, [r] {
		r->leading_re = compile(r->leading, false);
		for (fdesc *d : { &r->general, &r->fixed, &r->mobile })
			d->re = compile(d->pattern, true);
		for (fdesc &d : r->other)
			d.re = compile(d.pattern, true);
	});
}

bool desc_match(const fdesc &d, const std::string &nsn)
{
	if (!d.re)
		return false;
	if (!d.lens.empty()) {
		bool ok = false;
		for (int l : d.lens)
			ok |= l == (int)nsn.size();
		if (!ok)
			return false;
	}
	const OnigUChar *b = (const OnigUChar *)nsn.data(), *e = b + nsn.size();
	return onig_match(d.re, b, e, b, NULL, ONIG_OPTION_NONE) >= 0;
}

ftype type_in(fregion *r, const std::string &nsn)
{
	region_compile(r);
	if (!desc_match(r->general, nsn))
		return FT_UNKNOWN;
	for (const fdesc &d : r->other)
		if (desc_match(d, nsn))
			return FT_OTHER;
	if (desc_match(r->fixed, nsn))
		return r->same_mobile_fixed || desc_match(r->mobile, nsn) ? FT_FIXED_OR_MOBILE : FT_FIXED;
	if (!r->same_mobile_fixed && desc_match(r->mobile, nsn))
		return FT_MOBILE;
	return FT_UNKNOWN;
}

/* A set of types (bit t: ftype t), what a caller accepts. A number is
 * valid where its type is not FT_UNKNOWN (ACC_ANY); one written without
 * the region's national prefix where the library's matcher takes that
 * type so (phone_valid's bare readings). */
const unsigned ACC_FIXED = 1u << FT_FIXED, ACC_MOBILE = 1u << FT_MOBILE,
	ACC_FOM = 1u << FT_FIXED_OR_MOBILE, ACC_OTHER = 1u << FT_OTHER,
	ACC_ANY = ACC_FIXED | ACC_MOBILE | ACC_FOM | ACC_OTHER;

/* Is type_in(r, nsn) one of acc? Each pattern match costs a good part of
 * a microsecond (Oniguruma copies its match stack on every call), so when
 * acc takes every fixed-line reading (ACC_ANY, or a region whose matcher
 * takes a bare fixed line) the common answers come first: the fixed-line
 * pattern, then the other types, then mobile; type_in() must try all the
 * other types before the fixed line to name the type. */
bool type_in_acc(fregion *r, const std::string &nsn, unsigned acc)
{
	const unsigned fixedish = ACC_FIXED | ACC_FOM | ACC_OTHER;
	if ((acc & fixedish) != fixedish)
		return (acc >> type_in(r, nsn)) & 1;
	region_compile(r);
	if (!desc_match(r->general, nsn))
		return false;
	if (desc_match(r->fixed, nsn))
		return true; /* FT_FIXED, FT_FIXED_OR_MOBILE, or FT_OTHER */
	for (const fdesc &d : r->other)
		if (desc_match(d, nsn))
			return true;
	return (acc & ACC_MOBILE) && !r->same_mobile_fixed && desc_match(r->mobile, nsn);
}

/* Is the type of cc + nsn, in the region the library would give it, one
 * of acc? */
bool type_fast(int cc, const std::string &nsn, unsigned acc)
{
	ccinfo *ci = regions_for(cc);
	if (!ci)
		return false;
	if (!ci->any_len && (nsn.size() >= 32 || !(ci->lens & (1u << nsn.size()))))
		return false;
	const std::vector<fregion *> *v = &ci->v;
	/* one region: its general pattern is the union (type_in's first test) */
	if (v->size() == 1)
		return type_in_acc((*v)[0], nsn, acc);
	std::call_once(ci->compiled, [ci] { ci->any_re = compile(ci->any, true); });
	if (ci->any_re) {
		const OnigUChar *b = (const OnigUChar *)nsn.data(), *e = b + nsn.size();
		if (onig_match(ci->any_re, b, e, b, NULL, ONIG_OPTION_NONE) < 0)
			return false;
	}
	for (fregion *r : *v) {
		region_compile(r);
		if (r->leading_re) {
			const OnigUChar *b = (const OnigUChar *)nsn.data(), *e = b + nsn.size();
			if (onig_match(r->leading_re, b, e, b, NULL, ONIG_OPTION_NONE) >= 0)
				return type_in_acc(r, nsn, acc);
		} else if (acc == ACC_ANY) {
			/* the first region with a type: accepted */
			if (type_in_acc(r, nsn, ACC_ANY))
				return true;
		} else {
			ftype t = type_in(r, nsn);
			if (t != FT_UNKNOWN)
				return (acc >> t) & 1;
		}
	}
	return false;
}


/* Does the library's own matcher (leniency VALID, which checks that a
 * national prefix is there where the region's formats require one) take
 * the region's example number of this type written without its prefix? */
bool bare_ok(const PhoneNumberUtil &u, const std::string &region, PhoneNumberUtil::PhoneNumberType type)
{
	PhoneNumber ex;
	if (!u.GetExampleNumberForType(region, type, &ex))
		return false;
	std::string nsn;
	u.GetNationalSignificantNumber(ex, &nsn);
	PhoneNumberMatcher m(u, nsn, region, PhoneNumberMatcher::VALID, 4);
	return m.HasNext();
}

/* cc and the national significant number nsn as a PhoneNumber, the way the
 * parser stores it (leading zeros flagged, the rest as an integer). */
bool build(int cc, const std::string &nsn, PhoneNumber *pn)
{
	if (nsn.empty() || nsn.size() > MAX_DIGITS)
		return false;
	size_t z = 0;
	while (z < nsn.size() && nsn[z] == '0')
		z++;
	if (z == nsn.size())
		return false;
	uint64_t v = 0;
	for (char ch : nsn)
		v = v * 10 + (uint64_t)(ch - '0');
	pn->Clear();
	pn->set_country_code(cc);
	pn->set_national_number(v);
	if (z > 0) {
		pn->set_italian_leading_zero(true);
		if (z > 1)
			pn->set_number_of_leading_zeros((int)z);
	}
	return true;
}

/* The library's own answer, the reference the fast check is tested
 * against. */
ftype type_ref(const PhoneNumberUtil &u, int cc, const std::string &nsn)
{
	PhoneNumber pn;
	if (!build(cc, nsn, &pn))
		return FT_UNKNOWN;
	switch (u.GetNumberType(pn)) {
	case PhoneNumberUtil::UNKNOWN:
		return FT_UNKNOWN;
	case PhoneNumberUtil::FIXED_LINE:
		return FT_FIXED;
	case PhoneNumberUtil::MOBILE:
		return FT_MOBILE;
	case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
		return FT_FIXED_OR_MOBILE;
	default:
		return FT_OTHER;
	}
}

/* Is cc + nsn of a type in acc: by the fast check, or the library's (ref). */
bool type_ok(bool ref, int cc, const std::string &nsn, unsigned acc)
{
	if (nsn.empty() || nsn.size() > MAX_DIGITS)
		return false;
	return ref ? (acc >> type_ref(util(), cc, nsn)) & 1 : type_fast(cc, nsn, acc);
}

/* d read as country code + national number; trunk: index in d of a
 * digit written "(0)", or npos. */
int read_intl(bool ref, const std::string &d, size_t trunk)
{
	if (d.empty() || d[0] == '0')
		return 0;
	for (size_t cl = 1; cl <= 3 && cl < d.size(); cl++) {
		int cc = atoi(d.substr(0, cl).c_str());
		if (!regions_for(cc))
			continue;
		/* Calling codes are prefix-free: this is the only reading. */
		std::string nsn = d.substr(cl);
		if (trunk == cl && !nsn.empty())
			nsn.erase(0, 1);
		return type_ok(ref, cc, nsn, ACC_ANY) ? cc : 0;
	}
	return 0;
}

} /* namespace */

struct phone_regions {
	std::vector<region_info> v;
	std::string joined;
};

extern "C" struct phone_regions *phone_regions_new(const char *list, char *err, size_t errlen)
{
	phone_regions *r = NULL;
	try {
		const PhoneNumberUtil &u = util();
		r = new phone_regions();
		const char *p = list ? list : "";
		for (;;) {
			while (*p == ' ' || *p == '\t')
				p++;
			const char *q = p;
			while (*q && *q != ',')
				q++;
			const char *e = q;
			while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			std::string code(p, (size_t)(e - p));
			for (char &ch : code)
				if (ch >= 'a' && ch <= 'z')
					ch = (char)(ch - 32);
			if (code.empty()) {
				snprintf(err, errlen, "region list \"%.60s\" has an empty entry", list ? list : "");
				delete r;
				return NULL;
			}
			if (!known_regions->count(code)) {
				snprintf(err, errlen, "unknown region \"%.16s\" (want a two-letter ISO 3166 code such as US or DE)",
					 code.c_str());
				delete r;
				return NULL;
			}
			bool dup = false;
			for (const region_info &ri : r->v)
				dup |= ri.code == code;
			if (!dup) {
				if (r->v.size() >= PHONE_REGIONS_MAX) {
					snprintf(err, errlen, "more than %d regions", PHONE_REGIONS_MAX);
					delete r;
					return NULL;
				}
				region_info ri;
				ri.code = code;
				ri.cc = u.GetCountryCodeForRegion(code);
				u.GetNddPrefixForRegion(code, true, &ri.ndd);
				ri.bare_fixed = ri.ndd.empty() || bare_ok(u, code, PhoneNumberUtil::FIXED_LINE);
				ri.bare_mobile = ri.ndd.empty() || bare_ok(u, code, PhoneNumberUtil::MOBILE);
				r->v.push_back(ri);
				if (!r->joined.empty())
					r->joined += ',';
				r->joined += code;
			}
			if (!*q)
				break;
			p = q + 1;
		}
		return r;
	} catch (...) {
		delete r;
		snprintf(err, errlen, "cannot set up libphonenumber");
		return NULL;
	}
}

extern "C" void phone_regions_free(struct phone_regions *r)
{
	delete r;
}

static std::once_flag builtin_once;
static phone_regions *builtin_ptr;

extern "C" const struct phone_regions *phone_regions_builtin(void)
{
	try {
		std::call_once(builtin_once, [] {
			char err[160];
			builtin_ptr = phone_regions_new(PHONE_REGIONS_DEFAULT, err, sizeof(err));
		});
	} catch (...) {
		return NULL;
	}
	return builtin_ptr;
}

extern "C" const char *phone_regions_string(const struct phone_regions *r)
{
	return r ? r->joined.c_str() : "";
}

static int valid_impl(const struct phone_regions *r, const char *s, size_t n, bool ref)
{
	if (!r)
		r = phone_regions_builtin();
	if (!r || !s || !n)
		return 0;
	try {
		std::string d;
		size_t trunk = std::string::npos;
		bool plus = false;
		for (size_t i = 0; i < n; i++) {
			char ch = s[i];
			if (ch >= '0' && ch <= '9') {
				if (d.size() >= MAX_DIGITS + 4)
					return 0;
				if (ch == '0' && i > 0 && s[i - 1] == '(' && i + 1 < n && s[i + 1] == ')')
					trunk = d.size();
				d += ch;
			} else if (ch == '+') {
				if (plus || !d.empty())
					return 0;
				plus = true;
			} else if (!(ch == ' ' || ch == '-' || ch == '.' || ch == '/' || ch == '(' ||
				     ch == ')' || ch == '\t')) {
				return 0;
			}
		}
		if (d.size() < 5)
			return 0;
		if (plus)
			return read_intl(ref, d, trunk);
		for (const region_info &ri : r->v) {
			if (!ri.ndd.empty() && d.compare(0, ri.ndd.size(), ri.ndd) == 0) {
				if (type_ok(ref, ri.cc, d.substr(ri.ndd.size()), ACC_ANY))
					return ri.cc;
				continue;
			}
			/* without the prefix: a type the library's matcher takes so */
			unsigned acc = (ri.bare_fixed ? ACC_FIXED | ACC_OTHER | ACC_FOM : 0) |
				       (ri.bare_mobile ? ACC_MOBILE | ACC_FOM : 0);
			if (acc && type_ok(ref, ri.cc, d, acc))
				return ri.cc;
		}
		/* An international call prefix: "00 44 ...", "011 44 ...",
		 * "0011 44 ..." (after the national readings: "0115 496 0123"
		 * is a Nottingham number). */
		static const char *const idd[] = { "0011", "011", "00" };
		for (const char *p : idd) {
			size_t pl = strlen(p);
			if (d.size() > pl + 4 && d.compare(0, pl, p) == 0) {
				int cc = read_intl(ref, d.substr(pl),
						   trunk != std::string::npos && trunk >= pl ? trunk - pl : std::string::npos);
				if (cc)
					return cc;
			}
		}
	} catch (...) {
	}
	return 0;
}

extern "C" int phone_valid(const struct phone_regions *r, const char *s, size_t n)
{
	return valid_impl(r, s, n, false);
}

extern "C" int phone_valid_ref(const struct phone_regions *r, const char *s, size_t n)
{
	return valid_impl(r, s, n, true);
}
