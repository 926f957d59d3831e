/*
 * memory_op sub-ops that change a PV domain's memory (arch_memory_op(),
 * called by common/hypercall/memory_op.c for what it does not answer).
 *
 * A PV guest names its frames by machine frame number and keeps its own
 * P2M; we keep the M2P.  So:
 *
 *   increase_reservation  allocate extents, write their MFNs back;
 *   populate_physmap      the same, for the guest's given pfns, and set
 *                         the M2P of each new frame to its pfn;
 *   decrease_reservation  release the listed MFNs of the domain;
 *   exchange              release the "in" extents and allocate the
 *                         "out" ones (within address_bits), M2P set to
 *                         the pfns the guest listed in out;
 *   add_to_physmap(_batch), remove_from_physmap
 *                         -EACCES: for auto-translated guests only.
 *
 * Each stops between extents (exchange: between units) when
 * hypercall_preempt_check() says so, and continues through a
 * continuation: the start extent in cmd's bits 6 and up, or
 * nr_exchanged, as in Xen.
 *
 * The first three return the number of extents done - a bad buffer or a
 * domain that does not exist simply stops at 0, as in Xen.  The
 * reservation (d->max_pages) is enforced before each allocation.  As in
 * Xen, decrease_reservation also takes frames still in use (mapped,
 * typed, pinned): they leave the reservation when their last user goes.
 * exchange takes idle frames only (Xen's steal_page): nothing but the
 * allocation reference.
 *
 * New frames join d->page_list under d->page_alloc_lock; released ones
 * leave it before their last reference is dropped.
 */
#include "pv_mm.h"
#include <asm/pv.h>
#include <public/memory.h>

#define MEMOP_EXTENT_SHIFT 6 /* start extent in cmd bits 6+ */
#define MAX_EXTENT_ORDER   9

static struct domain *target(domid_t id)
{
	struct domain *d = current_domain();

	if (id == DOMID_SELF || id == d->domain_id)
		return d;
	return d->is_privileged ? domain_lookup(id) : NULL;
}

/* A new extent of d joins its page list. */
static void alloc_extent_listed(struct domain *d, struct page_info *pg,
				unsigned int order)
{
	unsigned long i, flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);
	for (i = 0; i < (1UL << order); i++)
		page_list_add_tail(pg + i, &d->page_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
}

/* An extent within the reservation, or NULL. */
static struct page_info *alloc_extent(struct domain *d, unsigned int order,
				      unsigned int bits)
{
	struct page_info *pg;

	if (d->tot_pages + (1UL << order) > d->max_pages)
		return NULL;
	pg = alloc_domheap_pages(d, order, MEMF_bits(bits));
	if (pg)
		alloc_extent_listed(d, pg, order);
	return pg;
}

/* Only the allocation reference left: no mapping, type or pin. */
static bool idle(const struct page_info *pg)
{
	return page_refcnt(pg) == 1 && page_is_allocated(pg) &&
	       !pgt_count(pg) && !pgt_pinned(pg);
}

static bool release_extent(struct domain *d, mfn_t mfn, unsigned int order);

/*
 * Frames a domain gave back while still in use: Xen lets them go, and
 * they leave the reservation only when their last user does.  Off the
 * domain's page list (which their free would corrupt), they are kept
 * here so that relinquishing the domain still drops its pins on them.
 * An entry is stale once its frame was freed or reused (reclaimed then).
 * Until struct domain can hold such a list, this small table does.
 */
#define MAX_RELEASED 256
static struct {
	struct domain *d;
	mfn_t mfn;
} released[MAX_RELEASED];
static DEFINE_SPINLOCK(released_lock); /* released[] */

/* Still d's, released, but alive? */
static bool released_alive(struct domain *d, mfn_t mfn)
{
	const struct page_info *pg = mfn_to_page(mfn);

	return page_is_inuse(pg) && pg->u.inuse.owner == d &&
	       !page_is_allocated(pg);
}

