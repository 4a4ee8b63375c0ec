/* find: memchr for the word's last byte, then a compare there.
 *
 * glibc's memmem prepares for long texts and spends several instructions on
 * every byte. The words searched here end in an ASCII sign or in the last
 * byte of a Chinese character, which about one CJK byte in a hundred
 * shares, so memchr (vectorised) stops rarely, and the few bytes before it
 * are compared in a loop: a call to memcmp would cost more than they do. */
#include "find.h"

#include <string.h>

const char *find_word(const char *s, size_t n, const char *word, size_t len)
{
	if (len == 0 || len > n)
		return len == 0 ? s : NULL;
	const char *p = s + len - 1, *end = s + n;
	while ((p = memchr(p, (unsigned char)word[len - 1], (size_t)(end - p))) != NULL) {
		const char *start = p - (len - 1);
		size_t k = 0;
		while (k < len - 1 && start[k] == word[k])
			k++;
		if (k == len - 1)
			return start;
		p++;
	}
	return NULL;
}
