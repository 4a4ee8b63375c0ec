/* html: an HTML page as lines of text; see html.h.
 *
 * A byte-at-a-time state machine in the spirit of the HTML5 tokenizer, with
 * fast paths for runs of text and of skipped markup. It never builds a tree:
 * what it keeps is the line being built (`line`), the name of the tag being
 * read (attributes are skipped, never stored), a character reference being
 * read (at most 32 bytes) and a few flags, so memory is bounded by the
 * longest line it emits whatever the input looks like.
 *
 * Lines. Text goes into `line`, runs of whitespace collapsed into one space
 * (`space` holds a pending one until more text comes, so no line or cell
 * ends in a space). A block element or <br> ends the line; a <tr> starts a
 * line of its own whose <td>/<th> cells are joined by TAB. Inside a row a
 * block boundary is only a space, so a "项目<br>名称" header keeps its column;
 * but a row of a single cell is a layout table holding ordinary text, so
 * there the boundaries are remembered (`breaks`) and the row is cut into
 * lines when it ends. A table inside a cell ends the outer row's line, and
 * the outer row resumes after it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "html_entities.h"
#include "sys.h"

enum {
	TAG_NAME_MAX = 15,       /* longer names are no element we know */
	NESTED_TABLES_MAX = 32,  /* outer rows remembered across inner tables */
	SNIFF_SIZE = 4096,       /* looks_like_html looks this far */
};

enum state {
	S_TEXT,
	S_TAG_OPEN,        /* after '<' */
	S_END_TAG_OPEN,    /* after "</" */
	S_TAG_NAME,
	S_ATTRS,           /* skipping to '>', minding quoted values */
	S_ATTR_QUOTED,
	S_MARKUP,          /* after "<!": a comment, CDATA or a doctype? */
	S_COMMENT,
	S_BOGUS,           /* <!DOCTYPE ...>, <?xml ...?>: skipped to '>' */
	S_CDATA,
	S_RAW,             /* script, style ... (dropped); title (kept) */
	S_ENTITY,
};

/* What an element does to the lines. */
enum kind {
	K_INLINE,     /* nothing: span, a, font, b ... */
	K_BLOCK,      /* ends the line */
	K_BR,
	K_TABLE,
	K_ROWGROUP,   /* thead, tbody, tfoot: end a row */
	K_CAPTION,
	K_TR,
	K_CELL,
	K_PRE,
	K_TITLE,      /* kept raw text, a line of its own */
	K_TEXTAREA,   /* kept raw text, inline */
	K_DROP,       /* raw text dropped: script, style, noscript ... */
	K_HEAD,
	K_HEAD_ITEM,  /* meta, link, base: may stand in the head */
	K_BODY,
};

struct element {
	const char *name;
	enum kind kind;
};

/* Sorted by name for bsearch. */
static const struct element elements[] = {
	{"address", K_BLOCK}, {"article", K_BLOCK}, {"aside", K_BLOCK},
	{"base", K_HEAD_ITEM}, {"basefont", K_HEAD_ITEM},
	{"bgsound", K_HEAD_ITEM}, {"blockquote", K_BLOCK}, {"body", K_BODY},
	{"br", K_BR}, {"caption", K_CAPTION}, {"center", K_BLOCK},
	{"dd", K_BLOCK}, {"details", K_BLOCK}, {"dialog", K_BLOCK},
	{"dir", K_BLOCK}, {"div", K_BLOCK}, {"dl", K_BLOCK}, {"dt", K_BLOCK},
	{"fieldset", K_BLOCK}, {"figcaption", K_BLOCK}, {"figure", K_BLOCK},
	{"footer", K_BLOCK}, {"form", K_BLOCK}, {"frameset", K_BLOCK},
	{"h1", K_BLOCK}, {"h2", K_BLOCK}, {"h3", K_BLOCK}, {"h4", K_BLOCK},
	{"h5", K_BLOCK}, {"h6", K_BLOCK}, {"head", K_HEAD},
	{"header", K_BLOCK}, {"hgroup", K_BLOCK}, {"hr", K_BLOCK},
	{"html", K_BLOCK}, {"iframe", K_DROP}, {"legend", K_BLOCK},
	{"li", K_BLOCK}, {"link", K_HEAD_ITEM}, {"listing", K_PRE},
	{"main", K_BLOCK}, {"menu", K_BLOCK}, {"meta", K_HEAD_ITEM},
	{"nav", K_BLOCK}, {"noembed", K_DROP}, {"noframes", K_DROP},
	{"noscript", K_DROP}, {"ol", K_BLOCK}, {"option", K_BLOCK},
	{"p", K_BLOCK}, {"pre", K_PRE}, {"script", K_DROP},
	{"section", K_BLOCK}, {"style", K_DROP}, {"summary", K_BLOCK},
	{"table", K_TABLE}, {"tbody", K_ROWGROUP}, {"td", K_CELL},
	{"template", K_DROP}, {"textarea", K_TEXTAREA}, {"tfoot", K_ROWGROUP},
	{"th", K_CELL}, {"thead", K_ROWGROUP}, {"title", K_TITLE},
	{"tr", K_TR}, {"ul", K_BLOCK},
};

