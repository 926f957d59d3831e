/*
 * PV page types on the host: validation rules of every level, pinning,
 * recursive entries, the reserved L4 slots, single-entry updates in all
 * their forms (own, foreign, DOMID_IO, device frames, PRESERVE_AD),
 * descriptor pages, and long seeded random sequences with pt_audit()
 * after every step, ending with a teardown that must give every frame
 * back.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <public/errno.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "pt_harness.h"

#define L1 PGT_l1_page_table
#define L2 PGT_l2_page_table
#define L3 PGT_l3_page_table
#define L4 PGT_l4_page_table

static struct page_info *pg(mfn_t m)
{
	return mfn_to_page(m);
}

static pte_t ent(mfn_t m, uint64_t flags)
{
	return pte_from_mfn(m, flags);
}

/* Only the allocation reference left, no type reference. */
static bool idle(mfn_t m)
{
	return page_refcnt(pg(m)) == 1 && pgt_count(pg(m)) == 0;
}

static void test_l1_rules(void)
{
	mfn_t l1, data, other, l1b;
	pte_t *t;

	pt_boot();
	l1 = pt_alloc(&domu);
	data = pt_alloc(&domu);
	other = pt_alloc(&dom0);
	t = pt_map(l1);
	t[0] = ent(data, PTE_P | PTE_RW);
	t[1] = ent(data, PTE_P); /* read-only alias */
	CHECK_EQ(pt_pin(&domu, l1, L1), 0);
	CHECK(pt_audit_all());
	CHECK_EQ(pgt_type(pg(data)), PGT_writable_page);
	CHECK_EQ(pgt_count(pg(data)), 1);
	CHECK_EQ(page_refcnt(pg(data)), 3);
	CHECK_EQ(page_refcnt(pg(l1)), 2); /* allocation + pin */
	/* US forced on, kernel-only marker set */
	CHECK(t[0] & _PAGE_USER);
	CHECK(t[0] & _PAGE_GUEST_KERNEL);
	/* The writable data frame cannot become a page table. */
	CHECK_EQ(pt_pin(&domu, data, L1), -EINVAL);
	/* Pin twice, unpin, unpin again. */
	CHECK_EQ(pt_pin(&domu, l1, L1), -EINVAL);
	CHECK_EQ(pt_unpin(&domu, l1), 0);
	CHECK_EQ(pt_unpin(&domu, l1), -EINVAL);
	CHECK(idle(l1) && idle(data));
	CHECK(pt_audit_all());

	/* An L1 mapping itself writable cannot be validated. */
	t[0] = ent(l1, PTE_P | PTE_RW);
	t[1] = 0;
	CHECK_EQ(pt_pin(&domu, l1, L1), -EBUSY);
	CHECK(idle(l1) && pgt_type(pg(l1)) == PGT_none);
	/* ... but read-only is fine. */
	t[0] = ent(l1, PTE_P);
	CHECK_EQ(pt_pin(&domu, l1, L1), 0);
	CHECK(pt_audit_all());
	CHECK_EQ(pt_unpin(&domu, l1), 0);

	/* Another domain's frame, Xenolith's frame, a free frame. */
	l1b = pt_alloc(&domu);
	t = pt_map(l1b);
	t[5] = ent(other, PTE_P);
	CHECK_EQ(pt_pin(&domu, l1b, L1), -EBUSY);
	t[5] = ent(_mfn(XEN_MFN), PTE_P);
	CHECK_EQ(pt_pin(&domu, l1b, L1), -EBUSY);
	t[5] = ent(_mfn(0x3000), PTE_P); /* never allocated */
	CHECK_EQ(pt_pin(&domu, l1b, L1), -EBUSY);
	/* Device memory: domU refused, dom0 maps it uncached. */
	t[5] = ent(_mfn(IO_FIRST), PTE_P | PTE_RW);
	CHECK_EQ(pt_pin(&domu, l1b, L1), -EPERM);
	t[5] = ent(_mfn(max_page + 10), PTE_P);
	CHECK_EQ(pt_pin(&domu, l1b, L1), -EPERM);
	/* Flags: cache attributes for domU, PSE/PAT bit. */
	t[5] = ent(data, PTE_P | _PAGE_PCD);
	CHECK_EQ(pt_pin(&domu, l1b, L1), -EINVAL);
	t[5] = ent(data, PTE_P | _PAGE_GLOBAL | _PAGE_NX | _PAGE_AVAIL);
	CHECK_EQ(pt_pin(&domu, l1b, L1), 0);
	CHECK_EQ(pt_unpin(&domu, l1b), 0);
	CHECK(pt_audit_all());
	CHECK(idle(l1b) && idle(data) && idle(other));
}

