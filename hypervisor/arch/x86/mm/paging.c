/*
 * Xenolith's own page tables.
 *
 * One L4 (idle_l4, static in head.S) serves every CPU.  Its entries for
 * slots 256-271 are filled once at boot and never change afterwards: a
 * PV guest's L4 will copy those sixteen entries, so everything below them
 * (L3 and lower tables) is shared with every guest, and a change made
 * later at L3 or below is seen by all address spaces at once.
 *
 *   slot 261  the image (xen_l3/xen_l2 from head.S; after boot 4 KiB
 *             pages, W^X by section) and the ioremap window for MMIO
 *   slot 262  the direct map: machine address ma is at
 *             DIRECTMAP_VIRT_START + ma, with 1 GiB pages when the CPU
 *             has them, else 2 MiB pages
 *   slot 260  per-domain area, for now the per-CPU GDT pages
 *
 * The first 4 GiB of the direct map is built before the memory map is
 * read (loaders leave their data there); paging_map_ram() adds RAM above
 * 4 GiB.  Page-table pages come from a small static pool before the boot
 * allocator exists, then from the boot allocator, then from the xenheap.
 */
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/current.h>

#define STATIC_PT_PAGES 16

static pte_t directmap_l3[PT_ENTRIES] __aligned(4096)
    __section(".bss.page_aligned");
static pte_t perdomain_l3[PT_ENTRIES] __aligned(4096)
    __section(".bss.page_aligned");
/* 4 KiB mappings of the image: room for an 8 MiB image. */
static pte_t image_l1[4][PT_ENTRIES] __aligned(4096)
    __section(".bss.page_aligned");
static uint8_t pt_pool[STATIC_PT_PAGES][4096] __aligned(4096)
    __section(".bss.page_aligned");
static unsigned int pt_pool_used;		  /* pages taken from pt_pool */
static bool have_1g_pages;			  /* CPUID.80000001:EDX[26] */
static vaddr_t ioremap_next = IOREMAP_VIRT_START; /* bump pointer */
paddr_t directmap_end; /* directmap covers [0, this) */

extern pte_t xen_l3[PT_ENTRIES], xen_l2[PT_ENTRIES];
extern pte_t boot_l3_ident[PT_ENTRIES];
extern const char _etext[], __rodata_end[], __bss_end[];
extern char boot_stack[];
bool mm_boot_alloc_ready, mm_heap_ready; /* see asm/setup.h */

void *maddr_to_virt(paddr_t ma)
{
	return (void *)(DIRECTMAP_VIRT_START + ma);
}

/* Other hypervisor mappings (AP stacks, ioremap): walk the tables. */
static paddr_t walk_maddr(vaddr_t v)
{
	pte_t e = idle_l4[pt_index(v, L4_SHIFT)];
	static const unsigned int shift[] = {L3_SHIFT, L2_SHIFT, L1_SHIFT};

	for (unsigned int lvl = 0; lvl < ARRAY_SIZE(shift); lvl++) {
		if (!pte_present(e))
			panic("virt_to_maddr(%lx): not mapped", v);
		e = ((pte_t *)maddr_to_virt(
		    pte_maddr(e)))[pt_index(v, shift[lvl])];
		if (pte_present(e) &&
		    (pte_is_leaf_large(e) || shift[lvl] == L1_SHIFT))
			return (pte_maddr(e) & ~((1UL << shift[lvl]) - 1)) +
			       (v & ((1UL << shift[lvl]) - 1));
	}
	panic("virt_to_maddr(%lx): not mapped", v);
}

paddr_t virt_to_maddr(const void *va)
{
	vaddr_t v = (vaddr_t)va;

	if (v >= DIRECTMAP_VIRT_START && v < DIRECTMAP_VIRT_END)
		return v - DIRECTMAP_VIRT_START;
	if (v >= XEN_VIRT_START && v < XEN_VIRT_START + (1UL << 30))
		return v - XEN_VIRT_START;
	return walk_maddr(v);
}

static pte_t *alloc_pt_page(void)
{
	void *p;

	if (mm_heap_ready)
		p = alloc_xenheap_pages(0);
	else if (mm_boot_alloc_ready)
		p = maddr_to_virt(boot_alloc_pages(1, 1));
	else if (pt_pool_used < STATIC_PT_PAGES)
		p = pt_pool[pt_pool_used++];
	else
		panic("paging: out of early page-table pages");
	if (!p)
		panic("paging: out of memory for page tables");
	memset(p, 0, 4096);
	return p;
}

/* The table an entry points to, creating it when absent. */
static pte_t *next_table(pte_t *e)
{
	if (!pte_present(*e))
		*e = virt_to_maddr(alloc_pt_page()) | PAGE_TABLE_FLAGS;
	ASSERT(!pte_is_leaf_large(*e));
	return maddr_to_virt(pte_maddr(*e));
}

/* Map [start, end) of machine memory in the direct map (GiB-aligned). */
static void directmap_gib(paddr_t gib)
{
	pte_t *l3e = &directmap_l3[gib];
	pte_t *l2;

	if (pte_present(*l3e))
		return;
	if (have_1g_pages) {
		*l3e = (gib << L3_SHIFT) | PAGE_HYPERVISOR | _PAGE_PSE |
		       _PAGE_GLOBAL;
		return;
	}
	l2 = alloc_pt_page();
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		l2[i] = ((gib << L3_SHIFT) + ((paddr_t)i << L2_SHIFT)) |
			PAGE_HYPERVISOR | _PAGE_PSE | _PAGE_GLOBAL;
	/* virt_to_maddr of a pool page works: the pool is in the image. */
	*l3e = virt_to_maddr(l2) | PAGE_TABLE_FLAGS;
}

