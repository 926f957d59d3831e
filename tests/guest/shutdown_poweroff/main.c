/*
 * shutdown_poweroff: dom0 asks for SCHEDOP_shutdown(SHUTDOWN_poweroff).
 * The call must not return; the runner checks the hypervisor's
 * reaction.
 */
#include "guest.h"
#include <public/sched.h>

const char test_title[] = "shutdown_poweroff: SCHEDOP_shutdown(poweroff)";
const unsigned int test_needs = 0;

void test_main(void)
{
	test_shutdown(SHUTDOWN_poweroff);
}