static void test_io_for_dom0(void)
{
	mfn_t l1, data;
	pte_t *t;

	pt_boot();
	l1 = pt_alloc(&dom0);
	data = pt_alloc(&dom0);
	t = pt_map(l1);
	t[0] = ent(_mfn(IO_FIRST + 1), PTE_P | PTE_RW);
	t[1] = ent(data, PTE_P | PTE_RW | _PAGE_PCD);
	CHECK_EQ(pt_pin(&dom0, l1, L1), 0);
	/* A cacheable device mapping becomes uncacheable. */
	CHECK_EQ(pte_flags(t[0]) & (_PAGE_PCD | _PAGE_PWT),
		 _PAGE_PCD | _PAGE_PWT);
	CHECK(pt_audit_all());
	CHECK_EQ(pt_unpin(&dom0, l1), 0);
	CHECK(idle(l1) && idle(data));
}

/* l4 -> l3 -> l2 -> l1 -> data, all of d, mapping VA 0. */
static void build_tree(struct domain *d, mfn_t m[5])
{
	unsigned int i;

	for (i = 0; i < 5; i++)
		m[i] = pt_alloc(d);
	for (i = 0; i < 4; i++)
		pt_map(m[i])[0] = ent(m[i + 1], PTE_P | PTE_RW | PTE_US);
}

static void test_tree_and_reserved_slots(void)
{
	mfn_t m[5];
	pte_t *l4;
	unsigned int i;

	pt_boot();
	build_tree(&domu, m);
	l4 = pt_map(m[0]);
	l4[256] = ent(m[4], PTE_P | PTE_RW); /* guest junk in Xen's slot */
	CHECK_EQ(pt_pin(&domu, m[0], L4), 0);
	CHECK(pt_audit_all());
	CHECK_EQ(pgt_type(pg(m[1])), L3);
	CHECK_EQ(pgt_type(pg(m[2])), L2);
	CHECK_EQ(pgt_type(pg(m[3])), L1);
	CHECK_EQ(pgt_type(pg(m[4])), PGT_writable_page);
	/* Validation overwrote slot 256 with Xenolith's entry. */
	CHECK_EQ(pte_mfn(l4[256]).m, XEN_MFN + 256);
	/* The guest may not touch slots 256-271... */
	CHECK_EQ(
	    pv_pt_update(&domu, &domu, mfn_to_maddr(m[0]) + 8 * 260, 0, false),
	    -EINVAL);
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(m[0]) + 8 * 271,
			      ent(m[1], PTE_P), false),
		 -EINVAL);
	/* ... nor write a typed table directly as data. */
	CHECK_EQ(pt_pin(&domu, m[2], L1), -EINVAL);
	/* Wrong levels: an L2 where an L3 belongs. */
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(m[0]) + 8,
			      ent(m[2], PTE_P), false),
		 -EINVAL);
	/* Superpages are the hypervisor's only. */
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(m[2]) + 8,
			      ent(m[3], PTE_P | _PAGE_PSE), false),
		 -EINVAL);
	/* Base pointer, then unpin: the base pointer keeps the tree. */
	CHECK_EQ(pt_set_base(&domu, m[0]), 0);
	CHECK_EQ(pt_unpin(&domu, m[0]), 0);
	CHECK(pgt_validated(pg(m[3])));
	CHECK(pt_audit_all());
	CHECK_EQ(pt_set_base(&domu, INVALID_MFN), 0);
	for (i = 0; i < 5; i++)
		CHECK(idle(m[i]));
	CHECK_EQ(pgt_type(pg(m[1])), L3); /* type stays, unvalidated */
	CHECK(!pgt_validated(pg(m[1])));
	CHECK(pt_audit_all());
	/* Now writable again. */
	CHECK_EQ(get_page_type(pg(m[1]), PGT_writable_page), 0);
	put_page_type(pg(m[1]));
	CHECK(type_change_flushes > 0);
}

