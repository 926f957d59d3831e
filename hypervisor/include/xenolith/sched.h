/*
 * Scheduling as the rest of the hypervisor sees it.
 *
 * The scheduler behind struct sched_ops (sched=credit by default)
 * decides which vCPU each CPU runs; the generic layer
 * (common/sched/schedule.c) keeps its view of who is runnable and arms
 * the per-CPU slice and tick timers; the arch code (pv/switch.c)
 * switches stacks at the decision points.  Callers change a vCPU's
 * is_up or paused, then call vcpu_runnable_update(); an event for a
 * blocked vCPU calls vcpu_wake().
 */
#ifndef XENOLITH_SCHED_H
#define XENOLITH_SCHED_H

#include <xenolith/types.h>

struct vcpu;
struct sched_unit;

/* SCHEDOP_yield: let a peer run first. */
void sched_yield(struct vcpu *v);
/*
 * Give up the CPU until woken (vcpu_wake) or an event is deliverable;
 * callers re-check their condition and call again (a spurious return
 * is fine).  v must be current.
 */
void sched_block(struct vcpu *v);
/* v stops for good (its domain shut down): never returns to the guest. */
void sched_stop_vcpu(struct vcpu *v) __attribute__((noreturn));
/* VCPUOP_down on itself: off the CPU until VCPUOP_up. */
void sched_wait_up(struct vcpu *v);

/* is_up or paused of v changed: tell the scheduler (any context). */
void vcpu_runnable_update(struct vcpu *v);
/* Mark v blocked (off the CPU at the next decision). */
void vcpu_block(struct vcpu *v);
/* End v's block if it is blocked (event delivery, timers). */
void vcpu_wake(struct vcpu *v);

/* ---- between the generic layer and the arch switch code ---- */
void sched_generic_init(unsigned int nr_cpus);
/* SCHEDULE_SOFTIRQ was raised on cpu: a decision is due. */
bool sched_pending(unsigned int cpu);
/* The unit cpu runs next (interrupts off); arms the CPU's timers. */
struct sched_unit *sched_decide(unsigned int cpu);
/* After switching away from v, its state saved. */
void sched_context_saved(struct vcpu *v);
/* Arch: decide and switch now (interrupts off); returns when the
 * caller's context runs again, possibly on another CPU. */
void schedule(void);

#endif
