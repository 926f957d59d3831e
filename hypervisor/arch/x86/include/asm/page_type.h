/*
 * PV page types: the interface of arch/x86/mm/page_type.c (the rules),
 * pt_update.c (one validated entry write) and pt_audit.c (the checker).
 * The essay stating the rules opens page_type.c.
 *
 * Everything declared here is pure logic over struct page_info and frame
 * contents reached through maddr_to_virt(); it builds for the host tests.
 * The few facts it needs from the rest of the hypervisor come through the
 * "policy hooks" at the end: the hypervisor has weak defaults in
 * arch/x86/mm/pv_hooks.c that the domain code may override, the host tests
 * define their own.
 *
 * Return values are Xen's negative errnos (XEN_E* from public/errno.h).
 */
#ifndef ASM_PAGE_TYPE_H
#define ASM_PAGE_TYPE_H

#include <xenolith/page.h>
#include <asm/pte.h>

/*
 * Serialises entry updates of one page-table page (Xen's page_lock).
 * Bits 56-58 of type_info are unused by xenolith/page.h; we take 58.
 */
#define PGT_locked (1UL << 58)
_Static_assert(!(PGT_locked &
		 (PGT_count_mask | PGT_type_mask | PGT_pinned | PGT_validated)),
	       "PGT_locked overlaps a page.h field");

/*
 * DOMID_IO as a page owner, for the foreign-domain forms of mmu_update:
 * mappings of device frames made with the caller's I/O rights.  An
 * identity only, never dereferenced.
 */
extern struct domain *const dom_io;

/* ---- types (page_type.c) ---- */

/* PGT_l1..l4_page_table, PGT_seg_desc_page or PGT_writable_page. */
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);

/* A general reference (owner must be d) plus a type reference. */
int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type);
void put_page_and_type(struct page_info *pg);
/* As above from a frame number; -EINVAL for a bad or foreign frame. */
int get_page_and_type_from_mfn(mfn_t mfn, unsigned long type, struct domain *d);

/* MMUEXT_PIN_Ln_TABLE / MMUEXT_UNPIN_TABLE on d's frame mfn. */
int pt_pin(struct domain *d, mfn_t mfn, unsigned long type);
int pt_unpin(struct domain *d, mfn_t mfn);

/*
 * Replace the entry at pl (inside validated table tmfn of pt_owner) by
 * new, validating it and moving the references from the old target to the
 * new one.  pg_owner owns the frames an L1 entry may map (pt_owner, a
 * foreign domain, or dom_io).  preserve_ad keeps the A/D bits the MMU set
 * meanwhile.  Caller holds the table's PGT_locked (pt_lock()).
 */
int pt_mod_l1_entry(pte_t *pl, pte_t new, bool preserve_ad,
		    struct domain *pt_owner, struct domain *pg_owner);
int pt_mod_entry(pte_t *pl, pte_t new, mfn_t tmfn, bool preserve_ad,
		 struct domain *d);

/*
 * Writable page tables (ptwr.c): compare-and-exchange of one L1 entry of
 * d, validating new; -EAGAIN if the entry no longer holds old.  Caller
 * holds the table's PGT_locked.
 */
int pt_cmpxchg_l1_entry(pte_t *pl, pte_t old, pte_t new, struct domain *d);

/*
 * A xenheap page given to d to map (shared_info): owned by d with a
 * permanent writable type.  Undo before freeing it (false while some
 * mapping still holds it).
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d);
bool unshare_xen_page(struct page_info *pg);

/* Xen's page_lock: false if pg is not a validated typed page. */
bool pt_lock(struct page_info *pg);
void pt_unlock(struct page_info *pg);

/* ---- descriptors (desc_check.c) ---- */

/*
 * May d have *desc in its GDT or LDT?  Fixes the descriptor up as Xen
 * does (DPL raised to 3, call gates made to trap) and returns true, or
 * returns false for a descriptor that would let the guest reach ring 0 or
 * Xenolith's segments.
 */
