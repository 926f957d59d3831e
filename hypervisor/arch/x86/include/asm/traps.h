/*
 * The register frame every exception and interrupt entry builds
 * (entry/entry.S), and the handlers it calls.  The layout is Xen's
 * struct cpu_user_regs for x86_64 up to ss, so later code that switches
 * to PV guests can treat a frame from either source alike.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#define X86_EXC_DE  0
#define X86_EXC_DB  1
#define X86_EXC_NMI 2
#define X86_EXC_BP  3
#define X86_EXC_UD  6
#define X86_EXC_NM  7
#define X86_EXC_DF  8
#define X86_EXC_TS  10
#define X86_EXC_GP  13
#define X86_EXC_PF  14
#define X86_EXC_MC  18
#define X86_NR_EXC  32

/* Interrupt vectors (high numbers: highest priority in the local APIC). */
#define SPURIOUS_VECTOR	     0xff
#define STOP_VECTOR	     0xfd /* not used: stop is an NMI */
#define CALL_FUNCTION_VECTOR 0xfc
#define EVENT_CHECK_VECTOR   0xfb
#define LOCAL_TIMER_VECTOR   0xfa
#define FLUSH_TLB_VECTOR     0xf9 /* arch/x86/flush.c */
#define ERROR_APIC_VECTOR    0xfe
#define PIC_VECTOR_BASE	     0x20 /* masked legacy PIC, remapped here */
#define PIRQ_VECTOR_BASE     0x30 /* GSI n routed to a guest: 0x30 + n */
#define PIRQ_NR_VECTORS	     48

#define IRQ_STUB_SIZE 16 /* bytes per entry stub */

#ifndef __ASSEMBLY__
#include <xenolith/types.h>
#include <asm/entry_regs.h>

struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	uint64_t rip, cs, rflags, rsp, ss;
};
/* The layout the entry paths push (asm/entry_regs.h). */
GPR_FRAME_CHECK(struct cpu_user_regs);
_Static_assert(offsetof(struct cpu_user_regs, error_code) ==
			       REGS_ERROR_CODE &&
		       offsetof(struct cpu_user_regs, entry_vector) ==
			       REGS_ENTRY_VECTOR &&
		       offsetof(struct cpu_user_regs, rip) == REGS_RIP &&
		       offsetof(struct cpu_user_regs, cs) == REGS_CS &&
		       offsetof(struct cpu_user_regs, rflags) == REGS_RFLAGS &&
		       offsetof(struct cpu_user_regs, rsp) == REGS_RSP &&
		       offsetof(struct cpu_user_regs, ss) == REGS_SS,
	       "struct cpu_user_regs differs from asm/entry_regs.h");

void do_trap(struct cpu_user_regs *regs);
void do_irq(struct cpu_user_regs *regs);
/* A ring-3 (PV guest) exception; weak fatal default in traps.c. */
void pv_trap(struct cpu_user_regs *regs);
void show_registers(const struct cpu_user_regs *regs);
/* extable.c: a ring-0 fault at a guest-access instruction resumes at its
 * fixup (entry/guest_copy.S); true if regs->rip was redirected. */
bool fixup_exception(struct cpu_user_regs *regs);
void show_stack_trace(unsigned long rbp, unsigned long rip);
/* NMI handler hook: a CPU told to stop (panic) halts here. */
extern volatile bool cpus_stopping;

/* The entry stubs, one per vector, 16 bytes apart (entry.S). */
extern const char exception_stubs[], irq_stubs[];
extern const char db_ist_entry[];	/* #DB on IST_DB (entry.S) */

/* symbols.c: name and offset of the function containing addr. */
const char *symbol_lookup(unsigned long addr, unsigned long *offset,
			  unsigned long *size);
#endif

#endif
