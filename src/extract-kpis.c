/* extract-kpis: performance targets (绩效目标, 绩效指标) out of the record
 * stream, one row per indicator (SPEC §6). Finding them is kpi.c's work;
 * this file is its options and the output row (cli.c reads the files). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kpi.h"
#include "record.h"
#include "sys.h"

static const char usage[] =
	"Usage: extract-kpis [OPTION]... [FILE]...\n"
	"Print the performance targets in a gongkai record stream (or raw text), one\n"
	"row per indicator: doc, line, section, category, indicator, op, value, unit,\n"
	"raw. Values are in base units (373.87万人 -> 3738700 人, 786万元 ->\n"
	"7860000.00 CNY, 2025年12月31日 -> 2025-12-31 date). No FILE, or -, reads stdin.\n"
	"\n"
	"      --raw        read the input as raw text, never as a record stream\n"
	"      --strict     a number too large to convert, or a repaired input\n"
	"                   problem, is an error (exit 1)\n"
	"  -H, --header     print a header line first\n"
	"  -h, --help       show this help\n"
	"      --version    show the version\n"
	"\n"
	"Examples:\n"
	"  normalize report.txt | sectionize | extract-kpis\n"
	"  extract-kpis -H budget.txt > kpis.tsv\n"
	"  extract-kpis report.txt | awk -F'\\t' '$8 == \"%\"' | sort -t\"$(printf '\\t')\" -k7,7n\n";

/* What the emit callback needs: the record being scanned and the outcome. */
struct run {
	struct kpi_scanner *scanner;
	const struct record *record;
	bool strict;
	int status;
};

static void tab_field(const char *s, size_t n)
{
	out_putc('\t');
	out_field(s, n);
}

static void print_kpi(const struct kpi *k, void *ctx)
{
	struct run *run = ctx;
	const struct record *r = run->record;
	if (k->overflow) {
		warn_doc(r->doc, r->doc_len, r->line, "number too large, kept as written: %.*s",
			 (int)k->raw.n, k->raw.s);
		if (run->strict)
			run->status = 1;
	}
	out_field(r->doc, r->doc_len);
	out_putc('\t');
	out_long(r->line);
	out_putc('\t');
	out_field(r->section, r->section_len);
	tab_field(k->category.s, k->category.n);
	tab_field(k->indicator.s, k->indicator.n);
	tab_field(k->op, strlen(k->op));
	tab_field(k->value.s, k->value.n);
	tab_field(k->unit.s, k->unit.n);
	tab_field(k->raw.s, k->raw.n);
	out_putc('\n');
	out_end_record();
}

static void scan_record(const struct record *r, void *ctx)
{
	struct run *run = ctx;
	run->record = r;
	kpi_scan(run->scanner, r->section, r->section_len, r->text, r->text_len);
}

static void end_doc(const char *doc, size_t doc_len, void *ctx)
{
	struct run *run = ctx;
	(void)doc;
	(void)doc_len;
	kpi_doc_end(run->scanner);
}

int main(int argc, char **argv)
{
	struct cli_tool tool = {
		.name = "extract-kpis", .help = usage, .short_options = "",
		.raw_option = true,
	};
	struct cli cli;
	struct run run = { 0 };

	cli_parse(&cli, &tool, argc, argv);
	run.strict = cli.strict;
	if (cli.header)
		write_header((const char *const[]){ "doc", "line", "section", "category",
			"indicator", "op", "value", "unit", "raw", NULL });
	run.scanner = kpi_scanner_new(print_kpi, &run);
	struct record_sink sink = { .record = scan_record, .doc_end = end_doc, .ctx = &run };
	run.status |= cli_read_files(&cli, argc, argv, &sink);
	kpi_scanner_free(run.scanner);
	out_close();
	return run.status;
}
