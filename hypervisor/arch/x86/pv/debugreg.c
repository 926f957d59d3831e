/*
 * Debug registers of PV vCPUs: set_debugreg/get_debugreg, breakpoints
 * in the hardware while the vCPU runs, and #DB.
 *
 * Each vCPU keeps DR0-3, a virtual DR6 and DR7 (v->arch.dr[]).  The
 * hardware holds them only while the vCPU runs and only when its DR7
 * enables a breakpoint: switching out clears DR7, switching in loads
 * DR0-3 and DR7.  Under TCG a DR7 write re-plants QEMU's breakpoints and
 * watchpoints, so vCPUs without breakpoints (nearly all) never touch a
 * debug register.
 *
 * Xen's rules for the values (checked against Xen 4.17 by
 * tests/guest/debugreg):
 *   DR0-3   a guest address (canonical, outside the hypervisor's range),
 *           else -EPERM; only the start is checked, as Xen;
 *   DR4/5   DR6/DR7 while the guest's CR4.DE is clear, else -ENODEV;
 *   DR6     upper half set: -EINVAL; reserved bits forced (4-11 and
 *           16-31 one, 12 zero);
 *   DR7     upper half set: -EINVAL; GD (general detect, bit 13):
 *           -EPERM; reserved bits forced (10 one, 11, 12, 14, 15 zero);
 *           an I/O breakpoint needs CR4.DE (-EPERM), and is emulated -
 *           never loaded, it fires on port I/O emulated in emul_priv.c;
 *   other   -ENODEV.
 *
 * DR6 is virtual: a #DB from the guest merges the hardware's status
 * bits (B0-3, BD, BS, BT) into it - they accumulate until the guest
 * writes DR6, as on Xen - and the hardware's goes back to its reset
 * value.  A #DB in hypervisor context comes from a guest watchpoint on
 * guest memory the hypervisor itself accessed (a hypercall's output):
 * Xen ignores those, so do we, with a rate-limited log line.
 *
 * #DB has its own IST stack on every CPU (entry.S, db_ist_entry), as in
 * Xen since XSA-260: a watchpoint hit by MOV SS / POP SS is delivered
 * only after the next instruction, and if that is SYSCALL the CPU would
 * push the #DB frame in ring 0 onto the guest's %rsp.  (QEMU delivers
 * such a #DB right after the MOV SS, so tests/guest/debugreg can only
 * show that the guest gets it there, as on Xen.)  Each IST stack is the
 * top page of a stack-sized block with a copy of the CPU's cpu_info, so
 * smp_processor_id() works on it.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <asm/current.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/traps.h>

#define DR6_STATUS	0xe00fUL	/* B0-3, BD, BS, BT */
#define DR6_ONES	0xffff0ff0UL
#define DR6_ZEROS	0x00001000UL
#define DR7_ACTIVE	0xffUL		/* L0-3, G0-3 */
#define DR7_ONES	0x00000400UL
#define DR7_ZEROS	0x0000d800UL
#define DR7_GD		(1UL << 13)
#define DR7_RW_IO	2
#define X86_EFLAGS_TF	(1UL << 8)

static uint8_t db_stacks[NR_CPUS][STACK_SIZE]
	__attribute__((aligned(STACK_SIZE)));
static unsigned long hv_db_count[NR_CPUS];	/* #DB in our context */

