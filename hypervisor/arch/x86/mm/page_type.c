/*
 * Page types: how a PV guest may own its page tables without ever being
 * able to write one behind Xenolith's back.
 *
 * A 64-bit PV guest builds its own four-level page tables out of frames it
 * owns and points CR3 at them; the MMU walks them directly.  Safety
 * therefore rests on one invariant: every entry of every table the MMU can
 * reach was checked by Xenolith, and the guest cannot change it except
 * through Xenolith.  Page types enforce it.
 *
 * Every frame in use carries, in struct page_info, a general reference
 * count (who may still use the frame) and a type with a type count (who
 * needs the frame to stay that type).  The types are:
 *
 *   L1..L4 page table  the frame is (part of) a page table at that level;
 *   segment descriptor the frame holds a GDT or LDT;
 *   writable           somebody can write the frame (an RW mapping).
 *
 * Rules:
 *
 * 1. A frame has one type at a time.  The type may change only while the
 *    type count is zero, so a frame with a writable mapping anywhere can
 *    never become a page table, and a page table can never gain a
 *    writable mapping.  Stale TLB entries are the one way around that,
 *    so rule 6 flushes them at the type change, where needed.
 *
 * 2. Gaining a page-table type validates the frame: every entry is checked
 *    (below) and takes references on what it points to, recursively, so a
 *    whole tree is validated by pinning or loading its root.  Validation
 *    failing anywhere undoes everything taken so far and fails with the
 *    entry's error.  PGT_validated records success.  Losing the last type
 *    reference devalidates: every entry drops its references, which may
 *    cascade down the tree.
 *
 * 3. Entry rules (Xen's get_page_from_lNe):
 *    - a non-present entry is always accepted and holds nothing;
 *    - flags outside P, RW, US, A, D, the available bits and NX are
 *      refused (-EINVAL).  At L1, G is allowed, and the cache attributes
 *      (PWT, PCD, PAT) only for a domain with I/O rights; at L2-L4 there
 *      are no superpages (PSE) and no G;
 *    - an L1 entry maps a RAM frame of the page owner (the table's owner,
 *      or for the foreign forms a domain the caller may map) and takes a
 *      general reference, plus a writable type reference when RW: a page
 *      table or descriptor page cannot be mapped RW (-EBUSY), nor can a
 *      frame of another domain, of Xenolith, or free (-EBUSY).  Device
 *      frames (not RAM) need I/O rights (-EPERM) and take no reference;
 *      cacheable requests for them are made uncacheable;
 *    - an L2/L3/L4 entry points to a frame of the same domain that can be
 *      validated as L1/L2/L3 (-EINVAL otherwise), taking a general and a
 *      type reference.  Read-only entries may also point at a table of
 *      their own level ("linear" page tables, as Xen's
 *      CONFIG_PV_LINEAR_PT): back at their own table (recursive, holding
 *      no reference), or at another validated table of that level, with
 *      references, if neither table is part of another such link the
 *      other way round (no chains);
 *    - L4 slots 256-271 belong to Xenolith: validation skips them and
 *      fills them with the hypervisor's entries; a guest update to them
 *      fails (-EINVAL).
 *    - the hypervisor adjusts what it accepts: the guest kernel runs in
 *      ring 3, so US is forced on at every level, and an L1 entry the
 *      guest meant for its kernel only (US=0) is marked _PAGE_GUEST_KERNEL;
 *      G is accepted but cleared (Xen sets it on user mappings; with
 *      CR4.PGE on, a global guest entry would survive CR3 switches).
 *
 * 4. Pinning (MMUEXT_PIN_Ln_TABLE) holds one general and one type
 *    reference, so the table stays validated while nothing points at it;
 *    pinning twice or unpinning an unpinned frame fails (-EINVAL).  A
 *    base pointer (CR3) likewise holds a reference on its L4.
 *
 * 5. An update of one entry (pt_mod_*_entry) validates the new entry
 *    before it is written, and drops the old entry's references after,
 *    so a table is valid at every instant.  Flags that change nothing
 *    about translation or safety (A, D, G, US, NX, available bits) take a
 *    fast path without re-validation.
 *
 * 6. TLB flushing (Xen's rule).  The guest is responsible for its own
 *    stale translations: an entry update flushes nothing, and the guest
 *    asks for the flushes it needs (mmuext_op TLB_FLUSH/INVLPG, the
 *    update_va_mapping flags).  A stale translation can hurt only the
 *    guest itself - unless the frame behind it changes hands.  So the
 *    hypervisor flushes at exactly two points, with TLB-flush
 *    timestamps (xenolith/tlbflush.h) to skip CPUs that flushed since:
 *    - a type change: when a frame's type count falls to zero it is
 *      stamped; when it then gains a different type (a writable frame
 *      becoming a page table, a page table becoming writable), every
 *      CPU where its owner may run and that has not flushed since the
 *      stamp is flushed first (pv_type_change_flush());
 *    - reuse: a freed frame is stamped, and the heap flushes the CPUs
 *      that have not flushed since before handing it out again
 *      (common/mm/page_alloc.c), so a frame released by
 *      decrease_reservation or by the last put_page() of a mapping is
 *      never reachable by its old owner once it has a new one.
 *    Grant unmaps flush as before (grant_map.c): the granter may reuse
 *    its page as soon as the unmap returns.
 *
 * Counting: the general count of a frame = its allocation reference + one
 * per present entry of a validated table pointing at it (except
 * recursive entries and device frames) + one per pin + the holders outside
 * page tables (base pointers, GDT/LDT, vcpu_info).  The type count = one
 * per RW L1 entry or L2-L4 entry pointing at it + pin + those holders.
 * pt_audit.c recomputes exactly this.
 *
 * Concurrency: counts change by compare-and-exchange only.  A page being
 * validated has a type count but no PGT_validated; anyone else wanting it
 * waits (pv_relax()).  Entry updates of one table are serialised by
 * PGT_locked (pt_lock(), Xen's page_lock), which also holds a type
 * reference so the table cannot be devalidated under the update.
 * Validation itself is not preemptible: Xen can stop inside a tree
 * (PGT_partial); here a pin first validates its tree bottom-up, a table
 * at a time, preemptibly (pt_prevalidate.c), so the recursive validation
 * that follows finds the tables below the root already validated.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <public/errno.h>
#include <xenolith/lib.h>
#include <xenolith/page.h>
#include <xenolith/spinlock.h>
#include <xenolith/tlbflush.h>
#include <asm/page_type.h>

static const char dom_io_identity; /* dom_io points here, never read */
struct domain *const dom_io = (struct domain *)(uintptr_t)&dom_io_identity;

