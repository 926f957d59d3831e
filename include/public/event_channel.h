/*
 * HYPERVISOR_event_channel_op(int cmd, void *arg): event channels, the
 * PV replacement for interrupts.
 *
 * An event channel is a port number in one domain, bound to a source: a
 * port in another domain (interdomain), a virtual IRQ of the hypervisor
 * (virq), a physical IRQ (pirq), or another vCPU of the same domain
 * (ipi).  Sending on one end marks the other end's port pending; if the
 * port is not masked, the vCPU it is bound to gets an upcall.
 *
 * Two layouts of the pending/mask state exist.  The 2-level ABI keeps
 * them in shared_info (4096 ports on 64-bit).  The FIFO ABI, switched on
 * with EVTCHNOP_init_control, keeps one 32-bit event word per port in
 * guest pages added with EVTCHNOP_expand_array, and per-vCPU queues of
 * 16 priorities in a control block (up to 2^17 ports).
 *
 * Unless noted, each sub-op works on the calling domain (DOMID_SELF) and
 * fails with -EFAULT for a bad argument pointer, -EINVAL for a port out
 * of range, -ENOSYS for an unknown cmd.
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11
#define EVTCHNOP_expand_array 12
#define EVTCHNOP_set_priority 13

/* evtchn_port_t is defined in xen.h (sched.h needs it too). */

/*
 * EVTCHNOP_alloc_unbound: allocate a port in 'dom' that only
 * 'remote_dom' may later bind to with bind_interdomain.  dom other than
 * DOMID_SELF needs privilege (-EPERM).  -ESRCH: no such domain;
 * -ENOSPC: no free port.
 */
