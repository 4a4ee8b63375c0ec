/* money: amounts of money in one normalized line, by a hand-written scanner.
 *
 * The scan skips bytes until something that can start a numeral (an ASCII
 * digit or a Chinese numeral character), reads the numeral with cjknum, then
 * looks right for 余/多, a multiplier and a currency word, and left for a
 * currency prefix (人民币, ¥, RMB) and 约/近. A number without a currency is
 * not money, unless a list or range hands it the unit of the number after
 * it (100-200万元, 三五百块). No regular expressions: one pass, no state.
 *
 * Most of a line is neither: two searches skip it 32 bytes at a time where
 * the CPU has AVX2 (chosen at run time; each has a portable twin that
 * test_money and fuzz_money compare it with), the one for the last sign of
 * yuan (MONEY_ONLY_YUAN reads no number after it) and the one for the next
 * numeral. The words around a numeral are told by their whole character, a
 * 24-bit number (CH), through switches rather than walks of word lists. */
#include "money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjknum.h"
#include "sys.h"
#include "utf8.h"

struct unit {
	const char *text;
	size_t len;        /* of text */
	const char *code;
};
#define U(text, code) { text, sizeof text - 1, code }

/* Foreign currencies, longest first where one name begins another. They
 * are tried before 元 so that 1200亿美元 is never read as yuan. */
static const struct unit FOREIGN[] = {
	U("美元", "USD"), U("美金", "USD"), U("美圆", "USD"),
	U("美刀", "USD"), U("美分", "USD"), U("欧元", "EUR"),
	U("欧分", "EUR"), U("日元", "JPY"), U("日圆", "JPY"),
	U("日币", "JPY"), U("港元", "HKD"), U("港币", "HKD"),
	U("港圆", "HKD"), U("英镑", "GBP"), U("瑞士法郎", "CHF"),
	U("法郎", "FRF"), U("卢布", "RUB"), U("韩元", "KRW"),
	U("韩币", "KRW"), U("澳门元", "MOP"), U("澳门币", "MOP"),
	U("澳元", "AUD"), U("澳币", "AUD"), U("加元", "CAD"),
	U("加币", "CAD"), U("新台币", "TWD"), U("台币", "TWD"),
	U("新加坡元", "SGD"), U("新西兰元", "NZD"), U("新元", "SGD"),
	U("泰铢", "THB"), U("奈拉", "NGN"), U("比特币", "BTC"),
	U("卢比", "INR"), U("林吉特", "MYR"), U("越南盾", "VND"),
	U("比索", "PHP"), U("里拉", "TRY"), U("马克", "DEM"),
};

/* Written before the number: 人民币3,000元, ¥25.5, RMB 100, 港币两千元. */
static const struct unit PREFIX[] = {
	U("人民币", "CNY"), U("RMB", "CNY"), U("CNY", "CNY"),
	U("¥", "CNY"), U("￥", "CNY"), U("新台币", "TWD"),
	U("台币", "TWD"), U("港币", "HKD"), U("HK$", "HKD"),
	U("US$", "USD"), U("$", "USD"), U("€", "EUR"), U("£", "GBP"),
};

/* Every amount money_scan reports has a currency: a word of FOREIGN or
 * PREFIX, 元/圆/圓/块/塊, or 元 after a typo (a percentage needs % or 百分之
 * instead). Most lines have none, and one look per byte finds that out
 * before the numerals are read: here, by last byte, the currency words or a
 * part that ends each of them (币 for 港币, 人民币, …; 元 for 美元, …).
 * Keep it in step with FOREIGN and PREFIX: test_money has a case for each. */
struct word {
	unsigned char len;
	char text[11];
};

#define W(text) { sizeof text - 1, text }
static const struct word CURRENCY_ENDS[256][3] = {
	['$'] = { W("$") }, ['B'] = { W("RMB") }, ['Y'] = { W("CNY") },
	[0x80] = { W("美刀") }, [0x81] = { W("币") },
	[0x83] = { W("元"), W("卢布") }, [0x86] = { W("圆"), W("美分"), W("欧分") },
	[0x89] = { W("奈拉"), W("里拉") }, [0x8A] = { W("塊") },
	[0x8B] = { W("马克") }, [0x8E] = { W("法郎") },
	[0x91] = { W("美金"), W("英镑") }, [0x93] = { W("圓") },
	[0x94] = { W("卢比") }, [0x97] = { W("块") },
	[0xA2] = { W("泰铢"), W("比索") }, [0xA3] = { W("£") },
	[0xA5] = { W("¥"), W("￥") }, [0xAC] = { W("€") },
	[0xB9] = { W("林吉特") }, [0xBE] = { W("越南盾") },
};

/* Does word end at s[i]? Compared from the end: its last byte matched. */
static bool ends_at(const char *s, size_t i, const struct word *w)
{
	if (w->len > i + 1)
		return false;
	for (size_t k = 1; k < w->len; k++)
		if (s[i - k] != w->text[w->len - 1 - k])
			return false;
	return true;
}

static bool may_hold_currency(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct word *words = CURRENCY_ENDS[(unsigned char)s[i]];
		if (words[0].len == 0)
			continue;
		for (size_t k = 0; k < 3 && words[k].len != 0; k++)
			if (ends_at(s, i, &words[k]))
				return true;
	}
	return false;
}

/* The signs of yuan (MONEY_ONLY_YUAN). Every CNY amount money_scan
 * reports has one: 元/圆/圓/块/塊 after the number (also in 美元, which the
 * full scan then reads as dollars), or 人民币, RMB, CNY, ¥, ￥. Keep in step
 * with PREFIX and read_yuan: test_money checks every sign.
 *
 * Does a yuan sign start at s[i]? 人民币 is found from its 币. */
static bool yuan_sign_at(const char *s, size_t n, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;
	size_t left = n - i;
	switch (*p) {
	case 0xE5: /* 元 E5 85 83, 圆 E5 9C 86, 圓 E5 9C 93, 块 E5 9D 97, 塊 E5 A1 8A, 币 E5 B8 81 */
		if (left < 3)
			return false;
		switch (p[1] << 8 | p[2]) {
		case 0x8583: case 0x9C86: case 0x9C93: case 0x9D97: case 0xA18A:
			return true;
		case 0xB881:
			return i >= 6 && memcmp(p - 6, "人民", 6) == 0;
		}
		return false;
	case 0xEF:
		return left >= 3 && p[1] == 0xBF && p[2] == 0xA5; /* ￥ */
	case 0xC2:
		return left >= 2 && p[1] == 0xA5; /* ¥ */
	case 'R':
		return left >= 3 && p[1] == 'M' && p[2] == 'B';
	case 'C':
		return left >= 3 && p[1] == 'N' && p[2] == 'Y';
	}
	return false;
}

/* Written right before a number (约3.5万元, ¥ 约25): read_prefix looks
 * for them, and a number after a sign may start past one. */
