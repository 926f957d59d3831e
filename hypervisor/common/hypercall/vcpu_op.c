/*
 * HYPERVISOR_vcpu_op: per-vCPU control, the basics.
 *
 * VCPUOP_is_up answers from the vCPU's state.  VCPUOP_get_runstate_info
 * reports a vCPU that has been running since it was started (no
 * scheduler yet: it never waits, blocks only briefly, and is never
 * preempted by another vCPU).  VCPUOP_register_vcpu_info
 * is mandatory for Linux; this first version accepts a registration
 * that names the vcpu_info already in use (the shared_info slot) and
 * refuses others with -ENOSYS, which Linux treats as "keep using
 * shared_info" for vCPUs below XEN_LEGACY_MAX_VCPUS.  Timers, runstate
 * areas, initialise/up/down and NMI sending are not implemented yet.
 * An out-of-range vCPU number is -ENOENT, as in Xen.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/vtime.h>
#include <xenolith/guest_access.h>
#include <xenolith/time.h>
#include <public/vcpu.h>

static long vcpu_runstate(struct vcpu *v, unsigned long arg)
{
	struct vcpu_runstate_info r;
	s_time_t now = NOW();

	memset(&r, 0, sizeof(r));
	r.state = v->is_up ? RUNSTATE_running : RUNSTATE_offline;
	r.state_entry_time = v->start_time;
	r.time[r.state] = now - v->start_time;
	return copy_to_guest(arg, &r, sizeof(r));
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
		unsigned long a4, unsigned long a5)
{
	struct domain *d = current_domain();
	unsigned int id = vcpuid;

	if (id >= d->nr_vcpus || !d->vcpu[id])
		return -XEN_ENOENT;
	switch ((int)cmd) {
	case VCPUOP_is_up:
		return d->vcpu[id]->is_up;
	case VCPUOP_get_runstate_info:
		return vcpu_runstate(d->vcpu[id], arg);
	default:
		/* Hook (issue 5): timer and runstate-area sub-ops, -ENOSYS
		 * for the rest (common/cpu/vtimer.c). */
		return vtime_vcpu_op((int)cmd, d->vcpu[id], arg);
	}
}
