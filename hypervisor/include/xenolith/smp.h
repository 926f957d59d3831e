/*
 * The arch-neutral view of the CPUs: how many run Xenolith and how to
 * make them all do something (implemented in arch/x86/smp.c).
 */
#ifndef XENOLITH_SMP_H
#define XENOLITH_SMP_H

#include <xenolith/types.h>

extern unsigned int nr_cpus_online; /* CPUs running Xenolith */

/* Run fn(arg) on every other online CPU, in interrupt context; with
 * wait, return only when all have finished. */
void smp_call_function(void (*fn)(void *), void *arg, bool wait);

#endif