static const struct word FUZZY_BEFORE[] = {
	W("大约"), W("约为"), W("约"), W("将近"), W("近"), W("数"),
};

/* A three-byte character as the number its UTF-8 bytes make (CH(U'元') is
 * 0xE58583): what char3 returns for the character at s[i], 0 when fewer
 * than three bytes are left. Every word the scanner looks for after a
 * numeral is made of such characters, so one load and a switch on CH(…)
 * constants replace comparing bytes with each character of a word list;
 * bytes that are no character never equal a CH(…). */
#define CH(cp) ((uint32_t)(0xE0 | (cp) >> 12) << 16 | \
		(uint32_t)(0x80 | ((cp) >> 6 & 0x3F)) << 8 | (uint32_t)(0x80 | ((cp) & 0x3F)))

static inline uint32_t char3(const char *s, size_t n, size_t i)
{
	if (i + 3 > n) /* i stays far below SIZE_MAX: a line's length */
		return 0;
	const unsigned char *u = (const unsigned char *)s + i;
	return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
}

/* Does a word of FUZZY_BEFORE start with this character? */
static bool fuzzy_first(uint32_t cp)
{
	return cp == CH(U'大') || cp == CH(U'约') || cp == CH(U'将') || cp == CH(U'近') || cp == CH(U'数');
}

/* Where a number written after the yuan sign at s[i] may start at the
 * latest: past the sign, the spaces after it and a word of FUZZY_BEFORE. */
static size_t sign_end(const char *s, size_t n, size_t i)
{
	size_t end = i + ((unsigned char)s[i] == 0xC2 ? 2 : 3);
	while (end < n && s[end] == ' ')
		end++;
	if (!fuzzy_first(char3(s, n, end)))
		return end;
	size_t longest = 0;
	for (size_t k = 0; k < sizeof FUZZY_BEFORE / sizeof *FUZZY_BEFORE; k++) {
		const struct word *w = &FUZZY_BEFORE[k];
		if (w->len > longest && n - end >= w->len && memcmp(s + end, w->text, w->len) == 0)
			longest = w->len;
	}
	return end + longest;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Positions in s[0..16) where a yuan sign may start, as a bit mask: each
 * sign is matched by its first byte and its last (of the first three), so
 * 16 bytes cost about twenty vector instructions; yuan_sign_at confirms.
 * Reads s[0..18). */
static unsigned yuan_candidates(const char *s)
{
	__m128i v0 = _mm_loadu_si128((const __m128i *)s);
	__m128i v1 = _mm_loadu_si128((const __m128i *)(s + 1));
	__m128i v2 = _mm_loadu_si128((const __m128i *)(s + 2));
#define EQ(v, byte) _mm_cmpeq_epi8((v), _mm_set1_epi8((char)(byte)))
	/* 元 E5 85 83, 圆 E5 9C 86, 圓 E5 9C 93, 块 E5 9D 97, 塊 E5 A1 8A, 币 E5 B8 81 */
	__m128i e5_last = _mm_or_si128(
		_mm_or_si128(_mm_or_si128(EQ(v2, 0x83), EQ(v2, 0x86)),
			     _mm_or_si128(EQ(v2, 0x93), EQ(v2, 0x97))),
		_mm_or_si128(EQ(v2, 0x8A), EQ(v2, 0x81)));
	__m128i hit = _mm_and_si128(EQ(v0, 0xE5), e5_last);
	hit = _mm_or_si128(hit, _mm_and_si128(EQ(v0, 0xEF), EQ(v2, 0xA5)));  /* ￥ */
	hit = _mm_or_si128(hit, _mm_and_si128(EQ(v0, 0xC2), EQ(v1, 0xA5)));  /* ¥ */
	hit = _mm_or_si128(hit, _mm_and_si128(EQ(v0, 'R'), EQ(v2, 'B')));    /* RMB */
	hit = _mm_or_si128(hit, _mm_and_si128(EQ(v0, 'C'), EQ(v2, 'Y')));    /* CNY */
#undef EQ
	return (unsigned)_mm_movemask_epi8(hit);
}
#endif

size_t money_last_yuan_sign_portable(const char *s, size_t n)
{
	size_t i = n; /* the starts from i on are looked at */
	/* A block reads two bytes past its last start: the last two alone. */
	while (i > 0 && i + 2 > n) {
		i--;
		if (yuan_sign_at(s, n, i))
			return i;
	}
#ifdef __SSE2__
	while (i >= 16) {
		i -= 16;
		unsigned mask = yuan_candidates(s + i);
		for (; mask; mask &= ~(1u << (31 - __builtin_clz(mask)))) {
			size_t at = i + (size_t)(31 - __builtin_clz(mask));
			if (yuan_sign_at(s, n, at))
				return at;
		}
	}
#endif
	while (i > 0) {
		i--;
		if (yuan_sign_at(s, n, i))
			return i;
	}
	return n;
}

#ifdef HAVE_AVX2_LOOPS
#include <immintrin.h>

/* The AVX2 search gives each byte a class, a bit per role it may play in a
 * sign: the low four bits for the byte a sign starts with, the high four
 * for the byte two after it, in four groups (bit k and bit k + 4):
 *   0: E5 then 8x 81 83 86 8A (元 塊 币; also 87 91 … are let through)
 *   1: E5 then 93 97 (圓 块; 圆 is in group 0 through its 86)
 *   2: EF R C then A5 B Y (￥ RMB CNY; the nibbles also let E2 E3 B O S _
 *      before A2 A9 E I R U in: yuan_sign_at sorts them out)
 *   3: C2 (¥, whose A5 is only one byte on), before anything.
 * A class is the AND of two 16-entry tables, by low nibble and by high
 * nibble (the shuffle instruction looks up 32 bytes at once), so each
 * group is a product of nibble sets. A start may hold a sign where its low
 * bits, moved up, meet the high bits of the byte two on: 32 starts cost
 * about twenty instructions. */
enum {
	L_E5_8 = 0x01, L_E5_9 = 0x02, L_WIDE = 0x04, L_C2 = 0x08,
	T_E5_8 = 0x10, T_E5_9 = 0x20, T_WIDE = 0x40, T_ANY = 0x80,
	TRAIL = 0xF0,
};

static const uint8_t class_by_low[16] = {
	[0x0] = T_ANY,
	[0x1] = T_E5_8 | T_ANY,
	[0x2] = L_WIDE | L_C2 | T_WIDE | T_ANY,
	[0x3] = L_WIDE | T_E5_8 | T_E5_9 | T_ANY,
	[0x4] = T_ANY,
	[0x5] = L_E5_8 | L_E5_9 | T_WIDE | T_ANY,
	[0x6] = T_E5_8 | T_ANY,
	[0x7] = T_E5_9 | T_ANY,
	[0x8] = T_ANY,
	[0x9] = T_WIDE | T_ANY,
	[0xA] = T_E5_8 | T_ANY,
	[0xB] = T_ANY, [0xC] = T_ANY, [0xD] = T_ANY, [0xE] = T_ANY,
	[0xF] = L_WIDE | T_ANY,
};

static const uint8_t class_by_high[16] = {
	[0x0] = T_ANY, [0x1] = T_ANY, [0x2] = T_ANY, [0x3] = T_ANY,
	[0x4] = L_WIDE | T_WIDE | T_ANY,
	[0x5] = L_WIDE | T_WIDE | T_ANY,
	[0x6] = T_ANY, [0x7] = T_ANY,
	[0x8] = T_E5_8 | T_ANY,
	[0x9] = T_E5_9 | T_ANY,
	[0xA] = T_WIDE | T_ANY,
	[0xB] = T_ANY,
	[0xC] = L_C2 | T_ANY,
	[0xD] = T_ANY,
	[0xE] = L_E5_8 | L_E5_9 | L_WIDE | T_ANY,
	[0xF] = T_ANY,
};

struct class_tables {
	__m256i low, high, nibble;
};

__attribute__((target("avx2")))
static inline __m256i byte_classes(const struct class_tables *t, const char *s)
{
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)s);
	__m256i low = _mm256_and_si256(v, t->nibble);
	__m256i high = _mm256_and_si256(_mm256_srli_epi16(v, 4), t->nibble);
	return _mm256_and_si256(_mm256_shuffle_epi8(t->low, low),
				_mm256_shuffle_epi8(t->high, high));
}

