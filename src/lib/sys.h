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
void out_end_record(void);
void out_close(void);

/* --help/--version/unknown option handling shared by every main(). */
_Noreturn void usage_error(const char *usage);
_Noreturn void print_version(void);

#endif
