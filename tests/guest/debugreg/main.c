/*
 * debugreg: hardware breakpoints and single-step for a PV kernel.
 *
 * set_debugreg/get_debugreg with Xen's rules: DR0-3 must hold guest
 * addresses (-EPERM), DR4/DR5 alias DR6/DR7 while CR4.DE is clear,
 * reserved bits of DR6/DR7 read back fixed, DR7.GD and I/O breakpoints
 * (without CR4.DE) are refused, registers past 7 do not exist.  Then the
 * breakpoints must really fire: an instruction breakpoint (a fault, at
 * the instruction), a data-write breakpoint (a trap, after the write;
 * reads do not fire it), single-step with TF, each reported through
 * get_debugreg(6).  A breakpoint belongs to its vCPU: vCPU 1, switched
 * in and out many times on the same CPU, writes the watched word
 * without a #DB (it has no #DB handler: one would crash the domain), and
 * vCPU 0's breakpoint still fires after the switches.  A write the
 * hypervisor does for us (a hypercall's output) hitting a watched word
 * is not reported to the guest (Xen ignores such a #DB).
 */
#include "../evtchn_common/vcpu1.h"
#include "cpu.h"
#include <public/version.h>
#include <public/physdev.h>

const char test_title[] = "debugreg: set/get_debugreg, breakpoints, single-step";

#define DR6_B(n)	(1ul << (n))
#define DR6_BS		(1ul << 14)
#define DR7_L(n)	(1ul << ((n) * 2))
#define DR7_RW(n, t)	((unsigned long)(t) << (16 + (n) * 4))
#define DR7_LEN(n, l)	((unsigned long)(l) << (18 + (n) * 4))
#define DR7_GD		(1ul << 13)
#define RW_EXEC 0
#define RW_WRITE 1
#define RW_IO 2
#define RW_RDWR 3
#define LEN_8 2

static volatile unsigned long watched __attribute__((aligned(8)));
static char version_buf[XEN_EXTRAVERSION_LEN] __attribute__((aligned(16)));
static volatile unsigned long db_count, db_rip, db_dr6;
static volatile bool vcpu1_done;

static long set_dr(unsigned int reg, unsigned long val)
{
	return hypercall2(__HYPERVISOR_set_debugreg, reg, val);
}

/* The #DB hook: note it, read DR6, stop the breakpoints. */
static bool db_hook(struct trap_frame *f)
{
	if (f->vector != X86_EXC_DB)
		return false;
	db_count++;
	db_rip = f->rip;
	db_dr6 = hc_get_debugreg(6);
	set_dr(7, 0);
	return true;
}

static void db_reset(void)
{
	db_count = db_rip = db_dr6 = 0;
	set_dr(6, 0);
}

static void check_validation(void)
{
	unsigned long k = (unsigned long)&watched;

	CHECK_EQ(set_dr(0, k), 0);
	CHECK_EQ(hc_get_debugreg(0), k);
	CHECK_EQ(set_dr(3, 0x00007ffffffff000ul), 0);
	CHECK_EQ(set_dr(1, 0xffff830000000000ul), -XEN_EPERM);
	CHECK_EQ(set_dr(2, 0x0000800000000000ul), -XEN_EPERM);
	/* The address itself must be a guest one, not the whole word. */
	CHECK_EQ(set_dr(0, 0x00007ffffffffffful), 0);
	CHECK_EQ(set_dr(0, 0xffff800000000000ul), -XEN_EPERM);
	CHECK_EQ(set_dr(8, 0), -XEN_ENODEV);
	CHECK_EQ(hc_get_debugreg(8), -XEN_ENODEV);

	/* DR6: the reserved bits are fixed, whatever is written. */
	CHECK_EQ(set_dr(6, 0), 0);
	printk("dr6 <- 0: %#lx\n", hc_get_debugreg(6));
	CHECK_EQ(hc_get_debugreg(6), 0xffff0ff0);
	CHECK_EQ(set_dr(6, 0xffffffff), 0);
	CHECK_EQ(hc_get_debugreg(6), 0xffffefff);
	CHECK_EQ(set_dr(6, 1ul << 32), -XEN_EINVAL);
	CHECK_EQ(hc_get_debugreg(4), hc_get_debugreg(6));
	CHECK_EQ(set_dr(4, 0xf), 0);
	CHECK_EQ(hc_get_debugreg(6), 0xffff0fff);

	/* DR7: bit 10 reads as one, 11, 12, 14, 15 as zero. */
	CHECK_EQ(set_dr(7, 0), 0);
	CHECK_EQ(hc_get_debugreg(7), 0x400);
	CHECK_EQ(set_dr(7, 0xd800), 0);
	CHECK_EQ(hc_get_debugreg(7), 0x400);
	CHECK_EQ(set_dr(7, DR7_GD), -XEN_EPERM);
	CHECK_EQ(set_dr(7, DR7_L(0) | DR7_RW(0, RW_IO)), -XEN_EPERM);
	CHECK_EQ(set_dr(7, 1ul << 32), -XEN_EINVAL);
	CHECK_EQ(hc_get_debugreg(7), 0x400);
	CHECK_EQ(set_dr(5, 0), 0);
	CHECK_EQ(hc_get_debugreg(5), 0x400);
	CHECK_EQ(hc_get_debugreg(7), 0x400);
}

