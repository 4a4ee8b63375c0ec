/* utf8: the UTF-8 validity test and the word-at-a-time byte scans that the
 * hot loops share (decoder, record reader and writer, line splitter).
 *
 * For: answering "is this valid UTF-8" and "where is the next byte of this
 * small set" faster than a byte loop. Not for: decoding or repairing text
 * (decode.c replaces invalid bytes, unorm.c decodes characters). */
#ifndef GONGKAI_UTF8_H
#define GONGKAI_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The length of the longest prefix of s[0..n) made of whole, valid UTF-8
 * characters (no overlongs, surrogates or code points above U+10FFFF). */
size_t utf8_valid_prefix(const char *s, size_t n);

/* How many continuation bytes lead byte c needs, and the range of the first
 * one (narrower after E0, ED, F0, F4); 0 when c cannot start a sequence. */
int utf8_lead(unsigned char c, unsigned char *low, unsigned char *high);

/* Characters (not bytes) in UTF-8 s[0..n), counted by their lead bytes. */
size_t utf8_chars(const char *s, size_t n);

static inline bool utf8_valid(const char *s, size_t n)
{
	return utf8_valid_prefix(s, n) == n;
}

/* Word-at-a-time tests on 8 bytes (the classic bit tricks): is some byte
 * below `limit` (limit <= 128), is some byte equal to c. Exact as yes/no. */
#define BYTES_ONES UINT64_C(0x0101010101010101)
#define BYTES_HIGH UINT64_C(0x8080808080808080)

static inline uint64_t bytes_load(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

static inline bool bytes_any_below(uint64_t w, unsigned char limit)
{
	return ((w - BYTES_ONES * limit) & ~w & BYTES_HIGH) != 0;
}

static inline bool bytes_any_equal(uint64_t w, unsigned char c)
{
	return bytes_any_below(w ^ (BYTES_ONES * c), 1);
}

/* The first byte of s[from..n) that is a line break (LF, CR, form feed),
 * or n. Text has a TAB now and then, never these inside a line. */
static inline size_t utf8_find_break(const char *s, size_t from, size_t n)
{
	size_t i = from;
	while (i < n) {
		if (n - i >= 8 && !bytes_any_below(bytes_load(s + i), '\r' + 1)) {
			i += 8;
			continue;
		}
		/* A word with a TAB or a break in it, or the tail: byte by byte. */
		size_t stop = n - i >= 8 ? i + 8 : n;
		for (; i < stop; i++)
			if (s[i] == '\n' || s[i] == '\r' || s[i] == '\f')
				return i;
	}
	return n;
}

#endif