/* A place inside a single-cell row where a block boundary stood: the
 * offset of the space that replaced it, and the source line after it. */
struct line_break {
	size_t at;
	long line;
};

struct html_reader {
	html_line_fn fn;
	void *ctx;
	enum state state;
	long source_line;        /* 1-based line of the byte being read */
	bool after_cr;           /* CR LF is one line break */
	long tag_line;           /* line of the '<' of the current tag */

	char name[TAG_NAME_MAX + 1];  /* tag name, lowercased */
	size_t name_len;
	bool name_too_long;
	bool end_tag;
	bool after_equals;       /* a quote here starts an attribute value */
	char quote;
	char markup[8];          /* what follows "<!" */
	size_t markup_len;
	int dashes;              /* '-' before '>' in comments, ']' in CDATA */

	const char *raw_name;    /* element whose raw text we are in */
	bool raw_kept;           /* title, textarea: text kept */
	size_t raw_matched;      /* bytes of "</name" seen */

	char entity[HTML_ENTITY_NAME_MAX + 1];
	size_t entity_len;
	enum state entity_return;
	bool numeric, hex;
	uint32_t code;           /* numeric reference, saturated */
	size_t digits;

	struct buf line;
	long line_no;            /* 0: not begun */
	long next_line;          /* line of a block start tag, for what follows */
	bool space;              /* a space is pending */
	size_t cell_start;       /* offset in line of the current cell */

	bool in_row;
	size_t cells;
	bool break_pending;
	struct line_break *breaks;
	size_t nbreaks, breaks_cap;
	int tables;              /* nesting depth */
	size_t outer_cells[NESTED_TABLES_MAX];
	bool outer_in_row[NESTED_TABLES_MAX];

	int pre_depth;
	bool in_head, in_title;
};

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : (char)c;
}

/* ---- building lines ---- */

static void deliver(struct html_reader *h, long line, const char *s,
		    size_t n)
{
	if (n > 0)
		h->fn(line ? line : h->source_line, s, n, h->ctx);
}

static void reset_line(struct html_reader *h)
{
	buf_clear(&h->line);
	h->line_no = 0;
	h->next_line = 0;
	h->space = false;
	h->cell_start = 0;
	h->break_pending = false;
	h->nbreaks = 0;
}

static void flush_line(struct html_reader *h)
{
	deliver(h, h->line_no, h->line.data, h->line.len);
	reset_line(h);
}

static void remember_break(struct html_reader *h, long line)
{
	if (h->nbreaks == h->breaks_cap) {
		h->breaks_cap = h->breaks_cap ? h->breaks_cap * 2 : 8;
		h->breaks = xrealloc(h->breaks,
				     h->breaks_cap * sizeof *h->breaks);
	}
	h->breaks[h->nbreaks++] = (struct line_break){h->line.len, line};
}

/* Appends a run of text that holds no whitespace to collapse. */
static void text_add(struct html_reader *h, const char *s, size_t n)
{
	if (h->in_head && !h->in_title)
		return;
	long here = h->next_line ? h->next_line : h->source_line;
	if (!h->line_no)
		h->line_no = here;
	if (h->space && h->line.len > h->cell_start) {
		if (h->in_row && h->break_pending && h->cells <= 1)
			remember_break(h, here);
		buf_addc(&h->line, ' ');
	}
	h->space = false;
	h->break_pending = false;
	h->next_line = 0;
	buf_add(&h->line, s, n);
}

