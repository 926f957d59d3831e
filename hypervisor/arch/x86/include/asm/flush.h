/* Cross-CPU TLB flushes (arch/x86/flush.c). */
#ifndef ASM_FLUSH_H
#define ASM_FLUSH_H

#include <asm/processor.h>

/* This CPU forgets every translation, global ones included. */
void flush_tlb_all_here(void);

/* Every online CPU in mask except this one has flushed on return. */
void flush_tlb_others(unsigned long mask);

/* Serve the flushes other CPUs asked of this one (a leaf: no lock);
 * an idle CPU also drops the guest page tables it kept loaded. */
void flush_service(void);

/* Every other CPU, if idle, stops holding guest page tables (a dying
 * domain's frames are about to go back to the heap). */
void flush_drop_lazy_tables(void);

/* This CPU enters / leaves its idle loop (pv/switch.c, idle.c): a clean
 * idle CPU is not waited for. */
void flush_enter_idle(void);
void flush_leave_idle(void);

/* This CPU is parked for good (pv/machine_end.c): skip it from now on. */
void flush_cpu_parked(void);

/*
 * The pause of every spin-wait in the hypervisor: interrupts are often
 * off while it waits (hypercalls run so), and the CPU it waits for may
 * itself be waiting for this one to flush.
 */
static inline void cpu_relax_serving(void)
{
	flush_service();
	cpu_relax();
}

#endif
