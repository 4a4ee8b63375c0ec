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
 * code points that we encode as UTF-8, a byte that does not decode becoming
 * U+FFFD. */
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

enum {
	HEAD_SIZE = 4096,          /* where a charset declaration may stand */
	LOOK_NONASCII = 4096,      /* non-ASCII bytes enough to judge UTF-8 */
	LOOK_MAX = 1 << 20,        /* bound of the look-ahead, in bytes */
	STAGE_SIZE = 1 << 16,      /* iconv input piece */
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

/* Appends code points as UTF-8. Surrogates and values above U+10FFFF are
 * not characters: they become U+FFFD, counted like any undecodable input. */
static void encode_utf8(struct decoder *d, const wchar_t *wide, size_t count,
			struct buf *out)
{
	if (count == 0)
		return; /* out may own no buffer yet */
	buf_reserve(out, count * 4);
	unsigned char *o = (unsigned char *)out->data + out->len;
	for (size_t i = 0; i < count; i++) {
		uint32_t c = (uint32_t)wide[i];
		/* Three bytes first: the BMP outside the surrogates, all of CJK. */
		if (c - 0x800u < 0xD800u - 0x800u || c - 0xE000u < 0x2000u) {
			o[0] = (unsigned char)(0xE0 | c >> 12);
			o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
			o[2] = (unsigned char)(0x80 | (c & 0x3F));
			o += 3;
		} else if (c < 0x80) {
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
	}
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

/* ---- deciding ---- */

static void convert(struct decoder *d, const char *in, size_t n,
		    struct buf *out)
{
	if (d->mode == READ_UTF8)
		utf8_feed(d, in, n, out);
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
	free(d);
}
