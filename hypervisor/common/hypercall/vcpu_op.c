/*
 * HYPERVISOR_vcpu_op: per-vCPU control, the basics.
 *
 * VCPUOP_is_up answers from the vCPU's state.  VCPUOP_register_vcpu_info
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
#include <public/vcpu.h>

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
	default:
		return guest_err(-XEN_ENOSYS, "vcpu_op: cmd %lu", cmd);
	}
}
