/*
 * Helpers shared by the event-channel and time guest tests (evtchn_*,
 * timer_*, pvclock, poll).  Not a test itself (no test.mk); each test
 * includes it as "../evtchn_common/ev.h".
 *
 * The upcall handler here is what a 2-level PV kernel does: it clears
 * evtchn_upcall_pending, takes the selector with one exchange, and for
 * every word it names takes the pending, unmasked ports, clears their
 * pending bits and counts them in ev_count[] (and, in order of arrival,
 * in ev_log[]).  Events stay masked while the handler runs: the
 * hypervisor masks them when it bounces to the callback, and the return
 * (iret) restores the mask from the frame.
 */
#ifndef EVTCHN_COMMON_EV_H
#define EVTCHN_COMMON_EV_H

#include "guest.h"
#include "pvclock.h"
#include "timer.h"
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

#define EV_LOG_MAX 64

static unsigned int ev_count[4096];
static evtchn_port_t ev_log[EV_LOG_MAX];
static unsigned int ev_logged;
static unsigned long ev_upcalls;
static bool ev_upcall_unmasked;	/* an upcall came with mask clear */
/* Where each vCPU's vcpu_info is: shared_info, or where
 * VCPUOP_register_vcpu_info moved it. */
static struct vcpu_info *ev_vcpu_info[2];

static inline struct vcpu_info *ev_vi(unsigned int vcpu)
{
	if (!ev_vcpu_info[vcpu])
		ev_vcpu_info[vcpu] = &shared->vcpu_info[vcpu];
	return ev_vcpu_info[vcpu];
}

static inline long evtchn_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline unsigned long *ev_pending(void)
{
	return (unsigned long *)shared->evtchn_pending;
}

static inline unsigned long *ev_mask(void)
{
	return (unsigned long *)shared->evtchn_mask;
}

static inline bool ev_is_pending(evtchn_port_t p)
{
	return ev_pending()[p / 64] & (1ul << (p % 64));
}

static inline void ev_mask_port(evtchn_port_t p)
{
	__atomic_fetch_or(&ev_mask()[p / 64], 1ul << (p % 64),
			  __ATOMIC_SEQ_CST);
}

/* Clear the mask bit only (no hypercall): a held-back event stays so. */
static inline void ev_clear_mask_bit(evtchn_port_t p)
{
	__atomic_fetch_and(&ev_mask()[p / 64], ~(1ul << (p % 64)),
			   __ATOMIC_SEQ_CST);
}

static inline void ev_clear_pending(evtchn_port_t p)
{
	__atomic_fetch_and(&ev_pending()[p / 64], ~(1ul << (p % 64)),
			   __ATOMIC_SEQ_CST);
}

static inline void ev_record(evtchn_port_t p)
{
	if (p < ARRAY_SIZE(ev_count))
		ev_count[p]++;
	if (ev_logged < EV_LOG_MAX)
		ev_log[ev_logged++] = p;
}

/* One pass of the 2-level scan for vCPU vcpu. */
static inline void ev_scan_2l(unsigned int vcpu)
{
	struct vcpu_info *vi = ev_vi(vcpu);
	unsigned long sel, bits;
	unsigned int w, b;

	vi->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
				  __ATOMIC_SEQ_CST);
	while (sel) {
		w = __builtin_ctzl(sel);
		sel &= sel - 1;
		bits = ev_pending()[w] & ~ev_mask()[w];
		while (bits) {
			b = __builtin_ctzl(bits);
			bits &= bits - 1;
			ev_clear_pending(w * 64 + b);
			ev_record(w * 64 + b);
		}
	}
}

/* Optional per-test work in the upcall (FIFO tests scan queues). */
static void (*ev_upcall_fn)(void);

static inline bool ev_hook(struct trap_frame *f)
{
	if (f->vector != VEC_EVENT)
		return false;
	ev_upcalls++;
	if (!ev_vi(0)->evtchn_upcall_mask)
		ev_upcall_unmasked = true;
	if (ev_upcall_fn)
		ev_upcall_fn();
	else
		ev_scan_2l(0);
	return true;
}

static inline void ev_reset_counts(void)
{
	memset(ev_count, 0, sizeof(ev_count));
	ev_logged = 0;
	ev_upcalls = 0;
}

