/* buf: a growable byte string.
 *
 * Every module builds its output in one of these, so a 100 MB line costs one
 * allocation grown geometrically, never a fixed-size cut. Not NUL-terminated
 * by contract (buf_cstr adds one when a C string is needed); lengths are
 * explicit, so embedded NUL bytes are ordinary data. */
#ifndef GONGKAI_BUF_H
#define GONGKAI_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
const char *buf_cstr(struct buf *b);
void buf_free(struct buf *b);
static inline void buf_clear(struct buf *b) { b->len = 0; }

#endif
