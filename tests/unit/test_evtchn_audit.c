/*
 * Random sequences of event-channel operations, audited after every
 * step, against a model of what each guest is owed.
 *
 * Two domains of two vCPUs bind, send, mask, unmask, move and close
 * ports at random while a simulated guest consumes events the way
 * Linux does (2-level: clear the upcall flag, take the selector, scan;
 * FIFO: take READY, then unlink one head at a time).  The model: a send
 * makes the receiving port "owed" one delivery; a delivery of a port
 * that is not owed is spurious; a close forgives the debt.  After the
 * run every port is unmasked and the guest drains: anything still owed
 * was lost.
 *
 * The auditor checks the shared state after each step:
 *   2-level  a pending unmasked port has its word's bit in some vCPU's
 *            selector; a vCPU with a selector bit has its upcall flag
 *   FIFO     every queue, walked from the guest's local head or from
 *            HEAD when READY says so, is a chain of LINKED words ending
 *            at the tail the hypervisor remembers; every LINKED word is
 *            on exactly one chain; a pending unmasked word is LINKED;
 *            a READY bit implies the upcall flag
 *   both     a kick happened exactly when an upcall flag went 0 -> 1
 */
#include <string.h>
#include <xenolith/lib.h>
#include "check.h"
#include "evtchn_env.h"
#include "evtchn_bits.h"

#define NDOM 2
#define NVCPU 2
#define MAXP 1024		/* the FIFO runs give one page of words */
#define CB_GFN(d, v) (1 + (d) * NVCPU + (v))
#define ARRAY_GFN(d) (10 + (d))

enum mode { MODE_2L, MODE_FIFO, MODE_SWITCH };

static uint64_t rng;
static bool owed[NDOM][MAXP];
static unsigned long delivered, spurious;
static bool fifo_on[NDOM];
/* The simulated FIFO guest's private state. */
static uint32_t lhead[NDOM][NVCPU][EVTCHN_FIFO_MAX_QUEUES];
static uint32_t lready[NDOM][NVCPU];

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % n);
}

static struct evtchn_domain *D(unsigned int d)
{
	return &env_dom[d].ed;
}

static struct evtchn_fifo_control_block *cb_of(unsigned int d,
					       unsigned int v)
{
	return env_gfn(CB_GFN(d, v));
}

static uint32_t *words_of(unsigned int d)
{
	return env_gfn(ARRAY_GFN(d));
}

static struct evtchn *chn(unsigned int d, evtchn_port_t p)
{
	return evtchn_from_port(D(d), p);
}

static bool in_use(unsigned int d, evtchn_port_t p)
{
	return p > 0 && p < D(d)->valid_ports && p < MAXP &&
	       chn(d, p)->state > ECS_RESERVED;
}

/* A random port in use, 0 if none found quickly. */
static evtchn_port_t some_port(unsigned int d)
{
	unsigned int i, lim = D(d)->valid_ports < MAXP ? D(d)->valid_ports :
							MAXP;

	for (i = 0; i < 8; i++) {
		evtchn_port_t p = 1 + rnd(lim - 1);

		if (in_use(d, p))
			return p;
	}
	return 0;
}

static void deliver(unsigned int d, evtchn_port_t p)
{
	if (!owed[d][p])
		spurious++;
	owed[d][p] = false;
	delivered++;
}

/* ---- the guest ---- */

static void guest_2l_scan(unsigned int d, unsigned int v)
{
	struct shared_info *sh = D(d)->shared_info;
	struct vcpu_info *vi = &sh->vcpu_info[v];
	uint64_t sel, bits;
	unsigned int w, b;

	vi->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
				  __ATOMIC_SEQ_CST);
	while (sel) {
		w = __builtin_ctzll(sel);
		sel &= sel - 1;
		bits = sh->evtchn_pending[w] & ~sh->evtchn_mask[w];
		while (bits) {
			b = __builtin_ctzll(bits);
			bits &= bits - 1;
			evb_clear(w * 64 + b, (uint64_t *)sh->evtchn_pending);
			deliver(d, w * 64 + b);
		}
	}
}

