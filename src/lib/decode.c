/* decode: raw bytes of any encoding in, UTF-8 out; see decode.h.
 *
 * A decoder is undecided until it has seen enough: the first 4 bytes (a BOM),
 * the first 4 KB (a <meta charset> or <?xml encoding?> declaration), and then
 * up to 4 KB of non-ASCII bytes (or 1 MiB of look-ahead, or the end of input)
 * to judge whether the bytes are UTF-8. Those bytes wait in `pending`; every
 * threshold is counted in input bytes, so the decision (and so the output)
 * does not depend on how the input was cut into feeds. While no non-ASCII byte
 * has been seen, ASCII is the same in UTF-8 and GB18030 and is passed on at
 * once, so a 100 KB ASCII page head neither waits nor fools the guess.
 *
 * Once decided, UTF-8 is validated and copied by hand (ASCII 8 bytes at a
 * time; each maximal invalid subsequence becomes U+FFFD, as the Unicode
 * standard recommends; the validator is utf8.c's), and anything else goes
 * through iconv(3) in pieces of STAGE_SIZE bytes into a fixed buffer of
 * code points that we encode as UTF-8 (four at a time with SSE2), a byte
 * that does not decode becoming U+FFFD. GB18030's ASCII and two-byte
 * characters skip iconv: a table of their UTF-8, asked of iconv once per
 * decoder, converts them; the rest still goes through iconv. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "decode.h"
#include "sys.h"
#include "utf8.h"

/* SSE2 is part of x86-64; DECODE_SCALAR lets the unit test build the plain
 * loop alone and compare the two. */
#if defined(__SSE2__) && !defined(DECODE_SCALAR)
#define DECODE_SIMD 1
#include <emmintrin.h>
#endif

enum {
	HEAD_SIZE = 4096,          /* where a charset declaration may stand */
	LOOK_NONASCII = 4096,      /* non-ASCII bytes enough to judge UTF-8 */
	LOOK_MAX = 1 << 20,        /* bound of the look-ahead, in bytes */
	STAGE_SIZE = 1 << 16,      /* iconv input piece */
	GB_SLOW_PIECE = 64,        /* the least given to iconv at a GB18030
				    * character that the table does not hold */
	WIDE_SIZE = 1 << 12,       /* code points per iconv call */
	NAME_MAX_LEN = 40,         /* charset names we keep */
};

static const char replacement[] = "\xEF\xBF\xBD";

/* The UTF-8 validator's state between bytes: the bytes of an incomplete
 * sequence, how many more it needs, and the range the next one must be in
 * (which is narrower after E0, ED, F0, F4: no overlongs, surrogates or
 * code points above U+10FFFF). */
struct utf8_state {
	unsigned char seq[4];
	int len;
	int need;
	unsigned char low, high;
};

enum mode { UNDECIDED, READ_UTF8, READ_ICONV };

struct decoder {
	enum mode mode;
	bool forced;
	enum mode forced_mode;   /* how a forced decoder reads */
	bool head_done;          /* BOM and declaration looked for */
	bool pass_ascii;         /* ASCII before the first non-ASCII byte goes out */
	struct buf pending;      /* bytes held back while undecided */
	size_t nonascii;         /* non-ASCII bytes in pending */
	size_t replaced;
	struct utf8_state utf8;
	iconv_t cd;              /* (iconv_t)-1 when not used */
	size_t unit;             /* bytes to skip over an undecodable sequence */
	char *stage;             /* iconv input: a held tail plus a new piece */
	size_t stage_len;
	uint32_t *gb_table;      /* GB18030 two-byte characters, or NULL */
	char encoding[NAME_MAX_LEN];
	char declared[NAME_MAX_LEN];     /* as written in the page, or "" */
	char declared_as[NAME_MAX_LEN];  /* the name we read it as, or "" */
	char note[3 * NAME_MAX_LEN + 64];
};

/* ---- charset names ---- */

/* "UTF-8", "utf_8", "Utf8" all compare equal: case, '-' and '_' ignored. */
static bool same_charset(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-' || *a == '_')
			a++;
		while (*b == '-' || *b == '_')
			b++;
		char x = *a >= 'a' && *a <= 'z' ? *a - 32 : *a;
		char y = *b >= 'a' && *b <= 'z' ? *b - 32 : *b;
		if (x != y)
			return false;
		if (!x)
			return true;
		a++, b++;
	}
}

