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

#endif
