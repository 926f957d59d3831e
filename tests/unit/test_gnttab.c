/*
 * Host tests of the grant-table core: the state of one entry as pins
 * come and go (v1 flags, v2 status words, the active entry), and the
 * maptrack handle allocator.  Random runs apply pins, unpins and the
 * granting guest's own rewrites of its entries, and after every step
 * check gnttab_check_entries() (in-use bits follow the pins) and a
 * model of the pin counts; maptrack runs check maptrack_audit().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/grant.h>
#include "check.h"

/* The xenheap, for maptrack pages: plain aligned host memory. */
static long pages_out;

void *alloc_xenheap_pages(unsigned int order)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);

	if (p)
		pages_out++;
	return p;
}

void free_xenheap_pages(void *va, unsigned int order)
{
	(void)order;
	if (va)
		pages_out--;
	free(va);
}

#define FRAMES 2
#define GRANTEE 1

static struct grant_table *table(unsigned int version)
{
	struct grant_table *gt = calloc(1, sizeof(*gt));
	unsigned int i;

	spin_lock_init(&gt->lock);
	spin_lock_init(&gt->maptrack_lock);
	gt->version = version;
	gt->nr_frames = FRAMES;
	gt->max_frames = FRAMES;
	gt->maptrack_max_frames = 4;
	gt->maptrack_free = MAPTRACK_NONE;
	for (i = 0; i < FRAMES; i++)
		gt->shared[i] = calloc(1, PAGE_SIZE);
	for (i = 0; i * GNTTAB_ACTIVE_PER_PAGE < FRAMES * GNTTAB_V1_PER_FRAME;
	     i++)
		gt->active[i] = calloc(1, PAGE_SIZE);
	gt->nr_status_frames = version == 2 ? 1 : 0;
	if (version == 2)
		gt->status[0] = calloc(1, PAGE_SIZE);
	return gt;
}

static void table_free(struct grant_table *gt)
{
	unsigned int i;

	for (i = 0; i < FRAMES; i++)
		free(gt->shared[i]);
	for (i = 0; i < GNTTAB_ACTIVE_PAGES; i++)
		free(gt->active[i]);
	free(gt->status[0]);
	maptrack_free_all(gt);
	free(gt);
}

static grant_entry_v1_t *v1(struct grant_table *gt, grant_ref_t ref)
{
	return (grant_entry_v1_t *)gt->shared[0] + ref;
}

static grant_entry_v2_t *v2(struct grant_table *gt, grant_ref_t ref)
{
	return (grant_entry_v2_t *)gt->shared[0] + ref;
}

static int pin(struct grant_table *gt, grant_ref_t ref, domid_t dom, bool rw,
	       bool sub_ok, struct grant_pin *p)
{
	int rc;

	spin_lock(&gt->lock);
	rc = gnttab_pin(gt, ref, dom, rw, sub_ok, p);
	spin_unlock(&gt->lock);
	return rc;
}

static void unpin(struct grant_table *gt, grant_ref_t ref, bool rw)
{
	spin_lock(&gt->lock);
	gnttab_unpin(gt, ref, rw);
	spin_unlock(&gt->lock);
}

