/*
 * Bringing up another vCPU of our own domain.
 *
 * VCPUOP_initialise takes a whole guest context.  A test's extra vCPU
 * wants what the boot vCPU was given: guest kernel mode, the flat
 * kernel selectors, our own page tables, events masked by its
 * vcpu_info, and a stack of its own, entered as if called (the return
 * address slot left free) and also used for entries from user mode.
 */
#ifndef GUEST_VCPU_H
#define GUEST_VCPU_H

#include "guest.h"

/*
 * Clear c, then fill it to start at rip on the stack ending at
 * stack_top, with flags X86_EFLAGS_MBS.  The caller may change any
 * field (an argument in rdi, other flags) before VCPUOP_initialise.
 */
void vcpu_context_kernel(struct vcpu_guest_context *c, unsigned long rip,
			 unsigned long stack_top);

#endif
