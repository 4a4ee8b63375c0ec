/* test_heading_portable: heading.c compiled a second time with its SSE2
 * word search turned off (HEADING_PORTABLE) and its entry points renamed,
 * against the library's build of it (SSE2 on x86-64) on many lines: every
 * cut of numbered lines whose stops fall on each side of a 16-byte block
 * end, and random mixtures of markers, stops, amounts and plain text. The
 * two searches must give the same marker, kind and title length.
 *
 * A standalone program linked with build/lib.a; prints `ok NAME` or
 * `FAIL NAME: …` per case and `N passed, N failed` last. */
#define HEADING_PORTABLE 1
#define heading_title heading_title_portable
#define heading_marker heading_marker_portable
#include "heading.c"
#undef heading_title
#undef heading_marker

#include <stdio.h>

#include "report.h"

/* The library's entry points, which heading.h declared under the names
 * renamed above. */
enum title_kind heading_title(const char *s, size_t n, const struct marker *m,
			      size_t *title_len);
enum marker_style heading_marker(const char *s, size_t n, struct marker *m);

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Both builds on s[0..n); returns false (and says why) when they differ. */
static bool same_answer(const char *s, size_t n, char *why, size_t why_size)
{
	struct marker fast, portable;
	enum marker_style a = heading_marker(s, n, &fast);
	enum marker_style b = heading_marker_portable(s, n, &portable);
	if (a != b || (a != MARKER_NONE && (fast.len != portable.len || fast.number != portable.number))) {
		snprintf(why, why_size, "marker %d/%d differs on %.*s", a, b, (int)n, s);
		return false;
	}
	if (a == MARKER_NONE)
		return true;
	size_t fast_len, portable_len;
	enum title_kind k = heading_title(s, n, &fast, &fast_len);
	enum title_kind l = heading_title_portable(s, n, &portable, &portable_len);
	if (k != l || fast_len != portable_len) {
		snprintf(why, why_size, "kind %d/%d, title %zu/%zu on %.*s", k, l, fast_len,
			 portable_len, (int)n, s);
		return false;
	}
	return true;
}

/* Every cut of lines whose stops sit at many offsets: padding of 0 to 20
 * characters before the stop moves it across the block ends. */
static void test_cuts(struct counts *c)
{
	static const char *const lines[] = {
		"一、部门职责:负责全县医疗保障工作。承担城乡居民医疗保险",
		"(二)项目名称:城乡医疗救助资金;主管部门:医疗保障局",
		"1.办公室。负责机关日常运转工作,承担信息公开事项!是否完成?",
		"第一部分 部门概况:一般公共预算拨款收入727.56万元,比上年增长3.5%。",
		"A.2020年资金253.12万元按进度到达。B.项目资金执行情况分析",
	};
	char buf[400], why[600] = "";
	bool good = true;
	for (size_t i = 0; i < sizeof lines / sizeof *lines && good; i++) {
		struct marker m;
		size_t at = heading_marker(lines[i], strlen(lines[i]), &m) ? m.len : 0;
		for (size_t pad = 0; pad <= 20 && good; pad++) {
			size_t n = at;
			memcpy(buf, lines[i], at);
			for (size_t k = 0; k < pad; k++, n += 3)
				memcpy(buf + n, "预", 3);
			size_t rest = strlen(lines[i]) - at;
			memcpy(buf + n, lines[i] + at, rest);
			n += rest;
			for (size_t cut = 0; cut <= n && good; cut++)
				good = same_answer(buf, cut, why, sizeof why);
		}
	}
	report(c, "every cut, stops at every offset", good, why);
}

static void test_mixtures(struct counts *c)
{
	static const char *const pieces[] = {
		"一、", "(一)", "1.", "2、", "第三部分", "附件1", "A.", "项目一", "①",
		"。", ";", ":", "!", "?", ",", "、", "(", "“",
		"727.56", "万元", "元", "%", "负责", "预算", "医疗保障", "ab", " ", "\t",
	};
	uint32_t state = 7;
	char buf[200], why[600] = "";
	bool good = true;
	for (int round = 0; round < 100000 && good; round++) {
		size_t n = 0, parts = 1 + next_random(&state) % 30;
		/* Most lines start with a marker, so the title search runs. */
		size_t first = next_random(&state) % 9;
		for (size_t k = 0; k < parts; k++) {
			const char *p = k == 0 ? pieces[first] :
				pieces[next_random(&state) % (sizeof pieces / sizeof *pieces)];
			size_t len = strlen(p);
			if (n + len > sizeof buf)
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		good = same_answer(buf, n, why, sizeof why);
	}
	report(c, "random mixtures", good, why);
}

int main(void)
{
	struct counts c = { 0 };
	test_cuts(&c);
	test_mixtures(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
