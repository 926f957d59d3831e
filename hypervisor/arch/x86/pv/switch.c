/*
 * Switching between the vCPUs of a domain on one physical CPU.
 *
 * Every way back into a guest ends in pv_exit_to_guest() with nothing on
 * the hypervisor stack but the guest frame at its top.  That makes it
 * the one place where a vCPU can be swapped for another: save the
 * frame and the state the hardware holds for the running vCPU (data
 * selectors, FS/GS bases, FPU registers), load the next vCPU's, and let
 * the usual IRETQ resume it.  No hypervisor stack is ever switched.
 *
 * The policy is the simplest that is fair: round robin over the vCPUs
 * that are up, at SCHEDOP_yield and when the running vCPU goes down.
 * There is no time slice yet; a vCPU that never yields keeps the CPU.
 *
 * Reloading a data selector may fail: the guest can change its GDT or
 * LDT while a selector referring to it is loaded.  As in Xen, the
 * selector is replaced by the null one and the guest's failsafe
 * callback gets the four selectors we tried.  We check each selector
 * with LAR before loading it, so the load itself can never fault.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/sched.h>
#include <xenolith/sched_ops.h>
#include <xenolith/softirq.h>
#include <xenolith/setup.h>
#include <xenolith/vtime.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page_type.h>
#include <asm/processor.h>
#include <asm/pv.h>

enum { SEL_DS, SEL_ES, SEL_FS, SEL_GS };

#define TIME_SLICE MILLISECS(10)
#define BLOCK_RECHECK MICROSECS(500)

/*
 * Fires at the end of the running vCPU's slice.  Its handler does
 * nothing: the interrupt itself is the point, since every interrupt
 * taken in guest context passes pv_exit_to_guest(), which switches.
 */
static struct timer slice_timer;	/* CPU 0 only for now */

static void slice_end(void *unused)
{
}

static void start_slice(struct vcpu *v)
{
	if (!slice_timer.fn)
		init_timer(&slice_timer, slice_end, NULL, v->processor);
	v->arch.slice_start = NOW();
	if (domain_vcpu_after(v) != v)
		set_timer(&slice_timer, v->arch.slice_start + TIME_SLICE);
}

/* An event the vCPU would take now: pending and not masked (Xen's
 * local_events_need_delivery).  A vCPU polling with events masked, as
 * Linux's spinlock slow path does, waits on whatever else is pending. */
static bool event_deliverable(const struct vcpu *v)
{
	return v->vcpu_info->evtchn_upcall_pending &&
	       !v->vcpu_info->evtchn_upcall_mask;
}

/* Wanting the CPU: up, not paused, and not waiting - unless an event
 * arrived for it, or (hook, issue 5) the wait it is in, SCHEDOP_poll on
 * masked ports or its timeout, is over (common/cpu/vtimer.c). */
static bool wants_cpu(const struct vcpu *n)
{
	return n->is_up && !n->paused &&
	       (!n->blocked || event_deliverable(n) ||
		vtime_vcpu_wait_over(n));
}

/*
 * The next vCPU to run, round robin over all domains, v excluded: one
 * that wants the CPU, or with any_up also one that waits in
 * sched_block() (it will look at its condition again and wait on if
 * need be).
 */
static struct vcpu *pick_next(struct vcpu *v, bool any_up)
{
	for (struct vcpu *n = domain_vcpu_after(v); n != v;
	     n = domain_vcpu_after(n)) {
		if (wants_cpu(n) || (any_up && n->is_up && !n->paused))
			return n;
	}
	return NULL;
}

static void save_selectors(uint16_t sel[4])
{
	__asm__ __volatile__("mov %%ds, %0" : "=r"(sel[SEL_DS]));
	__asm__ __volatile__("mov %%es, %0" : "=r"(sel[SEL_ES]));
	__asm__ __volatile__("mov %%fs, %0" : "=r"(sel[SEL_FS]));
	__asm__ __volatile__("mov %%gs, %0" : "=r"(sel[SEL_GS]));
}

