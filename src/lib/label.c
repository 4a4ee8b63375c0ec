/* label: the subject and kind of an amount, read from the clause before it.
 *
 * Works on bytes of normalized UTF-8: every word looked for is a whole UTF-8
 * sequence, so a byte match is always a character match. See label.h.
 *
 * label_read runs once per amount of prose, so a word list is not tried word
 * by word where it can be helped. Each list that is tested at one place (the
 * start or the end of a clause) has a table, indexed by one byte of its words,
 * of the words that can match there: by the last byte for a word that must
 * end somewhere, by the byte that ends its first character for one that must
 * start somewhere. A place is then compared with those words only, usually
 * none, and in the list's order, so the first match is the same one. The
 * tables are written out below: test_label_portable derives each from its
 * list again, and test_label_reference compares label_read with the plain
 * word-by-word definition on random clauses. */
#include "label.h"

#include <stdint.h>
#include <string.h>

#include "find.h"

/* LABEL_PORTABLE (for the tests) turns the SSE2 path off. */
#if defined(__SSE2__) && !defined(LABEL_PORTABLE)
#define LABEL_SSE2 1
#include <emmintrin.h>
#endif

/* A word with its length, so that no test measures it again. */
struct word {
	const char *text;
	size_t len;
};
#define W(literal) { literal, sizeof literal - 1 }
#define COUNT(array) (sizeof array / sizeof array[0])

/* A set of words of one list, bit i for the list's word i. */
typedef uint32_t word_set;
#define BIT(i) ((word_set)1 << (i))

/* Where one clause ends and the next begins. `其中` opens a sub-list whose
 * items have their own subjects; TAB separates cells. The first three also
 * end a sentence. */
static const struct word boundaries[] = {
	W("。"), W(";"), W("；"), W(","), W(":"), W("\t"), W("，"), W("："), W("、"), W("其中"),
};
#define SENTENCE_ENDS (BIT(0) | BIT(1) | BIT(2))
#define ALL_BOUNDARIES (BIT(COUNT(boundaries)) - 1)
static const word_set boundaries_by_last[256] = {
	['\t'] = BIT(5), [','] = BIT(3), [':'] = BIT(4), [';'] = BIT(1),
	[0x81] = BIT(8), /* 、 */
	[0x82] = BIT(0), /* 。 */
	[0x8C] = BIT(6), /* ， */
	[0x9A] = BIT(7), /* ： */
	[0x9B] = BIT(2), /* ； */
	[0xAD] = BIT(9), /* 其中 */
};

/* Change words: the amount after them is a difference, not a level. `多`,
 * `少`, `增`, `减` alone mean that only after a comparison (比…多). */
struct change_word {
	struct word word;
	bool decrease;
	bool needs_comparison;
};
static const struct change_word change_words[] = {
	{ W("增加"), false, false }, { W("增长"), false, false }, { W("超支"), false, false },
	{ W("高于"), false, false }, { W("增支"), false, false }, { W("减少"), true, false },
	{ W("下降"), true, false }, { W("节约"), true, false }, { W("压减"), true, false },
	{ W("降低"), true, false }, { W("节省"), true, false }, { W("减支"), true, false },
	{ W("低于"), true, false }, { W("多"), false, true }, { W("增"), false, true },
	{ W("少"), true, true }, { W("减"), true, true },
};
static const word_set change_by_last[256] = {
	[0x81] = BIT(10),                    /* 节省 */
	[0x8D] = BIT(6),                     /* 下降 */
	[0x8E] = BIT(3) | BIT(9) | BIT(12),  /* 高于 降低 低于 */
	[0x8F] = BIT(8) | BIT(16),           /* 压减 减 */
	[0x91] = BIT(5) | BIT(15),           /* 减少 少 */
	[0x9A] = BIT(13),                    /* 多 */
	[0x9E] = BIT(14),                    /* 增 */
	[0xA0] = BIT(0),                     /* 增加 */
	[0xA6] = BIT(7),                     /* 节约 */
	[0xAF] = BIT(2) | BIT(4) | BIT(11),  /* 超支 增支 减支 */
	[0xBF] = BIT(1),                     /* 增长 */
};
static const word_set change_by_first[256] = {
	[0x82] = BIT(7) | BIT(10),                    /* 节约 节省 */
	[0x85] = BIT(2),                              /* 超支 */
	[0x8B] = BIT(6) | BIT(8),                     /* 下降 压减 */
	[0x8D] = BIT(9),                              /* 降低 */
	[0x8E] = BIT(12),                             /* 低于 */
	[0x8F] = BIT(5) | BIT(11) | BIT(16),          /* 减少 减支 减 */
	[0x91] = BIT(15),                             /* 少 */
	[0x98] = BIT(3),                              /* 高于 */
	[0x9A] = BIT(13),                             /* 多 */
	[0x9E] = BIT(0) | BIT(1) | BIT(4) | BIT(14),  /* 增加 增长 增支 增 */
};
/* What may stand between a change word and its amount (`减少了`). The
 * empty tail, first, is always a candidate: it is in no table. */
