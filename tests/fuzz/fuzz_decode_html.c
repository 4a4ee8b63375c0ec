/* fuzz_decode_html: libFuzzer target for decode.c and html.c.
 *
 * Decodes the input (detected, or now and then forced to GB18030 or
 * UTF-16LE) and reads it as HTML twice: whole, and in pieces of random size
 * (from a generator seeded by the input). Aborts when the two runs differ,
 * when the decoder's output is not valid UTF-8, or when a line holds a line
 * break or carries an impossible line number.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/lib \
 *     tests/fuzz/fuzz_decode_html.c src/lib/{buf,sys,decode,html}.c \
 *     $(pkg-config --cflags --libs libutf8proc libpcre2-8) -o fuzz_decode_html
 *   ./fuzz_decode_html -max_total_time=300 /tmp/fz tests/fuzz/seeds/decode_html */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "html.h"

struct lines {
	struct buf text;    /* "LINE TEXT\n" for every line */
	long max_line;      /* no line number may exceed it */
};

/* A small deterministic generator for piece sizes. */
static size_t next_piece(uint32_t *state, size_t limit)
{
	*state = *state * 1103515245u + 12345u;
	size_t piece = 1 + (*state >> 16) % limit;
	return piece;
}

static void collect(long line, const char *text, size_t n, void *ctx)
{
	struct lines *l = ctx;
	if (line < 1 || line > l->max_line)
		abort();
	if (memchr(text, '\n', n) || memchr(text, '\r', n))
		abort();
	char number[24];
	snprintf(number, sizeof number, "%ld ", line);
	buf_adds(&l->text, number);
	buf_add(&l->text, text, n);
	buf_addc(&l->text, '\n');
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2
			   : c >= 0xE0 && c <= 0xEF ? 3
			   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (!len || n - i < len)
			return false;
		uint32_t cp = len == 1 ? c : c & (0x7F >> len);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < least[len] || cp > 0x10FFFF
		    || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

/* Feeds s to the reader in random pieces (all at once when state is 0). */
static void feed_html(struct html_reader *h, const char *s, size_t n,
		      uint32_t *state)
{
	while (n > 0) {
		size_t k = state ? next_piece(state, 64) : n;
		if (k > n)
			k = n;
		html_feed(h, s, k);
		s += k, n -= k;
	}
}

/* One run: decoded text into `decoded`, lines into `lines`. */
static void run(const char *forced, const uint8_t *data, size_t size,
		uint32_t *state, struct buf *decoded, struct lines *lines)
{
	struct decoder *d = decoder_new(forced);
	if (!d)
		abort();
	struct html_reader *h = html_new(collect, lines);
	struct buf out = {0};
	size_t i = 0;
	while (i < size) {
		size_t k = state ? next_piece(state, 300) : size;
		if (k > size - i)
			k = size - i;
		buf_clear(&out);
		decoder_feed(d, (const char *)data + i, k, &out);
		buf_add(decoded, out.data, out.len);
		feed_html(h, out.data, out.len, state);
		i += k;
	}
	buf_clear(&out);
	decoder_finish(d, &out);
	buf_add(decoded, out.data, out.len);
	feed_html(h, out.data, out.len, state);
	html_finish(h);
	html_free(h);
	buf_free(&out);
	decoder_free(d);
}

static long count_lines(const char *s, size_t n)
{
	long lines = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' ? i == 0 || s[i - 1] != '\r' : s[i] == '\r')
			lines++;
	return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const modes[] = {
		NULL, NULL, NULL, NULL, NULL, NULL, "GB18030", "UTF-16LE",
	};
	const char *forced = size ? modes[data[0] % 8] : NULL;
	uint32_t state = size ? data[size - 1] * 2654435761u : 1;

	struct buf whole = {0}, pieces = {0};
	struct lines a = {{0}, 0}, b = {{0}, 0};
	/* Line numbers count the decoded text's line breaks. */
	struct buf probe = {0};
	struct decoder *d = decoder_new(forced);
	decoder_feed(d, (const char *)data, size, &probe);
	decoder_finish(d, &probe);
	decoder_free(d);
	a.max_line = b.max_line = count_lines(probe.data, probe.len);
	buf_free(&probe);

	run(forced, data, size, NULL, &whole, &a);
	run(forced, data, size, &state, &pieces, &b);
	if (whole.len != pieces.len
	    || (whole.len && memcmp(whole.data, pieces.data, whole.len)))
		abort();
	if (!valid_utf8((const unsigned char *)whole.data, whole.len))
		abort();
	if (a.text.len != b.text.len
	    || (a.text.len && memcmp(a.text.data, b.text.data, a.text.len)))
		abort();
	looks_like_html((const char *)data, size);
	buf_free(&whole);
	buf_free(&pieces);
	buf_free(&a.text);
	buf_free(&b.text);
	return 0;
}