static void __attribute__((noinline, used)) bp_target(void)
{
	asm volatile("nop");
}

static void check_exec_bp(void)
{
	db_reset();
	CHECK_EQ(set_dr(0, (unsigned long)bp_target), 0);
	CHECK_EQ(set_dr(7, DR7_L(0) | DR7_RW(0, RW_EXEC)), 0);
	bp_target();
	printk("exec bp: %lu #DB at %#lx, dr6 %#lx\n", db_count, db_rip,
	       db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_rip, (unsigned long)bp_target);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(0));
}

static unsigned long watch_write(void)
{
	unsigned long after;

	asm volatile("lea 1f(%%rip), %1\n\tmovq $5, %0\n1:"
		     : "=m"(watched), "=r"(after));
	return after;
}

static void arm_watch(unsigned int n)
{
	CHECK_EQ(set_dr(n, (unsigned long)&watched), 0);
	CHECK_EQ(set_dr(7, DR7_L(n) | DR7_RW(n, RW_WRITE) |
			DR7_LEN(n, LEN_8 | 1)), 0);
}

static void check_write_bp(void)
{
	unsigned long after, v;

	db_reset();
	arm_watch(1);
	v = watched;		/* a read does not fire a write breakpoint */
	CHECK_EQ(db_count, 0);
	after = watch_write();
	printk("write bp: %lu #DB at %#lx (after the write %#lx), dr6 %#lx\n",
	       db_count, db_rip, after, db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_rip, after);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(1));
	CHECK_EQ(watched, 5);
	(void)v;
}

static void check_single_step(void)
{
	unsigned long after;

	db_reset();
	asm volatile("pushf\n\torq $0x100, (%%rsp)\n\tpopf\n\t"
		     "nop\n\tlea 1f(%%rip), %0\n1:\tnop"
		     : "=r"(after) : : "cc", "memory");
	printk("single step: %lu #DB at %#lx, dr6 %#lx\n", db_count, db_rip,
	       db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_BS);
}

/* A hypercall's output lands on a watched word: no #DB for the guest. */
static void check_hypervisor_write(void)
{
	db_reset();
	CHECK_EQ(set_dr(2, (unsigned long)version_buf), 0);
	CHECK_EQ(set_dr(7, DR7_L(2) | DR7_RW(2, RW_WRITE) |
			DR7_LEN(2, LEN_8 | 1)), 0);
	CHECK_EQ(hc_xen_version(XENVER_extraversion, version_buf), 0);
	printk("hypervisor write: %lu #DB, dr6 %#lx\n", db_count,
	       hc_get_debugreg(6));
	CHECK_EQ(db_count, 0);
	CHECK_EQ(hc_get_debugreg(6), 0xffff0ff0);
	CHECK_EQ(set_dr(7, 0), 0);
}

