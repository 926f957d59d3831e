/*
 * Exceptions raised in guest kernel mode, bounced to our trap table.
 *
 * For each of #DE #DB #BP #UD #GP #PF the test checks the vector, the
 * error code, the saved %rip (the faulting instruction for faults, the
 * next one for traps), and the bounce frame itself: pushed on the
 * current stack right below the interrupted %rsp, %cs with RPL 0 (the
 * hypervisor's "you were in kernel mode") and the saved event mask in
 * bits 32-39, %ss the flat kernel selector, and RFLAGS.IF showing the
 * events were masked.  #PF also delivers CR2 in vcpu_info.
 */
#include "guest.h"

const char test_title[] = "traps_kernel: exception bounces from kernel mode";

#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3ul)

/* Each probe returns the faulting/trap address and the %rsp before it. */
struct probe {
	unsigned long rip, rsp;
};

static void check_frame(const char *what, unsigned int vec,
			unsigned long ec, const struct probe *p)
{
	const struct trap_record *t = &last_trap;

	CHECK(t->count == 1, "%s: %lu traps", what, t->count);
	CHECK(t->vector == vec, "%s: vector %lu", what, t->vector);
	CHECK(t->error_code == ec, "%s: error code %#lx, want %#lx", what,
	      t->error_code, ec);
	CHECK(t->rip == p->rip, "%s: rip %#lx, want %#lx", what, t->rip,
	      p->rip);
	CHECK((t->cs & 0xffff) == KERNEL_CS_RPL0, "%s: cs %#lx", what, t->cs);
	CHECK(((t->cs >> 32) & 0xff) == 1, "%s: saved upcall mask %#lx",
	      what, (t->cs >> 32) & 0xff);
	CHECK(!(t->rflags & X86_EFLAGS_IF), "%s: rflags %#lx has IF", what,
	      t->rflags);
	CHECK(t->rsp == p->rsp, "%s: rsp %#lx, want %#lx", what, t->rsp,
	      p->rsp);
	CHECK(t->ss == FLAT_KERNEL_SS, "%s: ss %#lx", what, t->ss);
	/* Frame sits below the interrupted stack, 16-byte aligned. */
	CHECK(t->frame_addr + 5 * 8 <= p->rsp && p->rsp - t->frame_addr < 64 &&
	      !((t->frame_addr + 5 * 8) & 15), "%s: frame at %#lx, rsp %#lx",
	      what, t->frame_addr, p->rsp);
}

static void test_de(void)
{
	struct probe p;

	trap_reset();
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; xor %%ecx, %%ecx;"
		     "xor %%edx, %%edx; mov $1, %%eax;"
		     "1: div %%ecx; 2:" EXTABLE("1b", "2b")
		     : "=&r"(p.rip), "=&r"(p.rsp) :: "rax", "rcx", "rdx");
	check_frame("#DE", X86_EXC_DE, 0, &p);
}

static void test_ud(void)
{
	struct probe p;

	trap_reset();
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; 1: ud2; 2:"
		     EXTABLE("1b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	check_frame("#UD", X86_EXC_UD, 0, &p);
}

static void test_gp(void)
{
	struct probe p;

	trap_reset();
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0;"
		     "movabs $0x8000000000000000, %%rax;"
		     "1: mov (%%rax), %%rax; 2:" EXTABLE("1b", "2b")
		     : "=&r"(p.rip), "=&r"(p.rsp) :: "rax");
	check_frame("#GP", X86_EXC_GP, 0, &p);
}

static void test_pf(unsigned long addr, bool write, unsigned long ec)
{
	struct probe p;

	trap_reset();
	if (write)
		asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0;"
			     "1: movb $0, (%2); 2:" EXTABLE("1b", "2b")
			     : "=&r"(p.rip), "=&r"(p.rsp) : "r"(addr)
			     : "memory");
	else
		asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0;"
			     "1: movb (%2), %%al; 2:" EXTABLE("1b", "2b")
			     : "=&r"(p.rip), "=&r"(p.rsp) : "r"(addr)
			     : "rax");
	check_frame(write ? "#PF write" : "#PF read", X86_EXC_PF, ec, &p);
	CHECK(last_trap.cr2 == addr, "#PF: cr2 %#lx, want %#lx",
	      last_trap.cr2, addr);
}

/* Read-only page: our own L4, which the builder mapped read-only. */
static void test_pf_protection(void)
{
	test_pf(start_info->pt_base + 8, true, PFEC_PRESENT | PFEC_WRITE);
}

static void test_bp(void)
{
	struct probe p;

	trap_reset();
	asm volatile("mov %%rsp, %1; lea 2f(%%rip), %0; 1: int3; 2:"
		     EXTABLE("2b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	check_frame("#BP", X86_EXC_BP, 0, &p);
}

/* Single step: TF set by POPF traps after the following instruction. */
static void test_db_tf(void)
{
	struct probe p;

	trap_reset();
	asm volatile("lea 2f(%%rip), %0; pushf; orq $0x100, (%%rsp);"
		     "mov %%rsp, %1; add $8, %1; popf; 1: nop; 2:"
		     EXTABLE("2b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	check_frame("#DB (TF)", X86_EXC_DB, 0, &p);
	CHECK(last_trap.rflags & X86_EFLAGS_TF, "#DB: TF not in saved rflags");
	CHECK(hc_get_debugreg(6) & (1 << 14), "#DB: DR6.BS clear (%#lx)",
	      hc_get_debugreg(6));
}

/* ICEBP (INT1): a trap, %rip after the one-byte instruction. */
static void test_db_icebp(void)
{
	struct probe p;

	trap_reset();
	asm volatile("mov %%rsp, %1; lea 2f(%%rip), %0; 1: .byte 0xf1; 2:"
		     EXTABLE("2b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	check_frame("#DB (icebp)", X86_EXC_DB, 0, &p);
}

void test_main(void)
{
	test_de();
	test_ud();
	test_gp();
	test_pf(0x1000, false, 0);
	test_pf(0x2008, true, PFEC_WRITE);
	test_pf_protection();
	test_bp();
	test_db_tf();
	test_db_icebp();
	/* Still alive after all of them. */
	CHECK(hc_xen_version(0, NULL) > 0, "xen_version after traps");
}
