/* record: reading and writing the record stream; see record.h.
 *
 * The reader pulls the input in 256 KiB blocks (what a stage before it in a
 * pipeline writes at once, sys.c) and cuts it at LF, so memory is the
 * longest line plus one block. The first line decides what the input is:
 * the stream header or a line with four fields and a numeric line number make
 * it a record stream; anything else is raw text, handed whole to the
 * normalizer (norm.h). Malformed records are reported with file and line and
 * skipped: the good records around them still flow.
 *
 * Speed: one vector pass over each block (utf8_scan_marks) checks its
 * UTF-8 and marks its TABs, LFs, CRs and backslashes, and one walk over the
 * marks cuts lines and fields at once; a line inside the block's valid
 * prefix needs no check of its own. A field without a backslash is handed
 * on where it lies in the read buffer, never copied; only a record with
 * invalid bytes is copied and repaired. A text with nothing to escape is
 * marked so (text_plain), for writers that copy it out as it stands. A line
 * that two blocks share has its fields checked one by one (a document name
 * or section path the same as the last one is compared, not checked), and
 * for it one pass
 * finds a line's TABs, backslashes and CRs, 32 bytes per test (utf8.h). The
 * writer escapes straight into the output buffer, 32 bytes per test where
 * no byte needs an escape. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "norm.h"
#include "record.h"
#include "sys.h"
#include "utf8.h"

enum { BLOCK = 1 << 18 };

static const char header[] = "doc\tline\tsection\ttext";

bool line_is_header(const char *s, size_t n)
{
	return n == sizeof header - 1 && memcmp(s, header, n) == 0;
}

static bool parse_line_number(const char *s, size_t n, long *out)
{
	long v = 0;
	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned digit = (unsigned char)s[i] - (unsigned)'0';
		if (digit > 9)
			return false;
		v = v * 10 + (long)digit;
	}
	*out = v;
	return true;
}

/* Up to 8 digits, s[0..n), where the 8 bytes up to s + n can be read:
 * one load, and three multiplications that join the digits in pairs, then
 * fours, then eights (the bytes before the number read as '0'). A line
 * number has five digits or so, where the byte loop below takes about
 * fifty instructions. Little-endian only: the first digit is the low byte. */