#define DEFINE_DR(n)							\
	static void write_dr##n(unsigned long v)			\
	{								\
		__asm__ __volatile__("mov %0, %%dr" #n : : "r"(v));	\
	}
DEFINE_DR(0)
DEFINE_DR(1)
DEFINE_DR(2)
DEFINE_DR(3)
DEFINE_DR(6)
DEFINE_DR(7)
#undef DEFINE_DR

/* This CPU's #DB from now on: IST_DB, its stack, the db_ist_entry stub. */
void debugreg_cpu_init(void)
{
	unsigned int cpu = smp_processor_id();
	uint8_t *top = db_stacks[cpu] + STACK_SIZE - CPU_INFO_SIZE;
	struct cpu_info *ci = (struct cpu_info *)top;

	*ci = *get_cpu_info();
	ci->current_vcpu = NULL;	/* the running vCPU: via TSS.RSP0 */
	cpu_tss(cpu)->ist[IST_DB - 1] = (unsigned long)top;
	idt_set_ist_gate(cpu, X86_EXC_DB, db_ist_entry, IST_DB);
}

/* A guest's #DB, saved on the IST stack: on to the vCPU's own stack,
 * where TSS.RSP0 points (entry.S continues with the returned frame). */
struct cpu_user_regs *pv_db_frame_move(const struct cpu_user_regs *ist)
{
	unsigned long rsp0 = cpu_tss(smp_processor_id())->rsp0;
	struct cpu_user_regs *r = (struct cpu_user_regs *)rsp0 - 1;

	*r = *ist;
	return r;
}

static unsigned long read_dr6(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%dr6, %0" : "=r"(v));
	return v;
}

static unsigned long read_dr7(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%dr7, %0" : "=r"(v));
	return v;
}

static bool dr7_active(const struct vcpu *v)
{
	return v->arch.dr[7] & DR7_ACTIVE;
}

static void load_addresses(const struct vcpu *v)
{
	write_dr0(v->arch.dr[0]);
	write_dr1(v->arch.dr[1]);
	write_dr2(v->arch.dr[2]);
	write_dr3(v->arch.dr[3]);
}

void debugreg_vcpu_reset(struct vcpu *v)
{
	memset(v->arch.dr, 0, sizeof(v->arch.dr));
	v->arch.dr[6] = DR6_DEFAULT;
	v->arch.dr[7] = DR7_DEFAULT;
	v->arch.dr7_io = 0;
}

/* The debug registers of a VCPUOP_initialise context: the same rules as
 * set_debugreg (check_ctxt has refused what it would). */
bool debugreg_ctxt_ok(const uint64_t dr[8])
{
	for (unsigned int i = 0; i < 4; i++)
		if (!pv_guest_addr_ok(dr[i]))
			return false;
	return !(dr[6] >> 32) && !(dr[7] >> 32) && !(dr[7] & DR7_GD);
}

void debugreg_vcpu_init(struct vcpu *v, const uint64_t dr[8])
{
	debugreg_vcpu_reset(v);
	for (unsigned int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && pv_set_debugreg(v, i, dr[i]))
			debugreg_vcpu_reset(v);
}

/* v leaves the CPU: its breakpoints must not fire for the next one. */
void debugreg_switch_out(struct vcpu *v)
{
	if (dr7_active(v))
		write_dr7(0);
}

void debugreg_switch_in(struct vcpu *v)
{
	if (!dr7_active(v))
		return;
	load_addresses(v);
	write_dr7(v->arch.dr[7]);
}

/* The I/O breakpoints of DR7 value val (RW = 10b), as DR7 enable bits. */
static int io_breakpoints(struct vcpu *v, unsigned long val,
			  unsigned long *io)
{
	*io = 0;
	for (unsigned int i = 0; i < 4; i++) {
		if (((val >> (16 + 4 * i)) & 3) != DR7_RW_IO ||
		    !(val & (3UL << (2 * i))))
			continue;
		if (!(v->arch.cr4 & X86_CR4_DE))
			return -XEN_EPERM;
		*io |= val & (3UL << (2 * i));
	}
	return 0;
}

static long set_dr7(struct vcpu *v, unsigned long val)
{
	bool was_active = dr7_active(v);
	unsigned long io;
	int rc;

	if (val >> 32)
		return -XEN_EINVAL;
	val = (val & ~DR7_ZEROS) | DR7_ONES;
	if (val & DR7_GD)
		return -XEN_EPERM;
	rc = io_breakpoints(v, val, &io);
	if (rc)
		return rc;
	/* The emulated I/O breakpoints keep their RW/LEN fields in dr[7]
	 * but not their enable bits: the hardware never sees them. */
	v->arch.dr7_io = io;
	v->arch.dr[7] = val & ~io;
	if (v != current_vcpu())
		return 0;
	if (dr7_active(v) && !was_active)
		load_addresses(v);
	if (dr7_active(v) || was_active)
		write_dr7(v->arch.dr[7]);
	return 0;
}

long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long val)
{
	bool de = v->arch.cr4 & X86_CR4_DE;

	switch (reg) {
	case 0 ... 3:
		if (!pv_guest_addr_ok(val))
			return -XEN_EPERM;
		v->arch.dr[reg] = val;
		if (v == current_vcpu() && dr7_active(v))
			load_addresses(v);
		return 0;
	case 4:
	case 6:
		if (reg == 4 && de)
			return -XEN_ENODEV;
		if (val >> 32)
			return -XEN_EINVAL;
		v->arch.dr[6] = (val | DR6_ONES) & ~DR6_ZEROS;
		return 0;
	case 5:
	case 7:
		if (reg == 5 && de)
			return -XEN_ENODEV;
		return set_dr7(v, val);
	default:
		return -XEN_ENODEV;
	}
}

