/* table: budget tables found in the record stream, cell by cell; see table.h.
 *
 * A table is a run of records with cells (TABs, or `|` pipes). Lines above
 * it give the caption (`预算05表`, `…支出表(…)`) and the unit (`单位:万元`).
 * Its first rows without amounts are the header; their cells become column
 * paths, an empty cell under a spanning cell borrowing the text to its left.
 * A later row of header words (`一级指标 二级指标 …`) starts a new header
 * block: the forms in disclosures stack several small tables in one. A data
 * row is held until the next record, which may carry the wrapped tail of its
 * name cell (pdftotext); then each cell goes out with the nearest label cells
 * to its left, filled down from the row above where a spanning label left
 * them empty. Label cells are codes, cells under a 项目/名称/编码/指标 column,
 * and the text that starts a row.
 *
 * Every record of a stream comes here, so the common cases are cheap: a
 * prose line outside a table is told from a caption, a unit line or a pipe
 * row by one scan that only says which marks it holds (line_kinds, in
 * table_scan: SSE2, or AVX2 where the machine has it), and most need no
 * more; a row's cells are split 16 or 32 bytes at a time into views of the
 * record's text, copied once when the row is kept past its record, their
 * numbers parsed once when they are split off; row labels are views too,
 * and the row's cells share one table_cell. Words (header words, contact
 * words, 。, 元) are looked for without a call per word. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "sys.h"
#include "table.h"
#include "table_check.h"
#include "table_scan.h"

enum { MAX_HEADER_ROWS = 4, SHORT_CELL = 45, WRAP_TAIL = 24, CAPTION_MAX = TABLE_CAPTION_MAX, MAX_WORDS = 32 };

/* Words searched for together (header words, contact words): one pass over
 * a cell tests every word, where a search per word would walk the cell once
 * for each. The pass is Horspool's, for a set: a window as long as the
 * shortest word is tested at its last byte, which says how far the window
 * may jump (skip: no word has that byte nearer the window's end) and which
 * words may end there (last); a table per byte of the first three says
 * which words have that byte there. Every word is at least three bytes. */
struct word_set {
	const char *const *words;
	size_t count, shortest;
	size_t len[MAX_WORDS];
	uint32_t byte[3][256], last[256];
	unsigned char skip[256];
};

/* A cell is a view into its row's text: the record's own while table_feed
 * looks at it, a copy once the row is kept past its record (row_keep). Its
 * number is parsed once, when it is split off: a data row asks up to three
 * times whether a cell is an amount. */
struct cell {
	size_t off, len;
	enum kind number;       /* parse_number's answer: K_TEXT, K_NUMBER, K_PERCENT */
	struct decimal value;
};

struct row {
	struct cell *cells;
	size_t count, cap;
	long line;
	const char *base;       /* cells[c] is base[off, off + len) */
	size_t span;            /* the bytes of base a copy must keep */
	struct buf text;        /* the copy, once kept */
};

struct table_model {
	struct table_handler h;
	bool has_doc;
	struct buf doc;
	unsigned ordinal;
	/* Lines seen since the last table: the next table's caption and unit. */
	struct buf next_caption;
	bool next_caption_numbered;
	int next_exp;
	struct buf next_unit;
	/* The current table. */
	bool in_table, in_header, has_pending;
	/* pdftotext -layout text has no empty cells and rows of uneven width */
	bool saw_empty, ragged;
	struct buf caption, unit;
	int table_exp, block_exp;
	struct row header[MAX_HEADER_ROWS];
	size_t header_rows, grid_rows;
	struct row pending, scratch;
	/* Per column, grown together by ensure_columns. */
	size_t columns, cap;
	struct buf *path;
	/* Views of the text of the row being emitted and of the row before it;
	 * a label that is neither's own cell lives in an arena (see fill_down). */
	struct table_text *label, *prev_label;
	size_t *parent_len;
	int *exp;
	bool *label_column, *filled, *is_label, *prev_filled, *prev_is_label;
	signed char *contact_column; /* names a phone, fax or postcode: 1, 0, -1 not yet asked */
	unsigned char *kind, *prev_kind;
	struct decimal *value;
	size_t prev_count;
	/* The first amount's column in the row emitted and in the one before. */
	size_t first_amount, prev_first_amount;
	struct table_check *checker; /* --check, or NULL */
	/* The group of the last 合计 row inside a group (`收入构成 | 合计`). */
	bool inner_totals;
	struct buf total_group;
	struct buf text, run_label;
	/* Labels copied from the row above or joined (group_total): one arena
	 * per row, the current and the previous, swapped at each row. */
	struct buf arena[2], joined[2];
	unsigned current;
	struct table_text *grid;
	struct word_set header_words, contact_words;
	bool avx2; /* the machine has AVX2: split_at and line_kinds may use it */
};

/* ---- text helpers ---- */

static const char *find(const char *s, size_t n, const char *word)
{
	return find_word(s, n, word, strlen(word));
}

static bool has(const char *s, size_t n, const char *word)
{
	return find(s, n, word) != NULL;
}

/* inline: with the word's length known, the compare is a load or two */
static inline bool starts(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	return w <= n && memcmp(s, word, w) == 0;
}

static inline bool ends(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	return w <= n && memcmp(s + n - w, word, w) == 0;
}

static inline bool same(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Does s hold `。` (E3 80 82)? */
static bool has_full_stop(const char *s, size_t n)
{
	return has_triple(s, n, '\xE3', '\x80', '\x82');
}

/* A sentence ends in these; captions and wrapped cells do not: `。` anywhere,
 * or a last `;` `:` `,` `；` `：` (U+FF1B, U+FF1A: EF BC 9B, EF BC 9A). The
 * last byte decides all but the search for `。`. */
static bool ends_sentence(const char *s, size_t n)
{
	if (n == 0)
		return false;
	unsigned char last = (unsigned char)s[n - 1];
	if (last == ';' || last == ':' || last == ',')
		return true;
	if ((last == 0x9B || last == 0x9A) && n >= 3 && s[n - 3] == '\xEF' && s[n - 2] == '\xBC')
		return true;
	return has_full_stop(s, n);
}

static void word_set_init(struct word_set *ws, const char *const *words, size_t count)
{
	memset(ws, 0, sizeof *ws);
	ws->words = words;
	ws->count = count;
	ws->shortest = (size_t)-1;
	for (size_t w = 0; w < count; w++) {
		ws->len[w] = strlen(words[w]);
		if (ws->len[w] < ws->shortest)
			ws->shortest = ws->len[w];
		for (size_t k = 0; k < 3; k++)
			ws->byte[k][(unsigned char)words[w][k]] |= (uint32_t)1 << w;
	}
	const size_t m = ws->shortest;
	memset(ws->skip, (int)m, sizeof ws->skip);
	for (size_t w = 0; w < count; w++) {
		const unsigned char *u = (const unsigned char *)words[w];
		for (size_t k = 0; k + 1 < m; k++)
			if (ws->skip[u[k]] > m - 1 - k)
				ws->skip[u[k]] = (unsigned char)(m - 1 - k);
		ws->last[u[m - 1]] |= (uint32_t)1 << w;
	}
}

/* Does s hold any of the words? Same answer as a find_word for each. */
static bool word_set_any(const struct word_set *ws, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const size_t shortest = ws->shortest;
	for (size_t i = 0; i + shortest <= n; i += ws->skip[u[i + shortest - 1]]) {
		uint32_t m = ws->last[u[i + shortest - 1]];
		if (!m)
			continue;
		m &= ws->byte[0][u[i]] & ws->byte[1][u[i + 1]] & ws->byte[2][u[i + 2]];
		for (; m; m &= m - 1) {
			unsigned w = (unsigned)__builtin_ctz(m);
			if (i + ws->len[w] <= n && !memcmp(s + i, ws->words[w], ws->len[w]))
				return true;
		}
	}
	return false;
}

/* ---- units ---- */

static const struct { const char *name; int exp; } money_units[] = {
	{ "万亿元", 12 }, { "百万元", 6 }, { "千万元", 7 }, { "亿元", 8 },
	{ "万元", 4 }, { "千元", 3 }, { "元", 0 },
};

static int unit_at(const char *s, size_t n)
{
	while (n > 0 && *s == ' ')
		s++, n--;
	for (size_t i = 0; i < sizeof money_units / sizeof money_units[0]; i++)
		if (starts(s, n, money_units[i].name))
			return money_units[i].exp;
	return -1;
}

/* table_money_unit for a text that holds 元. */
static __attribute__((noinline)) int unit_after_mark(const char *s, size_t n)
{
	static const char *const marks[] = { "单位:", "单位：", "(", "（" };
	for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
		const char *p = s, *end = s + n;
		while ((p = find(p, (size_t)(end - p), marks[m])) != NULL) {
			p += strlen(marks[m]);
			int exp = unit_at(p, (size_t)(end - p));
			if (exp >= 0)
				return exp;
		}
	}
	return -1;
}