static bool parse_digits8(const char *s, size_t n, long *out)
{
	const uint64_t zeros = BYTES_ONES * '0', high = BYTES_ONES * 0xF0;
	uint64_t keep = UINT64_MAX << (64 - 8 * n);
	uint64_t w = (bytes_load(s + n - 8) & keep) | (zeros & ~keep);
	if ((w & high) != zeros || ((w + BYTES_ONES * 6) & high) != zeros)
		return false;
	w -= zeros;
	w = (w * 10 + (w >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
	w = (w * 100 + (w >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
	w = (w * 10000 + (w >> 32)) & UINT32_MAX;
	*out = (long)w;
	return true;
}

/* The line number s[0..n); room bytes before s can be read too. */
static bool parse_line_number_at(const char *s, size_t n, size_t room, long *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n >= 1 && n <= 8 && n + room >= 8)
		return parse_digits8(s, n, out);
#else
	(void)room;
#endif
	return parse_line_number(s, n, out);
}


/* A line cut at its TABs: where its first three TABs are (offsets from
 * base, as is the line's own span), how many TABs it has, and which fields
 * hold a backslash (only those need unescaping) or a backslash or a CR (a
 * field with neither unescapes to bytes that need no escape on output),
 * one bit per field. A TAB costs a store and a shift, a backslash an OR,
 * and a field's span is worked out only when it is used. */
enum { FIELDS = 4 };
struct fields {
	const char *base;
	size_t first, end;     /* the line, base + first up to base + end */
	size_t tabs;
	size_t tab[FIELDS];    /* [FIELDS - 1] takes every TAB after the third */
	uint32_t bit;          /* the bit of the field being cut (0 after 31 TABs) */
	uint32_t escaped, unplain;
};

static void fields_begin(struct fields *f, const char *base, size_t first)
{
	f->base = base;
	f->first = first;
	f->tabs = 0;
	f->bit = 1;
	f->escaped = f->unplain = 0;
}

/* Byte c at offset at, a TAB, a backslash or a CR (anything else is text). */
static inline void fields_add(struct fields *f, char c, size_t at)
{
	if (c == '\t') {
		f->tab[f->tabs < FIELDS - 1 ? f->tabs : FIELDS - 1] = at;
		f->tabs++;
		f->bit <<= 1;
	} else if (c == '\\') {
		f->escaped |= f->bit;
		f->unplain |= f->bit;
	} else if (c == '\r') {
		f->unplain |= f->bit;
	}
}

/* Field k (k < FIELDS) of a line with FIELDS - 1 TABs, or at least k + 1
 * TABs when k < FIELDS - 1. */
static inline const char *field_start(const struct fields *f, size_t k)
{
	return f->base + (k ? f->tab[k - 1] + 1 : f->first);
}

static inline size_t field_len(const struct fields *f, size_t k)
{
	size_t end = k < FIELDS - 1 ? f->tab[k] : f->end;
	return end - (k ? f->tab[k - 1] + 1 : f->first);
}

static inline bool field_escaped(const struct fields *f, size_t k)
{
	return f->escaped >> k & 1;
}

static void split_fields(const char *s, size_t n, struct fields *f)
{
	fields_begin(f, s, 0);
	for (size_t block = 0; block < n; block += 32)
		for (uint32_t mask = bytes_match32(s, block, n, '\t', '\\', '\r', '\\'); mask;
		     mask &= mask - 1) {
			size_t at = block + (size_t)__builtin_ctz(mask);
			fields_add(f, s[at], at);
		}
	f->end = n;
}

bool line_is_record(const char *s, size_t n)
{
	struct fields f;
	long line;
	split_fields(s, n, &f);
	return f.tabs == FIELDS - 1 && parse_line_number(field_start(&f, 1), field_len(&f, 1), &line);
}

/* Table rows carry an escaped TAB every few bytes: the backslashes are
 * found 32 bytes at a time (utf8.h) and the text written straight into the
 * room reserved for it (unescaping never lengthens). A backslash that the
 * escape before it consumed (the second of `\\`) is passed over. The run
 * before an escape is mostly a cell of a few bytes: it goes as one 16-byte
 * copy (the room has 16 bytes to spare, the input is read only inside s),
 * not a call of memcpy. */
enum { UNESCAPE_SPARE = 16 };
size_t tsv_unescape(struct buf *out, const char *s, size_t n)
{
	size_t bad = 0, copied = 0, w = 0;
	if (n == 0)
		return 0;
	buf_reserve(out, n + UNESCAPE_SPARE);
	char *d = out->data + out->len;
	for (size_t block = 0; block < n; block += 32) {
		uint32_t mask = bytes_match32(s, block, n, '\\', '\\', '\\', '\\');
		for (; mask; mask &= mask - 1) {
			size_t at = block + (size_t)__builtin_ctz(mask);
			if (at < copied)
				continue;
			if (at - copied <= UNESCAPE_SPARE && n - copied >= UNESCAPE_SPARE)
				memcpy(d + w, s + copied, UNESCAPE_SPARE);
			else
				memcpy(d + w, s + copied, at - copied);
			w += at - copied;
			char c = at + 1 < n ? s[at + 1] : 0;
			char to = c == '\\' ? '\\' : c == 't' ? '\t' : c == 'n' ? '\n' :
				  c == 'r' ? '\r' : 0;
			d[w++] = to ? to : '\\';
			bad += !to;
			copied = to ? at + 2 : at + 1;
		}
	}
	memcpy(d + w, s + copied, n - copied);
	out->len += w + n - copied;
	return bad;
}

enum { ESCAPE_PIECE = 1 << 16 }; /* input escaped per output reservation */

/* Is one of the bytes to escape (\t \n \r are below 14, then \\) among
 * the eight of w? A byte below 14 that is none of them (NUL, a form feed)
 * only sends the field down the exact path, which escapes nothing more. */
static bool word_may_escape(uint64_t w)
{
	return bytes_any_below(w, 14) || bytes_any_equal(w, '\\');
}

#ifdef __SSE2__
static __m128i load_block(const char *s)
{
	return _mm_loadu_si128((const __m128i *)(const void *)s);
}

/* The same test on 16 bytes: 0xFF where a byte is below 14 (its unsigned
 * minimum with 13 is itself) or a backslash. */
static __m128i block_may_escape(__m128i v)
{
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(13)), v);
	return _mm_or_si128(low, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
}

/* Copies the blocks of s at a and b to d when neither may hold a byte to
 * escape. */
static bool copy_plain_blocks(char *d, const char *s, size_t a, size_t b)
{
	__m128i x = load_block(s + a), y = load_block(s + b);
	if (_mm_movemask_epi8(_mm_or_si128(block_may_escape(x), block_may_escape(y))))
		return false;
	_mm_storeu_si128((__m128i *)(void *)(d + a), x);
	_mm_storeu_si128((__m128i *)(void *)(d + b), y);
	return true;
}
#endif

/* Copies the words of s at a and b to d when neither may hold a byte to
 * escape. */
static bool copy_plain_words(char *d, const char *s, size_t a, size_t b)
{
	uint64_t x = bytes_load(s + a), y = bytes_load(s + b);
	if (word_may_escape(x) || word_may_escape(y))
		return false;
	memcpy(d + a, &x, 8);
	memcpy(d + b, &y, 8);
	return true;
}

/* The bytes that need an escape are found 32 at a time (utf8.h) and the
 * runs between them copied whole. Kept out of line: its registers would
 * cost every plain field a longer entry and exit. */
static __attribute__((noinline)) size_t escape_found(char *d, const char *s, size_t n)
{
	size_t w = 0, copied = 0;
	for (size_t block = 0; block < n; block += 32) {
		uint32_t mask = bytes_match32(s, block, n, '\\', '\t', '\n', '\r');
		for (; mask; mask &= mask - 1) {
			size_t at = block + (size_t)__builtin_ctz(mask);
			char c = s[at];
			memcpy(d + w, s + copied, at - copied);
			w += at - copied;
			d[w++] = '\\';
			d[w++] = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
			copied = at + 1;
		}
	}
	memcpy(d + w, s + copied, n - copied);
	return w + n - copied;
}

/* Escapes s[0..n) into d (room for 2n bytes); returns the length written.
 * Most fields are a few dozen bytes with nothing to escape: they are
 * tested and copied in a few wide loads and stores, 32 bytes a step, the
 * short end as overlapping loads of the last bytes (never a load or store
 * outside s[0..n) and d[0..n)), and no call to memcpy. A field where a byte
 * may need an escape starts again in escape_found. */
size_t tsv_escape_to(char *d, const char *s, size_t n)
{
	if (n < 4) {
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
				return escape_found(d, s, n);
			d[i] = c;
		}
		return n;
	}
	if (n < 8) {
		uint32_t head, tail;
		memcpy(&head, s, 4);
		memcpy(&tail, s + n - 4, 4);
		if (word_may_escape(head | (uint64_t)tail << 32))
			return escape_found(d, s, n);
		memcpy(d, &head, 4);
		memcpy(d + n - 4, &tail, 4);
		return n;
	}
	/* Two blocks (SSE2) or two words a step; the last step takes the
	 * last two, overlapping what is done. */
#ifdef __SSE2__
	if (n > 16) {
		size_t at = 0;
		for (; n - at > 32; at += 32)
			if (!copy_plain_blocks(d, s, at, at + 16))
				return escape_found(d, s, n);
		return copy_plain_blocks(d, s, n >= 32 ? n - 32 : 0, n - 16) ? n :
		       escape_found(d, s, n);
	}
#endif
	size_t at = 0;
	for (; n - at > 16; at += 16)
		if (!copy_plain_words(d, s, at, at + 8))
			return escape_found(d, s, n);
	return copy_plain_words(d, s, n >= 16 ? n - 16 : 0, n - 8) ? n : escape_found(d, s, n);
}

void tsv_escape(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i += ESCAPE_PIECE) {
		size_t piece = n - i < ESCAPE_PIECE ? n - i : ESCAPE_PIECE;
		buf_reserve(out, 2 * piece);
		out->len += tsv_escape_to(out->data + out->len, s + i, piece);
	}
}

