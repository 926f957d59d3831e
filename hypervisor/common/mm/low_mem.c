/*
 * VIRQ_ENOMEM: dom0 hears when the hypervisor's free memory runs low.
 *
 * Xen 4.17's rules, which a toolstack sees (clean room: the behaviour,
 * not the code):
 *   - the threshold is set once, when the boot-time domains are built:
 *     64 MiB (or low_mem_virq_limit=SIZE, 0 for never), no more than is
 *     free then and no more than 1 GiB; with the default, if that is all
 *     that is free, half of it; at least a page; rounded down to a power
 *     of two pages.
 *   - an allocation that leaves at most that many pages free sends the
 *     VIRQ, and the threshold drops to the next power of two, so a
 *     domain eating memory hears about it at 64, 32, 16 ... MiB;
 *   - an allocation that finds free memory back at twice the threshold
 *     that last fired raises it one power of two (then at four times
 *     the current one), never above the boot value.  Frees do not look.
 * "Free" is all of the heap, xenheap and domheap, as physinfo reports
 * it (Xen has one heap).  The VIRQ itself goes out from a softirq
 * (evtchn_glue.c): the allocator runs under heap_lock.
 */
#include <xenolith/lib.h>
#include <xenolith/cmdline.h>
#include <xenolith/event.h>
#include <xenolith/low_mem.h>
#include <xenolith/mm.h>
#include <xenolith/spinlock.h>
#include "mm_private.h"

#define DEFAULT_LIMIT (64ULL << 20)
#define MAX_LIMIT (1024ULL << 20)

static uint64_t opt_low_mem_virq = ~0ULL;
size_param("low_mem_virq_limit", opt_low_mem_virq);

void low_mem_init(struct low_mem *lm, unsigned long avail, uint64_t limit)
{
	bool dflt = limit == ~0ULL;
	uint64_t bytes = dflt ? DEFAULT_LIMIT : limit;
	uint64_t free_bytes = (uint64_t)avail << PAGE_SHIFT;

	memset(lm, 0, sizeof(*lm));
	if (!limit)
		return;				/* never */
	bytes = MIN(MIN(bytes, free_bytes), MAX_LIMIT);
	if (dflt && bytes == free_bytes)
		bytes >>= 1;
	bytes = MAX(bytes, (uint64_t)PAGE_SIZE);
	lm->order = 63 - __builtin_clzll(bytes >> PAGE_SHIFT);
	lm->th = lm->orig = 1UL << lm->order;
	lm->high = ~0UL;
	lm->on = true;
}

bool low_mem_after_alloc(struct low_mem *lm, unsigned long avail)
{
	if (!lm->on)
		return false;
	if (avail <= lm->th) {
		lm->high = 1UL << (lm->order + 1);
		if (lm->order)
			lm->order--;
		lm->th = 1UL << lm->order;
		return true;
	}
	if (avail >= lm->high) {
		lm->order++;
		lm->th = 1UL << lm->order;
		lm->high = lm->th == lm->orig ? ~0UL : 1UL << (lm->order + 2);
	}
	return false;
}

static struct low_mem low_mem;		/* under heap_lock once set up */

void low_mem_virq_setup(void)
{
	struct low_mem lm;
	struct mm_stats st;

	mm_get_stats(&st);
	low_mem_init(&lm, st.avail[MM_POOL_XENHEAP] + st.avail[MM_POOL_DOMHEAP],
		     opt_low_mem_virq);
	if (lm.on)
		printk("Initial low memory virq threshold set at %#lx pages.\n",
		       lm.th);
	spin_lock(&heap_lock);
	low_mem = lm;
	spin_unlock(&heap_lock);
}

/* page_alloc.c's hook, under heap_lock, after every allocation. */
void heap_allocated(unsigned long avail)
{
	if (low_mem_after_alloc(&low_mem, avail))
		send_global_virq_dom0_later(VIRQ_ENOMEM);
}