static bool remember_released(struct domain *d, mfn_t mfn)
{
	unsigned int i;
	bool ok = false;

	spin_lock(&released_lock);
	for (i = 0; i < MAX_RELEASED && !ok; i++) {
		if (released[i].d &&
		    released_alive(released[i].d, released[i].mfn))
			continue;
		released[i].d = d;
		released[i].mfn = mfn;
		ok = true;
	}
	spin_unlock(&released_lock);
	return ok;
}

void pv_mm_drop_released(struct domain *d)
{
	unsigned int i;

	spin_lock(&released_lock);
	for (i = 0; i < MAX_RELEASED; i++) {
		if (released[i].d != d)
			continue;
		if (released_alive(d, released[i].mfn) &&
		    pgt_pinned(mfn_to_page(released[i].mfn)))
			pt_unpin(d, released[i].mfn);
		released[i].d = NULL;
	}
	spin_unlock(&released_lock);
}

/* decrease_reservation of one frame still in use: Xen's semantics. */
static bool release_busy(struct domain *d, struct page_info *pg)
{
	unsigned long flags;

	if (!remember_released(d, page_to_mfn(pg)))
		return false;
	spin_lock_irqsave(&d->page_alloc_lock, flags);
	page_list_del(pg, &d->page_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	m2p_set(page_to_mfn(pg), ~0UL);
	put_page_alloc_ref(pg); /* the users' references keep it */
	return true;
}

/* One frame of d given back by decrease_reservation. */
static bool release_frame(struct domain *d, mfn_t m)
{
	struct page_info *pg;

	if (!mfn_valid(m) || pv_mfn_is_io(m))
		return false;
	pg = mfn_to_page(m);
	if (!page_is_inuse(pg) || page_get_owner(pg) != d ||
	    !page_is_allocated(pg))
		return false;
	if (!idle(pg))
		return release_busy(d, pg);
	return release_extent(d, m, 0);
}

/* Release the idle extent at mfn of d (false if any frame is not). */
static bool release_extent(struct domain *d, mfn_t mfn, unsigned int order)
{
	unsigned long i, n = 1UL << order, flags;
	struct page_info *pg;

	if (mfn_x(mfn) & (n - 1))
		return false;
	for (i = 0; i < n; i++) {
		mfn_t m = _mfn(mfn_x(mfn) + i);

		if (!mfn_valid(m) || pv_mfn_is_io(m))
			return false;
		pg = mfn_to_page(m);
		if (!page_is_inuse(pg) || page_get_owner(pg) != d || !idle(pg))
			return false;
	}
	pg = mfn_to_page(mfn);
	spin_lock_irqsave(&d->page_alloc_lock, flags);
	for (i = 0; i < n; i++)
		page_list_del(pg + i, &d->page_list);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	for (i = 0; i < n; i++) {
		m2p_set(_mfn(mfn_x(mfn) + i), ~0UL);
		put_page_alloc_ref(pg + i);
	}
	/* A stale translation of these frames is flushed by the heap
	 * before it hands them out again (page_type.c, rule 6). */
	return true;
}

/* decrease_reservation of one extent: idle frames, or in use ones. */
static bool release_frames(struct domain *d, mfn_t mfn, unsigned int order)
{
	unsigned long i, n = 1UL << order;

	if (mfn_x(mfn) & (n - 1))
		return false;
	if (release_extent(d, mfn, order))
		return true;
	for (i = 0; i < n; i++)
		if (!release_frame(d, _mfn(mfn_x(mfn) + i)))
			return false;
	return true;
}

static void set_m2p(mfn_t mfn, unsigned long pfn, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++)
		m2p_set(_mfn(mfn_x(mfn) + i), pfn + i);
}

/* Go on from extent i later: Xen's encoding, the start in cmd's bits 6+. */
static long continue_reservation(unsigned int op, unsigned long i,
				 unsigned long arg)
{
	unsigned long args[5] = { op | (i << MEMOP_EXTENT_SHIFT), arg, 0, 0,
				  0 };

	return pv_hypercall_continue(__HYPERVISOR_memory_op, args);
}