int table_money_unit(const char *s, size_t n)
{
	/* Every money unit ends in 元: most texts have none, and one search
	 * for it spares the four for the marks. */
	if (!has_triple(s, n, '\xE5', '\x85', '\x83')) /* 元 */
		return -1;
	return unit_after_mark(s, n);
}

/* The first `单位:` in s, as find_word would find it: the word's only colon
 * is its last byte, so it starts six bytes before the first colon that has
 * 单位 there. Colons are rare in prose and memchr skips to them faster than
 * find_word walks the line, and every prose line asks. */
static const char *find_unit_mark(const char *s, size_t n)
{
	static const char word[] = "单位";
	const size_t len = sizeof word - 1;
	const char *p = s, *end = s + n;
	while ((p = memchr(p, ':', (size_t)(end - p))) != NULL) {
		if ((size_t)(p - s) >= len && memcmp(p - len, word, len) == 0)
			return p - len;
		p++;
	}
	return NULL;
}

/* A declared unit that is not money (`单位:人`, `单位:%`): its text. */
static void other_unit(const char *s, size_t n, struct buf *out)
{
	const char *p = find_unit_mark(s, n);
	buf_clear(out);
	if (!p || (p > s && ends(s, (size_t)(p - s), "名称")))
		return;
	p += strlen("单位:");
	size_t len = 0;
	while (p + len < s + n && p[len] != ' ' && p[len] != '\t' && len < 12)
		len++;
	buf_add(out, p, len);
}

/* ---- cells ---- */

/* !strncmp(s, word, n) without the library call: every cell of a row asks,
 * and most differ at their first byte. */
static bool prefix_of(const char *s, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != word[i])
			return false;
		if (word[i] == '\0')
			return true;
	}
	return true;
}

/* The dashes start with E2 (— U+2014, … U+2026) or EF (－ U+FF0D): any
 * other first byte answers at once. */
static inline bool is_placeholder(const char *s, size_t n)
{
	if (n == 0)
		return true;
	if (*s == '-' || *s == '*' || *s == '/')
		return n == 1 || (n == 2 && !memcmp(s, "--", 2));
	if (*s != '\xE2' && *s != '\xEF')
		return false;
	return prefix_of(s, n, "—") || prefix_of(s, n, "——") || prefix_of(s, n, "－") ||
	       prefix_of(s, n, "…");
}

/* Parses an amount or a percentage: `1,234.50`, `-3`, `86.74%`. */
static __attribute__((noinline)) enum kind parse_number(const char *s, size_t n, struct decimal *d)
{
	bool neg = false, percent = false;
	if (n > 0 && (*s == '-' || *s == '+'))
		neg = *s == '-', s++, n--;
	if (n > 0 && s[n - 1] == '%')
		percent = true, n--;
	if (n == 0 || !is_digit(s[0]) || !is_digit(s[n - 1]))
		return K_TEXT;
	if (decimal_parse(s, n, d) != 0)
		return K_TEXT;
	d->neg = neg && !decimal_is_zero(d);
	return percent ? K_PERCENT : K_NUMBER;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* ---- rows ---- */

static struct table_text cell_text(const struct row *r, size_t c)
{
	return (struct table_text){ r->base + r->cells[c].off, r->cells[c].len };
}

/* A code is digits beside a name: `2080505	机关事业单位…`. The cell at c
 * is all digits. */
static bool is_code(const struct row *r, size_t c)
{
	if (r->cells[c].len > 12 || c + 1 >= r->count || r->cells[c + 1].len == 0 ||
	    r->cells[c + 1].number != K_TEXT)
		return false;
	struct table_text next = cell_text(r, c + 1);
	return !is_placeholder(next.s, next.n);
}

/* Sets the cell to s[0..n), which lies in r->base, and parses its number:
 * most cells are text, which a number cannot start. */
static inline void cell_set(struct row *r, struct cell *cell, const char *s, size_t n)
{
	cell->off = (size_t)(s - r->base);
	cell->len = n;
	if (n > 0 && (is_digit(*s) || *s == '-' || *s == '+'))
		cell->number = parse_number(s, n, &cell->value);
	else
		cell->number = K_TEXT;
}

static void row_grow(struct row *r)
{
	size_t cap = r->cap ? r->cap * 2 : 16;
	r->cells = xrealloc(r->cells, cap * sizeof *r->cells);
	r->cap = cap;
}

static inline struct cell *row_push(struct row *r)
{
	if (r->count == r->cap)
		row_grow(r);
	struct cell *cell = &r->cells[r->count++];
	cell->off = cell->len = 0;
	cell->number = K_TEXT;
	return cell;
}

/* Starts the row as a view of the record's text s[0..n). */
static void row_view(struct row *r, const char *s, size_t n)
{
	r->count = 0;
	r->base = s ? s : "";
	r->span = n;
}

/* Keeps the row past its record: its cells move into its own copy. */
static void row_keep(struct row *r)
{
	if (r->base == r->text.data)
		return;
	buf_clear(&r->text);
	buf_reserve(&r->text, r->span + 1); /* data, even for an empty row */
	memcpy(r->text.data, r->base, r->span);
	r->text.len = r->span;
	r->base = r->text.data;
}

static void row_free(struct row *r)
{
	free(r->cells);
	buf_free(&r->text);
	memset(r, 0, sizeof *r);
}

/* Appends s[0..n) trimmed as a cell; the caller has made room for it. */
static inline void add_trimmed(struct row *r, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\r'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	cell_set(r, &r->cells[r->count++], s, n);
}

/* Room for k more cells. */
static inline void row_room(struct row *r, size_t k)
{
	while (r->count + k > r->cap)
		row_grow(r);
}

/* `| a | b |` rows; `|---|:--:|` rules are not rows. */
static bool is_rule(const char *s, size_t n)
{
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] != '|' && s[i] != ':' && s[i] != ' ' && s[i] != '+')
			return false;
	}
	return dash;
}

/* The separators among p[0..width), a bit a byte: one byte, or 16 or 32
 * in one compare. */
static inline unsigned seps_of1(const char *p, char sep)
{
	return *p == sep;
}

#ifdef __SSE2__
static inline unsigned seps_of16(const char *p, char sep)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_loadu_si128((const __m128i *)(const void *)p), _mm_set1_epi8(sep)));
}
#endif

/* split_at for one block width, at most n: the last block is the text's
 * last width bytes, less what is done, not copied out. Always inline, so
 * that seps_of is a known call, inlined in turn. */
static inline __attribute__((always_inline)) size_t
split_blocks(struct row *r, const char *s, size_t n, char sep, size_t width,
	     unsigned (*seps_of)(const char *, char))
{
	size_t begin = 0, seps = 0;
	for (size_t at = 0; at < n; at += width) {
		size_t p = at + width <= n ? at : n - width;
		row_room(r, width + 1);
		for (unsigned mask = seps_of(s + p, sep) >> (at - p); mask; mask &= mask - 1, seps++) {
			size_t i = at + (size_t)__builtin_ctz(mask);
			add_trimmed(r, s + begin, i - begin);
			begin = i + 1;
		}
	}
	row_room(r, 1);
	add_trimmed(r, s + begin, n - begin);
	return seps;
}

#ifdef HAVE_AVX2_LOOPS
__attribute__((target("avx2")))
static inline unsigned seps_of32(const char *p, char sep)
{
	return (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(load32(p), _mm256_set1_epi8(sep)));
}

