/*
 * The x86 PV side of grant tables (the gnttab_arch_* hooks of
 * xenolith/grant.h): sharing table frames, host mappings in the
 * grantee's page tables, frame references, and copies.
 *
 * A host mapping is an ordinary validated L1 update made on the
 * grantee's behalf with the granter as page owner (pt_mod_l1_entry), so
 * the PTE holds its own references like any other, and the page-type
 * rules (no writable mapping of a page table, ...) apply unchanged.  The
 * grant code holds its references besides (grant_entry.c's pins), which
 * is what keeps the frame alive if the grantee clears the PTE behind
 * our back through mmu_update: the frame stays pinned until the unmap.
 * (Xen instead marks grant PTEs with _PAGE_GNTTAB and forbids implicit
 * unmaps; Xenolith's page_type.c has no such bit yet.)
 *
 * Unmap checks that the PTE at host_addr still maps the granted frame
 * with the handle's access (GNTST_general_error otherwise, mapping kept:
 * a read-only and a writable mapping of one grant are not confused),
 * clears it and flushes the TLBs of every CPU the grantee runs on.
 * unmap_and_replace moves
 * the PTE found at new_addr into host_addr and clears new_addr, as
 * Linux used it for its foreign-page m2p overrides.
 *
 * Lock order: the L1 page's PGT_locked only, one L1 at a time.
 */
#include "pv_mm.h"
#include <asm/pv.h>
#include <xenolith/grant.h>
#include <xenolith/event.h>

/* The auditor's view of what grants and event channels hold (FIFO
 * control blocks and event arrays); weak no-op in pv_policy.c. */
void pv_mm_extra_holders(void (*add)(void *, mfn_t, bool), void *acc)
{
	gnttab_report_refs(add, acc);
	evtchn_report_refs(add, acc);
}

void gnttab_arch_share(void *va, struct domain *d)
{
	share_xen_page_with_guest(virt_to_page(va), d);
}

bool gnttab_arch_unshare(void *va)
{
	return unshare_xen_page(virt_to_page(va));
}

bool gnttab_arch_get_frame(unsigned long frame, struct domain *rd, bool rw)
{
	mfn_t mfn = _mfn(frame);

	if (!mfn_valid(mfn) || pv_mfn_is_io(mfn))
		return false;
	if (rw)
		return !get_page_and_type(mfn_to_page(mfn), rd,
					  PGT_writable_page);
	return get_page(mfn_to_page(mfn), rd);
}

void gnttab_arch_put_frame(unsigned long frame, bool rw)
{
	struct page_info *pg = mfn_to_page(_mfn(frame));

	if (rw)
		put_page_and_type(pg);
	else
		put_page(pg);
}

bool gnttab_arch_owns(struct domain *d, unsigned long frame)
{
	mfn_t mfn = _mfn(frame);
	struct page_info *pg;

	if (!mfn_valid(mfn) || pv_mfn_is_io(mfn))
		return false;
	pg = mfn_to_page(mfn);
	return page_is_inuse(pg) && !page_is_xen_heap(pg) &&
	       page_get_owner(pg) == d;
}

/*
 * A frame leaves d for a transfer only idle: its allocation reference
 * and nothing else (no mapping, pin, grant or type), as Xen's
 * steal_page.  It stays owned by d, off d's list, until given or
 * dropped, so its last put still finds an owner to uncount it from.
 * (Single-vCPU guests only race with themselves here; a guest mapping
 * the frame on another vCPU at this moment is not yet excluded.)
 */
