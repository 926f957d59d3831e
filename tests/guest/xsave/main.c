/*
 * xsave: XSAVE and AVX as a PV kernel sees them.
 *
 * CPUID (forced emulation) must offer XSAVE and AVX, with OSXSAVE
 * following the guest's own CR4.OSXSAVE, and leaf 0xD must describe
 * exactly the state components a PV guest may enable: sizes and offsets
 * of each, the save-area size for the XCR0 in force.  XSETBV is
 * privileged, so the hypervisor emulates it: XCR0 values the
 * architecture or the PV policy forbid fault with #GP, as on Xen, and
 * so does XSETBV from user mode.  Finally two vCPUs share the one
 * physical CPU (dom0_max_vcpus=2, one CPU) and each fills the sixteen
 * YMM registers with its own pattern, yielding between checks: the
 * upper halves only survive if the switch saves them with XSAVE.
 */
#include "../evtchn_common/vcpu1.h"
#include "cpu.h"

const char test_title[] = "xsave: CPUID leaf 0xD, XSETBV, YMM across switches";

#define CR4_OSXSAVE (1ul << 18)
#define XSTATE_FP_SSE_YMM 7ul
#define ROUNDS 200

static uint64_t xgetbv(uint32_t idx)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(idx));
	return ((uint64_t)hi << 32) | lo;
}

/* XSETBV; the vector of the exception it raised, or -1 for none. */
static long try_xsetbv(uint32_t idx, uint64_t val)
{
	trap_reset();
	asm volatile("1: xsetbv; 2:" EXTABLE("1b", "2b")
		     : : "c"(idx), "a"((uint32_t)val),
		       "d"((uint32_t)(val >> 32)) : "memory");
	return last_trap.count ? (long)last_trap.vector : -1;
}

static unsigned long user_xsetbv(unsigned long val)
{
	asm volatile("1: xsetbv; 2:" EXTABLE("1b", "2b")
		     : : "c"(0), "a"((uint32_t)val),
		       "d"((uint32_t)(val >> 32)));
	return 0;
}

/* Leaf 1 ECX as guest user mode sees it through the prefix. */
static unsigned long user_leaf1_ecx(unsigned long unused)
{
	return pv_cpuid(1, 0).c;
}

/* Leaf 1 and the components of leaf 0xD, printed for comparison. */
static uint64_t check_leaves(void)
{
	struct regs4 r = pv_cpuid(1, 0), d0, d1, s;
	uint64_t mask;
	uint32_t end = 576;	/* legacy area + header */

	printk("leaf 1 ecx %#x: xsave %u osxsave %u avx %u\n", r.c,
	       (r.c >> 26) & 1, (r.c >> 27) & 1, (r.c >> 28) & 1);
	CHECK(r.c & (1u << 26), "XSAVE not offered");
	CHECK(r.c & (1u << 28), "AVX not offered");
	/* Xen's PV ABI: the kernel's enlightened view shows the host's
	 * OSXSAVE before the guest sets CR4.OSXSAVE; user mode does not. */
	CHECK(r.c & (1u << 27), "OSXSAVE clear in the kernel's view");
	s = pv_cpuid(7, 0);
	printk("leaf 7.0: ebx %#x ecx %#x edx %#x\n", s.b, s.c, s.d);
	/* MPX needs XSAVE components a PV guest is not offered. */
	CHECK(!(s.b & (1u << 14)), "MPX offered");
	d0 = pv_cpuid(0xd, 0);
	d1 = pv_cpuid(0xd, 1);
	mask = ((uint64_t)d0.d << 32) | d0.a;
	printk("0xd.0: %#x %#x %#x %#x\n", d0.a, d0.b, d0.c, d0.d);
	printk("0xd.1: %#x %#x %#x %#x\n", d1.a, d1.b, d1.c, d1.d);
	CHECK((mask & XSTATE_FP_SSE_YMM) == XSTATE_FP_SSE_YMM,
	      "components %#lx", (unsigned long)mask);
	CHECK(!(mask & (1ul << 9)), "PKRU offered to a PV guest");
	CHECK_EQ(d0.b, 576);	/* XCR0 is x87|SSE until we change it */
	for (unsigned int i = 2; i < 63; i++) {
		s = pv_cpuid(0xd, i);
		if (s.a || s.b || s.c || s.d)
			printk("0xd.%u: %#x %#x %#x %#x\n", i, s.a, s.b, s.c,
			       s.d);
		if (!(mask & (1ul << i))) {
			CHECK(!s.a && !s.b, "0xd.%u: %#x %#x for a "
			      "component not offered", i, s.a, s.b);
			continue;
		}
		CHECK(s.a && s.b >= 576, "0xd.%u: size %#x offset %#x", i,
		      s.a, s.b);
		if (s.a + s.b > end)
			end = s.a + s.b;
	}
	CHECK_EQ(d0.c, end);
	return mask;
}