/* Flags no guest entry may carry (Xen's base_disallow_mask). */
#define BASE_DISALLOW (PTE_FLAGS_MASK & ~PTE_GUEST_FLAGS)

static uint64_t l1_disallow(const struct domain *l1e_owner)
{
	uint64_t m = BASE_DISALLOW & ~_PAGE_GLOBAL;

	if (l1e_owner == dom_io || pv_has_io_caps(l1e_owner))
		m &= ~PAGE_CACHE_ATTRS;
	return m;
}

static unsigned long level_type(unsigned int level)
{
	return (unsigned long)level << PGT_type_shift;
}

static unsigned int type_level(unsigned long type)
{
	return (type & PGT_type_mask) >> PGT_type_shift;
}

static bool type_is_pt(unsigned long type_info)
{
	unsigned long t = type_info & PGT_type_mask;

	return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

/* Device memory or a hole: mapped by right, never reference-counted. */
static bool frame_is_io(mfn_t mfn)
{
	return !mfn_valid(mfn) || pv_mfn_is_io(mfn);
}

static bool ti_cmpxchg(struct page_info *pg, unsigned long *x, unsigned long nx)
{
	return __atomic_compare_exchange_n(&pg->u.inuse.type_info, x, nx, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static unsigned long ti_load(const struct page_info *pg)
{
	return __atomic_load_n(&pg->u.inuse.type_info, __ATOMIC_ACQUIRE);
}

/* ---- what the hypervisor adjusts in an accepted entry ---- */

/*
 * The guest's US=0 (kernel only) becomes US=1 plus the marker.  No guest
 * entry is ever global: Xenolith runs with CR4.PGE on, and a global
 * guest entry would outlive the CR3 switches (kernel/user toggle, new
 * base pointer, another domain) that plain CR3 loads rely on.  Xen sets
 * G on user mappings and flushes globally on every switch instead.
 */
static pte_t adjust_l1e(pte_t e)
{
	if (!pte_present(e))
		return e;
	e &= ~_PAGE_GLOBAL;
	if (!pte_user(e))
		return e | _PAGE_USER | _PAGE_GUEST_KERNEL;
	return e;
}

static pte_t adjust_upper(pte_t e)
{
	if (pte_present(e))
		e |= _PAGE_USER;
	return e;
}

/* ---- references held by one entry ---- */

/*
 * Device frame: allowed with I/O rights; a cacheable request becomes
 * uncacheable (*flip says which bits to toggle).  DOMID_IO falls back to
 * the caller's rights, as in Xen.
 */
static int get_io_frame(pte_t e, struct domain *l1e_owner,
			struct domain *pg_owner, uint64_t *flip)
{
	mfn_t mfn = pte_mfn(e);
	int rc = mfn_x(mfn) == (PTE_ADDR_MASK >> PAGE_SHIFT) ? -EINVAL : -EPERM;

	if (pg_owner == dom_io)
		pg_owner = l1e_owner;
	if (!pv_iomem_permitted(pg_owner, mfn))
		return rc;
	if (pg_owner != l1e_owner && !pv_iomem_permitted(l1e_owner, mfn))
		return rc;
	if (!(pte_flags(e) & PAGE_CACHE_ATTRS))
		*flip = _PAGE_PWT | _PAGE_PCD;
	return 0;
}

static int get_page_from_l1e(pte_t e, struct domain *l1e_owner,
			     struct domain *pg_owner, uint64_t *flip)
{
	mfn_t mfn = pte_mfn(e);
	struct page_info *pg;
	struct domain *real;

	*flip = 0;
	if (pte_flags(e) & l1_disallow(l1e_owner))
		return -EINVAL;
	if (frame_is_io(mfn))
		return get_io_frame(e, l1e_owner, pg_owner, flip);

	pg = mfn_to_page(mfn);
	if (!page_is_inuse(pg))
		return -EBUSY;
	real = page_get_owner(pg); /* Xenolith's own pages: NULL */
	if (!real || pg_owner == dom_io)
		return -EBUSY;
	if (real != pg_owner) {
		if (pg_owner == l1e_owner || !pv_priv_mapping(pg_owner, real))
			return -EBUSY;
		pg_owner = real;
	}
	if (!get_page(pg, pg_owner))
		return -EBUSY;
	if (pte_rw(e) && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EBUSY;
	}
	return 0;
}

static bool desc_page_in_use(const struct page_info *pg)
{
	unsigned long x = ti_load(pg);

	return (x & PGT_type_mask) == PGT_seg_desc_page && (x & PGT_count_mask);
}

static void put_page_from_l1e(pte_t e, struct domain *l1e_owner)
{
	struct page_info *pg;

	if (!pte_present(e) || frame_is_io(pte_mfn(e)))
		return;
	pg = mfn_to_page(pte_mfn(e));
	if (pte_rw(e)) {
		put_page_and_type(pg);
		return;
	}
	/* The guest unmaps its own LDT page: forget lazy LDT mappings. */
	if (desc_page_in_use(pg) && page_get_owner(pg) == l1e_owner)
		pv_drop_ldt_mappings(l1e_owner);
	put_page(pg);
}

/* ---- linear page tables ---- */

/*
 * A read-only entry of table p may point at another validated table q of
 * the same level (Xen's linear page tables).  To keep such links from
 * chaining, a table that holds linear entries may not be the target of
 * one, and the other way round: count > 0 is "holds that many", < 0
 * "is the target of that many".  Few tables ever take part, so the
 * counts live in a small table by frame rather than in struct page_info;
 * when it is full, a new link is refused as if the rule forbade it.
 */
#define LINEAR_SLOTS 256
static struct {
	unsigned long key; /* mfn + 1; 0: free */
	long count;
} linear[LINEAR_SLOTS];
static DEFINE_SPINLOCK(linear_lock); /* linear[] */

static long *linear_count(mfn_t m, bool create)
{
	unsigned int i, free = LINEAR_SLOTS;

	for (i = 0; i < LINEAR_SLOTS; i++) {
		if (linear[i].key == mfn_x(m) + 1)
			return &linear[i].count;
		if (!linear[i].key && free == LINEAR_SLOTS)
			free = i;
	}
	if (!create || free == LINEAR_SLOTS)
		return NULL;
	linear[free].key = mfn_x(m) + 1;
	linear[free].count = 0;
	return &linear[free].count;
}

static void linear_tidy(void)
{
	unsigned int i;

	for (i = 0; i < LINEAR_SLOTS; i++)
		if (linear[i].key && !linear[i].count)
			linear[i].key = 0;
}

/* Record p -> q, unless p is a target or q a holder already. */
static bool linear_link(mfn_t p, mfn_t q)
{
	long *pc, *qc;
	bool ok = false;

	spin_lock(&linear_lock);
	pc = linear_count(p, true);
	qc = linear_count(q, true);
	if (pc && qc && *pc >= 0 && *qc <= 0) {
		++*pc;
		--*qc;
		ok = true;
	}
	linear_tidy();
	spin_unlock(&linear_lock);
	return ok;
}

static void linear_unlink(mfn_t p, mfn_t q)
{
	long *pc, *qc;

	spin_lock(&linear_lock);
	pc = linear_count(p, false);
	qc = linear_count(q, false);
	BUG_ON(!pc || !qc || *pc <= 0 || *qc >= 0);
	--*pc;
	++*qc;
	linear_tidy();
	spin_unlock(&linear_lock);
}

long pt_linear_count(mfn_t m)
{
	long *c, v;

	spin_lock(&linear_lock);
	c = linear_count(m, false);
	v = c ? *c : 0;
	spin_unlock(&linear_lock);
	return v;
}

/* A type reference on q as a validated table of type, if it is one. */
static bool get_type_if_validated(struct page_info *q, unsigned long type)
{
	unsigned long x = ti_load(q);

	do {
		if ((x & PGT_count_mask) == PGT_count_mask ||
		    (x & (PGT_type_mask | PGT_validated)) !=
			(type | PGT_validated))
			return false;
	} while (!ti_cmpxchg(q, &x, x + 1));
	return true;
}

static bool get_linear(pte_t e, unsigned int level, mfn_t tmfn,
		       struct domain *d)
{
	mfn_t q = pte_mfn(e);
	struct page_info *qp;

	if (pte_rw(e) || frame_is_io(q) || !get_page(mfn_to_page(q), d))
		return false;
	qp = mfn_to_page(q);
	if (!linear_link(tmfn, q)) {
		put_page(qp);
		return false;
	}
	if (!get_type_if_validated(qp, level_type(level))) {
		linear_unlink(tmfn, q);
		put_page(qp);
		return false;
	}
	return true;
}

/* L2..L4 entry of table tmfn at the given level. */
static int get_page_from_upper(pte_t e, unsigned int level, mfn_t tmfn,
			       struct domain *d)
{
	int rc;

	if (pte_flags(e) & BASE_DISALLOW)
		return -EINVAL;
	rc = get_page_and_type_from_mfn(pte_mfn(e), level_type(level - 1), d);
	if (rc != -EINVAL || pte_rw(e))
		return rc;
	/* Read-only, back to its own table: recursive, no refs. */
	if (mfn_eq(pte_mfn(e), tmfn))
		return 0;
	return get_linear(e, level, tmfn, d) ? 0 : -EINVAL;
}

static void put_page_from_upper(pte_t e, unsigned int level, mfn_t tmfn)
{
	struct page_info *q;

	if (!pte_present(e) || mfn_eq(pte_mfn(e), tmfn))
		return;
	ASSERT(!pte_pse(e)); /* never accepted from a guest */
	q = mfn_to_page(pte_mfn(e));
	/* Our type reference keeps q's type: same level means linear. */
	if (pgt_type(q) == level_type(level))
		linear_unlink(tmfn, pte_mfn(e));
	put_page_and_type(q);
}

/* ---- validation and devalidation of a whole table ---- */

static int promote_l1(struct page_info *pg)
{
	struct domain *d = page_get_owner(pg);
	pte_t *t = page_to_virt(pg);
	uint64_t flip;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < PT_ENTRIES; i++) {
		if (!pte_present(t[i]))
			continue;
		rc = get_page_from_l1e(t[i], d, d, &flip);
		if (rc)
			break;
		t[i] = adjust_l1e(t[i] ^ flip);
	}
	if (!rc)
		return 0;
	while (i--)
		put_page_from_l1e(t[i], d);
	return rc;
}

static bool slot_is_guest(unsigned int level, unsigned int slot)
{
	return level != 4 || l4_slot_is_guest(slot);
}

static int promote_upper(struct page_info *pg, unsigned int level)
{
	struct domain *d = page_get_owner(pg);
	mfn_t tmfn = page_to_mfn(pg);
	pte_t *t = page_to_virt(pg);
	unsigned int i;
	int rc = 0;

	for (i = 0; i < PT_ENTRIES; i++) {
		if (!slot_is_guest(level, i) || !pte_present(t[i]))
			continue;
		rc = get_page_from_upper(t[i], level, tmfn, d);
		if (rc)
			break;
		t[i] = adjust_upper(t[i]);
	}
	if (!rc) {
		if (level == 4)
			pt_init_xen_l4_slots(t, tmfn, d);
		return 0;
	}
	while (i--)
		if (slot_is_guest(level, i))
			put_page_from_upper(t[i], level, tmfn);
	return rc;
}

static int promote_desc(struct page_info *pg)
{
	const struct domain *d = page_get_owner(pg);
	uint64_t *desc = page_to_virt(pg);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*desc); i++)
		if (!pv_check_descriptor(d, &desc[i]))
			return -EINVAL;
	return 0;
}

