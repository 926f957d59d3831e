/*
 * HYPERVISOR_sched_op: a vCPU gives up the CPU, or its domain stops.
 *
 * SCHEDOP_shutdown is how every PV guest ends; the reason (SHUTDOWN_*)
 * decides what its controller does next.  For dom0 there is no
 * controller: Xenolith prints Xen's "Hardware Dom0 ..." line and ends
 * the machine (arch_domain_shutdown_hook).  SCHEDOP_shutdown_code records
 * a reason that a later shutdown uses instead of its own (used by
 * kexec-style crash paths).  remote_shutdown is the privileged form for
 * another domain.  poll, watchdog and pin_override are not implemented.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/sched.h>
#include <xenolith/vtime.h>
#include <public/sched.h>

static long sched_shutdown_op(unsigned long arg)
{
	struct sched_shutdown s;
	struct domain *d = current_domain();
	int rc = copy_from_guest(&s, arg, sizeof(s));

	if (rc)
		return rc;
	domain_shutdown(d, s.reason);
	sched_stop_vcpu(current_vcpu());
}

static long sched_shutdown_code(unsigned long arg)
{
	struct sched_shutdown s;
	struct domain *d = current_domain();
	int rc = copy_from_guest(&s, arg, sizeof(s));

	if (rc)
		return rc;
	d->shutdown_code = s.reason;
	return 0;
}

static long sched_remote_shutdown(unsigned long arg)
{
	struct sched_remote_shutdown r;
	struct domain *d;
	int rc = copy_from_guest(&r, arg, sizeof(r));

	if (rc)
		return rc;
	if (!current_domain()->is_privileged)
		return guest_err(-XEN_EPERM, "remote_shutdown: not privileged");
	d = domain_lookup(r.domain_id == DOMID_SELF ?
			  current_domain()->domain_id : r.domain_id);
	if (!d)
		return -XEN_ESRCH;
	domain_shutdown(d, r.reason);
	if (d == current_domain())
		sched_stop_vcpu(current_vcpu());
	return 0;
}

long do_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		 unsigned long a4, unsigned long a5)
{
	switch ((int)cmd) {
	case SCHEDOP_yield:
		sched_yield(current_vcpu());
		return 0;
	case SCHEDOP_block:	/* hook (issue 5): until an event arrives */
		vtime_sched_block(current_vcpu());
		return 0;
	case SCHEDOP_shutdown:
		return sched_shutdown_op(arg);
	case SCHEDOP_poll:	/* hook (issue 5): common/cpu/vtimer.c */
		return vtime_sched_poll(arg);
	case SCHEDOP_shutdown_code:
		return sched_shutdown_code(arg);
	case SCHEDOP_remote_shutdown:
		return sched_remote_shutdown(arg);
	default:
		return guest_err(-XEN_ENOSYS, "sched_op: cmd %lu", cmd);
	}
}
