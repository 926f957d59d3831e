/*
 * Physical IRQs for the hardware domain: IO-APIC lines (GSIs) delivered
 * as event channels, the way a PV dom0 receives its devices' interrupts.
 *
 *   PHYSDEVOP_map_pirq (GSI)  gives GSI n a pirq number (n itself unless
 *                             that is taken; Linux asks for n) and points
 *                             the IO-APIC pin at vector 0x30 + n on CPU 0,
 *                             still masked;
 *   EVTCHNOP_bind_pirq        binds the pirq to a port and unmasks the pin
 *                             (evtchn_env_pirq_bind(), below);
 *   the interrupt             makes the port pending in the domain that
 *                             mapped it.  A level-triggered line is masked
 *                             until the guest says PHYSDEVOP_eoi (it would
 *                             fire again at once otherwise); for an edge
 *                             one the EOI does nothing;
 *   PHYSDEVOP_unmap_pirq      undoes the map once the port is closed.
 *
 * Trigger and polarity: ISA lines (GSI < 16) are edge, active high, the
 * others level, active low (the ACPI defaults) until dom0 says otherwise
 * with PHYSDEVOP_setup_gsi; the MADT's interrupt source overrides (which
 * make some ISA lines level) are not read yet.  Only the
 * control domain may map or bind (-EPERM otherwise, as Xen's XSM
 * default); MSIs, mapping for another domain and the EOI page
 * (PHYSDEVOP_pirq_eoi_gmfn_v*) are not built: see docs/chapters/04-events.md.
 *
 * Locking: pirq_lock (IRQ-safe) covers gsis[] and pirq_gsi[].  It nests
 * inside an event lock (bind/unbind are called under it) and is never
 * held while an event is sent.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <public/physdev.h>
#include <asm/ioapic.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/pirq.h>

#define NR_GSIS PIRQ_NR_VECTORS

struct guest_gsi {
	int pirq;	/* -1: not mapped */
	domid_t owner;	/* the domain that mapped it */
	bool bound;	/* a port is bound: the pin is live */
	bool level;
	bool active_low;
	bool configured; /* trigger/polarity set by PHYSDEVOP_setup_gsi */
	bool masked;	/* level line masked until the guest's EOI */
};

static struct guest_gsi gsis[NR_GSIS] = {
	[0 ... NR_GSIS - 1] = { .pirq = -1 },
};
static int pirq_gsi[EVTCHN_NR_PIRQS] = { [0 ... EVTCHN_NR_PIRQS - 1] = -1 };
static DEFINE_SPINLOCK(pirq_lock);

/* The GSI of pirq as mapped by domain dom, or -1.  pirq_lock held. */
static int gsi_of(domid_t dom, unsigned int pirq)
{
	int gsi = pirq < EVTCHN_NR_PIRQS ? pirq_gsi[pirq] : -1;

	return gsi >= 0 && gsis[gsi].owner == dom ? gsi : -1;
}

/* A free pirq for gsi: gsi itself if free, else the first free from 16. */
static int pick_pirq(unsigned int gsi, int want)
{
	if (want >= 0)
		return want < EVTCHN_NR_PIRQS && pirq_gsi[want] < 0
			   ? want
			   : -EEXIST;
	if (gsi < EVTCHN_NR_PIRQS && pirq_gsi[gsi] < 0)
		return gsi;
	for (int p = 16; p < EVTCHN_NR_PIRQS; p++)
		if (pirq_gsi[p] < 0)
			return p;
	return -ENOSPC;
}

/* The domain an op names: the caller itself, privileged. */
static long op_domain(domid_t dom)
{
	struct domain *d = current_domain();

	if (!d->is_privileged)
		return -EPERM;
	if (dom != DOMID_SELF && dom != d->domain_id)
		return guest_err(-EOPNOTSUPP,
				 "physdev: pirqs for d%u are not supported",
				 dom);
	return 0;
}

