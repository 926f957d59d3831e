/*
 * HYPERVISOR_vm_assist: opt-in behaviours of a PV domain.
 *
 * The guest enables or disables VMASST_TYPE_* bits; the hypervisor
 * consults them where the behaviour lives (writable page tables in the
 * MMU code, architectural IOPL in the bounce code, m2p_strict in L4
 * validation).  As in Xen, the set a 64-bit PV guest may change is
 * Xen's VM_ASSIST_VALID, which still includes the 32-bit-only segment
 * types (accepted, meaningless); anything else is -EINVAL.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>

#define VMASST_VALID_PV64 ((1UL << VMASST_TYPE_4gb_segments) |	      \
			   (1UL << VMASST_TYPE_4gb_segments_notify) | \
			   (1UL << VMASST_TYPE_writable_pagetables) | \
			   (1UL << VMASST_TYPE_pae_extended_cr3) |    \
			   (1UL << VMASST_TYPE_architectural_iopl) |  \
			   (1UL << VMASST_TYPE_runstate_update_flag) | \
			   (1UL << VMASST_TYPE_m2p_strict))

long do_vm_assist(unsigned long cmd, unsigned long type, unsigned long a3,
		  unsigned long a4, unsigned long a5)
{
	struct domain *d = current_domain();

	if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
		return guest_err(-XEN_ENOSYS, "vm_assist: cmd %lu", cmd);
	if (type >= 64 || !(VMASST_VALID_PV64 & (1UL << type)))
		return guest_err(-XEN_EINVAL, "vm_assist: type %lu", type);
	switch (cmd) {
	case VMASST_CMD_enable:
		d->arch.vm_assist |= 1UL << type;
		return 0;
	case VMASST_CMD_disable:
		d->arch.vm_assist &= ~(1UL << type);
		return 0;
	default:
		return guest_err(-XEN_ENOSYS, "vm_assist: cmd %lu", cmd);
	}
}
