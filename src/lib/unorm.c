/* unorm: one line of UTF-8 made normal — NFKC, controls dropped, CJK spacing.
 *
 * For: normalize (and the readers that normalize raw text). Not for: decoding
 * bytes (decode.c), splitting lines, HTML, joining broken lines.
 *
 * Two passes over the line, both appending to the caller's buffer:
 *
 * 1. NFKC. Most text is already normal: ASCII, CJK ideographs, CJK
 *    punctuation. build/gen/nfkc_fast.h, computed from utf8proc at build time
 *    (tools/gen-nfkc-fast.c), classes every code point, and keeps the BMP's
 *    INERT characters also as an 8 KiB bitmap, so a CJK character costs one
 *    decode and one bit test. With SSE2, 16 bytes at a time are classed
 *    instead (printable ASCII, leads E4-E9 whose characters are all INERT,
 *    、 and 。, continuation bytes), and a window of nothing else is skipped
 *    in one step; the byte loops remain for the rest and for other machines,
 *    and the unit test holds the two to the same output. Before an INERT or
 *    MAP character ("stable starter") the text can be cut and normalized piece
 *    by piece, so runs of INERT characters are copied as they are, a MAP
 *    character (full-width forms, U+3000, ㈠ …) is replaced by its precomputed
 *    NFKC, and utf8proc is called only for a stable starter followed by
 *    characters that may combine with it (e + U+0301, U+1100 U+1161, ｶﾞ).
 *    Controls (Cc except TAB, and U+FEFF) are removed before NFKC sees the
 *    text, so removing one never leaves a decomposed sequence behind. The
 *    enclosed numbers (①, ⑴, ⒈, ㉑) are list markers and are copied as they
 *    are (class KEEP). No allocation beyond growing `out`: utf8proc's code
 *    point buffer is the free space at the end of `out`.
 *
 * 2. Spaces, in place over what pass 1 wrote (it only ever shrinks; spaces
 *    and TABs found 16 bytes at a time with SSE2): cells
 *    (TAB-separated) trimmed, runs of 3+ spaces made a TAB with `gaps`, other
 *    runs made one space, and that space dropped between two CJK characters
 *    (ideographs, kana, CJK punctuation, list markers), between CJK and the
 *    ASCII punctuation that full-width punctuation becomes after NFKC
 *    (`( ) , : ; ! ?`, so `(一) 主要职责` → `(一)主要职责`), between a digit,
 *    `%` or `.` and an ideograph (`2023 年` → `2023年`), and between a digit
 *    and `%`. Spaces between Latin words, or digits and Latin, stay. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "nfkc_fast.h"
#include "unorm.h"

/* SSE2 is part of x86-64; UNORM_SCALAR lets the unit test build the byte
 * loops alone and compare the two. */
#if defined(__SSE2__) && !defined(UNORM_SCALAR)
#define UNORM_SIMD 1
#include <emmintrin.h>
#endif

#define NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT)

#define NO_STARTER SIZE_MAX /* no stable starter waiting to be copied */

/* A byte that is not the start of a well-formed sequence within the line:
 * the decoder promises this never happens; if it does, the byte is copied. */
enum { STRAY_BYTE = 0xFFFD };

/* Decodes the character at s[*i] and moves *i past it. */
static inline uint32_t utf8_next(const unsigned char *s, size_t n, size_t *i)
{
	size_t k = *i;
	uint32_t b = s[k];
	size_t len = b < 0x80 ? 1 : b < 0xC2 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
	if (len == 0 || len > n - k) {
		*i = k + 1;
		return STRAY_BYTE;
	}
	*i = k + len;
	switch (len) {
	case 1:
		return b;
	case 2:
		return (b & 0x1F) << 6 | (s[k + 1] & 0x3Fu);
	case 3:
		return (b & 0x0F) << 12 | (s[k + 1] & 0x3Fu) << 6 | (s[k + 2] & 0x3Fu);
	default: {
		uint32_t c = (b & 0x07) << 18 | (s[k + 1] & 0x3Fu) << 12 |
			     (s[k + 2] & 0x3Fu) << 6 | (s[k + 3] & 0x3Fu);
		if (c <= 0x10FFFF)
			return c;
		*i = k + 1;
		return STRAY_BYTE;
	}
	}
}

static inline unsigned entry_at(const unsigned char *s, size_t n, size_t *i)
{
	return nfkc_entry(utf8_next(s, n, i));
}

