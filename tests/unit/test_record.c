/* test_record: record.c's escaping and field splitting against plain
 * byte-by-byte versions written from SPEC §2.
 *
 * The writer finds the bytes to escape 32 at a time and the reader finds
 * TABs, backslashes and CRs the same way, so every special byte is put at
 * every position of strings up to 70 bytes (across the ends of 16- and
 * 32-byte blocks and into the short end), among bytes that share a nibble
 * with them. The reader also says which texts need no escape (text_plain). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "record.h"
#include "report.h"
#include "sys.h"

/* A fixed pseudo-random sequence, the same on every run. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static void reference_escape(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			buf_addc(out, '\\');
			buf_addc(out, c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
		} else {
			buf_addc(out, c);
		}
	}
}

static const char specials[] = "\\\t\n\r";
/* Bytes near the special ones: same low nibble, neighbours, NUL, non-ASCII. */
static const char others[] = "\x1C\x19\x1A\x1D\x5B\x5D\x08\x0B\x0C\x0E\x00\x8C\xDC\xE4" "a";

static void fill(char *s, size_t n, uint32_t *state)
{
	for (size_t i = 0; i < n; i++)
		s[i] = next_random(state) % 2 ? 'x' : others[next_random(state) % (sizeof others - 1)];
}

/* Escaping one special byte at every position, and random mixtures. */
static void escaping(struct counts *c)
{
	struct buf got = {0}, want = {0};
	uint32_t state = 1;
	char s[72];
	int bad = 0;
	for (size_t n = 0; n <= 70; n++)
		for (size_t at = 0; at <= n; at++)
			for (size_t k = 0; k < 4; k++) {
				fill(s, n, &state);
				if (at < n)
					s[at] = specials[k];
				if (next_random(&state) % 4 == 0 && n)
					s[next_random(&state) % n] = specials[next_random(&state) % 4];
				buf_clear(&got);
				buf_clear(&want);
				tsv_escape(&got, s, n);
				reference_escape(&want, s, n);
				if (got.len != want.len || (got.len && memcmp(got.data, want.data, got.len) != 0))
					bad++;
			}
	report(c, "escaping: a special byte at every position", bad == 0, "escaped differently");
	buf_free(&got);
	buf_free(&want);
}

/* SPEC §2: \\ \t \n \r stand for their byte; any other backslash (unknown
 * escape, alone at the end) is kept as written and counted. */
static size_t reference_unescape(struct buf *out, const char *s, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		char c = i + 1 < n ? s[i + 1] : 0;
		char to = c == '\\' ? '\\' : c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : 0;
		if (s[i] != '\\') {
			buf_addc(out, s[i]);
		} else if (to) {
			buf_addc(out, to);
			i++;
		} else {
			buf_addc(out, '\\');
			bad++;
		}
	}
	return bad;
}

/* Runs of backslashes of every length, escapes and malformed ones, at every
 * position and at the very end. */
static void unescaping(struct counts *c)
{
	static const char letters[] = "\\\\tnrxa\t";
	struct buf got = {0}, want = {0};
	uint32_t state = 4;
	char s[72];
	int bad = 0;
	for (int round = 0; round < 100000; round++) {
		size_t n = round % 71;
		fill(s, n, &state);
		for (size_t i = 0; i < n; i++)
			if (next_random(&state) % 4 == 0)
				s[i] = letters[next_random(&state) % (sizeof letters - 1)];
		buf_clear(&got);
		buf_clear(&want);
		size_t got_bad = tsv_unescape(&got, s, n), want_bad = reference_unescape(&want, s, n);
		if (got_bad != want_bad || got.len != want.len ||
		    (got.len && memcmp(got.data, want.data, got.len) != 0))
			bad++;
	}
	report(c, "unescaping: runs of backslashes, malformed escapes", bad == 0,
	       "unescaped differently");
	buf_free(&got);
	buf_free(&want);
}

/* Four fields when a line has exactly three TABs and a numeric second
 * field, whatever else (backslashes included) stands anywhere. */
