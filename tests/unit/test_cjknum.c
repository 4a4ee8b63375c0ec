/* test_cjknum: Chinese numerals read exactly, case by case.
 *
 * Hand-written cases first, then every row of the peer file
 * ../shared/peers/recognizers_number_zh.tsv that a numeral reader should pass. */
#include "cjknum.h"
#include "decimal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cjknum.c again without its shortcut for plain Arabic numbers, under
 * other names: the shortcut must give what the reader gives. (The
 * character helpers are inline in cjknum.h, shared by both.) */
#define CJKNUM_NO_SHORTCUT
#define cjknum_decode_other reader_decode_other
#define cjknum_parse reader_parse
#define cjknum_scan reader_scan
#include "../../src/lib/cjknum.c"
#undef cjknum_decode_other
#undef cjknum_parse
#undef cjknum_scan

static int passed, failed;

static void result(int ok, const char *name, const char *detail)
{
	if (ok) {
		passed++;
		printf("ok %s\n", name);
	} else {
		failed++;
		printf("FAIL %s: %s\n", name, detail);
	}
}

static int parse_expected(const char *text, struct decimal *d)
{
	int neg = text[0] == '-';
	if (decimal_parse(text + neg, strlen(text + neg), d) < 0)
		return -1;
	d->neg = neg && !decimal_is_zero(d);
	return 0;
}

/* cjknum_parse at the start of s must cover len bytes with this value. */
static void parse_case(const char *s, size_t want_len, const char *want)
{
	struct cjknum num;
	size_t len = cjknum_parse(s, strlen(s), &num);
	char got[DECIMAL_MAX_TEXT], detail[256];
	decimal_format(&num.value, 0, got);
	struct decimal w;
	int ok = len == want_len;
	if (want == NULL)
		ok = ok && len == 0;
	else
		ok = ok && parse_expected(want, &w) == 0 && !num.overflow &&
		     decimal_cmp(&w, &num.value) == 0;
	snprintf(detail, sizeof detail, "got len %zu value %s%s, want %zu %s",
		 len, got, num.overflow ? " (overflow)" : "", want_len,
		 want ? want : "none");
	result(ok, s, detail);
}

static void hand_cases(void)
{
	parse_case("一亿二千万", 15, "120000000");
	parse_case("十二万五千", 15, "125000");
	parse_case("1.5亿", 6, "150000000");
	parse_case("3千万", 7, "30000000");
	parse_case("12.5万", 7, "125000");
	parse_case("3万5千", 8, "35000");
	parse_case("两万", 6, "20000");
	parse_case("二百余万", 6, "200");
	parse_case("十几", 3, "10");
	parse_case("壹佰贰拾叁", 15, "123");
	parse_case("肆佰叁拾萬", 15, "4300000");
	parse_case("貳參陸", 3, "2");
	parse_case("兩億", 6, "200000000");
	parse_case("一千零一", 12, "1001");
	parse_case("二〇二五", 3, "2");
	parse_case("两百点两", 6, "200");
	parse_case("二点五", 9, "2.5");
	parse_case("两千三点一", 15, "2300.1");
	parse_case("1,234,567.89", 12, "1234567.89");
	parse_case("233,333,333,434.344元", 19, "233333333434.344");
	parse_case("1,2", 1, "1");
	parse_case("765.12万元", 9, "7651200");
	parse_case("五十千", 6, "50");
	parse_case("万", 0, NULL);
	parse_case("元", 0, NULL);
	parse_case("负三十二", 12, "-32");
	parse_case("一万亿", 9, "1000000000000");
	parse_case("3千万亿", 10, "3000000000000000");
	parse_case("百分之五", 0, NULL);
	parse_case("40k", 3, "40000");
	parse_case("5kg", 1, "5");
	parse_case("2025年", 4, "2025");
	parse_case("0万元", 4, "0");
}

static void overflow_case(void)
{
	const char *s = "1234567890123456789012345678901234567890元";
	struct cjknum num;
	size_t len = cjknum_parse(s, strlen(s), &num);
	result(len == 40 && num.overflow, "overflow 40 digits",
	       "want length 40 with overflow set");
	const char *big = "九千九百九十九万亿亿亿亿亿";
	len = cjknum_parse(big, strlen(big), &num);
	result(num.overflow, "overflow 亿亿亿亿亿", "want overflow");
}

