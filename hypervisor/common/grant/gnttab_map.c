/*
 * Mapping grants: map_grant_ref, unmap_grant_ref, unmap_and_replace.
 *
 * A map takes, in this order, everything it may fail to get: a handle
 * in the grantee's maptrack, a pin on the granter's entry (which checks
 * the grant and sets its in-use bits), references on the frame (general,
 * plus a writable type reference unless GNTMAP_readonly), and finally
 * the host mapping itself (GNTMAP_host_map: a PTE at a virtual address,
 * or with GNTMAP_contains_pte at the machine address of a PTE; the
 * architecture validates it as any L1 update).  A failure gives back
 * what was taken, in reverse.  The commit is filling the handle.
 *
 * Unmap finds the mapping by handle and undoes the parts its arguments
 * name: the host mapping at host_addr, which must still be there (the
 * PTE maps the frame with the handle's access) or the unmap fails with
 * GNTST_general_error and the mapping stays, as in Xen; the device
 * mapping if dev_bus_addr is its address.  With the last part go the
 * frame references, the pin and the handle.  The granter regains the right to
 * end its grant once the last pin has gone.
 *
 * GNTMAP_device_map alone is accepted for a PV domain and reports the
 * frame's machine address in dev_bus_addr (no IOMMU to program).
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/grant.h>

#define MAP_KINDS (GNTMAP_device_map | GNTMAP_host_map)

/* The granter named by dom: NULL if none (or dying). */
static struct domain *granter(domid_t dom)
{
	struct domain *ld = current_domain(), *rd;

	if (dom == DOMID_SELF || dom == ld->domain_id)
		return ld;
	rd = domain_lookup(dom);
	return rd && !rd->is_dying ? rd : NULL;
}

static int16_t map_fail(struct gnttab_map_grant_ref *op, int16_t st,
			const char *why)
{
	op->status = st;
	guest_err(0, "map_grant_ref: d%u ref %u: %s", op->dom, op->ref, why);
	return st;
}

/* A handle and its entry, reserved: in use but no mapping (flags 0)
 * until gnttab_map() publishes it. */
static uint32_t new_handle(struct grant_table *lgt, struct maptrack_entry **mt)
{
	uint32_t h;

	spin_lock(&lgt->maptrack_lock);
	h = maptrack_get(lgt);
	if (h != MAPTRACK_NONE)
		*mt = maptrack_entry(lgt, h);
	spin_unlock(&lgt->maptrack_lock);
	return h;
}

static void drop_handle(struct grant_table *lgt, uint32_t h)
{
	spin_lock(&lgt->maptrack_lock);
	maptrack_put(lgt, h);
	spin_unlock(&lgt->maptrack_lock);
}

static void unpin(struct grant_table *gt, grant_ref_t ref, bool rw)
{
	spin_lock(&gt->lock);
	gnttab_unpin(gt, ref, rw);
	spin_unlock(&gt->lock);
}

/* Pin, reference and map: GNTST_okay with *frame, or all undone. */
static int map_frame(struct gnttab_map_grant_ref *op, struct domain *ld,
		     struct domain *rd, struct grant_table *rgt,
		     unsigned long *frame)
{
	bool rw = !(op->flags & GNTMAP_readonly);
	struct grant_pin pin;
	int rc;

	spin_lock(&rgt->lock);
	rc = gnttab_pin(rgt, op->ref, ld->domain_id, rw, false, &pin);
	spin_unlock(&rgt->lock);
	if (rc)
		return rc;
	if (!gnttab_arch_get_frame(pin.frame, rd, rw)) {
		rc = GNTST_general_error;
		goto out_unpin;
	}
	if (op->flags & GNTMAP_host_map) {
		rc = gnttab_arch_host_map(ld, op->host_addr, pin.frame, rd,
					  op->flags);
		if (rc)
			goto out_put;
	}
	*frame = pin.frame;
	return GNTST_okay;

out_put:
	gnttab_arch_put_frame(pin.frame, rw);
out_unpin:
	unpin(rgt, op->ref, rw);
	return rc;
}

long gnttab_map(struct gnttab_map_grant_ref *op)
{
	struct domain *ld = current_domain(), *rd;
	struct grant_table *lgt, *rgt;
	struct maptrack_entry *mt;
	unsigned long frame;
	uint32_t h;
	int rc;

	if (!(op->flags & MAP_KINDS))
		return map_fail(op, GNTST_bad_gntref,
				"neither host nor device");
	rd = granter(op->dom);
	if (!rd)
		return map_fail(op, GNTST_bad_domain, "no such domain");
	lgt = gnttab_of(ld);
	rgt = rd == ld ? lgt : gnttab_of(rd);
	if (!lgt || !rgt)
		return map_fail(op, GNTST_general_error, "no grant table");
	h = new_handle(lgt, &mt);
	if (h == MAPTRACK_NONE)
		return map_fail(op, GNTST_no_space, "maptrack full");
	rc = map_frame(op, ld, rd, rgt, &frame);
	if (rc) {
		drop_handle(lgt, h);
		return map_fail(op, rc, "grant refused");
	}
	/*
	 * The entry is ours alone until flags says it maps something (a
	 * reader checks them first, read_handle()), so it is filled without
	 * the lock and published by the release store of flags.  Pages of
	 * entries never move while the domain lives.
	 */
	mt->domid = rd->domain_id;
	mt->ref = op->ref;
	mt->frame = frame;
	mt->host_addr = op->host_addr;
	__atomic_store_n(&mt->flags, op->flags, __ATOMIC_RELEASE);
	op->handle = h;
	op->dev_bus_addr = (uint64_t)frame << PAGE_SHIFT;
	op->status = GNTST_okay;
	return 0;
}

