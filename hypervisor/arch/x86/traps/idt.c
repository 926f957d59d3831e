/*
 * The interrupt descriptor tables.  Each CPU has its own copy (as Xen
 * does) so that a later per-CPU change - a different IST use, a vector
 * owned by one CPU - touches only that CPU.  All gates are interrupt
 * gates (IF cleared on entry) at DPL 0, except #BP and #OF, which ring 3
 * may raise with INT3/INTO; PV guests' other software interrupts will be
 * handled through the #GP they cause, as in Xen.
 */
#include <xenolith/lib.h>
#include <asm/desc.h>
#include <asm/traps.h>
#include <asm/current.h>

static struct idt_entry idt_tables[NR_CPUS][256] __aligned(4096);

static void set_gate(struct idt_entry *e, const void *handler, unsigned int ist,
		     unsigned int dpl)
{
	uint64_t a = (uint64_t)handler;

	e->offset0 = a & 0xffff;
	e->selector = __HYPERVISOR_CS;
	e->ist = ist;
	e->type_attr = 0x80 | (dpl << 5) | 0xe; /* present, interrupt gate */
	e->offset1 = (a >> 16) & 0xffff;
	e->offset2 = a >> 32;
	e->reserved = 0;
}

static void fill_idt(struct idt_entry *idt)
{
	for (unsigned int v = 0; v < X86_NR_EXC; v++)
		set_gate(&idt[v], exception_stubs + v * IRQ_STUB_SIZE, 0, 0);
	for (unsigned int v = X86_NR_EXC; v < 256; v++)
		set_gate(&idt[v], irq_stubs + (v - X86_NR_EXC) * IRQ_STUB_SIZE,
			 0, 0);
	idt[X86_EXC_DF].ist = IST_DF;
	idt[X86_EXC_NMI].ist = IST_NMI;
	idt[X86_EXC_MC].ist = IST_MC;
	idt[X86_EXC_BP].type_attr |= 3 << 5;
	idt[4].type_attr |= 3 << 5; /* #OF */
}

void idt_init(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		fill_idt(idt_tables[cpu]);
}

/* A vector of one CPU moved to its own stub and IST stack (pv/debugreg.c
 * for #DB); called by that CPU, before the vector can be raised. */
void idt_set_ist_gate(unsigned int cpu, unsigned int vec, const void *handler,
		      unsigned int ist)
{
	set_gate(&idt_tables[cpu][vec], handler, ist, 0);
}

void idt_load_cpu(unsigned int cpu)
{
	struct desc_ptr p = {sizeof(idt_tables[0]) - 1,
			     (uint64_t)idt_tables[cpu]};

	__asm__ __volatile__("lidt %0" : : "m"(p));
}
