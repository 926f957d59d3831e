/*
 * HYPERVISOR_domctl: the toolstack's control of domains (Xen 4.17 ABI).
 *
 * The order of checks is Xen's, because a toolstack (and our
 * differential tests) can tell them apart: the argument is copied in
 * (-EFAULT), interface_version must match exactly (-EACCES), the target
 * domain must exist (-ESRCH; getdomaininfo instead takes the first
 * domain at or above the ID), and only then is the caller's privilege
 * checked (-EPERM: only the control domain, as Xen's default XSM
 * policy).  One domctl runs at a time (domctl_lock, Xen's domctl lock),
 * which also keeps a domain from being destroyed under a sysctl that
 * lists it.  The sub-op's part is copied back only for the sub-ops
 * whose Xen counterpart does.
 *
 * Implemented: getdomaininfo, pausedomain, unpausedomain,
 * destroydomain, max_mem, getvcpuinfo, set/getvcpuaffinity,
 * scheduler_op, setdomainhandle.  Every other command is -ENOSYS with a
 * log line (createdomain and the rest of the builder interface, HVM
 * context, device assignment...).
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/sched_core.h>
#include <xenolith/vtime.h>
#include <asm/processor.h>
#include <public/domctl.h>

DEFINE_SPINLOCK(domctl_lock);

/* Guest-physical address bits of a PV guest: the host's (Xen's
 * hap_paddr_bits, from CPUID 0x80000008). */
static uint8_t gpaddr_bits(void)
{
	struct cpuid_regs r = cpuid(0x80000008);

	return (r.a >> 16) & 0xff ? (r.a >> 16) & 0xff : r.a & 0xff;
}

/*
 * Xen's getdomaininfo(): blocked only if every online vCPU is,
 * running if any is; the shutdown code field holds SCHEDOP_shutdown_code
 * (~0 if never set, which Xen shifts into the flags as it is) until the
 * domain shuts down, then the reason.
 */
void domain_getinfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	uint32_t flags = XEN_DOMINF_blocked, code;
	struct vcpu_runstate_info rs;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		vtime_vcpu_runstate(v, &rs);
		info->cpu_time += rs.time[RUNSTATE_running];
		info->max_vcpu_id = v->vcpu_id;
		if (!v->is_up)
			continue;
		if (!v->blocked)
			flags &= ~XEN_DOMINF_blocked;
		if (rs.state == RUNSTATE_running)
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	code = d->is_shutting_down ? d->shutdown_reason : d->shutdown_code;
	info->flags = (info->nr_online_vcpus ? flags : 0) |
		      (d->is_dead ? XEN_DOMINF_dying : 0) |
		      (d->is_shutting_down ? XEN_DOMINF_shutdown : 0) |
		      (d->controller_pause_count ? XEN_DOMINF_paused : 0) |
		      code << XEN_DOMINF_shutdownshift;
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	/* A PV domain's frame numbers are machine frames. */
	info->shared_info_frame = virt_to_maddr(d->shared_info) >> PAGE_SHIFT;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->gpaddr_bits = gpaddr_bits();
}

/* XEN_DOMCTL_getdomaininfo: d, or the first domain with an ID >= op's. */
static long getdomaininfo(struct xen_domctl *op, struct domain *d)
{
	if (!d) {
		if (op->domain >= DOMID_FIRST_RESERVED)
			return -XEN_EINVAL;
		d = domain_lookup_next(op->domain);
		if (!d)
			return -XEN_ESRCH;
	}
	domain_getinfo(d, &op->u.getdomaininfo);
	op->domain = d->domain_id;
	return 0;
}

static long getvcpuinfo(struct xen_domctl_getvcpuinfo *vi, struct domain *d)
{
	struct vcpu_runstate_info rs;
	struct vcpu *v;

	if (vi->vcpu >= d->nr_vcpus)
		return -XEN_EINVAL;
	if (!(v = d->vcpu[vi->vcpu]))
		return -XEN_ESRCH;
	vtime_vcpu_runstate(v, &rs);
	vi->online = v->is_up;
	vi->blocked = v->blocked;
	vi->running = rs.state == RUNSTATE_running;
	vi->cpu_time = rs.time[RUNSTATE_running];
	vi->cpu = v->processor;
	return 0;
}

/* ---- affinity: struct xenctl_bitmap <-> a CPU mask ---- */

/* Bits beyond the CPUs we have are dropped, missing bytes read as 0. */
static long bitmap_in(const struct xenctl_bitmap *b, unsigned long *mask)
{
	unsigned int bytes = MIN((b->nr_bits + 7) / 8, sizeof(*mask));
	uint8_t buf[sizeof(*mask)] = { 0 };

	if (copy_from_guest(buf, (vaddr_t)b->bitmap, bytes))
		return -XEN_EFAULT;
	if (b->nr_bits < 8 * sizeof(*mask) && (b->nr_bits & 7))
		buf[bytes - 1] &= (1U << (b->nr_bits & 7)) - 1;
	*mask = 0;
	for (unsigned int i = 0; i < bytes; i++)
		*mask |= (unsigned long)buf[i] << (8 * i);
	*mask &= sched_online_mask();
	return 0;
}

