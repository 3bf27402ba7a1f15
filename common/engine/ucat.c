/*
 * ucat: Unicode class lookup (binary search over ucat_table.c) and a
 * lossless UTF-8 decoder. See ucat.h.
 */
#include "engine/ucat.h"

#include <string.h>

int ucat_of(uint32_t cp)
{
	if (cp < 0x80) { /* the common case, without the search */
		if (cp == ' ' || (cp >= 9 && cp <= 13))
			return UCAT_SPACE;
		if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			return UCAT_LETTER;
		if (cp >= '0' && cp <= '9')
			return UCAT_NUMBER;
		/* ASCII's P*: ! " # % & ' ( ) * , - . / : ; ? @ [ \ ] _ { } */
		return cp > ' ' && cp < 0x7F && strchr("$+<=>^`|~", (int)cp) == NULL ? UCAT_PUNCT : 0;
	}
	unsigned lo = 0, hi = ucat_n_ranges;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (cp < ucat_ranges[mid].lo)
			hi = mid;
		else if (cp > ucat_ranges[mid].hi)
			lo = mid + 1;
		else
			return ucat_ranges[mid].cls;
	}
	return 0;
}

size_t ucat_decode(const char *s, size_t n, uint32_t *cp)
{
	const uint8_t *u = (const uint8_t *)s;
	uint8_t c = u[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		goto invalid;
	}
	if (len > n)
		goto invalid;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto invalid;
		v = v << 6 | (u[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto invalid;
	*cp = v;
	return len;
invalid:
	*cp = UCAT_INVALID + c;
	return 1;
}
