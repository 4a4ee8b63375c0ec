/* norm: raw bytes of one document in, records out — normalize's pipeline.
 *
 * decode (encoding → UTF-8) → lines (text: LF/CRLF/CR and form feeds; or
 * html) → unorm (NFKC, spaces, cells) → Word field junk removed → broken
 * lines joined → records with an empty section. Push-style, so the record
 * readers can hand it raw text they already started to read. */
#ifndef GONGKAI_NORM_H
#define GONGKAI_NORM_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

struct norm_opts {
	const char *encoding; /* -f: forced encoding, NULL to detect */
	int html;             /* -1 detect, 0 text (--text), 1 html (--html) */
	bool nfkc, spaces, gaps, join, junk;
	bool strict;          /* replaced bytes or removed controls are errors */
};

void norm_opts_default(struct norm_opts *o);

struct normalizer;

/* doc names the document in records and messages; path is the file name
 * for messages ("-" for stdin). */
struct normalizer *norm_new(const struct norm_opts *o, const char *doc,
			    const char *path, const struct record_sink *sink);
void norm_feed(struct normalizer *n, const char *s, size_t len);
/* Flushes, reports replaced bytes and removed controls on stderr, calls
 * doc_end. Returns 1 if --strict found a problem, else 0. Frees n. */
int norm_finish(struct normalizer *n);

#endif
