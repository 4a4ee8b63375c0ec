/* utf8: UTF-8 validity; see utf8.h.
 *
 * Two validators give the same answer. The portable one is tuned for what
 * gongkai reads: runs of ASCII, taken 8 bytes at a time, and the three-byte
 * sequences of CJK text, taken with one test per character (leads E1-EC,
 * EE, EF accept any two continuation bytes); everything else goes through
 * the full check of the Unicode standard's table of well-formed sequences.
 * On x86-64 with AVX2 (checked at run time) the lookup-table algorithm of
 * Keiser and Lemire, "Validating UTF-8 In Less Than One Instruction Per
 * Byte" (2021), as in simdjson and simdutf, checks 32 bytes per step and
 * only says whether a block is clean; where it is not, the portable loop
 * takes over from the last character boundary known good and finds the
 * exact end of the valid prefix, which decode.c relies on. The record
 * reader's block scan (utf8_scan_marks) runs the same test 128 bytes per
 * step over a whole read block, the bytes before each 32 loaded again
 * where they stand rather than shifted in, and marks the bytes the reader
 * looks for in the same loads, with one table lookup. */
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

size_t utf8_valid_prefix_scalar(const char *in, size_t n)
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

static bool is_mark(char c)
{
	return c == '\t' || c == '\n' || c == '\r' || c == '\\';
}

/* The marks (utf8.h) of s[0..n), n <= 64, a byte at a time: the short
 * end of a block, and the definition the vector versions must agree with. */
static uint64_t marks_bytes(const char *s, size_t n)
{
	uint64_t w = 0;
	for (size_t k = 0; k < n; k++)
		w |= (uint64_t)is_mark(s[k]) << k;
	return w;
}

#ifdef __SSE2__
static uint64_t marks16(const char *s)
{
	return bytes_match_block(s, '\t', '\n', '\r', '\\');
}
#endif

static uint64_t marks64(const char *s)
{
#ifdef __SSE2__
	return marks16(s) | marks16(s + 16) << 16 | marks16(s + 32) << 32 |
	       marks16(s + 48) << 48;
#else
	return marks_bytes(s, 64);
#endif
}

size_t utf8_scan_marks_portable(const char *s, size_t n, uint64_t *marks)
{
	size_t i = 0;
	for (; n - i >= 64; i += 64)
		marks[i / 64] = marks64(s + i);
	if (i < n)
		marks[i / 64] = marks_bytes(s + i, n - i);
	return utf8_valid_prefix_scalar(s, n);
}

#ifdef HAVE_AVX2_LOOPS
#include <immintrin.h>

/* Error classes of a byte pair (the byte before, this byte), one bit each;
 * three 16-entry tables, indexed by the high and low nibble of the byte
 * before and the high nibble of this one, each give the classes that
 * nibble allows, and a pair is in a class when all three agree. */
enum {
	TOO_SHORT = 1 << 0,  /* a lead not followed by a continuation */
	TOO_LONG = 1 << 1,   /* ASCII followed by a continuation */
	OVERLONG_3 = 1 << 2, /* E0 80-9F */
	TOO_LARGE = 1 << 3,  /* F4 90-BF, F5-FF 90-BF: above U+10FFFF */
	SURROGATE = 1 << 4,  /* ED A0-BF */
	OVERLONG_2 = 1 << 5, /* C0, C1 */
	TOO_LARGE_1000 = 1 << 6, /* F5-FF 80-8F */
	OVERLONG_4 = 1 << 6, /* F0 80-8F (same bit: the nibbles tell apart) */
	TWO_CONTS = 1 << 7,  /* a continuation after a continuation */
	CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS, /* need no low nibble */
};

static const uint8_t before_high[16] = {
	TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
	TOO_SHORT | OVERLONG_2,
	TOO_SHORT,
	TOO_SHORT | OVERLONG_3 | SURROGATE,
	TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
};

