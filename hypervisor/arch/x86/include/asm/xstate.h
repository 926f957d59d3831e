/*
 * A PV vCPU's extended state (x87, SSE, AVX): the XSAVE area each vCPU
 * owns, its XCR0, and what CPUID tells the guest about them
 * (pv/xstate.c).
 */
#ifndef ASM_XSTATE_H
#define ASM_XSTATE_H

#include <xenolith/types.h>

struct vcpu;

#define X86_CR4_OSXSAVE	(1UL << 18)
#define XSTATE_FP	(1UL << 0)
#define XSTATE_SSE	(1UL << 1)
#define XSTATE_YMM	(1UL << 2)
#define XSTATE_FP_SSE	(XSTATE_FP | XSTATE_SSE)

void xstate_cpu_init(void);
bool xstate_available(void);
int xstate_vcpu_alloc(struct vcpu *v);
void xstate_vcpu_free(struct vcpu *v);
void xstate_vcpu_set_fxsave(struct vcpu *v, const void *fx);
void xstate_save(struct vcpu *v);
void xstate_load(struct vcpu *v);
bool xstate_set_xcr(struct vcpu *v, uint32_t index, uint64_t val);
void xstate_cpuid(const struct vcpu *v, uint32_t sub, uint32_t res[4]);

#endif