/* A second #DB before the guest clears DR6: what stays, what goes. */
static void check_dr6_merge(void)
{
	db_reset();
	arm_watch(1);
	watch_write();
	CHECK_EQ(set_dr(0, (unsigned long)bp_target), 0);
	CHECK_EQ(set_dr(7, DR7_L(0) | DR7_RW(0, RW_EXEC)), 0);
	bp_target();
	printk("write bp then exec bp: dr6 %#lx\n", db_dr6);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(0) | DR6_B(1));
	asm volatile("pushf\n\torq $0x100, (%%rsp)\n\tpopf\n\tnop"
		     : : : "cc", "memory");
	printk("then single step: dr6 %#lx\n", db_dr6);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(0) | DR6_B(1) | DR6_BS);
	CHECK_EQ(db_count, 3);
}

static unsigned long user_mov_dr7(unsigned long unused)
{
	unsigned long v = 0;

	asm volatile("1: mov %%dr7, %0; 2:" EXTABLE("1b", "2b") : "+r"(v));
	return v;
}

#define CR4_DE (1ul << 3)

/*
 * With CR4.DE, DR4/DR5 are gone and I/O breakpoints are allowed: the
 * hypervisor emulates our port I/O, so it must report the hit itself,
 * after the instruction.  Port 0x80 is free for dom0 on both.
 */
static void check_io_breakpoint(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	unsigned long cr4 = read_cr4(), after;

	CHECK_EQ(hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl,
			    &iopl), 0);
	db_reset();
	CHECK_EQ(set_dr(0, 0x80), 0);
	write_cr4(cr4 | CR4_DE);
	CHECK_EQ(hc_get_debugreg(4), -XEN_ENODEV);
	CHECK_EQ(set_dr(5, 0), -XEN_ENODEV);
	CHECK_EQ(set_dr(7, DR7_L(0) | DR7_RW(0, RW_IO)), 0);
	CHECK_EQ(hc_get_debugreg(7), 0x400 | DR7_L(0) | DR7_RW(0, RW_IO));
	asm volatile("inb $0x81, %%al" : : : "rax", "memory");
	CHECK_EQ(db_count, 0);
	asm volatile("lea 1f(%%rip), %0\n\tinb $0x80, %%al\n1:"
		     : "=r"(after) : : "rax", "memory");
	printk("io bp: %lu #DB at %#lx (after the inb %#lx), dr6 %#lx\n",
	       db_count, db_rip, after, db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_rip, after);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(0));
	CHECK_EQ(set_dr(7, 0), 0);
	write_cr4(cr4);
	iopl.iopl = 0;
	CHECK_EQ(hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl,
			    &iopl), 0);
}

/* TF set right before a hypercall's SYSCALL. */
static void check_step_into_hypercall(void)
{
	unsigned long ret, label;

	db_reset();
	asm volatile("pushf\n\torq $0x100, (%%rsp)\n\tpopf\n\tsyscall\n"
		     "1:\tnop\n\tnop\n\tlea 1b(%%rip), %1"
		     : "=a"(ret), "=r"(label)
		     : "0"((unsigned long)__HYPERVISOR_xen_version), "D"(0ul),
		       "S"(0ul)
		     : "rcx", "r11", "memory", "cc");
	printk("TF into syscall: ret %#lx, %lu #DB at %#lx (label %#lx), "
	       "dr6 %#lx\n", ret, db_count, db_rip, label, db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_rip, label);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_BS);
}

/*
 * The MOV SS trap (XSA-260): a watchpoint hit by a load of %ss is held
 * back for one instruction; if that is SYSCALL, the #DB would arrive at
 * the hypervisor's entry with the guest's %rsp still loaded.  The
 * hypervisor must not take it there (QEMU, like Xen's IST #DB, leaves
 * the guest to get its #DB right after the load).
 */
static volatile uint16_t ss_word;

static void check_mov_ss_syscall(void)
{
	unsigned long ret, label;

	ss_word = FLAT_KERNEL_SS;
	db_reset();
	CHECK_EQ(set_dr(0, (unsigned long)&ss_word), 0);
	CHECK_EQ(set_dr(7, DR7_L(0) | DR7_RW(0, RW_RDWR) | DR7_LEN(0, 1)), 0);
	asm volatile("lea 1f(%%rip), %%rbx\n\tmov %2, %%ss\n1:\tsyscall"
		     : "=a"(ret), "=b"(label)
		     : "m"(ss_word), "0"((unsigned long)__HYPERVISOR_xen_version),
		       "D"(0ul), "S"(0ul)
		     : "rcx", "r11", "memory", "cc");
	printk("mov ss; syscall: ret %#lx, %lu #DB at %#lx (syscall at %#lx), "
	       "dr6 %#lx\n", ret, db_count, db_rip, label, db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_rip, label);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(0));
	CHECK_EQ(set_dr(7, 0), 0);
}

