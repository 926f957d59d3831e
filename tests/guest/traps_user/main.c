/*
 * Exceptions raised in guest user mode, bounced to the guest kernel.
 *
 * The hypervisor switches to guest kernel mode (and the kernel page
 * tables), then builds the bounce frame at the top of the stack given to
 * stack_switch: %cs keeps RPL 3 so the handler knows it came from user
 * mode, %rsp/%ss are the user's.  #PF error codes gain the user bit.
 * Also: INT n on a vector whose DPL forbids it is a #GP with error code
 * (n << 3) | 2, and a privileged instruction in user mode is a #GP(0).
 */
#include "guest.h"

const char test_title[] = "traps_user: exception bounces from user mode";

extern char trap_stack_top[];

/* Filled in by the user-mode probes. */
static struct probe {
	unsigned long rip, rsp;
} p;

static void check_frame(const char *what, unsigned int vec,
			unsigned long ec)
{
	const struct trap_record *t = &last_trap;

	CHECK(t->count == 1, "%s: %lu traps", what, t->count);
	CHECK(t->vector == vec, "%s: vector %lu", what, t->vector);
	CHECK(t->error_code == ec, "%s: error code %#lx, want %#lx", what,
	      t->error_code, ec);
	CHECK(t->rip == p.rip, "%s: rip %#lx, want %#lx", what, t->rip, p.rip);
	CHECK((t->cs & 0xffff) == FLAT_USER_CS, "%s: cs %#lx", what, t->cs);
	CHECK(t->rsp == p.rsp, "%s: rsp %#lx, want %#lx", what, t->rsp, p.rsp);
	CHECK(t->ss == FLAT_USER_SS, "%s: ss %#lx", what, t->ss);
	CHECK(t->frame_addr + 5 * 8 == (unsigned long)trap_stack_top,
	      "%s: frame at %#lx, kernel stack top %p", what, t->frame_addr,
	      trap_stack_top);
}

static unsigned long user_de(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; xor %%ecx, %%ecx;"
		     "xor %%edx, %%edx; mov $1, %%eax;"
		     "1: div %%ecx; 2:" EXTABLE("1b", "2b")
		     : "=&r"(p.rip), "=&r"(p.rsp) :: "rax", "rcx", "rdx");
	return 0;
}

static unsigned long user_ud(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; 1: ud2; 2:"
		     EXTABLE("1b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	return 0;
}

static unsigned long user_gp(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0;"
		     "movabs $0x8000000000000000, %%rax;"
		     "1: mov (%%rax), %%rax; 2:" EXTABLE("1b", "2b")
		     : "=&r"(p.rip), "=&r"(p.rsp) :: "rax");
	return 0;
}

static unsigned long user_hlt(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; 1: hlt; 2:"
		     EXTABLE("1b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	return 0;
}

/* Vector 0x41 has no handler, so DPL 0: INT 0x41 is refused. */
static unsigned long user_int41(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0; 1: int $0x41; 2:"
		     EXTABLE("1b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	return 0;
}

static unsigned long user_pf(unsigned long addr)
{
	asm volatile("mov %%rsp, %1; lea 1f(%%rip), %0;"
		     "1: movb (%2), %%al; 2:" EXTABLE("1b", "2b")
		     : "=&r"(p.rip), "=&r"(p.rsp) : "r"(addr) : "rax");
	return 0;
}

static unsigned long user_bp(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 2f(%%rip), %0; 1: int3; 2:"
		     EXTABLE("2b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	return 0;
}

static unsigned long user_db_tf(unsigned long arg)
{
	asm volatile("lea 2f(%%rip), %0; pushf; orq $0x100, (%%rsp);"
		     "mov %%rsp, %1; add $8, %1; popf; 1: nop; 2:"
		     EXTABLE("2b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	return 0;
}

static unsigned long user_db_icebp(unsigned long arg)
{
	asm volatile("mov %%rsp, %1; lea 2f(%%rip), %0; 1: .byte 0xf1; 2:"
		     EXTABLE("2b", "2b") : "=&r"(p.rip), "=&r"(p.rsp));
	return 0;
}

static unsigned long user_echo(unsigned long arg)
{
	return arg * 3;
}

static void run(const char *what, unsigned long (*fn)(unsigned long),
		unsigned long arg, unsigned int vec, unsigned long ec)
{
	trap_reset();
	exec_user(fn, arg);
	check_frame(what, vec, ec);
}

void test_main(void)
{
	CHECK_EQ(exec_user(user_echo, 14), 42);
	run("#DE", user_de, 0, X86_EXC_DE, 0);
	run("#UD", user_ud, 0, X86_EXC_UD, 0);
	run("#GP", user_gp, 0, X86_EXC_GP, 0);
	run("#GP (hlt)", user_hlt, 0, X86_EXC_GP, 0);
	run("#GP (int 0x41)", user_int41, 0, X86_EXC_GP, (0x41 << 3) | 2);
	run("#PF", user_pf, 0x3000, X86_EXC_PF, PFEC_USER);
	CHECK(last_trap.cr2 == 0x3000, "#PF: cr2 %#lx", last_trap.cr2);
	run("#BP", user_bp, 0, X86_EXC_BP, 0);
	run("#DB (TF)", user_db_tf, 0, X86_EXC_DB, 0);
	CHECK(last_trap.rflags & X86_EFLAGS_TF, "#DB: TF not in saved rflags");
	run("#DB (icebp)", user_db_icebp, 0, X86_EXC_DB, 0);
	CHECK_EQ(exec_user(user_echo, 5), 15);
}