bool gnttab_arch_steal(struct domain *d, unsigned long frame)
{
	struct page_info *pg = mfn_to_page(_mfn(frame));
	unsigned long flags;

	if (!gnttab_arch_owns(d, frame) || !page_is_allocated(pg) ||
	    page_refcnt(pg) != 1 || pgt_count(pg))
		return false;
	spin_lock_irqsave(&d->page_alloc_lock, flags);
	page_list_del(pg, &d->page_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	m2p_set(_mfn(frame), ~0UL);
	/* The frame goes to another domain without passing the heap: no
	 * stale translation of d's may keep it (page_type.c, rule 6). */
	pv_flush_tlb_domain(d);
	return true;
}

bool gnttab_arch_give(struct domain *rd, unsigned long frame)
{
	struct page_info *pg = mfn_to_page(_mfn(frame));
	struct domain *from = page_get_owner(pg);
	unsigned long flags;

	spin_lock_irqsave(&rd->page_alloc_lock, flags);
	if (rd != from && rd->tot_pages >= rd->max_pages) {
		spin_unlock_irqrestore(&rd->page_alloc_lock, flags);
		return false;
	}
	page_set_owner(pg, rd);
	page_list_add_tail(pg, &rd->page_list);
	spin_unlock_irqrestore(&rd->page_alloc_lock, flags);
	if (rd != from) {
		domain_page_assigned(from, -1);
		domain_page_assigned(rd, 1);
	}
	return true;
}

void gnttab_arch_drop(unsigned long frame)
{
	put_page_alloc_ref(mfn_to_page(_mfn(frame)));
}

void gnttab_arch_clean_cache(unsigned long frame, unsigned int off,
			     unsigned int len)
{
	char *p = (char *)maddr_to_virt(mfn_to_maddr(_mfn(frame))) + off;

	for (unsigned int i = 0; i < len; i += 64)
		asm volatile("clflush %0" ::"m"(p[i]) : "memory");
	asm volatile("mfence" ::: "memory");
}

void gnttab_arch_copy(unsigned long dst, unsigned int doff, unsigned long src,
		      unsigned int soff, unsigned int len)
{
	memcpy((char *)maddr_to_virt(mfn_to_maddr(_mfn(dst))) + doff,
	       (char *)maddr_to_virt(mfn_to_maddr(_mfn(src))) + soff, len);
}

/* The PTE a grant operation names, held: by VA in ld's current tables,
 * or (GNTMAP_contains_pte) by machine address in one of ld's L1s.
 * No device-frame check is needed: the frame must be an L1 page table
 * of ld's (owner and type are checked under the lock), which a device
 * frame never is, and nothing reads through pl before that. */
struct held_pte {
	struct page_info *l1pg;
	pte_t *pl;
};

static bool hold_pte(struct domain *ld, uint64_t addr, uint32_t flags,
		     struct held_pte *h)
{
	struct vcpu *v = current_vcpu();
	mfn_t l1;

	if (flags & GNTMAP_contains_pte) {
		l1 = maddr_to_mfn(addr);
		if (!mfn_valid(l1))
			return false;
		h->pl = (pte_t *)maddr_to_virt(addr & ~(uint64_t)7);
	} else {
		if (!v || v->domain != ld)
			v = ld->vcpu[0];
		h->pl = pv_guest_l1e(v, addr, &l1);
		if (!h->pl)
			return false;
	}
	h->l1pg = mfn_to_page(l1);
	if (!get_page(h->l1pg, ld))
		return false;
	if (pt_lock(h->l1pg)) {
		if (pgt_type(h->l1pg) == PGT_l1_page_table)
			return true;
		pt_unlock(h->l1pg);
	}
	put_page(h->l1pg);
	return false;
}

static void release_pte(struct held_pte *h)
{
	pt_unlock(h->l1pg);
	put_page(h->l1pg);
}

static void flush(struct domain *ld, uint64_t addr, uint32_t flags)
{
	if (flags & GNTMAP_contains_pte) {
		pv_flush_tlb_domain(ld);
		return;
	}
	pv_invlpg(addr);
	pv_flush_tlb_remote(ld);
}

/*
 * Xen's grant PTE: present, accessed, dirty, never executable; RW unless
 * read-only, user-accessible for GNTMAP_application_map; the guest's
 * GNTMAP avail bits (16-18, XENFEAT_gnttab_map_avail_bits) in the PTE's
 * software bits 9-11, where Linux keeps its own marks.
 */
static pte_t grant_pte(unsigned long frame, uint32_t flags)
{
	uint64_t f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX;

	f |= ((uint64_t)(flags >> _GNTMAP_guest_avail0) << 9) & _PAGE_AVAIL;
	if (!(flags & GNTMAP_readonly))
		f |= _PAGE_RW;
	if (flags & GNTMAP_application_map)
		f |= _PAGE_USER;
	return pte_from_mfn(_mfn(frame), f);
}

/*
 * A TLB never holds a translation through a non-present PTE, so only a
 * map over a present entry (which it replaces) needs the flush.
 */
int gnttab_arch_host_map(struct domain *ld, uint64_t addr, unsigned long frame,
			 struct domain *rd, uint32_t flags)
{
	struct held_pte h;
	pte_t old;
	int rc;

	if (!hold_pte(ld, addr, flags, &h))
		return GNTST_general_error;
	old = pte_read_atomic(h.pl);
	rc = pt_mod_l1_entry(h.pl, grant_pte(frame, flags), false, ld, rd);
	release_pte(&h);
	if (rc)
		return GNTST_general_error;
	if (pte_present(old))
		flush(ld, addr, flags);
	return GNTST_okay;
}

/* The value at new_addr, cleared there (unmap_and_replace). */
static int take_pte(struct domain *ld, uint64_t new_addr, pte_t *val)
{
	struct held_pte h;
	int rc;

	if (!hold_pte(ld, new_addr, 0, &h))
		return GNTST_general_error;
	*val = pte_read_atomic(h.pl);
	rc = pt_mod_l1_entry(h.pl, 0, false, ld, ld);
	release_pte(&h);
	flush(ld, new_addr, 0);
	return rc ? GNTST_general_error : GNTST_okay;
}

/* The PTE maps frame with the access the handle's flags promise. */
static bool maps_grant(pte_t e, unsigned long frame, uint32_t flags)
{
	return pte_present(e) && mfn_x(pte_mfn(e)) == frame &&
	       pte_rw(e) == !(flags & GNTMAP_readonly);
}

/*
 * The plain unmap checks and clears under one hold of the L1.  With
 * new_addr the replacement is taken first, and that takes an L1 lock
 * of its own (one L1 at a time), so the entry is checked, released,
 * and checked again once held for the write.
 */
int gnttab_arch_host_unmap(struct domain *ld, uint64_t addr,
			   unsigned long frame, uint32_t flags,
			   uint64_t new_addr)
{
	struct held_pte h;
	pte_t repl = 0;
	int rc;

	if (new_addr) {
		if (!hold_pte(ld, addr, flags, &h))
			return GNTST_general_error;
		rc = maps_grant(pte_read_atomic(h.pl), frame, flags);
		release_pte(&h);
		if (!rc || take_pte(ld, new_addr, &repl))
			return GNTST_general_error;
	}
	if (!hold_pte(ld, addr, flags, &h))
		return GNTST_general_error;
	if (!maps_grant(pte_read_atomic(h.pl), frame, flags)) {
		release_pte(&h);
		return GNTST_general_error;
	}
	rc = pt_mod_l1_entry(h.pl, repl, false, ld, ld);
	release_pte(&h);
	flush(ld, addr, flags);
	return rc ? GNTST_general_error : GNTST_okay;
}
