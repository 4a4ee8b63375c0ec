/* gen-nfkc-fast: writes build/gen/nfkc_fast.h, the table behind unorm's fast path.
 *
 * Asks the utf8proc we link, code point by code point, what NFKC does, so the
 * table can never disagree with the library. Not linked into any tool.
 *
 * Each code point gets one 16-bit entry (two-level table, 256-entry blocks):
 *
 *   NFKC_INERT    NFKC leaves it alone and nothing before it can change it:
 *                 copy it.
 *   NFKC_OTHER    it may combine with what precedes it (a combining mark, a
 *                 Hangul vowel or final jamo, anything that is the second half
 *                 of a canonical decomposition): utf8proc must see it together
 *                 with the character before it.
 *   NFKC_CONTROL  a control character (Cc, except TAB) or U+FEFF: dropped.
 *   NFKC_KEEP     an enclosed or parenthesized number (①, ⑴, ⒈): copied
 *                 unchanged, by gongkai's policy, although NFKC would map it.
 *   >= NFKC_MAP   NFKC maps it, alone, to other text; the value is an offset in
 *                 nfkc_pool where a length byte and that text (UTF-8) stand.
 *
 * INERT and MAP characters are "stable starters": combining class 0, and
 * their (compatibility) decomposition starts with a starter that never
 * composes with a preceding character. Text can be cut before any of them and
 * normalized piece by piece with the same result; that is the whole fast path.
 * The BMP's INERT characters are also written as a bitmap (nfkc_bmp_inert),
 * one bit test for the common case of a CJK character. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

enum {
	CODE_POINTS = 0x110000,
	BLOCK = 256,
	BLOCKS = CODE_POINTS / BLOCK,
	NFKC_INERT = 0,
	NFKC_OTHER = 1,
	NFKC_CONTROL = 2,
	NFKC_KEEP = 3,
	NFKC_MAP = 4,
	POOL_MAX = 0xFFFF,
};

struct tables {
	uint16_t entry[CODE_POINTS];
	bool second[CODE_POINTS]; /* non-first in some canonical decomposition */
	uint16_t stage1[BLOCKS];
	uint16_t *stage2;
	size_t blocks;
	unsigned char pool[POOL_MAX + 1];
	size_t pool_len;
};

static bool is_surrogate(int32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

/* The SPEC's list markers: ①…⓿, ㉑…㊿, ❶…➓. */
static bool is_kept_number(int32_t c)
{
	return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x3251 && c <= 0x32BF) ||
	       (c >= 0x2776 && c <= 0x2793);
}

static bool is_dropped(int32_t c)
{
	/* U+FEFF inside a line is a zero-width no-break space left by Word and
	 * by concatenated files; it carries no text. */
	return (utf8proc_category(c) == UTF8PROC_CATEGORY_CC && c != '\t') ||
	       c == 0xFEFF;
}

static int decompose(int32_t c, utf8proc_option_t options, int32_t *out, size_t cap)
{
	int last_boundclass = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(c, out, (utf8proc_ssize_t)cap,
						     options, &last_boundclass);
	if (n < 0 || (size_t)n > cap) {
		fprintf(stderr, "gen-nfkc-fast: cannot decompose U+%04X\n", (unsigned)c);
		exit(1);
	}
	return (int)n;
}

static void mark_seconds(struct tables *t)
{
	int32_t d[64];
	for (int32_t c = 0; c < CODE_POINTS; c++) {
		if (is_surrogate(c))
			continue;
		int n = decompose(c, UTF8PROC_DECOMPOSE, d, 64);
		for (int k = 1; k < n; k++)
			t->second[d[k]] = true;
	}
}

static bool is_stable_starter(const struct tables *t, int32_t c)
{
	int32_t d[64];
	decompose(c, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, d, 64);
	return utf8proc_get_property(c)->combining_class == 0 && !t->second[c] &&
	       utf8proc_get_property(d[0])->combining_class == 0 && !t->second[d[0]];
}

static uint16_t pool_add(struct tables *t, const unsigned char *s, size_t n)
{
	if (n > 255 || t->pool_len + 1 + n > POOL_MAX) {
		fprintf(stderr, "gen-nfkc-fast: mapping pool overflow\n");
		exit(1);
	}
	size_t at = t->pool_len;
	t->pool[at] = (unsigned char)n;
	memcpy(t->pool + at + 1, s, n);
	t->pool_len += 1 + n;
	return (uint16_t)at;
}

