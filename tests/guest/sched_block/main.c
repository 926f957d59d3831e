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
#include "pvclock.h"
#include "timer.h"
#include <public/sched.h>

const char test_title[] = "sched_block: block until a timer event";

#define SLOP_NS 100000ull

static unsigned long upcalls;
static evtchn_port_t timer_port;
static bool port_was_pending;

/* Acknowledge the timer, as an event handler must. */
static bool event_hook(struct trap_frame *f)
{
	if (f->vector != VEC_EVENT)
		return false;
	upcalls++;
	CHECK(shared->vcpu_info[0].evtchn_upcall_mask,
	      "upcall with events unmasked");
	if (timer_virq_ack(timer_port))
		port_was_pending = true;
	return true;
}

static void check_block(uint64_t wait_ns)
{
	uint64_t start = pvclock_now(), deadline = start + wait_ns, end;

	upcalls = 0;
	port_was_pending = false;
	CHECK_EQ(set_timer_op(deadline), 0);
	CHECK_EQ(hc_sched_op(SCHEDOP_block, NULL), 0);
	end = pvclock_now();
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
	int port = timer_virq_setup(event_hook);
	uint64_t t0, t1;

	if (port < 0)
		return;
	timer_port = (evtchn_port_t)port;
	t0 = pvclock_now();
	CHECK_EQ(hc_sched_op(SCHEDOP_yield, NULL), 0);
	t1 = pvclock_now();
	CHECK(t1 >= t0, "clock went backwards: %lu -> %lu", (unsigned long)t0,
	      (unsigned long)t1);
	check_block(20 * 1000 * 1000);
	check_block(1000 * 1000);
	/* Cancelling (deadline 0) is accepted. */
	CHECK_EQ(set_timer_op(0), 0);
	CHECK_EQ(upcalls, 1);
}
