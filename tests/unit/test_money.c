/* test_money: money expressions found in normalized lines.
 *
 * Hand-written sentences in the budget genre with exact spans and values,
 * then data-driven passes over the three peer money files in ../shared/peers. */
#include "cjknum.h"
#include "decimal.h"
#include "money.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Renders the matches of s[0..n) as `[span]=value CUR flags`, space-
 * separated: all of them, or only those in yuan. */
static void render_some(const char *s, size_t n, unsigned options, bool only_yuan,
			char *out, size_t size)
{
	struct money_list list = { 0 };
	money_scan(s, n, options, &list);
	out[0] = '\0';
	for (size_t k = 0; k < list.len; k++) {
		const struct money *m = &list.items[k];
		if (only_yuan && strcmp(m->currency, "CNY") != 0)
			continue;
		char v[DECIMAL_MAX_TEXT], part[512];
		decimal_format(&m->value, 0, v);
		snprintf(part, sizeof part, "%s[%.*s]=%s %s%s%s%s%s%s",
			 out[0] ? " " : "", (int)(m->end - m->start), s + m->start, v,
			 m->kind == MONEY_PERCENT ? "%" : m->currency,
			 m->flags & MONEY_APPROX ? " approx" : "",
			 m->flags & MONEY_RANGE_LOW ? " low" : "",
			 m->flags & MONEY_RANGE_HIGH ? " high" : "",
			 m->flags & MONEY_TYPO ? " typo" : "",
			 m->flags & MONEY_OVERFLOW ? " overflow" : "");
		if (strlen(out) + strlen(part) < size)
			strcat(out, part);
	}
	money_list_free(&list);
}

static void render(const char *s, unsigned options, char *out, size_t size)
{
	render_some(s, strlen(s), options, false, out, size);
}

/* Does a scan with MONEY_ONLY_YUAN find the yuan amounts of a full scan? */
static bool only_yuan_agrees(const char *s, size_t n)
{
	char full[2048], only[2048];
	render_some(s, n, 0, true, full, sizeof full);
	render_some(s, n, MONEY_ONLY_YUAN, true, only, sizeof only);
	return strcmp(full, only) == 0;
}

static void scan_case(const char *s, unsigned options, const char *want)
{
	char got[2048], detail[4500];
	render(s, options, got, sizeof got);
	snprintf(detail, sizeof detail, "got '%s', want '%s'", got, want);
	result(strcmp(got, want) == 0, s, detail);
}

