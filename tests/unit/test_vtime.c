/*
 * Guest time arithmetic on the host: the TSC-to-ns scale for a range of
 * frequencies (exact to within the multiplier's precision, multiplier
 * normalised), the guest's extrapolation being monotonic and agreeing
 * with a single global formula across snapshot updates, the version
 * protocol, runstate totals, and the periodic timer's next tick.
 */
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/vtime.h>
#include "check.h"

static const uint64_t khz_list[] = {
	1000, 250000, 999999, 1000000, 1000001, 1193182, 2100000, 2899999,
	3000000, 3600000, 5000000, 12345678, 100000000,
};

/* ns for ticks at khz, the exact value rounded down. */
static uint64_t exact_ns(uint64_t ticks, uint64_t khz)
{
	return (uint64_t)(((unsigned __int128)ticks * 1000000) / khz);
}

static void test_scale_is_accurate(void)
{
	struct vtime_scale s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(khz_list); i++) {
		uint64_t khz = khz_list[i], ticks = khz * 1000 * 10; /* 10 s */
		uint64_t got, want;

		vtime_scale_from_khz(khz, &s);
		CHECK(s.mul >= (1U << 31));
		CHECK(s.shift >= -11 && s.shift <= 32);
		got = vtime_scale_delta(ticks, &s);
		want = exact_ns(ticks, khz);
		/* 2^-31 relative error from the multiplier, plus the bits a
		 * right shift drops. */
		CHECK(got <= want + 1);
		CHECK(want - got <= want / (1U << 30) + 4);
		CHECK_EQ(vtime_scale_delta(0, &s), 0);
	}
}

static void test_known_scales(void)
{
	struct vtime_scale s;

	vtime_scale_from_khz(1000000, &s);	/* 1 GHz: 1 ns a tick */
	CHECK_EQ(s.shift, 1);
	CHECK_EQ(s.mul, 1U << 31);
	CHECK_EQ(vtime_scale_delta(123456789, &s), 123456789);
	vtime_scale_from_khz(2000000, &s);	/* 2 GHz: 0.5 ns */
	CHECK_EQ(s.shift, 0);
	CHECK_EQ(s.mul, 1U << 31);
	CHECK_EQ(vtime_scale_delta(1000, &s), 500);
}

/* What a guest reads at tsc from snapshot t. */
static uint64_t guest_read(const struct vcpu_time_info *t, uint64_t tsc)
{
	struct vtime_scale s = { t->tsc_to_system_mul, t->tsc_shift };

	return t->system_time + vtime_scale_delta(tsc - t->tsc_timestamp, &s);
}

/*
 * Snapshots published from one global formula S(tsc) (as every vCPU's
 * are): a reader may straddle an update, and must never see time go
 * backwards by more than the 1-2 ns of rounding a snapshot boundary can
 * cost, nor run ahead of S.
 */
static void test_snapshots_monotonic(void)
{
	struct vcpu_time_info t;
	struct vtime_scale s;
	uint64_t tsc0 = 1ULL << 40, tsc, last = 0, g, S;
	unsigned int i, worst = 0;

	vtime_scale_from_khz(2899999, &s);
	memset(&t, 0, sizeof(t));
	vtime_publish(&t, tsc0, 0, &s);
	CHECK_EQ(t.version, 2);
	for (i = 0, tsc = tsc0; i < 200000; i++) {
		tsc += 1 + (i * 7919) % 100003;
		S = vtime_scale_delta(tsc - tsc0, &s);
		if (i % 997 == 0)
			vtime_publish(&t, tsc, S, &s);
		g = guest_read(&t, tsc);
		CHECK(g <= S);
		CHECK(S - g <= 2);
		if (g < last && last - g > worst)
			worst = last - g;
		last = g > last ? g : last;
	}
	CHECK(worst <= 2);
	CHECK_EQ(t.version % 2, 0);
}

static void test_runstate(void)
{
	struct vcpu_runstate_info rs, got;

	vtime_runstate_init(&rs, RUNSTATE_running, 1000);
	vtime_runstate_get(&rs, 1500, &got);
	CHECK_EQ(got.time[RUNSTATE_running], 500);
	CHECK_EQ(rs.time[RUNSTATE_running], 0);
	vtime_runstate_change(&rs, RUNSTATE_blocked, 2000);
	vtime_runstate_change(&rs, RUNSTATE_running, 2600);
	vtime_runstate_change(&rs, RUNSTATE_runnable, 3000);
	CHECK_EQ(rs.time[RUNSTATE_running], 1400);
	CHECK_EQ(rs.time[RUNSTATE_blocked], 600);
	CHECK_EQ(rs.state, RUNSTATE_runnable);
	CHECK_EQ(rs.state_entry_time, 3000);
	vtime_runstate_get(&rs, 3100, &got);
	CHECK_EQ(got.time[RUNSTATE_runnable], 100);
	CHECK_EQ(got.time[0] + got.time[1] + got.time[2] + got.time[3],
		 3100 - 1000);
	/* A clock read before the entry time adds nothing. */
	vtime_runstate_get(&rs, 2900, &got);
	CHECK_EQ(got.time[RUNSTATE_runnable], 0);
}

static void test_periodic(void)
{
	s_time_t last = 0, next;
	bool fire;

	next = vtime_periodic_next(&last, 10, 5, &fire);
	CHECK(!fire);
	CHECK_EQ(next, 10);
	next = vtime_periodic_next(&last, 10, 10, &fire);
	CHECK(fire);
	CHECK_EQ(next, 20);
	/* Late by 25: one tick, and the period restarts from now. */
	next = vtime_periodic_next(&last, 10, 45, &fire);
	CHECK(fire);
	CHECK_EQ(last, 45);
	CHECK_EQ(next, 55);
}

int main(void)
{
	check_prog = "vtime";
	RUN(test_scale_is_accurate);
	RUN(test_known_scales);
	RUN(test_snapshots_monotonic);
	RUN(test_runstate);
	RUN(test_periodic);
	return check_exit();
}