static void test_recursive(void)
{
	mfn_t a, b;
	pte_t *t;

	pt_boot();
	a = pt_alloc(&domu);
	b = pt_alloc(&domu);
	t = pt_map(a);
	t[0] = ent(a, PTE_P); /* read-only self map: allowed */
	CHECK_EQ(pt_pin(&domu, a, L4), 0);
	CHECK_EQ(page_refcnt(pg(a)), 2);
	CHECK(pt_audit_all());
	/* Writable self map refused, read-only one at another slot ok. */
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(a) + 8,
			      ent(a, PTE_P | PTE_RW), false),
		 -EINVAL);
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(a) + 16, ent(a, PTE_P),
			      false),
		 0);
	/* Another L4 read-only: a linear link with references... */
	CHECK_EQ(pt_pin(&domu, b, L4), 0);
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(a) + 24, ent(b, PTE_P),
			      false),
		 0);
	CHECK_EQ(pgt_count(pg(b)), 2);
	CHECK(pt_audit_all());
	/* ...writable never, and no chains either way. */
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(a) + 32,
			      ent(b, PTE_P | PTE_RW), false),
		 -EINVAL);
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(b) + 8, ent(a, PTE_P),
			      false),
		 -EINVAL);
	{
		mfn_t c = pt_alloc(&domu);

		CHECK_EQ(pt_pin(&domu, c, L4), 0);
		CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(c),
				      ent(a, PTE_P), false),
			 -EINVAL);
		/* a second table may link to b too */
		CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(c),
				      ent(b, PTE_P), false),
			 0);
		CHECK(pt_audit_all());
		CHECK_EQ(pt_unpin(&domu, c), 0);
		CHECK(idle(c));
	}
	/* b outlives its pin while a links to it; unlinking frees it. */
	CHECK_EQ(pt_unpin(&domu, b), 0);
	CHECK(pgt_validated(pg(b)));
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(a) + 24, 0, false), 0);
	CHECK(idle(b));
	CHECK(pt_audit_all());
	CHECK_EQ(pt_unpin(&domu, a), 0);
	CHECK(idle(a) && idle(b));
}

static void test_updates(void)
{
	mfn_t l1, d1, d2, f;
	pte_t *t;
	paddr_t e0;

	pt_boot();
	l1 = pt_alloc(&domu);
	d1 = pt_alloc(&domu);
	d2 = pt_alloc(&domu);
	f = pt_alloc(&dom0);
	e0 = mfn_to_maddr(l1);
	t = pt_map(l1);
	/* Untyped frame: a plain store, nothing validated or counted. */
	CHECK_EQ(pv_pt_update(&domu, &domu, e0, ent(d1, PTE_P | PTE_RW), false),
		 0);
	CHECK(idle(d1));
	CHECK_EQ(pt_pin(&domu, l1, L1), 0);
	CHECK_EQ(pgt_count(pg(d1)), 1);
	/* Validated update moves the references. */
	CHECK_EQ(pv_pt_update(&domu, &domu, e0, ent(d2, PTE_P), false), 0);
	CHECK(idle(d1));
	CHECK_EQ(page_refcnt(pg(d2)), 2);
	CHECK(pt_audit_all());
	/* Fast path: A/D/NX only. */
	CHECK_EQ(pv_pt_update(&domu, &domu, e0,
			      ent(d2, PTE_P | _PAGE_ACCESSED | _PAGE_NX),
			      false),
		 0);
	CHECK_EQ(page_refcnt(pg(d2)), 2);
	/* PRESERVE_AD keeps the dirty bit the "MMU" set. */
	t[0] |= _PAGE_DIRTY;
	CHECK_EQ(pv_pt_update(&domu, &domu, e0, ent(d2, PTE_P | PTE_RW), true),
		 0);
	CHECK(t[0] & _PAGE_DIRTY);
	CHECK_EQ(pgt_count(pg(d2)), 1);
	CHECK(pt_audit_all());
	/* Mapping the L1 itself writable through itself: refused. */
	CHECK_EQ(
	    pv_pt_update(&domu, &domu, e0 + 8, ent(l1, PTE_P | PTE_RW), false),
	    -EBUSY);
	/* Foreign: domU may not name dom0's frame, dom0 may name domU's. */
	CHECK_EQ(pv_pt_update(&domu, &domu, e0 + 8, ent(f, PTE_P), false),
		 -EBUSY);
	/* The core trusts pg_owner: mmu_update checks who may name it. */
	CHECK_EQ(pv_pt_update(&domu, &dom0, e0 + 8, ent(f, PTE_P), false), 0);
	CHECK(pt_audit_all());
	CHECK_EQ(pv_pt_update(&domu, &domu, e0 + 8, 0, false), 0);
	CHECK_EQ(pv_pt_update(&domu, dom_io, e0 + 8, ent(f, PTE_P), false),
		 -EBUSY);
	/* Frames of another domain as the table: refused. */
	CHECK_EQ(pv_pt_update(&dom0, &dom0, e0, 0, false), -EINVAL);
	CHECK_EQ(
	    pv_pt_update(&domu, &domu, mfn_to_maddr(_mfn(XEN_MFN)), 0, false),
	    -EINVAL);
	CHECK_EQ(pv_pt_update(&domu, &domu, (paddr_t)max_page << PAGE_SHIFT, 0,
			      false),
		 -EINVAL);
	CHECK(pt_audit_all());
	/* Unmap everything; unpinning returns all. */
	CHECK_EQ(pv_pt_update(&domu, &domu, e0, 0, false), 0);
	CHECK_EQ(pt_unpin(&domu, l1), 0);
	CHECK(idle(l1) && idle(d1) && idle(d2) && idle(f));
}

