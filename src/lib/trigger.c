/* trigger: finding the first trigger (see trigger.h) in a line.
 *
 * A byte loop is slow here: the lead bytes of 指标 and 绩效 (E6, E7) start a
 * third of all CJK characters, so a table of first bytes stops at most of
 * them. SSE2 (on every x86-64) tests 16 positions at once on their first
 * two or three bytes, read by three overlapping loads; the rare position
 * that passes is then tested exactly, bounds included, by the same
 * trigger_at the byte loop uses. The vector test only narrows: a trigger
 * always passes it, so the first exact hit among its candidates, taken in
 * order, is the first trigger. At the end one more block is read whose
 * loads end at n, its positions already tested masked off; the last two
 * positions, where only a one-byte sign fits, and texts shorter than a
 * block go to the byte loop. */
#include "trigger.h"

#include <string.h>

static bool trigger_at(const char *t, size_t i, size_t n, unsigned set)
{
	unsigned char c = (unsigned char)t[i];
	unsigned char next = i + 2 < n ? (unsigned char)t[i + 1] : 0;
	if (c == '<' || c == '=' || c == '>')
		return set & TRIGGER_SIGN;
	if (c == 0xE2)
		return (set & TRIGGER_SIGN) && (next == 0x89 || next == 0xA9);
	if (c == 0xEF)
		return (set & TRIGGER_FULLWIDTH) && next == 0xBC;
	if (i + 6 > n)
		return false;
	return (c == 0xE6 && (set & TRIGGER_INDICATOR) && memcmp(t + i, "指标", 6) == 0) ||
	       (c == 0xE7 && (set & TRIGGER_PERFORMANCE) && memcmp(t + i, "绩效", 6) == 0);
}

size_t trigger_find_scalar(const char *t, size_t from, size_t n, unsigned set)
{
	/* The first bytes a trigger can start with; one look passes the rest. */
	static const bool may_start[256] = {
		['<'] = true, ['='] = true, ['>'] = true, [0xE2] = true,
		[0xE6] = true, [0xE7] = true, [0xEF] = true,
	};
	for (size_t i = from; i < n; i++)
		if (may_start[(unsigned char)t[i]] && trigger_at(t, i, n, set))
			return i;
	return n;
}

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>

static __m128i is128(__m128i v, unsigned char c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c));
}

/* Bytes equal to a, b, c at positions 0, 1, 2 from each position. */
static __m128i starts128(__m128i v0, __m128i v1, __m128i v2, unsigned char a, unsigned char b,
			 unsigned char c)
{
	return _mm_and_si128(_mm_and_si128(is128(v0, a), is128(v1, b)), is128(v2, c));
}

/* One bit per position of t[i..i+16) whose first bytes may start a
 * trigger of set; needs t[i..i+18) readable. Only the kinds asked for are
 * tested: the section paths are searched for 绩效 alone. */
__attribute__((always_inline))
static inline unsigned candidates128(const char *t, size_t i, unsigned set)
{
	__m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
	__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(t + i + 1));
	__m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(t + i + 2));
	__m128i any = _mm_setzero_si128();
	if (set & TRIGGER_SIGN) {
		/* `<` `=` `>` are 3C..3E: subtracting 3C leaves 0..2, unsigned. */
		__m128i off = _mm_sub_epi8(v0, _mm_set1_epi8(0x3C));
		__m128i ascii = _mm_cmpeq_epi8(_mm_min_epu8(off, _mm_set1_epi8(2)), off);
		__m128i math = _mm_and_si128(is128(v0, 0xE2),
					     _mm_or_si128(is128(v1, 0x89), is128(v1, 0xA9)));
		any = _mm_or_si128(ascii, math);
	}
	if (set & TRIGGER_FULLWIDTH)
		any = _mm_or_si128(any, _mm_and_si128(is128(v0, 0xEF), is128(v1, 0xBC)));
	if (set & TRIGGER_INDICATOR)
		any = _mm_or_si128(any, starts128(v0, v1, v2, 0xE6, 0x8C, 0x87)); /* 指 */
	if (set & TRIGGER_PERFORMANCE)
		any = _mm_or_si128(any, starts128(v0, v1, v2, 0xE7, 0xBB, 0xA9)); /* 绩 */
	return (unsigned)_mm_movemask_epi8(any);
}

/* The first trigger among the candidates at t[i + skip..i + 16), or n. */
__attribute__((always_inline))
static inline size_t first_in_block128(const char *t, size_t i, size_t n, unsigned set,
				       unsigned skip)
{
	for (unsigned mask = candidates128(t, i, set) >> skip << skip; mask; mask &= mask - 1) {
		size_t at = i + (size_t)__builtin_ctz(mask);
		if (trigger_at(t, at, n, set))
			return at;
	}
	return n;
}

/* Inlined into each caller below with set a constant, so that the tests
 * of set fold away. */
__attribute__((always_inline))
static inline size_t find_sse2_for(const char *t, size_t from, size_t n, unsigned set)
{
	if (n - from < 18)
		return trigger_find_scalar(t, from, n, set);
	size_t i = from, at;
	for (; n - i >= 18; i += 16)
		if ((at = first_in_block128(t, i, n, set, 0)) < n)
			return at;
	/* The untested positions before n - 2 in one more block, the one
	 * whose loads end at n; it repeats some tested ones, skipped. */
	size_t last = n - 18;
	if (i < n - 2 && (at = first_in_block128(t, last, n, set, (unsigned)(i - last))) < n)
		return at;
	/* Only a `<` `=` `>` fits in the last two bytes. */
	return trigger_find_scalar(t, i > n - 2 ? i : n - 2, n, set);
}

/* The sets kpi.c searches for, each compiled on its own (4% of
 * extract-kpis's time against one copy that tests set as it goes). */
enum { SENTENCE = TRIGGER_SIGN | TRIGGER_INDICATOR | TRIGGER_PERFORMANCE };

size_t trigger_find_sse2(const char *t, size_t from, size_t n, unsigned set)
{
	switch (set) {
	case TRIGGER_PERFORMANCE:
		return find_sse2_for(t, from, n, TRIGGER_PERFORMANCE);
	case SENTENCE:
		return find_sse2_for(t, from, n, SENTENCE);
	case SENTENCE | TRIGGER_FULLWIDTH:
		return find_sse2_for(t, from, n, SENTENCE | TRIGGER_FULLWIDTH);
	default:
		return find_sse2_for(t, from, n, set);
	}
}

size_t trigger_find(const char *t, size_t from, size_t n, unsigned set)
{
	return trigger_find_sse2(t, from, n, set);
}
#else
size_t trigger_find_sse2(const char *t, size_t from, size_t n, unsigned set)
{
	return trigger_find_scalar(t, from, n, set);
}

size_t trigger_find(const char *t, size_t from, size_t n, unsigned set)
{
	return trigger_find_scalar(t, from, n, set);
}
#endif
