/*
 * The machine-to-phys (M2P) table.
 *
 * For every machine frame, the pseudo-physical frame number its owner
 * uses for it (or ~0 if none).  A PV guest needs it to translate the
 * MFNs it finds in its page tables back to its own PFNs, so the ABI puts
 * a read-only, user-accessible view of it at MACH2PHYS_VIRT_START
 * (L4 slot 256) in every guest address space; Linux reads it before it
 * has page tables of its own.  Xenolith writes entries through the
 * direct map of the table's frames and never through the guest view.
 *
 * Only [0, max_page) is backed; the rest of the 256 GiB window stays
 * unmapped, so a read beyond RAM faults in the guest, which Linux's
 * fault-tolerant M2P reads expect.  The slot-256 tables carry the USER
 * bit at every level (a PV kernel runs in ring 3) and no RW bit at the
 * leaves.
 */
#include <xenolith/lib.h>
#include <xenolith/page.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xenolith/hypercall.h>
#include <asm/pv.h>

static unsigned long *m2p_table;	/* direct-map VA, max_page entries */
static pte_t *m2p_l3;			/* the table under L4 slot 256 */

#define M2P_TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			 _PAGE_USER)
#define M2P_LEAF_FLAGS (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_USER | \
			_PAGE_NX)

static unsigned int order_for(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static pte_t *m2p_next(pte_t *e)
{
	pte_t *t;

	if (pte_present(*e))
		return maddr_to_virt(pte_maddr(*e));
	t = alloc_xenheap_page();
	if (!t)
		panic("m2p: out of memory for page tables");
	memset(t, 0, PAGE_SIZE);
	*e = virt_to_maddr(t) | M2P_TABLE_FLAGS;
	return t;
}

static void m2p_map_ro(vaddr_t va, paddr_t ma)
{
	pte_t *l2 = m2p_next(&m2p_l3[pt_index(va, L3_SHIFT)]);
	pte_t *l1 = m2p_next(&l2[pt_index(va, L2_SHIFT)]);

	l1[pt_index(va, L1_SHIFT)] = ma | M2P_LEAF_FLAGS;
}

void m2p_init(void)
{
	unsigned long bytes = max_page * sizeof(unsigned long);
	unsigned int order = order_for(bytes);
	unsigned long i;

	if (m2p_table)
		return;
	m2p_table = alloc_xenheap_pages(order);
	m2p_l3 = alloc_xenheap_page();
	if (!m2p_table || !m2p_l3)
		panic("m2p: cannot allocate the table (order %u)", order);
	memset(m2p_l3, 0, PAGE_SIZE);
	for (i = 0; i < (PAGE_SIZE << order) / sizeof(unsigned long); i++)
		m2p_table[i] = ~0UL;
	for (i = 0; i < ROUNDUP(bytes, PAGE_SIZE) / PAGE_SIZE; i++)
		m2p_map_ro(MACH2PHYS_VIRT_START + i * PAGE_SIZE,
			   virt_to_maddr(m2p_table) + i * PAGE_SIZE);
	idle_l4[HYPERVISOR_L4_FIRST] = virt_to_maddr(m2p_l3) |
				       M2P_TABLE_FLAGS;
	flush_tlb_local();
	printk("M2P: %lu entries, read-only at %#lx\n", max_page,
	       MACH2PHYS_VIRT_START);
}

void m2p_set(mfn_t mfn, unsigned long pfn)
{
	ASSERT(m2p_table && mfn_x(mfn) < max_page);
	m2p_table[mfn_x(mfn)] = pfn;
}

unsigned long m2p_get(mfn_t mfn)
{
	if (!m2p_table || mfn_x(mfn) >= max_page)
		return ~0UL;
	return m2p_table[mfn_x(mfn)];
}

/* XENMEM_machphys_mfn_list: the table is one contiguous allocation. */
unsigned long m2p_nr_chunks(void)
{
	unsigned long bytes = max_page * sizeof(unsigned long);

	return m2p_table ? ROUNDUP(bytes, 1UL << L2_SHIFT) >> L2_SHIFT : 0;
}

mfn_t m2p_chunk_mfn(unsigned long i)
{
	return maddr_to_mfn(virt_to_maddr(m2p_table) + (i << L2_SHIFT));
}

/*
 * Slots 256-271 as the hypervisor has them: the M2P view and everything
 * Xenolith needs mapped while a guest's page tables are loaded.
 */
void pv_init_xen_l4_slots(uint64_t *l4)
{
	for (unsigned int s = HYPERVISOR_L4_FIRST; s <= HYPERVISOR_L4_LAST;
	     s++)
		l4[s] = idle_l4[s];
}
