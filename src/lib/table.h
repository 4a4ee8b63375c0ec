/* table: the budget-table model shared by tabulate and extract-amounts.
 *
 * Feed it the records of a stream one by one (table_feed); it recognises the
 * caption and unit lines above a table, the header rows (spanning cells become
 * column paths `基本保障支出 > 人员经费支出`), the column-number row, wrapped
 * cells and side-by-side tables, and calls back once per non-empty cell with
 * its row label, column path, unit and value (money in yuan, exact). It is
 * not a parser of prose: a record that is no table line is left to the caller,
 * and table_feed says which records were table lines so the caller can skip
 * them. Call table_end_document at each document's end: no state crosses it.
 * With check on, table_check.c compares the totals with their parts.
 *
 * Memory is the header rows plus one pending row (a row is held until the
 * next record, which may be the wrapped tail of one of its cells) plus, with
 * check on, one sum per column for each open level of the code hierarchy.
 * Cells are emitted in row order, always before table_feed returns for the
 * record that follows the row, so callers see them in stream order. */
#ifndef GONGKAI_TABLE_H
#define GONGKAI_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "decimal.h"
#include "record.h"

/* What table_feed made of a record. */
enum table_line {
	TABLE_NONE,    /* not part of a table: prose, or a caption/unit line */
	TABLE_HEADER,  /* a header row or the column-number row */
	TABLE_ROW,     /* a data row, a wrapped cell's tail, or a |---| rule */
};

struct table_text {
	const char *s;
	size_t n;
};

/* One cell of a data row. Every pointer is valid during the callback only. */
struct table_cell {
	struct table_text doc;
	long line;              /* the record of the row */
	unsigned table;         /* 1-based ordinal of the table in its document */
	size_t column_index;    /* 0-based cell position in the row */
	struct table_text caption; /* title lines above the table, or empty */
	struct table_text row;     /* row label: code and name cells, or the
				    * nearest text cells to the left */
	struct table_text column;  /* header path, parts joined by " > " */
	struct table_text value;   /* yuan for money; else the cleaned cell */
	struct table_text unit;    /* "CNY", "%", a declared unit, or empty */
	struct table_text raw;     /* the cell as written */
	bool numeric;           /* amount holds the number (in yuan if money) */
	bool money;
	struct decimal amount;
};

/* One row for --grid: header rows first, then data rows, as cells. */
struct table_grid_row {
	struct table_text doc;
	long line;
	unsigned table;
	size_t row;             /* 1-based row number within the table */
	bool header;
	const struct table_text *cells;
	size_t count;
};

struct table_handler {
	void (*cell)(const struct table_cell *c, void *ctx);          /* or NULL */
	void (*grid_row)(const struct table_grid_row *g, void *ctx);  /* or NULL */
	/* A --check finding: a stated total that differs from its parts. */
	void (*mismatch)(struct table_text doc, long line, const char *message,
			 void *ctx);                                    /* or NULL */
	void *ctx;
};

struct table_model;

/* check: compare totals with their parts (code rows against their children,
 * 合计 rows against the rows, 小计/合计 columns against their columns). */
struct table_model *table_new(const struct table_handler *h, bool check);
enum table_line table_feed(struct table_model *t, const struct record *r);
/* Ends the current table and forgets everything about the document. */
void table_end_document(struct table_model *t);
void table_free(struct table_model *t);

/* The unit a text declares (`单位:万元`, `(元)`, `金额单位:千元`): returns the
 * power of ten that turns it into yuan (万元 → 4), or -1 when the text declares
 * no money unit. Exposed for extract-amounts and the tests. */
int table_money_unit(const char *s, size_t n);

#endif
