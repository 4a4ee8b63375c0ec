/* kpi: finding performance targets in records; see kpi.h.
 *
 * Prose. A record is cut into sentences (at 。!? and between table cells) and
 * a sentence into clauses (at ; and at , that is not a thousands separator).
 * A sentence is read only in a target context: its section path names
 * 绩效目标/绩效指标 (and is not a 完成情况 report), or the sentence itself
 * carries a comparison symbol (≥ ≤ = > <) or a category word (数量指标,
 * 满意度指标, …). That is the rule that makes `参保率稳定在95%以上` in a work
 * plan a statement and the same words inside `…;参保率稳定在95%以上;满意度
 * ≥90%` a target. In a clause, one PCRE2 pattern finds `OP VALUE UNIT SUFFIX`
 * (≥95%以上 is one target); the text before it, minus a leading category
 * word and verbs such as 实现/保障, is the indicator's name. A bare value
 * counts only as a percentage after a rate (`覆盖率100%`). `=TEXT` and
 * `社会效益指标为TEXT` are qualitative targets.
 *
 * Tables. A row with a cell `三级指标` or `指标值` opens an indicator table;
 * in its rows the first cell that is wholly a value (`达到 100%`, `执行率 100%`,
 * `≥95%`) is the target, the cell to its left the indicator and the cells
 * further left the 二级/一级 categories, carried down over spanned (empty)
 * cells. Working from the value cell, not from header positions, survives the
 * rows that PDF extraction shifts by one cell. With year columns (前年, 上年,
 * 预期当年实现值) the 预期当年实现值 column is the target; the others are
 * past results. A record without cells closes the table.
 *
 * Speed. Most records hold no target, and what a target needs can be found
 * without decoding a character (trigger.h): a record outside a target
 * context and outside a table is read only when it holds a comparison sign,
 * 指标 or 绩效, and then only the sentences around those are cut out and
 * tested, never the text between them. PCRE2 runs only from the first
 * position where a value could begin (value_search_start), and the loops
 * that look for a colon, `=` or a digit skip 8 bytes at a time. Every scan
 * is bounded and safe on any bytes; the record reader hands over valid
 * UTF-8. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decimal.h"
#include "find.h"
#include "heading.h"
#include "kpi.h"
#include "sys.h"
#include "trigger.h"
#include "utf8.h"

/* Indicator names longer than this many characters keep only their tail: a
 * clause without punctuation must not turn a whole paragraph into a name. */
enum { NAME_MAX_CHARS = 40, VALUE_CELL_PREFIX_MAX = 15 };

#define OPS "(?<op>>=|<=|≥|≤|≧|≦|⩾|⩽|＞|＜|＝|=|>|<|不低于|不少于|不小于|不高于|不超过|" \
	"不大于|不多于|大于等于|小于等于|大于|高于|超过|多于|小于|低于|少于|达到|达|" \
	"提高到|提高至|提升到|提升至|增长到|增加到|增至|控制在|稳定在|保持在|约为|约)"
#define DATE "(?<year>\\d{4})年(?:(?<month>\\d{1,2})月(?:(?<day>\\d{1,2})[日号])?|(?<eoy>底))"
#define UNITS "(?<unit>元/人/年|元/人|元/次|元/户|元|个工作日|工作日|个月|人次|户次|剂次|" \
	"%|‰|人|户|个|次|剂|类|项|家|所|件|台|辆|套|天|日|小时|分钟|周|月|年|篇|份|场|" \
	"期|批|名|张|本|册|座|公里|平方米|米|亩|吨|床|条|种|分)"
#define NUMBER "(?<num>\\d+(?:,\\d{3})*(?:\\.\\d+)?)[ ]*(?<mul>百万|千万|万亿|亿|万|千)?" UNITS "?"
#define SUFFIX "(?<suf>及以上|以上|以内|以下|之内|左右)?"
static const char value_pattern[] = OPS "?[ ]*(?:" DATE "|" NUMBER ")[ ]*" SUFFIX;

/* The clause categories of the standard indicator framework, longest first
 * where one ends another. */
static const char *const categories[] = {
	"服务对象满意度指标", "生态环境成本指标", "经济成本指标", "社会成本指标",
	"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
	"满意度指标", "数量指标", "质量指标", "时效指标", "成本指标",
	"效益指标", "产出指标", NULL,
};

/* Verbs that open a clause but are not part of the indicator's name. */
static const char *const leading_verbs[] = {
	"实现", "保障", "确保", "保证", "使", "让", "力争", "争取", "做到",
	"其中", "并", NULL,
};

/* Words left between a name and its value (`覆盖率为100%`). */
static const char *const trailing_words[] = { "为", "是", "要", "应", "均", "需", "在", NULL };

/* A span of the text being scanned. */
struct span {
	size_t a, b;
};

struct groups {
	uint32_t op, year, month, day, eoy, num, mul, unit, suf;
};

/* The longest operator of OPS, in bytes (大于等于). */
enum { OPS_MAX_BYTES = 12 };

/* The first characters of the words of OPS, one bit per code point of the
 * BMP (they are ASCII and CJK), read from OPS itself so that the two cannot
 * drift apart. */
struct op_starts {
	uint8_t bits[0x10000 / 8];
};

struct table {
	bool active;
	long name_col, value_col, target_offset;
	long unit_offset; /* a 度量单位 column this many cells after the value */
	struct buf level1, level2; /* carried down over spanned cells */
};

struct cells {
	struct span *cell;
	size_t count, cap;
};

struct kpi_scanner {
	pcre2_code *value_re;
	pcre2_match_data *match;
	struct groups g;
	struct op_starts *op_starts;
	kpi_emit_fn *emit;
	void *ctx;
	struct table table;
	struct cells cells;
	struct buf category, carried, name, value, unit;
	struct buf joined; /* op, value and unit cells of a split-column row */
};

/* One matched value, its offsets into the subject. */
struct value_match {
	struct span whole, op, suf;
	const char *opname; /* the operator it means */
};

