/*
 * A PV vCPU's debug registers (pv/debugreg.c): set/get_debugreg, their
 * place in the context switch, and #DB in guest and hypervisor context.
 */
#ifndef ASM_DEBUGREG_H
#define ASM_DEBUGREG_H

#include <xenolith/types.h>

struct vcpu;
struct cpu_user_regs;

#define X86_CR4_DE	(1UL << 3)
#define DR6_DEFAULT	0xffff0ff0UL	/* architectural reset value */
#define DR7_DEFAULT	0x00000400UL

void debugreg_cpu_init(void);
struct cpu_user_regs *pv_db_frame_move(const struct cpu_user_regs *ist);
void debugreg_vcpu_reset(struct vcpu *v);
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long val);
long pv_get_debugreg(const struct vcpu *v, unsigned int reg);
bool debugreg_ctxt_ok(const uint64_t dr[8]);
void debugreg_vcpu_init(struct vcpu *v, const uint64_t dr[8]);
void debugreg_switch_out(struct vcpu *v);
void debugreg_switch_in(struct vcpu *v);
void debugreg_guest_db(struct vcpu *v);
bool debugreg_io_hit(struct vcpu *v, unsigned int port, unsigned int size);
void hv_debug_trap(struct cpu_user_regs *regs);

#endif
