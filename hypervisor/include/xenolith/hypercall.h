/*
 * The hypercall interface as the hypervisor sees it.
 *
 * A hypercall is a number and up to five register arguments; its handler
 * returns a long that goes back to the guest in %rax, a negative Xen
 * errno on failure.  common/hypercall/table.c names every number Xen 4.17
 * defines, so an unknown or unimplemented one is answered the same way
 * everywhere (-ENOSYS plus one rate-limited log line), and
 * docs/abi/coverage.md is generated from that table.
 *
 * This header is also where the guest ABI enters the hypervisor: it
 * includes the public headers with their struct cpu_user_regs renamed,
 * because Xenolith's trap frame (asm/traps.h) has that name internally.
 */
#ifndef XENOLITH_HYPERCALL_H
#define XENOLITH_HYPERCALL_H

#include <xenolith/types.h>

#define cpu_user_regs xen_cpu_user_regs
#define cpu_user_regs_t xen_cpu_user_regs_t
#include <public/xen.h>
#include <public/errno.h>
#undef cpu_user_regs
#undef cpu_user_regs_t

#define NR_HYPERCALLS 64

typedef long (*hypercall_fn_t)(unsigned long a1, unsigned long a2,
			       unsigned long a3, unsigned long a4,
			       unsigned long a5);

/* Implementation state of a table entry (for coverage.md). */
enum hypercall_state {
	HC_ENOSYS,	/* -ENOSYS: not implemented (yet) */
	HC_PARTIAL,	/* some sub-ops implemented, the rest -ENOSYS */
	HC_FULL,	/* every sub-op of Xen 4.17 answered */
	HC_EXTERNAL,	/* another subsystem's weak-linked handler */
};

struct hypercall_desc {
	const char *name;	/* Xen's __HYPERVISOR_ suffix, NULL if unused */
	hypercall_fn_t fn;	/* NULL: -ENOSYS */
	enum hypercall_state state;
	const char *note;	/* what is missing, for coverage.md */
};

extern const struct hypercall_desc hypercall_table[NR_HYPERCALLS];

/*
 * Run hypercall nr with its five arguments.  in_multicall is true for a
 * batch entry: a nested multicall (or iret) is refused there.
 */
long hypercall_dispatch(unsigned long nr, const unsigned long args[5],
			bool in_multicall);

/*
 * Called by a hypercall that makes a continuation: inside a multicall,
 * true after noting nr and args for the batch entry (multicall.c),
 * false outside one (the caller re-issues through the guest's
 * registers).
 */
bool multicall_take_continuation(unsigned long nr, const unsigned long args[5]);

/* The log line a guest's mistake costs: rate limited, never fatal. */
long guest_err(long rc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Handlers (common). */
long do_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
		    unsigned long a4, unsigned long a5);
long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf,
		   unsigned long a4, unsigned long a5);
long do_multicall(unsigned long calls, unsigned long nr, unsigned long a3,
		  unsigned long a4, unsigned long a5);
long do_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		 unsigned long a4, unsigned long a5);
long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
		unsigned long a4, unsigned long a5);
long do_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		  unsigned long a4, unsigned long a5);
long do_domctl(unsigned long arg, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5);
long do_sysctl(unsigned long arg, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5);
long do_vm_assist(unsigned long cmd, unsigned long type, unsigned long a3,
		  unsigned long a4, unsigned long a5);

/* Handlers the architecture provides (arch/x86/pv/). */
long do_set_trap_table(unsigned long table, unsigned long a2,
		       unsigned long a3, unsigned long a4, unsigned long a5);
long do_stack_switch(unsigned long ss, unsigned long sp, unsigned long a3,
		     unsigned long a4, unsigned long a5);
long do_set_callbacks(unsigned long event, unsigned long failsafe,
		      unsigned long syscall, unsigned long a4,
		      unsigned long a5);
long do_fpu_taskswitch(unsigned long set, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5);
long do_set_debugreg(unsigned long reg, unsigned long val, unsigned long a3,
		     unsigned long a4, unsigned long a5);
long do_get_debugreg(unsigned long reg, unsigned long a2, unsigned long a3,
		     unsigned long a4, unsigned long a5);
long do_iret(unsigned long a1, unsigned long a2, unsigned long a3,
	     unsigned long a4, unsigned long a5);
long do_set_segment_base(unsigned long which, unsigned long base,
			 unsigned long a3, unsigned long a4, unsigned long a5);
long do_callback_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		    unsigned long a4, unsigned long a5);
long do_physdev_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		   unsigned long a4, unsigned long a5);
long do_hvm_op(unsigned long op, unsigned long arg, unsigned long a3,
	       unsigned long a4, unsigned long a5);
long do_platform_op(unsigned long op, unsigned long a2, unsigned long a3,
		    unsigned long a4, unsigned long a5);
long do_xenpmu_op(unsigned long op, unsigned long arg, unsigned long a3,
		  unsigned long a4, unsigned long a5);

/*
 * Optional handlers of other subsystems (issue 4's MMU hypercalls):
 * weak, so the table links before they exist and uses them once they do.
 */
long do_mmu_update(unsigned long a1, unsigned long a2, unsigned long a3,
		   unsigned long a4, unsigned long a5) __attribute__((weak));
long do_mmuext_op(unsigned long a1, unsigned long a2, unsigned long a3,
		  unsigned long a4, unsigned long a5) __attribute__((weak));
long do_update_va_mapping(unsigned long a1, unsigned long a2,
			  unsigned long a3, unsigned long a4,
			  unsigned long a5) __attribute__((weak));
long do_update_va_mapping_otherdomain(unsigned long a1, unsigned long a2,
				      unsigned long a3, unsigned long a4,
				      unsigned long a5) __attribute__((weak));
long do_set_gdt(unsigned long a1, unsigned long a2, unsigned long a3,
		unsigned long a4, unsigned long a5) __attribute__((weak));
long do_update_descriptor(unsigned long a1, unsigned long a2,
			  unsigned long a3, unsigned long a4,
			  unsigned long a5) __attribute__((weak));
long do_event_channel_op(unsigned long a1, unsigned long a2,
			 unsigned long a3, unsigned long a4,
			 unsigned long a5) __attribute__((weak));
long do_grant_table_op(unsigned long a1, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5)
	__attribute__((weak));
long do_set_timer_op(unsigned long a1, unsigned long a2, unsigned long a3,
		     unsigned long a4, unsigned long a5) __attribute__((weak));

/*
 * memory_op sub-ops that change memory (arch/x86/mm/memory_op.c); weak
 * default -ENOSYS.  Called for every command memory_op.c does not answer.
 */
long arch_memory_op(unsigned long cmd, unsigned long arg);

/* The M2P's backing frames, in 2 MiB chunks (arch/x86/pv/m2p.c). */
unsigned long m2p_nr_chunks(void);
mfn_t m2p_chunk_mfn(unsigned long i);

#endif
