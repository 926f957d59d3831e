/*
 * Ending a test with a particular shutdown reason.
 *
 * The shutdown tests print their result first (the domain is about to
 * disappear), then ask for the reason under test.  The hypervisor's
 * reaction is outside the guest: the runner checks the line it prints
 * (END in test.mk).  If the call comes back, that is a FAILURE,
 * reported with a second result line, which the runner reads last.
 */
#include "guest.h"
#include <public/sched.h>

void test_shutdown(unsigned int reason)
{
	long rc;

	test_report();
	rc = hc_shutdown(reason);
	printk("FAILURE: SCHEDOP_shutdown(%u) returned %ld\n", reason, rc);
	printk("Test result: FAILURE\n");
	for (;;)
		hc_sched_op(SCHEDOP_yield, NULL);
}
