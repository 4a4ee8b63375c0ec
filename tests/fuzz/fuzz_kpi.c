/* fuzz_kpi: libFuzzer target for kpi.c. The input's first line is the
 * section path, every further line a record's text (TABs are cells), so the
 * fuzzer reaches prose, indicator tables and the state between records.
 * Run: make fuzz && build/fuzz/fuzz_kpi -max_total_time=600 /tmp/fz tests/fuzz/seeds/kpi */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"

static const char *const ops[] = { ">=", "<=", "=", ">", "<", "~", "text", NULL };

/* Every row must be well formed: a known operator, a name, spans that lie
 * where they say. Reading each byte lets ASan catch a span that does not. */
static void check(const struct kpi *k, void *ctx)
{
	size_t *sum = ctx;
	size_t i;
	for (i = 0; ops[i] && strcmp(ops[i], k->op) != 0; i++)
		;
	if (!ops[i] || k->indicator.n == 0)
		abort();
	const struct kpi_field *fields[] = { &k->category, &k->indicator, &k->value, &k->unit, &k->raw };
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
		for (size_t b = 0; b < fields[f]->n; b++)
			*sum += (unsigned char)fields[f]->s[b];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kpi_scanner *scanner; /* compiled once: the patterns are the slow part */
	static size_t sum;
	if (!scanner)
		scanner = kpi_scanner_new(check, &sum);
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t section_len = nl ? (size_t)(nl - s) : 0;
	size_t at = nl ? section_len + 1 : 0;
	while (at <= size) {
		const char *end = memchr(s + at, '\n', size - at);
		size_t len = end ? (size_t)(end - (s + at)) : size - at;
		/* A copy of exactly len bytes, so reading past the record is caught. */
		char *text = malloc(len ? len : 1);
		memcpy(text, s + at, len);
		kpi_scan(scanner, s, section_len, text, len);
		free(text);
		at += len + 1;
	}
	kpi_doc_end(scanner);
	return 0;
}