/* --- small string helpers ------------------------------------------------ */

/* Byte loops, not strlen and memcmp: the words are a few bytes long and
 * most tests fail on the first byte compared. */
static bool has_prefix(const char *s, size_t n, const char *p)
{
	size_t k = 0;
	while (p[k] && k < n && s[k] == p[k])
		k++;
	return p[k] == '\0';
}

/* Is s[0..n) the word p? */
static bool is_word(const char *s, size_t n, const char *p)
{
	size_t k = 0;
	while (p[k] && k < n && s[k] == p[k])
		k++;
	return p[k] == '\0' && k == n;
}

static bool has_suffix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	if (n < k)
		return false;
	s += n - k;
	while (k > 0 && s[k - 1] == p[k - 1])
		k--;
	return k == 0;
}

static bool is_space(const char *s, size_t n, size_t *len)
{
	if (n && (s[0] == ' ' || s[0] == '\t')) {
		*len = 1;
		return true;
	}
	if (has_prefix(s, n, "\xE3\x80\x80")) { /* U+3000 in text not NFKC'd */
		*len = 3;
		return true;
	}
	return false;
}

static struct span trim(const char *t, struct span sp)
{
	size_t k;
	while (sp.a < sp.b && is_space(t + sp.a, sp.b - sp.a, &k))
		sp.a += k;
	while (sp.b > sp.a && (t[sp.b - 1] == ' ' || t[sp.b - 1] == '\t'))
		sp.b--;
	while (sp.b >= sp.a + 3 && has_suffix(t + sp.a, sp.b - sp.a, "\xE3\x80\x80"))
		sp.b -= 3;
	return sp;
}

static bool has_non_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Some byte loops below look for an ASCII sign or two in text that is
 * mostly CJK. These find their next stop, a byte below `below` or equal to
 * e1 or e2, skipping whole words of 8 bytes that hold none (utf8.h's word
 * tests, exact as yes/no). */
static bool is_stop(unsigned char c, unsigned char below, unsigned char e1, unsigned char e2)
{
	return c < below || c == e1 || c == e2;
}

static bool word_has_stop(const char *t, unsigned char below, unsigned char e1, unsigned char e2)
{
	uint64_t w = bytes_load(t);
	return bytes_any_below(w, below) || bytes_any_equal(w, e1) || bytes_any_equal(w, e2);
}

/* The first stop in t[i..end), or end. */
static size_t next_stop(const char *t, size_t i, size_t end, unsigned char below,
			unsigned char e1, unsigned char e2)
{
	for (;;) {
		while (end - i >= 8 && !word_has_stop(t + i, below, e1, e2))
			i += 8;
		size_t word_end = end - i >= 8 ? i + 8 : end;
		for (; i < word_end; i++)
			if (is_stop((unsigned char)t[i], below, e1, e2))
				return i;
		if (i == end)
			return end;
	}
}

/* The last stop in t[start..j), plus one; start when there is none. */
static size_t last_stop(const char *t, size_t start, size_t j, unsigned char below,
			unsigned char e1, unsigned char e2)
{
	for (;;) {
		while (j - start >= 8 && !word_has_stop(t + j - 8, below, e1, e2))
			j -= 8;
		size_t word_start = j - start >= 8 ? j - 8 : start;
		for (; j > word_start; j--)
			if (is_stop((unsigned char)t[j - 1], below, e1, e2))
				return j;
		if (j == start)
			return start;
	}
}

/* Length of the word from list that s starts with, or 0. */
static size_t starts_with_any(const char *s, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (has_prefix(s, n, list[i]))
			return strlen(list[i]);
	return 0;
}

static size_t ends_with_any(const char *s, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (has_suffix(s, n, list[i]))
			return strlen(list[i]);
	return 0;
}

static void set_field(struct kpi_field *f, const struct buf *b)
{
	f->s = b->data ? b->data : "";
	f->n = b->len;
}

/* --- finding the value --------------------------------------------------- */

static uint32_t group(const pcre2_code *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	return n > 0 ? (uint32_t)n : 0;
}

static struct span group_span(const struct kpi_scanner *s, uint32_t g)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->match);
	if (!g || ov[2 * g] == PCRE2_UNSET)
		return (struct span){ 0, 0 };
	return (struct span){ ov[2 * g], ov[2 * g + 1] };
}

static bool span_empty(struct span sp) { return sp.b <= sp.a; }

struct op_word {
	const char *word, *op;
};

static const struct op_word op_words[] = {
	{ ">=", ">=" }, { "≥", ">=" }, { "≧", ">=" }, { "⩾", ">=" },
	{ "<=", "<=" }, { "≤", "<=" }, { "≦", "<=" }, { "⩽", "<=" },
	{ "=", "=" }, { "＝", "=" }, { ">", ">" }, { "＞", ">" },
	{ "<", "<" }, { "＜", "<" },
	{ "不低于", ">=" }, { "不少于", ">=" }, { "不小于", ">=" }, { "大于等于", ">=" },
	{ "达到", ">=" }, { "达", ">=" }, { "提高到", ">=" }, { "提高至", ">=" },
	{ "提升到", ">=" }, { "提升至", ">=" }, { "增长到", ">=" }, { "增加到", ">=" },
	{ "增至", ">=" }, { "不高于", "<=" }, { "不超过", "<=" }, { "不大于", "<=" },
	{ "不多于", "<=" }, { "小于等于", "<=" }, { "控制在", "<=" },
	{ "稳定在", "=" }, { "保持在", "=" }, { "大于", ">" }, { "高于", ">" },
	{ "超过", ">" }, { "多于", ">" }, { "小于", "<" }, { "低于", "<" },
	{ "少于", "<" }, { "约为", "~" }, { "约", "~" },
	{ "及以上", ">=" }, { "以上", ">=" }, { "以内", "<=" }, { "以下", "<=" },
	{ "之内", "<=" }, { "左右", "~" }, { NULL, NULL },
};

static const char *op_of(const char *s, size_t n)
{
	for (size_t i = 0; op_words[i].word; i++)
		if (is_word(s, n, op_words[i].word))
			return op_words[i].op;
	return NULL;
}

