/* heading: recognising the numbering markers of headings and list items;
 * see heading.h. Pure byte-level scanning of normalized UTF-8: after NFKC the
 * brackets and the full stop are ASCII, the CJK numerals are not. */
#include <stdbool.h>
#include <string.h>

#include "heading.h"
#include "utf8.h"

/* The word lists of this file carry their lengths: heading_title scans every byte
 * of a numbered paragraph for them, and a strlen and a memcmp call per byte
 * and word were most of sectionize's time. */
struct word {
	const char *text;
	size_t len;
};

#define WORD(literal) { literal, sizeof literal - 1 }
#define COUNT(array) (sizeof array / sizeof *array)

static bool starts_word(const char *s, size_t n, const struct word *w)
{
	if (n < w->len)
		return false;
	for (size_t i = 0; i < w->len; i++)
		if (s[i] != w->text[i])
			return false;
	return true;
}

/* Code point of the three-byte UTF-8 character at s, or 0 for any other
 * lead byte: every CJK numeral is three bytes, so one decode and a switch
 * replace a dozen comparisons on each line that starts with text. */
static unsigned cjk_code_point(const char *s)
{
	if (((unsigned char)s[0] & 0xF0) != 0xE0 || ((unsigned char)s[1] & 0xC0) != 0x80 ||
	    ((unsigned char)s[2] & 0xC0) != 0x80)
		return 0;
	return ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
	       (unsigned)(s[2] & 0x3F);
}

/* Value of one CJK digit (〇零一二两三…九) or -1. */
static int cjk_digit(unsigned cp)
{
	switch (cp) {
	case 0x3007: /* 〇 */
	case 0x96F6: /* 零 */
		return 0;
	case 0x4E00: return 1; /* 一 */
	case 0x4E8C: /* 二 */
	case 0x4E24: /* 两 */
		return 2;
	case 0x4E09: return 3; /* 三 */
	case 0x56DB: return 4; /* 四 */
	case 0x4E94: return 5; /* 五 */
	case 0x516D: return 6; /* 六 */
	case 0x4E03: return 7; /* 七 */
	case 0x516B: return 8; /* 八 */
	case 0x4E5D: return 9; /* 九 */
	default: return -1;
	}
}

/* Reads a small CJK number (一 … 九十九, 一百 …) at s. Returns bytes used. */
static size_t cjk_number(const char *s, size_t n, long *value)
{
	size_t i = 0;
	long total = 0, digit = -1;
	while (i + 3 <= n) {
		unsigned cp = cjk_code_point(s + i);
		int d = cjk_digit(cp);
		if (d >= 0) {
			digit = d;
		} else if (cp == 0x5341) { /* 十 */
			total += (digit < 0 ? 1 : digit) * 10;
			digit = -1;
		} else if (cp == 0x767E) { /* 百 */
			total += (digit < 0 ? 1 : digit) * 100;
			digit = -1;
		} else {
			break;
		}
		i += 3;
	}
	if (digit > 0)
		total += digit;
	*value = total;
	return total > 0 ? i : 0;
}

