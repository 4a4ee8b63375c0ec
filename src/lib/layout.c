/* layout: `pdftotext -layout` tables cut into cells by column; see layout.h.
 *
 * pdftotext -layout prints each page on a grid of characters: a glyph's x
 * position becomes a character column, one column per character whatever
 * its width (a CJK character takes one, not two). A table is a block of
 * lines with column gaps (three or more spaces inside the line); lines with
 * no gap may sit inside it (the wrapped tail of a cell, `出` under `…养老支`)
 * when another row follows.
 *
 * Its columns come from its data rows (lines with an amount): words of
 * different rows that overlap are in one column, and the gaps no data row
 * crosses are gutters. Amounts are right-aligned and names left-aligned, and
 * pdftotext rounds positions, so the edges of one column vary from row to
 * row by a few characters; the union holds them all. A gutter narrower than
 * two characters counts only where a row shows two words meeting there and
 * the second is an amount (`2023 210,000.00` in a narrow column), never
 * inside words (`100 万元`). Each word of a line then goes to the column its
 * centre falls in, boundaries lying midway across gutters. Text aligned on
 * a terminal counts CJK characters twice: both measures are tried, and the
 * one that finds more columns, or lines them up tighter, wins.
 *
 * Header lines (above the first data row) are stacked the way an HTML table
 * with rowspan and colspan reads: a word over two or more words in the next
 * line that stands alone in its own line's neighbouring columns spans them
 * (`基本支出` over `小计 人员经费 公用经费`) and is written in the first column
 * of its span with empty cells after it; a word under a word of the same
 * column that spans nothing continues it (`因公出国(境)` / `费`). Below the
 * header, lines without amounts whose words stand under full-width cells
 * are the pieces of a wrapped name: pdftotext prints the row's amounts on
 * the middle line of the name (the upper middle for an even count), so a row
 * takes as tail at most one line more than it took as head, and the other
 * full-width lines are the head of the next row.
 *
 * What goes wrong: a header word centred over columns that have no data at
 * all falls into a neighbour; a spanning header over a column whose own
 * header is printed on the children's line (`年度` beside `小计`) takes that
 * column too, unless the word is a label (`项目`, `…名称`, `合计`); a label
 * row without amounts as wide as its column may be taken for the head of the
 * row below; a table cut by a page break is two blocks. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "layout.h"
#include "sys.h"

enum {
	LONG_LINE = 4096,  /* bytes: a longer line is no table row */
	GAP = 3,           /* spaces that separate cells */
	MAX_PENDING = 4,   /* lines without a gap a block holds for its next row */
	PENDING_BYTES = 80,
	HEADER_LINES = 4,  /* header lines stacked; the table model takes 4 */
	MEASURES = 2,      /* 0: one per character (pdftotext), 1: display width */
	MAX_HEADS = 3,     /* lines of a wrapped name above its row */
	TAIL_CHARS = 2,    /* a wrapped header tail is this short */
};

struct token {
	size_t from, to;                   /* bytes in the block's text */
	size_t x[MEASURES], end[MEASURES]; /* grid columns [x, end) */
	bool number;      /* an amount, a code or a year: digits , . % + - */
	bool placeholder; /* `-`, `—`, `/`: an amount left empty */
};

struct held {
	long number;
	size_t from, len;     /* bytes in the block's text */
	size_t token, tokens; /* its tokens */
	bool gap, data;
};

struct cell {
	struct buf text;
	size_t x, end; /* grid extent in the chosen measure */
	bool present, digits;
};

/* A row of cells, one per column. */
struct cells {
	struct cell *c;
	long number;
	bool used;
};

