/*
 * The contract between the arch boot code and the common memory manager
 * (hypervisor/common/mm/).  Boot order:
 *
 *   arch:  parse the loader's memory map into a struct mem_map,
 *          map all RAM in the direct map (maddr_to_virt works for it)
 *   mm:    boot_alloc_init(map)           RAM regions become allocatable
 *   arch:  boot_alloc_reserve(...)        hypervisor image, modules, ...
 *          boot_alloc_pages(...)          early page tables, stacks
 *   mm:    mm_init()                      frame table for every RAM frame,
 *                                         rest of boot memory to the heaps
 *   then:  alloc_xenheap_pages / alloc_domheap_pages
 *
 * Two pools, as Xen's: the xenheap holds Xenolith's own data (always
 * reachable through the direct map); the domheap holds memory given to
 * domains, owned and reference-counted through struct page_info.
 */
#ifndef XENOLITH_MM_H
#define XENOLITH_MM_H

#include <xenolith/types.h>

/* e820 region types, as the loader reports them */
#define MEM_RAM 1
#define MEM_RESERVED 2
#define MEM_ACPI 3
#define MEM_NVS 4
#define MEM_UNUSABLE 5

#define MEM_MAP_MAX 128
struct mem_region {
	paddr_t start;		/* inclusive */
	paddr_t end;		/* exclusive */
	uint32_t type;		/* MEM_* */
};
struct mem_map {
	unsigned int nr;
	struct mem_region r[MEM_MAP_MAX];
};

/* Provided by the arch (or by the host test harness). */
void *maddr_to_virt(paddr_t ma);
paddr_t virt_to_maddr(const void *va);

/* Boot allocator: page-granular, from the RAM regions of the map. */
void boot_alloc_init(const struct mem_map *map);
void boot_alloc_reserve(paddr_t start, paddr_t end);
/* nr pages aligned to align pages (a power of two); panics when out. */
paddr_t boot_alloc_pages(unsigned long nr, unsigned long align);

/* Frame table and buddy heaps; consumes what the boot allocator has left. */
void mm_init(void);

struct domain;
struct page_info;

/* Xenolith's own memory: 2^order contiguous pages, or NULL. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);

/* Domain memory: 2^order pages assigned to d (d may be NULL = anonymous). */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);

/* Print totals (debug key 'm' and boot). */
void mm_print_stats(void);

/* ---- Additions by the memory manager (hypervisor/common/mm/) ---- */

/* Largest buddy block: 2^MAX_ORDER pages (1 GiB). */
#define MAX_ORDER 18

/*
 * memflags for alloc_domheap_pages().  MEMF_bits(n): every page below
 * 2^n bytes of machine address (a device's DMA limit, XENMEM_exchange's
 * address_bits); 0 or >= 52 means no limit.  MEMF_no_scrub: do not zero
 * the pages (the caller overwrites them all); pages given to a domain are
 * zeroed otherwise, so no domain sees another's or Xenolith's data.
 */
#define MEMF_no_scrub (1U << 0)
#define _MEMF_bits 24
#define MEMF_bits(n) ((unsigned int)(n) << _MEMF_bits)
#define MEMF_get_bits(f) ((f) >> _MEMF_bits)

/* Heaps, as indices (struct mm_stats, u.free.pool of a free page). */
#define MM_POOL_XENHEAP 0
#define MM_POOL_DOMHEAP 1
#define MM_NR_POOLS 2

static inline void *alloc_xenheap_page(void)
{
	return alloc_xenheap_pages(0);
}

static inline void free_xenheap_page(void *va)
{
	free_xenheap_pages(va, 0);
}

/*
 * Called (outside the heap lock) when nr pages (nr < 0: -nr pages) are
 * assigned to or released from d by alloc/free_domheap_pages().  The
 * memory manager has a weak no-op default; the domain code overrides it to
 * keep d's page count.
 */
void domain_page_assigned(struct domain *d, long nr);

/*
 * After mm_init(): give memory that was reserved at boot back to a heap
 * (a module once dom0 is built from it, the hypervisor's init sections).
 * [ps, pe) is shrunk inward to whole pages; every frame must be usable RAM
 * of the memory map that never was in a heap, or it is a BUG.
 */
void init_domheap_pages(paddr_t ps, paddr_t pe);
void init_xenheap_pages(paddr_t ps, paddr_t pe);

/* Page counts per heap (MM_POOL_*): given to it, and currently free. */
struct mm_stats {
	unsigned long total[MM_NR_POOLS];
	unsigned long avail[MM_NR_POOLS];
};
void mm_get_stats(struct mm_stats *st);

/*
 * Check every heap invariant (free lists, buddy alignment, no overlap,
 * full merging, accounting); print the first violation and return false.
 * O(max_page): for tests and debug keys.
 */
bool mm_audit(void);

#endif
