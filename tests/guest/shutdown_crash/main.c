/*
 * shutdown_crash: dom0 asks for SCHEDOP_shutdown(SHUTDOWN_crash).
 * The call must not return; the runner checks the hypervisor's
 * reaction.
 */
#include "guest.h"
#include <public/sched.h>

const char test_title[] = "shutdown_crash: SCHEDOP_shutdown(crash)";
const unsigned int test_needs = 0;

void test_main(void)
{
	test_shutdown(SHUTDOWN_crash);
}
