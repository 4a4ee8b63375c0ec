/* outline: a document's heading structure, built one record at a time.
 *
 * Fed the records of one document, it says for each one which section it
 * belongs to and whether it opens one (SPEC §4): levels by the order styles
 * appear, numbering continuity, list items, the table of contents. It knows
 * nothing of files or output; sectionize prints what it reports.
 *
 * State is a stack of open levels (at most OUTLINE_DEPTH) plus a hold of at
 * most OUTLINE_HOLD records, for a heading whose title goes on on the next
 * line: every record costs time proportional to its length, whatever came
 * before it. */
#ifndef GONGKAI_OUTLINE_H
#define GONGKAI_OUTLINE_H

#include <stddef.h>

#include "record.h"

enum {
	OUTLINE_DEPTH = 16, /* deeper headings are read as list items */
	OUTLINE_HOLD = 3,   /* records held back while a heading may go on */
	OUTLINE_TOC = 64    /* part titles remembered from the contents */
};

/* One record, placed: section is its path (`目录` in the contents); level
 * is 0 for a record that opens no section, else the heading's level (1 is
 * outermost) and heading its title. */
struct outline_line {
	const struct record *record;
	const char *section;
	size_t section_len;
	int level;
	const char *heading;
	size_t heading_len;
};

struct outline_sink {
	void (*line)(const struct outline_line *l, void *ctx);
	void *ctx;
};

struct outline;

struct outline *outline_new(const struct outline_sink *sink);
/* Places r; its line may be reported later, in order, once what follows
 * shows whether the heading goes on. */
void outline_feed(struct outline *o, const struct record *r);
/* Reports what is held and forgets the document. */
void outline_end(struct outline *o);
void outline_free(struct outline *o);
/* Headings read as list items because OUTLINE_DEPTH levels were open, over
 * every document fed so far (each document warns once on stderr). */
size_t outline_too_deep(const struct outline *o);

#endif
