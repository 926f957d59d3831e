/*
 * The maptrack table: a domain's record of the grants it has mapped.
 *
 * map_grant_ref hands the grantee a handle; unmap names the mapping by
 * that handle (plus the address, checked against it), and teardown walks
 * every handle still in use to undo what the dying domain mapped.  Each
 * entry remembers the granter, the ref, the frame and the GNTMAP flags,
 * so a mapping can be undone even once the granter is gone.
 *
 * Handles are indexes into pages of entries allocated on demand, up to
 * maptrack_max_frames pages (Xen's max_maptrack_frames, 1024 by default);
 * free entries form a list threaded through next_free, and an entry in
 * use says so with next_free == MAPTRACK_INUSE.  Nothing is freed before
 * the table itself.
 *
 * Caller holds gt->maptrack_lock.  Pure logic: host-tested.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/grant.h>

#define MAPTRACK_INUSE (~1U)

static struct maptrack_entry *slot(const struct grant_table *gt, uint32_t h)
{
	return &gt->maptrack[h / MAPTRACK_PER_PAGE][h % MAPTRACK_PER_PAGE];
}

/* One more page of entries, all free; false at the limit or OOM. */
static bool grow(struct grant_table *gt)
{
	struct maptrack_entry *pg;
	uint32_t base, i;

	if (gt->maptrack_frames >= gt->maptrack_max_frames)
		return false;
	pg = alloc_xenheap_page();
	if (!pg)
		return false;
	memset(pg, 0, PAGE_SIZE);
	base = gt->maptrack_frames * MAPTRACK_PER_PAGE;
	for (i = 0; i < MAPTRACK_PER_PAGE; i++)
		pg[i].next_free = i + 1 < MAPTRACK_PER_PAGE ? base + i + 1
							    : gt->maptrack_free;
	gt->maptrack[gt->maptrack_frames++] = pg;
	gt->maptrack_free = base;
	return true;
}

uint32_t maptrack_get(struct grant_table *gt)
{
	struct maptrack_entry *e;
	uint32_t h;

	ASSERT(spin_is_locked(&gt->maptrack_lock));
	if (gt->maptrack_free == MAPTRACK_NONE && !grow(gt))
		return MAPTRACK_NONE;
	h = gt->maptrack_free;
	e = slot(gt, h);
	gt->maptrack_free = e->next_free;
	memset(e, 0, sizeof(*e));
	e->next_free = MAPTRACK_INUSE;
	gt->maptrack_used++;
	return h;
}

void maptrack_put(struct grant_table *gt, uint32_t h)
{
	struct maptrack_entry *e = slot(gt, h);

	ASSERT(spin_is_locked(&gt->maptrack_lock));
	ASSERT(e->next_free == MAPTRACK_INUSE);
	e->flags = 0;
	e->next_free = gt->maptrack_free;
	gt->maptrack_free = h;
	gt->maptrack_used--;
}

struct maptrack_entry *maptrack_entry(struct grant_table *gt, uint32_t h)
{
	struct maptrack_entry *e;

	if (h >= gt->maptrack_frames * MAPTRACK_PER_PAGE)
		return NULL;
	e = slot(gt, h);
	return e->next_free == MAPTRACK_INUSE ? e : NULL;
}

void maptrack_free_all(struct grant_table *gt)
{
	while (gt->maptrack_frames)
		free_xenheap_page(gt->maptrack[--gt->maptrack_frames]);
	gt->maptrack_free = MAPTRACK_NONE;
	gt->maptrack_used = 0;
}

bool maptrack_audit(const struct grant_table *gt)
{
	uint32_t n = gt->maptrack_frames * MAPTRACK_PER_PAGE;
	uint32_t h, used = 0, nfree = 0;

	for (h = 0; h < n; h++)
		if (slot(gt, h)->next_free == MAPTRACK_INUSE)
			used++;
	for (h = gt->maptrack_free; h != MAPTRACK_NONE;
	     h = slot(gt, h)->next_free) {
		if (h >= n || slot(gt, h)->next_free == MAPTRACK_INUSE ||
		    ++nfree > n)
			return false;
	}
	return used == gt->maptrack_used && used + nfree == n;
}
