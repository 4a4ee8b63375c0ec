/* decode: raw bytes of any encoding in, UTF-8 out.
 *
 * Decides the encoding the way SPEC §3 says (BOM; an HTML/XML declaration,
 * overruled by bytes that are clearly valid UTF-8; the first few KB of
 * non-ASCII bytes: UTF-8 or else GB18030; or a forced name) and converts with
 * iconv(3) in fixed-size pieces, so memory never grows with the input. A byte
 * sequence that does not decode becomes U+FFFD and is counted. Line breaks
 * pass through unchanged: line counting happens on the UTF-8 side. */
#ifndef GONGKAI_DECODE_H
#define GONGKAI_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct decoder;

/* forced: an encoding name iconv knows (`-f`), or NULL to detect.
 * Returns NULL when iconv does not know the forced name. */
struct decoder *decoder_new(const char *forced);
/* Appends the UTF-8 of in[0..n) to out. Input may be held back until the
 * encoding is decided or a multibyte character is complete. */
void decoder_feed(struct decoder *d, const char *in, size_t n, struct buf *out);
/* decoder_feed without the copy when there is nothing to convert: when in
 * is valid UTF-8 read as UTF-8 and nothing is held back, returns in itself
 * (out untouched); else appends the UTF-8 to out and returns out's data.
 * *len is the length of what it returns. */
const char *decoder_pass(struct decoder *d, const char *in, size_t n,
			 struct buf *out, size_t *len);
/* End of input: flush what is held (a truncated character becomes U+FFFD). */
void decoder_finish(struct decoder *d, struct buf *out);
/* The encoding used ("UTF-8", "GB18030", "UTF-16LE", the forced name...). */
const char *decoder_encoding(const struct decoder *d);
/* Byte sequences replaced by U+FFFD so far. */
size_t decoder_replaced(const struct decoder *d);
/* A note for stderr when the declared charset was overruled, else NULL. */
const char *decoder_note(const struct decoder *d);
void decoder_free(struct decoder *d);

#endif