const struct buf *tsv_escape_repeated(struct escaped_field *e, const char *s, size_t n)
{
	if (n != e->raw.len || (n && memcmp(s, e->raw.data, n) != 0)) {
		buf_clear(&e->raw);
		buf_clear(&e->text);
		buf_add(&e->raw, s, n);
		tsv_escape(&e->text, s, n);
	}
	return &e->text;
}

void escaped_field_free(struct escaped_field *e)
{
	buf_free(&e->raw);
	buf_free(&e->text);
}

void out_field(const char *s, size_t n)
{
	/* s may be NULL when n is 0: an empty buffer. Pieces keep the room
	 * asked for (twice the piece, the worst case) small on a long line. */
	for (size_t i = 0; i < n; i += ESCAPE_PIECE) {
		size_t piece = n - i < ESCAPE_PIECE ? n - i : ESCAPE_PIECE;
		out_commit(tsv_escape_to(out_reserve(2 * piece), s + i, piece));
	}
}

void write_record(const struct record *r)
{
	out_field(r->doc, r->doc_len);
	out_putc('\t');
	out_long(r->line);
	out_putc('\t');
	out_field(r->section, r->section_len);
	out_putc('\t');
	out_field(r->text, r->text_len);
	out_putc('\n');
	out_end_record();
}