/* Nonzero bytes (under TRAIL) at the starts of a block whose classes are
 * `here` that may hold a sign, given the classes of the bytes two on. A
 * 16-bit shift moves each byte's low nibble to its high one; what it
 * carries into the low nibble is masked off by the caller. */
__attribute__((target("avx2")))
static inline __m256i sign_starts(__m256i here, __m256i two_on)
{
	return _mm256_and_si256(_mm256_slli_epi16(here, 4), two_on);
}

/* The last start at + k, for k in the bit mask `starts`, that holds a sign;
 * n when none does. */
static size_t last_confirmed(const char *s, size_t n, size_t at, uint32_t starts)
{
	for (; starts; starts &= ~(1u << (31 - __builtin_clz(starts)))) {
		size_t k = at + (size_t)(31 - __builtin_clz(starts));
		if (yuan_sign_at(s, n, k))
			return k;
	}
	return n;
}

__attribute__((target("avx2")))
static inline uint32_t start_mask(__m256i starts)
{
	__m256i trail = _mm256_and_si256(starts, _mm256_set1_epi8((char)TRAIL));
	return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(trail, _mm256_setzero_si256()));
}

/* The starts of the 32 bytes at s that may hold a sign, with classes read
 * afresh for the bytes two on (reads s[0..34)). */
__attribute__((target("avx2")))
static inline uint32_t block_starts(const struct class_tables *t, const char *s)
{
	return start_mask(sign_starts(byte_classes(t, s), byte_classes(t, s + 2)));
}

/* Blocks of 32 starts from the end back: the last block, at n - 34, reads
 * the line's last byte; each block before it takes the classes two on from
 * the block after it, already classed; the first, at 0, may overlap the
 * one after it and looks only at the starts the others left. The two
 * starts past n - 34 can only hold ¥. A line under 34 bytes is copied into
 * a block padded with zeros, a byte of no sign. */
__attribute__((target("avx2")))
size_t money_last_yuan_sign_avx2(const char *s, size_t n)
{
	if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA5)
		return n - 2; /* ¥ */
	struct class_tables t = {
		_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)class_by_low)),
		_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)class_by_high)),
		_mm256_set1_epi8(0x0F),
	};
	if (n < 34) {
		char pad[64] = { 0 };
		memcpy(pad, s, n);
		uint32_t allowed = n >= 32 ? UINT32_MAX : (1u << n) - 1;
		return last_confirmed(s, n, 0, block_starts(&t, pad) & allowed);
	}
	__m256i trail = _mm256_set1_epi8((char)TRAIL);
	size_t at = n - 34;
	__m256i here = byte_classes(&t, s + at);
	__m256i starts = sign_starts(here, byte_classes(&t, s + at + 2));
	for (;;) {
		if (!_mm256_testz_si256(starts, trail)) {
			size_t k = last_confirmed(s, n, at, start_mask(starts));
			if (k < n)
				return k;
		}
		if (at < 32)
			break;
		at -= 32;
		__m256i after = here;
		here = byte_classes(&t, s + at);
		/* bytes 2..33 of here then after */
		__m256i two_on = _mm256_alignr_epi8(_mm256_permute2x128_si256(here, after, 0x21), here, 2);
		starts = sign_starts(here, two_on);
	}
	if (at == 0)
		return n;
	return last_confirmed(s, n, 0, block_starts(&t, s) & ((1u << at) - 1));
}

#else
size_t money_last_yuan_sign_avx2(const char *s, size_t n)
{
	return money_last_yuan_sign_portable(s, n);
}
#endif

/* Where the last yuan sign of s[0..n) ends, plus the spaces after it (a
 * number may follow a sign written before it: ¥ 25); 0 when s has none. */
static size_t after_last_yuan_sign(const char *s, size_t n)
{
	size_t at = cpu_has_avx2() ? money_last_yuan_sign_avx2(s, n) :
					money_last_yuan_sign_portable(s, n);
	return at < n ? sign_end(s, n, at) : 0;
}

#define QUEUE_MAX 16

/* A numeral read with whatever follows it. */
struct amount {
	size_t start, end;          /* the whole span, currency words included */
	size_t num_start, num_end;  /* the numeral alone */
	struct cjknum num;
	unsigned exp;               /* 万 written after 余/多: 二百余万元 */
	struct decimal value;
	const char *code;           /* NULL: no currency found */
	enum money_kind kind;
	unsigned flags;
};

struct scan {
	const char *s;
	size_t n;
	unsigned options;
	struct money_list *list;
	unsigned line_exp;          /* 万 of the last yuan amount: typo repair */
	struct amount queue[QUEUE_MAX]; /* numbers waiting for a shared unit */
	size_t queued;
	bool queue_range;
	size_t queue_at;            /* where the next queued number must start */
	size_t range_from;          /* list index of a finished low end */
	size_t range_at;            /* where its high end must start */
	size_t last_end;            /* end of the last amount reported */
};

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of word[0..len) if it is at s[i] (word_at) or ends there
 * (word_before), else 0. Callers name literals through the macros below, so
 * that no length is measured at run time. */
