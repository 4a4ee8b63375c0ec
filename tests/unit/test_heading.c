/* test_heading: exact cases for heading.c — markers (CJK numerals decoded by
 * code point), titles (stop words found through their first bytes, amounts
 * found through the 8-byte digit test) and utf8_chars (8 bytes at a time).
 *
 * A standalone program linked with build/lib.a; prints `ok NAME` or
 * `FAIL NAME: …` per case and `N passed, N failed` last. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "heading.h"
#include "sys.h"
#include "utf8.h"
#include "report.h"

static void check_marker(struct counts *c, const char *s, enum marker_style style,
			 long number, size_t len)
{
	struct marker m;
	enum marker_style got = heading_marker(s, strlen(s), &m);
	char why[200];
	bool good = got == style && (style == MARKER_NONE || (m.number == number && m.len == len));
	snprintf(why, sizeof why, "expected style %d number %ld len %zu, got %d %ld %zu",
		 style, number, len, got, m.number, m.len);
	report(c, s, good, why);
}

static void test_markers(struct counts *c)
{
	check_marker(c, "一、概况", MARKER_CJK, 1, 6);
	check_marker(c, "二十三、其他", MARKER_CJK, 23, 12);
	check_marker(c, "两百是", MARKER_ORDINAL, 200, 9);
	check_marker(c, "九十九、", MARKER_CJK, 99, 12);
	check_marker(c, "〇、零", MARKER_NONE, 0, 0);   /* zero is no ordinal */
	check_marker(c, "十、", MARKER_CJK, 10, 6);
	check_marker(c, "(四)项目", MARKER_CJK_PAREN, 4, 5);
	check_marker(c, "(七八)", MARKER_CJK_PAREN, 8, 8);
	check_marker(c, "第五部分 其他", MARKER_PART, 5, 12);
	check_marker(c, "第12章", MARKER_PART, 12, 8);
	check_marker(c, "附件六", MARKER_ANNEX, 6, 9);
	check_marker(c, "项目六:", MARKER_LABEL, 6, 9);
	check_marker(c, "中、文", MARKER_NONE, 0, 0);
	check_marker(c, "一", MARKER_NONE, 0, 0);
	/* A lead byte of a numeral with broken continuation bytes is no digit. */
	check_marker(c, "\xE4\x38\x80、", MARKER_NONE, 0, 0);
}

static void check_title(struct counts *c, const char *name, const char *s,
			enum title_kind kind, size_t title_len)
{
	struct marker m;
	size_t len = 0;
	enum title_kind got = TITLE_NONE;
	if (heading_marker(s, strlen(s), &m) != MARKER_NONE)
		got = heading_title(s, strlen(s), &m, &len);
	char why[200];
	snprintf(why, sizeof why, "expected kind %d title %zu bytes, got %d %zu",
		 kind, title_len, got, len);
	report(c, name, got == kind && len == title_len, why);
}

static void test_titles(struct counts *c)
{
	check_title(c, "title-whole-line", "一、部门基本情况说明", TITLE_HEADING, 30);
	check_title(c, "title-colon-end", "一、部门职责:", TITLE_HEADING, 18);
	check_title(c, "title-full-stop-lead", "1、办公室。负责文电会务", TITLE_HEADING, 13);
	check_title(c, "title-duties-item", "1、办公室。负责机关日常运转工作、信息公开和安全保密。",
		    TITLE_ITEM, 13);
	check_title(c, "title-amount-after-eight-bytes", "(一)本年收入合计一二三四五 727.56万元",
		    TITLE_ITEM, 0);
	check_title(c, "title-digits-no-unit", "(二)项目编号2023001号说明", TITLE_HEADING, 33);
	check_title(c, "title-rate-in-title", "(三)增长12%的原因", TITLE_ITEM, 0);
	check_title(c, "title-breaks-off", "(四)收入和", TITLE_ITEM, 0);
	check_title(c, "title-semicolon-sentence", "2.主要任务;完成", TITLE_HEADING, 14);
	check_title(c, "title-colon-sentence", "(五)基本支出:指人员经费和公用经费。",
		    TITLE_ITEM, 51);
}

static void check_chars(struct counts *c, const char *name, const char *s, size_t want)
{
	size_t got = utf8_chars(s, strlen(s));
	char why[100];
	snprintf(why, sizeof why, "expected %zu characters, got %zu", want, got);
	report(c, name, got == want, why);
}

static void test_chars(struct counts *c)
{
	check_chars(c, "chars-empty", "", 0);
	check_chars(c, "chars-ascii-9", "abcdefghi", 9);
	check_chars(c, "chars-cjk-3", "部门预", 3);
	check_chars(c, "chars-cjk-12", "一般公共预算财政拨款支出", 12);
	check_chars(c, "chars-mixed", "2023年预算ab①é", 11);
}

int main(void)
{
	struct counts c = { 0, 0 };
	tool_init("test_heading");
	test_markers(&c);
	test_titles(&c);
	test_chars(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
