/*
 * Guest time: the arithmetic behind the PV clock, the runstate record
 * and the periodic timer, kept free of hardware so the host tests can
 * run it (common/cpu/vtime.c); and the per-vCPU timers that raise
 * VIRQ_TIMER (common/cpu/vtimer.c).
 *
 * A PV guest turns a TSC reading into system time (ns) by itself:
 *
 *   ns = system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32
 *
 * (a negative shift shifts right), with mul < 2^32.  vtime_scale_*()
 * find mul and shift for a TSC frequency, and vtime_publish() writes a
 * snapshot under the version protocol the guest retries on.
 */
#ifndef XENOLITH_VTIME_H
#define XENOLITH_VTIME_H

#include <xenolith/types.h>
#include <xenolith/time.h>
#include <xenolith/hypercall.h>
#include <public/vcpu.h>

struct vtime_scale {
	uint32_t mul;		/* 0.32 fixed point, >= 2^31 */
	int8_t shift;
};

/* The scale for a TSC of khz kHz; khz must be non-zero. */
void vtime_scale_from_khz(uint64_t khz, struct vtime_scale *s);
/* delta ticks in ns under s, exactly as the guest computes it. */
uint64_t vtime_scale_delta(uint64_t delta, const struct vtime_scale *s);
/* Write one snapshot: version odd while writing, then even. */
void vtime_publish(struct vcpu_time_info *t, uint64_t tsc,
		   uint64_t system_time, const struct vtime_scale *s);

/* Runstate: the time a vCPU spent in each RUNSTATE_* so far. */
void vtime_runstate_init(struct vcpu_runstate_info *rs, int state,
			 s_time_t now);
void vtime_runstate_change(struct vcpu_runstate_info *rs, int state,
			   s_time_t now);
/* rs as of now, the current period included. */
void vtime_runstate_get(const struct vcpu_runstate_info *rs, s_time_t now,
			struct vcpu_runstate_info *out);

/*
 * The periodic timer, as Xen runs it: a tick is due period after the
 * last one; a tick that comes late restarts the period from now (ticks
 * are not made up).  Returns when to look next; *fire says whether to
 * send VIRQ_TIMER now.
 */
s_time_t vtime_periodic_next(s_time_t *last, s_time_t period, s_time_t now,
			     bool *fire);

/* ---- Per-vCPU timers (vtimer.c, hypervisor only) ---- */
struct vcpu;
/* v now runs on v->processor: its timers move there. */
void vtime_vcpu_follow(struct vcpu *v);
/* v starts running: its timers exist, the default 10 ms tick is on. */
void vtime_vcpu_start(struct vcpu *v);
struct domain;
/* The domain dies: stop its vCPUs' timers, forget them. */
void vtime_domain_teardown(struct domain *d);
/* The time sub-ops of VCPUOP_* (-ENOSYS for the others). */
long vtime_vcpu_op(int cmd, struct vcpu *v, unsigned long arg);
/* SCHEDOP_poll. */
long vtime_sched_poll(unsigned long arg);
/* SCHEDOP_block: enable event delivery, wait until an event is due. */
void vtime_sched_block(struct vcpu *v);
/* For a scheduler: v now runs, waits for the CPU, or is down
 * (RUNSTATE_running/runnable/offline). */
void vtime_runstate_switch(struct vcpu *v, int state);
/* v's runstate now (domctl getvcpuinfo/getdomaininfo). */
void vtime_vcpu_runstate(const struct vcpu *v,
			 struct vcpu_runstate_info *out);
/* For a scheduler: has the wait of v (in poll or block) ended? */
bool vtime_vcpu_wait_over(const struct vcpu *v);

#endif
