/* fuzz_money: cjknum_parse, cjknum_scan and money_scan on arbitrary bytes.
 *
 * Built by `make fuzz` (clang, libFuzzer, ASan, UBSan); seeds in
 * tests/fuzz/seeds/money/. Checks that every span stays inside the input. */
#include <stdint.h>
#include <stdlib.h>

#include "cjknum.h"
#include "money.h"

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
	struct money_list list = { 0 };
	money_scan(s, size, MONEY_WANT_PERCENT, &list);
	for (size_t k = 0; k < list.len; k++) {
		char text[DECIMAL_MAX_TEXT];
		if (list.items[k].end > size ||
		    list.items[k].start >= list.items[k].end)
			abort();
		decimal_format(&list.items[k].value, 2, text);
	}
	money_list_free(&list);
	return 0;
}