void write_header(const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		if (i)
			out_putc('\t');
		out_puts(names[i]);
	}
	out_putc('\n');
	out_end_record();
}

/* Reader state for one input. */
struct reader {
	const char *path;
	const struct reader_opts *opts;
	const struct record_sink *sink;
	long input_line;
	int status;
	bool decided, raw;
	struct normalizer *norm;
	struct buf doc, section, text, current_doc;
	struct buf checked_section; /* the last section found valid UTF-8 */
	bool have_doc;
};

static void finish_doc(struct reader *r)
{
	if (r->have_doc && r->sink->doc_end)
		r->sink->doc_end(r->current_doc.data, r->current_doc.len, r->sink->ctx);
	r->have_doc = false;
}

static void problem(struct reader *r, const char *what)
{
	warn_at(r->path, r->input_line, "%s", what);
	if (r->opts->strict)
		r->status = 1;
}

/* Replaces invalid UTF-8 in b (unescaped text) by U+FFFD; returns how many. */
static size_t repair_utf8(struct buf *b)
{
	size_t i = 0, bad = 0;
	while (i < b->len) {
		unsigned char c = (unsigned char)b->data[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (c >= 0xF5)
			need = 0;
		bool good = need && i + need <= b->len;
		for (size_t k = 1; good && k < need; k++)
			good = ((unsigned char)b->data[i + k] & 0xC0) == 0x80;
		if (good && need == 3) {
			unsigned char d = (unsigned char)b->data[i + 1];
			good = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);
		}
		if (good && need == 4) {
			unsigned char d = (unsigned char)b->data[i + 1];
			good = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
		}
		if (good) {
			i += need;
			continue;
		}
		/* Swap the bad byte for the three bytes of U+FFFD. */
		buf_reserve(b, 2);
		memmove(b->data + i + 3, b->data + i + 1, b->len - i - 1);
		memcpy(b->data + i, "\xEF\xBF\xBD", 3);
		b->len += 2;
		i += 3;
		bad++;
	}
	return bad;
}

/* Field k's text: the bytes as they stand when nothing in them is escaped
 * (the usual case, no copy), else unescaped into b. Returns the number of
 * malformed escapes. */
static inline size_t field_text(struct buf *b, const struct fields *f, size_t k,
			 const char **text, size_t *len)
{
	if (!field_escaped(f, k)) {
		*text = field_start(f, k);
		*len = field_len(f, k);
		return 0;
	}
	buf_clear(b);
	size_t bad = tsv_unescape(b, field_start(f, k), field_len(f, k));
	*text = b->data;
	*len = b->len;
	return bad;
}

/* Invalid UTF-8 somewhere in the record: copies the fields into the
 * reader's buffers and repairs them there. Escapes and TABs are ASCII, so
 * the line is valid exactly when every unescaped field is. */
static void repair_fields(struct reader *r, struct record *rec)
{
	struct { struct buf *b; const char **text; size_t *len; } f[] = {
		{ &r->doc, &rec->doc, &rec->doc_len },
		{ &r->section, &rec->section, &rec->section_len },
		{ &r->text, &rec->text, &rec->text_len },
	};
	for (size_t k = 0; k < 3; k++) {
		if (*f[k].text != f[k].b->data) {
			buf_clear(f[k].b);
			buf_add(f[k].b, *f[k].text, *f[k].len);
		}
		repair_utf8(f[k].b);
		*f[k].text = f[k].b->data ? f[k].b->data : "";
		*f[k].len = f[k].b->len;
	}
	problem(r, "invalid UTF-8 in a record; replaced by U+FFFD");
}

/* Is the section field valid UTF-8? Records of one section follow each
 * other and a section path is often the longest field, so a section that is
 * the same as the last one checked is compared, not validated again. */
