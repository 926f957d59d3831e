/*
 * Extended processor state of PV vCPUs: XSAVE, XCR0 and AVX.
 *
 * Every CPU runs with CR4.OSXSAVE set (when it has XSAVE), and XCR0 -
 * which decides what XSAVE saves and whether AVX instructions work at
 * all - always holds the running vCPU's value.  A guest changes it with
 * XSETBV, a ring-0 instruction we emulate (emul_priv.c) after checking
 * the value as the architecture and Xen's PV policy do; XGETBV needs no
 * help, the hardware register is the guest's.
 *
 * What a PV guest may enable (pv_xcr0_max): x87, SSE, AVX and, where
 * the CPU has them, the three AVX-512 components - what Xen 4.17 offers
 * a PV guest.  MPX and PKRU are not for PV guests (Xen neither), and
 * supervisor components never are.  CPUID leaf 0xD describes exactly
 * those (xstate_cpuid).
 *
 * Each vCPU owns a save area in the standard (non-compacted) format,
 * sized from CPUID for pv_xcr0_max.  The switch (switch.c) saves and
 * restores it eagerly with XSAVE/XRSTOR: under TCG an XSAVE is one
 * helper call on one page, cheaper than the #NM round trip a lazy
 * scheme pays on the first FPU use after most switches, and Linux uses
 * the FPU (memcpy, crypto, user space) often enough that lazy would
 * rarely skip anything.  XSAVEOPT/XSAVEC would only help hardware that
 * tracks modified state (QEMU saves everything anyway), and XSAVES needs
 * the compacted format and IA32_XSS for nothing we use.  Without XSAVE
 * the same area holds an FXSAVE image.
 *
 * A component a vCPU enables must not show what the previous user of
 * the CPU left in it: XRSTOR only loads components enabled in XCR0, so
 * XSETBV re-initialises every newly enabled component (xstate_set_xcr).
 *
 * VCPUOP_initialise may hand us an FXSAVE image (VGCF_i387_valid) for a
 * new vCPU's x87/SSE state, as Xen takes it.  Its MXCSR could set bits
 * the CPU lacks, which makes (F)XRSTOR fault on real hardware (QEMU
 * loads it as given, and Xen then shows the guest the same value): the
 * restore is covered by the exception table and, if it faults, retried
 * with the x87/SSE state reset and MXCSR masked, as Xen's fixup does.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/mm.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/xstate.h>

#define XSTATE_AVX512	(0xe0UL)	/* opmask, ZMM_Hi256, Hi16_ZMM */
#define XSAVE_HDR_OFFSET 512
#define XSAVE_LEGACY_HDR 576		/* legacy area + header */
#define MXCSR_DEFAULT	0x1f80
#define FCW_DEFAULT	0x37f
#define CPUID1_ECX_XSAVE (1U << 26)
#define MXCSR_OFFSET	24
#define MXCSR_MASK_OFFSET 28

static bool have_xsave;
static uint64_t pv_xcr0_max = XSTATE_FP_SSE;
static unsigned int xsave_size = 512;	/* area for pv_xcr0_max */
static uint64_t cpu_xcr0[NR_CPUS];	/* XCR0 loaded on each CPU */
static uint32_t mxcsr_mask = 0xffbf;	/* MXCSR bits the CPU has */

static uint64_t xgetbv(uint32_t index)
{
	uint32_t lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(index));
	return ((uint64_t)hi << 32) | lo;
}

static void xsetbv(uint32_t index, uint64_t val)
{
	__asm__ __volatile__("xsetbv" : : "c"(index), "a"((uint32_t)val),
			     "d"((uint32_t)(val >> 32)));
}

static void set_xcr0(uint64_t val)
{
	unsigned int cpu = smp_processor_id();

	if (cpu_xcr0[cpu] != val) {
		xsetbv(0, val);
		cpu_xcr0[cpu] = val;
	}
}

/* End of the last component of mask in the standard format. */
static unsigned int area_size(uint64_t mask)
{
	unsigned int end = XSAVE_LEGACY_HDR;

	for (unsigned int i = 2; i < 63; i++) {
		struct cpuid_regs r;

		if (!(mask & (1UL << i)))
			continue;
		r = cpuid_count(0xd, i);
		end = MAX(end, r.a + r.b);
	}
	return end;
}