/* A block boundary: the end of a line, or within a row only a space. */
static void end_line(struct html_reader *h)
{
	if (!h->in_row) {
		flush_line(h);
		return;
	}
	h->space = true;
	if (h->cells <= 1)
		h->break_pending = true;
}

static void block_start(struct html_reader *h)
{
	end_line(h);
	h->next_line = h->tag_line;
}

/* Delivers a row: one line, or for a single-cell row one line per piece
 * between remembered block boundaries. A row of empty cells is nothing. */
static void end_row(struct html_reader *h)
{
	if (!h->in_row) {
		flush_line(h);
		return;
	}
	h->in_row = false;
	const char *s = h->line.data;
	size_t n = h->line.len;
	size_t tabs = 0;
	while (tabs < n && s[tabs] == '\t')
		tabs++;
	if (tabs == n) {
		reset_line(h);
		return;
	}
	size_t start = 0;
	long line = h->line_no;
	for (size_t i = 0; i < h->nbreaks; i++) {
		deliver(h, line, s + start, h->breaks[i].at - start);
		start = h->breaks[i].at + 1;
		line = h->breaks[i].line;
	}
	deliver(h, line, s + start, n - start);
	reset_line(h);
}

static void start_row(struct html_reader *h)
{
	end_row(h);
	h->in_row = true;
	h->cells = 0;
	h->line_no = h->tag_line;
}

static void start_cell(struct html_reader *h)
{
	if (!h->in_row)
		start_row(h);
	if (!h->line_no)
		h->line_no = h->tag_line;
	if (h->cells > 0)
		buf_addc(&h->line, '\t');
	if (++h->cells == 2)
		h->nbreaks = 0;  /* a real row: its boundaries stay spaces */
	h->cell_start = h->line.len;
	h->space = false;
	h->break_pending = false;
}

static void start_table(struct html_reader *h)
{
	if (h->tables < NESTED_TABLES_MAX) {
		h->outer_in_row[h->tables] = h->in_row;
		h->outer_cells[h->tables] = h->cells;
	}
	h->tables++;
	end_row(h);
	h->next_line = h->tag_line;
}

/* After an inner table, the text that follows belongs to the outer cell;
 * it goes on a new line that keeps counting the outer row's cells. */
static void end_table(struct html_reader *h)
{
	end_row(h);
	if (h->tables == 0)
		return;
	h->tables--;
	if (h->tables < NESTED_TABLES_MAX && h->outer_in_row[h->tables]) {
		h->in_row = true;
		h->cells = h->outer_cells[h->tables];
	}
}

/* ---- text and character references ---- */

/* One byte of text that the fast path did not take: whitespace, or any
 * byte in raw text and CDATA. */
static void text_byte(struct html_reader *h, unsigned char c)
{
	if (!is_space(c)) {
		char ch = (char)c;
		text_add(h, &ch, 1);
		return;
	}
	if (h->pre_depth == 0 || h->in_row) {
		h->space = true;
		return;
	}
	if (c == '\n' || c == '\r') {
		if (!(c == '\n' && h->after_cr))
			end_line(h);
	} else {
		text_add(h, " ", 1);
	}
}

/* Decoded text from a reference: a lone whitespace character is treated
 * as whitespace, anything else as text. */
static void text_decoded(struct html_reader *h, const char *s, size_t n)
{
	if (n == 1 && is_space((unsigned char)s[0]))
		text_byte(h, (unsigned char)s[0]);
	else
		text_add(h, s, n);
}

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The code point a numeric reference stands for, as HTML5 reads it:
 * NUL, surrogates and beyond U+10FFFF are U+FFFD; 0x80-0x9F are read as
 * windows-1252, as pages written on Windows meant them. */
static uint32_t reference_code(uint32_t c)
{
	static const uint16_t windows1252[32] = {
		0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
		0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
	};
	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0xFFFD;
	if (c >= 0x80 && c <= 0x9F)
		return windows1252[c - 0x80];
	return c;
}

/* Ends a numeric reference at byte c (-1: end of input); returns whether
 * c was part of it (the ';'). */
static bool end_numeric(struct html_reader *h, int c)
{
	if (h->digits == 0) {
		char literal[3] = {'&', '#', h->entity[1]};
		text_add(h, literal, h->hex ? 3 : 2);
		return false;
	}
	char utf8[4];
	text_decoded(h, utf8, utf8_encode(reference_code(h->code), utf8));
	return c == ';';
}

