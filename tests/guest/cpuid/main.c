/*
 * CPUID as a PV kernel sees it through the forced-emulation prefix.
 *
 * A PV guest cannot trap CPUID on every CPU, so Xen defines a prefix,
 * "ud2; .ascii xen", that turns the following CPUID into a #UD the
 * hypervisor emulates with the guest's policy.  The hypervisor leaves
 * start at 0x40000000: the signature "XenVMMXenVMM" and the highest
 * leaf, then the version (same as XENVER_version), then the hypercall
 * page count and the MSR that installs it.  Basic leaves must show the
 * hypervisor bit and hide what a PV guest may not use.
 */
#include "guest.h"
#include "cpu.h"
#include <public/version.h>

const char test_title[] = "cpuid: forced-emulation CPUID and Xen leaves";
const unsigned int test_needs = NEED_TRAPS;

static void check_signature(void)
{
	struct regs4 r = pv_cpuid(0x40000000, 0);
	char sig[13];

	memcpy(sig, &r.b, 4);
	memcpy(sig + 4, &r.c, 4);
	memcpy(sig + 8, &r.d, 4);
	sig[12] = '\0';
	printk("0x40000000: max %#x '%s'\n", r.a, sig);
	CHECK(!strcmp(sig, "XenVMMXenVMM"), "signature '%s'", sig);
	CHECK(r.a >= 0x40000002 && r.a < 0x40000100, "max leaf %#x", r.a);
}

static void check_leaves(void)
{
	struct regs4 r = pv_cpuid(0x40000001, 0);
	long v = hc_xen_version(XENVER_version, NULL);

	printk("0x40000001: %#x\n", r.a);
	CHECK_EQ(r.a, v);
	r = pv_cpuid(0x40000002, 0);
	printk("0x40000002: pages %u msr %#x\n", r.a, r.b);
	CHECK_EQ(r.a, 1);
	CHECK_EQ(r.b, 0x40000000);
}

static void check_basic(void)
{
	struct regs4 r = pv_cpuid(1, 0);

	printk("leaf 1: ecx %#x edx %#x\n", r.c, r.d);
	CHECK(r.c & (1u << 31), "leaf 1: hypervisor bit clear");
	CHECK(!(r.c & (1u << 5)), "leaf 1: VMX offered to a PV guest");
	CHECK(!(r.c & (1u << 3)), "leaf 1: MONITOR offered to a PV guest");
	CHECK(r.d & (1u << 0), "leaf 1: no FPU");
	r = pv_cpuid(0, 0);
	CHECK(r.a >= 1, "leaf 0: max %#x", r.a);
}

static void check_prefix_traps(void)
{
	/* The prefix before an instruction it does not cover: plain #UD
	 * at the prefix's ud2. */
	trap_reset();
	asm volatile("1: " FEP "hlt; 2:" EXTABLE("1b", "2b"));
	printk("prefix + hlt: vector %lu count %lu\n", last_trap.vector,
	       last_trap.count);
	CHECK(last_trap.count == 1, "prefix + hlt: %lu traps",
	      last_trap.count);
	CHECK_EQ(last_trap.vector, X86_EXC_UD);
}

void test_main(void)
{
	check_signature();
	check_leaves();
	check_basic();
	check_prefix_traps();
}
