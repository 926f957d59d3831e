/*
 * Starting the other CPUs (APs).
 *
 * The MADT lists the CPUs by APIC ID.  For each AP in turn the BSP
 * prepares a stack block (with the AP's struct cpu_info at the top), tells
 * the trampoline where to go, and sends the INIT-SIPI-SIPI sequence of the
 * MP specification.  The AP comes up through trapoline.S into
 * start_secondary(), measures its TSC against the BSP's (time/tsc_sync.c),
 * loads its own GDT, TSS and IDT, enables its local APIC, marks itself
 * online and idles.  APs start one at a time, so the
 * trampoline's few variables need no per-CPU copies.
 *
 * maxcpus=N limits the CPUs started (the BSP counts); nosmp starts none.
 */
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/params.h>
#include <xenolith/setup.h>
#include <xenolith/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/smp.h>
#include <asm/pv.h>
#include <asm/cpu.h>
#include <asm/time.h>

extern const char trampoline_start[], trampoline_end[];
extern uint64_t ap_boot_cr3, ap_boot_efer, ap_boot_target;
extern const char ap_start64[];
extern pte_t idle_l4[];
void start_secondary(void);

unsigned int nr_cpus_online = 1;
uint32_t cpu_to_apicid[NR_CPUS];
volatile bool cpu_is_online[NR_CPUS];
unsigned long ap_boot_stack; /* read by ap_start64 */

/* The AP's boot page tables: low 2 MiB identity + hypervisor slots.
 * In the image, so below 4 GiB as 32-bit CR3 loads require. */
static pte_t ap_l4[PT_ENTRIES] __aligned(4096) __section(".bss.page_aligned");
static pte_t ap_l3[PT_ENTRIES] __aligned(4096) __section(".bss.page_aligned");
static pte_t ap_l2[PT_ENTRIES] __aligned(4096) __section(".bss.page_aligned");

static void udelay(unsigned long us)
{
	uint64_t end = rdtsc() + us * arch_tsc_khz() / 1000;

	while (rdtsc() < end)
		cpu_relax();
}

static void prepare_trampoline(void)
{
	uint8_t *t = maddr_to_virt(TRAMPOLINE_PHYS);
	size_t len = trampoline_end - trampoline_start;

	for (unsigned int i = HYPERVISOR_L4_FIRST; i <= HYPERVISOR_L4_LAST; i++)
		ap_l4[i] = idle_l4[i];
	ap_l2[0] = 0 | PAGE_HYPERVISOR | _PAGE_PSE;
	ap_l3[0] = virt_to_maddr(ap_l2) | PAGE_TABLE_FLAGS;
	ap_l4[0] = virt_to_maddr(ap_l3) | PAGE_TABLE_FLAGS;
	memcpy(t, trampoline_start, len);
	/* The variables live inside the copy: patch them there. */
	*(uint64_t *)(t + ((char *)&ap_boot_cr3 - trampoline_start)) =
	    virt_to_maddr(ap_l4);
	*(uint64_t *)(t + ((char *)&ap_boot_efer - trampoline_start)) =
	    rdmsr(MSR_EFER);
	*(uint64_t *)(t + ((char *)&ap_boot_target - trampoline_start)) =
	    (uint64_t)ap_start64;
}

/*
 * Give an AP's stack block its own size-aligned window, with every page
 * but the guard page mapped: the direct map's large pages cannot leave a
 * hole.  Returns the block's address in the window.
 */
static unsigned long map_stack(unsigned int cpu, unsigned long block)
{
	vaddr_t va = STACKS_VIRT_START + (vaddr_t)cpu * STACK_SIZE;
	paddr_t pa = virt_to_maddr((void *)block);

	for (unsigned int i = 0; i < STACK_SIZE / PAGE_SIZE; i++)
		if (i != STACK_GUARD_PAGE)
			map_pages(va + i * PAGE_SIZE, pa + i * PAGE_SIZE, 1,
				  PAGE_HYPERVISOR);
	/* The window translates back (virt_to_maddr walks it). */
	BUG_ON(virt_to_maddr((void *)(va + STACK_SIZE - 1)) !=
	       pa + STACK_SIZE - 1);
	return va;
}

static bool start_ap(unsigned int cpu, uint32_t apicid)
{
	unsigned long block = (unsigned long)alloc_xenheap_pages(STACK_ORDER);
	struct cpu_info *ci;
	s_time_t deadline;
	int64_t tsc_offset = 0;
	uint64_t tsc_error = 0;

	if (!block)
		return false;
	/* get_cpu_info() masks %rsp: the block must be size-aligned, which
	 * the buddy allocator guarantees for an order-STACK_ORDER block. */
	BUG_ON(block & (STACK_SIZE - 1));
	memset((void *)block, 0, STACK_SIZE);
	block = map_stack(cpu, block);
	ci = (struct cpu_info *)(block + STACK_SIZE - CPU_INFO_SIZE);
	ci->cpu_id = cpu;
	ci->apic_id = apicid;
	ap_boot_stack = (unsigned long)ci;
	cpu_to_apicid[cpu] = apicid;
	tsc_sync_prepare();
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	apic_send_ipi(apicid, APIC_DM_INIT | APIC_ICR_LEVEL_ASSERT);
	udelay(10000);
	for (int i = 0; i < 2; i++) {
		apic_send_ipi(apicid,
			      APIC_DM_STARTUP | (TRAMPOLINE_PHYS >> 12));
		udelay(200);
	}
	if (!tsc_sync_bsp(&tsc_offset, &tsc_error))
		return false;
	deadline = NOW() + SECONDS(2);
	while (!cpu_is_online[cpu] && NOW() < deadline)
		cpu_relax();
	if (cpu_is_online[cpu])
		printk("CPU%u: APIC ID %u up, TSC offset %lld cycles "
		       "(+/- %llu)\n",
		       cpu, apicid, (long long)tsc_offset,
		       (unsigned long long)tsc_error);
	return cpu_is_online[cpu];
}

void start_secondary(void)
{
	unsigned int cpu = smp_processor_id();

	tsc_sync_ap();
	cpu_init_descriptors(cpu);
	apic_init_cpu();
	__atomic_store_n(&cpu_is_online[cpu], true, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
	pv_cpu_init();		/* any CPU may run any vCPU */
	arch_idle_loop();
}

static unsigned int cpus_wanted(void)
{
	unsigned int n = acpi_info.nr_cpus ? acpi_info.nr_cpus : 1;

	if (opt_nosmp)
		n = 1;
	if (opt_maxcpus && opt_maxcpus < n)
		n = opt_maxcpus;
	return n;
}

unsigned int arch_smp_boot(void)
{
	unsigned int want = cpus_wanted(), cpu = 1;
	uint32_t bsp = apic_id();

	cpu_to_apicid[0] = bsp;
	cpu_is_online[0] = true;
	get_cpu_info()->apic_id = bsp;
	if (want > 1)
		prepare_trampoline();
	for (unsigned int i = 0; i < acpi_info.nr_cpus && cpu < want; i++) {
		uint32_t id = acpi_info.cpu_apic_id[i];

		if (id == bsp)
			continue;
		if (start_ap(cpu, id))
			cpu++;
		else
			printk(XENLOG_ERR "CPU with APIC ID %u did not start\n",
			       id);
	}
	return nr_cpus_online;
}
