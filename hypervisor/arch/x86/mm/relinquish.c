/*
 * Relinquishing a dying domain's memory: the MMU half of destruction.
 *
 * Every reference on a domain's frames has a holder: the allocation
 * itself (PGC_allocated), page-table entries, pins, the vCPUs' base
 * pointers and GDT/LDT frames, a registered vcpu_info, FIFO event
 * control blocks and event arrays, grant pins and grant mappings.  The
 * event and grant code drop theirs first (evtchn_domain_teardown,
 * gnttab_release_mappings); what is left is ours, dropped in an order
 * that lets the page-type rules do the work:
 *
 *   1. vCPUs: the vcpu_info frame, LDT and GDT frames, the kernel and
 *      user L4 base pointers, and the pins of frames released while in
 *      use (memory_op.c);
 *   2. pins: unpinning a table whose type count reaches zero devalidates
 *      it, which drops the references its entries held, down the tree;
 *      with no pins and no base pointers left, nothing holds a type
 *      reference any more (linear entries never form a cycle: see
 *      page_type.c);
 *   3. pages: each frame held by its allocation reference alone loses it
 *      and goes back to the heap.  A frame somebody else still holds (a
 *      privileged domain's foreign mapping, another domain's grant map)
 *      stays on the list, and the call says -EBUSY: freeing it under its
 *      holder would hand the holder a frame of the next owner.  A later
 *      call retries it.
 *
 * Preemption: stages 2 and 3 walk d->page_list, moving each frame they
 * are done with to arch.relmem_list, and ask hypercall_preempt_check()
 * every RELMEM_BATCH frames; -ERESTART means "call again", and the next
 * call carries on where this one stopped (Xen's relinquish_memory does
 * the same with its own list and a continuation).
 *
 * Locking: d->page_alloc_lock around every change of d->page_list and
 * arch.relmem_list, never across put_page() (a last put frees the frame,
 * and freeing takes that lock to count it).
 */
#include "pv_mm.h"
#include <xenolith/params.h>
#include <asm/pv.h>

#define RELMEM_BATCH 64

/* xenolith_relmem_preempt: stop after every batch, as if preempted (a
 * test of the continuation: the result must not change). */
static bool opt_relmem_preempt;
boolean_param("xenolith_relmem_preempt", opt_relmem_preempt);

enum { RELMEM_vcpus, RELMEM_unpin, RELMEM_pages, RELMEM_done };

/* The vcpu_info goes back to shared_info (or nowhere) before the frame. */
static void drop_vcpu_info(struct vcpu *v)
{
	struct domain *d = v->domain;

	if (!v->vcpu_info_registered)
		return;
	v->vcpu_info = v->vcpu_id < XEN_LEGACY_MAX_VCPUS ?
			       &d->shared_info->vcpu_info[v->vcpu_id] : NULL;
	v->vcpu_info_registered = false;
	put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
	v->vcpu_info_mfn = INVALID_MFN;
}

static void drop_base(mfn_t *base)
{
	if (mfn_valid_raw(*base))
		put_page_and_type(mfn_to_page(*base));
	*base = INVALID_MFN;
}

static void relinquish_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		drop_vcpu_info(v);
		pt_preval_drop(&pv_mm_vcpu(v)->preval);
		pv_destroy_ldt(v);
		pv_drop_gdt(v);
		drop_base(&v->arch.guest_table);
		drop_base(&v->arch.guest_table_user);
	}
	pv_mm_drop_released(d);
}

static struct page_info *take_head(struct domain *d)
{
	struct page_info *pg;
	unsigned long flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);
	pg = page_list_remove_head(&d->page_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	return pg;
}

static void park(struct domain *d, struct page_info *pg)
{
	unsigned long flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);
	page_list_add_tail(pg, &d->arch.relmem_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
}

/* Move the parked frames back to page_list for the next stage. */
static void unpark_all(struct domain *d)
{
	struct page_info *pg;
	unsigned long flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);
	while ((pg = page_list_remove_head(&d->arch.relmem_list)))
		page_list_add_tail(pg, &d->page_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
}

/* Held by nobody but its allocation: give it back to the heap. */
static bool release_idle(struct domain *d, struct page_info *pg)
{
	if (page_refcnt(pg) != 1 || pgt_count(pg) || pgt_pinned(pg) ||
	    !page_is_allocated(pg))
		return false;
	m2p_set(page_to_mfn(pg), ~0UL);
	put_page_alloc_ref(pg);
	d->arch.relmem_freed++;
	return true;
}

/*
 * One stage over page_list: unpin (stage RELMEM_unpin) or release
 * (RELMEM_pages) each frame.  -ERESTART when preempted.  Afterwards
 * page_list holds the frames the stage kept: all of them after
 * unpinning, the ones still held by others after releasing.
 */
static int walk_pages(struct domain *d)
{
	struct page_info *pg;
	unsigned int n = 0, held = 0;

	while ((pg = take_head(d))) {
		if (d->arch.relmem == RELMEM_unpin) {
			if (pgt_pinned(pg) && pt_unpin(d, page_to_mfn(pg)))
				printk(XENLOG_WARNING "d%u: cannot unpin mfn "
				       "%#lx\n", d->domain_id,
				       mfn_x(page_to_mfn(pg)));
			park(d, pg);
		} else if (!release_idle(d, pg)) {
			if (held++ < 4)
				printk(XENLOG_ERR "d%u: mfn %#lx still held: "
				       "count %#lx type %#lx\n", d->domain_id,
				       mfn_x(page_to_mfn(pg)), pg->count_info,
				       pg->u.inuse.type_info);
			park(d, pg);
		}
		if (++n % RELMEM_BATCH == 0 &&
		    (opt_relmem_preempt || hypercall_preempt_check())) {
			d->arch.relmem_restarts++;
			return -ERESTART;
		}
	}
	unpark_all(d);
	return 0;
}

static unsigned long count_pages(struct domain *d)
{
	const struct page_info *pg;
	unsigned long n = 0, flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);
	page_list_for_each(pg, &d->page_list) n++;
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	return n;
}

int domain_relinquish_memory(struct domain *d)
{
	unsigned long held;
	int rc;

	ASSERT(d->is_dying);
	switch (d->arch.relmem) {
	case RELMEM_vcpus:
		page_list_init(&d->arch.relmem_list);
		relinquish_vcpus(d);
		d->arch.relmem = RELMEM_unpin;
		/* fall through */
	case RELMEM_unpin:
		rc = walk_pages(d);
		if (rc)
			return rc;
		d->arch.relmem = RELMEM_pages;
		/* fall through */
	case RELMEM_pages:
		rc = walk_pages(d);
		if (rc)
			return rc;
		held = count_pages(d);
		if (held) {
			printk(XENLOG_ERR "d%u: %lu frames still held by "
			       "others; not freed\n", d->domain_id, held);
			return -EBUSY;
		}
		d->arch.relmem = RELMEM_done;
		/* fall through */
	default:
		return 0;
	}
}
