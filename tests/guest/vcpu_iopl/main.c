/*
 * VCPUOP_initialise: the IOPL in the new context's flags.
 *
 * A PV kernel's port I/O is allowed by its virtual IOPL, which
 * PHYSDEVOP_set_iopl sets for the calling vCPU.  A secondary vCPU gets
 * its IOPL from the flags of the context it starts with: Linux starts
 * every dom0 vCPU with IOPL 1 there and never calls set_iopl on it, so
 * a hypervisor that drops those bits gives the new vCPU a #GP on its
 * first IN or OUT (Linux's VGA console cursor update, in its CPU
 * hotplug thread, and the boot stops).
 *
 * vCPU 1 starts at IOPL 1 and reads port 0x80 (the POST port, free for
 * dom0 on both hypervisors); vCPU 2 starts at IOPL 0 and must take a
 * #GP doing the same.  One physical CPU is enough: vCPU 0 yields to
 * each in turn until it has reported.
 */
#include "guest.h"
#include "vcpu.h"
#include <public/sched.h>
#include <public/vcpu.h>

const unsigned int test_needs = NEED_TRAPS;
const char test_title[] = "vcpu_iopl: a new vCPU's IOPL comes from its context";

#define IOPL1 (1ul << 12)

struct result {
	volatile bool done;
	volatile unsigned long traps;	/* #GPs taken at the IN */
};

static char stacks[3][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_guest_context ctxt;
static struct result result[3];

/* The context's rdi names the vCPU. */
static void __attribute__((noreturn, used)) vcpu_main(unsigned long id)
{
	unsigned long before;

	traps_init();
	before = last_trap.count;
	asm volatile("1: inb $0x80, %%al; 2:" EXTABLE("1b", "2b")
		     : : : "rax", "memory");
	result[id].traps = last_trap.count - before;
	result[id].done = true;
	for (;;)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static void start_vcpu(unsigned int id, unsigned long rflags)
{
	unsigned long top = (unsigned long)stacks[id] + PAGE_SIZE;

	vcpu_context_kernel(&ctxt, (unsigned long)vcpu_main, top);
	ctxt.user_regs.rdi = id;
	ctxt.user_regs.rflags = rflags;
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_initialise, id,
			    &ctxt), 0);
	CHECK_EQ(hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_up, id, NULL), 0);
}

/* Start vCPU id and yield to it until it has done its IN.  One at a
 * time, so the trap count of one cannot include the other's #GP. */
static void run_vcpu(unsigned int id, unsigned long rflags)
{
	unsigned int i;

	start_vcpu(id, rflags);
	for (i = 0; i < 1000 && !result[id].done; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK(result[id].done, "vCPU %u never got to its IN", id);
}

void test_main(void)
{
	run_vcpu(1, X86_EFLAGS_MBS | IOPL1);
	CHECK_EQ(result[1].traps, 0);	/* IOPL 1: the IN is allowed */
	run_vcpu(2, X86_EFLAGS_MBS);
	CHECK_EQ(result[2].traps, 1);	/* IOPL 0: #GP */
	CHECK_EQ(last_trap.vector, X86_EXC_GP);
}
