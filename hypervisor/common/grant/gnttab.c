/*
 * A domain's grant table: its frames, its version, and the sub-ops that
 * manage them (setup_table, query_size, set_version, get_version,
 * get_status_frames).
 *
 * The table is a set of xenheap pages shared with the granting domain,
 * which maps them (by the frame numbers setup_table returns) and writes
 * its grants there.  A table starts with one frame, as Xen's does, and
 * grows on setup_table up to max_frames (Xen's gnttab_max_frames, 64);
 * it never shrinks.  Version 1 packs 512 eight-byte entries per frame;
 * version 2 has 256 sixteen-byte entries per frame plus separate status
 * frames (2 bytes per entry).  Xen 4.17 on x86 shares the status frames
 * writable, like the table (gnttab_transitive maps one writable on
 * both); a guest that writes them only misleads itself.
 *
 * Changing the version is allowed only while nothing is pinned (-EBUSY
 * otherwise) and the status frames are not mapped; it clears the table
 * but carries the reserved entries (0-7: console and xenstore rings set
 * up by the toolstack) over into the new format, as Xen does.
 *
 * Xenolith keeps each domain's table in a side table here, found by
 * gnttab_of(), created at first use and destroyed with the domain.
 *
 * Locking: domain_tables_lock covers the side table; gt->lock the table.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/grant.h>

static DEFINE_SPINLOCK(domain_tables_lock); /* tables[] */
/* Each domain's table, by domain (a slot per possible domain). */
static struct {
	struct domain *d;
	struct grant_table *gt;
} tables[MAX_DOMAINS];

/* Pages a struct grant_table takes (it holds the frame arrays). */
static unsigned int table_order(void)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < sizeof(struct grant_table))
		order++;
	return order;
}

struct grant_table *gnttab_create(void)
{
	struct grant_table *gt = alloc_xenheap_pages(table_order());

	if (!gt)
		return NULL;
	memset(gt, 0, sizeof(*gt));
	spin_lock_init(&gt->lock);
	spin_lock_init(&gt->maptrack_lock);
	gt->version = 1;
	gt->max_frames = GNTTAB_MAX_FRAMES;
	gt->maptrack_max_frames = GNTTAB_MAX_MAPTRACK_FRAMES;
	gt->maptrack_free = MAPTRACK_NONE;
	return gt;
}

/* A zeroed xenheap page, or NULL. */
static void *zeroed_page(void)
{
	void *p = alloc_xenheap_page();

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

/* Active entries for the first nr frames' worth of v1 entries. */
static bool grow_active(struct grant_table *gt, unsigned int nr)
{
	unsigned int need =
	    (nr * GNTTAB_V1_PER_FRAME + GNTTAB_ACTIVE_PER_PAGE - 1) /
	    GNTTAB_ACTIVE_PER_PAGE;

	for (unsigned int i = 0; i < need; i++)
		if (!gt->active[i] && !(gt->active[i] = zeroed_page()))
			return false;
	return true;
}

/* Status frames for nr shared frames of v2 entries. */
static unsigned int status_frames_for(unsigned int nr)
{
	return (nr * GNTTAB_V2_PER_FRAME + GNTTAB_STATUS_PER_FRAME - 1) /
	       GNTTAB_STATUS_PER_FRAME;
}

static bool grow_status(struct grant_table *gt, unsigned int nr)
{
	unsigned int need = status_frames_for(nr);

	while (gt->nr_status_frames < need) {
		void *p = zeroed_page();

		if (!p)
			return false;
		gt->status[gt->nr_status_frames++] = p;
	}
	return true;
}

/*
 * Pages are allocated first; they become visible (nr_frames) only once
 * all of them exist.  Pages left over from a failure stay for next time.
 * Caller holds gt->lock.
 */
bool gnttab_grow(struct grant_table *gt, unsigned int nr)
{
	if (nr <= gt->nr_frames)
		return true;
	if (nr > gt->max_frames || !grow_active(gt, nr))
		return false;
	for (unsigned int i = gt->nr_frames; i < nr; i++)
		if (!gt->shared[i] && !(gt->shared[i] = zeroed_page()))
			return false;
	if (gt->version == 2 && !grow_status(gt, nr))
		return false;
	gt->nr_frames = nr;
	return true;
}

/* Share what a table grew by with its domain (a page not yet owned is
 * not yet shared).  Caller holds gt->lock or owns gt alone. */
static void share_new_frames(struct grant_table *gt, struct domain *d)
{
	for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES && gt->shared[i]; i++)
		if (!page_get_owner(virt_to_page(gt->shared[i])))
			gnttab_arch_share(gt->shared[i], d);
	for (unsigned int i = 0; i < gt->nr_status_frames; i++)
		if (!page_get_owner(virt_to_page(gt->status[i])))
			gnttab_arch_share(gt->status[i], d);
}

