/* cjknum: Chinese numerals as documents write them, read exactly.
 *
 * Reads one numeral at a given position: Arabic (`1,100.9`), Chinese
 * (`一亿二千万`, `肆佰叁拾萬`, `两千三点一`) and mixed (`1.5亿`, `3万5千`).
 * It does not decide what the number counts (money, people, years): that is
 * money.c's job, and it stops before 余/多/几 so the caller sees them. */
#ifndef GONGKAI_CJKNUM_H
#define GONGKAI_CJKNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decimal.h"

#define CJKNUM_TAIL_MAX 4

struct cjknum {
	struct decimal value;
	bool overflow;   /* digits were read but the value does not fit */
	bool chinese;    /* a Chinese numeral character was used */
	bool lead_unit;  /* starts with a bare multiplier: 百三, 千万, 十五 */
	unsigned top_exp; /* largest multiplier used (万 = 4), 0 if none */
	/* Multipliers written after the last digit (`200万` -> {4},
	 * `两千万` -> {3, 4}), so a list or range can share them: 100-200万. */
	unsigned char tail[CJKNUM_TAIL_MAX];
	unsigned tail_len;
};

/* Decodes one UTF-8 character at s (n > 0); invalid bytes read as U+FFFD
 * of length 1. Returns the length. */
size_t cjknum_decode(const char *s, size_t n, uint32_t *cp);
/* Digit value of 零〇一二两…九 and the financial capitals, else -1. */
int cjknum_digit(uint32_t cp);
/* Exponent of 十百千万亿兆 (and 拾佰仟萬億), else 0. */
unsigned cjknum_multiplier(uint32_t cp);

/* Reads the numeral starting at s. Returns the bytes it covers, 0 if none
 * starts there. On overflow the length is still returned (so a scanner
 * can skip the whole figure) with out->overflow set. */
size_t cjknum_parse(const char *s, size_t n, struct cjknum *out);

/* One numeral found in running text by cjknum_scan. */
struct cjknum_match {
	size_t start, end;  /* byte span */
	struct decimal value;
	bool approx;        /* 余/多/几 before a multiplier: value is a lower bound */
};

/* Finds the next numeral at or after *pos, skipping words that merely
 * contain a numeral character (一切, 四川, a lone 陆 or 拾). Returns false
 * when there is none; otherwise fills m and sets *pos past it. */
bool cjknum_scan(const char *s, size_t n, size_t *pos, struct cjknum_match *m);

#endif