static int validate(struct page_info *pg, unsigned long type)
{
	if (type == PGT_l1_page_table)
		return promote_l1(pg);
	if (type_is_pt(type))
		return promote_upper(pg, type_level(type));
	ASSERT(type == PGT_seg_desc_page);
	return promote_desc(pg);
}

static void devalidate(struct page_info *pg, unsigned long type)
{
	struct domain *d = page_get_owner(pg);
	mfn_t tmfn = page_to_mfn(pg);
	unsigned int level = type_level(type), i;
	pte_t *t = page_to_virt(pg);

	for (i = 0; i < PT_ENTRIES; i++) {
		if (level == 1)
			put_page_from_l1e(t[i], d);
		else if (slot_is_guest(level, i))
			put_page_from_upper(t[i], level, tmfn);
	}
}

/* ---- type references ---- */

int get_page_type(struct page_info *pg, unsigned long type)
{
	unsigned long x = ti_load(pg), nx;
	bool changed;
	int rc;

	for (;;) {
		nx = x + 1;
		changed = false;
		if (!(nx & PGT_count_mask))
			return -EINVAL; /* overflow */
		if (!(x & PGT_count_mask)) {
			if ((x & PGT_type_mask) != type) {
				nx &= ~(PGT_type_mask | PGT_validated);
				nx |= type;
				changed = true;
			}
		} else if ((x & PGT_type_mask) != type) {
			return -EINVAL;
		} else if (!(x & PGT_validated) && type != PGT_writable_page) {
			/* Being validated on another CPU. */
			pv_relax();
			x = ti_load(pg);
			continue;
		}
		/* Writable needs no validation, whoever set the type. */
		if (type == PGT_writable_page)
			nx |= PGT_validated;
		if (ti_cmpxchg(pg, &x, nx))
			break;
	}
	if (changed)
		pv_type_change_flush(pg);
	if (nx & PGT_validated)
		return 0;
	rc = validate(pg, type);
	if (rc) {
		/* Nobody else can hold a reference to an unvalidated type. */
		__atomic_store_n(&pg->u.inuse.type_info, 0, __ATOMIC_RELEASE);
		return rc;
	}
	__atomic_fetch_or(&pg->u.inuse.type_info, PGT_validated,
			  __ATOMIC_ACQ_REL);
	return 0;
}