static const uint8_t before_low[16] = {
	CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
	CARRY | OVERLONG_2,
	CARRY,
	CARRY,
	CARRY | TOO_LARGE,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000,
};

static const uint8_t this_high[16] = {
	TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
};

/* The marked bytes by their low nibble: a byte is marked when the entry
 * of its low nibble is the byte itself. The other entries are 0x80, which
 * no byte below 0x80 equals, and a byte from 0x80 up looks up 0 (a
 * shuffle's rule), which it does not equal either. One shuffle and one
 * compare find the four bytes. */
static const uint8_t mark_table[16] = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, '\t', '\n', 0x80, '\\', '\r', 0x80, 0x80,
};

/* The constant vectors of the loops below. GCC would build each afresh
 * (two or three instructions) in every step of a loop rather than keep it
 * in a register; an empty asm makes it an opaque value, which is kept in a
 * register or read from the stack as an operand, for nothing. */
struct vectors {
	__m256i before_high, before_low, this_high;
	__m256i low_nibble, third, fourth, top, mark_table;
};

__attribute__((target("avx2")))
static __m256i table_vector(const uint8_t table[16])
{
	__m128i t = _mm_loadu_si128((const __m128i *)(const void *)table);
	__m256i v = _mm256_broadcastsi128_si256(t);
	__asm__("" : "+x"(v));
	return v;
}

__attribute__((target("avx2")))
static __m256i byte_vector(unsigned char c)
{
	__m256i v = _mm256_set1_epi8((char)c);
	__asm__("" : "+x"(v));
	return v;
}

__attribute__((target("avx2"), always_inline))
static inline struct vectors vectors_make(void)
{
	return (struct vectors){
		.before_high = table_vector(before_high),
		.before_low = table_vector(before_low),
		.this_high = table_vector(this_high),
		.low_nibble = byte_vector(0x0F),
		.third = byte_vector(0xE0 - 0x80),
		.fourth = byte_vector(0xF0 - 0x80),
		.top = byte_vector(0x80),
		.mark_table = table_vector(mark_table),
	};
}

__attribute__((target("avx2"), always_inline))
static inline __m256i high_nibbles(__m256i v, const struct vectors *k)
{
	return _mm256_and_si256(_mm256_srli_epi16(v, 4), k->low_nibble);
}

/* Nonzero bytes where the 32 bytes of input break the rules, given the
 * same 32 bytes as they stand 1, 2 and 3 bytes before it (prev1, prev2,
 * prev3). A pair table cannot see the third and fourth byte of a
 * sequence, so those are checked apart: a byte two after an E0-FF lead or
 * three after an F0-FF lead must be a continuation after a continuation
 * (TWO_CONTS), and TWO_CONTS anywhere else is an error. An incomplete
 * character at the end of input is left for the next block to catch. */
__attribute__((target("avx2"), always_inline))
static inline __m256i sequence_errors(__m256i input, __m256i prev1, __m256i prev2, __m256i prev3,
				      const struct vectors *k)
{
	__m256i pairs = _mm256_and_si256(
		_mm256_and_si256(_mm256_shuffle_epi8(k->before_high, high_nibbles(prev1, k)),
				 _mm256_shuffle_epi8(k->before_low,
						     _mm256_and_si256(prev1, k->low_nibble))),
		_mm256_shuffle_epi8(k->this_high, high_nibbles(input, k)));
	/* Saturating subtraction leaves the top bit set exactly for a byte
	 * two after E0-FF or three after F0-FF. */
	__m256i third = _mm256_subs_epu8(prev2, k->third);
	__m256i fourth = _mm256_subs_epu8(prev3, k->fourth);
	__m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), k->top);
	return _mm256_xor_si256(must_continue, pairs);
}

/* The same for the 32 bytes of input after the 32 of prev: the bytes
 * before input are shifted in from prev. */
