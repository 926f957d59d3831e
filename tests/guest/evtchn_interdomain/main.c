/*
 * evtchn_interdomain: two domains exchanging events both ways.
 *
 * The same kernel plays both parts.  As dom0 it offers port 1 to domain
 * 1 (EVTCHNOP_alloc_unbound), waits until domain 1 has connected
 * (EVTCHNOP_status shows the port interdomain), then sends a ping and
 * waits for the pong, a million times; as domain 1 it connects to dom0's
 * port 1 and answers each ping.  Both sides wait with SCHEDOP_poll on
 * their masked port, so every event has to cross from one domain to the
 * other and wake it; one that is lost shows as a poll timing out with
 * nothing pending.
 *
 * The start is a handshake: binding makes domain 1's new port pending
 * once (as on Xen), and domain 1 clears that before it answers anything,
 * so it first sends a "ready" event; dom0 pings only after taking it.
 * (Pinging as soon as EVTCHNOP_status showed the port connected lost the
 * first ping whenever domain 1 was preempted between its bind and that
 * clear: the ping merged with the bind's event and was cleared with it.
 * A tick on return from the bind hypercall did that under host load.)
 * Domain 1's count of lost events is printed and must be 0 too
 * (REQUIRE_xenolith matches its line).  At the end domain 1 closes its
 * port, and dom0 checks that its own end became unbound, offered to
 * domain 1 again.
 *
 * With a single domain (the suite boots one module, and Xen 4.17 on x86
 * has no boot-time domUs) dom0 plays ping-pong with itself over a
 * loopback pair instead.  On Xenolith the two-domain run is
 *
 *   scripts/qemu.sh --hv xenolith --append dom0_mem=64M \
 *     --module build/guest/evtchn_interdomain.elf \
 *     --module "build/guest/evtchn_interdomain.elf domU" \
 *     --until 'Test result:' --timeout 900
 */
#include "../evtchn_common/ev.h"

/* evtchn_interdomain_smp includes this file with its own title and
 * round counts. */
#ifndef TEST_TITLE
#define TEST_TITLE "evtchn_interdomain: ping-pong between domains"
#define ROUNDS_PEER 1000000ul
#define ROUNDS_LOOP 20000ul
#endif

const char test_title[] = TEST_TITLE;

#define MS 1000000ull

static unsigned long lost;

/* Wait for p, masked, to become pending; take it.  False if lost. */
static bool wait_port(evtchn_port_t p)
{
	struct sched_poll sp = { .ports = &p, .nr_ports = 1 };
	int tries;

	for (tries = 0; tries < 3 && !ev_is_pending(p); tries++) {
		sp.timeout = pvclock_ns(0) + 1000 * MS;
		if (hc_sched_op(SCHEDOP_poll, &sp))
			break;
	}
	if (!ev_is_pending(p))
		return false;
	ev_clear_pending(p);
	return true;
}

static void ping_pong(evtchn_port_t mine, evtchn_port_t send_on,
		      unsigned long rounds, bool first)
{
	unsigned long i;
	uint64_t t0 = pvclock_ns(0);

	for (i = 0; i < rounds && lost < 3; i++) {
		if (first && ev_send(send_on))
			lost++;
		if (!wait_port(mine))
			lost++;
		if (!first && ev_send(send_on))
			lost++;
	}
	printk("%lu round trips in %lu ms, %lu lost\n", i,
	       (unsigned long)((pvclock_ns(0) - t0) / MS), lost);
}

static void as_peer(void)
{
	struct evtchn_bind_interdomain bi = { .remote_dom = 0,
					      .remote_port = 1 };
	long rc;

	while ((rc = evtchn_op(EVTCHNOP_bind_interdomain, &bi)) != 0)
		hc_sched_op(SCHEDOP_yield, NULL);
	ev_mask_port(bi.local_port);
	ev_clear_pending(bi.local_port);	/* the bind's own event */
	if (ev_send(bi.local_port))		/* ready: ping me now */
		lost++;
	ping_pong(bi.local_port, bi.local_port, ROUNDS_PEER, false);
	CHECK_EQ(ev_close(bi.local_port), 0);	/* dom0 sees it unbound */
	hc_shutdown(SHUTDOWN_poweroff);
}

/* Domain 1 closes its end when done: ours is offered to it again and a
 * send on it is dropped, not an error (Xen's ECS_UNBOUND). */
static void check_peer_closed(evtchn_port_t p)
{
	uint64_t until = pvclock_ns(0) + 10000 * MS;
	struct evtchn_status st;

	do {
		hc_sched_op(SCHEDOP_yield, NULL);
		CHECK_EQ(ev_status(DOMID_SELF, p, &st), 0);
	} while (st.status == EVTCHNSTAT_interdomain && pvclock_ns(0) < until);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 1);
	CHECK_EQ(ev_send(p), 0);
}

static void with_peer(void)
{
	struct evtchn_status st;
	int p = ev_alloc_unbound(1);

	CHECK_EQ(p, 1);
	ev_mask_port(p);
	do {
		hc_sched_op(SCHEDOP_yield, NULL);
		CHECK_EQ(ev_status(DOMID_SELF, p, &st), 0);
	} while (st.status == EVTCHNSTAT_unbound);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, 1);
	CHECK(wait_port(p), "domain 1 never said it was ready");
	ping_pong(p, p, ROUNDS_PEER, true);
	CHECK_EQ(lost, 0);
	check_peer_closed(p);
}

static void alone(void)
{
	int a = ev_alloc_unbound(DOMID_SELF), b = ev_bind_loop(a);

	CHECK(a > 0 && b > 0, "pair: %d %d", a, b);
	ev_mask_port(a);
	ev_mask_port(b);
	ev_clear_pending(b);
	/* One vCPU plays both ends: send on b, wait on a, and back. */
	ping_pong(a, b, ROUNDS_LOOP, true);
	CHECK_EQ(lost, 0);
}

void test_main(void)
{
	struct evtchn_status st;

	if (ev_setup())
		return;
	if (!(start_info->flags & SIF_INITDOMAIN)) {
		as_peer();
		return;
	}
	if (ev_status(1, 0, &st) == -XEN_ESRCH) {
		printk("no domain 1: loopback\n");
		alone();
	} else {
		with_peer();
	}
}