static int entity_compare(const void *key, const void *item)
{
	const struct html_entity *e = item;
	return strcmp(key, e->name);
}

static const struct html_entity *find_entity(const char *name)
{
	return bsearch(name, html_entities,
		       sizeof html_entities / sizeof html_entities[0],
		       sizeof html_entities[0], entity_compare);
}

/* Ends a named reference at byte c (-1: end of input); returns whether c
 * was part of it. With ';' the whole name must match; without, the longest
 * legacy name that is a prefix ("&copy2023" is "©2023"), as HTML5 does in
 * text. What matches nothing stays as written. */
static bool end_named(struct html_reader *h, int c)
{
	char key[HTML_ENTITY_NAME_MAX + 2];
	size_t n = h->entity_len;
	memcpy(key, h->entity, n);
	const struct html_entity *e;
	if (c == ';') {
		memcpy(key + n, ";", 2);
		if ((e = find_entity(key))) {
			text_decoded(h, e->utf8, strlen(e->utf8));
			return true;
		}
	}
	for (size_t len = n; len >= 2; len--) {
		key[len] = '\0';
		if ((e = find_entity(key))) {
			text_decoded(h, e->utf8, strlen(e->utf8));
			if (len < n)
				text_add(h, h->entity + len, n - len);
			return false;
		}
	}
	text_add(h, "&", 1);
	if (n > 0)
		text_add(h, h->entity, n);
	return false;
}

/* Reads one byte of a reference; returns false when the byte ended it
 * without being part of it, so the caller reads it again. */
static bool entity_byte(struct html_reader *h, unsigned char c)
{
	if (h->numeric) {
		if (h->digits == 0 && !h->hex && (c == 'x' || c == 'X')) {
			h->hex = true;
			h->entity[1] = (char)c;
			return true;
		}
		if (h->hex ? is_hex(c) : is_digit(c)) {
			uint32_t v = is_digit(c) ? c - '0' : (lower(c) - 'a' + 10);
			if (h->code <= 0x10FFFF)
				h->code = h->code * (h->hex ? 16 : 10) + v;
			h->digits++;
			return true;
		}
		h->state = h->entity_return;
		return end_numeric(h, c);
	}
	if (h->entity_len == 0 && c == '#') {
		h->numeric = true;
		h->entity[0] = '#';
		return true;
	}
	if ((is_alpha(c) || is_digit(c))
	    && h->entity_len < HTML_ENTITY_NAME_MAX) {
		h->entity[h->entity_len++] = (char)c;
		return true;
	}
	h->state = h->entity_return;
	return end_named(h, c);
}

static void start_entity(struct html_reader *h)
{
	h->entity_return = h->state;
	h->state = S_ENTITY;
	h->entity_len = 0;
	h->numeric = h->hex = false;
	h->code = 0;
	h->digits = 0;
}

/* ---- tags ---- */

static int element_compare(const void *key, const void *item)
{
	const char *name = ((const struct element *)item)->name;
	const char *k = key;
	/* Most names differ in their first letter: no call then. */
	if (*k != *name)
		return (unsigned char)*k - (unsigned char)*name;
	return strcmp(k, name);
}

static enum kind element_kind(const struct html_reader *h)
{
	if (h->name_too_long)
		return K_INLINE;
	const struct element *e = bsearch(
		h->name, elements, sizeof elements / sizeof elements[0],
		sizeof elements[0], element_compare);
	return e ? e->kind : K_INLINE;
}

static void start_raw(struct html_reader *h, bool kept)
{
	const struct element *e = bsearch(
		h->name, elements, sizeof elements / sizeof elements[0],
		sizeof elements[0], element_compare);
	h->raw_name = e->name;
	h->raw_kept = kept;
	h->raw_matched = 0;
	h->state = S_RAW;
}