/* Printable ASCII and TAB: stable starters that NFKC keeps. */
static inline bool is_plain_ascii(unsigned char b)
{
	return (unsigned char)(b - 0x20) < 0x5F || b == '\t';
}

struct nfkc_pass {
	const unsigned char *s;
	size_t n;
	size_t copied; /* s[0..copied) is done */
	struct unorm_stats *st;
	struct buf *out;
};

static void copy_upto(struct nfkc_pass *p, size_t upto)
{
	buf_add(p->out, (const char *)p->s + p->copied, upto - p->copied);
	p->copied = upto;
}

/* Whether, after any controls, a character that may combine with what
 * precedes it comes at s[i]. */
static bool combining_follows(const unsigned char *s, size_t n, size_t i)
{
	while (i < n) {
		unsigned e = entry_at(s, n, &i);
		if (e != NFKC_CONTROL)
			return e == NFKC_OTHER;
	}
	return false;
}

/* The end of the run of combining characters and controls starting at i. */
static size_t combining_run_end(const unsigned char *s, size_t n, size_t i)
{
	while (i < n) {
		size_t at = i;
		unsigned e = entry_at(s, n, &i);
		if (e != NFKC_OTHER && e != NFKC_CONTROL)
			return at;
	}
	return n;
}

/* Copies s[0..n) to d without its controls, counting them; returns the
 * length written. */
static size_t strip_controls(const unsigned char *s, size_t n, char *d,
			     struct unorm_stats *st)
{
	size_t len = 0;
	for (size_t i = 0; i < n;) {
		size_t at = i;
		if (entry_at(s, n, &i) == NFKC_CONTROL)
			st->controls++;
		else
			while (at < i)
				d[len++] = (char)s[at++];
	}
	return len;
}

/* Appends NFKC of s[0..n), a stable starter and what may combine with it,
 * through utf8proc. Scratch space is the free end of `out`: first the piece
 * without its controls, then, 4-aligned, the code points, over whose start
 * utf8proc_reencode writes the UTF-8 result (and a NUL). */
static void nfkc_piece(const unsigned char *s, size_t n, struct unorm_stats *st,
		       struct buf *out)
{
	buf_reserve(out, n);
	size_t len = strip_controls(s, n, out->data + out->len, st);
	size_t at = (out->len + len + 3) & ~(size_t)3;
	size_t room = len + 8; /* code points; more when utf8proc asks for it */
	utf8proc_int32_t *cps;
	utf8proc_ssize_t got;
	for (;;) {
		buf_reserve(out, at - out->len + room * sizeof *cps + 8);
		cps = (utf8proc_int32_t *)(void *)(out->data + at);
		got = utf8proc_decompose((const utf8proc_uint8_t *)out->data + out->len,
			(utf8proc_ssize_t)len, cps, (utf8proc_ssize_t)room, NFKC_OPTIONS);
		if (got < 0 || (size_t)got <= room)
			break;
		room = (size_t)got;
	}
	if (got >= 0)
		got = utf8proc_reencode(cps, got, NFKC_OPTIONS);
	if (got < 0) { /* not UTF-8 after all: keep the bytes */
		out->len += len;
		return;
	}
	memmove(out->data + out->len, cps, (size_t)got);
	out->len += (size_t)got;
}

/* Normalizes s[from..i) where i starts a run of combining characters, then
 * that run; returns where the run ends. */
static size_t slow_piece(struct nfkc_pass *p, size_t from, size_t i)
{
	copy_upto(p, from);
	size_t end = combining_run_end(p->s, p->n, i);
	nfkc_piece(p->s + from, end - from, p->st, p->out);
	p->copied = end;
	return end;
}

/* Eight bytes of printable ASCII (0x20-0x7E): no top bit, none below 0x20,
 * no DEL. */
static inline bool plain_ascii_word(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	uint64_t del = w ^ UINT64_C(0x7F7F7F7F7F7F7F7F);
	uint64_t high = UINT64_C(0x8080808080808080), ones = UINT64_C(0x0101010101010101);
	return !(w & high) && !((w - ones * 0x20) & ~w & high) && !((del - ones) & ~del & high);
}

/* Skips a run of three-byte characters in the BMP bitmap (the bulk of CJK
 * text), decoded as utf8_next does; returns where the run stops, and in
 * *last the start of its last character, if any. */