static void test_foreign_privileged(void)
{
	mfn_t l1, fu;
	paddr_t e0;

	pt_boot();
	l1 = pt_alloc(&dom0);
	fu = pt_alloc(&domu);
	e0 = mfn_to_maddr(l1);
	CHECK_EQ(pt_pin(&dom0, l1, L1), 0);
	/* dom0 maps domU's frame, naming domU as the page owner. */
	CHECK_EQ(pv_pt_update(&dom0, &domu, e0, ent(fu, PTE_P | PTE_RW), false),
		 0);
	CHECK_EQ(pgt_count(pg(fu)), 1);
	CHECK(pt_audit_all());
	/* ... and a device frame through DOMID_IO. */
	CHECK_EQ(pv_pt_update(&dom0, dom_io, e0 + 8, ent(_mfn(IO_LAST), PTE_P),
			      false),
		 0);
	/* L2-L4 updates never take a foreign page owner. */
	CHECK_EQ(pt_unpin(&dom0, l1), 0);
	CHECK(idle(fu));
	CHECK_EQ(pt_pin(&dom0, l1, L2), -EINVAL); /* entries are not L1s */
	CHECK(pt_audit_all());
}

static void test_descriptors(void)
{
	uint64_t d;
	mfn_t g;
	uint64_t *t;

	/* Flat 64-bit code, DPL 0: accepted with DPL raised to 3. */
	d = 0x00af9a000000ffffULL;
	CHECK(pv_check_descriptor(&domu, &d));
	CHECK_EQ((d >> 45) & 3, 3);
	/* Not present: anything goes. */
	d = 0x0000000000000000ULL | 0xdeadULL;
	CHECK(pv_check_descriptor(&domu, &d));
	/* A TSS, an LDT, an interrupt gate: refused. */
	d = 0x0000890000000067ULL;
	CHECK(!pv_check_descriptor(&domu, &d));
	d = 0x0000820000000000ULL;
	CHECK(!pv_check_descriptor(&domu, &d));
	d = 0x00008e0000100000ULL;
	CHECK(!pv_check_descriptor(&domu, &d));
	/* Call gate to a guest selector: accepted, DPL forced to 0. */
	d = 0x0000ec0000100000ULL; /* P, DPL3, type C, sel 0x10 */
	CHECK(pv_check_descriptor(&domu, &d));
	CHECK_EQ((d >> 45) & 3, 0);
	CHECK_EQ((d >> 16) & 0xffff, 0x13);
	/* Call gate into Xenolith's GDT entries: refused. */
	d = 0x0000ec00e0080000ULL; /* selector 0xe008 */
	CHECK(!pv_check_descriptor(&domu, &d));
	/* Upper half of a call gate (type 0). */
	d = 0x00000000ffffffffULL;
	CHECK(pv_check_descriptor(&domu, &d));

	pt_boot();
	g = pt_alloc(&domu);
	t = (uint64_t *)pt_map(g);
	t[1] = 0x00af9a000000ffffULL;
	CHECK_EQ(get_page_type(pg(g), PGT_seg_desc_page), 0);
	put_page_type(pg(g));
	t[2] = 0x0000890000000067ULL;			      /* TSS */
	CHECK_EQ(get_page_type(pg(g), PGT_seg_desc_page), 0); /* still valid */
	put_page_type(pg(g));
	CHECK_EQ(get_page_type(pg(g), PGT_writable_page), 0);
	put_page_type(pg(g));
	CHECK_EQ(get_page_type(pg(g), PGT_seg_desc_page), -EINVAL);
	CHECK(idle(g));
	/* A descriptor page is not writable through mmu_update. */
	t[2] = 0;
	CHECK_EQ(get_page_type(pg(g), PGT_seg_desc_page), 0);
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(g), 0, false),
		 -EINVAL);
	put_page_type(pg(g));
}

