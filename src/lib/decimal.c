/* decimal: exact money arithmetic on a 128-bit coefficient and a scale.
 *
 * Values stay coef / 10^scale with scale <= DECIMAL_MAX_SCALE, so every
 * power of ten we need fits in 128 bits (10^38 < 2^128). Each operation
 * checks before it multiplies or adds and returns -1 rather than wrapping. */
#include "decimal.h"

#include <string.h>

#include "sys.h"

typedef unsigned __int128 u128;

static const u128 U128_MAX = ~(u128)0;

static u128 pow10_u128(unsigned exp)
{
	u128 p = 1;
	while (exp-- > 0)
		p *= 10;
	return p;
}

/* *x *= 10^exp, -1 (x unchanged) when that would not fit. One step per
 * digit against a constant bound: a 128-bit division costs far more. */
static int mul_pow10(u128 *x, unsigned exp)
{
	u128 v = *x;
	if (v == 0)
		return 0;
	for (unsigned k = 0; k < exp; k++) {
		if (v > U128_MAX / 10)
			return -1;
		v *= 10;
	}
	*x = v;
	return 0;
}

void decimal_from_uint(struct decimal *d, uint64_t v)
{
	d->coef = v;
	d->scale = 0;
	d->neg = false;
}

bool decimal_is_zero(const struct decimal *d)
{
	return d->coef == 0;
}

/* Drops trailing fractional zeros: 4.800 becomes 4.8, same value. */
void decimal_trim(struct decimal *d)
{
	while (d->scale > 0 && d->coef > UINT64_MAX && d->coef % 10 == 0) {
		d->coef /= 10;
		d->scale--;
	}
	if (d->coef > UINT64_MAX)
		return;
	uint64_t c = (uint64_t)d->coef;
	while (d->scale > 0 && c % 10 == 0) {
		c /= 10;
		d->scale--;
	}
	d->coef = c;
}

static int add_digit(u128 *coef, unsigned digit)
{
	if (*coef > U128_MAX / 10 ||
	    (*coef == U128_MAX / 10 && digit > (unsigned)(U128_MAX % 10)))
		return -1;
	*coef = *coef * 10 + digit;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A ',' is a thousands separator only between digits of the integer part.
 * Any number, digit by digit in 128 bits past the 18th (decimal_parse's
 * slow way). */
static __attribute__((noinline)) int parse_wide(const char *s, size_t n, struct decimal *out)
{
	struct decimal d = { 0, 0, false };
	bool point = false;
	size_t digits = 0;
	uint64_t small = 0; /* the first 18 digits, in 64 bits: no overflow test */
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (is_digit(c) && digits < 18) {
			small = small * 10 + (unsigned)(c - '0');
			d.coef = small;
			digits++;
			if (point)
				d.scale++;
		} else if (is_digit(c)) {
			if (add_digit(&d.coef, (unsigned)(c - '0')) < 0)
				return -1;
			digits++;
			if (point && ++d.scale > DECIMAL_MAX_SCALE)
				return -1;
		} else if (c == '.' && !point) {
			point = true;
		} else if (c == ',' && !point && i > 0 && i + 1 < n && is_digit(s[i - 1]) &&
			   is_digit(s[i + 1])) {
			continue;
		} else {
			return -1;
		}
	}
	if (digits == 0)
		return -1;
	*out = d;
	return 0;
}

/* Table cells and the numbers in prose are mostly short (`1,234.56`):
 * one pass in 64 bits, which at most 18 digits cannot overflow, with
 * parse_wide's syntax. A text of more digits goes there. */
