/*
 * Page flipping and entry swaps.
 *
 * GNTTABOP_swap_grant_ref exchanges two entries of the caller's own
 * table; it refuses (GNTST_bad_gntref) a ref past the table and
 * (GNTST_eagain, as Xen) an entry in use, whose pinned
 * frame must stay where the grantee's handle says it is.
 *
 * GNTTABOP_transfer (giving one of our pages to another domain, into
 * an entry it marked GTF_accept_transfer) is the old netfront receive
 * path; Linux 6.1 no longer uses it.  Xenolith checks the frame is the
 * caller's (GNTST_bad_page otherwise, as Xen) and then answers
 * GNTST_general_error for now (listed in the chapter as missing).
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

long gnttab_transfer(struct gnttab_transfer *op)
{
	mfn_t mfn = _mfn(op->mfn);

	if (!mfn_valid(mfn) || !page_is_inuse(mfn_to_page(mfn)) ||
	    page_get_owner(mfn_to_page(mfn)) != current_domain()) {
		op->status = GNTST_bad_page;
		return guest_err(0, "grant transfer: mfn %#lx not ours",
				 (unsigned long)op->mfn);
	}
	op->status = GNTST_general_error;
	return guest_err(0, "grant transfer: not supported yet (mfn %#lx)",
			 (unsigned long)op->mfn);
}