static inline size_t word_at_len(const struct scan *sc, size_t i, const char *word, size_t len)
{
	if (i >= sc->n || sc->s[i] != word[0])
		return 0; /* the usual answer, without memcmp */
	if (sc->n - i < len || (len >= 3 && sc->s[i + 2] != word[2]))
		return 0; /* 美元 and 美金 share their first byte with most words */
	if (memcmp(sc->s + i, word, len) == 0)
		return len;
	return 0;
}

static inline size_t word_before_len(const struct scan *sc, size_t i, const char *word, size_t len)
{
	if (i < len || sc->s[i - 1] != word[len - 1])
		return 0;
	if (memcmp(sc->s + i - len, word, len) == 0)
		return len;
	return 0;
}
/* "" literal "" admits string literals only: sizeof of a pointer would be wrong. */
#define word_at(sc, i, literal) word_at_len(sc, i, "" literal "", sizeof literal - 1)
#define word_before(sc, i, literal) word_before_len(sc, i, "" literal "", sizeof literal - 1)

static inline size_t skip_spaces(const struct scan *sc, size_t i)
{
	while (i < sc->n && sc->s[i] == ' ')
		i++;
	return i;
}

static inline size_t spaces_before(const struct scan *sc, size_t i)
{
	while (i > 0 && sc->s[i - 1] == ' ')
		i--;
	return i;
}

static const struct unit *unit_at(const struct scan *sc, size_t i,
				  const struct unit *table, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (word_at_len(sc, i, table[k].text, table[k].len))
			return &table[k];
	return NULL;
}

static inline uint32_t char_at(const struct scan *sc, size_t i, size_t *len)
{
	uint32_t cp = 0;
	*len = i < sc->n ? cjknum_decode(sc->s + i, sc->n - i, &cp) : 0;
	return cp;
}

static inline bool is_ideograph(uint32_t cp)
{
	return cp >= 0x4E00 && cp <= 0x9FFF;
}

static inline uint32_t char3_at(const struct scan *sc, size_t i)
{
	return char3(sc->s, sc->n, i);
}

/* First characters of FOREIGN: keep in step with it. */
static bool foreign_first(uint32_t cp)
{
	switch (cp) {
	case CH(U'美'): case CH(U'欧'): case CH(U'日'): case CH(U'港'): case CH(U'英'): case CH(U'瑞'):
	case CH(U'法'): case CH(U'卢'): case CH(U'韩'): case CH(U'澳'): case CH(U'加'): case CH(U'新'):
	case CH(U'台'): case CH(U'泰'): case CH(U'奈'): case CH(U'比'): case CH(U'林'): case CH(U'越'):
	case CH(U'里'): case CH(U'马'):
		return true;
	default:
		return false;
	}
}

static inline bool is_yuan_char(uint32_t cp)
{
	return cp == CH(U'元') || cp == CH(U'圆') || cp == CH(U'圓');
}

static inline bool is_piece_char(uint32_t cp)
{
	return cp == CH(U'块') || cp == CH(U'塊');
}

/* 二百余万元, 十几块: 余/多/几 and the multiplier after it, if any. */
static size_t read_fuzzy(const struct scan *sc, size_t p, struct amount *a)
{
	size_t q = skip_spaces(sc, p);
	uint32_t fuzzy = char3_at(sc, q);
	if (fuzzy != CH(U'余') && fuzzy != CH(U'多') && fuzzy != CH(U'几') && fuzzy != CH(U'幾'))
		return p;
	a->flags |= MONEY_APPROX;
	q = skip_spaces(sc, q + 3);
	size_t len;
	for (;;) {
		uint32_t cp = char_at(sc, q, &len);
		unsigned exp = cjknum_multiplier(cp);
		if (len == 0 || exp == 0)
			break;
		a->exp += exp;
		q += len;
	}
	return q;
}

/* One digit then 角/毛 (tenths) or 分: the cents in 50元6角三分, 五元三毛. */
static size_t read_fraction_unit(const struct scan *sc, size_t p, bool tenths,
				 struct decimal *v)
{
	size_t q = p + (char3_at(sc, p) == CH(U'零') ? 3 : 0);
	if (q >= sc->n)
		return p;
	size_t len = 1;
	int digit;
	if (is_digit(sc->s[q]))
		digit = sc->s[q] - '0';
	else if ((unsigned char)sc->s[q] < 0x80)
		return p; /* the usual case: `,` `;` after 元 */
	else
		digit = cjknum_digit(char_at(sc, q, &len));
	if (digit < 0)
		return p;
	q += len;
	uint32_t unit = char3_at(sc, q);
	if (tenths ? unit != CH(U'角') && unit != CH(U'毛') : unit != CH(U'分'))
		return p;
	size_t after = q + 3;
	/* 3元5分钟 is not cents: a word must not go on after 分. */
	uint32_t next = char_at(sc, after, &len);
	if (len != 0 && is_ideograph(next) && cjknum_digit(next) < 0 &&
	    next != U'钱' && next != U'整' && next != U'分')
		return p;
	struct decimal cents = { (unsigned)digit, tenths ? 1 : 2, false };
	if (decimal_add(v, &cents) < 0)
		return p;
	return after;
}

static size_t read_cents(const struct scan *sc, size_t p, struct decimal *v)
{
	p = read_fraction_unit(sc, p, true, v);
	p = read_fraction_unit(sc, p, false, v);
	uint32_t cp = char3_at(sc, p);
	return p + (cp == CH(U'钱') || cp == CH(U'整') ? 3 : 0);
}

/* Characters after 元 that make a word, not money: 一元化, 元旦, 二元结构. */
static inline bool yuan_word(const struct scan *sc, size_t after)
{
	switch (char3_at(sc, after)) {
	case CH(U'化'): case CH(U'素'): case CH(U'旦'): case CH(U'月'): case CH(U'宵'): case CH(U'件'):
	case CH(U'器'): case CH(U'首'): case CH(U'帅'): case CH(U'老'): case CH(U'气'): case CH(U'音'):
	case CH(U'朝'): case CH(U'年'): case CH(U'结'):
		return true;
	default:
		return false;
	}
}

/* First characters of every currency word: most numerals are followed by
 * none of them (年, 人, 个), and one look saves the table walks. */
static bool may_be_currency(const struct scan *sc, size_t q)
{
	if (sc->s[q] == '%')
		return true;
	uint32_t cp = char3_at(sc, q);
	return is_yuan_char(cp) || is_piece_char(cp) || cp == CH(U'人') || foreign_first(cp);
}

/* The foreign currency at q, with a one-character look before the table. */
static const struct unit *foreign_at(const struct scan *sc, size_t q)
{
	if (!foreign_first(char3_at(sc, q)))
		return NULL;
	return unit_at(sc, q, FOREIGN, sizeof FOREIGN / sizeof *FOREIGN);
}