int decimal_parse(const char *s, size_t n, struct decimal *out)
{
	if (n > 24)
		return parse_wide(s, n, out);
	/* Every byte after the point is a digit (a ',' there is an error), so
	 * the counts come from where the point and the commas are. */
	uint64_t coef = 0;
	const char *end = s + n, *point = end;
	size_t commas = 0;
	for (const char *p = s; p != end; p++) {
		unsigned digit = (unsigned)(unsigned char)*p - '0';
		if (digit < 10)
			coef = coef * 10 + digit;
		else if (*p == '.' && point == end)
			point = p;
		else if (*p == ',' && point == end && p > s && p + 1 < end && is_digit(p[-1]) &&
			 is_digit(p[1]))
			commas++;
		else
			return -1;
	}
	size_t digits = n - commas - (point != end);
	if (digits > 18)
		return parse_wide(s, n, out);
	if (digits == 0)
		return -1;
	out->coef = coef;
	out->scale = point != end ? (unsigned)(end - point - 1) : 0;
	out->neg = false;
	return 0;
}

int decimal_shift(struct decimal *d, unsigned exp)
{
	if (d->scale >= exp) {
		d->scale -= exp;
		return 0;
	}
	/* The usual amount (`2337.88` 万元): a 64-bit product, known to fit
	 * by one compare, without the 128-bit loop. */
	unsigned k = exp - d->scale;
	if (k < 20 && d->coef <= UINT64_MAX / powers_of_ten[k]) {
		d->coef *= powers_of_ten[k];
		d->scale = 0;
		return 0;
	}
	u128 c = d->coef;
	if (mul_pow10(&c, k) < 0)
		return -1;
	d->coef = c;
	d->scale = 0;
	return 0;
}

/* Brings both to the larger scale; -1 when the other coefficient overflows. */
static int align(u128 *ca, u128 *cb, unsigned sa, unsigned sb)
{
	if (sa < sb)
		return mul_pow10(ca, sb - sa);
	return mul_pow10(cb, sa - sb);
}

int decimal_add(struct decimal *a, const struct decimal *b)
{
	/* Adding a zero of no finer scale changes nothing but the sign of a
	 * zero: the numeral readers add several on every number. */
	if (b->coef == 0 && b->scale <= a->scale) {
		a->neg = a->neg && a->coef != 0;
		return 0;
	}
	u128 ca = a->coef, cb = b->coef;
	if (align(&ca, &cb, a->scale, b->scale) < 0)
		return -1;
	unsigned scale = a->scale > b->scale ? a->scale : b->scale;
	bool neg = a->neg;
	if (a->neg == b->neg) {
		if (ca > U128_MAX - cb)
			return -1;
		ca += cb;
	} else if (ca >= cb) {
		ca -= cb;
	} else {
		ca = cb - ca;
		neg = b->neg;
	}
	a->coef = ca;
	a->scale = scale;
	a->neg = ca != 0 && neg;
	return 0;
}

int decimal_mul(struct decimal *a, const struct decimal *b)
{
	struct decimal x = *a, y = *b;
	decimal_trim(&x);
	decimal_trim(&y);
	if (x.coef != 0 && y.coef > U128_MAX / x.coef)
		return -1;
	if (x.scale + y.scale > DECIMAL_MAX_SCALE && x.coef != 0 && y.coef != 0)
		return -1;
	a->coef = x.coef * y.coef;
	a->scale = a->coef == 0 ? 0 : x.scale + y.scale;
	a->neg = a->coef != 0 && x.neg != y.neg;
	return 0;
}

/* Compares magnitudes without aligning whole coefficients (which could
 * overflow): integer parts first, then the fractions at a common scale. */
static int cmp_abs(const struct decimal *a, const struct decimal *b)
{
	if (a->scale == b->scale)
		return a->coef < b->coef ? -1 : a->coef > b->coef;
	u128 pa = pow10_u128(a->scale), pb = pow10_u128(b->scale);
	u128 ia = a->coef / pa, ib = b->coef / pb;
	if (ia != ib)
		return ia < ib ? -1 : 1;
	u128 fa = a->coef % pa, fb = b->coef % pb;
	unsigned s = a->scale > b->scale ? a->scale : b->scale;
	fa *= pow10_u128(s - a->scale);
	fb *= pow10_u128(s - b->scale);
	if (fa != fb)
		return fa < fb ? -1 : 1;
	return 0;
}

int decimal_cmp(const struct decimal *a, const struct decimal *b)
{
	bool na = a->neg && a->coef != 0, nb = b->neg && b->coef != 0;
	if (na != nb)
		return na ? -1 : 1;
	int c = cmp_abs(a, b);
	return na ? -c : c;
}