/* The caller's whole bitmap is written: our bits, then zeros. */
static long bitmap_out(const struct xenctl_bitmap *b, unsigned long mask)
{
	unsigned int bytes = (b->nr_bits + 7) / 8;
	uint8_t byte;

	for (unsigned int i = 0; i < bytes; i++) {
		byte = i < sizeof(mask) ? mask >> (8 * i) : 0;
		if (copy_to_guest((vaddr_t)b->bitmap + i, &byte, 1))
			return -XEN_EFAULT;
	}
	return 0;
}

static bool affinity_args_bad(const struct xen_domctl_vcpuaffinity *a)
{
	return !(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) ||
	       ((a->flags & XEN_VCPUAFFINITY_HARD) && !a->cpumap_hard.bitmap) ||
	       ((a->flags & XEN_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap);
}

/* Set (set true) or read v's masks; on set the effective ones go back:
 * hard within the online CPUs, soft within hard. */
static long vcpuaffinity(struct xen_domctl_vcpuaffinity *a, struct domain *d,
			 bool set)
{
	struct vcpu *v;
	unsigned long hard, soft;
	long rc = 0;

	if (a->vcpu >= d->nr_vcpus)
		return -XEN_EINVAL;
	if (!(v = d->vcpu[a->vcpu]))
		return -XEN_ESRCH;
	if (affinity_args_bad(a))
		return -XEN_EINVAL;
	hard = v->sched.hard_affinity;
	soft = v->sched.soft_affinity;
	if (set && (a->flags & XEN_VCPUAFFINITY_HARD))
		rc = bitmap_in(&a->cpumap_hard, &hard);
	if (!rc && set && (a->flags & XEN_VCPUAFFINITY_SOFT))
		rc = bitmap_in(&a->cpumap_soft, &soft);
	if (!rc && set)
		rc = sched_set_affinity(v, hard, soft);
	if (set)
		soft &= hard;
	if (!rc && (a->flags & XEN_VCPUAFFINITY_HARD))
		rc = bitmap_out(&a->cpumap_hard, hard & sched_online_mask());
	if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
		rc = bitmap_out(&a->cpumap_soft, soft & sched_online_mask());
	return rc;
}

/* XEN_DOMCTL_max_mem: Xen lets the limit drop below tot_pages (the
 * domain then cannot allocate until it is back under), and keeps it in
 * 32 bits, so larger values mean "no limit" (~0U). */
static long max_mem(struct xen_domctl_max_mem *m, struct domain *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->page_alloc_lock, flags);
	d->max_pages = MIN(m->max_memkb >> (PAGE_SHIFT - 10), 0xffffffffUL);
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	return 0;
}

/* The sub-op; *copyback when Xen copies the domctl back. */
static long domctl_op(struct xen_domctl *op, struct domain *d,
		      bool *copyback)
{
	struct domain *self = current_domain();

	switch (op->cmd) {
	case XEN_DOMCTL_getdomaininfo: {
		long rc = getdomaininfo(op, d);

		*copyback = !rc;
		return rc;
	}
	case XEN_DOMCTL_pausedomain:
		return d == self ? -XEN_EINVAL : domain_pause_by_controller(d);
	case XEN_DOMCTL_unpausedomain:
		return domain_unpause_by_controller(d);
	case XEN_DOMCTL_destroydomain:
		return domain_destroy(d);
	case XEN_DOMCTL_max_mem:
		return max_mem(&op->u.max_mem, d);
	case XEN_DOMCTL_getvcpuinfo:
		*copyback = true;
		return getvcpuinfo(&op->u.getvcpuinfo, d);
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		return vcpuaffinity(&op->u.vcpuaffinity, d,
				    op->cmd == XEN_DOMCTL_setvcpuaffinity);
	case XEN_DOMCTL_scheduler_op:
		*copyback = true;
		return sched_domctl_adjust(d, &op->u.scheduler_op);
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle,
		       sizeof(d->handle));
		return 0;
	default:
		return guest_err(-XEN_ENOSYS, "domctl: cmd %u not implemented",
				 op->cmd);
	}
}

/* The commands that name no existing domain (Xen's d = NULL cases). */
static bool takes_no_domain(uint32_t cmd)
{
	return cmd == XEN_DOMCTL_createdomain ||
	       cmd == XEN_DOMCTL_test_assign_device ||
	       cmd == XEN_DOMCTL_gdbsx_guestmemio;
}

long do_domctl(unsigned long arg, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5)
{
	struct xen_domctl op;
	struct domain *d = NULL;
	bool copyback = false;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -XEN_EACCES;
	spin_lock(&domctl_lock);
	domain_reap_zombies();
	if (!takes_no_domain(op.cmd)) {
		d = domain_lookup(op.domain);
		if (!d && op.cmd != XEN_DOMCTL_getdomaininfo) {
			spin_unlock(&domctl_lock);
			return -XEN_ESRCH;
		}
	}
	if (!current_domain()->is_privileged)
		rc = guest_err(-XEN_EPERM, "domctl %u: not privileged", op.cmd);
	else
		rc = domctl_op(&op, d, &copyback);
	spin_unlock(&domctl_lock);
	if (copyback && copy_to_guest(arg, &op, sizeof(op)))
		rc = -XEN_EFAULT;
	return rc;
}
