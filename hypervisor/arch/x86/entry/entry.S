/*
 * Exception and interrupt entry.
 *
 * Every vector has a 16-byte stub that makes the stack look the same:
 * the CPU pushed ss, rsp, rflags, cs, rip and, for some exceptions, an
 * error code; the stub pushes a zero error code where the CPU did not,
 * stores the vector number in the upper half of that slot, and jumps to
 * the common path, which saves the general registers to complete a
 * struct cpu_user_regs (asm/traps.h) and calls C with a pointer to it.
 *
 * Only hypervisor context exists for now, so no SWAPGS and no guest
 * state: the return path just restores and IRETs.
 */
#include <asm/entry_regs.h>
#include <asm/traps.h>

/* Exceptions that push an error code: 8, 10-14, 17, 21, 29, 30. */
#define ERRCODE_MASK	((1 << 8) | (0x1f << 10) | (1 << 17) | (1 << 21) | \
			 (1 << 29) | (1 << 30))

	.text
	.balign 16
	.globl exception_stubs
exception_stubs:
	.set vec, 0
	.rept X86_NR_EXC
	.balign IRQ_STUB_SIZE
	.if (ERRCODE_MASK >> vec) & 1
	movl	$vec, 4(%rsp)
	.else
	pushq	$0
	movl	$vec, 4(%rsp)
	.endif
	jmp	trap_common
	.set vec, vec + 1
	.endr

	.balign 16
	.globl irq_stubs
irq_stubs:
	.set vec, X86_NR_EXC
	.rept 256 - X86_NR_EXC
	.balign IRQ_STUB_SIZE
	pushq	$0
	movl	$vec, 4(%rsp)
	jmp	irq_common
	.set vec, vec + 1
	.endr

/*
 * #DB arrives on its own IST stack once the PV code has set it up
 * (pv/debugreg.c): a watchpoint hit by a guest's MOV SS / POP SS is held
 * back until after the next instruction, and when that is SYSCALL the
 * #DB would otherwise be taken in ring 0 on the guest's %rsp.  From
 * hypervisor context it is handled right here; from the guest the frame
 * moves to the vCPU's stack (pv_db_frame_move), where every other guest
 * exception lands, since handling it may switch vCPUs.
 */
	.globl db_ist_entry
db_ist_entry:
	pushq	$0
	movl	$X86_EXC_DB, 4(%rsp)
	testb	$3, REGS_CS - REGS_ERROR_CODE(%rsp)	/* interrupted %cs */
	jz	trap_common
	cld
	SAVE_ALL
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	pv_db_frame_move
	mov	%rax, %rsp
	jmp	trap_saved

trap_common:
	cld
	SAVE_ALL
trap_saved:
	mov	%rsp, %rdi
	/* A frame pointer chain through the interrupted code: fake a
	 * frame whose return address is the faulting rip. */
	push	REGS_RIP(%rsp)
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp
	call	do_trap
	lea	16(%rbp), %rsp
	jmp	ret_from_intr

irq_common:
	cld
	SAVE_ALL
	mov	%rsp, %rdi
	push	REGS_RIP(%rsp)
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp
	call	do_irq
	lea	16(%rbp), %rsp

ret_from_intr:
	RESTORE_ALL
	iretq
