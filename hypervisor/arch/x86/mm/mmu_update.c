/*
 * HYPERVISOR_mmu_update: a batch of (ptr, val) requests, "*ptr = val"
 * on machine addresses, as a PV guest edits its page tables and the M2P.
 *
 *   MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_PRESERVE_AD,
 *   MMU_PT_UPDATE_NO_TRANSLATE   one entry, through pv_pt_update()
 *                                (validated if the frame is a table);
 *   MMU_MACHPHYS_UPDATE          m2p[ptr >> 12] = val for a frame the
 *                                page owner owns.
 *
 * foreigndom: bits 0-15 name the page owner (DOMID_SELF, DOMID_IO or a
 * domain the caller controls) whose frames L1 entries may map; bits
 * 16-31, when non-zero, are the table owner's ID + 1.
 *
 * Each request is copied in once, checked and applied before the next;
 * the batch stops at the first error, and *pdone (if given) counts the
 * requests applied, across continuations (Xen's MMU_UPDATE_PREEMPTED
 * bit in count marks a resumed call).  Stale translations are the
 * guest's to flush, as on Xen (mmuext_op): nothing is flushed here.
 * What safety needs - no stale writable translation of a new page
 * table, no stale translation of a freed frame handed out again - is
 * done at the type change and by the heap (page_type.c, rule 6).
 */
#include "pv_mm.h"
#include <asm/pv.h>

#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))

static long machphys_update(struct domain *d, struct domain *pt_owner,
			    struct domain *pg_owner,
			    const struct mmu_update *req)
{
	mfn_t mfn = maddr_to_mfn(req->ptr);
	struct page_info *pg;

	if (d != pt_owner)
		return -EPERM;
	if (!mfn_valid(mfn) || pg_owner == dom_io)
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, pg_owner))
		return guest_err(-EINVAL, "mmu_update: M2P of mfn %#lx",
				 mfn_x(mfn));
	m2p_set(mfn, req->val);
	put_page(pg);
	return 0;
}

static long one_request(struct domain *d, struct domain *pt_owner,
			struct domain *pg_owner, const struct mmu_update *req)
{
	unsigned int cmd = req->ptr & (sizeof(pte_t) - 1);
	paddr_t ptr = req->ptr & ~(paddr_t)(sizeof(pte_t) - 1);

	switch (cmd) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE:
	case MMU_PT_UPDATE_PRESERVE_AD:
		return pv_pt_update(pt_owner, pg_owner, ptr, req->val,
				    cmd == MMU_PT_UPDATE_PRESERVE_AD);
	case MMU_MACHPHYS_UPDATE:
		return machphys_update(d, pt_owner, pg_owner, req);
	default:
		return -ENOSYS;
	}
}

/* The table owner named in bits 16-31 of foreigndom. */
static struct domain *pt_owner_of(struct domain *d, unsigned long fd, long *rc)
{
	domid_t id = (fd >> 16) & 0xffff;
	struct domain *o;

	*rc = 0;
	if (!id)
		return d;
	o = domain_lookup(id - 1);
	if (!o)
		*rc = -ESRCH;
	else if (o != d && !d->is_privileged)
		*rc = -EPERM;
	return *rc ? NULL : o;
}

long do_mmu_update(unsigned long reqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom, unsigned long a5)
{
	struct domain *d = current_domain(), *pt_owner, *pg_owner;
	unsigned int n = count, i, done = 0;
	struct mmu_update req;
	long rc;

	if (n & MMU_UPDATE_PREEMPTED) {
		n &= ~MMU_UPDATE_PREEMPTED;
		if (pdone)
			copy_from_guest(&done, pdone, sizeof(done));
	}
	if (!pv_guest_addr_ok(reqs))
		return -EFAULT;
	pt_owner = pt_owner_of(d, foreigndom, &rc);
	if (!pt_owner)
		return rc;
	pg_owner = pv_pg_owner(foreigndom & 0xffff, &rc);
	if (!pg_owner)
		return rc;
	for (i = 0, rc = 0; i < n; i++) {
		if (i && hypercall_preempt_check()) {
			unsigned long args[5] = {
			    reqs + i * sizeof(req),
			    (n - i) | MMU_UPDATE_PREEMPTED,
			    pdone,
			    foreigndom,
			    0,
			};

			rc = pv_hypercall_continue(__HYPERVISOR_mmu_update,
						   args);
			break;
		}
		if (copy_from_guest(&req, reqs + i * sizeof(req),
				    sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		rc = one_request(d, pt_owner, pg_owner, &req);
		if (rc)
			break;
	}
	if (pdone) {
		done += i;
		copy_to_guest(pdone, &done, sizeof(done));
	}
	return rc;
}
