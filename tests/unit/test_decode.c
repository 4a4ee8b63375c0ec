/* test_decode: unit tests of decode.c (encoding detection and conversion).
 *
 * Each case decodes bytes whole and again in pieces of 1, 3 and 4096 bytes,
 * and checks the UTF-8 out, the encoding chosen, the count of U+FFFD
 * replacements and the note. Fixtures live in tests/fixtures/decode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "sys.h"

/* decode.c again, built without its SSE2 encoder and its GB18030 table
 * (iconv and the plain loop do everything), under other names: the fast
 * paths must give exactly what the plain ones give. */
#define DECODE_SCALAR
#define decoder_new plain_decoder_new
#define decoder_feed plain_decoder_feed
#define decoder_pass plain_decoder_pass
#define decoder_finish plain_decoder_finish
#define decoder_encoding plain_decoder_encoding
#define decoder_replaced plain_decoder_replaced
#define decoder_note plain_decoder_note
#define decoder_free plain_decoder_free
#include "../../src/lib/decode.c"
#undef decoder_new
#undef decoder_feed
#undef decoder_pass
#undef decoder_finish
#undef decoder_encoding
#undef decoder_replaced
#undef decoder_note
#undef decoder_free

static int passed, failed;

struct result {
	struct buf text;
	char encoding[64];
	size_t replaced;
	char note[256];
};

static void decode_in_pieces(const char *forced, const char *in, size_t n,
			     size_t piece, struct result *r)
{
	struct decoder *d = decoder_new(forced);
	memset(r, 0, sizeof *r);
	if (!d) {
		snprintf(r->encoding, sizeof r->encoding, "(null)");
		return;
	}
	for (size_t i = 0; i < n; i += piece)
		decoder_feed(d, in + i, n - i < piece ? n - i : piece, &r->text);
	decoder_finish(d, &r->text);
	snprintf(r->encoding, sizeof r->encoding, "%s", decoder_encoding(d));
	r->replaced = decoder_replaced(d);
	const char *note = decoder_note(d);
	snprintf(r->note, sizeof r->note, "%s", note ? note : "");
	decoder_free(d);
}

/* Shows bytes readably in a failure message. */
static void show(const char *label, const char *s, size_t n)
{
	printf("    %s (%zu bytes): ", label, n);
	for (size_t i = 0; i < n && i < 200; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02X", c);
	}
	putchar('\n');
}

/* Checks one case in every piece size; want_note NULL means no note. */
static void check_case(const char *name, const char *forced, const char *in,
		       size_t n, const char *want, size_t want_len,
		       const char *want_encoding, size_t want_replaced,
		       const char *want_note)
{
	static const size_t pieces[] = {0, 1, 3, 4096};
	for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
		size_t piece = pieces[p] ? pieces[p] : (n ? n : 1);
		struct result r;
		decode_in_pieces(forced, in, n, piece, &r);
		const char *why = NULL;
		if (strcmp(r.encoding, want_encoding))
			why = "encoding";
		else if (r.text.len != want_len
			 || (want_len && memcmp(r.text.data, want, want_len)))
			why = "text";
		else if (r.replaced != want_replaced)
			why = "replacement count";
		else if (strcmp(r.note, want_note ? want_note : ""))
			why = "note";
		if (why) {
			printf("FAIL %s: %s differs (pieces of %zu)\n", name, why,
			       piece);
			printf("    encoding %s, want %s; replaced %zu, want %zu\n",
			       r.encoding, want_encoding, r.replaced,
			       want_replaced);
			printf("    note \"%s\"\n", r.note);
			show("got ", r.text.data, r.text.len);
			show("want", want, want_len);
			buf_free(&r.text);
			failed++;
			return;
		}
		buf_free(&r.text);
	}
	printf("ok %s\n", name);
	passed++;
}

/* check_case for NUL-terminated strings. */
static void check(const char *name, const char *forced, const char *in,
		  const char *want, const char *encoding, size_t replaced,
		  const char *note)
{
	check_case(name, forced, in, strlen(in), want, strlen(want), encoding,
		   replaced, note);
}

