/* label_reference: label_read as it was written first, word list by word
 * list, for test_label_reference to compare the library's label_read with.
 * The plain definition: no vector path, and a plain search for words. Not
 * part of the library; included by one test. */
#ifndef GONGKAI_TEST_LABEL_REFERENCE_H
#define GONGKAI_TEST_LABEL_REFERENCE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "label.h"
#include "plain_find.h"

static int reference_main_year(const char *text, size_t n);

/* A word with its length, so that no test measures it again. */
struct word {
	const char *text;
	size_t len;
};
#define W(literal) { literal, sizeof literal - 1 }
#define COUNT(array) (sizeof array / sizeof array[0])

/* Where one clause ends and the next begins. `其中` opens a sub-list whose
 * items have their own subjects; TAB separates cells. */
static const struct word boundaries[] = {
	W(","), W(";"), W(":"), W("\t"), W("。"), W("，"), W("；"), W("："), W("、"), W("其中"),
};
static const struct word sentence_ends[] = { W("。"), W(";"), W("；") };

/* Change words: the amount after them is a difference, not a level. `多`,
 * `少`, `增`, `减` alone mean that only after a comparison (比…多). */
struct change_word {
	struct word word;
	bool decrease;
	bool needs_comparison;
};
static const struct change_word change_words[] = {
	{ W("增加"), false, false }, { W("增长"), false, false }, { W("超支"), false, false },
	{ W("高于"), false, false }, { W("增支"), false, false }, { W("减少"), true, false },
	{ W("下降"), true, false }, { W("节约"), true, false }, { W("压减"), true, false },
	{ W("降低"), true, false }, { W("节省"), true, false }, { W("减支"), true, false },
	{ W("低于"), true, false }, { W("多"), false, true }, { W("增"), false, true },
	{ W("少"), true, true }, { W("减"), true, true },
};
/* What may stand between a change word and its amount (`减少了`). */
static const struct word change_tails[] = { W(""), W("了"), W("额"), W("金额"), W("资金") };
static const struct word comparisons[] = {
	W("较"), W("与上年"), W("同比"), W("相比"), W("对比"), W("比"),
};
/* A comparison that opens the clause (`与上年对比财务总收入增加`): the
 * subject follows it. */
static const struct word opening_comparisons[] = {
	W("与上年对比"), W("与上年相比"), W("与上年度相比"), W("较上年度"), W("较上年"), W("比上年度"),
	W("比上年"), W("同比"), W("较年初预算"), W("比年初预算"), W("对比"), W("相比"),
};
/* Every prior word ends in 年: names_prior finds them from it. */
static const struct word prior_words[] = { W("上年"), W("上一年"), W("去年") };
/* A prior-period clause that names nothing else (`与上年1046.93万元对比`). */
static const struct word bare_priors[] = {
	W("与上年"), W("较上年"), W("比上年"), W("上年"), W("上年度"), W("上一年"), W("去年"), W("上年同期"),
	W("与上年度"), W("较上年度"),
};
static const struct word leading_fillers[] = {
	W(" "), W("其中"), W("以及"), W("和"), W("及"), W("预算"), W("安排"), W("共计"), W("故"), W("因此"),
	W("主要是"), W("("), W("-"), W("~"), W("至"),
};
static const struct word trailing_fillers[] = {
	W(" "), W("为"), W("是"), W("共计"), W("约"), W("达到"), W("达"), W("安排"), W("了"), W("共"), W("预算支出"),
	W("预算数"),
};
#undef W

struct span {
	const char *text;
	size_t start, end;
};

/* The tests below look at one byte before they compare the word: most
 * words do not match there. */
static bool starts_with(struct span s, struct word w)
{
	if (w.len == 0)
		return true;
	return s.end - s.start >= w.len && s.text[s.start] == w.text[0] &&
	       memcmp(s.text + s.start, w.text, w.len) == 0;
}

static bool ends_with(struct span s, struct word w)
{
	if (w.len == 0)
		return true;
	return s.end - s.start >= w.len && s.text[s.end - 1] == w.text[w.len - 1] &&
	       memcmp(s.text + s.end - w.len, w.text, w.len) == 0;
}

/* Position of the first occurrence of w in s, or SIZE_MAX. */
static size_t find_in(struct span s, struct word w)
{
	const char *p = plain_find(s.text + s.start, s.end - s.start, w.text, w.len);
	return p && w.len ? (size_t)(p - s.text) : SIZE_MAX;
}