static void start_tag(struct html_reader *h, enum kind kind)
{
	/* The head ends where something that cannot stand in it begins, as
	 * in HTML5: pages that never close it lose nothing. */
	if (h->in_head && kind != K_HEAD_ITEM && kind != K_TITLE
	    && kind != K_DROP && kind != K_HEAD)
		h->in_head = false;
	switch (kind) {
	case K_INLINE: case K_HEAD_ITEM: break;
	case K_BLOCK: case K_BODY: block_start(h); break;
	case K_BR: end_line(h); break;
	case K_TABLE: start_table(h); break;
	case K_ROWGROUP: end_row(h); break;
	case K_CAPTION: end_row(h); block_start(h); break;
	case K_TR: start_row(h); break;
	case K_CELL: start_cell(h); break;
	case K_PRE: block_start(h); h->pre_depth++; break;
	case K_TITLE:
		block_start(h);
		h->in_title = true;
		start_raw(h, true);
		break;
	case K_TEXTAREA: start_raw(h, true); break;
	case K_DROP: start_raw(h, false); break;
	case K_HEAD: h->in_head = true; break;
	}
}

static void end_tag(struct html_reader *h, enum kind kind)
{
	switch (kind) {
	case K_INLINE: case K_HEAD_ITEM: case K_CELL: case K_TEXTAREA:
	case K_DROP:
		break;
	case K_BLOCK: case K_BODY: case K_BR: case K_CAPTION: end_line(h); break;
	case K_TABLE: end_table(h); break;
	case K_ROWGROUP: case K_TR: end_row(h); break;
	case K_PRE:
		if (h->pre_depth > 0)
			h->pre_depth--;
		end_line(h);
		break;
	case K_TITLE:
		h->in_title = false;
		end_line(h);
		break;
	case K_HEAD: h->in_head = false; break;
	}
}

/* The '>' of a tag: act on it. */
static void finish_tag(struct html_reader *h)
{
	h->state = S_TEXT;
	h->name[h->name_len] = '\0';
	if (h->end_tag)
		end_tag(h, element_kind(h));
	else
		start_tag(h, element_kind(h));
}

static void begin_tag_name(struct html_reader *h, unsigned char c, bool end)
{
	h->end_tag = end;
	h->name_len = 0;
	h->name_too_long = false;
	h->name[h->name_len++] = lower(c);
	h->state = S_TAG_NAME;
}

static void tag_name_byte(struct html_reader *h, unsigned char c)
{
	if (is_space(c) || c == '/') {
		h->after_equals = false;
		h->state = S_ATTRS;
	} else if (c == '>') {
		finish_tag(h);
	} else if (h->name_len < TAG_NAME_MAX) {
		h->name[h->name_len++] = lower(c);
	} else {
		h->name_too_long = true;
	}
}

static void attrs_byte(struct html_reader *h, unsigned char c)
{
	if (c == '>')
		finish_tag(h);
	else if (c == '=')
		h->after_equals = true;
	else if ((c == '"' || c == '\'') && h->after_equals) {
		h->quote = (char)c;
		h->state = S_ATTR_QUOTED;
	} else if (!is_space(c))
		h->after_equals = false;
}

/* After "<!": "--" opens a comment, "[CDATA[" a CDATA section; anything
 * else (DOCTYPE) is skipped to '>'. Returns false to read c again. */
static bool markup_byte(struct html_reader *h, unsigned char c)
{
	h->markup[h->markup_len++] = (char)c;
	if (h->markup_len <= 2 && !memcmp(h->markup, "--", h->markup_len)) {
		if (h->markup_len == 2) {
			/* Counting the opening dashes closes "<!-->" and
			 * "<!--->" at once, as HTML5 does. */
			h->dashes = 2;
			h->state = S_COMMENT;
		}
		return true;
	}
	if (!memcmp(h->markup, "[CDATA[", h->markup_len)) {
		if (h->markup_len == 7) {
			h->dashes = 0;
			h->state = S_CDATA;
		}
		return true;
	}
	h->state = S_BOGUS;
	return c != '>';
}

static void comment_byte(struct html_reader *h, unsigned char c)
{
	if (c == '-')
		h->dashes++;
	else if (c == '>' && h->dashes >= 2)
		h->state = S_TEXT;
	else if (!(c == '!' && h->dashes >= 2))  /* "--!>" ends it too */
		h->dashes = 0;
}

static void cdata_byte(struct html_reader *h, unsigned char c)
{
	if (c == ']') {
		h->dashes++;
		return;
	}
	if (c == '>' && h->dashes >= 2) {
		for (int i = 2; i < h->dashes; i++)
			text_add(h, "]", 1);
		h->state = S_TEXT;
		return;
	}
	for (int i = 0; i < h->dashes; i++)
		text_add(h, "]", 1);
	h->dashes = 0;
	text_byte(h, c);
}

