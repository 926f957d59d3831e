/*
 * evtchn_loopback: interdomain channels bound to ourselves, IPIs to our
 * own vCPU, and the 2-level mask/unmask edges.
 *
 * A domain may offer a port to itself (alloc_unbound with remote
 * DOMID_SELF) and connect a second port to it (bind_interdomain), which
 * gives a pair whose sends show up on the other end, exactly like a
 * channel to a back-end domain.  The checks: binding makes the new
 * local port pending once (sends to the unbound end were dropped); each
 * send makes the peer pending and raises exactly one upcall; a masked
 * port stays pending without an upcall until EVTCHNOP_unmask, and
 * clearing the mask bit by hand does not deliver it; closing one end
 * leaves the other unbound and offered back to us; an IPI port notifies
 * its vCPU.
 */
#include "../evtchn_common/ev.h"

const char test_title[] = "evtchn_loopback: self-bound pairs, IPIs, masks";

static int a, b;	/* the loopback pair: a offered, b bound to it */

static void check_pair(void)
{
	struct evtchn_status st;

	a = ev_alloc_unbound(DOMID_SELF);
	CHECK(a > 0, "alloc_unbound: %d", a);
	CHECK_EQ(ev_status(DOMID_SELF, a, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 0);
	CHECK_EQ(st.vcpu, 0);
	b = ev_bind_loop(a);
	CHECK(b > 0 && b != a, "bind_interdomain: %d", b);
	CHECK_EQ(ev_status(DOMID_SELF, b, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, 0);
	CHECK_EQ(st.u.interdomain.port, a);
	CHECK_EQ(ev_status(DOMID_SELF, a, &st), 0);
	CHECK_EQ(st.u.interdomain.port, b);
	/* The new local end is pending once; the old end is not. */
	CHECK(ev_is_pending(b), "bound port %d not pending", b);
	CHECK(!ev_is_pending(a), "offered port %d pending", a);
	ev_clear_mask_bit(a);
	ev_clear_mask_bit(b);
	ev_reset_counts();
	ev_window();
	CHECK_EQ(ev_count[b], 1);
	CHECK_EQ(ev_upcalls, 1);
	CHECK(!ev_upcall_unmasked, "upcall with events unmasked");
}

static void check_sends(void)
{
	int i;

	ev_reset_counts();
	CHECK_EQ(ev_send(b), 0);
	CHECK(ev_is_pending(a), "send on %d did not reach %d", b, a);
	CHECK_EQ(ev_vi(0)->evtchn_upcall_pending, 1);
	ev_window();
	CHECK_EQ(ev_count[a], 1);
	CHECK_EQ(ev_count[b], 0);
	for (i = 0; i < 10; i++) {
		CHECK_EQ(ev_send(a), 0);
		ev_window();
	}
	CHECK_EQ(ev_count[b], 10);
	CHECK_EQ(ev_upcalls, 11);
	/* Sends to a still-pending port coalesce. */
	CHECK_EQ(ev_send(a), 0);
	CHECK_EQ(ev_send(a), 0);
	ev_window();
	CHECK_EQ(ev_count[b], 11);
}

static void check_masking(void)
{
	ev_reset_counts();
	ev_mask_port(a);
	CHECK_EQ(ev_send(b), 0);
	CHECK(ev_is_pending(a), "masked port not pending");
	ev_window();
	CHECK_EQ(ev_count[a], 0);
	CHECK_EQ(ev_upcalls, 0);
	/* Clearing the bit by hand leaves the held-back event held. */
	ev_clear_mask_bit(a);
	ev_window();
	CHECK_EQ(ev_upcalls, 0);
	/* EVTCHNOP_unmask with the bit already clear does nothing... */
	CHECK_EQ(ev_unmask_op_only(a), 0);
	ev_window();
	CHECK_EQ(ev_upcalls, 0);
	/* ...but with the bit set it unmasks and delivers. */
	ev_mask_port(a);
	CHECK_EQ(ev_unmask_op_only(a), 0);
	CHECK(!(ev_mask()[a / 64] & (1ul << (a % 64))), "still masked");
	ev_window();
	CHECK_EQ(ev_count[a], 1);
	CHECK_EQ(ev_upcalls, 1);
	/* Unmasking a port that is not pending raises nothing. */
	ev_mask_port(a);
	CHECK_EQ(ev_unmask(a), 0);
	ev_window();
	CHECK_EQ(ev_upcalls, 1);
}

static void check_close(void)
{
	struct evtchn_status st;
	int c;

	CHECK_EQ(ev_close(a), 0);
	CHECK_EQ(ev_status(DOMID_SELF, a, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
	CHECK_EQ(ev_status(DOMID_SELF, b, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 0);
	/* A send to an unbound port is dropped without an error. */
	ev_reset_counts();
	CHECK_EQ(ev_send(b), 0);
	ev_window();
	CHECK_EQ(ev_upcalls, 0);
	/* b is offered to us again: reconnect, then tear down. */
	c = ev_bind_loop(b);
	CHECK(c > 0, "rebind: %d", c);
	CHECK_EQ(c, a);		/* lowest free port first */
	CHECK_EQ(ev_close(b), 0);
	CHECK_EQ(ev_close(c), 0);
}

static void check_ipi(void)
{
	struct evtchn_status st;
	int p = ev_bind_ipi(0);

	CHECK(p > 0, "bind_ipi: %d", p);
	CHECK_EQ(ev_status(DOMID_SELF, p, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_ipi);
	CHECK_EQ(st.vcpu, 0);
	ev_clear_mask_bit(p);
	ev_reset_counts();
	CHECK_EQ(ev_send(p), 0);
	ev_window();
	CHECK_EQ(ev_count[p], 1);
	CHECK_EQ(ev_upcalls, 1);
	CHECK_EQ(ev_close(p), 0);
}

void test_main(void)
{
	if (ev_setup())
		return;
	check_pair();
	check_sends();
	check_masking();
	check_close();
	check_ipi();
}
