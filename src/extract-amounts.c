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

/* A table's column says in its header whether it holds differences or last
 * year's figures; cells arrive row by row, so the kind found for a header
 * is kept for the next cell of its column (found again when the text
 * differs: a new table, a side-by-side one). */
enum { COLUMN_SLOTS = 16 };
struct column_kind {
	struct buf header;
	const struct name *kind;
};

/* The escaped head of a table cell's row, for the other cells of the row:
 * valid for the record (generation) it was made in, for the same line and
 * document, and until another head is made (its document is then the last
 * one escaped, run->doc). */
struct cell_head {
	struct buf text;
	long line;
	unsigned long generation;
	bool ready;
};

/* A record's section, copied (the record's text does not outlive it) and
 * escaped when a head first needs it. */
struct section_copy {
	struct buf raw, escaped;
	bool escaped_ready;
};

/* The state of one run. Table cells arrive one record late (table.c holds a
 * row until it knows the next record is not its wrapped tail), so the
 * previous record's section is kept to label them. Records of one section
 * follow each other: a section is copied only when it changes, into the
 * other slot, and the slot kept holds the previous record's as well. */
struct run {
	struct table_model *table;
	struct money_list found;
	struct section_copy sections[2];
	int current;             /* the slot of the current record's section */
	bool same_section;       /* the record before had the same section */
	long lines[2];           /* [0] current record, [1] the one before */
	unsigned long generation; /* records and document ends seen */
	int year;                /* the document's year: the first one written */
	struct buf head;         /* the current record's doc, line and section,
				    escaped once for all its amounts */
	bool head_ready;
	struct escaped_field doc; /* the last one escaped */
	struct cell_head cell_head;
	struct column_kind columns[COLUMN_SLOTS];
	bool percent;
	bool strict;
	int status;
};

/* Units, kinds and the table flag, padded so that each is copied by one
 * move of NAME_ROOM bytes (the row's room has them to spare). */
enum { NAME_ROOM = 8 };
struct name {
	char text[NAME_ROOM];
	size_t len;
};
static const struct name unit_cny = { "CNY", 3 }, unit_percent = { "%", 1 };
static const struct name kind_amount = { "amount", 6 }, kind_change = { "change", 6 },
	kind_prior = { "prior", 5 };

/* One output row after its head (doc, line and section, escaped). A table
 * cell's label is `ROW > COLUMN`: label is the row, label_tail the column,
 * escaped apart (` > ` has nothing to escape) so they need no copy. */
struct amount_row {
	struct table_text label, label_tail, raw;
	const struct name *unit, *kind;
	struct decimal value;
	struct table_text value_text; /* value as written already, or empty */
	unsigned flags;  /* enum money_flag bits */
	bool table;
	bool plain;      /* label and raw are pieces of a text with nothing to
			    escape (record.h's text_plain): copied as they are */
};

static char *put(char *at, struct table_text t)
{
	if (t.n) /* t.s may be NULL when t.n is 0: an empty buffer */
		memcpy(at, t.s, t.n);
	return at + t.n;
}

static char *put_escaped(char *at, struct table_text t)
{
	return t.n ? at + tsv_escape_to(at, t.s, t.n) : at;
}

static char *put_name(char *at, const struct name *name)
{
	memcpy(at, name->text, NAME_ROOM);
	return at + name->len;
}

enum { FLAGS_TEXT = sizeof "approx,range-low,range-high,typo,table" - 1 };

static char *put_flags(char *at, unsigned flags, bool table)
{
	static const struct { unsigned bit; struct table_text name; } names[] = {
		{ MONEY_APPROX, { "approx", 6 } }, { MONEY_RANGE_LOW, { "range-low", 9 } },
		{ MONEY_RANGE_HIGH, { "range-high", 10 } }, { MONEY_TYPO, { "typo", 4 } },
	};
	static const struct name table_flag = { "table", 5 };
	char *start = at;
	for (size_t i = 0; flags && i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].bit))
			continue;
		if (at != start)
			*at++ = ',';
		at = put(at, names[i].name);
	}
	if (table && at != start)
		*at++ = ',';
	return table ? put_name(at, &table_flag) : at;
}

/* A row is laid out in one piece of the output buffer (the room for its
 * worst case, every byte escaped), a few copies and no call per field. */
static void print_row(const struct amount_row *a, const struct buf *head)
{
	size_t texts = (a->plain ? 1 : 2) * (a->label.n + a->raw.n) + 2 * a->label_tail.n;
	size_t room = head->len + texts + 2 * NAME_ROOM + DECIMAL_MAX_TEXT + FLAGS_TEXT +
		      NAME_ROOM + 16;
	char *start = out_reserve(room);
	char *at = put(start, (struct table_text){ head->data, head->len });
	*at++ = '\t';
	at = a->plain ? put(at, a->label) : put_escaped(at, a->label);
	if (a->label.n && a->label_tail.n)
		at = put(at, (struct table_text){ " > ", 3 });
	at = put_escaped(at, a->label_tail);
	/* value, unit and kind never hold a byte to escape: written as they are */
	*at++ = '\t';
	at = a->value_text.n ? put(at, a->value_text) : at + decimal_format(&a->value, 2, at);
	*at++ = '\t';
	at = put_name(at, a->unit);
	*at++ = '\t';
	at = put_name(at, a->kind);
	*at++ = '\t';
	at = a->plain ? put(at, a->raw) : put_escaped(at, a->raw);
	*at++ = '\t';
	at = put_flags(at, a->flags, a->table);
	*at++ = '\n';
	out_commit((size_t)(at - start));
	out_end_record();
}