static void test_v1_transitions(void)
{
	struct grant_table *gt = table(1);
	struct grant_pin p;
	uint16_t busy = GTF_permit_access | GTF_reading | GTF_writing;

	*v1(gt, 8) = (grant_entry_v1_t){ GTF_permit_access, GRANTEE, 0x1234 };
	CHECK_EQ(pin(gt, 8, GRANTEE, true, false, &p), GNTST_okay);
	CHECK_EQ(p.frame, 0x1234);
	CHECK_EQ(p.len, PAGE_SIZE);
	CHECK_EQ(v1(gt, 8)->flags, busy);
	/* The granter cannot end it now: its exchange expects no bits. */
	CHECK(!__sync_bool_compare_and_swap(&v1(gt, 8)->flags,
					    GTF_permit_access, 0));
	/* A later pin uses the frame of the first, not the entry's. */
	v1(gt, 8)->frame = 0x9999;
	CHECK_EQ(pin(gt, 8, GRANTEE, false, false, &p), GNTST_okay);
	CHECK_EQ(p.frame, 0x1234);
	CHECK_EQ(pin(gt, 8, GRANTEE + 1, false, false, &p),
		 GNTST_general_error);
	unpin(gt, 8, true);
	CHECK_EQ(v1(gt, 8)->flags, GTF_permit_access | GTF_reading);
	unpin(gt, 8, false);
	CHECK_EQ(v1(gt, 8)->flags, GTF_permit_access);
	CHECK_EQ(gnttab_check_entries(gt), 0);

	/* Refusals change nothing. */
	v1(gt, 9)->domid = GRANTEE;
	v1(gt, 9)->flags = GTF_permit_access | GTF_readonly;
	CHECK_EQ(pin(gt, 9, GRANTEE, true, false, &p), GNTST_general_error);
	CHECK_EQ(v1(gt, 9)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(pin(gt, 9, GRANTEE + 1, false, false, &p),
		 GNTST_general_error);
	CHECK_EQ(pin(gt, 10, GRANTEE, false, false, &p), GNTST_general_error);
	v1(gt, 10)->domid = GRANTEE;
	v1(gt, 10)->flags = GTF_accept_transfer;
	CHECK_EQ(pin(gt, 10, GRANTEE, false, false, &p), GNTST_general_error);
	CHECK_EQ(pin(gt, FRAMES * GNTTAB_V1_PER_FRAME, GRANTEE, false, false,
		     &p),
		 GNTST_bad_gntref);
	CHECK_EQ(pin(gt, ~0U, GRANTEE, false, false, &p), GNTST_bad_gntref);
	/* A read-only grant pinned read-only, then a write pin refused. */
	CHECK_EQ(pin(gt, 9, GRANTEE, false, false, &p), GNTST_okay);
	CHECK_EQ(pin(gt, 9, GRANTEE, true, false, &p), GNTST_general_error);
	CHECK_EQ(v1(gt, 9)->flags,
		 GTF_permit_access | GTF_readonly | GTF_reading);
	unpin(gt, 9, false);
	CHECK_EQ(gnttab_check_entries(gt), 0);
	CHECK(!gnttab_any_pinned(gt));
	table_free(gt);
}

static void test_v2_transitions(void)
{
	struct grant_table *gt = table(2);
	grant_status_t *st = gt->status[0];
	struct grant_pin p;

	v2(gt, 8)->full_page.frame = 0x5678;
	v2(gt, 8)->hdr.domid = GRANTEE;
	v2(gt, 8)->hdr.flags = GTF_permit_access;
	CHECK_EQ(pin(gt, 8, GRANTEE, true, false, &p), GNTST_okay);
	CHECK_EQ(p.frame, 0x5678);
	CHECK_EQ(st[8], GTF_reading | GTF_writing);
	CHECK_EQ(v2(gt, 8)->hdr.flags, GTF_permit_access);
	unpin(gt, 8, true);
	CHECK_EQ(st[8], 0);

	/* Sub-page: copies only, and they see the window. */
	v2(gt, 9)->sub_page.frame = 0x42;
	v2(gt, 9)->sub_page.page_off = 100;
	v2(gt, 9)->sub_page.length = 200;
	v2(gt, 9)->hdr.domid = GRANTEE;
	v2(gt, 9)->hdr.flags = GTF_permit_access | GTF_sub_page;
	CHECK_EQ(pin(gt, 9, GRANTEE, false, false, &p), GNTST_general_error);
	CHECK_EQ(st[9], 0);
	CHECK_EQ(pin(gt, 9, GRANTEE, false, true, &p), GNTST_okay);
	CHECK_EQ(p.off, 100);
	CHECK_EQ(p.len, 200);
	/* While a sub-page pin is held, a full-page user is refused. */
	CHECK_EQ(pin(gt, 9, GRANTEE, false, false, &p), GNTST_general_error);
	unpin(gt, 9, false);
	v2(gt, 9)->sub_page.length = PAGE_SIZE;	/* 100 + 4096 > page */
	CHECK_EQ(pin(gt, 9, GRANTEE, false, true, &p), GNTST_general_error);
	CHECK_EQ(st[9], 0);

	v2(gt, 10)->hdr.domid = GRANTEE;
	v2(gt, 10)->hdr.flags = GTF_transitive;
	CHECK_EQ(pin(gt, 10, GRANTEE, false, true, &p), GNTST_general_error);
	CHECK_EQ(pin(gt, FRAMES * GNTTAB_V2_PER_FRAME, GRANTEE, false, true,
		     &p),
		 GNTST_bad_gntref);
	CHECK_EQ(gnttab_check_entries(gt), 0);
	table_free(gt);
}

static int pin_trans(struct grant_table *gt, grant_ref_t ref, bool rw,
		     const struct grant_pin *target)
{
	int rc;

	spin_lock(&gt->lock);
	rc = gnttab_pin_transitive(gt, ref, GRANTEE, rw, target);
	spin_unlock(&gt->lock);
	return rc;
}

static int peek_trans(struct grant_table *gt, grant_ref_t ref, bool rw,
		      struct grant_pin *p)
{
	int rc;

	spin_lock(&gt->lock);
	rc = gnttab_peek_transitive(gt, ref, GRANTEE, rw, p);
	spin_unlock(&gt->lock);
	return rc;
}

/* A transitive entry: found by peek, pinned with its target's frame,
 * never by a plain pin (a map), and it follows its status bits. */
static void test_v2_transitive(void)
{
	struct grant_table *gt = table(2);
	grant_status_t *st = gt->status[0];
	struct grant_pin p, target = { .frame = 0x77, .off = 8, .len = 16,
				       .tdom = 3, .tref = 42 };

	v2(gt, 11)->transitive.trans_domid = 3;
	v2(gt, 11)->transitive.gref = 42;
	v2(gt, 11)->hdr.domid = GRANTEE;
	v2(gt, 11)->hdr.flags = GTF_transitive | GTF_readonly;
	CHECK_EQ(peek_trans(gt, 11, true, &p), GNTST_general_error);
	CHECK_EQ(peek_trans(gt, 11, false, &p), GNTST_okay);
	CHECK_EQ(p.tdom, 3);
	CHECK_EQ(p.tref, 42);
	CHECK_EQ(peek_trans(gt, 12, false, &p), GNTST_general_error);
	CHECK_EQ(peek_trans(gt, FRAMES * GNTTAB_V2_PER_FRAME, false, &p),
		 GNTST_bad_gntref);
	CHECK_EQ(pin_trans(gt, 11, true, &target), GNTST_general_error);
	CHECK_EQ(st[11], 0);
	CHECK_EQ(pin_trans(gt, 11, false, &target), GNTST_okay);
	CHECK_EQ(pin_trans(gt, 11, false, &target), GNTST_okay);
	CHECK_EQ(st[11], GTF_reading);
	CHECK_EQ(gnttab_active(gt, 11)->frame, 0x77);
	/* A map (plain pin) of it, even while pinned, is refused. */
	CHECK_EQ(pin(gt, 11, GRANTEE, false, true, &p), GNTST_general_error);
	/* A different target while pinned is refused. */
	target.tref = 43;
	CHECK_EQ(pin_trans(gt, 11, false, &target), GNTST_general_error);
	unpin(gt, 11, false);
	unpin(gt, 11, false);
	CHECK_EQ(st[11], 0);
	/* The entry no longer names that target: refused, bits back. */
	CHECK_EQ(pin_trans(gt, 11, false, &target), GNTST_general_error);
	CHECK_EQ(st[11], 0);
	/* Writable, on a writable re-grant. */
	target.tref = 42;
	v2(gt, 11)->hdr.flags = GTF_transitive;
	CHECK_EQ(pin_trans(gt, 11, true, &target), GNTST_okay);
	CHECK_EQ(st[11], GTF_reading | GTF_writing);
	CHECK_EQ(gnttab_check_entries(gt), 0);
	unpin(gt, 11, true);
	CHECK_EQ(gnttab_check_entries(gt), 0);
	CHECK(!gnttab_any_pinned(gt));
	table_free(gt);

	/* Version 1 has no transitive entries. */
	gt = table(1);
	v1(gt, 11)->domid = GRANTEE;
	v1(gt, 11)->flags = GTF_transitive;
	CHECK_EQ(peek_trans(gt, 11, false, &p), GNTST_general_error);
	CHECK_EQ(pin_trans(gt, 11, false, &target), GNTST_general_error);
	table_free(gt);
}

static void test_maptrack(void)
{
	struct grant_table *gt = table(1);
	uint32_t h[4 * MAPTRACK_PER_PAGE], i, n = 0;

	spin_lock(&gt->maptrack_lock);
	for (i = 0; i < ARRAY_SIZE(h); i++) {
		h[i] = maptrack_get(gt);
		CHECK(h[i] != MAPTRACK_NONE);
		CHECK(maptrack_entry(gt, h[i]) != NULL);
	}
	/* The limit: maptrack_max_frames pages. */
	CHECK_EQ(maptrack_get(gt), MAPTRACK_NONE);
	CHECK(maptrack_audit(gt));
	for (i = 0; i < ARRAY_SIZE(h); i += 2, n++)
		maptrack_put(gt, h[i]);
	CHECK_EQ(gt->maptrack_used, ARRAY_SIZE(h) - n);
	CHECK(maptrack_entry(gt, h[0]) == NULL);
	CHECK(maptrack_entry(gt, 1000000) == NULL);
	CHECK(maptrack_audit(gt));
	/* Freed handles are reused before the table grows. */
	CHECK(maptrack_get(gt) != MAPTRACK_NONE);
	CHECK_EQ(gt->maptrack_frames, 4);
	spin_unlock(&gt->maptrack_lock);
	table_free(gt);
	CHECK_EQ(pages_out, 0);
}

#define NREFS 32

/* The random run's model: pins per ref, the grant as the guest wrote it. */
struct model {
	unsigned int rw[NREFS], ro[NREFS];
};

static void random_step(struct grant_table *gt, struct model *m)
{
	grant_ref_t ref = rand() % NREFS;
	bool rw = rand() & 1;
	domid_t dom = rand() % 4 ? GRANTEE : GRANTEE + 1;
	struct grant_pin p;
	int rc;

	switch (rand() % 4) {
	case 0:	/* the guest (re)writes its entry, maybe ending it */
		if (gt->version == 1) {
			uint16_t want = rand() % 3 ? GTF_permit_access : 0;
			uint16_t old = v1(gt, ref)->flags & ~(GTF_reading |
							     GTF_writing);

			if (rand() & 1)
				want |= GTF_readonly;
			v1(gt, ref)->domid = rand() % 4 ? GRANTEE : 7;
			/* The ABI's way: an exchange expecting no bits. */
			__sync_bool_compare_and_swap(&v1(gt, ref)->flags, old,
						     want);
		} else {
			v2(gt, ref)->hdr.domid = rand() % 4 ? GRANTEE : 7;
			v2(gt, ref)->hdr.flags =
				(rand() % 3 ? GTF_permit_access : 0) |
				(rand() & 1 ? GTF_readonly : 0);
		}
		return;
	case 1:
	case 2:
		rc = pin(gt, ref, dom, rw, false, &p);
		if (rc == GNTST_okay) {
			CHECK_EQ(dom, GRANTEE);
			if (rw)
				m->rw[ref]++;
			else
				m->ro[ref]++;
		}
		return;
	default:
		if (rw && m->rw[ref]) {
			unpin(gt, ref, true);
			m->rw[ref]--;
		} else if (!rw && m->ro[ref]) {
			unpin(gt, ref, false);
			m->ro[ref]--;
		}
	}
}

static bool model_matches(struct grant_table *gt, const struct model *m)
{
	for (grant_ref_t ref = 0; ref < NREFS; ref++) {
		struct grant_active *a = gnttab_active(gt, ref);

		if (a->rw_pins != m->rw[ref] || a->ro_pins != m->ro[ref])
			return false;
	}
	return true;
}

static void random_run(unsigned int version, unsigned int seed)
{
	struct grant_table *gt = table(version);
	struct model m = { 0 };
	unsigned int step, bad = 0;

	srand(seed);
	for (step = 0; step < 20000 && !bad; step++) {
		random_step(gt, &m);
		bad = gnttab_check_entries(gt);
		if (bad)
			printf("  v%u seed %u step %u: ref %u bits wrong\n",
			       version, seed, step, bad - 1);
		if (!model_matches(gt, &m)) {
			printf("  v%u seed %u step %u: pins differ\n",
			       version, seed, step);
			bad = 1;
		}
	}
	CHECK_EQ(bad, 0);
	table_free(gt);
}

static void test_random_v1(void)
{
	for (unsigned int seed = 1; seed <= 8; seed++)
		random_run(1, seed);
}

static void test_random_v2(void)
{
	for (unsigned int seed = 1; seed <= 8; seed++)
		random_run(2, seed);
}

static void test_random_maptrack(void)
{
	struct grant_table *gt = table(1);
	static bool used[4 * MAPTRACK_PER_PAGE];
	unsigned int step, ok = 1;
	uint32_t h;

	srand(99);
	spin_lock(&gt->maptrack_lock);
	for (step = 0; step < 20000 && ok; step++) {
		if (rand() % 3) {
			h = maptrack_get(gt);
			if (h != MAPTRACK_NONE) {
				ok &= !used[h];
				used[h] = true;
			} else {
				ok &= gt->maptrack_used ==
				      4 * MAPTRACK_PER_PAGE;
			}
		} else {
			h = rand() % (4 * MAPTRACK_PER_PAGE);
			if (used[h]) {
				maptrack_put(gt, h);
				used[h] = false;
			}
			ok &= maptrack_entry(gt, h) == NULL;
		}
		ok &= maptrack_audit(gt);
	}
	spin_unlock(&gt->maptrack_lock);
	CHECK(ok);
	table_free(gt);
}

int main(void)
{
	check_prog = "unit/gnttab";
	RUN(test_v1_transitions);
	RUN(test_v2_transitions);
	RUN(test_v2_transitive);
	RUN(test_maptrack);
	RUN(test_random_v1);
	RUN(test_random_v2);
	RUN(test_random_maptrack);
	return check_exit();
}