/* 元/圆/块 and what may follow: 元人民币, 元欧元, 元1角1分, 元整. */
static size_t read_yuan(const struct scan *sc, size_t q, struct amount *a)
{
	uint32_t cp = char3_at(sc, q);
	bool piece = is_piece_char(cp);
	if (!piece && !is_yuan_char(cp))
		return 0;
	size_t p = q + 3;
	if (p >= sc->n || ((unsigned char)sc->s[p] < 0x80 && !is_digit(sc->s[p]))) {
		a->code = "CNY";
		return p; /* 5万元, 5元;: nothing more, the usual case */
	}
	if (!piece && yuan_word(sc, p))
		return 0;
	a->code = "CNY";
	const struct unit *u = foreign_at(sc, p);
	if (u) {
		a->code = u->code; /* 三万元欧元, 9000元日币 */
		return p + u->len;
	}
	p += word_at(sc, p, "人民币");
	size_t end = read_cents(sc, p, &a->value);
	/* 块 is also a piece (一块土地): money only as 块钱, 块三毛, or at
	 * the end of a phrase. */
	size_t len;
	uint32_t next = char_at(sc, end, &len);
	if (piece && end == p && len != 0 && is_ideograph(next))
		return 0;
	return end;
}

/* The currency after a numeral; 0 when there is none. */
static size_t read_suffix(const struct scan *sc, size_t p, struct amount *a)
{
	size_t q = skip_spaces(sc, p);
	if (q >= sc->n || !may_be_currency(sc, q))
		return 0;
	if (sc->s[q] == '%' && a->exp == 0 && !(a->flags & MONEY_APPROX)) {
		a->kind = MONEY_PERCENT;
		a->code = "";
		return q + 1;
	}
	uint32_t cp = char3_at(sc, q);
	if (is_yuan_char(cp) || is_piece_char(cp))
		return read_yuan(sc, q, a); /* no foreign word starts so */
	const struct unit *u = foreign_at(sc, q);
	if (u) {
		a->code = u->code;
		return q + u->len;
	}
	if (word_at(sc, q, "人民币")) {
		a->code = "CNY";
		return q + sizeof "人民币" - 1;
	}
	return read_yuan(sc, q, a);
}

/* Takes a currency written before the numeral, unless it is the suffix of
 * the amount before (4人民币5美元) or contradicts the suffix (人民币5美元). */
static bool take_prefix(const struct scan *sc, struct amount *a,
			const struct unit *u, size_t start)
{
	if (start < sc->last_end)
		return false;
	if (a->code != NULL && strcmp(a->code, "CNY") != 0 &&
	    strcmp(a->code, u->code) != 0)
		return false;
	a->code = u->code; /* 港币两千元 is HKD though 元 says yuan */
	a->start = start;
	return true;
}

/* Every word of FUZZY_BEFORE ends at i in one of 约 为 近 数. */
static bool may_end_fuzzy(const struct scan *sc, size_t i)
{
	uint32_t cp = i >= 3 ? char3_at(sc, i - 3) : 0;
	return cp == CH(U'约') || cp == CH(U'为') || cp == CH(U'近') || cp == CH(U'数');
}

/* Every word of PREFIX ends at b in one of 币 B Y $ ¥ ￥ € £. */
static bool may_end_currency(const struct scan *sc, size_t b)
{
	if (b == 0)
		return false;
	const unsigned char *u = (const unsigned char *)sc->s;
	switch (u[b - 1]) {
	case 'B': case 'Y': case '$':
		return true;
	case 0xA5: case 0xA3: /* ¥ £ */
		if (b >= 2 && u[b - 2] == 0xC2)
			return true;
		break;
	}
	uint32_t cp = b >= 3 ? char3_at(sc, b - 3) : 0;
	return cp == CH(U'币') || cp == CH(U'￥') || cp == CH(U'€');
}

/* 人民币, ¥, RMB and 约, 近, 数 written before the numeral: each table is
 * walked only when the character before could end one of its words. */
static void read_prefix_words(const struct scan *sc, struct amount *a)
{
	size_t i = a->num_start;
	for (int round = 0; round < 2; round++) {
		size_t from = i; /* a round that moves nothing would repeat itself */
		bool fuzzy = may_end_fuzzy(sc, i);
		size_t b = spaces_before(sc, i);
		if (!fuzzy && !may_end_currency(sc, b))
			return;
		for (size_t k = 0; fuzzy && k < sizeof FUZZY_BEFORE / sizeof *FUZZY_BEFORE; k++) {
			size_t len = word_before_len(sc, i, FUZZY_BEFORE[k].text, FUZZY_BEFORE[k].len);
			if (len) {
				a->flags |= MONEY_APPROX;
				i -= len;
				b = spaces_before(sc, i);
				break;
			}
		}
		bool currency = may_end_currency(sc, b);
		for (size_t k = 0; currency && k < sizeof PREFIX / sizeof *PREFIX; k++) {
			size_t len = word_before_len(sc, b, PREFIX[k].text, PREFIX[k].len);
			if (len && take_prefix(sc, a, &PREFIX[k], b - len)) {
				i = a->start;
				break;
			}
		}
		if (i == from)
			return;
	}
}

/* The last bytes of the words read_prefix looks for (B Y $ ¥ £ 币 € 约 为
 * 近 数: 42 59 24 A5 A3 81 AC A6 BA 91 B0), and the space they may be
 * followed by: a bit each. Most numerals have none of them before, and
 * one look here spares the call. */
static const uint64_t PREFIX_LAST[4] = {
	1ull << ' ' | 1ull << '$', 1ull << ('B' - 64) | 1ull << ('Y' - 64),
	1ull << (0x81 - 128) | 1ull << (0x91 - 128) | 1ull << (0xA3 - 128) |
		1ull << (0xA5 - 128) | 1ull << (0xA6 - 128) | 1ull << (0xAC - 128) |
		1ull << (0xB0 - 128) | 1ull << (0xBA - 128),
	0,
};

static inline void read_prefix(const struct scan *sc, struct amount *a)
{
	size_t i = a->num_start;
	if (i == 0)
		return;
	unsigned char last = (unsigned char)sc->s[i - 1];
	if (PREFIX_LAST[last >> 6] >> (last & 63) & 1)
		read_prefix_words(sc, a);
}

static inline void compute_value(struct amount *a, unsigned share)
{
	struct decimal v = a->num.value;
	/* The shift and the add are mostly by nothing: called only when not. */
	unsigned exp = a->exp + share;
	bool bad = a->num.overflow || (exp != 0 && decimal_shift(&v, exp) < 0);
	if (!bad && a->value.coef == 0 && a->value.scale <= v.scale)
		v.neg = v.neg && v.coef != 0; /* what decimal_add does with a zero */
	else if (!bad)
		bad = decimal_add(&v, &a->value) < 0;
	if (bad) {
		a->flags |= MONEY_OVERFLOW;
		v = (struct decimal){ 0, 0, false };
	}
	a->value = v;
}

/* 单位:千元 and 百万元 are units, not amounts: a numeral that begins with
 * a bare 百 or 千 is money only with a digit before it. */
