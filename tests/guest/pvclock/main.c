/*
 * pvclock: the time a PV guest reads without trapping.
 *
 * Each vCPU's vcpu_info holds a vcpu_time_info snapshot (system time at
 * a TSC value, and the TSC-to-ns scale); the guest extrapolates with
 * RDTSC.  Two vCPUs read their own clocks as fast as they can and
 * publish the largest time seen; every reading must be at least the
 * largest published before it began, so time never goes backwards, on
 * one vCPU or across both.  Also: the snapshot is sane (even version,
 * a non-zero multiplier, a small shift), the wallclock in shared_info
 * is consistent (even wc_version, ns below 1e9, a date after 2020), a
 * copy registered with VCPUOP_register_vcpu_time_memory_area tells the
 * same time,
 * and the runstate area (VCPUOP_register_runstate_memory_area) and
 * VCPUOP_get_runstate_info say vCPU 0 is running, the latter counting
 * the current period too, and 20 ms in SCHEDOP_block show up as blocked
 * time in both.
 */
#include "../evtchn_common/vcpu1.h"

const char test_title[] = "pvclock: monotonic PV clock, wallclock, runstate";

#define MS 1000000ull
#define RUN_NS (300 * MS)

static uint64_t max_seen;
static volatile unsigned long reads[2], backwards[2];
static volatile uint64_t worst[2];
static volatile bool stop, vcpu1_done;
static uint64_t end_ns;		/* vCPU 0 stops both readers then */

static void read_loop(unsigned int me)
{
	uint64_t before, t;

	while (!stop) {
		before = __atomic_load_n(&max_seen, __ATOMIC_SEQ_CST);
		t = pvclock_ns(me);
		if (t < before) {
			backwards[me]++;
			if (before - t > worst[me])
				worst[me] = before - t;
		}
		while (t > before &&
		       !__atomic_compare_exchange_n(&max_seen, &before, t,
						    false, __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST))
			;
		reads[me]++;
		if (me == 0 && !(reads[0] % 1024) && t >= end_ns)
			stop = true;
	}
}

static void vcpu1_main(void)
{
	read_loop(1);
	vcpu1_done = true;
}

static void check_snapshot(unsigned int v)
{
	const struct vcpu_time_info *t = &ev_vi(v)->time;

	CHECK(!(t->version & 1), "vCPU %u: odd version %u", v, t->version);
	CHECK(t->tsc_to_system_mul, "vCPU %u: zero multiplier", v);
	CHECK(t->tsc_shift >= -32 && t->tsc_shift <= 32, "vCPU %u: shift %d",
	      v, t->tsc_shift);
	CHECK(t->system_time > 0, "vCPU %u: no system time", v);
}

static void check_wallclock(void)
{
	uint32_t ver = shared->wc_version;
	uint64_t sec = ((uint64_t)shared->wc_sec_hi << 32) | shared->wc_sec;

	CHECK(!(ver & 1), "wc_version %u odd", ver);
	CHECK(shared->wc_nsec < 1000000000u, "wc_nsec %u", shared->wc_nsec);
	CHECK(sec > 1577836800ull, "wallclock %lu s: before 2020",
	      (unsigned long)sec);
}

/* 20 ms in SCHEDOP_block count as blocked time, in the registered area
 * and in VCPUOP_get_runstate_info alike. */
static void check_blocked_time(const struct vcpu_runstate_info *area)
{
	struct vcpu_runstate_info before, after;
	int port = ev_bind_virq(VIRQ_TIMER, 0);
	uint64_t blocked;

	CHECK(port > 0, "bind_virq: %d", port);
	ev_clear_mask_bit(port);
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 0, &before), 0);
	CHECK_EQ(set_timer_op(pvclock_ns(0) + 20 * MS), 0);
	CHECK_EQ(hc_sched_op(SCHEDOP_block, NULL), 0);
	ev_vi(0)->evtchn_upcall_mask = 1;
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 0, &after), 0);
	blocked = after.time[RUNSTATE_blocked] - before.time[RUNSTATE_blocked];
	printk("20 ms block: %lu us blocked\n", (unsigned long)blocked / 1000);
	CHECK(blocked >= 15 * MS, "blocked only %lu ns", (unsigned long)blocked);
	CHECK_EQ(after.state, RUNSTATE_running);
	CHECK(area->time[RUNSTATE_blocked] >= 15 * MS,
	      "area: blocked %lu ns", (unsigned long)area->time[RUNSTATE_blocked]);
	CHECK_EQ(ev_close(port), 0);
}

