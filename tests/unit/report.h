/* report: the pass/fail tally of the unit tests that count through a
 * struct rather than globals. Each case prints `ok NAME` or `FAIL NAME: why`;
 * main prints `N passed, N failed` last, which tests/run.sh reads. */
#ifndef GONGKAI_TEST_REPORT_H
#define GONGKAI_TEST_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct counts {
	int passed, failed;
};

static inline void report(struct counts *c, const char *name, bool good, const char *why)
{
	if (good) {
		c->passed++;
		printf("ok %s\n", name);
	} else {
		c->failed++;
		printf("FAIL %s: %s\n", name, why);
	}
}

#endif
