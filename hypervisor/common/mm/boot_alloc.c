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
 * Invariant: ranges[] is sorted, and its ranges are non-empty, disjoint
 * and not adjacent.  Once mm_init() runs, whatever is left goes to the
 * heaps and the allocator closes.  Runs on the boot CPU only: no lock.
 */
#include <xenolith/lib.h>
#include "mm_private.h"

#define BOOT_RANGES_MAX (2 * MEM_MAP_MAX)

struct boot_range {
	unsigned long s, e; /* free frames [s, e) */
};

static struct boot_range ranges[BOOT_RANGES_MAX]; /* sorted, disjoint */
static unsigned int nr_ranges;			  /* entries used in ranges[] */
static unsigned long ram_end; /* one past the last RAM frame */
static bool closed;	      /* mm_init() took the rest */

static void range_insert_at(unsigned int i, unsigned long s, unsigned long e)
{
	if (nr_ranges == BOOT_RANGES_MAX)
		panic("boot allocator: more than %u free ranges\n",
		      BOOT_RANGES_MAX);
	memmove(&ranges[i + 1], &ranges[i], (nr_ranges - i) * sizeof(*ranges));
	ranges[i].s = s;
	ranges[i].e = e;
	nr_ranges++;
}

static void range_delete_at(unsigned int i)
{
	nr_ranges--;
	memmove(&ranges[i], &ranges[i + 1], (nr_ranges - i) * sizeof(*ranges));
}

/* Make [s, e) free, merging with whatever it touches. */
static void range_add(unsigned long s, unsigned long e)
{
	unsigned int i = 0;

	while (i < nr_ranges && ranges[i].e < s)
		i++;
	/* Absorb every range that overlaps or touches [s, e). */
	while (i < nr_ranges && ranges[i].s <= e) {
		if (ranges[i].s < s)
			s = ranges[i].s;
		if (ranges[i].e > e)
			e = ranges[i].e;
		range_delete_at(i);
	}
	range_insert_at(i, s, e);
}

/* Make [s, e) unavailable, splitting a range that straddles it. */
static void range_remove(unsigned long s, unsigned long e)
{
	unsigned int i = 0;

	while (i < nr_ranges) {
		struct boot_range *r = &ranges[i];

		if (r->e <= s || r->s >= e) {
			i++;
		} else if (r->s < s && r->e > e) {
			unsigned long tail = r->e;

			r->e = s;
			range_insert_at(i + 1, e, tail);
			return;
		} else if (r->s < s) {
			r->e = s;
			i++;
		} else if (r->e > e) {
			r->s = e;
			i++;
		} else {
			range_delete_at(i);
		}
	}
}

void boot_alloc_init(const struct mem_map *map)
{
	unsigned int i;

	nr_ranges = 0;
	ram_end = 0;
	closed = false;
	for (i = 0; i < map->nr; i++) {
		const struct mem_region *r = &map->r[i];
		unsigned long s = PFN_UP(r->start), e = PFN_DOWN(r->end);

		if (r->type != MEM_RAM || s >= e)
			continue;
		range_add(s, e);
		if (e > ram_end)
			ram_end = e;
	}
	for (i = 0; i < map->nr; i++) {
		const struct mem_region *r = &map->r[i];

		if (r->type != MEM_RAM && r->start < r->end)
			range_remove(PFN_DOWN(r->start), PFN_UP(r->end));
	}
	range_remove(0, 1);
}

void boot_alloc_reserve(paddr_t start, paddr_t end)
{
	BUG_ON(closed);
	if (start < end)
		range_remove(PFN_DOWN(start), PFN_UP(end));
}

paddr_t boot_alloc_pages(unsigned long nr, unsigned long align)
{
	unsigned int i;

	BUG_ON(closed);
	ASSERT(nr > 0);
	ASSERT(align > 0 && (align & (align - 1)) == 0);
	for (i = nr_ranges; i-- > 0;) {
		const struct boot_range *r = &ranges[i];
		unsigned long s;

		if (r->e - r->s < nr)
			continue;
		s = (r->e - nr) & ~(align - 1);
		if (s < r->s)
			continue;
		range_remove(s, s + nr);
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
	return nr_ranges;
}

void boot_range(unsigned int i, unsigned long *s, unsigned long *e)
{
	ASSERT(i < nr_ranges);
	*s = ranges[i].s;
	*e = ranges[i].e;
}

void boot_alloc_close(void)
{
	closed = true;
}
