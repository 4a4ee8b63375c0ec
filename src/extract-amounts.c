/* extract-amounts: every money amount in the record stream, one row each
 * (SPEC §5). money.c finds amounts, label.c names them, table.c reads tables;
 * this file is options, the loop over records and the output row. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "find.h"
#include "label.h"
#include "money.h"
#include "record.h"
#include "sys.h"
#include "table.h"

static const char usage[] =
	"Usage: extract-amounts [OPTION]... [FILE]...\n"
	"Print every money amount in a gongkai record stream (or raw text), one row\n"
	"per amount: doc, line, section, label, value, unit, kind, raw, flags.\n"
	"Values are exact decimals in yuan (765.12万元 -> 7651200.00), negative for a\n"
	"decrease; kind is amount, change or prior. No FILE, or -, reads stdin.\n"
	"\n"
	"  -p, --percent    also print percentages (unit %)\n"
	"      --raw        read the input as raw text, never as a record stream\n"
	"      --strict     a number too large to hold, or a repaired input\n"
	"                   problem, is an error (exit 1)\n"
	"  -H, --header     print a header line first\n"
	"  -h, --help       show this help\n"
	"      --version    show the version\n"
	"\n"
	"Examples:\n"
	"  normalize report.txt | sectionize | extract-amounts\n"
	"  extract-amounts report.txt | awk -F'\\t' '$4 ~ /公务接待费/'\n";

static const struct option options[] = {
	{ "percent", no_argument, NULL, 'p' },
	{ NULL, 0, NULL, 0 },
};

/* The state of one run. Table cells arrive one record late (table.c holds a
 * row until it knows the next record is not its wrapped tail), so the
 * previous record's section is kept to label them. */
struct run {
	struct table_model *table;
	struct money_list found;
	struct buf sections[2];  /* [0] current record, [1] the one before */
	long lines[2];
	int year;                /* the document's year: the first one written */
	struct buf label;
	struct buf head;         /* the current record's doc, line and section,
				    escaped once for all its amounts */
	bool head_ready;
	bool percent;
	bool strict;
	int status;
};

/* One output row. */
struct amount_row {
	struct table_text doc, section, label, raw;
	long line;
	struct decimal value;
	const char *unit;
	const char *kind;
	unsigned flags;  /* enum money_flag bits */
	bool table;
};

static void tab_field(const char *s, size_t n)
{
	out_putc('\t');
	out_field(s, n);
}

static void print_flags(unsigned flags, bool table)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ MONEY_APPROX, "approx" }, { MONEY_RANGE_LOW, "range-low" },
		{ MONEY_RANGE_HIGH, "range-high" }, { MONEY_TYPO, "typo" },
	};
	bool first = true;
	out_putc('\t');
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].bit))
			continue;
		if (!first)
			out_putc(',');
		out_puts(names[i].name);
		first = false;
	}
	if (table)
		out_puts(first ? "table" : ",table");
}

/* One row; head, when given, is its first three columns already escaped. */
static void print_row(const struct amount_row *a, const struct buf *head)
{
	char value[DECIMAL_MAX_TEXT];
	size_t value_len = decimal_format(&a->value, 2, value);

	if (head) {
		out_write(head->data, head->len);
	} else {
		out_field(a->doc.s, a->doc.n);
		out_putc('\t');
		out_long(a->line);
		out_putc('\t');
		out_field(a->section.s, a->section.n);
	}
	tab_field(a->label.s, a->label.n);
	/* value, unit and kind never hold a byte to escape: written as they are */
	out_putc('\t');
	out_write(value, value_len);
	out_putc('\t');
	out_puts(a->unit);
	out_putc('\t');
	out_puts(a->kind);
	tab_field(a->raw.s, a->raw.n);
	print_flags(a->flags, a->table);
	out_putc('\n');
	out_end_record();
}

static bool has_word(struct table_text t, const char *word)
{
	return find_word(t.s, t.n, word, strlen(word)) != NULL;
}

/* A column of differences or of last year's figures says so in its header. */
static const char *column_kind(struct table_text column)
{
	if (has_word(column, "增减") || has_word(column, "增长") || has_word(column, "变动"))
		return "change";
	if (has_word(column, "上年"))
		return "prior";
	return "amount";
}

static struct table_text cell_section(const struct run *run, long line)
{
	const struct buf *b = &run->sections[line == run->lines[1] ? 1 : 0];
	return (struct table_text){ b->len ? b->data : "", b->len };
}

/* A money cell of a table, labelled `ROW > COLUMN`. */
static void print_cell(const struct table_cell *c, void *ctx)
{
	struct run *run = ctx;
	if (!c->money || !c->numeric)
		return;
	buf_clear(&run->label);
	buf_add(&run->label, c->row.s, c->row.n);
	if (c->row.n && c->column.n)
		buf_adds(&run->label, " > ");
	buf_add(&run->label, c->column.s, c->column.n);
	struct amount_row a = {
		.doc = c->doc, .section = cell_section(run, c->line),
		.label = { run->label.len ? run->label.data : "", run->label.len }, .raw = c->raw,
		.line = c->line, .value = c->amount, .unit = "CNY",
		.kind = column_kind(c->column), .table = true,
	};
	print_row(&a, NULL);
}

