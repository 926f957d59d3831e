/*
 * struct page_info: what Xenolith knows about one machine frame.
 *
 * The frame table holds one struct page_info for every frame from 0 up to
 * max_page (one past the highest RAM frame), holes included, so that
 * mfn_to_page() is an array index.  A frame is in exactly one of three
 * states (PGC_state):
 *
 *   none   never given to a heap: holes, the hypervisor image, modules,
 *          boot allocations.  The heaps refuse to free such a frame.
 *   free   on a buddy free list.  Only the head page of a free block has
 *          a meaningful u.free.order; the rest of the block says
 *          PAGE_ORDER_TAIL.  u.free.pool says which heap owns it.
 *   inuse  handed out by alloc_xenheap_pages() (PGC_xen_heap set) or by
 *          alloc_domheap_pages().
 *
 * An inuse domheap page has two counts, as in Xen:
 *
 *  - the general reference count (count_info & PGC_count_mask): anyone
 *    holding a pointer to the frame - a mapping, a grant, the owner's
 *    allocation itself (PGC_allocated) - holds one reference;
 *  - the type count (type_info & PGT_count_mask) counts uses that need
 *    the frame to stay one type: a PV page table (PGT_l1..l4), a
 *    descriptor table page, or a writable mapping.  A frame cannot be
 *    writable and a page table at the same time; PGT_validated records
 *    that its contents were checked for the current type.
 *
 * Bits are read and written only through the accessors below (house style
 * §16).  Type validation itself is arch code (arch/x86/mm/page_type.c).
 */
#ifndef XENOLITH_PAGE_H
#define XENOLITH_PAGE_H

#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/types.h>

struct domain;
struct page_info;

/* Doubly linked page list: free lists, and later a domain's page list. */
struct page_list_entry {
	struct page_info *next, *prev;
};
struct page_list_head {
	struct page_info *first, *last;
};

struct page_info {
	struct page_list_entry list; /* free list, or the owner's list */
	unsigned long count_info;    /* PGC_* state, flags, refcount */
	union {
		struct {			 /* state inuse */
			struct domain *owner;	 /* NULL: Xenolith/anonymous */
			unsigned long type_info; /* PGT_* */
		} inuse;
		struct {		    /* state free */
			unsigned int order; /* head: block order */
			unsigned int pool;  /* MM_POOL_* */
		} free;
	} u;
	/* tlbflush_clock when the frame was freed, or when its type count
	 * last fell to zero: CPUs that have not flushed since may still
	 * translate through it (xenolith/tlbflush.h). */
	uint64_t tlbflush_timestamp;
};

/* 48 bytes: the frame table costs 1.2% of RAM. */
_Static_assert(sizeof(struct page_info) == 48, "page_info grew");

/* count_info: state and flags at the top, general refcount below. */
#define PGC_allocated	(1UL << 63) /* owner holds its allocation ref */
#define PGC_xen_heap	(1UL << 62) /* allocated from the xenheap */
#define PGC_state_shift 60
#define PGC_state_mask	(3UL << PGC_state_shift)
#define PGC_state_none	(0UL << PGC_state_shift)
#define PGC_state_inuse (1UL << PGC_state_shift)
#define PGC_state_free	(2UL << PGC_state_shift)
#define PGC_count_mask	((1UL << 56) - 1)

/* type_info: type at the top, then flags, type count below. */
#define PGT_type_shift	  61
#define PGT_type_mask	  (7UL << PGT_type_shift)
#define PGT_none	  (0UL << PGT_type_shift)
#define PGT_l1_page_table (1UL << PGT_type_shift)
#define PGT_l2_page_table (2UL << PGT_type_shift)
#define PGT_l3_page_table (3UL << PGT_type_shift)
#define PGT_l4_page_table (4UL << PGT_type_shift)
#define PGT_seg_desc_page (5UL << PGT_type_shift)
#define PGT_writable_page (7UL << PGT_type_shift)
#define PGT_pinned	  (1UL << 60) /* guest pinned it (MMUEXT_PIN_*) */
#define PGT_validated	  (1UL << 59) /* contents checked for the type */
#define PGT_count_mask	  ((1UL << 56) - 1)

/* u.free.order of the pages of a free block other than its head */
#define PAGE_ORDER_TAIL (~0U)

extern struct page_info *frame_table; /* [0, max_page) after mm_init() */
extern unsigned long max_page;	      /* one past the highest RAM frame */

