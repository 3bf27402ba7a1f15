/*
 * hex: the value of one hexadecimal digit, shared by the JSON \u decoder,
 * key files and vault keys.
 */
#ifndef LLM_HEX_H
#define LLM_HEX_H

/* 0..15, or -1 for a byte that is not a hex digit. */
static inline int hex_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
