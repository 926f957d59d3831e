/*
 * HYPERVISOR_sysctl: what the toolstack asks about the host (Xen 4.17).
 *
 * Checks in Xen's order: copy in (-EFAULT), interface_version exactly
 * (-EACCES), control domain only (-EPERM, before any sub-op is looked
 * at).  The whole struct is copied back after a successful sub-op.
 * Runs under the domctl lock, so getdomaininfolist never sees a domain
 * half destroyed.
 *
 * Implemented: readconsole, physinfo, sched_id, getdomaininfolist,
 * debug_keys.
 * The rest is -ENOSYS (getcpuinfo waits for per-CPU idle accounting).
 */
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/mm.h>
#include <xenolith/sched_core.h>
#include <xenolith/smp.h>
#include <xenolith/time.h>
#include <asm/processor.h>
#include <public/sysctl.h>

/* Xen's read_console_ring(): from index (incremental) or the oldest
 * byte still held, up to count bytes; index and count come back. */
static long readconsole(struct xen_sysctl_readconsole *rc)
{
	uint32_t at = rc->incremental ? rc->index : conring_oldest();
	char buf[256];
	uint32_t done = 0;
	size_t n;

	while (done < rc->count) {
		n = conring_read(&at, buf, MIN(sizeof(buf), rc->count - done));
		if (!n)
			break;
		if (copy_to_guest((vaddr_t)rc->buffer + done, buf, n))
			return -XEN_EFAULT;
		done += n;
	}
	if (rc->clear)
		conring_clear_to(at);	/* what this read returned, as Xen */
	rc->count = done;
	rc->index = at;
	return 0;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	struct cpuid_regs r1 = cpuid(1), e1 = cpuid(0x80000001);
	struct mm_stats st;

	mm_get_stats(&st);
	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->cores_per_socket = nr_cpus_online;
	pi->nr_cpus = nr_cpus_online;
	pi->max_cpu_id = nr_cpus_online - 1;
	pi->nr_nodes = 1;
	pi->cpu_khz = arch_tsc_khz();
	/* PV guests only (no VMX/SVM under TCG), both grant versions. */
	pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1 |
			   XEN_SYSCTL_PHYSCAP_gnttab_v2;
	pi->total_pages = st.total[MM_POOL_XENHEAP] + st.total[MM_POOL_DOMHEAP];
	pi->free_pages = st.avail[MM_POOL_XENHEAP] + st.avail[MM_POOL_DOMHEAP];
	pi->max_mfn = max_page - 1;
	pi->hw_cap[0] = r1.d;
	pi->hw_cap[1] = r1.c;
	pi->hw_cap[2] = e1.d;
	pi->hw_cap[3] = e1.c;
}

/* Up to max_domains domains with IDs >= first_domain, in ID order. */
static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	unsigned int id = l->first_domain, n = 0;
	struct domain *d;

	while (n < l->max_domains && id < DOMID_FIRST_RESERVED &&
	       (d = domain_lookup_next(id))) {
		domain_getinfo(d, &info);
		if (copy_to_guest((vaddr_t)l->buffer + n * sizeof(info), &info,
				  sizeof(info)))
			return -XEN_EFAULT;
		n++;
		id = d->domain_id + 1;
	}
	l->num_domains = n;
	return 0;
}

/* Press each key as if typed on the serial console (Xen: no copy
 * back; an unreadable key ends it with -EFAULT, earlier ones pressed). */
static long debug_keys(const struct xen_sysctl_debug_keys *k)
{
	char c;

	for (uint32_t i = 0; i < k->nr_keys; i++) {
		if (copy_from_guest(&c, (vaddr_t)k->keys + i, 1))
			return -XEN_EFAULT;
		handle_keypress(c);
	}
	return 0;
}

static long sysctl_op(struct xen_sysctl *op)
{
	switch (op->cmd) {
	case XEN_SYSCTL_readconsole:
		return readconsole(&op->u.readconsole);
	case XEN_SYSCTL_physinfo:
		physinfo(&op->u.physinfo);
		return 0;
	case XEN_SYSCTL_sched_id:
		op->u.sched_id.sched_id = sched_current_ops() ?
			sched_current_ops()->sched_id : XEN_SCHEDULER_CREDIT;
		return 0;
	case XEN_SYSCTL_getdomaininfolist:
		return getdomaininfolist(&op->u.getdomaininfolist);
	case XEN_SYSCTL_debug_keys:
		return debug_keys(&op->u.debug_keys);
	default:
		return guest_err(-XEN_ENOSYS, "sysctl: cmd %u not implemented",
				 op->cmd);
	}
}

long do_sysctl(unsigned long arg, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5)
{
	struct xen_sysctl op;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -XEN_EACCES;
	if (!current_domain()->is_privileged)
		return guest_err(-XEN_EPERM, "sysctl %u: not privileged", op.cmd);
	spin_lock(&domctl_lock);
	domain_reap_zombies();
	rc = sysctl_op(&op);
	spin_unlock(&domctl_lock);
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))
		rc = -XEN_EFAULT;
	return rc;
}
