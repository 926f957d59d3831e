/*
 * Per-CPU GDT and TSS.
 *
 * Each CPU's GDT is addressed at gdt_virt(cpu), a 64 KiB window in the
 * per-domain area (L4 slot 260).  Only its 15th page, the hypervisor's,
 * is mapped now; pages 0-13 are where a PV guest's GDT frames will be
 * mapped when it calls set_gdt, exactly as in Xen, so the guest's
 * selectors and Xen's FLAT_* selectors live in one table.
 *
 * The TSS holds the stack pointers the CPU switches to: RSP0 for entries
 * from ring 3 (PV guests, later) and the IST stacks for #DF, NMI and #MC,
 * which must work even when the normal stack is corrupt.  All of them are
 * pages of the CPU's stack block (asm/current.h).
 */
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/current.h>

#define GDT_WINDOW (16UL * PAGE_SIZE) /* per CPU in the per-domain area */

static struct tss64 tss[NR_CPUS] __aligned(128); /* one per CPU */
static uint64_t gdt_page[NR_CPUS][512] __aligned(4096)
    __section(".bss.page_aligned"); /* the reserved GDT page */

/* Xen's reserved-page descriptors, entries 0-7 (values from the SDM). */
static const uint64_t gdt_template[8] = {
    0,
    0x00af9b000000ffffUL, /* 0xe008 ring 0 code, 64-bit */
    0x00cf93000000ffffUL, /* 0xe010 ring 0 data */
    0,
    0x00cffb000000ffffUL, /* 0xe023 ring 3 code, compatibility */
    0x00cff3000000ffffUL, /* 0xe02b ring 3 data */
    0x00affb000000ffffUL, /* 0xe033 ring 3 code, 64-bit */
    0x00cf9b000000ffffUL, /* 0xe038 ring 0 code, compatibility */
};

vaddr_t gdt_virt(unsigned int cpu)
{
	return PERDOMAIN_VIRT_START + cpu * GDT_WINDOW;
}

struct tss64 *cpu_tss(unsigned int cpu)
{
	return &tss[cpu];
}

static void set_tss_desc(uint64_t *gdt, const struct tss64 *t)
{
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

	gdt[GDT_E_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			 (0x89UL << 40) | /* present, 64-bit TSS */
			 (((limit >> 16) & 0xf) << 48) |
			 (((base >> 24) & 0xff) << 56);
	gdt[GDT_E_TSS + 1] = base >> 32;
}

/* Load GDTR, reload every segment register, then TR. */
static void load_gdt(vaddr_t base)
{
	struct desc_ptr p = {GDT_LIMIT, base};

	__asm__ __volatile__(
	    "lgdt %0\n\t"
	    "mov %1, %%ds\n\tmov %1, %%es\n\tmov %1, %%ss\n\t"
	    "xor %%eax, %%eax\n\tmov %%eax, %%fs\n\tmov %%eax, %%gs\n\t"
	    "lea 1f(%%rip), %%rax\n\t"
	    "pushq %2\n\tpushq %%rax\n\tlretq\n1:\n\t"
	    "ltr %w3"
	    :
	    : "m"(p), "r"(__HYPERVISOR_DS), "i"(__HYPERVISOR_CS),
	      "r"(TSS_SELECTOR)
	    : "rax", "memory");
}

void gdt_init_cpu(unsigned int cpu, unsigned long stack_block)
{
	uint64_t *gdt = gdt_page[cpu];
	struct tss64 *t = &tss[cpu];
	vaddr_t va = gdt_virt(cpu) + FIRST_RESERVED_GDT_BYTE;

	memset(gdt, 0, PAGE_SIZE);
	memcpy(gdt, gdt_template, sizeof(gdt_template));
	gdt[GDT_E_PER_CPU] = 0x0000910000000000UL | cpu; /* limit = cpu */
	memset(t, 0, sizeof(*t));
	t->rsp0 = stack_block + STACK_SIZE - CPU_INFO_SIZE;
	t->ist[IST_DF - 1] = stack_block + (IST_DF_PAGE + 1) * PAGE_SIZE;
	t->ist[IST_NMI - 1] = stack_block + (IST_NMI_PAGE + 1) * PAGE_SIZE;
	t->ist[IST_MC - 1] = stack_block + (IST_MC_PAGE + 1) * PAGE_SIZE;
	t->iomap_base = sizeof(*t); /* no I/O bitmap: all ports trap */
	set_tss_desc(gdt, t);
	map_pages(va, virt_to_maddr(gdt), 1, PAGE_HYPERVISOR);
	load_gdt(gdt_virt(cpu));
}
