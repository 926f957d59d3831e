/*
 * A guest context for another vCPU (vcpu.h).
 */
#include "vcpu.h"

void vcpu_context_kernel(struct vcpu_guest_context *c, unsigned long rip,
			 unsigned long stack_top)
{
	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = rip;
	c->user_regs.rsp = stack_top - 8;	/* as if called */
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = X86_EFLAGS_MBS;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = stack_top;
	c->ctrlreg[3] =
		xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
}