void put_page_type(struct page_info *pg)
{
	unsigned long x = ti_load(pg), nx;

	for (;;) {
		BUG_ON(!(x & PGT_count_mask));
		nx = x - 1;
		if ((nx & (PGT_count_mask | PGT_locked)) == PGT_locked) {
			/* Only the lock's own reference would remain. */
			pv_relax();
			x = ti_load(pg);
			continue;
		}
		/* Its last user gone, the frame may change type: from
		 * now on only stale TLB entries can use it as before. */
		if (!(nx & PGT_count_mask))
			page_set_tlbflush_timestamp(pg);
		if (!(nx & PGT_count_mask) && type_is_pt(x) &&
		    (x & PGT_validated)) {
			/* Last reference: devalidate while we still count. */
			if (!ti_cmpxchg(pg, &x, x & ~PGT_validated))
				continue;
			devalidate(pg, x & PGT_type_mask);
			__atomic_fetch_sub(&pg->u.inuse.type_info, 1,
					   __ATOMIC_ACQ_REL);
			return;
		}
		if (ti_cmpxchg(pg, &x, nx))
			return;
	}
}

int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type)
{
	int rc;

	if (!get_page(pg, d))
		return -EINVAL;
	rc = get_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}

int get_page_and_type_from_mfn(mfn_t mfn, unsigned long type, struct domain *d)
{
	if (frame_is_io(mfn))
		return -EINVAL;
	return get_page_and_type(mfn_to_page(mfn), d, type);
}

