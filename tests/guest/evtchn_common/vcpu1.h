/*
 * A second vCPU for the event and time tests: started with
 * VCPUOP_initialise/VCPUOP_up on its own stack, in guest kernel mode on
 * our page tables, events masked (no callback of its own), running
 * vcpu1_fn until the domain ends; or, with vcpu1_start_events(), taking
 * events through the same handler as vCPU 0.  Needs APPEND :=
 * dom0_max_vcpus=2.
 */
#ifndef EVTCHN_COMMON_VCPU1_H
#define EVTCHN_COMMON_VCPU1_H

#include "ev.h"
#include "vcpu.h"

static char vcpu1_stack[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_guest_context vcpu1_ctxt;
static void (*vcpu1_fn)(void);

static void __attribute__((noreturn, used)) vcpu1_entry(void)
{
	vcpu1_fn();
	for (;;)
		hc_sched_op(SCHEDOP_block, NULL);
}

static inline int vcpu1_start(void (*fn)(void))
{
	unsigned long top = (unsigned long)vcpu1_stack + sizeof(vcpu1_stack);
	struct vcpu_guest_context *c = &vcpu1_ctxt;
	long rc;

	vcpu1_fn = fn;
	shared->vcpu_info[1].evtchn_upcall_mask = 1;
	vcpu_context_kernel(c, (unsigned long)vcpu1_entry, top);
	rc = vcpu_op(VCPUOP_initialise, 1, c);
	if (!rc)
		rc = vcpu_op(VCPUOP_up, 1, NULL);
	if (rc)
		test_error("starting vCPU 1: %ld", rc);
	return rc;
}

/* Which vCPU a trap frame belongs to: the hypervisor builds vCPU 1's
 * frames on vCPU 1's own stack. */
static inline unsigned int vcpu1_frame_vcpu(const struct trap_frame *f)
{
	unsigned long a = (unsigned long)f;

	return a >= (unsigned long)vcpu1_stack &&
	       a < (unsigned long)vcpu1_stack + sizeof(vcpu1_stack);
}

static volatile bool vcpu1_ready;

/* A vcpu1_fn for tests whose vCPU 1 takes events itself: it registers
 * the event callback (callbacks are per vCPU), says it is ready, and
 * blocks for ever (SCHEDOP_block lets its events in). */
static inline void vcpu1_take_events(void)
{
	if (hc_callback_register(CALLBACKTYPE_event, entry_event, 0))
		return;
	vcpu1_ready = true;
	for (;;)
		hc_sched_op(SCHEDOP_block, NULL);
}

/* vCPU 1 up in vcpu1_take_events and ready; 0 or -1 (test_error). */
static inline int vcpu1_start_events(void)
{
	if (vcpu1_start(vcpu1_take_events))
		return -1;
	if (!EV_WAIT(vcpu1_ready, 2000000000ull)) {
		test_error("vCPU 1 did not come up");
		return -1;
	}
	return 0;
}

/*
 * rounds round trips between the vCPUs: vCPU 0 sends on to1 and the
 * test's upcall handler on vCPU 1 answers on to0; cnt[v][port] is what
 * the handler counts.  Each round waits up to 2 s for both sides.
 * False after test_fail() when a round stalls.
 */
static inline bool vcpu1_ping_pong(unsigned int (*cnt)[64], int to0,
				   int to1, unsigned int rounds)
{
	for (unsigned int i = 1; i <= rounds; i++) {
		CHECK_EQ(ev_send(to1), 0);
		if (!EV_WAIT(__atomic_load_n(&cnt[1][to1], __ATOMIC_SEQ_CST) >=
			     i, 2000000000ull) ||
		    !EV_WAIT(__atomic_load_n(&cnt[0][to0], __ATOMIC_SEQ_CST) >=
			     i, 2000000000ull)) {
			test_fail("round %u: vCPU 1 got %u, vCPU 0 got %u", i,
				  cnt[1][to1], cnt[0][to0]);
			return false;
		}
	}
	return true;
}

#endif
