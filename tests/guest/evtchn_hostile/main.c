/*
 * evtchn_hostile: every EVTCHNOP given what a buggy or hostile kernel
 * might pass, and the exact errno Xen 4.17 answers (a guest may act on
 * it): ports out of range or never allocated, port 0, closing twice,
 * binding a VIRQ twice or on the wrong vCPU, vCPUs that do not exist,
 * other domains' ports, unknown sub-ops, unreadable arguments, filling
 * the 2-level port space to its 4096 limit, and FIFO control blocks at
 * bad addresses.  After each group a good call shows the hypervisor is
 * still well.
 */
#include "../evtchn_common/ev.h"

const char test_title[] = "evtchn_hostile: bad ports, double close, limits";

static void check_bad_ports(void)
{
	struct evtchn_status st;
	struct evtchn_bind_vcpu bv = { .port = 4096, .vcpu = 0 };
	int p;

	CHECK_EQ(ev_send(0), -XEN_EINVAL);
	CHECK_EQ(ev_send(4096), -XEN_EINVAL);
	CHECK_EQ(ev_send(0xffffffff), -XEN_EINVAL);
	CHECK_EQ(ev_send(1000), -XEN_EINVAL);	/* never allocated */
	CHECK_EQ(ev_close(0), -XEN_EINVAL);
	CHECK_EQ(ev_close(4096), -XEN_EINVAL);
	CHECK_EQ(ev_unmask_op_only(4096), -XEN_EINVAL);
	CHECK_EQ(ev_status(DOMID_SELF, 4096, &st), -XEN_EINVAL);
	CHECK_EQ(ev_status(DOMID_SELF, 0, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
	/* Ports come into existence 64 at a time: 63 is closed, 64 is
	 * not a port yet. */
	CHECK_EQ(ev_status(DOMID_SELF, 63, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
	CHECK_EQ(ev_status(DOMID_SELF, 64, &st), -XEN_EINVAL);
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	bv.port = 0;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	bv.vcpu = 77;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_ENOENT);
	p = ev_alloc_unbound(DOMID_SELF);
	CHECK(p > 0, "alloc_unbound: %d", p);
	CHECK_EQ(ev_close(p), 0);
	CHECK_EQ(ev_close(p), -XEN_EINVAL);
	CHECK_EQ(ev_send(p), -XEN_EINVAL);
	CHECK_EQ(ev_status(DOMID_SELF, p, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
}

static void check_virq(void)
{
	struct evtchn_status st;
	struct evtchn_bind_vcpu bv;
	int p;

	CHECK_EQ(ev_bind_virq(NR_VIRQS, 0), -XEN_EINVAL);
	CHECK_EQ(ev_bind_virq(0xffffffff, 0), -XEN_EINVAL);
	CHECK_EQ(ev_bind_virq(VIRQ_TIMER, 77), -XEN_ENOENT);
	CHECK_EQ(ev_bind_virq(VIRQ_DOM_EXC, 1), -XEN_EINVAL);
	/* Global VIRQs are refused on vCPU 1 before it is found missing;
	 * per-vCPU ones are -ENOENT there (one vCPU here). */
	CHECK_EQ(ev_bind_virq(VIRQ_ARGO, 1), -XEN_EINVAL);
	CHECK_EQ(ev_bind_virq(VIRQ_MCA, 1), -XEN_EINVAL);
	CHECK_EQ(ev_bind_virq(VIRQ_XENPMU, 1), -XEN_ENOENT);
	CHECK_EQ(ev_bind_virq(VIRQ_DEBUG, 1), -XEN_ENOENT);
	/* An unassigned number (5) is just another global VIRQ. */
	p = ev_bind_virq(5, 0);
	CHECK(p > 0, "bind_virq(5): %d", p);
	CHECK_EQ(ev_close(p), 0);
	p = ev_bind_virq(VIRQ_TIMER, 0);
	CHECK(p > 0, "bind_virq: %d", p);
	CHECK_EQ(ev_bind_virq(VIRQ_TIMER, 0), -XEN_EEXIST);
	CHECK_EQ(ev_send(p), -XEN_EINVAL);
	CHECK_EQ(ev_status(DOMID_SELF, p, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_virq);
	CHECK_EQ(st.u.virq, VIRQ_TIMER);
	bv = (struct evtchn_bind_vcpu){ .port = p, .vcpu = 0 };
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	CHECK_EQ(ev_close(p), 0);
	CHECK_EQ(ev_close(p), -XEN_EINVAL);
	/* Closed, it can be bound again. */
	p = ev_bind_virq(VIRQ_TIMER, 0);
	CHECK(p > 0, "rebind virq: %d", p);
	CHECK_EQ(ev_close(p), 0);
	p = ev_bind_virq(VIRQ_DOM_EXC, 0);
	CHECK(p > 0, "bind global virq: %d", p);
	bv = (struct evtchn_bind_vcpu){ .port = p, .vcpu = 0 };
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), 0);
	CHECK_EQ(ev_close(p), 0);
	CHECK_EQ(ev_bind_ipi(77), -XEN_ENOENT);
}

static void check_interdomain(void)
{
	struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = 7 };
	struct evtchn_status st;
	int p, q;

	bi.remote_port = 4096;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
	bi.remote_port = 0;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
	bi.remote_dom = 7;	/* no such domain */
	bi.remote_port = 1;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &bi), -XEN_ESRCH);
	/* Offered to domain 7, not to us: we may not take it. */
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &au), 0);
	CHECK_EQ(ev_bind_loop(au.port), -XEN_EINVAL);
	CHECK_EQ(ev_close(au.port), 0);
	/* A connected end cannot be connected to again. */
	p = ev_alloc_unbound(DOMID_SELF);
	q = ev_bind_loop(p);
	CHECK(q > 0, "bind: %d", q);
	CHECK_EQ(ev_bind_loop(p), -XEN_EINVAL);
	CHECK_EQ(ev_bind_loop(q), -XEN_EINVAL);
	au.dom = 7;
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &au), -XEN_ESRCH);
	CHECK_EQ(ev_status(7, 1, &st), -XEN_ESRCH);
	CHECK_EQ(ev_close(p), 0);
	CHECK_EQ(ev_close(q), 0);
}

