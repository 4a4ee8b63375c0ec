/* test_decimal: exact parsing, scaling, arithmetic and formatting.
 *
 * Each case names the operation and the exact text expected; overflow must
 * come back as -1, never as a wrapped value. */
#include "decimal.h"

#include <stdio.h>
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

static struct decimal parse(const char *s)
{
	struct decimal d = { 0, 0, false };
	decimal_parse(s, strlen(s), &d);
	return d;
}

static void check_text(const char *name, const struct decimal *d,
		       unsigned min_scale, const char *want)
{
	char got[DECIMAL_MAX_TEXT], detail[200];
	size_t len = decimal_format(d, min_scale, got);
	snprintf(detail, sizeof detail, "got '%s', want '%s'", got, want);
	result(strcmp(got, want) == 0 && len == strlen(want), name, detail);
}

static void parse_cases(void)
{
	struct decimal d = parse("1,234,567.89");
	check_text("parse thousands", &d, 2, "1234567.89");
	d = parse("233,333,333,434.344");
	check_text("parse keeps three decimals", &d, 2, "233333333434.344");
	d = parse("36501882.57");
	check_text("parse plain", &d, 2, "36501882.57");
	d = parse("4.800");
	check_text("format drops zeros down to min", &d, 2, "4.80");
	check_text("format min 0", &d, 0, "4.8");
	d = parse(".5");
	check_text("parse leading point", &d, 2, "0.50");
	d = parse("0");
	check_text("parse zero", &d, 2, "0.00");
	const char *bad[] = { "", ".", "1.2.3", "1,", ",1", "12a", "1..2",
			      "1234567890123456789012345678901234567890" };
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		struct decimal x;
		char name[96];
		snprintf(name, sizeof name, "parse rejects '%s'", bad[k]);
		result(decimal_parse(bad[k], strlen(bad[k]), &x) == -1, name,
		       "want -1");
	}
	struct decimal x;
	result(decimal_parse("99999999999999999999999999999999999999", 38, &x) == 0,
	       "parse 38 nines", "want 0");
}

static void shift_cases(void)
{
	struct decimal d = parse("765.12");
	decimal_shift(&d, 4);
	check_text("765.12万", &d, 2, "7651200.00");
	d = parse("1.5");
	decimal_shift(&d, 8);
	check_text("1.5亿", &d, 2, "150000000.00");
	d = parse("3");
	decimal_shift(&d, 12);
	check_text("3万亿", &d, 2, "3000000000000.00");
	d = parse("0.0001");
	decimal_shift(&d, 3);
	check_text("0.0001千", &d, 2, "0.10");
	d = parse("12345678901234567890123456789012345678");
	result(decimal_shift(&d, 4) == -1, "shift overflow", "want -1");
	check_text("shift overflow leaves value", &d, 0,
		   "12345678901234567890123456789012345678");
	d = parse("0");
	result(decimal_shift(&d, 60) == 0, "shift zero far", "want 0");
}

static void arithmetic_cases(void)
{
	struct decimal a = parse("932.09"), b = parse("563.68");
	b.neg = true;
	decimal_add(&a, &b);
	check_text("add negative", &a, 2, "368.41");
	a = parse("1.5");
	b = parse("2.25");
	decimal_add(&a, &b);
	check_text("add scales", &a, 2, "3.75");
	a = parse("38000");
	a.neg = true;
	check_text("format negative", &a, 2, "-38000.00");
	b = parse("38000");
	decimal_add(&a, &b);
	check_text("add to zero", &a, 2, "0.00");
	a = parse("300000000000000000000000000000000000000");
	b = parse("300000000000000000000000000000000000000");
	result(decimal_add(&a, &b) == -1, "add overflow", "want -1");
	a = parse("1.5");
	b = parse("12");
	decimal_mul(&a, &b);
	check_text("mul", &a, 2, "18.00");
	a = parse("10000000000000000000000");
	b = parse("10000000000000000000000");
	result(decimal_mul(&a, &b) == -1, "mul overflow", "want -1");
	a = parse("0.1");
	b = parse("0.10");
	result(decimal_cmp(&a, &b) == 0, "cmp equal scales", "want 0");
	b = parse("0.11");
	result(decimal_cmp(&a, &b) < 0, "cmp less", "want <0");
	b.neg = true;
	result(decimal_cmp(&a, &b) > 0, "cmp sign", "want >0");
	a = parse("99999999999999999999999999999999999999");
	b = parse("0.00000000000000000000000000000000000001");
	result(decimal_cmp(&a, &b) > 0, "cmp extreme scales", "want >0");
	result(decimal_is_zero(&(struct decimal){ 0, 3, true }), "is_zero -0",
	       "want true");
	a = parse("99999999999999999999999999999999999999");
	check_text("format widest", &a, 20,
		   "99999999999999999999999999999999999999.00000000000000000000");
}

int main(void)
{
	parse_cases();
	shift_cases();
	arithmetic_cases();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
