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
 * UTF-8 and marks its TABs, LFs, CRs and backslashes in a bitmap, and a
 * walk over the marks cuts lines and fields: a record's first four marks
 * are, as a rule, its three TABs and its LF, so four marks and four bytes
 * tested cut it; a text with marks of its own (a table row's escaped TABs)
 * is unescaped as the walk meets them. A line inside the block's valid
 * prefix needs no check of its own. A field without a backslash is handed
 * on where it lies in the read buffer, never copied; only a record with
 * invalid bytes is copied and repaired. A text with nothing to escape is
 * marked so (text_plain), for writers that copy it out as it stands. A
 * line the walk does not cut so (another field with a backslash, a CRLF
 * end, too few or too many fields) is cut mark by mark, and one that two
 * blocks share has its fields checked one by one (a document name or
 * section path the same as the last one is compared, not checked); for it
 * one pass finds a line's TABs, backslashes and CRs, 32 bytes per test
 * (utf8.h). The writer escapes straight into the output buffer, 32 bytes
 * per test where no byte needs an escape. */
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

/* Up to 8 digits ending at end (n of them, 1 <= n <= 8), where the 8
 * bytes before end can be read: one load, the bytes before the number
 * cleared (they read as leading zeros) and '0' taken from each digit with
 * masks looked up by n, one test for 8 digits at once, and three
 * multiplications that join the digits in pairs, then fours, then eights.
 * A line number has five digits or so, where the byte loop above takes
 * about fifty instructions. Little-endian only: the first digit is the low
 * byte. */
static const uint64_t digits_keep[9] = {
	0, 0xFF00000000000000, 0xFFFF000000000000, 0xFFFFFF0000000000, 0xFFFFFFFF00000000,
	0xFFFFFFFFFF000000, 0xFFFFFFFFFFFF0000, 0xFFFFFFFFFFFFFF00, 0xFFFFFFFFFFFFFFFF,
};
static const uint64_t digits_zeros[9] = {
	0, 0x3000000000000000, 0x3030000000000000, 0x3030300000000000, 0x3030303000000000,
	0x3030303030000000, 0x3030303030300000, 0x3030303030303000, 0x3030303030303030,
};

static inline bool parse_digits8(const char *end, size_t n, long *out)
{
	/* Each byte less '0' is 0-9 for a digit, else above 0x7F, or above
	 * 0x7F once 0x76 is added: exact, as a byte below the first bad one
	 * borrows nothing and carries nothing. */
	uint64_t w = (bytes_load(end - 8) & digits_keep[n]) - digits_zeros[n];
	if (((w + BYTES_ONES * 0x76) | w) & BYTES_HIGH)
		return false;
	w = (w * 10 + (w >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
	w = (w * 100 + (w >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
	w = (w * 10000 + (w >> 32)) & UINT32_MAX;
	*out = (long)w;
	return true;
}

/* The line number s[0..n); room bytes before s can be read too. */
static inline bool parse_line_number_at(const char *s, size_t n, size_t room, long *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n - 1 < 8 && n + room >= 8)
		return parse_digits8(s + n, n, out);
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
 * copy (copy_run; the room has 16 bytes to spare, the input is read only
 * inside s), not a call of memcpy. */
enum { UNESCAPE_SPARE = 16 };

/* Copies the run s[0..n) to d; a short one as one copy of UNESCAPE_SPARE
 * bytes when wide says both sides have room for it. */
static inline void copy_run(char *d, const char *s, size_t n, bool wide)
{
	if (wide && n <= UNESCAPE_SPARE)
		memcpy(d, s, UNESCAPE_SPARE);
	else
		memcpy(d, s, n);
}

/* What an escape letter stands for; 0 where it escapes nothing. */
static const char unescaped[256] = { ['\\'] = '\\', ['t'] = '\t', ['n'] = '\n', ['r'] = '\r' };

/* Writes at d what a backslash followed by letter (0 at the end of the
 * text) stands for, counting in *bad one that escapes nothing (kept as
 * written); returns how many bytes of the input it takes. */
static inline size_t put_escape(char *d, char letter, size_t *bad)
{
	char to = unescaped[(unsigned char)letter];
	*d = to ? to : '\\';
	*bad += !to;
	return to ? 2 : 1;
}

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
			copy_run(d + w, s + copied, at - copied, n - copied >= UNESCAPE_SPARE);
			w += at - copied;
			copied = at + put_escape(d + w, at + 1 < n ? s[at + 1] : 0, &bad);
			w++;
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
static inline __attribute__((always_inline)) bool same_bytes(const char *a, const char *b,
								size_t n)
{
	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	for (size_t i = 8; i < n - 8; i += 8)
		if (bytes_load(a + i) != bytes_load(b + i))
			return false;
	return ((bytes_load(a) ^ bytes_load(b)) | (bytes_load(a + n - 8) ^ bytes_load(b + n - 8))) == 0;
}

/* Makes doc[0..n) the current document, ending the one before when it
 * is another. */
static inline void enter_doc(struct reader *r, const char *doc, size_t n)
{
	if (r->have_doc && n == r->current_doc.len && same_bytes(doc, r->current_doc.data, n))
		return;
	finish_doc(r);
	buf_clear(&r->current_doc);
	buf_add(&r->current_doc, doc, n);
	r->have_doc = true;
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
	if (!same)
		enter_doc(r, rec.doc, rec.doc_len);
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

/* Where the walk over a block's marks stands: the word being walked (its
 * first byte's offset, base), less the marks already taken. The word
 * after the last is all ones, so a walk ends there with a mark at or past
 * the block's end instead of a test at every word. An offset in a block
 * fits 32 bits, where adding the bit's place needs no widening. */
struct cursor {
	const uint64_t *word;
	uint32_t base;
	uint64_t bits;
};

/* The cursor at offset at: the marks before it dropped. */
static inline void cursor_at(struct cursor *c, const uint64_t *marks, size_t at)
{
	c->word = marks + at / 64;
	c->base = (uint32_t)(at / 64 * 64);
	c->bits = *c->word & (UINT64_MAX << (at % 64));
}

/* The offset of the next mark, taken. */
static inline size_t cursor_next(struct cursor *c)
{
	uint64_t bits = c->bits;
	uint32_t base = c->base;
	if (__builtin_expect(!bits, 0)) {
		const uint64_t *word = c->word;
		do {
			bits = *++word;
			base += 64;
		} while (!bits);
		c->word = word;
		c->base = base;
	}
	c->bits = bits & (bits - 1);
	return (uint32_t)(base + (uint32_t)__builtin_ctzll(bits));
}

/* The line from start cut mark by mark (fields_add), the general way:
 * returns where its LF is, or n when the block ends first. */
static size_t cut_marks(struct cursor *c, const char *s, size_t n, size_t start,
			struct fields *f)
{
	fields_begin(f, s, start);
	for (;;) {
		size_t at = cursor_next(c);
		if (at >= n)
			return n;
		if (s[at] == '\n') {
			f->end = at;
			return at;
		}
		fields_add(f, s[at], at);
	}
}

/* The text of a line whose first three marks are its three TABs, from
 * offset text up to the LF, when a fourth mark stands before the LF (at,
 * the first mark in the text): backslashes, a stray CR, the CR of a CRLF
 * end or a TAB too many. The backslashes are unescaped as the walk meets
 * them (into out, which gets room for the rest of the block and 16 bytes
 * more: a short run goes as one 16-byte copy, as in tsv_unescape), so no
 * byte of the text is read again. The 16 bytes after the block can be
 * read too (read_fd): a run near its end and the byte after a backslash
 * at its very end stay inside the buffer. Returns where the LF is, or 0
 * when the line must be cut the general way (a fifth field, a CRLF end)
 * or is unfinished. */
struct text_end {
	size_t lf;  /* 0: cut the line the general way */
	size_t bad; /* malformed escapes */
};

static struct text_end cut_text(struct cursor *c, const char *s, size_t n, size_t text,
				size_t at, struct buf *out, struct record *rec)
{
	struct text_end end = { 0, 0 };
	size_t copied = text, w = 0;
	bool cr = false;
	char *d = NULL;
	for (;; at = cursor_next(c)) {
		if (at >= n)
			return end;
		char mark = s[at];
		if (mark == '\\') {
			if (at < copied)
				continue; /* the second of \\ */
			if (!d) {
				buf_clear(out);
				if (out->cap < n - text + UNESCAPE_SPARE)
					buf_reserve(out, n - text + UNESCAPE_SPARE);
				d = out->data;
			}
			copy_run(d + w, s + copied, at - copied, true);
			w += at - copied;
			copied = at + put_escape(d + w, s[at + 1], &end.bad);
			w++;
			continue;
		}
		if (mark == '\n')
			break;
		if (mark == '\t')
			return end;
		cr = true;
	}
	if (s[at - 1] == '\r')
		return end;
	rec->text_plain = !d && !cr;
	if (d) {
		copy_run(d + w, s + copied, at - copied, true);
		rec->text = d;
		rec->text_len = w + at - copied;
	} else {
		rec->text = s + text;
		rec->text_len = at - text;
	}
	end.lf = at;
	return end;
}

/* A record cut from the marks of a block, inside its valid prefix: doc
 * from start up to the first TAB t1, the line number up to t2, the
 * section up to t3 (no field with a backslash), the text in rec. As
 * stream_record on such a line, without its questions: nothing to check,
 * nothing to unescape but the text. */
static inline void stream_cut(struct reader *r, const char *s, size_t start, size_t t1,
			      size_t t2, size_t t3, size_t lf, struct record *rec, size_t bad)
{
	/* The bytes of the block before the line number can be read. */
	if (!parse_line_number_at(s + t1 + 1, t2 - t1 - 1, t1 + 1, &rec->line)) {
		if (!line_is_header(s + start, lf - start))
			problem(r, "not a record: the line number is not a number; skipped");
		return;
	}
	if (bad)
		problem(r, "a backslash that escapes nothing; kept as written");
	size_t doc_len = t1 - start;
	enter_doc(r, s + start, doc_len);
	rec->doc = r->current_doc.data;
	rec->doc_len = doc_len;
	rec->section = s + t2 + 1;
	rec->section_len = t3 - t2 - 1;
	r->sink->record(rec, r->sink->ctx);
}

/* The whole lines of s[0..n), a block as read less any line an earlier
 * block began; returns where the unfinished last line starts. One vector
 * pass (utf8_scan_marks) checks the block's UTF-8 and marks its TABs, LFs,
 * CRs and backslashes, so no byte is read twice. Most lines are a record
 * whose first four marks are its three TABs and its LF: the walk takes
 * four marks, tests their bytes, and the fields are cut. A text with marks
 * of its own (a table row's escaped TABs) is walked on to its LF
 * (cut_text); anything else (a backslash in another field, too few
 * fields, a CRLF end) starts again at the line's first mark and is cut
 * mark by mark. A line inside the valid prefix needs no check of its own;
 * after a line with invalid bytes (checked field by field, as stream_line
 * does) the check starts again at the next line, so each byte is checked
 * once however many lines are bad. */
static size_t take_lines(struct reader *r, const char *s, size_t n, uint64_t *marks)
{
	size_t valid = utf8_scan_marks(s, n, marks), start = 0;
	marks[(n + 63) / 64] = UINT64_MAX;
	struct cursor c;
	cursor_at(&c, marks, 0);
	for (;;) {
		size_t t1 = cursor_next(&c), t2 = cursor_next(&c), t3 = cursor_next(&c);
		size_t lf = cursor_next(&c);
		if (lf < n && s[t1] == '\t' && s[t2] == '\t' && s[t3] == '\t') {
			struct record rec;
			struct text_end end = { lf, 0 };
			if (s[lf] == '\n') {
				rec.text = s + t3 + 1;
				rec.text_len = lf - t3 - 1;
				rec.text_plain = true;
			} else {
				end = cut_text(&c, s, n, t3 + 1, lf, &r->text, &rec);
			}
			lf = end.lf;
			if (lf && lf <= valid) {
				r->input_line++;
				stream_cut(r, s, start, t1, t2, t3, lf, &rec, end.bad);
				start = lf + 1;
				continue;
			}
		}
		struct fields cut;
		cursor_at(&c, marks, start);
		lf = cut_marks(&c, s, n, start, &cut);
		if (lf == n)
			return start;
		bool checked = lf <= valid;
		r->input_line++;
		if (lf > start && s[lf - 1] == '\r')
			stream_line(r, s + start, lf - start); /* a CRLF line */
		else
			stream_record(r, s + start, lf - start, &cut, checked);
		if (!checked)
			valid = lf + 1 + utf8_valid_prefix(s + lf + 1, n - lf - 1);
		start = lf + 1;
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
	char *block = xmalloc(BLOCK + UNESCAPE_SPARE); /* NUL bytes after the bytes read (cut_text) */
	uint64_t *marks = xmalloc((BLOCK / 64 + 1) * sizeof *marks);
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
		memset(block + got, 0, UNESCAPE_SPARE);
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
