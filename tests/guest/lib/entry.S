/*
 * Low-level entry and exit: exception stubs, the iret hypercall, and the
 * trip into guest user mode and back.
 *
 * Every way into the guest kernel (exception bounce, syscall callback,
 * failsafe callback) starts with %rcx and %r11 on the stack, because the
 * hypervisor may have entered us with SYSRET, which clobbers them.  The
 * stubs pop those back, push a uniform (error code, vector) pair, save
 * the general registers as a struct trap_frame (traps.h, in the order
 * of x86/gpr_frame.h) and call trap_dispatch().
 *
 * The way out is always the iret hypercall: a PV kernel runs in ring 3
 * and cannot IRET to another privilege or event-mask state itself.  Its
 * frame is the bounce frame with a flags word where the error code was;
 * flags = VGCF_in_syscall when returning from a syscall callback, which
 * lets the hypervisor use SYSRET (and not restore %rcx/%r11).
 */
#include <public/xen.h>
#include <x86/gpr_frame.h>
#include "traps.h"

	.text
	.code64

.macro exception name, vec, has_ec=0
	.globl entry_\name
entry_\name:
	pop	%rcx
	pop	%r11
	.if !\has_ec
	push	$0
	.endif
	push	$\vec
	jmp	trap_common
.endm

	exception DE, X86_EXC_DE
	exception DB, X86_EXC_DB
	exception NMI, X86_EXC_NMI
	exception BP, X86_EXC_BP
	exception OF, X86_EXC_OF
	exception BR, X86_EXC_BR
	exception UD, X86_EXC_UD
	exception NM, X86_EXC_NM
	exception DF, X86_EXC_DF, 1
	exception TS, X86_EXC_TS, 1
	exception NP, X86_EXC_NP, 1
	exception SS, X86_EXC_SS, 1
	exception GP, X86_EXC_GP, 1
	exception PF, X86_EXC_PF, 1
	exception MF, X86_EXC_MF
	exception AC, X86_EXC_AC, 1
	exception MC, X86_EXC_MC
	exception XM, X86_EXC_XM
	exception syscall, VEC_SYSCALL
	exception event, VEC_EVENT

	/* Failsafe frame: %rcx %r11 %ds %es %fs %gs, then as usual. */
	.globl entry_failsafe
entry_failsafe:
	pop	%rcx
	pop	%r11
	popq	last_trap + TRAP_RECORD_SEGS(%rip)	/* ds */
	popq	last_trap + TRAP_RECORD_SEGS + 8(%rip)	/* es */
	popq	last_trap + TRAP_RECORD_SEGS + 16(%rip)	/* fs */
	popq	last_trap + TRAP_RECORD_SEGS + 24(%rip)	/* gs */
	push	$0
	push	$VEC_FAILSAFE
	jmp	trap_common

trap_common:
	GPR_PUSH
	mov	%rsp, %rdi
	call	trap_dispatch
	GPR_POP
	/* The error-code slot becomes the iret flags word. */
	cmpq	$VEC_SYSCALL, (%rsp)
	movq	$0, 8(%rsp)
	jne	1f
	movq	$VGCF_in_syscall, 8(%rsp)
1:	add	$8, %rsp
	/* fall through */

	/* %rsp -> flags rip cs rflags rsp ss; never returns. */
	.globl hypercall_iret
hypercall_iret:
	cmpb	$0, hypercall_direct(%rip)
	jne	1f
	jmp	hypercall_page + __HYPERVISOR_iret * 32
1:	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall

/*
 * unsigned long exec_user(fn, arg): iret into user mode at user_entry
 * with %rdi = fn, %rsi = arg (the iret hypercall leaves them alone).
 * The user side ends with INT 0x20, whose handler returns from here.
 */
	.globl exec_user
exec_user:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, user_return_rsp(%rip)
	push	$FLAT_USER_SS
	lea	user_stack_top(%rip), %rax
	push	%rax
	push	$X86_EFLAGS_MBS		/* IF clear: events stay masked */
	push	$FLAT_USER_CS
	lea	user_entry(%rip), %rax
	push	%rax
	push	$0
	jmp	hypercall_iret

	.globl entry_ret_to_kernel
entry_ret_to_kernel:
	mov	user_return_rsp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

	/* Runs in guest user mode. */
user_entry:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	call	*%rax
	int	$VEC_RET_TO_KERNEL
	ud2

	.bss
	.p2align 3
user_return_rsp:
	.quad 0
