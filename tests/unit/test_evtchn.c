/*
 * Event-channel ports on the host: allocation and limits, every
 * EVTCHNOP's errors, interdomain pairs (also to self) and what a close
 * or a dying domain leaves behind, 2-level pending/mask/selector edges,
 * VIRQs, FIFO control block and array checks.
 */
#include <string.h>
#include <xenolith/lib.h>
#include "check.h"
#include "evtchn_env.h"

#define D0 (&env_dom[0].ed)
#define D1 (&env_dom[1].ed)

static void setup(unsigned int max_ports)
{
	env_reset();
	env_dom_create(0, 2, max_ports);
	env_dom_create(1, 2, max_ports);
}

static void teardown(void)
{
	unsigned int i;

	for (i = 0; i < ENV_DOMS; i++)
		env_dom_destroy(i);
	CHECK_EQ(env_pages_live, 0);
	CHECK_EQ(env_maps_live, 0);
}

static int alloc_unbound(struct evtchn_domain *ed, domid_t dom, domid_t rdom)
{
	struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = rdom };
	int rc = evtchn_alloc_unbound(ed, &op);

	return rc ? rc : (int)op.port;
}

static int bind_inter(struct evtchn_domain *ed, domid_t rdom,
		      evtchn_port_t rport)
{
	struct evtchn_bind_interdomain op = { .remote_dom = rdom,
					      .remote_port = rport };
	int rc = evtchn_bind_interdomain(ed, &op);

	return rc ? rc : (int)op.local_port;
}

static int bind_virq(struct evtchn_domain *ed, unsigned int virq,
		     unsigned int vcpu)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	int rc = evtchn_bind_virq(ed, &op);

	return rc ? rc : (int)op.port;
}

static int bind_ipi(struct evtchn_domain *ed, unsigned int vcpu)
{
	struct evtchn_bind_ipi op = { .vcpu = vcpu };
	int rc = evtchn_bind_ipi(ed, &op);

	return rc ? rc : (int)op.port;
}

static struct evtchn_status status(struct evtchn_domain *ed, domid_t dom,
				   evtchn_port_t port, int *rc)
{
	struct evtchn_status op = { .dom = dom, .port = port };

	*rc = evtchn_status(ed, &op);
	return op;
}

static bool pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	return ed->shared_info->evtchn_pending[port / 64] &
	       (1ULL << (port % 64));
}

static void set_mask(struct evtchn_domain *ed, evtchn_port_t port)
{
	ed->shared_info->evtchn_mask[port / 64] |= 1ULL << (port % 64);
}

static void test_port_zero_reserved_lowest_first(void)
{
	int a, b, rc;

	setup(0);
	a = alloc_unbound(D0, DOMID_SELF, 1);
	b = alloc_unbound(D0, DOMID_SELF, 1);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 2);
	CHECK_EQ(evtchn_close(D0, 0), -XEN_EINVAL);
	CHECK_EQ(status(D0, DOMID_SELF, 0, &rc).status, EVTCHNSTAT_closed);
	CHECK_EQ(rc, 0);
	CHECK_EQ(evtchn_close(D0, a), 0);
	CHECK_EQ(evtchn_close(D0, a), -XEN_EINVAL);
	CHECK_EQ(alloc_unbound(D0, DOMID_SELF, 1), a);
	/* Ports exist 64 at a time, as in Xen. */
	CHECK_EQ(status(D0, DOMID_SELF, 63, &rc).status, EVTCHNSTAT_closed);
	CHECK_EQ(rc, 0);
	status(D0, DOMID_SELF, 64, &rc);
	CHECK_EQ(rc, -XEN_EINVAL);
	CHECK_EQ(evtchn_port_poll_state(D0, 63), -XEN_EINVAL);	/* free */
	CHECK_EQ(evtchn_port_poll_state(D0, 0), -XEN_EINVAL);
	CHECK_EQ(evtchn_port_poll_state(D0, a), 0);
	teardown();
}

static void test_2l_limit_is_4096(void)
{
	int i, port = 0;

	setup(0);
	for (i = 1; i < 4096; i++) {
		port = alloc_unbound(D1, DOMID_SELF, 0);
		if (port != i)
			break;
	}
	CHECK_EQ(port, 4095);
	CHECK_EQ(alloc_unbound(D1, DOMID_SELF, 0), -XEN_ENOSPC);
	CHECK_EQ(evtchn_send(D1, 4096), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(D1, 4096), -XEN_EINVAL);
	CHECK_EQ(evtchn_unmask(D1, 5000), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(D1, 100), 0);
	CHECK_EQ(alloc_unbound(D1, DOMID_SELF, 0), 100);
	teardown();
}

