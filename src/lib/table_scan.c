/* table_scan: line_kinds for AVX2, compiled for it alone; see table_scan.h. */
#include "table_scan.h"

#ifdef HAVE_AVX2_LOOPS
/* line_kinds_sse2 32 bytes at a time, for a line of at least 34; a long
 * line 64 at a time. */
__attribute__((target("avx2")))
unsigned line_kinds_avx2(const char *s, size_t n)
{
	const __m256i pipe = _mm256_set1_epi8('|'), colon = _mm256_set1_epi8(':');
	__m256i pipes = _mm256_setzero_si256(), colons = pipes, words = pipes, v, v2;
	if (n > TABLE_CAPTION_MAX) {
		size_t p = 0;
		for (; p + 64 <= n; p += 64) {
			v = load32(s + p), v2 = load32(s + p + 32);
			pipes = _mm256_or_si256(pipes, _mm256_or_si256(_mm256_cmpeq_epi8(v, pipe),
								       _mm256_cmpeq_epi8(v2, pipe)));
			colons = _mm256_or_si256(colons, _mm256_or_si256(_mm256_cmpeq_epi8(v, colon),
									 _mm256_cmpeq_epi8(v2, colon)));
		}
		if (p < n) { /* the rest, in two blocks that may overlap what is done */
			v = load32(s + (p + 32 <= n ? p : n - 32)), v2 = load32(s + n - 32);
			pipes = _mm256_or_si256(pipes, _mm256_or_si256(_mm256_cmpeq_epi8(v, pipe),
								       _mm256_cmpeq_epi8(v2, pipe)));
			colons = _mm256_or_si256(colons, _mm256_or_si256(_mm256_cmpeq_epi8(v, colon),
									 _mm256_cmpeq_epi8(v2, colon)));
		}
	} else {
		const __m256i lead = _mm256_set1_epi8('\xE8'), mid = _mm256_set1_epi8('\xA1'),
			      end = _mm256_set1_epi8('\xA8');
		for (size_t p = 0, last = n - 34;; p += 32) {
			if (p > last)
				p = last;
			v = load32(s + p), v2 = load32(s + p + 2);
			__m256i v1 = load32(s + p + 1);
			pipes = _mm256_or_si256(pipes, _mm256_cmpeq_epi8(v, pipe));
			colons = _mm256_or_si256(colons, _mm256_and_si256(
				_mm256_cmpeq_epi8(v1, _mm256_set1_epi8('\x8D')), _mm256_cmpeq_epi8(v2, colon)));
			words = _mm256_or_si256(words, _mm256_and_si256(
				_mm256_and_si256(_mm256_cmpeq_epi8(v, lead), _mm256_cmpeq_epi8(v1, mid)),
				_mm256_cmpeq_epi8(v2, end)));
			if (p == last)
				break;
		}
		pipes = _mm256_or_si256(pipes, _mm256_cmpeq_epi8(v2, pipe));
	}
	__m256i any = _mm256_or_si256(_mm256_or_si256(pipes, colons), words);
	if (_mm256_testz_si256(any, any))
		return 0; /* most lines: one test */
	return (_mm256_testz_si256(pipes, pipes) ? 0 : HAS_PIPE) |
	       (_mm256_testz_si256(colons, colons) ? 0 : MAY_UNIT) |
	       (_mm256_testz_si256(words, words) ? 0 : HAS_TABLE_WORD);
}
#endif

