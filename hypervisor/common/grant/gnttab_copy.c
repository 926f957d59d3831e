/*
 * GNTTABOP_copy: the hypervisor copies bytes between two frames, so a
 * backend can move data without mapping the frontend's pages (what
 * netback and blkback do for most traffic).
 *
 * Each side is either a grant (GNTCOPY_source_gref / GNTCOPY_dest_gref:
 * ref in the table of domid, pinned like a mapping for the duration:
 * read-only for the source, writable for the destination) or a frame of
 * the caller's own (domid must be the caller then).  The checks come
 * first: offset + len within the page on both sides (GNTST_bad_copy_arg),
 * and for a v2 sub-page grant within its window.  Then both sides are
 * acquired (pin + frame references), the bytes move, and both are
 * released; no lock is held across the copy, the pins keep the grants
 * from being ended and the references keep the frames.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/grant.h>

/* One side of a copy while it is held. */
struct copy_side {
	struct grant_table *gt; /* NULL: a frame of the caller's own */
	grant_ref_t ref;
	unsigned long frame;
	bool rw;
};

static int16_t copy_err(int16_t st, const char *why, unsigned long what)
{
	guest_err(0, "grant copy: %s %#lx", why, what);
	return st;
}

/* Acquire one side: GNTST_okay with s filled, nothing held otherwise. */
static int16_t acquire(const struct gnttab_copy_ptr *p, bool by_ref, bool rw,
		       unsigned int len, struct copy_side *s)
{
	struct domain *cd = current_domain(), *d;
	struct grant_pin pin;
	int rc;

	s->rw = rw;
	s->gt = NULL;
	d = p->domid == DOMID_SELF || p->domid == cd->domain_id
		? cd
		: domain_lookup(p->domid);
	if (!d || d->is_dying)
		return copy_err(GNTST_bad_domain, "domain", p->domid);
	if (!by_ref) {
		if (d != cd)
			return copy_err(GNTST_permission_denied,
					"frame of domain", p->domid);
		s->frame = p->u.gmfn;
		if (!gnttab_arch_get_frame(s->frame, d, rw))
			return copy_err(GNTST_bad_page, "frame", s->frame);
		return GNTST_okay;
	}
	s->gt = gnttab_of(d);
	if (!s->gt)
		return GNTST_general_error;
	s->ref = p->u.ref;
	spin_lock(&s->gt->lock);
	rc = gnttab_pin(s->gt, s->ref, cd->domain_id, rw, true, &pin);
	spin_unlock(&s->gt->lock);
	if (rc)
		return copy_err(rc, "ref", p->u.ref);
	if (p->offset < pin.off || p->offset + len > pin.off + pin.len ||
	    !gnttab_arch_get_frame(pin.frame, d, rw)) {
		spin_lock(&s->gt->lock);
		gnttab_unpin(s->gt, s->ref, rw);
		spin_unlock(&s->gt->lock);
		return copy_err(GNTST_general_error, "outside grant", p->u.ref);
	}
	s->frame = pin.frame;
	return GNTST_okay;
}

static void release(struct copy_side *s)
{
	gnttab_arch_put_frame(s->frame, s->rw);
	if (!s->gt)
		return;
	spin_lock(&s->gt->lock);
	gnttab_unpin(s->gt, s->ref, s->rw);
	spin_unlock(&s->gt->lock);
}

long gnttab_copy(struct gnttab_copy *op)
{
	struct copy_side src, dst;
	int16_t st;

	if (op->source.offset + op->len > PAGE_SIZE ||
	    op->dest.offset + op->len > PAGE_SIZE) {
		op->status = copy_err(GNTST_bad_copy_arg, "length", op->len);
		return 0;
	}
	st = acquire(&op->source, op->flags & GNTCOPY_source_gref, false,
		     op->len, &src);
	if (st) {
		op->status = st;
		return 0;
	}
	st = acquire(&op->dest, op->flags & GNTCOPY_dest_gref, true, op->len,
		     &dst);
	if (st) {
		release(&src);
		op->status = st;
		return 0;
	}
	gnttab_arch_copy(dst.frame, op->dest.offset, src.frame,
			 op->source.offset, op->len);
	release(&dst);
	release(&src);
	op->status = GNTST_okay;
	return 0;
}
