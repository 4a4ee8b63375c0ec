/* test_unorm: exact cases for unorm_line (NFKC, exceptions, controls, spaces).
 *
 * A standalone program linked with build/lib.a; prints `ok NAME` or
 * `FAIL NAME: …` per case and `N passed, N failed` last. Not a speed test. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "sys.h"
#include "unorm.h"
#include "report.h"

/* unorm.c again, built without its SSE2 step, as unorm_line_plain: the
 * vector step must skip exactly what the byte loops skip. */
#define UNORM_SCALAR
#define unorm_line unorm_line_plain
#include "../../src/lib/unorm.c"
#undef unorm_line

static const struct unorm_opts NFKC = { true, false, false };
static const struct unorm_opts SPACES = { true, true, false };
static const struct unorm_opts ALL = { true, true, true };
static const struct unorm_opts NONE = { false, false, false };
static const struct unorm_opts RAW_SPACES = { false, true, false };


/* Shows a short result with TAB and controls visible, then its code points
 * (so that a decomposed é is told from a composed one). */
static void show(const char *s, size_t n, char *to, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 8 < cap; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b == '\t')
			k += (size_t)snprintf(to + k, cap - k, "\\t");
		else if (b < 0x20 || b == 0x7F)
			k += (size_t)snprintf(to + k, cap - k, "\\x%02x", b);
		else
			to[k++] = (char)b;
	}
	k += (size_t)snprintf(to + k, cap - k, "\" [");
	utf8proc_int32_t c;
	utf8proc_ssize_t len;
	for (size_t i = 0; i < n && k + 12 < cap; i += (size_t)(len > 0 ? len : 1)) {
		len = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		k += (size_t)snprintf(to + k, cap - k, "%s%04X", i ? " " : "", (unsigned)(len > 0 ? c : 0xFFFD));
	}
	snprintf(to + k, cap - k, "]");
}

static void check_n(struct counts *c, const char *name, const char *in, size_t n,
		    const struct unorm_opts *o, const char *want, size_t controls)
{
	struct buf out = { 0 };
	struct unorm_stats st = { 0 };
	unorm_line(in, n, o, &st, &out);
	bool good = out.len == strlen(want) &&
		    (out.len == 0 || memcmp(out.data, want, out.len) == 0) &&
		    st.controls == controls;
	char got[400], exp[400], why[1000];
	show(out.data, out.len, got, sizeof got);
	show(want, strlen(want), exp, sizeof exp);
	snprintf(why, sizeof why, "expected \"%s (%zu controls), got \"%s (%zu controls)",
		 exp, controls, got, st.controls);
	report(c, name, good, why);
	buf_free(&out);
}

static void check(struct counts *c, const char *name, const char *in,
		  const struct unorm_opts *o, const char *want)
{
	check_n(c, name, in, strlen(in), o, want, 0);
}

static void test_fullwidth(struct counts *c)
{
	check(c, "fullwidth-parens", "（一）", &NFKC, "(一)");
	check(c, "fullwidth-digits", "１２３", &NFKC, "123");
	check(c, "fullwidth-comma", "甲，乙", &NFKC, "甲,乙");
	check(c, "fullwidth-colon", "单位：万元", &NFKC, "单位:万元");
	check(c, "fullwidth-letters", "ＡＢＣａｂｃ", &NFKC, "ABCabc");
	check(c, "fullwidth-punct", "！？；％．＋－＝", &NFKC, "!?;%.+-=");
	check(c, "ideographic-space", "甲\u3000乙", &NFKC, "甲 乙");
	check(c, "nbsp", "a\u00A0b", &NFKC, "a b");
	check(c, "cjk-punct-kept", "、。「」《》【】“”", &NFKC, "、。「」《》【】“”");
	check(c, "ellipsis", "等……", &NFKC, "等......");
	check(c, "ligature-fi", "\uFB01", &NFKC, "fi");
	check(c, "cjk-compat-ideograph", "\uF900", &NFKC, "\u8C48");
	check(c, "kangxi-radical", "\u2F00", &NFKC, "一");
	check(c, "halfwidth-katakana-voiced", "\uFF76\uFF9E", &NFKC, "\u30AC");
	check(c, "superscript", "m\u00B2", &NFKC, "m2");
}