static long reservation(unsigned int op, unsigned long start, unsigned long arg)
{
	struct xen_memory_reservation r;
	struct domain *d;
	unsigned long i;
	xen_pfn_t x;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return start;
	d = target(r.domid);
	if (!d || r.extent_order > MAX_EXTENT_ORDER)
		return start;
	for (i = start; i < r.nr_extents; i++) {
		unsigned long slot =
		    (unsigned long)r.extent_start + i * sizeof(x);
		struct page_info *pg;

		if (i != start && hypercall_preempt_check())
			return continue_reservation(op, i, arg);

		if (op != XENMEM_increase_reservation &&
		    copy_from_guest(&x, slot, sizeof(x)))
			break;
		if (op == XENMEM_decrease_reservation) {
			if (!release_frames(d, _mfn(x), r.extent_order))
				break;
			continue;
		}
		pg = alloc_extent(d, r.extent_order,
				  XENMEMF_get_address_bits(r.mem_flags));
		if (!pg)
			break;
		if (op == XENMEM_populate_physmap)
			set_m2p(page_to_mfn(pg), x, r.extent_order);
		x = mfn_x(page_to_mfn(pg));
		if (r.extent_start && copy_to_guest(slot, &x, sizeof(x)))
			break;
	}
	return i;
}

static bool exchange_ok(const struct xen_memory_exchange *x)
{
	unsigned int oi = x->in.extent_order, oo = x->out.extent_order;

	return oi <= MAX_EXTENT_ORDER && oo <= MAX_EXTENT_ORDER &&
	       (x->in.nr_extents << oi) == (x->out.nr_extents << oo) &&
	       x->in.domid == DOMID_SELF && x->out.domid == DOMID_SELF &&
	       x->nr_exchanged <= x->in.nr_extents;
}

/* Frames of one exchange unit, and the pfns the guest wants them at. */
#define EXCHANGE_MAX 512
struct exchange_unit {
	xen_pfn_t in[EXCHANGE_MAX];  /* MFNs given back */
	xen_pfn_t out[EXCHANGE_MAX]; /* pfns in, MFNs out */
	struct page_info *pg[EXCHANGE_MAX];
	unsigned long nin, nout;
};

static long read_list(unsigned long base, unsigned long first, unsigned long n,
		      xen_pfn_t *to)
{
	return copy_from_guest(to, base + first * sizeof(*to), n * sizeof(*to))
		   ? -EFAULT
		   : 0;
}

/* Every input frame ours and idle (checked before anything changes). */
static bool inputs_ok(struct domain *d, const struct exchange_unit *u,
		      unsigned int order)
{
	unsigned long i, j;

	for (i = 0; i < u->nin; i++)
		for (j = 0; j < (1UL << order); j++) {
			mfn_t m = _mfn(u->in[i] + j);

			if ((u->in[i] & ((1UL << order) - 1)) ||
			    !mfn_valid(m) || pv_mfn_is_io(m) ||
			    !page_is_inuse(mfn_to_page(m)) ||
			    page_get_owner(mfn_to_page(m)) != d ||
			    !idle(mfn_to_page(m)))
				return false;
		}
	return true;
}

static void free_extent(struct domain *d, struct page_info *pg,
			unsigned int order)
{
	release_extent(d, page_to_mfn(pg), order);
}

/*
 * One unit: 2^max(oi, oo) frames in, as many out.  The new frames are
 * allocated first; only when all exist are the old ones released, so a
 * failure (-ENOMEM: e.g. nothing below address_bits) leaves the guest's
 * frames as they were, as Xen does.
 */
