/*
 * The hypercall transfer itself, both ways in.
 *
 * The hypercall page holds 128 32-byte stubs; stub i loads i into %eax
 * and executes SYSCALL, and the iret stub (23) pushes %rcx %r11 %rax
 * first and never returns.  A call through a stub preserves every
 * register but %rax (the stub saves %rcx/%r11 around SYSCALL); a direct
 * SYSCALL, as Linux 6.1 makes it, loses %rcx/%r11 to the instruction
 * but keeps the callee-saved registers.  Everything the framework does
 * (trap table, bounces, the iret hypercall, user mode) must also work
 * with direct SYSCALLs only.
 */
#include "guest.h"
#include <public/version.h>

const unsigned int test_needs = NEED_TRAPS | NEED_USER;
const char test_title[] = "hypercall_abi: hypercall page and direct SYSCALL";

static bool has_bytes(const unsigned char *p, size_t n,
		      const unsigned char *pat, size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (!memcmp(p + i, pat, m))
			return true;
	return false;
}

static void check_page(void)
{
	static const unsigned char syscall_insn[] = { 0x0f, 0x05 };
	static const unsigned char iret_head[] = {
		0x51, 0x41, 0x53, 0x50,	/* push %rcx; push %r11; push %rax */
		0xb8, 23, 0, 0, 0,	/* mov $23, %eax */
		0x0f, 0x05,		/* syscall */
	};
	unsigned int i, bad = 0;

	for (i = 0; i < 128; i++) {
		const unsigned char *slot =
			(const unsigned char *)hypercall_page + i * 32;
		unsigned char mov[5] = { 0xb8, i, 0, 0, 0 };

		if ((!has_bytes(slot, 32, mov, 5) ||
		     !has_bytes(slot, 32, syscall_insn, 2)) && bad++ < 3)
			test_fail("stub %u lacks mov $%u,%%eax; syscall", i, i);
	}
	CHECK(!memcmp(hypercall_page + 23 * 32, iret_head, sizeof(iret_head)),
	      "iret stub is not push rcx/r11/rax; mov $23; syscall");
}

/* Read by the asm below via %rip: registers are all spoken for. */
extern unsigned long abi_direct, abi_stub;
unsigned long abi_direct, abi_stub;

/* xen_version(version) with known values in every other register. */
static void check_preserved(bool direct)
{
	unsigned long out[9];

	abi_direct = direct;
	abi_stub = (unsigned long)hypercall_page +
		__HYPERVISOR_xen_version * 32;

	asm volatile("push %%rbp; push %%rbx; push %%r12; push %%r13;"
		     "push %%r14; push %%r15; push %%rdi;"
		     "mov $0x1111, %%rbx; mov $0x2222, %%rbp;"
		     "mov $0x3333, %%r12; mov $0x4444, %%r13;"
		     "mov $0x5555, %%r14; mov $0x6666, %%r15;"
		     "mov $0x7777, %%rcx; mov $0x8888, %%r11;"
		     "mov $17, %%eax; xor %%edi, %%edi; xor %%esi, %%esi;"
		     "cmpq $0, abi_direct(%%rip); je 1f; syscall; jmp 2f;"
		     "1: call *abi_stub(%%rip);"
		     "2: mov %%rdi, %%rdx; pop %%rdi;"
		     "mov %%rax, 0(%%rdi); mov %%rbx, 8(%%rdi);"
		     "mov %%rbp, 16(%%rdi); mov %%r12, 24(%%rdi);"
		     "mov %%r13, 32(%%rdi); mov %%r14, 40(%%rdi);"
		     "mov %%r15, 48(%%rdi); mov %%rcx, 56(%%rdi);"
		     "mov %%r11, 64(%%rdi);"
		     "pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbx;"
		     "pop %%rbp"
		     :
		     : "D"(out)
		     : "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11",
		       "memory", "cc");
	CHECK(out[0] == (unsigned long)hc_xen_version(XENVER_version, NULL),
	      "%s: rax %#lx", direct ? "direct" : "page", out[0]);
	CHECK(out[1] == 0x1111 && out[2] == 0x2222 && out[3] == 0x3333 &&
	      out[4] == 0x4444 && out[5] == 0x5555 && out[6] == 0x6666,
	      "%s: callee-saved registers changed", direct ? "direct" : "page");
	if (!direct)
		CHECK(out[7] == 0x7777 && out[8] == 0x8888,
		      "page: rcx %#lx r11 %#lx not preserved", out[7], out[8]);
}

static unsigned long user_double(unsigned long x)
{
	return 2 * x;
}

static void check_direct_everything(void)
{
	hypercall_direct = true;
	CHECK_EQ(traps_init(), 0);
	printk("printing through direct SYSCALL\n");
	trap_reset();
	asm volatile("1: ud2; 2:" EXTABLE("1b", "2b"));
	CHECK_EQ(last_trap.vector, X86_EXC_UD);
	CHECK_EQ(exec_user(user_double, 21), 42);
	hypercall_direct = false;
}

void test_main(void)
{
	check_page();
	check_preserved(false);
	check_preserved(true);
	check_direct_everything();
}
