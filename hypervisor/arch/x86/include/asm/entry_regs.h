/*
 * The register frame as every entry path saves it, for assembly.
 *
 * SAVE_ALL pushes the general registers in the shared order of
 * <x86/gpr_frame.h> so that, with the hardware frame and the
 * vector/error-code words above, the stack holds the register frame
 * (struct cpu_user_regs in asm/traps.h) with %r15 at the lowest
 * address.  The hardware-exception path (entry.S) and the PV SYSCALL
 * path (pv_entry.S) share this one sequence, and asm/traps.h checks the
 * C structure against the offsets below, so their frames can never
 * disagree with it.
 */
#ifndef ASM_ENTRY_REGS_H
#define ASM_ENTRY_REGS_H

#include <x86/gpr_frame.h>

/* Offsets in struct cpu_user_regs: the general registers (GPR_*), then
 * the error-code/vector word and the hardware's iret frame. */
#define REGS_ERROR_CODE GPR_FRAME_SIZE
#define REGS_ENTRY_VECTOR (GPR_FRAME_SIZE + 4)
#define REGS_RIP (GPR_FRAME_SIZE + 8)
#define REGS_CS (GPR_FRAME_SIZE + 16)
#define REGS_RFLAGS (GPR_FRAME_SIZE + 24)
#define REGS_RSP (GPR_FRAME_SIZE + 32)
#define REGS_SS (GPR_FRAME_SIZE + 40)

#ifdef __ASSEMBLY__
/* clang-format off */
.macro SAVE_ALL
	GPR_PUSH
.endm

/* The reverse, then drop the vector and error-code words. */
.macro RESTORE_ALL
	GPR_POP
	add	$8, %rsp		/* error code + vector */
.endm
/* clang-format on */
#endif

#endif