static bool bare_unit(const struct scan *sc, const struct amount *a)
{
	if (!a->num.lead_unit)
		return false;
	uint32_t cp = char3_at(sc, a->num_start);
	return cp != CH(U'十') && cp != CH(U'拾');
}

/* Reads the numeral at i and its currency words. Returns where the scan
 * goes on; a->code stays NULL when the number is not (yet) money. */
static size_t read_amount(const struct scan *sc, size_t i, struct amount *a)
{
	/* Field by field: cjknum_parse fills a->num, the largest part. */
	a->start = a->end = a->num_start = a->num_end = 0;
	a->exp = 0;
	a->value = (struct decimal){ 0, 0, false };
	a->code = NULL;
	a->kind = MONEY_AMOUNT;
	a->flags = 0;
	size_t len = cjknum_parse(sc->s + i, sc->n - i, &a->num);
	if (len == 0) {
		char_at(sc, i, &len);
		return i + len;
	}
	a->start = a->num_start = i;
	a->end = a->num_end = i + len;
	if (bare_unit(sc, a) || a->num.value.neg)
		return a->end;
	size_t p = read_fuzzy(sc, a->end, a);
	size_t end = read_suffix(sc, p, a);
	if (end == 0) {
		a->flags = 0;
		a->exp = 0;
		a->code = NULL;
		return a->end;
	}
	a->end = end;
	read_prefix(sc, a);
	if (a->kind == MONEY_AMOUNT) {
		size_t q = skip_spaces(sc, end);
		uint32_t first = char3_at(sc, q);
		if ((first == CH(U'左') && char3_at(sc, q + 3) == CH(U'右')) ||
		    (first == CH(U'上') && char3_at(sc, q + 3) == CH(U'下')))
			a->flags |= MONEY_APPROX;
	}
	return end;
}

/* A bare number may still be money through a currency written before it. */
static bool prefixed(const struct scan *sc, struct amount *a)
{
	read_prefix(sc, a);
	return a->code != NULL;
}

static bool is_cny(const char *code)
{
	return code[0] == 'C' && code[1] == 'N' && code[2] == 'Y' && code[3] == '\0';
}

static inline void emit(struct scan *sc, const struct amount *a)
{
	if (a->kind == MONEY_PERCENT && !(sc->options & MONEY_WANT_PERCENT))
		return;
	struct money_list *l = sc->list;
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	struct money *m = &l->items[l->len++];
	m->start = a->start;
	m->end = a->end;
	m->value = a->value;
	/* every code is a literal of three letters or "" */
	if (a->code[0] == '\0')
		m->currency[0] = '\0';
	else
		memcpy(m->currency, a->code, sizeof m->currency);
	m->kind = a->kind;
	m->flags = a->flags;
}

/* The multipliers of b that a unitless a shares: 100-200万元 gives 100 the
 * 万; 一千到两千万 gives 一千 only the 万 (it has its own 千). */
static unsigned shared_exp(const struct amount *a, const struct amount *b)
{
	unsigned exp = b->exp;
	for (unsigned k = 0; k < b->num.tail_len; k++)
		if (b->num.tail[k] > a->num.top_exp)
			exp += b->num.tail[k];
	return exp;
}

static unsigned unit_exp(const struct amount *a)
{
	unsigned exp = a->exp;
	for (unsigned k = 0; k < a->num.tail_len; k++)
		exp += a->num.tail[k];
	return exp;
}

static void settle_queue(struct scan *sc, struct amount *b)
{
	for (size_t k = 0; k < sc->queued; k++) {
		struct amount *a = &sc->queue[k];
		struct amount low = *a;
		compute_value(&low, shared_exp(a, b));
		if (sc->queue_range && decimal_cmp(&low.value, &b->value) > 0) {
			low = *a; /* 从8500到3万: 8500 keeps its own unit */
			compute_value(&low, 0);
		}
		low.code = b->code;
		low.kind = b->kind;
		low.flags |= (b->flags & MONEY_APPROX) |
			     (sc->queue_range ? MONEY_RANGE_LOW : 0);
		emit(sc, &low);
	}
	if (sc->queued && sc->queue_range)
		b->flags |= MONEY_RANGE_HIGH;
	sc->queued = 0;
}

/* Can a separator start at q? Every one starts with ( - ~ — – 、 到 至. */
static inline bool may_be_separator(const struct scan *sc, size_t q)
{
	if (q >= sc->n)
		return false;
	switch (sc->s[q]) {
	case '(': case '-': case '~':
		return true;
	case ' ':
		return true; /* read_separator skips spaces first */
	}
	switch (char3_at(sc, q)) {
	case CH(U'—'): case CH(U'–'): case CH(U'、'): case CH(U'到'): case CH(U'至'):
		return true;
	default:
		return false;
	}
}

static size_t read_separator_words(const struct scan *sc, size_t p, bool *range)
{
	static const struct word ranges[] = { W("——"), W("--"), W("—"), W("–"), W("-"),
					      W("~"), W("至"), W("到") };
	size_t q = skip_spaces(sc, p);
	if (!may_be_separator(sc, q))
		return 0;
	q = skip_spaces(sc, q + word_at(sc, q, "(含)"));
	for (size_t k = 0; k < sizeof ranges / sizeof *ranges; k++) {
		size_t len = word_at_len(sc, q, ranges[k].text, ranges[k].len);
		if (len) {
			*range = true;
			return skip_spaces(sc, q + len);
		}
	}
	if (word_at(sc, q, "、")) {
		*range = false;
		return skip_spaces(sc, q + 3);
	}
	return 0;
}

/* After a number: `-`, `~`, `至`, `到` (a range) or `、` (a list), maybe
 * after `(含)`. Returns where the next number must start, 0 if none. One
 * look at the next byte spares most numbers the call. */
static inline size_t read_separator(const struct scan *sc, size_t p, bool *range)
{
	return may_be_separator(sc, p) ? read_separator_words(sc, p, range) : 0;
}

/* 三五百块, 四五千: a lone digit right before a larger one opens a range. */
static size_t adjacent_range(const struct scan *sc, const struct amount *a)
{
	size_t len;
	if (a->num_end - a->num_start != 3 || !a->num.chinese ||
	    a->num.tail_len != 0)
		return 0;
	int next = cjknum_digit(char_at(sc, a->num_end, &len));
	if (next <= 0 || decimal_cmp(&a->num.value,
				     &(struct decimal){ (unsigned)next, 0,
							false }) >= 0)
		return 0;
	return a->num_end;
}