/* Loadable into a data segment register at RPL 3: LAR's checks, then
 * present, not a system descriptor, and data or readable code. */
static bool data_selector_ok(uint16_t sel)
{
	uint32_t ar;
	bool valid;

	if (!(sel & 0xfffc))
		return true;
	__asm__ __volatile__("lar %w2, %0\n\tsetz %1"
			     : "=r"(ar), "=q"(valid) : "r"(sel) : "cc");
	if (!valid || !(ar & (1U << 15)) || !(ar & (1U << 12)))
		return false;
	return !(ar & (1U << 11)) || (ar & (1U << 9));
}

static void save_hw(struct vcpu *v)
{
	uint64_t active = rdmsr(MSR_GS_BASE), shadow = rdmsr(MSR_SHADOW_GS_BASE);

	save_selectors(v->arch.sel);
	v->arch.fs_base = rdmsr(MSR_FS_BASE);
	v->arch.gs_base_kernel = v->arch.kernel_mode ? active : shadow;
	v->arch.gs_base_user = v->arch.kernel_mode ? shadow : active;
	__asm__ __volatile__("clts; fxsave64 %0" : "=m"(v->arch.fpu));
	v->arch.fpu_initialised = true;
}

static void load_fpu(struct vcpu *v)
{
	__asm__ __volatile__("clts");
	if (v->arch.fpu_initialised)
		__asm__ __volatile__("fxrstor64 %0" : : "m"(v->arch.fpu));
	else
		__asm__ __volatile__("fninit");
	if (v->arch.fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
}

/* Load v's selectors; false if one had to be replaced by null. */
static bool load_selectors(const uint16_t sel[4])
{
	uint16_t s[4];
	bool ok = true;

	for (unsigned int i = 0; i < 4; i++) {
		s[i] = data_selector_ok(sel[i]) ? sel[i] : 0;
		ok &= s[i] == sel[i];
	}
	__asm__ __volatile__("mov %0, %%ds" : : "r"(s[SEL_DS]));
	__asm__ __volatile__("mov %0, %%es" : : "r"(s[SEL_ES]));
	__asm__ __volatile__("mov %0, %%fs" : : "r"(s[SEL_FS]));
	__asm__ __volatile__("mov %0, %%gs" : : "r"(s[SEL_GS]));
	return ok;
}

static unsigned long stack_top(const struct vcpu *v)
{
	return (unsigned long)v->arch.stack + STACK_SIZE - CPU_INFO_SIZE;
}

/* The guest frame of v, at the top of its own stack. */
static struct cpu_user_regs *frame_of(const struct vcpu *v)
{
	return (struct cpu_user_regs *)stack_top(v) - 1;
}

/* This CPU enters the hypervisor on v's stack from now on. */
static void use_stack(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();

	cpu_tss(cpu)->rsp0 = stack_top(v);
	pv_syscall_stack = stack_top(v);
}

/* The hardware state of v; false if its selectors did not all load. */
static bool load_hw(struct vcpu *v)
{
	mfn_t root = v->arch.kernel_mode ? v->arch.guest_table
					 : v->arch.guest_table_user;
	bool ok;

	write_cr3(mfn_to_maddr(root));
	pv_load_descriptor_tables(v);
	ok = load_selectors(v->arch.sel);
	wrmsr(MSR_FS_BASE, v->arch.fs_base);
	wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel
					       : v->arch.gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_user
						      : v->arch.gs_base_kernel);
	load_fpu(v);
	return ok;
}

/*
 * The second half of a switch, run by the vCPU switched in, on its own
 * stack (so current_vcpu() is already v, which the descriptor-table
 * code relies on).
 */
static void finish_switch(struct vcpu *v)
{
	v->processor = smp_processor_id();
	start_slice(v);
	if (!load_hw(v))
		pv_bounce_failsafe(v, frame_of(v), v->arch.sel);
}