/* MOV to/from %drN by the guest kernel: emulated as the hypercalls. */
static long mov_to_dr7(unsigned long v)
{
	trap_reset();
	asm volatile("1: mov %0, %%dr7; 2:" EXTABLE("1b", "2b")
		     : : "r"(v) : "memory");
	return last_trap.count ? (long)last_trap.vector : -1;
}

static long mov_to_dr0(unsigned long v)
{
	trap_reset();
	asm volatile("1: mov %0, %%dr0; 2:" EXTABLE("1b", "2b")
		     : : "r"(v) : "memory");
	return last_trap.count ? (long)last_trap.vector : -1;
}

static long mov_from_dr4(unsigned long *v)
{
	trap_reset();
	asm volatile("1: mov %%dr4, %0; 2:" EXTABLE("1b", "2b")
		     : "+r"(*v) : : "memory");
	return last_trap.count ? (long)last_trap.vector : -1;
}

static void check_mov_dr(void)
{
	unsigned long v = 0, cr4 = read_cr4();

	CHECK_EQ(set_dr(7, 0), 0);
	CHECK_EQ(set_dr(6, 0), 0);
	asm volatile("mov %%dr7, %0" : "=r"(v));
	CHECK_EQ(v, 0x400);
	CHECK_EQ(mov_to_dr0((unsigned long)&watched), -1);
	CHECK_EQ(hc_get_debugreg(0), (unsigned long)&watched);
	printk("mov to dr0 (hypervisor address): vector %ld\n",
	       mov_to_dr0(0xffff830000000000ul));
	CHECK_EQ(mov_to_dr0(0xffff830000000000ul), X86_EXC_GP);
	CHECK_EQ(mov_to_dr7(0xd800), -1);
	CHECK_EQ(hc_get_debugreg(7), 0x400);
	CHECK_EQ(mov_to_dr7(DR7_GD), X86_EXC_GP);
	CHECK_EQ(mov_from_dr4(&v), -1);
	CHECK_EQ(v, 0xffff0ff0);
	write_cr4(cr4 | CR4_DE);
	printk("mov from dr4 with CR4.DE: vector %ld\n", mov_from_dr4(&v));
	CHECK_EQ(mov_from_dr4(&v), X86_EXC_UD);
	write_cr4(cr4);
	trap_reset();
	exec_user(user_mov_dr7, 0);
	printk("user mov from dr7: %lu traps, vector %lu\n", last_trap.count,
	       last_trap.vector);
	CHECK(last_trap.count == 1 && last_trap.vector == X86_EXC_GP,
	      "user mov from dr7: %lu traps, vector %lu", last_trap.count,
	      last_trap.vector);
}

static void vcpu1_main(void)
{
	for (unsigned int i = 0; i < 100; i++) {
		watched = i;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	vcpu1_done = true;
}

/* vCPU 0's watchpoint across switches to vCPU 1, which writes freely. */
static void check_switches(void)
{
	unsigned long after;

	db_reset();
	arm_watch(3);
	if (vcpu1_start(vcpu1_main))
		return;
	for (unsigned int i = 0; i < 1000000 && !vcpu1_done; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK(vcpu1_done, "vCPU 1 did not finish");
	CHECK_EQ(db_count, 0);
	after = watch_write();
	printk("after switches: %lu #DB at %#lx, dr6 %#lx\n", db_count,
	       db_rip, db_dr6);
	CHECK_EQ(db_count, 1);
	CHECK_EQ(db_rip, after);
	CHECK_EQ(db_dr6, 0xffff0ff0 | DR6_B(3));
}

void test_main(void)
{
	trap_hook = db_hook;
	check_validation();
	check_exec_bp();
	check_write_bp();
	check_single_step();
	check_hypervisor_write();
	check_dr6_merge();
	check_io_breakpoint();
	check_step_into_hypercall();
	check_mov_ss_syscall();
	check_mov_dr();
	check_switches();
	trap_hook = NULL;
}