__attribute__((target("avx2")))
static size_t split_at_avx2(struct row *r, const char *s, size_t n, char sep)
{
	return split_blocks(r, s, n, sep, 32, seps_of32);
}
#endif

/* Cuts s[0..n) at every sep into the row's cells; returns the number of
 * separators. A row's cells are short: one compare finds every separator
 * of 16 bytes (with AVX2, avx2 set, 32), where a memchr per cell would be
 * a call each; a text shorter than a block is read a byte at a time. */
static size_t split_at(struct row *r, const char *s, size_t n, char sep, bool avx2)
{
#ifdef HAVE_AVX2_LOOPS
	if (avx2 && n >= 32)
		return split_at_avx2(r, s, n, sep);
#else
	(void)avx2;
#endif
#ifdef __SSE2__
	if (n >= 16)
		return split_blocks(r, s, n, sep, 16, seps_of16);
#endif
	return split_blocks(r, s, n, sep, 1, seps_of1);
}

/* A line without TABs, trimmed, and the few bytes of it that can matter:
 * pipes make it a row; `单位:` a unit line; `表` a caption, if it is short
 * enough to be one. Most records are prose and none of these: one pass for
 * all three tells them apart, where a search for each would walk the line
 * three times. */
struct line {
	const char *s;
	size_t n;
	size_t pipes;           /* '|' bytes */
	const char *unit;       /* the first `单位:`, as find_unit_mark finds it */
	bool table_word;        /* `表` in a line of at most CAPTION_MAX bytes */
};

/* A candidate byte at s[j]: the line's marks, with their other bytes checked. */
static void mark_at(struct line *l, size_t j)
{
	const char *s = l->s;
	switch (s[j]) {
	case '|':
		l->pipes++;
		break;
	case ':':
		if (!l->unit && j >= 6 && !memcmp(s + j - 6, "单位", 6))
			l->unit = s + j - 6;
		break;
	case '\xE8': /* 表 is E8 A1 A8 */
		if (l->n <= CAPTION_MAX && j + 2 < l->n && s[j + 1] == '\xA1' && s[j + 2] == '\xA8')
			l->table_word = true;
		break;
	}
}

#ifdef __SSE2__
/* The candidates among p[0..16): `|`, `:`, and in a caption-sized line the
 * first and last bytes of 表 at their distance (rare together in CJK text).
 * Reads p[0..18). */
static unsigned marks_block(const char *p, bool title)
{
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('|')),
				   _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
	if (title) {
		__m128i v2 = _mm_loadu_si128((const __m128i *)(p + 2));
		hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\xE8')),
						      _mm_cmpeq_epi8(v2, _mm_set1_epi8('\xA8'))));
	}
	return (unsigned)_mm_movemask_epi8(hit);
}

/* The marks of s[i..n), fewer than 18 bytes, at the line's end. */
static void line_marks_tail(struct line *l, size_t i)
{
	const char *s = l->s;
	const size_t n = l->n;
	const bool title = n <= CAPTION_MAX;
	if (i == n)
		return;
	if (n < 16) { /* a short line: copied into a zeroed block, which holds no candidate */
		char pad[32] = { 0 };
		memcpy(pad, s, n);
		for (unsigned mask = marks_block(pad, title) & ((1u << n) - 1); mask; mask &= mask - 1)
			mark_at(l, (size_t)__builtin_ctz(mask));
		return;
	}
	/* The last 16 bytes, less what is done: their bytes two on, for the
	 * end of 表, are the same block shifted, zeros past the line's end. */
	size_t p = n - 16;
	if (i < p && (s[i] == '|' || s[i] == ':' || (title && s[i] == '\xE8')))
		mark_at(l, i); /* one byte before the block */
	__m128i v = _mm_loadu_si128((const __m128i *)(s + p));
	__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('|')),
				   _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
	if (title)
		hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\xE8')),
						      _mm_cmpeq_epi8(_mm_srli_si128(v, 2),
								     _mm_set1_epi8('\xA8'))));
	unsigned mask = (unsigned)_mm_movemask_epi8(hit);
	if (i > p)
		mask &= ~0u << (i - p);
	for (; mask; mask &= mask - 1)
		mark_at(l, p + (size_t)__builtin_ctz(mask));
}
#endif

/* Finds the line's marks, with SSE2 16 bytes at a time. (An AVX2 twin
 * saved nothing: the lines that come here are mostly short.) */
static void line_marks(struct line *l)
{
	const char *s = l->s;
	const size_t n = l->n;
	size_t i = 0;
	l->pipes = 0;
	l->unit = NULL;
	l->table_word = false;
#ifdef __SSE2__
	const bool title = n <= CAPTION_MAX;
	for (; i + 18 <= n; i += 16)
		for (unsigned mask = marks_block(s + i, title); mask; mask &= mask - 1)
			mark_at(l, i + (size_t)__builtin_ctz(mask));
	line_marks_tail(l, i);
#else
	for (size_t j = i; j < n; j++)
		if (s[j] == '|' || s[j] == ':' || s[j] == '\xE8')
			mark_at(l, j);
#endif
}

/* Splits a record's text into cells; false when it has none, and then l is
 * the line for the caption and unit tests. The reader knows most prose
 * lines hold no TAB (plain): they skip the split at TABs. */
