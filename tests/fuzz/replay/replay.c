/* replay: runs one fuzz target's LLVMFuzzerTestOneInput, built without
 * libFuzzer, over its seeds (tests/fuzz/seeds/NAME) and the inputs that once
 * broke it (tests/fuzz/regress/NAME), NAME being the target without its
 * `fuzz_` prefix, plus the test fixtures that also serve as its seeds (kept
 * once, where the tests read them). Built by the Makefile as $(B)/unit/replay_fuzz_NAME with
 * FUZZ_TARGET set, so `make check` (and `make check-asan`, where a bad
 * read is fatal) keeps every crash fixed once it has been.
 *
 * A target signals failure by aborting or crashing; an input that returns
 * is a pass. Prints `run FILE` before and `ok FILE` after each input (so
 * the last `run` names the one that crashed) and `N passed, N failed` last. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char block[1 << 14];
	size_t got;
	while ((got = fread(block, 1, sizeof block, f)) > 0)
		buf_add(out, block, got);
	bool good = !ferror(f);
	fclose(f);
	return good;
}

/* Replays every regular file in dir, in name order (so the output is the
 * same everywhere). A missing directory holds no inputs. */
static void replay_dir(const char *dir, int *passed, int *failed)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char **names = NULL;
	size_t count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof *names);
		if (!names || !(names[count] = strdup(e->d_name))) {
			fprintf(stderr, "replay: out of memory\n");
			exit(1);
		}
		count++;
	}
	closedir(d);
	qsort(names, count, sizeof *names, compare_names);
	for (size_t i = 0; i < count; i++) {
		char path[4096];
		struct buf data = {0};
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (read_file(path, &data)) {
			/* A private copy of exactly the file's size: reads past
			 * the end are caught under ASan. */
			uint8_t *copy = malloc(data.len ? data.len : 1);
			if (!copy) {
				fprintf(stderr, "replay: out of memory\n");
				exit(1);
			}
			if (data.len)
				memcpy(copy, data.data, data.len);
			/* Said first, so a crash shows which input it was. */
			printf("run %s\n", path);
			LLVMFuzzerTestOneInput(copy, data.len);
			free(copy);
			printf("ok %s\n", path);
			(*passed)++;
		} else {
			printf("FAIL %s: unreadable\n", path);
			(*failed)++;
		}
		buf_free(&data);
		free(names[i]);
	}
	free(names);
}

/* Fixture directories that seed a target as they are. Fuzz with them too:
 * build/fuzz/fuzz_decode_html tests/fuzz/seeds/decode_html tests/fixtures/html tests/fixtures/decode */
static const struct {
	const char *target;
	const char *dirs[3];
} fixtures[] = {
	{ "decode_html", { "tests/fixtures/html", "tests/fixtures/decode", NULL } },
};

int main(void)
{
	const char *name = FUZZ_TARGET;
	if (strncmp(name, "fuzz_", 5) == 0)
		name += 5;
	char seeds[512], regress[512];
	snprintf(seeds, sizeof seeds, "tests/fuzz/seeds/%s", name);
	snprintf(regress, sizeof regress, "tests/fuzz/regress/%s", name);
	int passed = 0, failed = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	replay_dir(seeds, &passed, &failed);
	for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++)
		for (size_t k = 0; strcmp(fixtures[i].target, name) == 0 && fixtures[i].dirs[k]; k++)
			replay_dir(fixtures[i].dirs[k], &passed, &failed);
	replay_dir(regress, &passed, &failed);
	if (passed + failed == 0) {
		printf("FAIL %s: no seeds and no regression inputs\n", name);
		failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
