/*
 * Exceptions, callbacks and guest user mode, as a test sees them.
 *
 * The hypervisor "bounces" an exception to the handler in our trap table
 * by building a frame on the guest kernel stack (the current one in
 * kernel mode, the stack_switch one when coming from user mode):
 *
 *	%rcx %r11 [error code] %rip %cs %rflags %rsp %ss	(low to high)
 *
 * %cs carries the saved event mask in bits 32-39, and its RPL is 0 when
 * the guest was in kernel mode (3 = came from user mode).  A failsafe
 * callback frame has %ds %es %fs %gs between %r11 and %rip.
 *
 * entry.S turns every such frame into a struct trap_frame and calls
 * trap_dispatch().  A test expects a fault at a spot by listing the
 * faulting (or, for traps like #DB and #BP, the following) address in
 * the extable with the address to resume at:
 *
 *	asm volatile("1: ud2; 2:" EXTABLE("1b", "2b"));
 *
 * The last trap taken is recorded in last_trap for the test to check.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>
#endif

#define X86_EXC_DE	0
#define X86_EXC_DB	1
#define X86_EXC_NMI	2
#define X86_EXC_BP	3
#define X86_EXC_OF	4
#define X86_EXC_BR	5
#define X86_EXC_UD	6
#define X86_EXC_NM	7
#define X86_EXC_DF	8
#define X86_EXC_TS	10
#define X86_EXC_NP	11
#define X86_EXC_SS	12
#define X86_EXC_GP	13
#define X86_EXC_PF	14
#define X86_EXC_MF	16
#define X86_EXC_AC	17
#define X86_EXC_MC	18
#define X86_EXC_XM	19

/* Pseudo vectors for the callbacks, beyond the 256 IDT vectors. */
#define VEC_RET_TO_KERNEL	0x20	/* INT 0x20: user code is done */
#define VEC_SYSCALL		0x100	/* SYSCALL from guest user mode */
#define VEC_FAILSAFE		0x101	/* failsafe callback */
#define VEC_EVENT		0x102	/* event upcall */

#define X86_EFLAGS_CF	(1ul << 0)
#define X86_EFLAGS_MBS	(1ul << 1)
#define X86_EFLAGS_TF	(1ul << 8)
#define X86_EFLAGS_IF	(1ul << 9)
#define X86_EFLAGS_DF	(1ul << 10)
#define X86_EFLAGS_IOPL	(3ul << 12)
#define X86_EFLAGS_RF	(1ul << 16)

/* Page-fault error code bits. */
#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_USER	(1u << 2)
#define PFEC_INSN	(1u << 4)

/* offsetof(struct trap_record, segs), for entry.S; checked in traps.c. */
#define TRAP_RECORD_SEGS 0x48

#ifndef __ASSEMBLY__

/* Saved by entry.S, lowest address first. */
struct trap_frame {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10;
	unsigned long r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long vector, error_code;
	unsigned long rip, cs, rflags, rsp, ss;
};

struct trap_record {
	unsigned long count;		/* traps taken since trap_reset() */
	unsigned long vector, error_code;
	unsigned long rip, cs, rflags, rsp, ss;	/* bounce frame, raw */
	unsigned long cr2;		/* vcpu_info arch.cr2 at #PF */
	unsigned long segs[4];	/* failsafe frame only: ds es fs gs */
	unsigned long frame_addr;	/* where the bounce frame began */
};
extern struct trap_record last_trap;

void trap_reset(void);

/*
 * A hook sees every trap first; returning true means it handled it (it
 * may edit the frame, e.g. rip, to resume elsewhere).
 */
extern bool (*trap_hook)(struct trap_frame *f);

struct extable_entry {
	unsigned long fault, fixup;
};

#define EXTABLE(fault, fixup)						\
	".pushsection .extable, \"a\"\n\t.quad " fault ", " fixup	\
	"\n\t.popsection\n\t"

void trap_dispatch(struct trap_frame *f);
int traps_init(void);

/*
 * Run fn(arg) in guest user mode on the user stack and return its
 * result (user code ends with INT 0x20 back to the kernel).  Events stay
 * masked.  Requires NEED_USER and NEED_TRAPS.
 */
unsigned long exec_user(unsigned long (*fn)(unsigned long),
			unsigned long arg);

/* Entry points, for tests that register callbacks themselves. */
void entry_syscall(void);
void entry_failsafe(void);
void entry_event(void);
/* Jump here with an iret_context (minus rax/r11/rcx) on the stack. */
void hypercall_iret(void);

/* Forced emulation prefix: the next instruction is emulated by Xen. */
#define FEP ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\t"	/* ud2; "xen" */

#endif /* __ASSEMBLY__ */
#endif /* GUEST_TRAPS_H */
