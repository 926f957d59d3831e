/*
 * The ring tests' data pattern (pattern.h).
 */
#include "pattern.h"

uint64_t pattern_word(uint32_t id, unsigned int j)
{
	return (id + 1) * 0x9e3779b97f4a7c15ull ^ (j * 0xff51afd7ed558ccdull);
}

void pattern_fill(void *page, uint32_t id)
{
	uint64_t *w = page;

	for (unsigned int j = 0; j < PAGE_SIZE / 8; j++)
		w[j] = pattern_word(id, j);
}

uint64_t page_checksum(const void *page)
{
	const uint64_t *w = page;
	uint64_t s = 0;

	for (unsigned int j = 0; j < PAGE_SIZE / 8; j++)
		s = (s << 7 | s >> 57) ^ w[j];
	return s;
}
