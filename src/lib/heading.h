/* heading: the numbering markers of Chinese official documents.
 *
 * `第一部分`, `第三章`, `附件1`, `一、`, `(一)`, `1.`/`1、`, `(1)`, `①`, `一是`
 * — recognised at the start of a normalized line. normalize uses it to keep
 * headings and list items from being glued to the line before; sectionize
 * builds the document outline on it (heading_title: where a title ends and
 * whether the line is a heading or a list item). Levels and numbering are
 * outline.c's. */
#ifndef GONGKAI_HEADING_H
#define GONGKAI_HEADING_H

#include <stddef.h>

enum marker_style {
	MARKER_NONE = 0,
	MARKER_PART,      /* 第一部分 第一章 第一节 */
	MARKER_ANNEX,     /* 附件1 附件一 */
	MARKER_CJK,       /* 一、 */
	MARKER_CJK_PAREN, /* (一) */
	MARKER_DIGIT,     /* 1. 1、 */
	MARKER_DIGIT_PAREN, /* (1) */
	MARKER_CIRCLED,   /* ① ⑴ ⒈ */
	MARKER_ORDINAL,   /* 一是 二是 (list items, never headings) */
	MARKER_BULLET,    /* - • · (list items) */
	MARKER_LABEL,     /* 项目一: */
	MARKER_LETTER,    /* A. B、 (before CJK text only) */
	MARKER_STYLES
};

/* The punctuation after a digit marker: `1、`, `1.` and `1. ` are distinct
 * styles in the same document (a PDF keeps the space its author typed). */
enum marker_variant {
	VARIANT_PLAIN = 0,
	VARIANT_COMMA,    /* 1、 */
	VARIANT_DOT,      /* 1. */
	VARIANT_DOT_SPACE /* 1. followed by a space */
};

struct marker {
	enum marker_style style;
	long number;      /* the marker's ordinal (三 → 3), 0 if none or
			   * missing (`()` whose numeral the typist lost) */
	size_t len;       /* bytes of the marker, including its punctuation */
	enum marker_variant variant;
};

/* What the text after a marker makes of the line. */
enum title_kind {
	TITLE_NONE = 0,   /* nothing after the marker: not a heading */
	TITLE_ITEM,       /* a list item: a whole long sentence, data, a definition */
	TITLE_HEADING     /* a heading; its title is the text's first title_len bytes */
};

/* Decides whether the numbered line s[0..n), whose marker is m, reads as a
 * heading, and where its title ends: `1、办公室。负责……` → `1、办公室`,
 * `一、部门职责:` → `一、部门职责`, `(一)项目名称:城乡医疗救助资金` whole.
 * *title_len includes the marker. */
enum title_kind heading_title(const char *s, size_t n, const struct marker *m,
			      size_t *title_len);


/* Recognises a marker at the start of s[0..n) (normalized text). Returns
 * the style, or MARKER_NONE. */
enum marker_style heading_marker(const char *s, size_t n, struct marker *m);

#endif
