/*
 * The CPUID a PV guest sees.
 *
 * A PV kernel asks CPUID through the forced-emulation prefix
 * (emul_invop.c), so the answer is ours to shape, as Xen's CPUID policy
 * does.  Two kinds of leaves:
 *
 *  - the hypervisor leaves at 0x40000000: the "XenVMMXenVMM" signature
 *    with the highest leaf, the ABI version (4.17), the hypercall-page
 *    count and MSR, the PV feature flags, and the machine address width
 *    (Linux picks grant-table v1 when it is 44 bits or less);
 *  - the hardware leaves, with what a PV guest must not use hidden, as
 *    Xen's PV policy hides it: virtualisation extensions, MONITOR/MWAIT,
 *    the legacy paging features a PV guest cannot control (PSE, PGE,
 *    PCID, 1 GiB pages, LA57), x2APIC and the TSC deadline timer, the
 *    thermal/perf bits, SMEP/SMAP/UMIP/PKU; and HYPERVISOR set.
 *    FSGSBASE is hidden too (segment bases go through
 *    set_segment_base).  XSAVE and AVX are offered when the CPU has
 *    XSAVE (pv/xstate.c emulates XSETBV and owns leaf 0xD).
 *
 * OSXSAVE follows Xen's PV ABI rather than the architecture: the
 * kernel's enlightened view shows it whenever the hypervisor itself
 * runs with CR4.OSXSAVE (Linux has relied on that since 2010), user
 * mode sees the guest's own virtual CR4.OSXSAVE.
 */
#include <xenolith/lib.h>
#include <xenolith/page.h>
#include <xenolith/vcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/xstate.h>

#define XEN_CPUID_BASE 0x40000000
#define XEN_CPUID_MAX (XEN_CPUID_BASE + 5)
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 1
#define XEN_SIGNATURE_EBX 0x566e6558	/* "XenV" */
#define XEN_SIGNATURE_ECX 0x65584d4d	/* "MMXe" */
#define XEN_SIGNATURE_EDX 0x4d4d566e	/* "nVMM" */
#define BIT(n) (1U << (n))

enum { EAX, EBX, ECX, EDX };

/* Leaf 1 bits a PV guest must not see. */
static const uint32_t leaf1_ecx_hide = BIT(2) | BIT(3) | BIT(4) | BIT(5) |
	BIT(6) | BIT(7) | BIT(8) | BIT(14) | BIT(15) | BIT(17) | BIT(18) |
	BIT(21) | BIT(24) | BIT(27);
/* Leaf 1 ECX without XSAVE: XSAVE and what needs it (FMA, AVX, F16C). */
static const uint32_t leaf1_ecx_xsave = BIT(12) | BIT(26) | BIT(28) | BIT(29);
/* Leaf 7.0 EBX needing AVX: AVX2 and the AVX-512 family. */
static const uint32_t leaf7_ebx_avx = BIT(5) | BIT(16) | BIT(17) | BIT(21) |
	BIT(26) | BIT(27) | BIT(28) | BIT(30) | BIT(31);
static const uint32_t leaf1_edx_hide = BIT(1) | BIT(3) | BIT(12) | BIT(13) |
	BIT(17) | BIT(21) | BIT(22) | BIT(28) | BIT(29) | BIT(31);
/* Leaf 7.0 EBX: FSGSBASE, TSC_ADJUST, SMEP, INVPCID, PQM, MPX (its
 * XSAVE components are not offered, xstate.c), PQE, SMAP. */
static const uint32_t leaf7_ebx_hide = BIT(0) | BIT(1) | BIT(7) | BIT(10) |
	BIT(12) | BIT(14) | BIT(15) | BIT(20);
/* Leaf 7.0 ECX: UMIP, PKU, OSPKE, LA57, PKS. */
static const uint32_t leaf7_ecx_hide = BIT(2) | BIT(3) | BIT(4) | BIT(16) |
	BIT(31);

static void hypervisor_leaf(uint32_t leaf, uint32_t res[4])
{
	switch (leaf - XEN_CPUID_BASE) {
	case 0:
		res[EAX] = XEN_CPUID_MAX;
		res[EBX] = XEN_SIGNATURE_EBX;
		res[ECX] = XEN_SIGNATURE_ECX;
		res[EDX] = XEN_SIGNATURE_EDX;
		break;
	case 1:
		res[EAX] = (4 << 16) | 17;
		break;
	case 2:
		res[EAX] = 1;
		res[EBX] = XEN_CPUID_BASE;
		res[ECX] = XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD;
		break;
	case 5:
		res[EBX] = 64 - __builtin_clzl(max_page | 1) + PAGE_SHIFT;
		break;
	default:
		break;	/* 3 (TSC), 4 (HVM): nothing to offer */
	}
}

static uint32_t leaf1_ecx(const struct vcpu *v, uint32_t ecx)
{
	ecx = (ecx & ~leaf1_ecx_hide) | BIT(31);
	if (!xstate_available())
		return ecx & ~leaf1_ecx_xsave;
	if (v->arch.kernel_mode || (v->arch.cr4 & X86_CR4_OSXSAVE))
		ecx |= BIT(27);		/* OSXSAVE */
	return ecx;
}

static void mask_hardware_leaf(const struct vcpu *v, uint32_t leaf,
			       uint32_t sub, uint32_t res[4])
{
	switch (leaf) {
	case 1:
		res[ECX] = leaf1_ecx(v, res[ECX]);
		res[EDX] &= ~leaf1_edx_hide;
		break;
	case 5:		/* MONITOR/MWAIT */
	case 6:		/* thermal and power */
	case 0xa:	/* architectural PMU */
		res[EAX] = res[EBX] = res[ECX] = res[EDX] = 0;
		break;
	case 7:
		if (sub == 0) {
			res[EBX] &= ~leaf7_ebx_hide;
			if (!xstate_available())
				res[EBX] &= ~leaf7_ebx_avx;
			res[ECX] &= ~leaf7_ecx_hide;
		}
		break;
	case 0xd:
		xstate_cpuid(v, sub, res);
		break;
	case 0x80000001:
		res[ECX] &= ~(BIT(2) | BIT(3));	/* SVM, ExtApicSpace */
		res[EDX] &= ~BIT(26);		/* 1 GiB pages */
		break;
	default:
		break;
	}
}

void pv_cpuid(struct vcpu *v, uint32_t leaf, uint32_t sub, uint32_t res[4])
{
	struct cpuid_regs r;

	res[EAX] = res[EBX] = res[ECX] = res[EDX] = 0;
	if (leaf >= XEN_CPUID_BASE && leaf <= XEN_CPUID_MAX) {
		hypervisor_leaf(leaf, res);
		return;
	}
	if (leaf >= XEN_CPUID_BASE && leaf < 0x80000000)
		return;
	r = cpuid_count(leaf, sub);
	res[EAX] = r.a;
	res[EBX] = r.b;
	res[ECX] = r.c;
	res[EDX] = r.d;
	mask_hardware_leaf(v, leaf, sub, res);
}
