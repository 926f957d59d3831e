/*
 * SYSCALL from guest user mode, delivered to the syscall callback.
 *
 * In user mode SYSCALL is not a hypercall: the hypervisor switches to
 * guest kernel mode and bounces to the callback registered with
 * callback_op(CALLBACKTYPE_syscall), frame on the stack_switch stack,
 * no error code.  %rcx/%r11 in the frame are what SYSCALL left: the
 * return %rip and the user's RFLAGS.  The kernel returns with the iret
 * hypercall and VGCF_in_syscall.  Without a registered callback, Xen
 * 4.17 raises #UD at the SYSCALL instruction, as a CPU with SYSCALL
 * disabled (EFER.SCE = 0) would.
 */
#include "guest.h"
#include <public/callback.h>

const unsigned int test_needs = NEED_TRAPS | NEED_USER;
const char test_title[] = "syscall: user SYSCALL to the callback and back";

extern char trap_stack_top[];

static unsigned long sys_rip, sys_rsp, sys_rcx, sys_r11, sys_nr;

/* The syscall "kernel": returns nr + 1 in %rax, remembers the frame. */
static bool syscall_hook(struct trap_frame *f)
{
	if (f->vector != VEC_SYSCALL)
		return false;
	sys_nr = f->rax;
	sys_rip = f->rip;
	sys_rsp = f->rsp;
	sys_rcx = f->rcx;
	sys_r11 = f->r11;
	f->rax = f->rax + 1;
	return true;
}

static unsigned long user_ret, user_rsp;

static unsigned long user_syscall(unsigned long nr)
{
	unsigned long rax = nr;

	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %2; syscall; 1:"
		     : "+a"(rax), "=&r"(user_rsp), "=&r"(user_ret)
		     :: "rcx", "r11", "memory");
	return rax;
}

static unsigned long user_syscall_ud(unsigned long nr)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; 1: syscall; 2:"
		     EXTABLE("1b", "2b")
		     : "=&r"(user_ret), "=&r"(user_rsp) :: "rcx", "r11");
	return 0;
}

static void check_delivery(void)
{
	trap_reset();
	CHECK_EQ(exec_user(user_syscall, 41), 42);
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.vector, VEC_SYSCALL);
	CHECK_EQ(sys_nr, 41);
	CHECK_EQ(sys_rip, user_ret);
	CHECK_EQ(sys_rsp, user_rsp);
	CHECK_EQ(last_trap.cs & 0xffff, FLAT_USER_CS);
	CHECK_EQ(last_trap.ss, FLAT_USER_SS);
	CHECK_EQ(sys_rcx, user_ret);
	/* %r11 is the hardware RFLAGS, where IF is always on for a PV guest;
	 * the frame's RFLAGS shows the virtual IF (events masked: clear). */
	CHECK(sys_r11 == (last_trap.rflags | X86_EFLAGS_IF),
	      "r11 %#lx vs rflags %#lx", sys_r11, last_trap.rflags);
	CHECK_EQ(last_trap.frame_addr + 5 * 8, (unsigned long)trap_stack_top);
	/* Many round trips keep working. */
	for (unsigned long i = 0; i < 100; i++)
		CHECK_EQ(exec_user(user_syscall, i * 7), i * 7 + 1);
}

void test_main(void)
{
	long rc;

	/* No callback yet: #UD at the SYSCALL itself. */
	trap_reset();
	exec_user(user_syscall_ud, 0);
	CHECK_EQ(last_trap.vector, X86_EXC_UD);
	CHECK_EQ(last_trap.error_code, 0);
	CHECK_EQ(last_trap.rip, user_ret);

	trap_hook = syscall_hook;
	rc = hc_callback_register(CALLBACKTYPE_syscall, entry_syscall,
				  CALLBACKF_mask_events);
	if (rc)
		test_abort("callback_op(register syscall): %ld", rc);
	check_delivery();
	/* Unknown callback types are refused; the good one stays. */
	CHECK_EQ(hc_callback_register(6, entry_syscall, 0), -XEN_ENOSYS);
	CHECK_EQ(hc_callback_register(0xffff, entry_syscall, 0), -XEN_ENOSYS);
	CHECK_EQ(hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register,
			    NULL), -XEN_EFAULT);
	CHECK_EQ(hypercall2(__HYPERVISOR_callback_op, 7, NULL), -XEN_ENOSYS);
	CHECK_EQ(exec_user(user_syscall, 1), 2);
}
