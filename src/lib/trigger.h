/* trigger: where in a line of text a performance target could be, found
 * without decoding a character (kpi.c reads only what it finds).
 *
 * For: the prefilters of extract-kpis, which skip the text that holds no
 * comparison sign and no 指标 or 绩效 word, and the section paths that do
 * not name 绩效目标. Not for: telling whether a target is there (kpi.c's
 * patterns do that) or general word search (find.h). */
#ifndef GONGKAI_TRIGGER_H
#define GONGKAI_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>

/* The kinds of trigger, to be or-ed together. A trigger at i of t[0..n): */
enum {
	/* a byte `<`, `=` or `>`; or E2 89 or E2 A9 with a third byte before
	 * n (≥ ≤ ≧ ≦ and their block U+2240–U+227F, ⩾ ⩽ and U+2A40–U+2A7F) */
	TRIGGER_SIGN = 1 << 0,
	/* EF BC with a third byte before n (U+FF00–U+FF3F: the full-width
	 * ＜＝＞ of text that skipped NFKC, and their neighbours) */
	TRIGGER_FULLWIDTH = 1 << 1,
	TRIGGER_INDICATOR = 1 << 2,   /* the six bytes of 指标 */
	TRIGGER_PERFORMANCE = 1 << 3, /* the six bytes of 绩效 */
};

/* The first trigger of a kind in set at or after from (from <= n), or n
 * when none. Any bytes are allowed, valid UTF-8 or not. */
size_t trigger_find(const char *t, size_t from, size_t n, unsigned set);

/* The same by one method each, callable so that the tests compare them:
 * a byte at a time, and 16 positions at a time (SSE2; where the compiler
 * has no SSE2, the byte loop). */
size_t trigger_find_scalar(const char *t, size_t from, size_t n, unsigned set);
size_t trigger_find_sse2(const char *t, size_t from, size_t n, unsigned set);

#endif
