/*
 * Run one instruction on the host CPU with a given register state, for
 * the differential test of the emulator (test_x86emu.c).
 *
 *   void x86emu_native_run(struct native_state *s, const void *code);
 *
 * struct native_state is 16 GPRs in encoding order (rsp's slot unused)
 * then rflags.  code is the instruction followed by RET.  Every GPR but
 * RSP is loaded from s, the flags too; afterwards all are stored back.
 */
	.text
	.globl x86emu_native_run
	.type x86emu_native_run, @function
x86emu_native_run:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rdi, native_state(%rip)
	mov %rsi, native_code(%rip)
	pushq 128(%rdi)
	popfq
	mov 0(%rdi), %rax
	mov 8(%rdi), %rcx
	mov 16(%rdi), %rdx
	mov 24(%rdi), %rbx
	mov 40(%rdi), %rbp
	mov 48(%rdi), %rsi
	mov 64(%rdi), %r8
	mov 72(%rdi), %r9
	mov 80(%rdi), %r10
	mov 88(%rdi), %r11
	mov 96(%rdi), %r12
	mov 104(%rdi), %r13
	mov 112(%rdi), %r14
	mov 120(%rdi), %r15
	mov 56(%rdi), %rdi
	call *native_code(%rip)
	pushfq
	push %rdi
	mov native_state(%rip), %rdi
	popq 56(%rdi)
	popq 128(%rdi)
	mov %rax, 0(%rdi)
	mov %rcx, 8(%rdi)
	mov %rdx, 16(%rdi)
	mov %rbx, 24(%rdi)
	mov %rbp, 40(%rdi)
	mov %rsi, 48(%rdi)
	mov %r8, 64(%rdi)
	mov %r9, 72(%rdi)
	mov %r10, 80(%rdi)
	mov %r11, 88(%rdi)
	mov %r12, 96(%rdi)
	mov %r13, 104(%rdi)
	mov %r14, 112(%rdi)
	mov %r15, 120(%rdi)
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size x86emu_native_run, . - x86emu_native_run

	.bss
	.align 8
native_state:	.quad 0
native_code:	.quad 0
	.section .note.GNU-stack, "", @progbits