static void splitting(struct counts *c)
{
	uint32_t state = 2;
	char s[80];
	int bad = 0;
	for (int round = 0; round < 50000; round++) {
		size_t n = next_random(&state) % 72, tabs = 0;
		fill(s, n, &state);
		for (size_t i = 0; i < n; i++)
			if (next_random(&state) % 16 == 0)
				s[i] = next_random(&state) % 2 ? '\\' : '\t';
		/* Often a real record: `doc TAB 7 TAB section TAB text`. */
		if (round % 2 && n >= 6) {
			for (size_t i = 0; i < n; i++)
				if (s[i] == '\t')
					s[i] = 'y';
			size_t first = next_random(&state) % (n - 5);
			s[first] = '\t';
			s[first + 1] = '7';
			s[first + 2] = '\t';
			s[first + 3 + next_random(&state) % (n - first - 3)] = '\t';
		}
		size_t first_tab = n, second_tab = n;
		for (size_t i = 0; i < n; i++)
			if (s[i] == '\t' && ++tabs == 1)
				first_tab = i;
			else if (s[i] == '\t' && tabs == 2)
				second_tab = i;
		bool digits = second_tab > first_tab + 1 && second_tab - first_tab - 1 <= 18;
		for (size_t i = first_tab + 1; digits && i < second_tab; i++)
			digits = s[i] >= '0' && s[i] <= '9';
		bool want = tabs == 3 && digits;
		if (line_is_record(s, n) != want)
			bad++;
	}
	report(c, "splitting: four fields and a line number", bad == 0, "fields counted wrongly");
}

/* Fields of valid UTF-8 with every special byte, written escaped, read
 * back through read_records: the reader must unescape exactly the fields
 * that hold a backslash and hand the others on as they stand. */
enum { RECORDS = 3000 };
struct readback {
	struct buf expected[RECORDS][3];
	size_t seen;
	int bad;
};

static bool same(const struct buf *b, const char *s, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, s, n) == 0);
}

static bool same_text(const char *want, const char *s, size_t n)
{
	return strlen(want) == n && memcmp(want, s, n) == 0;
}

/* Does s[0..n) hold a byte the writer escapes? */
static bool needs_escape(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\\' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return true;
	return false;
}

/* Also text_plain: these fields were written by tsv_escape (no raw CR), so
 * the reader must know exactly the texts with nothing to escape. */
static void check_record(const struct record *r, void *ctx)
{
	struct readback *rb = ctx;
	size_t k = rb->seen++;
	if (k >= RECORDS || r->line != (long)k || !same(&rb->expected[k][0], r->doc, r->doc_len) ||
	    !same(&rb->expected[k][1], r->section, r->section_len) ||
	    !same(&rb->expected[k][2], r->text, r->text_len) ||
	    r->text_plain == needs_escape(r->text, r->text_len))
		rb->bad++;
}

/* A raw CR inside a text (a stray one, not escaped) is text too: that
 * text is not plain, while the CR of a CRLF line end is no part of it. */
struct plain_seen {
	size_t records;
	int bad;
};

static void check_plain(const struct record *r, void *ctx)
{
	static const struct { const char *text; bool plain; } want[] = {
		{ "a\rb", false }, { "ab", true }, { "a\\b", false }, { "a\tb", false }, { "", true },
		{ "中文", true },
	};
	struct plain_seen *seen = ctx;
	size_t k = seen->records++;
	if (k >= sizeof want / sizeof *want || r->text_plain != want[k].plain ||
	    r->text_len != strlen(want[k].text) || memcmp(r->text, want[k].text, r->text_len) != 0)
		seen->bad++;
}

static void plain_texts(struct counts *c)
{
	static const char input[] = "d\t1\t\ta\rb\nd\t2\t\tab\r\nd\t3\ts\\\\\ta\\\\b\n"
				    "d\t4\t\ta\\tb\nd\t5\t\t\nd\t6\t\t中文\n";
	char path[] = "/tmp/test_record_plain.XXXXXX";
	int fd = mkstemp(path);
	bool written = fd >= 0 && write(fd, input, sizeof input - 1) == (ssize_t)(sizeof input - 1);
	if (fd >= 0 && close(fd) != 0)
		written = false;
	struct plain_seen seen = {0};
	struct reader_opts opts = {0};
	struct record_sink sink = { .record = check_plain, .ctx = &seen };
	int status = written ? read_records(path, &opts, &sink) : 1;
	report(c, "reading: which texts are plain", status == 0 && seen.records == 6 && !seen.bad,
	       "text_plain or text wrong");
	unlink(path);
}