/* System time at tsc from snapshot t. */
static uint64_t at_tsc(const struct vcpu_time_info *t, uint64_t tsc)
{
	uint64_t d = tsc - t->tsc_timestamp;

	d = t->tsc_shift < 0 ? d >> -t->tsc_shift : d << t->tsc_shift;
	return t->system_time +
	       (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >>
			  32);
}

/* A second copy of the snapshot for user space: the same clock. */
static void check_time_area(void)
{
	static struct vcpu_time_info copy;
	struct vcpu_register_time_memory_area area = { .addr.v = &copy };
	const struct vcpu_time_info *t = &ev_vi(0)->time;
	uint32_t lo, hi;
	uint64_t tsc, a, b;

	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0);
	CHECK(!(copy.version & 1), "odd version %u", copy.version);
	CHECK_EQ(copy.tsc_to_system_mul, t->tsc_to_system_mul);
	CHECK_EQ(copy.tsc_shift, t->tsc_shift);
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	tsc = ((uint64_t)hi << 32) | lo;
	a = at_tsc(&copy, tsc);
	b = at_tsc(t, tsc);
	/* Equal but for rounding (or a recalibration in between). */
	CHECK(a - b + 1000 <= 2000, "copy says %lu ns, vcpu_info %lu ns",
	      (unsigned long)a, (unsigned long)b);
	area.addr.p = 0xffff800000000000ull;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area),
		 -XEN_EFAULT);
}

static void check_runstate(void)
{
	static struct vcpu_runstate_info rs, got;
	struct vcpu_register_runstate_memory_area area = { .addr.v = &rs };
	uint64_t now, total;
	int i;

	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
	now = pvclock_ns(0);
	CHECK_EQ(rs.state, RUNSTATE_running);
	/* The area shows the times at the last state change; a vCPU that
	 * has run since boot may not have had one. */
	CHECK(rs.state_entry_time > 0, "no entry time");
	CHECK(rs.state_entry_time <= now + MS, "entry %lu after now %lu",
	      (unsigned long)rs.state_entry_time, (unsigned long)now);
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 0, &got), 0);
	CHECK_EQ(got.state, RUNSTATE_running);
	for (i = 0, total = 0; i < 4; i++)
		total += got.time[i];
	CHECK(total > 0 && total <= now + MS, "runstate total %lu, now %lu",
	      (unsigned long)total, (unsigned long)now);
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 1, &got), 0);
	CHECK(got.state >= RUNSTATE_running && got.state <= RUNSTATE_offline,
	      "vCPU 1 state %d", got.state);
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 2, &got), -XEN_ENOENT);
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 0, NULL), -XEN_EFAULT);
	check_blocked_time(&rs);
	area.addr.p = 0xffff800000000000ull;
	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area),
		 -XEN_EFAULT);
	area.addr.p = 0;	/* unregisters, as Linux does on kexec */
	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
}

void test_main(void)
{
	if (ev_setup())
		return;
	check_snapshot(0);
	check_wallclock();
	check_time_area();
	check_runstate();
	if (vcpu1_start(vcpu1_main))
		return;
	while (!reads[1])
		;
	check_snapshot(1);
	end_ns = pvclock_ns(0) + RUN_NS;
	read_loop(0);
	while (!vcpu1_done)
		;
	printk("reads: %lu on vCPU 0, %lu on vCPU 1; backwards %lu/%lu "
	       "(worst %lu/%lu ns)\n", reads[0], reads[1], backwards[0],
	       backwards[1], (unsigned long)worst[0],
	       (unsigned long)worst[1]);
	CHECK(reads[0] > 1000 && reads[1] > 1000, "too few reads");
	CHECK_EQ(backwards[0] + backwards[1], 0);
}