/* What a PV guest may enable on this CPU, as Xen's PV policy. */
static uint64_t pv_policy(void)
{
	struct cpuid_regs r = cpuid_count(0xd, 0);
	uint64_t hw = ((uint64_t)r.d << 32) | r.a;
	uint64_t mask = hw & (XSTATE_FP_SSE | XSTATE_YMM);

	if ((mask & XSTATE_YMM) && (hw & XSTATE_AVX512) == XSTATE_AVX512)
		mask |= XSTATE_AVX512;
	return mask;
}

/* The CPU's MXCSR_MASK, from an FXSAVE image (0 there: the default). */
static void probe_mxcsr_mask(void)
{
	static uint8_t fx[512] __attribute__((aligned(16)));
	uint32_t mask;

	__asm__ __volatile__("clts; fxsave64 %0" : "=m"(fx));
	mask = *(uint32_t *)(fx + MXCSR_MASK_OFFSET);
	if (mask)
		mxcsr_mask = mask;
}

/* Each CPU, before it runs a vCPU: OSXSAVE on, XCR0 for no vCPU yet. */
void xstate_cpu_init(void)
{
	probe_mxcsr_mask();
	if (!(cpuid(1).c & CPUID1_ECX_XSAVE))
		return;
	have_xsave = true;
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	pv_xcr0_max = pv_policy();
	xsave_size = area_size(pv_xcr0_max);
	xsetbv(0, XSTATE_FP_SSE);
	cpu_xcr0[smp_processor_id()] = XSTATE_FP_SSE;
}

bool xstate_available(void)
{
	return have_xsave;
}

/*
 * The area starts in the init state: default FCW and MXCSR (FXRSTOR
 * and XRSTOR load them), an empty XSAVE header (XRSTOR initialises
 * every component).  Xen's first XCR0 for a vCPU is x87|SSE.
 */
static void init_area(uint8_t *area)
{
	memset(area, 0, PAGE_SIZE);
	*(uint16_t *)area = FCW_DEFAULT;
	*(uint32_t *)(area + MXCSR_OFFSET) = MXCSR_DEFAULT;
}

int xstate_vcpu_alloc(struct vcpu *v)
{
	uint8_t *area = v->arch.xsave_area;

	if (!area)
		area = alloc_xenheap_page();
	if (!area)
		return -XEN_ENOMEM;
	ASSERT(xsave_size <= PAGE_SIZE);
	init_area(area);
	v->arch.xsave_area = area;
	v->arch.xcr0 = XSTATE_FP_SSE;
	return 0;
}

void xstate_vcpu_free(struct vcpu *v)
{
	if (v->arch.xsave_area)
		free_xenheap_page(v->arch.xsave_area);
	v->arch.xsave_area = NULL;
}

static void xsave(void *area, uint64_t mask)
{
	__asm__ __volatile__("xsave64 (%0)"
			     : : "r"(area), "a"((uint32_t)mask),
			       "d"((uint32_t)(mask >> 32)) : "memory");
}

/* XRSTOR (FXRSTOR without XSAVE); false if it faulted (#GP). */
static bool restore(const void *area, uint64_t mask)
{
	bool ok = true;

	if (have_xsave)
		__asm__ __volatile__("1: xrstor64 (%1)\n\tjmp 3f\n"
				     "2: movb $0, %0\n3:\n\t"
				     ".pushsection __ex_table, \"a\"\n\t"
				     ".quad 1b, 2b\n\t.popsection"
				     : "+qm"(ok)
				     : "r"(area), "a"((uint32_t)mask),
				       "d"((uint32_t)(mask >> 32))
				     : "memory");
	else
		__asm__ __volatile__("1: fxrstor64 (%1)\n\tjmp 3f\n"
				     "2: movb $0, %0\n3:\n\t"
				     ".pushsection __ex_table, \"a\"\n\t"
				     ".quad 1b, 2b\n\t.popsection"
				     : "+qm"(ok) : "r"(area) : "memory");
	return ok;
}

static uint64_t *xstate_bv_of(void *area)
{
	return (uint64_t *)((uint8_t *)area + XSAVE_HDR_OFFSET);
}

/* What a faulting restore is retried with: x87/SSE in their init
 * state, MXCSR within the CPU's mask, a clean header (Xen's fixup does
 * the same). */