static const struct word change_tails[] = { W(""), W("了"), W("额"), W("金额"), W("资金") };
static const word_set tails_by_last[256] = {
	[0x86] = BIT(1),           /* 了 */
	[0x91] = BIT(4),           /* 资金 */
	[0x9D] = BIT(2) | BIT(3),  /* 额 金额 */
};
/* 比 comes after the words that end in it: 同比 at p must cut at p before
 * 比 at p+3 can (`收入同比增长` is 收入's change, not 收入同's). */
static const struct word comparisons[] = {
	W("较"), W("与上年"), W("同比"), W("相比"), W("对比"), W("比"),
};
static const word_set comparisons_by_first[256] = {
	[0x83] = BIT(0), /* 较 */
	[0x8C] = BIT(2), /* 同比 */
	[0x8E] = BIT(1), /* 与上年 */
	[0x94] = BIT(5), /* 比 */
	[0xB8] = BIT(3), /* 相比 */
	[0xB9] = BIT(4), /* 对比 */
};
/* A comparison that opens the clause (`与上年对比财务总收入增加`): the
 * subject follows it. */
static const struct word opening_comparisons[] = {
	W("与上年对比"), W("与上年相比"), W("与上年度相比"), W("较上年度"), W("较上年"), W("比上年度"),
	W("比上年"), W("同比"), W("较年初预算"), W("比年初预算"), W("对比"), W("相比"),
};
/* Every prior word ends in 年: names_other_period finds them from it. */
static const struct word prior_words[] = { W("上年"), W("上一年"), W("去年") };
/* A prior-period clause that names nothing else (`与上年1046.93万元对比`). */
static const struct word bare_priors[] = {
	W("与上年"), W("较上年"), W("比上年"), W("上年"), W("上年度"), W("上一年"), W("去年"), W("上年同期"),
	W("与上年度"), W("较上年度"),
};
/* The longest word of bare_priors and comparisons (上年同期, 与上年度,
 * 较上年度): a longer clause is none of them. test_label_portable checks. */
