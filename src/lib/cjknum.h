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
 * of length 1. Returns the length. Inline, as the scanners call it on
 * every candidate character; the rare forms go to cjknum_decode_other. */
size_t cjknum_decode_other(const char *s, size_t n, uint32_t *cp);

static inline size_t cjknum_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 3 && u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED &&
	    (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		/* Chinese characters and full-width forms: no overlong form or
		 * surrogate starts with E1-EC or EE-EF, so no range check. */
		*cp = (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
		return 3;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	return cjknum_decode_other(s, n, cp);
}

/* Digit value of 零〇一二两…九 and the financial capitals, else -1. */
static inline int cjknum_digit(uint32_t cp)
{
	switch (cp) {
	case 0x96F6: case 0x3007: return 0;             /* 零 〇 */
	case 0x4E00: case 0x58F9: case 0x58F1: return 1; /* 一 壹 壱 */
	case 0x4E8C: case 0x8D30: case 0x8CB3:          /* 二 贰 貳 */
	case 0x4E24: case 0x5169: case 0x5006: return 2; /* 两 兩 倆 */
	case 0x4E09: case 0x53C1: case 0x53C3: return 3; /* 三 叁 參 */
	case 0x56DB: case 0x8086: return 4;             /* 四 肆 */
	case 0x4E94: case 0x4F0D: return 5;             /* 五 伍 */
	case 0x516D: case 0x9646: case 0x9678: return 6; /* 六 陆 陸 */
	case 0x4E03: case 0x67D2: return 7;             /* 七 柒 */
	case 0x516B: case 0x634C: return 8;             /* 八 捌 */
	case 0x4E5D: case 0x7396: return 9;             /* 九 玖 */
	default: return -1;
	}
}

/* Exponent of 十百千万亿兆 (and 拾佰仟萬億), else 0. */
static inline unsigned cjknum_multiplier(uint32_t cp)
{
	switch (cp) {
	case 0x5341: case 0x62FE: return 1;  /* 十 拾 */
	case 0x767E: case 0x4F70: return 2;  /* 百 佰 */
	case 0x5343: case 0x4EDF: return 3;  /* 千 仟 */
	case 0x4E07: case 0x842C: return 4;  /* 万 萬 */
	case 0x4EBF: case 0x5104: return 8;  /* 亿 億 */
	case 0x5146: return 12;             /* 兆, as the peers read it */
	default: return 0;
	}
}

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
