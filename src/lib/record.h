/* record: the gongkai record stream (SPEC §2), read and written.
 *
 * A record is `doc TAB line TAB section TAB text LF`, fields escaped as in
 * PostgreSQL COPY text (\\ \t \n \r). Readers hand every tool unescaped
 * records through one callback, whether the input was a record stream or raw
 * text (which they normalize first), and say when a document ends so no
 * state leaks from one document into the next. Cells in `text` are real TAB
 * characters once unescaped. */
#ifndef GONGKAI_RECORD_H
#define GONGKAI_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct record {
	const char *doc;
	size_t doc_len;
	long line;
	const char *section;
	size_t section_len;
	const char *text;
	size_t text_len;
	/* The reader sets this when text holds no TAB, LF, CR or backslash,
	 * so it goes out as it stands, unescaped (sectionize copies most lines
	 * through). false only means "not known": a writer that builds or
	 * changes a record leaves it false. */
	bool text_plain;
};

/* What a tool does with the records it reads. */
struct record_sink {
	void (*record)(const struct record *r, void *ctx);
	/* Called once after the last record of each document (doc as in the
	 * records), also for a document that produced no record. */
	void (*doc_end)(const char *doc, size_t doc_len, void *ctx);
	void *ctx;
};

struct norm_opts;

struct reader_opts {
	bool raw;               /* --raw: the input is raw text, never a stream */
	bool strict;            /* repaired problems are errors */
	const char *doc;        /* --doc NAME, or NULL */
	const struct norm_opts *norm; /* how to normalize raw text */
};

/* Reads one input (path, or "-" for stdin) and feeds sink. Returns 0, or 1
 * after reporting a problem on stderr (unreadable file, --strict violation). */
int read_records(const char *path, const struct reader_opts *o,
		 const struct record_sink *sink);

/* Does this line parse as a record (four fields, numeric line)? */
bool line_is_record(const char *s, size_t n);
/* Is this line exactly the stream header? */
bool line_is_header(const char *s, size_t n);

/* Writing. tsv_escape appends s escaped to out; write_record writes a whole
 * record to the output (sys.h) and marks the record boundary. */
void tsv_escape(struct buf *out, const char *s, size_t n);
/* For writers that lay out a whole row in out_reserve (sys.h): escapes
 * s[0..n) into d, which has room for 2n bytes; returns the length. */
size_t tsv_escape_to(char *d, const char *s, size_t n);
/* A field that repeats record after record (a document name, a section
 * path) is escaped once, when it changes: tsv_escape_repeated returns s
 * escaped, from the last call when s is the same. */
struct escaped_field {
	struct buf raw, text;
};
const struct buf *tsv_escape_repeated(struct escaped_field *e, const char *s, size_t n);
void escaped_field_free(struct escaped_field *e);
void out_field(const char *s, size_t n); /* escaped, no separator */
void write_record(const struct record *r);
void write_header(const char *const *names); /* NULL-terminated */

/* Unescapes s[0..n) into out (appended). Returns the number of malformed
 * escapes (a lone trailing backslash, an unknown escape), kept as written. */
size_t tsv_unescape(struct buf *out, const char *s, size_t n);

#endif