struct layout {
	layout_emit *emit;
	void *ctx;
	/* The block: its lines, their bytes and their words. */
	struct buf text;
	struct held *lines;
	size_t count, lines_cap, pending;
	struct token *tokens;
	size_t ntokens, tokens_cap;
	/* Its columns in the chosen measure; right ends are exclusive. */
	int measure;
	size_t columns, columns_cap;
	size_t *left, *right, *widest;
	size_t *spans; /* start and end of each data word, sorted */
	size_t spans_cap;
	/* Header lines, their stacked parts, the held row, a scratch row. */
	struct cells header[HEADER_LINES], parts[HEADER_LINES], row, scratch;
	/* Wrapped name cells: lines above a row (its head, in `lead`) and
	 * below it (its tail), counted to keep the row in their middle. */
	struct cells lead;
	size_t heads[MAX_HEADS], nheads, row_heads, row_tails;
	size_t *depth;
	bool *leaf_last, *claimed;
	struct buf out;
};

/* ---- lines ---- */

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

/* A run of GAP or more spaces between two words. Every text line passes
 * here, and most have no space at all: memchr finds each run (memmem, with
 * its setup per call, was a sixth of normalize's time). */
static bool has_gap(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	while (i < n) {
		const char *p = memchr(s + i, ' ', n - i);
		if (!p)
			return false;
		size_t run = 0;
		i = (size_t)(p - s);
		while (i < n && s[i] == ' ')
			i++, run++;
		if (run >= GAP && i < n)
			return true;
	}
	return false;
}

static bool contains(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	return k <= n && memmem(s, n, word, k) != NULL;
}

/* A line without a gap that may still belong to the table: blank, or short,
 * indented and no caption (`附表3`) nor unit line (`单位:万元`). */
static bool may_continue(const char *s, size_t n)
{
	if (is_blank(s, n))
		return true;
	return n <= PENDING_BYTES && s[0] == ' ' && !contains(s, n, "表") &&
	       !contains(s, n, "单位");
}

/* ---- words ---- */

static bool number_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || c == ',' || c == '.' || c == '%' ||
	       c == '+' || c == '-';
}

static void classify_token(struct token *t, const char *s)
{
	static const char *const placeholders[] = { "-", "--", "—", "——", "－", "/", "*" };
	size_t n = t->to - t->from;
	bool digit = false, numeric = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[t->from + i];
		numeric = numeric && number_char(c);
		digit = digit || (c >= '0' && c <= '9');
	}
	t->number = numeric && digit;
	t->placeholder = false;
	for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
		if (strlen(placeholders[i]) == n && !memcmp(s + t->from, placeholders[i], n))
			t->placeholder = true;
}

static struct token *push_token(struct layout *l)
{
	if (l->ntokens == l->tokens_cap) {
		l->tokens_cap = l->tokens_cap ? 2 * l->tokens_cap : 256;
		l->tokens = xrealloc(l->tokens, l->tokens_cap * sizeof *l->tokens);
	}
	return &l->tokens[l->ntokens++];
}

/* Cuts a held line into words (runs without spaces) with their grid
 * positions in both measures. */
static void tokenize(struct layout *l, struct held *h)
{
	const char *s = l->text.data + h->from;
	size_t x[MEASURES] = { 0, 0 };
	struct token *t = NULL;
	h->token = l->ntokens;
	for (size_t i = 0; i < h->len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(h->len - i), &cp);
		size_t step = k > 0 ? (size_t)k : 1;
		size_t wide = k > 0 && cp >= 0x1100 ? (size_t)utf8proc_charwidth(cp) : 1;
		if (s[i] == ' ') {
			t = NULL;
		} else {
			if (!t) {
				t = push_token(l);
				t->from = h->from + i;
				t->x[0] = x[0], t->x[1] = x[1];
			}
			t->to = h->from + i + step;
			t->end[0] = x[0] + 1, t->end[1] = x[1] + wide;
		}
		x[0] += 1, x[1] += wide;
		i += step;
	}
	h->tokens = l->ntokens - h->token;
	h->data = false;
	for (size_t j = h->token; j < l->ntokens; j++) {
		classify_token(&l->tokens[j], l->text.data);
		h->data = h->data || (h->gap && h->tokens >= 2 && l->tokens[j].number);
	}
}

