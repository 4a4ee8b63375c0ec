/* normalize: raw disclosures (any encoding, text or HTML) in, the gongkai
 * record stream out. The work is in norm.c and the modules it drives; this
 * file is its options (cli.c parses the shared ones and reads the files). */
#include <stdio.h>

#include "cli.h"
#include "record.h"
#include "sys.h"

static const char usage[] =
	"Usage: normalize [OPTION]... [FILE]...\n"
	"Turn raw disclosures (text or HTML, any encoding) into the gongkai record\n"
	"stream: doc, line, section (empty), text. No FILE, or -, reads stdin.\n"
	"\n"
	"  -f, --from-code=ENC  read the input as ENC (any name iconv knows)\n"
	"      --html           read the input as HTML\n"
	"      --text           read the input as plain text\n"
	"      --doc=NAME       use NAME as the doc column\n"
	"      --no-join        do not join lines broken by PDF or Word export\n"
	"      --no-nfkc        do not apply NFKC\n"
	"      --no-spaces      keep spaces as they are (implies --no-gaps)\n"
	"      --no-gaps        do not turn runs of 3+ spaces into cell separators\n"
	"      --no-junk        keep Word field codes (PAGEREF _Toc…)\n"
	"      --nfkc-only      NFKC and nothing else: one record per input line\n"
	"      --strict         replaced bytes and removed controls are errors\n"
	"  -H, --header         print a header line first\n"
	"  -h, --help           show this help\n"
	"      --version        show the version\n"
	"\n"
	"Examples:\n"
	"  normalize report.html > report.tsv\n"
	"  normalize -f GBK old-page.htm | sectionize | extract-amounts\n"
	"  normalize --doc 2023/chibi.txt < chibi.txt | cut -f2,4\n";

enum { OPT_HTML = 256, OPT_TEXT, OPT_DOC, OPT_NO_JOIN, OPT_NO_NFKC, OPT_NO_SPACES,
       OPT_NO_GAPS, OPT_NO_JUNK, OPT_NFKC_ONLY };

static const struct option options[] = {
	{ "from-code", required_argument, NULL, 'f' },
	{ "html", no_argument, NULL, OPT_HTML },
	{ "text", no_argument, NULL, OPT_TEXT },
	{ "doc", required_argument, NULL, OPT_DOC },
	{ "no-join", no_argument, NULL, OPT_NO_JOIN },
	{ "no-nfkc", no_argument, NULL, OPT_NO_NFKC },
	{ "no-spaces", no_argument, NULL, OPT_NO_SPACES },
	{ "no-gaps", no_argument, NULL, OPT_NO_GAPS },
	{ "no-junk", no_argument, NULL, OPT_NO_JUNK },
	{ "nfkc-only", no_argument, NULL, OPT_NFKC_ONLY },
	{ NULL, 0, NULL, 0 },
};

static void print_record(const struct record *r, void *ctx)
{
	(void)ctx;
	write_record(r);
}

static bool option(struct cli *c, int code, const char *arg, void *ctx)
{
	struct norm_opts *norm = &c->norm;
	(void)ctx;
	switch (code) {
	case 'f': norm->encoding = arg; break;
	case OPT_HTML: norm->html = 1; break;
	case OPT_TEXT: norm->html = 0; break;
	case OPT_DOC: c->reader.doc = arg; break;
	case OPT_NO_JOIN: norm->join = false; break;
	case OPT_NO_NFKC: norm->nfkc = false; break;
	case OPT_NO_SPACES: norm->spaces = norm->gaps = false; break;
	case OPT_NO_GAPS: norm->gaps = false; break;
	case OPT_NO_JUNK: norm->junk = false; break;
	case OPT_NFKC_ONLY:
		norm->html = 0;
		norm->spaces = norm->gaps = norm->join = norm->junk = false;
		norm->nfkc = true;
		break;
	default: return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	struct cli_tool tool = {
		.name = "normalize", .help = usage, .short_options = "f:",
		.options = options, .option = option,
	};
	struct cli cli;

	cli_parse(&cli, &tool, argc, argv);
	cli.reader.raw = true; /* normalize reads raw text, never a stream */
	if (cli.header)
		write_header((const char *const[]){ "doc", "line", "section", "text", NULL });
	struct record_sink sink = { .record = print_record };
	int status = cli_read_files(&cli, argc, argv, &sink);
	out_close();
	return status;
}