static void genre_cases(void)
{
	scan_case("2025年部门财务总收入36501882.57元,其中:一般公共预算35632216.89元", 0,
		  "[36501882.57元]=36501882.57 CNY [35632216.89元]=35632216.89 CNY");
	scan_case("基本工资76.93万元、津贴补贴59.29万元", 0,
		  "[76.93万元]=769300 CNY [59.29万元]=592900 CNY");
	scan_case("较上年减少38000.00元", 0, "[38000.00元]=38000 CNY");
	scan_case("一亿二千万元", 0, "[一亿二千万元]=120000000 CNY");
	scan_case("壹佰元整", 0, "[壹佰元整]=100 CNY");
	scan_case("1.5亿元", 0, "[1.5亿元]=150000000 CNY");
	scan_case("两万元", 0, "[两万元]=20000 CNY");
	scan_case("约3.5万元", 0, "[3.5万元]=35000 CNY approx");
	scan_case("100-200万元", 0,
		  "[100]=1000000 CNY low [200万元]=2000000 CNY high");
	scan_case("100万至200万元", 0,
		  "[100万]=1000000 CNY low [200万元]=2000000 CNY high");
	scan_case("100~200万元", 0,
		  "[100]=1000000 CNY low [200万元]=2000000 CNY high");
	scan_case("3.07万元、3.25万元和0万元", 0,
		  "[3.07万元]=30700 CNY [3.25万元]=32500 CNY [0万元]=0 CNY");
	scan_case("分别为100、200万元", 0,
		  "[100]=1000000 CNY [200万元]=2000000 CNY");
	scan_case("江苏彩民15元中大乐透1600万 奖池36.57亿", 0, "[15元]=15 CNY");
	scan_case("二百余万元", 0, "[二百余万元]=2000000 CNY approx");
	scan_case("1667万元", 0, "[1667万元]=16670000 CNY");
	scan_case("人民币3,000元", 0, "[人民币3,000元]=3000 CNY");
	scan_case("¥25.5", 0, "[¥25.5]=25.5 CNY");
	scan_case("RMB 100", 0, "[RMB 100]=100 CNY");
	scan_case("RMB100", 0, "[RMB100]=100 CNY");
	scan_case("壹佰贰拾叁元肆角伍分", 0, "[壹佰贰拾叁元肆角伍分]=123.45 CNY");
	scan_case("五元三毛", 0, "[五元三毛]=5.3 CNY");
	scan_case("765.12万元", 0, "[765.12万元]=7651200 CNY");
	scan_case("233,333,333,434.344元", 0,
		  "[233,333,333,434.344元]=233333333434.344 CNY");
	scan_case("1200亿美元", 0, "[1200亿美元]=120000000000 USD");
	scan_case("2025年共3人,第3页,编码2101501", 0, "");
	scan_case("增长71.36%", 0, "");
	scan_case("增长71.36%", MONEY_WANT_PERCENT, "[71.36%]=71.36 %");
	scan_case("占比百分之五点五", MONEY_WANT_PERCENT, "[百分之五点五]=5.5 %");
	scan_case("总收入增加368.41发元,增长65.35%", 0,
		  "[368.41发元]=368.41 CNY typo");
	scan_case("上年563.68万元,总收入增加368.41发元", 0,
		  "[563.68万元]=5636800 CNY [368.41发元]=3684100 CNY typo");
	scan_case("单位:万元", 0, "");
	scan_case("单位:千元", 0, "");
	scan_case("金额单位:百万元", 0, "");
	scan_case("购置车辆2辆,培训120人次", 0, "");
	scan_case("一般公共预算财政拨款", 0, "");
	scan_case("3千万元", 0, "[3千万元]=30000000 CNY");
	scan_case("一块土地,3块展板", 0, "");
	scan_case("三块", 0, "[三块]=3 CNY");
	scan_case("近700万元", 0, "[700万元]=7000000 CNY approx");
	scan_case("10万元左右", 0, "[10万元]=100000 CNY approx");
	scan_case("2000余元", 0, "[2000余元]=2000 CNY approx");
	scan_case("一元化管理,元旦", 0, "");
	scan_case("1234567890123456789012345678901234567890元", 0,
		  "[1234567890123456789012345678901234567890元]=0 CNY overflow");
	scan_case("8亿元人民币", 0, "[8亿元人民币]=800000000 CNY");
	scan_case("三五百块", 0, "[三]=300 CNY low [五百块]=500 CNY high");
	scan_case("成本指标≤786万元", 0, "[786万元]=7860000 CNY");
	scan_case("单价100万元以上", 0, "[100万元]=1000000 CNY");
	scan_case("订单号A202107211321363588510367元", 0, "");
	scan_case("拾万元", 0, "[拾万元]=100000 CNY");
	scan_case("肆佰叁拾萬圓整", 0, "[肆佰叁拾萬圓整]=4300000 CNY");
	scan_case("3万5千元", 0, "[3万5千元]=35000 CNY");
}

/* The peers' inputs are not normalized: fold full-width ASCII (U+FF01-FF5E),
 * U+FFE5 ￥ and U+3000 the way NFKC would, which is all these rows need. */