/* ---- columns ---- */

static void ensure_columns(struct layout *l, size_t n)
{
	if (n <= l->columns_cap)
		return;
	size_t cap = l->columns_cap ? l->columns_cap : 16;
	while (cap < n)
		cap *= 2;
	l->left = xrealloc(l->left, cap * sizeof *l->left);
	l->right = xrealloc(l->right, cap * sizeof *l->right);
	l->widest = xrealloc(l->widest, cap * sizeof *l->widest);
	l->depth = xrealloc(l->depth, cap * sizeof *l->depth);
	l->leaf_last = xrealloc(l->leaf_last, cap * sizeof *l->leaf_last);
	l->claimed = xrealloc(l->claimed, cap * sizeof *l->claimed);
	struct cells *rows[2 * HEADER_LINES + 3];
	size_t k = 0;
	for (size_t r = 0; r < HEADER_LINES; r++)
		rows[k++] = &l->header[r], rows[k++] = &l->parts[r];
	rows[k++] = &l->row, rows[k++] = &l->scratch, rows[k++] = &l->lead;
	for (size_t r = 0; r < k; r++) {
		rows[r]->c = xrealloc(rows[r]->c, cap * sizeof *rows[r]->c);
		memset(rows[r]->c + l->columns_cap, 0,
		       (cap - l->columns_cap) * sizeof *rows[r]->c);
	}
	l->columns_cap = cap;
}

static bool value_token(const struct token *t)
{
	return t->number || t->placeholder;
}

/* May a gutter narrower than two characters, ending at `to`, part
 * columns? Only where some data row shows two words meeting there, one
 * space apart (`2023 210,000.00` in a narrow column), else the gutter is
 * the ragged edge of one column; and never where the word after the space
 * is text: `100 万元`, `Item name` are one cell each. */
static bool narrow_gutter_ok(const struct layout *l, size_t count, int m, size_t to)
{
	bool meet = false;
	for (size_t i = 0; i < count; i++) {
		const struct held *h = &l->lines[i];
		const struct token *before = NULL, *after = NULL;
		if (!h->data)
			continue;
		for (size_t j = h->token; j < h->token + h->tokens && !after; j++) {
			const struct token *t = &l->tokens[j];
			if (t->x[m] < to)
				before = t;
			else
				after = t;
		}
		if (before && after && after->x[m] <= before->end[m] + 1) {
			if (!value_token(after))
				return false;
			meet = true;
		}
	}
	return meet;
}

static bool gutter_ok(const struct layout *l, size_t count, size_t rows, int m,
		      size_t from, size_t to)
{
	size_t width = to - from;
	if (rows < 2)
		return width >= GAP; /* one row: normalize's own rule */
	return width >= 2 || narrow_gutter_ok(l, count, m, to);
}

static int by_start(const void *a, const void *b)
{
	const size_t *p = a, *q = b;
	return (p[0] > q[0]) - (p[0] < q[0]);
}

/* The columns of the block's data rows in measure m; returns how many.
 * Words of different rows that overlap are in one column; the sweep over
 * the words sorted by start closes a column where the next word starts at
 * or after the end of every word so far, and a gutter_ok says so. */
