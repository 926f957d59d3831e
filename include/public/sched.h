/*
 * HYPERVISOR_sched_op(int cmd, void *arg): a vCPU gives up the CPU, waits
 * for events, or ends its domain.
 *
 * Blocking is safe against lost wake-ups because SCHEDOP_block clears the
 * vCPU's event mask (vcpu_info.evtchn_upcall_mask) atomically with
 * blocking: an event that is already pending wakes the vCPU at once.
 * SCHEDOP_poll waits for given ports without unmasking events at all.
 */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include "xen.h"

/* arg NULL: let another vCPU run; this one stays runnable.  Returns 0. */
#define SCHEDOP_yield 0

/*
 * arg NULL: sleep until an event is pending for this vCPU.  Unmasks
 * event delivery (see above).  Returns 0.
 */
#define SCHEDOP_block 1

/*
 * arg struct sched_shutdown: stop the calling domain for 'reason'.  The
 * toolstack is told through VIRQ_DOM_EXC.  Does not return, except for
 * SHUTDOWN_suspend, which returns 0 in the original domain after
 * resume (1 if the suspend was cancelled, with SUSPEND_CANCEL).
 * Errors: -EFAULT, -EINVAL (unknown reason).
 */
#define SCHEDOP_shutdown 2

/*
 * arg struct sched_poll: block until one of ports[] is pending or the
 * timeout (absolute system time in ns, 0 = none) passes.  Returns 0 then
 * (also if one was already pending).  Errors: -EFAULT, -EINVAL (too many
 * ports, port 0, a free or out-of-range port, or events not masked for
 * this vCPU).
 */
#define SCHEDOP_poll 3

/*
 * arg struct sched_remote_shutdown: shut another domain down (privileged
 * or device-model only).  Errors: -ESRCH, -EPERM, -EINVAL.
 */
#define SCHEDOP_remote_shutdown 4

/*
 * arg struct sched_shutdown: record 'reason' as the code a later
 * shutdown (e.g. a crash) reports, without shutting down now.
 */
#define SCHEDOP_shutdown_code 5

/*
 * arg struct sched_watchdog: id 0 and timeout > 0 creates a watchdog and
 * returns its id; id != 0 with timeout > 0 pets it, timeout 0 kills it.
 * When one fires the domain shuts down with SHUTDOWN_watchdog.
 * Errors: -EINVAL (no such id), -ENOSPC (no free watchdog).
 */
#define SCHEDOP_watchdog 6

/*
 * arg struct sched_pin_override: hardware domain only; temporarily pin
 * this vCPU to pcpu (-1 removes the override).  Errors: -EPERM, -EINVAL.
 */
#define SCHEDOP_pin_override 7

#ifndef __ASSEMBLY__

struct sched_shutdown {
	uint32_t reason;	/* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;	/* IN */
	uint32_t nr_ports;			/* IN */
	uint32_t _pad0;				/* implicit in Xen's header */
	uint64_t timeout;			/* IN: absolute ns, 0 = none */
};
typedef struct sched_poll sched_poll_t;

struct sched_remote_shutdown {
	domid_t domain_id;	/* IN */
	uint16_t _pad0;		/* implicit in Xen's header */
	uint32_t reason;	/* IN: SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

struct sched_watchdog {
	uint32_t id;		/* IN: 0 = create; OUT (return value): id */
	uint32_t timeout;	/* IN: seconds; 0 = destroy */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
	int32_t pcpu;		/* IN: physical CPU, or -1 */
};
typedef struct sched_pin_override sched_pin_override_t;

#endif /* !__ASSEMBLY__ */

/* Why a domain shut down (sched_shutdown.reason, domctl shutdown codes). */
#define SHUTDOWN_poweroff 0	/* exited normally: clean up, destroy */
#define SHUTDOWN_reboot 1	/* clean up, destroy, start again */
#define SHUTDOWN_suspend 2	/* save its state, then destroy */
#define SHUTDOWN_crash 3	/* the guest crashed */
#define SHUTDOWN_watchdog 4	/* a watchdog expired */
#define SHUTDOWN_soft_reset 5	/* reset to a clean state, keep memory */
#define SHUTDOWN_MAX 5

#ifndef __ASSEMBLY__
ABI_SIZE(struct sched_shutdown, 4);
ABI_SIZE(struct sched_poll, 24);
ABI_SIZE(struct sched_remote_shutdown, 8);
ABI_SIZE(struct sched_watchdog, 8);
ABI_SIZE(struct sched_pin_override, 4);
#endif

#endif /* XEN_PUBLIC_SCHED_H */
