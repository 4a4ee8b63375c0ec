/* find: a short word in a line, faster than memmem for the words gongkai
 * looks for.
 *
 * glibc's memmem prepares for long texts and spends several instructions on
 * every byte. The words searched here are a few UTF-8 characters. With SSE2
 * (every x86-64) 16 positions are tested at once for the word's first and
 * last byte: in Chinese text that pair is rare (a lead byte that starts
 * one character in ten or so, and a continuation byte at the right
 * distance), so the few candidates are compared in a loop; the last block
 * overlaps the one before it, to end at the line's end. Elsewhere, and in
 * lines too short for a block, memchr finds the word's last byte. */
#include "find.h"

#include <stdbool.h>
#include <string.h>

/* FIND_PORTABLE (for test_find) turns the SSE2 path off. */
#if defined(__SSE2__) && !defined(FIND_PORTABLE)
#define FIND_SSE2 1
#include <emmintrin.h>
#endif

static bool same_middle(const char *start, const char *word, size_t len)
{
	size_t k = 1;
	while (k < len - 1 && start[k] == word[k])
		k++;
	return k >= len - 1;
}

/* From s[from]: memchr for the last byte, then a compare there. */
static const char *find_by_last_byte(const char *s, size_t n, size_t from,
				     const char *word, size_t len)
{
	const char *p = s + from + len - 1, *end = s + n;
	while (p < end && (p = memchr(p, (unsigned char)word[len - 1], (size_t)(end - p))) != NULL) {
		const char *start = p - (len - 1);
		if (start[0] == word[0] && same_middle(start, word, len))
			return start;
		p++;
	}
	return NULL;
}

const char *find_word(const char *s, size_t n, const char *word, size_t len)
{
	if (len == 0 || len > n)
		return len == 0 ? s : NULL;
	if (len == 1)
		return memchr(s, (unsigned char)word[0], n);
	size_t i = 0;
#ifdef FIND_SSE2
	/* The block at i tests the starts i .. i+15 and reads s[i .. i+len-1+16).
	 * The last one is moved back to end at s's end: the starts it tests
	 * again did not match. */
	size_t starts = n - len + 1;
	if (starts >= 16) {
		__m128i first = _mm_set1_epi8(word[0]), last = _mm_set1_epi8(word[len - 1]);
		for (;;) {
			__m128i at_first = _mm_cmpeq_epi8(first, _mm_loadu_si128((const __m128i *)(s + i)));
			__m128i at_last = _mm_cmpeq_epi8(last, _mm_loadu_si128((const __m128i *)(s + i + len - 1)));
			unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(at_first, at_last));
			for (; mask; mask &= mask - 1) {
				const char *start = s + i + __builtin_ctz(mask);
				if (same_middle(start, word, len))
					return start;
			}
			if (i + 16 == starts)
				return NULL;
			i = i + 32 <= starts ? i + 16 : starts - 16;
		}
	}
#endif
	return find_by_last_byte(s, n, i, word, len);
}