static bool is_any_of(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (same_charset(name, *list))
			return true;
	return false;
}

/* The name we read a charset as: the GB family as GB18030, its superset
 * (so a GBK page with a GB18030-only character still decodes); UTF-8 by
 * any spelling; other names as given, for iconv to judge. */
static const char *charset_reading(const char *name)
{
	static const char *const gb[] = {
		"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936",
		"windows-936", "csgb2312", "euc-cn", "x-euc-cn", "chinese",
		"gb_2312-80", "iso-ir-58", "csiso58gb231280", NULL,
	};
	static const char *const utf8[] = {
		"utf-8", "utf8", "unicode-1-1-utf-8", NULL,
	};
	if (is_any_of(name, gb))
		return "GB18030";
	if (is_any_of(name, utf8))
		return "UTF-8";
	return name;
}

/* A page whose declaration we could read is ASCII-compatible, whatever it
 * says; UTF-16 and UTF-32 declarations are slips (HTML reads them as UTF-8). */
static bool declaration_impossible(const char *name)
{
	static const char *const wide[] = {
		"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le",
		"utf-32be", "ucs-2", "ucs-4", "unicode", "iso-10646-ucs-2", NULL,
	};
	return is_any_of(name, wide);
}

static void copy_name(char *dst, const char *src)
{
	snprintf(dst, NAME_MAX_LEN, "%s", src);
}

/* ---- the UTF-8 reader ---- */

static void put_replacement(struct decoder *d, struct buf *out)
{
	buf_add(out, replacement, 3);
	d->replaced++;
}

/* One byte through the validator. Returns 1 when a sequence completed
 * (s->seq holds it), -1 when the bytes so far are an invalid subsequence
 * (to be replaced; c itself is then not consumed unless *used says so),
 * 0 when more bytes are needed or c was ASCII. */
static int utf8_step(struct utf8_state *s, unsigned char c, bool *used)
{
	*used = true;
	if (s->need == 0) {
		if (c < 0x80)
			return 0;
		s->need = utf8_lead(c, &s->low, &s->high);
		if (!s->need)
			return -1;
		s->seq[0] = c;
		s->len = 1;
		return 0;
	}
	if (c < s->low || c > s->high) {
		*used = false;  /* c may start the next sequence */
		s->need = 0;
		return -1;
	}
	s->seq[s->len++] = c;
	s->low = 0x80, s->high = 0xBF;
	return --s->need == 0 ? 1 : 0;
}