struct evtchn_alloc_unbound {
	domid_t dom, remote_dom;	/* IN */
	evtchn_port_t port;		/* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to remote_port of
 * remote_dom, which must be unbound and offered to this domain.
 * -EINVAL: remote port not unbound or not offered to us; -ESRCH;
 * -ENOSPC.
 */
struct evtchn_bind_interdomain {
	domid_t remote_dom;		/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	evtchn_port_t remote_port;	/* IN */
	evtchn_port_t local_port;	/* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: bind VIRQ 'virq' on 'vcpu' to a new port.  Global
 * VIRQs must be bound on vCPU 0 first.  -EEXIST: already bound;
 * -EINVAL: bad virq; -ENOENT: no such vCPU.
 */
struct evtchn_bind_virq {
	uint32_t virq;			/* IN: VIRQ_* */
	uint32_t vcpu;			/* IN */
	evtchn_port_t port;		/* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: bind physical IRQ 'pirq' (privileged domains with
 * access to it) to a new port.  -EPERM, -EEXIST, -EINVAL.
 */
struct evtchn_bind_pirq {
	uint32_t pirq;			/* IN */
#define BIND_PIRQ__WILL_SHARE 1
	uint32_t flags;			/* IN: BIND_PIRQ__* */
	evtchn_port_t port;		/* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* EVTCHNOP_bind_ipi: a new port that notifies 'vcpu' of this domain. */
struct evtchn_bind_ipi {
	uint32_t vcpu;			/* IN */
	evtchn_port_t port;		/* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: unbind a port; an interdomain peer becomes unbound
 * (offered to us again).  Closing a closed port is -EINVAL.
 */
struct evtchn_close {
	evtchn_port_t port;		/* IN */
};
typedef struct evtchn_close evtchn_close_t;

/* EVTCHNOP_send: signal the other end of an interdomain or IPI port. */
struct evtchn_send {
	evtchn_port_t port;		/* IN */
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: what <dom, port> is bound to.  Another domain's port
 * needs privilege (-EPERM).  -ESRCH: no such domain.
 */
struct evtchn_status {
	domid_t dom;			/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	evtchn_port_t port;		/* IN */
#define EVTCHNSTAT_closed 0		/* free */
#define EVTCHNSTAT_unbound 1		/* waiting for u.unbound.dom */
#define EVTCHNSTAT_interdomain 2	/* connected to u.interdomain */
#define EVTCHNSTAT_pirq 3		/* bound to u.pirq */
#define EVTCHNSTAT_virq 4		/* bound to u.virq */
#define EVTCHNSTAT_ipi 5		/* IPI within the domain */
	uint32_t status;		/* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;			/* OUT: vCPU notified */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			uint16_t _pad0;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;				/* OUT */
};
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: deliver a port's events to another vCPU (VIRQ
 * ports only if the VIRQ is global; interdomain, pirq and unbound
 * ports).  -EINVAL otherwise; -ENOENT: no such vCPU.
 */
struct evtchn_bind_vcpu {
	evtchn_port_t port;		/* IN */
	uint32_t vcpu;			/* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * EVTCHNOP_unmask: clear the port's mask and, if it is pending, deliver
 * the upcall that was held back.
 */
struct evtchn_unmask {
	evtchn_port_t port;		/* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset: close every port of 'dom' (DOMID_SELF or, privileged,
 * another) and return to the 2-level ABI.  -ESRCH, -EPERM.
 */
struct evtchn_reset {
	domid_t dom;			/* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * EVTCHNOP_init_control: switch to the FIFO ABI, giving vCPU 'vcpu' its
 * control block at byte 'offset' of frame control_gfn.  Call once per
 * vCPU.  -EINVAL (offset not aligned or beyond the page, or already
 * set for this vCPU), -ENOENT (no such vCPU).
 */
struct evtchn_init_control {
	uint64_t control_gfn;		/* IN */
	uint32_t offset;		/* IN */
	uint32_t vcpu;			/* IN */
	uint8_t link_bits;		/* OUT: bits in a LINK field (17) */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/*
 * EVTCHNOP_expand_array: add one page of event words (1024 ports) to
 * the FIFO array.  -EOPNOTSUPP (FIFO not on), -ENOMEM/-ENOSPC (array
 * full).
 */
struct evtchn_expand_array {
	uint64_t array_gfn;		/* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/*
 * EVTCHNOP_set_priority: FIFO queue of a port, 0 (highest) to 15.
 * -EINVAL (bad priority or 2-level ABI: -ENOSYS there).
 */
struct evtchn_set_priority {
	evtchn_port_t port;		/* IN */
	uint32_t priority;		/* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* Argument of the old __HYPERVISOR_event_channel_op_compat (16). */
struct evtchn_op {
	uint32_t cmd;			/* EVTCHNOP_* */
	union {
		evtchn_alloc_unbound_t alloc_unbound;
		evtchn_bind_interdomain_t bind_interdomain;
		evtchn_bind_virq_t bind_virq;
		evtchn_bind_pirq_t bind_pirq;
		evtchn_bind_ipi_t bind_ipi;
		evtchn_close_t close;
		evtchn_send_t send;
		evtchn_status_t status;
		evtchn_bind_vcpu_t bind_vcpu;
		evtchn_unmask_t unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;

/* Ports of the 2-level ABI: one bit per port in two levels of words. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI.  Each port has an event word: four flag bits and the port
 * number of the next event in its queue (LINK).  A queue is a linked
 * list through these words, its head in the control block.
 */
#define EVTCHN_FIFO_PRIORITY_MAX 0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN 15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED 30
#define EVTCHN_FIFO_LINKED 29
#define EVTCHN_FIFO_BUSY 28

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

/*
 * Per-vCPU FIFO control block.  'ready' has bit q set when queue q is
 * non-empty; head[q] is the first port of queue q.
 */
struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

ABI_SIZE(struct evtchn_alloc_unbound, 8);
ABI_SIZE(struct evtchn_bind_interdomain, 12);
ABI_SIZE(struct evtchn_bind_virq, 12);
ABI_SIZE(struct evtchn_bind_pirq, 12);
ABI_SIZE(struct evtchn_bind_ipi, 8);
ABI_SIZE(struct evtchn_close, 4);
ABI_SIZE(struct evtchn_send, 4);
ABI_SIZE(struct evtchn_status, 24);
ABI_OFFSET(struct evtchn_status, u, 16);
ABI_SIZE(struct evtchn_bind_vcpu, 8);
ABI_SIZE(struct evtchn_unmask, 4);
ABI_SIZE(struct evtchn_reset, 2);
ABI_SIZE(struct evtchn_init_control, 24);
ABI_SIZE(struct evtchn_expand_array, 8);
ABI_SIZE(struct evtchn_set_priority, 8);
ABI_SIZE(struct evtchn_op, 28);
ABI_SIZE(struct evtchn_fifo_control_block, 72);

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */
