/* test_find: find_word, vectorised, and find.c compiled a second time with
 * its SSE2 path turned off (FIND_PORTABLE, entry point renamed), against a
 * plain search, with the word at every offset of lines of every length
 * around the 16-byte blocks, and near misses (first and last byte right,
 * middle wrong) that the block test lets through. */
#define FIND_PORTABLE 1
#define find_word find_word_portable
#include "find.c"
#undef find_word

#include <stdio.h>
#include <string.h>

#include "plain_find.h"
#include "report.h"

/* The library's build, which find.h declared under the name renamed above. */
const char *find_word(const char *s, size_t n, const char *word, size_t len);

/* A line of `n` bytes of filler (ASCII or CJK), then `word` over it at `at`. */
static size_t make_line(char *line, size_t n, bool cjk, const char *word, size_t at)
{
	static const char han[] = "预算支出经费"; /* 18 bytes */
	for (size_t i = 0; i < n; i++)
		line[i] = cjk ? han[i % 18] : "abcdefg"[i % 7];
	size_t len = strlen(word);
	if (at + len <= n)
		memcpy(line + at, word, len);
	return n;
}

static void find_cases(struct counts *c)
{
	static const char *const words[] = {
		"元", "单位:", "绩效目标", ":", "万元", "e5", "\xE5\x85\x84", "人民币",
	};
	char line[80], name[96];
	int bad = 0, runs = 0;
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t len = strlen(words[w]);
		for (int cjk = 0; cjk < 2; cjk++)
			for (size_t n = 0; n <= 70; n++)
				for (size_t at = 0; at <= n; at++) {
					make_line(line, n, cjk, words[w], at);
					runs++;
					const char *want = plain_find(line, n, words[w], len);
					if (find_word(line, n, words[w], len) != want ||
					    find_word_portable(line, n, words[w], len) != want) {
						if (bad++ == 0)
							snprintf(name, sizeof name, "word %zu n %zu at %zu cjk %d", w, n, at, cjk);
					}
				}
	}
	report(c, "find_word agrees with a plain search", bad == 0, bad ? name : "");
	/* Twice in a line: the first is found, wherever the blocks fall
	 * (the last block overlaps the one before it). */
	bad = 0;
	for (size_t n = 0; n <= 70; n++)
		for (size_t at = 0; at + 3 <= n; at++)
			for (size_t again = at + 3; again + 3 <= n; again++) {
				make_line(line, n, true, "元", at);
				memcpy(line + again, "元", 3);
				const char *want = plain_find(line, n, "元", 3);
				if ((find_word(line, n, "元", 3) != want ||
				     find_word_portable(line, n, "元", 3) != want) && bad++ == 0)
					snprintf(name, sizeof name, "n %zu at %zu and %zu", n, at, again);
			}
	report(c, "find_word finds the first of two", bad == 0, bad ? name : "");
	/* First and last byte of 元 (E5 .. 83) around a wrong middle byte. */
	const char *miss = "\xE5\x80\x83\xE5\x85\x84预算支出经费经费经费\xE5\x85\x83";
	report(c, "find_word skips near misses",
	       find_word(miss, strlen(miss), "元", 3) == miss + strlen(miss) - 3, "");
	(void)runs;
}

int main(void)
{
	struct counts c = { 0, 0 };
	find_cases(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
