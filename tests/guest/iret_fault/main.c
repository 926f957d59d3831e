/*
 * A return the hypervisor cannot perform: the iret hypercall asked to
 * resume with a null %ss.
 *
 * The iret hypercall forces RPL 3 on %cs and %ss and does not check the
 * selectors; the hypervisor's own IRETQ then faults (a null %ss is not
 * allowed at CPL 3).  Xen 4.17 does not use the failsafe callback for
 * this any more (that callback is now only for segment reloads on
 * context switch): it bounces #GP(0) to the guest as if raised at the
 * target, with the frame the guest asked for, so the guest can repair
 * it.  The failsafe callback is registered anyway to show it is not
 * what runs.  A good frame works before and after.
 */
#include "guest.h"
#include <public/callback.h>

const unsigned int test_needs = NEED_TRAPS;
const char test_title[] = "iret_fault: iret hypercall to a bad frame";

long iret_to_self(unsigned long cs, unsigned long ss);
void fault_resume(void);
extern char iret_target[];

#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3ul)

static struct trap_frame seen;

static bool fault_hook(struct trap_frame *f)
{
	if (f->vector != X86_EXC_GP && f->vector != VEC_FAILSAFE)
		return false;
	seen = *f;
	f->rip = (unsigned long)fault_resume;
	f->cs = KERNEL_CS_RPL0;
	f->ss = FLAT_KERNEL_SS;
	return true;
}

void test_main(void)
{
	long rc;

	trap_hook = fault_hook;
	CHECK_EQ(iret_to_self(KERNEL_CS_RPL0, FLAT_KERNEL_SS), 0);
	rc = hc_callback_register(CALLBACKTYPE_failsafe, entry_failsafe,
				  CALLBACKF_mask_events);
	CHECK_EQ(rc, 0);

	trap_reset();
	CHECK_EQ(iret_to_self(KERNEL_CS_RPL0, 0), 1);
	printk("bounce: vector %#lx ec %#lx rip %#lx cs %#lx ss %#lx "
	       "rsp %#lx\n", seen.vector, seen.error_code, seen.rip, seen.cs,
	       seen.ss, seen.rsp);
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(seen.vector, X86_EXC_GP);
	CHECK_EQ(seen.error_code, 0);
	/* The frame is the one we asked for, with RPL 3 forced on %ss. */
	CHECK_EQ(seen.rip, (unsigned long)iret_target);
	CHECK_EQ(seen.ss, 3);
	CHECK_EQ(seen.cs & 0xffff, KERNEL_CS_RPL0);

	/* A good return still works afterwards. */
	CHECK_EQ(iret_to_self(KERNEL_CS_RPL0, FLAT_KERNEL_SS), 0);
}
