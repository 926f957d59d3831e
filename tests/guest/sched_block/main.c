/*
 * Blocking until an event: SCHEDOP_block, the one-shot timer and the
 * event upcall.
 *
 * A PV kernel idles by arming set_timer_op (an absolute system time in
 * ns) and calling SCHEDOP_block, which also re-enables event delivery.
 * When the timer fires, VIRQ_TIMER's port becomes pending, the vCPU
 * wakes, and the hypervisor bounces to the event callback with events
 * masked again.  The test reads the PV clock (vcpu_time_info scaled
 * from the TSC) to check that it really slept until the deadline, and
 * that SCHEDOP_yield does not disturb the clock.  Every vCPU starts with
 * a 10 ms periodic timer on the same VIRQ; like Linux, the test stops it
 * first, or a tick would end the sleep early.
 */
#include "guest.h"
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "sched_block: block until a timer event";

#define SLOP_NS 100000ull

static unsigned long upcalls;
static evtchn_port_t timer_port;
static bool port_was_pending;

/* Nanoseconds of system time now, from the PV clock. */
static uint64_t now_ns(void)
{
	const struct vcpu_time_info *t = &shared->vcpu_info[0].time;
	uint32_t version, lo, hi;
	uint64_t delta, ns;

	do {
		version = t->version;
		asm volatile("" ::: "memory");
		asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
		delta = (((uint64_t)hi << 32) | lo) - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time +
			(uint64_t)(((unsigned __int128)delta *
				    t->tsc_to_system_mul) >> 32);
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

/* Acknowledge everything pending, as an event handler must. */
static bool event_hook(struct trap_frame *f)
{
	struct vcpu_info *vi = &shared->vcpu_info[0];
	unsigned long *pending = (unsigned long *)shared->evtchn_pending;

	if (f->vector != VEC_EVENT)
		return false;
	upcalls++;
	CHECK(vi->evtchn_upcall_mask, "upcall with events unmasked");
	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	if (pending[timer_port / 64] & (1ul << (timer_port % 64)))
		port_was_pending = true;
	__atomic_fetch_and(&pending[timer_port / 64],
			   ~(1ul << (timer_port % 64)), __ATOMIC_SEQ_CST);
	return true;
}

static long set_timer(uint64_t deadline)
{
	return hypercall1(__HYPERVISOR_set_timer_op, deadline);
}

static int setup(void)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	unsigned long *mask = (unsigned long *)shared->evtchn_mask;
	long rc;

	trap_hook = event_hook;
	rc = hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_stop_periodic_timer, 0,
			NULL);
	if (!rc)
		rc = hc_callback_register(CALLBACKTYPE_event, entry_event, 0);
	if (!rc)
		rc = hypercall2(__HYPERVISOR_event_channel_op,
				EVTCHNOP_bind_virq, &bind);
	if (rc) {
		test_error("event setup: %ld", rc);
		return rc;
	}
	timer_port = bind.port;
	mask[timer_port / 64] &= ~(1ul << (timer_port % 64));
	return 0;
}

static void check_block(uint64_t wait_ns)
{
	uint64_t start = now_ns(), deadline = start + wait_ns, end;

	upcalls = 0;
	port_was_pending = false;
	CHECK_EQ(set_timer(deadline), 0);
	CHECK_EQ(hc_sched_op(SCHEDOP_block, NULL), 0);
	end = now_ns();
	/* Block re-enabled events; a kernel masks them again itself. */
	shared->vcpu_info[0].evtchn_upcall_mask = 1;
	printk("blocked %lu us for a %lu us timer, %lu upcall(s)\n",
	       (unsigned long)(end - start) / 1000,
	       (unsigned long)wait_ns / 1000, upcalls);
	CHECK(upcalls == 1, "%lu upcalls", upcalls);
	CHECK(port_was_pending, "timer port %u not pending", timer_port);
	/* Xen may fire a timer up to timer_slop (50 us) early. */
	CHECK(end + SLOP_NS >= deadline, "woke %lu ns before the deadline",
	      (unsigned long)(deadline - end));
}

void test_main(void)
{
	uint64_t t0, t1;

	if (setup())
		return;
	t0 = now_ns();
	CHECK_EQ(hc_sched_op(SCHEDOP_yield, NULL), 0);
	t1 = now_ns();
	CHECK(t1 >= t0, "clock went backwards: %lu -> %lu", (unsigned long)t0,
	      (unsigned long)t1);
	check_block(20 * 1000 * 1000);
	check_block(1000 * 1000);
	/* Cancelling (deadline 0) is accepted. */
	CHECK_EQ(set_timer(0), 0);
	CHECK_EQ(upcalls, 1);
}
