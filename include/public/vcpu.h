/*
 * HYPERVISOR_vcpu_op(int cmd, unsigned vcpuid, void *arg): bring vCPUs up
 * and down, and set their timers and shared areas.
 *
 * A domain is created with all its vCPUs, but only vCPU 0 runs.  The
 * kernel starts the others with VCPUOP_initialise (register state, page
 * table, callbacks) followed by VCPUOP_up.  Each vCPU's slot in
 * shared_info only exists for the first XEN_LEGACY_MAX_VCPUS vCPUs; a
 * guest with more, or one that wants vcpu_info in its own per-CPU memory,
 * moves it with VCPUOP_register_vcpu_info.
 *
 * Common errors: -ENOENT (vcpuid beyond the domain's vCPUs), -EFAULT,
 * -EINVAL (bad argument), -ENOSYS (unknown cmd).
 */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include "xen.h"

/*
 * arg struct vcpu_guest_context: set the initial state of a vCPU that
 * has not run yet.  -EEXIST if it was already initialised.
 */
#define VCPUOP_initialise 0

/* arg NULL: let an initialised vCPU run.  -EINVAL if not initialised. */
#define VCPUOP_up 1

/* arg NULL: stop a vCPU (it keeps its state for a later up). */
#define VCPUOP_down 2

/* arg NULL: returns 1 if the vCPU is up, 0 if down. */
#define VCPUOP_is_up 3

/* arg struct vcpu_runstate_info (OUT): the vCPU's scheduling history. */
#define VCPUOP_get_runstate_info 4

/*
 * How long a vCPU has been in each state.  time[] is in ns of system
 * time.  With VMASST_TYPE_runstate_update_flag, the hypervisor sets
 * XEN_RUNSTATE_UPDATE in state_entry_time while it rewrites the area.
 */
struct vcpu_runstate_info {
	int32_t state;			/* RUNSTATE_* now */
	uint32_t _pad0;			/* implicit in Xen's header */
	uint64_t state_entry_time;	/* when 'state' was entered */
#define XEN_RUNSTATE_UPDATE (xen_mk_ullong(1) << 63)
	uint64_t time[4];		/* total time in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;

#define RUNSTATE_running 0	/* on a physical CPU */
#define RUNSTATE_runnable 1	/* ready, waiting for a CPU */
#define RUNSTATE_blocked 2	/* waiting for an event */
#define RUNSTATE_offline 3	/* down, or paused by the toolstack */

/*
 * arg struct vcpu_register_runstate_memory_area: the hypervisor copies
 * the runstate info to this guest virtual address whenever the vCPU is
 * scheduled.  An address of 0 stops it.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		struct vcpu_runstate_info *v;
		uint64_t p;
	} addr;				/* IN: guest virtual address */
};
typedef struct vcpu_register_runstate_memory_area
	vcpu_register_runstate_memory_area_t;

/*
 * arg struct vcpu_set_periodic_timer: raise VIRQ_TIMER every period_ns
 * (-EINVAL below 1 ms); VCPUOP_stop_periodic_timer (arg NULL) stops it.
 */
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
struct vcpu_set_periodic_timer {
	uint64_t period_ns;		/* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

/*
 * arg struct vcpu_set_singleshot_timer: raise VIRQ_TIMER once at
 * timeout_abs_ns (system time); a timeout already in the past fires at
 * once.  VCPU_SSHOTTMR_future once asked for -ETIME instead; Xen 4.17
 * (as measured under Debian's build) ignores the flag.
 * Only the calling vCPU's own timer may be set (-EINVAL otherwise).
 * VCPUOP_stop_singleshot_timer (arg NULL) cancels it.
 */
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* IN */
	uint32_t flags;			/* IN: VCPU_SSHOTTMR_* */
	uint32_t _pad0;			/* implicit in Xen's header */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)

/*
 * arg struct vcpu_register_vcpu_info: move this vCPU's vcpu_info to
 * byte 'offset' of frame 'mfn' (it must not cross a page boundary).
 * Can be done once per vCPU.  Errors: -EINVAL (bad offset, rsvd != 0,
 * or already registered), -EBUSY.
 */
#define VCPUOP_register_vcpu_info 10
struct vcpu_register_vcpu_info {
	uint64_t mfn;		/* IN: frame holding the new vcpu_info */
	uint32_t offset;	/* IN: its offset in that frame */
	uint32_t rsvd;		/* IN: must be zero */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

/* arg NULL: send a virtual NMI to the vCPU. */
#define VCPUOP_send_nmi 11

/* arg struct vcpu_get_physid (OUT): APIC/ACPI ids (dom0 only). */
#define VCPUOP_get_physid 12
struct vcpu_get_physid {
	uint64_t phys_id;	/* OUT: apic id low half, acpi id high half */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

/*
 * arg struct vcpu_register_time_memory_area: also copy vcpu_time_info to
 * this guest virtual address on each update (for user-space vDSO).
 */
#define VCPUOP_register_vcpu_time_memory_area 13
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
		struct vcpu_time_info *v;
		uint64_t p;
	} addr;				/* IN */
};
typedef struct vcpu_register_time_memory_area
	vcpu_register_time_memory_area_t;

ABI_SIZE(struct vcpu_runstate_info, 48);
ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);
ABI_SIZE(struct vcpu_set_periodic_timer, 8);
ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
ABI_SIZE(struct vcpu_register_vcpu_info, 16);
ABI_SIZE(struct vcpu_get_physid, 8);
ABI_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* XEN_PUBLIC_VCPU_H */
