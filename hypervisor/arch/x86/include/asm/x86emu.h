/*
 * A small x86-64 instruction emulator for one purpose: finishing a PV
 * guest kernel's write to one of its own (read-only) L1 page-table pages
 * (writable page tables, arch/x86/mm/ptwr.c).
 *
 * It decodes the instruction that faulted, checks that it writes memory
 * inside the one 8-byte entry that faulted, computes the entry's new
 * value, hands old and new to the caller's commit function (which
 * validates the entry and installs it atomically), and then updates the
 * registers, flags and RIP as the CPU would have.  Pure logic, fuzzed on
 * the host (tests/unit/test_x86emu.c, tests/fuzz/fuzz_x86emu.c).
 */
#ifndef ASM_X86EMU_H
#define ASM_X86EMU_H

#include <xenolith/types.h>

#define X86EMU_MAX_INSN 15

/* General registers in encoding order: rax rcx rdx rbx rsp rbp rsi rdi r8.. */
struct x86emu_regs {
	uint64_t gpr[16];
	uint64_t rip;
	uint64_t rflags;
	uint64_t fs_base, gs_base;
};

struct x86emu_ops {
	/* Read the aligned 8-byte entry at guest address addr. */
	int (*read)(void *ctx, uint64_t addr, uint64_t *val);
	/*
	 * Replace the entry at addr by new if it still holds old, after
	 * validating new.  0, X86EMU_RETRY if it changed meanwhile, or a
	 * negative errno if new is refused.
	 */
	int (*commit)(void *ctx, uint64_t addr, uint64_t old, uint64_t new);
	void *ctx;
};

/* Results besides 0 (done, registers updated) and a commit errno. */
#define X86EMU_UNHANDLED 1 /* not a write form we emulate: reflect #PF */
#define X86EMU_RETRY	 2 /* lost a race: re-execute the instruction */

/*
 * Emulate the instruction in insn[0..len) (fetched at r->rip) that
 * faulted writing at address cr2.  Only memory writes within the aligned
 * 8-byte entry holding cr2 are accepted.  r is updated only on success.
 */
int x86emu_pte_write(struct x86emu_regs *r, const uint8_t *insn,
		     unsigned int len, uint64_t cr2,
		     const struct x86emu_ops *ops);

#endif