static void valid_field(struct buf *b, uint32_t *state)
{
	static const char *const pieces[] = { "\\", "\t", "\n", "\r", "x", "中", "a\x1C", "]" };
	size_t n = next_random(state) % 40;
	buf_clear(b);
	for (size_t i = 0; i < n; i++)
		buf_adds(b, next_random(state) % 3 ? "y" : pieces[next_random(state) % 8]);
}

static void reading(struct counts *c)
{
	static struct readback rb;
	char path[] = "/tmp/test_record.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	uint32_t state = 3;
	struct buf line = {0};
	for (size_t k = 0; f && k < RECORDS; k++) {
		buf_clear(&line);
		for (int field = 0; field < 3; field++) {
			valid_field(&rb.expected[k][field], &state);
			if (field == 0 && rb.expected[k][0].len == 0)
				buf_adds(&rb.expected[k][0], "doc"); /* one document per name */
			tsv_escape(&line, rb.expected[k][field].data, rb.expected[k][field].len);
			if (field == 0)
				fprintf(f, "%.*s\t%zu\t", (int)line.len, line.data, k);
			else
				fprintf(f, "%.*s%s", (int)line.len, line.data, field == 1 ? "\t" : "\n");
			buf_clear(&line);
		}
	}
	bool written = f && fclose(f) == 0;
	struct reader_opts opts = {0};
	struct record_sink sink = { .record = check_record, .ctx = &rb };
	int status = written ? read_records(path, &opts, &sink) : 1;
	report(c, "reading: escaped and plain fields", status == 0 && rb.seen == RECORDS && !rb.bad,
	       "fields read back differently");
	unlink(path);
	buf_free(&line);
	for (size_t k = 0; k < RECORDS; k++)
		for (int field = 0; field < 3; field++)
			buf_free(&rb.expected[k][field]);
}

/* A stream of several read blocks (the reader takes 256 KiB at a time
 * and checks a whole block at once): records with CJK text, escapes, CRLF
 * ends, stray CRs, invalid bytes (each one is a U+FFFD in the record) and
 * malformed lines (skipped), with a character cut by every block end. Each
 * record must come out as if read line by line. */
enum { BIG_BLOCK = 1 << 18, BIG_RECORDS = 9000 };
struct big {
	struct buf expected[BIG_RECORDS][3];
	bool plain[BIG_RECORDS];
	long line[BIG_RECORDS];
	size_t count, seen;
	int bad;
};

static void check_big(const struct record *r, void *ctx)
{
	struct big *b = ctx;
	size_t k = b->seen++;
	if (k >= b->count || r->line != b->line[k] || !same(&b->expected[k][0], r->doc, r->doc_len) ||
	    !same(&b->expected[k][1], r->section, r->section_len) ||
	    !same(&b->expected[k][2], r->text, r->text_len) || r->text_plain != b->plain[k]) {
		if (b->bad++ < 3)
			printf("  record %zu (line %ld): read differently\n", k, r->line);
	}
}

/* Appends a field's text: CJK and ASCII, sometimes a byte to escape, a
 * stray CR, or an invalid byte; raw gets what the stream holds, want what
 * the reader must hand on. */
static void big_field(struct buf *raw, struct buf *want, uint32_t *state, bool *plain)
{
	size_t n = next_random(state) % 120;
	for (size_t i = 0; i < n; i++) {
		uint32_t pick = next_random(state) % 64;
		if (pick < 40) {
			buf_adds(raw, "预");
			buf_adds(want, "预");
		} else if (pick < 52) {
			buf_addc(raw, (char)('a' + pick % 26));
			buf_addc(want, (char)('a' + pick % 26));
		} else if (pick < 56) {
			buf_adds(raw, pick % 2 ? "\\t" : "\\\\");
			buf_addc(want, pick % 2 ? '\t' : '\\');
			*plain = false;
		} else if (pick == 56) {
			buf_addc(raw, '\r');
			buf_addc(want, '\r');
			*plain = false;
		} else if (pick == 57) {
			buf_addc(raw, pick % 2 ? '\xFF' : '\x80');
			buf_adds(want, "\xEF\xBF\xBD");
		} else {
			buf_adds(raw, "，");
			buf_adds(want, "，");
		}
	}
}