#define BARE_WORD_MAX 12
static const word_set bare_priors_by_first[256] = {
	[0x83] = BIT(1) | BIT(9),                   /* 较上年 较上年度 */
	[0x8A] = BIT(3) | BIT(4) | BIT(5) | BIT(7), /* 上年 上年度 上一年 上年同期 */
	[0x8E] = BIT(0) | BIT(8),                   /* 与上年 与上年度 */
	[0x94] = BIT(2),                            /* 比上年 */
	[0xBB] = BIT(6),                            /* 去年 */
};
static const struct word leading_fillers[] = {
	W(" "), W("其中"), W("以及"), W("和"), W("及"), W("预算"), W("安排"), W("共计"), W("故"), W("因此"),
	W("主要是"), W("("), W("-"), W("~"), W("至"),
};
static const word_set leading_by_first[256] = {
	[' '] = BIT(0), ['('] = BIT(11), ['-'] = BIT(12), ['~'] = BIT(13),
	[0x84] = BIT(5),  /* 预算 */
	[0x85] = BIT(8),  /* 故 */
	[0x89] = BIT(6),  /* 安排 */
	[0x8A] = BIT(4),  /* 及 */
	[0x8C] = BIT(3),  /* 和 */
	[0xA0] = BIT(9),  /* 因此 */
	[0xA5] = BIT(2),  /* 以及 */
	[0xB1] = BIT(7),  /* 共计 */
	[0xB3] = BIT(14), /* 至 */
	[0xB6] = BIT(1),  /* 其中 */
	[0xBB] = BIT(10), /* 主要是 */
};
static const struct word trailing_fillers[] = {
	W(" "), W("为"), W("是"), W("共计"), W("约"), W("达到"), W("达"), W("安排"), W("了"), W("共"), W("预算支出"),
	W("预算数"),
};
static const word_set trailing_by_last[256] = {
	[' '] = BIT(0),
	[0x86] = BIT(8),            /* 了 */
	[0x92] = BIT(7),            /* 安排 */
	[0xA1] = BIT(3),            /* 共计 */
	[0xA6] = BIT(4),            /* 约 */
	[0xAF] = BIT(2),            /* 是 */
	[0xB0] = BIT(5) | BIT(11),  /* 达到 预算数 */
	[0xB1] = BIT(9),            /* 共 */
	[0xBA] = BIT(1) | BIT(10),  /* 为 预算支出 */
	[0xBE] = BIT(6),            /* 达 */
};
static const struct word nian = W("年");
#define NIAN_LAST 0xB4 /* 年 is E5 B9 B4 */
#undef W

struct span {
	const char *text;
	size_t start, end;
};

/* A loop, not memcmp: the words are a few bytes, and most differ at once. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool starts_with(struct span s, struct word w)
{
	return s.end - s.start >= w.len && same_bytes(s.text + s.start, w.text, w.len);
}

static bool ends_with(struct span s, struct word w)
{
	return s.end - s.start >= w.len && same_bytes(s.text + s.end - w.len, w.text, w.len);
}

/* The words of a by-first table that may start s. A table is indexed by
 * the first byte of a word that starts with ASCII, else by its third byte
 * (every other word starts with a character of three bytes), which varies
 * more among Chinese characters than the first two. */
static word_set starting_candidates(const word_set by_first[256], struct span s)
{
	const unsigned char *p = (const unsigned char *)s.text + s.start;
	size_t n = s.end - s.start;
	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return by_first[p[0]];
	return n >= 3 ? by_first[p[2]] : 0;
}

static word_set ending_candidates(const word_set by_last[256], struct span s)
{
	return s.end > s.start ? by_last[(unsigned char)s.text[s.end - 1]] : 0;
}

/* The first of the candidate words that starts s (ends s), or -1. */
static int first_starting(struct span s, const struct word *words, word_set candidates)
{
	for (; candidates; candidates &= candidates - 1) {
		int i = __builtin_ctz(candidates);
		if (starts_with(s, words[i]))
			return i;
	}
	return -1;
}

static int first_ending(struct span s, const struct word *words, word_set candidates)
{
	for (; candidates; candidates &= candidates - 1) {
		int i = __builtin_ctz(candidates);
		if (ends_with(s, words[i]))
			return i;
	}
	return -1;
}

/* Position of the first occurrence of w in s, or SIZE_MAX. */
static size_t find_in(struct span s, struct word w)
{
	const char *p = find_word(s.text + s.start, s.end - s.start, w.text, w.len);
	return p && w.len ? (size_t)(p - s.text) : SIZE_MAX;
}

static bool contains_any(struct span s, const struct word *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (find_in(s, words[i]) != SIZE_MAX)
			return true;
	return false;
}

static bool equals_any(struct span s, const struct word *words, const word_set by_first[256])
{
	for (word_set c = starting_candidates(by_first, s); c; c &= c - 1) {
		const struct word *w = &words[__builtin_ctz(c)];
		if (w->len == s.end - s.start && starts_with(s, *w))
			return true;
	}
	return false;
}

/* The boundaries of `kinds` that end at text[at - 1], within s. */
static word_set boundaries_ending_at(struct span s, size_t at, word_set kinds)
{
	word_set found = 0;
	for (word_set c = boundaries_by_last[(unsigned char)s.text[at - 1]] & kinds; c; c &= c - 1) {
		const struct word *w = &boundaries[__builtin_ctz(c)];
		if (at - s.start >= w->len && same_bytes(s.text + at - w->len, w->text, w->len))
			found |= c & -c;
	}
	return found;
}

