/*
 * shutdown_code: SCHEDOP_shutdown_code records a reason that a later
 * shutdown reports instead of its own (a guest kernel sets "reboot" and
 * then crashes or halts).  The first recorded code sticks; bad codes
 * are not checked by Xen and are not tried here.
 */
#include "guest.h"
#include <public/sched.h>

const char test_title[] = "shutdown_code: recorded reason overrides";
const unsigned int test_needs = 0;

void test_main(void)
{
	struct sched_shutdown s = { .reason = SHUTDOWN_reboot };

	CHECK_EQ(hc_sched_op(SCHEDOP_shutdown_code, &s), 0);
	test_shutdown(SHUTDOWN_poweroff);
}
