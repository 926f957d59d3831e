/*
 * evtchn_ipi: upcalls on two vCPUs, IPIs between them, bind_vcpu.
 *
 * Both vCPUs register the event callback (callbacks are per vCPU); vCPU
 * 1 then sits in SCHEDOP_block, which enables its event delivery.  vCPU
 * 0 sends on an IPI port bound to vCPU 1; vCPU 1's upcall handler
 * answers on an IPI port bound to vCPU 0 - a hundred round trips, each
 * of which must wake the blocked vCPU and deliver on the right one.
 * Then an interdomain loopback port is moved to vCPU 1 with
 * EVTCHNOP_bind_vcpu: its events must arrive in vCPU 1's selector and
 * upcall, never vCPU 0's.  The handler tells the vCPUs apart by the
 * stack the hypervisor built the frame on.
 */
#include "../evtchn_common/vcpu1.h"

const char test_title[] = "evtchn_ipi: upcalls on both vCPUs, IPIs, bind_vcpu";

#define ROUNDS 100
#define MS 1000000ull

static int to0, to1;			/* IPI ports notifying vCPU 0 / 1 */
static unsigned int cnt[2][64];		/* deliveries per vCPU and port */
static volatile unsigned long wrong_mask[2];

static void scan(unsigned int v)
{
	struct vcpu_info *vi = ev_vi(v);
	unsigned long bits;
	unsigned int b;

	vi->evtchn_upcall_pending = 0;
	if (!__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST))
		return;
	bits = __atomic_load_n(&ev_pending()[0], __ATOMIC_SEQ_CST) &
	       ~ev_mask()[0];
	for (; bits; bits &= bits - 1) {
		b = __builtin_ctzl(bits);
		/* Only ports notifying this vCPU are ours to take. */
		if ((b == (unsigned int)to0 && v != 0) ||
		    (b == (unsigned int)to1 && v != 1))
			continue;
		if (!(__atomic_fetch_and(&ev_pending()[0], ~(1ul << b),
					 __ATOMIC_SEQ_CST) & (1ul << b)))
			continue;
		__atomic_fetch_add(&cnt[v][b], 1, __ATOMIC_SEQ_CST);
		if (v == 1 && b == (unsigned int)to1)
			ev_send(to0);		/* the pong */
	}
}

static bool hook(struct trap_frame *f)
{
	unsigned int v;

	if (f->vector != VEC_EVENT)
		return false;
	v = vcpu1_frame_vcpu(f);
	if (!ev_vi(v)->evtchn_upcall_mask)
		wrong_mask[v]++;
	scan(v);
	return true;
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
	CHECK_EQ(cnt[1][to1], ROUNDS);
	CHECK_EQ(cnt[0][to0], ROUNDS);
	CHECK_EQ(cnt[0][to1], 0);
	CHECK_EQ(cnt[1][to0], 0);
}

static void check_bind_vcpu(void)
{
	struct evtchn_bind_vcpu bv;
	struct evtchn_status st;
	int a = ev_alloc_unbound(DOMID_SELF), b = ev_bind_loop(a);

	CHECK(a > 0 && a < 64 && b > 0 && b < 64, "pair %d %d", a, b);
	ev_clear_mask_bit(b);
	ev_window();		/* the bind's event on b, vCPU 0 */
	bv = (struct evtchn_bind_vcpu){ .port = a, .vcpu = 1 };
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), 0);
	CHECK_EQ(ev_status(DOMID_SELF, a, &st), 0);
	CHECK_EQ(st.vcpu, 1);
	ev_clear_mask_bit(a);
	CHECK_EQ(ev_send(b), 0);
	CHECK(wait_count(1, a, 1), "moved port not delivered on vCPU 1");
	CHECK_EQ(cnt[0][a], 0);
	/* And back. */
	bv.vcpu = 0;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_vcpu, &bv), 0);
	CHECK_EQ(ev_send(b), 0);
	CHECK(wait_count(0, a, 1), "port not delivered on vCPU 0");
	CHECK_EQ(cnt[1][a], 1);
}

void test_main(void)
{
	struct evtchn_status st;

	if (ev_setup())
		return;
	trap_hook = hook;
	to0 = ev_bind_ipi(0);
	to1 = ev_bind_ipi(1);
	if (to0 <= 0 || to1 <= 0 || to0 >= 64 || to1 >= 64) {
		test_error("bind_ipi: %d %d", to0, to1);
		return;
	}
	CHECK_EQ(ev_status(DOMID_SELF, to1, &st), 0);
	CHECK_EQ(st.vcpu, 1);
	ev_clear_mask_bit(to0);
	ev_clear_mask_bit(to1);
	if (vcpu1_start_events())
		return;
	check_ping_pong();
	check_bind_vcpu();
	CHECK_EQ(wrong_mask[0] + wrong_mask[1], 0);
	printk("round trips: %u; vCPU 1 took %u, vCPU 0 took %u\n", ROUNDS,
	       cnt[1][to1], cnt[0][to0]);
}
