/* test_table: the fast paths of table.c against the plain code they stand
 * for, on many generated lines and cells: find_unit_mark against a search
 * for the whole word `单位:`, prefix_of against strncmp, needs_cleaning
 * against clean_text, split_row against a byte-by-byte split, line_marks
 * against a count of pipes and searches for `单位:` and `表`. The fixtures
 * in tests/tabulate check what the tool prints; this checks the shortcuts
 * agree with their definitions at every edge (empty, at either end, bytes
 * of a word cut short). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#include "../../src/lib/table.c"

/* The pieces lines are made of: the word, its parts, its lookalikes. */
static const char *const unit_pieces[] = {
	"单位", ":", "单", "位", "：", "a", " ", "\xE5", "\x8D\x95", "单位:", "元",
};
static const char *const cell_pieces[] = {
	"—", "－", "…", "-", "a", "\xE2", "\x80", "\x94", "", " ",
};
static const char *const text_pieces[] = {
	" ", "  ", "<br>", "<p>", "</p>", "<br/>", "<br />", "<", "a", "字", "b<",
};
static const char *const mark_pieces[] = {
	"|", ":", "单位", "单位:", "表", "\xE8", "\xA1", "\xA8", "\xE8\xA1", "\xA1\xA8", "a", "字",
	" ", "一二三四五六七八九十", "位:", "单",
};
static const char *const stop_pieces[] = {
	"。", "\xE3", "\x80", "\x82", "\xE3\x80", "\x80\x82", "a", "字", "、", "一二三四五",
};
static const char *const row_pieces[] = {
	"\t", "|", " ", "\r", "a", "字", "1,0", "||", "\t\t",
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* A line of up to max pieces into out (NUL-terminated); returns its length.
 * A small generator of our own keeps every run the same. */
static size_t make_line(unsigned long *seed, const char *const *pieces, size_t count,
			size_t max, char *out, size_t cap)
{
	size_t len = 0;
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	size_t parts = (size_t)(*seed >> 33) % (max + 1);
	for (size_t i = 0; i < parts; i++) {
		*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
		const char *p = pieces[(size_t)(*seed >> 33) % count];
		size_t k = strlen(p);
		if (len + k + 1 > cap)
			break;
		memcpy(out + len, p, k);
		len += k;
	}
	out[len] = '\0';
	return len;
}

/* s[0..n) in an allocation of its own, so that a read past its end shows
 * under ASan. */
static char *exact_copy(const char *s, size_t n)
{
	char *copy = malloc(n ? n : 1);
	memcpy(copy, s, n);
	return copy;
}

static void test_unit_mark(struct counts *c)
{
	unsigned long seed = 1;
	char line[256];
	size_t bad = 0;
	for (int i = 0; i < 200000; i++) {
		size_t n = make_line(&seed, unit_pieces, COUNT(unit_pieces), 12, line, sizeof line);
		if (find_unit_mark(line, n) != find_word(line, n, "单位:", strlen("单位:")))
			bad++;
	}
	report(c, "find_unit_mark = find_word(单位:)", bad == 0, "differs");
	report(c, "find_unit_mark empty", find_unit_mark("", 0) == NULL, "found");
	report(c, "find_unit_mark colon first", find_unit_mark(":单位:万元", 14) != NULL &&
	       find_unit_mark(":单位:万元", 14) - ":单位:万元" == 1, "wrong place");
}

static void test_prefix(struct counts *c)
{
	static const char *const words[] = { "—", "——", "－", "…" };
	unsigned long seed = 2;
	char cell[64];
	size_t bad = 0;
	for (int i = 0; i < 100000; i++) {
		size_t n = make_line(&seed, cell_pieces, COUNT(cell_pieces), 4, cell, sizeof cell);
		/* n may run past the cell's end into its NUL, as strncmp allows */
		for (size_t k = 0; k <= n + 1; k++)
			for (size_t w = 0; w < COUNT(words); w++)
				bad += prefix_of(cell, k, words[w]) != !strncmp(cell, words[w], k);
	}
	report(c, "prefix_of = !strncmp", bad == 0, "differs");
}

/* needs_cleaning as first written: a byte at a time. */
static bool needs_cleaning_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '<' || (s[i] == ' ' && (i == 0 || i + 1 == n || s[i + 1] == ' ')))
			return true;
	return false;
}