/* A set of bytes, one bit each: the last bytes of a list of words. */
struct byte_set {
	uint64_t bits[4];
};

static struct byte_set last_bytes(const struct word *words, size_t count)
{
	struct byte_set set = { { 0 } };
	for (size_t i = 0; i < count; i++) {
		unsigned char c = (unsigned char)words[i].text[words[i].len - 1];
		set.bits[c >> 6] |= UINT64_C(1) << (c & 63);
	}
	return set;
}

static bool in_set(const struct byte_set *set, unsigned char c)
{
	return set->bits[c >> 6] >> (c & 63) & 1;
}

/* The length of the word of words[0..count) that ends at s.text[end], or 0. */
static size_t word_ending_at(struct span s, size_t end, const struct word *words, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t n = words[i].len;
		if (end - s.start >= n && memcmp(s.text + end - n, words[i].text, n) == 0)
			return n;
	}
	return 0;
}

static bool contains_any(struct span s, const struct word *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (find_in(s, words[i]) != SIZE_MAX)
			return true;
	return false;
}

static bool equals_any(struct span s, const struct word *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (words[i].len == s.end - s.start && starts_with(s, words[i]))
			return true;
	return false;
}

/* Does s name the prior period (上年, 上一年, 去年)? Each ends in 年. */
static bool names_prior(struct span s)
{
	static const struct word nian = { "年", sizeof "年" - 1 };
	size_t from = s.start;
	size_t at;
	while ((at = find_in((struct span){ s.text, from, s.end }, nian)) != SIZE_MAX) {
		if (word_ending_at((struct span){ s.text, s.start, at + nian.len }, at + nian.len,
				   prior_words, COUNT(prior_words)))
			return true;
		from = at + nian.len;
	}
	return false;
}

/* The clause starts after the last boundary in s: walking back from the
 * end, the first place where a boundary ends. */
static size_t clause_start(struct span s, const struct byte_set *ends)
{
	size_t end = s.end;
	for (; end > s.start; end--)
		if (in_set(ends, (unsigned char)s.text[end - 1]) &&
		    word_ending_at(s, end, boundaries, COUNT(boundaries)))
			return end;
	return s.start;
}

/* Skips a list marker opening the label: `(5)`, `1.`, `2、`. A code glued
 * to a name (`30101基本工资`) is part of the subject and stays. */
static struct span strip_marker(struct span s)
{
	static const struct word close = { ")", 1 }, comma = { "、", sizeof "、" - 1 };
	size_t i = s.start;
	if (i < s.end && s.text[i] == '(') {
		size_t at = find_in(s, close);
		if (at != SIZE_MAX && at - i <= 7)
			s.start = at + 1;
		return s;
	}
	while (i < s.end && s.text[i] >= '0' && s.text[i] <= '9')
		i++;
	if (i > s.start && i < s.end && s.text[i] == '.')
		s.start = i + 1;
	else if (i > s.start && starts_with((struct span){ s.text, i, s.end }, comma))
		s.start = i + comma.len;
	return s;
}

/* Strips list markers and filler words from both ends. A filler that is the
 * whole clause leaves it empty: the amount then borrows a subject. */
static struct span strip_fillers(struct span s)
{
	bool changed = true;
	s = strip_marker(s);
	while (changed && s.end > s.start) {
		changed = false;
		for (size_t i = 0; i < COUNT(leading_fillers); i++) {
			if (starts_with(s, leading_fillers[i])) {
				s.start += leading_fillers[i].len;
				changed = true;
			}
		}
		for (size_t i = 0; i < COUNT(trailing_fillers); i++) {
			if (s.end > s.start && ends_with(s, trailing_fillers[i])) {
				s.end -= trailing_fillers[i].len;
				changed = true;
			}
		}
	}
	return s;
}

/* Finds a change word that ends the clause (only a tail like `了` after it).
 * Returns its position or SIZE_MAX; sets *decrease. */
static size_t find_change(struct span s, bool *decrease)
{
	int compared = -1; /* unknown: looked for only when a word needs it */
	for (size_t t = 0; t < COUNT(change_tails); t++) {
		if (!ends_with(s, change_tails[t]))
			continue;
		struct span head = { s.text, s.start, s.end - change_tails[t].len };
		for (size_t i = 0; i < COUNT(change_words); i++) {
			const struct change_word *w = &change_words[i];
			if (!ends_with(head, w->word))
				continue;
			if (w->needs_comparison && compared < 0)
				compared = contains_any(s, comparisons, COUNT(comparisons));
			if (w->needs_comparison && !compared)
				continue;
			*decrease = w->decrease;
			return head.end - w->word.len;
		}
	}
	return SIZE_MAX;
}