/* The length of the ASCII run at the start of s, 8 bytes at a time. */
static size_t ascii_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint64_t word;
	while (n - i >= 8) {
		memcpy(&word, s + i, 8);
		if (word & 0x8080808080808080u)
			break;
		i += 8;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* Slow path: bytes one at a time until the validator is between
 * sequences again. Returns how many bytes of s it took. */
static size_t utf8_slow(struct decoder *d, const unsigned char *s, size_t n,
			struct buf *out)
{
	size_t i = 0;
	do {
		bool used;
		int r = utf8_step(&d->utf8, s[i], &used);
		if (r > 0)
			buf_add(out, (const char *)d->utf8.seq, d->utf8.len);
		else if (r < 0)
			put_replacement(d, out);
		else if (s[i] < 0x80 && d->utf8.need == 0)
			buf_addc(out, (char)s[i]);
		if (used)
			i++;
	} while (i < n && d->utf8.need > 0);
	return i;
}

static void utf8_feed(struct decoder *d, const char *in, size_t n,
		      struct buf *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;
	if (d->utf8.need > 0)
		i += utf8_slow(d, s, n, out);
	while (i < n) {
		size_t run = utf8_valid_prefix(in + i, n - i);
		buf_add(out, in + i, run);
		i += run;
		if (i < n)
			i += utf8_slow(d, s + i, n - i, out);
	}
}

static void utf8_finish(struct decoder *d, struct buf *out)
{
	if (d->utf8.need > 0) {
		d->utf8.need = 0;
		put_replacement(d, out);
	}
}

/* Valid multibyte characters and invalid subsequences in s, for the guess.
 * A sequence cut by the end of the look-ahead counts as neither, unless
 * the input ends there. */
static void utf8_census(const char *in, size_t n, bool at_end,
			size_t *valid, size_t *invalid)
{
	struct utf8_state st = {0};
	const unsigned char *s = (const unsigned char *)in;
	*valid = *invalid = 0;
	for (size_t i = 0; i < n;) {
		bool used;
		int r = utf8_step(&st, s[i], &used);
		if (r > 0)
			++*valid;
		else if (r < 0)
			++*invalid;
		if (used)
			i++;
	}
	if (at_end && st.need > 0)
		++*invalid;
}

/* UTF-8 "with at most rare invalid sequences". GB18030 Chinese read as
 * UTF-8 yields roughly one invalid subsequence per character, with a few
 * accidental valid ones; real UTF-8 yields none or a stray few. */
static bool looks_utf8(size_t valid, size_t invalid)
{
	return valid > 0 && invalid * 16 <= valid;
}

/* ---- the iconv reader ---- */

static bool open_iconv(struct decoder *d, const char *name)
{
	d->cd = iconv_open("WCHAR_T", name);
	if (d->cd == (iconv_t)-1)
		return false;
	/* Skipping a whole code unit keeps UTF-16/32 in step after an
	 * undecodable one; for byte encodings one byte is the safe resync. */
	d->unit = 1;
	if (same_charset(name, "UTF-16LE") || same_charset(name, "UTF-16BE")
	    || same_charset(name, "UTF-16") || same_charset(name, "UCS-2"))
		d->unit = 2;
	if (same_charset(name, "UTF-32LE") || same_charset(name, "UTF-32BE")
	    || same_charset(name, "UTF-32") || same_charset(name, "UCS-4"))
		d->unit = 4;
	return true;
}

/* iconv writes code points (its "WCHAR_T": UCS-4 in host order with glibc
 * and GNU libiconv) and we write the UTF-8: one conversion step instead of
 * iconv's two (to its internal UCS-4, then to UTF-8), and far faster. */
_Static_assert(sizeof(wchar_t) == 4, "iconv's WCHAR_T must be UCS-4");

/* Writes one code point as UTF-8 at o; returns the end. Surrogates and
 * values above U+10FFFF are not characters: they become U+FFFD, counted like
 * any undecodable input. */
static inline unsigned char *encode_one(struct decoder *d, uint32_t c, unsigned char *o)
{
	/* Three bytes first: the BMP outside the surrogates, all of CJK. */
	if (c - 0x800u < 0xD800u - 0x800u || c - 0xE000u < 0x2000u) {
		o[0] = (unsigned char)(0xE0 | c >> 12);
		o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return o + 3;
	}
	if (c < 0x80) {
		*o++ = (unsigned char)c;
	} else if (c < 0x800) {
		*o++ = (unsigned char)(0xC0 | c >> 6);
		*o++ = (unsigned char)(0x80 | (c & 0x3F));
	} else if (c >= 0x10000 && c <= 0x10FFFF) {
		*o++ = (unsigned char)(0xF0 | c >> 18);
		*o++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));
		*o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (unsigned char)(0x80 | (c & 0x3F));
	} else {
		memcpy(o, replacement, 3);
		o += 3;
		d->replaced++;
	}
	return o;
}

#ifdef DECODE_SIMD
/* Four code points at once when all four are ASCII or all four take the
 * three-byte form that encode_one tries first (U+0800-U+FFFF without the
 * surrogates: Chinese text); returns the new end, or NULL to let encode_one
 * take them. Needs 14 bytes of room at o (16 for four characters are
 * reserved): two characters' six bytes go out as one eight-byte
 * little-endian store (x86-64 is little-endian), the next store overwriting
 * the two extra bytes. */
