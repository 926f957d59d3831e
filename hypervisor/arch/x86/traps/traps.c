/*
 * Exceptions taken in hypervisor context.
 *
 * An exception in hypervisor context (CPL 0), other than NMI and a guest
 * access that the exception table covers (extable.c), is a Xenolith bug: we print the full register state and a symbolized call
 * trace, in the shape of Xen's dump so the same eyes (and tests/boot) can
 * read both, and stop the machine.  Exceptions raised by PV guests (CPL 3)
 * go to pv_trap(), which bounces them to the guest's handlers.
 *
 * NMI has two uses: the panic path stops the other CPUs with one (they
 * halt in cpu_stop_nmi()), and anything else is reported and ignored.
 */
#include <xenolith/lib.h>
#include <xenolith/shutdown.h>
#include <xenolith/console.h>
#include <asm/traps.h>
#include <asm/processor.h>
#include <asm/current.h>
#include <asm/debugreg.h>
#include <asm/desc.h>

volatile bool cpus_stopping; /* set by the panic path before its NMI */

static const char *const exc_names[X86_NR_EXC] = {
    "divide error",
    "debug",
    "nmi",
    "int3",
    "overflow",
    "bounds",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack error",
    "general protection fault",
    "page fault",
    "spurious interrupt",
    "coprocessor error",
    "alignment check",
    "machine check",
    "simd error",
    "virtualisation exception",
    "control protection",
};

static void print_symbol(const char *prefix, unsigned long addr,
			 const char *kind)
{
	unsigned long off, size;
	const char *name = symbol_lookup(addr, &off, &size);

	if (name)
		printk("%s[<%016lx>] %s%s+0x%lx/0x%lx\n", prefix, addr, kind,
		       name, off, size);
	else
		printk("%s[<%016lx>] %s??\n", prefix, addr, kind);
}

/* Walk saved-%rbp frames, staying inside the current stack block. */
void show_stack_trace(unsigned long rbp, unsigned long rip)
{
	unsigned long lo = read_rsp() & ~(STACK_SIZE - 1);
	unsigned long hi = lo + STACK_SIZE;

	printk("Xen call trace:\n");
	if (rip)
		print_symbol("   ", rip, "R ");
	for (unsigned int depth = 0; depth < 32; depth++) {
		unsigned long *frame = (unsigned long *)rbp;

		if (rbp < lo || rbp + 16 > hi || (rbp & 7))
			break;
		if (frame[1] < XEN_VIRT_START)
			break;
		print_symbol("   ", frame[1], "F ");
		rbp = frame[0];
	}
	printk("\n");
}

void arch_dump_stack(void)
{
	show_stack_trace((unsigned long)__builtin_frame_address(0), 0);
}

void show_registers(const struct cpu_user_regs *r)
{
	printk("----[ Xenolith x86_64  debug=y ]----\n");
	printk("CPU:    %u\n", smp_processor_id());
	printk("RIP:    %04lx:", r->cs);
	print_symbol("", r->rip, "");
	printk("RFLAGS: %016lx   CONTEXT: hypervisor\n", r->rflags);
	printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx,
	       r->rcx);
	printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi,
	       r->rdi);
	printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp,
	       r->r8);
	printk("r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10,
	       r->r11);
	printk("r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13,
	       r->r14);
	printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n", r->r15, read_cr0(),
	       read_cr4());
	printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
	printk("ss: %04lx   cs: %04lx   error code: %04x\n", r->ss, r->cs,
	       r->error_code);
}

static void __noreturn cpu_stop_nmi(void)
{
	machine_halt_forever();
}

/*
 * A fault at an address outside the text (a call through a bad pointer,
 * executing data) has no frame of its own: the caller's return address
 * is the word at the top of the stack.  Show it so the trace still says
 * who made the call.
 */
static void show_bad_call_site(const struct cpu_user_regs *regs)
{
	unsigned long off, size, ret;

	if (symbol_lookup(regs->rip, &off, &size) || (regs->rsp & 7))
		return;
	ret = *(const unsigned long *)regs->rsp;
	if (symbol_lookup(ret, &off, &size))
		print_symbol("   ", ret, "C ");
}

static void fatal_trap(struct cpu_user_regs *regs)
{
	unsigned int v = regs->entry_vector;

	console_force_unlock();
	show_registers(regs);
	show_stack_trace(regs->rbp, regs->rip);
	show_bad_call_site(regs);
	if (v == X86_EXC_PF)
		panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]\n"
		      "Faulting linear address: %016lx",
		      v, exc_names[v], regs->error_code, read_cr2());
	panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]", v,
	      v < X86_NR_EXC && exc_names[v] ? exc_names[v] : "reserved",
	      regs->error_code);
}

/*
 * Exceptions from ring 3 belong to the PV code, which defines the strong
 * pv_trap() (bounce to the guest's handler).  Until it is linked in, a
 * ring-3 exception is as fatal as any other.
 */
__attribute__((weak)) void pv_trap(struct cpu_user_regs *regs)
{
	fatal_trap(regs);
}

/* #DB in hypervisor context: the PV code's (pv/debugreg.c) once linked. */
__attribute__((weak)) void hv_debug_trap(struct cpu_user_regs *regs)
{
	fatal_trap(regs);
}

void do_trap(struct cpu_user_regs *regs)
{
	if (regs->entry_vector == X86_EXC_NMI) {
		if (cpus_stopping)
			cpu_stop_nmi();
		printk(XENLOG_WARNING "CPU%u: NMI ignored\n",
		       smp_processor_id());
		return;
	}
	if (regs->cs & 3) {
		pv_trap(regs);
		return;
	}
	if (regs->entry_vector == X86_EXC_DB) {
		hv_debug_trap(regs);
		return;
	}
	if (fixup_exception(regs))
		return;
	fatal_trap(regs);
}