/* Symbols outrank the words after the value, which outrank the words before
 * it: `≥95%以上` is >=, `稳定在95%以上` is >=, `控制在5%` is <=. */
static const char *combine_ops(const char *t, struct span op, struct span suf)
{
	bool symbol = !span_empty(op) && ((unsigned char)t[op.a] < 0x80 ||
					   (unsigned char)t[op.a] == 0xE2 ||
					   (unsigned char)t[op.a] == 0xEF);
	if (symbol)
		return op_of(t + op.a, op.b - op.a);
	if (!span_empty(suf))
		return op_of(t + suf.a, suf.b - suf.a);
	if (!span_empty(op))
		return op_of(t + op.a, op.b - op.a);
	return "=";
}

/* The code point of the one-, two- or three-byte character at t[0..n), or
 * -1 (a longer or cut-off character: no operator starts so). */
static long bmp_char(const char *t, size_t n)
{
	const unsigned char *u = (const unsigned char *)t;
	if (u[0] < 0x80)
		return u[0];
	if ((u[0] & 0xE0) == 0xC0 && n >= 2)
		return (long)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if ((u[0] & 0xF0) == 0xE0 && n >= 3)
		return (long)(u[0] & 0x0F) << 12 | (long)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	return -1;
}

static void read_op_starts(struct op_starts *o)
{
	static const char ops[] = OPS;
	const char *p = ops + strlen("(?<op>");
	while (*p && *p != ')') {
		long c = bmp_char(p, strlen(p));
		if (c < 0)
			die("kpi: an operator outside the BMP");
		o->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
		p += strcspn(p, "|)");
		if (*p == '|')
			p++;
	}
}

/* Could an operator start at t[0..n)? A cheap test that never says no
 * where one does. */
static bool starts_op(const struct op_starts *o, const char *t, size_t n)
{
	long c = bmp_char(t, n);
	return c >= 0 && (o->bits[c >> 3] >> (c & 7) & 1);
}

/* Where a search for a value in t[from..end) may start without missing the
 * leftmost match, or end when there is no value. Every value holds an ASCII
 * digit (\d without PCRE2_UCP), and before its first one come at most an
 * operator and spaces, so a match starts at the first digit d, at a space
 * before it, or at the first character of an operator no more than the
 * longest operator before the spaces. The pattern may start anywhere, so
 * PCRE2 tries every position, each against every operator: most clauses
 * have no digit, and skipping to the first position that could start a
 * match is most of the time saved. */
static size_t value_search_start(const struct op_starts *o, const char *t, size_t from,
				 size_t end)
{
	/* Stopping at every byte below ':' stops at the digits among them. */
	size_t d = from;
	while ((d = next_stop(t, d, end, '9' + 1, '9', '9')) < end && !is_digit(t[d]))
		d++;
	if (d == end)
		return end;
	size_t a = d;
	while (a > from && t[a - 1] == ' ')
		a--;
	a = a - from > OPS_MAX_BYTES ? a - OPS_MAX_BYTES : from;
	for (; a < d; a++)
		if (t[a] == ' ' || starts_op(o, t + a, d - a))
			return a;
	return d;
}

/* Finds the next value in t[from..end). */
static bool next_value(struct kpi_scanner *s, const char *t, size_t from, size_t end,
		       struct value_match *v)
{
	from = value_search_start(s->op_starts, t, from, end);
	if (from == end)
		return false;
	int rc = pcre2_match(s->value_re, (PCRE2_SPTR)t, end, from, 0, s->match, NULL);
	if (rc < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->match);
	v->whole = (struct span){ ov[0], ov[1] };
	v->op = group_span(s, s->g.op);
	v->suf = group_span(s, s->g.suf);
	v->opname = combine_ops(t, v->op, v->suf);
	return true;
}

static bool is_money_unit(const char *u, size_t n)
{
	return has_prefix(u, n, "元");
}

