/*
 * The bring-up order of Xenolith, as one readable list.
 *
 * The arch entry (arch/x86/boot/setup.c) gets the CPU into long mode at
 * the high address, starts the console, maps the first 4 GiB and reads
 * the loader's data into struct boot_info; then it calls start_xenolith(),
 * which runs each step below in turn.  Every step's stable log line is
 * listed in docs/chapters/01-boot.md (tests/boot parses them).
 */
#include <xenolith/lib.h>
#include <xenolith/setup.h>
#include <xenolith/console.h>
#include <xenolith/shutdown.h>
#include <xenolith/time.h>
#include <xenolith/softirq.h>
#include <xenolith/params.h>
#include <xenolith/mm.h>
#include <xenolith/domain.h>
#include <xenolith/sched_core.h>
#include <xenolith/event.h>

#ifndef XENOLITH_VERSION
#define XENOLITH_VERSION "unknown"
#endif

/*
 * The boot-time memory account (a stable line, tests/boot checks it):
 * every RAM byte of the e820 map is either in a heap or held back (low
 * 1 MiB, image, modules, frame table, boot page tables, partial pages).
 */
static void print_memory_account(const struct boot_info *bi)
{
	struct mm_stats st;
	uint64_t ram_kib = mem_map_ram_bytes(&bi->map) >> 10;
	uint64_t xen_kib, dom_kib;

	mm_get_stats(&st);
	xen_kib = (uint64_t)st.total[MM_POOL_XENHEAP] << (PAGE_SHIFT - 10);
	dom_kib = (uint64_t)st.total[MM_POOL_DOMHEAP] << (PAGE_SHIFT - 10);
	printk("Memory: e820 RAM %llu KiB = xenheap %llu KiB + domheap %llu "
	       "KiB + held back %llu KiB\n",
	       (unsigned long long)ram_kib, (unsigned long long)xen_kib,
	       (unsigned long long)dom_kib,
	       (unsigned long long)(ram_kib - xen_kib - dom_kib));
}

static void print_banner(const struct boot_info *bi)
{
	printk(" __  __                         _   _   _     _\n");
	printk(" \\ \\/ /   ___   _ __     ___   | | (_) | |_  | |__\n");
	printk("  \\  /   / _ \\ | '_ \\   / _ \\  | | | | | __| | '_ \\\n");
	printk("  /  \\  |  __/ | | | | | (_) | | | | | | |_  | | | |\n");
	printk(" /_/\\_\\  \\___| |_| |_|  \\___/  |_| |_|  \\__| |_| |_|\n");
	printk("Xenolith version 0.1 (%s), Xen 4.17 ABI\n", XENOLITH_VERSION);
	printk("Bootloader: %s (%s)\n", bi->loader, bi->loader_name);
	printk("Command line: %s\n", bi->cmdline);
	printk("CPU: %s\n", arch_cpu_model());
}

void start_xenolith(struct boot_info *bi)
{
	unsigned int cpus;

	print_banner(bi);
	params_parse(bi->cmdline);
	mem_map_print(&bi->map);
	arch_memory_setup(bi);
	mm_init();
	arch_mm_ready();
	mm_print_stats();
	print_memory_account(bi);
	arch_cpu_init_bsp();
	softirq_init();
	timer_init();
	arch_platform_init();
	keyhandler_init();
	cpus = arch_smp_boot();
	printk("Brought up %u CPUs\n", cpus);
	sched_core_init(cpus);
	if (opt_test_fault[0])
		arch_test_fault(opt_test_fault);
	boot_selftests();
	console_endboot(bi->nr_modules > 0); /* input to dom0 if any */
	evtchn_dom0_virq_init();
	arch_console_input_start();
	dom0_boot(bi); /* PV core hook: never returns when a module exists */
	printk("Xenolith: boot complete, idling (debug keys: 'h')\n");
	arch_idle_loop();
}