static void test_exceptions(struct counts *c)
{
	check(c, "enclosed-kept", "①⑴⒈⓪⑳⒇", &NFKC, "①⑴⒈⓪⑳⒇");
	check(c, "enclosed-cjk-kept", "\u3251\u3280\u32BF", &NFKC, "\u3251\u3280\u32BF");
	check(c, "dingbat-kept", "\u2776\u2793", &NFKC, "\u2776\u2793");
	check(c, "parenthesized-ideograph", "\u3220", &NFKC, "(一)");
	check(c, "circled-ideograph-outside", "\u3250", &NFKC, "PTE");
	check(c, "enclosed-then-mark", "\u2460\u0301", &NFKC, "\u2460\u0301");
	check(c, "enclosed-in-text", "①主要职责（一）", &NFKC, "①主要职责(一)");
}

static void test_composition(struct counts *c)
{
	check(c, "hangul-lv", "\u1100\u1161", &NFKC, "\uAC00");
	check(c, "hangul-lv-t", "\uAC00\u11A8", &NFKC, "\uAC01");
	check(c, "hangul-after-cjk", "中\u1100\u1161\u11A8文", &NFKC, "中\uAC01文");
	check(c, "e-acute", "e\u0301", &NFKC, "\u00E9");
	check(c, "e-acute-in-ascii", "cafe\u0301 ok", &NFKC, "caf\u00E9 ok");
	check(c, "e-acute-in-cjk", "中e\u0301中", &NFKC, "中\u00E9中");
	check(c, "fullwidth-then-mark", "\uFF25\u0301", &NFKC, "\u00C9");
	check(c, "reorder-marks", "a\u0302\u0323", &NFKC, "\u1EAD");
	check(c, "precomposed-then-mark", "\u00E2\u0323", &NFKC, "\u1EAD");
	check(c, "mark-at-start", "\u0301a", &NFKC, "\u0301a");
	check(c, "kana-voiced", "\u304B\u3099", &NFKC, "\u304C");
	check(c, "already-nfc", "\u00E9\u4E2D", &NFKC, "\u00E9\u4E2D");
	/* Runs of ASCII are skipped 8 bytes at a time: the mark still finds
	 * the last letter of the run, and a word holding a control is not
	 * skipped whole. */
	check(c, "mark-after-ascii-word", "abcdefge\u0301", &NFKC, "abcdefg\u00E9");
	check(c, "mark-after-two-words", "abcdefghabcdefge\u0301x", &NFKC,
	      "abcdefghabcdefg\u00E9x");
	check(c, "mark-after-cjk-then-ascii", "中文abcdefghe\u0301", &NFKC,
	      "中文abcdefgh\u00E9");
}

static void test_controls(struct counts *c)
{
	check_n(c, "ascii-controls", "a\x01" "b\x7F", 4, &NFKC, "ab", 2);
	check_n(c, "nul", "a\0b", 3, &NFKC, "ab", 1);
	check_n(c, "c1-control", "a\xC2\x85" "b\xC2\x9F", 6, &NFKC, "ab", 2);
	check_n(c, "zwnbsp", "\uFEFF甲\uFEFF乙", 12, &NFKC, "甲乙", 2);
	check_n(c, "tab-kept", "a\tb", 3, &NFKC, "a\tb", 0);
	check_n(c, "del-in-ascii-word", "abcdefg\x7Fhijk", 12, &NFKC, "abcdefghijk", 1);
	check_n(c, "control-in-ascii-word", "abc\x1F" "defghijk", 12, &NFKC, "abcdefghijk", 1);
	check_n(c, "control-between-e-and-mark", "e\x01\u0301", 4, &NFKC, "\u00E9", 1);
	check_n(c, "control-before-fullwidth-mark", "\uFF25\x02\u0301", 6, &NFKC, "\u00C9", 1);
	check_n(c, "control-only", "\x01\x02", 2, &SPACES, "", 2);
	check_n(c, "controls-kept-when-off", "a\x01 ", 3, &NONE, "a\x01 ", 0);
}