long do_set_debugreg(unsigned long reg, unsigned long val, unsigned long a3,
		     unsigned long a4, unsigned long a5)
{
	return reg > 7 ? -XEN_ENODEV
		       : pv_set_debugreg(current_vcpu(), reg, val);
}

long do_get_debugreg(unsigned long reg, unsigned long a2, unsigned long a3,
		     unsigned long a4, unsigned long a5)
{
	return reg > 7 ? -XEN_ENODEV : pv_get_debugreg(current_vcpu(), reg);
}

long pv_get_debugreg(const struct vcpu *v, unsigned int reg)
{
	bool de = v->arch.cr4 & X86_CR4_DE;

	switch (reg) {
	case 0 ... 3:
		return v->arch.dr[reg];
	case 4:
	case 6:
		return reg == 4 && de ? -XEN_ENODEV : (long)v->arch.dr[6];
	case 5:
	case 7:
		return reg == 5 && de ? -XEN_ENODEV
				      : (long)(v->arch.dr[7] | v->arch.dr7_io);
	default:
		return -XEN_ENODEV;
	}
}

/* Fold the new status bits into v's DR6, where they accumulate. */
static void merge_dr6(struct vcpu *v, unsigned long status)
{
	unsigned long dr6 = v->arch.dr[6] ^ DR6_DEFAULT;

	dr6 |= status & DR6_STATUS;
	v->arch.dr[6] = dr6 ^ DR6_DEFAULT;
}

/* A #DB from the guest, about to be bounced to it. */
void debugreg_guest_db(struct vcpu *v)
{
	unsigned long hw = read_dr6();

	write_dr6(DR6_DEFAULT);
	merge_dr6(v, hw ^ DR6_DEFAULT);
}

/*
 * Emulated port I/O of size bytes at port (emul_priv.c) against v's
 * enabled I/O breakpoints; true if one matched, with its Bn in DR6:
 * the caller then raises #DB after the instruction, as the hardware
 * would.
 */
bool debugreg_io_hit(struct vcpu *v, unsigned int port, unsigned int size)
{
	unsigned long hits = 0;

	if (!v->arch.dr7_io || !(v->arch.cr4 & X86_CR4_DE))
		return false;
	for (unsigned int i = 0; i < 4; i++) {
		static const unsigned int lens[4] = { 1, 2, 8, 4 };
		unsigned int len = lens[(v->arch.dr[7] >> (18 + 4 * i)) & 3];
		unsigned long start = v->arch.dr[i] & ~(unsigned long)(len - 1);

		if (!(v->arch.dr7_io & (3UL << (2 * i))))
			continue;
		if (port < start + len && start < port + size)
			hits |= 1UL << i;
	}
	if (hits)
		merge_dr6(v, hits);
	return hits;
}

/*
 * #DB in hypervisor context.  DR0-3 only ever hold guest addresses, so
 * this is a guest watchpoint on guest memory we accessed for it: note it
 * and go on.  Two things would not be restartable, so they are undone:
 * an enabled instruction breakpoint (a fault) and TF in our own flags.
 */
void hv_debug_trap(struct cpu_user_regs *regs)
{
	unsigned long dr6 = read_dr6(), dr7 = read_dr7();
	unsigned int cpu = smp_processor_id();
	unsigned long n = ++hv_db_count[cpu];

	write_dr6(DR6_DEFAULT);
	for (unsigned int i = 0; i < 4; i++)
		if ((dr6 & (1UL << i)) && (dr7 & (3UL << (2 * i))) &&
		    !((dr7 >> (16 + 4 * i)) & 3)) {
			printk(XENLOG_ERR "instruction breakpoint hit in "
			       "hypervisor context: DR7 cleared\n");
			write_dr7(0);
			break;
		}
	regs->rflags &= ~X86_EFLAGS_TF;
	if (n & (n - 1))
		return;		/* logged at the 1st, 2nd, 4th, 8th... */
	printk(XENLOG_G_WARNING "CPU%u: #DB in hypervisor context at %#lx, "
	       "dr6 %#lx (%lu so far)\n", cpu, regs->rip, dr6, n);
}
