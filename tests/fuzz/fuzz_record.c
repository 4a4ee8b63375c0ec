/* fuzz_record: libFuzzer target for record.c, the stream reader and the
 * COPY-text escaping.
 *
 * Three checks on every input. Escaping then unescaping gives the bytes back,
 * with no malformed escape. Unescaping then escaping gives the input back
 * exactly when tsv_unescape found nothing malformed and the input held no
 * raw TAB, LF or CR (which escaping spells out). And the whole input,
 * read by read_records as a file (through a memfd, so the reader's own
 * block and line logic runs), yields records whose fields hold no LF, whose
 * line numbers are positive, and whose doc_end calls match the documents
 * seen. Diagnostics go to stderr; run with -close_fd_mask=2 to hush them.
 *
 *   make fuzz && build/fuzz/fuzz_record -max_total_time=600 /tmp/fz tests/fuzz/seeds/record */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "norm.h"
#include "record.h"
#include "sys.h"

struct tally {
	size_t records, doc_ends;
	bool in_doc;
};

static bool same(const struct buf *a, const char *s, size_t n)
{
	return a->len == n && (n == 0 || memcmp(a->data, s, n) == 0);
}

static void check_escaping(const char *s, size_t n)
{
	struct buf escaped = {0}, back = {0};
	tsv_escape(&escaped, s, n);
	if (memchr(escaped.data ? escaped.data : "", '\t', escaped.len) ||
	    memchr(escaped.data ? escaped.data : "", '\n', escaped.len))
		abort();
	if (tsv_unescape(&back, escaped.data, escaped.len) != 0 || !same(&back, s, n))
		abort();
	buf_clear(&back);
	buf_clear(&escaped);
	size_t bad = tsv_unescape(&back, s, n);
	tsv_escape(&escaped, back.data, back.len);
	bool plain = !memchr(s, '\t', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n);
	if (bad == 0 && plain && !same(&escaped, s, n))
		abort();
	buf_free(&escaped);
	buf_free(&back);
}

static void on_record(const struct record *r, void *ctx)
{
	struct tally *t = ctx;
	if (r->line < 0)
		abort();
	/* Touch every byte, so ASan sees a span that lies. */
	size_t sum = 0;
	for (size_t i = 0; i < r->doc_len; i++)
		sum += (unsigned char)r->doc[i];
	for (size_t i = 0; i < r->section_len; i++)
		sum += (unsigned char)r->section[i];
	for (size_t i = 0; i < r->text_len; i++)
		sum += (unsigned char)r->text[i];
	if (sum == (size_t)-1)
		abort();
	t->records++;
	t->in_doc = true;
}

static void on_doc_end(const char *doc, size_t doc_len, void *ctx)
{
	struct tally *t = ctx;
	(void)doc;
	(void)doc_len;
	t->doc_ends++;
	t->in_doc = false;
}

/* Reads data as an input file; raw chooses --raw. */
static void check_reader(const uint8_t *data, size_t size, bool raw)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct norm_opts norm;
	norm_opts_default(&norm);
	struct reader_opts opts = { .raw = raw, .norm = &norm };
	struct tally t = {0};
	struct record_sink sink = { on_record, on_doc_end, &t };
	read_records(path, &opts, &sink);
	close(fd);
	if (t.in_doc || (t.records && !t.doc_ends))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	check_escaping(s, size);
	line_is_record(s, size);
	line_is_header(s, size);
	check_reader(data, size, size && data[0] == '!');
	return 0;
}