static void read_fixture(const char *name, struct buf *b)
{
	char path[256];
	snprintf(path, sizeof path, "tests/fixtures/decode/%s", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("FAIL fixture %s: cannot open (run from the repository "
		       "root)\n", path);
		exit(1);
	}
	char piece[4096];
	size_t n;
	while ((n = fread(piece, 1, sizeof piece, f)) > 0)
		buf_add(b, piece, n);
	fclose(f);
}

/* The bytes of a and then b, in one buffer. */
static struct buf join(const char *a, size_t an, const char *b, size_t bn)
{
	struct buf r = {0};
	buf_add(&r, a, an);
	buf_add(&r, b, bn);
	return r;
}

static void test_utf8(void)
{
	check("utf8 plain", NULL, "部门预算\n", "部门预算\n", "UTF-8", 0,
	      NULL);
	check("utf8 bom stripped", NULL, "\xEF\xBB\xBF部门预算",
	      "部门预算", "UTF-8", 0, NULL);
	check("ascii only", NULL, "budget 2023\n", "budget 2023\n", "UTF-8",
	      0, NULL);
	check("empty input", NULL, "", "", "UTF-8", 0, NULL);
	check("bom only", NULL, "\xEF\xBB\xBF", "", "UTF-8", 0, NULL);
	check("line breaks pass through", NULL, "一\r\n二\r三\n\f四",
	      "一\r\n二\r三\n\f四", "UTF-8", 0, NULL);
	check_case("nul bytes pass through", NULL, "收\0入\0", 8,
		   "收\0入\0", 8, "UTF-8", 0, NULL);
	check("four-byte utf8", NULL, "生僻字𠮷", "生僻字𠮷", "UTF-8", 0,
	      NULL);
}

static void test_invalid_utf8(void)
{
	/* Forced, so that a few bytes are not judged GB18030. Each maximal
	 * invalid subsequence is one U+FFFD (Unicode 15, table 3-8). */
	check("overlong C0 AF", "UTF-8", "a\xC0\xAFz", "a\uFFFD\uFFFDz",
	      "UTF-8", 2, NULL);
	check("surrogate ED A0 80", "UTF-8", "\xED\xA0\x80",
	      "\uFFFD\uFFFD\uFFFD", "UTF-8", 3, NULL);
	check("above 10FFFF", "UTF-8", "\xF4\x90\x80\x80x",
	      "\uFFFD\uFFFD\uFFFD\uFFFDx", "UTF-8", 4, NULL);
	check("truncated then ascii", "UTF-8", "\xE4\xB8x", "\uFFFDx",
	      "UTF-8", 1, NULL);
	check("truncated 4-byte then ascii", "UTF-8", "\xF0\x9F\x98z",
	      "\uFFFDz", "UTF-8", 1, NULL);
	check("truncated at eof", "UTF-8", "预算\xE4\xB8", "预算\uFFFD",
	      "UTF-8", 1, NULL);
	check("lone continuation", "UTF-8", "\x80\xBF", "\uFFFD\uFFFD",
	      "UTF-8", 2, NULL);
	check("FE FF bytes", "UTF-8", "a\xFE\xFF", "a\uFFFD\uFFFD", "UTF-8",
	      2, NULL);
	check("forced utf8 strips bom", "utf8", "\xEF\xBB\xBF" "a", "a",
	      "UTF-8", 0, NULL);
	/* Detected: one corrupt byte in a page of UTF-8 is still UTF-8. */
	struct buf text = {0};
	read_fixture("budget.utf8", &text);
	struct buf corrupt = join(text.data, 40, "\xFF", 1);
	buf_add(&corrupt, text.data + 40, text.len - 40);
	struct buf want = join(text.data, 40, "\uFFFD", 3);
	buf_add(&want, text.data + 40, text.len - 40);
	check_case("utf8 with one corrupt byte", NULL, corrupt.data,
		   corrupt.len, want.data, want.len, "UTF-8", 1, NULL);
	buf_free(&text);
	buf_free(&corrupt);
	buf_free(&want);
}

