/*
 * Interfaces between the files of the memory manager, not for the rest of
 * Xenolith: the boot allocator hands its leftovers to the heaps, the heap
 * set-up fills the buddy allocator, the auditor reads its lists.
 */
#ifndef XENOLITH_MM_PRIVATE_H
#define XENOLITH_MM_PRIVATE_H

#include <xenolith/page.h>
#include <xenolith/spinlock.h>

/* Frame numbers rounded inward/outward from byte addresses. */
#define PFN_UP(a)   (((a) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(a) ((a) >> PAGE_SHIFT)

/* Zones: pages grouped by the bit width of their frame number. */
#define PADDR_BITS 52
#define NR_ZONES   (PADDR_BITS - PAGE_SHIFT + 1)

/* boot_alloc.c */
unsigned long boot_ram_end(void); /* one past the highest RAM frame */
unsigned int boot_nr_ranges(void);
/* Free frames [*s, *e) of range i, in ascending order of address. */
void boot_range(unsigned int i, unsigned long *s, unsigned long *e);
/* Is [s, e) all usable RAM according to the memory map? */
bool boot_is_ram(unsigned long s, unsigned long e);
/* No more boot allocations: the heaps own what is left. */
void boot_alloc_close(void);

/* frame.c */
void frame_table_init(unsigned long nr_frames);

/* page_alloc.c */
struct heap_pool {
	struct page_list_head free[NR_ZONES][MAX_ORDER + 1];
	unsigned long total; /* pages given to this pool */
	unsigned long avail; /* pages on its free lists */
};
extern struct heap_pool heap_pools[MM_NR_POOLS];
extern spinlock_t heap_lock; /* heap_pools[], free pages' page_info */
unsigned int page_zone(unsigned long mfn);
void heap_reset(void);
/* Give frames [s, e) to pool; they must be in state none. */
void heap_add_range(unsigned int pool, unsigned long s, unsigned long e);
/* Free blocks of pool per order (debug output). */
void heap_count_blocks(unsigned int pool, unsigned long counts[MAX_ORDER + 1]);

/* heap_init.c */
unsigned long xenheap_pages_for(unsigned long free_pages,
				unsigned long opt_megabytes);

#endif