/* Where a vCPU's first switch-in lands (prepared by pv_vcpu_stack). */
static void __noreturn pv_vcpu_first_run(void)
{
	struct vcpu *v = current_vcpu();

	finish_switch(v);
	v->has_run = true;
	pv_update_vcpu_time(v);
	vtime_vcpu_start(v);
	pv_exit_to_guest(v, guest_regs());
	pv_return_to_guest(guest_regs());
}

/*
 * v's own hypervisor stack: a stack block (cpu_info at its top, as
 * every stack of this CPU) holding v's guest frame, and below it what
 * pv_switch_stack pops for a vCPU that never ran.
 */
int pv_vcpu_stack(struct vcpu *v)
{
	unsigned long *sp;

	if (!v->arch.stack)
		v->arch.stack = alloc_xenheap_pages(STACK_ORDER);
	if (!v->arch.stack)
		return -XEN_ENOMEM;
	memcpy((void *)stack_top(v), get_cpu_info(), CPU_INFO_SIZE);
	((struct cpu_info *)stack_top(v))->current_vcpu = v;
	*frame_of(v) = v->arch.regs;
	sp = (unsigned long *)frame_of(v);
	*--sp = (unsigned long)pv_vcpu_first_run;
	for (unsigned int i = 0; i < 6; i++)
		*--sp = 0;		/* rbx rbp r12-r15 */
	v->arch.hv_rsp = (unsigned long)sp;
	return 0;
}

void pv_run_first_vcpu(struct vcpu *v)
{
	unsigned long boot_rsp;

	if (pv_vcpu_stack(v))
		panic("no memory for d%u v%u's stack", v->domain->domain_id,
		      v->vcpu_id);
	use_stack(v);
	pv_switch_stack(&boot_rsp, v->arch.hv_rsp);
	BUG();
}

/* Give the CPU to next; returns when prev is switched back in. */
static void context_switch(struct vcpu *prev, struct vcpu *next)
{
	/* Hook (issue 5): runstate accounting (common/cpu/vtimer.c). */
	vtime_runstate_switch(prev, prev->blocked ? RUNSTATE_blocked :
			      prev->is_up ? RUNSTATE_runnable :
					    RUNSTATE_offline);
	vtime_runstate_switch(next, RUNSTATE_running);
	save_hw(prev);
	use_stack(next);
	pv_switch_stack(&prev->arch.hv_rsp, next->arch.hv_rsp);
	finish_switch(prev);	/* prev runs again */
}

/* Called by pv_exit_to_guest(): maybe give the CPU to another vCPU. */
void pv_schedule(struct vcpu *v)
{
	bool slice_over = NOW() - v->arch.slice_start >= TIME_SLICE;
	struct vcpu *next;

	if (!v->need_resched && v->is_up && !slice_over)
		return;
	v->need_resched = false;
	next = pick_next(v, !v->is_up);
	if (next)
		context_switch(v, next);
	else
		start_slice(v);
}

void sched_yield(struct vcpu *v)
{
	v->need_resched = true;
}

/*
 * The credit scheduler's request for a decision (xenolith/sched_ops.h).
 * Until it is plugged in here, the round robin above decides: a request
 * only makes the running vCPU reconsider at its next exit.  Weak, so the
 * generic scheduling layer replaces it when it exists.
 */
