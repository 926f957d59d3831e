/*
 * What a PV kernel registers so the hypervisor can enter it: the virtual
 * IDT (set_trap_table), the kernel stack for entries from user mode
 * (stack_switch), the event/failsafe/syscall/NMI callbacks (callback_op
 * and the older set_callbacks), and the per-vCPU bits it would set with
 * privileged instructions on bare metal: segment bases
 * (set_segment_base), CR0.TS (fpu_taskswitch) and the virtual IOPL
 * (physdev_op set_iopl); debug registers have their own file
 * (debugreg.c).  physdev_op's apic_read is here
 * too, as the one other sub-op so far (the IO-APIC: traps/ioapic.c).
 *
 * All of them only record values in struct arch_vcpu; the bounce code
 * (traps.c) and the mode toggle (context.c) use them.  Addresses are
 * checked for canonical form here, because a non-canonical RIP would
 * make our own IRETQ fault later.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <public/callback.h>
#include <public/physdev.h>
#include <asm/ioapic.h>
#include <asm/pirq.h>
#include <asm/processor.h>
#include <asm/pv.h>

static bool canonical(uint64_t va)
{
	return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

long do_set_trap_table(unsigned long table, unsigned long a2,
		       unsigned long a3, unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();
	struct trap_info ti;

	if (!table) {
		memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
		return 0;
	}
	for (;; table += sizeof(ti)) {
		int rc = copy_from_guest(&ti, table, sizeof(ti));

		if (rc)
			return rc;
		if (!ti.address)
			return 0;
		if (!canonical(ti.address))
			return guest_err(-XEN_EINVAL, "set_trap_table: vector "
					 "%u at %#lx", ti.vector,
					 (unsigned long)ti.address);
		ti.cs |= 3;
		v->arch.trap_ctxt[ti.vector] = ti;
	}
}

long do_stack_switch(unsigned long ss, unsigned long sp, unsigned long a3,
		     unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();

	v->arch.kernel_ss = ss | 3;
	v->arch.kernel_sp = sp;
	return 0;
}

static long register_callback(struct vcpu *v, unsigned int type,
			      unsigned int flags, uint64_t address)
{
	struct pv_callback cb = {
		.eip = address,
		.mask_events = flags & CALLBACKF_mask_events,
	};

	if (!canonical(address))
		return guest_err(-XEN_EINVAL, "callback %u at %#lx", type,
				 (unsigned long)address);
	switch (type) {
	case CALLBACKTYPE_event:
		v->arch.event = cb;
		return 0;
	case CALLBACKTYPE_failsafe:
		v->arch.failsafe = cb;
		return 0;
	case CALLBACKTYPE_syscall:
		v->arch.syscall = cb;
		return 0;
	case CALLBACKTYPE_nmi:
		v->arch.nmi = cb;
		v->arch.trap_ctxt[X86_EXC_NMI].address = address;
		return 0;
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		/* Accepted as Xen does; no 32-bit user space runs yet. */
		v->arch.compat_entry = cb;
		return 0;
	default:
		return guest_err(-XEN_ENOSYS, "callback type %u", type);
	}
}