static unsigned multiplier_exponent(const char *m, size_t n)
{
	static const struct { const char *word; unsigned exp; } table[] = {
		{ "万亿", 12 }, { "千万", 7 }, { "百万", 6 }, { "亿", 8 }, { "万", 4 }, { "千", 3 },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (is_word(m, n, table[i].word))
			return table[i].exp;
	return 0;
}

static void add_padded(struct buf *b, const char *t, struct span sp)
{
	if (sp.b - sp.a == 1)
		buf_addc(b, '0');
	buf_add(b, t + sp.a, sp.b - sp.a);
}

/* 2025年12月31日 → 2025-12-31, 2025年12月 → 2025-12, 2025年底 → 2025-12-31. */
static void convert_date(struct kpi_scanner *s, const char *t)
{
	struct span year = group_span(s, s->g.year), month = group_span(s, s->g.month);
	struct span day = group_span(s, s->g.day);
	buf_add(&s->value, t + year.a, year.b - year.a);
	if (span_empty(month)) {
		buf_adds(&s->value, "-12-31");
	} else {
		buf_addc(&s->value, '-');
		add_padded(&s->value, t, month);
		if (!span_empty(day)) {
			buf_addc(&s->value, '-');
			add_padded(&s->value, t, day);
		}
	}
	buf_adds(&s->unit, "date");
}

/* Fills s->value and s->unit from the last match; false on overflow, when
 * the number is kept as written. */
static bool convert_value(struct kpi_scanner *s, const char *t)
{
	buf_clear(&s->value);
	buf_clear(&s->unit);
	if (!span_empty(group_span(s, s->g.year))) {
		convert_date(s, t);
		return true;
	}
	struct span num = group_span(s, s->g.num), mul = group_span(s, s->g.mul);
	struct span unit = group_span(s, s->g.unit);
	bool money = is_money_unit(t + unit.a, unit.b - unit.a);
	struct decimal d;
	char text[DECIMAL_MAX_TEXT];
	if (decimal_parse(t + num.a, num.b - num.a, &d) < 0 ||
	    decimal_shift(&d, multiplier_exponent(t + mul.a, mul.b - mul.a)) < 0) {
		buf_add(&s->value, t + num.a, (span_empty(mul) ? num.b : mul.b) - num.a);
		buf_add(&s->unit, t + unit.a, unit.b - unit.a);
		return false;
	}
	if (!money)
		decimal_trim(&d);
	size_t len = decimal_format(&d, money ? 2 : 0, text);
	buf_add(&s->value, text, len);
	if (money) {
		/* 元/人 → CNY/人: the per-what stays. */
		buf_adds(&s->unit, "CNY");
		buf_add(&s->unit, t + unit.a + 3, unit.b - unit.a - 3);
	} else {
		buf_add(&s->unit, t + unit.a, unit.b - unit.a);
	}
	return true;
}

/* --- names and categories ----------------------------------------------- */

static size_t category_prefix(const char *s, size_t n)
{
	return starts_with_any(s, n, categories);
}

/* After a category word: 为, 是 or a colon introduce the indicator. */
static size_t introducer(const char *s, size_t n)
{
	static const char *const words[] = { "为", "是", ":", "：", NULL };
	return starts_with_any(s, n, words);
}

static struct span skip_marker(const char *t, struct span sp)
{
	struct marker m;
	if (heading_marker(t + sp.a, sp.b - sp.a, &m) != MARKER_NONE && m.len <= sp.b - sp.a)
		sp.a += m.len;
	return trim(t, sp);
}

/* After the last colon: `项目年度目标:参保率` names 参保率. */
static struct span after_colon(const char *t, struct span sp)
{
	for (size_t i = sp.b; (i = last_stop(t, sp.a, i, 0, ':', 0x9A)) > sp.a; i--) {
		unsigned char c = (unsigned char)t[i - 1];
		if (c != ':' && c != 0x9A) /* the last byte of ： (EF BC 9A) */
			continue;
		if (c == ':' || (i - sp.a >= 3 && memcmp(t + i - 3, "：", 3) == 0)) {
			sp.a = i;
			break;
		}
	}
	return sp;
}

static struct span strip_words(const char *t, struct span sp)
{
	size_t k;
	for (int round = 0; round < 3; round++) {
		k = starts_with_any(t + sp.a, sp.b - sp.a, leading_verbs);
		if (!k || k == sp.b - sp.a)
			break;
		sp.a += k;
	}
	k = ends_with_any(t + sp.a, sp.b - sp.a, trailing_words);
	if (k && k < sp.b - sp.a)
		sp.b -= k;
	return trim(t, sp);
}

/* Keeps the last NAME_MAX_CHARS characters of an overlong name. */
static struct span cap_name(const char *t, struct span sp)
{
	size_t chars = utf8_chars(t + sp.a, sp.b - sp.a);
	while (chars > NAME_MAX_CHARS && sp.a < sp.b) {
		sp.a++;
		while (sp.a < sp.b && ((unsigned char)t[sp.a] & 0xC0) == 0x80)
			sp.a++;
		chars--;
	}
	return sp;
}

/* Builds the indicator's name from the text before its operator into
 * s->name; a name ending in 满意度指标 also states its category. False when
 * nothing like a name is left. */
static bool build_name(struct kpi_scanner *s, const char *t, struct span sp)
{
	sp = trim(t, after_colon(t, trim(t, sp)));
	sp = skip_marker(t, sp);
	size_t k = category_prefix(t + sp.a, sp.b - sp.a);
	if (k) {
		buf_clear(&s->category);
		buf_add(&s->category, t + sp.a, k);
		sp.a += k;
	}
	sp = strip_words(t, sp);
	sp = cap_name(t, sp);
	buf_clear(&s->name);
	if (span_empty(sp) && s->category.len) {
		/* `服务对象满意度指标≥95%`: the category word is the name. */
		size_t n = s->category.len;
		if (has_suffix(s->category.data, n, "满意度指标") && n > strlen("满意度指标"))
			n -= strlen("指标");
		buf_add(&s->name, s->category.data, n);
		return true;
	}
	if (span_empty(sp) || !has_non_ascii(t + sp.a, sp.b - sp.a))
		return false;
	size_t n = sp.b - sp.a;
	if (has_suffix(t + sp.a, n, "满意度指标") && n > strlen("满意度指标")) {
		n -= strlen("指标");
		buf_clear(&s->category);
		buf_adds(&s->category, "满意度指标");
	}
	buf_add(&s->name, t + sp.a, n);
	return true;
}

/* --- emitting ------------------------------------------------------------ */

static void emit(struct kpi_scanner *s, const char *op, const char *raw, size_t raw_len,
		 bool overflow)
{
	struct kpi k = { .op = op, .raw = { raw, raw_len }, .overflow = overflow };
	set_field(&k.category, &s->category);
	set_field(&k.indicator, &s->name);
	set_field(&k.value, &s->value);
	set_field(&k.unit, &s->unit);
	s->emit(&k, s->ctx);
}

static void emit_text(struct kpi_scanner *s, const char *t, struct span value, struct span raw)
{
	buf_clear(&s->value);
	buf_clear(&s->unit);
	buf_add(&s->value, t + value.a, value.b - value.a);
	emit(s, "text", t + raw.a, raw.b - raw.a, false);
}

static void emit_value(struct kpi_scanner *s, const char *t, const struct value_match *v,
		       struct span raw)
{
	bool ok = convert_value(s, t);
	emit(s, v->opname, t + raw.a, raw.b - raw.a, !ok);
}

/* --- prose ---------------------------------------------------------------- */

static bool is_rate_name(const char *s, size_t n)
{
	static const char *const rates[] = { "率", "度", "比例", "比重", "占比", NULL };
	return ends_with_any(s, n, rates) != 0;
}

/* A value without an operator: a target only as a percentage after a rate
 * (`覆盖率100%`), or right after a category word (`数量指标为覆盖率100%`). */
static bool bare_value_counts(struct kpi_scanner *s, const char *t, struct span name,
			      bool after_category)
{
	struct span unit = group_span(s, s->g.unit);
	if (span_empty(unit) || (t[unit.a] != '%' && !has_prefix(t + unit.a, unit.b - unit.a, "‰")))
		return false;
	if (after_category)
		return true;
	name = strip_words(t, trim(t, name));
	return is_rate_name(t + name.a, name.b - name.a);
}

/* The position of a qualitative `=` (one not followed by a number), or b. */
static size_t find_text_equals(const char *t, struct span sp)
{
	for (size_t i = sp.a; (i = next_stop(t, i, sp.b, 0, '=', 0xEF)) < sp.b; i++) {
		if (t[i] != '=' && (unsigned char)t[i] != 0xEF) /* ＝ is EF BC 9D */
			continue;
		size_t len = t[i] == '=' ? 1 : has_prefix(t + i, sp.b - i, "＝") ? 3 : 0;
		if (!len || (i > sp.a && (t[i - 1] == '<' || t[i - 1] == '>')))
			continue;
		struct span rest = trim(t, (struct span){ i + len, sp.b });
		if (!span_empty(rest) && !is_digit(t[rest.a]) && has_non_ascii(t + rest.a, rest.b - rest.a))
			return i;
	}
	return sp.b;
}

static void scan_text_equals(struct kpi_scanner *s, const char *t, struct span sp, size_t eq)
{
	size_t len = t[eq] == '=' ? 1 : 3;
	struct span value = trim(t, (struct span){ eq + len, sp.b });
	if (build_name(s, t, (struct span){ sp.a, eq }))
		emit_text(s, t, value, (struct span){ eq, value.b });
}

/* `社会效益指标为让参保群众普遍知晓政策`: a category with a text and no
 * number. `数量指标为接种人次数` only names a measure whose value is
 * missing, so a text ending like a measure (数, 率, 量) is not a target. */
static void scan_category_text(struct kpi_scanner *s, const char *t, struct span rest)
{
	static const char *const measures[] = { "数", "率", "量", NULL };
	rest = trim(t, rest);
	if (span_empty(rest) || ends_with_any(t + rest.a, rest.b - rest.a, measures))
		return;
	buf_clear(&s->name);
	buf_add(&s->name, s->category.data, s->category.len);
	emit_text(s, t, rest, rest);
}

/* A category word at the start of the clause, or right after its first
 * colon (`绩效指标:数量指标为…`), names the category of this clause; when
 * 为/是/: introduces what follows (`数量指标:A;B;质量指标:C`) it carries on
 * to the next clauses of the sentence, else (`时效指标资金使用有效期≤…`) it
 * is this clause's alone. Returns where the indicator's name begins. */
static size_t read_category(struct kpi_scanner *s, const char *t, struct span sp,
			    bool *introduced)
{
	*introduced = false;
	sp = skip_marker(t, trim(t, sp));
	size_t k = category_prefix(t + sp.a, sp.b - sp.a);
	if (!k) {
		struct span rest = after_colon(t, sp);
		if (rest.a == sp.a)
			return sp.a;
		rest = trim(t, rest);
		k = category_prefix(t + rest.a, rest.b - rest.a);
		if (!k)
			return sp.a;
		sp = rest;
	}
	buf_clear(&s->category);
	buf_add(&s->category, t + sp.a, k);
	size_t intro = introducer(t + sp.a + k, sp.b - sp.a - k);
	if (intro) {
		*introduced = true;
		buf_clear(&s->carried);
		buf_add(&s->carried, t + sp.a, k);
	}
	return sp.a + k + intro;
}

static void scan_clause(struct kpi_scanner *s, const char *t, struct span sp)
{
	bool introduced; /* `数量指标为…`, `社会效益指标:…` */
	buf_clear(&s->category);
	buf_add(&s->category, s->carried.data, s->carried.len);
	size_t name_start = read_category(s, t, sp, &introduced);
	size_t eq = find_text_equals(t, (struct span){ name_start, sp.b });
	if (eq < sp.b) {
		scan_text_equals(s, t, (struct span){ name_start, sp.b }, eq);
		return;
	}
	struct value_match v;
	size_t pos = name_start;
	bool any_number = false, first = true;
	while (pos < sp.b && next_value(s, t, pos, sp.b, &v)) {
		any_number = true;
		struct span name = { name_start, span_empty(v.op) ? v.whole.a : v.op.a };
		bool worded = !span_empty(v.op) || !span_empty(v.suf);
		if (worded || bare_value_counts(s, t, name, introduced && first)) {
			if (build_name(s, t, name))
				emit_value(s, t, &v, v.whole);
			name_start = v.whole.b;
		}
		first = false;
		pos = v.whole.b > pos ? v.whole.b : pos + 1;
	}
	if (!any_number && introduced)
		scan_category_text(s, t, (struct span){ name_start, sp.b });
}

/* Is there a comparison symbol followed by a value, or `=` before a text? */
static bool has_symbol(const char *t, struct span sp)
{
	/* Each position that passes the tests below holds a sign trigger. */
	for (size_t i = sp.a; (i = trigger_find(t, i, sp.b, TRIGGER_SIGN)) < sp.b; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == 0xE2 && i + 2 < sp.b) {
			unsigned char c1 = (unsigned char)t[i + 1], c2 = (unsigned char)t[i + 2];
			if ((c1 == 0x89 && c2 >= 0xA4 && c2 <= 0xA7) || (c1 == 0xA9 && (c2 == 0xBD || c2 == 0xBE)))
				return true;
		}
		if (c != '<' && c != '>' && c != '=')
			continue;
		size_t j = i + 1;
		while (j < sp.b && (t[j] == '=' || t[j] == ' '))
			j++;
		if (j < sp.b && (is_digit(t[j]) || (c == '=' && (unsigned char)t[j] >= 0x80)))
			return true;
	}
	return false;
}