static void test_domain_limit(void)
{
	setup(10);
	for (int i = 1; i < 10; i++)
		CHECK_EQ(alloc_unbound(D1, DOMID_SELF, 0), i);
	CHECK_EQ(alloc_unbound(D1, DOMID_SELF, 0), -XEN_ENOSPC);
	CHECK_EQ(evtchn_send(D1, 10), -XEN_EINVAL);
	teardown();
}

static void test_alloc_unbound_privilege(void)
{
	int rc, p;

	setup(0);
	CHECK_EQ(alloc_unbound(D1, 0, 1), -XEN_EPERM);
	CHECK_EQ(alloc_unbound(D1, 7, 1), -XEN_ESRCH);
	p = alloc_unbound(D0, 1, DOMID_SELF);	/* dom0 acts for dom1 */
	CHECK(p > 0);
	CHECK_EQ(status(D1, DOMID_SELF, p, &rc).u.unbound.dom, 0);
	CHECK_EQ(status(D1, 0, p, &rc).status, 0);
	CHECK_EQ(rc, -XEN_EPERM);
	teardown();
}

static void test_loopback_pair(void)
{
	struct evtchn_status st;
	int u, l, rc;

	setup(0);
	u = alloc_unbound(D0, DOMID_SELF, DOMID_SELF);
	l = bind_inter(D0, DOMID_SELF, u);
	CHECK(l > 0 && l != u);
	/* Binding makes the new local port pending once. */
	CHECK(pending(D0, l));
	CHECK(!pending(D0, u));
	st = status(D0, DOMID_SELF, l, &rc);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.port, u);
	CHECK_EQ(st.u.interdomain.dom, 0);
	CHECK_EQ(evtchn_send(D0, l), 0);
	CHECK(pending(D0, u));
	CHECK_EQ(D0->shared_info->vcpu_info[0].evtchn_upcall_pending, 1);
	CHECK_EQ(env_dom[0].kicks[0], 1);	/* one 0 -> 1 edge */
	/* The port is already interdomain: binding again is refused. */
	CHECK_EQ(bind_inter(D0, DOMID_SELF, u), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(D0, u), 0);
	st = status(D0, DOMID_SELF, l, &rc);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 0);
	teardown();
}

static void test_interdomain_and_death(void)
{
	struct evtchn_status st;
	int u, l, rc;

	setup(0);
	u = alloc_unbound(D1, DOMID_SELF, 0);
	CHECK_EQ(bind_inter(D1, DOMID_SELF, u), -XEN_EINVAL); /* not ours */
	CHECK_EQ(bind_inter(D0, 1, 999), -XEN_EINVAL);
	CHECK_EQ(bind_inter(D0, 5, u), -XEN_ESRCH);
	l = bind_inter(D0, 1, u);
	CHECK(l > 0);
	CHECK_EQ(evtchn_send(D1, u), 0);
	CHECK(pending(D0, l));
	CHECK_EQ(evtchn_send(D0, l), 0);
	CHECK(pending(D1, u));
	env_dom_destroy(1);
	st = status(D0, DOMID_SELF, l, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 1);
	CHECK_EQ(evtchn_send(D0, l), 0);	/* dropped, not an error */
	teardown();
}