__attribute__((target("avx2"), always_inline))
static inline __m256i block_errors(__m256i input, __m256i prev, const struct vectors *k)
{
	__m256i carried = _mm256_permute2x128_si256(prev, input, 0x21);
	return sequence_errors(input, _mm256_alignr_epi8(input, carried, 15),
			       _mm256_alignr_epi8(input, carried, 14),
			       _mm256_alignr_epi8(input, carried, 13), k);
}

/* The same for the 32 bytes input at `at`, where the 3 bytes before can be
 * read: the bytes before are loaded again where they stand, three loads
 * in place of a permute and three shifts. */
__attribute__((target("avx2"), always_inline))
static inline __m256i errors_at(const unsigned char *at, __m256i input, const struct vectors *k)
{
	return sequence_errors(input, _mm256_loadu_si256((const __m256i *)(const void *)(at - 1)),
			       _mm256_loadu_si256((const __m256i *)(const void *)(at - 2)),
			       _mm256_loadu_si256((const __m256i *)(const void *)(at - 3)), k);
}

/* Bytes at the end of a clean block that start a character the next block
 * finishes. A clean block has whole sequences, so a lead in the last byte,
 * a three- or four-byte lead in the one before or a four-byte lead in the
 * one before that is the only way to end early. */
static size_t unfinished(const unsigned char *end)
{
	if (end[-1] >= 0xC0)
		return 1;
	if (end[-2] >= 0xE0)
		return 2;
	if (end[-3] >= 0xF0)
		return 3;
	return 0;
}

/* Below VECTOR bytes there is no whole block: the portable loop alone. */
enum { VECTOR = 32 };

/* Does this block, after prev, keep the text valid so far? `good` is the
 * end of the prefix known valid, always a character boundary; a clean block
 * at offset i moves it on. An ASCII block needs no tables: only an
 * unfinished character before it (good short of i) makes it an error. */
__attribute__((target("avx2")))
static bool block_clean(__m256i input, __m256i prev, size_t i, size_t good,
			const struct vectors *k)
{
	if (!_mm256_movemask_epi8(input))
		return good == i;
	__m256i errors = block_errors(input, prev, k);
	return _mm256_testz_si256(errors, errors);
}

/* The first block with an error hands over to the portable loop at `good`,
 * which finds the exact end. The portable loop also takes the last, short
 * block, from `good` (at most 3 bytes back): a copy padded to 32 bytes
 * costs a stalled load (the CPU cannot forward the copy's small stores to
 * one wide load), more than the loop spends on a line's last few
 * characters. (Loading the last 32 bytes instead, after the 32 before them,
 * was slower: it cannot take the ASCII path.) */
__attribute__((target("avx2")))
size_t utf8_valid_prefix_avx2(const char *in, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	const struct vectors k = vectors_make();
	__m256i prev = _mm256_setzero_si256();
	size_t good = 0;
	for (size_t i = 0; n - i >= VECTOR; i += VECTOR) {
		__m256i input = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		if (!block_clean(input, prev, i, good, &k))
			break;
		good = i + VECTOR - unfinished(s + i + VECTOR);
		prev = input;
	}
	return good + utf8_valid_prefix_scalar(in + good, n - good);
}

__attribute__((target("avx2"), always_inline))
static inline uint32_t marks32(__m256i v, const struct vectors *k)
{
	__m256i entry = _mm256_shuffle_epi8(k->mark_table, v);
	return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(entry, v));
}

/* The marks of 64 bytes a, b into *word: the two halves stored as they
 * are, the low one first (x86 is little-endian), not joined in a register. */
__attribute__((target("avx2"), always_inline))
static inline void store_marks(uint64_t *word, __m256i a, __m256i b, const struct vectors *k)
{
	uint32_t low = marks32(a, k), high = marks32(b, k);
	memcpy(word, &low, 4);
	memcpy((char *)word + 4, &high, 4);
}

