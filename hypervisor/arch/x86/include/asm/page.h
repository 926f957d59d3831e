/*
 * x86-64 page-table entries and Xenolith's own mappings (mm/paging.c).
 * Four levels, 512 entries each; an L3 entry with PSE maps 1 GiB, an L2
 * entry with PSE maps 2 MiB.  Flag bits are named here and nowhere else.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <xenolith/types.h>
#include <xenolith/mm.h>
#include <asm/config.h>

typedef uint64_t pte_t;

#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_PWT      (1UL << 3)
#define _PAGE_PCD      (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define _PAGE_GLOBAL   (1UL << 8)
#define _PAGE_NX       (1UL << 63)
#define PTE_ADDR_MASK  0x000ffffffffff000UL

#define PAGE_HYPERVISOR                                                        \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR | _PAGE_PCD | _PAGE_PWT)
/* Intermediate entries: hypervisor tables never carry USER. */
#define PAGE_TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

#define L1_SHIFT	    12
#define L2_SHIFT	    21
#define L3_SHIFT	    30
#define L4_SHIFT	    39
#define PT_ENTRIES	    512
#define pt_index(va, shift) (((va) >> (shift)) & (PT_ENTRIES - 1))

static inline paddr_t pte_maddr(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

static inline bool pte_present(pte_t e)
{
	return e & _PAGE_PRESENT;
}

static inline bool pte_is_leaf_large(pte_t e)
{
	return e & _PAGE_PSE;
}

extern pte_t idle_l4[PT_ENTRIES]; /* the hypervisor's own L4 */

void paging_init_early(void);
void paging_map_ram(const struct mem_map *map);
void paging_drop_identity(void);
/* Map nr 4 KiB frames at va (in slots 256-271); flags are PTE flags. */
void map_pages(vaddr_t va, paddr_t pa, unsigned long nr, uint64_t flags);
/* Map an MMIO range uncached; returns its virtual address. */
void *ioremap(paddr_t pa, size_t size);
/* Highest direct-mapped machine address (exclusive). */
extern paddr_t directmap_end;

#endif