static void guest_fifo_consume(unsigned int d, unsigned int v)
{
	struct evtchn_fifo_control_block *cb = cb_of(d, v);
	struct vcpu_info *vi = &D(d)->shared_info->vcpu_info[v];
	uint32_t *w, old, port, next;
	unsigned int q;

	if (!lready[d][v]) {
		vi->evtchn_upcall_pending = 0;
		lready[d][v] = __atomic_exchange_n(&cb->ready, 0,
						   __ATOMIC_SEQ_CST);
		if (!lready[d][v])
			return;
	}
	q = __builtin_ctz(lready[d][v]);
	port = lhead[d][v][q] ? lhead[d][v][q] : cb->head[q];
	CHECK(port > 0 && port < MAXP);
	if (!port || port >= MAXP) {
		lready[d][v] &= ~(1U << q);
		return;
	}
	w = &words_of(d)[port];
	old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
	while (!__atomic_compare_exchange_n(
		w, &old, old & ~((1U << EVTCHN_FIFO_LINKED) |
				 EVTCHN_FIFO_LINK_MASK),
		false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	next = old & EVTCHN_FIFO_LINK_MASK;
	if (!next)
		lready[d][v] &= ~(1U << q);
	lhead[d][v][q] = next;
	if ((old & (1U << EVTCHN_FIFO_PENDING)) &&
	    !(old & (1U << EVTCHN_FIFO_MASKED))) {
		ev32_clear(EVTCHN_FIFO_PENDING, w);
		deliver(d, port);
	}
}

static void guest_step(unsigned int d, unsigned int v)
{
	if (fifo_on[d])
		guest_fifo_consume(d, v);
	else if (D(d)->shared_info->vcpu_info[v].evtchn_upcall_pending)
		guest_2l_scan(d, v);
}

static void guest_mask(unsigned int d, evtchn_port_t p)
{
	if (fifo_on[d])
		ev32_set(EVTCHN_FIFO_MASKED, &words_of(d)[p]);
	else
		evb_test_and_set(p, (uint64_t *)D(d)->shared_info->evtchn_mask);
}

/* Linux's way: ask the hypervisor only when an event waits. */
static void guest_unmask(unsigned int d, evtchn_port_t p)
{
	uint32_t *w = &words_of(d)[p];

	if (fifo_on[d] && !ev32_test(EVTCHN_FIFO_PENDING, w))
		ev32_clear(EVTCHN_FIFO_MASKED, w);
	else
		CHECK_EQ(evtchn_unmask(D(d), p), 0);
}

static void fifo_start(unsigned int d)
{
	struct evtchn_init_control ic = { 0 };
	struct evtchn_expand_array ea = { .array_gfn = ARRAY_GFN(d) };
	unsigned int v, i;

	for (i = 0; i < MAXP; i++)
		words_of(d)[i] = 1U << EVTCHN_FIFO_MASKED;
	fifo_on[d] = true;
	for (v = 0; v < NVCPU; v++) {
		ic.control_gfn = CB_GFN(d, v);
		ic.vcpu = v;
		CHECK_EQ(evtchn_init_control(D(d), &ic), 0);
	}
	CHECK_EQ(evtchn_expand_array(D(d), &ea), 0);
}

/* ---- the hypervisor side, driven at random ---- */

static void op_bind(unsigned int d)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = rnd(NDOM) };
	struct evtchn_bind_interdomain bi;
	struct evtchn_bind_ipi ipi = { .vcpu = rnd(NVCPU) };
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = rnd(NVCPU) };
	unsigned int r = d ^ 1, i;

	switch (rnd(4)) {
	case 0:
		evtchn_alloc_unbound(D(d), &au);
		break;
	case 1:		/* connect to a port offered to us */
		for (i = 0; i < 8; i++) {
			bi.remote_dom = rnd(2) ? r : d;
			bi.remote_port = some_port(bi.remote_dom);
			if (bi.remote_port &&
			    !evtchn_bind_interdomain(D(d), &bi)) {
				owed[d][bi.local_port] = true;
				break;
			}
		}
		break;
	case 2:
		evtchn_bind_ipi(D(d), &ipi);
		break;
	default:
		if (rnd(2))
			bv = (struct evtchn_bind_virq){ .virq = VIRQ_DOM_EXC };
		evtchn_bind_virq(D(d), &bv);
		break;
	}
}

static void op_send(unsigned int d)
{
	evtchn_port_t p = some_port(d);
	struct evtchn *c;
	int rc;

	if (!p)
		return;
	c = chn(d, p);
	if (c->state == ECS_INTERDOMAIN)
		owed[c->u.inter.dom][c->u.inter.port] = true;
	else if (c->state == ECS_IPI)
		owed[d][p] = true;
	rc = evtchn_send(D(d), p);
	CHECK_EQ(rc, c->state == ECS_VIRQ ? -XEN_EINVAL : 0);
}

static void op_virq(unsigned int d)
{
	unsigned int v = rnd(NVCPU);
	evtchn_port_t p;

	if (rnd(2)) {
		p = D(d)->vcpu[v].virq_port[VIRQ_TIMER];
		if (p)
			owed[d][p] = true;
		send_guest_vcpu_virq(D(d), v, VIRQ_TIMER);
	} else {
		p = D(d)->vcpu[0].virq_port[VIRQ_DOM_EXC];
		if (p)
			owed[d][p] = true;
		send_guest_global_virq(D(d), VIRQ_DOM_EXC);
	}
}

