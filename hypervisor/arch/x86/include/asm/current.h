/*
 * Which CPU am I?  Each CPU's stack block is STACK_SIZE bytes, aligned to
 * STACK_SIZE, with a struct cpu_info at its very top.  Masking %rsp finds
 * it from any stack in the block (the IST stacks live there too), with no
 * segment register involved: %gs will belong to PV guests (SWAPGS).
 *
 * Block layout (pages, lowest first): 0 #DF IST, 1 NMI IST, 2 #MC IST,
 * 3 guard (not mapped), 4..7 the normal stack, cpu_info at the top.  An
 * overflow of the normal stack hits the guard page; the #PF cannot be
 * pushed there either, so it becomes a #DF on its own IST stack and is
 * reported instead of silently corrupting the IST stacks below.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/processor.h>

#define CPU_INFO_SIZE 64

struct cpu_info {
	unsigned int cpu_id;
	unsigned int apic_id;
	void *current_vcpu; /* hook: the running vCPU, later */
	uint64_t pad[6];
};
_Static_assert(sizeof(struct cpu_info) == CPU_INFO_SIZE, "cpu_info size");

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long top = (read_rsp() | (STACK_SIZE - 1)) + 1;

	return (struct cpu_info *)(top - CPU_INFO_SIZE);
}

static inline unsigned int smp_processor_id(void)
{
	return get_cpu_info()->cpu_id;
}

#define IST_DF_PAGE	 0
#define IST_NMI_PAGE	 1
#define IST_MC_PAGE	 2
#define STACK_GUARD_PAGE 3

#endif