static size_t ascii_number(const char *s, size_t n, long *value)
{
	size_t i = 0;
	long v = 0;
	while (i < n && i < 4 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	*value = v;
	return i;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static enum marker_style found(struct marker *m, enum marker_style style,
			       long number, size_t len)
{
	m->style = style;
	m->number = number;
	m->len = len;
	m->variant = VARIANT_PLAIN;
	return style;
}

/* ① … ⑳ (U+2460–2473), ⑴ … ⒇ (U+2474–2487), ⒈ … ⒛ (U+2488–249B),
 * ❶ … (U+2776–2793). */
static long circled_number(const char *s, size_t n)
{
	if (n < 3 || (unsigned char)s[0] != 0xE2)
		return 0;
	unsigned cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
		      (unsigned)(s[2] & 0x3F);
	if (cp >= 0x2460 && cp <= 0x249B)
		return (long)((cp - 0x2460) % 20) + 1;
	if (cp >= 0x2776 && cp <= 0x2793)
		return (long)((cp - 0x2776) % 10) + 1;
	return 0;
}

static enum marker_style part_marker(const char *s, size_t n, struct marker *m)
{
	long v;
	size_t k = cjk_number(s + 3, n - 3, &v);
	if (!k)
		k = ascii_number(s + 3, n - 3, &v);
	if (!k)
		return MARKER_NONE;
	size_t at = 3 + k;
	static const char *const words[] = { "部分", "章", "节", "篇", "编" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (starts(s + at, n - at, words[i]))
			return found(m, MARKER_PART, v, at + strlen(words[i]));
	return MARKER_NONE;
}

static enum marker_style paren_marker(const char *s, size_t n, struct marker *m)
{
	long v;
	/* `()绩效自评结果…`: the numeral was lost, the marker was not. */
	if (starts(s, n, "()") && n > 2 && s[2] != ' ')
		return found(m, MARKER_CJK_PAREN, 0, 2);
	size_t k = cjk_number(s + 1, n - 1, &v);
	if (k && starts(s + 1 + k, n - 1 - k, ")"))
		return found(m, MARKER_CJK_PAREN, v, k + 2);
	k = ascii_number(s + 1, n - 1, &v);
	if (k && starts(s + 1 + k, n - 1 - k, ")"))
		return found(m, MARKER_DIGIT_PAREN, v, k + 2);
	return MARKER_NONE;
}

/* `1、`, `1.`, `1. ` but not `1.5`, a decimal number. */
static enum marker_style digit_marker(const char *s, size_t n, size_t k, long v,
				      struct marker *m)
{
	enum marker_variant variant;
	size_t len;
	if (starts(s + k, n - k, "、")) {
		variant = VARIANT_COMMA;
		len = k + 3;
	} else if (starts(s + k, n - k, ".") && !(k + 1 < n && s[k + 1] >= '0' && s[k + 1] <= '9')) {
		variant = k + 1 < n && s[k + 1] == ' ' ? VARIANT_DOT_SPACE : VARIANT_DOT;
		len = k + 1;
	} else {
		return MARKER_NONE;
	}
	found(m, MARKER_DIGIT, v, len);
	m->variant = variant;
	return MARKER_DIGIT;
}

/* The number of `项目一:`, `项目2`: a label only when the number ends the
 * line or a colon follows, so `项目1个` stays text. */
static size_t label_number(const char *s, size_t n, long *value)
{
	size_t k = cjk_number(s, n, value);
	if (!k)
		k = ascii_number(s, n, value);
	if (!k || (k < n && !starts(s + k, n - k, ":") && s[k] != ' ' && s[k] != '\t'))
		return 0;
	return k;
}

/* What may follow `A.` in a list: CJK text or a figure (`A.2020年…`), not
 * Latin (`A.M.`, `U.S.`). */
static bool letter_text(char c)
{
	return (unsigned char)c >= 0xE0 || (c >= '0' && c <= '9');
}

enum marker_style heading_marker(const char *s, size_t n, struct marker *m)
{
	long v;
	size_t k;
	m->style = MARKER_NONE;
	if (n == 0)
		return MARKER_NONE;
	if (starts(s, n, "第") && n > 3)
		return part_marker(s, n, m);
	if (starts(s, n, "附件")) {
		k = ascii_number(s + 6, n - 6, &v);
		if (!k)
			k = cjk_number(s + 6, n - 6, &v);
		return found(m, MARKER_ANNEX, v, 6 + k);
	}
	if (s[0] == '(')
		return paren_marker(s, n, m);
	if ((v = circled_number(s, n)) > 0)
		return found(m, MARKER_CIRCLED, v, 3);
	if ((k = cjk_number(s, n, &v)) > 0) {
		if (starts(s + k, n - k, "、"))
			return found(m, MARKER_CJK, v, k + 3);
		if (starts(s + k, n - k, "是"))
			return found(m, MARKER_ORDINAL, v, k + 3);
		return MARKER_NONE;
	}
	if ((k = ascii_number(s, n, &v)) > 0)
		return digit_marker(s, n, k, v, m);
	if (starts(s, n, "项目") && (k = label_number(s + 6, n - 6, &v)) > 0)
		return found(m, MARKER_LABEL, v, 6 + k);
	if (s[0] >= 'A' && s[0] <= 'Z' && n > 4 && (s[1] == '.' || starts(s + 1, n - 1, "、")) &&
	    letter_text(s[s[1] == '.' ? 2 : 4]))
		return found(m, MARKER_LETTER, s[0] - 'A' + 1, s[1] == '.' ? 2 : 4);
	if (starts(s, n, "- ") || starts(s, n, "•") || starts(s, n, "·") || starts(s, n, "▪"))
		return found(m, MARKER_BULLET, 0, s[0] == '-' ? 2 : (size_t)((unsigned char)s[0] < 0xE0 ? 2 : 3));
	return MARKER_NONE;
}

/* Headings are short: longer text is a paragraph that happens to be numbered. */
enum {
	TITLE_MAX = 60,          /* a line that is all title */
	SENTENCE_TITLE_MAX = 32, /* a title written as a sentence: `2.拟与预算安排相结合情况。` */
	LEAD_TITLE_MAX = 20,     /* a title followed by its text: `(1)参保扩面情况。2021年…` */
	DUTY_TEXT_MIN = 15       /* a unit's duties after its name: a list item */
};

/* The first bytes of a word list, for skipping text in which no word can
 * begin; with SSE2 each one in every byte of a vector. The lists searched
 * here have a handful of words (a byte that begins two words is compared
 * twice, which is harmless); a list longer than FIRSTS is searched by the
 * byte loop. HEADING_PORTABLE (for the tests) turns the SSE2 path off. */
#if defined(__SSE2__) && !defined(HEADING_PORTABLE)
#define HEADING_SSE2 1
#endif
enum { FIRSTS = 8 };
struct firsts {
	const struct word *any;
	size_t count;
#ifdef HEADING_SSE2
	__m128i want[FIRSTS];
#endif
};

static void collect_firsts(struct firsts *f, const struct word *any, size_t count)
{
	f->any = any;
	f->count = count;
#ifdef HEADING_SSE2
	for (size_t j = 0; j < count && j < FIRSTS; j++)
		f->want[j] = _mm_set1_epi8(any[j].text[0]);
#endif
}

static bool is_first(const struct firsts *f, char c)
{
	for (size_t j = 0; j < f->count; j++)
		if (f->any[j].text[0] == c)
			return true;
	return false;
}

static unsigned firsts_match16_portable(const char *s, size_t at, size_t n,
					const struct firsts *f)
{
	unsigned mask = 0;
	for (size_t k = 0; at + k < n && k < 16; k++)
		mask |= (unsigned)is_first(f, s[at + k]) << k;
	return mask;
}

#ifdef HEADING_SSE2
static unsigned firsts_match_block(const char *block, const struct firsts *f)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)block);
	__m128i hit = _mm_cmpeq_epi8(v, f->want[0]);
	for (size_t k = 1; k < f->count; k++)
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, f->want[k]));
	return (unsigned)_mm_movemask_epi8(hit);
}
#endif

