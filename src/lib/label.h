/* label: what an amount in prose is for, and whether it is a change.
 * Reads the clause before an amount: its subject without filler words, and
 * whether the amount is a level, a change (增加/减少…) or a prior value. */
#ifndef GONGKAI_LABEL_H
#define GONGKAI_LABEL_H

#include <stdbool.h>
#include <stddef.h>

enum label_kind {
	LABEL_AMOUNT, /* a level of the record's own period */
	LABEL_CHANGE, /* a difference from another period */
	LABEL_PRIOR,  /* the level of another period */
};

struct label {
	size_t start, end;    /* the subject in the text; empty when the clause
				 names none (the caller inherits one) */
	enum label_kind kind;
	bool decrease;        /* a change downwards: 减少, 下降, 节约, 压减, 少 */
	bool sentence_break;  /* a 。 or ; lies in the scanned text: the subject
				 of an earlier amount no longer carries over */
};

/* Reads text[from..to), the text between the previous amount (or the line's
 * start) and the amount at `to`. main_year is the period the document is
 * about (0: unknown); a clause naming another year is a prior value. */
void label_read(const char *text, size_t from, size_t to, int main_year,
		struct label *out);

/* The first year (`2025年`, 1900–2099) written in text, or 0. */
int label_main_year(const char *text, size_t n);

#endif