/* ---- random sequences ---- */

#define NR_RANDOM_PAGES 24

struct world {
	struct domain *d[2];
	mfn_t m[2][NR_RANDOM_PAGES];
};

static unsigned long rnd(unsigned long n)
{
	return (unsigned long)random() % n;
}

static mfn_t random_target(struct world *w, unsigned int di)
{
	switch (rnd(10)) {
	case 0:
		return _mfn(XEN_MFN);
	case 1:
		return _mfn(IO_FIRST + rnd(4));
	case 2:
		return w->m[!di][rnd(NR_RANDOM_PAGES)];
	case 3:
		return _mfn(max_page + rnd(4));
	default:
		return w->m[di][rnd(NR_RANDOM_PAGES)];
	}
}

static pte_t random_pte(struct world *w, unsigned int di)
{
	static const uint64_t flag_pool[] = {
	    _PAGE_RW, _PAGE_USER,  _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_GLOBAL,
	    _PAGE_NX, _PAGE_AVAIL, _PAGE_PCD,	   _PAGE_PSE,
	};
	uint64_t flags = rnd(8) ? PTE_P : 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flag_pool); i++)
		if (rnd(i < 2 ? 2 : 8) == 0)
			flags |= flag_pool[i];
	if (!rnd(20))
		return 0;
	return ent(random_target(w, di), flags);
}

static unsigned int random_slot(void)
{
	static const unsigned int slots[] = {0, 1, 2, 255, 256, 271, 272, 511};

	return slots[rnd(ARRAY_SIZE(slots))];
}

static struct domain *random_pg_owner(struct world *w, unsigned int di)
{
	switch (rnd(12)) {
	case 0:
		return w->d[!di];
	case 1:
		return dom_io;
	default:
		return w->d[di];
	}
}

/* Successful pins per level, typed updates, linear links: coverage. */
static unsigned long pins_ok[5], typed_updates_ok, linear_links;

static void random_step(struct world *w)
{
	unsigned int di = rnd(2), level = rnd(4) + 1;
	struct domain *d = w->d[di];
	mfn_t m = w->m[di][rnd(NR_RANDOM_PAGES)];
	int rc;

	switch (rnd(10)) {
	case 0:
	case 1:
		rc = pt_pin(d, m, (unsigned long)level << PGT_type_shift);
		pins_ok[level] += !rc;
		break;
	case 2:
		rc = pt_unpin(d, m);
		break;
	case 3:
		rc = pt_set_base(d, rnd(4) ? m : INVALID_MFN);
		break;
	default:
		rc = pv_pt_update(d, random_pg_owner(w, di),
				  mfn_to_maddr(m) + 8 * random_slot(),
				  random_pte(w, di), rnd(2));
		typed_updates_ok += !rc && pgt_is_page_table(pg(m));
		linear_links += !rc && pt_linear_count(m) > 0;
		break;
	}
	CHECK(rc == 0 || rc == -EINVAL || rc == -EBUSY || rc == -EPERM);
}

static void teardown(struct world *w)
{
	unsigned int di, i;

	for (di = 0; di < 2; di++) {
		pt_set_base(w->d[di], INVALID_MFN);
		for (i = 0; i < NR_RANDOM_PAGES; i++)
			if (pgt_pinned(pg(w->m[di][i])))
				CHECK_EQ(pt_unpin(w->d[di], w->m[di][i]), 0);
	}
	CHECK(pt_audit_all());
	for (di = 0; di < 2; di++)
		for (i = 0; i < NR_RANDOM_PAGES; i++) {
			CHECK(idle(w->m[di][i]));
			CHECK(put_page_alloc_ref(pg(w->m[di][i])));
		}
	CHECK_EQ(dom0.pages, 0);
	CHECK_EQ(domu.pages, 0);
	CHECK(mm_audit());
}

