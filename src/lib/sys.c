/* sys: allocation, diagnostics and checked output; see sys.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"

/* The output goes out in pieces of OUT_FLUSH_AT bytes, PIPE_FLUSH_AT into
 * a pipe widened to PIPE_SIZE (see widen_pipe). */
enum { OUT_FLUSH_AT = 1 << 16, PIPE_FLUSH_AT = 1 << 18, PIPE_SIZE = 1 << 20 };

static const char *progname = "gongkai";
static char *outbuf;
static size_t outlen, outcap, flush_at = OUT_FLUSH_AT;

/* A pipe holds 64 KiB on Linux: in a pipeline each stage sleeps and wakes
 * for every 64 KiB the one before writes. Widened to 1 MiB, the pipe takes
 * a 256 KiB flush whole and the stages run side by side (about 14% less
 * wall time and 4% less CPU for normalize | sectionize | extract-amounts;
 * larger flushes into a 64 KiB pipe were slower). Only a pipe: a file or
 * a terminal keeps 64 KiB flushes, and where the widening fails (another
 * system, the limit of /proc/sys/fs/pipe-max-size) nothing changes.
 * Returns whether stdout is now a pipe of PIPE_SIZE. */
static bool widen_pipe(void)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	return fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode) &&
	       fcntl(STDOUT_FILENO, F_SETPIPE_SZ, PIPE_SIZE) >= PIPE_SIZE;
#else
	return false;
#endif
}

void tool_init(const char *name)
{
	progname = name;
	/* A reader that closes the pipe early ends us quietly, even when the
	 * parent (a test harness, a Python script) started us with SIGPIPE
	 * ignored: we then see EPIPE and exit 0 in out_flush. */
	signal(SIGPIPE, SIG_DFL);
	flush_at = widen_pipe() ? PIPE_FLUSH_AT : OUT_FLUSH_AT;
	outcap = flush_at * 2;
	outbuf = xmalloc(outcap);
}

const char *tool_name(void) { return progname; }

static _Noreturn void out_of_memory(size_t n)
{
	fprintf(stderr, "%s: out of memory (asked for %zu bytes)\n", progname, n);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void warn_va(const char *file, size_t file_len, long line, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (file) {
		int len = file_len > INT_MAX ? INT_MAX : (int)file_len;
		fprintf(stderr, line > 0 ? "%.*s:%ld: " : "%.*s: ", len, file, line);
	}
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	warn_va(file, file ? strlen(file) : 0, line, fmt, ap);
	va_end(ap);
}

void warn_doc(const char *doc, size_t doc_len, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	warn_va(doc, doc_len, line, fmt, ap);
	va_end(ap);
}

/* A failed write may have put out part of the buffer, which always starts
 * at a record boundary: cutting a regular file back by what was written
 * leaves whole records only. (A pipe cannot be taken back; its reader sees
 * the error in our exit status.) */
static void take_back(size_t written)
{
	struct stat st;
	if (written == 0 || fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	off_t end = lseek(STDOUT_FILENO, 0, SEEK_CUR);
	if (end >= (off_t)written && ftruncate(STDOUT_FILENO, end - (off_t)written) != 0)
		return; /* the write error is reported all the same */
}

static void out_flush(void)
{
	size_t done = 0;
	while (done < outlen) {
		ssize_t w = write(STDOUT_FILENO, outbuf + done, outlen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EPIPE)
			exit(0);
		if (w <= 0) {
			int error = errno;
			take_back(done);
			die("write error: %s", w < 0 ? strerror(error) : "no progress");
		}
		done += (size_t)w;
	}
	outlen = 0;
}

char *out_reserve(size_t n)
{
	if (n > outcap - outlen) {
		size_t cap = outcap;
		while (n > cap - outlen)
			cap *= 2;
		outbuf = xrealloc(outbuf, cap);
		outcap = cap;
	}
	return outbuf + outlen;
}

void out_commit(size_t n)
{
	outlen += n;
}

void out_write(const char *s, size_t n)
{
	if (n == 0)
		return;
	memcpy(out_reserve(n), s, n);
	outlen += n;
}

void out_puts(const char *s) { out_write(s, strlen(s)); }

void out_putc(char c)
{
	if (outlen == outcap)
		out_write(&c, 1);
	else
		outbuf[outlen++] = c;
}

void out_end_record(void)
{
	if (outlen >= flush_at)
		out_flush();
}

void out_close(void)
{
	out_flush();
	if (close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR)
		die("write error: %s", strerror(errno));
	if (fflush(stderr) != 0)
		exit(1);
}

void usage_error(const char *usage)
{
	fprintf(stderr, "%s", usage);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	exit(2);
}

void print_version(void)
{
	printf("%s (gongkai) %s\n", progname, GONGKAI_VERSION);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error: %s", strerror(errno));
	exit(0);
}

/* Two digits per division: a line number costs half the divisions. */
static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t format_long(char *d, long v)
{
	unsigned long u = v < 0 ? 0 - (unsigned long)v : (unsigned long)v;
	size_t len = (v < 0) + 1;
	for (unsigned long rest = u; rest >= 10; rest /= 10)
		len++;
	/* Digits are written from the last; the count above says where. */
	size_t k = len;
	for (; u >= 100; u /= 100) {
		const char *pair = digit_pairs + 2 * (u % 100);
		d[--k] = pair[1];
		d[--k] = pair[0];
	}
	if (u >= 10) {
		d[--k] = digit_pairs[2 * u + 1];
		d[--k] = digit_pairs[2 * u];
	} else {
		d[--k] = (char)('0' + u);
	}
	if (v < 0)
		d[0] = '-';
	return len;
}

void out_long(long v)
{
	out_commit(format_long(out_reserve(LONG_DIGITS), v));
}
