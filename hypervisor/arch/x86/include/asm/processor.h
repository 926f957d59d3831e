/*
 * Thin wrappers around the x86 instructions the hypervisor needs: control
 * registers, MSRs, CPUID, interrupt flag, TSC.  Named after the
 * instruction so a reader can look it up in the SDM.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xenolith/types.h>

#define X86_CR0_PE	   (1UL << 0)
#define X86_CR0_MP	   (1UL << 1)
#define X86_CR0_EM	   (1UL << 2)
#define X86_CR0_TS	   (1UL << 3)
#define X86_CR0_NE	   (1UL << 5)
#define X86_CR0_WP	   (1UL << 16)
#define X86_CR0_PG	   (1UL << 31)
#define X86_CR4_PAE	   (1UL << 5)
#define X86_CR4_PGE	   (1UL << 7)
#define X86_CR4_OSFXSR	   (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_EFLAGS_IF	   (1UL << 9)

#define MSR_EFER	   0xc0000080
#define EFER_SCE	   (1UL << 0)
#define EFER_LME	   (1UL << 8)
#define EFER_NXE	   (1UL << 11)
#define MSR_STAR	   0xc0000081
#define MSR_LSTAR	   0xc0000082
#define MSR_CSTAR	   0xc0000083
#define MSR_FMASK	   0xc0000084
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_APIC_BASE	   0x0000001b

#define DEFINE_CR(n)                                                           \
	static inline unsigned long read_cr##n(void)                           \
	{                                                                      \
		unsigned long v;                                               \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));          \
		return v;                                                      \
	}                                                                      \
	static inline void write_cr##n(unsigned long v)                        \
	{                                                                      \
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((uint32_t)v),
			       "d"((uint32_t)(v >> 32))
			     : "memory");
}

struct cpuid_regs {
	uint32_t a, b, c, d;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t sub)
{
	struct cpuid_regs r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			     : "a"(leaf), "c"(sub));
	return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	return cpuid_count(leaf, 0);
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline unsigned long local_save_flags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushf; pop %0" : "=r"(f) : : "memory");
	return f;
}

static inline unsigned long local_irq_save(void)
{
	unsigned long f = local_save_flags();

	local_irq_disable();
	return f;
}

static inline void local_irq_restore(unsigned long f)
{
	__asm__ __volatile__("push %0; popf" : : "r"(f) : "memory", "cc");
}

static inline bool local_irq_is_enabled(void)
{
	return local_save_flags() & X86_EFLAGS_IF;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

/* Enable interrupts and halt atomically (STI's one-instruction shadow). */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

static inline void invlpg(const void *va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

static inline unsigned long read_rsp(void)
{
	unsigned long sp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(sp));
	return sp;
}

#endif