static void test_wide(void)
{
	check_case("utf16le bom", NULL, "\xFF\xFE\xE8\x90\x97\x7B\x0D\x00\x0A\x00",
		   10, "部算\r\n", 8, "UTF-16LE", 0, NULL);
	check_case("utf16be bom", NULL, "\xFE\xFF\x90\xE8\x7B\x97\x00\x0A",
		   8, "部算\n", 7, "UTF-16BE", 0, NULL);
	check_case("utf32le bom", NULL,
		   "\xFF\xFE\x00\x00\x00\x4E\x00\x00\x41\x00\x00\x00", 12,
		   "一A", 4, "UTF-32LE", 0, NULL);
	check_case("utf32be bom", NULL,
		   "\x00\x00\xFE\xFF\x00\x00\x4E\x00", 8, "一", 3, "UTF-32BE",
		   0, NULL);
	check_case("utf16le unpaired surrogate", NULL,
		   "\xFF\xFE\x00\xD8\x41\x00", 6, "\uFFFDA", 4, "UTF-16LE", 1,
		   NULL);
	check_case("utf16le odd byte at eof", NULL, "\xFF\xFE\x41\x00\x42", 5,
		   "A\uFFFD", 4, "UTF-16LE", 1, NULL);
	check_case("forced utf-16le strips its bom", "UTF-16LE",
		   "\xFF\xFE\x41\x00", 4, "A", 1, "UTF-16LE", 0, NULL);
	check_case("forced utf-16 reads its bom", "UTF-16",
		   "\xFE\xFF\x00\x41", 4, "A", 1, "UTF-16", 0, NULL);
}

static void test_gb18030(void)
{
	struct buf gb = {0}, utf8 = {0}, rare = {0}, rare8 = {0};
	read_fixture("budget.gb18030", &gb);
	read_fixture("budget.utf8", &utf8);
	read_fixture("rare.gb18030", &rare);
	read_fixture("rare.utf8", &rare8);
	check_case("gb18030 detected", NULL, gb.data, gb.len, utf8.data,
		   utf8.len, "GB18030", 0, NULL);
	check_case("gb18030 four-byte characters", NULL, rare.data, rare.len,
		   rare8.data, rare8.len, "GB18030", 0, NULL);
	check_case("forced gbk reads as gb18030", "gbk", rare.data, rare.len,
		   rare8.data, rare8.len, "GB18030", 0, NULL);
	check("two gb characters", NULL, "\xB2\xBF\xC3\xC5", "部门",
	      "GB18030", 0, NULL);

	/* An ASCII head far longer than the look-ahead's 4 KB of non-ASCII. */
	struct buf head = {0};
	for (int i = 0; i < 100 * 1024 / 64; i++)
		buf_adds(&head, "<!-- an ASCII page head of a mirrored site -->"
				"\n                \n");
	struct buf in = join(head.data, head.len, gb.data, gb.len);
	struct buf want = join(head.data, head.len, utf8.data, utf8.len);
	check_case("100 KB ascii head then gb18030", NULL, in.data, in.len,
		   want.data, want.len, "GB18030", 0, NULL);
	buf_free(&in);
	buf_free(&want);
	in = join(head.data, head.len, utf8.data, utf8.len);
	check_case("100 KB ascii head then utf8", NULL, in.data, in.len,
		   in.data, in.len, "UTF-8", 0, NULL);
	buf_free(&in);
	buf_free(&head);

	/* Bad bytes: 0xFF is no GB18030 lead; 0x81 0x20 is a lead byte
	 * whose trail is ASCII (the space survives). */
	in = join(gb.data, 30, "\xFF\x81 ", 3);
	buf_add(&in, gb.data + 30, gb.len - 30);
	/* 30 bytes of GB18030 are "2023" and 13 characters: 43 of UTF-8. */
	want = join(utf8.data, 43, "\uFFFD\uFFFD ", 7);
	buf_add(&want, utf8.data + 43, utf8.len - 43);
	check_case("invalid gb18030 bytes", NULL, in.data, in.len, want.data,
		   want.len, "GB18030", 2, NULL);
	buf_free(&in);
	buf_free(&want);

	in = join(gb.data, gb.len, "\xB2", 1);
	want = join(utf8.data, utf8.len, "\uFFFD", 3);
	check_case("gb18030 truncated at eof", NULL, in.data, in.len,
		   want.data, want.len, "GB18030", 1, NULL);
	buf_free(&in);
	buf_free(&want);
	in = join(rare.data, 9, "", 0);  /* cut inside a four-byte character */
	check_case("gb18030 four-byte cut at eof", "GB18030", in.data, in.len,
		   "生僻字\uFFFD", 12, "GB18030", 1, NULL);
	buf_free(&in);
	buf_free(&gb);
	buf_free(&utf8);
	buf_free(&rare);
	buf_free(&rare8);
}