static void test_cleaning(struct counts *c)
{
	unsigned long seed = 3;
	char text[256];
	struct buf out = { 0 };
	size_t bad = 0, clean = 0, differ = 0;
	for (int i = 0; i < 100000; i++) {
		size_t n = make_line(&seed, text_pieces, COUNT(text_pieces), 8, text, sizeof text);
		char *copy = exact_copy(text, n);
		differ += needs_cleaning(copy, n) != needs_cleaning_bytes(text, n);
		free(copy);
		if (needs_cleaning(text, n))
			continue;
		clean++;
		clean_text(&out, text, n);
		bad += out.len != n || (n > 0 && memcmp(out.data, text, n) != 0);
	}
	buf_free(&out);
	report(c, "needs_cleaning false: clean_text keeps the text", bad == 0, "changed");
	report(c, "needs_cleaning passes some", clean > 1000, "too few clean texts");
	report(c, "needs_cleaning = byte by byte", differ == 0, "differs");
}

/* The split as it was written first: one byte at a time. */
static void split_bytes(struct row *r, const char *s, size_t n, char sep)
{
	size_t begin = 0;
	row_view(r, s, n);
	for (size_t i = 0; i <= n; i++)
		if (i == n || s[i] == sep) {
			row_room(r, 1);
			add_trimmed(r, s + begin, i - begin);
			begin = i + 1;
		}
}

static bool same_rows(const struct row *a, const struct row *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		struct table_text x = cell_text(a, i), y = cell_text(b, i);
		if (x.n != y.n || (x.n && memcmp(x.s, y.s, x.n)))
			return false;
	}
	return true;
}

static void test_split(struct counts *c)
{
	unsigned long seed = 4;
	char line[256];
	struct row got = { 0 }, want = { 0 };
	size_t bad = 0;
	bool avx2 = cpu_has_avx2();
	for (int i = 0; i < 200000; i++) {
		/* rows across the 16- and 32-byte blocks */
		size_t n = make_line(&seed, row_pieces, COUNT(row_pieces), 40, line, sizeof line);
		char *copy = exact_copy(line, n);
		bool plain = !memchr(line, '\t', n) && (seed & 1);
		struct line l;
		if (!split_row(&got, copy, n, plain, avx2 && (seed & 2), &l)) {
			free(copy);
			continue;
		}
		const char *s = line;
		size_t k = n;
		char sep = memchr(s, '\t', k) ? '\t' : '|';
		if (sep == '|') {
			while (k > 0 && *s == ' ')
				s++, k--;
			while (k > 0 && s[k - 1] == ' ')
				k--;
			if (k > 0 && *s == '|')
				s++, k--;
			if (k > 0 && s[k - 1] == '|')
				k--;
		}
		split_bytes(&want, s, k, sep);
		bad += !same_rows(&got, &want);
		free(copy);
	}
	row_free(&got), row_free(&want);
	report(c, "split_row = byte split", bad == 0, "differs");
}

/* line_marks against its definition, on lines across the blocks, their
 * tail, and the caption length, copied to an exact allocation for ASan. */
static void test_line_marks(struct counts *c)
{
	unsigned long seed = 5;
	char line[512];
	size_t bad = 0, units = 0, titles = 0;
	for (int i = 0; i < 300000; i++) {
		size_t n = make_line(&seed, mark_pieces, COUNT(mark_pieces), 24, line, sizeof line);
		char *copy = exact_copy(line, n);
		size_t pipes = 0;
		for (size_t j = 0; j < n; j++)
			pipes += line[j] == '|';
		const char *unit = find_word(line, n, "单位:", strlen("单位:"));
		bool title = n <= CAPTION_MAX && find_word(line, n, "表", strlen("表"));
		struct line l = { copy, n, 0, NULL, false };
		line_marks(&l);
		bad += l.pipes != pipes || l.table_word != title ||
		       (unit ? l.unit != copy + (unit - line) : l.unit != NULL);
		units += unit != NULL, titles += title;
		free(copy);
	}
	report(c, "line_marks = pipes, find_word(单位:), find_word(表)", bad == 0, "differs");
	report(c, "line_marks sees both kinds", units > 1000 && titles > 1000, "too few marks");
}

/* line_kinds, SSE2 and AVX2, against line_marks (itself tested above): a
 * pipe, a colon, and 表 in a caption-sized line, on lines of every length
 * around the windows, copied to an exact allocation for ASan. */
