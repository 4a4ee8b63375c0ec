/* test_decimal_format: decimal_format against a plain digit-by-digit
 * version written from decimal.h, on the edges of its paths and on random
 * values.
 *
 * decimal_format takes the usual amount (64-bit coefficient, an integer
 * part of at most 16 digits, at most 8 decimals) down a path that writes
 * eight digits at a time and keeps the zeros of the fraction it would show
 * anyway; any other value goes digit by digit. So the cases cross every
 * bound: coefficients around each power of ten and 2^64, every scale up to
 * DECIMAL_MAX_SCALE, trailing zeros, min_scale below, at and above the
 * scale (and above DECIMAL_MAX_PAD), both signs and zero. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "report.h"

typedef unsigned __int128 u128;

/* decimal.h's rule: the digits of coef with the point scale places from
 * the right, trailing zeros of the fraction dropped, then zeros added up
 * to min_scale (at most DECIMAL_MAX_PAD); a minus only for a nonzero. */
static size_t reference_format(const struct decimal *d, unsigned min_scale, char *out)
{
	char digits[64];
	size_t n = 0;
	u128 x = d->coef;
	do {
		digits[n++] = (char)('0' + (unsigned)(x % 10));
		x /= 10;
	} while (x != 0);
	while (n < d->scale + 1)
		digits[n++] = '0';
	/* digits[] holds the number backwards; fraction is digits[0..scale). */
	size_t drop = 0;
	while (drop < d->scale && digits[drop] == '0')
		drop++;
	size_t len = 0;
	if (d->neg && d->coef != 0)
		out[len++] = '-';
	for (size_t k = n; k-- > d->scale;)
		out[len++] = digits[k];
	unsigned pad = min_scale > DECIMAL_MAX_PAD ? DECIMAL_MAX_PAD : min_scale;
	size_t shown = d->scale - drop;
	if (shown < pad)
		shown = pad;
	if (shown > 0) {
		out[len++] = '.';
		for (size_t k = 0; k < shown; k++) {
			size_t at = d->scale - 1 - k; /* the k-th decimal */
			out[len++] = k < d->scale && at >= drop ? digits[at] : '0';
		}
	}
	out[len] = '\0';
	return len;
}

static bool same(const struct decimal *d, unsigned min_scale, char *why, size_t why_size)
{
	char got[DECIMAL_MAX_TEXT + 8], want[DECIMAL_MAX_TEXT + 8];
	memset(got, 'X', sizeof got);
	size_t got_len = decimal_format(d, min_scale, got);
	size_t want_len = reference_format(d, min_scale, want);
	bool inside = true;
	for (size_t k = DECIMAL_MAX_TEXT; k < sizeof got; k++)
		inside = inside && got[k] == 'X';
	if (got_len == want_len && strcmp(got, want) == 0 && strlen(got) == got_len && inside)
		return true;
	snprintf(why, why_size, "scale %u min %u: want %s, got %s%s", d->scale, min_scale, want,
		 got, inside ? "" : " (wrote past DECIMAL_MAX_TEXT)");
	return false;
}

static u128 power(unsigned k)
{
	u128 p = 1;
	while (k-- > 0)
		p *= 10;
	return p;
}

static void edges(struct counts *c)
{
	char why[200] = "";
	bool good = true;
	const unsigned mins[] = { 0, 1, 2, 3, 8, 9, 19, 20, 21, 40 };
	for (unsigned k = 0; good && k <= 38; k++)
		for (int delta = -1; good && delta <= 1; delta++) {
			u128 coef = power(k) + (u128)(__int128)delta;
			if (k == 0 && delta < 0)
				coef = 0;
			u128 coefs[] = { coef, coef * 10 <= coef ? coef : coef / 10 * 10 };
			for (size_t i = 0; good && i < 2; i++)
				for (unsigned scale = 0; good && scale <= DECIMAL_MAX_SCALE; scale++)
					for (size_t m = 0; good && m < sizeof mins / sizeof mins[0]; m++)
						for (int neg = 0; good && neg <= 1; neg++) {
							struct decimal d = { coefs[i], scale, neg };
							good = same(&d, mins[m], why, sizeof why);
						}
		}
	u128 big[] = { UINT64_MAX, (u128)UINT64_MAX + 1, (u128)UINT64_MAX - 1, ~(u128)0,
		       power(16) * 100000000 - 1, power(16) * 1000 };
	for (size_t i = 0; good && i < sizeof big / sizeof big[0]; i++)
		for (unsigned scale = 0; good && scale <= DECIMAL_MAX_SCALE; scale++)
			for (size_t m = 0; good && m < sizeof mins / sizeof mins[0]; m++) {
				struct decimal d = { big[i], scale, true };
				good = same(&d, mins[m], why, sizeof why);
			}
	report(c, "decimal_format: powers of ten, 2^64, every scale", good, why);
}

static void random_values(struct counts *c)
{
	char why[200] = "";
	bool good = true;
	uint64_t state = 88172645463325252u;
	for (int round = 0; good && round < 300000; round++) {
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		uint64_t low = state;
		state ^= state << 13, state ^= state >> 7, state ^= state << 17;
		/* Every length: keep a random number of the low bits, and now
		 * and then trailing zeros (an amount scaled by 万). */
		unsigned bits = (unsigned)(state % 128);
		u128 coef = ((u128)state << 64 | low) >> (127 - bits);
		if (round % 3 == 0)
			coef = coef / 10000 * 10000;
		unsigned scale = (unsigned)(state >> 20) % (round % 2 ? 10 : DECIMAL_MAX_SCALE + 1);
		unsigned min_scale = (unsigned)(state >> 30) % 6;
		struct decimal d = { coef, scale, (state >> 40) & 1 };
		good = same(&d, min_scale, why, sizeof why);
	}
	report(c, "decimal_format: random values", good, why);
}

int main(void)
{
	struct counts c = { 0 };
	edges(&c);
	random_values(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