/* Where d's table is looked for first: with at most MAX_DOMAINS domains
 * alive and IDs handed out in turn, nearly always where it is. */
static unsigned int home_slot(const struct domain *d)
{
	return d->domain_id % MAX_DOMAINS;
}

/*
 * Every grant op asks for one or two tables, so the common case is one
 * lock-free look at the domain's home slot.  The slot's gt is written
 * before its d (and d cleared first at teardown), so a match there is a
 * table of d; anything else takes the lock and scans.  A pointer found
 * either way stays valid for as long as the caller may use d's table at
 * all (teardown runs once d can make no more grant ops, and foreign
 * users check d->is_dying), as with the locked scan.
 */
static struct grant_table *gnttab_find_or_create(struct domain *d);

struct grant_table *gnttab_of(struct domain *d)
{
	unsigned int home = home_slot(d);
	struct grant_table *gt;

	if (__atomic_load_n(&tables[home].d, __ATOMIC_ACQUIRE) == d) {
		gt = __atomic_load_n(&tables[home].gt, __ATOMIC_RELAXED);
		if (gt)
			return gt;
	}
	return gnttab_find_or_create(d);
}

/* The slow path, kept apart so that the fast one saves no registers. */
static __attribute__((noinline)) struct grant_table *
gnttab_find_or_create(struct domain *d)
{
	struct grant_table *gt = NULL;
	unsigned int home = home_slot(d);
	int free_slot = -1;

	spin_lock(&domain_tables_lock);
	if (!tables[home].d)
		free_slot = home;
	for (int i = 0; i < MAX_DOMAINS && !gt; i++) {
		if (tables[i].d == d)
			gt = tables[i].gt;
		else if (!tables[i].d && free_slot < 0)
			free_slot = i;
	}
	if (!gt && free_slot >= 0 && !d->is_dying) {
		gt = gnttab_create();
		if (gt && gnttab_grow(gt, 1)) {
			share_new_frames(gt, d);
			tables[free_slot].gt = gt;
			__atomic_store_n(&tables[free_slot].d, d,
					 __ATOMIC_RELEASE);
		} else if (gt) {
			gt = NULL; /* a 1-frame table failed: OOM */
		}
	}
	spin_unlock(&domain_tables_lock);
	return gt;
}

/* ---- sub-ops on the table ---- */

/* The domain an op's 'dom' names, if the caller may manage its table. */
static struct domain *table_domain(domid_t dom)
{
	struct domain *cd = current_domain(), *d;

	if (dom == DOMID_SELF || dom == cd->domain_id)
		return cd;
	d = domain_lookup(dom);
	return d && cd->is_privileged ? d : NULL;
}

long gnttab_setup_table(struct gnttab_setup_table *op, unsigned long list)
{
	struct domain *d = table_domain(op->dom);
	struct grant_table *gt;
	bool ok;

	op->status = GNTST_okay;
	if (op->nr_frames > GNTTAB_MAX_FRAMES) {
		op->status = GNTST_general_error;
		return guest_err(0, "setup_table: %u frames > %u",
				 op->nr_frames, GNTTAB_MAX_FRAMES);
	}
	if (!d) {
		op->status = GNTST_bad_domain;
		return 0;
	}
	gt = gnttab_of(d);
	if (!gt) {
		op->status = GNTST_general_error;
		return 0;
	}
	spin_lock(&gt->lock);
	ok = gnttab_grow(gt, op->nr_frames);
	share_new_frames(gt, d);
	spin_unlock(&gt->lock);
	if (!ok) {
		op->status = GNTST_general_error;
		return guest_err(0, "setup_table: cannot grow to %u frames",
				 op->nr_frames);
	}
	for (unsigned int i = 0; i < op->nr_frames; i++) {
		xen_pfn_t f = mfn_x(page_to_mfn(virt_to_page(gt->shared[i])));

		if (copy_to_guest(list + i * sizeof(f), &f, sizeof(f))) {
			op->status = GNTST_bad_virt_addr;
			break;
		}
	}
	return 0;
}

long gnttab_query_size(struct gnttab_query_size *op)
{
	struct domain *d = table_domain(op->dom);
	struct grant_table *gt = d ? gnttab_of(d) : NULL;

	if (!gt) {
		op->status = d ? GNTST_general_error : GNTST_bad_domain;
		return 0;
	}
	op->nr_frames = gt->nr_frames;
	op->max_nr_frames = gt->max_frames;
	op->status = GNTST_okay;
	return 0;
}

