/* money: find the money expressions in one normalized line.
 *
 * Reads NFKC text (ASCII digits, ',' '(' …) and returns each amount with
 * its byte span, exact value in yuan (or in its own currency) and flags. It
 * knows units, currencies, ranges and lists; it does not know labels,
 * tables or whether an amount is a change: that is extract-amounts' job. */
#ifndef GONGKAI_MONEY_H
#define GONGKAI_MONEY_H

#include <stdbool.h>
#include <stddef.h>

#include "decimal.h"

enum money_kind {
	MONEY_AMOUNT,  /* value is in units of currency (yuan for CNY) */
	MONEY_PERCENT, /* value is the number before % (71.36 for 71.36%) */
};

enum money_flag {
	MONEY_APPROX = 1 << 0,     /* 约, 近, 左右, 余, 多, 几: a lower bound */
	MONEY_RANGE_LOW = 1 << 1,  /* the low end of 100-200万元 */
	MONEY_RANGE_HIGH = 1 << 2, /* the high end */
	MONEY_TYPO = 1 << 3,       /* a stray character before 元 (368.41发元):
				      value read with the line's unit */
	MONEY_OVERFLOW = 1 << 4,   /* too large to hold: value is 0, unusable */
};

struct money {
	size_t start, end;     /* byte span in the line, currency words included */
	struct decimal value;  /* exact; in yuan when currency is "CNY" */
	char currency[4];      /* "CNY", "USD", "EUR", …; "" for a percentage */
	enum money_kind kind;
	unsigned flags;        /* enum money_flag bits */
};

struct money_list {
	struct money *items;
	size_t len, cap;
};

/* Options for money_scan. */
enum {
	MONEY_WANT_PERCENT = 1 << 0, /* also report `71.36%`, `百分之五` */
	/* The caller keeps only yuan: a line without a sign of yuan (元 圆 圓
	 * 块 塊 人民币 RMB CNY ¥ ￥) is skipped, and so are numbers that start after
	 * the line's last sign (with the spaces and the 约/近/数 a number may
	 * follow it by), which cannot be yuan (foreign amounts there go
	 * unreported). The yuan amounts are those of a full scan. Ignored
	 * with MONEY_WANT_PERCENT. */
	MONEY_ONLY_YUAN = 1 << 1,
};

/* Replaces list's contents with the expressions of line[0..n), in order.
 * Bare numbers (`1600万`, `2025年`, `第3页`, `5人`) are not money. */
void money_scan(const char *line, size_t n, unsigned options,
		struct money_list *list);
void money_list_free(struct money_list *list);

/* For the tests: where the last sign of yuan (as MONEY_ONLY_YUAN counts
 * them) starts in s[0..n), n when there is none, by the portable search
 * (SSE2 or bytes) and by the AVX2 one (the portable search where the
 * compiler lacks AVX2). Call an AVX2 one only where cpu_has_avx2() (utf8.h):
 * it does not ask the CPU itself. */
size_t money_last_yuan_sign_portable(const char *s, size_t n);
size_t money_last_yuan_sign_avx2(const char *s, size_t n);
/* For the tests: the first start of a numeral (an ASCII digit or a Chinese
 * numeral character) in s[from..limit) of s[0..n), limit if none; portable
 * and AVX2 as above. */
size_t money_next_numeral_portable(const char *s, size_t n, size_t from, size_t limit);
size_t money_next_numeral_avx2(const char *s, size_t n, size_t from, size_t limit);


#endif