static size_t find_columns(struct layout *l, size_t count, int m)
{
	size_t words = 0, rows = 0;
	for (size_t i = 0; i < count; i++)
		if (l->lines[i].data)
			words += l->lines[i].tokens, rows++;
	if (2 * words > l->spans_cap) {
		l->spans_cap = 2 * words;
		l->spans = xrealloc(l->spans, l->spans_cap * sizeof *l->spans);
	}
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		const struct held *h = &l->lines[i];
		for (size_t j = h->token; h->data && j < h->token + h->tokens; j++) {
			l->spans[2 * n] = l->tokens[j].x[m];
			l->spans[2 * n++ + 1] = l->tokens[j].end[m];
		}
	}
	qsort(l->spans, n, 2 * sizeof *l->spans, by_start);
	size_t columns = 0;
	for (size_t w = 0; w < n; w++) {
		size_t x = l->spans[2 * w], end = l->spans[2 * w + 1];
		if (columns > 0 && (x < l->right[columns - 1] ||
				    !gutter_ok(l, count, rows, m, l->right[columns - 1], x))) {
			if (end > l->right[columns - 1])
				l->right[columns - 1] = end;
			continue;
		}
		ensure_columns(l, columns + 1);
		l->left[columns] = x;
		l->right[columns++] = end;
	}
	return columns;
}

/* The column a word [x, end) belongs to: where its centre falls, the
 * boundaries lying midway across the gutters (all doubled, to stay whole). */
static size_t column_of(const struct layout *l, size_t x, size_t end)
{
	size_t centre = x + end, k = 1;
	while (k < l->columns && centre > l->right[k - 1] + l->left[k])
		k++;
	return k - 1;
}

/* ---- cells ---- */

static void clear_cells(struct layout *l, struct cells *r)
{
	for (size_t k = 0; k < l->columns; k++) {
		buf_clear(&r->c[k].text);
		r->c[k].present = r->c[k].digits = false;
	}
	r->used = false;
}

/* Joins two pieces of one cell's text: a space only between Latin words
 * or numbers, since the pieces of a CJK word were never apart. */
static void join_text(struct buf *b, const char *s, size_t n)
{
	if (b->len > 0 && n > 0 && (unsigned char)b->data[b->len - 1] < 0x80 &&
	    (unsigned char)s[0] < 0x80)
		buf_addc(b, ' ');
	buf_add(b, s, n);
}

static void cut_line(struct layout *l, size_t i, struct cells *r)
{
	const struct held *h = &l->lines[i];
	int m = l->measure;
	clear_cells(l, r);
	r->number = h->number;
	r->used = true;
	for (size_t j = h->token; j < h->token + h->tokens; j++) {
		const struct token *t = &l->tokens[j];
		struct cell *c = &r->c[column_of(l, t->x[m], t->end[m])];
		if (!c->present) {
			c->present = true;
			c->x = t->x[m];
		}
		join_text(&c->text, l->text.data + t->from, t->to - t->from);
		c->end = t->end[m];
		c->digits = c->digits || t->number;
	}
}

static void emit_cells(struct layout *l, const struct cells *r)
{
	buf_clear(&l->out);
	for (size_t k = 0; k < l->columns; k++) {
		if (k > 0)
			buf_addc(&l->out, '\t');
		buf_add(&l->out, r->c[k].text.data, r->c[k].text.len);
	}
	l->emit(r->number, l->out.data, l->out.len, l->ctx);
}

static void emit_raw(struct layout *l, size_t i)
{
	const struct held *h = &l->lines[i];
	l->emit(h->number, l->text.data + h->from, h->len, l->ctx);
}

/* ---- the header ---- */

static size_t char_count(const struct buf *b)
{
	size_t k = 0;
	for (size_t i = 0; i < b->len; i++)
		k += ((unsigned char)b->data[i] & 0xC0) != 0x80;
	return k;
}

static bool ends_with(const struct buf *b, const char *word)
{
	size_t k = strlen(word);
	return b->len >= k && !memcmp(b->data + b->len - k, word, k);
}

static bool is_word(const struct buf *b, const char *word)
{
	return b->len == strlen(word) && !memcmp(b->data, word, b->len);
}

/* Headers of label columns and totals: never a span, nor under one. */
static bool is_label(const struct buf *b)
{
	static const char *const ends[] = { "项目", "名称", "编码", "代码", "科目", "年度", "合计" };
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
		if (ends_with(b, ends[i]))
			return true;
	return false;
}

