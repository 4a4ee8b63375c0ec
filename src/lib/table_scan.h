/* table_scan: the byte scans table.c runs over every line and many cells.
 *
 * Every record asks whether its line holds a `|`, a `:` or a 表 (E8 A1 A8),
 * and many cells and lines whether they hold a 。 (E3 80 82) or another
 * three-byte character: mostly the answer is no, and a no must cost a few
 * instructions, not a call of find_word. Not a search library: each scan
 * answers one question table.c asks, exactly as its plain definition would
 * (tests/unit/test_table.c compares them). The text is read in windows: window(s, n, p, d)
 * holds s[j + d] for the sixteen starts j from p, and the windows a scan
 * takes hold every start j with j + 2 < n, so a test of all their lanes is
 * exact. The last window overlaps the one before instead of being copied
 * out; a text under 18 bytes is one window of two halves, 8 bytes (under 10
 * bytes, 4) from each of its ends, which overlap the same way, the lanes
 * left over zero, a byte no scan looks for. Under 6 bytes the bytes are
 * looked at one by one. */
#ifndef GONGKAI_TABLE_SCAN_H
#define GONGKAI_TABLE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h" /* HAVE_AVX2_LOOPS, cpu_has_avx2 */

#ifdef HAVE_AVX2_LOOPS
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The longest line that may be a caption (table.c asks for 表 in such). */
enum { TABLE_CAPTION_MAX = 90 };

#ifdef __SSE2__
static inline __m128i window(const char *s, size_t n, size_t p, size_t d)
{
	if (n >= 18)
		return _mm_loadu_si128((const __m128i *)(const void *)(s + p + d));
	if (n >= 10)
		return _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(s + d)),
					  _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 10 + d)));
	int32_t low, high;
	memcpy(&low, s + d, 4), memcpy(&high, s + n - 6 + d, 4);
	return _mm_unpacklo_epi32(_mm_cvtsi32_si128(low), _mm_cvtsi32_si128(high));
}

/* Where the last window of s[0..n) (n >= 6) starts; the others start at
 * 0, 16, 32, ... below it. */
static inline size_t last_window(size_t n)
{
	return n >= 18 ? n - 18 : 0;
}
#endif

/* Does s hold the three bytes a b c in a row (a character of CJK text)?
 * As find_word answers, at a few instructions a window where find_word
 * would cost a call: the texts asked are cells, column paths and short
 * lines. Always inline: with the bytes known the vectors are constants. */
static inline __attribute__((always_inline)) bool has_triple(const char *s, size_t n, char a, char b,
							   char c)
{
#ifdef __SSE2__
	if (n < 6) {
		for (size_t j = 0; j + 2 < n; j++)
			if (s[j] == a && s[j + 1] == b && s[j + 2] == c)
				return true;
		return false;
	}
	const __m128i first = _mm_set1_epi8(a), second = _mm_set1_epi8(b), third = _mm_set1_epi8(c);
	__m128i hit = _mm_setzero_si128();
	for (size_t p = 0, last = last_window(n);; p += 16) {
		if (p > last)
			p = last;
		hit = _mm_or_si128(hit, _mm_and_si128(_mm_and_si128(
			_mm_cmpeq_epi8(window(s, n, p, 0), first), _mm_cmpeq_epi8(window(s, n, p, 1), second)),
			_mm_cmpeq_epi8(window(s, n, p, 2), third)));
		if (p == last)
			break;
	}
	return _mm_movemask_epi8(hit) != 0;
#else
	for (size_t j = 0; j + 2 < n; j++)
		if (s[j] == a && s[j + 1] == b && s[j + 2] == c)
			return true;
	return false;
#endif
}

/* Which marks a line holds, as line_marks would find them, but only
 * whether each is there: most lines hold none. A 表 is asked for in a line
 * short enough for a caption only, and in such a line MAY_UNIT is a colon
 * after a byte 8D (the last of 位), in a longer one any colon: where it is
 * set, find_unit_mark reads the line. The windows above; the bytes are
 * tested in the first vector of every window and in the third of the last,
 * which between them hold every byte; a line too long for a caption in
 * plain blocks. */
enum { HAS_PIPE = 1, MAY_UNIT = 2, HAS_TABLE_WORD = 4 };

static inline unsigned line_kinds_sse2(const char *s, size_t n)
{
#ifdef __SSE2__
	const __m128i pipe = _mm_set1_epi8('|'), colon = _mm_set1_epi8(':');
	__m128i pipes = _mm_setzero_si128(), colons = pipes, words = pipes, v, v2;
	if (n > TABLE_CAPTION_MAX) { /* bytes only: plain blocks, the last one overlapping */
		for (size_t p = 0;; p += 16) {
			if (p + 16 > n)
				p = n - 16;
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
			pipes = _mm_or_si128(pipes, _mm_cmpeq_epi8(v, pipe));
			colons = _mm_or_si128(colons, _mm_cmpeq_epi8(v, colon));
			if (p + 16 == n)
				break;
		}
	} else if (n < 6) {
		unsigned kinds = 0;
		for (size_t j = 0; j < n; j++)
			kinds |= (s[j] == '|' ? HAS_PIPE : 0) |
				 (s[j] == ':' && j >= 2 && s[j - 1] == '\x8D' ? MAY_UNIT : 0) |
				 (j + 2 < n && !memcmp(s + j, "表", 3) ? HAS_TABLE_WORD : 0);
		return kinds;
	} else {
		const __m128i lead = _mm_set1_epi8('\xE8'), mid = _mm_set1_epi8('\xA1'),
			      end = _mm_set1_epi8('\xA8');
		for (size_t p = 0, last = last_window(n);; p += 16) {
			if (p > last)
				p = last;
			v = window(s, n, p, 0), v2 = window(s, n, p, 2);
			__m128i v1 = window(s, n, p, 1);
			pipes = _mm_or_si128(pipes, _mm_cmpeq_epi8(v, pipe));
			colons = _mm_or_si128(colons, _mm_and_si128(_mm_cmpeq_epi8(v1, _mm_set1_epi8('\x8D')),
								    _mm_cmpeq_epi8(v2, colon)));
			words = _mm_or_si128(words, _mm_and_si128(
				_mm_and_si128(_mm_cmpeq_epi8(v, lead), _mm_cmpeq_epi8(v1, mid)),
				_mm_cmpeq_epi8(v2, end)));
			if (p == last)
				break;
		}
		pipes = _mm_or_si128(pipes, _mm_cmpeq_epi8(v2, pipe));
	}
	if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(pipes, colons), words)) == 0)
		return 0; /* most lines: one test */
	return (_mm_movemask_epi8(pipes) ? HAS_PIPE : 0) | (_mm_movemask_epi8(colons) ? MAY_UNIT : 0) |
	       (_mm_movemask_epi8(words) ? HAS_TABLE_WORD : 0);
#else
	(void)s, (void)n;
	return HAS_PIPE; /* not known: line_marks finds out */
#endif
}

#ifdef HAVE_AVX2_LOOPS
unsigned line_kinds_avx2(const char *s, size_t n);

__attribute__((target("avx2")))
static inline __m256i load32(const char *p)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)p);
}
#endif

/* avx2: the machine has AVX2, and a line of 34 bytes or more is read 32
 * at a time. */
static inline unsigned line_kinds(const char *s, size_t n, bool avx2)
{
#ifdef HAVE_AVX2_LOOPS
	if (avx2 && n >= 34)
		return line_kinds_avx2(s, n);
#else
	(void)avx2;
#endif
	return line_kinds_sse2(s, n);
}

#endif
