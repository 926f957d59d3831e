/*
 * Hypercall transfer for a 64-bit PV guest.
 *
 * A 64-bit PV kernel runs in ring 3, so a hypercall is a SYSCALL from
 * guest kernel mode: number in %rax, arguments in %rdi %rsi %rdx %r10
 * %r8, result in %rax.  SYSCALL itself destroys %rcx and %r11.  Two ways
 * in exist: call the stub for the hypercall in the hypercall page the
 * builder wrote for us (slot nr, 32 bytes each; the stub saves %rcx/%r11
 * around its SYSCALL), or issue SYSCALL directly, which is how Linux 6.1
 * does it.  hypercall_direct picks the way at run time so one test can
 * cover both; numbers past the page's 128 slots always go direct.
 *
 * A debug hypervisor may poison the argument registers on return, so the
 * asm treats them all as clobbered.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>

extern bool hypercall_direct;

long hypercall6(unsigned long nr, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4, unsigned long a5);

#define hypercall0(nr) hypercall6(nr, 0, 0, 0, 0, 0)
#define hypercall1(nr, a) hypercall6(nr, (unsigned long)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b)						\
	hypercall6(nr, (unsigned long)(a), (unsigned long)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c)						\
	hypercall6(nr, (unsigned long)(a), (unsigned long)(b),		\
		   (unsigned long)(c), 0, 0)
#define hypercall4(nr, a, b, c, d)					\
	hypercall6(nr, (unsigned long)(a), (unsigned long)(b),		\
		   (unsigned long)(c), (unsigned long)(d), 0)

long hc_console_write(const char *buf, unsigned long len);
long hc_sched_op(int cmd, void *arg);
long hc_shutdown(unsigned int reason);
long hc_xen_version(int cmd, void *arg);
long hc_set_trap_table(const struct trap_info *table);
long hc_stack_switch(unsigned long ss, unsigned long sp);
long hc_mmuext_op(struct mmuext_op *ops, unsigned int count,
		  unsigned int *done, unsigned int domid);
long hc_update_va_mapping(unsigned long va, uint64_t pte,
			  unsigned long flags);
long hc_multicall(struct multicall_entry *calls, unsigned int count);
long hc_callback_register(unsigned int type, void (*fn)(void),
			  unsigned int flags);
long hc_get_debugreg(unsigned int reg);

#endif /* GUEST_HYPERCALL_H */
