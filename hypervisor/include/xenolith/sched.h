/*
 * Scheduling, as far as PV vCPUs need it today.
 *
 * Xenolith runs one vCPU per physical CPU and does not migrate or time
 * slice yet, so "yield" has nothing to yield to and "block" waits for
 * the next interrupt.  The calls exist so sched_op has its real shape
 * and a later scheduler replaces only this file's implementation.
 */
#ifndef XENOLITH_SCHED_H
#define XENOLITH_SCHED_H

struct vcpu;

void sched_yield(struct vcpu *v);
/* Wait until an event is pending for v or a timer interrupt arrives. */
void sched_block(struct vcpu *v);
/* v stops for good (its domain shut down): never returns to the guest. */
void sched_stop_vcpu(struct vcpu *v) __attribute__((noreturn));

#endif
