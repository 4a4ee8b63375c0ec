/* cli: the shared command line; see cli.h.
 *
 * getopt_long needs one table, so the shared long options and the tool's
 * are copied into one array for the length of the parse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sys.h"

enum { OPT_RAW = CLI_FIRST_CODE, OPT_STRICT, OPT_VERSION };

static const struct option shared_options[] = {
	{ "raw", no_argument, NULL, OPT_RAW },  /* first: dropped without raw_option */
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "header", no_argument, NULL, 'H' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
};

enum { SHARED_COUNT = sizeof shared_options / sizeof shared_options[0] };

/* The tool's long options followed by the shared ones, {0}-terminated. */
static struct option *merge_options(const struct cli_tool *t)
{
	size_t own = 0;
	while (t->options && t->options[own].name)
		own++;
	const struct option *shared = shared_options + (t->raw_option ? 0 : 1);
	size_t count = SHARED_COUNT - (t->raw_option ? 0 : 1);
	struct option *all = xcalloc(own + count + 1, sizeof *all);
	if (own)
		memcpy(all, t->options, own * sizeof *all);
	memcpy(all + own, shared, count * sizeof *all);
	return all;
}

static _Noreturn void usage(const struct cli_tool *t)
{
	char line[128];
	snprintf(line, sizeof line, "Usage: %s [OPTION]... [FILE]...\n", t->name);
	usage_error(line);
}

static _Noreturn void help(const struct cli_tool *t)
{
	out_puts(t->help);
	out_close();
	exit(0);
}

void cli_parse(struct cli *c, const struct cli_tool *t, int argc, char **argv)
{
	char short_options[64];
	int code;

	tool_init(t->name);
	memset(c, 0, sizeof *c);
	norm_opts_default(&c->norm);
	c->reader.norm = &c->norm;
	snprintf(short_options, sizeof short_options, "%sHh", t->short_options);
	struct option *options = merge_options(t);
	while ((code = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (code) {
		case OPT_RAW: c->reader.raw = true; break;
		case OPT_STRICT: c->strict = c->norm.strict = c->reader.strict = true; break;
		case 'H': c->header = true; break;
		case 'h': free(options); help(t);
		case OPT_VERSION: free(options); print_version();
		default:
			if (code == '?' || !t->option || !t->option(c, code, optarg, t->ctx)) {
				free(options);
				usage(t);
			}
		}
	}
	free(options);
	c->first_file = optind;
}

int cli_read_files(const struct cli *c, int argc, char **argv,
		   const struct record_sink *sink)
{
	int status = 0;
	if (c->first_file >= argc)
		return read_records("-", &c->reader, sink);
	for (int i = c->first_file; i < argc; i++)
		status |= read_records(argv[i], &c->reader, sink);
	return status;
}
