/*
 * The machine-check MSRs a PV guest reads: Xen's virtual MCE (vMCE).
 *
 * Linux's mcheck init reads MCG_CAP, clears MCG_STATUS and then reads,
 * clears and polls every bank MCG_CAP announces.  A fault there is an
 * "MCA architectural violation" and a panic, so these MSRs must answer
 * exactly as Xen's: a vCPU sees two banks (Xen keeps bank 0 for an old
 * processor quirk and reports errors in bank 1), with Intel's software
 * recovery, threshold and CMCI bits on an Intel host, just the count
 * elsewhere.  No error is ever injected here, so the banks stay clear:
 *
 *   MCG_CAP       the value above; writes ignored (read-only)
 *   MCG_STATUS    whatever the vCPU wrote last (0 at start)
 *   MCG_CTL       0 (no MCG_CTL_P); writes ignored
 *   MCi_CTL       all ones; writes ignored
 *   MCi_STATUS, MCi_ADDR, MCi_MISC   0; writing 0 is fine, anything
 *                 else #GPs (only the hypervisor may fill a bank)
 *   MCi_CTL2      (Intel, CMCI) what the vCPU wrote last
 *   the other MSRs of Xen's range (banks 2-31 at 0x408-0x47f, the other
 *   CTL2s at 0x280-0x29f): read 0, writes ignored, no #GP
 */
#include <xenolith/lib.h>
#include <xenolith/vcpu.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define MSR_IA32_MC0_CTL2	0x00000280
#define MSR_IA32_MCG_CAP	0x00000179
#define MSR_IA32_MCG_STATUS	0x0000017a
#define MSR_IA32_MCG_CTL	0x0000017b
#define MSR_IA32_MC0_CTL	0x00000400
#define MCE_BANKS_MAX	32	/* Xen's MSR range: banks 0-31 */

#define GUEST_MC_BANKS	2
#define MCG_CMCI_P	(1UL << 10)
#define MCG_TES_P	(1UL << 11)
#define MCG_SER_P	(1UL << 24)

enum { BANK_CTL, BANK_STATUS, BANK_ADDR, BANK_MISC };

/* CPUID leaf 0's vendor string, "GenuineIntel", as EBX EDX ECX. */
static bool host_is_intel(void)
{
	struct cpuid_regs r = cpuid(0);

	return r.b == 0x756e6547 && r.d == 0x49656e69 && r.c == 0x6c65746e;
}

static uint64_t guest_mcg_cap(void)
{
	if (host_is_intel())
		return MCG_SER_P | MCG_TES_P | MCG_CMCI_P | GUEST_MC_BANKS;
	return GUEST_MC_BANKS;
}

/* Bank MSR: its bank in *bank and the register, or -1 if not a bank. */
static int bank_reg(uint32_t msr, unsigned int *bank)
{
	if (msr < MSR_IA32_MC0_CTL ||
	    msr >= MSR_IA32_MC0_CTL + 4 * MCE_BANKS_MAX)
		return -1;
	*bank = (msr - MSR_IA32_MC0_CTL) / 4;
	return (msr - MSR_IA32_MC0_CTL) % 4;
}

/* An MCi_CTL2 MSR; *kept: one of the vCPU's (Intel hosts, CMCI). */
static bool is_ctl2(uint32_t msr, bool *kept)
{
	if (msr < MSR_IA32_MC0_CTL2 || msr >= MSR_IA32_MC0_CTL2 + MCE_BANKS_MAX)
		return false;
	*kept = host_is_intel() && msr < MSR_IA32_MC0_CTL2 + GUEST_MC_BANKS;
	return true;
}

int pv_mce_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	unsigned int bank;
	bool kept;
	int reg;

	switch (msr) {
	case MSR_IA32_MCG_CAP:
		*val = guest_mcg_cap();
		return 1;
	case MSR_IA32_MCG_STATUS:
		*val = v->arch.mcg_status;
		return 1;
	case MSR_IA32_MCG_CTL:
		*val = 0;
		return 1;
	}
	if (is_ctl2(msr, &kept)) {
		*val = kept ? v->arch.mci_ctl2[msr - MSR_IA32_MC0_CTL2] : 0;
		return 1;
	}
	reg = bank_reg(msr, &bank);
	if (reg < 0)
		return 0;
	*val = reg == BANK_CTL ? ~0UL : 0;
	if (bank >= GUEST_MC_BANKS)
		*val = 0;
	return 1;
}

int pv_mce_write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	unsigned int bank;
	bool kept;
	int reg;

	switch (msr) {
	case MSR_IA32_MCG_CAP:
	case MSR_IA32_MCG_CTL:
		return 1;
	case MSR_IA32_MCG_STATUS:
		v->arch.mcg_status = val;
		return 1;
	}
	if (is_ctl2(msr, &kept)) {
		if (kept)
			v->arch.mci_ctl2[msr - MSR_IA32_MC0_CTL2] = val;
		return 1;
	}
	reg = bank_reg(msr, &bank);
	if (reg < 0)
		return 0;
	if (bank < GUEST_MC_BANKS && reg != BANK_CTL && val)
		return -1;
	return 1;
}