/* The end of a header cell wrapped onto the next line: `费`, `支出`; not a
 * short header of its own (`小计`, `项目`). */
static bool is_tail(const struct cell *c)
{
	static const char *const words[] = { "小计", "其中", "金额", "数量", "单价",
		"单位", "指标", "类别", "类型", "备注", "说明", "占比", "比例" };
	if (char_count(&c->text) > TAIL_CHARS || is_label(&c->text))
		return false;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (is_word(&c->text, words[i]))
			return false;
	return true;
}

static bool child_below(const struct layout *l, size_t h, size_t lines, size_t k)
{
	for (size_t g = h + 1; g < lines; g++)
		if (l->header[g].c[k].present)
			return !is_label(&l->header[g].c[k].text);
	return false;
}

/* The columns [*a, *b] the header cell of line h in column k spans. */
static void span_of(struct layout *l, size_t h, size_t lines, size_t k, size_t *a, size_t *b)
{
	const struct cells *line = &l->header[h];
	*a = *b = k;
	if (h + 1 >= lines || is_label(&line->c[k].text) ||
	    !l->header[h + 1].c[k].present || is_tail(&l->header[h + 1].c[k]))
		return;
	while (*a > 0 && !line->c[*a - 1].present && !l->claimed[*a - 1] &&
	       child_below(l, h, lines, *a - 1))
		--*a;
	while (*b + 1 < l->columns && !line->c[*b + 1].present &&
	       child_below(l, h, lines, *b + 1))
		++*b;
}

static void place_span(struct layout *l, const struct buf *text, size_t a, size_t b)
{
	size_t r = 0;
	for (size_t k = a; k <= b; k++)
		if (l->depth[k] > r)
			r = l->depth[k];
	for (size_t k = a; k <= b; k++) {
		if (k == a)
			buf_add(&l->parts[r].c[k].text, text->data, text->len);
		l->depth[k] = r + 1;
		l->leaf_last[k] = false;
		l->claimed[k] = true;
	}
}

static void place_leaf(struct layout *l, const struct buf *text, size_t k)
{
	if (l->depth[k] > 0 && l->leaf_last[k]) {
		join_text(&l->parts[l->depth[k] - 1].c[k].text, text->data, text->len);
		return;
	}
	buf_add(&l->parts[l->depth[k]++].c[k].text, text->data, text->len);
	l->leaf_last[k] = true;
}

/* One CJK character (three bytes in UTF-8). */
static bool is_one_ideograph(const struct cell *c)
{
	return c->present && c->text.len == 3 && (unsigned char)c->text.data[0] >= 0xE3;
}

/* Word processors spread a short header over its cell (`收        入`):
 * single characters in neighbouring columns, with nothing above them, are
 * one word, in the first of those columns. */
static void join_spaced(struct layout *l, struct cells *line)
{
	for (size_t k = 0; k + 1 < l->columns; k++) {
		struct cell *c = &line->c[k];
		if (!is_one_ideograph(c) || l->depth[k] > 0)
			continue;
		while (k + 1 < l->columns && is_one_ideograph(&line->c[k + 1]) &&
		       l->depth[k + 1] == 0) {
			struct cell *next = &line->c[++k];
			buf_add(&c->text, next->text.data, next->text.len);
			c->end = next->end;
			next->present = false;
			buf_clear(&next->text);
		}
	}
}

