/*
 * x86 instructions a PV test kernel issues for the hypervisor to answer.
 *
 * CPUID goes through Xen's forced-emulation prefix (FEP, traps.h): a
 * plain CPUID in a PV guest reaches the hardware, not the hypervisor's
 * CPUID policy.  A PV kernel runs in ring 3, so its CR4 accesses fault
 * and the hypervisor emulates them.  One-instruction wrappers, so this
 * is a header only.
 */
#ifndef GUEST_CPU_H
#define GUEST_CPU_H

#include "guest.h"

struct regs4 {
	uint32_t a, b, c, d;
};

static inline struct regs4 pv_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct regs4 r;

	asm volatile(FEP "cpuid"
		     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
		     : "0"(leaf), "2"(subleaf));
	return r;
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

#endif