static void op_close(unsigned int d)
{
	evtchn_port_t p = some_port(d);

	if (!p)
		return;
	CHECK_EQ(evtchn_close(D(d), p), 0);
	owed[d][p] = false;	/* a close discards the event */
}

static void op_misc(unsigned int d)
{
	struct evtchn_set_priority sp;
	evtchn_port_t p = some_port(d);

	if (!p)
		return;
	switch (rnd(4)) {
	case 0:
		guest_mask(d, p);
		break;
	case 1:
		guest_unmask(d, p);
		break;
	case 2:
		evtchn_bind_vcpu(D(d), p, rnd(NVCPU));
		break;
	default:
		sp = (struct evtchn_set_priority){ .port = p,
						   .priority = rnd(16) };
		CHECK_EQ(evtchn_set_priority(D(d), &sp),
			 fifo_on[d] ? 0 : -XEN_ENOSYS);
		break;
	}
}

/* ---- the auditor ---- */

/* A broken invariant: a check failure, or only counted while the
 * self-test corrupts state on purpose. */
static unsigned long audit_errors;
static bool audit_expect_errors;
#define AUDIT(cond) do {						\
	if (!(cond)) {							\
		audit_errors++;						\
		if (!audit_expect_errors)				\
			CHECK(cond);					\
	}								\
} while (0)

static void audit_2l(unsigned int d)
{
	struct shared_info *sh = D(d)->shared_info;
	uint64_t any_sel = 0;
	unsigned int v, p;

	for (v = 0; v < NVCPU; v++) {
		any_sel |= sh->vcpu_info[v].evtchn_pending_sel;
		if (sh->vcpu_info[v].evtchn_pending_sel)
			AUDIT(sh->vcpu_info[v].evtchn_upcall_pending);
	}
	for (p = 1; p < MAXP; p++)
		if (evb_test(p, (uint64_t *)sh->evtchn_pending) &&
		    !evb_test(p, (uint64_t *)sh->evtchn_mask))
			AUDIT(any_sel & (1ULL << (p / 64)));
}

/* Walk one queue; returns how many words it holds. */
static unsigned int walk_queue(unsigned int d, unsigned int v,
			       unsigned int q, uint8_t *seen)
{
	struct evtchn_fifo_control_block *cb = cb_of(d, v);
	uint32_t port = lhead[d][v][q], last = 0, w;
	unsigned int n = 0;

	if (!port && ((cb->ready | lready[d][v]) & (1U << q)))
		port = cb->head[q];
	while (port) {
		AUDIT(port < MAXP);
		if (port >= MAXP)
			return n;
		w = words_of(d)[port];
		AUDIT(w & (1U << EVTCHN_FIFO_LINKED));
		AUDIT(!seen[port]);
		if (seen[port] || !(w & (1U << EVTCHN_FIFO_LINKED)))
			return n;
		seen[port] = 1;
		n++;
		last = port;
		port = w & EVTCHN_FIFO_LINK_MASK;
	}
	if (n)
		AUDIT(evtchn_fifo_tail(D(d), v, q) == last);
	return n;
}

