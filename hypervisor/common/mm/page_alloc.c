/*
 * The buddy allocator behind the xenheap and the domheap.
 *
 * Each pool keeps free blocks of 2^order pages (order 0..MAX_ORDER), every
 * block aligned to its own size.  Allocation takes the smallest block that
 * fits and splits it, returning the upper halves to the free lists;
 * freeing merges a block with its buddy (the block at mfn ^ 2^order) for
 * as long as the buddy is a whole free block of the same order in the
 * same pool.  So, after every operation:
 *
 *   - a free block's head page is in state free with u.free.order = its
 *     order and u.free.pool = its pool; its other pages say
 *     PAGE_ORDER_TAIL; no two free blocks overlap;
 *   - no free block below MAX_ORDER has a free buddy of the same order in
 *     the same pool (merging is complete);
 *   - pool->avail is the sum of the pool's free blocks, and
 *     pool->total - pool->avail its pages in state inuse.
 *
 * mm_audit() (heap_audit.c) checks exactly these.
 *
 * Free lists are further split by zone, the bit width of the frame number
 * (zone z holds frames [2^(z-1), 2^z)), so MEMF_bits(n) is a choice of
 * zones rather than a search.  A block never straddles two zones: it is
 * aligned to its size and never starts at frame 0, which the boot
 * allocator keeps out of the heaps.  Allocations prefer the highest zone,
 * keeping low memory for callers that need it.
 *
 * Locking: heap_lock protects heap_pools[] and the page_info of free
 * pages.  Inuse pages belong to whoever allocated them; scrubbing and
 * domain_page_assigned() run outside the lock.
 */
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>
#include <xenolith/tlbflush.h>
#include "mm_private.h"
#include <xenolith/low_mem.h>

struct heap_pool heap_pools[MM_NR_POOLS]; /* free lists, accounting */
DEFINE_SPINLOCK(heap_lock);		  /* heap_pools[], free pages */

unsigned int page_zone(unsigned long mfn)
{
	return mfn ? 64 - __builtin_clzl(mfn) : 0;
}

void heap_reset(void)
{
	memset(heap_pools, 0, sizeof(heap_pools));
}

static struct page_list_head *free_list(unsigned int pool, unsigned long mfn,
					unsigned int order)
{
	return &heap_pools[pool].free[page_zone(mfn)][order];
}

static void set_free_head(struct page_info *pg, unsigned int pool,
			  unsigned int order)
{
	pg->count_info = PGC_state_free;
	pg->u.free.order = order;
	pg->u.free.pool = pool;
}

static bool is_free_head(const struct page_info *pg, unsigned int pool,
			 unsigned int order)
{
	return page_is_free(pg) && pg->u.free.order == order &&
	       pg->u.free.pool == pool;
}

/* Put the free block [mfn, mfn + 2^order) on a list, merging. */
static void free_block(unsigned int pool, unsigned long mfn, unsigned int order)
{
	ASSERT(spin_is_locked(&heap_lock));
	while (order < MAX_ORDER) {
		unsigned long buddy = mfn ^ (1UL << order);
		struct page_info *bpg;

		if (buddy >= max_page)
			break;
		bpg = frame_table + buddy;
		if (!is_free_head(bpg, pool, order))
			break;
		page_list_del(bpg, free_list(pool, buddy, order));
		bpg->u.free.order = PAGE_ORDER_TAIL;
		frame_table[mfn].u.free.order = PAGE_ORDER_TAIL;
		mfn &= ~(1UL << order);
		order++;
	}
	set_free_head(frame_table + mfn, pool, order);
	page_list_add_tail(frame_table + mfn, free_list(pool, mfn, order));
}

/* Take a block of 2^order pages from zones [zlo, zhi], or NULL. */
static struct page_info *take_block(unsigned int pool, unsigned int zlo,
				    unsigned int zhi, unsigned int order)
{
	struct heap_pool *hp = &heap_pools[pool];
	unsigned int z, j;

	ASSERT(spin_is_locked(&heap_lock));
	for (z = zhi + 1; z-- > zlo;) {
		for (j = order; j <= MAX_ORDER; j++) {
			struct page_info *pg;

			pg = page_list_remove_head(&hp->free[z][j]);
			if (!pg)
				continue;
			/* Return the upper halves until 2^order is left. */
			while (j > order) {
				j--;
				set_free_head(pg + (1UL << j), pool, j);
				page_list_add_tail(pg + (1UL << j),
						   &hp->free[z][j]);
			}
			return pg;
		}
	}
	return NULL;
}

