/*
 * The page-type auditor: recount everything, compare with page_info.
 *
 * page_type.c keeps two counters per frame incrementally, through many
 * paths (validation, devalidation, entry updates, pins, base pointers).
 * A slip anywhere is a security hole that shows up much later, so the
 * tests check after every single step that the counters equal what a
 * from-scratch recount says (Hedron's "updates are atomic" discipline):
 *
 *   general count = allocation reference + one per present entry of a
 *                   validated table pointing at the frame (device frames
 *                   and recursive entries excepted) + pin + extra holders;
 *   type count    = one per RW L1 entry or L2-L4 entry pointing at it
 *                   (linear ones included) + pin + extra holders of a
 *                   type reference.
 *
 * The recount also re-checks the rules on every entry of every validated
 * table: flags, levels, owners, and that nothing page-table-typed is
 * mapped writable.  Extra holders (base pointers, GDT frames...) are
 * reported by the caller.  Nothing may be mid-update: no PGT_locked.
 */
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <asm/page_type.h>

struct audit_acc {
	uint32_t *ref;	/* expected general count per frame */
	uint32_t *type; /* expected type count per frame */
	int32_t *lin;	/* expected linear-link count (page_type.c) */
	bool ok;
};

static bool fail(struct audit_acc *a, mfn_t mfn, const char *what)
{
	if (a->ok)
		printk(XENLOG_ERR "pt_audit: mfn %#lx: %s\n", mfn_x(mfn), what);
	a->ok = false;
	return false;
}

static void add_extra(void *acc, mfn_t mfn, bool type_ref)
{
	struct audit_acc *a = acc;

	if (!mfn_valid(mfn)) {
		fail(a, mfn, "extra reference to an invalid frame");
		return;
	}
	a->ref[mfn_x(mfn)]++;
	if (type_ref)
		a->type[mfn_x(mfn)]++;
}

static bool domain_page(const struct page_info *pg)
{
	return page_is_inuse(pg) && !page_is_xen_heap(pg) &&
	       pg->u.inuse.owner != NULL;
}

/* Frames RAM-backed and referenced by an entry (not device frames). */
static bool counted_target(mfn_t mfn)
{
	return mfn_valid(mfn) && !pv_mfn_is_io(mfn);
}

static void count_l1(struct audit_acc *a, const struct page_info *pg)
{
	const pte_t *t = page_to_virt(pg);
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++) {
		mfn_t m = pte_mfn(t[i]);

		if (!pte_present(t[i]))
			continue;
		if (!pte_user(t[i]))
			fail(a, page_to_mfn(pg), "L1 entry without US");
		if (!counted_target(m))
			continue;
		if (!page_is_inuse(mfn_to_page(m)))
			fail(a, m, "mapped but not in use");
		a->ref[mfn_x(m)]++;
		if (!pte_rw(t[i]))
			continue;
		a->type[mfn_x(m)]++;
		if (pgt_type(mfn_to_page(m)) != PGT_writable_page)
			fail(a, m, "mapped RW but not of writable type");
	}
}

static void count_upper(struct audit_acc *a, const struct page_info *pg,
			unsigned int level)
{
	const pte_t *t = page_to_virt(pg);
	mfn_t self = page_to_mfn(pg);
	unsigned long want = (unsigned long)(level - 1) << PGT_type_shift;
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++) {
		mfn_t m = pte_mfn(t[i]);
		const struct page_info *tp;

		if ((level == 4 && !l4_slot_is_guest(i)) || !pte_present(t[i]))
			continue;
		if (pte_pse(t[i]) || !pte_user(t[i]))
			fail(a, self, "upper entry with PSE or without US");
		if (mfn_eq(m, self)) {
			if (pte_rw(t[i]))
				fail(a, self, "writable recursive entry");
			continue;
		}
		if (!counted_target(m)) {
			fail(a, self, "upper entry to a device frame");
			continue;
		}
		tp = mfn_to_page(m);
		if (!pgt_validated(tp) ||
		    (pgt_type(tp) != want &&
		     (pte_rw(t[i]) || pgt_type(tp) != pgt_type(pg))))
			fail(a, m,
			     "entry target not a validated lower table "
			     "(or read-only same-level one)");
		else if (page_get_owner(tp) != page_get_owner(pg))
			fail(a, m, "entry target owned by another domain");
		a->ref[mfn_x(m)]++;
		a->type[mfn_x(m)]++;
		if (pgt_type(tp) == pgt_type(pg)) { /* a linear link */
			a->lin[mfn_x(self)]++;
			a->lin[mfn_x(m)]--;
		}
	}
}

static void count_frame(struct audit_acc *a, const struct page_info *pg)
{
	unsigned long ti = pg->u.inuse.type_info;
	unsigned long type = ti & PGT_type_mask;
	mfn_t mfn = page_to_mfn(pg);

	if (page_is_allocated(pg))
		a->ref[mfn_x(mfn)]++;
	if (ti & PGT_locked)
		fail(a, mfn, "still locked");
	if (ti & PGT_pinned) {
		a->ref[mfn_x(mfn)]++;
		a->type[mfn_x(mfn)]++;
		if (!pgt_is_page_table(pg))
			fail(a, mfn, "pinned but not a page table");
	}
	if (!pgt_is_page_table(pg) || !(ti & PGT_validated))
		return;
	if (!(ti & PGT_count_mask))
		fail(a, mfn, "validated page table with no type reference");
	if (type == PGT_l1_page_table)
		count_l1(a, pg);
	else
		count_upper(a, pg, type >> PGT_type_shift);
}

static void compare(struct audit_acc *a, unsigned long mfn)
{
	const struct page_info *pg = &frame_table[mfn];

	if (a->ref[mfn] != page_refcnt(pg))
		fail(a, _mfn(mfn), "general count differs from recount");
	else if (a->type[mfn] != pgt_count(pg))
		fail(a, _mfn(mfn), "type count differs from recount");
	else if (a->lin[mfn] != pt_linear_count(_mfn(mfn)))
		fail(a, _mfn(mfn), "linear links differ from recount");
	if (!a->ok)
		printk(XENLOG_ERR "pt_audit: have ref %lu type %lu, recount "
				  "ref %u type %u (type_info %#lx)\n",
		       page_refcnt(pg), pgt_count(pg), a->ref[mfn],
		       a->type[mfn], pg->u.inuse.type_info);
}

static unsigned int order_for(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

bool pt_audit(const struct pt_audit_extra *extra)
{
	unsigned int order = order_for(max_page * sizeof(uint32_t));
	struct audit_acc a = {.ok = true};
	unsigned long mfn;

	a.ref = alloc_xenheap_pages(order);
	a.type = alloc_xenheap_pages(order);
	a.lin = alloc_xenheap_pages(order);
	BUG_ON(!a.ref || !a.type || !a.lin);
	memset(a.ref, 0, PAGE_SIZE << order);
	memset(a.type, 0, PAGE_SIZE << order);
	memset(a.lin, 0, PAGE_SIZE << order);
	for (mfn = 0; mfn < max_page; mfn++)
		if (domain_page(&frame_table[mfn]))
			count_frame(&a, &frame_table[mfn]);
	if (extra && extra->report)
		extra->report(extra->ctx, add_extra, &a);
	for (mfn = 0; mfn < max_page && a.ok; mfn++)
		if (domain_page(&frame_table[mfn]))
			compare(&a, mfn);
	free_xenheap_pages(a.lin, order);
	free_xenheap_pages(a.type, order);
	free_xenheap_pages(a.ref, order);
	return a.ok;
}