static void run_random(unsigned int seed, unsigned int steps)
{
	struct world w = {.d = {&dom0, &domu}};
	unsigned int i, di;

	srandom(seed);
	pt_boot();
	for (di = 0; di < 2; di++)
		for (i = 0; i < NR_RANDOM_PAGES; i++)
			w.m[di][i] = pt_alloc(w.d[di]);
	for (i = 0; i < steps && !check_failed_now; i++) {
		random_step(&w);
		if (!pt_audit_all()) {
			printf("  seed %u: audit failed after step %u\n", seed,
			       i);
			CHECK(0);
		}
	}
	teardown(&w);
}

static void test_random_sequences(void)
{
	unsigned int seed;

	for (seed = 1; seed <= 40 && !check_failed_now; seed++)
		run_random(seed, 400);
	printf("  pins L1 %lu L2 %lu L3 %lu L4 %lu, typed updates %lu\n",
	       pins_ok[1], pins_ok[2], pins_ok[3], pins_ok[4],
	       typed_updates_ok);
	CHECK(pins_ok[1] && pins_ok[2] && pins_ok[3] && pins_ok[4]);
	CHECK(typed_updates_ok > 100);
	printf("  steps on tables holding linear links: %lu\n", linear_links);
	CHECK(linear_links > 0);
}

/* Writable page tables: validated compare-and-exchange of one entry. */
static void test_cmpxchg_entry(void)
{
	mfn_t l1, d1, d2;
	pte_t *t;

	pt_boot();
	l1 = pt_alloc(&domu);
	d1 = pt_alloc(&domu);
	d2 = pt_alloc(&domu);
	t = pt_map(l1);
	t[0] = ent(d1, PTE_P | PTE_RW | PTE_US);
	CHECK_EQ(pt_pin(&domu, l1, L1), 0);
	CHECK(pt_lock(pg(l1)));
	/* Success: references move from d1 to d2; G never survives. */
	CHECK_EQ(pt_cmpxchg_l1_entry(&t[0], t[0],
				     ent(d2, PTE_P | PTE_US | _PAGE_GLOBAL),
				     &domu),
		 0);
	CHECK(!(t[0] & _PAGE_GLOBAL));
	CHECK(idle(d1));
	CHECK_EQ(page_refcnt(pg(d2)), 2);
	/* Lost race: nothing taken, nothing written. */
	CHECK_EQ(
	    pt_cmpxchg_l1_entry(&t[0], ent(d2, PTE_P), ent(d1, PTE_P), &domu),
	    -EAGAIN);
	CHECK(idle(d1));
	/* Refused entries. */
	CHECK_EQ(pt_cmpxchg_l1_entry(&t[1], 0, ent(l1, PTE_P | PTE_RW), &domu),
		 -EBUSY);
	CHECK_EQ(
	    pt_cmpxchg_l1_entry(&t[1], 0, ent(d1, PTE_P | _PAGE_PCD), &domu),
	    -EINVAL);
	/* Fast path (A/D), then clearing. */
	CHECK_EQ(pt_cmpxchg_l1_entry(&t[0], t[0], t[0] | _PAGE_DIRTY, &domu),
		 0);
	CHECK_EQ(page_refcnt(pg(d2)), 2);
	CHECK_EQ(pt_cmpxchg_l1_entry(&t[0], t[0], 0, &domu), 0);
	pt_unlock(pg(l1));
	CHECK(idle(d2));
	CHECK(pt_audit_all());
	CHECK_EQ(pt_unpin(&domu, l1), 0);
	CHECK(idle(l1));
}

/* The auditor itself must notice a wrong count. */
/*
 * TLB-flush timestamps (rule 6): a frame is stamped when its type count
 * falls to zero and when it is freed; a type change asks for a flush
 * against its stamp, and so does the heap when it hands out a frame
 * freed since boot.
 */
