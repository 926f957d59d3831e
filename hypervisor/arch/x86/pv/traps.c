/*
 * Exceptions from a PV guest, and the bounce frame that delivers them.
 *
 * An exception raised in ring 3 enters the hypervisor through the IDT
 * (entry/entry.S) and reaches pv_trap() with the guest's frame at the
 * top of our stack.  Some are ours to fix up first: forced-emulation
 * CPUID (#UD), privileged instructions and software interrupts (#GP),
 * the lazy FPU (#NM).  Everything else is reflected to the guest kernel
 * through its virtual IDT (set_trap_table) with Xen's bounce frame, on
 * the guest kernel stack, lowest address first:
 *
 *     RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS
 *
 * RCX and R11 lead because Xen may return to the guest with SYSRET; the
 * CS word carries the interrupted event mask in bits 32-39, and RPL 0
 * when the guest kernel was interrupted (so the guest can tell its two
 * modes apart); RFLAGS.IF shows the virtual interrupt flag (!mask).  From
 * user mode, the vCPU first switches to kernel mode and the frame goes
 * on the stack registered with stack_switch.  The frame must land on
 * writable guest memory; if it does not, the guest cannot be told and is
 * crashed, as Xen does.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/sched.h>
#include <xenolith/softirq.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/debugreg.h>
#include <asm/pv.h>

#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_NT (1UL << 14)
#define X86_EFLAGS_RF (1UL << 16)
#define X86_EFLAGS_VM (1UL << 17)
#define X86_EFLAGS_AC (1UL << 18)
#define TRAP_INFO_MASK_EVENTS 4		/* trap_info.flags: interrupt gate */
#define PFEC_user_mode (1U << 2)

struct bounce {
	uint64_t eip;
	bool has_ec;
	uint32_t ec;
	bool mask_events;
	unsigned int nr_extra;	/* failsafe: ds es fs gs after R11 */
	uint64_t extra[4];
};

static bool vector_has_ec(unsigned int vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21;
}

static void __noreturn bounce_failed(struct vcpu *v, const char *why)
{
	domain_crash(v->domain, why);
	sched_stop_vcpu(v);
}

/* Write the frame and redirect regs to the handler. */
static void create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
				const struct bounce *b)
{
	uint8_t saved_mask = v->vcpu_info->evtchn_upcall_mask;
	uint64_t cs = regs->cs, rsp, frame[12];
	unsigned int n = 0;

	if (!v->arch.kernel_mode) {
		pv_toggle_guest_mode(v);
		rsp = v->arch.kernel_sp;
	} else {
		rsp = regs->rsp;
		cs &= ~3UL;
	}
	rsp &= ~0xfUL;
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	for (unsigned int i = 0; i < b->nr_extra; i++)
		frame[n++] = b->extra[i];
	if (b->has_ec)
		frame[n++] = b->ec;
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((uint64_t)saved_mask << 32);
	frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) |
		     (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	rsp -= n * sizeof(uint64_t);
	if (!pv_guest_addr_ok(rsp) ||
	    copy_to_guest(rsp, frame, n * sizeof(uint64_t)))
		bounce_failed(v, "bounce frame not writable");
	if (b->mask_events)
		v->vcpu_info->evtchn_upcall_mask = 1;
	regs->rip = b->eip;
	regs->cs = PV_FLAT_CS64;
	regs->ss = PV_FLAT_SS;
	regs->rsp = rsp;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
			  X86_EFLAGS_VM | X86_EFLAGS_AC);
}

bool pv_inject_trap(struct vcpu *v, struct cpu_user_regs *regs,
		    unsigned int vector, bool has_ec, uint32_t ec)
{
	const struct trap_info *ti = &v->arch.trap_ctxt[vector];
	struct bounce b = {
		.eip = ti->address,
		.has_ec = has_ec,
		.ec = ec,
		.mask_events = ti->flags & TRAP_INFO_MASK_EVENTS,
	};

	if (!b.eip) {
		printk(XENLOG_G_WARNING "d%u: Unhandled trap [#%u, ec=%04x] "
		       "at %#lx\n", v->domain->domain_id, vector, ec,
		       regs->rip);
		bounce_failed(v, "no handler for a trap");
	}
	create_bounce_frame(v, regs, &b);
	return true;
}

bool pv_bounce_callback(struct vcpu *v, struct cpu_user_regs *regs,
			const struct pv_callback *cb)
{
	struct bounce b = { .eip = cb->eip, .mask_events = cb->mask_events };

	create_bounce_frame(v, regs, &b);
	return true;
}

/*
 * Reloading a data selector failed on the way back into v (switch.c):
 * bounce to the failsafe callback with the four selectors we tried,
 * between R11 and RIP.  Without a callback the guest cannot be told.
 */
