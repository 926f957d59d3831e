/*
 * The iret hypercall: how a PV guest kernel returns from an exception,
 * an event or a system call.
 *
 * The guest cannot IRET itself: it runs in ring 3 and may need to go
 * back to user mode (another page-table root and %gs base) or to
 * re-enable event delivery atomically with the return.  It pushes a
 * struct iret_context (public/arch-x86/xen-x86_64.h) and issues
 * hypercall 23; we read that frame once from its stack and make it the
 * guest's state:
 *
 *  - CS RPL 3 means "to user mode": toggle, which needs a user root;
 *    without one the domain is crashed, as in Xen;
 *  - RPL 3 is forced on CS and SS (the guest kernel marks its own
 *    frames with RPL 0);
 *  - the event mask becomes !RFLAGS.IF; real IF stays on and IOPL 0;
 *  - with VGCF_in_syscall, %rcx/%r11 are not taken from the frame (Xen
 *    returns by SYSRET there; we leave the values SYSRET would: the
 *    return RIP and RFLAGS).
 *
 * A frame the CPU would refuse (bad selectors, non-canonical RIP) must
 * not make our own IRETQ fault.  Xen 4.17 lets it fault and reflects a
 * #GP(0) into the guest at the requested frame; we check first and
 * inject the same #GP.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/sched.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define X86_EFLAGS_IOPL (3UL << 12)
#define X86_EFLAGS_VM (1UL << 17)
#define X86_EFLAGS_NT (1UL << 14)
#define X86_EFLAGS_MBS (1UL << 1)

/*
 * LAR performs the CPU's own descriptor checks without loading anything:
 * it succeeds only for a present, valid descriptor whose DPL allows our
 * RPL 3 selector.  Then the type must be code (for CS) or writable data
 * (for SS), which is what IRETQ to ring 3 demands.
 */
bool pv_selector_ok(uint64_t sel, bool code)
{
	uint32_t ar;
	bool valid;

	if ((sel & 0xfffc) == 0)
		return false;
	__asm__ __volatile__("lar %w2, %0\n\tsetz %1"
			     : "=r"(ar), "=q"(valid) : "r"(sel) : "cc");
	if (!valid || !(ar & (1U << 15)) || !(ar & (1U << 12)))
		return false;	/* not present, or a system descriptor */
	if (code)
		return ar & (1U << 11);
	return !(ar & (1U << 11)) && (ar & (1U << 9));
}

static bool frame_ok(const struct cpu_user_regs *regs)
{
	return pv_guest_addr_ok(regs->rip) &&
	       pv_selector_ok(regs->cs, true) &&
	       pv_selector_ok(regs->ss, false);
}

long do_iret(unsigned long a1, unsigned long a2, unsigned long a3,
	     unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();
	struct cpu_user_regs *regs = guest_regs();
	struct iret_context ctx;

	if (copy_from_guest(&ctx, regs->rsp, sizeof(ctx))) {
		domain_crash(v->domain, "iret: unreadable frame");
		sched_stop_vcpu(v);
	}
	if ((ctx.cs & 3) == 3 && v->arch.kernel_mode) {
		if (!mfn_valid_raw(v->arch.guest_table_user)) {
			domain_crash(v->domain, "iret to user mode without "
				     "a user page table");
			sched_stop_vcpu(v);
		}
		pv_toggle_guest_mode(v);
	}
	regs->rip = ctx.rip;
	regs->cs = ctx.cs | 3;
	regs->ss = ctx.ss | 3;
	regs->rsp = ctx.rsp;
	regs->rflags = (ctx.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM |
				       X86_EFLAGS_NT)) |
		       X86_EFLAGS_IF | X86_EFLAGS_MBS;
	regs->rax = ctx.rax;
	if (ctx.flags & VGCF_in_syscall) {
		regs->rcx = ctx.rip;
		regs->r11 = regs->rflags;
	} else {
		regs->rcx = ctx.rcx;
		regs->r11 = ctx.r11;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
	v->arch.nmi_masked = false;
	if (!frame_ok(regs))
		pv_inject_trap(v, regs, X86_EXC_GP, true, 0);
	return regs->rax;
}