static bool section_valid(struct reader *r, const char *s, size_t n)
{
	if (n == r->checked_section.len &&
	    (n == 0 || memcmp(s, r->checked_section.data, n) == 0))
		return true;
	if (!utf8_valid(s, n))
		return false;
	buf_clear(&r->checked_section);
	buf_add(&r->checked_section, s, n);
	return true;
}

/* Are a[0..n) and b[0..n) the same? For a document name, compared on
 * every record: a few words, inline, the last one overlapping the one
 * before, where a call of memcmp costs more than the compare. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	for (size_t i = 0; i < n - 8; i += 8)
		if (bytes_load(a + i) != bytes_load(b + i))
			return false;
	return bytes_load(a + n - 8) == bytes_load(b + n - 8);
}

/* Does the document field, as it stands, name the current document? Every
 * record of a document does: then it needs no UTF-8 check (the current
 * name is valid, checked or repaired when it was taken) and starts no new
 * document. Only a field without escapes can be taken as it stands. */
static bool same_doc(const struct reader *r, const struct fields *f)
{
	size_t n = field_len(f, 0);
	return r->have_doc && !field_escaped(f, 0) && n == r->current_doc.len &&
	       same_bytes(field_start(f, 0), r->current_doc.data, n);
}

/* A line cut into fields: a record, unless it is the header or malformed.
 * checked says the whole line is known to be valid UTF-8 (take_lines):
 * then no field needs a check of its own. */
static void stream_record(struct reader *r, const char *s, size_t n, const struct fields *f,
			  bool checked)
{
	long line;
	if (line_is_header(s, n))
		return;
	if (f->tabs != FIELDS - 1) {
		char msg[96];
		snprintf(msg, sizeof msg, "not a record: %zu fields instead of 4; skipped",
			 f->tabs + 1);
		problem(r, msg);
		return;
	}
	if (!parse_line_number_at(field_start(f, 1), field_len(f, 1), f->tab[0] + 1 - f->first,
				  &line)) {
		problem(r, "not a record: the line number is not a number; skipped");
		return;
	}
	/* A field with no backslash and no CR: its bytes are its text, and
	 * the repair below swaps bytes for U+FFFD, never for an ASCII byte. */
	struct record rec = { .line = line, .text_plain = !(f->unplain & 1u << 3) };
	size_t bad = field_text(&r->doc, f, 0, &rec.doc, &rec.doc_len) +
		     field_text(&r->section, f, 2, &rec.section, &rec.section_len) +
		     field_text(&r->text, f, 3, &rec.text, &rec.text_len);
	if (bad)
		problem(r, "a backslash that escapes nothing; kept as written");
	bool same = same_doc(r, f);
	if (!checked && ((!same && !utf8_valid(field_start(f, 0), field_len(f, 0))) ||
			 !utf8_valid(field_start(f, 3), field_len(f, 3)) ||
			 !section_valid(r, field_start(f, 2), field_len(f, 2))))
		repair_fields(r, &rec);
	if (!same && r->have_doc && (rec.doc_len != r->current_doc.len ||
				     memcmp(rec.doc, r->current_doc.data, rec.doc_len) != 0))
		finish_doc(r);
	if (!r->have_doc) {
		buf_clear(&r->current_doc);
		buf_add(&r->current_doc, rec.doc, rec.doc_len);
		r->have_doc = true;
	}
	rec.doc = r->current_doc.data;
	rec.doc_len = r->current_doc.len;
	r->sink->record(&rec, r->sink->ctx);
}

/* A line whose bytes are not known valid (the first, one that two blocks
 * share, the last without LF): cut here, every field checked. */
static void stream_line(struct reader *r, const char *s, size_t n)
{
	struct fields f;
	if (n && s[n - 1] == '\r')
		n--;
	split_fields(s, n, &f);
	stream_record(r, s, n, &f, false);
}

static void decide(struct reader *r, const char *first, size_t n)
{
	r->decided = true;
	if (n && first[n - 1] == '\r')
		n--;
	r->raw = r->opts->raw || !(line_is_header(first, n) || line_is_record(first, n));
	if (r->raw) {
		struct norm_opts defaults;
		norm_opts_default(&defaults);
		const char *doc = r->opts->doc ? r->opts->doc : r->path;
		r->norm = norm_new(r->opts->norm ? r->opts->norm : &defaults, doc,
				   r->path, r->sink);
	}
}

/* Hands one full line (without its LF) to the stream parser, deciding first
 * what the input is. Returns true when the input turned out to be raw text:
 * the caller then feeds the rest to the normalizer. */
