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

const uint64_t powers_of_ten[20] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
	10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
	1000000000000000u, 10000000000000000u, 100000000000000000u,
	1000000000000000000u, 10000000000000000000u,
};

/* The leading width - 8 digits first (the same way), then the last eight
 * over the bytes those left undefined. */
void format_digits_wide(char *d, uint64_t v, size_t width)
{
	format_digits(d, v / DIGIT_GROUP, width - 8);
	store_digits(d + width - 8, eight_digits(v % DIGIT_GROUP));
}

size_t format_long(char *d, long v)
{
	if (v >= 0)
		return format_uint(d, (uint64_t)v);
	d[0] = '-';
	return 1 + format_uint(d + 1, 0 - (uint64_t)v);
}

void out_long(long v)
{
	out_commit(format_long(out_reserve(LONG_DIGITS), v));
}