/* Where the clause of s starts, and whether a sentence ends in s. */
struct cut {
	size_t at;     /* the end of the last boundary, or SIZE_MAX */
	bool sentence; /* a sentence end lies in s, at or before `at` (every
			  sentence end is a boundary: none lies after) */
	bool nian;     /* the last byte of 年 may lie after `at` (in s when
			  there is no cut): false means the clause holds no 年,
			  so names_other_period need not look */
};

/* One step of the walk back over s: a boundary may end at `at`, which is
 * tested for the last boundary until one is found, then for a sentence end.
 * Returns true when the walk is done. */
static bool cut_at(struct span s, size_t at, struct cut *cut)
{
	word_set found = boundaries_ending_at(s, at, cut->at == SIZE_MAX ? ALL_BOUNDARIES : SENTENCE_ENDS);
	if (found && cut->at == SIZE_MAX)
		cut->at = at;
	cut->sentence = found & SENTENCE_ENDS;
	return cut->sentence;
}

#ifdef LABEL_SSE2
/* A block of 16 bytes at text[base] with the bytes one and two before each,
 * so that a boundary is told exactly in the lane of its last byte: every
 * boundary is one byte or ends in a character of three. Bytes before the
 * span are not read; their lanes hold 0, which no boundary byte is, and
 * rightly, as no word can start before the span. */
struct block {
	__m128i last, before, before2;
};

static struct block load_block(struct span s, size_t base)
{
	struct block b;
	b.last = _mm_loadu_si128((const __m128i *)(s.text + base));
	b.before = base > s.start ? _mm_loadu_si128((const __m128i *)(s.text + base - 1))
				  : _mm_slli_si128(b.last, 1);
	b.before2 = base > s.start + 1 ? _mm_loadu_si128((const __m128i *)(s.text + base - 2))
				       : _mm_slli_si128(b.before, 1);
	return b;
}

#define EQ(v, byte) _mm_cmpeq_epi8((v), _mm_set1_epi8((char)(byte)))
/* The lanes of b after E3 80 (the last bytes of 。、) and after EF BC
 * (those of ，；：). */
static inline __m128i after_ideographic(struct block b)
{
	return _mm_and_si128(EQ(b.before2, 0xE3), EQ(b.before, 0x80));
}

static inline __m128i after_fullwidth(struct block b)
{
	return _mm_and_si128(EQ(b.before2, 0xEF), EQ(b.before, 0xBC));
}

/* The lanes of b that end a sentence: ; 。 (E3 80 82) or ； (EF BC 9B). */
static inline __m128i sentence_lanes(struct block b)
{
	return _mm_or_si128(EQ(b.last, ';'), _mm_or_si128(_mm_and_si128(after_ideographic(b), EQ(b.last, 0x82)),
							  _mm_and_si128(after_fullwidth(b), EQ(b.last, 0x9B))));
}

/* Where a sentence ends in b, as a bit mask (bit i for b's byte i). */
static unsigned sentence_ends_in(struct block b)
{
	return (unsigned)_mm_movemask_epi8(sentence_lanes(b));
}

/* Where a boundary ends in b: exactly, but for 其中, of which only 中
 * (E4 B8 AD) is seen, in *zhong; the sentence ends also in *sentence, and
 * the bytes that may end a 年 in *nian. Keep in step with boundaries:
 * test_label puts each at every offset, test_label_portable compares with
 * the byte loop. */
