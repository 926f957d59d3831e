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
 * and for a v2 sub-page grant within its window.  A v2 transitive grant
 * (a domain re-granting a grant it was given) works here and only here:
 * the copy pins the entry it names too, and uses that frame and window.
 * Then both sides are
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
	struct grant_table *tgt; /* transitive: the entry it names */
	grant_ref_t tref;
	unsigned long frame;
	bool rw;
};

static int16_t copy_err(int16_t st, const char *why, unsigned long what)
{
	guest_err(0, "grant copy: %s %#lx", why, what);
	return st;
}

static void unpin(struct grant_table *gt, grant_ref_t ref, bool rw)
{
	spin_lock(&gt->lock);
	gnttab_unpin(gt, ref, rw);
	spin_unlock(&gt->lock);
}

/*
 * Entry ref of d (table s->gt) is transitive: pin the entry it names,
 * in domain td's table for d, then ref itself.  Xen's rules: the target
 * is another domain that exists, and is itself no transitive grant (the
 * plain gnttab_pin() refuses one); its errors are the copy's.  On
 * success *pin is the target's frame and window and *owner its domain.
 */
static int16_t pin_transitive(struct domain *d, struct copy_side *s,
			      bool rw, struct grant_pin *pin,
			      struct domain **owner)
{
	domid_t me = current_domain()->domain_id;
	struct domain *td;
	int rc;

	if (pin->tdom == d->domain_id || pin->tdom >= DOMID_FIRST_RESERVED)
		return copy_err(GNTST_general_error, "transitive to self",
				pin->tdom);
	td = domain_lookup(pin->tdom);
	if (!td || td->is_dying || !(s->tgt = gnttab_of(td)))
		return copy_err(GNTST_general_error, "transitive to domain",
				pin->tdom);
	s->tref = pin->tref;
	spin_lock(&s->tgt->lock);
	rc = gnttab_pin(s->tgt, s->tref, d->domain_id, rw, true, pin);
	spin_unlock(&s->tgt->lock);
	if (rc)
		return copy_err(rc, "transitive target ref", s->tref);
	spin_lock(&s->gt->lock);
	rc = gnttab_pin_transitive(s->gt, s->ref, me, rw, pin);
	spin_unlock(&s->gt->lock);
	if (rc) {
		unpin(s->tgt, s->tref, rw);
		return copy_err(rc, "transitive ref changed", s->ref);
	}
	*owner = td;
	return GNTST_okay;
}

/* Pin grant ref of d for a copy: GNTST_okay with *pin and the frame's
 * owner, nothing held otherwise. */
static int16_t pin_ref(struct domain *d, struct copy_side *s, bool rw,
		       struct grant_pin *pin, struct domain **owner)
{
	domid_t me = current_domain()->domain_id;
	bool transitive;
	int rc;

	s->gt = gnttab_of(d);
	if (!s->gt)
		return GNTST_general_error;
	spin_lock(&s->gt->lock);
	rc = gnttab_pin(s->gt, s->ref, me, rw, true, pin);
	/* A flag, not a magic rc: -1 is GNTST_general_error itself, and a
	 * refused transitive entry (a write through a read-only one) then
	 * went on with *pin unset - whatever the stack held. */
	transitive = rc == GNTST_general_error &&
		     gnttab_peek_transitive(s->gt, s->ref, me, rw, pin) ==
			     GNTST_okay; /* pinned below, without this lock */
	spin_unlock(&s->gt->lock);
	if (transitive)
		return pin_transitive(d, s, rw, pin, owner);
	if (rc)
		return copy_err(rc, "ref", s->ref);
	*owner = d;
	return GNTST_okay;
}

static void unpin_side(struct copy_side *s)
{
	unpin(s->gt, s->ref, s->rw);
	if (s->tgt)
		unpin(s->tgt, s->tref, s->rw);
}

/* Acquire one side: GNTST_okay with s filled, nothing held otherwise. */
static int16_t acquire(const struct gnttab_copy_ptr *p, bool by_ref, bool rw,
		       unsigned int len, struct copy_side *s)
{
	struct domain *cd = current_domain(), *d, *owner = NULL;
	struct grant_pin pin;
	int16_t rc;

	s->rw = rw;
	s->gt = NULL;
	s->tgt = NULL;
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
	s->ref = p->u.ref;
	rc = pin_ref(d, s, rw, &pin, &owner);
	if (rc)
		return rc;
	if (p->offset < pin.off || p->offset + len > pin.off + pin.len ||
	    !gnttab_arch_get_frame(pin.frame, owner, rw)) {
		unpin_side(s);
		return copy_err(GNTST_general_error, "outside grant", p->u.ref);
	}
	s->frame = pin.frame;
	return GNTST_okay;
}

static void release(struct copy_side *s)
{
	gnttab_arch_put_frame(s->frame, s->rw);
	if (s->gt)
		unpin_side(s);
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
