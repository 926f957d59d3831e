/*
 * struct vcpu: one virtual CPU of a domain.
 *
 * A vCPU is either running on a physical CPU (then its registers are in
 * the trap frame at the top of its own hypervisor stack, guest_regs())
 * or not; the scheduler decides which CPU runs it (xenolith/sched.h),
 * and is_up, paused and blocked together say whether it wants one.  vcpu_info points to the
 * slot of shared_info (or, after VCPUOP_register_vcpu_info, guest memory)
 * where event masks and the #PF address are exchanged with the guest.
 */
#ifndef XENOLITH_VCPU_H
#define XENOLITH_VCPU_H

#include <xenolith/hypercall.h>
#include <xenolith/sched_ops.h>
#include <asm/domain.h>

struct domain;

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	struct vcpu_info *vcpu_info;	/* in shared_info, hypervisor VA */
	bool vcpu_info_registered;	/* moved by register_vcpu_info */
	mfn_t vcpu_info_mfn;		/* its frame then (ref held) */
	bool is_up;			/* VCPUOP_up / initial vCPU */
	bool is_initialised;		/* has a context to run (builder or
					   VCPUOP_initialise) */
	bool has_run;			/* entered the guest at least once */
	bool blocked;			/* off the CPU in sched_block() */
	bool paused;			/* domain_pause() */
	unsigned int processor;		/* physical CPU it runs on */
	unsigned long ran_on;		/* every CPU it ever ran on */
	struct sched_unit sched;	/* the scheduler's view of it */
	struct arch_vcpu arch;
};

/*
 * VCPUOP_register_vcpu_info's arch part: take a writable reference to
 * the guest's frame mfn and move v's vcpu_info to offset in it.
 * 0, or -EINVAL if the frame is not the domain's ordinary memory.
 */
long arch_map_vcpu_info(struct vcpu *v, mfn_t mfn, unsigned int offset);

/*
 * VCPUOP_initialise's arch part: v's first register state, page tables
 * and callbacks from a struct vcpu_guest_context at guest address arg.
 */
long arch_vcpu_initialise(struct vcpu *v, unsigned long arg);

/* The vCPU running on this physical CPU (NULL: idle). */
struct vcpu *current_vcpu(void);
void set_current_vcpu(struct vcpu *v);

#endif