/* Category words all end in 指标: look for that, then at what precedes it. */
static bool has_category_word(const char *t, struct span sp)
{
	static const char word[] = "指标";
	const size_t k = sizeof word - 1;
	size_t from = sp.a;
	const char *hit;
	while ((hit = find_word(t + from, sp.b - from, word, k)) != NULL) {
		size_t end = (size_t)(hit - t) + k;
		if (ends_with_any(t + sp.a, end - sp.a, categories))
			return true;
		from = end;
	}
	return false;
}

static bool is_clause_end(const char *t, size_t i, size_t end, size_t *len)
{
	static const char *const wide[] = { "；", "，", NULL };
	*len = 1;
	if (t[i] == ';')
		return true;
	if (t[i] == ',')
		return !(i > 0 && i + 1 < end && is_digit(t[i - 1]) && is_digit(t[i + 1]));
	if ((unsigned char)t[i] != 0xEF)
		return false;
	*len = starts_with_any(t + i, end - i, wide);
	return *len != 0;
}

static void scan_sentence(struct kpi_scanner *s, const char *t, struct span sp)
{
	/* The first bytes of the clause ends; one look passes the others. */
	static const bool may_end[256] = { [';'] = true, [','] = true, [0xEF] = true };
	size_t start = sp.a, i = sp.a, len;
	buf_clear(&s->carried);
	while (i < sp.b) {
		if (!may_end[(unsigned char)t[i]] || !is_clause_end(t, i, sp.b, &len)) {
			i++;
			continue;
		}
		scan_clause(s, t, (struct span){ start, i });
		i += len;
		start = i;
	}
	scan_clause(s, t, (struct span){ start, sp.b });
}

