/* label_cases: random clauses for the label tests that compare two
 * label_reads: pieces of prose made of the words label.c looks for (every
 * word of its lists), pieces of them (a character cut in two, 丂 and 乂 that
 * end like 。, 中 without 其), list markers, digits and years, ASCII and
 * Chinese filler; and a span of it, mostly the whole text, else any. */
#ifndef GONGKAI_TEST_LABEL_CASES_H
#define GONGKAI_TEST_LABEL_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "label.h"

static const char *const label_pieces[] = {
	/* boundaries and sentence ends */
	"。", ";", "；", ",", ":", "\t", "，", "：", "、", "其中",
	/* change words, tails, comparisons */
	"增加", "增长", "超支", "高于", "增支", "减少", "下降", "节约", "压减", "降低", "节省",
	"减支", "低于", "多", "增", "少", "减", "了", "额", "金额", "资金",
	"较", "比", "与上年", "同比", "相比", "对比", "与上年对比", "与上年相比", "与上年度相比",
	"较上年度", "较上年", "比上年度", "比上年", "较年初预算", "比年初预算",
	/* prior periods and years */
	"上年", "上一年", "去年", "上年度", "上年同期", "与上年度", "年", "上", "一", "去",
	"2025年", "2024年", "1899年", "12025年", "2100年", "2025", "0", "7",
	/* fillers */
	" ", "以及", "和", "及", "预算", "安排", "共计", "故", "因此", "主要是", "(", "-", "~", "至",
	"为", "是", "约", "达到", "达", "共", "预算支出", "预算数",
	/* markers */
	"(5)", "(一)", ")", "1.", "2、", "30101", ".",
	/* near misses and cut characters */
	"中", "其", "丂", "乂", "\xE3\x80", "\x80\x82", "\xBC\x9B", "\xE5", "\xB9\xB4", "\xE5\xB9",
	"\xEF\xBC", "\x8C",
	/* plain text */
	"基本支出", "经费", "公用经费", "机关运行经费", "一般公共预算拨款收入", "万元", "a", "bc",
};

static uint32_t label_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

struct label_case {
	char text[256];
	size_t n, from, to;
	int main_year;
};

static void label_case_make(struct label_case *c, uint32_t *state)
{
	static const int years[] = { 0, 2024, 2025 };
	size_t parts = label_random(state) % 24;
	c->n = 0;
	for (size_t k = 0; k < parts; k++) {
		const char *p = label_pieces[label_random(state) % (sizeof label_pieces / sizeof *label_pieces)];
		size_t len = strlen(p);
		if (c->n + len > sizeof c->text)
			break;
		memcpy(c->text + c->n, p, len);
		c->n += len;
	}
	c->from = 0;
	c->to = c->n;
	if (label_random(state) % 4 == 0 && c->n > 0) {
		c->from = label_random(state) % (c->n + 1);
		c->to = c->from + label_random(state) % (c->n - c->from + 1);
	}
	c->main_year = years[label_random(state) % 3];
}

/* Do two label_reads give the same answer, in all that they answer? */
static bool label_same(const struct label *a, const struct label *b)
{
	return a->start == b->start && a->end == b->end && a->kind == b->kind &&
	       a->decrease == b->decrease && a->sentence_break == b->sentence_break;
}

/* A label for a failure's message, its span counted from `from`. */
static void label_describe(char *out, size_t size, const struct label *l, size_t from)
{
	snprintf(out, size, "%zu..%zu kind %d dec %d break %d", l->start - from, l->end - from,
		 (int)l->kind, (int)l->decrease, (int)l->sentence_break);
}

#endif
