/*
 * VIRQ_ENOMEM's thresholds (common/mm/low_mem.c): when the hypervisor's
 * free memory falls low, dom0 hears it, with Xen 4.17's hysteresis.
 * The arithmetic is separate (struct low_mem) so the host tests can
 * drive it; the allocator reports every change of its free count
 * through heap_allocated() (page_alloc.c, under heap_lock).
 */
#ifndef XENOLITH_LOW_MEM_H
#define XENOLITH_LOW_MEM_H

#include <xenolith/types.h>

struct low_mem {
	unsigned long th;	/* fire at or below this many free pages */
	unsigned long orig;	/* th as set at boot */
	unsigned long high;	/* free pages that raise th again; ~0: never */
	unsigned int order;	/* th = 2^order */
	bool on;
};

/* Thresholds for avail free pages now; limit in bytes, ~0: default
 * (64 MiB, halved if that is all there is), 0: never fire. */
void low_mem_init(struct low_mem *lm, unsigned long avail, uint64_t limit);
/* After an allocation left avail pages free: true when dom0 is to get
 * VIRQ_ENOMEM (the threshold then drops one power of two); with memory
 * back well above it, the threshold rises one power of two instead. */
bool low_mem_after_alloc(struct low_mem *lm, unsigned long avail);

/* Boot, once every boot-time domain is built (as Xen, after dom0). */
void low_mem_virq_setup(void);
void heap_allocated(unsigned long avail);

#endif
