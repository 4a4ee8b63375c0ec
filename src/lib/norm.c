/* norm: normalize's pipeline for one document; see norm.h.
 *
 * Bytes → decoder → UTF-8 → (first 4 KiB decide HTML or text) → physical
 * lines with their source line number → unorm → Word field junk removed →
 * the joiner, which holds back the last non-blank line until it knows whether
 * the next one continues it → records. Only the line being built and the held
 * line are in memory, never the document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "heading.h"
#include "html.h"
#include "layout.h"
#include "norm.h"
#include "sys.h"
#include "unorm.h"
#include "utf8.h"

enum { SNIFF_BYTES = 4096 };

struct normalizer {
	struct norm_opts opts;
	char *doc, *path;
	size_t doc_len;
	const struct record_sink *sink;
	struct decoder *decoder;
	struct html_reader *html;
	struct layout *layout; /* text: cuts pdftotext -layout tables by column */
	bool mode_known;
	struct buf decoded;     /* decoded UTF-8 waiting for the mode decision */
	/* The text line splitter. */
	struct buf line;        /* the physical line being read */
	long line_number;       /* source line of the line being read */
	long line_start;        /* where the text of `line` began */
	bool after_cr;          /* the last byte was CR: a following LF is part of it */
	/* Per line. */
	struct buf normal, scratch;
	struct buf chunk;       /* decoded output of one feed */
	struct unorm_stats stats;
	/* The joiner. */
	struct buf held;
	long held_line;
	long first_replaced;    /* source line of the first U+FFFD put in, or 0 */
	long first_control;     /* source line of the first control removed, or 0 */
	bool holding;
	/* Facts about the held line, kept as lines are appended so that joining
	 * a run of thousands of lines costs time linear in their length. */
	size_t held_chars;
	bool held_tab;
	bool held_comma;        /* a comma after the held line's marker */
	int blanks;             /* blank lines since the held line */
	bool page_break;        /* a form feed since the held line */
};

void norm_opts_default(struct norm_opts *o)
{
	*o = (struct norm_opts){ .html = -1, .nfkc = true, .spaces = true,
		.gaps = true, .join = true, .junk = true };
}

static void emit(struct normalizer *n, long line, const char *s, size_t len)
{
	struct record r = { .doc = n->doc, .doc_len = n->doc_len, .line = line,
		.section = "", .section_len = 0, .text = s, .text_len = len };
	n->sink->record(&r, n->sink->ctx);
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* Does the line end where a sentence or a clause that introduces a list
 * ends? Then nothing after it continues it. */
static bool ends_sentence(const char *s, size_t n)
{
	static const char *const enders[] = {
		"。", "!", "?", ";", ":", "！", "？", "；", "：", "……",
		"。”", "。\"", "!”", "?”", "。)", "。」",
	};
	for (size_t i = 0; i < sizeof enders / sizeof *enders; i++)
		if (ends_with(s, n, enders[i]))
			return true;
	return false;
}

/* A line that begins with a heading or list marker, or that is a table row,
 * starts something new: it is never glued to the line before. */
static bool begins_unit(const char *s, size_t n)
{
	struct marker m;
	if (memchr(s, '\t', n))
		return true;
	if (heading_marker(s, n, &m) != MARKER_NONE)
		return true;
	return starts_with(s, n, "其中") || starts_with(s, n, "注:") ||
	       starts_with(s, n, "备注");
}

/* Text that cannot begin a line of its own: a unit or the rest of a word
 * that a page break cut off (`727.56` / `万元`, `二、2020` / `年部门…`). */
static bool continues_previous(const char *s, size_t n)
{
	static const char *const heads[] = {
		"年", "月", "日", "万元", "元", "亿元", "千元", "%", ")", ",", "、",
		"。", "”", "》", "个", "人", "项", "次",
	};
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		if (starts_with(s, n, heads[i]))
			return true;
	return false;
}

static bool ends_with_digit(const char *s, size_t n)
{
	return n && s[n - 1] >= '0' && s[n - 1] <= '9';
}

/* Does the line stop where no sentence stops: after an ideograph, a digit,
 * a comma or an opening bracket, or in a character the PDF text cut (U+FFFD)? */
static bool breaks_off(const char *s, size_t n)
{
	static const char *const tails[] = { ",", "、", "(", "“", "\xEF\xBF\xBD", "和", "及" };
	if (ends_with_digit(s, n))
		return true;
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
		if (ends_with(s, n, tails[i]))
			return true;
	if (n < 3)
		return false;
	const unsigned char *u = (const unsigned char *)s + n - 3;
	unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	return (u[0] & 0xF0) == 0xE0 && ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF));
}

