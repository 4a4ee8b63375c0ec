/* unorm: one physical line of UTF-8 text made normal.
 *
 * NFKC (through utf8proc, with a fast path that copies characters NFKC leaves
 * unchanged) except the enclosed and parenthesized numbers (①, ⑴, ⒈ …) that
 * documents use as list markers; control characters other than TAB removed
 * and counted; the spacing rules of SPEC §3 (CJK–CJK and digit–CJK spaces
 * removed, runs collapsed, runs of three or more spaces made a cell
 * separator). It knows nothing about documents or line joining. */
#ifndef GONGKAI_UNORM_H
#define GONGKAI_UNORM_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct unorm_opts {
	bool nfkc;   /* NFKC with the enclosed-number exceptions */
	bool spaces; /* trim, collapse, drop spaces beside CJK */
	bool gaps;   /* a run of 3+ spaces becomes a cell separator (TAB) */
};

struct unorm_stats {
	size_t controls; /* control characters removed */
};

/* Appends the normal form of s[0..n) (valid UTF-8; TAB separates cells) to
 * out. With spaces on, each cell is trimmed and trailing empty cells are
 * dropped; leading empty cells are kept (they place a table's columns). */
void unorm_line(const char *s, size_t n, const struct unorm_opts *o,
		struct unorm_stats *st, struct buf *out);

#endif