static uint16_t classify(struct tables *t, int32_t c)
{
	if (is_dropped(c))
		return NFKC_CONTROL;
	if (is_kept_number(c))
		return NFKC_KEEP;
	if (!is_stable_starter(t, c))
		return NFKC_OTHER;
	unsigned char self[4], *nfkc = NULL;
	utf8proc_ssize_t len = utf8proc_encode_char(c, self);
	utf8proc_ssize_t got = utf8proc_map(self, len, &nfkc,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (got < 0) {
		fprintf(stderr, "gen-nfkc-fast: U+%04X: %s\n", (unsigned)c,
			utf8proc_errmsg(got));
		exit(1);
	}
	uint16_t e = NFKC_INERT;
	if (got != len || memcmp(nfkc, self, (size_t)len) != 0)
		e = pool_add(t, nfkc, (size_t)got);
	free(nfkc);
	return e;
}

/* Two-level table: identical 256-entry blocks are stored once. */
static void build_stages(struct tables *t)
{
	t->stage2 = malloc(sizeof *t->stage2 * CODE_POINTS);
	if (!t->stage2)
		exit(1);
	for (size_t b = 0; b < BLOCKS; b++) {
		const uint16_t *blk = t->entry + b * BLOCK;
		size_t k = 0;
		while (k < t->blocks &&
		       memcmp(t->stage2 + k * BLOCK, blk, sizeof *blk * BLOCK) != 0)
			k++;
		if (k == t->blocks)
			memcpy(t->stage2 + t->blocks++ * BLOCK, blk, sizeof *blk * BLOCK);
		t->stage1[b] = (uint16_t)k;
	}
}

static void print_array(const char *decl, const void *data, size_t n, size_t size)
{
	printf("%s = {", decl);
	for (size_t i = 0; i < n; i++) {
		unsigned v = size == 1 ? ((const unsigned char *)data)[i]
				       : ((const uint16_t *)data)[i];
		printf("%s%u,", i % 16 ? " " : "\n\t", v);
	}
	printf("\n};\n\n");
}

/* The BMP's INERT characters as a bitmap (8 KiB, where a CJK character is
 * tested with one load instead of two table steps): unorm's fast path. */
static void print_inert_bitmap(const struct tables *t)
{
	printf("static const uint64_t nfkc_inert_bmp[0x10000 / 64] = {");
	for (size_t i = 0; i < 0x10000 / 64; i++) {
		uint64_t bits = 0;
		for (unsigned b = 0; b < 64; b++)
			if (t->entry[i * 64 + b] == NFKC_INERT)
				bits |= (uint64_t)1 << b;
		printf("%s0x%016llx,", i % 4 ? " " : "\n\t", (unsigned long long)bits);
	}
	printf("\n};\n\n");
	printf("/* Is BMP character c (c < 0x10000) INERT? */\n"
	       "static inline int nfkc_bmp_inert(uint32_t c)\n{\n"
	       "\treturn (int)(nfkc_inert_bmp[c >> 6] >> (c & 63) & 1);\n}\n\n");
}

/* Whether every character with three-byte lead `lead` is INERT. */
static bool lead_all_inert(const struct tables *t, unsigned lead)
{
	for (uint32_t c = (lead & 0x0Fu) << 12; c < ((lead & 0x0Fu) + 1) << 12; c++)
		if (t->entry[c] != NFKC_INERT)
			return false;
	return true;
}

/* The longest run of three-byte leads (E0-EF) all of whose characters are
 * INERT (E4-E9, U+4000-U+9FFF: the CJK ideographs), for unorm's vector step,
 * which skips such characters by their lead byte alone. An empty run is
 * written as LOW > HIGH. */
static void print_inert_leads(const struct tables *t)
{
	unsigned best_low = 0xE1, best_high = 0xE0, low = 0;
	bool in_run = false;
	for (unsigned lead = 0xE0; lead <= 0xF0; lead++) {
		bool inert = lead <= 0xEF && lead_all_inert(t, lead);
		if (inert && !in_run)
			low = lead;
		if (!inert && in_run && lead - low > best_high + 1 - best_low)
			best_low = low, best_high = lead - 1;
		in_run = inert;
	}
	printf("/* Three-byte leads all of whose characters are INERT. */\n"
	       "#define NFKC_INERT_LEAD_LOW 0x%02X\n#define NFKC_INERT_LEAD_HIGH 0x%02X\n\n",
	       best_low, best_high);
}

static void print_header(const struct tables *t)
{
	printf("/* nfkc_fast.h: generated by tools/gen-nfkc-fast.c from utf8proc %s\n"
	       " * (Unicode %s). Do not edit; see the generator for the meaning. */\n"
	       "#include <stdint.h>\n\n", utf8proc_version(), utf8proc_unicode_version());
	printf("#define NFKC_UNICODE_VERSION \"%s\"\n", utf8proc_unicode_version());
	printf("enum { NFKC_INERT = %d, NFKC_OTHER = %d, NFKC_CONTROL = %d, "
	       "NFKC_KEEP = %d, NFKC_MAP = %d };\n\n",
	       NFKC_INERT, NFKC_OTHER, NFKC_CONTROL, NFKC_KEEP, NFKC_MAP);
	print_array("static const uint16_t nfkc_stage1[0x1100]", t->stage1, BLOCKS, 2);
	print_array("static const uint16_t nfkc_stage2[]", t->stage2, t->blocks * BLOCK, 2);
	print_array("static const unsigned char nfkc_pool[]", t->pool, t->pool_len, 1);
	print_inert_bitmap(t);
	print_inert_leads(t);
	printf("static inline unsigned nfkc_entry(uint32_t c)\n{\n"
	       "\treturn nfkc_stage2[(unsigned)nfkc_stage1[c >> 8] * 256 + (c & 255)];\n}\n");
}

int main(void)
{
	struct tables *t = calloc(1, sizeof *t);
	if (!t)
		return 1;
	t->pool_len = NFKC_MAP; /* offsets below NFKC_MAP are the other classes */
	mark_seconds(t);
	for (int32_t c = 0; c < CODE_POINTS; c++)
		t->entry[c] = is_surrogate(c) ? NFKC_INERT : classify(t, c);
	build_stages(t);
	print_header(t);
	if (fflush(stdout) != 0 || ferror(stdout))
		return 1;
	return 0;
}
