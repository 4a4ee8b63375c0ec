/* table_check: tabulate --check, the arithmetic of a budget table.
 *
 * A budget table states its totals: a code row (`208`) is the sum of its
 * sub-codes (`20805`, `20808`), a 合计 row the sum of the rows above it (or
 * below, when it comes first), a 小计 or 合计 column the sum of the columns
 * it heads. table.c feeds this module each data row after classifying its
 * cells; it reports every stated total that differs from its parts. It does
 * not parse anything and never changes what tabulate prints. */
#ifndef GONGKAI_TABLE_CHECK_H
#define GONGKAI_TABLE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "decimal.h"

/* What a cell holds; table.c classifies, this module sums K_NUMBER.
 * K_IDENT: digits that name, such as a phone number: text, but no label. */
enum kind { K_EMPTY, K_PLACEHOLDER, K_NUMBER, K_PERCENT, K_CODE, K_TEXT, K_IDENT };

/* The current table and row, as table.c holds them. */
struct check_view {
	const struct buf *path;   /* per column: header path, parts joined by " > " */
	const size_t *parent_len; /* per column: length of the path before its last " > ", or 0 */
	size_t columns;
	const unsigned char *kind;      /* per cell of the row: enum kind */
	const struct decimal *value;    /* per cell: the amount (in yuan when money) */
	size_t width;                   /* cells in the row */
	long line;
};

/* Receives a finding: the line of the stated total and a message such as
 * `合计 / 基本支出 > 小计: stated 12.00, its rows sum to 11.00`. */
typedef void check_report(long line, const char *message, void *ctx);

struct table_check;

struct table_check *check_new(check_report *report, void *ctx);
void check_free(struct table_check *c);

/* One amount or percentage of a row, label being the row's label. */
void check_cell(struct table_check *c, const struct check_view *v, size_t column,
		const struct buf *label);
/* The row's end: code is its code cell (NULL if none), label the label. */
void check_row(struct table_check *c, const struct check_view *v,
	       const struct buf *code, const struct buf *label);
/* A table or a block of it ends: open code levels and 合计 sums close. */
void check_end(struct table_check *c, const struct check_view *v);

/* `一、` `二、` or `1.` `2、`: a row at the outer level of a list. */
bool check_list_item(const char *s, size_t n);

#endif
