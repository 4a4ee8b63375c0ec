/* fuzz_heading: libFuzzer target for heading.c and outline.c.
 *
 * Every input line goes through heading_marker and heading_title, whose
 * lengths must stay inside the line, then into an outline as one record (a
 * line `#doc` ends the document). The outline must report every record
 * exactly once, in order, at a level no deeper than OUTLINE_DEPTH, with a
 * section and heading that can be read whole. Each line is passed in a copy
 * of exactly its length, so ASan catches a read past its end.
 *
 *   make fuzz && build/fuzz/fuzz_heading -max_total_time=600 /tmp/fz tests/fuzz/seeds/heading */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heading.h"
#include "outline.h"
#include "utf8.h"

struct tally {
	long fed, reported, last_line;
	size_t bytes; /* a sum of every byte reported, so none is skipped */
};

static size_t touch(const char *s, size_t n)
{
	size_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)s[i];
	return sum;
}

static void on_line(const struct outline_line *l, void *ctx)
{
	struct tally *t = ctx;
	if (l->level < 0 || l->level > OUTLINE_DEPTH || l->record->line <= t->last_line)
		abort();
	if (l->level && !l->heading_len)
		abort();
	t->bytes += touch(l->section, l->section_len) + touch(l->heading, l->heading_len) +
		    touch(l->record->text, l->record->text_len);
	t->last_line = l->record->line;
	t->reported++;
}

static void check_marker(const char *s, size_t n)
{
	struct marker m;
	size_t title_len = 0;
	enum marker_style style = heading_marker(s, n, &m);
	if (style == MARKER_NONE)
		return;
	if (style != m.style || style >= MARKER_STYLES || m.len > n)
		abort();
	enum title_kind kind = heading_title(s, n, &m, &title_len);
	if (kind == TITLE_HEADING && (title_len > n || title_len < m.len))
		abort();
	if (utf8_chars(s, n) > n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tally t = {0};
	struct outline_sink sink = { on_line, &t };
	struct outline *o = outline_new(&sink);
	const char *s = (const char *)data, *end = s + size;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		char *line = malloc(n ? n : 1);
		if (!line)
			abort();
		memcpy(line, s, n);
		check_marker(line, n);
		if (n == 4 && memcmp(line, "#doc", 4) == 0) {
			outline_end(o);
			if (t.reported != t.fed)
				abort();
		} else {
			struct record r = { .doc = "d", .doc_len = 1, .line = ++t.fed, .section = "", .text = line, .text_len = n };
			outline_feed(o, &r);
		}
		free(line);
		s += n + (nl != NULL);
	}
	outline_end(o);
	if (t.reported != t.fed)
		abort();
	outline_free(o);
	return 0;
}