static void test_virq_rules(void)
{
	int p, rc;

	setup(0);
	CHECK_EQ(bind_virq(D0, NR_VIRQS, 0), -XEN_EINVAL);
	CHECK_EQ(bind_virq(D0, VIRQ_DOM_EXC, 1), -XEN_EINVAL);
	CHECK_EQ(bind_virq(D0, VIRQ_TIMER, 2), -XEN_ENOENT);
	p = bind_virq(D0, VIRQ_TIMER, 1);
	CHECK(p > 0);
	CHECK_EQ(bind_virq(D0, VIRQ_TIMER, 1), -XEN_EEXIST);
	CHECK(bind_virq(D0, VIRQ_TIMER, 0) > 0);
	CHECK_EQ(status(D0, DOMID_SELF, p, &rc).vcpu, 1);
	CHECK_EQ(evtchn_send(D0, p), -XEN_EINVAL);
	CHECK_EQ(evtchn_bind_vcpu(D0, p, 0), -XEN_EINVAL);
	send_guest_vcpu_virq(D0, 1, VIRQ_TIMER);
	CHECK(pending(D0, p));
	CHECK_EQ(D0->shared_info->vcpu_info[1].evtchn_upcall_pending, 1);
	CHECK_EQ(D0->shared_info->vcpu_info[0].evtchn_upcall_pending, 0);
	p = bind_virq(D0, VIRQ_DOM_EXC, 0);
	CHECK_EQ(evtchn_bind_vcpu(D0, p, 1), 0);
	CHECK_EQ(evtchn_bind_vcpu(D0, p, 9), -XEN_ENOENT);
	send_guest_global_virq(D0, VIRQ_DOM_EXC);
	CHECK(pending(D0, p));
	CHECK_EQ(evtchn_close(D0, p), 0);
	CHECK(!pending(D0, p));		/* close discards the event */
	CHECK(bind_virq(D0, VIRQ_DOM_EXC, 0) == p);
	send_guest_global_virq(D0, VIRQ_CONSOLE);	/* unbound: nothing */
	teardown();
}

static void test_ipi_and_mask(void)
{
	struct vcpu_info *vi;
	int p;

	setup(0);
	CHECK_EQ(bind_ipi(D0, 2), -XEN_ENOENT);
	p = bind_ipi(D0, 1);
	vi = &D0->shared_info->vcpu_info[1];
	set_mask(D0, p);
	CHECK_EQ(evtchn_send(D0, p), 0);
	CHECK(pending(D0, p));
	CHECK_EQ(vi->evtchn_upcall_pending, 0);	/* masked: no upcall */
	CHECK_EQ(vi->evtchn_pending_sel, 0);
	CHECK_EQ(evtchn_unmask(D0, p), 0);
	CHECK_EQ(vi->evtchn_upcall_pending, 1);
	CHECK_EQ(vi->evtchn_pending_sel, 1ULL << (p / 64));
	CHECK_EQ(env_dom[0].kicks[1], 1);
	/* A second send while pending changes nothing. */
	CHECK_EQ(evtchn_send(D0, p), 0);
	CHECK_EQ(env_dom[0].kicks[1], 1);
	CHECK_EQ(evtchn_bind_vcpu(D0, p, 0), -XEN_EINVAL);
	teardown();
}

static void test_pirq_without_irq_layer(void)
{
	struct evtchn_bind_pirq op = { .pirq = 3 };
	int rc;

	setup(0);
	CHECK_EQ(evtchn_bind_pirq(D1, &op), -XEN_EPERM);
	op.pirq = EVTCHN_NR_PIRQS;
	CHECK_EQ(evtchn_bind_pirq(D0, &op), -XEN_EINVAL);
	op.pirq = 3;
	CHECK_EQ(evtchn_bind_pirq(D0, &op), -XEN_EOPNOTSUPP);
	env_pirq_rc = 0;	/* an IRQ layer that routes it */
	CHECK_EQ(evtchn_bind_pirq(D0, &op), 0);
	CHECK_EQ(status(D0, DOMID_SELF, op.port, &rc).u.pirq, 3);
	CHECK_EQ(evtchn_bind_pirq(D0, &op), -XEN_EEXIST);
	send_guest_pirq(D0, 3);
	CHECK(pending(D0, op.port));
	CHECK_EQ(evtchn_close(D0, op.port), 0);
	teardown();
}

static void test_reset(void)
{
	int u, l;

	setup(0);
	u = alloc_unbound(D1, DOMID_SELF, 0);
	l = bind_inter(D0, 1, u);
	CHECK_EQ(evtchn_reset(D1, 0), -XEN_EPERM);
	CHECK_EQ(evtchn_reset(D1, 9), -XEN_ESRCH);
	CHECK_EQ(evtchn_reset(D0, 1), -XEN_EINVAL);	/* dom1 runs */
	env_dom[1].paused = true;
	CHECK_EQ(evtchn_reset(D0, 1), 0);
	env_dom[1].paused = false;
	CHECK_EQ(evtchn_send(D0, l), 0);	/* unbound now */
	u = alloc_unbound(D1, DOMID_SELF, 0);
	l = bind_inter(D0, 1, u);
	CHECK_EQ(evtchn_reset_cont(D1, DOMID_SELF), -XEN_EBUSY);
	CHECK_EQ(evtchn_reset_cont(D0, 1), -XEN_EINVAL);
	CHECK_EQ(evtchn_reset(D1, DOMID_SELF), 0);
	CHECK_EQ(evtchn_send(D1, u), -XEN_EINVAL);
	CHECK_EQ(evtchn_send(D0, l), 0);	/* now unbound */
	CHECK_EQ(alloc_unbound(D1, DOMID_SELF, 0), 1);
	teardown();
}