static void audit_fifo(unsigned int d)
{
	static uint8_t seen[MAXP];
	unsigned int v, q, p, linked = 0, walked = 0;
	uint32_t w;

	memset(seen, 0, sizeof(seen));
	for (v = 0; v < NVCPU; v++) {
		if (cb_of(d, v)->ready)
			AUDIT(D(d)->shared_info->vcpu_info[v]
				      .evtchn_upcall_pending);
		for (q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
			walked += walk_queue(d, v, q, seen);
	}
	for (p = 1; p < MAXP; p++) {
		w = words_of(d)[p];
		if (w & (1U << EVTCHN_FIFO_LINKED))
			linked++;
		if ((w & (1U << EVTCHN_FIFO_PENDING)) &&
		    !(w & (1U << EVTCHN_FIFO_MASKED)))
			AUDIT(w & (1U << EVTCHN_FIFO_LINKED));
	}
	AUDIT(linked == walked);
}

static void audit(unsigned int d)
{
	if (fifo_on[d])
		audit_fifo(d);
	else
		audit_2l(d);
}

/* ---- the run ---- */

static uint8_t upcall_flag(unsigned int d, unsigned int v)
{
	return D(d)->shared_info->vcpu_info[v].evtchn_upcall_pending;
}

static void hv_step(unsigned int d)
{
	unsigned int r = rnd(100);

	if (r < 20)
		op_bind(d);
	else if (r < 55)
		op_send(d);
	else if (r < 65)
		op_virq(d);
	else if (r < 75)
		op_close(d);
	else
		op_misc(d);
}

/* One step with kick accounting: a hypervisor step kicks a vCPU exactly
 * when its upcall flag rises; a guest step never kicks. */
static void step(void)
{
	unsigned int d = rnd(NDOM), v, e, k0[NDOM][NVCPU], f0[NDOM][NVCPU];
	bool guest = rnd(3) == 0;

	for (e = 0; e < NDOM; e++)
		for (v = 0; v < NVCPU; v++) {
			k0[e][v] = env_dom[e].kicks[v];
			f0[e][v] = upcall_flag(e, v);
		}
	if (guest)
		guest_step(d, rnd(NVCPU));
	else
		hv_step(d);
	for (e = 0; e < NDOM; e++)
		for (v = 0; v < NVCPU; v++)
			CHECK_EQ(env_dom[e].kicks[v] - k0[e][v],
				 !guest && !f0[e][v] && upcall_flag(e, v));
	for (e = 0; e < NDOM; e++)
		audit(e);
}

static void drain(void)
{
	unsigned int d, v, p, i;

	for (d = 0; d < NDOM; d++)
		for (p = 1; p < MAXP; p++)
			if (in_use(d, p))
				guest_unmask(d, p);
	for (i = 0; i < 20000; i++) {
		d = i % NDOM;
		v = (i / NDOM) % NVCPU;
		guest_step(d, v);
		audit(d);
	}
	for (d = 0; d < NDOM; d++)
		for (p = 1; p < MAXP; p++)
			if (in_use(d, p))
				CHECK(!owed[d][p]);
}

static void run(enum mode mode, uint64_t seed, unsigned int steps)
{
	unsigned int d, i;

	rng = seed;
	memset(owed, 0, sizeof(owed));
	memset(lhead, 0, sizeof(lhead));
	memset(lready, 0, sizeof(lready));
	memset(fifo_on, 0, sizeof(fifo_on));
	delivered = spurious = 0;
	env_reset();
	for (d = 0; d < NDOM; d++)
		env_dom_create(d, NVCPU, MAXP);
	for (d = 0; d < NDOM && mode == MODE_FIFO; d++)
		fifo_start(d);
	for (i = 0; i < steps && !check_failed_now; i++) {
		if (mode == MODE_SWITCH && i == steps / 2)
			for (d = 0; d < NDOM; d++)
				fifo_start(d);
		step();
	}
	drain();
	CHECK_EQ(spurious, 0);
	CHECK(delivered > steps / 20);
	for (d = 0; d < NDOM; d++)
		env_dom_destroy(d);
	CHECK_EQ(env_pages_live, 0);
	CHECK_EQ(env_maps_live, 0);
}

static void test_random_2l(void)
{
	run(MODE_2L, 0x2c0ffee, 6000);
	run(MODE_2L, 0x51, 6000);
	run(MODE_2L, 0xdeadbeef, 6000);
}

static void test_random_fifo(void)
{
	run(MODE_FIFO, 0x2c0ffee, 6000);
	run(MODE_FIFO, 0x51, 6000);
	run(MODE_FIFO, 0xdeadbeef, 6000);
}

static void test_random_switch_2l_to_fifo(void)
{
	run(MODE_SWITCH, 0x77, 6000);
	run(MODE_SWITCH, 0x1234567, 6000);
}

/* The auditor must be able to fail: corrupt a selector and a link. */
static void test_auditor_catches_corruption(void)
{
	struct evtchn_bind_ipi ipi = { .vcpu = 0 };

	env_reset();
	memset(lhead, 0, sizeof(lhead));
	memset(lready, 0, sizeof(lready));
	memset(fifo_on, 0, sizeof(fifo_on));
	env_dom_create(0, NVCPU, MAXP);
	env_dom_create(1, NVCPU, MAXP);
	audit_expect_errors = true;
	evtchn_bind_ipi(D(0), &ipi);
	evtchn_send(D(0), ipi.port);
	audit_errors = 0;
	audit(0);
	CHECK_EQ(audit_errors, 0);
	D(0)->shared_info->vcpu_info[0].evtchn_pending_sel = 0;
	audit(0);
	CHECK(audit_errors > 0);
	fifo_start(1);
	evtchn_bind_ipi(D(1), &ipi);
	guest_unmask(1, ipi.port);
	evtchn_send(D(1), ipi.port);
	audit_errors = 0;
	audit(1);
	CHECK_EQ(audit_errors, 0);
	words_of(1)[ipi.port] &= ~(1U << EVTCHN_FIFO_LINKED);
	audit(1);
	CHECK(audit_errors > 0);
	audit_expect_errors = false;
	env_dom_destroy(0);
	env_dom_destroy(1);
}

int main(void)
{
	check_prog = "evtchn_audit";
	RUN(test_auditor_catches_corruption);
	RUN(test_random_2l);
	RUN(test_random_fifo);
	RUN(test_random_switch_2l_to_fifo);
	return check_exit();
}
