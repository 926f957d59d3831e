/*
 * Exceptions and system calls bounced through the hypervisor.
 *
 * A PV guest's exceptions land in the hypervisor first, which builds a
 * bounce frame on the guest kernel stack and enters the guest's handler;
 * the handler leaves through the iret hypercall.  So a guest page fault
 * costs two hypervisor crossings, and so does a user-mode SYSCALL (into
 * the hypervisor, bounced to the guest kernel's syscall callback, back
 * out with iret and VGCF_in_syscall).  Linux's every system call in a PV
 * domain pays that, which is why it is here.
 *
 *  - pagefault_bounce: read an unmapped address (nothing is mapped near
 *    0); the handler resumes after the instruction via the extable.
 *  - user_syscall: SYSCALL from guest user mode, 64 per trip into user
 *    mode, so the trip itself is amortised;
 *  - user_enter_exit: one trip into user mode and back (iret to ring 3,
 *    INT 0x20 bounce back), the part user_syscall amortises.
 */
#include "bench.h"
#include <public/callback.h>

#define SYSCALLS_PER_TRIP 64
#define UNMAPPED_VA "0x1000"

static long fault_step(void)
{
	asm volatile("1: mov " UNMAPPED_VA ", %%rax; 2:"
		     EXTABLE("1b", "2b") ::: "rax", "memory");
	return last_trap.vector == X86_EXC_PF ? 0 : -XEN_EINVAL;
}

static long fault_prepare(void)
{
	trap_reset();
	return va_mapped(0x1000) ? -XEN_EEXIST : 0;
}

/* The syscall "kernel": nothing to do but return to user mode. */
static bool on_syscall(struct trap_frame *f)
{
	return true;
}

static long syscall_prepare(void)
{
	bench_on_trap(VEC_SYSCALL, on_syscall);
	return hc_callback_register(CALLBACKTYPE_syscall, entry_syscall,
				    CALLBACKF_mask_events);
}

/* Runs in guest user mode. */
static unsigned long user_syscalls(unsigned long n)
{
	unsigned long i, done = 0;

	for (i = 0; i < n; i++) {
		unsigned long rax = i;

		asm volatile("syscall" : "+a"(rax) :: "rcx", "r11", "memory");
		done += rax == i;
	}
	return done;
}

static unsigned long user_nothing(unsigned long arg)
{
	return arg;
}

static long syscall_step(void)
{
	unsigned long n = exec_user(user_syscalls, SYSCALLS_PER_TRIP);

	return n == SYSCALLS_PER_TRIP ? 0 : -XEN_EINVAL;
}

static long user_step(void)
{
	return exec_user(user_nothing, 7) == 7 ? 0 : -XEN_EINVAL;
}

const struct bench trap_benches[] = {
	{ .name = "pagefault_bounce", .iters = 1000, .needs = HAVE_TRAPS,
	  .prepare = fault_prepare, .step = fault_step },
	{ .name = "user_syscall", .iters = 30, .per_step = SYSCALLS_PER_TRIP,
	  .needs = HAVE_TRAPS | HAVE_USER, .prepare = syscall_prepare,
	  .step = syscall_step },
	{ .name = "user_enter_exit", .iters = 1000,
	  .needs = HAVE_TRAPS | HAVE_USER, .step = user_step },
	{ 0 }
};
