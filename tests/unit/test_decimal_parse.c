/* test_decimal_parse: decimal_parse against a plain digit-by-digit parser
 * written from decimal.h, on generated texts; decimal_shift, whose 64-bit
 * shortcut takes most amounts, against multiplying by ten step by step.
 *
 * decimal_parse reads a text of at most 24 bytes and 18 digits in 64 bits
 * and leaves the rest to its 128-bit loop; both must answer as the
 * definition does: digits, at most one '.', a ',' only between two digits
 * before the point, at least one digit, -1 on overflow of 128 bits or of
 * DECIMAL_MAX_SCALE. The texts are built from digits, points, commas and
 * other bytes, with runs of digits long enough to cross 18, 24 and 39. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "report.h"

typedef unsigned __int128 u128;

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static int reference_parse(const char *s, size_t n, struct decimal *out)
{
	u128 coef = 0;
	unsigned scale = 0;
	bool point = false;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (digit(s[i])) {
			unsigned d = (unsigned)(s[i] - '0');
			if (coef > (~(u128)0 - d) / 10)
				return -1;
			coef = coef * 10 + d;
			digits++;
			if (point && ++scale > DECIMAL_MAX_SCALE)
				return -1;
		} else if (s[i] == '.' && !point) {
			point = true;
		} else if (!(s[i] == ',' && !point && i > 0 && i + 1 < n && digit(s[i - 1]) &&
			     digit(s[i + 1]))) {
			return -1;
		}
	}
	if (digits == 0)
		return -1;
	out->coef = coef;
	out->scale = scale;
	out->neg = false;
	return 0;
}

/* Mostly digits, so that many texts are numbers. */
static const char *const pieces[] = {
	"0", "1", "9", "5", "12", "000", "123456789", "999999999", ".", ",", ",", "-", "a",
	"%", " ", "\xE5\x85\x83", "00000000000000000", "1", "23", "4", "567", "8", "90", "0",
	"31", "7", "64",
};

int main(void)
{
	struct counts c = { 0, 0 };
	unsigned long seed = 11;
	size_t bad = 0, good = 0, wide = 0;
	char text[96], why[200] = "";
	for (int i = 0; i < 1000000; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		size_t parts = (size_t)(seed >> 33) % 9, n = 0;
		for (size_t k = 0; k < parts; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			const char *p = pieces[(size_t)(seed >> 33) % (sizeof pieces / sizeof pieces[0])];
			size_t len = strlen(p);
			if (n + len > sizeof text)
				break;
			memcpy(text + n, p, len);
			n += len;
		}
		struct decimal got = { 7, 7, true }, want = { 7, 7, true };
		int rg = decimal_parse(text, n, &got), rw = reference_parse(text, n, &want);
		bool same = rg == rw && (rg != 0 || (got.coef == want.coef && got.scale == want.scale &&
						      got.neg == want.neg));
		if (!same && bad++ == 0)
			snprintf(why, sizeof why, "%.*s: got %d scale %u, want %d scale %u", (int)n, text,
				 rg, got.scale, rw, want.scale);
		good += rw == 0;
		wide += rw == 0 && n > 24;
	}
	report(&c, "decimal_parse = digit-by-digit parse", bad == 0, why);
	report(&c, "decimal_parse cases include numbers short and wide", good > 100000 && wide > 1000,
	       "too few numbers");
	/* coefficients around 2^64 / 10^k and 2^128 / 10^k, every scale and shift */
	size_t shift_bad = 0;
	for (unsigned k = 0; k <= 40; k++)
		for (unsigned scale = 0; scale <= 40; scale++)
			for (int delta = -3; delta <= 3; delta++)
				for (int wide_base = 0; wide_base < 3; wide_base++) {
					u128 base = wide_base == 0 ? (u128)UINT64_MAX : wide_base == 1 ? ~(u128)0 : 2337;
					u128 p = 1;
					for (unsigned i = 0; i < k && i < 38; i++)
						p *= 10;
					u128 coef = base / p + (u128)(__int128)delta;
					struct decimal got = { coef, scale, false }, want = got;
					int rg = decimal_shift(&got, k), rw = 0;
					if (want.scale >= k) {
						want.scale -= k;
					} else {
						for (unsigned i = want.scale; i < k && rw == 0; i++)
							if (want.coef > ~(u128)0 / 10)
								rw = -1;
							else
								want.coef *= 10;
						if (rw == 0)
							want.scale = 0;
					}
					shift_bad += rg != rw || (rg == 0 && (got.coef != want.coef ||
									     got.scale != want.scale));
				}
	report(&c, "decimal_shift = multiplying by ten", shift_bad == 0, "differs");
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
