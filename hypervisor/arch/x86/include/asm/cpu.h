/* Per-CPU initialisation shared by the BSP and the APs (boot/setup.c). */
#ifndef ASM_CPU_H
#define ASM_CPU_H

/* GDT, TSS, IDT and SYSCALL MSRs for this CPU. */
void cpu_init_descriptors(unsigned int cpu);

#endif