static void test_tlbflush_stamps(void)
{
	mfn_t l1, data, spare;
	struct page_info *p;
	uint64_t before;
	pte_t *t;

	pt_boot();
	l1 = pt_alloc(&domu);
	data = pt_alloc(&domu);
	CHECK_EQ(pg(data)->tlbflush_timestamp, 0); /* never freed */
	t = pt_map(l1);
	t[0] = ent(data, PTE_P | PTE_RW);
	CHECK_EQ(pt_pin(&domu, l1, L1), 0);
	before = tlbflush_pre(); /* a CPU flushed meanwhile */
	CHECK_EQ(pv_pt_update(&domu, &domu, mfn_to_maddr(l1), 0, false), 0);
	/* The last writable mapping went: stamped now, after that flush. */
	CHECK_EQ(pgt_count(pg(data)), 0);
	CHECK_EQ(pg(data)->tlbflush_timestamp, tlbflush_now());
	CHECK(pg(data)->tlbflush_timestamp >= before);
	/* Becoming a page table flushes against that stamp. */
	type_change_flushes = 0;
	CHECK_EQ(pt_pin(&domu, data, L1), 0);
	CHECK_EQ(type_change_flushes, 1);
	CHECK_EQ(type_change_stamp, pg(data)->tlbflush_timestamp);
	CHECK_EQ(pt_unpin(&domu, data), 0);
	CHECK_EQ(pt_unpin(&domu, l1), 0);
	CHECK(pt_audit_all());
	/* A freed frame is stamped, and handing it out again flushes. */
	tlbflush_pre();
	p = pg(data);
	CHECK(put_page_alloc_ref(p));
	CHECK_EQ(p->tlbflush_timestamp, tlbflush_now());
	alloc_flush_stamp = 0;
	do {
		spare = pt_alloc(&domu);
	} while (!mfn_eq(spare, data));
	CHECK_EQ(alloc_flush_stamp, p->tlbflush_timestamp);
}

/*
 * A big tree: L4 -> L3 -> 3 L2s -> 3 x 40 L1s, each L1 mapping a data
 * frame.  Returns the number of frames in m[] (tables, then the data).
 */
#define WALK_L2S 3
#define WALK_L1S 40
static unsigned int build_big_tree(mfn_t *m)
{
	unsigned int n = 0, i, j;
	mfn_t data = pt_alloc(&domu), l4, l3;
	pte_t *t;

	l4 = m[n++] = pt_alloc(&domu);
	l3 = m[n++] = pt_alloc(&domu);
	pt_map(l4)[1] = ent(l3, PTE_P | PTE_RW);
	for (i = 0; i < WALK_L2S; i++) {
		mfn_t l2 = m[n++] = pt_alloc(&domu);

		pt_map(l3)[i] = ent(l2, PTE_P | PTE_RW);
		for (j = 0; j < WALK_L1S; j++) {
			mfn_t l1 = m[n++] = pt_alloc(&domu);

			pt_map(l2)[j * 5] = ent(l1, PTE_P | PTE_RW);
			t = pt_map(l1);
			t[j] = ent(data, PTE_P);
			t[511 - j] = ent(data, PTE_P | PTE_RW);
		}
	}
	/* A read-only entry back at the L4 (recursive): not walked. */
	pt_map(l4)[2] = ent(l4, PTE_P);
	m[n++] = data;
	return n;
}

/* Walk with a preemption every `every` checks; audit after each step. */
static int walk_to_end(mfn_t root, unsigned long type, unsigned int every,
		       unsigned int *restarts)
{
	int rc;

	preempt_every = every;
	preempt_calls = 0;
	*restarts = 0;
	while ((rc = pt_prevalidate(&harness_walk, &domu, root, type)) ==
	       -ERESTART) {
		(*restarts)++;
		CHECK(pt_audit_all());
		if (*restarts > 100000)
			break;
	}
	preempt_every = 0;
	return rc;
}

/* Preemptible pins: the partial state is sound at every step, the pin
 * comes out the same, and dropping a walk half-way gives everything back. */
