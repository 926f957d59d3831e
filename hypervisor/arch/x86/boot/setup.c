/*
 * The x86 side of bring-up: what runs between head.S and the common
 * sequence in common/boot/main.c, and the arch steps that sequence calls
 * for memory.
 *
 * __start_xenolith() runs on the boot stack with the static boot page
 * tables (identity + image).  It starts the serial console first, so that
 * any later failure can at least be reported, then maps the low 4 GiB in
 * the direct map to read the loader's data through it.
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/console.h>
#include <xenolith/setup.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/ioapic.h>
#include <asm/time.h>

static char cpu_brand[49]; /* CPUID brand string, for the banner */

const char *arch_cpu_model(void)
{
	uint32_t *w = (uint32_t *)cpu_brand;

	if (cpuid(0x80000000).a < 0x80000004)
		return "unknown";
	for (uint32_t leaf = 0; leaf < 3; leaf++) {
		struct cpuid_regs r = cpuid(0x80000002 + leaf);

		w[leaf * 4 + 0] = r.a;
		w[leaf * 4 + 1] = r.b;
		w[leaf * 4 + 2] = r.c;
		w[leaf * 4 + 3] = r.d;
	}
	return cpu_brand;
}

static void enable_cpu_features(void)
{
	uint64_t efer = rdmsr(MSR_EFER);

	if (cpuid(0x80000001).d & (1u << 20))
		efer |= EFER_NXE;
	wrmsr(MSR_EFER, efer | EFER_SCE);
	/* No FPU/SSE use in the hypervisor: trap any by accident (#NM). */
	write_cr0(read_cr0() | X86_CR0_NE | X86_CR0_MP | X86_CR0_TS);
}

void __start_xenolith(uint32_t magic, uint32_t info)
{
	pic_mask_all(); /* before anything can enable interrupts */
	console_init();
	enable_cpu_features();
	paging_init_early();
	multiboot_parse(magic, info);
	start_xenolith(&boot_info);
}

void __init arch_memory_setup(struct boot_info *bi)
{
	paddr_t img_s = (vaddr_t)_start - XEN_VIRT_START;
	paddr_t img_e = (vaddr_t)_end - XEN_VIRT_START;

	paging_map_ram(&bi->map);
	boot_alloc_init(&bi->map);
	mm_boot_alloc_ready = true;
	/* Low 1 MiB: BIOS data, the SMP trampoline; the image; modules. */
	boot_alloc_reserve(0, 1UL << 20);
	boot_alloc_reserve(img_s, img_e);
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		boot_alloc_reserve(ROUNDDOWN(bi->modules[i].start, PAGE_SIZE),
				   ROUNDUP(bi->modules[i].end, PAGE_SIZE));
	paging_drop_identity();
	printk("Direct map: %llu MiB at %p; image [%llx, %llx)\n",
	       (unsigned long long)(directmap_end >> 20),
	       (void *)DIRECTMAP_VIRT_START, (unsigned long long)img_s,
	       (unsigned long long)img_e);
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		printk("Module %u: [%llx, %llx) %s\n", i,
		       (unsigned long long)bi->modules[i].start,
		       (unsigned long long)bi->modules[i].end,
		       bi->modules[i].cmdline);
}

void arch_mm_ready(void)
{
	mm_heap_ready = true;
}

void cpu_init_descriptors(unsigned int cpu)
{
	unsigned long block = read_rsp() & ~(STACK_SIZE - 1UL);

	gdt_init_cpu(cpu, block);
	idt_load_cpu(cpu);
	/* SYSCALL: kernel CS/SS from 0xe008, SYSRET bases 0xe023 (Xen's
	 * layout, asm/desc.h); LSTAR is set when PV guests arrive. */
	wrmsr(MSR_STAR, ((uint64_t)(__USER_CS32 - 3) << 48) |
			    ((uint64_t)__HYPERVISOR_CS << 32));
	wrmsr(MSR_FMASK, X86_EFLAGS_IF | 0x40700); /* IF TF DF AC NT */
}

void __init arch_cpu_init_bsp(void)
{
	idt_init();
	cpu_init_descriptors(0);
	printk("CPU0: GDT at %p (Xen selectors from 0xe000), IDT, TSS with "
	       "IST stacks\n",
	       (void *)gdt_virt(0));
}

void __init arch_platform_init(void)
{
	acpi_init(boot_info.rsdp);
	apic_init_bsp();
	ioapic_init();
	tsc_calibrate();
	hpet_probe(acpi_info.hpet_addr);
	apic_timer_calibrate();
	local_irq_enable();
}
