/* test_record_out: record.c's writer, tsv_escape_to and
 * tsv_escape_repeated, against a plain byte-by-byte escaper written from
 * SPEC §2.
 *
 * tsv_escape_to copies a field with nothing to escape in wide loads and
 * stores (two 16-byte blocks or two words a step, the short end as
 * overlapping loads of the last bytes) and starts again on the exact path
 * when a block may hold a byte to escape; bytes below 14 that are no
 * escape (NUL, \x0B, \x0C) send a field down that path too. So every
 * length up to 200 is tried with no special byte, with one at every
 * position and with near-special bytes, from a source allocated to its
 * exact length (ASan sees a read past it) into a destination whose bytes
 * past the escaped text are checked untouched. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "report.h"

enum { LONGEST = 200, GUARD = 16 };

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static size_t reference_escape(char *d, const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			d[w++] = '\\';
			d[w++] = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
		} else {
			d[w++] = c;
		}
	}
	return w;
}

static const char specials[] = "\\\t\n\r";
/* Bytes that share the test's bounds with the special ones: below 14 but
 * no escape, 13 and 14, the backslash's neighbours, non-ASCII (negative
 * as a signed char), and text. */
static const char others[] = "\x00\x01\x08\x0B\x0C\x0E\x0F\x5B\x5D\x7F\x80\x8C\xDC\xE4\xFF" "a0";

/* Escapes s[0..n) (a copy of exactly n bytes on the heap) and compares. */
static bool escapes_right(const char *text, size_t n)
{
	char *s = malloc(n ? n : 1);
	char got[2 * LONGEST + GUARD], want[2 * LONGEST];
	memcpy(s, text, n);
	memset(got, '#', sizeof got);
	size_t got_len = tsv_escape_to(got, s, n);
	size_t want_len = reference_escape(want, s, n);
	free(s);
	bool untouched = true;
	for (size_t k = got_len; k < sizeof got; k++)
		untouched = untouched && (k < 2 * n || got[k] == '#');
	return got_len == want_len && memcmp(got, want, want_len) == 0 && untouched;
}

static void fill(char *s, size_t n, uint32_t *state, bool near)
{
	for (size_t i = 0; i < n; i++)
		s[i] = near && next_random(state) % 3 == 0 ?
			       others[next_random(state) % (sizeof others - 1)] :
			       (char)(0xE4 + next_random(state) % 3); /* bytes of CJK text */
}

static void every_length(struct counts *c)
{
	char s[LONGEST], why[80] = "";
	uint32_t state = 7;
	bool good = true;
	for (size_t n = 0; good && n <= LONGEST; n++)
		for (int near = 0; good && near <= 1; near++) {
			fill(s, n, &state, near);
			good = escapes_right(s, n);
			if (!good)
				snprintf(why, sizeof why, "length %zu%s", n, near ? ", near bytes" : "");
		}
	report(c, "tsv_escape_to: plain fields of every length", good, why);
}

static void every_position(struct counts *c)
{
	char s[LONGEST], why[80] = "";
	uint32_t state = 11;
	bool good = true;
	for (size_t n = 1; good && n <= LONGEST; n++)
		for (size_t at = 0; good && at < n; at += n <= 80 ? 1 : 7)
			for (size_t k = 0; good && k < 4; k++) {
				fill(s, n, &state, k % 2);
				s[at] = specials[k];
				if (next_random(&state) % 4 == 0)
					s[next_random(&state) % n] = specials[next_random(&state) % 4];
				good = escapes_right(s, n);
				if (!good)
					snprintf(why, sizeof why, "length %zu, byte %d at %zu", n,
						 specials[k], at);
			}
	report(c, "tsv_escape_to: a special byte at every position", good, why);
}

/* The same answer as tsv_escape, whether the field repeats or changes
 * (to a prefix, to the same length, to empty). */
static void repeated(struct counts *c)
{
	const char *fields[] = { "a > b", "a > b", "a > c", "a", "", "", "x\ty\\z", "x\ty\\z",
				 "一、收入", "一、收入 > (一)", "a > b" };
	struct escaped_field e = { {0}, {0} };
	struct buf want = {0};
	bool good = true;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		size_t n = strlen(fields[i]);
		const struct buf *got = tsv_escape_repeated(&e, fields[i], n);
		buf_clear(&want);
		tsv_escape(&want, fields[i], n);
		good = good && got->len == want.len &&
		       (want.len == 0 || memcmp(got->data, want.data, want.len) == 0);
	}
	report(c, "tsv_escape_repeated: repeated and changed fields", good, "escaped differently");
	escaped_field_free(&e);
	buf_free(&want);
}

int main(void)
{
	struct counts c = { 0 };
	every_length(&c);
	every_position(&c);
	repeated(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
