/*
 * The general registers as every entry path saves them, for assembly only.
 *
 * SAVE_ALL pushes them so that, with the hardware frame and the
 * vector/error-code words above, the stack holds the register frame
 * (struct cpu_user_regs in asm/traps.h) with %r15 at the lowest
 * address.  The hardware-exception path (entry.S) and the PV SYSCALL
 * path (pv_entry.S) share this one sequence, so their frames can never
 * disagree with the C structure.
 */
#ifndef ASM_ENTRY_REGS_H
#define ASM_ENTRY_REGS_H

#ifdef __ASSEMBLY__
/* clang-format off */
.macro SAVE_ALL
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

/* The reverse, then drop the vector and error-code words. */
.macro RESTORE_ALL
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	add	$8, %rsp		/* error code + vector */
.endm
/* clang-format on */
#endif

#endif
