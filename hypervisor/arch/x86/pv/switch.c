/*
 * Switching a physical CPU between vCPUs, and to its idle loop.
 *
 * Every vCPU has its own hypervisor stack, with its guest frame at the
 * top and a struct cpu_info above it; each CPU's idle loop runs on the
 * CPU's own stack.  A switch saves what the hardware holds for the
 * outgoing vCPU (data selectors, FS/GS bases, FPU registers), swaps
 * stacks (pv_switch_stack, callee-saved registers only), and the
 * incoming side loads its own state.  A vCPU therefore always resumes
 * exactly where it gave up the CPU - on the way back to the guest, or
 * inside SCHEDOP_block/poll - and reaches the guest only through the
 * normal exit path.  The idle side keeps the last page tables loaded
 * (every guest L4 maps the hypervisor), unless their domain is going
 * away.
 *
 * Who runs is the scheduler's decision (common/sched/schedule.c,
 * sched_decide); schedule() here only carries it out.  A vCPU may come
 * back on another CPU: before switching to it, the CPU writes its own
 * number into the vCPU's cpu_info and points TSS.RSP0 and its SYSCALL
 * stack at the vCPU's stack; the vCPU then moves its timers and loads
 * its descriptor tables into this CPU's GDT window.  The scheduler
 * never hands a vCPU to a CPU before the CPU it last ran on has saved
 * its state: ->context_live stays set until that CPU, already on its
 * next stack, calls sched_context_saved().
 *
 * Reloading a data selector may fail: the guest can change its GDT or
 * LDT while a selector referring to it is loaded.  As in Xen, the
 * selector is replaced by the null one and the guest's failsafe
 * callback gets the four selectors we tried.  We check each selector
 * with LAR before loading it, so the load itself can never fault.
 */
#include <xenolith/lib.h>
#include <xenolith/tlbflush.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/mm.h>
#include <xenolith/sched.h>
#include <xenolith/sched_core.h>
#include <xenolith/softirq.h>
#include <xenolith/setup.h>
#include <xenolith/vtime.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/page_type.h>
#include <asm/processor.h>
#include <asm/debugreg.h>
#include <asm/pv.h>
#include <asm/xstate.h>
#include <asm/flush.h>

enum { SEL_DS, SEL_ES, SEL_FS, SEL_GS };

static unsigned long idle_rsp[NR_CPUS];	/* the idle loop's saved %rsp */
static struct vcpu *last_vcpu[NR_CPUS];	/* switched from, not yet saved */
static bool moved_here[NR_CPUS];	/* the vCPU switched in came from
					   another CPU: its timers follow */

/* An event the vCPU would take now: pending and not masked (Xen's
 * local_events_need_delivery).  A vCPU polling with events masked, as
 * Linux's spinlock slow path does, waits on whatever else is pending. */
static bool event_deliverable(const struct vcpu *v)
{
	return v->vcpu_info->evtchn_upcall_pending &&
	       !v->vcpu_info->evtchn_upcall_mask;
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
	xstate_save(v);
	debugreg_switch_out(v);
}