static long map_gsi(unsigned int gsi, struct physdev_map_pirq *m)
{
	domid_t me = current_domain()->domain_id;
	struct guest_gsi *g = &gsis[gsi];
	unsigned long flags;
	long rc;

	spin_lock_irqsave(&pirq_lock, flags);
	if (g->pirq >= 0) {
		/* Mapped already: the same answer again, as Xen. */
		rc = g->owner != me || (m->pirq >= 0 && m->pirq != g->pirq)
			 ? -EEXIST
			 : 0;
		if (!rc)
			m->pirq = g->pirq;
		goto out;
	}
	rc = pick_pirq(gsi, m->pirq);
	if (rc < 0)
		goto out;
	if (!g->configured)
		g->level = g->active_low = gsi >= 16;
	if (!ioapic_route_gsi(gsi, PIRQ_VECTOR_BASE + gsi, g->level,
			      g->active_low, cpu_to_apicid[0])) {
		rc = -EINVAL;
		goto out;
	}
	g->pirq = rc;
	g->owner = me;
	g->bound = g->masked = false;
	pirq_gsi[rc] = gsi;
	m->pirq = rc;
	rc = 0;
out:
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

long physdev_map_pirq(struct physdev_map_pirq *m)
{
	long rc = op_domain(m->domid);

	if (rc)
		return rc;
	switch (m->type) {
	case MAP_PIRQ_TYPE_GSI:
		break;
	case MAP_PIRQ_TYPE_MSI:
	case MAP_PIRQ_TYPE_MSI_SEG:
	case MAP_PIRQ_TYPE_MULTI_MSI:
		return guest_err(-EOPNOTSUPP, "map_pirq: MSIs not supported");
	default:
		return guest_err(-EINVAL, "map_pirq: type %d", m->type);
	}
	if (m->index < 0 || m->index >= NR_GSIS ||
	    !ioapic_gsi_exists(m->index))
		return guest_err(-EINVAL, "map_pirq: GSI %d", m->index);
	return map_gsi(m->index, m);
}

long physdev_unmap_pirq(struct physdev_unmap_pirq *u)
{
	domid_t me = current_domain()->domain_id;
	long rc = op_domain(u->domid);
	unsigned long flags;
	int gsi;

	if (rc)
		return rc;
	spin_lock_irqsave(&pirq_lock, flags);
	gsi = u->pirq >= 0 ? gsi_of(me, u->pirq) : -1;
	if (gsi < 0)
		rc = -EINVAL;
	else if (gsis[gsi].bound)
		rc = -EBUSY; /* close the port first */
	else {
		ioapic_mask_gsi(gsi, true);
		gsis[gsi].pirq = -1;
		pirq_gsi[u->pirq] = -1;
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/*
 * PHYSDEVOP_setup_gsi: dom0 tells the trigger and polarity its ACPI
 * tables give a GSI.  As on Xen, a pin is set up once: a second call
 * is -EEXIST (Linux prints "Already setup the GSI" and carries on).
 */
long physdev_setup_gsi(int gsi, bool level, bool active_low)
{
	unsigned long flags;
	long rc = 0;

	if (!current_domain()->is_privileged)
		return -EPERM;
	if (gsi < 0 || gsi >= NR_GSIS || !ioapic_gsi_exists(gsi))
		return guest_err(-EINVAL, "setup_gsi: GSI %d", gsi);
	spin_lock_irqsave(&pirq_lock, flags);
	if (gsis[gsi].configured) {
		rc = -EEXIST;
	} else {
		gsis[gsi].configured = true;
		gsis[gsi].level = level;
		gsis[gsi].active_low = active_low;
		if (gsis[gsi].pirq >= 0)
			ioapic_route_gsi(gsi, PIRQ_VECTOR_BASE + gsi, level,
					 active_low, cpu_to_apicid[0]);
		if (gsis[gsi].pirq >= 0 && gsis[gsi].bound)
			ioapic_mask_gsi(gsi, false);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/* PHYSDEVOP_eoi: a level line masked since its last interrupt opens. */
long physdev_eoi(unsigned int pirq)
{
	domid_t me = current_domain()->domain_id;
	unsigned long flags;
	long rc = 0;
	int gsi;

	spin_lock_irqsave(&pirq_lock, flags);
	gsi = gsi_of(me, pirq);
	if (gsi < 0)
		rc = -EINVAL;
	else if (gsis[gsi].masked && gsis[gsi].bound) {
		gsis[gsi].masked = false;
		ioapic_mask_gsi(gsi, false);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/*
 * PHYSDEVOP_irq_status_query: must the guest EOI this pirq?  Always yes,
 * as on Xen: without the EOI page (PHYSDEVOP_pirq_eoi_gmfn, not built)
 * the guest cannot see when a line was masked, so it must always ask;
 * PHYSDEVOP_eoi of a line that was not masked does nothing.
 */
long physdev_irq_status(unsigned int pirq, uint32_t *flags_out)
{
	if (pirq >= EVTCHN_NR_PIRQS)
		return -EINVAL;
	*flags_out = XENIRQSTAT_needs_eoi;
	return 0;
}

/* The event core's hooks: a port is bound to / unbound from pirq. */
int evtchn_env_pirq_bind(struct evtchn_domain *ed, unsigned int pirq,
			 bool share)
{
	unsigned long flags;
	int gsi, rc = 0;

	spin_lock_irqsave(&pirq_lock, flags);
	gsi = gsi_of(ed->domid, pirq);
	if (gsi < 0)
		rc = -EPERM; /* not a pirq this domain may use, as Xen */
	else {
		gsis[gsi].bound = true;
		gsis[gsi].masked = false;
		ioapic_mask_gsi(gsi, false);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

void evtchn_env_pirq_unbind(struct evtchn_domain *ed, unsigned int pirq)
{
	unsigned long flags;
	int gsi;

	spin_lock_irqsave(&pirq_lock, flags);
	gsi = gsi_of(ed->domid, pirq);
	if (gsi >= 0) {
		gsis[gsi].bound = false;
		ioapic_mask_gsi(gsi, true);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
}

/* From do_irq(): GSI vector - PIRQ_VECTOR_BASE fired (interrupts off). */
void pirq_interrupt(unsigned int gsi)
{
	struct guest_gsi *g;
	domid_t owner;
	int pirq;

	spin_lock(&pirq_lock);
	g = &gsis[gsi];
	pirq = g->pirq;
	owner = g->owner;
	if (pirq < 0 || !g->bound) {
		ioapic_mask_gsi(gsi, true); /* nobody listens */
		pirq = -1;
	} else if (g->level) {
		ioapic_mask_gsi(gsi, true);
		g->masked = true;
	}
	spin_unlock(&pirq_lock);
	if (pirq >= 0)
		evtchn_send_pirq(owner, pirq);
}