long gnttab_get_version(struct gnttab_get_version *op)
{
	struct domain *d = table_domain(op->dom);
	struct grant_table *gt = d ? gnttab_of(d) : NULL;

	if (!d)
		return -ESRCH;
	if (!gt)
		return -ENOMEM;
	op->version = gt->version;
	return 0;
}

long gnttab_get_status_frames(struct gnttab_get_status_frames *op,
			      unsigned long list)
{
	struct domain *d = table_domain(op->dom);
	struct grant_table *gt = d ? gnttab_of(d) : NULL;
	uint64_t f[GNTTAB_MAX_STATUS_FRAMES];
	unsigned int version, have, i;

	op->status = GNTST_okay;
	if (!gt) {
		op->status = d ? GNTST_general_error : GNTST_bad_domain;
		return 0;
	}
	/* A set_version on another vCPU may free the status frames: read
	 * them under the lock, hand them out after. */
	spin_lock(&gt->lock);
	version = gt->version;
	have = gt->nr_status_frames;
	for (i = 0; version == 2 && i < op->nr_frames && i < have; i++)
		f[i] = mfn_x(page_to_mfn(virt_to_page(gt->status[i])));
	spin_unlock(&gt->lock);
	if (version != 2 || op->nr_frames > have) {
		op->status = GNTST_general_error;
		return guest_err(0, "get_status_frames: %u frames, v%u has %u",
				 op->nr_frames, version, have);
	}
	for (i = 0; i < op->nr_frames; i++)
		if (copy_to_guest(list + i * sizeof(f[0]), &f[i], sizeof(f[0])))
			return -EFAULT;
	return 0;
}

/* The reserved entries, in a form both versions can be rebuilt from. */
struct reserved_entry {
	uint16_t flags;
	domid_t domid;
	uint64_t frame;
};

static void save_reserved(struct grant_table *gt,
			  struct reserved_entry r[GNTTAB_NR_RESERVED_ENTRIES])
{
	for (unsigned int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
		if (gt->version == 1) {
			grant_entry_v1_t *e = (grant_entry_v1_t *)gt->shared[0];

			r[i].flags = e[i].flags;
			r[i].domid = e[i].domid;
			r[i].frame = e[i].frame;
		} else {
			grant_entry_v2_t *e = (grant_entry_v2_t *)gt->shared[0];

			r[i].flags = e[i].hdr.flags;
			r[i].domid = e[i].hdr.domid;
			r[i].frame = e[i].full_page.frame;
		}
	}
}

static void
load_reserved(struct grant_table *gt,
	      const struct reserved_entry r[GNTTAB_NR_RESERVED_ENTRIES])
{
	for (unsigned int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
		if (gt->version == 1) {
			grant_entry_v1_t *e = (grant_entry_v1_t *)gt->shared[0];

			e[i].flags = r[i].flags;
			e[i].domid = r[i].domid;
			e[i].frame = r[i].frame;
		} else {
			grant_entry_v2_t *e = (grant_entry_v2_t *)gt->shared[0];

			e[i].hdr.flags = r[i].flags;
			e[i].hdr.domid = r[i].domid;
			e[i].full_page.frame = r[i].frame;
		}
	}
}

/* Status frames go back only if the guest no longer maps them. */
static bool drop_status_frames(struct grant_table *gt)
{
	for (unsigned int i = 0; i < gt->nr_status_frames; i++)
		if (page_get_owner(virt_to_page(gt->status[i])) &&
		    !gnttab_arch_unshare(gt->status[i]))
			return false;
	while (gt->nr_status_frames)
		free_xenheap_page(gt->status[--gt->nr_status_frames]);
	return true;
}

/* Caller holds gt->lock; checks done.  -EBUSY: a status frame mapped. */
static long switch_version(struct grant_table *gt, unsigned int version)
{
	struct reserved_entry r[GNTTAB_NR_RESERVED_ENTRIES];

	if (version == 2 && !grow_status(gt, gt->nr_frames))
		return -ENOMEM;
	if (version == 1 && !drop_status_frames(gt))
		return -EBUSY;
	save_reserved(gt, r);
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		memset(gt->shared[i], 0, PAGE_SIZE);
	gt->version = version;
	load_reserved(gt, r);
	return 0;
}