static void test_declarations(void)
{
	struct buf gb = {0}, utf8 = {0};
	read_fixture("budget.gb18030", &gb);
	read_fixture("budget.utf8", &utf8);
	static const char *const heads[] = {
		"<html><head><meta charset=\"gb2312\">",
		"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">",
		"<?xml version=\"1.0\" encoding=\"gb18030\"?>\n<html>",
		"<meta charset='x-gbk'/>",
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		char name[64];
		/* The head in ASCII, then the body bytes. */
		struct buf head = {0};
		const char *h = heads[i];
		buf_add(&head, h, strlen(h));
		struct buf in = join(head.data, head.len, gb.data, gb.len);
		struct buf want = join(head.data, head.len, utf8.data,
				       utf8.len);
		snprintf(name, sizeof name, "declared gb family %zu", i + 1);
		check_case(name, NULL, in.data, in.len, want.data, want.len,
			   "GB18030", 0, NULL);
		buf_free(&in);
		buf_free(&want);

		/* The same declaration over UTF-8 bytes: they win. */
		in = join(head.data, head.len, utf8.data, utf8.len);
		char note[128];
		char declared[32];
		const char *p = strstr(h, "charset=");
		p = p ? p + 8 : strstr(h, "encoding=") + 9;
		p += strspn(p, "\"'");
		size_t k = strcspn(p, "\"'/> ");
		snprintf(declared, sizeof declared, "%.*s", (int)k, p);
		snprintf(note, sizeof note, "declared charset %s, but the bytes "
			 "are UTF-8: read as UTF-8", declared);
		snprintf(name, sizeof name, "declaration lies %zu", i + 1);
		check_case(name, NULL, in.data, in.len, in.data, in.len,
			   "UTF-8", 0, note);
		buf_free(&in);
		buf_free(&head);
	}

	/* A UTF-8 declaration over GB18030 bytes: the declaration decides. */
	struct buf in = join("<meta charset=utf-8>", 20, "\xB2\xBF\xC3\xC5", 4);
	check_case("declared utf8 over gb bytes", NULL, in.data, in.len,
		   "<meta charset=utf-8>\uFFFD\uFFFD\uFFFD\uFFFD", 32, "UTF-8",
		   4, NULL);
	buf_free(&in);
	check("declared gb2312, ascii only", NULL,
	      "<meta charset=gb2312><p>2023</p>",
	      "<meta charset=gb2312><p>2023</p>", "GB18030", 0, NULL);
	check("declared big5", NULL, "<meta charset=big5>\xB9\x77\xBA\xE2",
	      "<meta charset=big5>預算", "big5", 0, NULL);
	check("unknown declaration ignored", NULL,
	      "<meta charset=no-such-charset>\xB2\xBF\xC3\xC5",
	      "<meta charset=no-such-charset>部门", "GB18030", 0, NULL);
	check("utf-16 declaration ignored", NULL,
	      "<meta charset=utf-16>部门", "<meta charset=utf-16>部门",
	      "UTF-8", 0, NULL);
	buf_free(&gb);
	buf_free(&utf8);
}

static void test_forced(void)
{
	struct buf big5 = {0}, utf8 = {0};
	read_fixture("big5.big5", &big5);
	read_fixture("big5.utf8", &utf8);
	check_case("forced big5", "BIG5", big5.data, big5.len, utf8.data,
		   utf8.len, "BIG5", 0, NULL);
	buf_free(&big5);
	buf_free(&utf8);
	struct decoder *d = decoder_new("NO-SUCH-ENCODING");
	if (d) {
		printf("FAIL unknown forced encoding: decoder_new succeeded\n");
		decoder_free(d);
		failed++;
	} else {
		printf("ok unknown forced encoding\n");
		passed++;
	}
	check("forced gb18030 over ascii", "GB18030", "a\r\nb", "a\r\nb",
	      "GB18030", 0, NULL);
}