/* A clause that opens with its verb (`压减一般性支出5万元`) is a change of
 * what follows. Returns the length of the verb, or 0. */
static size_t opening_change(struct span s, bool *decrease)
{
	for (size_t i = 0; i < COUNT(change_words); i++) {
		const struct change_word *w = &change_words[i];
		if (!w->needs_comparison && starts_with(s, w->word)) {
			*decrease = w->decrease;
			return w->word.len;
		}
	}
	return 0;
}

/* The subject of a change is what comes before its comparison, or after it
 * when the comparison opens the clause. */
static struct span change_subject(struct span s, size_t change_at)
{
	s.end = change_at;
	for (size_t i = 0; i < COUNT(opening_comparisons); i++) {
		if (starts_with(s, opening_comparisons[i])) {
			s.start += opening_comparisons[i].len;
			break;
		}
	}
	for (size_t i = 0; i < COUNT(comparisons); i++) {
		size_t at = find_in(s, comparisons[i]);
		if (at != SIZE_MAX && at < s.end)
			s.end = at;
	}
	return s;
}

/* Does s name a year (19xx/20xx年) other than main_year? */
static bool names_other_year(struct span s, int main_year)
{
	int year = reference_main_year(s.text + s.start, s.end - s.start);
	return year != 0 && main_year != 0 && year != main_year;
}

/* `30101基本工资:66.65万元`: an empty clause after a colon takes its
 * subject from the clause before the colon. */
static struct span before_colon(struct span all, const struct byte_set *boundary_ends)
{
	struct span s = { all.text, all.end, all.end };
	struct span head = all;
	while (head.end > head.start && head.text[head.end - 1] == ' ')
		head.end--;
	if (head.end == head.start || head.text[head.end - 1] != ':')
		return s;
	head.end--;
	head.start = clause_start(head, boundary_ends);
	return strip_fillers(head);
}

static void reference_label_read(const char *text, size_t from, size_t to, int main_year,
		struct label *out)
{
	struct span all = { text, from, to };
	struct byte_set boundary_ends = last_bytes(boundaries, COUNT(boundaries));
	struct span s = { text, clause_start(all, &boundary_ends), to };
	bool decrease = false;
	size_t change_at;

	memset(out, 0, sizeof *out);
	out->sentence_break = contains_any(all, sentence_ends, COUNT(sentence_ends));
	s = strip_fillers(s);
	if (s.start == s.end)
		s = before_colon(all, &boundary_ends);
	change_at = find_change(s, &decrease);
	size_t verb = change_at == SIZE_MAX ? opening_change(s, &decrease) : 0;
	if (verb) {
		out->kind = LABEL_CHANGE;
		out->decrease = decrease;
		s.start += verb;
		s = strip_fillers(s);
	} else if (change_at != SIZE_MAX) {
		out->kind = LABEL_CHANGE;
		out->decrease = decrease;
		s = strip_fillers(change_subject(s, change_at));
	} else if (names_prior(s) ||
		   names_other_year(s, main_year)) {
		out->kind = LABEL_PRIOR;
	}
	if (equals_any(s, bare_priors, COUNT(bare_priors)) ||
	    equals_any(s, comparisons, COUNT(comparisons)))
		s.end = s.start;
	out->start = s.start;
	out->end = s.end;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Years are found from their 年 (its last byte, by memchr), which is rarer
 * than the digits that make a year candidate. */
static int reference_main_year(const char *text, size_t n)
{
	static const char nian[] = "年";
	size_t nian_len = sizeof nian - 1;
	if (n < 4 + nian_len)
		return 0;
	const char *at = text + 4 + nian_len - 1, *end = text + n;
	while ((at = memchr(at, nian[nian_len - 1], (size_t)(end - at))) != NULL) {
		size_t i = (size_t)(at - text) + 1 - nian_len; /* where 年 starts */
		at++;
		if (i > 4 && is_digit(text[i - 5]))
			continue;
		const char *p = text + i - 4;
		if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]))
			continue;
		if (memcmp(p + 4, nian, nian_len) != 0)
			continue;
		int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		if (year >= 1900 && year <= 2099)
			return year;
	}
	return 0;
}

#endif
