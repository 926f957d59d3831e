/*
 * SYSCALL from a PV guest: a hypercall, or the guest's own system call.
 *
 * Both the guest kernel and guest user space run in ring 3, so both land
 * in pv_syscall_entry.  The vCPU's mode tells them apart, as in Xen:
 *
 *  - guest kernel mode: a hypercall.  Number in %rax, arguments in
 *    %rdi %rsi %rdx %r10 %r8, result in %rax; every other register comes
 *    back as it was (the guest's stubs save %rcx and %r11 themselves).
 *    The iret hypercall is special: it replaces the whole frame, so it
 *    is not run through the table's "result in %rax" path.
 *  - guest user mode: switch to kernel mode and bounce to the registered
 *    syscall callback with the frame [%rcx %r11 %rip %cs %rflags %rsp %ss];
 *    with no callback registered, #UD at the SYSCALL instruction.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <asm/pv.h>
#include <asm/mm.h>

#define X86_EFLAGS_DF (1UL << 10)
#define SYSCALL_INSN_LEN 2

static void pv_user_syscall(struct vcpu *v, struct cpu_user_regs *regs)
{
	if (!v->arch.syscall.eip) {
		regs->rip -= SYSCALL_INSN_LEN;
		pv_inject_trap(v, regs, X86_EXC_UD, false, 0);
		return;
	}
	regs->rflags &= ~X86_EFLAGS_DF;	/* the virtual SYSCALL_MASK */
	pv_bounce_callback(v, regs, &v->arch.syscall);
}

void pv_syscall(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();
	unsigned long args[5] = { regs->rdi, regs->rsi, regs->rdx, regs->r10,
				  regs->r8 };

	if (!v->arch.kernel_mode)
		pv_user_syscall(v, regs);
	else if (regs->rax == __HYPERVISOR_iret)
		do_iret(0, 0, 0, 0, 0);
	else {
		pv_hypercall_started();
		regs->rax = hypercall_dispatch(regs->rax, args, false);
	}
	pv_exit_to_guest(v, regs);
}
