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
 * works and XMM/MXCSR survive hypercalls and a yield, and the machine-
 * check MSRs answer as Xen's virtual MCE: two banks, clear, whose
 * status registers only take 0, MCG_STATUS kept, the rest of the MCE
 * MSR range reading 0.
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

static bool write_msr_faults(uint32_t msr, uint64_t val)
{
	trap_reset();
	asm volatile("1: wrmsr; 2:" EXTABLE("1b", "2b")
		     : : "c"(msr), "a"((uint32_t)val), "d"(val >> 32));
	return last_trap.count != 0;
}

static bool host_is_intel(void)
{
	uint32_t a = 0, b, c, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	return b == 0x756e6547 && d == 0x49656e69 && c == 0x6c65746e;
}

/* Xen's vMCE: two clear banks, MCG_STATUS kept, the rest of the range
 * reads 0; MCG_CAP's extra bits are Intel's SER_P, TES_P, CMCI_P. */
static void mcg_msrs(void)
{
	uint64_t cap, want = 2;

	if (host_is_intel())
		want |= (1ul << 24) | (1ul << 11) | (1ul << 10);
	trap_reset();
	cap = read_msr(MSR_IA32_MCG_CAP);
	CHECK_EQ(last_trap.count, 0);
	CHECK_EQ(cap, want);
	CHECK(!write_msr_faults(MSR_IA32_MCG_CAP, 0), "MCG_CAP write #GP");
	CHECK_EQ(read_msr(MSR_IA32_MCG_CAP), want);

	CHECK_EQ(read_msr(MSR_IA32_MCG_STATUS), 0);
	CHECK(!write_msr_faults(MSR_IA32_MCG_STATUS, 5), "MCG_STATUS #GP");
	CHECK_EQ(read_msr(MSR_IA32_MCG_STATUS), 5);
	CHECK(!write_msr_faults(MSR_IA32_MCG_STATUS, 0), "MCG_STATUS #GP");
	CHECK_EQ(read_msr(MSR_IA32_MCG_STATUS), 0);
	CHECK_EQ(read_msr(0x17b), 0);			/* MCG_CTL */
	CHECK(!write_msr_faults(0x17b, 5), "MCG_CTL write #GP");

	for (uint32_t bank = 0; bank < 2; bank++) {
		uint32_t ctl = 0x400 + 4 * bank;

		CHECK_EQ(read_msr(ctl), ~0ul);
		CHECK(!write_msr_faults(ctl, 5), "MC%u_CTL #GP", bank);
		CHECK_EQ(read_msr(ctl), ~0ul);
		for (uint32_t r = 1; r < 4; r++) {
			CHECK_EQ(read_msr(ctl + r), 0);
			CHECK(write_msr_faults(ctl + r, 5), "MC%u reg %u", bank,
			      r);
			CHECK(!write_msr_faults(ctl + r, 0), "MC%u reg %u 0",
			      bank, r);
		}
	}
	/* Banks 2-31 of the range: 0, writes ignored; beyond: #GP. */
	CHECK_EQ(read_msr(0x408), 0);
	CHECK(!write_msr_faults(0x408, 5), "MC2_CTL #GP");
	CHECK_EQ(read_msr(0x47f), 0);
	trap_reset();
	read_msr(0x480);
	CHECK_EQ(last_trap.count, 1);
	if (!host_is_intel()) {
		CHECK_EQ(read_msr(0x281), 0);		/* MC1_CTL2 */
		CHECK(!write_msr_faults(0x281, 5), "MC1_CTL2 #GP");
	}
}

void test_main(void)
{
	sse_enabled();
	xmm_kept();
	mcg_msrs();
}
