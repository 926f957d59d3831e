/*
 * Event channels: the hypervisor's interrupt controller for guests.
 *
 * A domain owns a table of ports (0 .. max).  A port is free, reserved
 * (port 0, never usable), unbound (waiting for a named remote domain to
 * connect), interdomain (connected to a port of another domain, or of the
 * same one), or bound to a virtual IRQ, a physical IRQ or an IPI between
 * the domain's own vCPUs.  "Sending" on a port makes its peer pending;
 * how that is shown to the guest is the ABI's business:
 *
 *   2-level  a pending and a mask bitmap in shared_info (4096 ports),
 *            a selector word and the upcall flag in each vcpu_info
 *   FIFO     one 32-bit event word per port in guest pages, per-vCPU
 *            queues by priority, linked through the words, with heads and
 *            a ready bitmap in a control block the guest registers
 *
 * Both sit behind struct evtchn_port_ops; a domain starts 2-level and
 * switches to FIFO with EVTCHNOP_init_control (EVTCHNOP_reset goes back).
 *
 * The core (common/event/) knows nothing of struct domain: it acts on a
 * struct evtchn_domain that the owner embeds, and reaches the rest of
 * the hypervisor through the evtchn_env_*() hooks below.  The hypervisor
 * implements them in event/evtchn_glue.c; host unit tests implement them
 * over fake guest memory.
 *
 * Locking: evtchn_domain.lock protects the port table, every channel's
 * state and (under FIFO) the queue tails.  An operation touching two
 * domains takes both locks, lower domain ID first (evtchn_lock_pair()).
 * Bits the guest also writes (pending, mask, selector, event words) are
 * changed with atomic operations only.  The lock is taken with
 * interrupts off: VIRQs are sent from timer and interrupt context.
 */
#ifndef XENOLITH_EVENT_H
#define XENOLITH_EVENT_H

#include <xenolith/types.h>
#include <xenolith/spinlock.h>
#include <xenolith/hypercall.h>
#include <public/event_channel.h>

#define EVTCHN_MAX_VCPUS	8	/* as struct domain's MAX_VCPUS */
#define EVTCHN_NR_PIRQS		256	/* physical IRQs a domain may bind */

/* Channels live in page-sized buckets of 256, found through one page of
 * bucket pointers: 512 * 256 = 2^17 ports, the FIFO ABI's maximum.
 * Ports become valid EVTCHN_VALID_STEP at a time, as in Xen. */
#define EVTCHNS_PER_BUCKET	256
#define EVTCHN_VALID_STEP	64
#define EVTCHN_NR_BUCKETS	512
#define EVTCHN_MAX_PORTS	(EVTCHNS_PER_BUCKET * EVTCHN_NR_BUCKETS)

enum evtchn_state {
	ECS_FREE,
	ECS_RESERVED,		/* port 0 */
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_PIRQ,
	ECS_VIRQ,
	ECS_IPI,
};

struct evtchn {
	uint8_t state;		/* enum evtchn_state */
	uint8_t priority;	/* FIFO queue it joins next time */
	uint8_t last_vcpu;	/* FIFO queue it was last linked on: */
	uint8_t last_priority;	/*   vCPU and priority */
	uint16_t notify_vcpu;	/* vCPU told when it becomes pending */
	bool fifo_pending;	/* FIFO: pending while its word has no page */
	uint8_t pad;
	union {
		domid_t unbound_dom;	/* UNBOUND: who may connect */
		struct {
			domid_t dom;
			evtchn_port_t port;
		} inter;		/* INTERDOMAIN: the peer */
		uint32_t virq;		/* VIRQ */
		uint32_t pirq;		/* PIRQ */
	} u;
};

struct evtchn_domain;
struct evtchn_fifo_vcpu;
struct evtchn_fifo_domain;

/* How pending and masked are represented: one table per ABI. */
struct evtchn_port_ops {
	const char *name;
	unsigned int abi_max_ports;	/* ports the ABI can name */
	void (*set_pending)(struct evtchn_domain *ed, evtchn_port_t port);
	void (*clear_pending)(struct evtchn_domain *ed, evtchn_port_t port);
	void (*unmask)(struct evtchn_domain *ed, evtchn_port_t port);
	bool (*is_pending)(const struct evtchn_domain *ed, evtchn_port_t port);
	bool (*is_masked)(const struct evtchn_domain *ed, evtchn_port_t port);
	/* NULL: the ABI has no priorities (-ENOSYS). */
	int (*set_priority)(struct evtchn_domain *ed, struct evtchn *chn,
			    unsigned int priority);
};