static long unregister_callback(struct vcpu *v, unsigned int type)
{
	switch (type) {
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return -XEN_EINVAL;
	case CALLBACKTYPE_nmi:
		v->arch.nmi.eip = 0;
		v->arch.trap_ctxt[X86_EXC_NMI].address = 0;
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

long do_callback_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		    unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();
	struct callback_register reg;
	struct callback_unregister unreg;
	int rc;

	switch ((int)cmd) {
	case CALLBACKOP_register:
		rc = copy_from_guest(&reg, arg, sizeof(reg));
		if (rc)
			return rc;
		return register_callback(v, reg.type, reg.flags,
					 reg.address);
	case CALLBACKOP_unregister:
		rc = copy_from_guest(&unreg, arg, sizeof(unreg));
		if (rc)
			return rc;
		return unregister_callback(v, unreg.type);
	default:
		return guest_err(-XEN_ENOSYS, "callback_op: cmd %lu", cmd);
	}
}

/*
 * The old three-in-one form: syscall entry masks events.  As in Xen each
 * address is registered on its own and the results are ignored (a
 * non-canonical one is simply not installed): the call always says 0.
 */
long do_set_callbacks(unsigned long event, unsigned long failsafe,
		      unsigned long syscall, unsigned long a4,
		      unsigned long a5)
{
	struct vcpu *v = current_vcpu();

	register_callback(v, CALLBACKTYPE_event, 0, event);
	register_callback(v, CALLBACKTYPE_failsafe, 0, failsafe);
	register_callback(v, CALLBACKTYPE_syscall, CALLBACKF_mask_events,
			  syscall);
	return 0;
}

/*
 * The base lands in the MSR that holds it in the vCPU's current mode:
 * in kernel mode the user %gs base waits in SHADOW_GS_BASE.
 */
long do_set_segment_base(unsigned long which, unsigned long base,
			 unsigned long a3, unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();
	bool kernel = v->arch.kernel_mode;

	if (which != SEGBASE_GS_USER_SEL && !canonical(base))
		return -XEN_EINVAL;
	switch (which) {
	case SEGBASE_FS:
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		wrmsr(kernel ? MSR_SHADOW_GS_BASE : MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		wrmsr(kernel ? MSR_GS_BASE : MSR_SHADOW_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		return pv_load_user_gs_sel(v, base & 0xffff);
	default:
		return -XEN_EINVAL;
	}
}

long do_fpu_taskswitch(unsigned long set, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();

	v->arch.fpu_ts = (int)set != 0;
	if (v->arch.fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	return 0;
}

/* Xen's answer: the register, or -EINVAL for an address that is no
 * IO-APIC; the structure is copied back either way.  Dom0 only. */
static long physdev_apic_read(unsigned long arg)
{
	struct physdev_apic op;
	long rc = copy_from_guest(&op, arg, sizeof(op));

	if (rc)
		return rc;
	if (!current_domain()->is_privileged)
		return -XEN_EPERM;
	rc = ioapic_guest_read(op.apic_physbase, op.reg, &op.value);
	if (copy_to_guest(arg, &op, sizeof(op)))
		rc = -XEN_EFAULT;
	return rc;
}

/* The pirq sub-ops (traps/pirq.c): copy in, act, copy out. */
static long physdev_pirq_op(int cmd, unsigned long arg)
{
	union {
		struct physdev_map_pirq map;
		struct physdev_unmap_pirq unmap;
		struct physdev_eoi eoi;
		struct physdev_irq_status_query q;
		struct physdev_setup_gsi gsi;
	} u;
	size_t size = cmd == PHYSDEVOP_map_pirq	     ? sizeof(u.map)
		      : cmd == PHYSDEVOP_unmap_pirq  ? sizeof(u.unmap)
		      : cmd == PHYSDEVOP_eoi	     ? sizeof(u.eoi)
		      : cmd == PHYSDEVOP_setup_gsi ? sizeof(u.gsi)
						     : sizeof(u.q);
	long rc;

	if (copy_from_guest(&u, arg, size))
		return -XEN_EFAULT;
	switch (cmd) {
	case PHYSDEVOP_map_pirq:
		rc = physdev_map_pirq(&u.map);
		break;
	case PHYSDEVOP_unmap_pirq:
		return physdev_unmap_pirq(&u.unmap);
	case PHYSDEVOP_eoi:
		return physdev_eoi(u.eoi.irq);
	case PHYSDEVOP_setup_gsi:
		return physdev_setup_gsi(u.gsi.gsi, u.gsi.triggering,
					 u.gsi.polarity);
	default:
		rc = physdev_irq_status(u.q.irq, &u.q.flags);
		break;
	}
	if (!rc && copy_to_guest(arg, &u, size))
		rc = -XEN_EFAULT;
	return rc;
}

long do_physdev_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		   unsigned long a4, unsigned long a5)
{
	struct physdev_set_iopl iopl;
	int rc;

	switch ((int)cmd) {
	case PHYSDEVOP_apic_read:
		return physdev_apic_read(arg);
	case PHYSDEVOP_map_pirq:
	case PHYSDEVOP_unmap_pirq:
	case PHYSDEVOP_eoi:
	case PHYSDEVOP_irq_status_query:
	case PHYSDEVOP_setup_gsi:
		return physdev_pirq_op((int)cmd, arg);
	case PHYSDEVOP_set_iopl:
		rc = copy_from_guest(&iopl, arg, sizeof(iopl));
		if (rc)
			return rc;
		if (iopl.iopl > 3)
			return -XEN_EINVAL;
		current_vcpu()->arch.iopl = iopl.iopl;
		return 0;
	default:
		return guest_err(-XEN_ENOSYS, "physdev_op: cmd %lu", cmd);
	}
}
