/* find: the first occurrence of a short word in a line of mostly CJK text.
 * For the many small searches of the extractors (`单位:`, `指标`, `。`); not
 * for long needles or for texts searched for many words at once. */
#ifndef GONGKAI_FIND_H
#define GONGKAI_FIND_H

#include <stddef.h>

/* The first occurrence of word[0..len) in s[0..n), or NULL; s itself when
 * len is 0. */
const char *find_word(const char *s, size_t n, const char *word, size_t len);

#endif