static void many_blocks(struct counts *c)
{
	static struct big b;
	struct buf raw = {0}, text = {0};
	uint32_t state = 5;
	for (size_t k = 0; k < BIG_RECORDS; k++) {
		size_t line_start = raw.len;
		/* Now and then a malformed line, which is skipped. */
		if (next_random(&state) % 50 == 0)
			buf_adds(&raw, "doc\t12\tonly three fields\n");
		if (next_random(&state) % 70 == 0)
			buf_adds(&raw, "doc\tx1\tsection\ttext\n");
		/* Line numbers that are not: bytes next to the digits, too long. */
		static const char *const not_numbers[] = {
			"12:4", "1/23", "9\x3F", "0000000:", "", "1234567890123456789", "12 3",
		};
		if (next_random(&state) % 40 == 0) {
			buf_adds(&raw, next_random(&state) % 2 ? "d\t" : "a longer name\t");
			buf_adds(&raw, not_numbers[next_random(&state) % 7]);
			buf_adds(&raw, "\tsection\ttext\n");
		}
		size_t r = b.count++;
		buf_clear(&b.expected[r][0]);
		buf_adds(&b.expected[r][0], k < BIG_RECORDS / 3 ? "doc" : k < BIG_RECORDS / 2 ? "d" :
				"文件二");
		buf_add(&raw, b.expected[r][0].data, b.expected[r][0].len);
		/* Line numbers of every width, some with leading zeros, after
		 * document names short and long. */
		static const char *const numbers[] = {
			"7", "00000042", "12345678", "123456789", "000000000000000001",
			"99999999", "100000000", "0",
		};
		char number[32];
		if (k % 13 == 5) {
			const char *digits = numbers[k / 13 % 8];
			snprintf(number, sizeof number, "\t%s\t", digits);
			b.line[r] = strtol(digits, NULL, 10);
		} else {
			snprintf(number, sizeof number, "\t%zu\t", k + 1);
			b.line[r] = (long)k + 1;
		}
		buf_adds(&raw, number);
		bool plain = true;
		buf_clear(&b.expected[r][1]);
		big_field(&raw, &b.expected[r][1], &state, &plain);
		buf_addc(&raw, '\t');
		plain = true;
		buf_clear(&b.expected[r][2]);
		/* The next block end inside this line's text: put it in the
		 * middle of a character. */
		size_t next_end = (raw.len / BIG_BLOCK + 1) * BIG_BLOCK;
		if (next_end - raw.len < 200) {
			while ((next_end - raw.len) % 3 != 1) {
				buf_addc(&raw, 'x');
				buf_addc(&b.expected[r][2], 'x');
			}
			for (int i = 0; i < 80; i++) {
				buf_adds(&raw, "中");
				buf_adds(&b.expected[r][2], "中");
			}
		}
		big_field(&raw, &b.expected[r][2], &state, &plain);
		if (raw.data[raw.len - 1] == '\r') { /* else it reads as a CRLF end */
			buf_addc(&raw, 'y');
			buf_addc(&b.expected[r][2], 'y');
		}
		b.plain[r] = plain;
		buf_adds(&raw, next_random(&state) % 10 == 0 ? "\r\n" : "\n");
		(void)line_start;
	}
	char path[] = "/tmp/test_record_big.XXXXXX";
	int fd = mkstemp(path);
	bool written = fd >= 0 && write(fd, raw.data, raw.len) == (ssize_t)raw.len;
	if (fd >= 0 && close(fd) != 0)
		written = false;
	struct reader_opts opts = {0};
	struct record_sink sink = { .record = check_big, .ctx = &b };
	int status = written && raw.len > 3 * BIG_BLOCK ? read_records(path, &opts, &sink) : 1;
	report(c, "reading: several blocks, characters cut at their ends, bad bytes, CRLF",
	       status == 0 && b.seen == b.count && !b.bad, "records read differently");
	unlink(path);
	buf_free(&raw);
	buf_free(&text);
	for (size_t k = 0; k < b.count; k++)
		for (int field = 0; field < 3; field++)
			buf_free(&b.expected[k][field]);
}

