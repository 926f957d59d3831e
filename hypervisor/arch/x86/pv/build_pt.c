/*
 * The dom0 builder's initial page tables.
 *
 * [v_start, v_end) is mapped with 4 KiB pages, pfn = (va - v_start) >> 12,
 * using the page-table pages the layout reserved at [pt_start, pt_end)
 * in the order they are first needed: the L4, then for each new region
 * its L3, L2 and L1.  Leaf entries are P|RW|A|U (no RW for the
 * page-table pages themselves: a PV guest may never write its tables
 * directly), intermediate entries P|RW|A|D|U.  The L4 also carries the
 * hypervisor's slots 256-271, the read-only M2P among them.
 *
 * Reference counts follow what Xen's builder leaves, so the MMU code
 * (issue 4) can take over these tables as if it had validated them:
 * each L1 mapping holds a general reference and, for a writable mapping,
 * a PGT_writable_page type reference; each table holds a general and a
 * type reference for the table below it, which gets its PGT_lN type,
 * validated; the L4 is pinned and is the vCPU's CR3 (two more
 * general+type references).
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <asm/page.h>
#include <asm/pv.h>
#include "build.h"

#define L1_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define UPPER_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
		    _PAGE_DIRTY | _PAGE_USER)

struct pt_builder {
	struct domain *d;
	const struct pv_layout *l;
	unsigned long next;	/* next unused page-table page */
};

static unsigned long va_to_pfn(const struct pv_layout *l, uint64_t va)
{
	return (va - l->v_start) >> PAGE_SHIFT;
}

static mfn_t pfn_mfn(struct domain *d, unsigned long pfn)
{
	return _mfn(d->p2m[pfn]);
}

void *pv_build_va(struct domain *d, const struct pv_layout *l, uint64_t va)
{
	mfn_t mfn = pfn_mfn(d, va_to_pfn(l, va));

	return (char *)maddr_to_virt(mfn_to_maddr(mfn)) + (va & ~PAGE_MASK);
}

static void take_refs(struct page_info *pg, unsigned long type,
		      unsigned long nr)
{
	pg->count_info += nr;
	if (type != PGT_none)
		pg->u.inuse.type_info = type | (pg->u.inuse.type_info &
						(PGT_count_mask | PGT_pinned |
						 PGT_validated));
	pg->u.inuse.type_info += nr;
}

/* A fresh table page under *e, typed for level (1-3). */
static pte_t *new_table(struct pt_builder *b, pte_t *e, unsigned int level)
{
	static const unsigned long types[] = { 0, PGT_l1_page_table,
		PGT_l2_page_table, PGT_l3_page_table };
	uint64_t va = b->l->vpt_start + b->next * PAGE_SIZE;
	mfn_t mfn = pfn_mfn(b->d, va_to_pfn(b->l, va));
	struct page_info *pg = mfn_to_page(mfn);

	BUG_ON(va >= b->l->vpt_end);
	b->next++;
	take_refs(pg, types[level] | PGT_validated, 1);
	*e = mfn_to_maddr(mfn) | UPPER_PROT;
	return memset(maddr_to_virt(mfn_to_maddr(mfn)), 0, PAGE_SIZE);
}

static pte_t *table_of(struct pt_builder *b, pte_t *e, unsigned int level)
{
	if (!pte_present(*e))
		return new_table(b, e, level);
	return maddr_to_virt(pte_maddr(*e));
}

static void map_one(struct pt_builder *b, pte_t *l4, uint64_t va)
{
	pte_t *l3 = table_of(b, &l4[pt_index(va, L4_SHIFT)], 3);
	pte_t *l2 = table_of(b, &l3[pt_index(va, L3_SHIFT)], 2);
	pte_t *l1 = table_of(b, &l2[pt_index(va, L2_SHIFT)], 1);
	mfn_t mfn = pfn_mfn(b->d, va_to_pfn(b->l, va));
	bool is_pt = va >= b->l->vpt_start && va < b->l->vpt_end;
	struct page_info *pg = mfn_to_page(mfn);

	l1[pt_index(va, L1_SHIFT)] = mfn_to_maddr(mfn) |
				     (is_pt ? L1_PROT & ~_PAGE_RW : L1_PROT);
	if (is_pt)
		pg->count_info += 1;	/* a read-only mapping: no type */
	else
		take_refs(pg, PGT_writable_page, 1);
}

mfn_t pv_build_page_tables(struct domain *d, const struct pv_layout *l)
{
	struct pt_builder b = { .d = d, .l = l, .next = 1 };
	mfn_t l4_mfn = pfn_mfn(d, va_to_pfn(l, l->vpt_start));
	pte_t *l4 = memset(maddr_to_virt(mfn_to_maddr(l4_mfn)), 0, PAGE_SIZE);
	struct page_info *pg = mfn_to_page(l4_mfn);

	for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE)
		map_one(&b, l4, va);
	pv_init_xen_l4_slots(l4);
	/* Pinned, and loaded as the kernel's CR3. */
	take_refs(pg, PGT_l4_page_table | PGT_validated | PGT_pinned, 2);
	return l4_mfn;
}
