/* fuzz_table: arbitrary lines fed to the table model as records.
 * Each input line is one record's text (a line starting with `#doc` starts a
 * new document); --check and --grid paths are exercised together. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "table.h"

static void on_cell(const struct table_cell *c, void *ctx)
{
	size_t *sink = ctx;
	*sink += c->row.n + c->column.n + c->value.n + c->unit.n + c->raw.n + c->caption.n;
}

static void on_grid(const struct table_grid_row *g, void *ctx)
{
	size_t *sink = ctx;
	for (size_t i = 0; i < g->count; i++)
		*sink += g->cells[i].n;
}

static void on_mismatch(struct table_text doc, long line, const char *message, void *ctx)
{
	size_t *sink = ctx;
	*sink += doc.n + (size_t)line + strlen(message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sink = 0;
	struct table_handler h = { on_cell, on_grid, on_mismatch, &sink };
	struct table_model *t = table_new(&h, true);
	const char *s = (const char *)data, *end = s + size;
	const char *doc = "a";
	long line = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n >= 4 && !memcmp(s, "#doc", 4)) {
			table_end_document(t);
			doc = doc[0] == 'a' ? "b" : "a";
		} else {
			struct record r = { .doc = doc, .doc_len = 1, .line = ++line, .section = "", .text = s, .text_len = n };
			table_feed(t, &r);
		}
		s += n + (nl != NULL);
	}
	table_end_document(t);
	table_free(t);
	return sink == (size_t)-1;
}