extern const struct evtchn_port_ops evtchn_ops_2l;
extern const struct evtchn_port_ops evtchn_ops_fifo;

struct evtchn_vcpu {
	struct vcpu_info *vcpu_info;	/* selector and upcall flags */
	evtchn_port_t virq_port[NR_VIRQS];	/* 0: not bound */
	struct evtchn_fifo_vcpu *fifo;	/* FIFO queues, NULL under 2L */
};

struct evtchn_domain {
	domid_t domid;
	bool privileged;		/* may act on other domains */
	bool dying;			/* no new ports */
	struct shared_info *shared_info;
	unsigned int nr_vcpus;
	struct evtchn_vcpu vcpu[EVTCHN_MAX_VCPUS];
	spinlock_t lock;		/* see the essay above */
	unsigned int max_ports;		/* this domain's limit (<= ABI's) */
	unsigned int valid_ports;	/* ports with a struct evtchn */
	struct evtchn **bucket;		/* one page of bucket pointers */
	const struct evtchn_port_ops *ops;
	struct evtchn_fifo_domain *fifo;	/* NULL under 2L */
	evtchn_port_t pirq_port[EVTCHN_NR_PIRQS];
};

/* ---- Life of a domain's event state ---- */

/* Set up ed for a domain: port 0 reserved, 2-level ABI.  The caller has
 * filled domid, privileged, shared_info, nr_vcpus, vcpu[].vcpu_info and
 * max_ports (0: the ABI's maximum).  -ENOMEM when out of memory. */
int evtchn_domain_init(struct evtchn_domain *ed);
/* The domain dies: close every port (peers see their end go unbound),
 * leave FIFO, free everything. */
void evtchn_domain_destroy(struct evtchn_domain *ed);

/* ---- EVTCHNOP_* on local copies (the caller copied them in/out) ---- */
/* ed is the calling domain; every operation returns 0 or -XEN_E*. */
int evtchn_alloc_unbound(struct evtchn_domain *ed,
			 struct evtchn_alloc_unbound *op);
int evtchn_bind_interdomain(struct evtchn_domain *ed,
			    struct evtchn_bind_interdomain *op);
int evtchn_bind_virq(struct evtchn_domain *ed, struct evtchn_bind_virq *op);
int evtchn_bind_ipi(struct evtchn_domain *ed, struct evtchn_bind_ipi *op);
int evtchn_bind_pirq(struct evtchn_domain *ed, struct evtchn_bind_pirq *op);
int evtchn_close(struct evtchn_domain *ed, evtchn_port_t port);
int evtchn_send(struct evtchn_domain *ed, evtchn_port_t port);
int evtchn_status(struct evtchn_domain *ed, struct evtchn_status *op);
int evtchn_bind_vcpu(struct evtchn_domain *ed, evtchn_port_t port,
		     unsigned int vcpu);
int evtchn_unmask(struct evtchn_domain *ed, evtchn_port_t port);
int evtchn_reset(struct evtchn_domain *ed, domid_t dom);
int evtchn_reset_cont(struct evtchn_domain *ed, domid_t dom);
int evtchn_init_control(struct evtchn_domain *ed,
			struct evtchn_init_control *op);
int evtchn_expand_array(struct evtchn_domain *ed,
			const struct evtchn_expand_array *op);
int evtchn_set_priority(struct evtchn_domain *ed,
			const struct evtchn_set_priority *op);

/* ---- Asked by the rest of the hypervisor ---- */

/* Is this port pending (SCHEDOP_poll)?  -EINVAL unless it is in use. */
int evtchn_port_poll_state(struct evtchn_domain *ed, evtchn_port_t port);
/* Virtual IRQs (virq.c). */
bool virq_is_global(unsigned int virq);
void send_guest_vcpu_virq(struct evtchn_domain *ed, unsigned int vcpu,
			  unsigned int virq);
void send_guest_global_virq(struct evtchn_domain *ed, unsigned int virq);
/* A physical IRQ bound as pirq fired (the IRQ layer calls this). */
void send_guest_pirq(struct evtchn_domain *ed, unsigned int pirq);

/* ---- Inside the core ---- */

struct evtchn *evtchn_from_port(const struct evtchn_domain *ed,
				evtchn_port_t port);