/* Characters that count what a number before them counts: never a typo. */
static bool counter_char(uint32_t cp)
{
	switch (cp) {
	case U'年': case U'月': case U'日': case U'个': case U'人': case U'次':
	case U'号': case U'期': case U'届': case U'岁': case U'家': case U'项':
	case U'件': case U'台': case U'辆': case U'名': case U'位': case U'户':
	case U'所': case U'座': case U'本': case U'套': case U'张': case U'条':
	case U'天': case U'页': case U'章': case U'节': case U'度': case U'余':
	case U'多': case U'几':
		return true;
	default:
		return false;
	}
}

/* 368.41发元: one stray character where 万 should be. Read with the unit
 * of the line's last yuan amount and flagged, never as a different number. */
static bool read_typo(const struct scan *sc, struct amount *a)
{
	size_t len;
	uint32_t cp = char_at(sc, a->num_end, &len);
	if (a->num.chinese || a->num.value.scale == 0 || len != 3 ||
	    !is_ideograph(cp) || cjknum_digit(cp) >= 0 ||
	    cjknum_multiplier(cp) != 0 || counter_char(cp))
		return false;
	size_t y = a->num_end + 3;
	if (char3_at(sc, y) != CH(U'元') || yuan_word(sc, y + 3))
		return false;
	a->code = "CNY";
	a->flags |= MONEY_TYPO;
	a->exp = sc->line_exp;
	a->end = y + 3;
	return true;
}

static void finish_amount(struct scan *sc, struct amount *a)
{
	compute_value(a, 0);
	settle_queue(sc, a);
	struct money_list *l = sc->list;
	if (sc->range_from < l->len && a->start == sc->range_at &&
	    !strcmp(l->items[sc->range_from].currency, a->code) &&
	    decimal_cmp(&l->items[sc->range_from].value, &a->value) <= 0) {
		l->items[sc->range_from].flags |= MONEY_RANGE_LOW;
		a->flags |= MONEY_RANGE_HIGH;
	}
	sc->range_from = SIZE_MAX;
	size_t before = l->len;
	emit(sc, a);
	if (l->len == before)
		return;
	sc->last_end = a->end;
	if (a->kind == MONEY_AMOUNT && is_cny(a->code))
		sc->line_exp = unit_exp(a);
	bool range = false;
	size_t q = read_separator(sc, a->end, &range);
	if (q && range) {
		sc->range_from = before;
		sc->range_at = q;
	}
}

/* Keeps a bare number that a separator links to the next one. */
static size_t queue_number(struct scan *sc, const struct amount *a)
{
	bool range = true;
	size_t q = adjacent_range(sc, a);
	if (q == 0)
		q = read_separator(sc, a->num_end, &range);
	if (q == 0 || sc->queued == QUEUE_MAX ||
	    (sc->queued != 0 && sc->queue_range != range)) {
		sc->queued = 0;
		return a->end;
	}
	sc->queue[sc->queued++] = *a;
	sc->queue_range = range;
	sc->queue_at = q;
	return q;
}

/* 百分之五点五: a percentage written in words. */
static size_t percent_words(struct scan *sc, size_t i)
{
	size_t from = i + sizeof "百分之" - 1;
	struct amount a;
	memset(&a, 0, sizeof a);
	size_t len = cjknum_parse(sc->s + from, sc->n - from, &a.num);
	if (len == 0)
		return from;
	a.start = i;
	a.num_start = from;
	a.end = a.num_end = from + len;
	a.kind = MONEY_PERCENT;
	a.code = "";
	finish_amount(sc, &a);
	return a.end;
}

static size_t step(struct scan *sc, size_t i)
{
	if (word_at(sc, i, "百分之"))
		return percent_words(sc, i);
	if (i != sc->queue_at)
		sc->queued = 0;
	struct amount a;
	size_t next = read_amount(sc, i, &a);
	if (a.num_end == 0)
		return next;
	if (a.code != NULL) {
		finish_amount(sc, &a);
		return next;
	}
	if (bare_unit(sc, &a) || a.num.value.neg)
		return next;
	if (read_typo(sc, &a) || prefixed(sc, &a)) {
		finish_amount(sc, &a);
		return a.end;
	}
	return queue_number(sc, &a);
}

/* Digits glued to letters or to a '.' are codes or versions (A2021, 2.2.3),
 * except after RMB/CNY. */
static bool digits_may_start(const struct scan *sc, size_t i)
{
	if (i == 0)
		return true;
	char prev = sc->s[i - 1];
	if (prev == '.' || is_digit(prev))
		return false;
	if (!is_alnum(prev))
		return true;
	return word_before(sc, i, "RMB") || word_before(sc, i, "CNY");
}

/* The Chinese numeral characters (cjknum_digit or cjknum_multiplier), all
 * three bytes long and led by E3 to E9, as a bit set: by the first two
 * bytes, a bit for each third. test_money checks it against cjknum. */
#define PAIR(first, second) (((first) - 0xE3) * 64 + ((second) & 0x3F))
#define BIT(third) (1ull << ((third) & 0x3F))
static const uint64_t NUMERAL_THIRDS[7 * 64] = {
	[PAIR(0xE3, 0x80)] = BIT(0x87), /* 〇 */
	[PAIR(0xE4, 0xB8)] = BIT(0x80) | BIT(0x83) | BIT(0x87) | BIT(0x89) | BIT(0xA4), /* 一 七 万 三 两 */
	[PAIR(0xE4, 0xB9)] = BIT(0x9D), /* 九 */
	[PAIR(0xE4, 0xBA)] = BIT(0x8C) | BIT(0x94) | BIT(0xBF), /* 二 五 亿 */
	[PAIR(0xE4, 0xBB)] = BIT(0x9F), /* 仟 */
	[PAIR(0xE4, 0xBC)] = BIT(0x8D), /* 伍 */
	[PAIR(0xE4, 0xBD)] = BIT(0xB0), /* 佰 */
	[PAIR(0xE5, 0x80)] = BIT(0x86), /* 倆 */
	[PAIR(0xE5, 0x84)] = BIT(0x84), /* 億 */
	[PAIR(0xE5, 0x85)] = BIT(0x86) | BIT(0xA9) | BIT(0xAB) | BIT(0xAD), /* 兆 兩 八 六 */
	[PAIR(0xE5, 0x8D)] = BIT(0x81) | BIT(0x83), /* 十 千 */
	[PAIR(0xE5, 0x8F)] = BIT(0x81) | BIT(0x83), /* 叁 參 */
	[PAIR(0xE5, 0x9B)] = BIT(0x9B), /* 四 */
	[PAIR(0xE5, 0xA3)] = BIT(0xB1) | BIT(0xB9), /* 壱 壹 */
	[PAIR(0xE6, 0x8B)] = BIT(0xBE), /* 拾 */
	[PAIR(0xE6, 0x8D)] = BIT(0x8C), /* 捌 */
	[PAIR(0xE6, 0x9F)] = BIT(0x92), /* 柒 */
	[PAIR(0xE7, 0x8E)] = BIT(0x96), /* 玖 */
	[PAIR(0xE7, 0x99)] = BIT(0xBE), /* 百 */
	[PAIR(0xE8, 0x82)] = BIT(0x86), /* 肆 */
	[PAIR(0xE8, 0x90)] = BIT(0xAC), /* 萬 */
	[PAIR(0xE8, 0xB2)] = BIT(0xB3), /* 貳 */
	[PAIR(0xE8, 0xB4)] = BIT(0xB0), /* 贰 */
	[PAIR(0xE9, 0x99)] = BIT(0x86) | BIT(0xB8), /* 陆 陸 */
	[PAIR(0xE9, 0x9B)] = BIT(0xB6), /* 零 */
};
#undef PAIR
#undef BIT

