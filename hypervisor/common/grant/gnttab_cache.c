/*
 * GNTTABOP_cache_flush: clean and/or invalidate the data cache over part
 * of a page, for devices that are not cache coherent (an ARM matter; x86
 * DMA is coherent).  Xen keeps the sub-op on x86 with its argument
 * checks, and so does Xenolith, element by element, stopping at the
 * first error (this sub-op has no per-element status):
 *
 *   offset/length outside the page, or op bits other than CLEAN and
 *   INVAL (GNTTAB_CACHE_SOURCE_GREF included: never implemented) -EINVAL;
 *   length or op zero: nothing to do;
 *   a frame that does not exist -EINVAL, that nobody owns -EPERM;
 *   a frame of another domain: Xen accepts it if the caller maps a
 *   grant of it, Xenolith does not look yet (-EINVAL);
 *   INVAL alone -EOPNOTSUPP (x86 cannot drop dirty lines without
 *   writing them back); otherwise the lines are written back.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/grant.h>

#define CACHE_OPS (GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL)

long gnttab_cache_flush(const struct gnttab_cache_flush *op)
{
	mfn_t mfn = _mfn(op->a.dev_bus_addr >> PAGE_SHIFT);
	struct domain *owner;

	if (op->offset >= PAGE_SIZE || op->length > PAGE_SIZE ||
	    op->offset + op->length > PAGE_SIZE || (op->op & ~CACHE_OPS))
		return guest_err(-EINVAL,
				 "cache_flush: offset %u length %u "
				 "op %#x",
				 op->offset, op->length, op->op);
	if (!op->length || !op->op)
		return 0;
	if (!mfn_valid(mfn))
		return -EINVAL;
	owner = page_is_inuse(mfn_to_page(mfn))
		    ? page_get_owner(mfn_to_page(mfn))
		    : NULL;
	if (!owner)
		return -EPERM;
	if (owner != current_domain())
		return guest_err(-EINVAL, "cache_flush: mfn %#lx of d%u",
				 mfn_x(mfn), owner->domain_id);
	if (op->op == GNTTAB_CACHE_INVAL)
		return -EOPNOTSUPP;
	gnttab_arch_clean_cache(mfn_x(mfn), op->offset, op->length);
	return 0;
}
