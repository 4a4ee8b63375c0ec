/* decimal: exact money, never a double.
 *
 * A value is coef / 10^scale with a sign. Amounts are parsed from their
 * digits as written, scaled by powers of ten for 万/亿/千, added for mixed
 * Chinese numerals, and printed with at least two decimals (`7651200.00`).
 * Every operation reports overflow instead of wrapping: a 40-digit figure is
 * an error for that amount, not a wrong value. */
#ifndef GONGKAI_DECIMAL_H
#define GONGKAI_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct decimal {
	unsigned __int128 coef;
	unsigned scale; /* digits after the point */
	bool neg;
};

#define DECIMAL_MAX_TEXT 64 /* enough for any formatted decimal */
#define DECIMAL_MAX_SCALE 38 /* 10^38 still fits in the coefficient */
#define DECIMAL_MAX_PAD 20 /* decimal_format pads to at most this many */

/* Parses ASCII digits with an optional '.' fraction and ',' thousands
 * separators ("1,234,567.89"). 0 on success, -1 on syntax error or overflow. */
int decimal_parse(const char *s, size_t n, struct decimal *out);
/* Multiplies by 10^exp (exp >= 0) exactly; -1 on overflow. */
int decimal_shift(struct decimal *d, unsigned exp);
/* a += b exactly; -1 on overflow. */
int decimal_add(struct decimal *a, const struct decimal *b);
/* a *= b exactly; -1 on overflow. */
int decimal_mul(struct decimal *a, const struct decimal *b);
int decimal_cmp(const struct decimal *a, const struct decimal *b);
bool decimal_is_zero(const struct decimal *d);
/* Sets d to the integer v. */
void decimal_from_uint(struct decimal *d, uint64_t v);
/* Drops trailing zeros of the fraction (4.800 -> 4.8); the value is kept. */
void decimal_trim(struct decimal *d);
/* Writes the value with at least min_scale decimals and no more than it
 * has ("7651200.00", "233333333434.344", "-38000.00"), NUL-terminated.
 * out must hold DECIMAL_MAX_TEXT bytes. Returns the length. */
size_t decimal_format(const struct decimal *d, unsigned min_scale, char *out);

#endif
