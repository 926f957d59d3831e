/*
 * evtchn_fifo: the FIFO event ABI from the guest's side.
 *
 * We register a control block (EVTCHNOP_init_control) and one page of
 * event words (EVTCHNOP_expand_array, ports 0-1023), every word starting
 * MASKED as Linux initialises them.  The upcall handler is Linux's: take
 * READY with one exchange, then consume from the highest-priority ready
 * queue, one event at a time, by unlinking the head word (clearing
 * LINKED and LINK in one compare-and-swap) and following its LINK.
 *
 * Checked: link_bits is 17; events raised while upcalls are off queue up
 * by priority (0 first) and in arrival order within one priority, which
 * the control block (READY, HEAD) and the words (PENDING|LINKED, LINK)
 * show before anything is consumed; a masked event stays pending and
 * unlinked until EVTCHNOP_unmask links it; a priority change applies
 * from the next event; an event on a port beyond the event array is
 * remembered until expand_array adds its page; a second control block
 * for the same vCPU, a bad array frame and priority 16 are -EINVAL;
 * EVTCHNOP_reset returns to the 2-level ABI.
 */
#include "../evtchn_common/ev.h"

const char test_title[] = "evtchn_fifo: control block, queues, priorities";

#define PENDING (1u << EVTCHN_FIFO_PENDING)
#define MASKED (1u << EVTCHN_FIFO_MASKED)
#define LINKED (1u << EVTCHN_FIFO_LINKED)
#define BUSY (1u << EVTCHN_FIFO_BUSY)

static struct evtchn_fifo_control_block cb_page[PAGE_SIZE /
	sizeof(struct evtchn_fifo_control_block)]
	__attribute__((aligned(PAGE_SIZE)));
/* Two pages of event words: ports 0-1023, then 1024-2047. */
static volatile uint32_t words[2 * PAGE_SIZE / 4]
	__attribute__((aligned(PAGE_SIZE)));
static struct evtchn_fifo_control_block *cb = &cb_page[0];
static uint32_t local_head[EVTCHN_FIFO_MAX_QUEUES];

