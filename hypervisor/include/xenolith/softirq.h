/*
 * Softirqs: work an interrupt handler defers until it is safe to run,
 * with interrupts enabled and no locks held - on the way out of the
 * interrupt, or in the idle loop.  Each CPU has a pending bitmask;
 * raise_softirq() sets a bit on this CPU, cpu_raise_softirq() on another
 * (and kicks it with an IPI so it notices).  Lower numbers run first.
 */
#ifndef XENOLITH_SOFTIRQ_H
#define XENOLITH_SOFTIRQ_H

#include <xenolith/types.h>

enum {
	TIMER_SOFTIRQ,
	CALL_FUNCTION_SOFTIRQ, /* reserved; cross-CPU calls run in the IPI */
	SCHEDULE_SOFTIRQ,      /* hook for the scheduler */
	KEYPRESS_SOFTIRQ,      /* debug keys read in interrupt context */
	DOM0_VIRQ_SOFTIRQ,     /* VIRQ_CON_RING, VIRQ_ENOMEM for dom0 */
	NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler h);
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
bool softirq_pending(unsigned int cpu);
void do_softirq(void);
void softirq_init(void);

/* Arch: make `cpu` leave HLT to look at its softirqs. */
void arch_send_event_check(unsigned int cpu);
unsigned int arch_this_cpu(void);

#endif
