/* html: an HTML page as lines of text, table rows as TAB-separated cells.
 *
 * A streaming tokenizer, fed UTF-8 in pieces of any size: it drops script,
 * style, noscript, comments and the head (but keeps title), ends a line at
 * block elements and <br>, turns each <tr> into one line whose <td>/<th>
 * cells are separated by TAB, and decodes character references (all HTML5
 * named entities, decimal, hex). It does no Unicode normalization: lines go
 * to unorm next. Memory is bounded by the longest line it emits. */
#ifndef GONGKAI_HTML_H
#define GONGKAI_HTML_H

#include <stdbool.h>
#include <stddef.h>

/* Receives each line: `line` is the 1-based source line where the line's
 * element (or first text) starts; text is UTF-8, cells separated by TAB,
 * whitespace inside a cell collapsed to single spaces. Empty lines may be
 * delivered; the caller drops them. */
typedef void (*html_line_fn)(long line, const char *text, size_t n, void *ctx);

struct html_reader;

struct html_reader *html_new(html_line_fn fn, void *ctx);
void html_feed(struct html_reader *h, const char *s, size_t n);
void html_finish(struct html_reader *h);
void html_free(struct html_reader *h);

/* Does this start of a document look like HTML (doctype, <html>, <head>,
 * <body>, <meta>, <table>, <div>, <p> … near the start)? */
bool looks_like_html(const char *s, size_t n);

#endif
