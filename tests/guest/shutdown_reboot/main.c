/*
 * shutdown_reboot: dom0 asks for SCHEDOP_shutdown(SHUTDOWN_reboot).
 * The call must not return; the runner checks the hypervisor's
 * reaction.
 */
#include "guest.h"
#include <public/sched.h>

const char test_title[] = "shutdown_reboot: SCHEDOP_shutdown(reboot)";
const unsigned int test_needs = 0;

void test_main(void)
{
	test_shutdown(SHUTDOWN_reboot);
}