static inline size_t skip_inert_wide(const unsigned char *s, size_t n, size_t i, size_t *last)
{
	while (n - i >= 3 && (s[i] & 0xF0) == 0xE0) {
		uint32_t c = (s[i] & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
		if (!nfkc_bmp_inert(c))
			break;
		*last = i;
		i += 3;
	}
	return i;
}

#ifdef UNORM_SIMD
/* Masks of 16 bytes: printable ASCII or TAB (as is_plain_ascii: a signed
 * compare, bytes 0x80 and up are negative); leads in NFKC_INERT_LEAD_LOW..
 * HIGH, every character of which is INERT (the generator checks); the first
 * bytes of 、 and 。 (E3 80 81, E3 80 82, also INERT), which break up
 * Chinese text every few characters; continuation bytes; bytes that start a
 * multibyte character. XOR 0x80 makes the unsigned ranges signed ones. */
struct byte_classes {
	unsigned plain, lead, cont, multi;
};

static inline unsigned mask16(__m128i m)
{
	return (unsigned)_mm_movemask_epi8(m);
}

static inline struct byte_classes classify16(const unsigned char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)),
					  _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F)));
	__m128i x = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
	__m128i lead = _mm_and_si128(
		_mm_cmpgt_epi8(x, _mm_set1_epi8((char)(NFKC_INERT_LEAD_LOW - 1 - 0x80))),
		_mm_cmplt_epi8(x, _mm_set1_epi8((char)(NFKC_INERT_LEAD_HIGH + 1 - 0x80))));
	__m128i pause = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x81)),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x82)));
	struct byte_classes b = {
		mask16(_mm_or_si128(printable, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')))),
		mask16(lead),
		mask16(_mm_cmplt_epi8(x, _mm_set1_epi8(0x40))) & ~mask16(x),
		mask16(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x3F))),
	};
	unsigned e3 = mask16(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3)));
	unsigned x80 = mask16(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x80)));
	b.lead |= e3 & x80 >> 1 & mask16(pause) >> 2;
	return b;
}

/* How many bytes at s[0..16) (s[0] starts a character) the vector step can
 * skip, and in *last_at the offset of the last character it skips; 0 when
 * s[0] is neither printable ASCII (or TAB) nor an ideograph lead.
 *
 * The common case: the bytes before the first multibyte lead at 14 or 15
 * (the window cuts that character) are printable ASCII and ideographs, each
 * lead followed by exactly two continuation bytes, none of them past the
 * cut. Else a run of ASCII, or of ideographs judged by their leads (at 0, 3,
 * 6, 9, 12) alone, as skip_inert_wide does: on valid UTF-8 two continuation
 * bytes follow a lead, and on invalid text both paths take the same three
 * bytes. */
static inline size_t simd_step(const unsigned char *s, size_t *last_at)
{
	struct byte_classes b = classify16(s);
	unsigned cut = b.multi & 0x4000 ? 14 : b.multi & 0x8000 ? 15 : 16;
	unsigned keep = (1u << cut) - 1, leads = b.lead & keep;
	unsigned follow = leads << 1 | leads << 2; /* where continuations belong */
	if (((~(b.plain | leads | b.cont) & keep) | ((b.cont & keep) ^ follow)) == 0) {
		unsigned starts = (b.plain | leads) & keep;
		*last_at = 31 - (size_t)__builtin_clz(starts); /* bit 0 is a start */
		return cut;
	}
	if (b.plain & 1) {
		size_t k = (size_t)__builtin_ctz(~b.plain); /* bit 16 and up are set */
		*last_at = k - 1;
		return k;
	}
	/* The first lead position (0, 3, …, 12) that fails; 15 when none. */
	unsigned stop = (unsigned)__builtin_ctz((~b.lead & 0x1249u) | 0x8000u);
	if (stop == 0)
		return 0;
	*last_at = stop - 3;
	return stop;
}
#endif

/* Skips stable starters NFKC keeps; returns the position of the first other
 * character, and in *starter the start of the last character skipped. The
 * last start is kept in a local: a store through `starter` per character
 * (which may alias s, for all the compiler knows) cost a fifth of the loop. */
