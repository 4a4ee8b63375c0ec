/* cjknum: read Chinese, Arabic and mixed numerals exactly.
 *
 * A numeral is read left to right as sections: digits times 十百千 add up
 * into a section, and a section times 万/亿/兆 goes into the total. A big
 * unit larger than anything before multiplies the whole (一万五千亿), a
 * smaller one adds (五亿一万). Spoken abbreviations (两千四百五 = 2450,
 * 一万三 = 13000) scale the last lone digit by one step below its unit. */
#include "cjknum.h"
#include "utf8.h"

#include <string.h>

size_t cjknum_decode_other(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	/* Anything else through utf8.c's table of well-formed sequences:
	 * overlong forms, surrogates and code points past U+10FFFF are as
	 * invalid as a stray byte (F4 A4 A4 A4 would read as 0x124924). */
	unsigned char low, high;
	size_t need = (size_t)utf8_lead(u[0], &low, &high);
	uint32_t c = u[0] & (0x7Fu >> (need + 1));
	if (need == 0 || need >= n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		if (u[i] < low || u[i] > high) {
			*cp = 0xFFFD;
			return 1;
		}
		low = 0x80, high = 0xBF;
		c = c << 6 | (u[i] & 0x3Fu);
	}
	*cp = c;
	return need + 1;
}