/* A copy of handle h's entry, or false if h is not a mapping. */
static bool read_handle(struct grant_table *lgt, uint32_t h,
			struct maptrack_entry *out)
{
	struct maptrack_entry *mt;

	bool mapped;

	spin_lock(&lgt->maptrack_lock);
	mt = maptrack_entry(lgt, h);
	/* Acquire: pairs with gnttab_map()'s publishing store. */
	mapped = mt && (__atomic_load_n(&mt->flags, __ATOMIC_ACQUIRE) &
			MAP_KINDS);
	if (mapped)
		*out = *mt;
	spin_unlock(&lgt->maptrack_lock);
	return mapped;
}

/*
 * Everything but the PTE: the frame references, the granter's pin (if
 * the granter still exists and its entry is ours) and the handle.
 */
static void release(struct domain *ld, struct grant_table *lgt, uint32_t h,
		    const struct maptrack_entry *mt)
{
	bool rw = !(mt->flags & GNTMAP_readonly);
	struct domain *rd =
	    mt->domid == ld->domain_id ? ld : domain_lookup(mt->domid);
	struct grant_table *rgt = rd == ld ? lgt : rd ? gnttab_of(rd) : NULL;
	struct grant_active *act;

	gnttab_arch_put_frame(mt->frame, rw);
	if (rgt) {
		spin_lock(&rgt->lock);
		act = mt->ref < gnttab_nr_entries(rgt)
			  ? gnttab_active(rgt, mt->ref)
			  : NULL;
		if (act && act->domid == ld->domain_id &&
		    (rw ? act->rw_pins : act->ro_pins))
			gnttab_unpin(rgt, mt->ref, rw);
		spin_unlock(&rgt->lock);
	}
	drop_handle(lgt, h);
}

/* Forget the parts of handle h just undone; the rest stays mapped. */
static void drop_parts(struct grant_table *lgt, uint32_t h, uint32_t parts)
{
	struct maptrack_entry *mt;

	spin_lock(&lgt->maptrack_lock);
	mt = maptrack_entry(lgt, h);
	if (mt)
		mt->flags &= ~parts;
	spin_unlock(&lgt->maptrack_lock);
}

/*
 * Undo what the arguments name of handle h: the device part when
 * dev_bus_addr is given (and right: GNTST_bad_dev_addr otherwise), the
 * host part when host_addr is.  Naming neither is no error and undoes
 * nothing, as in Xen.  The pin and references go with the last part.
 */
static int16_t unmap_one(uint32_t h, uint64_t host_addr, uint64_t dev_addr,
			 uint64_t new_addr)
{
	struct domain *ld = current_domain();
	struct grant_table *lgt = gnttab_of(ld);
	struct maptrack_entry mt;
	uint32_t parts = 0;
	int rc;

	if (!lgt || !read_handle(lgt, h, &mt)) {
		guest_err(0, "unmap_grant_ref: bad handle %u", h);
		return GNTST_bad_handle;
	}
	if (dev_addr && (mt.flags & GNTMAP_device_map)) {
		if (dev_addr != (uint64_t)mt.frame << PAGE_SHIFT) {
			guest_err(0,
				  "unmap_grant_ref: handle %u bus address "
				  "%#lx",
				  h, (unsigned long)dev_addr);
			return GNTST_bad_dev_addr;
		}
		parts |= GNTMAP_device_map;
	}
	if (host_addr && (mt.flags & GNTMAP_host_map)) {
		rc = gnttab_arch_host_unmap(ld, host_addr, mt.frame, mt.flags,
					    new_addr);
		if (rc) {
			guest_err(0,
				  "unmap_grant_ref: handle %u not mapped "
				  "at %#lx",
				  h, (unsigned long)host_addr);
			return rc;
		}
		parts |= GNTMAP_host_map;
	}
	if (!(mt.flags & MAP_KINDS & ~parts))
		release(ld, lgt, h, &mt);
	else if (parts)
		drop_parts(lgt, h, parts);
	return GNTST_okay;
}

long gnttab_unmap(struct gnttab_unmap_grant_ref *op)
{
	op->status = unmap_one(op->handle, op->host_addr, op->dev_bus_addr, 0);
	return 0;
}

long gnttab_unmap_and_replace(struct gnttab_unmap_and_replace *op)
{
	op->status = unmap_one(op->handle, op->host_addr, 0, op->new_addr);
	return 0;
}

/* Teardown of the dying ld: handle h (if in use) goes, PTE included. */
void gnttab_unmap_handle(struct domain *ld, struct grant_table *lgt, uint32_t h,
			 bool dying)
{
	struct maptrack_entry mt;

	if (!read_handle(lgt, h, &mt))
		return;
	if ((mt.flags & GNTMAP_host_map) &&
	    gnttab_arch_host_unmap(ld, mt.host_addr, mt.frame, mt.flags, 0))
		printk(XENLOG_WARNING "d%u: grant handle %u: host mapping "
				      "gone before teardown\n",
		       ld->domain_id, h);
	release(ld, lgt, h, &mt);
}