bool evtchn_port_valid(const struct evtchn_domain *ed, evtchn_port_t port);
/* Make port pending on its own domain (lock held). */
void evtchn_set_pending(struct evtchn_domain *ed, evtchn_port_t port);
/* Set vcpu_info's upcall flag; kick the vCPU on the 0 -> 1 edge. */
void evtchn_mark_upcall(struct evtchn_domain *ed, unsigned int vcpu);
void evtchn_lock_pair(struct evtchn_domain *a, struct evtchn_domain *b,
		      unsigned long *flags);
void evtchn_unlock_pair(struct evtchn_domain *a, struct evtchn_domain *b,
			unsigned long flags);
struct evtchn_fifo_domain *evtchn_fifo_detach(struct evtchn_domain *ed);
void evtchn_fifo_release(struct evtchn_domain *ed,
			 struct evtchn_fifo_domain *f);
/* Each guest page the FIFO state maps (control blocks, event arrays),
 * for the frame auditor; the caller keeps the state from changing. */
void evtchn_fifo_for_each_page(const struct evtchn_domain *ed,
			       void (*fn)(void *ctx, void *va), void *ctx);
evtchn_port_t evtchn_fifo_tail(const struct evtchn_domain *ed,
			       unsigned int vcpu, unsigned int prio);
bool evtchn_is_locked(const struct evtchn_domain *ed);

/* ---- The hypervisor's side (evtchn_glue.c, evtchn_op.c) ---- */

struct domain;
struct vcpu;
/* d's event state, made on first use; NULL when out of memory. */
struct evtchn_domain *evtchn_of(struct domain *d);
/* d's event state if it has any yet; never allocates (IRQ context). */
struct evtchn_domain *evtchn_find(struct domain *d);
/* Global VIRQs for dom0: any, console input, a domain shut down. */
void send_global_virq_dom0(unsigned int virq);
void console_guest_input_notify(void);
void evtchn_notify_dom_exc(void);
/* A global VIRQ for dom0 from a context that holds other locks (printk,
 * the allocator): sent from a softirq.  On from evtchn_dom0_virq_init()
 * (end of boot). */
void send_global_virq_dom0_later(unsigned int virq);
void evtchn_dom0_virq_init(void);
/* A physical IRQ, pirq of domain dom, fired (IRQ context). */
void evtchn_send_pirq(domid_t dom, unsigned int pirq);
/* Debug key 'q': VIRQ_DEBUG to every vCPU of every domain that has
 * event channels; returns how many such domains there are. */
unsigned int evtchn_debug_key(void);
/* Called by domain_kill(): close every port, free the state. */
void evtchn_domain_teardown(struct domain *d);
/* For the frame auditor: add(acc, mfn, true) once per guest frame the
 * event code holds a writable reference on (FIFO pages, every domain). */
void evtchn_report_refs(void (*add)(void *acc, mfn_t mfn, bool type_ref),
			void *acc);
/* Raise v's upcall flag and kick it (arch hook). */
void vcpu_mark_events_pending(struct vcpu *v);
/* Is v inside SCHEDOP_poll (cpu/vtimer.c)? */
bool vtime_vcpu_polling(const struct vcpu *v);

/* ---- Provided by the environment (evtchn_glue.c or a host test) ---- */

/* The event state of domain id, NULL if there is none. */
struct evtchn_domain *evtchn_env_lookup(domid_t id);
/* evtchn_upcall_pending went 0 -> 1 on vCPU vcpu: deliver the callback
 * soon (IPI it if it runs elsewhere, wake it if it blocks). */
void evtchn_env_kick(struct evtchn_domain *ed, unsigned int vcpu);
/* port went pending: wake a vCPU polling it (SCHEDOP_poll). */
void evtchn_env_port_pending(struct evtchn_domain *ed, evtchn_port_t port);
/* A writable hypervisor mapping of the guest's frame gfn, or NULL when
 * the frame is not the guest's ordinary RAM; undone by evtchn_env_unmap. */
void *evtchn_env_map_gfn(struct evtchn_domain *ed, uint64_t gfn);
void evtchn_env_unmap(struct evtchn_domain *ed, void *va);
/* Route physical IRQ pirq to the domain (0), or why not. */
int evtchn_env_pirq_bind(struct evtchn_domain *ed, unsigned int pirq,
			 bool share);
void evtchn_env_pirq_unbind(struct evtchn_domain *ed, unsigned int pirq);
/* Is the domain paused by its controller (EVTCHNOP_reset of it)? */
bool evtchn_env_paused(struct evtchn_domain *ed);
/* Page-sized, zeroed allocations for buckets and FIFO state. */
void *evtchn_env_alloc_page(void);
void evtchn_env_free_page(void *p);

#endif