static inline unsigned char *encode_four(const wchar_t *wide, unsigned char *o)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)wide);
	__m128i zero = _mm_setzero_si128();
	if (_mm_movemask_epi8(_mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(~0x7F)), zero)) == 0xFFFF) {
		__m128i bytes = _mm_packus_epi16(_mm_packs_epi32(v, zero), zero);
		uint32_t four = (uint32_t)_mm_cvtsi128_si32(bytes);
		memcpy(o, &four, 4);
		return o + 4;
	}
	__m128i in_bmp = _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(~0xFFFF)), zero);
	__m128i top = _mm_and_si128(v, _mm_set1_epi32(0xF800));
	__m128i short_or_surrogate = _mm_or_si128(_mm_cmpeq_epi32(top, zero),
						  _mm_cmpeq_epi32(top, _mm_set1_epi32(0xD800)));
	if (_mm_movemask_epi8(_mm_andnot_si128(short_or_surrogate, in_bmp)) != 0xFFFF)
		return NULL;
	__m128i low6 = _mm_set1_epi32(0x3F), cont = _mm_set1_epi32(0x80);
	__m128i b0 = _mm_or_si128(_mm_srli_epi32(v, 12), _mm_set1_epi32(0xE0));
	__m128i b1 = _mm_or_si128(_mm_and_si128(_mm_srli_epi32(v, 6), low6), cont);
	__m128i b2 = _mm_or_si128(_mm_and_si128(v, low6), cont);
	__m128i w = _mm_or_si128(b0, _mm_or_si128(_mm_slli_epi32(b1, 8), _mm_slli_epi32(b2, 16)));
	uint64_t first = (uint64_t)_mm_cvtsi128_si64(w);
	uint64_t second = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(w, w));
	/* Two characters' six bytes in the low six bytes of a word. */
	first = (first & 0xFFFFFF) | (first >> 32) << 24;
	second = (second & 0xFFFFFF) | (second >> 32) << 24;
	memcpy(o, &first, 8);
	memcpy(o + 6, &second, 8);
	return o + 12;
}
#endif

/* Appends code points as UTF-8. */
static void encode_utf8(struct decoder *d, const wchar_t *wide, size_t count,
			struct buf *out)
{
	if (count == 0)
		return; /* out may own no buffer yet */
	buf_reserve(out, count * 4);
	unsigned char *o = (unsigned char *)out->data + out->len;
	size_t i = 0;
#ifdef DECODE_SIMD
	for (; count - i >= 4; i += 4) {
		unsigned char *end = encode_four(wide + i, o);
		if (end) {
			o = end;
			continue;
		}
		for (int k = 0; k < 4; k++)
			o = encode_one(d, (uint32_t)wide[i + k], o);
	}
#endif
	for (; i < count; i++)
		o = encode_one(d, (uint32_t)wide[i], o);
	out->len = (size_t)((char *)o - out->data);
}

/* One iconv call into a fixed buffer of code points, then UTF-8 into out.
 * Returns iconv's result with its errno in *error. */
static size_t iconv_wide(struct decoder *d, char **in, size_t *left,
			 struct buf *out, int *error)
{
	wchar_t wide[WIDE_SIZE];
	char *o = (char *)wide;
	size_t room = sizeof wide;
	size_t r = in ? iconv(d->cd, in, left, &o, &room)
		      : iconv(d->cd, NULL, NULL, &o, &room); /* shift back to initial */
	*error = errno;
	encode_utf8(d, wide, (sizeof wide - room) / sizeof *wide, out);
	return r;
}

/* Converts stage[0..stage_len), leaving an incomplete character at its
 * start for the next piece, or replacing it when at_end. */
static void iconv_stage(struct decoder *d, bool at_end, struct buf *out)
{
	char *in = d->stage;
	size_t left = d->stage_len;
	while (left > 0) {
		int error;
		size_t r = iconv_wide(d, &in, &left, out, &error);
		if (r != (size_t)-1 || error == E2BIG)
			continue;
		if (error == EINVAL && !at_end)
			break;
		size_t skip = d->unit < left ? d->unit : left;
		if (error == EINVAL)
			skip = left;  /* a character cut by the end of input */
		put_replacement(d, out);
		in += skip, left -= skip;
	}
	memmove(d->stage, in, left);
	d->stage_len = left;
	if (at_end) {
		int error;
		iconv_wide(d, NULL, NULL, out, &error);
	}
}

static void iconv_feed(struct decoder *d, const char *in, size_t n,
		       struct buf *out)
{
	while (n > 0) {
		size_t k = STAGE_SIZE - d->stage_len;
		if (k > n)
			k = n;
		memcpy(d->stage + d->stage_len, in, k);
		d->stage_len += k;
		in += k, n -= k;
		iconv_stage(d, false, out);
	}
}