/* The length of the sentence end mark at t[i] (TAB ! ? 。！？), or 0. No
 * byte inside a three-byte mark can start another mark, so where the marks
 * stand does not depend on where a scan starts or which way it goes. */
static size_t sentence_end_at(const char *t, size_t i, size_t n)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '\t' || c == '!' || c == '?')
		return 1;
	if ((c != 0xE3 && c != 0xEF) || n - i < 3)
		return 0;
	bool end = memcmp(t + i, "。", 3) == 0 || memcmp(t + i, "！", 3) == 0 ||
		   memcmp(t + i, "？", 3) == 0;
	return end ? 3 : 0;
}

/* The first bytes of the sentence end marks. */
static const bool may_end_sentence[256] = {
	['\t'] = true, ['!'] = true, ['?'] = true, [0xE3] = true, [0xEF] = true,
};

/* The first sentence end mark in t[from..n), its length in *len; n (and
 * 0) when there is none. */
static size_t next_sentence_end(const char *t, size_t from, size_t n, size_t *len)
{
	for (size_t i = from; i < n; i++)
		if (may_end_sentence[(unsigned char)t[i]] && (*len = sentence_end_at(t, i, n)) != 0)
			return i;
	*len = 0;
	return n;
}

/* The start of the sentence holding t[at], looking back no further than
 * start, which begins a sentence: just after the last end mark that starts
 * before at (at is not inside one, so the mark ends by at). */
static size_t sentence_start(const char *t, size_t start, size_t at, size_t n)
{
	size_t len;
	for (size_t j = at; j > start; j--)
		if (may_end_sentence[(unsigned char)t[j - 1]] &&
		    (len = sentence_end_at(t, j - 1, n)) != 0)
			return j - 1 + len;
	return start;
}

/* Names 绩效目标 or 绩效指标 and is not a report of results (完成情况). */
static bool names_targets(const char *section, size_t n)
{
	/* Both words start with 绩效: one search for it, then a look at the
	 * word after each one found. */
	const size_t k = strlen("绩效");
	bool named = false;
	size_t at = 0;
	while (!named && (at = trigger_find(section, at, n, TRIGGER_PERFORMANCE)) < n) {
		named = n - at >= 2 * k && (memcmp(section + at + k, "目标", k) == 0 ||
					    memcmp(section + at + k, "指标", k) == 0);
		at += k;
	}
	return named && !find_word(section, n, "完成", strlen("完成"));
}

/* What each test of sentence_counts needs in the sentence. */
enum { SENTENCE_TRIGGERS = TRIGGER_SIGN | TRIGGER_INDICATOR | TRIGGER_PERFORMANCE };

/* Would the sentence be read outside a target context? */
static bool sentence_counts(const char *t, struct span sentence)
{
	return has_symbol(t, sentence) || has_category_word(t, sentence) ||
	       names_targets(t + sentence.a, sentence.b - sentence.a);
}

static void scan_every_sentence(struct kpi_scanner *s, const char *t, size_t n)
{
	size_t start = 0, len;
	for (;;) {
		size_t end = next_sentence_end(t, start, n, &len);
		scan_sentence(s, t, (struct span){ start, end });
		if (end == n)
			break;
		start = end + len;
	}
}

/* Outside a target context a sentence counts only through a comparison
 * sign, a category word (…指标) or 绩效目标, and each of those holds a
 * trigger (trigger.h). So only the sentences around the triggers are cut
 * out and tested; the text between them is never split. */
static void scan_prose(struct kpi_scanner *s, const char *t, size_t n, bool in_context)
{
	if (in_context) {
		scan_every_sentence(s, t, n);
		return;
	}
	size_t start = 0, len;
	for (;;) {
		size_t at = trigger_find(t, start, n, SENTENCE_TRIGGERS);
		if (at == n)
			break;
		/* A trigger neither starts nor sits inside an end mark. */
		struct span sentence = { sentence_start(t, start, at, n),
					 next_sentence_end(t, at, n, &len) };
		if (sentence_counts(t, sentence))
			scan_sentence(s, t, sentence);
		if (sentence.b == n)
			break;
		start = sentence.b + len;
	}
}

/* --- tables ----------------------------------------------------------------- */

static void split_cells(const char *t, size_t n, struct cells *c)
{
	c->count = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && t[i] != '\t')
			continue;
		if (c->count == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->cell = xrealloc(c->cell, c->cap * sizeof *c->cell);
		}
		c->cell[c->count++] = trim(t, (struct span){ start, i });
		start = i + 1;
	}
}

