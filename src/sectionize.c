/* sectionize: the record stream in, the same stream out with each record's
 * section filled in (or, with -o, the document's outline). The heading rules
 * are in outline.c and heading.c; this file is options and output. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "outline.h"
#include "record.h"
#include "sys.h"

static const char usage[] =
	"Usage: sectionize [OPTION]... [FILE]...\n"
	"Fill the section column of the gongkai record stream with each line's\n"
	"heading path (`第一部分 部门概况 > 一、主要职责 > (二)机构设置`).\n"
	"Raw text is normalized first. No FILE, or -, reads stdin.\n"
	"\n"
	"  -o, --outline        print only the headings: doc, line, level, text\n"
	"      --raw            read the input as raw text, never as a stream\n"
	"      --strict         repaired input problems are errors (exit 1)\n"
	"  -H, --header         print a header line first\n"
	"  -h, --help           show this help\n"
	"      --version        show the version\n"
	"\n"
	"Examples:\n"
	"  normalize report.txt | sectionize | extract-amounts\n"
	"  sectionize -o 2023/report.txt 2024/report.txt\n"
	"  diff <(sectionize -o 2023.txt | cut -f3,4) <(sectionize -o 2024.txt | cut -f3,4)\n";

static const struct option options[] = {
	{ "outline", no_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 },
};

static bool option(struct cli *c, int code, const char *arg, void *ctx)
{
	bool *outline_only = ctx;
	(void)c, (void)arg;
	if (code != 'o')
		return false;
	*outline_only = true;
	return true;
}

static char *put(char *at, const char *s, size_t n)
{
	if (n) /* s may be NULL when n is 0: an empty buffer */
		memcpy(at, s, n);
	return at + n;
}

struct printer {
	struct escaped_field doc, section;
};

/* A record is mostly the same document and section as the one before and a
 * text with nothing to escape (record.h's text_plain): it is laid out in
 * one piece of the output buffer, a few copies, not a call per field. */
static void print_line(const struct outline_line *l, void *ctx)
{
	struct printer *p = ctx;
	const struct record *r = l->record;
	const struct buf *doc = tsv_escape_repeated(&p->doc, r->doc, r->doc_len);
	const struct buf *section = tsv_escape_repeated(&p->section, l->section, l->section_len);
	size_t text = r->text_plain ? r->text_len : 0;
	char *start = out_reserve(doc->len + section->len + text + LONG_DIGITS + 4);
	char *at = put(start, doc->data, doc->len);
	*at++ = '\t';
	at += format_long(at, r->line);
	*at++ = '\t';
	at = put(at, section->data, section->len);
	*at++ = '\t';
	if (r->text_plain) {
		at = put(at, r->text, text);
		*at++ = '\n';
		out_commit((size_t)(at - start));
	} else {
		out_commit((size_t)(at - start));
		out_field(r->text, r->text_len);
		out_putc('\n');
	}
	out_end_record();
}

static void print_heading(const struct outline_line *l, void *ctx)
{
	(void)ctx;
	if (!l->level)
		return;
	out_field(l->record->doc, l->record->doc_len);
	out_putc('\t');
	out_long(l->record->line);
	out_putc('\t');
	out_long(l->level);
	out_putc('\t');
	out_field(l->heading, l->heading_len);
	out_putc('\n');
	out_end_record();
}

static void feed(const struct record *r, void *ctx)
{
	outline_feed(ctx, r);
}

static void end_document(const char *doc, size_t doc_len, void *ctx)
{
	(void)doc;
	(void)doc_len;
	outline_end(ctx);
}

int main(int argc, char **argv)
{
	bool outline_only = false;
	struct cli_tool tool = {
		.name = "sectionize", .help = usage, .short_options = "o",
		.options = options, .raw_option = true, .option = option,
		.ctx = &outline_only,
	};
	struct cli cli;

	cli_parse(&cli, &tool, argc, argv);
	if (cli.header && outline_only)
		write_header((const char *const[]){ "doc", "line", "level", "text", NULL });
	else if (cli.header)
		write_header((const char *const[]){ "doc", "line", "section", "text", NULL });
	struct printer printer = { 0 };
	struct outline_sink out = { .line = outline_only ? print_heading : print_line,
				    .ctx = &printer };
	struct outline *o = outline_new(&out);
	struct record_sink sink = { .record = feed, .doc_end = end_document, .ctx = o };
	int status = cli_read_files(&cli, argc, argv, &sink);
	if (cli.strict && outline_too_deep(o))
		status = 1;
	outline_free(o);
	escaped_field_free(&printer.doc);
	escaped_field_free(&printer.section);
	out_close();
	return status;
}
