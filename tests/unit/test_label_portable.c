/* test_label_portable: label.c compiled a second time with its SSE2 walk
 * turned off (LABEL_PORTABLE) and its entry points renamed, against the
 * library's build of it (SSE2 on x86-64) on random clauses (label_cases.h)
 * and on boundaries at every offset of long spans; and each of label.c's
 * dispatch tables against the table derived again from its word list.
 *
 * A standalone program linked with build/lib.a; prints `ok NAME` or
 * `FAIL NAME: …` per case and `N passed, N failed` last. */
#define LABEL_PORTABLE 1
#define label_read label_read_portable
#define label_main_year label_main_year_portable
#include "label.c"
#undef label_read
#undef label_main_year

#include <stdio.h>

#include "label_cases.h"
#include "report.h"

/* The library's entry points, which label.h declared under the names
 * renamed above. */
void label_read(const char *text, size_t from, size_t to, int main_year, struct label *out);
int label_main_year(const char *text, size_t n);

static bool same_answer(const char *text, size_t from, size_t to, int main_year,
			char *why, size_t why_size)
{
	struct label a, b;
	label_read(text, from, to, main_year, &a);
	label_read_portable(text, from, to, main_year, &b);
	if (label_same(&a, &b))
		return true;
	char sse2[80], portable[80];
	label_describe(sse2, sizeof sse2, &a, 0);
	label_describe(portable, sizeof portable, &b, 0);
	snprintf(why, why_size, "'%.*s': SSE2 %s, portable %s", (int)(to - from), text + from, sse2,
		 portable);
	return false;
}

static void random_clauses(struct counts *c)
{
	uint32_t state = 3;
	char why[600] = "";
	bool good = true;
	for (int round = 0; round < 300000 && good; round++) {
		struct label_case t;
		label_case_make(&t, &state);
		good = same_answer(t.text, t.from, t.to, t.main_year, why, sizeof why);
	}
	report(c, "SSE2 and portable agree on random clauses", good, why);
}

/* Two boundaries (one a sentence end) at every pair of offsets in spans
 * that start anywhere in the text, so that each falls in every lane of the
 * blocks, first and last blocks included. */
static void boundary_pairs(struct counts *c)
{
	/* the boundaries, near misses of their bytes (a lead byte of the other
	 * kind, 其 alone), and 上年, which the walk back notes for the clause */
	static const char *const marks[] = { "。", ";", "；", ",", ":", "\t", "，", "：", "、", "其中", "中",
		"\x80\x82", "\xEF\x80\x82", "\xE3\xBC\x9B", "\xE3\xBC\x8C", "其", "上年" };
	static const char han[] = "预算支出经费"; /* 18 bytes, no boundary */
	char text[120], why[600] = "";
	bool good = true;
	for (size_t m1 = 0; m1 < COUNT(marks) && good; m1++)
		for (size_t m2 = 0; m2 < COUNT(marks) && good; m2++)
			for (size_t at1 = 0; at1 < 36 && good; at1++)
				for (size_t at2 = at1; at2 < 56 && good; at2 += 5) {
					size_t n = 70;
					for (size_t i = 0; i < n; i++)
						text[i] = han[i % 18];
					memcpy(text + at1, marks[m1], strlen(marks[m1]));
					memcpy(text + at2, marks[m2], strlen(marks[m2]));
					for (size_t from = 0; from < 24 && good; from += 7)
						for (size_t to = from; to <= n && good; to++)
							good = same_answer(text, from, to, 0, why, sizeof why);
				}
	report(c, "SSE2 and portable agree on boundaries at every offset", good, why);
}

/* The byte a table is indexed by: see starting_candidates. */
static unsigned char first_key(struct word w)
{
	return (unsigned char)w.text[(unsigned char)w.text[0] < 0x80 ? 0 : 2];
}

static unsigned char last_key(struct word w)
{
	return (unsigned char)w.text[w.len - 1];
}

static void check_table(struct counts *c, const char *name, const struct word *words, size_t count,
			size_t skip, const word_set table[256], unsigned char (*key)(struct word))
{
	word_set want[256] = { 0 };
	char why[200] = "";
	bool good = count <= 32;
	for (size_t i = skip; i < count && good; i++) {
		bool cjk = (unsigned char)words[i].text[0] >= 0x80;
		good = words[i].len > 0 && (!cjk || words[i].len >= 3);
		if (good)
			want[key(words[i])] |= BIT(i);
		else
			snprintf(why, sizeof why, "word %zu is empty or a short non-ASCII word", i);
	}
	for (int b = 0; b < 256 && good; b++) {
		good = table[b] == want[b];
		if (!good)
			snprintf(why, sizeof why, "entry 0x%02X is 0x%X, its list makes 0x%X", b,
				 (unsigned)table[b], (unsigned)want[b]);
	}
	report(c, name, good, why);
}

static size_t longest(const struct word *words, size_t count)
{
	size_t len = 0;
	for (size_t i = 0; i < count; i++)
		len = words[i].len > len ? words[i].len : len;
	return len;
}

static void tables(struct counts *c)
{
	struct word changes[COUNT(change_words)];
	for (size_t i = 0; i < COUNT(change_words); i++)
		changes[i] = change_words[i].word;
	check_table(c, "table: boundaries by last byte", boundaries, COUNT(boundaries), 0,
		    boundaries_by_last, last_key);
	check_table(c, "table: change words by last byte", changes, COUNT(changes), 0,
		    change_by_last, last_key);
	check_table(c, "table: change words by first character", changes, COUNT(changes), 0,
		    change_by_first, first_key);
	check_table(c, "table: change tails by last byte (the empty one aside)", change_tails,
		    COUNT(change_tails), 1, tails_by_last, last_key);
	check_table(c, "table: comparisons by first character", comparisons, COUNT(comparisons), 0,
		    comparisons_by_first, first_key);
	check_table(c, "table: bare priors by first character", bare_priors, COUNT(bare_priors), 0,
		    bare_priors_by_first, first_key);
	check_table(c, "table: leading fillers by first character", leading_fillers,
		    COUNT(leading_fillers), 0, leading_by_first, first_key);
	check_table(c, "table: trailing fillers by last byte", trailing_fillers,
		    COUNT(trailing_fillers), 0, trailing_by_last, last_key);
	bool sentence = true;
	for (size_t i = 0; i < COUNT(boundaries); i++) {
		bool ends = !strcmp(boundaries[i].text, "。") || !strcmp(boundaries[i].text, ";") ||
			    !strcmp(boundaries[i].text, "；");
		sentence = sentence && ends == !!(SENTENCE_ENDS & BIT(i));
	}
	report(c, "table: SENTENCE_ENDS are 。 ; ；", sentence, "");
	size_t bare = longest(bare_priors, COUNT(bare_priors));
	size_t compared = longest(comparisons, COUNT(comparisons));
	report(c, "BARE_WORD_MAX is the longest bare prior or comparison",
	       (bare > compared ? bare : compared) == BARE_WORD_MAX, "");
}

int main(void)
{
	struct counts c = { 0, 0 };
	tables(&c);
	random_clauses(&c);
	boundary_pairs(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