static long exchange_unit(struct domain *d, struct xen_memory_exchange *x,
			  unsigned long k, struct exchange_unit *u)
{
	unsigned int oi = x->in.extent_order, oo = x->out.extent_order;
	unsigned int bits = XENMEMF_get_address_bits(x->out.mem_flags);
	unsigned long i;

	u->nin = oi >= oo ? 1 : 1UL << (oo - oi);
	u->nout = oo >= oi ? 1 : 1UL << (oi - oo);
	if (read_list((unsigned long)x->in.extent_start, k * u->nin, u->nin,
		      u->in) ||
	    read_list((unsigned long)x->out.extent_start, k * u->nout, u->nout,
		      u->out))
		return -EFAULT;
	if (!inputs_ok(d, u, oi))
		return guest_err(-EINVAL, "memory_exchange: frame %#lx",
				 (unsigned long)u->in[0]);
	for (i = 0; i < u->nout; i++) {
		u->pg[i] = alloc_domheap_pages(d, oo, MEMF_bits(bits));
		if (!u->pg[i])
			break;
		alloc_extent_listed(d, u->pg[i], oo);
	}
	if (i < u->nout) {
		while (i--)
			free_extent(d, u->pg[i], oo);
		return -ENOMEM;
	}
	for (i = 0; i < u->nin; i++)
		release_extent(d, _mfn(u->in[i]), oi);
	for (i = 0; i < u->nout; i++) {
		set_m2p(page_to_mfn(u->pg[i]), u->out[i], oo);
		u->out[i] = mfn_x(page_to_mfn(u->pg[i]));
	}
	return copy_to_guest((unsigned long)x->out.extent_start +
				 k * u->nout * sizeof(xen_pfn_t),
			     u->out, u->nout * sizeof(xen_pfn_t))
		   ? -EFAULT
		   : 0;
}

static long exchange(unsigned long arg)
{
	struct domain *d = current_domain();
	struct xen_memory_exchange x;
	struct exchange_unit *u;
	unsigned int oi, oo;
	unsigned long k, k0, units;
	bool preempted = false;
	long rc = 0;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	if (!exchange_ok(&x))
		return guest_err(-EINVAL, "memory_exchange: bad arguments");
	oi = x.in.extent_order;
	oo = x.out.extent_order;
	units = oi >= oo ? x.in.nr_extents : x.out.nr_extents;
	k = oi >= oo ? x.nr_exchanged : x.nr_exchanged >> (oo - oi);
	u = alloc_xenheap_pages(2); /* 3 x 4 KiB arrays */
	if (!u)
		return -ENOMEM;
	for (k0 = k; k < units && !rc; k++) {
		if (k != k0 && hypercall_preempt_check()) {
			preempted = true;
			break;
		}
		rc = exchange_unit(d, &x, k, u);
		if (!rc)
			x.nr_exchanged =
			    oi >= oo ? k + 1 : (k + 1) << (oo - oi);
	}
	free_xenheap_pages(u, 2);
	if (copy_to_guest(arg, &x, sizeof(x)))
		return -EFAULT;
	if (preempted) { /* nr_exchanged says where to go on */
		unsigned long args[5] = { XENMEM_exchange, arg, 0, 0, 0 };

		return pv_hypercall_continue(__HYPERVISOR_memory_op, args);
	}
	return rc;
}

/*
 * Physmap edits are for auto-translated guests; a PV guest names
 * machine frames directly and gets -EACCES, as from Xen (after the
 * argument is read: -EFAULT first).
 */
static long physmap_op(unsigned int op, unsigned long arg)
{
	union {
		struct xen_add_to_physmap add;
		struct xen_add_to_physmap_batch batch;
		struct xen_remove_from_physmap remove;
	} u;
	size_t len = op == XENMEM_add_to_physmap	? sizeof(u.add)
		     : op == XENMEM_remove_from_physmap ? sizeof(u.remove)
							: sizeof(u.batch);

	if (copy_from_guest(&u, arg, len))
		return -EFAULT;
	return -EACCES;
}

long arch_memory_op(unsigned long cmd, unsigned long arg)
{
	unsigned int op = cmd & ((1U << MEMOP_EXTENT_SHIFT) - 1);
	unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation(op, start, arg);
	case XENMEM_exchange:
		return exchange(arg);
	case XENMEM_add_to_physmap:
	case XENMEM_add_to_physmap_batch:
	case XENMEM_remove_from_physmap:
		return physmap_op(op, arg);
	default:
		return -ENOSYS;
	}
}