static void test_spaces(struct counts *c)
{
	check(c, "digit-cjk", "1667 万元", &ALL, "1667万元");
	check(c, "year", "2023 年", &ALL, "2023年");
	check(c, "percent", "14.39 %", &ALL, "14.39%");
	check(c, "cjk-cjk", "行政事业单位 养老支出", &ALL, "行政事业单位养老支出");
	check(c, "paren-heading", "(一) 主要职责", &ALL, "(一)主要职责");
	check(c, "fullwidth-paren-heading", "（一） 主要职责", &ALL, "(一)主要职责");
	check(c, "numbered-heading", "(1) 公务用车", &ALL, "(1)公务用车");
	check(c, "cjk-open-paren", "单位名称 (科目)", &ALL, "单位名称(科目)");
	check(c, "ascii-comma-cjk", "基金, 建立", &ALL, "基金,建立");
	check(c, "cjk-quote", "“三公” 经费", &ALL, "“三公”经费");
	check(c, "date", "2023 年 1 月", &ALL, "2023年1月");
	check(c, "ideographic-indent", "\u3000\u3000一、总体情况", &ALL, "一、总体情况");
	check(c, "enclosed-marker", "① 主要职责", &ALL, "①主要职责");
	check(c, "latin-words", "Hello   big  world", &SPACES, "Hello big world");
	check(c, "latin-cjk-kept", "按 DIP 付费", &ALL, "按 DIP 付费");
	check(c, "ascii-list-kept", "1, 2, 3", &ALL, "1, 2, 3");
	check(c, "digit-latin-kept", "3 km", &ALL, "3 km");
	check(c, "dash-kept", "- 一、概况", &ALL, "- 一、概况");
	check(c, "trim", "  a b  ", &ALL, "a b");
	check(c, "nbsp-run", "a\u00A0\u00A0b", &ALL, "a b");
	check(c, "ascii-memcpy", "Hello, world (ok).", &ALL, "Hello, world (ok).");
}

static void test_cells(struct counts *c)
{
	check(c, "gap", "项目   金额", &ALL, "项目\t金额");
	check(c, "gap-off", "项目   金额", &SPACES, "项目金额");
	check(c, "gap-off-latin", "a    b", &SPACES, "a b");
	check(c, "two-spaces-not-gap", "a  b", &ALL, "a b");
	check(c, "gap-at-cell-edges", "   a   b   ", &ALL, "a\tb");
	check(c, "cells-trimmed", " a \t b ", &ALL, "a\tb");
	check(c, "leading-empty-cells", "\t\ta\t\t", &ALL, "\t\ta");
	check(c, "trailing-space-cells", "a\t \t   ", &ALL, "a");
	check(c, "middle-empty-cell", "a\t   \tb", &ALL, "a\t\tb");
	check(c, "only-spaces", "   \t  ", &ALL, "");
	check(c, "all-off", " a  \t（一） ", &NONE, " a  \t（一） ");
	check(c, "spaces-without-nfkc", "（一） 主要  职责", &RAW_SPACES, "（一）主要职责");
	check(c, "empty", "", &ALL, "");
}

static void test_appends(struct counts *c)
{
	struct buf out = { 0 };
	buf_adds(&out, "X");
	unorm_line("  （一）", strlen("  （一）"), &ALL, NULL, &out);
	report(c, "appends-null-stats", out.len == 6 && memcmp(out.data, "X(一)", 6) == 0,
	       "expected \"X(一)\"");
	buf_free(&out);
}

