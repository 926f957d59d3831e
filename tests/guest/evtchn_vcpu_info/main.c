/*
 * evtchn_vcpu_info: events and time after VCPUOP_register_vcpu_info.
 *
 * Linux moves every vCPU's vcpu_info out of shared_info into its per-CPU
 * memory before it binds a single port.  From then on the selector, the
 * upcall flag and mask, and the PV clock live at the new address and
 * the old slot is dead.  Checked: the registration (in the middle of a
 * page, as Linux's per-CPU area puts it) succeeds once and is refused a
 * second time; the clock read from the new place is sane and continues
 * the old one; a loopback send raises the upcall flag and selector in
 * the new vcpu_info only, and the upcall (masked and unmasked through
 * the new upcall mask) delivers it; a VIRQ_TIMER tick arrives there too.
 */
#include "../evtchn_common/ev.h"

const char test_title[] = "evtchn_vcpu_info: events follow a moved vcpu_info";

#define OFFSET 0x240

static char area[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long register_vcpu_info(void)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = virt_to_mfn(area), .offset = OFFSET, .rsvd = 0,
	};

	return vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

void test_main(void)
{
	struct vcpu_info *old = &shared->vcpu_info[0];
	struct vcpu_info *new = (struct vcpu_info *)(area + OFFSET);
	uint64_t t0, t1;
	int a, b, tp;

	if (ev_setup())
		return;
	/* Event state exists before the move (as for Linux's APs). */
	a = ev_alloc_unbound(DOMID_SELF);
	CHECK(a > 0, "alloc_unbound: %d", a);
	CHECK_EQ(ev_close(a), 0);
	t0 = pvclock_ns(0);
	CHECK_EQ(register_vcpu_info(), 0);
	ev_vcpu_info[0] = new;
	CHECK_EQ(register_vcpu_info(), -XEN_EINVAL);
	CHECK(new->time.tsc_to_system_mul, "no clock in the new vcpu_info");
	t1 = pvclock_ns(0);
	CHECK(t1 >= t0, "clock went back: %lu -> %lu", (unsigned long)t0,
	      (unsigned long)t1);
	/* Whatever the move marked pending, take it now. */
	new->evtchn_upcall_mask = 1;
	ev_window();
	ev_reset_counts();

	a = ev_alloc_unbound(DOMID_SELF);
	b = ev_bind_loop(a);
	CHECK(a > 0 && b > 0, "pair: %d %d", a, b);
	ev_clear_mask_bit(a);
	ev_clear_mask_bit(b);
	ev_window();		/* the bind's event */
	ev_reset_counts();
	old->evtchn_upcall_pending = 0;
	old->evtchn_pending_sel = 0;
	CHECK_EQ(ev_send(b), 0);
	CHECK_EQ(new->evtchn_upcall_pending, 1);
	CHECK(new->evtchn_pending_sel & (1ul << (a / 64)), "selector %#lx",
	      new->evtchn_pending_sel);
	CHECK_EQ(old->evtchn_upcall_pending, 0);
	CHECK_EQ(old->evtchn_pending_sel, 0);
	ev_window();
	CHECK_EQ(ev_count[a], 1);
	CHECK_EQ(ev_upcalls, 1);
	CHECK(!ev_upcall_unmasked, "upcall with the new mask clear");

	tp = ev_bind_virq(VIRQ_TIMER, 0);
	CHECK(tp > 0, "bind_virq: %d", tp);
	ev_clear_mask_bit(tp);
	ev_reset_counts();
	CHECK_EQ(set_timer_op(pvclock_ns(0) + 2000000), 0);
	CHECK(EV_WAIT(ev_count[tp] > 0, 500000000ull), "no timer tick");
	CHECK_EQ(old->evtchn_upcall_pending, 0);
}
