/*
 * Grant tables: the one way a domain lets another reach its memory.
 *
 * The granting domain writes entries into a table it shares with the
 * hypervisor ("domain B may map/copy my frame F, read-only or not");
 * the grantee names an entry by (domain, ref) and asks the hypervisor to
 * map it (map_grant_ref), copy through it (copy), or give a page into it
 * (transfer).  While a grant is in use, the hypervisor keeps GTF_reading
 * and GTF_writing set in the entry (v1) or in the separate status array
 * (v2), so the granter can see the grant is busy and cannot end it (its
 * compare-and-exchange of the flags fails).
 *
 * Three layers, one file each under common/grant/:
 *   grant_entry.c  pins on one entry: check the guest's entry, set and
 *                  clear the in-use bits; pure, host-tested;
 *   maptrack.c     the grantee's handles: which (domain, ref, frame,
 *                  address) each mapping is, so unmap and teardown can
 *                  undo it; pure, host-tested;
 *   gnttab*.c      the hypercall: table frames and versions (gnttab.c),
 *                  map/unmap (gnttab_map.c), copy (gnttab_copy.c),
 *                  transfer/swap (gnttab_transfer.c).
 * The page-table side of a host mapping is the architecture's
 * (arch/x86/mm/grant_map.c, the gnttab_arch_* hooks below).
 *
 * Locking: gt->lock covers a table's version, frames and active pins;
 * gt->maptrack_lock a table's handles.  At most one table lock is held
 * at a time (a map pins under the granter's lock, drops it, then takes
 * a handle under the grantee's maptrack lock), so there is no order to
 * respect between two domains.
 *
 * References: each pin holds a general reference to the granted frame
 * (and a writable type reference for a writable pin) from the moment it
 * is taken until it is released, so a granted page outlives its owner's
 * wishes until every mapping and copy of it is gone.
 */
#ifndef XENOLITH_GRANT_H
#define XENOLITH_GRANT_H

#include <xenolith/types.h>
#include <xenolith/spinlock.h>
#include <public/grant_table.h>

struct domain;
struct page_info;

/* Xen's defaults: gnttab_max_frames and gnttab_max_maptrack_frames. */
#define GNTTAB_MAX_FRAMES	   64
#define GNTTAB_MAX_MAPTRACK_FRAMES 1024

#define GNTTAB_V1_PER_FRAME	(PAGE_SIZE / sizeof(grant_entry_v1_t))
#define GNTTAB_V2_PER_FRAME	(PAGE_SIZE / sizeof(grant_entry_v2_t))
#define GNTTAB_STATUS_PER_FRAME (PAGE_SIZE / sizeof(grant_status_t))
#define GNTTAB_MAX_ENTRIES	(GNTTAB_MAX_FRAMES * GNTTAB_V1_PER_FRAME)
#define GNTTAB_MAX_STATUS_FRAMES                                               \
	(GNTTAB_MAX_FRAMES * GNTTAB_V2_PER_FRAME / GNTTAB_STATUS_PER_FRAME)

/* Pins of one kind an entry takes (Xen's counters stop at 128). */
#define GNTTAB_MAX_PINS 128

/* Hypervisor-private state of one entry while it is pinned. */
struct grant_active {
	uint32_t rw_pins;    /* writable maps and copy destinations */
	uint32_t ro_pins;    /* read-only maps and copy sources */
	domid_t domid;	     /* the grantee, fixed while pinned */
	uint16_t off, len;   /* the window of a v2 sub-page grant */
	unsigned long frame; /* the frame, fixed while pinned */
	bool trans;	     /* a v2 transitive entry: each pin holds */
	domid_t tdom;	     /* one on entry tref of domain tdom */
	grant_ref_t tref;
};
#define GNTTAB_ACTIVE_PER_PAGE (PAGE_SIZE / sizeof(struct grant_active))
#define GNTTAB_ACTIVE_PAGES                                                    \
	((GNTTAB_MAX_ENTRIES + GNTTAB_ACTIVE_PER_PAGE - 1) /                   \
	 GNTTAB_ACTIVE_PER_PAGE)

