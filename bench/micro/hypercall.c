/*
 * The cost of getting into the hypervisor and back.
 *
 * xen_version(XENVER_version) does almost nothing once inside, so its
 * round trip is the entry and exit path: through the hypercall page stub
 * (what the XTF-style kernels and older Linux use) and through a direct
 * SYSCALL (what Linux 6.1 uses), which differ only by the stub's call,
 * push and pop.  An unassigned hypercall number measures the dispatch's
 * reject path.  A multicall of 32 version calls shows what batching saves
 * per call, and SCHEDOP_yield with nothing else runnable is the
 * scheduler's shortest path.
 */
#include "bench.h"
#include <public/sched.h>
#include <public/version.h>

/* No hypercall of Xen 4.17 has this number; both answer -ENOSYS. */
#define HYPERCALL_UNASSIGNED 46
#define MULTICALL_ENTRIES 32

static struct multicall_entry calls[MULTICALL_ENTRIES];

static long via_page(unsigned long nr, unsigned long a1, unsigned long a2)
{
	unsigned long stub = (unsigned long)hypercall_page + nr * 32;
	long rax;

	asm volatile("call *%[stub]"
		     : "=a"(rax), "+D"(a1), "+S"(a2)
		     : [stub] "r"(stub)
		     : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");
	return rax;
}

static long via_syscall(unsigned long nr, unsigned long a1, unsigned long a2)
{
	long rax = nr;

	asm volatile("syscall"
		     : "+a"(rax), "+D"(a1), "+S"(a2)
		     :
		     : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");
	return rax;
}

static long version_page(void)
{
	long rc = via_page(__HYPERVISOR_xen_version, XENVER_version, 0);

	return rc < 0 ? rc : 0;
}

static long version_syscall(void)
{
	long rc = via_syscall(__HYPERVISOR_xen_version, XENVER_version, 0);

	return rc < 0 ? rc : 0;
}

static long unassigned(void)
{
	long rc = via_page(HYPERCALL_UNASSIGNED, 0, 0);

	return rc == -XEN_ENOSYS ? 0 : (rc ? rc : -XEN_EINVAL);
}

static long multicall_prepare(void)
{
	unsigned int i;

	for (i = 0; i < MULTICALL_ENTRIES; i++) {
		calls[i].op = __HYPERVISOR_xen_version;
		calls[i].args[0] = XENVER_version;
		calls[i].args[1] = 0;
	}
	return hc_multicall(calls, 1);
}

static long multicall_step(void)
{
	unsigned int i;
	long rc;

	for (i = 0; i < MULTICALL_ENTRIES; i++)
		calls[i].result = -1;
	rc = hc_multicall(calls, MULTICALL_ENTRIES);
	if (rc)
		return rc;
	for (i = 0; i < MULTICALL_ENTRIES; i++)
		if ((long)calls[i].result < 0)
			return calls[i].result;
	return 0;
}

static long yield(void)
{
	return hc_sched_op(SCHEDOP_yield, NULL);
}

const struct bench hypercall_benches[] = {
	{ .name = "null_hypercall_page", .iters = 2000, .step = version_page },
	{ .name = "null_hypercall_syscall", .iters = 2000,
	  .step = version_syscall },
	{ .name = "unassigned_hypercall", .iters = 2000, .step = unassigned },
	{ .name = "multicall_32", .iters = 200, .prepare = multicall_prepare,
	  .step = multicall_step },
	{ .name = "sched_yield", .iters = 1000, .prepare = yield,
	  .step = yield },
	/*
	 * The same yield with a second domain's vCPU runnable on the same
	 * CPU, which yields back (bench/ctxsw/): one step is two switches
	 * between domains and two yields.
	 */
	{ .name = "domain_switch", .iters = 1000, .prepare = yield,
	  .step = yield, .on_request = true },
	{ 0 }
};