/* Does a Chinese numeral character (a digit or a multiplier) start at
 * s[i]? */
static inline bool numeral_char_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	if (n - i < 3 || u[0] < 0xE3 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 ||
	    (u[2] & 0xC0) != 0x80)
		return false;
	return NUMERAL_THIRDS[(u[0] - 0xE3) * 64 + (u[1] & 0x3F)] >> (u[2] & 0x3F) & 1;
}

size_t money_next_numeral_portable(const char *s, size_t n, size_t from, size_t limit)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = from;
	while (i < limit) {
		if (u[i] < 0x80) {
			if (is_digit(s[i]))
				return i;
			i++;
		} else if (numeral_char_at(s, n, i)) {
			return i;
		} else if (u[i] >= 0xE0 && u[i] < 0xF0 && n - i >= 3 &&
			   (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3; /* the usual Chinese character, skipped whole */
		} else {
			i++; /* a continuation byte cannot start anything */
		}
	}
	return limit;
}

#ifdef HAVE_AVX2_LOOPS
/* The AVX2 search classes each byte as a numeral's first byte and as its
 * second, a bit per group, with the nibble tables of the yuan-sign search:
 * a start may hold a numeral where the two classes share a bit. Groups
 * (first byte: second bytes as a product of nibble sets):
 *   0: E3 E9: 8x 9x with low nibble 0 9 B (〇 零 陆; also 89 8B 90)
 *   1: E4: B8-BD (一 二 三 五 七 九 万 亿 伍 佰 仟)
 *   2: E5: 80 84 85 8D 8F (倆 億 兩 六 八 兆 十 千 叁 參)
 *   3: E5: 93 9B A3 AB (四 壹 壱)
 *   4: E6: 8B 8D 8F 9B 9D 9F (拾 捌 柒)
 *   5: E7: 89 8E 99 9E (玖 百)
 *   6: E8: 80 82 84 90 92 94 B0 B2 B4 (肆 萬 贰 貳)
 *   7: an ASCII digit, then anything.
 * numeral_char_at confirms. test_money compares the two searches. */
static const uint8_t first_by_low[16] = {
	0x80, 0x80, 0x80, 0x81, 0x82, 0x8C, 0x90, 0xA0, 0xC0, 0x81,
};
static const uint8_t first_by_high[16] = { [0x3] = 0x80, [0xE] = 0x7F };
static const uint8_t second_by_low[16] = {
	0xC5, 0x80, 0xC0, 0x88, 0xC4, 0x84, 0x80, 0x80,
	0x82, 0xA3, 0x82, 0x9B, 0x82, 0x96, 0xA0, 0x94,
};
static const uint8_t second_by_high[16] = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0xF5, 0xF9, 0x88, 0xC2, 0x80, 0x80, 0x80, 0x80,
};

__attribute__((target("avx2")))
static inline __m256i table_of(const uint8_t table[16])
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)table));
}

/* The starts of s[0..32) (reading s[0..33)) that may hold a numeral. */
__attribute__((target("avx2")))
static inline uint32_t numeral_starts(const struct class_tables *first,
				      const struct class_tables *second, const char *s)
{
	__m256i both = _mm256_and_si256(byte_classes(first, s), byte_classes(second, s + 1));
	return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(both, _mm256_setzero_si256()));
}

/* Blocks of 32 starts while the second byte of the last is in the line;
 * the portable search takes the rest (a copy padded to a block costs more
 * than it does on the few characters left). */
__attribute__((target("avx2")))
size_t money_next_numeral_avx2(const char *s, size_t n, size_t from, size_t limit)
{
	struct class_tables first = { table_of(first_by_low), table_of(first_by_high),
				      _mm256_set1_epi8(0x0F) };
	struct class_tables second = { table_of(second_by_low), table_of(second_by_high),
				       _mm256_set1_epi8(0x0F) };
	size_t p = from;
	for (; p < limit && n - p >= 33; p += 32) {
		uint32_t mask = numeral_starts(&first, &second, s + p);
		if (limit - p < 32)
			mask &= (1u << (limit - p)) - 1;
		for (; mask; mask &= mask - 1) {
			size_t at = p + (size_t)__builtin_ctz(mask);
			if (is_digit(s[at]) || numeral_char_at(s, n, at))
				return at;
		}
	}
	return money_next_numeral_portable(s, n, p < limit ? p : limit, limit);
}
#else
size_t money_next_numeral_avx2(const char *s, size_t n, size_t from, size_t limit)
{
	return money_next_numeral_portable(s, n, from, limit);
}
#endif

void money_scan(const char *line, size_t n, unsigned options,
		struct money_list *list)
{
	list->len = 0;
	/* Numbers may start up to `last`; what follows them is read to n.
	 * A percentage needs no currency: then the whole line is read. */
	size_t last = n;
	if (!(options & MONEY_WANT_PERCENT)) {
		if (options & MONEY_ONLY_YUAN)
			last = after_last_yuan_sign(line, n);
		else if (!may_hold_currency(line, n))
			last = 0;
		if (last == 0)
			return;
	}
	/* Field by field: an initializer would also zero the queue, a few KB,
	 * on every line; only queue[0..queued) is ever read. */
	struct scan sc;
	sc.s = line, sc.n = n, sc.options = options, sc.list = list;
	sc.line_exp = 0;
	sc.queued = 0;
	sc.queue_range = false;
	sc.queue_at = SIZE_MAX;
	sc.range_from = SIZE_MAX;
	sc.range_at = 0;
	sc.last_end = 0;
	/* Every start of a numeral up to last: an ASCII digit (not glued to a
	 * code: digits_may_start) or a Chinese numeral character. */
	size_t limit = last < n ? last + 1 : n;
	bool avx2 = cpu_has_avx2();
	size_t i = 0;
	for (;;) {
		i = avx2 ? money_next_numeral_avx2(line, n, i, limit) :
			   money_next_numeral_portable(line, n, i, limit);
		if (i >= limit)
			break;
		if (is_digit(line[i]) && !digits_may_start(&sc, i))
			i++;
		else
			i = step(&sc, i);
	}
}

void money_list_free(struct money_list *list)
{
	free(list->items);
	list->items = NULL;
	list->len = list->cap = 0;
}