/* XSETBV is refused before the guest sets CR4.OSXSAVE. */
static void check_before_osxsave(void)
{
	unsigned long ecx = exec_user(user_leaf1_ecx, 0);
	long vec = try_xsetbv(0, 3);

	printk("user leaf 1 ecx %#lx\n", ecx);
	CHECK(!(ecx & (1u << 27)), "OSXSAVE set for user mode");
	printk("xsetbv before CR4.OSXSAVE: vector %ld\n", vec);
	CHECK_EQ(vec, X86_EXC_UD);
}

static void check_enable(uint64_t mask)
{
	struct regs4 r;

	write_cr4(read_cr4() | CR4_OSXSAVE);
	CHECK(read_cr4() & CR4_OSXSAVE, "CR4.OSXSAVE did not stick");
	r = pv_cpuid(1, 0);
	CHECK(r.c & (1u << 27), "OSXSAVE clear after CR4.OSXSAVE");
	printk("xcr0 at start: %#lx\n", (unsigned long)xgetbv(0));
	CHECK_EQ(xgetbv(0), 3);
	CHECK_EQ(try_xsetbv(0, XSTATE_FP_SSE_YMM), -1);
	CHECK_EQ(xgetbv(0), XSTATE_FP_SSE_YMM);
	r = pv_cpuid(0xd, 0);
	CHECK_EQ(r.b, pv_cpuid(0xd, 2).a + pv_cpuid(0xd, 2).b);
	(void)mask;
}

/* Values the architecture or the PV policy forbid: #GP, XCR0 kept. */
static void check_bad_xsetbv(uint64_t mask)
{
	static const uint64_t bad[] = {
		0, 2, 4, 5, 6, 1ul << 9 | 7, 1ul << 8 | 7, 1ul << 63 | 7,
		1ul << 62 | 3,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		if (bad[i] & mask & ~XSTATE_FP_SSE_YMM)
			continue;	/* offered here after all */
		CHECK(try_xsetbv(0, bad[i]) == X86_EXC_GP,
		      "xcr0 %#lx: vector %ld", (unsigned long)bad[i],
		      try_xsetbv(0, bad[i]));
		CHECK_EQ(last_trap.error_code, 0);
	}
	CHECK(try_xsetbv(1, 3) == X86_EXC_GP, "XCR1: vector %ld",
	      try_xsetbv(1, 3));
	CHECK(try_xsetbv(~0u, 3) == X86_EXC_GP, "XCR ~0: vector %ld",
	      try_xsetbv(~0u, 3));
	CHECK_EQ(xgetbv(0), XSTATE_FP_SSE_YMM);
	trap_reset();
	exec_user(user_xsetbv, 3);
	printk("user xsetbv: %lu traps, vector %lu\n", last_trap.count,
	       last_trap.vector);
	CHECK(last_trap.count == 1 && last_trap.vector == X86_EXC_GP,
	      "user xsetbv: %lu traps, vector %lu", last_trap.count,
	      last_trap.vector);
	CHECK_EQ(xgetbv(0), XSTATE_FP_SSE_YMM);
}

/* ---- YMM registers across vCPU switches ---- */

static uint8_t pattern[2][16][32] __attribute__((aligned(32)));
static uint8_t readback[2][16][32] __attribute__((aligned(32)));
static volatile unsigned long rounds[2], bad_rounds[2];
static volatile bool vcpu1_on;