static bool take_line(struct reader *r, const char *s, size_t n, bool had_lf)
{
	if (!r->decided)
		decide(r, s, n);
	if (r->raw) {
		norm_feed(r->norm, s, n);
		if (had_lf)
			norm_feed(r->norm, "\n", 1);
		return true;
	}
	r->input_line++;
	stream_line(r, s, n);
	return false;
}

/* The whole lines of s[0..n), a block as read less any line an earlier
 * block began; returns where the unfinished last line starts. One vector
 * pass (utf8_scan_marks) checks the block's UTF-8 and marks its TABs, LFs,
 * CRs and backslashes; the walk over the marks then cuts lines and fields
 * at once, so no byte is read twice. A line inside the valid prefix needs
 * no check of its own; after a line with invalid bytes (checked field by
 * field, as stream_line does) the check starts again at the next line, so
 * each byte is checked once however many lines are bad. */
static size_t take_lines(struct reader *r, const char *s, size_t n, uint64_t *marks)
{
	size_t valid = utf8_scan_marks(s, n, marks), start = 0;
	size_t words = (n + 63) / 64, word = 0;
	struct fields cut; /* the line being cut, begun afresh after its LF */
	fields_begin(&cut, s, 0);
	for (uint64_t m = marks[0];; m &= m - 1) {
		while (!m) {
			if (++word == words)
				return start;
			m = marks[word];
		}
		size_t at = word * 64 + (size_t)__builtin_ctzll(m);
		char c = s[at];
		if (c != '\n') {
			fields_add(&cut, c, at);
			continue;
		}
		cut.end = at;
		bool checked = at <= valid;
		r->input_line++;
		if (at > start && s[at - 1] == '\r')
			stream_line(r, s + start, at - start); /* a CRLF line */
		else
			stream_record(r, s + start, at - start, &cut, checked);
		if (!checked)
			valid = at + 1 + utf8_valid_prefix(s + at + 1, n - at - 1);
		start = at + 1;
		fields_begin(&cut, s, start);
	}
}

/* Completes the line an earlier block began, or reads the input's first
 * line, which decides what the input is; returns where the rest of the
 * block starts. */
static const char *finish_line(struct reader *r, struct buf *line, const char *p,
			       const char *end)
{
	const char *lf = memchr(p, '\n', (size_t)(end - p));
	if (!lf) {
		buf_add(line, p, (size_t)(end - p));
		return end;
	}
	const char *s = p;
	size_t n = (size_t)(lf - p);
	if (line->len) {
		buf_add(line, p, n);
		s = line->data;
		n = line->len;
	}
	take_line(r, s, n, true);
	buf_clear(line);
	return lf + 1;
}

static void read_fd(struct reader *r, int fd)
{
	char *block = xmalloc(BLOCK);
	uint64_t *marks = xmalloc(BLOCK / 64 * sizeof *marks);
	struct buf line = {0};
	for (;;) {
		ssize_t got = read(fd, block, BLOCK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			warn_at(r->path, 0, "read error: %s", strerror(errno));
			r->status = 1;
			break;
		}
		if (got == 0)
			break;
		const char *p = block, *end = block + got;
		if (!r->raw && (line.len || !r->decided))
			p = finish_line(r, &line, p, end);
		if (r->raw) {
			if (p < end)
				norm_feed(r->norm, p, (size_t)(end - p));
			continue;
		}
		if (p < end) {
			size_t rest = take_lines(r, p, (size_t)(end - p), marks);
			buf_add(&line, p + rest, (size_t)(end - p) - rest);
		}
	}
	if (line.len || !r->decided)
		take_line(r, line.data ? line.data : "", line.len, false);
	free(block);
	free(marks);
	buf_free(&line);
}

int read_records(const char *path, const struct reader_opts *o,
		 const struct record_sink *sink)
{
	struct reader r = { .path = path, .opts = o, .sink = sink };
	int fd = STDIN_FILENO;
	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			warn_at(path, 0, "%s", strerror(errno));
			return 1;
		}
	}
	read_fd(&r, fd);
	if (fd != STDIN_FILENO)
		close(fd);
	if (r.raw)
		r.status |= norm_finish(r.norm);
	else
		finish_doc(&r);
	buf_free(&r.doc);
	buf_free(&r.section);
	buf_free(&r.text);
	buf_free(&r.current_doc);
	buf_free(&r.checked_section);
	return r.status;
}