static unsigned boundaries_in(struct block b, unsigned *sentence, unsigned *zhong, unsigned *nian)
{
	__m128i ideographic = after_ideographic(b), fullwidth = after_fullwidth(b);
	__m128i ends = sentence_lanes(b);
	__m128i ascii = _mm_or_si128(EQ(b.last, ','), _mm_or_si128(EQ(b.last, ':'), EQ(b.last, '\t')));
	__m128i others = _mm_or_si128(_mm_and_si128(ideographic, EQ(b.last, 0x81)),
		_mm_and_si128(fullwidth, _mm_or_si128(EQ(b.last, 0x8C), EQ(b.last, 0x9A))));
	__m128i zh = _mm_and_si128(_mm_and_si128(EQ(b.before2, 0xE4), EQ(b.before, 0xB8)), EQ(b.last, 0xAD));
	*sentence = (unsigned)_mm_movemask_epi8(ends);
	*zhong = (unsigned)_mm_movemask_epi8(zh);
	*nian = (unsigned)_mm_movemask_epi8(EQ(b.last, NIAN_LAST));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(ends, ascii), others)) | *zhong;
}
#undef EQ

/* The blocks of a span of 16 bytes or more, walking back from `end`: the
 * block before the one ending at `end`, the last one being the span's first
 * 16 bytes, of which only those before `end` are new. */
static size_t block_base(struct span s, size_t end)
{
	return end - s.start > 16 ? end - 16 : s.start;
}

static unsigned new_lanes(size_t base, size_t end)
{
	return end - base < 16 ? (1u << (end - base)) - 1 : 0xFFFF;
}

/* Does a sentence end in s before `end`? */
static bool sentence_ends_before(struct span s, size_t end)
{
	while (end > s.start) {
		size_t base = block_base(s, end);
		if (sentence_ends_in(load_block(s, base)) & new_lanes(base, end))
			return true;
		end = base;
	}
	return false;
}

/* find_cut on a span of 16 bytes or more, a block at a time: the highest
 * boundary bit is the cut (中 only after 其); a sentence end at or before it
 * in its block, or in the blocks before, is the sentence end. */
static struct cut find_cut_by_blocks(struct span s)
{
	static const struct word qizhong = { "其中", sizeof "其中" - 1 };
	bool nian_seen = false;
	for (size_t end = s.end; end > s.start; ) {
		size_t base = block_base(s, end);
		unsigned sentence, zhong, nian, lanes = new_lanes(base, end);
		unsigned mask = boundaries_in(load_block(s, base), &sentence, &zhong, &nian) & lanes;
		nian &= lanes;
		while (mask) {
			unsigned bit = 31 - (unsigned)__builtin_clz(mask);
			size_t at = base + bit + 1;
			mask &= ~(1u << bit);
			if ((zhong >> bit & 1) && !ends_with((struct span){ s.text, s.start, at }, qizhong))
				continue;
			struct cut cut = { at, (sentence & ((2u << bit) - 1)) != 0,
					   nian_seen || (nian >> bit >> 1) != 0 };
			if (!cut.sentence)
				cut.sentence = sentence_ends_before(s, base);
			return cut;
		}
		nian_seen = nian_seen || nian != 0;
		end = base;
	}
	return (struct cut){ SIZE_MAX, false, nian_seen };
}
#endif

/* The last boundary of s and whether a sentence ends in s: walking back
 * from the end, 16 bytes at a time where the span has that many. */
static struct cut find_cut(struct span s)
{
	struct cut cut = { SIZE_MAX, false, false };
#ifdef LABEL_SSE2
	if (s.end - s.start >= 16)
		return find_cut_by_blocks(s);
#endif
	for (size_t end = s.end; end > s.start; end--) {
		unsigned char c = (unsigned char)s.text[end - 1];
		if (c == NIAN_LAST && cut.at == SIZE_MAX)
			cut.nian = true;
		if (boundaries_by_last[c] && cut_at(s, end, &cut))
			break;
	}
	return cut;
}

/* The clause starts after the last boundary in s. */
static size_t clause_start(struct span s)
{
	struct cut cut = find_cut(s);
	return cut.at == SIZE_MAX ? s.start : cut.at;
}

/* Skips a list marker opening the label: `(5)`, `1.`, `2、`. A code glued
 * to a name (`30101基本工资`) is part of the subject and stays. */