/* A long UTF-8 input through small pieces: the output is the input. */
static void test_long_utf8(void)
{
	struct buf in = {0};
	for (int i = 0; i < 20000; i++)
		buf_adds(&in, i % 7 ? "一般公共预算拨款1523.40万元，" : "abc\n");
	check_case("long utf8", NULL, in.data, in.len, in.data, in.len,
		   "UTF-8", 0, NULL);
	buf_free(&in);
}

/* ---- the fast paths against the plain ones ---- */

static uint64_t next_random(uint64_t *seed)
{
	*seed ^= *seed << 13, *seed ^= *seed >> 7, *seed ^= *seed << 17;
	return *seed;
}

struct piece {
	const char *bytes;
	size_t len;
};

#define PIECE(s) { s, sizeof s - 1 }

/* GB18030 pieces: ASCII, two-byte characters (hanzi, full-width and
 * user-defined ones), four-byte ones, and bytes that do not decode (0x80,
 * 0xFF, a lead before a bad trail or before ASCII, a cut four-byte one). */
static const struct piece gb_pieces[] = {
	PIECE("a"), PIECE("7"), PIECE(" "), PIECE("\n"), PIECE("\t"), PIECE("abcdefgh"),
	PIECE("\xD6\xD0"), PIECE("\xB9\xFA"), PIECE("\xA3\xAC"), PIECE("\xA1\xA1"),
	PIECE("\xA1\xA2"), PIECE("\xAA\xA1"), PIECE("\xFE\xFE"), PIECE("\x81\x40"),
	PIECE("\xA8\xA4"), PIECE("\x81\x30\x81\x30"), PIECE("\x81\x30\x84\x36"),
	PIECE("\x95\x32\x82\x36"), PIECE("\x80"), PIECE("\xFF"), PIECE("\x81\x20"),
	PIECE("\x81\x7F"), PIECE("\x81"), PIECE("\x81\x30"), PIECE("\x81\x30\x81"),
	PIECE("\xD6\xD0\xCE\xC4\xB2\xE2\xCA\xD4"), PIECE("\0"),
};

/* UTF-16LE pieces, for the code point encoder: ASCII and NUL, two- and
 * three-byte UTF-8, surrogate pairs, lone surrogates (replaced), U+FFFF. */
static const struct piece wide_pieces[] = {
	PIECE("a\0"), PIECE("1\0"), PIECE("\t\0"), PIECE("\0\0"), PIECE("\x7F\0"),
	PIECE("\x2D\x4E"), PIECE("\xFD\x56"), PIECE("\x0C\xFF"), PIECE("\x00\x30"),
	PIECE("\xE9\x00"), PIECE("\x00\x08"), PIECE("\xFF\x07"), PIECE("\xFF\xD7"),
	PIECE("\x00\xE0"), PIECE("\xFF\xFF"), PIECE("\x40\xD8\x00\xDC"),
	PIECE("\x00\xD8"), PIECE("\x00\xDC"),
};

/* Finishes both decoders; do their outputs or replacement counts differ? */
static int finish_differs(struct decoder *d, struct decoder *e, struct buf *fast,
			  struct buf *plain)
{
	decoder_finish(d, fast);
	plain_decoder_finish(e, plain);
	return fast->len != plain->len || (fast->len && memcmp(fast->data, plain->data, fast->len)) ||
	       decoder_replaced(d) != plain_decoder_replaced(e);
}

/* Random text of `count` pieces, decoded forced as `encoding` by both
 * decoders, fed in random pieces; 1 when they differ. */
static int differs(const char *encoding, const struct piece *pieces, size_t npieces,
		   size_t count, uint64_t *seed)
{
	struct buf in = { 0 }, fast = { 0 }, plain = { 0 };
	for (size_t i = 0; i < count; i++) {
		const struct piece *p = &pieces[next_random(seed) % npieces];
		buf_add(&in, p->bytes, p->len);
	}
	struct decoder *d = decoder_new(encoding), *e = plain_decoder_new(encoding);
	for (size_t at = 0; at < in.len;) {
		size_t k = 1 + next_random(seed) % 70;
		if (k > in.len - at)
			k = in.len - at;
		decoder_feed(d, in.data + at, k, &fast);
		plain_decoder_feed(e, in.data + at, k, &plain);
		at += k;
	}
	int bad = finish_differs(d, e, &fast, &plain);
	if (bad) {
		show("input", in.data, in.len);
		show("fast", fast.data, fast.len);
		show("plain", plain.data, plain.len);
	}
	decoder_free(d);
	plain_decoder_free(e);
	buf_free(&in);
	buf_free(&fast);
	buf_free(&plain);
	return bad;
}

