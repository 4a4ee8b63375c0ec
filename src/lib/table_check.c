/* table_check: the totals of a budget table against their parts; see
 * table_check.h.
 *
 * Three checks run side by side over the data rows of a table:
 * - codes: an open level per code of the hierarchy (`208` > `20805` >
 *   `2080505`); a level sums its direct sub-codes and is compared when a row
 *   that is not below it closes it;
 * - 合计 rows: per column, the sum of the rows since the last 合计 (only the
 *   outer `一、` `二、` rows when there are any, never `其中` rows nor sub-codes);
 *   a 合计 that comes first is compared with the rows below at the end;
 * - 小计/合计 columns: against the columns of their group, or for a top-level
 *   合计 the groups to its right (each through its 小计 when it has one).
 * Amounts are exact decimals; percentages are never summed with amounts. */
#include <stdlib.h>
#include <string.h>

#include "sys.h"
#include "table_check.h"

/* One open level of the code hierarchy: a code row and the sum of its
 * children so far. */
struct level {
	struct buf code, label;
	long line;
	size_t children, width;
	struct decimal *stated, *sum;
	bool *has, *sum_has;
};

/* Per column running sums for the 合计-row check. */
struct column_sums {
	struct decimal all, marked, pending;
	bool any_marked, mixed, percent, has_pending;
	size_t rows;
	long pending_line;
};

struct table_check {
	check_report *report;
	void *ctx;
	struct level *levels;
	size_t depth, levels_cap;
	struct column_sums *sums;
	size_t sums_cap;
	struct buf message;
};

static bool ends(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	return w <= n && memcmp(s + n - w, word, w) == 0;
}