static inline bool mfn_valid(mfn_t mfn)
{
	return frame_table && mfn_x(mfn) < max_page;
}

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
	ASSERT(mfn_valid(mfn));
	return frame_table + mfn_x(mfn);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
	return _mfn((unsigned long)(pg - frame_table));
}

static inline paddr_t page_to_maddr(const struct page_info *pg)
{
	return mfn_to_maddr(page_to_mfn(pg));
}

static inline void *page_to_virt(const struct page_info *pg)
{
	return maddr_to_virt(page_to_maddr(pg));
}

static inline struct page_info *virt_to_page(const void *va)
{
	return mfn_to_page(maddr_to_mfn(virt_to_maddr(va)));
}

/* ---- count_info ---- */

static inline unsigned long page_state(const struct page_info *pg)
{
	return pg->count_info & PGC_state_mask;
}

static inline bool page_is_free(const struct page_info *pg)
{
	return page_state(pg) == PGC_state_free;
}

static inline bool page_is_inuse(const struct page_info *pg)
{
	return page_state(pg) == PGC_state_inuse;
}

static inline bool page_is_xen_heap(const struct page_info *pg)
{
	return pg->count_info & PGC_xen_heap;
}

static inline bool page_is_allocated(const struct page_info *pg)
{
	return pg->count_info & PGC_allocated;
}

static inline unsigned long page_refcnt(const struct page_info *pg)
{
	return pg->count_info & PGC_count_mask;
}

/* ---- owner (inuse pages only) ---- */

static inline struct domain *page_get_owner(const struct page_info *pg)
{
	ASSERT(page_is_inuse(pg));
	return pg->u.inuse.owner;
}

static inline void page_set_owner(struct page_info *pg, struct domain *d)
{
	ASSERT(page_is_inuse(pg));
	pg->u.inuse.owner = d;
}

/* ---- type_info (inuse pages only) ---- */

static inline unsigned long pgt_type(const struct page_info *pg)
{
	return pg->u.inuse.type_info & PGT_type_mask;
}

static inline unsigned long pgt_count(const struct page_info *pg)
{
	return pg->u.inuse.type_info & PGT_count_mask;
}

static inline bool pgt_validated(const struct page_info *pg)
{
	return pg->u.inuse.type_info & PGT_validated;
}

static inline bool pgt_pinned(const struct page_info *pg)
{
	return pg->u.inuse.type_info & PGT_pinned;
}

static inline bool pgt_is_page_table(const struct page_info *pg)
{
	unsigned long t = pgt_type(pg);

	return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

/* ---- general references (page_ref.c) ---- */

/*
 * Take a reference to pg if it is an inuse page owned by d (d may be NULL
 * for an owner-less page) that still has references; false otherwise.
 */
bool get_page(struct page_info *pg, const struct domain *d);
/* Drop a reference; the last one frees the page (order 0). */
void put_page(struct page_info *pg);
/* Drop the owner's allocation reference once; false if already gone. */
bool put_page_alloc_ref(struct page_info *pg);

/* ---- page lists ---- */

static inline void page_list_init(struct page_list_head *h)
{
	h->first = h->last = NULL;
}

static inline bool page_list_empty(const struct page_list_head *h)
{
	return h->first == NULL;
}

static inline struct page_info *page_list_first(const struct page_list_head *h)
{
	return h->first;
}

static inline struct page_info *page_list_next(const struct page_info *pg)
{
	return pg->list.next;
}

static inline void page_list_add(struct page_info *pg, struct page_list_head *h)
{
	pg->list.prev = NULL;
	pg->list.next = h->first;
	if (h->first)
		h->first->list.prev = pg;
	else
		h->last = pg;
	h->first = pg;
}

static inline void page_list_add_tail(struct page_info *pg,
				      struct page_list_head *h)
{
	pg->list.next = NULL;
	pg->list.prev = h->last;
	if (h->last)
		h->last->list.next = pg;
	else
		h->first = pg;
	h->last = pg;
}

static inline void page_list_del(struct page_info *pg, struct page_list_head *h)
{
	if (pg->list.prev)
		pg->list.prev->list.next = pg->list.next;
	else
		h->first = pg->list.next;
	if (pg->list.next)
		pg->list.next->list.prev = pg->list.prev;
	else
		h->last = pg->list.prev;
	pg->list.next = pg->list.prev = NULL;
}

static inline struct page_info *page_list_remove_head(struct page_list_head *h)
{
	struct page_info *pg = h->first;

	if (pg)
		page_list_del(pg, h);
	return pg;
}

#define page_list_for_each(pg, h)                                              \
	for ((pg) = (h)->first; (pg); (pg) = (pg)->list.next)

#endif
