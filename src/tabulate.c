/* tabulate: every table in the record stream, one row per cell (SPEC §7).
 * The work is in table.c, the model extract-amounts shares; this file is
 * options and the output columns (cli.c reads the files). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "record.h"
#include "sys.h"
#include "table.h"

static const char usage[] =
	"Usage: tabulate [OPTION]... [FILE]...\n"
	"Print every table found in a gongkai record stream (or raw text), one row\n"
	"per non-empty cell: doc, line, table, caption, row, column, value, unit,\n"
	"raw. Amounts under a money unit (单位:万元) are in yuan, exact.\n"
	"No FILE, or -, reads stdin.\n"
	"\n"
	"      --grid           print each table as a TSV grid instead:\n"
	"                       doc, table, row, then the cells\n"
	"      --check          report totals that differ from the sum of their\n"
	"                       parts on stderr; exit 1 if there are any\n"
	"      --raw            read the input as raw text, never as a stream\n"
	"      --doc=NAME       use NAME as the doc of raw input\n"
	"      --strict         repaired input problems are errors\n"
	"  -H, --header         print a header line first\n"
	"  -h, --help           show this help\n"
	"      --version        show the version\n"
	"\n"
	"Examples:\n"
	"  normalize budget.html | tabulate > cells.tsv\n"
	"  tabulate --check report.txt\n"
	"  normalize report.txt | tabulate --grid | cut -f2-\n";

enum { OPT_GRID = 256, OPT_CHECK, OPT_DOC };

static const struct option options[] = {
	{ "grid", no_argument, NULL, OPT_GRID },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "doc", required_argument, NULL, OPT_DOC },
	{ NULL, 0, NULL, 0 },
};

struct settings {
	bool grid, check;
};

static bool option(struct cli *c, int code, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	switch (code) {
	case OPT_GRID: s->grid = true; return true;
	case OPT_CHECK: s->check = true; return true;
	case OPT_DOC: c->reader.doc = arg; return true;
	default: return false;
	}
}

static void field(struct table_text t)
{
	out_field(t.s, t.n);
	out_putc('\t');
}

static void print_cell(const struct table_cell *c, void *ctx)
{
	(void)ctx;
	field(c->doc);
	out_long(c->line);
	out_putc('\t');
	out_long((long)c->table);
	out_putc('\t');
	field(c->caption);
	field(c->row);
	field(c->column);
	field(c->value);
	field(c->unit);
	out_field(c->raw.s, c->raw.n);
	out_putc('\n');
	out_end_record();
}

static void print_grid_row(const struct table_grid_row *g, void *ctx)
{
	(void)ctx;
	out_field(g->doc.s, g->doc.n);
	out_putc('\t');
	out_long((long)g->table);
	out_putc('\t');
	out_long((long)g->row);
	for (size_t c = 0; c < g->count; c++) {
		out_putc('\t');
		out_field(g->cells[c].s, g->cells[c].n);
	}
	out_putc('\n');
	out_end_record();
}

struct run {
	struct table_model *model;
	int mismatches;
};

static void print_mismatch(struct table_text doc, long line, const char *message, void *ctx)
{
	struct run *run = ctx;
	warn_doc(doc.s, doc.n, line, "%s", message);
	run->mismatches++;
}

static void feed(const struct record *r, void *ctx)
{
	struct run *run = ctx;
	table_feed(run->model, r);
}

static void doc_end(const char *doc, size_t doc_len, void *ctx)
{
	struct run *run = ctx;
	(void)doc, (void)doc_len;
	table_end_document(run->model);
}

int main(int argc, char **argv)
{
	struct settings settings = { 0 };
	struct cli_tool tool = {
		.name = "tabulate", .help = usage, .short_options = "",
		.options = options, .raw_option = true, .option = option,
		.ctx = &settings,
	};
	struct cli cli;

	cli_parse(&cli, &tool, argc, argv);
	bool grid = settings.grid;
	if (cli.header && grid)
		write_header((const char *const[]){ "doc", "table", "row", "cells", NULL });
	else if (cli.header)
		write_header((const char *const[]){ "doc", "line", "table", "caption", "row",
						    "column", "value", "unit", "raw", NULL });
	struct run run = { 0 };
	struct table_handler handler = {
		.cell = grid ? NULL : print_cell,
		.grid_row = grid ? print_grid_row : NULL,
		.mismatch = print_mismatch,
		.ctx = &run,
	};
	run.model = table_new(&handler, settings.check);
	struct record_sink sink = { .record = feed, .doc_end = doc_end, .ctx = &run };
	int status = cli_read_files(&cli, argc, argv, &sink);
	table_free(run.model);
	out_close();
	return status || run.mismatches ? 1 : 0;
}