__attribute__((target("avx2"), always_inline))
static inline __m256i load32(const unsigned char *at)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)at);
}

__attribute__((target("avx2"), always_inline))
static inline bool none(__m256i errors)
{
	return _mm256_testz_si256(errors, errors);
}

/* The 64 bytes at `at`, after 3 that can be read: their marks into
 * *word, and their errors. The empty asms end one block's work before the
 * next begins: interleaved, the two blocks' temporaries and the eight
 * constant vectors are more than the 16 registers, and GCC spills. */
__attribute__((target("avx2"), always_inline))
static inline __m256i scan_pair(const unsigned char *at, uint64_t *word, const struct vectors *k)
{
	__m256i a = load32(at), b = load32(at + 32);
	store_marks(word, a, b, k);
	__m256i errors = errors_at(at, a, k);
	__asm__("" : "+x"(errors));
	return _mm256_or_si256(errors, errors_at(at + 32, b, k));
}

/* A read block is long, so the loop takes 128 bytes per step, two words
 * of marks, and the portable loop only the last few bytes of the block,
 * or from the last character boundary before the step with the first
 * error; after that the loop finds the marks alone. There is no shortcut
 * for ASCII (no table lookups where no byte is above 0x7F): the blocks of
 * a record stream, cut from Chinese text, are never all ASCII, so the
 * test would cost every step and pay in none. The tables see an
 * unfinished character before ASCII as the error it is. The prefix known
 * good is not carried from step to step but worked out once, where the
 * loop stops. */
__attribute__((target("avx2")))
size_t utf8_scan_marks_avx2(const char *in, size_t n, uint64_t *marks)
{
	const unsigned char *s = (const unsigned char *)in, *at = s, *last = s + n / 64 * 64;
	const struct vectors k = vectors_make();
	const unsigned char *stop = last; /* where the checked pairs end */
	uint64_t *word = marks;
	/* The first pair: no byte before it can be read. */
	if (at < last) {
		__m256i a = load32(at), b = load32(at + 32);
		store_marks(word, a, b, &k);
		if (none(_mm256_or_si256(block_errors(a, _mm256_setzero_si256(), &k),
					 errors_at(at + 32, b, &k))))
			at += 64, word++;
		else
			stop = at;
	}
	for (; stop - at >= 128; at += 128, word += 2) {
		__m256i errors = scan_pair(at, word, &k);
		__asm__("" : "+x"(errors));
		if (!none(_mm256_or_si256(errors, scan_pair(at + 64, word + 1, &k))))
			break;
	}
	if (stop - at == 64 && none(scan_pair(at, word, &k)))
		at += 64, word++;
	size_t good = at == s ? 0 : (size_t)(at - s) - unfinished(at);
	size_t valid = good + utf8_valid_prefix_scalar(in + good, n - good);
	for (; at < last; at += 64, word++)
		store_marks(word, load32(at), load32(at + 32), &k);
	if (at < s + n)
		*word = marks_bytes((const char *)at, (size_t)(s + n - at));
	return valid;
}
#else
size_t utf8_valid_prefix_avx2(const char *s, size_t n)
{
	return utf8_valid_prefix_scalar(s, n);
}

size_t utf8_scan_marks_avx2(const char *s, size_t n, uint64_t *marks)
{
	return utf8_scan_marks_portable(s, n, marks);
}
#endif

size_t utf8_valid_prefix(const char *s, size_t n)
{
#ifdef HAVE_AVX2_LOOPS
	if (n >= VECTOR && cpu_has_avx2())
		return utf8_valid_prefix_avx2(s, n);
#endif
	return utf8_valid_prefix_scalar(s, n);
}

size_t utf8_scan_marks(const char *s, size_t n, uint64_t *marks)
{
	if (cpu_has_avx2())
		return utf8_scan_marks_avx2(s, n, marks);
	return utf8_scan_marks_portable(s, n, marks);
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