/* ---- GB18030 without iconv, for most characters ----
 *
 * Chinese text in GB18030 is ASCII and two-byte characters (lead 81-FE,
 * trail 40-7E or 80-FE). Their code points are asked of iconv once, when the
 * decoder settles on GB18030, and kept as a table of their UTF-8; the text is
 * then converted by table lookup, three times fewer instructions than iconv
 * plus encode_utf8. Anything else (four-byte characters, invalid bytes, a
 * character cut by the end of a feed, a pair the table left empty) goes
 * through iconv_feed as before, so the output is what iconv alone gives:
 * GB18030 has no shift state, a character decodes the same in any context. */

enum { GB_LEAD_LOW = 0x81, GB_LEAD_HIGH = 0xFE, GB_TRAIL_LOW = 0x40,
       GB_TRAILS = 0x100 - GB_TRAIL_LOW };

/* A table entry: the UTF-8 bytes of the character in the low three bytes,
 * their count in the top one; 0 for "ask iconv". */
static uint32_t gb_entry(wchar_t wide)
{
	uint32_t c = (uint32_t)wide;
	if (c == 0 || c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	unsigned char utf8[3];
	unsigned char *end = encode_one(NULL, c, utf8); /* never replaces: no d */
	uint32_t len = (uint32_t)(end - utf8), entry = len << 24;
	for (uint32_t k = 0; k < len; k++)
		entry |= (uint32_t)utf8[k] << (8 * k);
	return entry;
}

/* Fills the row of one lead byte: all its pairs in one iconv call (as many
 * as convert in one go between refusals). Where the code points produced do
 * not match the pairs consumed one to one, the entries stay 0. */
static void gb_fill_row(iconv_t cd, unsigned lead, uint32_t *row)
{
	char pairs[2 * GB_TRAILS];
	unsigned char trails[GB_TRAILS];
	size_t count = 0;
	for (unsigned trail = GB_TRAIL_LOW; trail <= 0xFE; trail++) {
		if (trail == 0x7F)
			continue;
		pairs[2 * count] = (char)lead;
		pairs[2 * count + 1] = (char)trail;
		trails[count++] = (unsigned char)trail;
	}
	for (size_t at = 0; at < count;) {
		wchar_t wide[GB_TRAILS];
		char *in = pairs + 2 * at, *o = (char *)wide;
		size_t left = 2 * (count - at), room = sizeof wide;
		size_t r = iconv(cd, &in, &left, &o, &room);
		size_t used = (size_t)(in - (pairs + 2 * at));
		size_t got = (sizeof wide - room) / sizeof *wide;
		if (used % 2 || got != used / 2)
			return;
		for (size_t k = 0; k < got; k++)
			row[trails[at + k] - GB_TRAIL_LOW] = gb_entry(wide[k]);
		at += got + (r == (size_t)-1); /* past a pair iconv refused */
		iconv(cd, NULL, NULL, NULL, NULL);
	}
}

static uint32_t *gb_new_table(void)
{
	iconv_t cd = iconv_open("WCHAR_T", "GB18030");
	if (cd == (iconv_t)-1)
		return NULL; /* then iconv_feed does it all */
	size_t size = (GB_LEAD_HIGH - GB_LEAD_LOW + 1) * GB_TRAILS;
	uint32_t *table = xcalloc(size, sizeof *table);
	for (unsigned lead = GB_LEAD_LOW; lead <= GB_LEAD_HIGH; lead++)
		gb_fill_row(cd, lead, table + (lead - GB_LEAD_LOW) * GB_TRAILS);
	iconv_close(cd);
	return table;
}

/* Converts the table characters at the start of s[0..n) to o; returns how
 * many bytes it took, and the end of the output in *end. */
static size_t gb_pairs(const uint32_t *table, const unsigned char *s, size_t n,
		       unsigned char **end)
{
	unsigned char *o = *end;
	size_t i = 0;
	for (; n - i >= 2; i += 2) {
		/* Out of range below wraps around: one compare each. */
		unsigned lead = s[i] - (unsigned)GB_LEAD_LOW, trail = s[i + 1] - (unsigned)GB_TRAIL_LOW;
		if (lead > GB_LEAD_HIGH - GB_LEAD_LOW || trail >= GB_TRAILS)
			break;
		uint32_t e = table[lead * GB_TRAILS + trail];
		if (e == 0)
			break;
		o[0] = (unsigned char)e;
		o[1] = (unsigned char)(e >> 8);
		o[2] = (unsigned char)(e >> 16);
		o += e >> 24;
	}
	*end = o;
	return i;
}

/* Converts the ASCII and table characters at the start of in[0..n);
 * returns how many bytes it took. */
static size_t gb_fast(const uint32_t *table, const char *in, size_t n,
		      struct buf *out)
{
	const unsigned char *s = (const unsigned char *)in;
	buf_reserve(out, n + n / 2); /* two bytes become at most three */
	unsigned char *o = (unsigned char *)out->data + out->len;
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			if (n - i >= 8 && !(bytes_load(in + i) & BYTES_HIGH)) {
				memcpy(o, s + i, 8);
				o += 8, i += 8;
			} else
				*o++ = s[i++];
			continue;
		}
		size_t k = gb_pairs(table, s + i, n - i, &o);
		if (k == 0)
			break;
		i += k;
	}
	out->len = (size_t)((char *)o - out->data);
	return i;
}

