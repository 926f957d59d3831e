/*
 * HYPERVISOR_callback_op(int cmd, void *arg): where the hypervisor enters
 * a PV guest kernel.
 *
 * A PV kernel has no IDT of its own for asynchronous events.  Instead it
 * registers entry points: 'event' is the upcall that runs when an event
 * channel becomes pending (the guest's interrupt entry), 'failsafe' runs
 * when the hypervisor cannot restore the guest's segment registers on a
 * return to it, 'syscall' receives SYSCALL from 64-bit user space, and
 * 'nmi' receives virtual NMIs.  (The older __HYPERVISOR_set_callbacks sets
 * event, failsafe and syscall in one call.)
 */
#ifndef XEN_PUBLIC_CALLBACK_H
#define XEN_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event 0
#define CALLBACKTYPE_failsafe 1
#define CALLBACKTYPE_syscall 2		/* 64-bit user SYSCALL */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi 4
#define CALLBACKTYPE_sysenter 5		/* 32-bit user SYSENTER */
#define CALLBACKTYPE_syscall32 7	/* 32-bit user SYSCALL */

/* Mask event delivery on entry (as an interrupt gate clears IF). */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events (1U << _CALLBACKF_mask_events)

/*
 * CALLBACKOP_register: set the entry point for 'type'.
 * Errors: -EFAULT, -EINVAL (unknown type, non-canonical address).
 */
#define CALLBACKOP_register 0
struct callback_register {
	uint16_t type;			/* IN: CALLBACKTYPE_* */
	uint16_t flags;			/* IN: CALLBACKF_* */
	uint32_t _pad0;			/* implicit in Xen's header */
	xen_callback_t address;		/* IN: entry point */
};
typedef struct callback_register callback_register_t;

/*
 * CALLBACKOP_unregister: remove the entry point for 'type'.  Only the NMI
 * callback can be removed; others fail with -EINVAL.
 */
#define CALLBACKOP_unregister 1
struct callback_unregister {
	uint16_t type;			/* IN: CALLBACKTYPE_* */
	uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;

ABI_SIZE(struct callback_register, 16);
ABI_SIZE(struct callback_unregister, 4);

#endif /* XEN_PUBLIC_CALLBACK_H */