/* ---- pinning ---- */

int pt_pin(struct domain *d, mfn_t mfn, unsigned long type)
{
	struct page_info *pg;
	unsigned long old;
	int rc;

	rc = get_page_and_type_from_mfn(mfn, type, d);
	if (rc)
		return rc;
	pg = mfn_to_page(mfn);
	old = __atomic_fetch_or(&pg->u.inuse.type_info, PGT_pinned,
				__ATOMIC_ACQ_REL);
	if (old & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	return 0;
}

int pt_unpin(struct domain *d, mfn_t mfn)
{
	struct page_info *pg;
	unsigned long x;

	if (frame_is_io(mfn) || !get_page(mfn_to_page(mfn), d))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	x = ti_load(pg);
	do {
		if (!(x & PGT_pinned)) {
			put_page(pg);
			return -EINVAL;
		}
	} while (!ti_cmpxchg(pg, &x, x & ~PGT_pinned));
	put_page_and_type(pg); /* the pin's references */
	put_page(pg);
	return 0;
}

/* ---- the table lock ---- */

bool pt_lock(struct page_info *pg)
{
	unsigned long x = ti_load(pg), nx;

	for (;;) {
		if (x & PGT_locked) {
			pv_relax();
			x = ti_load(pg);
			continue;
		}
		nx = x + (1 | PGT_locked);
		if (!(x & PGT_validated) || !(x & PGT_count_mask) ||
		    !(nx & PGT_count_mask))
			return false;
		if (ti_cmpxchg(pg, &x, nx))
			return true;
	}
}

void pt_unlock(struct page_info *pg)
{
	unsigned long x = ti_load(pg), nx;

	do {
		BUG_ON(!(x & PGT_locked));
		nx = x - (1 | PGT_locked);
		BUG_ON(!(nx & PGT_count_mask));
	} while (!ti_cmpxchg(pg, &x, nx));
}

/* ---- one entry ---- */

/*
 * Write new over *old at pl.  Under the table lock only the MMU writes the
 * entry too, setting A or D; with preserve_ad those are kept.  *old gets
 * the value actually replaced.
 */
static void pte_install(pte_t *pl, pte_t *old, pte_t new, bool preserve_ad)
{
	const uint64_t ad = _PAGE_ACCESSED | _PAGE_DIRTY;
	pte_t cur = *old;

	for (;;) {
		pte_t val = preserve_ad ? new | (cur & ad) : new;

		if (pte_cmpxchg(pl, &cur, val))
			break;
		BUG_ON(pte_changed(cur, *old, ad));
	}
	*old = cur;
}

int pt_mod_l1_entry(pte_t *pl, pte_t new, bool preserve_ad,
		    struct domain *pt_owner, struct domain *pg_owner)
{
	pte_t old = pte_read_atomic(pl);
	uint64_t flip;
	int rc;

	if (pte_present(new)) {
		if (pte_flags(new) & l1_disallow(pt_owner))
			return -EINVAL;
		if (!pte_changed(old, new, PTE_FASTPATH_FLAGS)) {
			pte_install(pl, &old, adjust_l1e(new), preserve_ad);
			return 0;
		}
		rc = get_page_from_l1e(new, pt_owner, pg_owner, &flip);
		if (rc)
			return rc;
		new = adjust_l1e(new ^ flip);
	}
	pte_install(pl, &old, new, preserve_ad);
	put_page_from_l1e(old, pt_owner);
	return 0;
}

int pt_mod_entry(pte_t *pl, pte_t new, mfn_t tmfn, bool preserve_ad,
		 struct domain *d)
{
	unsigned int level = type_level(pgt_type(mfn_to_page(tmfn)));
	pte_t old;
	int rc;

	ASSERT(level >= 2 && level <= 4);
	if (!slot_is_guest(level, pte_slot(pl)))
		return -EINVAL;
	old = pte_read_atomic(pl);
	if (pte_present(new)) {
		if (pte_flags(new) & BASE_DISALLOW)
			return -EINVAL;
		if (!pte_changed(old, new, PTE_FASTPATH_FLAGS)) {
			pte_install(pl, &old, adjust_upper(new), preserve_ad);
			return 0;
		}
		rc = get_page_from_upper(new, level, tmfn, d);
		if (rc)
			return rc;
		new = adjust_upper(new);
	}
	pte_install(pl, &old, new, preserve_ad);
	put_page_from_upper(old, level, tmfn);
	return 0;
}

/*
 * Writable page tables: replace old by new at pl only if the entry still
 * holds old (the guest's instruction saw old).  -EAGAIN if it changed
 * meanwhile, with nothing taken.  Caller holds the table's PGT_locked.
 */
int pt_cmpxchg_l1_entry(pte_t *pl, pte_t old, pte_t new, struct domain *d)
{
	bool fast =
	    pte_present(new) && !pte_changed(old, new, PTE_FASTPATH_FLAGS);
	pte_t cur = old;
	uint64_t flip = 0;
	int rc;

	if (pte_present(new)) {
		if (pte_flags(new) & l1_disallow(d))
			return -EINVAL;
		if (!fast) {
			rc = get_page_from_l1e(new, d, d, &flip);
			if (rc)
				return rc;
		}
		new = adjust_l1e(new ^ flip);
	}
	if (!pte_cmpxchg(pl, &cur, new)) {
		if (pte_present(new) && !fast)
			put_page_from_l1e(new, d);
		return -EAGAIN;
	}
	if (!fast)
		put_page_from_l1e(old, d);
	return 0;
}

/*
 * A xenheap page the guest may map (shared_info): owned by d, one
 * allocation reference, and a permanent writable type reference, so it
 * can never become a page table (Xen's share_xen_page_with_guest).
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
	ASSERT(page_is_xen_heap(pg) && page_is_inuse(pg));
	pg->u.inuse.owner = d;
	pg->u.inuse.type_info = PGT_writable_page | PGT_validated | 1;
	pg->count_info = (pg->count_info & ~PGC_count_mask) | PGC_allocated | 1;
}

/* Undo it before free_xenheap_pages(); false while a mapping remains. */
bool unshare_xen_page(struct page_info *pg)
{
	if (page_refcnt(pg) != 1 || pgt_count(pg) != 1)
		return false;
	pg->count_info &= ~(PGC_count_mask | PGC_allocated);
	pg->u.inuse.type_info = 0;
	pg->u.inuse.owner = NULL;
	page_set_tlbflush_timestamp(pg); /* mapped by the guest until now */
	return true;
}