static void test_fifo_init_checks(void)
{
	struct evtchn_init_control ic = { .control_gfn = 1, .vcpu = 0 };
	struct evtchn_expand_array ea = { .array_gfn = 2 };
	struct evtchn_set_priority sp = { .port = 1, .priority = 3 };

	setup(0);
	CHECK_EQ(evtchn_expand_array(D0, &ea), -XEN_EOPNOTSUPP);
	CHECK_EQ(evtchn_set_priority(D0, &sp), -XEN_ENOSYS);
	ic.vcpu = 2;
	CHECK_EQ(evtchn_init_control(D0, &ic), -XEN_ENOENT);
	CHECK_EQ(ic.link_bits, EVTCHN_FIFO_LINK_BITS);
	ic.vcpu = 0;
	ic.offset = 4;
	CHECK_EQ(evtchn_init_control(D0, &ic), -XEN_EINVAL);
	ic.offset = PAGE_SIZE - 8;
	CHECK_EQ(evtchn_init_control(D0, &ic), -XEN_EINVAL);
	ic.offset = 0;
	ic.control_gfn = ENV_GFNS + 5;	/* not the guest's RAM */
	CHECK_EQ(evtchn_init_control(D0, &ic), -XEN_EINVAL);
	CHECK(D0->ops == &evtchn_ops_2l);
	ic.control_gfn = 1;
	CHECK_EQ(evtchn_init_control(D0, &ic), 0);
	CHECK(D0->ops == &evtchn_ops_fifo);
	CHECK_EQ(evtchn_init_control(D0, &ic), -XEN_EINVAL);
	sp.priority = 16;
	CHECK_EQ(evtchn_set_priority(D0, &sp), -XEN_EINVAL);
	sp.priority = 3;
	CHECK_EQ(evtchn_set_priority(D0, &sp), 0);
	CHECK_EQ(evtchn_reset(D0, DOMID_SELF), 0);
	CHECK(D0->ops == &evtchn_ops_2l);
	teardown();
}

/* 2-level pending state survives the switch and shows up once the
 * event word's page exists. */
static void test_fifo_carries_pending(void)
{
	struct evtchn_init_control ic = { .control_gfn = 1 };
	struct evtchn_expand_array ea = { .array_gfn = 2 };
	struct evtchn_fifo_control_block *cb = env_gfn(1);
	uint32_t *words = env_gfn(2);
	int p;

	setup(0);
	p = bind_ipi(D0, 0);
	CHECK_EQ(evtchn_send(D0, p), 0);
	CHECK_EQ(evtchn_init_control(D0, &ic), 0);
	CHECK_EQ(evtchn_port_poll_state(D0, p), 1);
	CHECK_EQ(evtchn_expand_array(D0, &ea), 0);
	CHECK_EQ(words[p], (1U << EVTCHN_FIFO_PENDING) |
			   (1U << EVTCHN_FIFO_LINKED));
	CHECK_EQ(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], p);
	CHECK_EQ(cb->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
	CHECK_EQ(evtchn_port_poll_state(D0, 1U << 17), -XEN_EINVAL);
	for (int i = 1; i < 128; i++) {
		ea.array_gfn = 2 + i;
		CHECK_EQ(evtchn_expand_array(D0, &ea), 0);
	}
	ea.array_gfn = 3;
	CHECK_EQ(evtchn_expand_array(D0, &ea), -XEN_ENOSPC);
	teardown();
}

int main(void)
{
	check_prog = "evtchn";
	RUN(test_port_zero_reserved_lowest_first);
	RUN(test_2l_limit_is_4096);
	RUN(test_domain_limit);
	RUN(test_alloc_unbound_privilege);
	RUN(test_loopback_pair);
	RUN(test_interdomain_and_death);
	RUN(test_virq_rules);
	RUN(test_ipi_and_mask);
	RUN(test_pirq_without_irq_layer);
	RUN(test_reset);
	RUN(test_fifo_init_checks);
	RUN(test_fifo_carries_pending);
	return check_exit();
}
