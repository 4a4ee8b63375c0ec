/* test_sys: format_long and format_uint (eight digits at a time, sys.h)
 * against snprintf on the edges (each power of ten and the number before
 * it, both signs, LONG_MIN and LONG_MAX, UINT64_MAX) and on random values
 * of every length; format_digits at every width, with the bytes it may
 * and may not write.
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

/* format_uint's text is printf's %llu; format_digits(width) is the last
 * width digits of %020llu, and writes nothing past max(width, 8) bytes. */
static bool digits_as_printf(uint64_t v, char *why, size_t why_size)
{
	char want[32], got[40];
	snprintf(want, sizeof want, "%llu", (unsigned long long)v);
	memset(got, 'X', sizeof got);
	size_t len = format_uint(got, v);
	if (len != strlen(want) || memcmp(got, want, len) != 0 || got[20] != 'X') {
		snprintf(why, why_size, "format_uint: %s written as %.*s", want, (int)len, got);
		return false;
	}
	snprintf(want, sizeof want, "%020llu", (unsigned long long)v);
	for (size_t width = 0; width <= 24; width++) {
		memset(got, 'X', sizeof got);
		format_digits(got, v, width);
		size_t room = width > 8 ? width : 8;
		bool inside = got[room] == 'X' && (width > 0 || got[0] == 'X');
		/* More digits than v has are zeros in front. */
		bool digits = true;
		for (size_t k = 0; k < width; k++)
			digits = digits && got[k] == (k + 20 < width ? '0' : want[k + 20 - width]);
		if (!digits || !inside) {
			snprintf(why, why_size, "format_digits(%s, %zu): %.*s%s", want, width,
				 (int)width, got, inside ? "" : " (wrote past its room)");
			return false;
		}
	}
	return true;
}

static void test_digits(struct counts *c)
{
	char why[160] = "";
	bool good = digits_as_printf(0, why, sizeof why) &&
		    digits_as_printf(UINT64_MAX, why, sizeof why);
	for (uint64_t power = 1; good && power <= UINT64_MAX / 10; power *= 10)
		for (uint64_t v = power - 1; good && v <= power + 1; v++)
			good = digits_as_printf(v, why, sizeof why) &&
			       digits_as_printf(v * 10 - 1, why, sizeof why);
	uint64_t state = 2463534242u;
	for (int round = 0; good && round < 100000; round++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		good = digits_as_printf(state >> (state % 64), why, sizeof why);
	}
	report(c, "format_uint, format_digits: every length and width", good, why);
}

int main(void)
{
	struct counts c = { 0 };
	test_edges(&c);
	test_random(&c);
	test_digits(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
