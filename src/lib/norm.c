/* norm: normalize's pipeline for one document; see norm.h.
 *
 * Bytes → decoder → UTF-8 → (first 4 KiB decide HTML or text) → physical
 * lines with their source line number → unorm → Word field junk removed →
 * the joiner, which holds back the last non-blank line until it knows whether
 * the next one continues it → records. Only the line being built and the held
 * line are in memory, never the document. Each line is read as few times as
 * can be: line breaks, and then capitals and TABs together, are found 16
 * bytes at a time with SSE2; facts about the held line (its marker, a comma,
 * its length) are worked out only when the joiner asks. */
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

/* SSE2 is part of x86-64; NORM_SCALAR lets the unit test build the word
 * loops alone and compare the two. */
#if defined(__SSE2__) && !defined(NORM_SCALAR)
#define NORM_SIMD 1
#include <emmintrin.h>
#endif

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
	struct buf chunk;       /* decoded output of one feed, unless it was
				 * the input itself (decoder_pass) */
	struct unorm_stats stats;
	/* The joiner. */
	struct buf held;
	long held_line;
	long first_replaced;    /* source line of the first U+FFFD put in, or 0 */
	long first_control;     /* source line of the first control removed, or 0 */
	bool holding;
	/* Facts about the held line, kept as lines are appended so that joining
	 * a run of thousands of lines costs time linear in their length. */
	bool held_tab;
	bool held_comma;        /* a comma after the held line's marker, in */
	size_t comma_scanned;   /* what has been searched: up to here */
	struct marker held_marker; /* heading_marker of the held line when it */
	size_t held_marker_len; /* was this long (it changes when appended to) */
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

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* The joiner tests every line against lists of words; with their lengths
 * known and the edge byte compared first, most tests cost one compare
 * (strlen and a memcmp call per word were 3% of normalize's instructions). */
struct word {
	const char *text;
	size_t len;
};

#define WORD(s) { s, sizeof s - 1 }
#define COUNT(a) (sizeof a / sizeof *a)

static bool ends_with_any(const char *s, size_t n, const struct word *w, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (n >= w[i].len && s[n - 1] == w[i].text[w[i].len - 1] &&
		    memcmp(s + n - w[i].len, w[i].text, w[i].len) == 0)
			return true;
	return false;
}

static bool starts_with_any(const char *s, size_t n, const struct word *w, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (n >= w[i].len && s[0] == w[i].text[0] &&
		    memcmp(s, w[i].text, w[i].len) == 0)
			return true;
	return false;
}

/* Does the line end where a sentence or a clause that introduces a list
 * ends? Then nothing after it continues it. */
static bool ends_sentence(const char *s, size_t n)
{
	static const struct word enders[] = {
		WORD("。"), WORD("!"), WORD("?"), WORD(";"), WORD(":"), WORD("！"),
		WORD("？"), WORD("；"), WORD("："), WORD("……"), WORD("。”"),
		WORD("。\""), WORD("!”"), WORD("?”"), WORD("。)"), WORD("。」"),
	};
	return ends_with_any(s, n, enders, COUNT(enders));
}

/* What take_line learns of a normalized line once, for both the joiner's
 * question and hold_text. */
struct line_facts {
	bool tab;
	struct marker marker; /* style MARKER_NONE when none */
};

/* A line that begins with a heading or list marker, or that is a table row,
 * starts something new: it is never glued to the line before. */
static bool begins_unit(const char *s, size_t n, const struct line_facts *f)
{
	if (f->tab || f->marker.style != MARKER_NONE)
		return true;
	return starts_with(s, n, "其中") || starts_with(s, n, "注:") ||
	       starts_with(s, n, "备注");
}

/* Text that cannot begin a line of its own: a unit or the rest of a word
 * that a page break cut off (`727.56` / `万元`, `二、2020` / `年部门…`). */
static bool continues_previous(const char *s, size_t n)
{
	static const struct word heads[] = {
		WORD("年"), WORD("月"), WORD("日"), WORD("万元"), WORD("元"),
		WORD("亿元"), WORD("千元"), WORD("%"), WORD(")"), WORD(","),
		WORD("、"), WORD("。"), WORD("”"), WORD("》"), WORD("个"),
		WORD("人"), WORD("项"), WORD("次"),
	};
	return starts_with_any(s, n, heads, COUNT(heads));
}

static bool ends_with_digit(const char *s, size_t n)
{
	return n && s[n - 1] >= '0' && s[n - 1] <= '9';
}

/* Does the line stop where no sentence stops: after an ideograph, a digit,
 * a comma or an opening bracket, or in a character the PDF text cut (U+FFFD)? */
static bool breaks_off(const char *s, size_t n)
{
	static const struct word tails[] = {
		WORD(","), WORD("、"), WORD("("), WORD("“"), WORD("\xEF\xBF\xBD"),
		WORD("和"), WORD("及"),
	};
	if (ends_with_digit(s, n) || ends_with_any(s, n, tails, COUNT(tails)))
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

/* Whether s[0..n) has at least k characters. A character is one to four
 * bytes, so only a line of k to 4k - 1 bytes needs counting: the joiner
 * asks about short lines and thresholds, never for an exact count. */
static bool chars_at_least(const char *s, size_t n, size_t k)
{
	if (n >= 4 * k)
		return true;
	return n >= k && utf8_chars(s, n) >= k;
}

/* Whether the held line has a comma after its marker. Asked seldom, so
 * searched only then, each byte once however many lines are appended: the
 * answer for the held text is that of its pieces (a comma never straddles
 * two whole lines). */
static bool held_has_comma(struct normalizer *n)
{
	if (!n->held_comma && n->comma_scanned < n->held.len) {
		n->held_comma = has_comma(n->held.data + n->comma_scanned,
					  n->held.len - n->comma_scanned);
		n->comma_scanned = n->held.len;
	}
	return n->held_comma;
}

/* The held line's marker: the one found when it was held, unless a line has
 * been appended since. */
static const struct marker *held_marker(struct normalizer *n)
{
	if (n->held_marker_len != n->held.len) {
		n->held_marker.style = heading_marker(n->held.data, n->held.len, &n->held_marker);
		n->held_marker_len = n->held.len;
	}
	return &n->held_marker;
}

/* Should `next` be appended to the held line? SPEC §3 "Broken lines". */
static bool joins(struct normalizer *n, const char *next, size_t len,
		  const struct line_facts *f)
{
	const char *prev = n->held.data;
	size_t plen = n->held.len;
	if (!n->opts.join || n->html || n->blanks > 1)
		return false;
	if (n->held_tab || begins_unit(next, len, f))
		return false;
	if (ends_sentence(prev, plen))
		return false;
	const struct marker *m = held_marker(n);
	if (m->style != MARKER_NONE &&
	    m->style != MARKER_ORDINAL && m->style != MARKER_BULLET &&
	    (!chars_at_least(prev, plen, 28) || !held_has_comma(n)))
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
	if (n->page_break || (!chars_at_least(next, len, 5) && chars_at_least(prev, plen, 12)))
		return true;
	/* A page or line break inside running text: the held line is a full
	 * printed line that stops in the middle of a word or clause. Across a
	 * blank line ask for a longer line: web text puts a blank line after
	 * every paragraph, PDF text only at page ends. */
	return chars_at_least(prev, plen, 24);
}

/* Appends the normalized line to what is held (as joins said yes, it has
 * no TAB), or starts holding it when nothing is (flush_held emptied `held`):
 * then the two buffers trade places rather than the line being copied. */
static void hold_text(struct normalizer *n, bool append, const struct line_facts *f)
{
	if (append) {
		buf_add(&n->held, n->normal.data, n->normal.len);
		return;
	}
	struct buf empty = n->held;
	n->held = n->normal;
	n->normal = empty;
	n->held_tab = f->tab;
	n->held_comma = false;
	n->comma_scanned = f->marker.style != MARKER_NONE ? f->marker.len : 0;
	n->held_marker = f->marker;
	n->held_marker_len = n->held.len;
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

/* The first upper-case ASCII letter in s[from..n), or n; 16 bytes at a
 * time with SSE2 (a signed compare: bytes from 0x80 up are negative, never
 * in 'A'..'Z'), then 8 at a time (a byte is a capital when adding 0x3F sets
 * its top bit and adding 0x25 does not; non-ASCII bytes are masked out). */
static size_t find_capital(const char *s, size_t from, size_t n)
{
	size_t i = from;
#ifdef NORM_SIMD
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i capital = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
						_mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
		unsigned mask = (unsigned)_mm_movemask_epi8(capital);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
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

/* The first capital in s[0..n) (or n), and whether s has a TAB: what
 * take_line asks of every line, in one pass with SSE2 (after the first
 * capital, which Chinese text seldom has, memchr looks for the TAB). */
static size_t capital_and_tab(const char *s, size_t n, bool *tab)
{
#ifdef NORM_SIMD
	unsigned tabs = 0;
	size_t i = 0;
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i capital = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
						_mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
		unsigned mask = (unsigned)_mm_movemask_epi8(capital);
		tabs |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
		if (mask) {
			*tab = tabs || memchr(s + i, '\t', n - i);
			return i + (size_t)__builtin_ctz(mask);
		}
	}
	size_t first = find_capital(s, i, n);
	for (; i < n && !tabs; i++)
		tabs = s[i] == '\t';
	*tab = tabs != 0;
	return first;
#else
	*tab = n && memchr(s, '\t', n); /* s may be NULL when n is 0 */
	return find_capital(s, 0, n);
#endif
}

/* Does the line hold a field name? They are upper case, which Chinese text
 * seldom is, so names are compared only where a capital stands, from the
 * first one, `capital`. */
static bool has_field_code(const char *s, size_t n, size_t capital)
{
	for (size_t i = capital; i < n; i = find_capital(s, i + 1, n))
		if (starts_with(s + i, n - i, "PAGEREF") ||
		    starts_with(s + i, n - i, "HYPERLINK") ||
		    starts_with(s + i, n - i, "TOC \\"))
			return true;
	return false;
}

static void remove_field_codes(struct buf *line, struct buf *scratch)
{
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
	struct line_facts f = { false, { .style = MARKER_NONE } };
	size_t capital = capital_and_tab(n->normal.data, n->normal.len, &f.tab);
	if (n->opts.junk && has_field_code(n->normal.data, n->normal.len, capital)) {
		remove_field_codes(&n->normal, &n->scratch);
		f.tab = memchr(n->normal.data, '\t', n->normal.len) != NULL;
	}
	if (n->normal.len == 0) {
		n->blanks++;
		return;
	}
	f.marker.style = heading_marker(n->normal.data, n->normal.len, &f.marker);
	if (n->holding && joins(n, n->normal.data, n->normal.len, &f)) {
		hold_text(n, true, &f);
	} else {
		flush_held(n);
		hold_text(n, false, &f);
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

/* The first line break (LF, CR, form feed) in s[from..n), or n: 16 bytes
 * at a time with SSE2, the rest by utf8_find_break. */
static size_t find_break(const char *s, size_t from, size_t n)
{
	size_t i = from;
#ifdef NORM_SIMD
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i lf_cr = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
					     _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
		__m128i any = _mm_or_si128(lf_cr, _mm_cmpeq_epi8(v, _mm_set1_epi8('\f')));
		unsigned mask = (unsigned)_mm_movemask_epi8(any);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	return utf8_find_break(s, i, n);
}

/* Cuts decoded text into physical lines. LF, CRLF and a lone CR end a line
 * and advance the count; a form feed ends a line without advancing it. */
static void split_lines(struct normalizer *n, const char *s, size_t len)
{
	size_t begin = 0;
	for (size_t i = find_break(s, 0, len); i < len;
	     i = find_break(s, i + 1, len)) {
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
		size_t utf8_len;
		buf_clear(&n->chunk);
		const char *utf8 = decoder_pass(n->decoder, s, len, &n->chunk, &utf8_len);
		route(n, utf8, utf8_len);
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
