/*
 * Hypercall wrappers: one generic transfer and thin typed helpers.
 *
 * See hypercall.h for the two transfer paths.  The wrappers only marshal
 * arguments; interpreting results is the tests' business, since checking
 * the hypervisor's answers is the point of the whole framework.
 */
#include "guest.h"
#include <public/sched.h>
#include <public/callback.h>

bool hypercall_direct;

/* Through the stub Xen wrote at hypercall_page + nr * 32. */
static long hypercall_via_page(unsigned long nr, unsigned long a1,
			       unsigned long a2, unsigned long a3,
			       unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	unsigned long stub = (unsigned long)hypercall_page + nr * 32;
	long rax;

	asm volatile("call *%[stub]"
		     : "=a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : [stub] "r"(stub)
		     : "rcx", "r9", "r11", "memory", "cc");
	return rax;
}

/* SYSCALL from guest kernel mode, as Linux 6.1 does. */
static long hypercall_via_syscall(unsigned long nr, unsigned long a1,
				  unsigned long a2, unsigned long a3,
				  unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long rax = nr;

	asm volatile("syscall"
		     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     :
		     : "rcx", "r9", "r11", "memory", "cc");
	return rax;
}

long hypercall6(unsigned long nr, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4, unsigned long a5)
{
	if (hypercall_direct || nr >= PAGE_SIZE / 32)
		return hypercall_via_syscall(nr, a1, a2, a3, a4, a5);
	return hypercall_via_page(nr, a1, a2, a3, a4, a5);
}

long hc_console_write(const char *buf, unsigned long len)
{
	return hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, len, buf);
}

long hc_sched_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

long hc_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	return hc_sched_op(SCHEDOP_shutdown, &s);
}

long hc_xen_version(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

long hc_set_trap_table(const struct trap_info *table)
{
	return hypercall1(__HYPERVISOR_set_trap_table, table);
}

long hc_stack_switch(unsigned long ss, unsigned long sp)
{
	return hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

long hc_mmuext_op(struct mmuext_op *ops, unsigned int count,
		  unsigned int *done, unsigned int domid)
{
	return hypercall4(__HYPERVISOR_mmuext_op, ops, count, done, domid);
}

long hc_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

long hc_multicall(struct multicall_entry *calls, unsigned int count)
{
	return hypercall2(__HYPERVISOR_multicall, calls, count);
}

long hc_get_debugreg(unsigned int reg)
{
	return hypercall1(__HYPERVISOR_get_debugreg, reg);
}

long hc_callback_register(unsigned int type, void (*fn)(void),
			  unsigned int flags)
{
	struct callback_register cb = {
		.type = type,
		.flags = flags,
		.address = (unsigned long)fn,
	};

	return hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb);
}