void __init paging_init_early(void)
{
	have_1g_pages = cpuid(0x80000001).d & (1u << 26);
	for (paddr_t gib = 0; gib < 4; gib++)
		directmap_gib(gib);
	directmap_end = 4UL << 30;
	idle_l4[pt_index(DIRECTMAP_VIRT_START, L4_SHIFT)] =
	    virt_to_maddr(directmap_l3) | PAGE_TABLE_FLAGS;
	idle_l4[pt_index(PERDOMAIN_VIRT_START, L4_SHIFT)] =
	    virt_to_maddr(perdomain_l3) | PAGE_TABLE_FLAGS;
	write_cr4(read_cr4() | X86_CR4_PGE);
	flush_tlb_local();
}

/* Direct-map every GiB that holds RAM (one L3: up to 512 GiB). */
void __init paging_map_ram(const struct mem_map *map)
{
	for (unsigned int i = 0; i < map->nr; i++) {
		const struct mem_region *r = &map->r[i];
		paddr_t end = r->end;

		if (r->type != MEM_RAM)
			continue;
		if (end > (512UL << 30)) {
			printk(XENLOG_WARNING "RAM above 512 GiB ignored\n");
			end = 512UL << 30;
		}
		for (paddr_t g = r->start >> L3_SHIFT;
		     g < ROUNDUP(end, 1UL << L3_SHIFT) >> L3_SHIFT; g++)
			directmap_gib(g);
		if (ROUNDUP(end, 1UL << L3_SHIFT) > directmap_end)
			directmap_end = ROUNDUP(end, 1UL << L3_SHIFT);
	}
	flush_tlb_local();
}

/* Protection of the image page at va (W^X, see xenolith.lds). */
static uint64_t image_page_flags(vaddr_t va)
{
	uint64_t nx = (rdmsr(MSR_EFER) & EFER_NXE) ? _PAGE_NX : 0;

	if (va < (vaddr_t)_etext)
		return _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL;
	if (va < (vaddr_t)__rodata_end || va >= (vaddr_t)__bss_end)
		return _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | nx;
	return PAGE_HYPERVISOR | _PAGE_GLOBAL | nx;
}

/*
 * Remap the image with 4 KiB pages, each with the rights its section
 * needs, replacing the boot GiB of 2 MiB read-write-execute pages.  The
 * L1 tables are filled first and then swapped in one L2 entry at a time:
 * old and new entries translate the running code identically, so there
 * is never a moment where it is unmapped.
 */
static void protect_image(void)
{
	vaddr_t s = (vaddr_t)_start, e = (vaddr_t)_end;
	vaddr_t first = ROUNDDOWN(s, 1UL << L2_SHIFT);
	vaddr_t last = ROUNDUP(e, 1UL << L2_SHIFT);
	vaddr_t guard; /* the boot CPU's stack guard page (asm/current.h) */

	if (last - first > ARRAY_SIZE(image_l1) << L2_SHIFT)
		panic("image of %lu KiB too large for image_l1", (e - s) >> 10);
	for (vaddr_t va = s; va < e; va += PAGE_SIZE)
		image_l1[(va - first) >> L2_SHIFT][pt_index(va, L1_SHIFT)] =
		    (va - XEN_VIRT_START) | image_page_flags(va);
	guard = (vaddr_t)boot_stack + STACK_GUARD_PAGE * PAGE_SIZE;
	image_l1[(guard - first) >> L2_SHIFT][pt_index(guard, L1_SHIFT)] = 0;
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		vaddr_t va = XEN_VIRT_START + ((vaddr_t)i << L2_SHIFT);

		if (va >= first && va < last)
			xen_l2[i] =
			    virt_to_maddr(image_l1[(va - first) >> L2_SHIFT]) |
			    PAGE_TABLE_FLAGS;
		else
			xen_l2[i] = 0;
	}
}

/*
 * After boot no low mapping may remain (a guest owns the lower half),
 * and the image loses the boot GiB's blanket read-write-execute mapping.
 */
void __init paging_drop_identity(void)
{
	idle_l4[0] = 0;
	protect_image();
	write_cr4(read_cr4() & ~X86_CR4_PGE); /* flush global entries */
	write_cr4(read_cr4() | X86_CR4_PGE);
}

void map_pages(vaddr_t va, paddr_t pa, unsigned long nr, uint64_t flags)
{
	for (; nr; nr--, va += PAGE_SIZE, pa += PAGE_SIZE) {
		pte_t *l3, *l2, *l1;

		ASSERT(pt_index(va, L4_SHIFT) >= HYPERVISOR_L4_FIRST &&
		       pt_index(va, L4_SHIFT) <= HYPERVISOR_L4_LAST);
		ASSERT(pte_present(idle_l4[pt_index(va, L4_SHIFT)]));
		l3 = maddr_to_virt(pte_maddr(idle_l4[pt_index(va, L4_SHIFT)]));
		l2 = next_table(&l3[pt_index(va, L3_SHIFT)]);
		l1 = next_table(&l2[pt_index(va, L2_SHIFT)]);
		l1[pt_index(va, L1_SHIFT)] = pa | flags;
		invlpg((void *)va);
	}
}

void *ioremap(paddr_t pa, size_t size)
{
	paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
	unsigned long nr = (ROUNDUP(pa + size, PAGE_SIZE) - base) >> PAGE_SHIFT;
	vaddr_t va = ioremap_next;

	if (va + (nr << PAGE_SHIFT) > IOREMAP_VIRT_END)
		panic("ioremap window full");
	ioremap_next += (nr + 1) << PAGE_SHIFT; /* + a guard page */
	map_pages(va, base, nr, PAGE_HYPERVISOR_UC);
	return (void *)(va + (pa - base));
}
