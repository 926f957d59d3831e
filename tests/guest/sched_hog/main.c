/*
 * A scheduler workload that measures what it got: CPU-bound ("hog"),
 * I/O-bound ("sleeper") or idle, by its own runstate record.
 *
 * Run alone as dom0 (the guest suite, on Xen and Xenolith) it is a hog
 * for HOG_MS and checks that a lone vCPU is given most of a CPU and
 * that the runstate times add up to the time that passed.  With words
 * on its command line it is one domain of the scheduler tests
 * (tests/sched/suite, boot-time domUs with weight=/cap=/cpus=):
 *
 *   hog=MS      spin MS ms of system time, then print the time spent
 *               running and runnable (VCPUOP_get_runstate_info)
 *   from=MS     sleep until system time MS (ms since the hypervisor
 *               booted), spin SETTLE_MS more, then measure: every domain
 *               of a test measures the same window
 *   sleeper=MS  for MS ms: arm a timer 5 ms ahead, block, and on waking
 *               burn 0.5 ms; print the wake-up latency (time from the
 *               timer's deadline until the vCPU runs again)
 *   idle=MS     block for MS ms with no timer but the one ending it
 *   stay        then block for ever instead of shutting down
 *
 * Each result line starts with "sched_hog:" so the suite can find it
 * behind the console's "(dN)" prefix.
 */
#include "guest.h"
#include "pvclock.h"
#include "timer.h"
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "sched_hog: a lone CPU-bound vCPU gets the CPU";

#define HOG_MS 300
#define SETTLE_MS 300
#define MS 1000000ull
#define SLEEP_NS (5 * MS)
#define BURN_NS 500000ull

static evtchn_port_t timer_port;

/* The number after "word=" on our command line, or dflt. */
static unsigned long arg(const char *word, unsigned long dflt)
{
	const char *p = strstr((const char *)start_info->cmd_line, word);
	unsigned long n = 0;

	if (!p)
		return dflt;
	for (p += strlen(word); *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	return n;
}

static bool event_hook(struct trap_frame *f)
{
	if (f->vector != VEC_EVENT)
		return false;
	timer_virq_ack(timer_port);
	return true;
}

static int runstate(struct vcpu_runstate_info *rs)
{
	return (int)hypercall3(__HYPERVISOR_vcpu_op,
			       VCPUOP_get_runstate_info, 0, rs);
}

static unsigned long us(uint64_t ns)
{
	return (unsigned long)(ns / 1000);
}

static uint64_t hog_run, hog_wall;

static void hog(unsigned long ms)
{
	struct vcpu_runstate_info a, b;
	uint64_t start = arg("from=", 0) * MS, end, wall, run, wait, ta, tb;

	if (start) {
		if (pvclock_now() > start)
			test_error("started %lu us after from=",
				   us(pvclock_now() - start));
		while (pvclock_now() < start)
			timer_sleep_until(start);
		start += SETTLE_MS * MS;
		while (pvclock_now() < start)
			asm volatile("pause");
	} else {
		start = pvclock_now();
	}
	/*
	 * The window is [start, end] for every domain alike.  A hog that
	 * waits for the CPU when it begins or ends reads its record as
	 * soon as it runs again: it did not run meanwhile, so the running
	 * time read is the one at the window's edge.
	 */
	end = start + ms * MS;
	CHECK_EQ(runstate(&a), 0);
	ta = pvclock_now();
	while (pvclock_now() < end)
		asm volatile("pause");
	CHECK_EQ(runstate(&b), 0);
	tb = pvclock_now();
	wall = end - start;
	run = b.time[RUNSTATE_running] - a.time[RUNSTATE_running];
	wait = b.time[RUNSTATE_runnable] - a.time[RUNSTATE_runnable];
	printk("sched_hog: hog ran %lu us, runnable %lu us, of %lu us "
	       "from %lu us\n", us(run), us(wait), us(wall), us(start));
	/* Running + runnable is all there is for a vCPU that never
	 * blocks: the record accounts for the time that passed. */
	/* (Alone only: beside others it may lose the CPU between reading
	 * its record and the clock.) */
	CHECK(arg("from=", 0) ||
	      (run + wait <= tb - ta + 2 * MS && run + wait + 2 * MS >= tb - ta),
	      "runstate %lu + %lu us for %lu us", us(run), us(wait),
	      us(tb - ta));
	hog_run = run;
	hog_wall = wall;
}

static void sleeper(unsigned long ms)
{
	uint64_t end = pvclock_now() + ms * MS, lat_sum = 0, lat_max = 0;
	unsigned long n = 0;

	while (pvclock_now() < end) {
		uint64_t deadline = pvclock_now() + SLEEP_NS, woke, burn;

		timer_sleep_until(deadline);
		woke = pvclock_now();
		if (woke < deadline)
			continue;	/* woken early: not a timer wake-up */
		lat_sum += woke - deadline;
		if (woke - deadline > lat_max)
			lat_max = woke - deadline;
		n++;
		for (burn = pvclock_now() + BURN_NS; pvclock_now() < burn;)
			asm volatile("pause");
	}
	printk("sched_hog: sleeper woke %lu times, latency avg %lu us "
	       "max %lu us\n", n, n ? us(lat_sum / n) : 0, us(lat_max));
	CHECK(n > 0, "the sleeper never woke from its timer");
}

static void idle(unsigned long ms)
{
	struct vcpu_runstate_info a, b;
	uint64_t start = pvclock_now(), end = start + ms * MS;

	CHECK_EQ(runstate(&a), 0);
	while (pvclock_now() < end)
		timer_sleep_until(end);
	CHECK_EQ(runstate(&b), 0);
	printk("sched_hog: idle blocked %lu us of %lu us\n",
	       us(b.time[RUNSTATE_blocked] - a.time[RUNSTATE_blocked]),
	       us(pvclock_now() - start));
}

void test_main(void)
{
	int port = timer_virq_setup(event_hook);
	struct vcpu_runstate_info rs;
	bool any = false;

	if (port < 0)
		return;
	timer_port = (evtchn_port_t)port;
	if (arg("idle=", 0)) {
		idle(arg("idle=", 0));
		any = true;
	}
	if (arg("sleeper=", 0)) {
		sleeper(arg("sleeper=", 0));
		any = true;
	}
	if (arg("hog=", 0) || !any)
		hog(arg("hog=", HOG_MS));
	if (!any && !arg("hog=", 0)) {
		/* Alone: nothing else wants the CPU. */
		CHECK_EQ(runstate(&rs), 0);
		CHECK(rs.state == RUNSTATE_running, "state %d", rs.state);
		CHECK(hog_run * 2 >= hog_wall, "ran only %lu of %lu us",
		      us(hog_run), us(hog_wall));
	}
	while (strstr((const char *)start_info->cmd_line, "stay"))
		timer_sleep_until(pvclock_now() + 1000 * MS);
}
