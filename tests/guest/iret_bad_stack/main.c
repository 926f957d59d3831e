/*
 * iret_bad_stack: the iret hypercall with its frame running off the end
 * of our mapping: %rsp starts at the first unmapped byte, so the three
 * pushes of the iret stub land in mapped memory but the hypervisor's
 * read of the 72-byte iret_context faults.  There is no
 * error code to return, so the only right answer is to crash the
 * domain, and not the hypervisor: the runner waits for the hypervisor's
 * "dom0 crashed" line (END in test.mk) after the result line.
 */
#include "guest.h"

const char test_title[] =
	"iret_bad_stack: iret frame the hypervisor cannot read";
const unsigned int test_needs = 0;

void test_main(void)
{
	unsigned long end = mapped_end();

	printk("initial mapping ends at %#lx\n", end);
	test_report();
	asm volatile("mov %0, %%rsp; jmp hypercall_iret" :: "r"(end)
		     : "memory");
}