static bool is_two(uint32_t cp)
{
	return cp == 0x4E24 || cp == 0x5169 || cp == 0x5006; /* 两 兩 倆 */
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool starts_with(const char *s, size_t n, size_t i, const char *word)
{
	size_t len = strlen(word);
	return n - i >= len && memcmp(s + i, word, len) == 0;
}

enum token { TOK_NONE, TOK_ZERO, TOK_DIGIT, TOK_ARABIC, TOK_UNIT };

struct reader {
	const char *s;
	size_t n, end;        /* end: bytes accepted so far */
	struct decimal total, section, pending, fraction;
	bool has_pending, pending_chinese, zero_seen, any, done, overflow;
	unsigned last_small;  /* exponent of the last 十百千 of this section */
	unsigned last_big;    /* largest 万/亿/兆 applied to the total */
	unsigned last_unit;   /* exponent of the last multiplier of any kind */
	enum token last;
	struct cjknum *out;
};

static void check(struct reader *r, int rc)
{
	if (rc < 0)
		r->overflow = true;
}

/* Length of an Arabic figure at i: digits, `,ddd` groups, `.ddd`. */
static size_t arabic_end(const char *s, size_t n, size_t i)
{
	size_t k = i;
	while (k < n && is_digit(s[k]))
		k++;
	while (k > i && k + 3 < n + 0 && s[k] == ',' && is_digit(s[k + 1]) &&
	       is_digit(s[k + 2]) && is_digit(s[k + 3]) &&
	       (k + 4 >= n || !is_digit(s[k + 4])))
		k += 4;
	if (k + 1 < n && s[k] == '.' && is_digit(s[k + 1]))
		for (k++; k < n && is_digit(s[k]); k++)
			;
	return k;
}

static void take_arabic(struct reader *r, size_t i)
{
	size_t k = arabic_end(r->s, r->n, i);
	check(r, decimal_parse(r->s + i, k - i, &r->pending));
	r->has_pending = true;
	r->pending_chinese = false;
	r->any = true;
	r->last = TOK_ARABIC;
	r->out->tail_len = 0;
	r->end = k;
	/* `40k`, `15k元`: a trailing k is a thousand, unless a word goes on. */
	if (k < r->n && (r->s[k] == 'k' || r->s[k] == 'K') &&
	    (k + 1 >= r->n || !is_alpha(r->s[k + 1]))) {
		check(r, decimal_shift(&r->pending, 3));
		r->out->tail[r->out->tail_len++] = 3;
		if (r->out->top_exp < 3)
			r->out->top_exp = 3;
		r->end = k + 1;
		r->done = true;
	}
}

static bool take_digit(struct reader *r, int digit, size_t next)
{
	if (digit == 0) {
		/* 二〇二五 is a digit string, not a numeral this reader builds. */
		if (r->has_pending)
			return false;
		r->zero_seen = true;
		r->last = TOK_ZERO;
	} else {
		if (r->has_pending)
			return false; /* 三五百: a range, the caller's business */
		decimal_from_uint(&r->pending, (uint64_t)digit);
		r->has_pending = true;
		r->pending_chinese = true;
		r->last = TOK_DIGIT;
		r->out->tail_len = 0;
	}
	r->any = true;
	r->out->chinese = true;
	r->end = next;
	return true;
}

static void note_unit(struct reader *r, unsigned exp, size_t next)
{
	struct cjknum *o = r->out;
	if (r->last != TOK_UNIT)
		o->tail_len = 0;
	if (o->tail_len < CJKNUM_TAIL_MAX)
		o->tail[o->tail_len++] = (unsigned char)exp;
	if (o->top_exp < exp)
		o->top_exp = exp;
	r->last_unit = exp;
	r->last = TOK_UNIT;
	r->zero_seen = false;
	r->has_pending = false;
	r->any = true;
	o->chinese = true;
	r->end = next;
}

static bool take_small(struct reader *r, unsigned exp, size_t next)
{
	if (exp >= r->last_small)
		return false; /* 五十千 */
	if (!r->has_pending) {
		/* 十五, 零十, and 百三/千三 at the very start mean one of them. */
		if (exp != 1 && r->any)
			return false;
		if (!r->any)
			r->out->lead_unit = true;
		decimal_from_uint(&r->pending, 1);
	}
	check(r, decimal_shift(&r->pending, exp));
	check(r, decimal_add(&r->section, &r->pending));
	r->last_small = exp;
	note_unit(r, exp, next);
	return true;
}

static bool take_big(struct reader *r, unsigned exp, size_t next)
{
	if (!r->any)
		return false; /* 万, 万万: no number */
	struct decimal x = r->section;
	if (r->has_pending)
		check(r, decimal_add(&x, &r->pending));
	if (decimal_is_zero(&x) && !decimal_is_zero(&r->total)) {
		check(r, decimal_shift(&r->total, exp)); /* 四万万, 一万亿 */
		r->last_big += exp;
	} else if (exp > r->last_big) {
		check(r, decimal_add(&r->total, &x));
		check(r, decimal_shift(&r->total, exp));
		r->last_big = exp;
	} else {
		check(r, decimal_shift(&x, exp));
		check(r, decimal_add(&r->total, &x));
	}
	r->section = (struct decimal){ 0, 0, false };
	r->last_small = 99;
	note_unit(r, exp, next);
	return true;
}

/* 点 followed by digits (never 两: 两百点两 is two numbers). */
static bool take_point(struct reader *r, size_t i)
{
	size_t k = i;
	while (k < r->n && r->s[k] == ' ')
		k++;
	struct decimal f = { 0, 0, false };
	size_t last = 0;
	while (k < r->n) {
		uint32_t cp;
		size_t len = cjknum_decode(r->s + k, r->n - k, &cp);
		int d = cjknum_digit(cp);
		if (d < 0 || is_two(cp) || f.scale >= DECIMAL_MAX_SCALE)
			break;
		f.coef = f.coef * 10 + (unsigned)d;
		f.scale++;
		k += len;
		last = k;
	}
	if (last == 0)
		return false;
	r->fraction = f;
	r->end = last;
	r->done = true;
	return true;
}

static bool followed_by(const struct reader *r, size_t i, const char *word)
{
	return starts_with(r->s, r->n, i, word);
}

/* One token at i (after optional spaces); false ends the numeral. */
static bool step(struct reader *r, size_t i, bool spaced)
{
	const char *s = r->s;
	if (is_digit(s[i]) || (s[i] == '.' && !r->any && i + 1 < r->n &&
			       is_digit(s[i + 1]))) {
		if (r->has_pending || (spaced && r->last != TOK_UNIT))
			return false;
		take_arabic(r, i);
		return true;
	}
	uint32_t cp;
	size_t len = cjknum_decode(s + i, r->n - i, &cp);
	int digit = cjknum_digit(cp);
	if (digit >= 0)
		return take_digit(r, digit, i + len);
	unsigned exp = cjknum_multiplier(cp);
	if (exp != 0) {
		if (followed_by(r, i + len, "分之"))
			return false; /* 百分之五: a fraction */
		return exp < 4 ? take_small(r, exp, i + len) :
				 take_big(r, exp, i + len);
	}
	if ((cp == 0x70B9 || cp == 0x9EDE) && r->any) /* 点 點 */
		return take_point(r, i + len);
	return false;
}

static void finish(struct reader *r)
{
	struct decimal v = r->total;
	check(r, decimal_add(&v, &r->section));
	if (r->has_pending) {
		struct decimal p = r->pending;
		if (r->pending_chinese && !r->zero_seen && r->last_unit >= 2)
			check(r, decimal_shift(&p, r->last_unit - 1));
		check(r, decimal_add(&v, &p));
	}
	check(r, decimal_add(&v, &r->fraction));
	r->out->value = v;
}

/* 负 before a numeral makes it negative. */
static size_t sign_len(const char *s, size_t n)
{
	if (starts_with(s, n, 0, "负") || starts_with(s, n, 0, "負"))
		return 3;
	return 0;
}

#ifndef CJKNUM_NO_SHORTCUT
/* The character at s[i] (after spaces) cannot go on a numeral whose last
 * token is a multiplier: no digit, multiplier or 点. */
static bool ends_after_unit(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || (unsigned char)s[i] < 0x80)
		return i >= n || !is_digit(s[i]);
	uint32_t cp;
	cjknum_decode(s + i, n - i, &cp);
	return cjknum_digit(cp) < 0 && cjknum_multiplier(cp) == 0 && cp != 0x70B9 && cp != 0x9EDE;
}