/* `、` found by memchr on its lead byte: memmem's setup on every held line
 * cost more than the search. */
static bool has_comma(const char *s, size_t n)
{
	static const char comma[] = "、";
	if (memchr(s, ',', n))
		return true;
	for (const char *p = s, *end = s + n; end - p >= 3; p++) {
		p = memchr(p, comma[0], (size_t)(end - p));
		if (!p || end - p < 3)
			return false;
		if (memcmp(p, comma, 3) == 0)
			return true;
	}
	return false;
}

/* Should `next` be appended to the held line? SPEC §3 "Broken lines". */
static bool joins(const struct normalizer *n, const char *next, size_t len)
{
	const char *prev = n->held.data;
	size_t plen = n->held.len;
	struct marker m;
	if (!n->opts.join || n->html || n->blanks > 1)
		return false;
	if (n->held_tab || begins_unit(next, len))
		return false;
	if (ends_sentence(prev, plen))
		return false;
	if (heading_marker(prev, plen, &m) != MARKER_NONE &&
	    m.style != MARKER_ORDINAL && m.style != MARKER_BULLET &&
	    (n->held_chars < 28 || !n->held_comma))
		/* A heading (short, or without the comma of a sentence) ends at
		 * its line unless it visibly breaks off:
		 * `(九)2020` / `年度预算绩效情况的说明`. */
		return ends_with_digit(prev, plen) && continues_previous(next, len);
	if (continues_previous(next, len))
		return true;
	if (!breaks_off(prev, plen))
		return false;
	/* A page break inside a sentence, or a title's last word alone on the
	 * next line (`…部门预算编制` / `说明`). */
	if (n->page_break || (utf8_chars(next, len) <= 4 && n->held_chars >= 12))
		return true;
	/* A page or line break inside running text: the held line is a full
	 * printed line that stops in the middle of a word or clause. Across a
	 * blank line ask for a longer line: web text puts a blank line after
	 * every paragraph, PDF text only at page ends. */
	return n->held_chars >= 24;
}

/* Starts holding s, or appends it to what is held. */
static void hold_text(struct normalizer *n, const char *s, size_t len, bool append)
{
	struct marker m;
	size_t skip = 0;
	if (!append) {
		n->held_chars = 0;
		n->held_tab = n->held_comma = false;
		if (heading_marker(s, len, &m) != MARKER_NONE)
			skip = m.len;
	}
	buf_add(&n->held, s, len);
	n->held_chars += utf8_chars(s, len);
	n->held_tab = n->held_tab || memchr(s, '\t', len);
	n->held_comma = n->held_comma || has_comma(s + skip, len - skip);
}

static void flush_held(struct normalizer *n)
{
	if (n->holding)
		emit(n, n->held_line, n->held.data, n->held.len);
	n->holding = false;
	buf_clear(&n->held);
}

/* Word field codes that leak into text exported from .doc files:
 * `PAGEREF _Toc25831 \h 3`, `HYPERLINK \l "_Toc123"`, `TOC \o "1-3" \h \z \u`. */