uint64_t tlbflush_clock = 1; /* xenolith/tlbflush.h; 0 is "never" */

/* Without an arch (host tests) there is no TLB to flush. */
__attribute__((weak)) void tlbflush_filter_all(uint64_t stamp)
{
	(void)stamp;
}

/* low_mem.c's hook (VIRQ_ENOMEM), under heap_lock after every
 * allocation with the pages left free in all pools; a no-op without it
 * (host tests). */
__attribute__((weak)) void heap_allocated(unsigned long avail)
{
	(void)avail;
}

static unsigned long heap_avail_total(void)
{
	unsigned long n = 0;
	unsigned int p;

	for (p = 0; p < MM_NR_POOLS; p++)
		n += heap_pools[p].avail;
	return n;
}

/*
 * Allocate 2^order pages from pool and mark them inuse.  A CPU may
 * still translate to a frame through an entry removed before it was
 * freed (guests flush their own TLBs when they choose): such CPUs are
 * flushed before the frame is handed out again.
 */
static struct page_info *heap_alloc(unsigned int pool, unsigned int zhi,
				    unsigned int order)
{
	unsigned long i, n = 1UL << order;
	uint64_t stamp = 0;
	struct page_info *pg;

	if (order > MAX_ORDER)
		return NULL;
	spin_lock(&heap_lock);
	pg = take_block(pool, 1, zhi, order);
	if (pg) {
		heap_pools[pool].avail -= n;
		for (i = 0; i < n; i++) {
			pg[i].count_info = PGC_state_inuse;
			if (pool == MM_POOL_XENHEAP)
				pg[i].count_info |= PGC_xen_heap;
			pg[i].u.inuse.owner = NULL;
			pg[i].u.inuse.type_info = 0;
			stamp = MAX(stamp, pg[i].tlbflush_timestamp);
		}
		heap_allocated(heap_avail_total());
	}
	spin_unlock(&heap_lock);
	if (stamp)
		tlbflush_filter_all(stamp);
	return pg;
}

/*
 * Check that [pg, pg + 2^order) is one inuse allocation of pool that
 * nobody references any more; a double free or a stray free is a BUG.
 */
static void check_freeable(const struct page_info *pg, unsigned int pool,
			   unsigned int order)
{
	unsigned long i, mfn = mfn_x(page_to_mfn(pg));

	BUG_ON(order > MAX_ORDER);
	BUG_ON(mfn & ((1UL << order) - 1));
	BUG_ON(mfn + (1UL << order) > max_page);
	for (i = 0; i < (1UL << order); i++) {
		const struct page_info *p = pg + i;
		unsigned long c = p->count_info;

		BUG_ON(!page_is_inuse(p));
		BUG_ON(page_is_xen_heap(p) != (pool == MM_POOL_XENHEAP));
		BUG_ON(pgt_count(p) != 0);
		/* Only the allocation reference may remain. */
		if (c & PGC_allocated)
			BUG_ON((c & PGC_count_mask) != 1);
		else
			BUG_ON((c & PGC_count_mask) != 0);
		BUG_ON(p->u.inuse.owner != pg->u.inuse.owner);
	}
}

static void heap_free(struct page_info *pg, unsigned int pool,
		      unsigned int order)
{
	unsigned long i, n = 1UL << order;

	spin_lock(&heap_lock);
	check_freeable(pg, pool, order);
	for (i = 0; i < n; i++) {
		/* Only a guest's frame can sit in a TLB behind our back (a
		 * shared xenheap page is stamped when unshared): the
		 * hypervisor's own frames come back with no flush. */
		if (pg[i].u.inuse.owner)
			page_set_tlbflush_timestamp(pg + i);
		pg[i].count_info = PGC_state_free;
		pg[i].u.free.order = PAGE_ORDER_TAIL;
		pg[i].u.free.pool = pool;
	}
	heap_pools[pool].avail += n;
	free_block(pool, mfn_x(page_to_mfn(pg)), order);
	spin_unlock(&heap_lock);
}

