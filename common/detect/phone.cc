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
 * region's national prefix. Validity is the library's: IsPossibleNumber
 * (a length check, about a microsecond) first, then IsValidNumber or
 * GetNumberType (the metadata's patterns, 5 to 20 microseconds).
 */
#include "detect/phone.h"

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <vector>

using i18n::phonenumbers::NullLogger;
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

bool valid(const PhoneNumberUtil &u, int cc, const std::string &nsn)
{
	PhoneNumber pn;
	return build(cc, nsn, &pn) && u.IsPossibleNumber(pn) && u.IsValidNumber(pn);
}

/* d read as country code + national number; trunk: index in d of a
 * digit written "(0)", or npos. */
int read_intl(const PhoneNumberUtil &u, const std::string &d, size_t trunk)
{
	for (size_t cl = 1; cl <= 3 && cl < d.size(); cl++) {
		if (d[0] == '0')
			return 0;
		int cc = atoi(d.substr(0, cl).c_str());
		std::string reg;
		u.GetRegionCodeForCountryCode(cc, &reg);
		if (reg == "ZZ")
			continue;
		/* Calling codes are prefix-free: this is the only reading. */
		std::string nsn = d.substr(cl);
		if (trunk == cl && !nsn.empty())
			nsn.erase(0, 1);
		return valid(u, cc, nsn) ? cc : 0;
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

extern "C" int phone_valid(const struct phone_regions *r, const char *s, size_t n)
{
	if (!r)
		r = phone_regions_builtin();
	if (!r || !s || !n)
		return 0;
	try {
		const PhoneNumberUtil &u = util();
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
			return read_intl(u, d, trunk);
		for (const region_info &ri : r->v) {
			if (!ri.ndd.empty() && d.compare(0, ri.ndd.size(), ri.ndd) == 0) {
				if (valid(u, ri.cc, d.substr(ri.ndd.size())))
					return ri.cc;
				continue;
			}
			if (!ri.bare_fixed && !ri.bare_mobile)
				continue;
			PhoneNumber pn;
			if (!build(ri.cc, d, &pn) || !u.IsPossibleNumber(pn))
				continue;
			PhoneNumberUtil::PhoneNumberType t = u.GetNumberType(pn);
			bool ok;
			switch (t) {
			case PhoneNumberUtil::UNKNOWN:
				ok = false;
				break;
			case PhoneNumberUtil::MOBILE:
				ok = ri.bare_mobile;
				break;
			case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
				ok = ri.bare_fixed || ri.bare_mobile;
				break;
			default:
				ok = ri.bare_fixed;
				break;
			}
			if (ok)
				return ri.cc;
		}
		/* An international call prefix: "00 44 ...", "011 44 ...",
		 * "0011 44 ..." (after the national readings: "0115 496 0123"
		 * is a Nottingham number). */
		static const char *const idd[] = { "0011", "011", "00" };
		for (const char *p : idd) {
			size_t pl = strlen(p);
			if (d.size() > pl + 4 && d.compare(0, pl, p) == 0) {
				int cc = read_intl(u, d.substr(pl), trunk != std::string::npos && trunk >= pl ? trunk - pl : std::string::npos);
				if (cc)
					return cc;
			}
		}
	} catch (...) {
	}
	return 0;
}
