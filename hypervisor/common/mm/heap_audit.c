/*
 * mm_audit(): check the heap invariants stated in page_alloc.c against the
 * frame table, the way Hedron's tests check a page table after every
 * update.  It walks every free list, then every frame, and reports the
 * first thing that disagrees.  Cost O(max_page): for unit tests after
 * every step and for a debug key, never for a hot path.
 */
#include <xenolith/lib.h>
#include "mm_private.h"

static bool audit_fail(const char *what, unsigned long mfn)
{
	printk(XENLOG_ERR "mm_audit: %s (mfn 0x%lx)\n", what, mfn);
	return false;
}

/* One free block headed by pg, found on list [z][order] of pool. */
static bool audit_block(const struct page_info *pg, unsigned int pool,
			unsigned int z, unsigned int order)
{
	unsigned long i, mfn = mfn_x(page_to_mfn(pg));
	unsigned long n = 1UL << order;

	if (pg < frame_table || mfn >= max_page || mfn + n > max_page)
		return audit_fail("free block outside the frame table", mfn);
	if (mfn == 0 || (mfn & (n - 1)))
		return audit_fail("free block not aligned to its order", mfn);
	if (page_zone(mfn) != z || page_zone(mfn + n - 1) != z)
		return audit_fail("free block on the wrong zone list", mfn);
	if (!page_is_free(pg) || pg->u.free.order != order ||
	    pg->u.free.pool != pool)
		return audit_fail("free list head not marked as such", mfn);
	for (i = 1; i < n; i++) {
		if (!page_is_free(pg + i) ||
		    pg[i].u.free.order != PAGE_ORDER_TAIL ||
		    pg[i].u.free.pool != pool)
			return audit_fail("free block overlaps another page",
					  mfn + i);
	}
	if (order < MAX_ORDER) {
		unsigned long b = mfn ^ n;
		const struct page_info *bp = frame_table + b;

		if (b < max_page && page_is_free(bp) &&
		    bp->u.free.order == order && bp->u.free.pool == pool)
			return audit_fail("free buddies left unmerged", mfn);
	}
	return true;
}

/* Walk one list; add its pages to *pages. */
static bool audit_list(const struct page_list_head *h, unsigned int pool,
		       unsigned int z, unsigned int order, unsigned long *pages)
{
	const struct page_info *pg, *prev = NULL;
	unsigned long steps = 0;

	for (pg = h->first; pg; prev = pg, pg = pg->list.next) {
		if (++steps > max_page)
			return audit_fail("free list loops", 0);
		if (pg->list.prev != prev)
			return audit_fail("free list back link broken",
					  mfn_x(page_to_mfn(pg)));
		if (!audit_block(pg, pool, z, order))
			return false;
		*pages += 1UL << order;
	}
	if (h->last != prev)
		return audit_fail("free list tail pointer wrong", 0);
	return true;
}

static bool audit_pool(unsigned int pool)
{
	const struct heap_pool *hp = &heap_pools[pool];
	unsigned long pages = 0;
	unsigned int z, j;

	for (z = 0; z < NR_ZONES; z++)
		for (j = 0; j <= MAX_ORDER; j++)
			if (!audit_list(&hp->free[z][j], pool, z, j, &pages))
				return false;
	if (pages != hp->avail)
		return audit_fail("pool free count differs from its lists",
				  pool);
	if (hp->avail > hp->total)
		return audit_fail("pool has more free than total pages", pool);
	return true;
}

/* Every frame's state must add up to the pools' accounting. */
static bool audit_frames(void)
{
	unsigned long free_pages[MM_NR_POOLS] = {0};
	unsigned long used[MM_NR_POOLS] = {0};
	unsigned long mfn;
	unsigned int p;

	for (mfn = 0; mfn < max_page; mfn++) {
		const struct page_info *pg = frame_table + mfn;

		if (page_is_free(pg)) {
			if (pg->u.free.pool >= MM_NR_POOLS)
				return audit_fail("free page in no pool", mfn);
			free_pages[pg->u.free.pool]++;
		} else if (page_is_inuse(pg)) {
			used[page_is_xen_heap(pg) ? MM_POOL_XENHEAP
						  : MM_POOL_DOMHEAP]++;
		} else if (page_state(pg) != PGC_state_none) {
			return audit_fail("page in an unknown state", mfn);
		}
	}
	for (p = 0; p < MM_NR_POOLS; p++) {
		if (free_pages[p] != heap_pools[p].avail)
			return audit_fail("free pages not all on lists", p);
		if (used[p] != heap_pools[p].total - heap_pools[p].avail)
			return audit_fail("inuse pages differ from accounting",
					  p);
	}
	return true;
}

bool mm_audit(void)
{
	bool ok = true;
	unsigned int p;

	spin_lock(&heap_lock);
	for (p = 0; p < MM_NR_POOLS && ok; p++)
		ok = audit_pool(p);
	if (ok)
		ok = audit_frames();
	spin_unlock(&heap_lock);
	return ok;
}