/* Lines the walk over a block's marks cuts its own way (a table row's
 * escapes, a malformed one among them, a backslash at the very end of a
 * text; a CRLF end after an escape; a fifth field after one; a section
 * with a backslash and a text with a stray CR), each put across a block
 * end at every one of its bytes: the records must not change with where
 * the block ends. Long filler records move each line to its place. */
enum { EDGE_LINES = 4 * 40 };
struct edges {
	long line[EDGE_LINES];
	size_t kind[EDGE_LINES], count, seen, fillers;
	int bad;
};

static const struct {
	const char *raw, *section, *text; /* section NULL: the line is skipped */
} edge_kinds[] = {
	{ "d\t%ld\tsec\tcell\\tcell\\\\x\\y\\\n", "sec", "cell\tcell\\x\\y\\" },
	{ "d\t%ld\tsec\ta\\tb\r\n", "sec", "a\tb" },
	{ "d\t%ld\tsec\ta\\tb\tc\n", NULL, NULL },
	{ "d\t%ld\ts\\\\t\ta\rb\\tc\\\\\n", "s\\t", "a\rb\tc\\" },
};

static void check_edge(const struct record *r, void *ctx)
{
	struct edges *e = ctx;
	if (r->section_len == 6 && memcmp(r->section, "filler", 6) == 0) {
		e->fillers++;
		return;
	}
	size_t k = e->seen++;
	if (k >= e->count || r->line != e->line[k] || r->text_plain ||
	    !same_text(edge_kinds[e->kind[k]].section, r->section, r->section_len) ||
	    !same_text(edge_kinds[e->kind[k]].text, r->text, r->text_len)) {
		if (e->bad++ < 3)
			printf("  line %ld (kind %zu): read differently\n", r->line,
			       k < e->count ? e->kind[k] : 0);
	}
}

static void block_ends(struct counts *c)
{
	static struct edges e;
	struct buf raw = {0};
	long line = 0;
	size_t lines = 0;
	for (size_t kind = 0; kind < sizeof edge_kinds / sizeof *edge_kinds; kind++) {
		char text[64];
		int len = snprintf(text, sizeof text, edge_kinds[kind].raw, 1000000L);
		for (int in_first = 0; in_first <= len; in_first++) {
			/* A filler record up to where the line must start. */
			size_t end = (raw.len / BIG_BLOCK + 1) * BIG_BLOCK, room = end - raw.len - (size_t)in_first;
			if (room < 32)
				room += BIG_BLOCK;
			char head[32];
			int head_len = snprintf(head, sizeof head, "d\t%ld\tfiller\t", ++line);
			buf_adds(&raw, head);
			for (size_t i = (size_t)head_len + 1; i < room; i++)
				buf_addc(&raw, 'x');
			buf_addc(&raw, '\n');
			snprintf(text, sizeof text, edge_kinds[kind].raw, 1000000L + ++line);
			buf_adds(&raw, text);
			if (edge_kinds[kind].section && lines < EDGE_LINES) {
				e.line[lines] = 1000000L + line;
				e.kind[lines++] = kind;
			}
		}
	}
	e.count = lines;
	char path[] = "/tmp/test_record_edges.XXXXXX";
	int fd = mkstemp(path);
	bool written = fd >= 0 && write(fd, raw.data, raw.len) == (ssize_t)raw.len;
	if (fd >= 0 && close(fd) != 0)
		written = false;
	struct reader_opts opts = {0};
	struct record_sink sink = { .record = check_edge, .ctx = &e };
	int status = written ? read_records(path, &opts, &sink) : 1;
	report(c, "reading: escapes, CRLF, a fifth field across a block end at every byte",
	       status == 0 && lines < EDGE_LINES && e.seen == e.count && !e.bad,
	       "records read differently");
	unlink(path);
	buf_free(&raw);
}

int main(void)
{
	struct counts c = {0};
	tool_init("test_record");
	escaping(&c);
	unescaping(&c);
	splitting(&c);
	reading(&c);
	plain_texts(&c);
	many_blocks(&c);
	block_ends(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