/* Copies a cell without HTML tags (`<p>`, `</p>`, `<br/>`) into out. */
static void strip_tags(const char *t, struct span sp, struct buf *out)
{
	buf_clear(out);
	for (size_t i = sp.a; i < sp.b; i++) {
		if (t[i] == '<') {
			size_t j = i + 1;
			while (j < sp.b && j - i < 40 && t[j] != '>' && t[j] != '<' &&
			       (unsigned char)t[j] < 0x80)
				j++;
			char first = i + 1 < sp.b ? (char)(t[i + 1] | 0x20) : 0;
			bool tag = j < sp.b && t[j] == '>' && j > i + 1 &&
				   (first == '/' || (first >= 'a' && first <= 'z'));
			if (tag) {
				i = j;
				continue;
			}
		}
		buf_addc(out, t[i]);
	}
	while (out->len && out->data[out->len - 1] == ' ')
		out->len--;
	size_t lead = 0;
	while (lead < out->len && out->data[lead] == ' ')
		lead++;
	if (lead) {
		memmove(out->data, out->data + lead, out->len - lead);
		out->len -= lead;
	}
}

static bool cell_is(const char *t, struct span c, const char *word)
{
	return is_word(t + c.a, c.b - c.a, word);
}

static long find_cell(const char *t, const struct cells *c, const char *const *words)
{
	for (size_t i = 0; i < c->count; i++)
		for (size_t w = 0; words[w]; w++)
			if (cell_is(t, c->cell[i], words[w]))
				return (long)i;
	return -1;
}

static bool read_header(struct kpi_scanner *s, const char *t, const struct cells *c)
{
	static const char *const names[] = { "三级指标", "指标名称", NULL };
	static const char *const values[] = { "指标值", "目标值", NULL };
	static const char *const targets[] = { "预期当年实现值", "当年目标值", "本年目标值", NULL };
	static const char *const units[] = { "度量单位", "计量单位", "单位", NULL };
	long name = find_cell(t, c, names), value = find_cell(t, c, values);
	long target = find_cell(t, c, targets), unit = find_cell(t, c, units);
	if (name >= 0 || value >= 0) {
		struct table *tb = &s->table;
		tb->active = true;
		tb->name_col = name;
		tb->value_col = value;
		tb->target_offset = 0;
		tb->unit_offset = value >= 0 && unit > value ? unit - value : 0;
		buf_clear(&tb->level1);
		buf_clear(&tb->level2);
	}
	if (target >= 0 && s->table.active && s->table.value_col >= 0 && target > s->table.value_col)
		s->table.target_offset = target - s->table.value_col;
	return name >= 0 || value >= 0 || target >= 0;
}

/* Is the cell wholly a value, perhaps after a short word (`执行率 100%`)? */
static bool value_cell(struct kpi_scanner *s, const char *t, struct span c, struct value_match *v)
{
	if (span_empty(c) || !next_value(s, t, c.a, c.b, v) || v->whole.b != c.b)
		return false;
	if (v->whole.a - c.a > VALUE_CELL_PREFIX_MAX)
		return false;
	for (size_t i = c.a; i < v->whole.a; i++)
		if (is_digit(t[i]))
			return false;
	return true;
}

static void carry(struct buf *level, const char *t, struct span c)
{
	if (span_empty(c))
		return;
	buf_clear(level);
	buf_add(level, t + c.a, c.b - c.a);
}

static bool is_category(const struct buf *b)
{
	return b->len && b->len == category_prefix(b->data, b->len);
}

/* The 二级 cell names the category when it is a standard one (数量指标);
 * tables that put their own words there are better served by the 一级. */
static void table_category(struct kpi_scanner *s, const char *t, const struct cells *c, long name_col)
{
	struct table *tb = &s->table;
	struct span none = { 0, 0 };
	struct span l2 = name_col >= 1 ? c->cell[name_col - 1] : none;
	struct span l1 = name_col >= 2 ? c->cell[name_col - 2] : none;
	if (!span_empty(l1) && span_empty(l2))
		buf_clear(&tb->level2);
	carry(&tb->level1, t, l1);
	carry(&tb->level2, t, l2);
	buf_clear(&s->category);
	const struct buf *pick = is_category(&tb->level2) || !tb->level1.len ? &tb->level2 : &tb->level1;
	strip_tags(pick->data ? pick->data : "", (struct span){ 0, pick->len }, &s->category);
}

static void table_text_row(struct kpi_scanner *s, const char *t, const struct cells *c)
{
	struct table *tb = &s->table;
	if (tb->name_col < 0 || tb->value_col < 0 || (size_t)tb->value_col >= c->count ||
	    (size_t)tb->name_col >= c->count)
		return;
	size_t col = (size_t)(tb->value_col + tb->target_offset);
	if (col >= c->count || span_empty(c->cell[col]))
		col = (size_t)tb->value_col;
	struct span name = c->cell[tb->name_col], value = c->cell[col];
	if (span_empty(name) || span_empty(value) || cell_is(t, value, "指标值"))
		return;
	table_category(s, t, c, tb->name_col);
	strip_tags(t, name, &s->name);
	strip_tags(t, value, &s->value);
	buf_clear(&s->unit);
	if (s->name.len && s->value.len)
		emit(s, "text", t + value.a, value.b - value.a, false);
}

/* The first cell that is wholly a value and has a text cell somewhere to its
 * left; *name gets the nearest non-empty cell to its left. */
static bool first_value_cell(struct kpi_scanner *s, const char *t, const struct cells *c,
			     size_t *at, size_t *name)
{
	struct value_match v;
	long text = -1;
	for (size_t i = 0; i < c->count; i++) {
		if (span_empty(c->cell[i]))
			continue;
		if (text >= 0 && value_cell(s, t, c->cell[i], &v)) {
			*at = i;
			*name = (size_t)text;
			return true;
		}
		text = (long)i;
	}
	return false;
}

/* When the cell left of the value holds only an operator (`≥` in a 指标性质
 * column), the name is the next text cell left of it. */