static bool starts(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	return w <= n && memcmp(s, word, w) == 0;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t leading_digits(const char *s, size_t n)
{
	size_t d = 0;
	while (d < n && is_digit(s[d]))
		d++;
	return d;
}

static void add_decimal_text(struct buf *b, const struct decimal *d)
{
	char text[DECIMAL_MAX_TEXT];
	buf_add(b, text, decimal_format(d, 2, text));
}

static void mismatch(struct table_check *k, const struct check_view *v, long line,
		     const char *what, const struct buf *label, size_t c,
		     const struct decimal *stated, const struct decimal *sum)
{
	struct buf *m = &k->message;
	buf_clear(m);
	buf_add(m, label->data, label->len);
	if (c < v->columns && v->path[c].len) {
		buf_adds(m, " / ");
		buf_add(m, v->path[c].data, v->path[c].len);
	}
	buf_adds(m, ": stated ");
	add_decimal_text(m, stated);
	buf_adds(m, ", ");
	buf_adds(m, what);
	buf_adds(m, " sum to ");
	add_decimal_text(m, sum);
	k->report(line, buf_cstr(m), k->ctx);
}

/* ---- the code hierarchy ---- */

static void level_close(struct table_check *k, const struct check_view *v)
{
	struct level *l = &k->levels[--k->depth];
	if (l->children == 0)
		return;
	for (size_t c = 0; c < l->width; c++) {
		if (!l->has[c] && !l->sum_has[c])
			continue;
		struct decimal zero = { 0 };
		const struct decimal *a = l->has[c] ? &l->stated[c] : &zero;
		const struct decimal *b = l->sum_has[c] ? &l->sum[c] : &zero;
		if (decimal_cmp(a, b) != 0)
			mismatch(k, v, l->line, "its sub-codes", &l->label, c, a, b);
	}
}

static void level_open(struct table_check *k, const struct check_view *v,
		       const struct buf *code, const struct buf *label)
{
	if (k->depth == k->levels_cap) {
		size_t cap = k->levels_cap ? k->levels_cap * 2 : 8;
		k->levels = xrealloc(k->levels, cap * sizeof *k->levels);
		memset(k->levels + k->levels_cap, 0, (cap - k->levels_cap) * sizeof *k->levels);
		k->levels_cap = cap;
	}
	struct level *l = &k->levels[k->depth++];
	size_t width = v->width;
	buf_clear(&l->code);
	buf_add(&l->code, code->data, code->len);
	buf_clear(&l->label);
	buf_add(&l->label, label->data, label->len);
	l->line = v->line;
	l->children = 0;
	if (width > l->width) {
		l->stated = xrealloc(l->stated, width * sizeof *l->stated);
		l->sum = xrealloc(l->sum, width * sizeof *l->sum);
		l->has = xrealloc(l->has, width * sizeof *l->has);
		l->sum_has = xrealloc(l->sum_has, width * sizeof *l->sum_has);
	}
	l->width = width;
	memset(l->sum_has, 0, width * sizeof *l->sum_has);
	for (size_t c = 0; c < width; c++) {
		l->has[c] = v->kind[c] == K_NUMBER;
		l->stated[c] = v->value[c];
	}
}

static void level_add(struct level *l, const struct check_view *v)
{
	l->children++;
	for (size_t c = 0; c < l->width && c < v->width; c++) {
		if (v->kind[c] != K_NUMBER)
			continue;
		if (!l->sum_has[c])
			l->sum[c] = v->value[c], l->sum_has[c] = true;
		else
			decimal_add(&l->sum[c], &v->value[c]);
	}
}

static bool is_prefix(const struct buf *a, const struct buf *b)
{
	return a->len < b->len && !memcmp(a->data, b->data, a->len);
}

/* Closes the levels the row is not below; a code row opens its own. */
static void check_codes(struct table_check *k, const struct check_view *v,
			const struct buf *code, const struct buf *label)
{
	while (k->depth > 0 && !(code && is_prefix(&k->levels[k->depth - 1].code, code)))
		level_close(k, v);
	if (!code)
		return;
	if (k->depth > 0)
		level_add(&k->levels[k->depth - 1], v);
	level_open(k, v, code, label);
}

/* ---- 合计 rows ---- */

bool check_list_item(const char *s, size_t n)
{
	static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
	for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
		if (starts(s, n, numerals[i]) && starts(s + 3, n - 3, "、"))
			return true;
	size_t d = leading_digits(s, n);
	return d > 0 && d < 3 && d < n && (s[d] == '.' || starts(s + d, n - d, "、"));
}

/* A leading code of a top-level function or economic class (`208`, `301`). */
static bool top_code(const char *s, size_t n)
{
	return leading_digits(s, n) == 3 && s[0] != '0';
}

static void sum_into(struct decimal *sum, const struct decimal *d, bool first)
{
	if (first)
		*sum = *d;
	else
		decimal_add(sum, d);
}

static struct column_sums *sums_of(struct table_check *k, size_t c)
{
	if (c >= k->sums_cap) {
		size_t cap = k->sums_cap ? k->sums_cap : 16;
		while (cap <= c)
			cap *= 2;
		k->sums = xrealloc(k->sums, cap * sizeof *k->sums);
		memset(k->sums + k->sums_cap, 0, (cap - k->sums_cap) * sizeof *k->sums);
		k->sums_cap = cap;
	}
	return &k->sums[c];
}

void check_cell(struct table_check *k, const struct check_view *v, size_t c,
		const struct buf *label)
{
	struct column_sums *s = sums_of(k, c);
	const struct decimal *value = &v->value[c];
	bool percent = v->kind[c] == K_PERCENT;
	if (s->rows > 0 && s->percent != percent)
		s->mixed = true;
	if (ends(label->data, label->len, "合计")) {
		bool had_rows = s->rows > 0;
		if (had_rows && !s->mixed) {
			const struct decimal *sum = s->any_marked ? &s->marked : &s->all;
			if (decimal_cmp(value, sum) != 0)
				mismatch(k, v, v->line, "its rows", label, c, value, sum);
		}
		memset(s, 0, sizeof *s);
		if (!had_rows) {
			s->pending = *value, s->has_pending = true;
			s->pending_line = v->line, s->percent = percent;
		}
		return;
	}
	if (starts(label->data, label->len, "其中"))
		return;
	size_t digits = leading_digits(label->data, label->len);
	if (digits >= 3 && !top_code(label->data, label->len))
		return;
	bool marked = check_list_item(label->data, label->len);
	if (s->rows == 0)
		s->percent = percent;
	sum_into(&s->all, value, s->rows == 0);
	if (marked)
		sum_into(&s->marked, value, !s->any_marked), s->any_marked = true;
	s->rows++;
}

static void close_totals(struct table_check *k, const struct check_view *v)
{
	for (size_t c = 0; c < k->sums_cap; c++) {
		struct column_sums *s = &k->sums[c];
		if (c < v->columns && s->has_pending && s->rows > 0 && !s->mixed) {
			const struct decimal *sum = s->any_marked ? &s->marked : &s->all;
			if (decimal_cmp(&s->pending, sum) != 0) {
				struct buf label = { "合计", strlen("合计"), 0 };
				mismatch(k, v, s->pending_line, "the rows below", &label, c,
					 &s->pending, sum);
			}
		}
		memset(s, 0, sizeof *s);
	}
}

/* ---- 小计 and 合计 columns ---- */

/* Does a group's part at column k count through a 小计 of its group? */
static bool group_has_subtotal(const struct check_view *v, size_t k)
{
	const struct buf *q = &v->path[k];
	size_t g = v->parent_len[k];
	bool has_subtotal = false;
	for (size_t j = k; j-- > 0 && v->parent_len[j] == g && !memcmp(v->path[j].data, q->data, g);)
		has_subtotal |= ends(v->path[j].data, v->path[j].len, "> 小计");
	return has_subtotal;
}

/* A 小计 or 合计 column against the columns it totals: its siblings under the
 * same parent, or for a top-level 合计 the top-level groups to its right
 * (each by its own 小计 when it has one). */
static void check_columns(struct table_check *k, const struct check_view *v,
			  const struct buf *label)
{
	size_t n = v->width;
	for (size_t c = 0; c < n && c < v->columns; c++) {
		if (v->kind[c] != K_NUMBER)
			continue;
		const struct buf *p = &v->path[c];
		size_t pl = v->parent_len[c];
		bool sub = pl > 0 && ends(p->data, p->len, "> 小计");
		bool top = pl == 0 && p->len == strlen("合计") && !memcmp(p->data, "合计", p->len);
		if (!sub && !top)
			continue;
		struct decimal sum = { 0 };
		bool any = false;
		for (size_t j = c + 1; j < n && j < v->columns; j++) {
			const struct buf *q = &v->path[j];
			if (sub && (q->len <= pl || memcmp(q->data, p->data, pl)))
				break;
			if (top && v->parent_len[j] > 0 && !ends(q->data, q->len, "> 小计") &&
			    group_has_subtotal(v, j))
				continue;
			if (v->kind[j] == K_NUMBER)
				sum_into(&sum, &v->value[j], !any), any = true;
		}
		if (any && decimal_cmp(&v->value[c], &sum) != 0)
			mismatch(k, v, v->line, "its columns", label, c, &v->value[c], &sum);
	}
}

void check_row(struct table_check *k, const struct check_view *v,
	       const struct buf *code, const struct buf *label)
{
	check_codes(k, v, code, label);
	check_columns(k, v, label);
}

void check_end(struct table_check *k, const struct check_view *v)
{
	check_codes(k, v, NULL, NULL);
	close_totals(k, v);
}

struct table_check *check_new(check_report *report, void *ctx)
{
	struct table_check *k = xcalloc(1, sizeof *k);
	k->report = report;
	k->ctx = ctx;
	return k;
}

void check_free(struct table_check *k)
{
	if (!k)
		return;
	for (size_t l = 0; l < k->levels_cap; l++) {
		struct level *v = &k->levels[l];
		buf_free(&v->code), buf_free(&v->label);
		free(v->stated), free(v->sum), free(v->has), free(v->sum_has);
	}
	free(k->levels);
	free(k->sums);
	buf_free(&k->message);
	free(k);
}
