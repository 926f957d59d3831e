/*
 * HYPERVISOR_vcpu_op: per-vCPU control, the basics.
 *
 * VCPUOP_initialise gives a vCPU that never ran its first state (arch
 * code), VCPUOP_up lets it run, VCPUOP_down stops one - and, as in Xen,
 * the last vCPU of a domain going down powers the domain off.
 * VCPUOP_is_up answers from the vCPU's state.  VCPUOP_register_vcpu_info
 * (mandatory for Linux) moves the vcpu_info into guest memory
 * (arch_map_vcpu_info).  The timer and runstate sub-ops belong to guest
 * time (common/cpu/vtimer.c), everything else is -ENOSYS (NMI sending,
 * get_physid, register_vcpu_time_memory_area).  An
 * out-of-range vCPU number is -ENOENT, as in Xen.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/vtime.h>
#include <xenolith/guest_access.h>
#include <xenolith/sched.h>
#include <public/sched.h>
#include <public/vcpu.h>

/*
 * Move v's vcpu_info from shared_info into a page of the guest's own (a
 * frame it owns, at an offset where the whole structure fits), once per
 * vCPU.  The old contents move along, and everything is marked pending
 * so no event is lost in the move (Xen does the same).
 */
static long vcpu_register_info(struct vcpu *v, unsigned long arg)
{
	struct vcpu_register_vcpu_info r;
	int rc = copy_from_guest(&r, arg, sizeof(r));

	if (rc)
		return rc;
	if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info))
		return -XEN_ENXIO;
	if (v->vcpu_info_registered)
		return guest_err(-XEN_EINVAL, "vcpu_info already registered");
	if (v != current_vcpu() && v->is_up)
		return -XEN_EINVAL;
	return arch_map_vcpu_info(v, _mfn(r.mfn), r.offset);
}

static long vcpu_initialise(struct vcpu *v, unsigned long arg)
{
	if (v->is_initialised)
		return -XEN_EEXIST;
	return arch_vcpu_initialise(v, arg);
}

static long vcpu_up(struct vcpu *v)
{
	if (!v->is_initialised)
		return -XEN_EINVAL;
	if (v->is_up)
		return 0;
	v->is_up = true;
	vtime_runstate_switch(v, RUNSTATE_runnable);
	vcpu_runnable_update(v);
	return 0;
}

static long vcpu_down(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool others = false;

	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		others |= d->vcpu[i] != v && d->vcpu[i]->is_up;
	if (!others) {
		domain_shutdown(d, SHUTDOWN_poweroff);
		sched_stop_vcpu(current_vcpu());
	}
	v->is_up = false;
	vcpu_runnable_update(v);
	if (v != current_vcpu()) {
		vtime_runstate_switch(v, RUNSTATE_offline);
		return 0;
	}
	sched_wait_up(v);	/* the switch away accounts it offline */
	return 0;
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
		unsigned long a4, unsigned long a5)
{
	struct domain *d = current_domain();
	unsigned int id = vcpuid;

	if (id >= d->nr_vcpus || !d->vcpu[id])
		return -XEN_ENOENT;
	switch ((int)cmd) {
	case VCPUOP_initialise:
		return vcpu_initialise(d->vcpu[id], arg);
	case VCPUOP_up:
		return vcpu_up(d->vcpu[id]);
	case VCPUOP_down:
		return vcpu_down(d->vcpu[id]);
	case VCPUOP_is_up:
		return d->vcpu[id]->is_up;
	case VCPUOP_register_vcpu_info:
		return vcpu_register_info(d->vcpu[id], arg);
	default:
		/* Hook (issue 5): timer and runstate-area sub-ops, -ENOSYS
		 * for the rest (common/cpu/vtimer.c). */
		return vtime_vcpu_op((int)cmd, d->vcpu[id], arg);
	}
}