/* arabic_end (the same rules) for the figure at s[0], with its value as
 * decimal_parse reads it in the same pass: false when it has more than 18
 * digits (64 bits hold 18, and 兆 after them still fits in 128). */
static bool small_figure(const char *s, size_t n, size_t *end, struct decimal *out)
{
	uint64_t coef = 0;
	unsigned digits = 0, scale = 0;
	size_t k = 0;
	for (; k < n && is_digit(s[k]); k++, digits++)
		coef = coef * 10 + (unsigned)(s[k] - '0');
	while (k > 0 && k + 3 < n && s[k] == ',' && is_digit(s[k + 1]) &&
	       is_digit(s[k + 2]) && is_digit(s[k + 3]) &&
	       (k + 4 >= n || !is_digit(s[k + 4]))) {
		coef = coef * 1000 + (unsigned)(s[k + 1] - '0') * 100 +
		       (unsigned)(s[k + 2] - '0') * 10 + (unsigned)(s[k + 3] - '0');
		digits += 3;
		k += 4;
	}
	if (k + 1 < n && s[k] == '.' && is_digit(s[k + 1]))
		for (k++; k < n && is_digit(s[k]); k++, digits++, scale++)
			coef = coef * 10 + (unsigned)(s[k] - '0');
	*end = k;
	if (digits > 18)
		return false;
	*out = (struct decimal){ coef, scale, false };
	return true;
}

/* 分之 at s[i] (百分之五 is a fraction, not a hundred). */
static bool fraction_word(const char *s, size_t n, size_t i)
{
	return n - i >= 6 && memcmp(s + i, "分之", 6) == 0;
}

/* Most numerals in the documents are Arabic digits, alone (2025年) or with
 * one big multiplier (36.5万元): read those directly, as the reader below
 * would, without its machinery. Returns 0 when the reader is needed: a
 * sign, a k, a small multiplier or 点 after the digits, more after the
 * multiplier, too many digits. test_cjknum compares both ways
 * (CJKNUM_NO_SHORTCUT). */
static size_t plain_arabic(const char *s, size_t n, struct cjknum *out)
{
	if (n == 0 || !is_digit(s[0]))
		return 0;
	size_t k;
	struct decimal value;
	bool small = small_figure(s, n, &k, &value);
	if (k < n && (s[k] == 'k' || s[k] == 'K'))
		return 0;
	size_t i = k, len = 0;
	while (i < n && s[i] == ' ')
		i++;
	unsigned exp = 0;
	if (i < n && (unsigned char)s[i] >= 0x80) {
		uint32_t cp;
		len = cjknum_decode(s + i, n - i, &cp);
		exp = cjknum_multiplier(cp);
		if ((exp != 0 && exp < 4) || cp == 0x70B9 || cp == 0x9EDE) /* 点 點 */
			return 0;
		if (exp != 0 && (fraction_word(s, n, i + len) || !ends_after_unit(s, n, i + len)))
			return 0;
	}
	if (!small) {
		if (decimal_parse(s, k, &value) != 0 || decimal_shift(&value, exp) != 0)
			return 0; /* too large: the reader reports the overflow */
	} else if (value.scale >= exp) {
		value.scale -= exp; /* as decimal_shift */
	} else {
		/* under 10^18 times at most 10^12: no overflow */
		static const uint64_t pow10[13] = {
			1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
			1000000000, 10000000000, 100000000000, 1000000000000,
		};
		value.coef *= pow10[exp - value.scale];
		value.scale = 0;
	}
	memset(out, 0, sizeof *out);
	out->value = value;
	if (exp == 0)
		return k;
	out->chinese = true; /* as the reader marks any multiplier */
	out->top_exp = exp;
	out->tail[0] = (unsigned char)exp;
	out->tail_len = 1;
	return i + len;
}
#else
static size_t plain_arabic(const char *s, size_t n, struct cjknum *out)
{
	(void)s, (void)n, (void)out;
	return 0;
}
#endif