/* Writes the decimal digits of x backwards ending at end; returns the start. */
/* Amounts fit in 64 bits but for the rare huge one: the digits of a
 * 64-bit value cost a multiplication each, those of 128 bits much more. */
static char *digits_back(u128 x, char *end)
{
	while (x > UINT64_MAX) {
		*--end = (char)('0' + (unsigned)(x % 10));
		x /= 10;
	}
	uint64_t y = (uint64_t)x;
	do {
		*--end = (char)('0' + (unsigned)(y % 10));
		y /= 10;
	} while (y != 0);
	return end;
}

/* Any value, digit by digit (decimal_format's slow way). Out of line: the
 * usual amount would pay for its registers on every call. */
static __attribute__((noinline)) size_t format_wide(const struct decimal *d, unsigned min_scale,
						    char *out)
{
	struct decimal t = *d;
	decimal_trim(&t);
	char tmp[DECIMAL_MAX_TEXT];
	char *end = tmp + sizeof tmp;
	char *p = digits_back(t.coef, end);
	while ((unsigned)(end - p) <= t.scale)
		*--p = '0';
	size_t len = 0;
	if (t.neg && t.coef != 0)
		out[len++] = '-';
	size_t int_len = (size_t)(end - p) - t.scale;
	memcpy(out + len, p, int_len);
	len += int_len;
	unsigned scale = t.scale > min_scale ? t.scale : min_scale;
	if (scale > 0) {
		out[len++] = '.';
		memcpy(out + len, p + int_len, t.scale);
		len += t.scale;
		memset(out + len, '0', scale - t.scale);
		len += scale - t.scale;
	}
	out[len] = '\0';
	return len;
}

/* The usual amount: a coefficient in 64 bits, an integer part of at most
 * 16 digits, at most 8 decimals. The integer part and the fraction are
 * split by one division and written eight digits at a time (sys.h),
 * straight into out, without a call (a call would cost every amount the
 * saving of registers). A zero of the fraction is dropped only when the
 * text would not show it anyway (4.800 is 4.80 as it stands), which spares
 * most amounts the loop. Returns 0 for any other value. */
static size_t format_usual(const struct decimal *d, unsigned min_scale, char *out)
{
	if (d->coef > UINT64_MAX || d->scale > 8)
		return 0;
	uint64_t c = (uint64_t)d->coef;
	unsigned scale = d->scale;
	while (scale > min_scale && c % 10 == 0) {
		c /= 10;
		scale--;
	}
	uint64_t whole = c / powers_of_ten[scale], fraction = c % powers_of_ten[scale];
	size_t whole_len = digit_count(whole);
	if (whole_len > 16)
		return 0;
	char *at = out;
	if (d->neg && c != 0)
		*at++ = '-';
	if (whole_len > 8) {
		format_group(at, whole / DIGIT_GROUP, whole_len - 8);
		at += whole_len - 8;
		whole %= DIGIT_GROUP;
		whole_len = 8;
	}
	format_group(at, whole, whole_len);
	at += whole_len;
	unsigned shown = scale > min_scale ? scale : min_scale;
	if (shown > 0) {
		*at++ = '.';
		if (scale > 0)
			format_group(at, fraction, scale);
		/* The padding as one copy of fixed size: out has room for it
		 * (1 + 16 + 1 + 8 + DECIMAL_MAX_PAD < DECIMAL_MAX_TEXT). */
		memcpy(at + scale, "00000000000000000000", DECIMAL_MAX_PAD);
		at += shown;
	}
	*at = '\0';
	return (size_t)(at - out);
}

size_t decimal_format(const struct decimal *d, unsigned min_scale, char *out)
{
	/* Keeps the text inside DECIMAL_MAX_TEXT whatever the caller asks. */
	if (min_scale > DECIMAL_MAX_PAD)
		min_scale = DECIMAL_MAX_PAD;
	size_t len = format_usual(d, min_scale, out);
	return len ? len : format_wide(d, min_scale, out);
}
