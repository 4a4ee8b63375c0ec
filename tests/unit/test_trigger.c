/* test_trigger: trigger.c's two searches (byte loop, SSE2) against
 * a plain version written from the definition in trigger.h.
 *
 * The vector search takes a block, a last overlapping block or the byte
 * loop depending on the length and on where a trigger stands, so each
 * trigger (and each cut-off start of one) is put at every position of
 * texts of 0 to 80 bytes, from several start offsets and for each kind;
 * random mixtures of CJK, ASCII, near misses and invalid bytes check the
 * rest. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "trigger.h"

enum { ALL_KINDS = TRIGGER_SIGN | TRIGGER_FULLWIDTH | TRIGGER_INDICATOR | TRIGGER_PERFORMANCE };

static bool reference_at(const unsigned char *s, size_t i, size_t n, unsigned set)
{
	if ((set & TRIGGER_SIGN) && (s[i] == '<' || s[i] == '=' || s[i] == '>'))
		return true;
	if ((set & TRIGGER_SIGN) && s[i] == 0xE2 && i + 3 <= n && (s[i + 1] == 0x89 || s[i + 1] == 0xA9))
		return true;
	if ((set & TRIGGER_FULLWIDTH) && s[i] == 0xEF && i + 3 <= n && s[i + 1] == 0xBC)
		return true;
	if ((set & TRIGGER_INDICATOR) && i + 6 <= n && memcmp(s + i, "指标", 6) == 0)
		return true;
	return (set & TRIGGER_PERFORMANCE) && i + 6 <= n && memcmp(s + i, "绩效", 6) == 0;
}

static size_t reference_find(const char *t, size_t from, size_t n, unsigned set)
{
	for (size_t i = from; i < n; i++)
		if (reference_at((const unsigned char *)t, i, n, set))
			return i;
	return n;
}

struct tally {
	long cases, mismatches;
};

static void compare(struct tally *tl, const char *what, const char *t, size_t from, size_t n,
		    unsigned set)
{
	size_t want = reference_find(t, from, n, set);
	size_t got[2] = {
		trigger_find_scalar(t, from, n, set),
		trigger_find_sse2(t, from, n, set),
	};
	size_t best = trigger_find(t, from, n, set);
	tl->cases++;
	if (got[0] == want && got[1] == want && best == want)
		return;
	if (++tl->mismatches <= 10) {
		printf("  %s: set %u from %zu n %zu: want %zu, scalar %zu sse2 %zu best %zu:",
		       what, set, from, n, want, got[0], got[1], best);
		for (size_t i = 0; i < n; i++)
			printf(" %02X", (unsigned char)t[i]);
		putchar('\n');
	}
}

/* Texts whose bytes around the trigger are CJK (E4 B8 AD, 中) or ASCII. */
static void fill(char *buf, size_t n, bool cjk)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = cjk ? "\xE4\xB8\xAD"[i % 3] : 'a';
}

static const char *const triggers[] = {
	"<", "=", ">", "≥", "≤", "⩾", "\xE2\x89", "\xE2\xA9", "＞", "，", "\xEF\xBC",
	"指标", "绩效", "指", "绩", "指x", "绩效目标", "\xE6\x8C\x87\xE6\xA0", "\xE7\xBB\xA9\xE6\x95",
	"\xE2\x88\x9E", "\xEF\xBD\x9E", "标", "效",
};

static void every_position(struct tally *tl)
{
	/* Each kind alone, the sets kpi.c uses, and all. */
	static const unsigned sets[] = {
		TRIGGER_SIGN, TRIGGER_FULLWIDTH, TRIGGER_INDICATOR, TRIGGER_PERFORMANCE,
		TRIGGER_SIGN | TRIGGER_INDICATOR | TRIGGER_PERFORMANCE, ALL_KINDS,
	};
	static const size_t starts[] = { 0, 1, 3, 17 };
	char buf[96];
	for (size_t k = 0; k < sizeof triggers / sizeof *triggers; k++) {
		size_t len = strlen(triggers[k]);
		for (size_t n = 0; n <= 80; n++) {
			for (size_t at = 0; at + len <= n + len && at <= n; at++) {
				for (int cjk = 0; cjk < 2; cjk++) {
					fill(buf, n, cjk);
					/* Cut off at n: a trigger may lose its tail. */
					size_t copy = at + len <= n ? len : n - at;
					memcpy(buf + at, triggers[k], copy);
					for (size_t s = 0; s < sizeof sets / sizeof *sets; s++)
						for (size_t f = 0; f < sizeof starts / sizeof *starts && starts[f] <= n; f++)
							compare(tl, "position", buf, starts[f], n, sets[s]);
				}
			}
		}
	}
}

/* A fixed pseudo-random sequence, the same on every run. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static void random_mixtures(struct tally *tl)
{
	static const char *const pieces[] = {
		"中", "国", "率", "a", "1", " ", "\t", "。", "、", "≥", "=", "<", "＝",
		"指标", "绩效", "指导", "绩", "\xE2\x89\xA5", "\xE2", "\xEF", "\xBC", "\x89",
		"\xE6\x8C\x87", "\xE7\xBB\xA9", "\xFF", "\x80", "😀",
	};
	uint32_t state = 20261123;
	char buf[512];
	for (int round = 0; round < 40000; round++) {
		size_t n = 0, parts = next_random(&state) % 120;
		for (size_t k = 0; k < parts; k++) {
			const char *p = pieces[next_random(&state) % (sizeof pieces / sizeof *pieces)];
			size_t len = strlen(p);
			if (n + len > sizeof buf)
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		unsigned set = 1 + next_random(&state) % ALL_KINDS;
		size_t from = n ? next_random(&state) % (n + 1) : 0;
		compare(tl, "mixture", buf, from, n, set);
		compare(tl, "mixture", buf, 0, n, set);
	}
}

int main(void)
{
	struct counts c = { 0, 0 };
	struct tally tl = { 0, 0 };
	char why[64];
	every_position(&tl);
	snprintf(why, sizeof why, "%ld of %ld cases differ", tl.mismatches, tl.cases);
	report(&c, "trigger at every position, cut off, each kind", tl.mismatches == 0, why);
	tl = (struct tally){ 0, 0 };
	random_mixtures(&tl);
	snprintf(why, sizeof why, "%ld of %ld cases differ", tl.mismatches, tl.cases);
	report(&c, "random mixtures with invalid bytes", tl.mismatches == 0, why);
	tl = (struct tally){ 0, 0 };
	compare(&tl, "empty", "", 0, 0, ALL_KINDS);
	compare(&tl, "last byte", "中中中中中中中中中中中中中中中中中中中中中中<", 0, 67, TRIGGER_SIGN);
	report(&c, "edges", tl.mismatches == 0 && trigger_find("", 0, 0, ALL_KINDS) == 0, "");
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed != 0;
}