size_t cjknum_parse(const char *s, size_t n, struct cjknum *out)
{
	size_t plain = plain_arabic(s, n, out);
	if (plain)
		return plain;
	memset(out, 0, sizeof *out);
	size_t start = sign_len(s, n);
	struct reader r = { .s = s, .n = n, .end = start, .out = out,
			    .last_small = 99 };
	/* An overflow does not end the numeral: its unit must still be read,
	 * or 10^40万元 would lose its 万 and the amount go unreported. */
	while (!r.done && r.end < n) {
		size_t i = r.end;
		while (r.any && i < n && s[i] == ' ')
			i++;
		if (i >= n || !step(&r, i, i != r.end))
			break;
	}
	if (!r.any)
		return 0;
	finish(&r);
	out->overflow = r.overflow;
	if (r.overflow)
		out->value = (struct decimal){ 0, 0, false };
	out->value.neg = start > 0 && !decimal_is_zero(&out->value);
	return r.end;
}

/* Words that begin with a numeral character but are not numbers. */
static const char *const NOT_NUMBERS[] = {
	"一切", "一看", "一般", "一些", "一样", "一起", "一直", "一定",
	"一致", "一律", "一旦", "四川", "十足", "十分", "两两", "万一",
};

static size_t lexicon_word(const char *s, size_t n, size_t i)
{
	for (size_t k = 0; k < sizeof NOT_NUMBERS / sizeof *NOT_NUMBERS; k++)
		if (starts_with(s, n, i, NOT_NUMBERS[k]))
			return strlen(NOT_NUMBERS[k]);
	return 0;
}

/* A lone 陆, 拾, 肆, 伍 … is almost always a word (陆地, 拾起, 队伍). */
static bool lone_capital(uint32_t cp)
{
	static const uint32_t words[] = {
		0x9646, 0x9678, 0x62FE, 0x8086, 0x4F0D, 0x67D2, 0x634C,
		0x7396, 0x4F70, 0x4EDF,
	};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (words[k] == cp)
			return true;
	return false;
}

static bool may_start(const char *s, size_t n, size_t i, uint32_t cp)
{
	if (is_digit(s[i]))
		return i == 0 || (!is_digit(s[i - 1]) && !is_alpha(s[i - 1]) &&
				  (s[i - 1] != '.' || (i >= 2 && s[i - 2] == '.')));
	if (s[i] == '.' || s[i] == '-')
		return i + 1 < n && (is_digit(s[i + 1]) || s[i + 1] == '.') &&
		       (i == 0 || (s[i - 1] != s[i] && !is_digit(s[i - 1])));
	return cjknum_digit(cp) >= 0 || cjknum_multiplier(cp) != 0 ||
	       cp == 0x8D1F || cp == 0x8CA0; /* 负 負 */
}

/* 十余万, 二十几万: the fuzzy word and the multiplier after it make the
 * numeral a lower bound. Returns the new end, or end when nothing follows. */
static size_t approx_tail(const char *s, size_t n, size_t end,
			  struct decimal *v)
{
	size_t i = end;
	while (i < n && s[i] == ' ')
		i++;
	if (!(starts_with(s, n, i, "余") || starts_with(s, n, i, "多") ||
	      starts_with(s, n, i, "几") || starts_with(s, n, i, "幾")))
		return end;
	i += 3;
	while (i < n && s[i] == ' ')
		i++;
	unsigned exp = 0;
	size_t k = i;
	while (k < n) {
		uint32_t cp;
		size_t len = cjknum_decode(s + k, n - k, &cp);
		unsigned e = cjknum_multiplier(cp);
		if (e < 4)
			break;
		exp += e;
		k += len;
	}
	if (exp == 0 || decimal_shift(v, exp) < 0)
		return end;
	return k;
}

static bool scan_at(const char *s, size_t n, size_t i, size_t *next,
		    struct cjknum_match *m)
{
	bool minus = s[i] == '-';
	size_t from = i + minus;
	struct cjknum num;
	size_t len = cjknum_parse(s + from, n - from, &num);
	*next = len ? from + len : i + 1;
	if (len == 0 || num.overflow)
		return false;
	uint32_t cp;
	if (len == 3 && cjknum_decode(s + from, n - from, &cp) == 3 &&
	    lone_capital(cp))
		return false;
	m->start = i;
	m->value = num.value;
	m->value.neg ^= minus && !decimal_is_zero(&num.value);
	size_t end = approx_tail(s, n, from + len, &m->value);
	m->approx = end != from + len;
	m->end = end;
	*next = end;
	return true;
}

bool cjknum_scan(const char *s, size_t n, size_t *pos, struct cjknum_match *m)
{
	size_t i = *pos;
	while (i < n) {
		uint32_t cp = (unsigned char)s[i];
		size_t len = cjknum_decode(s + i, n - i, &cp);
		size_t word = lexicon_word(s, n, i);
		if (word != 0) {
			i += word;
			continue;
		}
		if (!may_start(s, n, i, cp)) {
			i += len;
			continue;
		}
		size_t next;
		if (scan_at(s, n, i, &next, m)) {
			*pos = next;
			return true;
		}
		i = next;
	}
	*pos = n;
	return false;
}
