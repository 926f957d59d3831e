/*
 * Two domains exchanging a million events each way, on two threads.
 *
 * Each thread is one domain's vCPU: it sends on its end of an
 * interdomain pair (the hypervisor's work, done in the calling thread as
 * a hypercall would be) and consumes what the other thread sends, the
 * way Linux does, while the other thread links new events into the very
 * bitmaps and queues it is draining.  Before each send a thread
 * publishes a sequence number; on each delivery the receiver records the
 * newest number it can see.  Events coalesce, so fewer deliveries than
 * sends is fine, but once both threads have sent everything each
 * receiver must, without any further send, see the final number: a
 * lost event would leave it waiting forever (here: 20 s).  Every 512th
 * round the receiver masks its port and unmasks it again through
 * EVTCHNOP_unmask, racing the sender.  Runs the 2-level and FIFO ABIs.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <xenolith/lib.h>
#include "check.h"
#include "evtchn_env.h"
#include "evtchn_bits.h"

#define ROUNDS 1000000UL
#define PATIENCE_S 20

static evtchn_port_t port[2];		/* domain d's end */
static unsigned long sent[2];		/* sequence published by d */
static unsigned long seen[2];		/* newest peer sequence d saw */
static unsigned long deliveries[2];
static bool fifo;
static uint32_t lhead[2][EVTCHN_FIFO_MAX_QUEUES];
static bool failed_wait[2];

static struct evtchn_domain *D(unsigned int d)
{
	return &env_dom[d].ed;
}

static uint32_t *words(unsigned int d)
{
	return env_gfn(10 + d);
}

static struct evtchn_fifo_control_block *cb(unsigned int d)
{
	return env_gfn(1 + d);
}

static void delivered(unsigned int d)
{
	deliveries[d]++;
	seen[d] = __atomic_load_n(&sent[d ^ 1], __ATOMIC_ACQUIRE);
}

static void consume_2l(unsigned int d)
{
	struct shared_info *sh = D(d)->shared_info;
	struct vcpu_info *vi = &sh->vcpu_info[0];
	uint64_t sel, bits;
	unsigned int w, b;

	if (!__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
				  __ATOMIC_SEQ_CST);
	while (sel) {
		w = __builtin_ctzll(sel);
		sel &= sel - 1;
		bits = __atomic_load_n(&sh->evtchn_pending[w],
				       __ATOMIC_SEQ_CST) &
		       ~__atomic_load_n(&sh->evtchn_mask[w], __ATOMIC_SEQ_CST);
		while (bits) {
			b = __builtin_ctzll(bits);
			bits &= bits - 1;
			if (evb_test_and_clear(w * 64 + b,
					       (uint64_t *)sh->evtchn_pending))
				delivered(d);
		}
	}
}

