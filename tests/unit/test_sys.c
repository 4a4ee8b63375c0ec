/* test_sys: format_long (two digits per division) against snprintf on the
 * edges (each power of ten and the number before it, both signs, LONG_MIN
 * and LONG_MAX) and on random values of every length.
 *
 * A standalone program linked with build/lib.a; prints `ok NAME` or
 * `FAIL NAME: …` per case and `N passed, N failed` last. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "sys.h"

static bool formats_as_printf(long v, char *why, size_t why_size)
{
	char want[32], got[LONG_DIGITS + 1];
	snprintf(want, sizeof want, "%ld", v);
	size_t len = format_long(got, v);
	got[len] = '\0';
	if (len == strlen(want) && strcmp(got, want) == 0)
		return true;
	snprintf(why, why_size, "%s written as %s", want, got);
	return false;
}

static void test_edges(struct counts *c)
{
	char why[100] = "";
	bool good = formats_as_printf(LONG_MIN, why, sizeof why) &&
		    formats_as_printf(LONG_MAX, why, sizeof why) &&
		    formats_as_printf(0, why, sizeof why);
	for (long power = 1; good && power <= LONG_MAX / 10; power *= 10)
		for (long v = power - 1; good && v <= power + 1; v++)
			good = formats_as_printf(v, why, sizeof why) &&
			       formats_as_printf(-v, why, sizeof why) &&
			       formats_as_printf(v * 10 - 1, why, sizeof why);
	report(c, "format_long: edges", good, why);
}

static void test_random(struct counts *c)
{
	char why[100] = "";
	bool good = true;
	uint64_t state = 88172645463325252u;
	for (int round = 0; good && round < 200000; round++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		/* Every length: keep a random number of the low bits. */
		long v = (long)(state >> (1 + state % 63));
		good = formats_as_printf(round % 2 ? -v : v, why, sizeof why);
	}
	report(c, "format_long: random values", good, why);
}

int main(void)
{
	struct counts c = { 0 };
	test_edges(&c);
	test_random(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
