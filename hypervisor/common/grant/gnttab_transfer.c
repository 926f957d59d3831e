/*
 * Page flipping and entry swaps.
 *
 * GNTTABOP_swap_grant_ref exchanges two entries of the caller's own
 * table; it refuses (GNTST_bad_gntref) a ref past the table and
 * (GNTST_eagain, as Xen) an entry in use, whose pinned
 * frame must stay where the grantee's handle says it is.
 *
 * GNTTABOP_transfer gives one of our pages to another domain, into an
 * entry it marked GTF_accept_transfer for us: page flipping, the old
 * netfront receive path (Linux 6.1 no longer uses it).  The receiver
 * sees GTF_transfer_committed, then the frame and
 * GTF_transfer_completed; the page is now its own, counted in its
 * reservation.  The guests fix their P2M and M2P themselves.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/grant.h>

static bool in_use(struct grant_table *gt, grant_ref_t ref)
{
	struct grant_active *act = gnttab_active(gt, ref);

	return act->rw_pins || act->ro_pins;
}

/* Entry bytes of ref: 8 in v1, 16 in v2, and where they are. */
static uint8_t *entry_bytes(struct grant_table *gt, grant_ref_t ref,
			    unsigned int *size)
{
	*size = gt->version == 1 ? sizeof(grant_entry_v1_t)
				 : sizeof(grant_entry_v2_t);
	return (uint8_t *)gt->shared[ref / (PAGE_SIZE / *size)] +
	       (ref % (PAGE_SIZE / *size)) * *size;
}

long gnttab_swap(struct gnttab_swap_grant_ref *op)
{
	struct grant_table *gt = gnttab_of(current_domain());
	uint8_t tmp[sizeof(grant_entry_v2_t)], *a, *b;
	unsigned int n, size;

	if (!gt) {
		op->status = GNTST_general_error;
		return 0;
	}
	spin_lock(&gt->lock);
	n = gnttab_nr_entries(gt);
	if (op->ref_a >= n || op->ref_b >= n) {
		op->status = GNTST_bad_gntref;
	} else if (in_use(gt, op->ref_a) || in_use(gt, op->ref_b)) {
		op->status = GNTST_eagain;
	} else {
		a = entry_bytes(gt, op->ref_a, &size);
		b = entry_bytes(gt, op->ref_b, &size);
		memcpy(tmp, a, size);
		memcpy(a, b, size);
		memcpy(b, tmp, size);
		op->status = GNTST_okay;
	}
	spin_unlock(&gt->lock);
	if (op->status)
		guest_err(0, "swap_grant_ref: refs %u, %u", op->ref_a,
			  op->ref_b);
	return 0;
}

/*
 * The receiver's entry: GTF_accept_transfer from us exactly, marked
 * committed in one exchange so the receiver cannot reuse it meanwhile.
 * Caller holds gt->lock.
 */
static int accept(struct grant_table *gt, grant_ref_t ref, domid_t from)
{
	uint32_t *word, old, want;

	if (ref >= gnttab_nr_entries(gt))
		return GNTST_general_error;
	word = (uint32_t *)entry_bytes(gt, ref, &(unsigned int){0});
	want = GTF_accept_transfer | (uint32_t)from << 16;
	old = want;
	if (!__atomic_compare_exchange_n(word, &old,
					 want | GTF_transfer_committed, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return GNTST_general_error;
	return GNTST_okay;
}

/* The frame goes into the entry, then the entry says it is there. */
static void complete(struct grant_table *gt, grant_ref_t ref,
		     unsigned long frame)
{
	unsigned int size;
	uint8_t *e = entry_bytes(gt, ref, &size);

	if (gt->version == 1)
		((grant_entry_v1_t *)e)->frame = frame;
	else
		((grant_entry_v2_t *)e)->full_page.frame = frame;
	__atomic_fetch_or((uint16_t *)e, GTF_transfer_completed,
			  __ATOMIC_RELEASE);
}

/*
 * Check the frame (ours, GNTST_bad_page) and the receiver (it exists,
 * GNTST_bad_domain), then take the frame away from us: it must be idle,
 * unmapped and unpinned (GNTST_bad_page otherwise).  From then on the
 * frame is gone for us, as in Xen: if the receiver's entry does not
 * accept it or its reservation is full, the frame is freed and the
 * element fails with GNTST_general_error.
 */
long gnttab_transfer(struct gnttab_transfer *op)
{
	struct domain *ld = current_domain(), *rd;
	struct grant_table *rgt;
	int rc;

	if (!gnttab_arch_owns(ld, op->mfn))
		goto bad_page;
	rd = op->domid == DOMID_SELF || op->domid == ld->domain_id
		 ? ld
		 : domain_lookup(op->domid);
	if (!rd || rd->is_dying || !(rgt = gnttab_of(rd))) {
		op->status = GNTST_bad_domain;
		return guest_err(0, "grant transfer: domain %u", op->domid);
	}
	if (!gnttab_arch_steal(ld, op->mfn))
		goto bad_page;
	spin_lock(&rgt->lock);
	rc = accept(rgt, op->ref, ld->domain_id);
	if (!rc && !gnttab_arch_give(rd, op->mfn))
		rc = GNTST_general_error;
	if (!rc)
		complete(rgt, op->ref, op->mfn);
	spin_unlock(&rgt->lock);
	if (rc) {
		gnttab_arch_drop(op->mfn);
		guest_err(0, "grant transfer: d%u ref %u refused mfn %#lx",
			  rd->domain_id, op->ref, (unsigned long)op->mfn);
	}
	op->status = rc;
	return 0;

bad_page:
	op->status = GNTST_bad_page;
	return guest_err(0, "grant transfer: mfn %#lx not ours or in use",
			 (unsigned long)op->mfn);
}
