/*
 * HYPERVISOR_vcpu_op: per-vCPU control, the basics.
 *
 * VCPUOP_is_up answers from the vCPU's state.  VCPUOP_register_vcpu_info
 * (mandatory for Linux) moves the vcpu_info into guest memory
 * (arch_map_vcpu_info).  The timer and runstate sub-ops belong to guest
 * time (common/cpu/vtimer.c), everything else is -ENOSYS:
 * initialise/up/down and NMI sending are not implemented yet.  An
 * out-of-range vCPU number is -ENOENT, as in Xen.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/vtime.h>
#include <xenolith/guest_access.h>
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
	case VCPUOP_register_vcpu_info:
		return vcpu_register_info(d->vcpu[id], arg);
	default:
		/* Hook (issue 5): timer and runstate-area sub-ops, -ENOSYS
		 * for the rest (common/cpu/vtimer.c). */
		return vtime_vcpu_op((int)cmd, d->vcpu[id], arg);
	}
}
