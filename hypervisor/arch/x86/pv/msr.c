/*
 * RDMSR/WRMSR from a PV guest kernel.
 *
 * A PV kernel runs in ring 3, so every RDMSR/WRMSR raises #GP and comes
 * here through emul_priv.c.  We answer the MSRs a Linux PV kernel
 * touches the way Xen 4.17 does, and refuse the rest with #GP (Xen's
 * default since msr_relaxed became opt-in); Linux uses the _safe
 * accessors and survives that once its trap table exists.  Before the
 * guest has a #GP handler, reads of unknown MSRs return 0 instead
 * ("fake RDMSR"), so early probes cannot kill it.
 *
 *  - FS_BASE, GS_BASE, SHADOW_GS_BASE: the guest's segment bases; the
 *    kernel's %gs base is GS_BASE in kernel mode (context.c), and
 *    startup_xen writes it raw before any pvop exists;
 *  - EFER: the host's value without SVME; writing back the same value is
 *    accepted, changing it is not;
 *  - PAT: Xen's fixed PAT (the guest builds its cache modes from it);
 *  - APIC_BASE: enabled at the architectural address, BSP for vCPU 0;
 *  - MISC_ENABLE: fast strings, BTS and PEBS unavailable; same-value
 *    writes accepted;
 *  - TSC: the host TSC;
 *  - the machine-check MSRs: Xen's vMCE with two clear banks
 *    (msr_mce.c) - Linux's mcheck_cpu_init reads them and panics on a
 *    #GP.
 */
#include <xenolith/lib.h>
#include <xenolith/vcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define MSR_IA32_TSC		0x00000010
#define MSR_IA32_MISC_ENABLE	0x000001a0
#define MSR_IA32_CR_PAT		0x00000277
#define XEN_MSR_PAT		0x0000050100070406UL
#define EFER_SVME		(1UL << 12)
#define APIC_BASE_BSP		(1UL << 8)
#define APIC_BASE_ENABLE	(1UL << 11)
#define APIC_DEFAULT_BASE	0xfee00000UL
#define MISC_ENABLE_VALUE	((1UL << 0) | (1UL << 11) | (1UL << 12))

static bool canonical(uint64_t va)
{
	return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/* 0 and *val set, or -1 for #GP. */
int pv_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS_BASE:
		*val = rdmsr(msr);
		return 0;
	case MSR_EFER:
		*val = rdmsr(MSR_EFER) & ~EFER_SVME;
		return 0;
	case MSR_IA32_CR_PAT:
		*val = XEN_MSR_PAT;
		return 0;
	case MSR_APIC_BASE:
		*val = APIC_DEFAULT_BASE | APIC_BASE_ENABLE |
		       (v->vcpu_id == 0 ? APIC_BASE_BSP : 0);
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*val = MISC_ENABLE_VALUE;
		return 0;
	case MSR_IA32_TSC:
		*val = rdtsc();
		return 0;
	default:
		return pv_mce_read_msr(v, msr, val) > 0 ? 0 : -1;
	}
}

int pv_write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	uint64_t cur;

	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_SHADOW_GS_BASE:
		if (!canonical(val))
			return -1;
		wrmsr(msr, val);
		return 0;
	case MSR_EFER:
	case MSR_IA32_MISC_ENABLE:
		/* Only a write that changes nothing is allowed. */
		if (pv_read_msr(v, msr, &cur) || cur != val)
			return -1;
		return 0;
	default:
		return pv_mce_write_msr(v, msr, val) > 0 ? 0 : -1;
	}
}