static void fold_width(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;
	while (*r) {
		if (r[0] == 0xEF && (r[1] == 0xBC || r[1] == 0xBD) && r[2]) {
			unsigned cp = 0xFF00 | (unsigned)(r[1] & 3) << 6 |
				      (r[2] & 0x3F);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				*w++ = (unsigned char)(cp - 0xFEE0);
				r += 3;
				continue;
			}
		}
		if (r[0] == 0xEF && r[1] == 0xBF && r[2] == 0xA5) {
			*w++ = 0xC2; /* ￥ -> ¥ */
			*w++ = 0xA5;
			r += 3;
			continue;
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

/* What a peer row asks of the CNY matches of its input. */
struct expect {
	const char *span;  /* NULL: any span; with no value: not CNY */
	const char *value; /* NULL: no CNY match at all; "lo-hi" for a range */
};

static int value_is(const struct money *m, const char *text)
{
	struct decimal d;
	return decimal_parse(text, strlen(text), &d) == 0 &&
	       decimal_cmp(&d, &m->value) == 0;
}

static int row_passes(const char *input, const struct expect *e)
{
	struct money_list list = { 0 };
	money_scan(input, strlen(input), 0, &list);
	int cny = 0, ok = 0;
	char lo[128];
	snprintf(lo, sizeof lo, "%s", e->value ? e->value : "");
	lo[strcspn(lo, "-")] = '\0'; /* a range passes on its low end */
	for (size_t k = 0; k < list.len; k++) {
		const struct money *m = &list.items[k];
		if (strcmp(m->currency, "CNY") != 0 || m->kind != MONEY_AMOUNT)
			continue;
		cny++;
		size_t len = m->end - m->start;
		if (e->value && value_is(m, lo) &&
		    (!e->span || (strlen(e->span) == len &&
				  !memcmp(e->span, input + m->start, len))))
			ok = 1;
	}
	money_list_free(&list);
	return e->value ? ok : cny == 0;
}

/* A non-CNY row: no CNY match may overlap the span the peer names. */
static int span_not_cny(const char *input, const char *span)
{
	const char *at = strstr(input, span);
	if (!at)
		return 0;
	size_t from = (size_t)(at - input), to = from + strlen(span);
	struct money_list list = { 0 };
	money_scan(input, strlen(input), 0, &list);
	int ok = 1;
	for (size_t k = 0; k < list.len; k++) {
		const struct money *m = &list.items[k];
		if (!strcmp(m->currency, "CNY") && m->start < to && m->end > from)
			ok = 0;
	}
	money_list_free(&list);
	return ok;
}

static const char *jionlp_out_of_scope(const char *note)
{
	if (strstr(note, "no currency word"))
		return "no currency word: a bare number is not money (SPEC 5)";
	return NULL;
}

/* Runs one peer file; kind 0 recognizers CNY, 1 recognizers other, 2 JioNLP. */
static void peer_file(const char *path, int kind)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("note: %s absent, its rows skipped\n", path);
		return;
	}
	char line[4096];
	int rows = 0, ok = 0, skipped = 0;
	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		char *field[6] = { "", "", "", "", "", "" };
		if (split(line, field, 6) < 2)
			continue;
		rows++;
		for (int k = 1; k < 6; k++)
			fold_width(field[k]);
		struct expect e = { NULL, NULL };
		const char *why = NULL;
		if (kind == 0 && *field[3]) {
			e.span = field[2];
			e.value = field[3];
		} else if (kind == 2 && !strcmp(field[3], "元") &&
			   *field[2] && strcmp(field[2], "-")) {
			e.value = field[2];
			why = jionlp_out_of_scope(field[4]);
		}
		char name[160], detail[4400], got[2048];
		snprintf(name, sizeof name, "peer %s", field[0]);
		const char *foreign_span = kind == 1 ? field[2] :
					   kind == 2 && strcmp(field[3], "元") ?
					   field[5] : "";
		int pass = *foreign_span ? span_not_cny(field[1], foreign_span) :
					   row_passes(field[1], &e);
		if (pass) {
			ok++;
			result(1, name, "");
		} else if (why) {
			skipped++;
			printf("skip %s: out of scope (%s)\n", field[0], why);
		} else {
			render(field[1], 0, got, sizeof got);
			snprintf(detail, sizeof detail, "'%s' want [%s]=%s, got '%s'",
				 field[1], e.span ? e.span : "",
				 e.value ? e.value : "no CNY", got);
			result(0, name, detail);
		}
	}
	fclose(f);
	printf("note: %s: %d rows, %d pass, %d out of scope, %d fail\n", path,
	       rows, ok, skipped, rows - ok - skipped);
}