static size_t skip_inert(const unsigned char *s, size_t n, size_t i, size_t *starter)
{
	size_t last = *starter;
	while (i < n) {
#ifdef UNORM_SIMD
		/* Only where the window can start: in text of other characters
		 * (mapped, four-byte) a failed try per character cost more than
		 * the byte loops. */
		if (n - i >= 16 && (is_plain_ascii(s[i]) ||
				    (unsigned char)(s[i] - 0xE3) <= NFKC_INERT_LEAD_HIGH - 0xE3)) {
			size_t last_at, k = simd_step(s + i, &last_at);
			if (k) {
				last = i + last_at;
				i += k;
				continue;
			}
		}
#endif
		if (s[i] < 0x80) {
			if (n - i >= 8 && plain_ascii_word(s + i)) {
				i += 8;
				last = i - 1;
				continue;
			}
			if (!is_plain_ascii(s[i]))
				break;
			last = i++;
			continue;
		}
		if ((s[i] & 0xF0) == 0xE0 && n - i >= 3) {
#ifdef UNORM_SIMD
			/* One character (、。…), then the vector step again. */
			size_t end = skip_inert_wide(s, n - i > 16 ? i + 3 : n, i, &last);
#else
			size_t end = skip_inert_wide(s, n, i, &last);
#endif
			if (end == i)
				break;
			i = end;
			continue;
		}
		size_t at = i;
		if (entry_at(s, n, &i) != NFKC_INERT) {
			i = at;
			break;
		}
		last = at;
	}
	*starter = last;
	return i < n ? i : n;
}

/* A MAP character or a control not followed by a combining character. */
static void replace_alone(struct nfkc_pass *p, size_t at, size_t i, unsigned e)
{
	copy_upto(p, at);
	p->copied = i;
	if (e == NFKC_CONTROL)
		p->st->controls++;
	else
		buf_add(p->out, (const char *)nfkc_pool + e + 1, nfkc_pool[e]);
}

static void nfkc_line(struct nfkc_pass *p)
{
	size_t i = 0, starter = NO_STARTER;
	while ((i = skip_inert(p->s, p->n, i, &starter)) < p->n) {
		size_t at = i;
		unsigned e = entry_at(p->s, p->n, &i);
		if (e == NFKC_KEEP) {
			starter = NO_STARTER; /* nothing composes with a kept ① */
			continue;
		}
		if (e != NFKC_OTHER && !combining_follows(p->s, p->n, i)) {
			replace_alone(p, at, i, e);
			starter = NO_STARTER;
			continue;
		}
		/* A MAP character starts its own piece; a combining character or
		 * a control joins the stable starter before it, if any. */
		size_t from = e >= NFKC_MAP || starter == NO_STARTER ? at : starter;
		i = slow_piece(p, from, e >= NFKC_MAP ? i : at);
		starter = NO_STARTER;
	}
	copy_upto(p, p->n);
}

/* Pass 2: spaces. */

enum {
	SP_HAN = 1,         /* ideographs, kana, bopomofo */
	SP_CJK_PUNCT = 2,   /* CJK punctuation, quotes, list markers */
	SP_ASCII_PUNCT = 4, /* ( ) , : ; ! ? — what full-width punctuation becomes */
	SP_DIGIT = 8,
	SP_PERCENT = 16,
	SP_DOT = 32,
	SP_WIDE = SP_HAN | SP_CJK_PUNCT,
	SP_NUMBER = SP_DIGIT | SP_PERCENT | SP_DOT,
};

static bool in_range(uint32_t c, uint32_t lo, uint32_t hi) { return c >= lo && c <= hi; }

static bool is_han(uint32_t c)
{
	return in_range(c, 0x4E00, 0x9FFF) || in_range(c, 0x3400, 0x4DBF) ||
	       in_range(c, 0x20000, 0x3FFFF) || in_range(c, 0xF900, 0xFAFF) ||
	       in_range(c, 0x2E80, 0x2FDF) || in_range(c, 0x3005, 0x3007) ||
	       in_range(c, 0x3021, 0x3029) || in_range(c, 0x3038, 0x303C) ||
	       in_range(c, 0x3040, 0x312F) || in_range(c, 0x31A0, 0x31FF);
}

static bool is_cjk_punct(uint32_t c)
{
	return in_range(c, 0x3000, 0x303F) || in_range(c, 0xFF00, 0xFFEF) ||
	       in_range(c, 0xFE10, 0xFE1F) || in_range(c, 0xFE30, 0xFE4F) ||
	       in_range(c, 0x2014, 0x2027) || c == 0x00B7 || c == 0x203B ||
	       in_range(c, 0x2460, 0x24FF) || in_range(c, 0x2776, 0x2793) ||
	       in_range(c, 0x3200, 0x32FF) || in_range(c, 0x25A0, 0x25FF) || in_range(c, 0x2605, 0x2606);
}