static struct span strip_marker(struct span s)
{
	static const struct word close = { ")", 1 }, comma = { "、", sizeof "、" - 1 };
	size_t i = s.start;
	if (i < s.end && s.text[i] == '(') {
		size_t at = find_in(s, close);
		if (at != SIZE_MAX && at - i <= 7)
			s.start = at + 1;
		return s;
	}
	while (i < s.end && s.text[i] >= '0' && s.text[i] <= '9')
		i++;
	if (i > s.start && i < s.end && s.text[i] == '.')
		s.start = i + 1;
	else if (i > s.start && starts_with((struct span){ s.text, i, s.end }, comma))
		s.start = i + comma.len;
	return s;
}

/* One pass over the leading fillers in their order, as a loop over the list
 * strips them: after a filler, only one later in the list (`其中和`, not
 * `和其中`, goes in one pass). */
static struct span strip_leading(struct span s)
{
	word_set later = ~(word_set)0;
	int i;
	while ((i = first_starting(s, leading_fillers,
				   starting_candidates(leading_by_first, s) & later)) >= 0) {
		s.start += leading_fillers[i].len;
		later = ~(word_set)0 << i << 1;
	}
	return s;
}

static struct span strip_trailing(struct span s)
{
	word_set later = ~(word_set)0;
	int i;
	while ((i = first_ending(s, trailing_fillers,
				 ending_candidates(trailing_by_last, s) & later)) >= 0) {
		s.end -= trailing_fillers[i].len;
		later = ~(word_set)0 << i << 1;
	}
	return s;
}

/* Strips list markers and filler words from both ends, a pass from each
 * end in turn until neither strips more. A filler that is the whole clause
 * leaves it empty: the amount then borrows a subject. */
static struct span strip_fillers(struct span s)
{
	s = strip_marker(s);
	while (s.end > s.start) {
		struct span before = s;
		s = strip_trailing(strip_leading(s));
		if (s.start == before.start && s.end == before.end)
			break;
	}
	return s;
}

/* Finds a change word that ends the clause (only a tail like `了` after it).
 * Returns its position or SIZE_MAX; sets *decrease. */
static size_t find_change(struct span s, bool *decrease)
{
	int compared = -1; /* unknown: looked for only when a word needs it */
	for (word_set tails = BIT(0) | ending_candidates(tails_by_last, s); tails; tails &= tails - 1) {
		const struct word *tail = &change_tails[__builtin_ctz(tails)];
		if (!ends_with(s, *tail))
			continue;
		struct span head = { s.text, s.start, s.end - tail->len };
		for (word_set c = ending_candidates(change_by_last, head); c; c &= c - 1) {
			const struct change_word *w = &change_words[__builtin_ctz(c)];
			if (!ends_with(head, w->word))
				continue;
			if (w->needs_comparison && compared < 0)
				compared = contains_any(s, comparisons, COUNT(comparisons));
			if (w->needs_comparison && !compared)
				continue;
			*decrease = w->decrease;
			return head.end - w->word.len;
		}
	}
	return SIZE_MAX;
}

/* A clause that opens with its verb (`压减一般性支出5万元`) is a change of
 * what follows. Returns the length of the verb, or 0. */
static size_t opening_change(struct span s, bool *decrease)
{
	for (word_set c = starting_candidates(change_by_first, s); c; c &= c - 1) {
		const struct change_word *w = &change_words[__builtin_ctz(c)];
		if (!w->needs_comparison && starts_with(s, w->word)) {
			*decrease = w->decrease;
			return w->word.len;
		}
	}
	return 0;
}

/* The subject of a change is what comes before its comparison, or after it
 * when the comparison opens the clause. Each comparison in its order cuts
 * the subject at its first occurrence if that lies wholly before the cut so
 * far (so `同比` does not cut before a `比` already cut at): one walk finds
 * the first occurrences of them all. */