/* Table characters go by the table, the others to iconv in pieces: short
 * ones in Chinese text (a rare four-byte character), longer and longer ones
 * while the table converts less than iconv did (text of four-byte
 * characters, or not GB18030 at all), so that iconv's cost per call stays
 * small beside its work. */
static void gb_feed(struct decoder *d, const char *in, size_t n, struct buf *out)
{
	size_t piece = GB_SLOW_PIECE;
	while (n > 0) {
		if (d->stage_len == 0) { /* iconv holds no part of a character */
			size_t k = gb_fast(d->gb_table, in, n, out);
			in += k, n -= k;
			if (n == 0)
				break;
			piece = k >= piece ? GB_SLOW_PIECE : piece < STAGE_SIZE / 2 ? 2 * piece : STAGE_SIZE;
		}
		size_t k = n < piece ? n : piece;
		iconv_feed(d, in, k, out);
		in += k, n -= k;
	}
}

/* ---- deciding ---- */

static void convert(struct decoder *d, const char *in, size_t n,
		    struct buf *out)
{
	if (d->mode == READ_UTF8)
		utf8_feed(d, in, n, out);
	else if (d->gb_table)
		gb_feed(d, in, n, out);
	else
		iconv_feed(d, in, n, out);
}

/* Leaves the undecided state and converts what was held back. */
static void settle(struct decoder *d, enum mode mode, size_t skip,
		   struct buf *out)
{
	d->mode = mode;
	if (mode == READ_ICONV)
		d->stage = xmalloc(STAGE_SIZE);
	if (mode == READ_ICONV && same_charset(d->encoding, "GB18030"))
		d->gb_table = gb_new_table();
	struct buf held = d->pending;
	d->pending = (struct buf){0};
	if (held.len > skip)
		convert(d, held.data + skip, held.len - skip, out);
	buf_free(&held);
}

static void use_encoding(struct decoder *d, const char *name)
{
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	d->cd = (iconv_t)-1;
	if (!same_charset(name, "UTF-8") && !open_iconv(d, name))
		die("iconv cannot convert from %s", name);
	copy_name(d->encoding, name);
}

/* The byte-order mark at the start of s, or NULL. Checked longest first:
 * FF FE 00 00 is UTF-32LE, not UTF-16LE followed by U+0000. */
static const char *bom_encoding(const unsigned char *s, size_t n,
				size_t *len)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *name;
	} boms[] = {
		{"\x00\x00\xFE\xFF", 4, "UTF-32BE"},
		{"\xFF\xFE\x00\x00", 4, "UTF-32LE"},
		{"\xEF\xBB\xBF", 3, "UTF-8"},
		{"\xFE\xFF", 2, "UTF-16BE"},
		{"\xFF\xFE", 2, "UTF-16LE"},
	};
	for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
		if (n >= boms[i].len && !memcmp(s, boms[i].bytes, boms[i].len)) {
			*len = boms[i].len;
			return boms[i].name;
		}
	return NULL;
}

/* Decides by the BOM when there is one; forced decoders only strip a BOM
 * of the encoding they were forced to. */
