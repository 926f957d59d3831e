/*
 * Forced emulation: the one invalid opcode a PV kernel raises on purpose.
 *
 * A PV kernel cannot make CPUID trap (no CPUID faulting under most
 * hypervisors' hosts), so the ABI gives it a marker: "ud2; .ascii xen"
 * (0f 0b 78 65 6e) in front of the instruction it wants emulated.  The
 * #UD lands here; if the marker is followed by CPUID (0f a2) we answer
 * from the guest's CPUID policy (cpuid.c) and resume after all seven
 * bytes.  Anything else after the marker, or any other #UD, is the
 * guest's own and is bounced to it.
 */
#include <xenolith/lib.h>
#include <xenolith/guest_access.h>
#include <asm/pv.h>

static const uint8_t xen_emul_prefix[] = { 0x0f, 0x0b, 'x', 'e', 'n' };
static const uint8_t insn_cpuid[] = { 0x0f, 0xa2 };

#define FEP_CPUID_LEN (sizeof(xen_emul_prefix) + sizeof(insn_cpuid))

bool pv_emulate_invalid_op(struct vcpu *v, struct cpu_user_regs *regs)
{
	uint8_t insn[FEP_CPUID_LEN];
	uint32_t res[4];

	if (copy_from_guest(insn, regs->rip, sizeof(insn)))
		return false;
	if (memcmp(insn, xen_emul_prefix, sizeof(xen_emul_prefix)) ||
	    memcmp(insn + sizeof(xen_emul_prefix), insn_cpuid,
		   sizeof(insn_cpuid)))
		return false;
	pv_cpuid(v, regs->rax, regs->rcx, res);
	regs->rax = res[0];
	regs->rbx = res[1];
	regs->rcx = res[2];
	regs->rdx = res[3];
	regs->rip += FEP_CPUID_LEN;
	return true;
}
