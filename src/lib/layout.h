/* layout: tables in `pdftotext -layout` text, cut into cells by column.
 *
 * normalize's line-by-line rule (three spaces are a cell separator) loses
 * where a cell stands: a row with an empty cell shifts its amounts left, and
 * a header cell that spans columns or wraps onto the next line lands in the
 * wrong place. This module sees a block of lines at once, finds the columns
 * its rows share, and writes each row as TAB-separated cells (empty cells
 * kept), the header as the rows an HTML table with colspan would give, and
 * wrapped cell tails appended to their cells. It is not for HTML nor for text
 * that already has TABs, and it does no normalization: its output lines go
 * through unorm like any other line. Memory: one block, at most
 * LAYOUT_MAX_LINES lines or LAYOUT_MAX_BYTES bytes; a longer table is cut
 * into blocks. */
#ifndef GONGKAI_LAYOUT_H
#define GONGKAI_LAYOUT_H

#include <stddef.h>

enum { LAYOUT_MAX_LINES = 4096, LAYOUT_MAX_BYTES = 1 << 20 };

/* Receives every line, in order, with its source line number: unchanged
 * (prose, or a block that is no table), or cut into TAB-separated cells. */
typedef void layout_emit(long line, const char *s, size_t n, void *ctx);

struct layout;

struct layout *layout_new(layout_emit *emit, void *ctx);
/* One physical line of decoded UTF-8 text, without its line end. */
void layout_line(struct layout *l, long line, const char *s, size_t n);
/* Ends the current block (a page break, the end of the document). */
void layout_flush(struct layout *l);
void layout_free(struct layout *l);

#endif
