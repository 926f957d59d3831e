/*
 * evtchn_poll: SCHEDOP_poll and IPIs between vCPUs.
 *
 * SCHEDOP_poll blocks the vCPU until one of the listed ports is pending
 * or the absolute timeout passes, whatever the port's mask and the
 * vCPU's upcall mask say: Linux's PV spinlocks wait this way on masked
 * ports.  Checked: a pending port returns at once; an idle port returns
 * 0 only after the timeout; bad arguments, port 0 and free ports get
 * Xen's -EINVAL; and two
 * vCPUs play ping-pong through IPI ports, each polling (masked) until
 * the other's send wakes it, so every wake-up crosses CPUs.
 */
#include "../evtchn_common/vcpu1.h"

const char test_title[] = "evtchn_poll: SCHEDOP_poll, timeouts, vCPU IPIs";

#define MS 1000000ull
#define ROUNDS 200

static int to0, to1;	/* IPI ports notifying vCPU 0, vCPU 1 */
static volatile unsigned long pongs, vcpu1_errors;
static volatile bool vcpu1_go;

static long poll(evtchn_port_t *ports, unsigned int n, uint64_t timeout)
{
	struct sched_poll p = { .ports = ports, .nr_ports = n,
				.timeout = timeout };

	return hc_sched_op(SCHEDOP_poll, &p);
}

static void check_basics(void)
{
	evtchn_port_t ports[130], p = to0;
	uint64_t t0, t1;
	long rc;

	CHECK_EQ(ev_send(to0), 0);
	t0 = pvclock_ns(0);
	CHECK_EQ(poll(&p, 1, t0 + 1000 * MS), 0);
	t1 = pvclock_ns(0);
	CHECK(t1 - t0 < 500 * MS, "pending port: polled %lu us",
	      (unsigned long)(t1 - t0) / 1000);
	ev_clear_pending(to0);
	t0 = pvclock_ns(0);
	rc = poll(&p, 1, t0 + 20 * MS);
	t1 = pvclock_ns(0);
	CHECK_EQ(rc, 0);
	CHECK(t1 + 100000 >= t0 + 20 * MS, "timeout: back after %lu us",
	      (unsigned long)(t1 - t0) / 1000);
	printk("20 ms poll returned after %lu us\n",
	       (unsigned long)(t1 - t0) / 1000);
	p = 4096;
	CHECK_EQ(poll(&p, 1, pvclock_ns(0) + MS), -XEN_EINVAL);
	/* Only ports in use may be polled: 0 and free ones are -EINVAL. */
	p = 0;
	CHECK_EQ(poll(&p, 1, pvclock_ns(0) + MS), -XEN_EINVAL);
	p = to1 + 1;
	CHECK_EQ(poll(&p, 1, pvclock_ns(0) + MS), -XEN_EINVAL);

	for (unsigned int i = 0; i < ARRAY_SIZE(ports); i++)
		ports[i] = to0;
	CHECK_EQ(poll(ports, 129, pvclock_ns(0) + MS), -XEN_EINVAL);
	CHECK_EQ(poll((void *)0xffff800000000000ul, 1, pvclock_ns(0) + MS),
		 -XEN_EFAULT);
	/* Several ports: any one pending ends the poll. */
	ports[0] = ev_alloc_unbound(DOMID_SELF);	/* never pending */
	ports[1] = to0;
	CHECK_EQ(ev_send(to0), 0);
	t0 = pvclock_ns(0);
	CHECK_EQ(poll(ports, 2, t0 + 1000 * MS), 0);
	CHECK(pvclock_ns(0) - t0 < 500 * MS, "second port not seen");
	ev_clear_pending(to0);
}

/* vCPU 1: wait for each ping on to1, answer on to0. */
static void vcpu1_main(void)
{
	evtchn_port_t p;
	unsigned long i;

	while (!vcpu1_go)
		;
	for (i = 0; i < ROUNDS; i++) {
		p = to1;
		while (!ev_is_pending(to1))
			if (poll(&p, 1, pvclock_ns(1) + 2000 * MS))
				vcpu1_errors++;
		ev_clear_pending(to1);
		if (ev_send(to0))
			vcpu1_errors++;
	}
}

static void check_ping_pong(void)
{
	evtchn_port_t p = to0;
	unsigned long i, timeouts = 0;
	uint64_t t0 = pvclock_ns(0);

	vcpu1_go = true;
	for (i = 0; i < ROUNDS; i++) {
		CHECK_EQ(ev_send(to1), 0);
		while (!ev_is_pending(to0)) {
			CHECK_EQ(poll(&p, 1, pvclock_ns(0) + 2000 * MS), 0);
			if (!ev_is_pending(to0))
				timeouts++;
			if (timeouts > 3)
				break;
		}
		ev_clear_pending(to0);
		pongs++;
	}
	printk("%lu ping-pongs in %lu us, %lu early returns\n", pongs,
	       (unsigned long)(pvclock_ns(0) - t0) / 1000, timeouts);
	CHECK(timeouts <= 3, "lost wake-ups");
	CHECK_EQ(vcpu1_errors, 0);
}

void test_main(void)
{
	if (ev_setup())
		return;
	to0 = ev_bind_ipi(0);
	to1 = ev_bind_ipi(1);
	if (to0 <= 0 || to1 <= 0) {
		test_error("bind_ipi: %d %d", to0, to1);
		return;
	}
	/* Masked on purpose: polling must not depend on upcalls. */
	ev_mask_port(to0);
	ev_mask_port(to1);
	check_basics();
	if (vcpu1_start(vcpu1_main))
		return;
	check_ping_pong();
}
