/* sectionize: the record stream in, the same stream out with each record's
 * section filled in (or, with -o, the document's outline). The heading rules
 * are in outline.c and heading.c; this file is options and output. */
#include <getopt.h>
#include <stdio.h>

#include "norm.h"
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

enum { OPT_RAW = 256, OPT_STRICT, OPT_VERSION };

static const struct option options[] = {
	{ "outline", no_argument, NULL, 'o' },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "header", no_argument, NULL, 'H' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void print_line(const struct outline_line *l, void *ctx)
{
	struct record r = *l->record;
	(void)ctx;
	r.section = l->section;
	r.section_len = l->section_len;
	write_record(&r);
}

static void print_heading(const struct outline_line *l, void *ctx)
{
	char numbers[48];
	(void)ctx;
	if (!l->level)
		return;
	int len = snprintf(numbers, sizeof numbers, "\t%ld\t%d\t", l->record->line, l->level);
	out_field(l->record->doc, l->record->doc_len);
	out_write(numbers, (size_t)len);
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
	struct norm_opts norm;
	struct reader_opts reader = { .norm = &norm };
	bool outline_only = false, header = false;
	int c;

	tool_init("sectionize");
	norm_opts_default(&norm);
	while ((c = getopt_long(argc, argv, "oHh", options, NULL)) != -1) {
		switch (c) {
		case 'o': outline_only = true; break;
		case OPT_RAW: reader.raw = true; break;
		case OPT_STRICT: norm.strict = reader.strict = true; break;
		case 'H': header = true; break;
		case 'h': out_puts(usage); out_close(); return 0;
		case OPT_VERSION: print_version();
		default: usage_error("Usage: sectionize [OPTION]... [FILE]...\n");
		}
	}
	if (header && outline_only)
		write_header((const char *const[]){ "doc", "line", "level", "text", NULL });
	else if (header)
		write_header((const char *const[]){ "doc", "line", "section", "text", NULL });
	struct outline_sink out = { .line = outline_only ? print_heading : print_line };
	struct outline *o = outline_new(&out);
	struct record_sink sink = { .record = feed, .doc_end = end_document, .ctx = o };
	int status = 0;
	if (optind == argc)
		status |= read_records("-", &reader, &sink);
	for (int i = optind; i < argc; i++)
		status |= read_records(argv[i], &reader, &sink);
	outline_free(o);
	out_close();
	return status;
}
