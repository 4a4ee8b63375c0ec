/* test_label_reference: the library's label_read against its plain
 * definition (label_reference.h: each word list tried word by word, as
 * label_read was first written) on random clauses of the words it looks
 * for (label_cases.h). Each span is copied to a buffer of its own size, so
 * that a read outside it is caught by the sanitizers. */
#include <stdio.h>
#include <stdlib.h>

#include "label_reference.h"
#include "label_cases.h"
#include "report.h"

static void random_clauses(struct counts *c)
{
	uint32_t state = 11;
	char why[600] = "";
	bool good = true;
	for (int round = 0; round < 300000 && good; round++) {
		struct label_case t;
		label_case_make(&t, &state);
		size_t n = t.to - t.from;
		char *copy = malloc(n ? n : 1);
		if (!copy) {
			report(c, "random clauses", false, "out of memory");
			return;
		}
		memcpy(copy, t.text + t.from, n);
		struct label want, got;
		reference_label_read(t.text, t.from, t.to, t.main_year, &want);
		label_read(copy, 0, n, t.main_year, &got);
		got.start += t.from;
		got.end += t.from;
		good = label_same(&want, &got);
		if (!good) {
			char got_text[80], want_text[80];
			label_describe(got_text, sizeof got_text, &got, t.from);
			label_describe(want_text, sizeof want_text, &want, t.from);
			snprintf(why, sizeof why, "'%.*s' year %d: got %s, want %s", (int)n, copy,
				 t.main_year, got_text, want_text);
		}
		free(copy);
	}
	report(c, "label_read agrees with the word-by-word definition on random clauses", good, why);
}

static void main_years(struct counts *c)
{
	uint32_t state = 5;
	char why[400] = "";
	bool good = true;
	for (int round = 0; round < 100000 && good; round++) {
		struct label_case t;
		label_case_make(&t, &state);
		int want = reference_main_year(t.text, t.n), got = label_main_year(t.text, t.n);
		good = want == got;
		if (!good)
			snprintf(why, sizeof why, "'%.*s': got %d, want %d", (int)t.n, t.text, got, want);
	}
	report(c, "label_main_year agrees with its first writing", good, why);
}

int main(void)
{
	struct counts c = { 0, 0 };
	random_clauses(&c);
	main_years(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
