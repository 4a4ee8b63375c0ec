/* utf8: UTF-8 validity; see utf8.h.
 *
 * The validator is tuned for what gongkai reads: runs of ASCII, taken 8 bytes
 * at a time, and the three-byte sequences of CJK text, taken with one test
 * per character (leads E1-EC, EE, EF accept any two continuation bytes).
 * Everything else goes through the full check of the Unicode standard's
 * table of well-formed sequences. */
#include "utf8.h"

static bool is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

int utf8_lead(unsigned char c, unsigned char *low, unsigned char *high)
{
	*low = 0x80, *high = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		return 1;
	if (c >= 0xE0 && c <= 0xEF) {
		if (c == 0xE0)
			*low = 0xA0;
		if (c == 0xED)
			*high = 0x9F;
		return 2;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (c == 0xF0)
			*low = 0x90;
		if (c == 0xF4)
			*high = 0x8F;
		return 3;
	}
	return 0;
}

/* The length of the valid character at s[0..n), or 0. */
static size_t valid_char(const unsigned char *s, size_t n)
{
	unsigned char low, high;
	int need = utf8_lead(s[0], &low, &high);
	if (!need || n <= (size_t)need)
		return 0;
	for (int k = 1; k <= need; k++) {
		if (s[k] < low || s[k] > high)
			return 0;
		low = 0x80, high = 0xBF;
	}
	return (size_t)need + 1;
}

/* Two three-byte characters at once, while both leads are E1-EC or EE-EF
 * (no range check on the next byte needed) and all four continuation bytes
 * are 80-BF: one load and a few tests for six bytes of CJK text. The masks
 * assume little-endian byte order; elsewhere this returns 0 and the
 * character loop does the work. */
static size_t cjk_pairs(const char *s, size_t n)
{
	size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (n - i >= 8) {
		uint64_t w = bytes_load(s + i);
		if ((w & UINT64_C(0xC0C0F0C0C0F0)) != UINT64_C(0x8080E08080E0))
			break;
		unsigned first = w & 0x0F, second = (w >> 24) & 0x0F;
		if (first == 0 || first == 0xD || second == 0 || second == 0xD)
			break; /* E0 and ED narrow the next byte: the full check */
		i += 6;
	}
#else
	(void)s, (void)n;
#endif
	return i;
}

size_t utf8_valid_prefix(const char *in, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			/* A word of ASCII, else this byte alone: in Chinese text
			 * ASCII comes in short runs (digits, punctuation). */
			i += n - i >= 8 && !(bytes_load(in + i) & BYTES_HIGH) ? 8 : 1;
			continue;
		}
		size_t pairs = cjk_pairs(in + i, n - i);
		if (pairs) {
			i += pairs;
			continue;
		}
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 &&
		    is_continuation(s[i + 1]) && is_continuation(s[i + 2])) {
			i += 3;
			continue;
		}
		size_t len = valid_char(s + i, n - i);
		if (!len)
			return i;
		i += len;
	}
	return i;
}

size_t utf8_chars(const char *s, size_t n)
{
	size_t count = 0, i = 0;
	/* 8 bytes at a time: a continuation byte has its top bit set and the
	 * next one clear; the multiplication adds up the eight flags. */
	for (; n - i >= 8; i += 8) {
		uint64_t w = bytes_load(s + i);
		uint64_t continuation = w & ~(w << 1) & BYTES_HIGH;
		count += 8 - (size_t)(((continuation >> 7) * BYTES_ONES) >> 56);
	}
	for (; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}