static void scan_case(const char *s, const char *want)
{
	char got[512] = "", part[96], detail[700];
	size_t pos = 0, n = strlen(s);
	struct cjknum_match m;
	while (cjknum_scan(s, n, &pos, &m)) {
		char v[DECIMAL_MAX_TEXT];
		decimal_format(&m.value, 0, v);
		snprintf(part, sizeof part, "%s[%.*s]=%s%s", *got ? " " : "",
			 (int)(m.end - m.start), s + m.start, v,
			 m.approx ? "~" : "");
		if (strlen(got) + strlen(part) < sizeof got)
			strcat(got, part);
	}
	snprintf(detail, sizeof detail, "got '%s', want '%s'", got, want);
	result(strcmp(got, want) == 0, s, detail);
}

static void scan_cases(void)
{
	scan_case("二百余万元", "[二百余万]=2000000~");
	scan_case("陆地上有许多动物", "");
	scan_case("一切正常,四川省", "");
	scan_case("第3页,共12页", "[3]=3 [12]=12");
	scan_case("A2021号", "");
	scan_case("增长71.36%", "[71.36]=71.36");
	scan_case("两百点两", "[两百]=200 [两]=2");
}

/* The peers' inputs are not normalized: fold full-width ASCII (U+FF01-FF5E)
 * and U+3000 the way NFKC would, which is all these rows need. */
