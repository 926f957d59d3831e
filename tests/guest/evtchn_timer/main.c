/*
 * evtchn_timer: VIRQ_TIMER at the deadlines a PV kernel asks for.
 *
 * A vCPU has one single-shot timer, armed by set_timer_op (an absolute
 * system time; 0 cancels; a time already past fires at once) or by
 * VCPUOP_set_singleshot_timer (the same: Xen 4.17 accepts and ignores
 * VCPU_SSHOTTMR_future, so a past time fires at once there too, where
 * older Xen answered -ETIME), and one
 * periodic timer (VCPUOP_set_periodic_timer; Xen starts every vCPU with
 * a 10 ms one, which ev_setup() stops).  Both raise VIRQ_TIMER on the
 * vCPU.  The upcall handler notes the PV-clock time of each tick; the
 * checks: never earlier than the deadline (Xen's timer slop allows 50
 * us; we allow 100), not absurdly late, exactly one tick per single
 * shot, none after a stop or cancel, and a periodic rate that neither
 * exceeds its period nor stalls.
 */
#include "../evtchn_common/ev.h"

const char test_title[] = "evtchn_timer: set_timer_op, singleshot, periodic";

#define MS 1000000ull
#define SLOP_NS 100000ull
#define LATE_NS (1000 * MS)	/* TCG on a loaded host: generous */

static int tport;
static uint64_t tick_time[64];
static unsigned int ticks;

static void timer_upcall(void)
{
	unsigned int before = ev_count[tport];

	ev_scan_2l(0);
	if (ev_count[tport] != before && ticks < ARRAY_SIZE(tick_time))
		tick_time[ticks++] = pvclock_ns(0);
}

static void reset_ticks(void)
{
	ev_window();		/* drain anything in flight */
	ev_reset_counts();
	ticks = 0;
}

static void check_deadline(uint64_t deadline, const char *what)
{
	bool got = EV_WAIT(ticks > 0, deadline - pvclock_ns(0) + LATE_NS);

	CHECK(got, "%s: no tick", what);
	if (!got)
		return;
	CHECK(tick_time[0] + SLOP_NS >= deadline, "%s: %lu ns early", what,
	      (unsigned long)(deadline - tick_time[0]));
	printk("%s: tick %ld us after the deadline\n", what,
	       (long)(tick_time[0] - deadline) / 1000);
	/* One shot is one tick. */
	EV_WAIT(false, 5 * MS);
	CHECK_EQ(ticks, 1);
}

static long singleshot(uint64_t t, uint32_t flags)
{
	struct vcpu_set_singleshot_timer s = { .timeout_abs_ns = t,
					       .flags = flags };

	return vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
}

static void check_set_timer_op(void)
{
	uint64_t d;

	reset_ticks();
	d = pvclock_ns(0) + 5 * MS;
	CHECK_EQ(set_timer_op(d), 0);
	check_deadline(d, "set_timer_op 5ms");
	reset_ticks();
	d = pvclock_ns(0) + 30 * MS;
	CHECK_EQ(set_timer_op(d), 0);
	check_deadline(d, "set_timer_op 30ms");
	/* Re-arming replaces; 0 cancels. */
	reset_ticks();
	CHECK_EQ(set_timer_op(pvclock_ns(0) + 50 * MS), 0);
	CHECK_EQ(set_timer_op(pvclock_ns(0) + 80 * MS), 0);
	CHECK_EQ(set_timer_op(0), 0);
	EV_WAIT(false, 100 * MS);
	CHECK_EQ(ticks, 0);
	/* In the past: fires at once. */
	reset_ticks();
	CHECK_EQ(set_timer_op(pvclock_ns(0) - 1 * MS), 0);
	CHECK(EV_WAIT(ticks > 0, 20 * MS), "past set_timer_op: no tick");
}

static void check_singleshot(void)
{
	uint64_t d;

	reset_ticks();
	d = pvclock_ns(0) + 7 * MS;
	CHECK_EQ(singleshot(d, VCPU_SSHOTTMR_future), 0);
	check_deadline(d, "singleshot 7ms");
	reset_ticks();
	CHECK_EQ(singleshot(pvclock_ns(0) - MS, VCPU_SSHOTTMR_future), 0);
	CHECK(EV_WAIT(ticks > 0, 20 * MS), "past future-only: no tick");
	reset_ticks();
	CHECK_EQ(singleshot(pvclock_ns(0) - MS, 0), 0);
	CHECK(EV_WAIT(ticks > 0, 20 * MS), "past singleshot: no tick");
	reset_ticks();
	CHECK_EQ(singleshot(pvclock_ns(0) + 50 * MS, 0), 0);
	CHECK_EQ(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	EV_WAIT(false, 80 * MS);
	CHECK_EQ(ticks, 0);
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 1, NULL), -XEN_ENOENT);
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 0, NULL), -XEN_EFAULT);
}

static void check_periodic(void)
{
	struct vcpu_set_periodic_timer p = { .period_ns = 4 * MS };
	uint64_t start, end;
	unsigned int i;

	reset_ticks();
	start = pvclock_ns(0);
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &p), 0);
	EV_WAIT(ticks >= 10, 10 * 4 * MS + LATE_NS);
	end = pvclock_ns(0);
	CHECK_EQ(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	printk("periodic 4ms: %u ticks in %lu us\n", ticks,
	       (unsigned long)(end - start) / 1000);
	CHECK(ticks >= 10, "%u ticks", ticks);
	/*
	 * Each period is counted from when the previous tick fired (Xen
	 * re-arms from "now"), and the first may fire at once, so tick i can
	 * never come before start + i periods.  Measuring from tick 0's
	 * delivery instead would blame the hypervisor for tick 0's latency.
	 */
	for (i = 1; i < ticks; i++)
		CHECK(tick_time[i] + SLOP_NS >= start + i * p.period_ns,
		      "tick %u came %lu ns before its time", i,
		      (unsigned long)(start + i * p.period_ns -
				      tick_time[i]));
	reset_ticks();
	EV_WAIT(false, 20 * MS);
	CHECK_EQ(ticks, 0);
	p.period_ns = MS - 1;	/* 1 ms is the shortest period */
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &p), -XEN_EINVAL);
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, NULL), -XEN_EFAULT);
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 1, &p), -XEN_ENOENT);
}

void test_main(void)
{
	tport = ev_setup_timer(timer_upcall);
	if (tport < 0)
		return;
	check_set_timer_op();
	check_singleshot();
	check_periodic();
}