/* Unlink the word; its LINK is the next head. */
static uint32_t clear_linked(volatile uint32_t *w)
{
	uint32_t old = *w, new;

	do {
		new = old & ~(LINKED | EVTCHN_FIFO_LINK_MASK);
	} while (!__atomic_compare_exchange_n(w, &old, new, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return old & EVTCHN_FIFO_LINK_MASK;
}

static void consume_one(unsigned int q, uint32_t *ready)
{
	uint32_t port = local_head[q], next;
	volatile uint32_t *w;

	if (!port)
		port = __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
	if (!port || port >= ARRAY_SIZE(words)) {
		test_fail("queue %u: head %u", q, port);
		*ready &= ~(1u << q);
		return;
	}
	w = &words[port];
	next = clear_linked(w);
	if (!next)
		*ready &= ~(1u << q);
	if ((*w & (PENDING | MASKED)) == PENDING) {
		__atomic_fetch_and(w, ~PENDING, __ATOMIC_SEQ_CST);
		ev_record(port);
	}
	local_head[q] = next;
}

static void fifo_upcall(void)
{
	uint32_t ready;

	ev_vi(0)->evtchn_upcall_pending = 0;
	ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		consume_one(__builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	}
}

static long set_priority(evtchn_port_t p, unsigned int prio)
{
	struct evtchn_set_priority sp = { .port = p, .priority = prio };

	return evtchn_op(EVTCHNOP_set_priority, &sp);
}

/* Linux's unmask: clear MASKED, or ask Xen if an event waits. */
static void fifo_unmask(evtchn_port_t p)
{
	if (!(words[p] & PENDING))
		__atomic_fetch_and(&words[p], ~MASKED, __ATOMIC_SEQ_CST);
	else
		CHECK_EQ(ev_unmask_op_only(p), 0);
}

static int fifo_init(void)
{
	struct evtchn_init_control ic = {
		.control_gfn = virt_to_mfn(cb_page), .offset = 0, .vcpu = 0,
	};
	struct evtchn_expand_array ea = { .array_gfn = ~0ull };
	unsigned int i;
	long rc;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		words[i] = MASKED;
	rc = evtchn_op(EVTCHNOP_init_control, &ic);
	if (rc) {
		test_fail("init_control: %ld", rc);
		return rc;
	}
	CHECK_EQ(ic.link_bits, EVTCHN_FIFO_LINK_BITS);
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	CHECK_EQ(evtchn_op(EVTCHNOP_expand_array, &ea), -XEN_EINVAL);
	ea.array_gfn = virt_to_mfn((void *)words);	/* the first page */
	rc = evtchn_op(EVTCHNOP_expand_array, &ea);
	if (rc)
		test_fail("expand_array: %ld", rc);
	ev_upcall_fn = fifo_upcall;
	return rc;
}

/* n loopback pairs; rx[i] receives what tx[i] sends. */
static void make_pairs(int *tx, int *rx, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		rx[i] = ev_alloc_unbound(DOMID_SELF);
		tx[i] = ev_bind_loop(rx[i]);
		CHECK(rx[i] > 0 && tx[i] > 0, "pair %u: %d %d", i, rx[i],
		      tx[i]);
		fifo_unmask(rx[i]);
		fifo_unmask(tx[i]);	/* delivers the bind's event */
	}
	ev_window();
	ev_reset_counts();
}

static void check_order(const int *tx, const int *rx)
{
	/* Priorities of rx[0..3]: 7 (default), 3, 12, 3. */
	CHECK_EQ(set_priority(rx[1], 3), 0);
	CHECK_EQ(set_priority(rx[2], 12), 0);
	CHECK_EQ(set_priority(rx[3], 3), 0);
	CHECK_EQ(set_priority(rx[0], 16), -XEN_EINVAL);
	CHECK_EQ(set_priority(4096 * 64, 3), -XEN_EINVAL);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(ev_send(tx[i]), 0);
	CHECK_EQ(cb->ready, (1u << 3) | (1u << 7) | (1u << 12));
	CHECK_EQ(cb->head[3], rx[1]);
	CHECK_EQ(cb->head[7], rx[0]);
	CHECK_EQ(cb->head[12], rx[2]);
	CHECK_EQ(words[rx[1]], PENDING | LINKED | rx[3]);
	CHECK_EQ(words[rx[3]], PENDING | LINKED);
	CHECK_EQ(ev_vi(0)->evtchn_upcall_pending, 1);
	ev_window();
	CHECK_EQ(ev_logged, 4);
	CHECK_EQ(ev_log[0], rx[1]);
	CHECK_EQ(ev_log[1], rx[3]);
	CHECK_EQ(ev_log[2], rx[0]);
	CHECK_EQ(ev_log[3], rx[2]);
	CHECK_EQ(ev_upcalls, 1);
	CHECK_EQ(words[rx[1]] & (PENDING | LINKED), 0);
}

static void check_mask(const int *tx, const int *rx)
{
	ev_reset_counts();
	__atomic_fetch_or(&words[rx[0]], MASKED, __ATOMIC_SEQ_CST);
	CHECK_EQ(ev_send(tx[0]), 0);
	CHECK_EQ(words[rx[0]], PENDING | MASKED);
	ev_window();
	CHECK_EQ(ev_upcalls, 0);
	fifo_unmask(rx[0]);
	CHECK_EQ(words[rx[0]], PENDING | LINKED);
	ev_window();
	CHECK_EQ(ev_count[rx[0]], 1);
	/* Priority changes apply to the next linking. */
	ev_reset_counts();
	CHECK_EQ(set_priority(rx[0], 1), 0);
	CHECK_EQ(ev_send(tx[2]), 0);
	CHECK_EQ(ev_send(tx[0]), 0);
	CHECK_EQ(cb->ready, (1u << 1) | (1u << 12));
	ev_window();
	CHECK_EQ(ev_logged, 2);
	CHECK_EQ(ev_log[0], rx[0]);
	CHECK_EQ(ev_log[1], rx[2]);
}

/* Many events, one queue: sent while the handler keeps consuming. */
static void check_burst(const int *tx, const int *rx)
{
	int i;

	ev_reset_counts();
	for (i = 0; i < 200; i++) {
		CHECK_EQ(ev_send(tx[i % 4]), 0);
		if (i % 3 == 0)
			ev_window();
	}
	ev_window();
	for (i = 0; i < 4; i++)
		CHECK(ev_count[rx[i]] >= 1, "rx[%d] got nothing", i);
	CHECK_EQ(cb->ready, 0);
	for (i = 0; i < 4; i++)
		CHECK_EQ(words[rx[i]] & (PENDING | LINKED), 0);
}

/*
 * An event for a port whose word page does not exist yet is remembered
 * and raised when the page arrives (here still masked, as the guest
 * initialised the new words).
 */
static void check_saved(void)
{
	struct evtchn_expand_array ea = {
		.array_gfn = virt_to_mfn((void *)&words[1024]),
	};
	int p, rx, tx;

	do
		p = ev_alloc_unbound(DOMID_SELF);
	while (p > 0 && p < 1023);
	CHECK_EQ(p, 1023);
	rx = ev_alloc_unbound(DOMID_SELF);
	tx = ev_bind_loop(rx);
	CHECK_EQ(rx, 1024);
	CHECK_EQ(tx, 1025);
	ev_reset_counts();
	CHECK_EQ(ev_send(tx), 0);
	ev_window();
	CHECK_EQ(ev_upcalls, 0);
	CHECK_EQ(evtchn_op(EVTCHNOP_expand_array, &ea), 0);
	CHECK_EQ(words[rx], PENDING | MASKED);
	CHECK_EQ(words[tx], PENDING | MASKED);	/* the bind's event */
	fifo_unmask(rx);
	fifo_unmask(tx);
	ev_window();
	CHECK_EQ(ev_count[rx], 1);
	CHECK_EQ(ev_count[tx], 1);
	CHECK_EQ(words[rx] & (PENDING | LINKED | MASKED), 0);
}

static void check_reset(void)
{
	struct evtchn_reset r = { .dom = DOMID_SELF };
	int p;

	CHECK_EQ(evtchn_op(EVTCHNOP_reset, &r), 0);
	ev_upcall_fn = NULL;
	CHECK_EQ(set_priority(1, 3), -XEN_ENOSYS);
	p = ev_bind_ipi(0);
	CHECK_EQ(p, 1);		/* every port was closed */
	ev_clear_mask_bit(p);
	ev_reset_counts();
	CHECK_EQ(ev_send(p), 0);
	CHECK(ev_is_pending(p), "2-level pending bit not set");
	ev_window();
	CHECK_EQ(ev_count[p], 1);
}

void test_main(void)
{
	int tx[4], rx[4];

	if (ev_setup() || fifo_init())
		return;
	make_pairs(tx, rx, 4);
	check_order(tx, rx);
	check_mask(tx, rx);
	check_burst(tx, rx);
	check_saved();
	check_reset();
}