/* Not the end tag after all: what was taken for it is text. */
static void spill_raw_match(struct html_reader *h)
{
	size_t m = h->raw_matched;
	h->raw_matched = 0;
	if (!h->raw_kept)
		return;
	text_add(h, "<", 1);
	if (m > 1)
		text_add(h, "/", 1);
	if (m > 2)
		text_add(h, h->raw_name, m - 2);
}

/* Raw text ends at "</name" followed by whitespace, '/' or '>'. Returns
 * false to read c again. */
static bool raw_byte(struct html_reader *h, unsigned char c)
{
	size_t name_len = strlen(h->raw_name);
	size_t m = h->raw_matched;
	if (m < 2 + name_len) {
		char want = m == 0 ? '<' : m == 1 ? '/' : h->raw_name[m - 2];
		if (lower(c) == want) {
			h->raw_matched++;
			return true;
		}
	} else if (is_space(c) || c == '/' || c == '>') {
		memcpy(h->name, h->raw_name, name_len + 1);
		h->name_len = name_len;
		h->name_too_long = false;
		h->end_tag = true;
		h->after_equals = false;
		h->state = S_ATTRS;
		return c != '>';
	}
	if (m > 0) {
		spill_raw_match(h);
		return false;
	}
	if (!h->raw_kept)
		return true;
	if (c == '&')
		start_entity(h);
	else
		text_byte(h, c);
	return true;
}

/* One byte through the state machine. */
static void step(struct html_reader *h, unsigned char c)
{
	for (;;) {
		bool taken = true;
		switch (h->state) {
		case S_TEXT:
			if (c == '<') {
				h->tag_line = h->source_line;
				h->state = S_TAG_OPEN;
			} else if (c == '&') {
				start_entity(h);
			} else {
				text_byte(h, c);
			}
			break;
		case S_TAG_OPEN:
			if (is_alpha(c))
				begin_tag_name(h, c, false);
			else if (c == '/')
				h->state = S_END_TAG_OPEN;
			else if (c == '!') {
				h->markup_len = 0;
				h->state = S_MARKUP;
			} else if (c == '?')
				h->state = S_BOGUS;
			else {
				/* "a < b": not a tag */
				h->state = S_TEXT;
				text_add(h, "<", 1);
				taken = false;
			}
			break;
		case S_END_TAG_OPEN:
			if (is_alpha(c))
				begin_tag_name(h, c, true);
			else
				h->state = c == '>' ? S_TEXT : S_BOGUS;
			break;
		case S_TAG_NAME: tag_name_byte(h, c); break;
		case S_ATTRS: attrs_byte(h, c); break;
		case S_ATTR_QUOTED:
			if (c == (unsigned char)h->quote) {
				h->after_equals = false;
				h->state = S_ATTRS;
			}
			break;
		case S_MARKUP: taken = markup_byte(h, c); break;
		case S_COMMENT: comment_byte(h, c); break;
		case S_BOGUS:
			if (c == '>')
				h->state = S_TEXT;
			break;
		case S_CDATA: cdata_byte(h, c); break;
		case S_RAW: taken = raw_byte(h, c); break;
		case S_ENTITY: taken = entity_byte(h, c); break;
		}
		if (taken)
			return;
	}
}

static void count_line(struct html_reader *h, unsigned char c)
{
	if (c == '\n') {
		if (!h->after_cr)
			h->source_line++;
		h->after_cr = false;
	} else if (c == '\r') {
		h->source_line++;
		h->after_cr = true;
	} else {
		h->after_cr = false;
	}
}

