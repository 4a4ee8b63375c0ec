/* test_norm: norm.c's SSE2 scans (capitals for Word field codes, line
 * breaks) against its word-at-a-time loops.
 *
 * norm.c is built here a second time without SSE2 (NORM_SCALAR), its public
 * functions renamed plain_norm_*: its own find_capital is checked against a
 * byte loop, and whole documents are normalized by both builds (the lib's and
 * this one) and must give the same records. Prints `ok NAME` or
 * `FAIL NAME: …` per case and `N passed, N failed` last. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "norm.h"
#include "record.h"
#include "sys.h"

#define NORM_SCALAR
#define report plain_report /* norm.c has a report of its own */
#define norm_opts_default plain_norm_opts_default
#define norm_new plain_norm_new
#define norm_feed plain_norm_feed
#define norm_finish plain_norm_finish
#include "../../src/lib/norm.c"
#undef norm_opts_default
#undef norm_new
#undef norm_feed
#undef norm_finish
#undef report

#include "report.h"

static uint64_t next_random(uint64_t *seed)
{
	*seed ^= *seed << 13, *seed ^= *seed >> 7, *seed ^= *seed << 17;
	return *seed;
}

static size_t capital_by_bytes(const char *s, size_t from, size_t n)
{
	while (from < n && !(s[from] >= 'A' && s[from] <= 'Z'))
		from++;
	return from;
}

/* Lines of 0 to 64 bytes of lower case, digits, CJK and bytes beside the
 * capitals ('@', '[', 0xC1 and 0xDA, whose low seven bits are capitals),
 * with or without one capital at each position, searched from each start. */
static void test_find_capital(struct counts *c)
{
	static const char fill[] = "az@[09 \xC1\xDA\xE4\xB8\xAD";
	char line[80];
	uint64_t seed = 0xD1B54A32D192ED03u;
	int bad = 0;
	char why[120] = "";
	for (size_t n = 0; n <= 64; n++)
		for (size_t cap = 0; cap <= n; cap++) {
			for (size_t i = 0; i < n; i++)
				line[i] = fill[next_random(&seed) % (sizeof fill - 1)];
			if (cap < n)
				line[cap] = (char)('A' + next_random(&seed) % 26);
			for (size_t from = 0; from <= n; from++)
				if (find_capital(line, from, n) != capital_by_bytes(line, from, n) && !bad++)
					snprintf(why, sizeof why, "length %zu, capital at %zu, from %zu", n, cap, from);
		}
	report(c, "find-capital-as-byte-loop", bad == 0, why);
}

/* The records of a document, one line each, for comparing. */
static void keep_record(const struct record *r, void *ctx)
{
	struct buf *b = ctx;
	char number[32];
	snprintf(number, sizeof number, "%ld\t", r->line);
	buf_add(b, number, strlen(number));
	buf_add(b, r->text, r->text_len);
	buf_addc(b, '\n');
}

/* Pieces of documents: text with and without capitals, Word field codes,
 * every kind of line break, column gaps, tabs, a U+FFFD. */
static const char *const doc_pieces[] = {
	"一、部门职责", "主要任务是", "2023年", "PAGEREF _Toc25831 \\h 3", " ",
	"HYPERLINK \\l \"_Toc123\"", "TOC \\o \"1-3\" \\h \\z \\u", "ABC", "x",
	"\n", "\r\n", "\r", "\f", "\t", "    ", "收入合计    1,234.56", "。",
	"(一)项目", "727.56", "万元", "abcdefghijklmnopqrstuvwxyz0123456789",
	"\xEF\xBF\xBD", "PAGE", "其中:",
};

static void normalize_doc(bool plain, const struct norm_opts *o, const struct buf *in,
			  uint64_t seed, struct buf *out)
{
	struct record_sink sink = { .record = keep_record, .ctx = out };
	struct normalizer *n = plain ? plain_norm_new(o, "d", "d", &sink)
				     : norm_new(o, "d", "d", &sink);
	for (size_t at = 0; at < in->len;) {
		size_t k = 1 + next_random(&seed) % 90;
		if (k > in->len - at)
			k = in->len - at;
		if (plain)
			plain_norm_feed(n, in->data + at, k);
		else
			norm_feed(n, in->data + at, k);
		at += k;
	}
	if (plain)
		plain_norm_finish(n);
	else
		norm_finish(n);
}

static void test_documents(struct counts *c)
{
	struct buf in = { 0 }, fast = { 0 }, slow = { 0 };
	struct norm_opts o;
	norm_opts_default(&o);
	o.html = 0;
	uint64_t seed = 0x94D049BB133111EBu;
	int bad = 0;
	char why[120] = "";
	for (int round = 0; round < 3000; round++) {
		buf_clear(&in);
		size_t pieces = (size_t)round % 40;
		for (size_t i = 0; i < pieces; i++) {
			const char *p = doc_pieces[next_random(&seed) % (sizeof doc_pieces / sizeof *doc_pieces)];
			buf_add(&in, p, strlen(p));
		}
		buf_clear(&fast);
		buf_clear(&slow);
		uint64_t cuts = next_random(&seed);
		normalize_doc(false, &o, &in, cuts, &fast);
		normalize_doc(true, &o, &in, cuts, &slow);
		if ((fast.len != slow.len || (fast.len && memcmp(fast.data, slow.data, fast.len))) && !bad++)
			snprintf(why, sizeof why, "round %d: the records differ", round);
	}
	report(c, "documents-as-word-loops", bad == 0, why);
	buf_free(&in);
	buf_free(&fast);
	buf_free(&slow);
}

int main(void)
{
	struct counts c = { 0, 0 };
	tool_init("test_norm");
	test_find_capital(&c);
	test_documents(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
