/*
 * The data pattern the ring tests move between domains (gnttab_ring,
 * ring_destroy): page number id holds pattern_word(id, j) in its j-th
 * word, so the receiver can check any word, and page_checksum() sums a
 * whole page (a rotate-and-xor, cheap and order-sensitive).
 */
#ifndef GUEST_PATTERN_H
#define GUEST_PATTERN_H

#include "guest.h"

uint64_t pattern_word(uint32_t id, unsigned int j);
/* Fill page (PAGE_SIZE bytes) with page id's pattern. */
void pattern_fill(void *page, uint32_t id);
uint64_t page_checksum(const void *page);

#endif