#define YMM_ALL(op, base)						\
	asm volatile(op " 0x000(%0), %%ymm0\n\t" op " 0x020(%0), %%ymm1\n\t"\
		     op " 0x040(%0), %%ymm2\n\t" op " 0x060(%0), %%ymm3\n\t"\
		     op " 0x080(%0), %%ymm4\n\t" op " 0x0a0(%0), %%ymm5\n\t"\
		     op " 0x0c0(%0), %%ymm6\n\t" op " 0x0e0(%0), %%ymm7\n\t"\
		     op " 0x100(%0), %%ymm8\n\t" op " 0x120(%0), %%ymm9\n\t"\
		     op " 0x140(%0), %%ymm10\n\t" op " 0x160(%0), %%ymm11\n\t"\
		     op " 0x180(%0), %%ymm12\n\t" op " 0x1a0(%0), %%ymm13\n\t"\
		     op " 0x1c0(%0), %%ymm14\n\t" op " 0x1e0(%0), %%ymm15"	\
		     : : "r"(base) : "memory")

static void ymm_load(unsigned int v)
{
	YMM_ALL("vmovdqa", pattern[v]);
}

static void ymm_store(unsigned int v)
{
	asm volatile("vmovdqa %%ymm0, 0x000(%0)\n\tvmovdqa %%ymm1, 0x020(%0)\n\t"
		     "vmovdqa %%ymm2, 0x040(%0)\n\tvmovdqa %%ymm3, 0x060(%0)\n\t"
		     "vmovdqa %%ymm4, 0x080(%0)\n\tvmovdqa %%ymm5, 0x0a0(%0)\n\t"
		     "vmovdqa %%ymm6, 0x0c0(%0)\n\tvmovdqa %%ymm7, 0x0e0(%0)\n\t"
		     "vmovdqa %%ymm8, 0x100(%0)\n\tvmovdqa %%ymm9, 0x120(%0)\n\t"
		     "vmovdqa %%ymm10, 0x140(%0)\n\tvmovdqa %%ymm11, 0x160(%0)\n\t"
		     "vmovdqa %%ymm12, 0x180(%0)\n\tvmovdqa %%ymm13, 0x1a0(%0)\n\t"
		     "vmovdqa %%ymm14, 0x1c0(%0)\n\tvmovdqa %%ymm15, 0x1e0(%0)"
		     : : "r"(readback[v]) : "memory");
}

/* Load v's pattern, then yield and check it ROUNDS times. */
static void ymm_rounds(unsigned int v)
{
	ymm_load(v);
	for (unsigned int i = 0; i < ROUNDS; i++) {
		hc_sched_op(SCHEDOP_yield, NULL);
		ymm_store(v);
		if (memcmp(readback[v], pattern[v], sizeof(pattern[v])))
			bad_rounds[v]++;
		rounds[v]++;
	}
}

static void vcpu1_main(void)
{
	write_cr4(read_cr4() | CR4_OSXSAVE);
	if (try_xsetbv(0, XSTATE_FP_SSE_YMM) != -1)
		return;
	vcpu1_on = true;
	ymm_rounds(1);
}

static void check_switches(void)
{
	unsigned long overlap = 0;

	for (unsigned int v = 0; v < 2; v++)
		for (unsigned int i = 0; i < 16 * 32; i++)
			pattern[v][i / 32][i % 32] = (uint8_t)(i * 7 + v * 131 + 1);
	if (vcpu1_start(vcpu1_main))
		return;
	for (unsigned int i = 0; i < 1000000 && !vcpu1_on; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK(vcpu1_on, "vCPU 1 did not enable AVX");
	if (!vcpu1_on)
		return;
	ymm_load(0);
	for (unsigned int i = 0; i < ROUNDS; i++) {
		unsigned long before = rounds[1];

		hc_sched_op(SCHEDOP_yield, NULL);
		ymm_store(0);
		if (memcmp(readback[0], pattern[0], sizeof(pattern[0])))
			bad_rounds[0]++;
		rounds[0]++;
		overlap += rounds[1] != before;
	}
	for (unsigned int i = 0; i < 1000000 && rounds[1] < ROUNDS; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	printk("ymm: vCPU0 %lu rounds (%lu bad), vCPU1 %lu rounds (%lu bad), "
	       "%lu interleaved\n", rounds[0], bad_rounds[0], rounds[1],
	       bad_rounds[1], overlap);
	CHECK_EQ(rounds[1], ROUNDS);
	CHECK_EQ(bad_rounds[0], 0);
	CHECK_EQ(bad_rounds[1], 0);
	CHECK(overlap > ROUNDS / 2, "only %lu of %u rounds interleaved",
	      overlap, ROUNDS);
}

void test_main(void)
{
	uint64_t mask = check_leaves();

	check_before_osxsave();
	check_enable(mask);
	check_bad_xsetbv(mask);
	check_switches();
}