static bool split_row(struct row *r, const char *s, size_t n, bool plain, bool avx2,
		      struct line *l)
{
	row_view(r, s, n);
	if (!plain && split_at(r, s, n, '\t', avx2) > 0)
		return true;
	r->count = 0;
	while (n > 0 && *s == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	l->s = s;
	l->n = n;
	line_marks(l);
	if (l->pipes < 2 && !(n > 0 && *s == '|'))
		return false;
	if (n > 0 && *s == '|')
		s++, n--;
	if (n > 0 && s[n - 1] == '|')
		n--;
	split_at(r, s, n, '|', avx2);
	return true;
}

/* ---- per-column state ---- */

#define SWAP(type, a, b) do { type swap_tmp = a; a = b; b = swap_tmp; } while (0)

#define GROW(field, cap, newcap) \
	(field = xrealloc(field, (newcap) * sizeof *(field)), \
	 memset((field) + (cap), 0, ((newcap) - (cap)) * sizeof *(field)))

static void ensure_columns(struct table_model *t, size_t n)
{
	if (n <= t->cap)
		return;
	size_t cap = t->cap ? t->cap : 16;
	while (cap < n)
		cap *= 2;
	GROW(t->path, t->cap, cap);
	GROW(t->label, t->cap, cap);
	GROW(t->prev_label, t->cap, cap);
	GROW(t->parent_len, t->cap, cap);
	GROW(t->exp, t->cap, cap);
	GROW(t->label_column, t->cap, cap);
	GROW(t->contact_column, t->cap, cap);
	GROW(t->filled, t->cap, cap);
	GROW(t->is_label, t->cap, cap);
	GROW(t->prev_filled, t->cap, cap);
	GROW(t->prev_is_label, t->cap, cap);
	GROW(t->kind, t->cap, cap);
	GROW(t->prev_kind, t->cap, cap);
	GROW(t->value, t->cap, cap);
	GROW(t->grid, t->cap, cap);
	for (size_t c = t->cap; c < cap; c++)
		t->exp[c] = -1;
	t->cap = cap;
}

/* ---- header ---- */

/* Is this column one of labels (`项目`, `科目名称`, `三级指标`), not values?
 * The words are written out, not looped over, so each compare is inline. */
static bool is_label_header(const char *s, size_t n)
{
	if (n == 0)
		return true;
	return same(s, n, "项目") || starts(s, n, "项目(") || starts(s, n, "项目名称") ||
	       same(s, n, "年度") || ends(s, n, "名称") || ends(s, n, "编码") ||
	       ends(s, n, "代码") || ends(s, n, "科目") || ends(s, n, "指标") ||
	       (has_triple(s, n, '(', '\xE7', '\xA7') && has(s, n, "(科目)")); /* (科 first */
}

static bool lower_has_text(const struct table_model *t, size_t r, size_t c)
{
	for (size_t k = r + 1; k < t->header_rows; k++)
		if (c < t->header[k].count && t->header[k].cells[c].len > 0)
			return true;
	return false;
}

static void path_append(struct buf *path, const char *s, size_t n, size_t *last, size_t *parent)
{
	if (n == 0)
		return;
	if (path->len > 0 && path->len - *last == n && !memcmp(path->data + *last, s, n))
		return; /* a cell spanning rows is one part, not two */
	*parent = path->len;
	if (path->len > 0)
		buf_adds(path, " > ");
	*last = path->len;
	buf_add(path, s, n);
}

/* Inserts k empty cells at position at. */
static void insert_empty(struct row *r, size_t at, size_t k)
{
	size_t old = r->count;
	for (size_t i = 0; i < k; i++)
		row_push(r);
	for (size_t c = old; c-- > at;)
		r->cells[c + k] = r->cells[c];
	for (size_t c = at; c < at + k; c++) {
		r->cells[c].off = r->cells[c].len = 0;
		r->cells[c].number = K_TEXT;
	}
}

static bool has_empty(const struct row *r)
{
	for (size_t c = 0; c < r->count; c++)
		if (r->cells[c].len == 0)
			return true;
	return false;
}

/* Which upper cell spans the lower row: the one whose words the lower cells
 * repeat (`公务用车购置及运行维护费` over `公务用车购置费`), else the first
 * that is neither a label column nor 合计. */
static size_t spanning_cell(const struct row *up, const struct row *down)
{
	size_t best = up->count, best_score = 0;
	for (size_t p = 1; p < up->count; p++) {
		struct table_text b = cell_text(up, p);
		if (same(b.s, b.n, "合计") || is_label_header(b.s, b.n))
			continue;
		size_t score = 1;
		for (size_t c = 0; c < down->count; c++) {
			struct table_text w = cell_text(down, c);
			size_t k = w.n < 12 ? w.n : 12;
			score += k >= 6 && memmem(b.s, b.n, w.s, k);
		}
		if (score > best_score)
			best = p, best_score = score;
	}
	return best;
}

/* pdftotext -layout headers lose the width of spanning cells: `收入 支出`
 * over `项目 预算数 项目 预算数`, or `… 合计 基本支出 项目支出` over
 * `小计 人员经费 公用经费`. Spread the upper row so its cells stand over
 * the columns they span. normalize gives HTML headers with colspan the
 * same shape. */
static void spread_layout_header(struct table_model *t, size_t width)
{
	for (size_t r = 0; r + 1 < t->header_rows; r++) {
		struct row *up = &t->header[r], *down = &t->header[r + 1];
		size_t u = up->count, d = down->count;
		if (has_empty(up) || has_empty(down) || u < 2 || d < 2)
			continue;
		if (d % u == 0 && d >= width && u > 1) {
			for (size_t c = u; c-- > 0;)
				insert_empty(up, c + 1, d / u - 1);
			continue;
		}
		size_t p = spanning_cell(up, down);
		if (p >= u || u - 1 + d < width)
			continue;
		insert_empty(up, p + 1, d - 1);
		insert_empty(down, 0, p);
		insert_empty(down, down->count, u - p - 1);
	}
}

static const char *const contact_words[] = {
	"电话", "手机", "传真", "邮编", "邮政编码", "联系方式",
};

static bool names_contact(const struct table_model *t, const char *s, size_t n)
{
	return word_set_any(&t->contact_words, s, n);
}

/* Where the last ` > ` part of a path begins. */
static size_t last_part(const struct buf *path)
{
	for (size_t p = path->len; p >= 3; p--)
		if (!memcmp(path->data + p - 3, " > ", 3))
			return p;
	return 0;
}

/* Builds the column paths from the header rows; width is the data width. */
static void finish_header(struct table_model *t, size_t width)
{
	spread_layout_header(t, width);
	for (size_t r = 0; r < t->header_rows; r++)
		if (t->header[r].count > width)
			width = t->header[r].count;
	ensure_columns(t, width);
	t->columns = width;
	for (size_t c = 0; c < width; c++) {
		buf_clear(&t->path[c]);
		t->parent_len[c] = 0;
	}
	for (size_t r = 0; r < t->header_rows; r++) {
		struct table_text carry = { NULL, 0 }, cell;
		for (size_t c = 0; c < width; c++) {
			const struct row *h = &t->header[r];
			cell = c < h->count ? cell_text(h, c) : (struct table_text){ NULL, 0 };
			if (cell.n > 0)
				carry = cell;
			else if (carry.s && lower_has_text(t, r, c))
				cell = carry;
			else
				carry = cell = (struct table_text){ NULL, 0 };
			if (cell.s) {
				size_t last = t->path[c].len ? last_part(&t->path[c]) : 0;
				size_t parent = t->parent_len[c];
				path_append(&t->path[c], cell.s, cell.n, &last, &parent);
				t->parent_len[c] = parent;
			}
		}
	}
	if (t->header_rows > 0 && t->header[0].count > 0) {
		struct table_text corner = cell_text(&t->header[0], 0);
		int exp = table_money_unit(corner.s, corner.n);
		if (exp >= 0)
			t->block_exp = exp;
	}
	for (size_t c = 0; c < width; c++) {
		const struct buf *p = &t->path[c];
		const char *leaf = p->data ? p->data + (t->parent_len[c] ? t->parent_len[c] + 3 : 0) : "";
		size_t leaf_len = p->len - (t->parent_len[c] ? t->parent_len[c] + 3 : 0);
		t->label_column[c] = p->len > 0 && is_label_header(leaf, leaf_len);
		t->contact_column[c] = -1;
		t->exp[c] = p->len ? table_money_unit(p->data, p->len) : -1;
	}
	t->in_header = false;
	t->prev_count = 0;
}

/* ---- output ---- */

static struct table_text text_of(const struct buf *b)
{
	return (struct table_text){ b->data ? b->data : "", b->len };
}

static void emit_grid(struct table_model *t, const struct row *r, bool header)
{
	if (!t->h.grid_row)
		return;
	ensure_columns(t, r->count);
	for (size_t c = 0; c < r->count; c++)
		t->grid[c] = cell_text(r, c);
	struct table_grid_row g = { text_of(&t->doc), r->line, t->ordinal,
				    ++t->grid_rows, header, t->grid, r->count };
	t->h.grid_row(&g, t->h.ctx);
}

static size_t leading_digits(const char *s, size_t n)
{
	size_t d = 0;
	while (d < n && is_digit(s[d]))
		d++;
	return d;
}

/* ---- data rows ---- */

/* The length of the code glued to a label cell's name, or 0 (see
 * run_label). */
static size_t glued_code(struct table_text cell)
{
	size_t d = leading_digits(cell.s, cell.n);
	if (d >= 3 && d < cell.n && (unsigned char)cell.s[d] >= 0x80 &&
	    !starts(cell.s + d, cell.n - d, "年") && !starts(cell.s + d, cell.n - d, "月"))
		return d;
	return 0;
}

/* Does clean_text change s? Only a tag, a run of spaces or a space at
 * either end does; most cells have none and go out as written. */
static bool needs_cleaning(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (*s == ' ' || s[n - 1] == ' ')
		return true;
#ifdef __SSE2__
	/* a `<`, or two spaces in a row, anywhere: in the windows of the
	 * scans above (the pairs of the first and second vectors, then the
	 * last two bytes, which the second vectors do not reach as firsts) */
	if (n >= 6) {
		const __m128i tag = _mm_set1_epi8('<'), space = _mm_set1_epi8(' ');
		__m128i hit = _mm_setzero_si128();
		for (size_t p = 0, last = last_window(n);; p += 16) {
			if (p > last)
				p = last;
			__m128i v = window(s, n, p, 0), v1 = window(s, n, p, 1);
			hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, tag), _mm_and_si128(
				_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v1, space))));
			if (p == last)
				break;
		}
		return _mm_movemask_epi8(hit) != 0 || s[n - 2] == '<' || s[n - 1] == '<' ||
		       (s[n - 2] == ' ' && s[n - 1] == ' ');
	}
#endif
	for (size_t i = 0; i < n; i++)
		if (s[i] == '<' || (s[i] == ' ' && (i == 0 || i + 1 == n || s[i + 1] == ' ')))
			return true;
	return false;
}

/* Text cells keep their words; `<p>` and `<br>` left inside cells by a
 * page's own escaping become spaces. */
