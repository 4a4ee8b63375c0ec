/* utf8: the UTF-8 validity test and the word-at-a-time and 16- and 32-byte (SSE2)
 * byte scans that the hot loops share (decoder, record reader and writer,
 * line splitter). The validator and the record reader's block scan use
 * AVX2 where the CPU has it (utf8.c).
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The length of the longest prefix of s[0..n) made of whole, valid UTF-8
 * characters (no overlongs, surrogates or code points above U+10FFFF). */
size_t utf8_valid_prefix(const char *s, size_t n);

/* AVX2 loops, here and in the money and table scans, are built where the
 * compiler takes target("avx2") one function at a time (HAVE_AVX2_LOOPS)
 * and run where the CPU has AVX2 (cpu_has_avx2, false without the loops):
 * one test for every module, inline, as it is made on every call. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX2_LOOPS 1
#endif

static inline bool cpu_has_avx2(void)
{
#ifdef HAVE_AVX2_LOOPS
	return __builtin_cpu_supports("avx2");
#else
	return false;
#endif
}

/* The same answer by one method each, for the tests: the portable loop, and
 * the AVX2 one (the portable loop where the compiler lacks AVX2; call it
 * only where cpu_has_avx2() is true). utf8_valid_prefix picks at run time. */
size_t utf8_valid_prefix_scalar(const char *s, size_t n);
size_t utf8_valid_prefix_avx2(const char *s, size_t n);

/* One pass over a block of the record stream: returns
 * utf8_valid_prefix(s, n) and marks, for all of s[0..n) however far the
 * valid prefix reaches, each TAB, LF, CR and backslash, and no other
 * byte: bit k % 64 of marks[k / 64] is set for s[k], bits past n are
 * clear. marks has (n + 63) / 64 words. The reader walks the bits to find
 * line ends, fields and escapes, so it reads each byte of the block once,
 * in this vector pass. The portable
 * twin (utf8_scan_marks_portable, with SSE2 where built with it) and the
 * AVX2 one (only where cpu_has_avx2()) give the same answer;
 * utf8_scan_marks picks at run time. */
size_t utf8_scan_marks(const char *s, size_t n, uint64_t *marks);
size_t utf8_scan_marks_portable(const char *s, size_t n, uint64_t *marks);
size_t utf8_scan_marks_avx2(const char *s, size_t n, uint64_t *marks);

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

/* Bit k set where s[at + k] is one of the bytes a, b, c, d, for k < 16 and
 * at + k < n. Callers walk the set bits, so a record's TABs and escapes
 * cost a few instructions each and the bytes between them one compare per
 * 16. With SSE2 the short end of a string is loaded as the last 16 bytes
 * of it and the mask shifted (a string under 16 bytes is copied into a
 * block of NUL bytes first); bytes_match16_portable is the byte loop used
 * without SSE2, kept callable so the tests compare the two. */
static inline unsigned bytes_match16_portable(const char *s, size_t at, size_t n,
					      char a, char b, char c, char d)
{
	unsigned mask = 0;
	for (size_t k = 0; at + k < n && k < 16; k++) {
		char x = s[at + k];
		mask |= (unsigned)(x == a || x == b || x == c || x == d) << k;
	}
	return mask;
}

#ifdef __SSE2__
static inline unsigned bytes_match_block(const char *block, char a, char b, char c, char d)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)block);
	__m128i ab = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)),
				  _mm_cmpeq_epi8(v, _mm_set1_epi8(b)));
	__m128i cd = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)),
				  _mm_cmpeq_epi8(v, _mm_set1_epi8(d)));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(ab, cd));
}
#endif

static inline unsigned bytes_match16(const char *s, size_t at, size_t n,
				     char a, char b, char c, char d)
{
#ifdef __SSE2__
	if (n - at >= 16)
		return bytes_match_block(s + at, a, b, c, d);
	if (n >= 16)
		return bytes_match_block(s + n - 16, a, b, c, d) >> (16 - (n - at));
	char block[16] = { 0 };
	memcpy(block, s + at, n - at);
	/* NUL matches only when it is in the set: then cut the padding off. */
	return bytes_match_block(block, a, b, c, d) & ((1u << (n - at)) - 1);
#else
	return bytes_match16_portable(s, at, n, a, b, c, d);
#endif
}

/* The same test on 32 bytes: bit k for s[at + k], k < 32 and at + k < n.
 * Two SSE2 blocks per step and one branch to end a field's loop in half
 * the steps; the short end goes through bytes_match16 as above. */
static inline uint32_t bytes_match32(const char *s, size_t at, size_t n,
				     char a, char b, char c, char d)
{
#ifdef __SSE2__
	if (n - at >= 32)
		return bytes_match_block(s + at, a, b, c, d) |
		       (uint32_t)bytes_match_block(s + at + 16, a, b, c, d) << 16;
#endif
	uint32_t mask = bytes_match16(s, at, n, a, b, c, d);
	if (n - at > 16)
		mask |= (uint32_t)bytes_match16(s, at + 16, n, a, b, c, d) << 16;
	return mask;
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
