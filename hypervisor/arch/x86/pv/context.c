/*
 * Running a PV vCPU: the first entry, kernel/user mode switches, and
 * what a vCPU does when it gives up the CPU.
 *
 * While a vCPU runs, its guest state lives in the hardware (CR3, the two
 * %gs bases, FS base) and, whenever the hypervisor has been entered, in
 * the trap frame at the top of this CPU's stack (guest_regs()): TSS.RSP0
 * puts exception frames from ring 3 there and the SYSCALL entry builds
 * its frame at the same place.  Nothing is saved elsewhere because no
 * other vCPU shares the CPU yet; a context switch (issue: scheduler)
 * will add save/restore around these same fields.
 *
 * Mode toggle (Xen's toggle_guest_mode): kernel and user mode differ in
 * the page-table root (guest_table / guest_table_user) and in which %gs
 * base is active.  The inactive base waits in MSR_SHADOW_GS_BASE, so the
 * switch is SWAPGS plus a CR3 load.  The hypervisor itself never uses
 * %gs, so SWAPGS is free for this.
 */
#include <xenolith/lib.h>
#include <xenolith/tlbflush.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall_trace.h>
#include <xenolith/sched.h>
#include <xenolith/setup.h>
#include <xenolith/shutdown.h>
#include <xenolith/time.h>
#include <xenolith/vtime.h>
#include <public/sched.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/debugreg.h>
#include <asm/pv.h>
#include <asm/xstate.h>

struct vcpu *current_vcpu(void)
{
	return get_cpu_info()->current_vcpu;
}

void set_current_vcpu(struct vcpu *v)
{
	get_cpu_info()->current_vcpu = v;
}

struct cpu_user_regs *guest_regs(void)
{
	return (struct cpu_user_regs *)get_cpu_info() - 1;
}

bool pv_guest_addr_ok(uint64_t va)
{
	bool canonical = ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;

	return canonical &&
	       (va < HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END);
}

/*
 * Load a selector into the user-mode %gs (which also sets the user %gs
 * base from the descriptor).  In kernel mode the user %gs is the
 * shadow one, so swap around the load.  A selector that would not load
 * is replaced by the null selector and the call still succeeds, which
 * is what Xen's fault fixup on this load amounts to.
 */
long pv_load_user_gs_sel(struct vcpu *v, uint16_t sel)
{
	if ((sel & 0xfffc) && !pv_selector_ok(sel, false))
		sel = 0;
	if (v->arch.kernel_mode)
		__asm__ __volatile__("swapgs; mov %0, %%gs; swapgs"
				     : : "r"(sel) : "memory");
	else
		__asm__ __volatile__("mov %0, %%gs" : : "r"(sel) : "memory");
	return 0;
}

void pv_toggle_guest_mode(struct vcpu *v)
{
	mfn_t root;

	v->arch.kernel_mode = !v->arch.kernel_mode;
	root = v->arch.kernel_mode ? v->arch.guest_table
				   : v->arch.guest_table_user;
	ASSERT(mfn_valid_raw(root));
	__asm__ __volatile__("swapgs" ::: "memory");
	write_cr3_stamped(mfn_to_maddr(root));
}

/*
 * Prepare this CPU to run PV guests: the SYSCALL target, and CR4's
 * OSFXSR/OSXMMEXCPT, without which every SSE instruction of a guest
 * raises #UD (the hypervisor itself uses no SSE, so boot leaves them
 * clear); the switch's XSAVE/FXSAVE needs OSFXSR to save the XMM
 * registers.  xstate.c adds CR4.OSXSAVE and the boot XCR0, debugreg.c
 * the #DB IST stack.
 */
void pv_cpu_init(void)
{
	unsigned int cpu = smp_processor_id();
	uint64_t stub = (uint64_t)pv_syscall_stubs + cpu * PV_SYSCALL_STUB_SIZE;

	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	xstate_cpu_init();
	debugreg_cpu_init();
	pv_syscall_stack[cpu] = (unsigned long)get_cpu_info();
	wrmsr(MSR_LSTAR, stub);
	wrmsr(MSR_CSTAR, stub);
}

/* Null data selectors and zero bases: Xen's initial PV state. */
static void pv_reset_segments(void)
{
	__asm__ __volatile__("mov %0, %%ds\n\tmov %0, %%es\n\t"
			     "mov %0, %%fs\n\tmov %0, %%gs"
			     : : "r"(0) : "memory");
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	wrmsr(MSR_SHADOW_GS_BASE, 0);
}

/*
 * Start v (dom0's first vCPU) with the register state regs: it gets
 * its own hypervisor stack (switch.c) and joins the scheduler, and this
 * CPU becomes an idle CPU like the others, on the boot stack, which the
 * scheduler then switches from to v.
 */
void pv_start_vcpu(struct vcpu *v, struct cpu_user_regs *regs)
{
	local_irq_disable();
	v->arch.regs = *regs;
	v->processor = smp_processor_id();
	debugreg_vcpu_reset(v);		/* architectural reset values */
	pv_reset_segments();
	pv_run_first_vcpu(v);
}

/* Xen's lines for the hardware domain, then the machine stops. */
void arch_domain_shutdown_hook(struct domain *d)
{
	if (d->domain_id != 0)
		return;
	hypercall_trace_report();
	pv_machine_end_check();
	switch (d->shutdown_reason) {
	case SHUTDOWN_poweroff:
		printk("Hardware Dom0 halted: halting machine\n");
		machine_exit(XENOLITH_EXIT_OK);
	case SHUTDOWN_crash:
		printk("Hardware Dom0 crashed: rebooting machine\n");
		machine_exit(XENOLITH_EXIT_OK);
	case SHUTDOWN_reboot:
		printk("Hardware Dom0 shutdown: rebooting machine\n");
		machine_exit(XENOLITH_EXIT_OK);
	default:
		printk("Hardware Dom0 shutdown (unknown reason %u): "
		       "rebooting machine\n", d->shutdown_reason);
		machine_exit(XENOLITH_EXIT_OK);
	}
}