long gnttab_set_version(struct gnttab_set_version *op)
{
	struct domain *d = current_domain();
	struct grant_table *gt = gnttab_of(d);
	long rc = 0;

	if (op->version != 1 && op->version != 2)
		return guest_err(-EINVAL, "set_version: version %u",
				 op->version);
	if (!gt)
		return -ENOMEM;
	spin_lock(&gt->lock);
	if (op->version != gt->version) {
		if (gnttab_any_pinned(gt))
			rc = -EBUSY;
		else
			rc = switch_version(gt, op->version);
	}
	op->version = gt->version;
	share_new_frames(gt, d);
	spin_unlock(&gt->lock);
	return rc;
}

/* ---- teardown ---- */

static bool free_table(struct grant_table *gt, domid_t id)
{
	unsigned int i, leaked = 0;

	for (i = 0; i < GNTTAB_MAX_FRAMES && gt->shared[i]; i++)
		if (!page_get_owner(virt_to_page(gt->shared[i])) ||
		    gnttab_arch_unshare(gt->shared[i]))
			free_xenheap_page(gt->shared[i]);
		else
			leaked++;
	if (!drop_status_frames(gt))
		leaked++;
	for (i = 0; i < GNTTAB_ACTIVE_PAGES && gt->active[i]; i++)
		free_xenheap_page(gt->active[i]);
	maptrack_free_all(gt);
	if (leaked)
		printk(XENLOG_ERR "d%u: %u grant frames still mapped at "
				  "destroy; leaking them\n",
		       id, leaked);
	free_xenheap_pages(gt, table_order());
	return !leaked;
}

/* Unmap every handle of d's maptrack (its maps of others' grants). */
static void unmap_all(struct domain *d, struct grant_table *gt)
{
	unsigned int h, n = gt->maptrack_frames * MAPTRACK_PER_PAGE;

	for (h = 0; h < n; h++)
		gnttab_unmap_handle(d, gt, h, true);
}

/*
 * d is dying (Xen's gnttab_release_mappings): undo every mapping it made
 * of others' grants, their pins and page references with them, while
 * d's page tables still hold the host mappings to clear.  The table
 * itself stays: d's own page tables may still map its frames until its
 * memory is relinquished; gnttab_domain_teardown() frees it after that.
 */
void gnttab_release_mappings(struct domain *d)
{
	struct grant_table *gt;

	ASSERT(d->is_dying);
	gt = gnttab_of(d); /* a dying domain gets no new table */
	if (gt)
		unmap_all(d, gt);
}

/*
 * d goes: its remaining mappings of others' grants are undone (if
 * gnttab_release_mappings() did not run), then its own table is freed.
 * Grants of d still mapped by others keep their frames alive through the
 * references the grantees' pins hold; their unmap finds d gone and
 * drops just those.  False if a frame of the table was still mapped
 * (then leaked rather than freed under the mapping).
 */
bool gnttab_domain_teardown(struct domain *d)
{
	struct grant_table *gt = NULL;
	unsigned int i;

	spin_lock(&domain_tables_lock);
	for (i = 0; i < MAX_DOMAINS; i++)
		if (tables[i].d == d) {
			gt = tables[i].gt;
			__atomic_store_n(&tables[i].d, NULL, __ATOMIC_RELEASE);
			tables[i].gt = NULL;
		}
	spin_unlock(&domain_tables_lock);
	if (!gt)
		return true;
	unmap_all(d, gt);
	return free_table(gt, d->domain_id);
}

/* One table's pin references, as the auditor counts references. */
static void report_table(struct grant_table *gt,
			 void (*add)(void *acc, mfn_t mfn, bool type_ref),
			 void *acc)
{
	unsigned int ref, n, i;
	struct grant_active *act;

	spin_lock(&gt->lock);
	n = gt->nr_frames * GNTTAB_V1_PER_FRAME;
	for (ref = 0; ref < n; ref++) {
		act = gnttab_active(gt, ref);
		if (act->trans)
			continue; /* the references are the target entry's */
		for (i = 0; i < act->rw_pins + act->ro_pins; i++)
			add(acc, _mfn(act->frame), i < act->rw_pins);
	}
	spin_unlock(&gt->lock);
}

/*
 * For the frame auditor: every reference the grant code holds, i.e. one
 * general reference per pin and one type reference per writable pin.
 * (Pins of a granter already destroyed are not found here: their
 * references are reported by nobody until the grantee unmaps.)
 */
void gnttab_report_refs(void (*add)(void *acc, mfn_t mfn, bool type_ref),
			void *acc)
{
	spin_lock(&domain_tables_lock);
	for (unsigned int i = 0; i < MAX_DOMAINS; i++)
		if (tables[i].gt)
			report_table(tables[i].gt, add, acc);
	spin_unlock(&domain_tables_lock);
}