/* UTF-8 pieces for decoder_pass: text, and bytes that are not UTF-8 or
 * characters a feed may cut. */
static const struct piece utf8_pieces[] = {
	PIECE("abc"), PIECE("\n"), PIECE("中文"), PIECE("、"), PIECE("é"), PIECE("𠀀"),
	PIECE("\x80"), PIECE("\xFF"), PIECE("\xE4\xB8"), PIECE("\xC0\xAF"),
	PIECE("\xED\xA0\x80"), PIECE("\xF4\x90\x80\x80"),
};

/* decoder_pass gives what decoder_feed gives, fed the same pieces; and it
 * hands back the input itself when that is valid UTF-8 between characters. */
static int pass_differs(size_t count, uint64_t *seed, size_t *passed_through)
{
	struct buf in = { 0 }, fast = { 0 }, chunk = { 0 }, plain = { 0 };
	buf_add(&in, "UTF-8 text, long enough to decide: 中文。", strlen("UTF-8 text, long enough to decide: 中文。"));
	for (size_t i = 0; i < count; i++) {
		const struct piece *p = &utf8_pieces[next_random(seed) % (sizeof utf8_pieces / sizeof *utf8_pieces)];
		buf_add(&in, p->bytes, p->len);
	}
	struct decoder *d = decoder_new("UTF-8"), *e = plain_decoder_new("UTF-8");
	for (size_t at = 0; at < in.len;) {
		size_t k = 1 + next_random(seed) % 20, len;
		if (k > in.len - at)
			k = in.len - at;
		buf_clear(&chunk);
		const char *got = decoder_pass(d, in.data + at, k, &chunk, &len);
		*passed_through += got == in.data + at;
		buf_add(&fast, got, len);
		plain_decoder_feed(e, in.data + at, k, &plain);
		at += k;
	}
	int bad = finish_differs(d, e, &fast, &plain);
	decoder_free(d);
	plain_decoder_free(e);
	buf_free(&in);
	buf_free(&fast);
	buf_free(&chunk);
	buf_free(&plain);
	return bad;
}

static void test_pass(void)
{
	uint64_t seed = 0xBF58476D1CE4E5B9u;
	size_t through = 0;
	int bad = 0;
	for (size_t count = 0; count <= 64; count++)
		for (int round = 0; round < 100; round++)
			bad += pass_differs(count, &seed, &through);
	if (bad == 0 && through > 0)
		passed++, printf("ok decoder-pass-as-feed\n");
	else
		failed++, printf("FAIL decoder-pass-as-feed: %d cases differ, %zu passed through\n", bad, through);
}

static void test_fast_paths(void)
{
	uint64_t seed = 0x9E3779B97F4A7C15u;
	int bad_gb = 0, bad_wide = 0;
	for (size_t count = 0; count <= 64; count++)
		for (int round = 0; round < 200; round++) {
			bad_gb += differs("GB18030", gb_pieces,
					  sizeof gb_pieces / sizeof *gb_pieces, count, &seed);
			bad_wide += differs("UTF-16LE", wide_pieces,
					    sizeof wide_pieces / sizeof *wide_pieces, count, &seed);
		}
	if (bad_gb == 0)
		passed++, printf("ok gb18030-table-as-iconv\n");
	else
		failed++, printf("FAIL gb18030-table-as-iconv: %d cases differ\n", bad_gb);
	if (bad_wide == 0)
		passed++, printf("ok encoder-sse2-as-plain\n");
	else
		failed++, printf("FAIL encoder-sse2-as-plain: %d cases differ\n", bad_wide);
}

int main(void)
{
	tool_init("test_decode");
	test_fast_paths();
	test_pass();
	test_utf8();
	test_invalid_utf8();
	test_wide();
	test_gb18030();
	test_declarations();
	test_forced();
	test_long_utf8();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
