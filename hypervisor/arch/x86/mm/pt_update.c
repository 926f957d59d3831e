/*
 * One MMU_NORMAL_PT_UPDATE: "*ptr = val" on a frame of the guest's own,
 * by machine address.
 *
 * What the write means depends on what the frame is right now.  A
 * validated page table gets a validated entry update (page_type.c), so
 * the table stays valid; a frame that can be writable (not a page table,
 * not a descriptor page) is simply written, which is how a guest fills a
 * table before pinning it; anything else is refused.  L2-L4 updates use
 * only the table owner's frames: the foreign forms (pg_owner != pt_owner)
 * are for L1 entries, as in Xen.
 *
 * The frame is held by a general reference for the duration, and a
 * typed frame by its PGT_locked, so concurrent updates of one table are
 * serialised and the table cannot lose its type under us.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <public/errno.h>
#include <xenolith/lib.h>
#include <asm/page_type.h>

static int update_typed(struct page_info *pg, pte_t *pl, pte_t val,
			bool preserve_ad, struct domain *pt_owner,
			struct domain *pg_owner)
{
	mfn_t tmfn = page_to_mfn(pg);

	switch (pgt_type(pg)) {
	case PGT_l1_page_table:
		return pt_mod_l1_entry(pl, val, preserve_ad, pt_owner,
				       pg_owner);
	case PGT_l2_page_table:
	case PGT_l3_page_table:
	case PGT_l4_page_table:
		if (pg_owner != pt_owner)
			return -EINVAL;
		return pt_mod_entry(pl, val, tmfn, preserve_ad, pt_owner);
	case PGT_writable_page:
		__atomic_store_n(pl, val, __ATOMIC_RELEASE);
		return 0;
	default:
		return -EINVAL; /* descriptor pages: update_descriptor only */
	}
}

int pv_pt_update(struct domain *pt_owner, struct domain *pg_owner, paddr_t ptr,
		 pte_t val, bool preserve_ad)
{
	mfn_t mfn = maddr_to_mfn(ptr);
	struct page_info *pg;
	pte_t *pl;
	int rc = -EINVAL;

	if (!mfn_valid(mfn) || pv_mfn_is_io(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, pt_owner))
		return -EINVAL;
	pl = (pte_t *)maddr_to_virt(ptr & ~(paddr_t)(sizeof(pte_t) - 1));
	if (pt_lock(pg)) {
		rc = update_typed(pg, pl, val, preserve_ad, pt_owner, pg_owner);
		pt_unlock(pg);
	} else if (!get_page_type(pg, PGT_writable_page)) {
		__atomic_store_n(pl, val, __ATOMIC_RELEASE);
		put_page_type(pg);
		rc = 0;
	}
	put_page(pg);
	return rc;
}