__attribute__((weak)) void sched_raise(unsigned int cpu)
{
	struct vcpu *v = current_vcpu();

	if (cpu == smp_processor_id() && v)
		v->need_resched = true;
	else
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

/*
 * Wait for an event or the next interrupt, letting the domain's other
 * vCPUs run meanwhile.  Callers re-check their condition and call again
 * (a spurious return is fine).  When every vCPU waits, we halt until
 * the next interrupt - at most BLOCK_RECHECK away, since a waiter's
 * condition (a polled port) may change without any interrupt - and
 * then let the next waiter look at its condition.
 */
void sched_block(struct vcpu *v)
{
	struct vcpu *next;

	if (event_deliverable(v))
		return;
	v->blocked = true;
	next = pick_next(v, false);
	if (!next) {
		if (pick_next(v, true))
			set_timer(&slice_timer, NOW() + BLOCK_RECHECK);
		safe_halt();		/* wakes on the next interrupt */
		local_irq_disable();
		next = pick_next(v, true);
	}
	if (next)
		context_switch(v, next);
	v->blocked = false;
}

/*
 * v is down or its domain is dying: run other vCPUs (of any domain), or
 * idle when none is left.  If VCPUOP_up brings v back, it resumes after
 * the hypercall that stopped it, which returns 0.
 */
void sched_stop_vcpu(struct vcpu *v)
{
	struct vcpu *next;

	while ((next = pick_next(v, true))) {
		context_switch(v, next);
		if (v->is_up && !v->paused) {
			guest_regs()->rax = 0;
			pv_exit_to_guest(v, guest_regs());
			pv_return_to_guest(guest_regs());
		}
	}
	set_current_vcpu(NULL);
	arch_idle_loop();
}

/* ---- VCPUOP_initialise ---- */

static struct vcpu_guest_context init_ctxt;	/* one caller at a time */
static DEFINE_SPINLOCK(init_lock);		/* init_ctxt */

static long take_root(struct domain *d, uint64_t cr3, mfn_t *out)
{
	mfn_t mfn = _mfn(xen_cr3_to_pfn(cr3));

	if (!cr3) {
		*out = INVALID_MFN;
		return 0;
	}
	if (get_page_and_type_from_mfn(mfn, PGT_l4_page_table, d))
		return -XEN_EINVAL;
	*out = mfn;
	return 0;
}

/*
 * The new vCPU's GDT and LDT, as set_gdt/MMUEXT_SET_LDT would install
 * them (the MMU code's per-vCPU state, asm/mm.h): a descriptor-page
 * type reference on each GDT frame; the LDT is mapped lazily.
 */
static long take_descriptor_tables(struct vcpu *v,
				   const struct vcpu_guest_context *c)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned int nr = (c->gdt_ents + 511) / 512, i;

	if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY ||
	    c->ldt_ents > 8192 || (c->ldt_base & ~PAGE_MASK))
		return -XEN_EINVAL;
	for (i = 0; i < nr; i++) {
		if (get_page_and_type_from_mfn(_mfn(c->gdt_frames[i]),
					       PGT_seg_desc_page, v->domain)) {
			while (i--)
				put_page_and_type(mfn_to_page(
					_mfn(c->gdt_frames[i])));
			return -XEN_EINVAL;
		}
	}
	for (i = 0; i < nr; i++)
		mm->gdt_frame[i] = _mfn(c->gdt_frames[i]);
	mm->gdt_ents = c->gdt_ents;
	mm->ldt_base = c->ldt_base;
	mm->ldt_ents = c->ldt_ents;
	return 0;
}

static void set_regs(struct vcpu *v, const struct vcpu_guest_context *c)
{
	const struct xen_cpu_user_regs *u = &c->user_regs;
	struct cpu_user_regs *r = &v->arch.regs;

	memset(r, 0, sizeof(*r));
	r->r15 = u->r15; r->r14 = u->r14; r->r13 = u->r13; r->r12 = u->r12;
	r->rbp = u->rbp; r->rbx = u->rbx; r->r11 = u->r11; r->r10 = u->r10;
	r->r9 = u->r9; r->r8 = u->r8; r->rax = u->rax; r->rcx = u->rcx;
	r->rdx = u->rdx; r->rsi = u->rsi; r->rdi = u->rdi;
	r->rip = u->rip;
	r->cs = u->cs | 3;
	r->ss = u->ss | 3;
	r->rsp = u->rsp;
	/* IOPL in the new context's flags is the vCPU's virtual IOPL, as
	 * PHYSDEVOP_set_iopl would set it (Xen does the same): Linux
	 * starts a dom0 vCPU at IOPL 1, and without it the new vCPU's
	 * first port access (the VGA console's cursor) took a #GP. */
	v->arch.iopl = (u->rflags >> 12) & 3;
	r->rflags = (u->rflags & ~(3UL << 12)) | X86_EFLAGS_IF | 2;
	v->arch.sel[SEL_DS] = u->ds;
	v->arch.sel[SEL_ES] = u->es;
	v->arch.sel[SEL_FS] = u->fs;
	v->arch.sel[SEL_GS] = u->gs;
}