/* One mapping the domain made of someone's grant (a handle). */
struct maptrack_entry {
	uint64_t host_addr;  /* VA or PTE address it was mapped at */
	unsigned long frame; /* the granted frame */
	grant_ref_t ref;     /* entry in the granter's table */
	uint32_t next_free;  /* free list link while unused */
	uint32_t flags;	     /* GNTMAP_*; 0 while unused */
	domid_t domid;	     /* the granter */
};
#define MAPTRACK_PER_PAGE (PAGE_SIZE / sizeof(struct maptrack_entry))
#define MAPTRACK_NONE	  (~0U)

struct grant_table {
	spinlock_t lock;	  /* version, frames, active[] */
	spinlock_t maptrack_lock; /* maptrack[], free list */
	unsigned int version;	  /* 1 or 2 */
	unsigned int nr_frames;	  /* shared frames in use */
	unsigned int max_frames;
	unsigned int nr_status_frames;	 /* v2 only */
	void *shared[GNTTAB_MAX_FRAMES]; /* xenheap pages */
	void *status[GNTTAB_MAX_STATUS_FRAMES];
	struct grant_active *active[GNTTAB_ACTIVE_PAGES];
	/* The grantee side. */
	unsigned int maptrack_frames, maptrack_max_frames;
	unsigned int maptrack_free; /* head of the free list */
	unsigned int maptrack_used;
	struct maptrack_entry *maptrack[GNTTAB_MAX_MAPTRACK_FRAMES];
};

/* ---- one entry (grant_entry.c); caller holds gt->lock ---- */

unsigned int gnttab_nr_entries(const struct grant_table *gt);
struct grant_active *gnttab_active(struct grant_table *gt, grant_ref_t ref);

/* What a successful pin found in the entry. */
struct grant_pin {
	unsigned long frame;
	uint16_t off, len; /* [off, off + len) may be used */
	domid_t tdom;	   /* transitive: the entry it names */
	grant_ref_t tref;
};

/*
 * Pin entry ref for grantee, writable or not; sub_ok accepts a v2
 * sub-page grant (copy only).  GNTST_okay, or GNTST_bad_gntref for a
 * ref past the table, GNTST_general_error for an entry that does not
 * grant this (type, domain, read-only), with nothing changed.
 */
int gnttab_pin(struct grant_table *gt, grant_ref_t ref, domid_t grantee,
	       bool rw, bool sub_ok, struct grant_pin *out);
void gnttab_unpin(struct grant_table *gt, grant_ref_t ref, bool rw);
/* Copies through a v2 transitive entry: what it names (tdom/tref of
 * out), or GNTST_general_error / GNTST_bad_gntref; then, with that entry
 * pinned (target: its frame and window, and tdom/tref), pin this one.
 * Unpinned with gnttab_unpin(), then the target. */
int gnttab_peek_transitive(struct grant_table *gt, grant_ref_t ref,
			   domid_t grantee, bool rw, struct grant_pin *out);
int gnttab_pin_transitive(struct grant_table *gt, grant_ref_t ref,
			  domid_t grantee, bool rw,
			  const struct grant_pin *target);
/* Any entry pinned at all (version changes need none). */
bool gnttab_any_pinned(const struct grant_table *gt);
/* Checks the in-use bits of every entry against the pins: 0 or the
 * first bad ref + 1.  For the auditor. */
unsigned int gnttab_check_entries(const struct grant_table *gt);

/* ---- handles (maptrack.c) ---- */

/* A free handle, growing the table if allowed; MAPTRACK_NONE if not.
 * Caller holds gt->maptrack_lock. */