static void consume_one(unsigned int d, unsigned int q, uint32_t *ready)
{
	uint32_t p = lhead[d][q], old, next;
	uint32_t *w;

	if (!p)
		p = __atomic_load_n(&cb(d)->head[q], __ATOMIC_ACQUIRE);
	w = &words(d)[p];
	old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
	while (!__atomic_compare_exchange_n(
		w, &old, old & ~((1U << EVTCHN_FIFO_LINKED) |
				 EVTCHN_FIFO_LINK_MASK),
		false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	next = old & EVTCHN_FIFO_LINK_MASK;
	if (!next)
		*ready &= ~(1U << q);
	lhead[d][q] = next;
	if ((old & (1U << EVTCHN_FIFO_PENDING)) &&
	    !(old & (1U << EVTCHN_FIFO_MASKED)) &&
	    (__atomic_fetch_and(w, ~(1U << EVTCHN_FIFO_PENDING),
				__ATOMIC_SEQ_CST) &
	     (1U << EVTCHN_FIFO_PENDING)))
		delivered(d);
}

static void consume_fifo(unsigned int d)
{
	struct vcpu_info *vi = &D(d)->shared_info->vcpu_info[0];
	uint32_t ready;

	if (!__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	ready = __atomic_exchange_n(&cb(d)->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		consume_one(d, __builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&cb(d)->ready, 0,
					     __ATOMIC_SEQ_CST);
	}
}

static void consume(unsigned int d)
{
	if (fifo)
		consume_fifo(d);
	else
		consume_2l(d);
}

/* Mask, then unmask the Linux way (ask the hypervisor if pending). */
static void mask_bounce(unsigned int d)
{
	evtchn_port_t p = port[d];
	uint64_t *mask = (uint64_t *)D(d)->shared_info->evtchn_mask;
	uint32_t *w = &words(d)[p];

	if (!fifo) {
		evb_test_and_set(p, mask);
		evtchn_unmask(D(d), p);
		return;
	}
	ev32_set(EVTCHN_FIFO_MASKED, w);
	if (!ev32_test(EVTCHN_FIFO_PENDING, w))
		ev32_clear(EVTCHN_FIFO_MASKED, w);
	if (ev32_test(EVTCHN_FIFO_MASKED, w))
		evtchn_unmask(D(d), p);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *vcpu_thread(void *arg)
{
	unsigned int d = (unsigned int)(uintptr_t)arg;
	unsigned long i;
	double give_up;

	for (i = 1; i <= ROUNDS; i++) {
		__atomic_store_n(&sent[d], i, __ATOMIC_RELEASE);
		if (evtchn_send(D(d), port[d]))
			failed_wait[d] = true;
		consume(d);
		if (i % 512 == 0)
			mask_bounce(d);
	}
	give_up = now_s() + PATIENCE_S;
	while (seen[d] != ROUNDS && now_s() < give_up)
		consume(d);
	if (seen[d] != ROUNDS)
		failed_wait[d] = true;
	return NULL;
}

static void setup(void)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 1 };
	struct evtchn_bind_interdomain bi = { .remote_dom = 0 };
	unsigned int d, i;

	env_reset();
	memset(lhead, 0, sizeof(lhead));
	memset(sent, 0, sizeof(sent));
	memset(seen, 0, sizeof(seen));
	memset(deliveries, 0, sizeof(deliveries));
	memset(failed_wait, 0, sizeof(failed_wait));
	env_dom_create(0, 1, 0);
	env_dom_create(1, 1, 0);
	CHECK_EQ(evtchn_alloc_unbound(D(0), &au), 0);
	bi.remote_port = au.port;
	CHECK_EQ(evtchn_bind_interdomain(D(1), &bi), 0);
	port[0] = au.port;
	port[1] = bi.local_port;
	for (d = 0; d < 2 && fifo; d++) {
		struct evtchn_init_control ic = { .control_gfn = 1 + d };
		struct evtchn_expand_array ea = { .array_gfn = 10 + d };

		for (i = 0; i < 1024; i++)
			words(d)[i] = 0;
		CHECK_EQ(evtchn_init_control(D(d), &ic), 0);
		CHECK_EQ(evtchn_expand_array(D(d), &ea), 0);
	}
	for (d = 0; d < 2; d++)
		consume(d);	/* the bind's own event */
	seen[0] = seen[1] = 0;
	deliveries[0] = deliveries[1] = 0;
}

static void run_pair(void)
{
	pthread_t t[2];
	unsigned int d;
	double t0 = now_s();

	setup();
	for (d = 0; d < 2; d++)
		pthread_create(&t[d], NULL, vcpu_thread, (void *)(uintptr_t)d);
	for (d = 0; d < 2; d++)
		pthread_join(t[d], NULL);
	printf("  %s: %lu and %lu deliveries for %lu sends each way, "
	       "%.2f s\n", fifo ? "FIFO" : "2-level", deliveries[0],
	       deliveries[1], ROUNDS, now_s() - t0);
	for (d = 0; d < 2; d++) {
		CHECK(!failed_wait[d]);
		CHECK_EQ(seen[d], ROUNDS);
		CHECK(deliveries[d] > 0 && deliveries[d] <= ROUNDS);
	}
	env_dom_destroy(0);
	env_dom_destroy(1);
}

static void test_million_each_way_2l(void)
{
	fifo = false;
	run_pair();
}

static void test_million_each_way_fifo(void)
{
	fifo = true;
	run_pair();
}

int main(void)
{
	check_prog = "evtchn_mt";
	RUN(test_million_each_way_2l);
	RUN(test_million_each_way_fifo);
	return check_exit();
}