static const struct buf *escaped_section(struct section_copy *c)
{
	if (!c->escaped_ready) {
		buf_clear(&c->escaped);
		tsv_escape(&c->escaped, c->raw.len ? c->raw.data : "", c->raw.len);
		c->escaped_ready = true;
	}
	return &c->escaped;
}

/* doc TAB line TAB section, escaped, into head (cleared first). Records
 * of one document and section follow each other: those two are escaped
 * only when they change. */
static void make_head(struct run *run, struct buf *head, struct table_text doc, long line,
		      struct section_copy *section)
{
	const struct buf *d = tsv_escape_repeated(&run->doc, doc.s, doc.n);
	const struct buf *s = escaped_section(section);
	size_t room = d->len + s->len + LONG_DIGITS + 2;
	buf_clear(head);
	if (head->cap < room)
		buf_reserve(head, room);
	char *at = put(head->data, (struct table_text){ d->data, d->len });
	*at++ = '\t';
	at += format_long(at, line);
	*at++ = '\t';
	at = put(at, (struct table_text){ s->data, s->len });
	head->len = (size_t)(at - head->data);
}

static bool has_word(struct table_text t, const char *word)
{
	return find_word(t.s, t.n, word, strlen(word)) != NULL;
}

/* A column of differences or of last year's figures says so in its header. */
static const struct name *find_column_kind(struct table_text column)
{
	if (has_word(column, "增减") || has_word(column, "增长") || has_word(column, "变动"))
		return &kind_change;
	if (has_word(column, "上年"))
		return &kind_prior;
	return &kind_amount;
}

static const struct name *column_kind(struct run *run, const struct table_cell *c)
{
	struct column_kind *slot = &run->columns[c->column_index % COLUMN_SLOTS];
	struct table_text column = c->column;
	if (slot->kind && slot->header.len == column.n &&
	    (column.n == 0 || memcmp(slot->header.data, column.s, column.n) == 0))
		return slot->kind;
	buf_clear(&slot->header);
	buf_add(&slot->header, column.s, column.n);
	slot->kind = find_column_kind(column);
	return slot->kind;
}

/* The section of the current record, or of the one before for its line. */
static struct section_copy *cell_section(struct run *run, long line)
{
	bool before = line == run->lines[1] && !run->same_section;
	return &run->sections[before ? !run->current : run->current];
}

static const struct buf *cell_head(struct run *run, const struct table_cell *c)
{
	struct cell_head *h = &run->cell_head;
	const struct buf *doc = &run->doc.raw;
	if (!h->ready || h->generation != run->generation || h->line != c->line ||
	    doc->len != c->doc.n || (c->doc.n && memcmp(doc->data, c->doc.s, c->doc.n) != 0)) {
		make_head(run, &h->text, c->doc, c->line, cell_section(run, c->line));
		h->line = c->line;
		h->generation = run->generation;
		h->ready = true;
	}
	return &h->text;
}

/* A money cell of a table, labelled `ROW > COLUMN`. */
static void print_cell(const struct table_cell *c, void *ctx)
{
	struct run *run = ctx;
	if (!c->money || !c->numeric)
		return;
	/* table.c writes a money cell's value in yuan with decimal_format(amount,
	 * 2), the text the row shows: copied, not formatted again (were it
	 * ever left empty, print_row formats the amount). */
	struct amount_row a = {
		.label = c->row, .label_tail = c->column, .raw = c->raw,
		.value = c->amount, .value_text = c->value,
		.unit = &unit_cny, .kind = column_kind(run, c), .table = true,
	};
	print_row(&a, cell_head(run, c));
}

static const struct name *kind_name(enum label_kind k)
{
	return k == LABEL_CHANGE ? &kind_change : k == LABEL_PRIOR ? &kind_prior : &kind_amount;
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
	return memcmp(m->currency, "CNY", sizeof m->currency) == 0; /* one load */
}

static const struct buf *record_head(struct run *run, const struct record *r)
{
	if (!run->head_ready) {
		make_head(run, &run->head, (struct table_text){ r->doc, r->doc_len }, r->line,
			  &run->sections[run->current]);
		run->head_ready = true;
		run->cell_head.ready = false; /* run->doc is no longer its document */
	}
	return &run->head;
}

static void print_amount(struct run *run, const struct record *r, const struct money *m,
			 const struct label *l, struct table_text name)
{
	struct amount_row a = {
		.label = name, .raw = { r->text + m->start, m->end - m->start },
		.value = m->value, .unit = m->kind == MONEY_PERCENT ? &unit_percent : &unit_cny,
		.kind = kind_name(l->kind), .flags = m->flags, .plain = r->text_plain,
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
	struct section_copy *c = &run->sections[run->current];
	run->lines[1] = run->lines[0];
	run->lines[0] = r->line;
	run->same_section = c->raw.len == r->section_len &&
			    (r->section_len == 0 || memcmp(c->raw.data, r->section, r->section_len) == 0);
	if (run->same_section)
		return;
	run->current = !run->current;
	c = &run->sections[run->current];
	buf_clear(&c->raw);
	buf_add(&c->raw, r->section, r->section_len);
	c->escaped_ready = false;
}

static void scan_record(const struct record *r, void *ctx)
{
	struct run *run = ctx;
	run->head_ready = false;
	run->generation++;
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
	run->generation++;
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
	for (size_t i = 0; i < 2; i++) {
		buf_free(&run->sections[i].raw);
		buf_free(&run->sections[i].escaped);
	}
	buf_free(&run->head);
	escaped_field_free(&run->doc);
	buf_free(&run->cell_head.text);
	for (size_t i = 0; i < COLUMN_SLOTS; i++)
		buf_free(&run->columns[i].header);
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
