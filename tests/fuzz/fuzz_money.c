/* fuzz_money: cjknum_parse, cjknum_scan and money_scan on arbitrary bytes.
 *
 * Built by `make fuzz` (clang, libFuzzer, ASan, UBSan); seeds in
 * tests/fuzz/seeds/money/. Checks that every span stays inside the input,
 * that a scan for yuan only (MONEY_ONLY_YUAN) finds exactly the yuan
 * amounts of a full scan, and that the AVX2 searches money_scan uses (the
 * last yuan sign, the next numeral) agree with their portable twins. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjknum.h"
#include "money.h"
#include "utf8.h"

static bool same_money(const struct money *a, const struct money *b)
{
	return a->start == b->start && a->end == b->end && a->flags == b->flags &&
	       decimal_cmp(&a->value, &b->value) == 0;
}

/* The yuan amounts of list, in order, must be exactly those of only. */
static void check_only_yuan(const struct money_list *list, const struct money_list *only)
{
	size_t k = 0;
	for (size_t i = 0; i < list->len; i++) {
		if (strcmp(list->items[i].currency, "CNY") != 0 || list->items[i].kind != MONEY_AMOUNT)
			continue;
		while (k < only->len && strcmp(only->items[k].currency, "CNY") != 0)
			k++;
		if (k == only->len || !same_money(&list->items[i], &only->items[k]))
			abort();
		k++;
	}
	for (; k < only->len; k++)
		if (strcmp(only->items[k].currency, "CNY") == 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct cjknum num;
	size_t len = cjknum_parse(s, size, &num);
	if (len > size)
		abort();
	size_t pos = 0, last = 0;
	struct cjknum_match m;
	while (cjknum_scan(s, size, &pos, &m)) {
		if (m.start < last || m.end > size || m.start >= m.end ||
		    pos < m.end)
			abort();
		last = m.end;
	}
	if (cpu_has_avx2()) { /* money.h: not to be called otherwise */
		if (money_last_yuan_sign_avx2(s, size) != money_last_yuan_sign_portable(s, size))
			abort();
		for (size_t from = 0; from < size;) {
			size_t next = money_next_numeral_portable(s, size, from, size);
			if (money_next_numeral_avx2(s, size, from, size) != next)
				abort();
			from = next + 1;
		}
	}
	struct money_list list = { 0 };
	money_scan(s, size, MONEY_WANT_PERCENT, &list);
	for (size_t k = 0; k < list.len; k++) {
		char text[DECIMAL_MAX_TEXT];
		if (list.items[k].end > size ||
		    list.items[k].start >= list.items[k].end)
			abort();
		decimal_format(&list.items[k].value, 2, text);
	}
	struct money_list full = { 0 }, only = { 0 };
	money_scan(s, size, 0, &full);
	money_scan(s, size, MONEY_ONLY_YUAN, &only);
	check_only_yuan(&full, &only);
	money_list_free(&full);
	money_list_free(&only);
	money_list_free(&list);
	return 0;
}
