/*
 * The one-shot timer and VIRQ_TIMER for tests that sleep (timer.h).
 */
#include "timer.h"
#include <public/callback.h>
#include <public/sched.h>
#include <public/vcpu.h>

long set_timer_op(uint64_t deadline)
{
	return hypercall1(__HYPERVISOR_set_timer_op, deadline);
}

int timer_virq_setup(bool (*hook)(struct trap_frame *f))
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	unsigned long *mask = (unsigned long *)shared->evtchn_mask;
	long rc;

	trap_hook = hook;
	rc = hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_stop_periodic_timer, 0,
			NULL);
	if (!rc)
		rc = hc_callback_register(CALLBACKTYPE_event, entry_event, 0);
	if (!rc)
		rc = hypercall2(__HYPERVISOR_event_channel_op,
				EVTCHNOP_bind_virq, &bind);
	if (rc) {
		test_error("event setup: %ld", rc);
		return -1;
	}
	mask[bind.port / 64] &= ~(1ul << (bind.port % 64));
	return (int)bind.port;
}

bool timer_virq_ack(evtchn_port_t port)
{
	struct vcpu_info *vi = &shared->vcpu_info[0];
	unsigned long *pending = (unsigned long *)shared->evtchn_pending;
	unsigned long bit = 1ul << (port % 64);

	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	return __atomic_fetch_and(&pending[port / 64], ~bit,
				  __ATOMIC_SEQ_CST) & bit;
}

void timer_sleep_until(uint64_t deadline)
{
	set_timer_op(deadline);
	hc_sched_op(SCHEDOP_block, NULL);
	shared->vcpu_info[0].evtchn_upcall_mask = 1;
}
