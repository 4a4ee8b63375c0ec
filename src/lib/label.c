/* label: the subject and kind of an amount, read from the clause before it.
 *
 * Works on bytes of normalized UTF-8: every word looked for is a whole UTF-8
 * sequence, so a byte match is always a character match. See label.h. */
#include "label.h"

#include <stdint.h>
#include <string.h>

#include "find.h"

/* Where one clause ends and the next begins. `其中` opens a sub-list whose
 * items have their own subjects; TAB separates cells. */
static const char *const boundaries[] = {
	",", ";", ":", "\t", "。", "，", "；", "：", "、", "其中", NULL,
};
static const char *const sentence_ends[] = { "。", ";", "；", NULL };

/* Change words: the amount after them is a difference, not a level. `多`,
 * `少`, `增`, `减` alone mean that only after a comparison (比…多). */
struct change_word {
	const char *word;
	bool decrease;
	bool needs_comparison;
};
static const struct change_word change_words[] = {
	{ "增加", false, false }, { "增长", false, false }, { "超支", false, false },
	{ "高于", false, false }, { "增支", false, false }, { "减少", true, false },
	{ "下降", true, false }, { "节约", true, false }, { "压减", true, false },
	{ "降低", true, false }, { "节省", true, false }, { "减支", true, false },
	{ "低于", true, false }, { "多", false, true }, { "增", false, true },
	{ "少", true, true }, { "减", true, true }, { NULL, false, false },
};
/* What may stand between a change word and its amount (`减少了`). */
static const char *const change_tails[] = { "", "了", "额", "金额", "资金", NULL };
static const char *const comparisons[] = {
	"较", "比", "与上年", "同比", "相比", "对比", NULL,
};
/* A comparison that opens the clause (`与上年对比财务总收入增加`): the
 * subject follows it. */
static const char *const opening_comparisons[] = {
	"与上年对比", "与上年相比", "与上年度相比", "较上年度", "较上年", "比上年度",
	"比上年", "同比", "较年初预算", "比年初预算", "对比", "相比", NULL,
};
static const char *const prior_words[] = { "上年", "上一年", "去年", NULL };
/* A prior-period clause that names nothing else (`与上年1046.93万元对比`). */
static const char *const bare_priors[] = {
	"与上年", "较上年", "比上年", "上年", "上年度", "上一年", "去年", "上年同期",
	"与上年度", "较上年度", NULL,
};
static const char *const leading_fillers[] = {
	" ", "其中", "以及", "和", "及", "预算", "安排", "共计", "故", "因此",
	"主要是", "(", "-", "~", "至", NULL,
};
static const char *const trailing_fillers[] = {
	" ", "为", "是", "共计", "约", "达到", "达", "安排", "了", "共", "预算支出",
	"预算数", NULL,
};

struct span {
	const char *text;
	size_t start, end;
};

/* The tests below look at one byte before they measure and compare the
 * word: most words do not match there. */
static bool starts_with(struct span s, const char *word)
{
	if (word[0] == '\0')
		return true;
	if (s.start == s.end || s.text[s.start] != word[0])
		return false;
	size_t n = strlen(word);
	return s.end - s.start >= n && memcmp(s.text + s.start, word, n) == 0;
}

static bool ends_with(struct span s, const char *word)
{
	size_t n = strlen(word);
	if (n == 0)
		return true;
	return s.end - s.start >= n && s.text[s.end - 1] == word[n - 1] &&
	       memcmp(s.text + s.end - n, word, n) == 0;
}

/* Position of the first occurrence of word in s, or SIZE_MAX. */
static size_t find_in(struct span s, const char *word)
{
	const char *p = find_word(s.text + s.start, s.end - s.start, word, strlen(word));
	return p && *word ? (size_t)(p - s.text) : SIZE_MAX;
}

static bool contains_any(struct span s, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (find_in(s, words[i]) != SIZE_MAX)
			return true;
	return false;
}

static bool equals_any(struct span s, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == s.end - s.start && starts_with(s, words[i]))
			return true;
	return false;
}

/* The length of the boundary that ends at s.text[end], or 0. */
static size_t boundary_ending_at(struct span s, size_t end)
{
	for (size_t i = 0; boundaries[i]; i++) {
		size_t n = strlen(boundaries[i]);
		if (end - s.start >= n &&
		    memcmp(s.text + end - n, boundaries[i], n) == 0)
			return n;
	}
	return 0;
}

/* The clause starts after the last boundary in s: walking back from the
 * end, the first place where a boundary ends. Every boundary ends in an
 * ASCII separator or in one of a few UTF-8 final bytes, so most bytes are
 * passed over by a single test. */
