/*
 * Event channels: the PV interrupt.
 *
 * An IPI port bound to our own vCPU lets one domain time both halves of
 * a notification: EVTCHNOP_send (set the port pending, and if it is not
 * masked, flag the vCPU and arrange an upcall) and the upcall itself
 * (on the way out of the hypercall the hypervisor bounces to the event
 * callback, which acknowledges the port and leaves with iret).
 *
 *  - evtchn_send_masked: the port is masked, so only the send's own
 *    bookkeeping is timed; the pending bit is cleared after each send;
 *  - evtchn_send_upcall: the port is unmasked and events are enabled,
 *    so each send is followed by a full upcall and iret.
 */
#include "bench.h"
#include <public/callback.h>
#include <public/event_channel.h>

static evtchn_port_t port;
static unsigned long upcalls;

static void bit_set(volatile unsigned long *map, unsigned int bit)
{
	__atomic_fetch_or(&map[bit / 64], 1ul << (bit % 64), __ATOMIC_SEQ_CST);
}

static void bit_clear(volatile unsigned long *map, unsigned int bit)
{
	__atomic_fetch_and(&map[bit / 64], ~(1ul << (bit % 64)),
			   __ATOMIC_SEQ_CST);
}

/* Acknowledge as a kernel must: selector word, then the port. */
static bool on_event(struct trap_frame *f)
{
	struct vcpu_info *vi = &shared->vcpu_info[0];

	upcalls++;
	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	bit_clear((unsigned long *)shared->evtchn_pending, port);
	return true;
}

static long send(void)
{
	struct evtchn_send s = { .port = port };

	return hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &s);
}

static long bind_prepare(void)
{
	struct evtchn_bind_ipi bind = { .vcpu = 0 };
	long rc;

	if (port)
		return 0;
	bench_on_trap(VEC_EVENT, on_event);
	rc = hc_callback_register(CALLBACKTYPE_event, entry_event, 0);
	if (!rc)
		rc = hypercall2(__HYPERVISOR_event_channel_op,
				EVTCHNOP_bind_ipi, &bind);
	if (!rc)
		port = bind.port;
	return rc;
}

static long masked_prepare(void)
{
	long rc = bind_prepare();

	if (!rc)
		bit_set((unsigned long *)shared->evtchn_mask, port);
	return rc;
}

static long masked_step(void)
{
	long rc = send();

	if (!(shared->evtchn_pending[port / 64] & (1ul << (port % 64))))
		return rc ? rc : -XEN_EINVAL;
	bit_clear((unsigned long *)shared->evtchn_pending, port);
	return rc;
}

/*
 * Events are enabled only around the send: the rest of the kernel runs
 * with them masked, as the library expects.
 */
static long upcall_step(void)
{
	struct vcpu_info *vi = &shared->vcpu_info[0];
	unsigned long before = upcalls;
	long rc;

	vi->evtchn_upcall_mask = 0;
	asm volatile("" ::: "memory");
	rc = send();
	asm volatile("" ::: "memory");
	vi->evtchn_upcall_mask = 1;
	if (!rc && upcalls != before + 1)
		rc = -XEN_EINVAL;
	return rc;
}

static long upcall_prepare(void)
{
	long rc = bind_prepare();

	if (rc)
		return rc;
	bit_clear((unsigned long *)shared->evtchn_pending, port);
	bit_clear((unsigned long *)shared->evtchn_mask, port);
	return 0;
}

const struct bench event_benches[] = {
	{ .name = "evtchn_send_masked", .iters = 1000,
	  .needs = HAVE_TRAPS | HAVE_SHARED, .prepare = masked_prepare,
	  .step = masked_step },
	{ .name = "evtchn_send_upcall", .iters = 1000,
	  .needs = HAVE_TRAPS | HAVE_SHARED, .prepare = upcall_prepare,
	  .step = upcall_step },
	{ 0 }
};