static void clean_text(struct buf *out, const char *s, size_t n)
{
	buf_clear(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<') {
			static const char *const tags[] = { "<p>", "</p>", "<br>", "<br/>", "<br />" };
			size_t k = 0;
			for (; k < sizeof tags / sizeof tags[0]; k++)
				if (starts(s + i, n - i, tags[k]))
					break;
			if (k < sizeof tags / sizeof tags[0]) {
				i += strlen(tags[k]) - 1;
				if (out->len > 0 && out->data[out->len - 1] != ' ')
					buf_addc(out, ' ');
				continue;
			}
		}
		if (s[i] == ' ' && out->len > 0 && out->data[out->len - 1] == ' ')
			continue;
		buf_addc(out, s[i]);
	}
	while (out->len > 0 && out->data[out->len - 1] == ' ')
		out->len--;
	if (out->len > 0 && out->data[0] == ' ')
		memmove(out->data, out->data + 1, --out->len);
}

/* Digits that name rather than count: an 11-digit mobile number (1[3-9]…),
 * or digits in a phone, fax or postcode column or right of such a label
 * (`联系电话 | 5321234`). They are text, never an amount. The cell at c
 * is all digits. */
static bool is_identifier(struct table_model *t, const struct row *r, size_t c)
{
	struct table_text b = cell_text(r, c);
	if (b.n == 11 && b.s[0] == '1' && b.s[1] >= '3')
		return true;
	/* a number holds no word: only a text cell to the left is searched */
	if (c > 0 && r->cells[c - 1].number == K_TEXT) {
		struct table_text left = cell_text(r, c - 1);
		if (names_contact(t, left.s, left.n))
			return true;
	}
	if (c >= t->columns)
		return false;
	if (t->contact_column[c] < 0) /* asked only by digit cells: most columns never are */
		t->contact_column[c] = names_contact(t, t->path[c].data, t->path[c].len);
	return t->contact_column[c] == 1;
}

/* Each cell's kind, and which cells are labels: codes, text under a label
 * column, the text starting the row, and text in a column without a
 * header. One loop: a cell's label test reads only its own kind and the
 * label test of the cell to its left. */
static void classify_row(struct table_model *t, const struct row *r)
{
	size_t n = r->count, first = n;
	t->first_amount = n;
	for (size_t c = 0; c < n; c++) {
		const struct cell *cell = &r->cells[c];
		enum kind k = K_TEXT;
		if (cell->len == 0) {
			k = K_EMPTY;
		} else if (cell->number != K_TEXT) {
			/* an amount is never a placeholder: `-` and `--` are text */
			k = cell->number;
			if (t->checker) /* --check reads the amounts of a row from value */
				t->value[c] = cell->value;
			struct table_text b = cell_text(r, c);
			/* digits alone have no point: most amounts have one */
			if (k == K_NUMBER && cell->value.scale == 0 && all_digits(b.s, b.n)) {
				if (is_code(r, c))
					k = K_CODE;
				if (is_identifier(t, r, c))
					k = K_IDENT;
			}
		} else if (is_placeholder(r->base + cell->off, cell->len)) {
			k = K_PLACEHOLDER;
		}
		t->kind[c] = (unsigned char)k;
		t->filled[c] = false;
		if (first == n && k != K_EMPTY)
			first = c;
		if (t->first_amount == n && (k == K_NUMBER || k == K_PERCENT))
			t->first_amount = c;
		bool label = k == K_CODE;
		if (k == K_TEXT) {
			bool in_first_run = c == first || t->is_label[c - 1];
			bool headless = c >= t->columns || t->path[c].len == 0;
			label = headless || t->label_column[c] || in_first_run;
		}
		t->is_label[c] = label;
		t->label[c] = label ? cell_text(r, c) : (struct table_text){ NULL, 0 };
	}
}

/* Was the row above's cell c a text label (its own, or filled)? */
static bool prev_text(const struct table_model *t, size_t c)
{
	return t->prev_is_label[c] && (t->prev_kind[c] == K_TEXT || t->prev_filled[c]);
}

/* A label cell spanning rows is written once: the rows below leave it empty.
 * Fill such a cell from the row above when the cell to its right is a label
 * too (`收入构成 | 财政拨款` then ` | 其他资金`). Codes never fill down. */
static void fill_down(struct table_model *t, size_t n)
{
	size_t need = 0;
	for (size_t c = n - 1; c-- > 0;) {
		if (t->kind[c] != K_EMPTY || c >= t->prev_count || !prev_text(t, c))
			continue;
		if (!(t->is_label[c + 1] && t->kind[c + 1] == K_TEXT) && !t->filled[c + 1])
			continue;
		t->filled[c] = t->is_label[c] = true;
		need += t->prev_label[c].n;
	}
	if (need == 0)
		return;
	/* The row above's text is gone by the next row: copy what fills down
	 * into this row's arena, reserved first so the views into it stay. */
	struct buf *arena = &t->arena[t->current];
	buf_reserve(arena, need);
	for (size_t c = 0; c + 1 < n; c++) {
		if (!t->filled[c])
			continue;
		const struct table_text *from = &t->prev_label[c];
		t->label[c] = (struct table_text){ arena->data + arena->len, from->n };
		buf_add(arena, from->s, from->n);
	}
}

static void remember_row(struct table_model *t, size_t n)
{
	/* the next row writes every array for its cells before it reads them */
	SWAP(struct table_text *, t->label, t->prev_label);
	SWAP(unsigned char *, t->kind, t->prev_kind);
	SWAP(bool *, t->is_label, t->prev_is_label);
	SWAP(bool *, t->filled, t->prev_filled);
	t->prev_count = n;
	t->prev_first_amount = t->first_amount;
}

/* The label run ending at column end, as one text: its label cells
 * joined by spaces; a code glued to its name (`208社会
 * 保障和就业支出`, as normalize leaves `208 社会保障和就业支出`) gets its
 * space back so row labels read the same whether code and name share a
 * cell or not. Room for all of it is made once. */
static void run_label(struct table_model *t, size_t end, struct buf *out)
{
	size_t start = end, need = 0;
	while (start > 0 && t->is_label[start - 1])
		start--;
	for (size_t c = start; c <= end; c++)
		need += t->label[c].n + 2;
	buf_clear(out);
	buf_reserve(out, need);
	char *at = out->data;
	for (size_t c = start; c <= end; c++) {
		struct table_text cell = t->label[c];
		size_t d = glued_code(cell);
		if (at > out->data)
			*at++ = ' ';
		if (cell.n == 0)
			continue;
		if (d > 0) {
			memcpy(at, cell.s, d);
			at += d;
			*at++ = ' ';
		}
		memcpy(at, cell.s + d, cell.n - d);
		at += cell.n - d;
	}
	out->len = (size_t)(at - out->data);
}

/* The row label of the cells right of the run ending at column end: most
 * runs are one cell as written, which is its own label; others are built
 * in out. */
static struct table_text run_label_text(struct table_model *t, size_t end, struct buf *out)
{
	struct table_text only = t->label[end];
	if ((end == 0 || !t->is_label[end - 1]) && only.n > 0 && glued_code(only) == 0)
		return only;
	run_label(t, end, out);
	return text_of(out);
}

/* Hands cell c to the handler; what the row's cells share (document,
 * line, table, caption, row label) is in cell already, set once a row. */