static size_t field_code_length(const char *s, size_t n)
{
	static const char *const fields[] = { "PAGEREF ", "HYPERLINK ", "TOC \\" };
	size_t i;
	for (i = 0; i < sizeof fields / sizeof *fields; i++)
		if (starts_with(s, n, fields[i]))
			break;
	if (i == sizeof fields / sizeof *fields)
		return 0;
	size_t k = strlen(fields[i]);
	/* The field's switches and arguments: ASCII words up to CJK text. */
	while (k < n && (unsigned char)s[k] < 0x80 &&
	       (s[k] == ' ' || s[k] == '\\' || s[k] == '"' || s[k] == '_' ||
		s[k] == '-' || (s[k] >= '0' && s[k] <= '9') ||
		(s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
		k++;
	return k;
}

/* The first upper-case ASCII letter in s[from..n), or n; 8 bytes at a
 * time (a byte is a capital when adding 0x3F sets its top bit and adding
 * 0x25 does not; non-ASCII bytes are masked out). */
static size_t find_capital(const char *s, size_t from, size_t n)
{
	size_t i = from;
	while (n - i >= 8) {
		uint64_t w = bytes_load(s + i);
		uint64_t low7 = w & ~BYTES_HIGH;
		if ((low7 + BYTES_ONES * 0x3F) & ~(low7 + BYTES_ONES * 0x25) & ~w & BYTES_HIGH)
			break;
		i += 8;
	}
	for (; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return i;
	return n;
}

/* Does the line hold a field name? They are upper case, which Chinese text
 * seldom is, so names are compared only where a capital stands. */
static bool has_field_code(const char *s, size_t n)
{
	for (size_t i = find_capital(s, 0, n); i < n; i = find_capital(s, i + 1, n))
		if (starts_with(s + i, n - i, "PAGEREF") ||
		    starts_with(s + i, n - i, "HYPERLINK") ||
		    starts_with(s + i, n - i, "TOC \\"))
			return true;
	return false;
}

static void remove_field_codes(struct buf *line, struct buf *scratch)
{
	if (!has_field_code(line->data, line->len))
		return;
	buf_clear(scratch);
	for (size_t i = 0; i < line->len;) {
		size_t k = field_code_length(line->data + i, line->len - i);
		if (k) {
			i += k;
			continue;
		}
		buf_addc(scratch, line->data[i++]);
	}
	while (scratch->len && (scratch->data[scratch->len - 1] == ' ' ||
				scratch->data[scratch->len - 1] == '\t'))
		scratch->len--;
	buf_clear(line);
	buf_add(line, scratch->data, scratch->len);
}

/* One physical line, already decoded: normalize it and pass it on. */
/* Where the first replaced byte and the first removed control stand, so the
 * summary at the end names a line the user can look at. Costs nothing on
 * clean input: the decoder's count is 0 and the control count unchanged. */
static void note_first_problems(struct normalizer *n, long number, const char *s,
				size_t len, size_t controls_before)
{
	if (!n->first_replaced && decoder_replaced(n->decoder) &&
	    memmem(s, len, "\xEF\xBF\xBD", 3))
		n->first_replaced = number;
	if (!n->first_control && n->stats.controls != controls_before)
		n->first_control = number;
}

static void take_line(struct normalizer *n, long number, const char *s, size_t len)
{
	struct unorm_opts uo = { n->opts.nfkc, n->opts.spaces, n->opts.gaps };
	size_t controls = n->stats.controls;
	buf_clear(&n->normal);
	unorm_line(s, len, &uo, &n->stats, &n->normal);
	note_first_problems(n, number, s, len, controls);
	if (n->opts.junk)
		remove_field_codes(&n->normal, &n->scratch);
	if (n->normal.len == 0) {
		n->blanks++;
		return;
	}
	if (n->holding && joins(n, n->normal.data, n->normal.len)) {
		hold_text(n, n->normal.data, n->normal.len, true);
	} else {
		flush_held(n);
		hold_text(n, n->normal.data, n->normal.len, false);
		n->held_line = number;
		n->holding = true;
	}
	n->blanks = 0;
	n->page_break = false;
}

static void html_line(long number, const char *s, size_t len, void *ctx)
{
	take_line(ctx, number, s, len);
}

static void layout_take(long number, const char *s, size_t len, void *ctx)
{
	take_line(ctx, number, s, len);
}

/* A text line goes through layout.c, which holds the lines of a table with
 * column gaps until it has seen them all, then hands them to take_line. */
static void text_line(struct normalizer *n, long number, const char *s, size_t len)
{
	if (n->layout)
		layout_line(n->layout, number, s, len);
	else
		take_line(n, number, s, len);
}

/* Cuts decoded text into physical lines. LF, CRLF and a lone CR end a line
 * and advance the count; a form feed ends a line without advancing it. */
static void split_lines(struct normalizer *n, const char *s, size_t len)
{
	size_t begin = 0;
	for (size_t i = utf8_find_break(s, 0, len); i < len;
	     i = utf8_find_break(s, i + 1, len)) {
		char c = s[i];
		if (c == '\n' && n->after_cr && i == begin && n->line.len == 0) {
			n->after_cr = false;
			begin = i + 1;
			continue;
		}
		if (n->line.len == 0) { /* the whole line is in s: no copy */
			text_line(n, n->line_start, s + begin, i - begin);
		} else {
			buf_add(&n->line, s + begin, i - begin);
			text_line(n, n->line_start, n->line.data, n->line.len);
			buf_clear(&n->line);
		}
		if (c == '\f' && n->layout)
			layout_flush(n->layout); /* columns end with their page */
		if (c != '\f')
			n->line_number++;
		else
			n->page_break = true;
		n->line_start = n->line_number;
		n->after_cr = c == '\r';
		begin = i + 1;
	}
	if (begin < len) {
		buf_add(&n->line, s + begin, len - begin);
		n->after_cr = false;
	}
}

static void route(struct normalizer *n, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (n->html)
		html_feed(n->html, s, len);
	else
		split_lines(n, s, len);
}

static void decide_mode(struct normalizer *n)
{
	bool html = n->opts.html == 1 ||
		    (n->opts.html == -1 && n->decoded.len &&
		     looks_like_html(n->decoded.data, n->decoded.len));
	if (html)
		n->html = html_new(html_line, n);
	n->mode_known = true;
	route(n, n->decoded.data, n->decoded.len);
	buf_free(&n->decoded);
}

struct normalizer *norm_new(const struct norm_opts *o, const char *doc,
			    const char *path, const struct record_sink *sink)
{
	struct normalizer *n = xcalloc(1, sizeof *n);
	n->opts = *o;
	n->doc = xstrdup(doc);
	n->doc_len = strlen(doc);
	n->path = xstrdup(path);
	n->sink = sink;
	n->decoder = decoder_new(o->encoding);
	if (!n->decoder)
		die("%s: unknown encoding '%s'", path, o->encoding);
	n->line_number = n->line_start = 1;
	if (o->gaps && o->spaces)
		n->layout = layout_new(layout_take, n);
	return n;
}

void norm_feed(struct normalizer *n, const char *s, size_t len)
{
	if (n->mode_known) {
		struct buf *out = &n->chunk;
		buf_clear(out);
		decoder_feed(n->decoder, s, len, out);
		route(n, out->data, out->len);
		return;
	}
	decoder_feed(n->decoder, s, len, &n->decoded);
	if (n->decoded.len >= SNIFF_BYTES)
		decide_mode(n);
}

static int report(struct normalizer *n)
{
	int status = 0;
	const char *note = decoder_note(n->decoder);
	if (note)
		warn_at(n->path, 0, "%s", note);
	size_t replaced = decoder_replaced(n->decoder);
	if (replaced) {
		warn_at(n->path, n->first_replaced, "%zu byte sequence%s not valid %s, replaced by U+FFFD%s",
			replaced, replaced == 1 ? "" : "s", decoder_encoding(n->decoder),
			n->first_replaced ? " (the first on this line)" : "");
		status |= n->opts.strict;
	}
	if (n->stats.controls) {
		warn_at(n->path, n->first_control, "%zu control character%s removed%s",
			n->stats.controls, n->stats.controls == 1 ? "" : "s",
			n->first_control ? " (the first on this line)" : "");
		status |= n->opts.strict;
	}
	return status;
}

int norm_finish(struct normalizer *n)
{
	struct buf tail = {0};
	decoder_finish(n->decoder, n->mode_known ? &tail : &n->decoded);
	if (!n->mode_known)
		decide_mode(n);
	else
		route(n, tail.data, tail.len);
	if (n->html) {
		html_finish(n->html);
		html_free(n->html);
	} else if (n->line.len) {
		text_line(n, n->line_start, n->line.data, n->line.len);
	}
	if (n->layout)
		layout_flush(n->layout);
	layout_free(n->layout);
	flush_held(n);
	int status = report(n);
	if (n->sink->doc_end)
		n->sink->doc_end(n->doc, strlen(n->doc), n->sink->ctx);
	decoder_free(n->decoder);
	buf_free(&tail);
	buf_free(&n->decoded);
	buf_free(&n->line);
	buf_free(&n->normal);
	buf_free(&n->scratch);
	buf_free(&n->chunk);
	buf_free(&n->held);
	free(n->doc);
	free(n->path);
	free(n);
	return status;
}