uint32_t maptrack_get(struct grant_table *gt);
void maptrack_put(struct grant_table *gt, uint32_t handle);
/* The entry of a handle in use, or NULL. */
struct maptrack_entry *maptrack_entry(struct grant_table *gt, uint32_t h);
void maptrack_free_all(struct grant_table *gt);
/* Free list + used count agree with the entries: true if sound. */
bool maptrack_audit(const struct grant_table *gt);

/* ---- tables (gnttab.c) ---- */

struct grant_table *gnttab_create(void);
/* Grow to nr frames (true) or leave as is (false). */
bool gnttab_grow(struct grant_table *gt, unsigned int nr);
/* The table of d, created on first use; NULL when out of memory. */
struct grant_table *gnttab_of(struct domain *d);
/* A dying d's maps of others' grants go (before its memory does). */
void gnttab_release_mappings(struct domain *d);
/* ... and its own table (after its memory, which may map its frames);
 * false if a table frame was still mapped (leaked, not freed). */
bool gnttab_domain_teardown(struct domain *d);
/* Every frame reference the pins hold: add(acc, mfn, type_ref) each. */
void gnttab_report_refs(void (*add)(void *acc, mfn_t mfn, bool type_ref),
			void *acc);
/* The one-element sub-ops; list is the guest's frame_list. */
long gnttab_setup_table(struct gnttab_setup_table *op, unsigned long list);
long gnttab_query_size(struct gnttab_query_size *op);
long gnttab_get_version(struct gnttab_get_version *op);
long gnttab_get_status_frames(struct gnttab_get_status_frames *op,
			      unsigned long list);
long gnttab_set_version(struct gnttab_set_version *op);

/* ---- the hypercall (gnttab_op.c and friends) ---- */

long do_grant_table_op(unsigned long cmd, unsigned long uop,
		       unsigned long count, unsigned long a4, unsigned long a5);
long gnttab_map(struct gnttab_map_grant_ref *op);
long gnttab_unmap(struct gnttab_unmap_grant_ref *op);
long gnttab_unmap_and_replace(struct gnttab_unmap_and_replace *op);
long gnttab_copy(struct gnttab_copy *op);
long gnttab_transfer(struct gnttab_transfer *op);
long gnttab_swap(struct gnttab_swap_grant_ref *op);
long gnttab_cache_flush(const struct gnttab_cache_flush *op);
/* Undo one mapping the dying domain d holds (teardown). */
void gnttab_unmap_handle(struct domain *d, struct grant_table *lgt, uint32_t h,
			 bool dying);

/* ---- architecture hooks (arch/x86/mm/grant_map.c) ---- */

/* A table frame given to d to map, and taken back (false: still mapped). */
void gnttab_arch_share(void *va, struct domain *d);
bool gnttab_arch_unshare(void *va);
/* Install/remove the host mapping of frame for ld: GNTST_* codes. */
int gnttab_arch_host_map(struct domain *ld, uint64_t addr, unsigned long frame,
			 struct domain *rd, uint32_t flags);
int gnttab_arch_host_unmap(struct domain *ld, uint64_t addr,
			   unsigned long frame, uint32_t flags,
			   uint64_t new_addr);
/* The references a pin holds: general (+ writable type if rw). */
bool gnttab_arch_get_frame(unsigned long frame, struct domain *rd, bool rw);
void gnttab_arch_put_frame(unsigned long frame, bool rw);
/* Write back the cache lines of [off, off + len) of a frame. */
void gnttab_arch_clean_cache(unsigned long frame, unsigned int off,
			     unsigned int len);
/* Transfers: is frame d's; take an idle one away from d (false if it
 * is in use); give it to rd (false: no room, nothing done); free it. */
bool gnttab_arch_owns(struct domain *d, unsigned long frame);
bool gnttab_arch_steal(struct domain *d, unsigned long frame);
bool gnttab_arch_give(struct domain *rd, unsigned long frame);
void gnttab_arch_drop(unsigned long frame);
/* Copy len bytes between two frames. */
void gnttab_arch_copy(unsigned long dst, unsigned int doff, unsigned long src,
		      unsigned int soff, unsigned int len);

#endif