static size_t clause_start(struct span s)
{
	uint64_t last_bytes[4] = { 0 }; /* a set of bytes, one bit each */
	for (size_t i = 0; boundaries[i]; i++) {
		unsigned char c = (unsigned char)boundaries[i][strlen(boundaries[i]) - 1];
		last_bytes[c >> 6] |= UINT64_C(1) << (c & 63);
	}
	for (size_t end = s.end; end > s.start; end--) {
		unsigned char c = (unsigned char)s.text[end - 1];
		if ((last_bytes[c >> 6] >> (c & 63) & 1) && boundary_ending_at(s, end))
			return end;
	}
	return s.start;
}

/* Skips a list marker opening the label: `(5)`, `1.`, `2、`. A code glued
 * to a name (`30101基本工资`) is part of the subject and stays. */
static struct span strip_marker(struct span s)
{
	size_t i = s.start;
	if (i < s.end && s.text[i] == '(') {
		size_t close = find_in(s, ")");
		if (close != SIZE_MAX && close - i <= 7)
			s.start = close + 1;
		return s;
	}
	while (i < s.end && s.text[i] >= '0' && s.text[i] <= '9')
		i++;
	if (i > s.start && i < s.end && s.text[i] == '.')
		s.start = i + 1;
	else if (i > s.start && starts_with((struct span){ s.text, i, s.end }, "、"))
		s.start = i + strlen("、");
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
		for (size_t i = 0; leading_fillers[i]; i++) {
			if (starts_with(s, leading_fillers[i])) {
				s.start += strlen(leading_fillers[i]);
				changed = true;
			}
		}
		for (size_t i = 0; trailing_fillers[i]; i++) {
			if (s.end > s.start && ends_with(s, trailing_fillers[i])) {
				s.end -= strlen(trailing_fillers[i]);
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
	bool compared = contains_any(s, comparisons);
	for (size_t t = 0; change_tails[t]; t++) {
		if (!ends_with(s, change_tails[t]))
			continue;
		struct span head = { s.text, s.start, s.end - strlen(change_tails[t]) };
		for (const struct change_word *w = change_words; w->word; w++) {
			if (w->needs_comparison && !compared)
				continue;
			if (ends_with(head, w->word)) {
				*decrease = w->decrease;
				return head.end - strlen(w->word);
			}
		}
	}
	return SIZE_MAX;
}

/* A clause that opens with its verb (`压减一般性支出5万元`) is a change of
 * what follows. Returns the length of the verb, or 0. */
static size_t opening_change(struct span s, bool *decrease)
{
	for (const struct change_word *w = change_words; w->word; w++) {
		if (!w->needs_comparison && starts_with(s, w->word)) {
			*decrease = w->decrease;
			return strlen(w->word);
		}
	}
	return 0;
}

/* The subject of a change is what comes before its comparison, or after it
 * when the comparison opens the clause. */
static struct span change_subject(struct span s, size_t change_at)
{
	s.end = change_at;
	for (size_t i = 0; opening_comparisons[i]; i++) {
		if (starts_with(s, opening_comparisons[i])) {
			s.start += strlen(opening_comparisons[i]);
			break;
		}
	}
	for (size_t i = 0; comparisons[i]; i++) {
		size_t at = find_in(s, comparisons[i]);
		if (at != SIZE_MAX && at < s.end)
			s.end = at;
	}
	return s;
}

/* Does s name a year (19xx/20xx年) other than main_year? */
static bool names_other_year(struct span s, int main_year)
{
	int year = label_main_year(s.text + s.start, s.end - s.start);
	return year != 0 && main_year != 0 && year != main_year;
}

/* `30101基本工资:66.65万元`: an empty clause after a colon takes its
 * subject from the clause before the colon. */
static struct span before_colon(struct span all)
{
	struct span s = { all.text, all.end, all.end };
	struct span head = all;
	while (head.end > head.start && head.text[head.end - 1] == ' ')
		head.end--;
	if (!ends_with(head, ":"))
		return s;
	head.end--;
	head.start = clause_start(head);
	return strip_fillers(head);
}

void label_read(const char *text, size_t from, size_t to, int main_year,
		struct label *out)
{
	struct span all = { text, from, to };
	struct span s = { text, clause_start(all), to };
	bool decrease = false;
	size_t change_at;

	memset(out, 0, sizeof *out);
	out->sentence_break = contains_any(all, sentence_ends);
	s = strip_fillers(s);
	if (s.start == s.end)
		s = before_colon(all);
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
	} else if (contains_any(s, prior_words) || names_other_year(s, main_year)) {
		out->kind = LABEL_PRIOR;
	}
	if (equals_any(s, bare_priors) || equals_any(s, comparisons))
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
int label_main_year(const char *text, size_t n)
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
