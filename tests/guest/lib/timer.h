/*
 * Sleeping on the one-shot timer, as a PV kernel idles: arm
 * set_timer_op (an absolute system time in ns), SCHEDOP_block.  When the
 * timer fires, VIRQ_TIMER's port becomes pending, the vCPU wakes, and the
 * hypervisor bounces to the event callback with events masked again.
 *
 * Every vCPU starts with a 10 ms periodic timer on the same VIRQ;
 * timer_virq_setup() stops it first, as Linux does, or a tick would end
 * a sleep early.  For tests that want only the timer (sched_block,
 * sched_hog); the event-channel tests have their own upcall handler in
 * evtchn_common/ev.h.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include "guest.h"
#include <public/event_channel.h>

/* Arm vCPU's one-shot timer at deadline (0 cancels it). */
long set_timer_op(uint64_t deadline);

/*
 * vCPU 0: periodic tick off, hook as trap_hook, the event callback
 * registered, VIRQ_TIMER bound to a port and unmasked.  Returns the port,
 * or -1 after test_error().
 */
int timer_virq_setup(bool (*hook)(struct trap_frame *f));

/*
 * What an upcall handler does for the timer port: clear vCPU 0's
 * upcall flag and selector and the port's pending bit.  Returns whether
 * the port was pending.
 */
bool timer_virq_ack(evtchn_port_t port);

/* Sleep until deadline (or any event), then mask events again: block
 * let them in, and a kernel masks them itself. */
void timer_sleep_until(uint64_t deadline);

#endif
