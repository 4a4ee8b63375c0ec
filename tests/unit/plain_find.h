/* plain_find: a word in a text by the plainest search, memcmp at every
 * offset, for the tests that check a faster search against it (test_find)
 * or build on it (label_reference.h). An empty word is found at s. */
#ifndef GONGKAI_TEST_PLAIN_FIND_H
#define GONGKAI_TEST_PLAIN_FIND_H

#include <stddef.h>
#include <string.h>

static const char *plain_find(const char *s, size_t n, const char *word, size_t len)
{
	if (len == 0)
		return s;
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(s + i, word, len) == 0)
			return s + i;
	return NULL;
}

#endif
