/*
 * The general-register frame: the one order in which every entry path
 * in this tree saves the 15 general registers on the stack.
 *
 * It is the order of the ABI's struct cpu_user_regs
 * (public/arch-x86/xen-x86_64.h): %r15 at the lowest address, %rdi at
 * the highest, so GPR_PUSH pushes %rdi first.  Whatever the CPU or the
 * entry stub pushed before (error code, vector, the iret frame) sits
 * above it, at GPR_FRAME_SIZE.
 *
 * Two trees use it: the hypervisor's entry paths (asm/entry_regs.h's
 * SAVE_ALL and RESTORE_ALL, for entry.S and pv_entry.S) and the guest
 * test kernels' trap stubs (tests/guest/lib/entry.S).  Each C view of
 * such a frame (the hypervisor's struct cpu_user_regs in asm/traps.h,
 * the test library's struct trap_frame) is held to these offsets by
 * GPR_FRAME_CHECK, so the assembly and the C structure cannot disagree.
 *
 * Not part of the guest ABI (that is include/public/), only shared by
 * the two builds.
 */
#ifndef X86_GPR_FRAME_H
#define X86_GPR_FRAME_H

#define GPR_R15 0
#define GPR_R14 8
#define GPR_R13 16
#define GPR_R12 24
#define GPR_RBP 32
#define GPR_RBX 40
#define GPR_R11 48
#define GPR_R10 56
#define GPR_R9 64
#define GPR_R8 72
#define GPR_RAX 80
#define GPR_RCX 88
#define GPR_RDX 96
#define GPR_RSI 104
#define GPR_RDI 112
#define GPR_FRAME_SIZE 120

#ifdef __ASSEMBLY__
/* clang-format off */
.macro GPR_PUSH
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

.macro GPR_POP
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
.endm
/* clang-format on */
#else
#define GPR_AT_(type, reg, off) (__builtin_offsetof(type, reg) == (off))
/* A C structure whose first fields are the frame (named r15 ... rdi). */
#define GPR_FRAME_CHECK(type)                                              \
	_Static_assert(GPR_AT_(type, r15, GPR_R15) &&                      \
			       GPR_AT_(type, r14, GPR_R14) &&              \
			       GPR_AT_(type, r13, GPR_R13) &&              \
			       GPR_AT_(type, r12, GPR_R12) &&              \
			       GPR_AT_(type, rbp, GPR_RBP) &&              \
			       GPR_AT_(type, rbx, GPR_RBX) &&              \
			       GPR_AT_(type, r11, GPR_R11) &&              \
			       GPR_AT_(type, r10, GPR_R10) &&              \
			       GPR_AT_(type, r9, GPR_R9) &&                \
			       GPR_AT_(type, r8, GPR_R8) &&                \
			       GPR_AT_(type, rax, GPR_RAX) &&              \
			       GPR_AT_(type, rcx, GPR_RCX) &&              \
			       GPR_AT_(type, rdx, GPR_RDX) &&              \
			       GPR_AT_(type, rsi, GPR_RSI) &&              \
			       GPR_AT_(type, rdi, GPR_RDI),                \
		       #type " is not laid out as x86/gpr_frame.h pushes")
#endif

#endif