/* Callback registered, vCPU 0's periodic timer off, events masked. */
static inline int ev_setup(void)
{
	long rc;

	trap_hook = ev_hook;
	ev_vi(0)->evtchn_upcall_mask = 1;
	rc = hc_callback_register(CALLBACKTYPE_event, entry_event, 0);
	if (!rc)
		rc = vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (rc)
		test_error("event setup: %ld", rc);
	return rc;
}

/* Let pending upcalls in, then mask again: the PV "sti; cli". */
static inline void ev_window(void)
{
	struct vcpu_info *vi = ev_vi(0);

	vi->evtchn_upcall_mask = 0;
	asm volatile("" ::: "memory");
	if (vi->evtchn_upcall_pending)	/* what Linux does after unmask */
		hc_xen_version(XENVER_version, NULL);
	vi->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
}

static inline int ev_alloc_unbound(domid_t remote)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
					   .remote_dom = remote };
	long rc = evtchn_op(EVTCHNOP_alloc_unbound, &op);

	return rc ? (int)rc : (int)op.port;
}

static inline int ev_bind_loop(evtchn_port_t remote)
{
	struct evtchn_bind_interdomain op = { .remote_dom = DOMID_SELF,
					      .remote_port = remote };
	long rc = evtchn_op(EVTCHNOP_bind_interdomain, &op);

	return rc ? (int)rc : (int)op.local_port;
}

static inline int ev_bind_virq(unsigned int virq, unsigned int vcpu)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	long rc = evtchn_op(EVTCHNOP_bind_virq, &op);

	return rc ? (int)rc : (int)op.port;
}

static inline int ev_bind_ipi(unsigned int vcpu)
{
	struct evtchn_bind_ipi op = { .vcpu = vcpu };
	long rc = evtchn_op(EVTCHNOP_bind_ipi, &op);

	return rc ? (int)rc : (int)op.port;
}

static inline long ev_send(evtchn_port_t p)
{
	struct evtchn_send op = { .port = p };

	return evtchn_op(EVTCHNOP_send, &op);
}

static inline long ev_close(evtchn_port_t p)
{
	struct evtchn_close op = { .port = p };

	return evtchn_op(EVTCHNOP_close, &op);
}

static inline long ev_unmask(evtchn_port_t p)
{
	struct evtchn_unmask op = { .port = p };

	ev_clear_mask_bit(p);
	return evtchn_op(EVTCHNOP_unmask, &op);
}

/* Xen's way to say "the hypervisor did not unmask it": the mask bit and
 * EVTCHNOP_unmask without clearing it first. */
static inline long ev_unmask_op_only(evtchn_port_t p)
{
	struct evtchn_unmask op = { .port = p };

	return evtchn_op(EVTCHNOP_unmask, &op);
}

static inline long ev_status(domid_t dom, evtchn_port_t p,
			     struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = p;
	return evtchn_op(EVTCHNOP_status, st);
}

/* ev_setup(), then vCPU 0's VIRQ_TIMER on an unmasked port, with fn as
 * the upcall's work (fn calls ev_scan_2l itself).  The port, or -1 after
 * test_error(). */
static inline int ev_setup_timer(void (*fn)(void))
{
	int port;

	if (ev_setup())
		return -1;
	port = ev_bind_virq(VIRQ_TIMER, 0);
	if (port <= 0) {
		test_error("bind_virq(TIMER): %d", port);
		return -1;
	}
	ev_clear_mask_bit(port);
	ev_upcall_fn = fn;
	return port;
}

/* System time in ns from vCPU vcpu's PV clock (lib/pvclock.h), read
 * where its vcpu_info is now. */
static inline uint64_t pvclock_ns(unsigned int vcpu)
{
	return pvclock_read(&ev_vi(vcpu)->time);
}

/* Spin (events open) until cond or the PV clock passes limit_ns. */
#define EV_WAIT(cond, limit_ns) ({					\
	uint64_t end_ = pvclock_ns(0) + (limit_ns);			\
	while (!(cond) && pvclock_ns(0) < end_)				\
		ev_window();						\
	(cond);								\
})

#endif