static void emit_cell(struct table_model *t, const struct row *r, size_t c,
		      struct table_cell *cell)
{
	char number[DECIMAL_MAX_TEXT];
	struct table_text raw = cell_text(r, c);
	cell->column_index = c;
	cell->raw = raw;
	cell->column = c < t->columns ? text_of(&t->path[c]) : (struct table_text){ NULL, 0 };
	cell->unit = (struct table_text){ NULL, 0 };
	cell->numeric = cell->money = false;
	cell->amount = (struct decimal){ 0, 0, false };
	int exp = c < t->columns && t->exp[c] >= 0 ? t->exp[c] :
		  t->block_exp >= 0 ? t->block_exp : t->table_exp;
	if (t->kind[c] == K_NUMBER || t->kind[c] == K_PERCENT) {
		struct decimal d = r->cells[c].value;
		cell->numeric = true;
		if (t->kind[c] == K_PERCENT) {
			cell->unit = (struct table_text){ "%", 1 };
		} else if (exp >= 0 && decimal_shift(&d, (unsigned)exp) == 0) {
			cell->money = true;
			cell->unit = (struct table_text){ "CNY", 3 };
		} else if (exp < 0) {
			cell->unit = text_of(&t->unit);
		} else {
			cell->numeric = false; /* too large to hold: keep as written */
		}
		cell->amount = d;
		if (cell->numeric)
			cell->value = (struct table_text){ number,
				decimal_format(&d, cell->money ? 2 : 0, number) };
		else
			cell->value = raw;
		if (cell->money && t->checker)
			t->value[c] = d;
	} else if (needs_cleaning(raw.s, raw.n)) {
		clean_text(&t->text, raw.s, raw.n);
		cell->value = text_of(&t->text);
	} else {
		cell->value = raw;
	}
	if (t->h.cell)
		t->h.cell(cell, t->h.ctx);
}

/* What --check sees of the table and of the row just classified. */
static struct check_view check_view(const struct table_model *t, size_t width, long line)
{
	return (struct check_view){ t->path, t->parent_len, t->columns, t->kind,
				    t->value, width, line };
}

/* Hands the row's code and label to --check. */
static void check_row_end(struct table_model *t, const struct row *r, size_t n)
{
	struct check_view v = check_view(t, n, r->line);
	size_t first = 0;
	while (first < n && !t->is_label[first])
		first++;
	const struct buf *code = NULL;
	struct buf code_view;
	if (first < n && t->kind[first] == K_CODE) {
		struct table_text v = cell_text(r, first);
		code_view = (struct buf){ (char *)v.s, v.n, 0 };
		code = &code_view;
	}
	struct buf *label = &t->run_label;
	if (first < n) {
		size_t end = first;
		while (end + 1 < n && t->is_label[end + 1])
			end++;
		run_label(t, end, label);
	} else {
		buf_clear(label);
	}
	check_row(t->checker, &v, code, label);
}

static void check_end_block(struct table_model *t)
{
	struct check_view v = check_view(t, 0, 0);
	if (t->checker)
		check_end(t->checker, &v);
}

static bool ends_total(struct table_text b)
{
	return ends(b.s, b.n, "合计");
}

/* Forms that list 收入构成 and 支出构成 close the first group with a 合计 row
 * of its own (`收入构成 | 合计`) and the last with a 合计 written across the
 * label columns (`合计 | | | 1667`): that row is the last group's total and
 * takes its label (`支出构成 合计`), which the row above still shows. */
static void group_total(struct table_model *t, size_t n)
{
	size_t first = 0, end;
	while (first < n && !t->is_label[first] && t->kind[first] == K_EMPTY)
		first++;
	if (first >= n || !t->is_label[first])
		return;
	for (end = first; end + 1 < n && t->is_label[end + 1];)
		end++;
	if (end > first && ends_total(t->label[end]) && t->filled[end - 1]) {
		t->inner_totals = true;
		buf_clear(&t->total_group);
		buf_add(&t->total_group, t->label[end - 1].s, t->label[end - 1].n);
		return;
	}
	size_t stop = first + 1, group = n, item = n;
	while (stop < n && t->kind[stop] == K_EMPTY)
		stop++;
	if (end != first || !ends_total(t->label[first]) || !t->inner_totals)
		return;
	for (size_t c = first + 1; c < stop && c < t->prev_count; c++)
		if (prev_text(t, c))
			group = item, item = c;
	if (group == n || (t->prev_label[group].n == t->total_group.len &&
			   !memcmp(t->prev_label[group].s, t->total_group.data, t->total_group.len)))
		return;
	struct buf *joined = &t->joined[t->current];
	buf_clear(joined);
	buf_add(joined, t->prev_label[group].s, t->prev_label[group].n);
	buf_addc(joined, ' ');
	buf_add(joined, t->label[first].s, t->label[first].n);
	t->label[first] = text_of(joined);
}

static void emit_row(struct table_model *t, const struct row *r)
{
	size_t n = r->count;
	ensure_columns(t, n);
	t->current ^= 1;
	buf_clear(&t->arena[t->current]);
	emit_grid(t, r, false);
	classify_row(t, r);
	fill_down(t, n);
	group_total(t, n);
	struct buf *label = &t->run_label;
	/* The cells right of one label run share its label: built once */
	size_t run_end = n, built = n;
	struct table_cell cell = {
		.doc = text_of(&t->doc), .line = r->line, .table = t->ordinal,
		.caption = text_of(&t->caption), .row = { "", 0 },
	};
	buf_clear(label);
	for (size_t c = 0; c < n; c++) {
		if (t->is_label[c]) {
			run_end = c;
			continue;
		}
		if (t->kind[c] == K_EMPTY || t->kind[c] == K_PLACEHOLDER)
			continue;
		if (run_end != built) {
			/* --check reads the label from the buffer */
			if (t->checker) {
				run_label(t, run_end, label);
				cell.row = text_of(label);
			} else {
				cell.row = run_label_text(t, run_end, label);
			}
			built = run_end;
		}
		emit_cell(t, r, c, &cell);
		if (t->checker && (t->kind[c] == K_NUMBER || t->kind[c] == K_PERCENT)) {
			struct check_view v = check_view(t, n, r->line);
			check_cell(t->checker, &v, c, label);
		}
	}
	if (t->checker)
		check_row_end(t, r, n);
	remember_row(t, n);
}

/* ---- recognising lines ---- */

static bool is_column_number_row(const struct row *r)
{
	unsigned long next = 0;
	size_t numbers = 0;
	for (size_t c = 0; c < r->count; c++) {
		struct table_text b = cell_text(r, c);
		if (b.n > 6) /* longer than a column number and than any word below */
			return false;
		if (b.n == 0 || same(b.s, b.n, "*") || same(b.s, b.n, "甲") || same(b.s, b.n, "乙") ||
		    same(b.s, b.n, "丙") || same(b.s, b.n, "栏次") || same(b.s, b.n, "行次"))
			continue;
		if (!all_digits(b.s, b.n))
			return false;
		unsigned long v = 0;
		for (size_t i = 0; i < b.n; i++) /* at most 6 digits */
			v = v * 10 + (unsigned long)(b.s[i] - '0');
		if (numbers > 0 && v != next)
			return false;
		next = v + 1;
		numbers++;
	}
	struct table_text first = r->count ? cell_text(r, 0) : (struct table_text){ "", 0 };
	return numbers >= 2 || (numbers == 1 && r->count >= 2 && same(first.s, first.n, "*"));
}

static bool is_year(struct table_text b)
{
	return b.n == 4 && all_digits(b.s, b.n) && (starts(b.s, 2, "19") || starts(b.s, 2, "20"));
}

/* No amounts (years may head columns), every cell short. */
static bool looks_like_header(const struct row *r)
{
	size_t filled = 0;
	/* An amount is known from the split, a sentence only by a search:
	 * look at every cell for an amount first. */
	for (size_t c = 0; c < r->count; c++) {
		if (r->cells[c].len == 0)
			continue;
		filled++;
		if (r->cells[c].number != K_TEXT && !is_year(cell_text(r, c)))
			return false;
	}
	for (size_t c = 0; c < r->count; c++) {
		struct table_text b = cell_text(r, c);
		if (b.n > SHORT_CELL || (b.n > 0 && ends_sentence(b.s, b.n)))
			return false;
	}
	return filled > 0;
}

static const char *const header_words[] = {
	"项目", "金额", "预算数", "决算数", "指标", "名称", "编码", "代码",
	"年度", "数量", "单价", "类型", "依据", "占比", "本年", "上年",
};

/* A header row in the middle of a table: mostly header words (at least two,
 * and a third of its filled cells). Every data row asks: stop as soon as the
 * answer is sure either way. */
static bool starts_header_block(const struct table_model *t, const struct row *r)
{
	if (!looks_like_header(r))
		return false;
	size_t filled = 0, words = 0;
	for (size_t c = 0; c < r->count; c++)
		filled += r->cells[c].len > 0;
	size_t need = filled > 6 ? (filled + 2) / 3 : 2, left = filled;
	for (size_t c = 0; c < r->count && words < need && words + left >= need; c++) {
		if (r->cells[c].len == 0)
			continue;
		left--;
		struct table_text b = cell_text(r, c);
		words += word_set_any(&t->header_words, b.s, b.n);
	}
	return words >= need;
}

