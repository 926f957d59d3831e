/*
 * General references to domain pages: get_page() and put_page().
 *
 * Whoever keeps using a domain's frame (a mapping installed on its
 * behalf, a grant mapping, a page-table entry pointing at it) holds a
 * general reference, so the frame cannot go back to the heap under it.
 * The owner itself holds one reference for as long as the page is
 * allocated to it, marked by PGC_allocated; releasing the page
 * (decrease_reservation, domain destruction) drops that one
 * (put_page_alloc_ref()).  The last put_page() frees the frame.
 *
 * References change without the heap lock, from any CPU, so every update
 * is a compare-and-exchange on count_info: the flag and state bits that
 * share the word are never touched here, and a reference is only ever
 * taken on a page that is still inuse with a non-zero count - a page on
 * its way back to the heap cannot be revived.
 */
#include <xenolith/lib.h>
#include <xenolith/page.h>

static bool cmpxchg_count(struct page_info *pg, unsigned long *old,
			  unsigned long new)
{
	return __atomic_compare_exchange_n(&pg->count_info, old, new, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

bool get_page(struct page_info *pg, const struct domain *d)
{
	unsigned long x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);

	do {
		unsigned long refs = x & PGC_count_mask;

		if ((x & PGC_state_mask) != PGC_state_inuse || refs == 0 ||
		    refs == PGC_count_mask)
			return false;
	} while (!cmpxchg_count(pg, &x, x + 1));
	/* The owner cannot change while we hold a reference. */
	if (pg->u.inuse.owner != d) {
		put_page(pg);
		return false;
	}
	return true;
}

void put_page(struct page_info *pg)
{
	unsigned long x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);

	do {
		BUG_ON((x & PGC_state_mask) != PGC_state_inuse);
		BUG_ON((x & PGC_count_mask) == 0);
	} while (!cmpxchg_count(pg, &x, x - 1));
	if ((x & PGC_count_mask) == 1)
		free_domheap_pages(pg, 0);
}

bool put_page_alloc_ref(struct page_info *pg)
{
	unsigned long x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);

	do {
		if (!(x & PGC_allocated))
			return false; /* someone else released it */
	} while (!cmpxchg_count(pg, &x, x & ~PGC_allocated));
	put_page(pg);
	return true;
}