static unsigned space_class(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return SP_DIGIT;
	switch (c) {
	case '%': return SP_PERCENT;
	case '.': return SP_DOT;
	case '(': case ')': case ',': case ':': case ';': case '!': case '?':
		return SP_ASCII_PUNCT;
	}
	if (c < 0x80)
		return 0;
	return is_han(c) ? SP_HAN : is_cjk_punct(c) ? SP_CJK_PUNCT : 0;
}

static bool space_removable(unsigned a, unsigned b)
{
	return ((a & SP_WIDE) && (b & SP_WIDE)) ||
	       ((a & SP_ASCII_PUNCT) && (b & SP_WIDE)) ||
	       ((a & SP_WIDE) && (b & SP_ASCII_PUNCT)) ||
	       ((a & SP_NUMBER) && (b & SP_HAN)) ||
	       ((a & SP_HAN) && (b & SP_NUMBER)) ||
	       ((a & SP_DIGIT) && (b & SP_PERCENT));
}

/* The character that ends t[start..w). */
static uint32_t char_before(const char *t, size_t start, size_t w)
{
	size_t k = w - 1;
	while (k > start && w - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
		k--;
	return utf8_next((const unsigned char *)t, w, &k);
}

struct spacer {
	char *t;
	size_t start, end; /* the line: t[start..end) */
	size_t r, w;       /* read and write positions; w <= r */
	bool cell_start;   /* nothing written yet in the current cell */
};

/* The first space or TAB in t[from..end), or end: both at once, 16 bytes at
 * a time with SSE2 (two memchr calls per word cost more on short lines). */
static size_t find_blank(const char *t, size_t from, size_t end)
{
#ifdef UNORM_SIMD
	for (; end - from >= 16; from += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + from));
		__m128i blank = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
					     _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
		unsigned mask = (unsigned)_mm_movemask_epi8(blank);
		if (mask)
			return from + (size_t)__builtin_ctz(mask);
	}
#endif
	while (from < end && t[from] != ' ' && t[from] != '\t')
		from++;
	return from;
}

static void copy_word(struct spacer *sp)
{
	size_t from = sp->r;
	sp->r = find_blank(sp->t, from, sp->end);
	if (sp->r == from)
		return;
	if (sp->w != from)
		memmove(sp->t + sp->w, sp->t + from, sp->r - from);
	sp->w += sp->r - from;
	sp->cell_start = false;
}

/* At a run of spaces: drop it at a cell's edges, make it a cell separator if
 * it is a column gap, else one space unless the neighbours glue. */
static void space_run(struct spacer *sp, bool gaps)
{
	size_t from = sp->r;
	while (sp->r < sp->end && sp->t[sp->r] == ' ')
		sp->r++;
	if (sp->cell_start || sp->r == sp->end || sp->t[sp->r] == '\t')
		return;
	if (gaps && sp->r - from >= 3) {
		sp->t[sp->w++] = '\t';
		sp->cell_start = true;
		return;
	}
	size_t k = sp->r;
	unsigned after = space_class(utf8_next((const unsigned char *)sp->t, sp->end, &k));
	unsigned before = space_class(char_before(sp->t, sp->start, sp->w));
	if (!space_removable(before, after))
		sp->t[sp->w++] = ' ';
}

static void space_line(struct buf *out, size_t start, bool gaps)
{
	struct spacer sp = { out->data, start, out->len, start, start, true };
	for (;;) {
		copy_word(&sp);
		if (sp.r == sp.end)
			break;
		if (sp.t[sp.r] == '\t') {
			sp.t[sp.w++] = '\t';
			sp.r++;
			sp.cell_start = true;
		} else
			space_run(&sp, gaps);
	}
	while (sp.w > start && sp.t[sp.w - 1] == '\t') /* trailing empty cells */
		sp.w--;
	out->len = sp.w;
}

void unorm_line(const char *s, size_t n, const struct unorm_opts *o,
		struct unorm_stats *st, struct buf *out)
{
	struct unorm_stats ignored = { 0 };
	size_t start = out->len;
	if (n == 0)
		return; /* s may be NULL: an empty line owns no buffer yet */
	if (o->nfkc) {
		struct nfkc_pass p = { (const unsigned char *)s, n, 0,
				       st ? st : &ignored, out };
		nfkc_line(&p);
	} else
		buf_add(out, s, n);
	if (o->spaces && out->len > start)
		space_line(out, start, o->gaps);
}
