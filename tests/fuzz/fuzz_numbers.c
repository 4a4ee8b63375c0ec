/* fuzz_numbers: libFuzzer target for decimal.c and cjknum.c, the exact
 * arithmetic under every amount.
 *
 * The input is two operands separated by the first LF. Whatever decimal_parse
 * accepts must survive decimal_format and a second parse unchanged (trimmed
 * or not); add and mul must agree in both orders and must not report
 * overflow for one order only; shifting by 10^k must never make a positive
 * value smaller. cjknum_parse and cjknum_decode must keep their lengths
 * inside the input, and every value they give must format into
 * DECIMAL_MAX_TEXT.
 *
 *   make fuzz && build/fuzz/fuzz_numbers -max_total_time=600 /tmp/fz tests/fuzz/seeds/numbers */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjknum.h"
#include "decimal.h"

/* Formats d (padded, as the tools print it, and bare) and parses the bare
 * text back; the value must be the same. The padded text need not parse:
 * 38 nines and `.00` are more digits than the coefficient holds. */
static void round_trip(const struct decimal *d)
{
	char text[DECIMAL_MAX_TEXT + 8];
	memset(text, 'x', sizeof text);
	size_t len = decimal_format(d, DECIMAL_MAX_PAD, text);
	if (len >= DECIMAL_MAX_TEXT || text[len] != '\0' || strlen(text) != len)
		abort();
	len = decimal_format(d, 0, text);
	bool neg = text[0] == '-';
	struct decimal back;
	if (decimal_parse(text + neg, len - neg, &back) != 0)
		abort();
	back.neg = neg;
	if (decimal_cmp(&back, d) != 0)
		abort();
}

static void check_operations(const struct decimal *a, const struct decimal *b)
{
	struct decimal ab = *a, ba = *b;
	int r1 = decimal_add(&ab, b), r2 = decimal_add(&ba, a);
	if (r1 != r2 || (r1 == 0 && decimal_cmp(&ab, &ba) != 0))
		abort();
	if (r1 == 0)
		round_trip(&ab);
	ab = *a, ba = *b;
	r1 = decimal_mul(&ab, b), r2 = decimal_mul(&ba, a);
	if (r1 != r2 || (r1 == 0 && decimal_cmp(&ab, &ba) != 0))
		abort();
	if (r1 == 0)
		round_trip(&ab);
	struct decimal shifted = *a;
	if (decimal_shift(&shifted, (unsigned)(b->coef % 45)) == 0) {
		if (decimal_cmp(&shifted, a) < 0)
			abort();
		round_trip(&shifted);
	}
	if ((decimal_cmp(a, b) > 0) != (decimal_cmp(b, a) < 0))
		abort();
}

static void check_decimals(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	size_t first = nl ? (size_t)(nl - s) : n;
	struct decimal a, b;
	if (decimal_parse(s, first, &a) != 0)
		return;
	round_trip(&a);
	struct decimal trimmed = a;
	decimal_trim(&trimmed);
	if (decimal_cmp(&trimmed, &a) != 0)
		abort();
	if (!nl || decimal_parse(nl + 1, n - first - 1, &b) != 0)
		return;
	b.neg = (n & 1) != 0; /* reach subtraction too */
	check_operations(&a, &b);
}

static void check_cjknum(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = cjknum_decode(s + i, n - i, &cp);
		if (len == 0 || len > 4 || len > n - i || cp > 0x10FFFF)
			abort();
		i += len;
	}
	for (size_t at = 0; at < n; at++) {
		struct cjknum num;
		size_t len = cjknum_parse(s + at, n - at, &num);
		if (len > n - at || num.tail_len > CJKNUM_TAIL_MAX)
			abort();
		if (len && !num.overflow)
			round_trip(&num.value);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so a read past the end is caught. */
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	check_decimals(s, size);
	check_cjknum(s, size);
	free(s);
	return 0;
}