static void load_fpu(struct vcpu *v)
{
	xstate_load(v);
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

/* This CPU runs v from now on: v's cpu_info names it, and the CPU
 * enters the hypervisor on v's stack. */
static void adopt(struct vcpu *v, unsigned int cpu)
{
	struct cpu_info *ci = (struct cpu_info *)stack_top(v);

	ci->cpu_id = cpu;
	ci->apic_id = get_cpu_info()->apic_id;
	ci->current_vcpu = v;
	moved_here[cpu] = v->processor != cpu;
	v->processor = cpu;
	v->ran_on |= 1UL << cpu;
	cpu_tss(cpu)->rsp0 = stack_top(v);
	pv_syscall_stack[cpu] = stack_top(v);
}

/* The hardware state of v; false if its selectors did not all load.
 * CR3 is left alone when it already holds v's root: under TCG every
 * CR3 write flushes the whole soft TLB. */
static bool load_hw(struct vcpu *v)
{
	mfn_t root = v->arch.kernel_mode ? v->arch.guest_table
					 : v->arch.guest_table_user;
	bool ok;

	if (read_cr3() != mfn_to_maddr(root))
		write_cr3_stamped(mfn_to_maddr(root));
	pv_load_descriptor_tables(v);
	ok = load_selectors(v->arch.sel);
	wrmsr(MSR_FS_BASE, v->arch.fs_base);
	wrmsr(MSR_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_kernel
					       : v->arch.gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, v->arch.kernel_mode ? v->arch.gs_base_user
						      : v->arch.gs_base_kernel);
	load_fpu(v);
	debugreg_switch_in(v);
	return ok;
}

/* First thing on the switched-in side: the context we left is saved. */
static void switch_done(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *last = last_vcpu[cpu];

	last_vcpu[cpu] = NULL;
	sched_context_saved(last);
}

/*
 * v arrives from another CPU.  This one may still have v's page tables
 * loaded (its idle loop keeps the last vCPU's, arch/x86/flush.c) and
 * translations cached from v's last visit here; changes v made since,
 * elsewhere, were flushed there only (UVMF_LOCAL, INVLPG: the guest
 * rightly flushes only the TLB it runs on).  load_hw() skips an equal
 * CR3, so flush here: only on migration, which is rare.
 */
static void forget_old_visit(struct vcpu *v)
{
	mfn_t root = v->arch.kernel_mode ? v->arch.guest_table
					 : v->arch.guest_table_user;

	if (read_cr3() == mfn_to_maddr(root))
		write_cr3_stamped(read_cr3());
}

/* The rest of a switch, run by the vCPU switched in, on its own stack
 * (so current_vcpu() is already v, which the descriptor code needs). */
static void finish_switch(struct vcpu *v)
{
	switch_done();
	if (moved_here[v->processor]) {
		vtime_vcpu_follow(v);
		forget_old_visit(v);
	}
	if (!load_hw(v))
		pv_bounce_failsafe(v, frame_of(v), v->arch.sel);
	vtime_runstate_switch(v, RUNSTATE_running);	/* v's CR3 is in */
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
	if (!v->arch.stack || xstate_vcpu_alloc(v))
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

/* dom0's first vCPU joins the scheduler; this CPU idles until it runs. */
void pv_run_first_vcpu(struct vcpu *v)
{
	if (pv_vcpu_stack(v))
		panic("no memory for d%u v%u's stack", v->domain->domain_id,
		      v->vcpu_id);
	v->is_up = true;
	arch_idle_stats_reset();
	vcpu_runnable_update(v);
	arch_idle_loop();
}

/* Runstate accounting (common/cpu/vtimer.c) for the vCPU leaving, while
 * its own page tables are still loaded: the guest's copy of the record
 * is written through them. */
static void account_leaving(struct vcpu *prev)
{
	vtime_runstate_switch(prev, prev->blocked ? RUNSTATE_blocked :
			      prev->sched.runnable ? RUNSTATE_runnable :
						     RUNSTATE_offline);
}

/*
 * Give this CPU to next (NULL: the idle loop); returns when prev (NULL:
 * the idle loop) is switched back in, maybe on another CPU.
 */
static void context_switch(struct vcpu *prev, struct vcpu *next,
			   unsigned int cpu)
{
	unsigned long *from = prev ? &prev->arch.hv_rsp : &idle_rsp[cpu];

	if (prev) {
		account_leaving(prev);
		save_hw(prev);
	}
	last_vcpu[cpu] = prev;
	if (!prev)
		flush_leave_idle();	/* before next's CR3 goes in */
	if (next) {
		adopt(next, cpu);
		pv_switch_stack(from, next->arch.hv_rsp);
	} else {
		/* The idle loop keeps prev's page tables (lazily: a CR3
		 * write empties QEMU's soft TLB) until a flush request
		 * reaches it (arch/x86/flush.c), except for a domain on
		 * its way out, whose tables will not be needed again. */
		if (prev->domain->is_shutting_down)
			write_cr3_stamped(virt_to_maddr(idle_l4));
		pv_switch_stack(from, idle_rsp[cpu]);
	}
	if (prev) {
		finish_switch(prev);
	} else {
		flush_enter_idle();	/* prev's tables no longer used */
		switch_done();
	}
}

void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *prev = current_vcpu();
	struct sched_unit *u;
	struct vcpu *next;

	if (!sched_current_ops())
		return;
	u = sched_decide(cpu);
	next = u->is_idle ? NULL : u->owner;
	if (next != prev)
		context_switch(prev, next, cpu);
}

/*
 * Off the CPU until an event is deliverable or the vCPU's wait in
 * SCHEDOP_poll/block is over (vtime_vcpu_wait_over).  Blocked first,
 * then checked, so an event sent meanwhile either is seen here or finds
 * v blocked and wakes it.
 */
void sched_block(struct vcpu *v)
{
	local_irq_disable();
	vcpu_block(v);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (event_deliverable(v) || vtime_vcpu_wait_over(v))
		vcpu_wake(v);
	schedule();
}

/* VCPUOP_down on itself: back after VCPUOP_up (and unpaused). */
void sched_wait_up(struct vcpu *v)
{
	local_irq_disable();
	while (!v->sched.runnable)
		schedule();
}

/*
 * v's domain is shutting down (paused) or v went down for good: off the
 * CPU for ever.  Its stack stays as it is until the domain is freed.
 */
void sched_stop_vcpu(struct vcpu *v)
{
	local_irq_disable();
	vcpu_runnable_update(v);
	for (;;)
		schedule();
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
	debugreg_vcpu_init(v, c->debugreg);
	if (c->flags & VGCF_i387_valid)
		xstate_vcpu_set_fxsave(v, &c->fpu_ctxt);
}

static long check_ctxt(const struct vcpu_guest_context *c)
{
	if (!pv_guest_addr_ok(c->user_regs.rip) ||
	    !pv_guest_addr_ok(c->event_callback_eip) ||
	    !pv_guest_addr_ok(c->failsafe_callback_eip) ||
	    !pv_guest_addr_ok(c->syscall_callback_eip) ||
	    !debugreg_ctxt_ok(c->debugreg))
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