static void sanitise(struct vcpu *v)
{
	uint8_t *area = v->arch.xsave_area;

	printk(XENLOG_G_WARNING "d%u v%u: bad FPU state reset\n",
	       v->domain->domain_id, v->vcpu_id);
	*(uint32_t *)(area + MXCSR_OFFSET) &= mxcsr_mask;
	if (have_xsave) {
		*xstate_bv_of(area) &= v->arch.xcr0 & ~XSTATE_FP_SSE;
		memset(area + XSAVE_HDR_OFFSET + 8, 0, 56);
	} else {
		*(uint16_t *)area = FCW_DEFAULT;
	}
}

/* A VCPUOP_initialise FXSAVE image as v's x87/SSE state (the area was
 * just reset by xstate_vcpu_alloc). */
void xstate_vcpu_set_fxsave(struct vcpu *v, const void *fx)
{
	memcpy(v->arch.xsave_area, fx, 512);
	if (have_xsave)
		*xstate_bv_of(v->arch.xsave_area) = XSTATE_FP_SSE;
}

/* v leaves the CPU: its XCR0 is still loaded, XSAVE takes just that. */
void xstate_save(struct vcpu *v)
{
	__asm__ __volatile__("clts");
	if (have_xsave)
		xsave(v->arch.xsave_area, v->arch.xcr0);
	else
		__asm__ __volatile__("fxsave64 (%0)"
				     : : "r"(v->arch.xsave_area) : "memory");
}

/* v takes the CPU: its XCR0, then its registers (CR0.TS clear). */
void xstate_load(struct vcpu *v)
{
	__asm__ __volatile__("clts");
	if (have_xsave)
		set_xcr0(v->arch.xcr0);
	if (restore(v->arch.xsave_area, v->arch.xcr0))
		return;
	sanitise(v);
	if (restore(v->arch.xsave_area, v->arch.xcr0))
		return;
	init_area(v->arch.xsave_area);	/* last resort: all in init state */
	if (!restore(v->arch.xsave_area, v->arch.xcr0))
		panic("d%u v%u: FPU state will not load",
		      v->domain->domain_id, v->vcpu_id);
}

/* The architecture's rules for XCR0, within what a PV guest may use. */
static bool xcr0_valid(uint64_t val)
{
	uint64_t avx512 = val & XSTATE_AVX512;

	if (!(val & XSTATE_FP) || (val & ~pv_xcr0_max))
		return false;
	if ((val & XSTATE_YMM) && !(val & XSTATE_SSE))
		return false;
	if (avx512 && (avx512 != XSTATE_AVX512 || !(val & XSTATE_YMM)))
		return false;
	return true;
}

/*
 * Emulated XSETBV from the guest kernel; false means #GP(0).  Only XCR0
 * exists.  The registers go through the area so that components newly
 * enabled start in their init state (their XSTATE_BV bit cleared)
 * instead of with another vCPU's leftovers.
 */
bool xstate_set_xcr(struct vcpu *v, uint32_t index, uint64_t val)
{
	uint64_t *xstate_bv;

	if (!have_xsave || index != 0 || !xcr0_valid(val))
		return false;
	xstate_bv = xstate_bv_of(v->arch.xsave_area);
	xstate_save(v);
	*xstate_bv &= v->arch.xcr0;
	v->arch.xcr0 = val;
	xstate_load(v);
	if (v->arch.fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	ASSERT(xgetbv(0) == val);
	return true;
}

/*
 * CPUID leaf 0xD for a PV guest: sub-leaf 0 lists the components it may
 * enable, the area size for its current XCR0 (EBX) and for all of them
 * (ECX); sub-leaf 1 the XSAVE variants without XSAVES (no supervisor
 * state); sub-leaves 2-62 size and offset of each component offered.
 */
void xstate_cpuid(const struct vcpu *v, uint32_t sub, uint32_t res[4])
{
	struct cpuid_regs r = cpuid_count(0xd, sub);

	res[0] = res[1] = res[2] = res[3] = 0;
	if (!have_xsave)
		return;
	switch (sub) {
	case 0:
		res[0] = (uint32_t)pv_xcr0_max;
		res[1] = area_size(v->arch.xcr0);
		res[2] = xsave_size;
		res[3] = pv_xcr0_max >> 32;
		break;
	case 1:
		res[0] = r.a & 7;	/* XSAVEOPT, XSAVEC, XGETBV1 */
		break;
	default:
		if (sub < 63 && (pv_xcr0_max & (1UL << sub))) {
			res[0] = r.a;
			res[1] = r.b;
			res[2] = r.c & 2;	/* 64-byte alignment flag */
		}
		break;
	}
}
