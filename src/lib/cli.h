/* cli: the command line every gongkai tool shares (SPEC §1).
 *
 * Parses the options all five tools spell the same way — --strict,
 * -H/--header, -h/--help, --version and, for the tools that read the record
 * stream, --raw — and hands the tool's own options to its callback; then
 * reads the FILE arguments (none, or `-`, is stdin) into a record sink. A
 * tool's main is left with its own options, its header and its output. It
 * does not know what the options mean to the tool beyond the reader's. */
#ifndef GONGKAI_CLI_H
#define GONGKAI_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "norm.h"
#include "record.h"

/* The shared options' getopt codes; a tool's own long-only options use
 * codes from 256 up to CLI_FIRST_CODE - 1. */
enum { CLI_FIRST_CODE = 0x1000 };

/* What the shared options set. reader.norm points at norm. */
struct cli {
	struct norm_opts norm;
	struct reader_opts reader;
	bool header;    /* -H */
	bool strict;    /* --strict: also set in norm and reader */
	int first_file; /* argv index of the first FILE */
};

/* A tool's description of itself. */
struct cli_tool {
	const char *name;
	const char *help;             /* the whole --help text */
	const char *short_options;    /* its own, in getopt syntax ("" if none) */
	const struct option *options; /* its own long options, {0}-terminated */
	bool raw_option;              /* offer --raw (a reader of the stream) */
	/* One of the tool's own options (arg is optarg); false means the
	 * option is not the tool's: a usage error, exit 2. */
	bool (*option)(struct cli *c, int code, const char *arg, void *ctx);
	void *ctx;
};

/* Initializes the tool (tool_init), sets the defaults and parses argv. Exits
 * 0 after --help or --version, 2 on a usage error. */
void cli_parse(struct cli *c, const struct cli_tool *t, int argc, char **argv);

/* Reads every FILE argument (stdin when there is none) into sink, in order.
 * Returns 0, or 1 if any input had a problem (already reported). */
int cli_read_files(const struct cli *c, int argc, char **argv,
		   const struct record_sink *sink);

#endif