void pv_bounce_failsafe(struct vcpu *v, struct cpu_user_regs *regs,
			const uint16_t sel[4])
{
	struct bounce b = { .eip = v->arch.failsafe.eip,
			    .mask_events = v->arch.failsafe.mask_events,
			    .nr_extra = 4 };

	if (!b.eip)
		bounce_failed(v, "segment reload failed, no failsafe callback");
	for (unsigned int i = 0; i < 4; i++)
		b.extra[i] = sel[i];
	create_bounce_frame(v, regs, &b);
}

/*
 * Xen's test_guest_events, on every way back to the guest: an event is
 * pending and the guest has not masked delivery, so enter its event
 * callback now (with events masked, as the callback always is).
 */
void pv_check_events(struct vcpu *v, struct cpu_user_regs *regs)
{
	struct pv_callback cb = { .eip = v->arch.event.eip,
				  .mask_events = true };

	if (!cb.eip || !v->vcpu_info->evtchn_upcall_pending ||
	    v->vcpu_info->evtchn_upcall_mask)
		return;
	create_bounce_frame(v, regs, &(struct bounce){ .eip = cb.eip,
						      .mask_events = true });
}

/*
 * INT n with n not DPL 3 in our IDT arrives as #GP with the IDT bit in
 * the error code.  Xen forwards it to the guest's handler for n when
 * the guest's trap_info allows the caller's privilege (kernel: DPL >= 1,
 * user: DPL 3), resuming after the 2-byte instruction.
 */
static bool pv_soft_interrupt(struct vcpu *v, struct cpu_user_regs *regs)
{
	unsigned int vec = regs->error_code >> 3;
	const struct trap_info *ti;

	if ((regs->error_code & 7) != 2)
		return false;
	ti = &v->arch.trap_ctxt[vec];
	if (!ti->address ||
	    (ti->flags & 3) < (v->arch.kernel_mode ? 1 : 3))
		return false;
	regs->rip += 2;
	return pv_inject_trap(v, regs, vec, false, 0);
}

__attribute__((weak)) bool pv_mm_page_fault(struct vcpu *v,
					    struct cpu_user_regs *regs,
					    unsigned long cr2, uint32_t ec)
{
	return false;
}

static uint32_t pf_error_code(struct vcpu *v, uint32_t ec)
{
	/* The hardware always says "user"; the guest wants its mode. */
	return v->arch.kernel_mode ? ec & ~PFEC_user_mode
				   : ec | PFEC_user_mode;
}

static void pv_handle_trap(struct vcpu *v, struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;
	uint32_t ec = regs->error_code;

	ASSERT(v);
	switch (vec) {
	case X86_EXC_DF:
		/* Never reflected (Xen neither): our own state is suspect. */
		panic("double fault in d%u's context at %#lx",
		      v->domain->domain_id, regs->rip);
	case X86_EXC_UD:
		if (pv_emulate_invalid_op(v, regs))
			return;
		break;
	case X86_EXC_GP:
		if (pv_emulate_privileged_op(v, regs) ||
		    pv_soft_interrupt(v, regs))
			return;
		break;
	case X86_EXC_NM:
		if (!v->arch.fpu_ts) {
			__asm__ __volatile__("clts");
			return;
		}
		/* Delivering #NM clears the virtual TS, as in Xen. */
		v->arch.fpu_ts = false;
		break;
	case X86_EXC_DB:
		/* The guest reads DR6 with get_debugreg(6). */
		debugreg_guest_db(v);
		break;
	case X86_EXC_PF:
		if (pv_mm_page_fault(v, regs, read_cr2(), ec))
			return;
		v->arch.cr2 = read_cr2();
		v->vcpu_info->arch.cr2 = v->arch.cr2;
		ec = pf_error_code(v, ec);
		break;
	default:
		break;
	}
	pv_inject_trap(v, regs, vec, vector_has_ec(vec), ec);
}

/*
 * The last step before any return to the guest: deferred work runs
 * (with interrupts on, as softirqs expect), the scheduler's decision if
 * one is due (another vCPU may run before v goes on, and v may come
 * back on another CPU), then a pending event is delivered.
 */
void pv_exit_to_guest(struct vcpu *v, struct cpu_user_regs *regs)
{
	for (;;) {
		unsigned int cpu = smp_processor_id();

		while (softirq_pending(cpu)) {
			local_irq_enable();
			do_softirq();
			local_irq_disable();
		}
		if (!sched_pending(cpu))
			break;
		schedule();
	}
	pv_check_events(v, regs);
}

/* Every exception from ring 3 ends here. */
void pv_trap(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();

	pv_handle_trap(v, regs);
	pv_exit_to_guest(v, regs);
}

/* An interrupt arrived while the guest ran (hook in traps/irq.c). */
void pv_irq_exit(struct cpu_user_regs *regs)
{
	struct vcpu *v = current_vcpu();

	if (v)
		pv_exit_to_guest(v, regs);
}