/* Repeats unit until the result has at least `size` bytes. */
static void repeat(struct buf *b, const char *unit, size_t size)
{
	buf_clear(b);
	while (b->len < size)
		buf_adds(b, unit);
}

static void check_big(struct counts *c, const char *name, const char *unit,
		      const char *want_unit)
{
	struct buf in = { 0 }, want = { 0 }, out = { 0 };
	struct unorm_stats st = { 0 };
	repeat(&in, unit, 10u << 20);
	size_t times = in.len / strlen(unit);
	for (size_t i = 0; i < times; i++)
		buf_adds(&want, want_unit);
	unorm_line(in.data, in.len, &ALL, &st, &out);
	report(c, name, out.len == want.len && memcmp(out.data, want.data, out.len) == 0,
	       "10 MB line differs");
	buf_free(&in);
	buf_free(&want);
	buf_free(&out);
}

/* One letter and a million combining marks: a single utf8proc piece. */
static void check_big_piece(struct counts *c)
{
	struct buf in = { 0 }, out = { 0 };
	buf_addc(&in, 'a');
	for (int i = 0; i < 1000000; i++)
		buf_adds(&in, "\u0301");
	unorm_line(in.data, in.len, &ALL, NULL, &out);
	bool good = out.len == in.len - 1 && memcmp(out.data, "\u00E1", 2) == 0 &&
		    memcmp(out.data + 2, in.data + 3, in.len - 3) == 0;
	report(c, "one-long-piece", good, "a + 1M U+0301 differs");
	buf_free(&in);
	buf_free(&out);
}

static void test_big(struct counts *c)
{
	check_big(c, "10MB-cjk", "一般公共预算，１２３ 万元。①项目 ", "一般公共预算,123万元。①项目");
	check_big(c, "10MB-combining", "e\u0301", "\u00E9");
	check_big_piece(c);
}

/* Characters at the edges of the fast path: starters that compose, marks
 * in different classes, Hangul jamo, full- and half-width forms, characters
 * whose NFKC starts or ends with something that composes. */
static const uint32_t tricky[] = {
	'a', 'e', 'A', 'o', 'u', ' ', '1', 0x00E9, 0x00E2, 0x00C5, 0x0301, 0x0302,
	0x0323, 0x0308, 0x0327, 0x031B, 0x05AE, 0x0315, 0x0344, 0x0F73, 0x0F71,
	0x0F72, 0x0B47, 0x0B3E, 0x0B57, 0x0CC6, 0x0CD5, 0x1100, 0x1161, 0x11A8,
	0xAC00, 0xAC01, 0x4E2D, 0x3001, 0x3000, 0xFF25, 0xFF0C, 0xFF76, 0xFF9E,
	0x304B, 0x3099, 0x309B, 0x30AB, 0xFB01, 0x1E9B, 0x2126, 0x212B, 0x00A8,
	0x1FED, 0x0385, 0x03D3, 0xF900, 0x3220, 0x1D15E, 0x1D165, 0x1D16E, 0x0340,
	0x0958, 0x093C, 0x0915, 0x2ADC, 0x0338, 0x003C, 0x226E, 0x1F80, 0x0345,
};

static void random_text(struct buf *b, uint64_t *seed)
{
	buf_clear(b);
	int len = 1 + (int)(*seed % 8);
	for (int i = 0; i < len; i++) {
		*seed ^= *seed << 13, *seed ^= *seed >> 7, *seed ^= *seed << 17;
		utf8proc_uint8_t enc[4];
		size_t k = *seed % (sizeof tricky / sizeof *tricky);
		buf_add(b, (const char *)enc, (size_t)utf8proc_encode_char((utf8proc_int32_t)tricky[k], enc));
	}
}

