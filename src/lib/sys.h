/* sys: what every tool needs from the process around it.
 *
 * Allocation that cannot return NULL, diagnostics in the SPEC's form
 * (`TOOL: FILE:LINE: message`), and buffered output that is flushed only at
 * record boundaries and checked on every write, so a full disk is exit 1 and a
 * closed pipe is a quiet exit. The only global state is the program name and
 * the output buffer, both set up once by tool_init(). */
#ifndef GONGKAI_SYS_H
#define GONGKAI_SYS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define GONGKAI_VERSION "0.1.0"

void tool_init(const char *name);
const char *tool_name(void);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* `TOOL: message`, then exit 1. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `TOOL: FILE:LINE: message` (LINE omitted when 0, FILE when NULL). */
void warn_at(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for a record's doc, doc[0..doc_len), which is not NUL-terminated. */
void warn_doc(const char *doc, size_t doc_len, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Output. out_write appends to the buffer; out_end_record marks a record
 * boundary, where the buffer may be flushed. A write error exits 1 with a
 * message, EPIPE exits 0 quietly. out_close flushes and checks stdout. */
void out_write(const char *s, size_t n);
/* For writers that format in place: out_reserve returns room for n more
 * bytes at the end of the buffer, out_commit(k) (k <= n) keeps k of them. */
char *out_reserve(size_t n);
void out_commit(size_t n);
void out_puts(const char *s);
void out_putc(char c);
/* A number in decimal: line numbers and ordinals, without printf. */
void out_long(long v);
/* Writes v in decimal at d, which has room for LONG_DIGITS bytes; returns
 * the length (for writers that format a whole record in out_reserve). */
enum { LONG_DIGITS = 24 };
size_t format_long(char *d, long v);
/* The same for writers of other numbers (decimal.c), inline because an
 * amount is a few dozen instructions: format_uint writes v in decimal at
 * d, which has room for 20 bytes, and returns the length; format_digits
 * writes the last width digits of v, zeros in front when it has fewer, at
 * d[0..width). Digits go out eight at a time: d must have room for 8 bytes
 * even when width is smaller, and the bytes after the digits are left
 * undefined. */
enum { DIGIT_GROUP = 100000000 };
extern const uint64_t powers_of_ten[20];

/* The bit length times log10(2) (1233 / 4096) is the digit count or one
 * less; one compare with a power of ten says which. v | 1 has the digits
 * of v (a power of ten is even) and makes 0 count as one digit. */
static inline size_t digit_count(uint64_t v)
{
	v |= 1;
	size_t guess = (size_t)(64 - __builtin_clzll(v)) * 1233 >> 12;
	return guess + (v >= powers_of_ten[guess]);
}

/* v < 10^8 as eight ASCII digits, zeros in front, the first digit in the
 * lowest byte: v is cut in two halves of four digits, each half in two
 * pairs, each pair in two digits, the parts of a step side by side in the
 * lanes of one word and cut by one multiplication (x * 10486 >> 20 is
 * x / 100 for x < 10^4, x * 103 >> 10 is x / 10 for x < 100; no lane
 * carries into the next). A division per two digits costs several times
 * more. */
static inline uint64_t eight_digits(uint64_t v)
{
	uint64_t x = v / 10000 | (v % 10000) << 32;
	uint64_t hundreds = (x * 10486 >> 20) & UINT64_C(0x0000007F0000007F);
	x = (x - hundreds * 100) << 16 | hundreds;
	uint64_t tens = (x * 103 >> 10) & UINT64_C(0x000F000F000F000F);
	x = (x - tens * 10) << 8 | tens;
	return x + UINT64_C(0x3030303030303030);
}

/* The eight bytes of w at d, its lowest byte first. */
static inline void store_digits(char *d, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	memcpy(d, &w, 8);
}

void format_digits_wide(char *d, uint64_t v, size_t width); /* width > 8 */

/* The last width (1 to 8) digits of v < 10^8: the last bytes of one
 * group of eight. No call, for callers that must make none. */
static inline void format_group(char *d, uint64_t v, size_t width)
{
	store_digits(d, eight_digits(v) >> (8 * (8 - width)));
}

static inline void format_digits(char *d, uint64_t v, size_t width)
{
	if (width > 8)
		format_digits_wide(d, v, width);
	else if (width > 0)
		format_group(d, v % DIGIT_GROUP, width);
}

static inline size_t format_uint(char *d, uint64_t v)
{
	size_t len = digit_count(v);
	format_digits(d, v, len);
	return len;
}

void out_end_record(void);
void out_close(void);

/* --help/--version/unknown option handling shared by every main(). */
_Noreturn void usage_error(const char *usage);
_Noreturn void print_version(void);

#endif