static void fold_width(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;
	while (*r) {
		unsigned cp = 0;
		if (r[0] == 0xEF && (r[1] == 0xBC || r[1] == 0xBD) && r[2]) {
			cp = 0xFF00 | (unsigned)(r[1] & 3) << 6 | (r[2] & 0x3F);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				*w++ = (unsigned char)(cp - 0xFEE0);
				r += 3;
				continue;
			}
		}
		if (r[0] == 0xE3 && r[1] == 0x80 && r[2] == 0x80) {
			*w++ = ' ';
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* Splits a TSV line in place into at most max fields. */
static int split(char *line, char **field, int max)
{
	int count = 0;
	line[strcspn(line, "\r\n")] = '\0';
	while (count < max) {
		field[count++] = line;
		char *tab = strchr(line, '\t');
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return count;
}

/* Rows the peer's note or content puts outside a numeral reader's job. */
static const char *out_of_scope(const char *id, const char *note)
{
	static const struct { const char *id, *why; } rows[] = {
		{ "rt-num-zh-061", "半百 (half a hundred) is an idiom" },
		{ "rt-num-zh-203", "-2.5 M: Latin magnitude suffix" },
		{ "rt-num-zh-280", "一美元: the peer drops numbers inside currency" },
		{ "rt-num-zh-281", "两美刀: the peer drops numbers inside currency" },
		{ "rt-num-zh-284", "一美元: the peer drops numbers inside currency" },
		{ "rt-num-zh-285", "一折: a discount word" },
		{ "rt-num-zh-286", "两美刀: the peer drops numbers inside currency" },
		{ "rt-num-zh-256", "二分 之一: a fraction (note unflagged)" },
		{ "rt-num-zh-275", "二分 之壹: a fraction (note unflagged)" },
		{ "rt-num-zh-323", "九九 in a brand name" },
	};
	for (size_t k = 0; k < sizeof rows / sizeof *rows; k++)
		if (strcmp(rows[k].id, id) == 0)
			return rows[k].why;
	if (strncmp(id, "rt-num-zh-221", 13) == 0)
		return "2222.2222.22222.222: dotted version-like string";
	static const char *const notes[] = {
		"fraction", "power/exponent", "dozen", "rounded double",
	};
	for (size_t k = 0; k < sizeof notes / sizeof *notes; k++)
		if (strstr(note, notes[k]))
			return notes[k];
	return NULL;
}

/* Does scanning input give a numeral with exactly this text and value? */
static int row_matches(const char *input, const char *span, const char *value)
{
	size_t pos = 0, n = strlen(input);
	struct cjknum_match m;
	int found_any = 0;
	while (cjknum_scan(input, n, &pos, &m)) {
		found_any = 1;
		struct decimal want;
		if (*span && m.end - m.start == strlen(span) &&
		    memcmp(input + m.start, span, strlen(span)) == 0 &&
		    parse_expected(value, &want) == 0 &&
		    decimal_cmp(&want, &m.value) == 0)
			return 1;
	}
	return *span == '\0' && !found_any;
}

static void peer_rows(void)
{
	FILE *f = fopen("../shared/peers/recognizers_number_zh.tsv", "r");
	if (!f) {
		printf("note: ../shared/peers/recognizers_number_zh.tsv absent, "
		       "peer rows skipped\n");
		return;
	}
	char line[4096];
	int rows = 0, ok = 0, skipped = 0;
	if (!fgets(line, sizeof line, f)) /* header */
		line[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		char *field[5] = { "", "", "", "", "" };
		if (split(line, field, 5) < 4)
			continue;
		rows++;
		fold_width(field[1]);
		fold_width(field[2]);
		/* The peer trims spans; so does every reader of these rows. */
		int pass = row_matches(field[1], field[2], field[3]);
		const char *why = out_of_scope(field[0], field[4]);
		char name[128];
		snprintf(name, sizeof name, "peer %s", field[0]);
		if (pass) {
			ok++;
			result(1, name, "");
		} else if (why) {
			skipped++;
			printf("skip %s: out of scope (%s)\n", field[0], why);
		} else {
			char detail[1024];
			snprintf(detail, sizeof detail, "'%s' want [%s]=%s",
				 field[1], field[2], field[3]);
			result(0, name, detail);
		}
	}
	fclose(f);
	printf("note: recognizers_number_zh.tsv: %d rows, %d pass, %d out of "
	       "scope, %d fail\n", rows, ok, skipped, rows - ok - skipped);
}

static bool same_numeral(const struct cjknum *a, const struct cjknum *b)
{
	return decimal_cmp(&a->value, &b->value) == 0 && a->value.scale == b->value.scale &&
	       a->value.neg == b->value.neg && a->overflow == b->overflow &&
	       a->chinese == b->chinese && a->lead_unit == b->lead_unit &&
	       a->top_exp == b->top_exp && a->tail_len == b->tail_len &&
	       memcmp(a->tail, b->tail, a->tail_len) == 0;
}

/* Numbers, then what may follow them: every pair through both parsers. */
static void shortcut_cases(void)
{
	static const char *const numbers[] = {
		"0", "7", "2025", "1,234", "1,234.56", "12,34", "3.", "3.5", "0.07", "12345678901234567890",
		"123456789012345678901234567890123456789012", "1,2345", "007",
		/* 18 digits and more, where the shortcut hands over to decimal_parse */
		"999999999999999999", "1234567890123456789", "123456789012345.678",
		"1234567890123456.789", "1,234,567,890,123,456.78", "999,999,999,999,999,999",
	};
	static const char *const after[] = {
		"", " ", "  ", "年", "万", "万元", " 万元", "亿", "千", "百", "十", "点五", "點五", "k", "K",
		"k元", "ka", ".", ",", "5", " 5", "元", "%", "二", "两", "零", "〇", "余万元", "多", "-", "分之",
		"\xE5", "\xE4\xB8", "个",
		"万分之", "万5", "万 5", "万 元", "万二", "万亿", "万点五", "万.5", "万千", "亿元整", "萬元", "億",
		"万\xE4", "万k", "万%", "兆", "兆元",
	};
	char text[128], detail[256];
	int bad = 0, runs = 0;
	for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
		for (size_t j = 0; j < sizeof after / sizeof *after; j++) {
			snprintf(text, sizeof text, "%s%s", numbers[i], after[j]);
			size_t n = strlen(text);
			for (size_t cut = 1; cut <= n; cut++) {
				struct cjknum fast, slow;
				size_t a = cjknum_parse(text, cut, &fast);
				size_t b = reader_parse(text, cut, &slow);
				runs++;
				if ((a != b || (a && !same_numeral(&fast, &slow))) && bad++ == 0)
					snprintf(detail, sizeof detail, "'%.*s': lengths %zu and %zu", (int)cut, text, a, b);
			}
		}
	result(bad == 0 && runs > 0, "plain Arabic shortcut agrees with the reader", bad ? detail : "");
}

int main(void)
{
	shortcut_cases();
	hand_cases();
	overflow_case();
	scan_cases();
	peer_rows();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
