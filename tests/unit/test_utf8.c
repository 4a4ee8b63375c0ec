/* test_utf8: utf8.c's validator and utf8.h's word-at-a-time scans against
 * plain byte-by-byte versions written from the definitions.
 *
 * The validator's fast paths (ASCII 8 bytes at a time, two CJK characters
 * per load) are taken or not depending on what surrounds a byte and where
 * it stands, so every sequence of one to four bytes is tried at every
 * offset within a word, between CJK and ASCII neighbours, and random
 * mixtures check the rest. The AVX2 validator works in 32-byte blocks and
 * hands over to the portable loop where a block has an error, so sequences
 * are also put across the ends of blocks, and bad bytes everywhere. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* Groups pass or fail as a whole; mismatches count within the group. */
static int passed, failed, mismatches;

static void group(const char *name, void (*run)(void))
{
	mismatches = 0;
	run();
	if (mismatches == 0) {
		passed++;
		printf("ok %s\n", name);
	} else {
		failed++;
		printf("FAIL %s: %d mismatches\n", name, mismatches);
	}
}

/* The Unicode standard's table of well-formed byte sequences (3-7). */
static size_t reference_char(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], low = 0x80, high = 0xBF;
	size_t len;
	if (c < 0x80)
		return 1;
	else if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (n < len || s[1] < low || s[1] > high)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (s[k] < 0x80 || s[k] > 0xBF)
			return 0;
	return len;
}

static size_t reference_prefix(const char *in, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;
	while (i < n) {
		size_t len = reference_char(s + i, n - i);
		if (!len)
			break;
		i += len;
	}
	return i;
}

/* Every validator the library has must give the reference's answer: the
 * one utf8_valid_prefix picks, the portable loop and the AVX2 one. */
static void check_prefix(const char *what, const char *s, size_t n)
{
	size_t want = reference_prefix(s, n), got = utf8_valid_prefix(s, n);
	size_t scalar = utf8_valid_prefix_scalar(s, n);
	size_t vector = cpu_has_avx2() ? utf8_valid_prefix_avx2(s, n) : scalar;
	if (got == want && scalar == want && vector == want)
		return;
	if (++mismatches <= 10) {
		printf("  %s: valid prefix %zu (portable %zu, AVX2 %zu), expected %zu, of",
		       what, got, scalar, vector, want);
		for (size_t i = 0; i < n; i++)
			printf(" %02X", (unsigned char)s[i]);
		putchar('\n');
	}
}

/* A fixed pseudo-random sequence, the same on every run. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Every sequence of 1-4 bytes made from the boundary values of each byte
 * range, put after `before` and followed by `after`, at offsets 0-7. */
static void sequences_in_context(const char *before, const char *after)
{
	static const unsigned char bytes[] = {
		0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
		0xC2, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF3,
		0xF4, 0xF5, 0xFF,
	};
	/* Offsets within a word, and around the ends of 16- and 32-byte
	 * blocks (with `before`, the sequence reaches across them). */
	static const unsigned char pads[] = { 0, 5, 13, 15, 16, 17, 29, 31, 32, 33 };
	size_t count = sizeof bytes, total = count * count * count * count;
	for (size_t code = 0; code < total; code++) {
		char buf[96];
		for (size_t p = 0; p < sizeof pads; p++) {
			size_t pad = pads[p];
			size_t n = 0, c = code;
			memset(buf, 'x', pad);
			n = pad;
			memcpy(buf + n, before, strlen(before));
			n += strlen(before);
			for (int k = 0; k < 4; k++, c /= count)
				buf[n++] = (char)bytes[c % count];
			memcpy(buf + n, after, strlen(after));
			n += strlen(after);
			/* Each shorter cut ends a sequence early. */
			for (size_t cut = n; cut + 3 > n && cut > 0; cut--)
				check_prefix("sequence", buf, cut);
		}
	}
}

