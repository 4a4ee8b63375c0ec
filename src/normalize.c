/* normalize: raw disclosures (any encoding, text or HTML) in, the gongkai
 * record stream out. The work is in norm.c and the modules it drives; this
 * file is options and the loop over files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "norm.h"
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
       OPT_NO_GAPS, OPT_NO_JUNK, OPT_NFKC_ONLY, OPT_STRICT, OPT_VERSION };

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
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "header", no_argument, NULL, 'H' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void print_record(const struct record *r, void *ctx)
{
	(void)ctx;
	write_record(r);
}

int main(int argc, char **argv)
{
	struct norm_opts norm;
	struct reader_opts reader = { .raw = true, .norm = &norm };
	bool header = false;
	int c;

	tool_init("normalize");
	norm_opts_default(&norm);
	while ((c = getopt_long(argc, argv, "f:Hh", options, NULL)) != -1) {
		switch (c) {
		case 'f': norm.encoding = optarg; break;
		case OPT_HTML: norm.html = 1; break;
		case OPT_TEXT: norm.html = 0; break;
		case OPT_DOC: reader.doc = optarg; break;
		case OPT_NO_JOIN: norm.join = false; break;
		case OPT_NO_NFKC: norm.nfkc = false; break;
		case OPT_NO_SPACES: norm.spaces = norm.gaps = false; break;
		case OPT_NO_GAPS: norm.gaps = false; break;
		case OPT_NO_JUNK: norm.junk = false; break;
		case OPT_NFKC_ONLY:
			norm.html = 0;
			norm.spaces = norm.gaps = norm.join = norm.junk = false;
			norm.nfkc = true;
			break;
		case OPT_STRICT: norm.strict = reader.strict = true; break;
		case 'H': header = true; break;
		case 'h': out_puts(usage); out_close(); return 0;
		case OPT_VERSION: print_version();
		default: usage_error("Usage: normalize [OPTION]... [FILE]...\n");
		}
	}
	if (header)
		write_header((const char *const[]){ "doc", "line", "section", "text", NULL });
	struct record_sink sink = { .record = print_record };
	int status = 0;
	if (optind == argc)
		status |= read_records("-", &reader, &sink);
	for (int i = optind; i < argc; i++)
		status |= read_records(argv[i], &reader, &sink);
	out_close();
	return status;
}