static bool operator_cell(const char *t, const struct cells *c, size_t *name, size_t *op)
{
	struct span cell = c->cell[*name];
	if (!op_of(t + cell.a, cell.b - cell.a))
		return false;
	size_t at = *name;
	while (at > 0 && span_empty(c->cell[at - 1]))
		at--;
	if (at == 0)
		return false;
	*op = *name;
	*name = at - 1;
	return true;
}

/* Joins the operator, value and unit cells of a split-column row (`≥`,
 * `373.87`, `万人`) so that they read as one target; false, with the match
 * data spoilt, when the joined text is not one value. */
static bool join_cells(struct kpi_scanner *s, const char *t, const struct cells *c,
		       const size_t parts[3], struct value_match *v)
{
	buf_clear(&s->joined);
	for (int i = 0; i < 3; i++)
		if (parts[i] < c->count)
			buf_add(&s->joined, t + c->cell[parts[i]].a, c->cell[parts[i]].b - c->cell[parts[i]].a);
	struct span all = { 0, s->joined.len };
	return s->joined.len && value_cell(s, s->joined.data, all, v) && v->whole.a == 0;
}

/* Emits the row's target from subject vt, which the last match describes. */
static void emit_row(struct kpi_scanner *s, const char *t, const struct cells *c, size_t name,
		     const char *vt, const struct value_match *v, struct span raw)
{
	bool ok = convert_value(s, vt);
	table_category(s, t, c, (long)name);
	strip_tags(t, c->cell[name], &s->name);
	if (s->name.len)
		emit(s, v->opname, vt + raw.a, raw.b - raw.a, !ok);
}

static void table_row(struct kpi_scanner *s, const char *t, const struct cells *c)
{
	struct value_match v;
	size_t first, name, op = SIZE_MAX;
	if (!first_value_cell(s, t, c, &first, &name)) {
		table_text_row(s, t, c);
		return;
	}
	bool split = operator_cell(t, c, &name, &op);
	/* With year columns the target sits target_offset cells after the first
	 * value column. */
	size_t target = (split ? op : name) + 1 + (size_t)s->table.target_offset;
	if (target >= c->count || !value_cell(s, t, c->cell[target], &v)) {
		target = first;
		value_cell(s, t, c->cell[first], &v);
	}
	bool bare = span_empty(group_span(s, s->g.unit)) && span_empty(group_span(s, s->g.year));
	size_t unit = s->table.unit_offset && bare ? target + (size_t)s->table.unit_offset : SIZE_MAX;
	if (split || (unit < c->count && !span_empty(c->cell[unit]))) {
		size_t parts[3] = { op, target, unit };
		if (join_cells(s, t, c, parts, &v)) {
			emit_row(s, t, c, name, s->joined.data, &v, (struct span){ 0, s->joined.len });
			return;
		}
		value_cell(s, t, c->cell[target], &v);
	}
	emit_row(s, t, c, name, t, &v, c->cell[target]);
}

/* --- the record ------------------------------------------------------------ */

/* Cheap test before any pattern runs: a target needs a comparison symbol or
 * the word 指标 somewhere in the record, unless its section says so. The
 * full-width signs count here too, though no sentence test knows them: a
 * row they let through may open an indicator table. */
static bool may_hold_target(const char *t, size_t n)
{
	return trigger_find(t, 0, n, SENTENCE_TRIGGERS | TRIGGER_FULLWIDTH) < n;
}

void kpi_scan(struct kpi_scanner *s, const char *section, size_t section_len,
	      const char *text, size_t text_len)
{
	bool in_context = names_targets(section, section_len);
	bool has_cells = text_len && memchr(text, '\t', text_len) != NULL;
	if (!has_cells)
		s->table.active = false;
	if (!in_context && !s->table.active && !may_hold_target(text, text_len))
		return;
	if (has_cells) {
		split_cells(text, text_len, &s->cells);
		bool header = read_header(s, text, &s->cells);
		if (s->table.active && !header)
			table_row(s, text, &s->cells);
		else if (!s->table.active)
			scan_prose(s, text, text_len, in_context);
		return;
	}
	scan_prose(s, text, text_len, in_context);
}

void kpi_doc_end(struct kpi_scanner *s)
{
	s->table.active = false;
	buf_clear(&s->table.level1);
	buf_clear(&s->table.level2);
}

struct kpi_scanner *kpi_scanner_new(kpi_emit_fn *emit_fn, void *ctx)
{
	int error;
	PCRE2_SIZE offset;
	struct kpi_scanner *s = xcalloc(1, sizeof *s);
	s->value_re = pcre2_compile((PCRE2_SPTR)value_pattern, PCRE2_ZERO_TERMINATED,
				    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, NULL);
	if (!s->value_re) {
		PCRE2_UCHAR message[256];
		pcre2_get_error_message(error, message, sizeof message);
		die("kpi pattern, offset %zu: %s", (size_t)offset, (char *)message);
	}
	pcre2_jit_compile(s->value_re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	s->match = pcre2_match_data_create_from_pattern(s->value_re, NULL);
	if (!s->match)
		die("out of memory");
	const pcre2_code *re = s->value_re;
	s->g = (struct groups){ group(re, "op"), group(re, "year"), group(re, "month"),
				group(re, "day"), group(re, "eoy"), group(re, "num"),
				group(re, "mul"), group(re, "unit"), group(re, "suf") };
	s->op_starts = xcalloc(1, sizeof *s->op_starts);
	read_op_starts(s->op_starts);
	s->emit = emit_fn;
	s->ctx = ctx;
	return s;
}

void kpi_scanner_free(struct kpi_scanner *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->match);
	pcre2_code_free(s->value_re);
	buf_free(&s->table.level1);
	buf_free(&s->table.level2);
	buf_free(&s->category);
	buf_free(&s->carried);
	buf_free(&s->joined);
	buf_free(&s->name);
	buf_free(&s->value);
	buf_free(&s->unit);
	free(s->cells.cell);
	free(s->op_starts);
	free(s);
}
