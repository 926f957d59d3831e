/*
 * The failsafe callback: the hypervisor cannot reload a guest's data
 * segment when switching the vCPU back in.
 *
 * A PV kernel's %ds/%es/%fs/%gs selectors are saved when its vCPU is
 * switched out and reloaded when it comes back.  If a reload faults (the
 * descriptor went away meanwhile), the hypervisor loads a null selector
 * and bounces to the failsafe callback, with the four selectors it could
 * not all load between %r11 and %rip in the frame.
 *
 * To get there: load %ds with a selector from an LDT of one entry, then
 * drop the LDT; %ds keeps its cached descriptor, so nothing happens
 * until the next reload.  A second vCPU (dom0_max_vcpus=2, one physical
 * CPU) spins on SCHEDOP_yield, so our own yield forces a real context
 * switch away and back.
 */
#include "guest.h"
#include "vcpu.h"
#include "pvclock.h"
#include <public/callback.h>
#include <public/sched.h>
#include <public/vcpu.h>

const unsigned int test_needs = NEED_TRAPS | NEED_SHARED;
const char test_title[] = "failsafe: segment reload failure on context switch";

#define LDT_SEL 0x7		/* LDT entry 0, RPL 3 */
#define FLAT_DATA_DPL3 0x00cff3000000ffffull

static uint64_t ldt[PAGE_SIZE / 8] __attribute__((aligned(PAGE_SIZE)));
static char vcpu1_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_guest_context ctxt;
static volatile unsigned long vcpu1_spins;
static struct trap_frame seen;
static bool failsafe_seen;

static void __attribute__((noreturn, used)) vcpu1_main(void)
{
	for (;;) {
		vcpu1_spins++;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
}

static bool failsafe_hook(struct trap_frame *f)
{
	if (f->vector != VEC_FAILSAFE)
		return false;
	seen = *f;
	failsafe_seen = true;
	return true;		/* resume where the switch-in would have */
}

static int start_vcpu1(void)
{
	unsigned long top = (unsigned long)vcpu1_stack + PAGE_SIZE;
	long rc;

	vcpu_context_kernel(&ctxt, (unsigned long)vcpu1_main, top);
	rc = hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 1, &ctxt);
	if (rc) {
		test_error("VCPUOP_initialise(1): %ld", rc);
		return rc;
	}
	rc = hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, NULL);
	if (rc)
		test_error("VCPUOP_up(1): %ld", rc);
	return rc;
}

static long set_ldt(unsigned long va, unsigned int ents)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1.linear_addr = va,
		.arg2.nr_ents = ents,
	};

	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* An LDT page must not be writable: remap ours read-only first. */
static int load_ldt_selector(void)
{
	unsigned long va = (unsigned long)ldt;
	long rc;

	ldt[0] = FLAT_DATA_DPL3;
	rc = hc_update_va_mapping(va, (virt_to_mfn(ldt) << 12) | 0x25,
				  UVMF_INVLPG | UVMF_LOCAL);
	if (!rc)
		rc = set_ldt(va, 1);
	if (rc) {
		test_error("LDT setup: %ld", rc);
		return rc;
	}
	asm volatile("mov %0, %%ds" :: "r"(LDT_SEL));
	return 0;
}

static unsigned short read_ds(void)
{
	unsigned short ds;

	asm volatile("mov %%ds, %0" : "=r"(ds));
	return ds;
}

void test_main(void)
{
	unsigned int i;
	uint64_t deadline;

	if (start_vcpu1() || load_ldt_selector())
		return;
	CHECK_EQ(read_ds(), LDT_SEL);
	trap_hook = failsafe_hook;
	CHECK_EQ(hc_callback_register(CALLBACKTYPE_failsafe, entry_failsafe,
				      CALLBACKF_mask_events), 0);
	/* Pull the descriptor out from under %ds. */
	CHECK_EQ(set_ldt(0, 0), 0);
	/*
	 * Yield until the switch happened.  Bounded by time, not by a count:
	 * on a loaded host vCPU 1 may not be picked for many yields.
	 */
	deadline = pvclock_now() + 10000000000ull;	/* 10 s */
	for (i = 0; !failsafe_seen && (i < 1000 || pvclock_now() < deadline);
	     i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	printk("after %u yields (vcpu1 spun %lu): failsafe %d, ds %#lx es "
	       "%#lx fs %#lx gs %#lx, now ds %#x\n", i, vcpu1_spins,
	       failsafe_seen, last_trap.segs[0], last_trap.segs[1],
	       last_trap.segs[2], last_trap.segs[3], read_ds());
	CHECK(vcpu1_spins > 0, "vCPU 1 never ran");
	CHECK(failsafe_seen, "no failsafe callback");
	if (!failsafe_seen)
		return;
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.segs[0], LDT_SEL);
	CHECK_EQ(last_trap.segs[1], 0);
	CHECK_EQ(seen.cs & 0xffff, FLAT_KERNEL_CS & ~3);
	CHECK_EQ(seen.ss, FLAT_KERNEL_SS);
	CHECK_EQ(read_ds(), 0);
}
