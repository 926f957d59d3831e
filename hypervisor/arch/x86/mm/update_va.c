/*
 * HYPERVISOR_update_va_mapping(_otherdomain): change the L1 entry that
 * maps one virtual address of the caller's kernel page tables, then
 * flush as the flags ask (UVMF_NONE, UVMF_TLB_FLUSH or UVMF_INVLPG, for
 * this vCPU, all of the domain's, or those of a bitmap).
 *
 * The entry is found by walking the current kernel tables; it must be in
 * an L1 page of the caller's (-EINVAL otherwise, as when an upper level
 * is missing).  The new value is validated like MMU_NORMAL_PT_UPDATE,
 * with the page owner named by domid for the other-domain form.
 */
#include "pv_mm.h"
#include <asm/pv.h>

/*
 * The flush the guest asked for, and no other (page_type.c, rule 6):
 * UVMF_NONE flushes nothing, UVMF_LOCAL only this CPU.  For other
 * vCPUs' CPUs a full flush (no remote invlpg yet).
 */
static long flush(struct domain *d, unsigned long va, unsigned long flags)
{
	unsigned long which = flags & ~UVMF_FLUSHTYPE_MASK, mask;
	unsigned long type = flags & UVMF_FLUSHTYPE_MASK;

	if (type == UVMF_NONE)
		return 0;
	if (which != UVMF_LOCAL && which != UVMF_ALL &&
	    pv_read_vcpumask(d, which, &mask))
		return -EFAULT;
	if (type == UVMF_INVLPG)
		pv_invlpg(va);
	else if (which == UVMF_LOCAL)
		pv_flush_tlb_local();
	if (which == UVMF_LOCAL)
		return 0;
	if (type == UVMF_INVLPG)
		pv_flush_tlb_remote(d);
	else
		pv_flush_tlb_domain(d);
	return 0;
}

static long update_va(unsigned long va, pte_t val, unsigned long flags,
		      struct domain *pg_owner)
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;
	struct page_info *l1pg;
	pte_t *pl;
	mfn_t l1;
	long rc = -EINVAL;

	pl = pv_guest_l1e(v, va, &l1);
	if (!pl || pv_mfn_is_io(l1) || !get_page(mfn_to_page(l1), d))
		return -EINVAL;
	l1pg = mfn_to_page(l1);
	if (pt_lock(l1pg)) {
		if (pgt_type(l1pg) == PGT_l1_page_table)
			rc = pt_mod_l1_entry(pl, val, false, d, pg_owner);
		pt_unlock(l1pg);
	}
	put_page(l1pg);
	if (rc)
		return rc;
	return flush(d, va, flags);
}

long do_update_va_mapping(unsigned long va, unsigned long val,
			  unsigned long flags, unsigned long a4,
			  unsigned long a5)
{
	return update_va(va, val, flags, current_domain());
}

long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
				      unsigned long flags, unsigned long domid,
				      unsigned long a5)
{
	struct domain *pg_owner;
	long rc;

	pg_owner = pv_pg_owner(domid, &rc);
	if (!pg_owner)
		return rc;
	return update_va(va, val, flags, pg_owner);
}