/* Stacks the header lines (indices in `which`) into header rows. */
static void stack_header(struct layout *l, const size_t *which, size_t lines)
{
	for (size_t h = 0; h < lines; h++) {
		cut_line(l, which[h], &l->header[h]);
		clear_cells(l, &l->parts[h]);
		l->parts[h].number = l->lines[which[h]].number;
	}
	memset(l->depth, 0, l->columns * sizeof *l->depth);
	memset(l->leaf_last, 0, l->columns * sizeof *l->leaf_last);
	for (size_t h = 0; h < lines; h++) {
		memset(l->claimed, 0, l->columns * sizeof *l->claimed);
		join_spaced(l, &l->header[h]);
		for (size_t k = 0; k < l->columns; k++) {
			const struct cell *c = &l->header[h].c[k];
			size_t a, b;
			if (!c->present || l->claimed[k])
				continue;
			span_of(l, h, lines, k, &a, &b);
			if (b > a)
				place_span(l, &c->text, a, b);
			else
				place_leaf(l, &c->text, k);
		}
	}
	size_t rows = 0;
	for (size_t k = 0; k < l->columns; k++)
		if (l->depth[k] > rows)
			rows = l->depth[k];
	for (size_t r = 0; r < rows; r++)
		emit_cells(l, &l->parts[r]);
}

/* Lines before the first data row: the unit line and lines above the last
 * HEADER_LINES go out unchanged, the rest are stacked. */
static void emit_header(struct layout *l, size_t first)
{
	size_t which[HEADER_LINES], lines = 0;
	size_t start = first;
	while (start > 0 && lines < HEADER_LINES) {
		const struct held *h = &l->lines[--start];
		if (!is_blank(l->text.data + h->from, h->len) &&
		    !contains(l->text.data + h->from, h->len, "单位"))
			lines++;
	}
	lines = 0;
	for (size_t i = 0; i < first; i++) {
		const struct held *h = &l->lines[i];
		const char *s = l->text.data + h->from;
		if (i < start || is_blank(s, h->len) || contains(s, h->len, "单位"))
			emit_raw(l, i);
		else
			which[lines++] = i;
	}
	if (lines > 0)
		stack_header(l, which, lines);
}

/* ---- the body ---- */

/* Does a line of the table start something of its own (`其中:`, `(一)`,
 * `二、`) rather than continue the cell above? */
static bool starts_item(const struct buf *b)
{
	static const char *const heads[] = { "其中", "合计", "小计", "(", "（", "一、", "二、",
		"三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、" };
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		if (b->len >= strlen(heads[i]) && !memcmp(b->data, heads[i], strlen(heads[i])))
			return true;
	return false;
}

/* Is the scratch row the wrapped tail of the held row's cells? */
static bool is_continuation(const struct layout *l)
{
	size_t filled = 0;
	if (!l->row.used)
		return false;
	for (size_t k = 0; k < l->columns; k++) {
		const struct cell *tail = &l->scratch.c[k], *head = &l->row.c[k];
		if (!tail->present)
			continue;
		filled++;
		if (tail->digits || !head->present || starts_item(&tail->text) ||
		    head->end - head->x + 1 < l->widest[k])
			return false;
	}
	return filled > 0;
}

static void flush_row(struct layout *l)
{
	if (l->row.used)
		emit_cells(l, &l->row);
	l->row.used = false;
}

static void swap_cells(struct cells *a, struct cells *b)
{
	struct cells t = *a;
	*a = *b;
	*b = t;
}

static void measure_widest(struct layout *l, size_t count)
{
	memset(l->widest, 0, l->columns * sizeof *l->widest);
	for (size_t i = 0; i < count; i++) {
		if (!l->lines[i].data)
			continue;
		cut_line(l, i, &l->scratch);
		for (size_t k = 0; k < l->columns; k++) {
			const struct cell *c = &l->scratch.c[k];
			if (c->present && c->end - c->x > l->widest[k])
				l->widest[k] = c->end - c->x;
		}
	}
}

/* The room the columns leave beside their widest cells: small when the
 * rows line up in the measure. */
static size_t slack(const struct layout *l)
{
	size_t total = 0;
	for (size_t k = 0; k < l->columns; k++)
		total += l->right[k] - l->left[k] - l->widest[k];
	return total;
}

static void use_measure(struct layout *l, size_t table, int m)
{
	l->measure = m;
	l->columns = find_columns(l, table, m);
	measure_widest(l, table);
}

