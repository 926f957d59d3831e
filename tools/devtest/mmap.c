/*
 * mmap/munmap of a large anonymous region, repeatedly.
 *
 * For a PV guest every page table page Linux allocates or frees is pinned,
 * validated and unpinned by the hypervisor, and every fault on a fresh page
 * becomes a page table update it checks; mapping, filling and unmapping
 * tens of MiB several times stresses exactly that path.  Each page gets a
 * value derived from its address and round, checked before the unmap, so a
 * frame mapped twice or lost would show.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "devtest.h"

#define PAGE		4096UL
#define MIB		(1024UL * 1024)

static uint64_t stamp(size_t page, unsigned int round)
{
	return ((uint64_t)page * 0x9e3779b97f4a7c15ULL) ^ round;
}

static int one_round(size_t bytes, unsigned int round)
{
	size_t pages = bytes / PAGE, i;
	uint8_t *p;

	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail_errno("mmap", "mmap");
	for (i = 0; i < pages; i++)
		*(uint64_t *)(p + i * PAGE) = stamp(i, round);
	for (i = 0; i < pages; i++)
		if (*(uint64_t *)(p + i * PAGE) != stamp(i, round))
			return fail_msg("mmap", "a page lost its contents");
	if (munmap(p, bytes))
		return fail_errno("mmap", "munmap");
	return 0;
}

int test_mmap(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 64;
	unsigned int rounds = argc > 2 ? strtoul(argv[2], NULL, 0) : 8, r;

	for (r = 0; r < rounds; r++)
		if (one_round(mib * MIB, r))
			return 1;
	printf("devtest mmap: %u rounds of %lu MiB\n", rounds, mib);
	return 0;
}
