/*
 * The boot allocator: memory before the frame table exists.
 *
 * Between reading the loader's memory map and building the frame table,
 * Xenolith still needs memory: early page tables, stacks, the frame table
 * itself.  The boot allocator is a sorted list of free frame ranges:
 *
 *  - boot_alloc_init() starts from the map's RAM regions, shrunk inward
 *    to whole pages, and then removes every non-RAM region (shrunk
 *    outward), so a page the firmware reports twice is never trusted;
 *    frame 0 is never handed out (real-mode vectors, and the buddy
 *    allocator relies on it to keep blocks inside one zone);
 *  - boot_alloc_reserve() punches holes (hypervisor image, modules);
 *  - boot_alloc_pages() takes an aligned run from the top of the highest
 *    range that fits, leaving low memory (DMA, trampolines) for later.
 *
 * A second set, the usable RAM (the same computation without
 * reservations and allocations), survives mm_init() so that memory
 * reserved at boot can be checked when it is handed to a heap later
 * (init_domheap_pages()).
 *
 * Invariant of both sets: sorted, and the ranges are non-empty, disjoint
 * and not adjacent.  Once mm_init() runs, whatever is free goes to the
 * heaps and the allocator closes.  Runs on the boot CPU only: no lock.
 */
#include <xenolith/lib.h>
#include "mm_private.h"

#define BOOT_RANGES_MAX (2 * MEM_MAP_MAX)

struct range_set {
	unsigned int nr; /* entries used in r[] */
	struct {
		unsigned long s, e; /* frames [s, e) */
	} r[BOOT_RANGES_MAX];
};

static struct range_set free_set; /* what boot_alloc_pages() may take */
static struct range_set ram_set;  /* usable RAM of the memory map */
static unsigned long ram_end;	  /* one past the last RAM frame */
static bool closed;		  /* mm_init() took the rest */

static void range_insert_at(struct range_set *rs, unsigned int i,
			    unsigned long s, unsigned long e)
{
	if (rs->nr == BOOT_RANGES_MAX)
		panic("boot allocator: more than %u ranges\n", BOOT_RANGES_MAX);
	memmove(&rs->r[i + 1], &rs->r[i], (rs->nr - i) * sizeof(rs->r[0]));
	rs->r[i].s = s;
	rs->r[i].e = e;
	rs->nr++;
}

static void range_delete_at(struct range_set *rs, unsigned int i)
{
	rs->nr--;
	memmove(&rs->r[i], &rs->r[i + 1], (rs->nr - i) * sizeof(rs->r[0]));
}

/* Add [s, e) to the set, merging with whatever it touches. */
static void range_add(struct range_set *rs, unsigned long s, unsigned long e)
{
	unsigned int i = 0;

	while (i < rs->nr && rs->r[i].e < s)
		i++;
	/* Absorb every range that overlaps or touches [s, e). */
	while (i < rs->nr && rs->r[i].s <= e) {
		if (rs->r[i].s < s)
			s = rs->r[i].s;
		if (rs->r[i].e > e)
			e = rs->r[i].e;
		range_delete_at(rs, i);
	}
	range_insert_at(rs, i, s, e);
}

/* Take [s, e) out of the set, splitting a range that straddles it. */
static void range_remove(struct range_set *rs, unsigned long s, unsigned long e)
{
	unsigned int i = 0;

	while (i < rs->nr) {
		unsigned long rs_s = rs->r[i].s, rs_e = rs->r[i].e;

		if (rs_e <= s || rs_s >= e) {
			i++;
		} else if (rs_s < s && rs_e > e) {
			rs->r[i].e = s;
			range_insert_at(rs, i + 1, e, rs_e);
			return;
		} else if (rs_s < s) {
			rs->r[i].e = s;
			i++;
		} else if (rs_e > e) {
			rs->r[i].s = e;
			i++;
		} else {
			range_delete_at(rs, i);
		}
	}
}

/* Is all of [s, e) inside one range of the set? */
static bool range_covers(const struct range_set *rs, unsigned long s,
			 unsigned long e)
{
	unsigned int i;

	for (i = 0; i < rs->nr; i++)
		if (rs->r[i].s <= s && e <= rs->r[i].e)
			return true;
	return false;
}

static void ram_from_map(const struct mem_map *map)
{
	unsigned int i;

	for (i = 0; i < map->nr; i++) {
		const struct mem_region *r = &map->r[i];
		unsigned long s = PFN_UP(r->start), e = PFN_DOWN(r->end);

		if (r->type != MEM_RAM || s >= e)
			continue;
		range_add(&ram_set, s, e);
		if (e > ram_end)
			ram_end = e;
	}
	for (i = 0; i < map->nr; i++) {
		const struct mem_region *r = &map->r[i];

		if (r->type != MEM_RAM && r->start < r->end)
			range_remove(&ram_set, PFN_DOWN(r->start),
				     PFN_UP(r->end));
	}
	range_remove(&ram_set, 0, 1);
}

void boot_alloc_init(const struct mem_map *map)
{
	ram_set.nr = 0;
	ram_end = 0;
	closed = false;
	ram_from_map(map);
	free_set = ram_set;
}

void boot_alloc_reserve(paddr_t start, paddr_t end)
{
	BUG_ON(closed);
	if (start < end)
		range_remove(&free_set, PFN_DOWN(start), PFN_UP(end));
}

paddr_t boot_alloc_pages(unsigned long nr, unsigned long align)
{
	unsigned int i;

	BUG_ON(closed);
	ASSERT(nr > 0);
	ASSERT(align > 0 && (align & (align - 1)) == 0);
	for (i = free_set.nr; i-- > 0;) {
		unsigned long rs = free_set.r[i].s, re = free_set.r[i].e;
		unsigned long s;

		if (re - rs < nr)
			continue;
		s = (re - nr) & ~(align - 1);
		if (s < rs)
			continue;
		range_remove(&free_set, s, s + nr);
		return (paddr_t)s << PAGE_SHIFT;
	}
	panic("boot allocator: out of memory for %lu pages aligned to %lu\n",
	      nr, align);
}

unsigned long boot_ram_end(void)
{
	return ram_end;
}

unsigned int boot_nr_ranges(void)
{
	return free_set.nr;
}

void boot_range(unsigned int i, unsigned long *s, unsigned long *e)
{
	ASSERT(i < free_set.nr);
	*s = free_set.r[i].s;
	*e = free_set.r[i].e;
}

bool boot_is_ram(unsigned long s, unsigned long e)
{
	return s < e && range_covers(&ram_set, s, e);
}

void boot_alloc_close(void)
{
	closed = true;
	free_set.nr = 0;
}