static bool all_empty(const struct row *r)
{
	for (size_t c = 0; c < r->count; c++)
		if (r->cells[c].len > 0)
			return false;
	return true;
}

/* `预算05表`, `附表1`, `表3`: a table's number line. */
static inline bool is_table_number(const char *s, size_t n)
{
	return n <= 24 && (starts(s, n, "附表") || (starts(s, n, "表") && n > 3 && is_digit(s[3])) ||
			   ((starts(s, n, "预算") || starts(s, n, "决算")) && ends(s, n, "表")));
}

static bool is_title(const char *s, size_t n)
{
	return n <= CAPTION_MAX && has(s, n, "表") && !ends_sentence(s, n) &&
	       !starts(s, n, "注");
}

/* A heading or list marker starts the line: `二、` `(三)` `第` `1.`. */
static bool starts_marker(const char *s, size_t n)
{
	return check_list_item(s, n) || starts(s, n, "(") || starts(s, n, "第") ||
	       starts(s, n, "注") || starts(s, n, "说明");
}

/* The tail of a name cell wrapped onto its own line (`出`, `老保险缴费支出`). */
static bool is_wrap_tail(const char *s, size_t n)
{
	if (n == 0 || n > WRAP_TAIL || starts_marker(s, n) || ends_sentence(s, n) ||
	    has(s, n, "表") || has(s, n, "单位") || has(s, n, " "))
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_digit(s[i]) || s[i] == ',' || s[i] == '.' || s[i] == '%')
			return false;
	return true;
}

/* A row of one label whose empty cells were trimmed away. */
static bool is_lone_cell(const char *s, size_t n)
{
	return n > 0 && n <= SHORT_CELL && !ends_sentence(s, n) && !is_table_number(s, n) &&
	       !is_title(s, n) && !find(s, n, "单位") && !starts(s, n, "注") &&
	       !is_digit(s[n - 1]) && !ends(s, n, "元");
}

/* ---- tables ---- */

static void flush_pending(struct table_model *t)
{
	if (t->has_pending) {
		t->has_pending = false;
		emit_row(t, &t->pending);
	}
}

static void clear_next(struct table_model *t)
{
	buf_clear(&t->next_caption);
	buf_clear(&t->next_unit);
	t->next_caption_numbered = false;
	t->next_exp = -1;
}

static void end_table(struct table_model *t)
{
	if (!t->in_table)
		return;
	if (t->in_header && t->header_rows > 0) {
		finish_header(t, 0);
		for (size_t r = 0; r < t->header_rows; r++)
			emit_grid(t, &t->header[r], true);
	}
	flush_pending(t);
	check_end_block(t);
	t->in_table = false;
	t->header_rows = 0;
	t->columns = 0;
}

static void start_table(struct table_model *t)
{
	t->in_table = t->in_header = true;
	t->ordinal++;
	t->header_rows = t->grid_rows = 0;
	t->prev_count = t->columns = 0;
	t->saw_empty = t->ragged = t->inner_totals = false;
	buf_clear(&t->caption);
	buf_add(&t->caption, t->next_caption.data, t->next_caption.len);
	buf_clear(&t->unit);
	buf_add(&t->unit, t->next_unit.data, t->next_unit.len);
	t->table_exp = t->next_exp;
	t->block_exp = -1;
	clear_next(t);
}

static bool next_is_clear(const struct table_model *t)
{
	return t->next_caption.len == 0 && t->next_unit.len == 0 && !t->next_caption_numbered &&
	       t->next_exp == -1;
}

static void note_number(struct table_model *t, const char *s, size_t n)
{
	buf_clear(&t->next_caption);
	buf_add(&t->next_caption, s, n);
	t->next_caption_numbered = true;
}

static void note_title(struct table_model *t, const char *s, size_t n)
{
	if (!t->next_caption_numbered)
		buf_clear(&t->next_caption);
	else
		buf_addc(&t->next_caption, ' ');
	buf_add(&t->next_caption, s, n);
	t->next_caption_numbered = false;
}

/* A line outside a table that is no caption, unit line or table number:
 * only a sentence or a long line changes anything, by clearing what a
 * caption above said of the next table. table_feed sends here, without
 * note_line's tests, a line that holds no pipe, `单位:` or 表 (each of
 * the three kinds holds one of the last two). */
static inline void prose_line(struct table_model *t, const char *s, size_t n)
{
	if (n > CAPTION_MAX || (!next_is_clear(t) && ends_sentence(s, n)))
		clear_next(t);
}

/* A line outside any table: maybe the next table's caption or unit. */
static void note_line(struct table_model *t, const struct line *l)
{
	const char *s = l->s, *unit = l->unit;
	size_t n = l->n;
	/* The money unit counts only on a line that declares a unit: most
	 * prose has no `单位:`, and the search for it (line_marks' or
	 * find_unit_mark's) spares the five of table_money_unit. */
	int exp = unit ? table_money_unit(s, n) : -1;
	if (unit && (exp >= 0 || !ends(s, (size_t)(unit - s), "名称"))) {
		if (exp >= 0)
			t->next_exp = exp;
		else
			other_unit(s, n, &t->next_unit);
		n = (size_t)(unit - s);
		if (ends(s, n, "金额"))
			n -= strlen("金额");
		if (n == 0 || !is_title(s, n))
			return;
		if (is_table_number(s, n))
			note_number(t, s, n);
		else
			note_title(t, s, n);
		return;
	}
	/* the marks answer for the whole line: is_title's search for 表 is
	 * done, and the one for 。 only matters to a caption or to state that
	 * a sentence would clear */
	if (l->table_word && is_table_number(s, n)) /* a table number holds 表 */
		note_number(t, s, n);
	else if (n <= CAPTION_MAX && l->table_word && !ends_sentence(s, n) && !starts(s, n, "注"))
		note_title(t, s, n);
	else
		prose_line(t, s, n);
}

/* Appends a wrapped tail to the last label cell of the pending row's first run. */
static bool append_wrap(struct table_model *t, const char *s, size_t n)
{
	struct row *r = &t->pending;
	size_t c = 0;
	while (c < r->count && r->cells[c].len == 0)
		c++;
	size_t target = r->count;
	for (; c < r->count && r->cells[c].len > 0; c++)
		if (r->cells[c].number == K_TEXT)
			target = c;
		else if (target < r->count)
			break;
	if (target == r->count)
		return false;
	/* The joined cell goes at the end of the row's copy (kept rows own
	 * their text); the old bytes stay, unused. */
	struct cell *cell = &r->cells[target];
	size_t off = r->text.len, len = cell->len;
	buf_reserve(&r->text, len + n);
	r->base = r->text.data;
	buf_add(&r->text, r->base + cell->off, len);
	buf_add(&r->text, s, n);
	cell_set(r, cell, r->base + off, len + n);
	return true;
}

/* pdftotext drops the empty code cell of a `合计` row: put it back. */
static void realign(struct table_model *t, struct row *r)
{
	if (t->columns < 2 || r->count + 1 != t->columns || r->cells[0].len == 0)
		return;
	const struct buf *p = &t->path[0];
	if (!(ends(p->data, p->len, "编码") || ends(p->data, p->len, "代码")) ||
	    r->cells[0].number != K_TEXT)
		return;
	insert_empty(r, 0, 1);
}

/* The first amount left of column end; else the row's width, which for a
 * row without amounts narrower than end is less than end (unshift then
 * pads the row at its end, as it always has). */
static size_t first_number(const struct row *r, size_t end)
{
	for (size_t c = 0; c < r->count && c < end; c++)
		if (r->cells[c].len > 0 && r->cells[c].number != K_TEXT)
			return c;
	return r->count;
}

/* A label merged across cells shifts a row's amounts left (`合计 | | 1667`
 * under `| 支出构成 | 合计 | 1667`): when an amount stands where the row above
 * had its label, and an empty cell precedes it, move the amounts back under
 * the columns the row above used. */