static struct span change_subject(struct span s, size_t change_at)
{
	size_t first[COUNT(comparisons)];
	word_set missing = BIT(COUNT(comparisons)) - 1;
	s.end = change_at;
	for (size_t i = 0; i < COUNT(opening_comparisons); i++) {
		if (starts_with(s, opening_comparisons[i])) {
			s.start += opening_comparisons[i].len;
			break;
		}
	}
	for (size_t at = s.start; at < s.end && missing; at++) {
		struct span rest = { s.text, at, s.end };
		for (word_set c = starting_candidates(comparisons_by_first, rest) & missing; c; c &= c - 1) {
			int i = __builtin_ctz(c);
			if (starts_with(rest, comparisons[i])) {
				first[i] = at;
				missing &= ~BIT(i);
			}
		}
	}
	for (size_t i = 0; i < COUNT(comparisons); i++)
		if (!(missing & BIT(i)) && first[i] + comparisons[i].len <= s.end)
			s.end = first[i];
	return s;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The year (1900–2099) written just before the 年 at text[at], or 0: four
 * digits within text[start..at), not a fifth before them. */
static int year_before(const char *text, size_t start, size_t at)
{
	if (at - start < 4 || (at - start > 4 && is_digit(text[at - 5])))
		return 0;
	const char *p = text + at - 4;
	if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]))
		return 0;
	int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	return year >= 1900 && year <= 2099 ? year : 0;
}

/* Does s name the prior period (上年, 上一年, 去年), or a year other than
 * main_year (its first one, 19xx/20xx年)? Both end in 年: one walk over
 * the 年 of s answers both. */
static bool names_other_period(struct span s, int main_year)
{
	int year = 0;
	size_t from = s.start, at;
	while ((at = find_in((struct span){ s.text, from, s.end }, nian)) != SIZE_MAX) {
		struct span head = { s.text, s.start, at + nian.len };
		for (size_t i = 0; i < COUNT(prior_words); i++)
			if (ends_with(head, prior_words[i]))
				return true;
		if (year == 0)
			year = year_before(s.text, s.start, at);
		from = at + nian.len;
	}
	return year != 0 && main_year != 0 && year != main_year;
}

/* `30101基本工资:66.65万元`: an empty clause after a colon takes its
 * subject from the clause before the colon. */
static struct span before_colon(struct span all)
{
	struct span s = { all.text, all.end, all.end };
	struct span head = all;
	while (head.end > head.start && head.text[head.end - 1] == ' ')
		head.end--;
	if (head.end == head.start || head.text[head.end - 1] != ':')
		return s;
	head.end--;
	head.start = clause_start(head);
	return strip_fillers(head);
}

void label_read(const char *text, size_t from, size_t to, int main_year,
		struct label *out)
{
	struct span all = { text, from, to };
	struct cut cut = find_cut(all);
	struct span s = { text, cut.at == SIZE_MAX ? from : cut.at, to };
	bool decrease = false, may_name_year = cut.nian;
	size_t change_at;

	memset(out, 0, sizeof *out);
	out->sentence_break = cut.sentence;
	s = strip_fillers(s);
	if (s.start == s.end) {
		s = before_colon(all);
		may_name_year = true; /* not the clause find_cut looked at */
	}
	change_at = find_change(s, &decrease);
	size_t verb = change_at == SIZE_MAX ? opening_change(s, &decrease) : 0;
	if (verb) {
		out->kind = LABEL_CHANGE;
		out->decrease = decrease;
		s.start += verb;
		s = strip_fillers(s);
	} else if (change_at != SIZE_MAX) {
		out->kind = LABEL_CHANGE;
		out->decrease = decrease;
		s = strip_fillers(change_subject(s, change_at));
	} else if (may_name_year && names_other_period(s, main_year)) {
		out->kind = LABEL_PRIOR;
	}
	if (s.end - s.start <= BARE_WORD_MAX &&
	    (equals_any(s, bare_priors, bare_priors_by_first) ||
	     equals_any(s, comparisons, comparisons_by_first)))
		s.end = s.start;
	out->start = s.start;
	out->end = s.end;
}

/* Years are found from their 年 (its last byte, by memchr), which is rarer
 * than the digits that make a year candidate. */
int label_main_year(const char *text, size_t n)
{
	if (n < 4 + nian.len)
		return 0;
	const char *at = text + 4 + nian.len - 1, *end = text + n;
	while ((at = memchr(at, nian.text[nian.len - 1], (size_t)(end - at))) != NULL) {
		size_t i = (size_t)(at - text) + 1 - nian.len; /* where 年 starts */
		at++;
		int year = memcmp(text + i, nian.text, nian.len) == 0 ? year_before(text, 0, i) : 0;
		if (year)
			return year;
	}
	return 0;
}
