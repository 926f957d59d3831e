/*
 * The ways between a 64-bit PV guest and the hypervisor that do not go
 * through the IDT: SYSCALL in, and the exit path back to the guest.
 *
 * A PV guest kernel and its user space both run in ring 3, so their
 * SYSCALL lands here (MSR_LSTAR) in ring 0 with the guest's %rsp still
 * loaded, interrupts off (MSR_FMASK), %rcx = guest %rip and %r11 = guest
 * %rflags.  We switch to the top of this CPU's stack - the same place an
 * exception from ring 3 builds its frame, from TSS.RSP0 - and build the
 * very same struct cpu_user_regs an exception would (asm/traps.h), with
 * entry_vector PV_ENTRY_SYSCALL.  C then decides: a hypercall (guest
 * kernel mode) or a bounce to the guest's syscall callback (user mode).
 *
 * Leaving is one path for every entry (pv_return_to_guest).  SYSRETQ is
 * much cheaper than IRETQ (no five-word frame, no descriptor loads: a long
 * helper under TCG, tens of cycles on hardware), but it takes %rip from
 * %rcx and %rflags from %r11 and sets fixed flat CS/SS.  So it is used
 * exactly when it restores the same state IRETQ would: CS and SS are the
 * flat 64-bit ring-3 selectors (whose GDT entries are those flat
 * descriptors), the frame's %rcx equals its %rip and %r11 its %rflags
 * (which is how SYSCALL left them: every hypercall that returns to its
 * caller qualifies, any bounce or changed frame does not), %rip is
 * canonical (SYSRET with a non-canonical %rcx faults in ring 0 on the
 * guest's stack) and RF/VM are clear (SYSRET clears them).  Only NMI and
 * #MC could arrive between loading the guest %rsp and SYSRETQ, and both
 * run on IST stacks.  Xen also uses SYSRET for its syscall returns.
 *
 * SYSCALL gives us no register to find this CPU by (%gs is the guest's),
 * so each CPU has its own entry stub, PV_SYSCALL_STUB_SIZE bytes apart
 * (its MSR_LSTAR, pv/context.c), which knows its CPU's words in
 * pv_syscall_stack[] (the top of the running vCPU's stack, pv/switch.c)
 * and pv_syscall_scratch[], then joins the common path.
 */
#include <asm/entry_regs.h>
#include <asm/traps.h>
#include <asm/pv.h>
#include <xenolith/config.h>

	.macro SYSCALL_STUB cpu
	.balign PV_SYSCALL_STUB_SIZE
	mov	%rsp, pv_syscall_scratch + 8 * \cpu(%rip)
	mov	pv_syscall_stack + 8 * \cpu(%rip), %rsp
	pushq	$PV_FLAT_SS
	pushq	pv_syscall_scratch + 8 * \cpu(%rip)
	jmp	pv_syscall_common
	.endm

	.text
	.balign PV_SYSCALL_STUB_SIZE
	.globl pv_syscall_stubs
pv_syscall_stubs:
	.altmacro
	.set	stub_cpu, 0
	.rept	NR_CPUS
	SYSCALL_STUB %stub_cpu
	.set	stub_cpu, stub_cpu + 1
	.endr
	.noaltmacro

pv_syscall_common:
	push	%r11				/* rflags */
	pushq	$PV_FLAT_CS64
	push	%rcx				/* rip */
	pushq	$0
	movl	$PV_ENTRY_SYSCALL, 4(%rsp)
	cld
	SAVE_ALL
	mov	%rsp, %rbx			/* guest rbx is saved */
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	pv_syscall
	mov	%rbx, %rdi
	/* fall through */

#define RFLAGS_RF_VM	0x30000

/* void pv_return_to_guest(struct cpu_user_regs *regs): never returns. */
	.globl pv_return_to_guest
pv_return_to_guest:
	cli
	mov	%rdi, %rsp
	cmpw	$PV_FLAT_CS64, REGS_CS(%rsp)
	jne	pv_iret_exit
	cmpw	$PV_FLAT_SS, REGS_SS(%rsp)
	jne	pv_iret_exit
	mov	REGS_RIP(%rsp), %rax
	cmp	GPR_RCX(%rsp), %rax
	jne	pv_iret_exit
	mov	%rax, %rcx
	shl	$16, %rcx
	sar	$16, %rcx
	cmp	%rax, %rcx			/* canonical */
	jne	pv_iret_exit
	mov	REGS_RFLAGS(%rsp), %rax
	cmp	GPR_R11(%rsp), %rax
	jne	pv_iret_exit
	test	$RFLAGS_RF_VM, %rax
	jnz	pv_iret_exit
	RESTORE_ALL				/* %rcx = %rip, %r11 = %rflags */
	mov	REGS_RSP - REGS_RIP(%rsp), %rsp	/* the guest's %rsp */
	sysretq

pv_iret_exit:
	RESTORE_ALL
	.globl pv_iretq
pv_iretq:
	iretq

	.data
	.balign 8
	.globl pv_syscall_stack, pv_syscall_scratch
pv_syscall_stack:
	.fill	NR_CPUS, 8, 0
pv_syscall_scratch:
	.fill	NR_CPUS, 8, 0

/*
 * void pv_switch_stack(unsigned long *save_rsp, unsigned long new_rsp):
 * switch from one vCPU's hypervisor stack to another's (pv/switch.c).
 * Only the callee-saved registers need saving: this is a function call
 * as far as the compiler knows.  A vCPU that never ran has a stack
 * prepared so that the final ret lands in pv_vcpu_first_run.
 */
	.text
	.globl pv_switch_stack
pv_switch_stack:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