/* Bit k set where s[at + k] (k < 16, at + k < n) is a first byte: one
 * compare per word and 16 bytes. The short end of s is loaded as
 * its last 16 bytes and the mask shifted, or (s under 16 bytes) copied into
 * a block of NUL bytes whose bits are cut off, as utf8.h's bytes_match16. */
static unsigned firsts_match16(const char *s, size_t at, size_t n, const struct firsts *f)
{
#ifdef HEADING_SSE2
	if (f->count >= 1 && f->count <= FIRSTS) {
		if (n - at >= 16)
			return firsts_match_block(s + at, f);
		if (n >= 16)
			return firsts_match_block(s + n - 16, f) >> (16 - (n - at));
		char block[16] = { 0 };
		memcpy(block, s + at, n - at);
		return firsts_match_block(block, f) & ((1u << (n - at)) - 1);
	}
#endif
	return firsts_match16_portable(s, at, n, f);
}

/* Offset of the first occurrence of any of the words in s, or n. Most bytes
 * begin no word: 16 at a time, only the bytes that do are tried, in order,
 * so the first offset where a word starts is the one found. */
static size_t find_any(const char *s, size_t n, const struct word *any, size_t count,
		       size_t *found_len)
{
	struct firsts f;
	collect_firsts(&f, any, count);
	for (size_t block = 0; block < n; block += 16) {
		unsigned mask = firsts_match16(s, block, n, &f);
		for (; mask; mask &= mask - 1) {
			size_t i = block + (size_t)__builtin_ctz(mask);
			for (size_t j = 0; j < count; j++)
				if (starts_word(s + i, n - i, &any[j])) {
					*found_len = any[j].len;
					return i;
				}
		}
	}
	*found_len = 0;
	return n;
}

/* Is some byte of w an ASCII digit? Only bytes 0x30-0x39 overflow into the
 * top bit when 0x50 is added to their low seven bits and not when 0x46 is;
 * non-ASCII bytes are masked out. Exact, as in norm.c's find_capital. */
static bool digit_in_word(uint64_t w)
{
	uint64_t low7 = w & ~BYTES_HIGH;
	return ((low7 + BYTES_ONES * 0x50) & ~(low7 + BYTES_ONES * 0x46) & ~w & BYTES_HIGH) != 0;
}

/* Does the text state an amount (`727.56万元`, `0.18万元`, with rates also
 * `95%`)? Numbered sentences that carry data are list items, never headings. */
static bool states_amount(const char *s, size_t n, bool rates)
{
	static const struct word units[] = {
		WORD("元"), WORD("万元"), WORD("亿元"), WORD("千元"), WORD("%"),
	};
	size_t nunits = COUNT(units) - !rates;
	for (size_t i = 0; i < n; i++) {
		while (n - i >= 8 && !digit_in_word(bytes_load(s + i)))
			i += 8;
		if (i == n)
			break;
		if (s[i] < '0' || s[i] > '9')
			continue;
		size_t j = i;
		while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == ',' || s[j] == ' '))
			j++;
		for (size_t u = 0; u < nunits; u++)
			if (starts_word(s + j, n - j, &units[u]))
				return true;
		i = j;
	}
	return false;
}

