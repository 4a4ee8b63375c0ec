/* test_label: the clause label_read takes as an amount's subject, with its
 * boundary (`,` `;` `:` TAB `。` `，` `；` `：` `、` `其中`) at every offset of
 * clauses around the 16-byte blocks the backward search reads, after ASCII
 * and after Chinese text; then a few whole sentences of the genre. */
#include <stdio.h>
#include <string.h>

#include "label.h"
#include "report.h"

static void boundary_offsets(struct counts *c)
{
	static const char *const boundaries[] = {
		",", ";", ":", "\t", "。", "，", "；", "：", "、", "其中",
	};
	static const char han[] = "预算支出经费"; /* 18 bytes, no boundary */
	const char *subject = "公用经费";
	char text[160], name[160];
	int bad = 0, runs = 0;
	for (size_t b = 0; b < sizeof boundaries / sizeof *boundaries; b++)
		for (int cjk = 0; cjk < 2; cjk++)
			for (size_t k = 0; k <= 70; k++) {
				for (size_t i = 0; i < k; i++)
					text[i] = cjk ? han[i % 18] : "abcdefg"[i % 7];
				size_t at = k + strlen(boundaries[b]);
				snprintf(text + k, sizeof text - k, "%s%s", boundaries[b], subject);
				for (size_t tail = 0; tail <= 40; tail += 8) {
					/* more subject after the boundary: the walk back is longer */
					size_t n = strlen(text);
					if (tail && n + 3 < sizeof text)
						memcpy(text + n, "费", 4), n += 3;
					struct label l;
					label_read(text, 0, n, 0, &l);
					runs++;
					if ((l.start != at || l.end != n) && bad++ == 0)
						snprintf(name, sizeof name, "boundary %zu after %zu bytes (cjk %d): got %zu..%zu, want %zu..%zu",
							 b, k, cjk, l.start, l.end, at, n);
				}
			}
	report(c, "label: the clause starts after its boundary, at every offset", bad == 0, bad ? name : "");
	(void)runs;
	/* No boundary: the whole span is the clause. */
	const char *plain = "机关运行经费机关运行经费机关运行经费机关运行经费机关运行经费";
	struct label l;
	label_read(plain, 0, strlen(plain), 0, &l);
	report(c, "label: no boundary, the whole span", l.start == 0 && l.end == strlen(plain), "");
	/* 丂 (E4 B8 82) and 乂 (E4 B9 82) end like 。 but are not boundaries. */
	const char *near = "机关运行经费机关丂乂运行经费机关运行经费机关运行经费";
	label_read(near, 0, strlen(near), 0, &l);
	report(c, "label: near misses of the boundary bytes", l.start == 0, "");
}

static void sentence_cases(struct counts *c)
{
	static const struct {
		const char *text, *amount, *label;
		enum label_kind kind;
		bool decrease;
	} cases[] = {
		{ "2025年一般公共预算拨款收入1200万元", "1200万元", "2025年一般公共预算拨款收入", LABEL_AMOUNT, false },
		{ "其中:基本支出800万元", "800万元", "基本支出", LABEL_AMOUNT, false },
		{ "公务接待费比上年减少3.5万元", "3.5万元", "公务接待费", LABEL_CHANGE, true },
		{ "较上年多12万元", "12万元", "", LABEL_CHANGE, false },
		{ "上年决算数为45万元", "45万元", "上年决算数", LABEL_PRIOR, false },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const char *t = cases[k].text;
		size_t to = (size_t)(strstr(t, cases[k].amount) - t);
		struct label l;
		label_read(t, 0, to, 2025, &l);
		char got[200];
		snprintf(got, sizeof got, "got '%.*s' kind %d decrease %d", (int)(l.end - l.start), t + l.start,
			 (int)l.kind, (int)l.decrease);
		bool good = l.end - l.start == strlen(cases[k].label) &&
			    memcmp(t + l.start, cases[k].label, l.end - l.start) == 0 &&
			    l.kind == cases[k].kind && l.decrease == cases[k].decrease;
		report(c, t, good, got);
	}
}

int main(void)
{
	struct counts c = { 0, 0 };
	boundary_offsets(&c);
	sentence_cases(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