static void test_preemptible_pin(void)
{
	mfn_t m[2 + WALK_L2S * (WALK_L1S + 1) + 1];
	unsigned int n, i, restarts;

	pt_boot();
	n = build_big_tree(m);
	CHECK_EQ(walk_to_end(m[0], L4, 3, &restarts), 0);
	CHECK(restarts > WALK_L2S * WALK_L1S / 3);
	/* The root's children are validated and held by the walk. */
	CHECK(pgt_validated(pg(m[1])));
	CHECK(pgt_validated(pg(m[2])));
	CHECK(!pgt_validated(pg(m[0])));
	CHECK(pt_audit_all());
	CHECK_EQ(pt_pin(&domu, m[0], L4), 0);
	pt_preval_drop(&harness_walk);
	CHECK(harness_walk == NULL);
	CHECK(pt_audit_all());
	/* Exactly one reference each from the tree, as after a plain pin. */
	CHECK_EQ(pgt_count(pg(m[1])), 1);
	CHECK_EQ(pgt_count(pg(m[2])), 1);
	CHECK_EQ(pgt_count(pg(m[3])), 1);
	CHECK_EQ(pt_unpin(&domu, m[0]), 0);
	for (i = 0; i < n; i++)
		CHECK(idle(m[i]));

	/* Dropped half-way (a dying domain, another pin instead). */
	walk_to_end(m[0], L4, 0, &restarts); /* warm: nothing preempts */
	pt_preval_drop(&harness_walk);
	preempt_every = 2;
	preempt_calls = 0;
	for (i = 0; i < 25; i++)
		CHECK_EQ(pt_prevalidate(&harness_walk, &domu, m[0], L4),
			 -ERESTART);
	preempt_every = 0;
	CHECK(harness_walk != NULL);
	CHECK(pt_audit_all());
	pt_preval_drop(&harness_walk);
	CHECK(pt_audit_all());
	for (i = 0; i < n; i++)
		CHECK(idle(m[i]));

	/* Another root drops the old walk first. */
	preempt_every = 2;
	preempt_calls = 0;
	CHECK_EQ(pt_prevalidate(&harness_walk, &domu, m[0], L4), -ERESTART);
	preempt_every = 0;
	CHECK_EQ(pt_prevalidate(&harness_walk, &domu, m[2], L2), 0);
	CHECK(pt_audit_all());
	CHECK_EQ(pt_pin(&domu, m[2], L2), 0);
	pt_preval_drop(&harness_walk);
	CHECK_EQ(pt_unpin(&domu, m[2]), 0);
	for (i = 0; i < n; i++)
		CHECK(idle(m[i]));

	/* A bad entry deep down: the pin fails as without the walk, and
	 * every reference goes. */
	pt_map(m[2 + WALK_L2S * (WALK_L1S + 1) - 1])[7] =
	    ent(m[n - 1], PTE_P | _PAGE_PSE); /* the last L1: PAT bit */
	CHECK_EQ(pt_pin(&domu, m[0], L4), -EINVAL);
	CHECK_EQ(walk_to_end(m[0], L4, 4, &restarts), 0);
	CHECK(pt_audit_all());
	CHECK_EQ(pt_pin(&domu, m[0], L4), -EINVAL);
	pt_preval_drop(&harness_walk);
	CHECK(pt_audit_all());
	for (i = 0; i < n; i++)
		CHECK(idle(m[i]));
}

static void test_audit_catches(void)
{
	mfn_t l1, data;

	pt_boot();
	l1 = pt_alloc(&domu);
	data = pt_alloc(&domu);
	pt_map(l1)[3] = ent(data, PTE_P | PTE_RW);
	CHECK_EQ(pt_pin(&domu, l1, L1), 0);
	CHECK(pt_audit_all());
	pg(data)->u.inuse.type_info++;
	CHECK(!pt_audit_all());
	pg(data)->u.inuse.type_info--;
	pg(data)->count_info++;
	CHECK(!pt_audit_all());
	pg(data)->count_info--;
	/* An entry changed behind the type system's back. */
	pt_map(l1)[4] = ent(data, PTE_P);
	CHECK(!pt_audit_all());
	pt_map(l1)[4] = 0;
	CHECK(pt_audit_all());
}

int main(void)
{
	check_prog = "pagetype";
	RUN(test_l1_rules);
	RUN(test_io_for_dom0);
	RUN(test_tree_and_reserved_slots);
	RUN(test_recursive);
	RUN(test_updates);
	RUN(test_foreign_privileged);
	RUN(test_descriptors);
	RUN(test_cmpxchg_entry);
	RUN(test_audit_catches);
	RUN(test_tlbflush_stamps);
	RUN(test_preemptible_pin);
	RUN(test_random_sequences);
	return check_exit();
}
