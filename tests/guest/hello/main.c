/*
 * hello: the smallest guest test.  It needs nothing but console_io and
 * sched_op(shutdown), so it is the first kernel a new hypervisor boots.
 */
#include "guest.h"

const char test_title[] = "hello: print and succeed";
const unsigned int test_needs = 0;

void test_main(void)
{
	printk("Hello from a PV guest, start_info at %p\n", start_info);
}