/* Every numeral character must get through money_scan's quick filter. */
static void every_numeral(void)
{
	static const char *const chars[] = {
		"零", "〇", "一", "壹", "壱", "二", "贰", "貳", "两", "兩", "倆",
		"三", "叁", "參", "四", "肆", "五", "伍", "六", "陆", "陸", "七",
		"柒", "八", "捌", "九", "玖", "十", "拾",
	};
	for (size_t k = 0; k < sizeof chars / sizeof *chars; k++) {
		char line[16], name[64];
		snprintf(line, sizeof line, "%s元", chars[k]);
		struct money_list list = { 0 };
		money_scan(line, strlen(line), 0, &list);
		snprintf(name, sizeof name, "numeral filter %s", chars[k]);
		result(list.len == 1, name, "want one amount");
		money_list_free(&list);
	}
	const char *units = "三百元 三佰元 三千元 三仟元 三万元 三萬元 三亿元 三億元 三兆元";
	char got[512];
	render(units, 0, got, sizeof got);
	result(strstr(got, "[三兆元]=3000000000000") != NULL, "numeral filter units", got);
}

/* One case for every currency word and sign: money_scan skips a line with
 * none of them (CURRENCY_ENDS in money.c), and must skip none of these. */
static void currency_cases(void)
{
	static const char *const cases[][2] = {
		{ "经费5美元", "[5美元]=5 USD" },
		{ "经费5美金", "[5美金]=5 USD" },
		{ "经费5美圆", "[5美圆]=5 USD" },
		{ "经费5美刀", "[5美刀]=5 USD" },
		{ "经费5美分", "[5美分]=5 USD" },
		{ "经费5欧元", "[5欧元]=5 EUR" },
		{ "经费5欧分", "[5欧分]=5 EUR" },
		{ "经费5日元", "[5日元]=5 JPY" },
		{ "经费5日圆", "[5日圆]=5 JPY" },
		{ "经费5日币", "[5日币]=5 JPY" },
		{ "经费5港元", "[5港元]=5 HKD" },
		{ "经费5港币", "[5港币]=5 HKD" },
		{ "经费5港圆", "[5港圆]=5 HKD" },
		{ "经费5英镑", "[5英镑]=5 GBP" },
		{ "经费5瑞士法郎", "[5瑞士法郎]=5 CHF" },
		{ "经费5法郎", "[5法郎]=5 FRF" },
		{ "经费5卢布", "[5卢布]=5 RUB" },
		{ "经费5韩元", "[5韩元]=5 KRW" },
		{ "经费5韩币", "[5韩币]=5 KRW" },
		{ "经费5澳门元", "[5澳门元]=5 MOP" },
		{ "经费5澳门币", "[5澳门币]=5 MOP" },
		{ "经费5澳元", "[5澳元]=5 AUD" },
		{ "经费5澳币", "[5澳币]=5 AUD" },
		{ "经费5加元", "[5加元]=5 CAD" },
		{ "经费5加币", "[5加币]=5 CAD" },
		{ "经费5新台币", "[5新台币]=5 TWD" },
		{ "经费5台币", "[5台币]=5 TWD" },
		{ "经费5新加坡元", "[5新加坡元]=5 SGD" },
		{ "经费5新西兰元", "[5新西兰元]=5 NZD" },
		{ "经费5新元", "[5新元]=5 SGD" },
		{ "经费5泰铢", "[5泰铢]=5 THB" },
		{ "经费5奈拉", "[5奈拉]=5 NGN" },
		{ "经费5比特币", "[5比特币]=5 BTC" },
		{ "经费5卢比", "[5卢比]=5 INR" },
		{ "经费5林吉特", "[5林吉特]=5 MYR" },
		{ "经费5越南盾", "[5越南盾]=5 VND" },
		{ "经费5比索", "[5比索]=5 PHP" },
		{ "经费5里拉", "[5里拉]=5 TRY" },
		{ "经费5马克", "[5马克]=5 DEM" },
		{ "经费5元", "[5元]=5 CNY" },
		{ "经费5圆", "[5圆]=5 CNY" },
		{ "经费5圓", "[5圓]=5 CNY" },
		{ "经费5块钱", "[5块钱]=5 CNY" },
		{ "经费5塊", "[5塊]=5 CNY" },
		{ "经费人民币5", "[人民币5]=5 CNY" },
		{ "经费RMB5", "[RMB5]=5 CNY" },
		{ "经费CNY5", "[CNY5]=5 CNY" },
		{ "经费¥5", "[¥5]=5 CNY" },
		{ "经费￥5", "[￥5]=5 CNY" },
		{ "经费新台币5", "[新台币5]=5 TWD" },
		{ "经费台币5", "[台币5]=5 TWD" },
		{ "经费港币5", "[港币5]=5 HKD" },
		{ "经费HK$5", "[HK$5]=5 HKD" },
		{ "经费US$5", "[US$5]=5 USD" },
		{ "经费$5", "[$5]=5 USD" },
		{ "经费€5", "[€5]=5 EUR" },
		{ "经费£5", "[£5]=5 GBP" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		scan_case(cases[k][0], 0, cases[k][1]);
	scan_case("经费5分,共计3人", 0, "");
}

/* MONEY_ONLY_YUAN looks for the signs of yuan 16 bytes at a time and stops
 * after the last: each sign, before and after a number, at every offset of
 * lines around the block size, in ASCII and in Chinese text; and the lines
 * of the peer suites. The full scan is the reference. */
static void only_yuan_cases(void)
{
	static const char *const amounts[] = {
		"5元", "5圆", "5圓", "5块", "5塊", "人民币5", "RMB5", "CNY 5", "¥5", "￥5",
		"5美元", "5英镑", "US$5", "5万元,增长5%", "100-200万元", "368.41发元",
		"¥ 约5", "人民币约为5", "RMB 大约5", "￥将近5",
	};
	static const char han[] = "预算支出经费"; /* 18 bytes, no sign */
	char line[128], name[160];
	int bad = 0, lines = 0, found = 0;
	for (int cjk = 0; cjk < 2; cjk++)
		for (size_t n = 0; n <= 70; n++)
			for (size_t at = 0; at <= n; at++)
				for (size_t k = 0; k < sizeof amounts / sizeof *amounts; k++) {
					size_t len = strlen(amounts[k]);
					for (size_t i = 0; i < n; i++)
						line[i] = cjk ? han[i % 18] : "abcdefg"[i % 7];
					if (at + len > n)
						continue;
					memcpy(line + at, amounts[k], len);
					lines++;
					char got[2048];
					render_some(line, n, MONEY_ONLY_YUAN, true, got, sizeof got);
					found += got[0] != '\0';
					if (!only_yuan_agrees(line, n) && bad++ == 0)
						snprintf(name, sizeof name, "%s in %zu bytes at %zu", amounts[k], n, at);
				}
	char detail[256];
	snprintf(detail, sizeof detail, "%d of %d lines differ, first: %s", bad, lines, bad ? name : "");
	result(bad == 0 && found > 0, "only-yuan scan agrees with the full scan, signs at every offset", detail);
	const char *after = "支出5万元,另有3000美元和¥ 25及人民币 7,外加100英镑";
	result(only_yuan_agrees(after, strlen(after)), "only-yuan: a prefix sign last in the line", after);
}

/* Every input line of a peer file: the only-yuan scan agrees. */
static void only_yuan_peer(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[4096], name[600];
	int rows = 0, bad = 0;
	bool first = true;
	while (fgets(line, sizeof line, f)) {
		char *input = strchr(line, '\t'); /* id, input, … */
		bool header = first && strncmp(line, "id\t", 3) == 0;
		first = false;
		if (!input || header)
			continue;
		rows++;
		input++;
		size_t n = strcspn(input, "\t\r\n");
		if (!only_yuan_agrees(input, n) && bad++ == 0)
			snprintf(name, sizeof name, "%.*s", (int)n, input);
	}
	fclose(f);
	char title[300], detail[700];
	snprintf(title, sizeof title, "only-yuan scan agrees on every line of %s", path);
	snprintf(detail, sizeof detail, "%d of %d differ, first: %s", bad, rows, bad ? name : "");
	result(bad == 0 && rows > 0, title, detail);
}

/* The last yuan sign by the plainest reading of the rule, for the search
 * tests below: n when there is none. */
static size_t last_sign_reference(const char *s, size_t n)
{
	static const char *const signs[] = { "元", "圆", "圓", "块", "塊", "人民币", "RMB", "CNY", "¥", "￥" };
	for (size_t i = n; i-- > 0;)
		for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
			size_t len = strlen(signs[k]);
			size_t from = k == 5 ? 6 : 0; /* 人民币 counts from its 币 */
			if (i >= from && n - (i - from) >= len && memcmp(s + i - from, signs[k], len) == 0)
				return i;
		}
	return n;
}

/* xorshift64: the random lines of the search tests below. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13, *state ^= *state >> 7, *state ^= *state << 17;
	return *state;
}

/* A line of parts, up to `want_len` bytes (the first part that would go
 * past it ends the line): one part in `odds` drawn from all `count`, the
 * others from the plain ones, parts[plain .. plain + plain_count). */
static size_t random_line(char *line, size_t want_len, const char *const *parts, size_t count,
			  size_t plain, size_t plain_count, unsigned odds, uint64_t *state)
{
	size_t n = 0;
	while (n < want_len) {
		uint64_t r = next_random(state);
		const char *part = r % odds ? parts[plain + r / 8 % plain_count] : parts[r / 8 % count];
		size_t len = strlen(part);
		if (n + len > want_len)
			break;
		memcpy(line + n, part, len);
		n += len;
	}
	return n;
}

/* The AVX2 search for the last yuan sign against the portable one and the
 * reference, on lines of 0 to 150 bytes drawn from signs, parts of signs,
 * characters that share a sign's bytes (兄 E5 85 84, 加 E5 8A A0, 、 E3 80
 * 81, ‥ E2 80 A5, ·), letters and stray bytes, so that signs and near
 * misses fall at every offset of a block and across its end. */
static void last_sign_search(void)
{
	static const char *const parts[] = {
		"元", "圆", "圓", "块", "塊", "币", "人民币", "人民", "民币", "RMB", "CNY",
		"RM", "MB", "CN", "NY", "R", "C", "B", "Y", "¥", "￥", "\xC2", "\xA5",
		"\xEF\xBF", "\xE5", "\xE5\x85", "兄", "加", "、", "‥", "·", "经费",
		"预算支出", "a", " ", "5", "\x83", "\x81", "ROB", "CAY", "￡", "€",
	};
	uint64_t state = 88172645463325252u;
	char line[200];
	int bad = 0, lines = 0;
	char detail[160] = "";
	for (int round = 0; round < 200000; round++) {
		/* mostly plain text (、 to 预算支出), a sign now and then */
		size_t n = random_line(line, (size_t)(round % 151), parts, sizeof parts / sizeof *parts,
				       28, 5, 8, &state);
		lines++;
		size_t want = last_sign_reference(line, n);
		size_t portable = money_last_yuan_sign_portable(line, n);
		size_t avx2 = cpu_has_avx2() ? money_last_yuan_sign_avx2(line, n) : portable;
		if ((portable != want || avx2 != want) && bad++ == 0)
			snprintf(detail, sizeof detail, "line of %zu bytes: reference %zu, portable %zu, AVX2 %zu",
				 n, want, portable, avx2);
	}
	char name[120];
	snprintf(name, sizeof name, "last yuan sign: AVX2 (%s) and portable searches agree on %d lines",
		 cpu_has_avx2() ? "tested" : "not available", lines);
	result(bad == 0, name, detail);
}

/* The first start of a numeral by the plainest reading: a digit, or a
 * character cjknum reads as a digit or a multiplier. */
static size_t next_numeral_reference(const char *s, size_t n, size_t from, size_t limit)
{
	for (size_t p = from; p < limit; p++) {
		uint32_t cp;
		if ((s[p] >= '0' && s[p] <= '9') ||
		    (cjknum_decode(s + p, n - p, &cp) == 3 &&
		     (cjknum_digit(cp) >= 0 || cjknum_multiplier(cp) != 0)))
			return p;
	}
	return limit;
}

/* The AVX2 search for the next numeral against the portable one and the
 * reference: every numeral character, characters that share its first
 * two bytes (不 中 与 兄 加 扎 王 葉 集), cut characters and stray bytes,
 * from and to every offset. */
static void next_numeral_search(void)
{
	static const char *const parts[] = {
		"零", "〇", "一", "壹", "壱", "二", "贰", "貳", "两", "兩", "倆", "三", "叁",
		"參", "四", "肆", "五", "伍", "六", "陆", "陸", "七", "柒", "八", "捌", "九",
		"玖", "十", "拾", "百", "佰", "千", "仟", "万", "萬", "亿", "億", "兆",
		"0", "9", "\xE4\xB8", "\xE5", "\x80", "\xB8\x80",
		"不", "中", "与", "兄", "加", "扎", "王", "葉", "集", "、", "经费",
		"预算支出", "a", " ", "/", ":",
	};
	const size_t plain = 44; /* parts from here on start no numeral */
	uint64_t state = 1181783497276652981u;
	char line[200];
	int bad = 0, lines = 0;
	char detail[200] = "";
	for (int round = 0; round < 200000; round++) {
		size_t count = sizeof parts / sizeof *parts;
		size_t n = random_line(line, (size_t)(round % 151), parts, count, plain, count - plain, 6,
				       &state);
		uint64_t r = next_random(&state);
		size_t from = n ? (size_t)(r % (n + 1)) : 0;
		size_t limit = from + (size_t)(r >> 32) % (n - from + 1);
		lines++;
		size_t want = next_numeral_reference(line, n, from, limit);
		size_t portable = money_next_numeral_portable(line, n, from, limit);
		size_t avx2 = cpu_has_avx2() ? money_next_numeral_avx2(line, n, from, limit) : portable;
		if ((portable != want || avx2 != want) && bad++ == 0)
			snprintf(detail, sizeof detail,
				 "line of %zu bytes from %zu to %zu: reference %zu, portable %zu, AVX2 %zu",
				 n, from, limit, want, portable, avx2);
	}
	/* every three-byte sequence led by E0-EF, alone and in a block */
	for (unsigned seq = 0; seq < 16 * 64 * 64; seq++) {
		char cell[40];
		memset(cell, 'a', sizeof cell);
		cell[0] = (char)(0xE0 | seq >> 12);
		cell[1] = (char)(0x80 | (seq >> 6 & 0x3F));
		cell[2] = (char)(0x80 | (seq & 0x3F));
		size_t want = next_numeral_reference(cell, 3, 0, 1);
		if ((money_next_numeral_portable(cell, 3, 0, 1) != want ||
		     (cpu_has_avx2() && money_next_numeral_avx2(cell, sizeof cell, 0, 1) != want)) &&
		    bad++ == 0)
			snprintf(detail, sizeof detail, "%02X %02X %02X: reference %zu",
				 (unsigned char)cell[0], (unsigned char)cell[1], (unsigned char)cell[2], want);
	}
	char name[120];
	snprintf(name, sizeof name, "next numeral: AVX2 (%s) and portable searches agree on %d lines",
		 cpu_has_avx2() ? "tested" : "not available", lines);
	result(bad == 0, name, detail);
}

int main(void)
{
	every_numeral();
	genre_cases();
	currency_cases();
	peer_file("../shared/peers/recognizers_currency_zh.tsv", 0);
	peer_file("../shared/peers/recognizers_currency_zh_other.tsv", 1);
	peer_file("../shared/peers/jionlp_money.tsv", 2);
	only_yuan_cases();
	last_sign_search();
	next_numeral_search();
	only_yuan_peer("../shared/peers/recognizers_currency_zh.tsv");
	only_yuan_peer("../shared/peers/recognizers_currency_zh_other.tsv");
	only_yuan_peer("../shared/peers/jionlp_money.tsv");
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