static bool decide_by_bom(struct decoder *d, struct buf *out)
{
	size_t len = 0;
	const char *name = bom_encoding((const unsigned char *)d->pending.data,
					d->pending.len, &len);
	if (d->forced) {
		if (!name || !same_charset(name, d->encoding))
			len = 0;
		settle(d, d->forced_mode, len, out);
		return true;
	}
	if (!name)
		return false;
	use_encoding(d, name);
	settle(d, same_charset(name, "UTF-8") ? READ_UTF8 : READ_ICONV, len,
	       out);
	return true;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive search for an ASCII word in s[0..n). */
static const char *find_word(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && lower(s[i + k]) == word[k])
			k++;
		if (k == m)
			return s + i;
	}
	return NULL;
}

/* After `key` in s[0..n): optional spaces, '=', spaces, a quote; copies the
 * value (a charset name: letters, digits, "-_.:") into name. */
static bool read_assignment(const char *s, size_t n, const char *key,
			    char *name)
{
	const char *p = find_word(s, n, key);
	if (!p)
		return false;
	const char *end = s + n;
	p += strlen(key);
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p == end || *p++ != '=')
		return false;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\''))
		p++;
	size_t k = 0;
	while (p < end && k + 1 < NAME_MAX_LEN
	       && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
		   || (*p >= '0' && *p <= '9') || (*p && strchr("-_.:", *p))))
		name[k++] = *p++;
	name[k] = '\0';
	return k > 0;
}

/* A charset declared in the head: <?xml encoding=...?> at the very start,
 * or any <meta ...charset=...> (which covers both <meta charset> and
 * <meta http-equiv content="text/html; charset=...">). */
static bool find_declaration(const char *s, size_t n, char *name)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
			 || s[i] == '\r'))
		i++;
	if (n - i >= 5 && !memcmp(s + i, "<?xml", 5)) {
		const char *end = memchr(s + i, '>', n - i);
		size_t len = end ? (size_t)(end - s) - i : n - i;
		if (read_assignment(s + i, len, "encoding", name))
			return true;
	}
	const char *p = s;
	while ((p = find_word(p, n - (p - s), "<meta"))) {
		const char *end = memchr(p, '>', n - (p - s));
		size_t len = end ? (size_t)(end - p) : n - (p - s);
		if (read_assignment(p, len, "charset", name))
			return true;
		p += 5;
	}
	return false;
}

/* Looks at the first HEAD_SIZE bytes (or all of a shorter input): BOM,
 * then the declaration. A UTF-8 declaration decides at once: the rule
 * "UTF-8 bytes win" cannot overrule it. */
static void read_head(struct decoder *d, struct buf *out)
{
	d->head_done = true;
	if (decide_by_bom(d, out))
		return;
	char name[NAME_MAX_LEN];
	if (find_declaration(d->pending.data, d->pending.len, name)
	    && !declaration_impossible(name)) {
		const char *as = charset_reading(name);
		if (same_charset(as, "UTF-8")) {
			use_encoding(d, "UTF-8");
			settle(d, READ_UTF8, 0, out);
			return;
		}
		if (open_iconv(d, as)) {
			copy_name(d->declared, name);
			copy_name(d->declared_as, as);
		}
	}
	/* ASCII means the same in UTF-8 and GB18030, not in every declared
	 * charset (ISO-2022-CN, UTF-7): only then may it go out early. */
	d->pass_ascii = !d->declared_as[0]
			|| same_charset(d->declared_as, "GB18030");
}

static void decide_by_content(struct decoder *d, bool at_end,
			      struct buf *out)
{
	size_t valid, invalid;
	utf8_census(d->pending.data, d->pending.len, at_end, &valid, &invalid);
	bool utf8 = looks_utf8(valid, invalid);
	if (d->declared_as[0] && !utf8) {
		copy_name(d->encoding, d->declared_as);
		settle(d, READ_ICONV, 0, out);
		return;
	}
	if (d->declared_as[0]) {
		iconv_close(d->cd);
		d->cd = (iconv_t)-1;
		snprintf(d->note, sizeof d->note,
			 "declared charset %s, but the bytes are UTF-8: "
			 "read as UTF-8", d->declared);
	}
	bool read_utf8 = utf8 || d->nonascii == 0;
	use_encoding(d, read_utf8 ? "UTF-8" : "GB18030");
	settle(d, read_utf8 ? READ_UTF8 : READ_ICONV, 0, out);
}