/* The fast path must agree with utf8proc on the whole string. */
static void test_against_utf8proc(struct counts *c)
{
	struct buf in = { 0 }, out = { 0 };
	uint64_t seed = 88172645463325252u;
	int bad = 0;
	char why[200] = "";
	for (int i = 0; i < 200000; i++) {
		random_text(&in, &seed);
		utf8proc_uint8_t *want = NULL;
		utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in.data,
			(utf8proc_ssize_t)in.len, &want,
			UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
		buf_clear(&out);
		unorm_line(in.data, in.len, &NFKC, NULL, &out);
		if (n < 0 || out.len != (size_t)n || memcmp(out.data, want, out.len) != 0) {
			if (!bad++)
				snprintf(why, sizeof why, "case %d differs from utf8proc_map", i);
		}
		free(want);
	}
	report(c, "random-against-utf8proc", bad == 0, why);
	buf_free(&in);
	buf_free(&out);
}

/* Pieces for the vector step's edges: printable ASCII, TAB, spaces,
 * controls, ideographs (leads E4-E9) and the three-byte characters beside
 * them (inert 、 and 가, mapped ， ꝰ ꚜ ㈠ U+3000, kept ①, a combining mark
 * with lead EA, a jamo that composes with 가), two- and four-byte
 * characters, combining marks, and bytes that are not UTF-8 (a stray
 * continuation byte, an ideograph lead before ASCII, F5, C0, a lead cut by
 * the end). */
static const char *const vector_pieces[] = {
	"a", "Z", "0", " ", "   ", "\t", "\x01", "\x7F", "~", "中", "国", "預", "䶿",
	"鿿", "、", "。", "，", "①", "\xE3\x80\x80", "é", "e\xCC\x81", "\xCC\x81",
	"𠀀", "\x80", "\xE4\x61", "\xF5", "\xC0", "\xE4", "\xE9\xBF", "ｶﾞ",
	"\xEF\xBB\xBF", "abcdefghijklmnop", "一二三四五六七八", "ꝰ", "ꚜ", "\xEA\x99\xAF", "가",
	"\xE1\x86\xA8", "㈠",
};

/* Random lines of 0 to 64 bytes (and a few more), each through both
 * builds with every set of options. */
static void test_vector_step(struct counts *c)
{
	static const struct unorm_opts *const all[] = { &NFKC, &SPACES, &ALL, &NONE, &RAW_SPACES };
	struct buf in = { 0 }, fast = { 0 }, plain = { 0 };
	uint64_t seed = 0x2545F4914F6CDD1Du;
	int bad = 0;
	char why[200] = "";
	for (int round = 0; round < 60000; round++) {
		size_t want = (size_t)round % 70;
		buf_clear(&in);
		while (in.len < want) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			const char *p = vector_pieces[seed % (sizeof vector_pieces / sizeof *vector_pieces)];
			buf_add(&in, p, strlen(p));
		}
		for (size_t k = 0; k < sizeof all / sizeof *all; k++) {
			struct unorm_stats fs = { 0 }, ps = { 0 };
			buf_clear(&fast);
			buf_clear(&plain);
			unorm_line(in.data, in.len, all[k], &fs, &fast);
			unorm_line_plain(in.data, in.len, all[k], &ps, &plain);
			if (fast.len != plain.len || (fast.len && memcmp(fast.data, plain.data, fast.len)) ||
			    fs.controls != ps.controls) {
				if (!bad++)
					snprintf(why, sizeof why, "round %d, options %zu differ", round, k);
			}
		}
	}
	report(c, "vector-step-as-byte-loops", bad == 0, why);
	buf_free(&in);
	buf_free(&fast);
	buf_free(&plain);
}

int main(void)
{
	struct counts c = { 0, 0 };
	tool_init("test_unorm");
	test_fullwidth(&c);
	test_exceptions(&c);
	test_composition(&c);
	test_controls(&c);
	test_spaces(&c);
	test_cells(&c);
	test_appends(&c);
	test_big(&c);
	test_against_utf8proc(&c);
	test_vector_step(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
