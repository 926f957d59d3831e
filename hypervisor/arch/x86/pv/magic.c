/*
 * The "magic pages" of a boot-time domU: its XenStore ring and its
 * console ring, set up as Xen's toolstack (xc_dom/libxl) sets them up for
 * a PV guest it builds, so that Linux's xenbus and hvc_xen find them in
 * start_info and dom0's daemons can reach them.
 *
 * What the guest gets (start_info):
 *   store_mfn, store_evtchn            the page right after start_info's
 *   console.domU.mfn, console.domU.evtchn  the page after that
 * Both pages are zeroed (an empty ring) and each event channel is
 * allocated unbound in the domU with dom0 as its remote end, so dom0
 * binds it with EVTCHNOP_bind_interdomain.
 *
 * What dom0 gets: the grant entries GNTTAB_RESERVED_CONSOLE (0) and
 * GNTTAB_RESERVED_XENSTORE (1) of the domU's table grant dom0 those two
 * frames read-write, as xc_dom_gnttab_seed() does, so dom0 maps them with
 * /dev/xen/gntdev without knowing any frame number.  The frame and port
 * numbers it needs for XS_INTRODUCE and the event binding come from
 * HVMOP_get_param (do_hvm_op below).  On Xen 4.17 that query answers
 * -EINVAL for a PV domain: there its toolstack built the domain and
 * remembers the numbers; here the hypervisor built it, so it is the one
 * that can say (docs/abi/divergences.md).
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/grant.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <public/hvm/params.h>
#include <asm/page.h>
#include <asm/pv.h>
#include "build.h"

/* An unbound port of d that only dom0 may bind; 0 on failure. */
static uint32_t unbound_for_dom0(struct domain *d)
{
	struct evtchn_domain *ed = evtchn_of(d);
	struct evtchn_alloc_unbound op = {
		.dom = DOMID_SELF,
		.remote_dom = 0,
	};

	if (!ed || evtchn_alloc_unbound(ed, &op))
		return 0;
	return op.port;
}

/* Grant entry ref of d's table: dom0 may map mfn read-write. */
static int seed_grant(struct domain *d, grant_ref_t ref, unsigned long mfn)
{
	struct grant_table *gt = gnttab_of(d);
	grant_entry_v1_t *e;
	unsigned long flags;

	if (!gt)
		return -XEN_ENOMEM;
	spin_lock_irqsave(&gt->lock, flags);
	e = (grant_entry_v1_t *)gt->shared[0] + ref;
	e->domid = 0;
	e->frame = mfn;
	barrier();	/* frame and domid before the grant is valid */
	e->flags = GTF_permit_access;
	spin_unlock_irqrestore(&gt->lock, flags);
	return 0;
}

/* One magic page: zeroed, granted to dom0, with its unbound port. */
static int setup_page(struct domain *d, unsigned long pfn, grant_ref_t ref,
		      uint64_t *mfn_out, uint32_t *port_out)
{
	unsigned long mfn = d->p2m[pfn];

	memset(maddr_to_virt(mfn_to_maddr(_mfn(mfn))), 0, PAGE_SIZE);
	*port_out = unbound_for_dom0(d);
	if (!*port_out)
		return -XEN_ENOMEM;
	*mfn_out = mfn;
	return seed_grant(d, ref, mfn);
}

int pv_setup_magic_pages(struct domain *d, const struct pv_layout *l,
			 struct start_info *si)
{
	struct pv_magic *m = &d->arch.magic;
	unsigned long pfn = (l->vmagic_start - l->v_start) >> PAGE_SHIFT;
	int rc;

	m->store_pfn = pfn;
	m->console_pfn = pfn + 1;
	rc = setup_page(d, m->store_pfn, GNTTAB_RESERVED_XENSTORE,
			&si->store_mfn, &m->store_evtchn);
	if (!rc)
		rc = setup_page(d, m->console_pfn, GNTTAB_RESERVED_CONSOLE,
				&si->console.domU.mfn, &m->console_evtchn);
	if (rc)
		return rc;
	si->store_evtchn = m->store_evtchn;
	si->console.domU.evtchn = m->console_evtchn;
	m->valid = true;
	return 0;
}

/* A magic parameter of d, or -EINVAL as Xen answers for a PV domain. */
static long magic_param(const struct domain *d, uint32_t index,
			uint64_t *value)
{
	const struct pv_magic *m = &d->arch.magic;

	if (!m->valid)
		return -XEN_EINVAL;
	switch (index) {
	case HVM_PARAM_STORE_PFN:
		*value = m->store_pfn;
		return 0;
	case HVM_PARAM_STORE_EVTCHN:
		*value = m->store_evtchn;
		return 0;
	case HVM_PARAM_CONSOLE_PFN:
		*value = m->console_pfn;
		return 0;
	case HVM_PARAM_CONSOLE_EVTCHN:
		*value = m->console_evtchn;
		return 0;
	}
	return -XEN_EINVAL;
}

/*
 * HVMOP_get_param and _set_param, in Xen's check order: copy in
 * (-EFAULT), index range (-EINVAL), domain (-ESRCH); then, where Xen says
 * -EINVAL for every PV domain, a privileged caller may read a boot-time
 * domU's four magic parameters.  Setting stays -EINVAL, as everything
 * else; other sub-ops -ENOSYS (there is no HVM).
 */
long do_hvm_op(unsigned long op, unsigned long arg, unsigned long a3,
	       unsigned long a4, unsigned long a5)
{
	struct domain *cd = current_domain(), *d;
	struct xen_hvm_param p;
	long rc;

	if (op != HVMOP_get_param && op != HVMOP_set_param)
		return guest_err(-XEN_ENOSYS, "hvm_op %lu: no HVM", op);
	if (copy_from_guest(&p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.index >= HVM_NR_PARAMS)
		return -XEN_EINVAL;
	d = p.domid == DOMID_SELF ? cd : domain_lookup(p.domid);
	if (!d)
		return -XEN_ESRCH;
	if (op == HVMOP_set_param || !cd->is_privileged || d == cd)
		return -XEN_EINVAL;
	rc = magic_param(d, p.index, &p.value);
	if (!rc && copy_to_guest(arg, &p, sizeof(p)))
		rc = -XEN_EFAULT;
	return rc;
}
