/*
 * The PV clock: the hypervisor's system time (ns since it booted) as a
 * guest reads it without a hypercall.
 *
 * Each vCPU's vcpu_time_info holds a snapshot: system_time taken at TSC
 * value tsc_timestamp, and the scale from TSC ticks to ns (shift by
 * tsc_shift, then multiply by tsc_to_system_mul as 32.32 fixed point).
 * The hypervisor makes version odd while it rewrites the snapshot, so a
 * reader retries until it saw one even, unchanged version.
 */
#ifndef GUEST_PVCLOCK_H
#define GUEST_PVCLOCK_H

#include "guest.h"

/* System time in ns from one vCPU's time record. */
uint64_t pvclock_read(const volatile struct vcpu_time_info *t);

/* vCPU 0's clock, from shared_info (needs NEED_SHARED). */
uint64_t pvclock_now(void);

#endif