/* A title cannot stop in the middle of a clause. */
static bool breaks_off(const char *s, size_t n)
{
	static const struct word tails[] = {
		WORD(","), WORD("、"), WORD("("), WORD("“"), WORD("和"), WORD("及"), WORD("与"),
	};
	for (size_t i = 0; i < COUNT(tails); i++)
		if (n >= tails[i].len && starts_word(s + n - tails[i].len, tails[i].len, &tails[i]))
			return true;
	return false;
}

/* `办公室。负责机关日常运转工作。承担……`: a unit followed by its duties. */
static bool describes_duties(const char *s, size_t n)
{
	static const struct word verbs[] = {
		WORD("负责"), WORD("承担"), WORD("拟订"), WORD("拟定"), WORD("组织"),
		WORD("贯彻"), WORD("制定"), WORD("监督"), WORD("执行"), WORD("落实"),
	};
	while (n && (*s == '*' || *s == ' '))
		s++, n--;
	if (utf8_chars(s, n) <= DUTY_TEXT_MIN)
		return false;
	for (size_t i = 0; i < COUNT(verbs); i++)
		if (starts_word(s, n, &verbs[i]))
			return true;
	return false;
}

/* The text after a colon: a short value (`项目名称:城乡医疗救助资金`) keeps
 * the line a heading; a sentence makes it a definition (`基本支出:指……。`). */
static enum title_kind after_colon(const char *s, size_t n, size_t colon, size_t total)
{
	static const struct word stops[] = {
		WORD("。"), WORD(";"), WORD(","), WORD("!"), WORD("?"), WORD(":"),
	};
	size_t at = colon + 1, k;
	while (at < n && s[at] == ' ')
		at++;
	if (at == n)
		return TITLE_HEADING; /* `一、部门职责:` */
	if (find_any(s + at, n - at, stops, COUNT(stops), &k) < n - at || utf8_chars(s, total) > TITLE_MAX)
		return TITLE_ITEM;
	return TITLE_HEADING;
}

enum title_kind heading_title(const char *s, size_t n, const struct marker *m,
			      size_t *title_len)
{
	static const struct word stops[] = {
		WORD("。"), WORD(";"), WORD("!"), WORD("?"), WORD(":"),
	};
	size_t rest = m->len, k;
	*title_len = 0;
	while (rest < n && s[rest] == ' ')
		rest++;
	if (rest == n || m->style == MARKER_ORDINAL || m->style == MARKER_BULLET)
		return rest == n ? TITLE_NONE : TITLE_ITEM;
	size_t stop = rest + find_any(s + rest, n - rest, stops, COUNT(stops), &k);
	const char *title = s + rest;
	size_t chars = utf8_chars(title, stop - rest);
	if (states_amount(title, stop - rest, true) || breaks_off(title, stop - rest))
		return TITLE_ITEM;
	if (stop == n) { /* no stop: the whole line is the title */
		*title_len = n;
		return chars <= TITLE_MAX ? TITLE_HEADING : TITLE_ITEM;
	}
	if (s[stop] == ':' && stop == rest && stop + 1 == n) /* `附件:` */
		return m->style == MARKER_LABEL ? (*title_len = m->len, TITLE_HEADING) : TITLE_NONE;
	if (s[stop] == ':') {
		enum title_kind kind = after_colon(s, n, stop, n);
		size_t end = stop + 1;
		while (end < n && s[end] == ' ')
			end++;
		*title_len = end == n ? stop : n;
		return kind;
	}
	*title_len = stop;
	size_t tail = stop + k;
	/* Latin letters mark sub-items; as a heading `A.` carries a bare title
	 * on its own line, never a sentence. */
	if (m->style == MARKER_LETTER)
		return TITLE_ITEM;
	if (tail == n) /* a whole sentence */
		return chars <= SENTENCE_TITLE_MAX ? TITLE_HEADING : TITLE_ITEM;
	/* The sentence after the title: money or duties make the line an item
	 * (a growth rate there is still a report under a title). */
	size_t first = find_any(s + tail, n - tail, stops, COUNT(stops), &k);
	if (chars > LEAD_TITLE_MAX || memchr(title, ',', stop - rest) ||
	    states_amount(s + tail, first, false) || describes_duties(s + tail, n - tail))
		return TITLE_ITEM;
	return TITLE_HEADING;
}