/* How many bytes of s to add to the look-ahead before it is full. */
static size_t look_ahead_take(struct decoder *d, const char *s, size_t n,
			      bool *full)
{
	size_t i = 0;
	*full = false;
	while (i < n) {
		if (d->nonascii >= LOOK_NONASCII
		    || d->pending.len + i >= LOOK_MAX) {
			*full = true;
			break;
		}
		if ((unsigned char)s[i++] >= 0x80)
			d->nonascii++;
	}
	if (!*full)
		*full = d->nonascii >= LOOK_NONASCII
			|| d->pending.len + i >= LOOK_MAX;
	return i;
}

/* Passes on ASCII that precedes any non-ASCII byte. */
static size_t pass_ascii(struct decoder *d, const char *s, size_t n,
			 struct buf *out)
{
	if (!d->pass_ascii || d->nonascii > 0)
		return 0;
	if (d->pending.len) {
		buf_add(out, d->pending.data, d->pending.len);
		buf_clear(&d->pending);
	}
	size_t i = ascii_prefix((const unsigned char *)s, n);
	buf_add(out, s, i);
	return i;
}

/* Feeds an undecided decoder; returns how many bytes of in it took
 * before deciding (the rest is for the decided converter). */
static size_t feed_undecided(struct decoder *d, const char *in, size_t n,
			     struct buf *out)
{
	size_t used = 0;
	if (!d->head_done) {
		size_t want = d->forced ? 4 : HEAD_SIZE;
		size_t k = want - d->pending.len;
		if (k > n)
			k = n;
		for (size_t i = 0; i < k; i++)
			d->nonascii += (unsigned char)in[i] >= 0x80;
		buf_add(&d->pending, in, k);
		used = k;
		if (d->pending.len < want)
			return used;
		read_head(d, out);
		if (d->mode != UNDECIDED)
			return used;
	}
	used += pass_ascii(d, in + used, n - used, out);
	bool full;
	size_t k = look_ahead_take(d, in + used, n - used, &full);
	buf_add(&d->pending, in + used, k);
	used += k;
	if (full)
		decide_by_content(d, false, out);
	return used;
}

/* ---- the interface ---- */

struct decoder *decoder_new(const char *forced)
{
	struct decoder *d = xcalloc(1, sizeof *d);
	d->cd = (iconv_t)-1;
	copy_name(d->encoding, "UTF-8");
	if (!forced)
		return d;
	d->forced = true;
	d->forced_mode = READ_UTF8;
	const char *as = charset_reading(forced);
	if (same_charset(as, "UTF-8"))
		return d;
	if (!open_iconv(d, as)) {
		free(d);
		return NULL;
	}
	copy_name(d->encoding, as);
	d->forced_mode = READ_ICONV;
	return d;
}

void decoder_feed(struct decoder *d, const char *in, size_t n,
		  struct buf *out)
{
	if (d->mode == UNDECIDED) {
		size_t used = feed_undecided(d, in, n, out);
		in += used, n -= used;
	}
	if (n > 0)
		convert(d, in, n, out);
}

const char *decoder_pass(struct decoder *d, const char *in, size_t n,
			 struct buf *out, size_t *len)
{
	if (d->mode == READ_UTF8 && d->utf8.need == 0 && out->len == 0) {
		size_t run = utf8_valid_prefix(in, n);
		if (run == n) {
			*len = n;
			return in;
		}
		/* Copy what was checked; utf8_feed starts at the bad byte. */
		buf_add(out, in, run);
		in += run, n -= run;
	}
	decoder_feed(d, in, n, out);
	*len = out->len;
	return out->data;
}

void decoder_finish(struct decoder *d, struct buf *out)
{
	if (!d->head_done)
		read_head(d, out);
	if (d->mode == UNDECIDED) {
		pass_ascii(d, NULL, 0, out);
		decide_by_content(d, true, out);
	}
	if (d->mode == READ_UTF8)
		utf8_finish(d, out);
	else
		iconv_stage(d, true, out);
}

const char *decoder_encoding(const struct decoder *d)
{
	return d->encoding;
}

size_t decoder_replaced(const struct decoder *d)
{
	return d->replaced;
}

const char *decoder_note(const struct decoder *d)
{
	return d->note[0] ? d->note : NULL;
}

void decoder_free(struct decoder *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	buf_free(&d->pending);
	free(d->stage);
	free(d->gb_table);
	free(d);
}