static void unshift(struct table_model *t, struct row *r)
{
	/* the row above's first amount, as classify_row saw it */
	size_t g = t->prev_first_amount;
	if (g >= t->prev_count)
		return;
	size_t f = first_number(r, g);
	if (f >= g || f == 0 || r->cells[f - 1].len > 0 ||
	    t->prev_kind[f] != K_TEXT)
		return;
	insert_empty(r, f, g - f);
}

static void swap_rows(struct row *a, struct row *b)
{
	struct row tmp = *a;
	*a = *b;
	*b = tmp;
}

static enum table_line header_row(struct table_model *t, struct row *r)
{
	if (t->header_rows == 0) {
		/* `预算01表 … 单位:万元` as a row of the HTML table itself */
		size_t filled = 0;
		for (size_t c = 0; c < r->count; c++)
			filled += r->cells[c].len > 0;
		for (size_t c = 0; c < r->count && filled <= 3; c++) {
			struct table_text b = cell_text(r, c);
			int exp = table_money_unit(b.s, b.n);
			if (exp >= 0 && find(b.s, b.n, "单位")) {
				t->table_exp = exp;
				return TABLE_HEADER;
			}
		}
	}
	row_keep(r);
	swap_rows(&t->header[t->header_rows++], r);
	return TABLE_HEADER;
}

static enum table_line data_row(struct table_model *t, struct row *r)
{
	if (t->in_header) {
		finish_header(t, r->count);
		for (size_t h = 0; h < t->header_rows; h++)
			emit_grid(t, &t->header[h], true);
	}
	realign(t, r);
	flush_pending(t);
	/* only now: the row flush_pending emitted read the row above, whose
	 * copy r holds until here */
	row_keep(r);
	unshift(t, r);
	swap_rows(&t->pending, r);
	t->has_pending = true;
	return TABLE_ROW;
}

static enum table_line cell_row(struct table_model *t, struct row *r)
{
	if (!t->in_table)
		start_table(t);
	if (all_empty(r))
		return TABLE_ROW;
	for (size_t c = 0; c < r->count && !t->saw_empty; c++)
		t->saw_empty = r->cells[c].len == 0;
	if (is_column_number_row(r)) {
		if (t->in_header) {
			finish_header(t, r->count);
			for (size_t h = 0; h < t->header_rows; h++)
				emit_grid(t, &t->header[h], true);
		}
		return TABLE_HEADER;
	}
	if (t->in_header && t->header_rows < MAX_HEADER_ROWS && looks_like_header(r))
		return header_row(t, r);
	if (!t->in_header && starts_header_block(t, r)) {
		flush_pending(t);
		check_end_block(t);
		t->in_header = true;
		t->header_rows = 0;
		return header_row(t, r);
	}
	data_row(t, r);
	if (t->pending.count != t->columns)
		t->ragged = true;
	return TABLE_ROW;
}

/* Is the record's document still t's? Every record asks and the answer is
 * mostly yes: a name of 8 to 16 bytes is two 8-byte compares, no call. */
static bool same_doc(const struct buf *doc, const char *s, size_t n)
{
	if (doc->len != n)
		return false;
	if (n < 8 || n > 16)
		return n == 0 || memcmp(doc->data, s, n) == 0;
	uint64_t a, b, c, d;
	memcpy(&a, doc->data, 8), memcpy(&b, s, 8);
	memcpy(&c, doc->data + n - 8, 8), memcpy(&d, s + n - 8, 8);
	return a == b && c == d;
}

/* Any record: a row, a line that continues the table, or one about the
 * next (note_line). Out of line: table_feed's shortcut for prose pays for
 * none of its registers. */
static __attribute__((noinline)) enum table_line feed_line(struct table_model *t,
							    const struct record *r)
{
	struct row *row = &t->scratch;
	struct line l;
	row->line = r->line;
	if (split_row(row, r->text, r->text_len, r->text_plain, t->avx2, &l)) {
		if (is_rule(r->text, r->text_len))
			return t->in_table ? TABLE_ROW : TABLE_NONE;
		return cell_row(t, row);
	}
	const char *s = l.s;
	size_t n = l.n;
	if (t->in_table && !t->in_header && t->has_pending && !t->saw_empty && t->ragged &&
	    is_wrap_tail(s, n) && append_wrap(t, s, n))
		return TABLE_ROW;
	if (t->in_table && !t->in_header && is_lone_cell(s, n)) {
		/* normalize drops trailing empty cells: `(一)一般公共预算` */
		row_view(row, r->text, r->text_len);
		cell_set(row, row_push(row), s, n);
		return data_row(t, row);
	}
	end_table(t);
	note_line(t, &l);
	return TABLE_NONE;
}

/* A prose line with a 表 or maybe a `单位:`: out of line, so that the
 * others pay for none of its registers. */
static __attribute__((noinline)) void marked_line(struct table_model *t, const char *s, size_t n,
						  unsigned kinds)
{
	const char *unit = kinds & MAY_UNIT ? find_unit_mark(s, n) : NULL;
	if (unit || (kinds & HAS_TABLE_WORD)) {
		struct line l = { s, n, 0, unit, (kinds & HAS_TABLE_WORD) != 0 };
		note_line(t, &l);
	} else {
		prose_line(t, s, n);
	}
}

enum table_line table_feed(struct table_model *t, const struct record *r)
{
	if (!t->has_doc || !same_doc(&t->doc, r->doc, r->doc_len)) {
		table_end_document(t);
		buf_add(&t->doc, r->doc, r->doc_len);
		t->has_doc = true;
	}
	/* Most records are prose outside any table: told apart here by one
	 * scan, without the split or line_marks. */
	if (r->text_plain && !t->in_table) {
		const char *s = r->text;
		size_t n = r->text_len;
		while (n > 0 && *s == ' ')
			s++, n--;
		while (n > 0 && s[n - 1] == ' ')
			n--;
		unsigned kinds = line_kinds(s, n, t->avx2);
		if (kinds == 0) {
			prose_line(t, s, n);
			return TABLE_NONE;
		}
		if (!(kinds & HAS_PIPE)) {
			marked_line(t, s, n, kinds);
			return TABLE_NONE;
		}
	}
	return feed_line(t, r);
}

void table_end_document(struct table_model *t)
{
	end_table(t);
	clear_next(t);
	buf_clear(&t->doc);
	t->has_doc = false;
	t->ordinal = 0;
}

static void report_mismatch(long line, const char *message, void *ctx)
{
	struct table_model *t = ctx;
	if (t->h.mismatch)
		t->h.mismatch(text_of(&t->doc), line, message, t->h.ctx);
}

struct table_model *table_new(const struct table_handler *h, bool check)
{
	struct table_model *t = xcalloc(1, sizeof *t);
	t->h = *h;
	if (check)
		t->checker = check_new(report_mismatch, t);
	t->next_exp = t->table_exp = t->block_exp = -1;
	t->avx2 = cpu_has_avx2();
	word_set_init(&t->header_words, header_words, sizeof header_words / sizeof header_words[0]);
	word_set_init(&t->contact_words, contact_words, sizeof contact_words / sizeof contact_words[0]);
	return t;
}

static void free_columns(struct table_model *t)
{
	for (size_t c = 0; c < t->cap; c++)
		buf_free(&t->path[c]);
	free(t->path), free(t->label), free(t->prev_label), free(t->parent_len);
	free(t->exp), free(t->label_column), free(t->contact_column);
	free(t->filled), free(t->prev_filled), free(t->prev_is_label);
	free(t->is_label), free(t->kind), free(t->prev_kind), free(t->value);
	free(t->grid);
}

void table_free(struct table_model *t)
{
	if (!t)
		return;
	free_columns(t);
	check_free(t->checker);
	for (size_t r = 0; r < MAX_HEADER_ROWS; r++)
		row_free(&t->header[r]);
	row_free(&t->pending), row_free(&t->scratch);
	buf_free(&t->doc), buf_free(&t->next_caption), buf_free(&t->next_unit);
	buf_free(&t->caption), buf_free(&t->unit), buf_free(&t->text);
	buf_free(&t->run_label), buf_free(&t->total_group);
	for (size_t k = 0; k < 2; k++)
		buf_free(&t->arena[k]), buf_free(&t->joined[k]);
	free(t);
}
