/*
 * Looking at our own page tables.
 *
 * The builder maps [VIRT_BASE, v_end) with 4 KiB pages, page tables
 * included, and leaves its L4 at start_info->pt_base.  A 64-bit PV
 * guest may read its page tables (they are mapped read-only), and every
 * table page is inside the initial mapping, so a walk needs only the
 * M2P (machine frame -> our pfn) to find each next level.
 */
#include "guest.h"

#define PTE_PRESENT	1ul
#define PTE_PSE		(1ul << 7)
#define PTE_MFN(e)	(((e) >> 12) & ((1ul << 40) - 1))
#define M2P		((const unsigned long *)MACH2PHYS_VIRT_START)

static const uint64_t *table_va(uint64_t entry)
{
	return (const uint64_t *)(VIRT_BASE + M2P[PTE_MFN(entry)] * PAGE_SIZE);
}

bool va_mapped(unsigned long va)
{
	const uint64_t *t = (const uint64_t *)start_info->pt_base;
	int shift;

	for (shift = 39; shift >= 12; shift -= 9) {
		uint64_t e = t[(va >> shift) & 511];

		if (!(e & PTE_PRESENT))
			return false;
		if (shift == 12 || (shift < 39 && (e & PTE_PSE)))
			return true;
		t = table_va(e);
	}
	return true;
}

unsigned long mapped_end(void)
{
	unsigned long va = (unsigned long)_end;

	while (va_mapped(va))
		va += PAGE_SIZE;
	return va;
}