static void set_callbacks(struct vcpu *v, const struct vcpu_guest_context *c)
{
	memcpy(v->arch.trap_ctxt, c->trap_ctxt, sizeof(v->arch.trap_ctxt));
	for (unsigned int i = 0; i < ARRAY_SIZE(v->arch.trap_ctxt); i++)
		v->arch.trap_ctxt[i].cs |= 3;	/* as set_trap_table */
	v->arch.kernel_ss = c->kernel_ss | 3;
	v->arch.kernel_sp = c->kernel_sp;
	v->arch.event.eip = c->event_callback_eip;
	v->arch.event.mask_events = true;
	v->arch.failsafe.eip = c->failsafe_callback_eip;
	v->arch.failsafe.mask_events =
		c->flags & VGCF_failsafe_disables_events;
	v->arch.syscall.eip = c->syscall_callback_eip;
	v->arch.syscall.mask_events = c->flags & VGCF_syscall_disables_events;
	v->arch.fs_base = c->fs_base;
	v->arch.gs_base_kernel = c->gs_base_kernel;
	v->arch.gs_base_user = c->gs_base_user;
	v->arch.kernel_mode = c->flags & VGCF_in_kernel;
	v->arch.cr4 = current_vcpu()->arch.cr4;
	v->arch.dr[6] = 0xffff0ff0UL;
	v->arch.dr[7] = 0x400UL;
}

static long check_ctxt(const struct vcpu_guest_context *c)
{
	if (!pv_guest_addr_ok(c->user_regs.rip) ||
	    !pv_guest_addr_ok(c->event_callback_eip) ||
	    !pv_guest_addr_ok(c->failsafe_callback_eip) ||
	    !pv_guest_addr_ok(c->syscall_callback_eip))
		return -XEN_EINVAL;
	return 0;
}

static long vcpu_init_locked(struct vcpu *v, unsigned long arg)
{
	const struct vcpu_guest_context *c = &init_ctxt;
	mfn_t kernel, user;
	long rc = copy_from_guest(&init_ctxt, arg, sizeof(init_ctxt));

	if (!rc)
		rc = check_ctxt(c);
	if (!rc)
		rc = take_root(v->domain, c->ctrlreg[3], &kernel);
	if (rc)
		return rc;
	if (!mfn_valid_raw(kernel))
		return -XEN_EINVAL;
	rc = take_root(v->domain, c->ctrlreg[1], &user);
	if (rc) {
		put_page_and_type(mfn_to_page(kernel));
		return rc;
	}
	set_regs(v, c);
	rc = take_descriptor_tables(v, c);
	if (!rc)
		rc = pv_vcpu_stack(v);
	if (rc) {
		put_page_and_type(mfn_to_page(kernel));
		if (mfn_valid_raw(user))
			put_page_and_type(mfn_to_page(user));
		return rc;
	}
	set_callbacks(v, c);
	v->arch.guest_table = kernel;
	v->arch.guest_table_user = user;
	v->is_initialised = true;
	return 0;
}

long arch_vcpu_initialise(struct vcpu *v, unsigned long arg)
{
	long rc;

	spin_lock(&init_lock);
	rc = vcpu_init_locked(v, arg);
	spin_unlock(&init_lock);
	return rc;
}