/* The measure that finds more columns, or whose rows line up better;
 * pdftotext's, one per character, on a tie. */
static bool choose_columns(struct layout *l, size_t table)
{
	use_measure(l, table, 1);
	size_t display = l->columns, display_slack = slack(l);
	use_measure(l, table, 0);
	if (display > l->columns || (display == l->columns && display_slack < slack(l)))
		use_measure(l, table, 1);
	return l->columns >= 2;
}

/* May the scratch row be the first line of the next row's wrapped name
 * (`机关事业单` above `2080505 | 位基本养老 | 160.25`)? Full-width text
 * cells, no amounts, nothing that starts an item. */
static bool may_lead(const struct layout *l)
{
	size_t filled = 0;
	for (size_t k = 0; k < l->columns; k++) {
		const struct cell *c = &l->scratch.c[k];
		if (!c->present)
			continue;
		filled++;
		if (c->digits || starts_item(&c->text) || c->end - c->x + 1 < l->widest[k])
			return false;
	}
	return filled > 0 && l->nheads < MAX_HEADS;
}

/* pdftotext prints a row's amounts on the middle line of its wrapped name
 * (the upper middle for an even count): a row takes at most one tail line
 * more than it had head lines. */
static bool takes_tail(const struct layout *l)
{
	return l->nheads == 0 && l->row_tails <= l->row_heads && is_continuation(l);
}

static void append_cells(struct layout *l, struct cells *to, const struct cells *from)
{
	for (size_t k = 0; k < l->columns; k++) {
		const struct cell *c = &from->c[k];
		if (!c->present)
			continue;
		if (!to->c[k].present)
			to->c[k].x = c->x;
		join_text(&to->c[k].text, c->text.data, c->text.len);
		to->c[k].present = true;
		to->c[k].end = c->end;
	}
}

/* Lines held as heads that no row took are rows of their own. */
static void flush_heads(struct layout *l)
{
	for (size_t j = 0; j < l->nheads; j++) {
		cut_line(l, l->heads[j], &l->scratch);
		emit_cells(l, &l->scratch);
	}
	l->nheads = 0;
}

/* The held head lines go in front of the new row's cells when each stands
 * over a text cell of it; else they are rows of their own. */
static void take_heads(struct layout *l)
{
	l->row_heads = l->row_tails = 0;
	if (l->nheads == 0)
		return;
	clear_cells(l, &l->lead);
	for (size_t j = 0; j < l->nheads; j++) {
		cut_line(l, l->heads[j], &l->scratch);
		append_cells(l, &l->lead, &l->scratch);
	}
	for (size_t k = 0; k < l->columns; k++) {
		const struct cell *c = &l->lead.c[k];
		if (c->present && (!l->row.c[k].present || l->row.c[k].digits)) {
			flush_heads(l);
			return;
		}
	}
	for (size_t k = 0; k < l->columns; k++) {
		struct cell *c = &l->lead.c[k];
		if (!c->present)
			continue;
		join_text(&c->text, l->row.c[k].text.data, l->row.c[k].text.len);
		buf_clear(&l->row.c[k].text);
		buf_add(&l->row.c[k].text, c->text.data, c->text.len);
	}
	l->row_heads = l->nheads;
	l->nheads = 0;
}

/* Lines [first, table) are the table's; the lines after it, held in case
 * another row came, are taken only as the last row's wrapped tail. */
