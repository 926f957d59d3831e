/*
 * The CPU state Linux 6.1 needs before its first printk as a PV dom0.
 *
 * Debian's kernel is built with SSE in its early code paths: it loads
 * MXCSR (ldmxcsr) while setting up the FPU, so a hypervisor that leaves
 * CR4.OSFXSR clear kills it with #UD, and one that does not save the
 * XMM registers per vCPU corrupts them across a context switch.  Its
 * machine-check init reads MCG_CAP and MCG_STATUS (and writes
 * MCG_STATUS) with RDMSR/WRMSR, which a PV kernel in ring 3 has
 * emulated; a #GP there is "MCA architectural violation" and a panic.
 * Both bit Xenolith in turn.  The test pins Xen 4.17's behaviour: SSE
 * works and XMM/MXCSR survive hypercalls and a yield, the MCG MSRs read
 * without a fault, MCG_STATUS reads 0 and takes a write of 0, and the
 * bank count is within the architectural 8 bits.
 */
#include "guest.h"
#include "traps.h"
#include <public/sched.h>

const char test_title[] = "linux_cpu: SSE enabled, XMM kept, MCG MSRs";
const unsigned int test_needs = NEED_TRAPS;

#define MSR_IA32_MCG_CAP 0x179
#define MSR_IA32_MCG_STATUS 0x17a
#define MXCSR_TEST 0x1f80u	/* all exceptions masked, round to nearest */
#define MXCSR_OTHER 0x3f80u	/* ... and round down */

static const uint64_t pattern[2] __attribute__((aligned(16))) = {
	0x0123456789abcdefull, 0xfedcba9876543210ull
};

static void sse_enabled(void)
{
	uint32_t csr = MXCSR_OTHER, got = 0;

	trap_reset();
	asm volatile("1: ldmxcsr %1; stmxcsr %0; 2:" EXTABLE("1b", "2b")
		     : "=m"(got) : "m"(csr));
	CHECK_EQ(last_trap.count, 0);
	CHECK_EQ(got, MXCSR_OTHER);
}

/* XMM7 and MXCSR set before a hypercall and a yield are still there. */
static void xmm_kept(void)
{
	uint64_t out[2] __attribute__((aligned(16))) = { 0, 0 };
	uint32_t csr = MXCSR_OTHER, got = 0;

	/* No clobber: -mgeneral-regs-only keeps the compiler off XMM. */
	asm volatile("movdqa %0, %%xmm7; ldmxcsr %1"
		     : : "m"(pattern), "m"(csr));
	CHECK(hc_xen_version(0, NULL) > 0, "xen_version");
	CHECK_EQ(hc_sched_op(SCHEDOP_yield, NULL), 0);
	asm volatile("movdqa %%xmm7, %0; stmxcsr %1"
		     : "=m"(out), "=m"(got) : : "memory");
	CHECK_EQ(out[0], pattern[0]);
	CHECK_EQ(out[1], pattern[1]);
	CHECK_EQ(got, MXCSR_OTHER);
	csr = MXCSR_TEST;
	asm volatile("ldmxcsr %0" : : "m"(csr));
}

static uint64_t read_msr(uint32_t msr)
{
	uint64_t lo = 0, hi = 0;

	asm volatile("1: rdmsr; 2:" EXTABLE("1b", "2b")
		     : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | hi << 32;
}

static void mcg_msrs(void)
{
	uint64_t cap, status;

	trap_reset();
	cap = read_msr(MSR_IA32_MCG_CAP);
	CHECK_EQ(last_trap.count, 0);
	status = read_msr(MSR_IA32_MCG_STATUS);
	CHECK_EQ(last_trap.count, 0);
	CHECK_EQ(status, 0);
	printk("MCG_CAP %#lx (%lu banks)\n", (unsigned long)cap,
	       (unsigned long)(cap & 0xff));

	trap_reset();
	asm volatile("1: wrmsr; 2:" EXTABLE("1b", "2b")
		     : : "c"(MSR_IA32_MCG_STATUS), "a"(0), "d"(0));
	CHECK_EQ(last_trap.count, 0);
}

void test_main(void)
{
	sse_enabled();
	xmm_kept();
	mcg_msrs();
}