static void random_mixtures(void)
{
	static const char *const pieces[] = {
		"a", "12", "\t", " ", "中", "国", "，", "。", "①", "é", "😀",
		"\xE0\xA4\x85", "\xED\x9F\xBF", "\xEF\xBF\xBD", "\xE4\xB8",
		"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF",
	};
	uint32_t state = 20250325;
	char buf[256];
	for (int round = 0; round < 200000; round++) {
		size_t n = 0;
		size_t parts = next_random(&state) % 40;
		bool clean = next_random(&state) % 2;
		for (size_t k = 0; k < parts; k++) {
			size_t choices = clean ? 12 : sizeof pieces / sizeof *pieces;
			const char *p = pieces[next_random(&state) % choices];
			size_t len = strlen(p);
			if (n + len > sizeof buf)
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		check_prefix(clean ? "clean mixture" : "mixture", buf, n);
	}
}

/* Clean text of every length up to 140 bytes, cut at every length, with
 * one bad byte put at every position: each block boundary of the vector
 * validator sees a good and a bad character on both sides. */
static void bad_byte_everywhere(void)
{
	static const char *const clean[] = {
		"预算收入合计12,345.67万元，比上年增长3.5%。一般公共预算拨款收入",
		"abcdefghijklmnopqrstuvwxyz0123456789 abcdefghijklmnopqrstuvwxyz",
		"é😀中a①b，😀😀éé中中中ab\t。😀x",
	};
	static const unsigned char bad[] = { 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF4, 0xF5, 0xFF };
	char buf[160];
	for (size_t c = 0; c < sizeof clean / sizeof *clean; c++) {
		size_t n = 0, len = strlen(clean[c]);
		while (n + len <= 140) {
			memcpy(buf + n, clean[c], len);
			n += len;
		}
		for (size_t cut = 0; cut <= n; cut++)
			check_prefix("clean, cut", buf, cut);
		for (size_t at = 0; at < n; at++)
			for (size_t b = 0; b < sizeof bad; b++) {
				char keep = buf[at];
				buf[at] = (char)bad[b];
				for (size_t cut = at; cut <= n && cut < at + 70; cut++)
					check_prefix("bad byte", buf, cut);
				buf[at] = keep;
			}
	}
}

static size_t reference_break(const char *s, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\f')
			return i;
	return n;
}

static void find_break(void)
{
	static const char alphabet[] = "ab\t\v\x0E\x0D\n\f\x01中";
	uint32_t state = 7;
	char buf[64];
	for (int round = 0; round < 100000; round++) {
		size_t n = next_random(&state) % sizeof buf;
		for (size_t i = 0; i < n; i++)
			buf[i] = next_random(&state) % 4 ? 'x' :
				 alphabet[next_random(&state) % (sizeof alphabet - 1)];
		size_t from = n ? next_random(&state) % n : 0;
		size_t want = reference_break(buf, from, n), got = utf8_find_break(buf, from, n);
		if (got != want && ++mismatches <= 10) {
			printf("  find_break: %zu, expected %zu (from %zu, n %zu)\n",
			       got, want, from, n);
		}
	}
}

/* Text for the byte-set searches: mostly 'x', with the bytes they look
 * for, NUL, and bytes of Chinese text between. */
static void match_text(char *buf, size_t n, uint32_t *state)
{
	static const char alphabet[] = "\t\\\n\r\0ab\x1C\x2D\x89\xDC中";
	for (size_t i = 0; i < n; i++)
		buf[i] = next_random(state) % 3 ? 'x' :
			 alphabet[next_random(state) % (sizeof alphabet - 1)];
}

/* The reference: bit k set when buf[at + k] (k < width, inside n) is in set. */
static uint32_t match_want(const char *buf, size_t at, size_t n, const char *set, size_t width)
{
	uint32_t want = 0;
	for (size_t k = 0; k < width && at + k < n; k++)
		want |= (uint32_t)(memchr(set, buf[at + k], 4) != NULL) << k;
	return want;
}

/* bytes_match16 (SSE2 where built with it: whole blocks, the last 16 bytes
 * of a string for its short end, a copy padded with NUL for a string under
 * 16) against the portable byte loop and a plain reference, for every
 * start in strings of 0 to 48 bytes, with sets that include NUL too. */
static void match16(void)
{
	static const char sets[][4] = { { '\t', '\\', '\t', '\\' }, { '\\', '\t', '\n', '\r' },
					 { '\0', 'a', 'b', '\t' } };
	uint32_t state = 16;
	char buf[48];
	for (int round = 0; round < 20000; round++) {
		size_t n = round % (sizeof buf + 1);
		match_text(buf, n, &state);
		const char *set = sets[round % 3];
		for (size_t at = 0; at <= n; at++) {
			unsigned want = match_want(buf, at, n, set, 16);
			unsigned got = bytes_match16(buf, at, n, set[0], set[1], set[2], set[3]);
			unsigned portable = bytes_match16_portable(buf, at, n, set[0], set[1],
								   set[2], set[3]);
			if ((got != want || portable != want) && ++mismatches <= 10)
				printf("  match16: %04X (portable %04X), expected %04X (at %zu, n %zu)\n",
				       got, portable, want, at, n);
		}
	}
}

/* bytes_match32 (two SSE2 blocks where 32 bytes remain, else bytes_match16
 * twice) against a plain reference, for every start in strings of 0 to 80
 * bytes: whole blocks, every short end, and strings under 16 and 32. */
static void match32(void)
{
	static const char sets[][4] = { { '\t', '\\', '\r', '\\' }, { '\\', '\t', '\n', '\r' },
					 { '\0', 'a', 'b', '\t' } };
	uint32_t state = 32;
	char buf[80];
	for (int round = 0; round < 20000; round++) {
		size_t n = round % (sizeof buf + 1);
		match_text(buf, n, &state);
		const char *set = sets[round % 3];
		for (size_t at = 0; at <= n; at++) {
			uint32_t want = match_want(buf, at, n, set, 32);
			uint32_t got = bytes_match32(buf, at, n, set[0], set[1], set[2], set[3]);
			if (got != want && ++mismatches <= 10)
				printf("  match32: %08X, expected %08X (at %zu, n %zu)\n",
				       (unsigned)got, (unsigned)want, at, n);
		}
	}
}

static void word_tests(void)
{
	uint32_t state = 99;
	for (int round = 0; round < 100000; round++) {
		unsigned char b[8];
		for (int k = 0; k < 8; k++)
			b[k] = (unsigned char)next_random(&state);
		if (round % 2) /* also words where most bytes are near the limits */
			for (int k = 0; k < 8; k++)
				b[k] = (unsigned char)(0x0A + next_random(&state) % 8 + (k % 2) * 0x50);
		uint64_t w = bytes_load((const char *)b);
		unsigned char limit = (unsigned char)(next_random(&state) % 129), c = b[round % 8];
		bool below = false, equal = false;
		for (int k = 0; k < 8; k++) {
			below |= b[k] < limit;
			equal |= b[k] == (unsigned char)(c + round % 3);
		}
		if ((bytes_any_below(w, limit) != below ||
		     bytes_any_equal(w, (unsigned char)(c + round % 3)) != equal) &&
		    ++mismatches <= 10)
			printf("  word test, round %d\n", round);
	}
}

/* utf8_scan_marks, both versions, against the reference prefix and a
 * byte loop for the marks, on texts of up to 600 bytes: every length (so
 * every short end of a 64-byte step), clean and with a bad byte or a cut
 * character somewhere, and with the marked bytes (TAB, LF, CR and the
 * backslash) and their neighbours (the other bytes below 14, and those
 * that share a low nibble with a marked one, which the AVX2 scan looks up
 * by) among CJK text. */
static void scan_marks(void)
{
	static const char *const pieces[] = {
		"中", "国", "a", "1", "\t", "\n", "\r", "\\", "\x0D", "\x0E", "\x00", "\x0B",
		"[", "]", "\x5D", "é", "😀", "\x0C", "\x19", "\x1A", "\x1C", "\x7D", "\xC2\x8C",
		"\xEF\xBF\xBD", "\xE4\xB8", "\x80", "\xFF", "\x8C",
		"\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF",
	};
	enum { PIECES = sizeof pieces / sizeof *pieces, CLEAN = 23, MAX = 600 };
	uint32_t state = 64;
	char buf[MAX + 8];
	uint64_t marks[(MAX + 63) / 64], portable[(MAX + 63) / 64];
	for (int round = 0; round < 20000; round++) {
		size_t want_len = next_random(&state) % MAX, n = 0;
		/* Mostly clean; a bad piece in one text of three. */
		bool clean = round % 3 != 0;
		while (n < want_len) {
			const char *p = next_random(&state) % 4 ? pieces[next_random(&state) % 2] :
				pieces[next_random(&state) % (clean ? CLEAN : PIECES)];
			size_t len = p[0] ? strlen(p) : 1;
			if (n + len > MAX)
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		size_t want = reference_prefix(buf, n);
		size_t got = utf8_scan_marks(buf, n, marks);
		size_t scalar = utf8_scan_marks_portable(buf, n, portable);
		size_t vector = cpu_has_avx2() ? utf8_scan_marks_avx2(buf, n, marks) : got;
		bool same = got == want && scalar == want && vector == want;
		for (size_t w = 0; w < (n + 63) / 64; w++) {
			uint64_t expected = 0;
			for (size_t k = 0; k < 64 && w * 64 + k < n; k++) {
				char c = buf[w * 64 + k];
				expected |= (uint64_t)(c == '\t' || c == '\n' || c == '\r' || c == '\\') << k;
			}
			same &= marks[w] == expected && portable[w] == expected;
		}
		if (!same && ++mismatches <= 10)
			printf("  scan_marks: prefix %zu (portable %zu, AVX2 %zu), expected %zu, "
			       "or marks differ, n %zu\n", got, scalar, vector, want, n);
	}
	/* CJK text with one bad byte at every position: the first error in
	 * every place of a 64-byte step, and in the short end. */
	static const unsigned char bad[] = { 0x80, 0xC2, 0xE4, 0xED, 0xF0, 0xFF };
	size_t n = 0;
	while (n + 3 <= 400) {
		memcpy(buf + n, n % 21 == 0 ? "\tb" : "中", 3); /* "\tb" with its NUL */
		n += 3;
	}
	for (size_t at = 0; at < n; at++)
		for (size_t b = 0; b < sizeof bad; b++) {
			char keep = buf[at];
			buf[at] = (char)bad[b];
			size_t want = reference_prefix(buf, n);
			if (((cpu_has_avx2() && utf8_scan_marks_avx2(buf, n, marks) != want) ||
			     utf8_scan_marks_portable(buf, n, portable) != want) && ++mismatches <= 10)
				printf("  scan_marks: bad byte %02X at %zu\n", bad[b], at);
			buf[at] = keep;
		}
}

static void sequences_alone(void) { sequences_in_context("", ""); }
static void sequences_in_cjk(void) { sequences_in_context("中国", "中国人民"); }
static void sequences_in_ascii(void) { sequences_in_context("ab", "abcdefgh"); }

int main(void)
{
	printf("# AVX2 validator %s\n", cpu_has_avx2() ? "tested" : "not available: portable loop twice");
	group("every short sequence alone", sequences_alone);
	group("every short sequence among CJK", sequences_in_cjk);
	group("every short sequence among ASCII", sequences_in_ascii);
	group("random mixtures", random_mixtures);
	group("a bad byte at every position", bad_byte_everywhere);
	group("line breaks found", find_break);
	group("16-byte set matches", match16);
	group("32-byte set matches", match32);
	group("word tests", word_tests);
	group("block scan: valid prefix and marks", scan_marks);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