static void emit_body(struct layout *l, size_t first, size_t table, size_t count)
{
	l->row.used = false;
	l->nheads = l->row_heads = l->row_tails = 0;
	for (size_t i = first; i < count; i++) {
		const struct held *h = &l->lines[i];
		bool blank = is_blank(l->text.data + h->from, h->len);
		if (!blank)
			cut_line(l, i, &l->scratch);
		if (i >= table && (blank || !takes_tail(l))) {
			flush_row(l);
			flush_heads(l);
			for (; i < count; i++)
				emit_raw(l, i);
			return;
		}
		if (blank) {
			flush_row(l);
			flush_heads(l);
			emit_raw(l, i);
			continue;
		}
		if (!h->data && takes_tail(l)) {
			append_cells(l, &l->row, &l->scratch);
			l->row_tails++;
			continue;
		}
		if (!h->data && l->row.used && may_lead(l)) {
			l->heads[l->nheads++] = i;
			continue;
		}
		flush_row(l);
		if (!h->data) {
			flush_heads(l);
			emit_cells(l, &l->scratch); /* a row of labels: nothing wraps into it */
			continue;
		}
		swap_cells(&l->row, &l->scratch);
		l->row.used = true;
		take_heads(l);
	}
	flush_row(l);
	flush_heads(l);
}

/* Cuts the block: its first `table` lines are the table, the rest lines
 * without a gap that came after it. */
static void cut_block(struct layout *l, size_t table)
{
	l->ntokens = 0;
	for (size_t i = 0; i < l->count; i++)
		tokenize(l, &l->lines[i]);
	size_t first = 0;
	while (first < table && !l->lines[first].data)
		first++;
	if (first == table || !choose_columns(l, table)) {
		for (size_t i = 0; i < l->count; i++)
			emit_raw(l, i);
		return;
	}
	emit_header(l, first);
	emit_body(l, first, table, l->count);
}

/* ---- the block ---- */

static void hold(struct layout *l, long number, const char *s, size_t n, bool gap)
{
	if (l->count == l->lines_cap) {
		l->lines_cap = l->lines_cap ? 2 * l->lines_cap : 64;
		l->lines = xrealloc(l->lines, l->lines_cap * sizeof *l->lines);
	}
	l->lines[l->count++] = (struct held){ .number = number, .from = l->text.len,
					      .len = n, .gap = gap };
	buf_add(&l->text, s, n);
}

void layout_flush(struct layout *l)
{
	if (l->count > 0)
		cut_block(l, l->count - l->pending);
	l->count = l->pending = 0;
	buf_clear(&l->text);
}

void layout_line(struct layout *l, long line, const char *s, size_t n)
{
	bool gap = n <= LONG_LINE && has_gap(s, n) && !memchr(s, '\t', n);
	if (gap) {
		hold(l, line, s, n, true);
		l->pending = 0;
	} else if (l->count > 0 && l->pending < MAX_PENDING && may_continue(s, n)) {
		hold(l, line, s, n, false);
		l->pending++;
	} else {
		layout_flush(l);
		l->emit(line, s, n, l->ctx);
		return;
	}
	if (l->count >= LAYOUT_MAX_LINES || l->text.len >= LAYOUT_MAX_BYTES)
		layout_flush(l);
}

struct layout *layout_new(layout_emit *emit, void *ctx)
{
	struct layout *l = xcalloc(1, sizeof *l);
	l->emit = emit;
	l->ctx = ctx;
	return l;
}

static void free_cells(struct cells *r, size_t cap)
{
	for (size_t k = 0; k < cap && r->c; k++)
		buf_free(&r->c[k].text);
	free(r->c);
}

void layout_free(struct layout *l)
{
	if (!l)
		return;
	for (size_t r = 0; r < HEADER_LINES; r++) {
		free_cells(&l->header[r], l->columns_cap);
		free_cells(&l->parts[r], l->columns_cap);
	}
	free_cells(&l->row, l->columns_cap);
	free_cells(&l->scratch, l->columns_cap);
	free_cells(&l->lead, l->columns_cap);
	free(l->left), free(l->right), free(l->widest), free(l->depth);
	free(l->leaf_last), free(l->claimed), free(l->spans);
	free(l->lines), free(l->tokens);
	buf_free(&l->text), buf_free(&l->out);
	free(l);
}