static const char *kind_name(enum label_kind k)
{
	return k == LABEL_CHANGE ? "change" : k == LABEL_PRIOR ? "prior" : "amount";
}

/* Is m a row to print? Overflow is reported, never printed as a value. */
static bool wanted(struct run *run, const struct record *r, const struct money *m)
{
	if (m->flags & MONEY_OVERFLOW) {
		warn_doc(r->doc, r->doc_len, r->line, "amount too large, skipped: %.*s",
			(int)(m->end - m->start), r->text + m->start);
		if (run->strict)
			run->status = 1;
		return false;
	}
	if (m->kind == MONEY_PERCENT)
		return run->percent;
	return strcmp(m->currency, "CNY") == 0;
}

static const struct buf *record_head(struct run *run, const struct record *r)
{
	if (!run->head_ready) {
		char line[32];
		buf_clear(&run->head);
		tsv_escape(&run->head, r->doc, r->doc_len);
		buf_add(&run->head, line, (size_t)snprintf(line, sizeof line, "\t%ld\t", r->line));
		tsv_escape(&run->head, r->section, r->section_len);
		run->head_ready = true;
	}
	return &run->head;
}

static void print_amount(struct run *run, const struct record *r, const struct money *m,
			 const struct label *l, struct table_text name)
{
	struct amount_row a = {
		.doc = { r->doc, r->doc_len }, .section = { r->section, r->section_len },
		.label = name, .raw = { r->text + m->start, m->end - m->start },
		.line = r->line, .value = m->value,
		.unit = m->kind == MONEY_PERCENT ? "%" : "CNY",
		.kind = kind_name(l->kind), .flags = m->flags,
	};
	if (l->kind == LABEL_CHANGE && l->decrease && !decimal_is_zero(&a.value))
		a.value.neg = true;
	print_row(&a, record_head(run, r));
}

/* Prose: each amount is named by the clause before it; a clause without a
 * subject (`较上年减少38000.00元`) borrows the one before it in the sentence. */
static void scan_prose(struct run *run, const struct record *r)
{
	struct table_text previous = { "", 0 };
	size_t previous_end = 0;

	if (run->year == 0)
		run->year = label_main_year(r->text, r->text_len);
	/* Only yuan is printed (and % with -p): most lines have no sign of it. */
	money_scan(r->text, r->text_len, run->percent ? MONEY_WANT_PERCENT : MONEY_ONLY_YUAN,
		   &run->found);
	for (size_t i = 0; i < run->found.len; i++) {
		const struct money *m = &run->found.items[i];
		struct label l;
		label_read(r->text, previous_end, m->start, run->year, &l);
		if (l.sentence_break)
			previous.n = 0;
		struct table_text name = { r->text + l.start, l.end - l.start };
		if (name.n == 0)
			name = previous;
		else
			previous = name;
		previous_end = m->end;
		if (wanted(run, r, m))
			print_amount(run, r, m, &l, name);
	}
}

static void remember_section(struct run *run, const struct record *r)
{
	struct buf swap = run->sections[1];
	run->sections[1] = run->sections[0];
	run->sections[0] = swap;
	run->lines[1] = run->lines[0];
	run->lines[0] = r->line;
	buf_clear(&run->sections[0]);
	buf_add(&run->sections[0], r->section, r->section_len);
}

static void scan_record(const struct record *r, void *ctx)
{
	struct run *run = ctx;
	run->head_ready = false;
	remember_section(run, r);
	if (table_feed(run->table, r) == TABLE_NONE)
		scan_prose(run, r);
}

static void end_doc(const char *doc, size_t doc_len, void *ctx)
{
	struct run *run = ctx;
	(void)doc;
	(void)doc_len;
	table_end_document(run->table);
	run->year = 0;
}

static bool option(struct cli *c, int code, const char *arg, void *ctx)
{
	struct run *run = ctx;
	(void)c, (void)arg;
	if (code != 'p')
		return false;
	run->percent = true;
	return true;
}

static void run_free(struct run *run)
{
	table_free(run->table);
	money_list_free(&run->found);
	buf_free(&run->sections[0]);
	buf_free(&run->sections[1]);
	buf_free(&run->label);
	buf_free(&run->head);
}

int main(int argc, char **argv)
{
	struct run run = { .lines = { -1, -1 } };
	struct cli_tool tool = {
		.name = "extract-amounts", .help = usage, .short_options = "p",
		.options = options, .raw_option = true, .option = option, .ctx = &run,
	};
	struct cli cli;

	cli_parse(&cli, &tool, argc, argv);
	run.strict = cli.strict;
	if (cli.header)
		write_header((const char *const[]){ "doc", "line", "section", "label",
			"value", "unit", "kind", "raw", "flags", NULL });
	struct table_handler handler = { .cell = print_cell, .ctx = &run };
	run.table = table_new(&handler, false);
	struct record_sink sink = { .record = scan_record, .doc_end = end_doc, .ctx = &run };
	run.status |= cli_read_files(&cli, argc, argv, &sink);
	run_free(&run);
	out_close();
	return run.status;
}