static void test_line_kinds(struct counts *c)
{
	unsigned long seed = 7;
	char line[512];
	size_t bad[2] = { 0, 0 }, none = 0, some = 0, units = 0;
	for (int i = 0; i < 300000; i++) {
		size_t n = make_line(&seed, mark_pieces, COUNT(mark_pieces), 30, line, sizeof line);
		char *copy = exact_copy(line, n);
		struct line l = { copy, n, 0, NULL, false };
		line_marks(&l);
		bool unit_hint = false; /* any colon, or in a short line one after 8D */
		for (size_t j = 0; j < n; j++)
			unit_hint |= copy[j] == ':' && (n > CAPTION_MAX || (j >= 2 && copy[j - 1] == '\x8D'));
		unsigned want = (l.pipes ? HAS_PIPE : 0) | (unit_hint ? MAY_UNIT : 0) |
				(l.table_word ? HAS_TABLE_WORD : 0);
		units += l.unit != NULL && !(line_kinds_sse2(copy, n) & MAY_UNIT);
		bad[0] += line_kinds_sse2(copy, n) != want;
#ifdef HAVE_AVX2_LOOPS
		if (cpu_has_avx2() && n >= 34)
			bad[1] += line_kinds_avx2(copy, n) != want;
#endif
		none += want == 0, some += want == (MAY_UNIT | HAS_TABLE_WORD);
		free(copy);
	}
	report(c, "line_kinds = line_marks", bad[0] == 0, "differs");
	report(c, "line_kinds AVX2 = the same", bad[1] == 0, "differs");
	report(c, "line_kinds sees lines with and without", none > 1000 && some > 1000, "too few");
	report(c, "line_kinds: every 单位: is a MAY_UNIT", units == 0, "missed");
}

/* word_set_any, a Horspool pass for the set, against a find_word for each
 * word, on cells of the words, their pieces and other CJK text. */
static void test_word_sets(struct counts *c)
{
	static const char *const pieces[] = {
		"项目", "预算数", "决算", "数", "电话", "联系方式", "联系", "邮政编码", "邮编", "手", "机",
		"\xE9\xA1", "\xB9", "名称", "年度", "上年", "本", "字", "a", " ", "1", "编码", "码",
		"支出", "\xE7", "\x94\xB5",
	};
	struct word_set sets[2];
	const char *const *lists[2] = { header_words, contact_words };
	size_t counts[2] = { COUNT(header_words), COUNT(contact_words) };
	word_set_init(&sets[0], header_words, counts[0]);
	word_set_init(&sets[1], contact_words, counts[1]);
	unsigned long seed = 8;
	char cell[256];
	size_t bad = 0, found = 0;
	for (int i = 0; i < 200000; i++) {
		size_t n = make_line(&seed, pieces, COUNT(pieces), 12, cell, sizeof cell);
		char *copy = exact_copy(cell, n);
		for (int k = 0; k < 2; k++) {
			bool want = false;
			for (size_t w = 0; w < counts[k] && !want; w++)
				want = find_word(cell, n, lists[k][w], strlen(lists[k][w])) != NULL;
			bad += word_set_any(&sets[k], copy, n) != want;
			found += want;
		}
		free(copy);
	}
	report(c, "word_set_any = find_word for each word", bad == 0, "differs");
	report(c, "word_set_any finds some", found > 10000, "too few");
}

/* has_full_stop against find_word, on cells and lines of every length
 * around its block and tail, copied to an exact allocation for ASan. */
static void test_full_stop(struct counts *c)
{
	unsigned long seed = 6;
	char line[256];
	size_t bad = 0, found = 0;
	for (int i = 0; i < 300000; i++) {
		size_t n = make_line(&seed, stop_pieces, COUNT(stop_pieces), 16, line, sizeof line);
		char *copy = exact_copy(line, n);
		bool want = find_word(line, n, "。", strlen("。")) != NULL;
		bad += has_full_stop(copy, n) != want;
		found += want;
		free(copy);
	}
	report(c, "has_full_stop = find_word(。)", bad == 0, "differs");
	report(c, "has_full_stop finds some", found > 1000, "too few");
}

int main(void)
{
	struct counts c = { 0, 0 };
	test_unit_mark(&c);
	test_prefix(&c);
	test_cleaning(&c);
	test_split(&c);
	test_line_marks(&c);
	test_line_kinds(&c);
	test_word_sets(&c);
	test_full_stop(&c);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
