/*
 * Default answers of the page-type policy hooks (asm/page_type.h).
 *
 * The rules in page_type.c ask the rest of the hypervisor a few
 * questions: which frames are device memory, who has I/O rights, what
 * goes into the hypervisor's L4 slots, how to flush.  The answers belong
 * to the domain and paging code; until they provide them, these weak
 * defaults give the safe answer (no device frames mappable, no privilege,
 * a full local flush) so the type system links and refuses rather than
 * allows.  A strong definition elsewhere replaces each one.
 */
#include <xenolith/lib.h>
#include <xenolith/page.h>
#include <asm/page_type.h>
#include <asm/processor.h>

#define __weak __attribute__((weak))

/* Frames outside the frame table are not RAM we manage. */
__weak bool pv_mfn_is_io(mfn_t mfn)
{
	return !mfn_valid(mfn);
}

__weak bool pv_iomem_permitted(const struct domain *d, mfn_t mfn)
{
	return false;
}

__weak bool pv_has_io_caps(const struct domain *d)
{
	return false;
}

__weak bool pv_priv_mapping(const struct domain *d,
			    const struct domain *target)
{
	return false;
}

/* Slots 256-271 as in Xenolith's own L4 (docs/architecture.md). */
__weak void pt_init_xen_l4_slots(pte_t *l4t, mfn_t l4mfn,
				 const struct domain *d)
{
	unsigned int i;

	for (i = HYPERVISOR_L4_FIRST; i <= HYPERVISOR_L4_LAST; i++)
		l4t[i] = idle_l4[i];
}

/* Single CPU so far: the local flush reaches every stale entry. */
__weak void pv_type_change_flush(const struct page_info *pg)
{
	flush_tlb_local();
}

__weak void pv_drop_ldt_mappings(struct domain *d)
{
}

__weak void pv_relax(void)
{
	cpu_relax();
}
