/*
 * mm_init(): from boot memory to the two heaps.
 *
 * Once the arch has taken what it needs from the boot allocator, mm_init()
 * builds the frame table (itself boot memory), closes the boot allocator
 * and gives every frame it still holds to a heap:
 *
 *   - the xenheap gets the highest xenheap_megabytes= MiB of it, or by
 *     default 1/16 of it, at least 16 MiB and at most 1 GiB, but never
 *     more than half (tiny machines);
 *   - the domheap gets all the rest, including all low memory, which
 *     keeps memory below 4 GiB for domains that need it for DMA.
 *
 * The pools never borrow from each other: a full xenheap is a sizing
 * problem to see, not to paper over with guest memory.  Boot CPU only.
 */
#include <xenolith/cmdline.h>
#include <xenolith/lib.h>
#include "mm_private.h"

/* xenheap_megabytes=<integer>: size of the xenheap in MiB, 0 = default */
static unsigned long opt_xenheap_megabytes;
integer_param("xenheap_megabytes", opt_xenheap_megabytes);

/* xenolith_mm_audit: check the heap invariants once the heaps are built */
static bool opt_mm_audit;
boolean_param("xenolith_mm_audit", opt_mm_audit);

#define MB_PAGES(mb) ((unsigned long)(mb) << (20 - PAGE_SHIFT))
#define XENHEAP_MIN  MB_PAGES(16)
#define XENHEAP_MAX  MB_PAGES(1024)

unsigned long xenheap_pages_for(unsigned long free_pages,
				unsigned long opt_megabytes)
{
	unsigned long n;

	if (opt_megabytes) {
		n = MB_PAGES(opt_megabytes);
		return n < free_pages ? n : free_pages;
	}
	n = free_pages / 16;
	if (n < XENHEAP_MIN)
		n = XENHEAP_MIN;
	if (n > XENHEAP_MAX)
		n = XENHEAP_MAX;
	if (n > free_pages / 2)
		n = free_pages / 2;
	return n;
}

static unsigned long boot_free_pages(void)
{
	unsigned long s, e, n = 0;
	unsigned int i;

	for (i = 0; i < boot_nr_ranges(); i++) {
		boot_range(i, &s, &e);
		n += e - s;
	}
	return n;
}

/* Walk the ranges from the top: xen_left pages to the xenheap first. */
static void distribute(unsigned long xen_left)
{
	unsigned int i = boot_nr_ranges();
	unsigned long s, e;

	while (i-- > 0) {
		boot_range(i, &s, &e);
		if (xen_left) {
			unsigned long n = e - s < xen_left ? e - s : xen_left;

			heap_add_range(MM_POOL_XENHEAP, e - n, e);
			xen_left -= n;
			e -= n;
		}
		if (s < e)
			heap_add_range(MM_POOL_DOMHEAP, s, e);
	}
}

void mm_init(void)
{
	unsigned long ram_end = boot_ram_end();

	if (!ram_end)
		panic("mm_init: no RAM in the memory map\n");
	heap_reset();
	frame_table_init(ram_end);
	distribute(xenheap_pages_for(boot_free_pages(), opt_xenheap_megabytes));
	boot_alloc_close();
	if (!opt_mm_audit)
		return;
	if (!mm_audit())
		panic("mm_audit: heap invariants violated after mm_init\n");
	printk(XENLOG_INFO "mm_audit: heap invariants hold\n");
}

/* Boot-reserved RAM [ps, pe), shrunk inward, joins pool. */
static void give_back(unsigned int pool, paddr_t ps, paddr_t pe)
{
	unsigned long s = PFN_UP(ps), e = PFN_DOWN(pe);

	if (s >= e)
		return;
	BUG_ON(!frame_table);
	BUG_ON(!boot_is_ram(s, e));
	heap_add_range(pool, s, e);
}

void init_domheap_pages(paddr_t ps, paddr_t pe)
{
	give_back(MM_POOL_DOMHEAP, ps, pe);
}

void init_xenheap_pages(paddr_t ps, paddr_t pe)
{
	give_back(MM_POOL_XENHEAP, ps, pe);
}

/* "order:count" for every order with free blocks, on one line. */
static void print_blocks(unsigned int pool)
{
	unsigned long counts[MAX_ORDER + 1];
	char line[512];
	size_t n = 0;
	unsigned int j;

	heap_count_blocks(pool, counts);
	for (j = 0; j <= MAX_ORDER && n < sizeof(line); j++)
		if (counts[j])
			n += snprintf(line + n, sizeof(line) - n, " %u:%lu", j,
				      counts[j]);
	printk(XENLOG_DEBUG "  free blocks (order:count):%s\n",
	       n ? line : " none");
}

static void print_pool(const char *name, unsigned int pool,
		       const struct mm_stats *st)
{
	unsigned long total = st->total[pool], avail = st->avail[pool];

	printk(XENLOG_INFO "%s: %lu pages (%lu MiB), %lu free (%lu MiB)\n",
	       name, total, total >> (20 - PAGE_SHIFT), avail,
	       avail >> (20 - PAGE_SHIFT));
	print_blocks(pool);
}

void mm_print_stats(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	print_pool("xenheap", MM_POOL_XENHEAP, &st);
	print_pool("domheap", MM_POOL_DOMHEAP, &st);
}
