/*
 * evtchn_fifo_smp: FIFO queues on two vCPUs.
 *
 * Each vCPU registers its own control block (EVTCHNOP_init_control for
 * vCPU 1 is made by vCPU 0, as Linux does while bringing a CPU up); the
 * event array is the domain's.  An IPI port bound to vCPU 1 must queue
 * on vCPU 1's control block only, and its answer on vCPU 0's: a hundred
 * round trips, vCPU 1 blocked in SCHEDOP_block between them.  Then a
 * port moved to vCPU 1 with EVTCHNOP_bind_vcpu joins vCPU 1's queue from
 * its next event, at the priority it was given.
 */
#include "../evtchn_common/vcpu1.h"

const char test_title[] = "evtchn_fifo_smp: per-vCPU FIFO queues, IPIs";

#define PENDING (1u << EVTCHN_FIFO_PENDING)
#define MASKED (1u << EVTCHN_FIFO_MASKED)
#define LINKED (1u << EVTCHN_FIFO_LINKED)
#define ROUNDS 100
#define MS 1000000ull

/* One page each: a control block must be in its vCPU's own frame. */
static char cb_page[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define CB(v) ((struct evtchn_fifo_control_block *)cb_page[v])
static volatile uint32_t words[PAGE_SIZE / 4]
	__attribute__((aligned(PAGE_SIZE)));
static uint32_t lhead[2][EVTCHN_FIFO_MAX_QUEUES];
static unsigned int cnt[2][64];
static int to0, to1;
static volatile unsigned int bad_head;

static void consume_one(unsigned int v, unsigned int q, uint32_t *ready)
{
	uint32_t port = lhead[v][q], old, next;
	volatile uint32_t *w;

	if (!port)
		port = __atomic_load_n(&CB(v)->head[q], __ATOMIC_SEQ_CST);
	if (!port || port >= 64) {
		bad_head++;
		*ready &= ~(1u << q);
		return;
	}
	w = &words[port];
	old = *w;
	while (!__atomic_compare_exchange_n(w, &old,
					    old & ~(LINKED |
						    EVTCHN_FIFO_LINK_MASK),
					    false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST))
		;
	next = old & EVTCHN_FIFO_LINK_MASK;
	if (!next)
		*ready &= ~(1u << q);
	lhead[v][q] = next;
	if ((old & (PENDING | MASKED)) != PENDING)
		return;
	__atomic_fetch_and(w, ~PENDING, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&cnt[v][port], 1, __ATOMIC_SEQ_CST);
	if (v == 1 && port == (uint32_t)to1)
		ev_send(to0);
}

static bool hook(struct trap_frame *f)
{
	unsigned int v;
	uint32_t ready;

	if (f->vector != VEC_EVENT)
		return false;
	v = vcpu1_frame_vcpu(f);
	ev_vi(v)->evtchn_upcall_pending = 0;
	ready = __atomic_exchange_n(&CB(v)->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		consume_one(v, __builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&CB(v)->ready, 0,
					     __ATOMIC_SEQ_CST);
	}
	return true;
}

static void unmask(evtchn_port_t p)
{
	if (!(words[p] & PENDING))
		__atomic_fetch_and(&words[p], ~MASKED, __ATOMIC_SEQ_CST);
	else
		CHECK_EQ(ev_unmask_op_only(p), 0);
}

static int fifo_init(void)
{
	struct evtchn_init_control ic = { .offset = 0 };
	struct evtchn_expand_array ea = {
		.array_gfn = virt_to_mfn((void *)words),
	};
	unsigned int i, v;
	long rc = 0;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		words[i] = MASKED;
	for (v = 0; v < 2 && !rc; v++) {
		ic.control_gfn = virt_to_mfn(cb_page[v]);
		ic.vcpu = v;
		rc = evtchn_op(EVTCHNOP_init_control, &ic);
	}
	if (!rc)
		rc = evtchn_op(EVTCHNOP_expand_array, &ea);
	if (rc)
		test_error("FIFO setup: %ld", rc);
	return rc;
}

static bool wait_count(unsigned int v, int port, unsigned int want)
{
	return EV_WAIT(__atomic_load_n(&cnt[v][port], __ATOMIC_SEQ_CST) >=
		       want, 2000 * MS);
}

static void check_ping_pong(void)
{
	if (!vcpu1_ping_pong(cnt, to0, to1, ROUNDS))
		return;
	CHECK_EQ(cnt[0][to1] + cnt[1][to0], 0);
}

static void check_moved_port(void)
{
	struct evtchn_set_priority sp;
	struct evtchn_bind_vcpu bv;
	int a = ev_alloc_unbound(DOMID_SELF), b = ev_bind_loop(a);

	CHECK(a > 0 && a < 64 && b > 0 && b < 64, "pair %d %d", a, b);
	unmask(b);
	ev_window();
	bv = (struct evtchn_bind_vcpu){ .port = a, .vcpu = 1 };
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), 0);
	sp = (struct evtchn_set_priority){ .port = a, .priority = 2 };
	CHECK_EQ(evtchn_op(EVTCHNOP_set_priority, &sp), 0);
	unmask(a);
	CHECK_EQ(ev_send(b), 0);
	CHECK(wait_count(1, a, 1), "moved port not delivered on vCPU 1");
	CHECK_EQ(cnt[0][a], 0);
	CHECK_EQ(CB(1)->head[2], a);
}

void test_main(void)
{
	if (ev_setup() || fifo_init())
		return;
	trap_hook = hook;
	to0 = ev_bind_ipi(0);
	to1 = ev_bind_ipi(1);
	if (to0 <= 0 || to1 <= 0 || to0 >= 64 || to1 >= 64) {
		test_error("bind_ipi: %d %d", to0, to1);
		return;
	}
	unmask(to0);
	unmask(to1);
	if (vcpu1_start_events())
		return;
	check_ping_pong();
	check_moved_port();
	CHECK_EQ(bad_head, 0);
	printk("round trips: %u; vCPU 1 took %u, vCPU 0 took %u\n", ROUNDS,
	       cnt[1][to1], cnt[0][to0]);
}