/* Frames [s, e), all in state none, join pool (mm_init, give-backs). */
void heap_add_range(unsigned int pool, unsigned long s, unsigned long e)
{
	unsigned long mfn;

	BUG_ON(s == 0 || s > e || e > max_page);
	spin_lock(&heap_lock);
	/* Check every frame before the first change. */
	for (mfn = s; mfn < e; mfn++)
		BUG_ON(page_state(frame_table + mfn) != PGC_state_none);
	heap_pools[pool].total += e - s;
	heap_pools[pool].avail += e - s;
	for (mfn = s; mfn < e; mfn++) {
		frame_table[mfn].count_info = PGC_state_free;
		frame_table[mfn].tlbflush_timestamp = 0;
		frame_table[mfn].u.free.order = PAGE_ORDER_TAIL;
		frame_table[mfn].u.free.pool = pool;
	}
	/* Largest aligned blocks first; free_block() merges the rest. */
	while (s < e) {
		unsigned int order = __builtin_ctzl(s);

		if (order > MAX_ORDER)
			order = MAX_ORDER;
		while (s + (1UL << order) > e)
			order--;
		free_block(pool, s, order);
		s += 1UL << order;
	}
	spin_unlock(&heap_lock);
}

void *alloc_xenheap_pages(unsigned int order)
{
	struct page_info *pg = heap_alloc(MM_POOL_XENHEAP, NR_ZONES - 1, order);

	return pg ? page_to_virt(pg) : NULL;
}

void free_xenheap_pages(void *va, unsigned int order)
{
	if (va)
		heap_free(virt_to_page(va), MM_POOL_XENHEAP, order);
}

__attribute__((weak)) void domain_page_assigned(struct domain *d, long nr)
{
	(void)d;
	(void)nr;
}

static unsigned int memflags_zone_limit(unsigned int memflags)
{
	unsigned int bits = MEMF_get_bits(memflags);

	if (bits == 0 || bits >= PADDR_BITS)
		return NR_ZONES - 1;
	return bits > PAGE_SHIFT ? bits - PAGE_SHIFT : 0;
}

static void scrub_pages(struct page_info *pg, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		memset(page_to_virt(pg + i), 0, PAGE_SIZE);
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags)
{
	unsigned int zhi = memflags_zone_limit(memflags);
	unsigned long i, n = 1UL << order;
	struct page_info *pg;

	if (zhi == 0)
		return NULL;
	pg = heap_alloc(MM_POOL_DOMHEAP, zhi, order);
	if (!pg || !d)
		return pg;
	if (!(memflags & MEMF_no_scrub))
		scrub_pages(pg, n);
	for (i = 0; i < n; i++) {
		pg[i].count_info |= PGC_allocated | 1;
		pg[i].u.inuse.owner = d;
	}
	domain_page_assigned(d, (long)n);
	return pg;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
	struct domain *d;

	if (!pg)
		return;
	BUG_ON(!page_is_inuse(pg));
	d = pg->u.inuse.owner;
	heap_free(pg, MM_POOL_DOMHEAP, order);
	if (d)
		domain_page_assigned(d, -(long)(1L << order));
}

void mm_get_stats(struct mm_stats *st)
{
	unsigned int p;

	spin_lock(&heap_lock);
	for (p = 0; p < MM_NR_POOLS; p++) {
		st->total[p] = heap_pools[p].total;
		st->avail[p] = heap_pools[p].avail;
	}
	spin_unlock(&heap_lock);
}

void heap_count_blocks(unsigned int pool, unsigned long counts[MAX_ORDER + 1])
{
	const struct heap_pool *hp = &heap_pools[pool];
	const struct page_info *pg;
	unsigned int z, j;

	memset(counts, 0, (MAX_ORDER + 1) * sizeof(counts[0]));
	spin_lock(&heap_lock);
	for (z = 0; z < NR_ZONES; z++)
		for (j = 0; j <= MAX_ORDER; j++)
			page_list_for_each(pg, &hp->free[z][j]) counts[j]++;
	spin_unlock(&heap_lock);
}