/* Bytes that end a fast run, per state. */
static const bool text_stops[256] = {
	['<'] = 1, ['&'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
	['\f'] = 1,
};
static const bool attr_stops[256] = {
	['>'] = 1, ['='] = 1, ['"'] = 1, ['\''] = 1,
};
static const bool comment_stops[256] = {['-'] = 1, ['>'] = 1, ['!'] = 1};
static const bool bogus_stops[256] = {['>'] = 1};
static const bool raw_stops[256] = {['<'] = 1};
static const bool double_quote_stops[256] = {['"'] = 1};
static const bool single_quote_stops[256] = {['\''] = 1};

/* Skips s up to the first byte that is one of `stops`, counting lines. */
static size_t skip_to(struct html_reader *h, const char *s, size_t n,
		      const bool stops[256])
{
	size_t k = 0;
	while (k < n && !stops[(unsigned char)s[k]])
		count_line(h, (unsigned char)s[k++]);
	return k;
}

/* Takes a run of bytes that needs no state change; returns its length. */
static size_t fast_run(struct html_reader *h, const char *s, size_t n)
{
	size_t k = 0;
	switch (h->state) {
	case S_TEXT:
		while (k < n && !text_stops[(unsigned char)s[k]])
			k++;
		if (k > 0) {
			text_add(h, s, k);
			h->after_cr = false;
			return k;
		}
		/* Whitespace that collapses: the indentation of the page. */
		if (h->pre_depth == 0 || h->in_row) {
			while (k < n && is_space((unsigned char)s[k]))
				count_line(h, (unsigned char)s[k++]);
			if (k > 0)
				h->space = true;
		}
		return k;
	case S_ATTRS:
		k = skip_to(h, s, n, attr_stops);
		for (size_t i = 0; i < k && h->after_equals; i++)
			if (!is_space((unsigned char)s[i]))
				h->after_equals = false;
		return k;
	case S_COMMENT:
		k = skip_to(h, s, n, comment_stops);
		if (k > 0)
			h->dashes = 0;
		return k;
	case S_BOGUS:
		return skip_to(h, s, n, bogus_stops);
	case S_ATTR_QUOTED:
		return skip_to(h, s, n, h->quote == '"' ? double_quote_stops
						     : single_quote_stops);
	case S_RAW:
		if (h->raw_kept || h->raw_matched > 0)
			return 0;
		return skip_to(h, s, n, raw_stops);
	default:
		return 0;
	}
}

/* ---- the interface ---- */

struct html_reader *html_new(html_line_fn fn, void *ctx)
{
	struct html_reader *h = xcalloc(1, sizeof *h);
	h->fn = fn;
	h->ctx = ctx;
	h->source_line = 1;
	return h;
}

void html_feed(struct html_reader *h, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		i += fast_run(h, s + i, n - i);
		if (i < n) {
			step(h, (unsigned char)s[i]);
			count_line(h, (unsigned char)s[i]);
			i++;
		}
	}
}

/* End of input inside a construct: what HTML5 shows of it. */
static void finish_state(struct html_reader *h)
{
	switch (h->state) {
	case S_TAG_OPEN: text_add(h, "<", 1); break;
	case S_END_TAG_OPEN: text_add(h, "</", 2); break;
	case S_ENTITY:
		h->state = h->entity_return;
		if (h->numeric)
			end_numeric(h, -1);
		else
			end_named(h, -1);
		finish_state(h);
		return;
	case S_CDATA:
		for (int i = 0; i < h->dashes; i++)
			text_add(h, "]", 1);
		break;
	case S_RAW:
		spill_raw_match(h);
		break;
	default:
		break;
	}
	h->state = S_TEXT;
}

void html_finish(struct html_reader *h)
{
	finish_state(h);
	end_row(h);
	flush_line(h);
}

void html_free(struct html_reader *h)
{
	if (!h)
		return;
	buf_free(&h->line);
	free(h->breaks);
	free(h);
}

/* ---- sniffing ---- */

static bool starts_with_word(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word);
	if (n < m)
		return false;
	for (size_t i = 0; i < m; i++)
		if (lower((unsigned char)s[i]) != word[i])
			return false;
	/* "<html" must not be "<htmlfoo": a tag name ends here */
	return n == m || !is_alpha((unsigned char)s[m]) || word[m - 1] == '>';
}

bool looks_like_html(const char *s, size_t n)
{
	static const char *const openers[] = {
		"<!doctype html", "<html", "<head", "<meta", "<body", NULL,
	};
	static const char *const inside[] = {
		"<html", "<body", "<table", "<div", "<p>", "<br", NULL,
	};
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3, n -= 3;
	while (n > 0 && is_space((unsigned char)*s))
		s++, n--;
	for (const char *const *w = openers; *w; w++)
		if (starts_with_word(s, n, *w))
			return true;
	if (n > SNIFF_SIZE)
		n = SNIFF_SIZE;
	for (const char *p = s; (p = memchr(p, '<', n - (p - s))); p++)
		for (const char *const *w = inside; *w; w++)
			if (starts_with_word(p, n - (p - s), *w))
				return true;
	return false;
}
