/*
 * The bring-up sequence (common/boot/main.c) and the arch steps it calls,
 * in the order they run.  Each arch_* hook is implemented under
 * arch/x86/.
 */
#ifndef XENOLITH_SETUP_H
#define XENOLITH_SETUP_H

#include <xenolith/boot.h>

void start_xenolith(struct boot_info *bi) __attribute__((noreturn));

/* Direct-map all RAM, start the boot allocator, reserve the image and
 * modules, drop the identity map. */
void arch_memory_setup(struct boot_info *bi);
/* mm_init() is done: page tables may now come from the xenheap. */
void arch_mm_ready(void);
/* GDT, TSS, IDT and exception handlers on the boot CPU. */
void arch_cpu_init_bsp(void);
/* ACPI tables, local APIC, IO-APIC, TSC calibration, timer interrupt. */
void arch_platform_init(void);
/* Start the other CPUs; returns the number now online. */
unsigned int arch_smp_boot(void);
/* Execute the fault asked for by xenolith_test_fault= (never returns). */
void arch_test_fault(const char *kind);
/* Idle: halt until an interrupt, forever. */
void arch_idle_loop(void) __attribute__((noreturn));
/* Time each CPU spent halted in its idle loop, counted from the reset
 * (xenolith_sched_report prints it when dom0 ends). */
void arch_idle_stats_reset(void);
void arch_idle_stats_print(unsigned int nr_cpus);

/* End-of-boot checks and test hooks (common/boot/selftest.c). */
void boot_selftests(void);

/* Arch facts main.c prints. */
const char *arch_cpu_model(void);

#endif