bool pv_check_descriptor(const struct domain *d, uint64_t *desc);

/* ---- one MMU_NORMAL_PT_UPDATE (pt_update.c) ---- */

/*
 * *ptr = val, ptr being the machine address of an entry in a frame of
 * pt_owner: validated if the frame is a page table, a plain store if it
 * can be writable.  The whole semantics of MMU_NORMAL_PT_UPDATE and
 * MMU_PT_UPDATE_PRESERVE_AD, minus the guest copy.
 */
int pv_pt_update(struct domain *pt_owner, struct domain *pg_owner, paddr_t ptr,
		 pte_t val, bool preserve_ad);

/*
 * Linear page-table links of table m: > 0 it holds that many read-only
 * entries to other tables of its level, < 0 it is the target of that
 * many (for the auditor).
 */
long pt_linear_count(mfn_t m);

/* ---- preemptible pins (pt_prevalidate.c) ---- */

/*
 * A pin's tree validated bottom-up before the pin, across continuations:
 * 0 when the root's children are done (then pin, then pt_preval_drop()),
 * -ERESTART when preempted (call again with the same arguments).  *sp
 * is the caller's (per-vCPU) walk; one for another root is dropped.
 */
struct pt_preval;
int pt_prevalidate(struct pt_preval **sp, struct domain *d, mfn_t root,
		   unsigned long type);
/* Let go of every reference the walk holds (and the walk). */
void pt_preval_drop(struct pt_preval **sp);
/* The walk's references, for the auditor (add() as pt_audit_extra). */
void pt_preval_report(const struct pt_preval *p,
		      void (*add)(void *acc, mfn_t mfn, bool type_ref),
		      void *acc);
extern unsigned long pt_preval_restarts; /* walks preempted so far */

/* ---- the auditor (pt_audit.c) ---- */

/*
 * References that do not come from page tables or pins (base pointers,
 * GDT frames, vcpu_info...): the caller reports them by calling
 * add(mfn, type_ref) once per reference held.
 */
struct pt_audit_extra {
	void (*report)(void *ctx,
		       void (*add)(void *acc, mfn_t mfn, bool type_ref),
		       void *acc);
	void *ctx;
};

/*
 * Recompute every domheap frame's general and type count from the
 * validated page tables, the pins, the allocation references and the
 * caller's extra references, and compare with struct page_info.  Also
 * checks each validated table's entries against the rules.  Prints the
 * first violation and returns false.  O(max_page): tests and debug keys.
 */
bool pt_audit(const struct pt_audit_extra *extra);

/* ---- policy hooks (hypervisor: pv_hooks.c; host tests: their own) ---- */

/* mfn is not RAM Xenolith manages (MMIO or a hole): no refcounting. */
bool pv_mfn_is_io(mfn_t mfn);
/* d may map device frame mfn (iomem_access_permitted). */
bool pv_iomem_permitted(const struct domain *d, mfn_t mfn);
/* d has I/O rights, so L1 entries may carry PWT/PCD/PAT. */
bool pv_has_io_caps(const struct domain *d);
/* d may map the pages of target as its own (privileged mapping). */
bool pv_priv_mapping(const struct domain *d, const struct domain *target);
/* Write the hypervisor's slots 256-271 into a newly validated L4. */
void pt_init_xen_l4_slots(pte_t *l4t, mfn_t l4mfn, const struct domain *d);
/*
 * A frame changes type: no CPU may keep a stale translation through it
 * (e.g. a TLB entry of a former page table now writable).
 */
void pv_type_change_flush(const struct page_info *pg);
/*
 * The guest dropped its mapping of one of its descriptor pages in use:
 * the lazily mapped LDT pages of its vCPUs must go (Xen's pv_destroy_ldt).
 */
void pv_drop_ldt_mappings(struct domain *d);
/* Another CPU is validating the page we want: wait a little. */
void pv_relax(void);

#endif
