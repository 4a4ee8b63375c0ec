/* test_find: find_word, vectorised, against a plain search, with the word
 * at every offset of lines of every length around the 16-byte blocks, and
 * near misses (first and last byte right, middle wrong) that the block test
 * lets through. */
#include <stdio.h>
#include <string.h>

#include "find.h"
#include "report.h"

static const char *naive(const char *s, size_t n, const char *word, size_t len)
{
	if (len == 0)
		return s;
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(s + i, word, len) == 0)
			return s + i;
	return NULL;
}

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
					if (find_word(line, n, words[w], len) != naive(line, n, words[w], len)) {
						if (bad++ == 0)
							snprintf(name, sizeof name, "word %zu n %zu at %zu cjk %d", w, n, at, cjk);
					}
				}
	}
	report(c, "find_word agrees with a plain search", bad == 0, bad ? name : "");
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