static void check_bad_calls(void)
{
	struct evtchn_reset r = { .dom = DOMID_SELF };

	/* EVTCHNOP_reset_cont (14) with no reset to resume; 15 is unused. */
	CHECK_EQ(evtchn_op(14, &r), -XEN_EBUSY);
	CHECK_EQ(evtchn_op(15, &r), -XEN_ENOSYS);
	CHECK_EQ(evtchn_op(99, NULL), -XEN_ENOSYS);
	CHECK_EQ(evtchn_op(EVTCHNOP_send, NULL), -XEN_EFAULT);
	CHECK_EQ(evtchn_op(EVTCHNOP_status, (void *)0x1000), -XEN_EFAULT);
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound,
			   (void *)0xffff800000000000ul), -XEN_EFAULT);
}

/* Fill the 2-level space: ports 1..4095 exist, 4096 never does. */
static void check_limit(void)
{
	int p, last = 0, n = 0, rc;

	for (;;) {
		p = ev_alloc_unbound(DOMID_SELF);
		if (p < 0)
			break;
		last = p;
		n++;
	}
	rc = p;
	CHECK_EQ(rc, -XEN_ENOSPC);
	CHECK_EQ(last, 4095);
	printk("allocated %d ports, last %d\n", n, last);
	CHECK_EQ(ev_send(4096), -XEN_EINVAL);
	CHECK_EQ(ev_close(2000), 0);
	CHECK_EQ(ev_alloc_unbound(DOMID_SELF), 2000);
	for (p = 1; p <= last; p++)
		if (ev_close(p))
			break;
	CHECK_EQ(p, last + 1);
	CHECK(ev_alloc_unbound(DOMID_SELF) == 1, "port space not freed");
	CHECK_EQ(ev_close(1), 0);
}

static void check_fifo_bad(void)
{
	struct evtchn_init_control ic = { .vcpu = 0 };
	struct evtchn_expand_array ea = { .array_gfn = ~0ull };
	struct evtchn_set_priority sp = { .port = 1, .priority = 3 };

	CHECK_EQ(evtchn_op(EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP);
	CHECK_EQ(evtchn_op(EVTCHNOP_set_priority, &sp), -XEN_ENOSYS);
	ic.control_gfn = ~0ull;		/* not a frame of ours */
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	CHECK_EQ(ic.link_bits, 0);	/* copied out only on success */
	ic.control_gfn = start_info->nr_pages + 0x100000;
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	ic.control_gfn = virt_to_mfn(&ev_count);
	ic.offset = 4;			/* not 8-byte aligned */
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	ic.offset = PAGE_SIZE - 8;	/* block would cross the page */
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	ic.offset = 0;
	ic.vcpu = 77;
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), -XEN_ENOENT);
	/* Still 2-level: a port still works the old way. */
	CHECK_EQ(evtchn_op(EVTCHNOP_set_priority, &sp), -XEN_ENOSYS);
}

void test_main(void)
{
	int p;

	if (ev_setup())
		return;
	check_bad_ports();
	check_virq();
	check_interdomain();
	check_bad_calls();
	check_limit();
	check_fifo_bad();
	p = ev_bind_ipi(0);
	ev_clear_mask_bit(p);
	ev_reset_counts();
	CHECK_EQ(ev_send(p), 0);
	ev_window();
	CHECK_EQ(ev_count[p], 1);
}
