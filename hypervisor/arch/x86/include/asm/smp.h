/* CPU numbering and the per-CPU data arrays. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <asm/current.h>
#include <xenolith/smp.h>

/*
 * Per-CPU variables are plain arrays indexed by CPU number: simple, and
 * enough for NR_CPUS = 8.  Code names them only through these macros, so a
 * real per-CPU area can replace the arrays without touching users.
 */
#define DEFINE_PER_CPU(type, name)  type per_cpu__##name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern type per_cpu__##name[NR_CPUS]
#define per_cpu(name, cpu)	    (per_cpu__##name[(cpu)])
#define this_cpu(name)		    per_cpu(name, smp_processor_id())

extern uint32_t cpu_to_apicid[NR_CPUS];
extern volatile bool cpu_is_online[NR_CPUS];
extern unsigned int opt_maxcpus;
extern bool opt_nosmp;

void smp_call_function_interrupt(void);

#endif
