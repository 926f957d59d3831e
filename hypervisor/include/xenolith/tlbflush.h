/*
 * TLB-flush timestamps: when a stale translation can still exist.
 *
 * A PV guest flushes its own TLB after changing its page tables (it
 * asks through mmuext_op and the update_va_mapping flags), so updating
 * an entry flushes nothing.  The hypervisor needs a flush only where
 * its own safety depends on one: a frame that becomes a page table must
 * not stay writable through a stale translation, a page table that
 * stops being one must not stay cached as one, and a freed frame must
 * not stay reachable when the heap hands it to someone else.
 *
 * Rather than flush at every such event, we remember when it happened.
 * tlbflush_clock counts flushes: a CPU about to flush its whole TLB
 * takes a new tick (tlbflush_pre()), flushes, and records the tick as
 * its tlbflush_time (tlbflush_post()).  A frame records the clock when
 * its type count falls to zero and when it is freed
 * (page_set_tlbflush_timestamp()).  A CPU whose tlbflush_time is newer
 * than a frame's stamp took its tick after the stamp, so it flushed
 * after the frame lost its mappings and holds nothing stale about it;
 * the others may, and only they are flushed before the frame changes
 * type or is handed out again (arch/x86/mm/tlbflush.c).  A CPU whose
 * flushes go unrecorded just looks stale: it is flushed more, never
 * less.  Stamp 0 means "never mapped since boot".
 */
#ifndef XENOLITH_TLBFLUSH_H
#define XENOLITH_TLBFLUSH_H

#include <xenolith/page.h>

struct domain;

extern uint64_t tlbflush_clock; /* common/mm/page_alloc.c */

static inline uint64_t tlbflush_now(void)
{
	return __atomic_load_n(&tlbflush_clock, __ATOMIC_ACQUIRE);
}

static inline void page_set_tlbflush_timestamp(struct page_info *pg)
{
	pg->tlbflush_timestamp = tlbflush_now();
}

/* Before a full flush of this CPU: the tick to record after it. */
static inline uint64_t tlbflush_pre(void)
{
	return __atomic_add_fetch(&tlbflush_clock, 1, __ATOMIC_SEQ_CST);
}

/* Arch: after the full flush that took tick t (this CPU). */
void tlbflush_post(uint64_t t);
/* Arch: load CR3 (a full flush of non-global entries), recorded. */
void write_cr3_stamped(unsigned long cr3);

/*
 * Arch: flush every CPU that may still translate through a frame
 * stamped `stamp` (the heap, before reusing freed frames)...
 */
void tlbflush_filter_all(uint64_t stamp);
/* ... or only those CPUs where d may run (a type change of d's frame). */
void tlbflush_filter_domain(const struct domain *d, uint64_t stamp);

#endif
