/*
 * Host tests of the timer queues: expiry order, re-arming from a handler,
 * stop_timer, per-CPU separation, and that the hardware timer is always
 * programmed for the earliest armed timer (or nothing).  The arch side is
 * faked: NOW() is a variable, arch_timer_program() records its deadline,
 * and the softirq layer just remembers the TIMER_SOFTIRQ handler and
 * which CPUs were asked to run it.
 */
#include <stdio.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/config.h>
#include <xenolith/softirq.h>
#include <xenolith/time.h>
#include "check.h"

static s_time_t fake_now;
static unsigned int fake_cpu;
static s_time_t programmed[NR_CPUS];
static softirq_handler timer_handler;
static unsigned int raised[NR_CPUS];

s_time_t NOW(void)
{
	return fake_now;
}
unsigned int arch_this_cpu(void)
{
	return fake_cpu;
}
void arch_timer_program(s_time_t deadline)
{
	programmed[fake_cpu] = deadline;
}
void open_softirq(unsigned int nr, softirq_handler h)
{
	if (nr == TIMER_SOFTIRQ)
		timer_handler = h;
}
void raise_softirq(unsigned int nr)
{
	raised[fake_cpu] += nr == TIMER_SOFTIRQ;
}
void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	raised[cpu] += nr == TIMER_SOFTIRQ;
}

/* Run TIMER_SOFTIRQ on cpu at time t. */
static void run_softirq(unsigned int cpu, s_time_t t)
{
	fake_cpu = cpu;
	fake_now = t;
	timer_handler();
}

static char order[32]; /* handler names, in the order they ran */
static void note(void *data)
{
	strncat(order, data, sizeof(order) - strlen(order) - 1);
}

static void reset(void)
{
	memset(order, 0, sizeof(order));
	memset(programmed, 0, sizeof(programmed));
	memset(raised, 0, sizeof(raised));
	fake_now = 0;
	fake_cpu = 0;
	timer_init();
}

static void test_expiry_order_and_programming(void)
{
	struct timer a, b, c;

	reset();
	init_timer(&a, note, "a", 0);
	init_timer(&b, note, "b", 0);
	init_timer(&c, note, "c", 0);
	set_timer(&b, 200);
	set_timer(&c, 300);
	set_timer(&a, 100);
	CHECK(raised[0] >= 1); /* a new earliest asks to reprogram */
	run_softirq(0, 50);
	CHECK_EQ(order[0], 0); /* nothing due yet */
	CHECK_EQ(programmed[0], 100);
	run_softirq(0, 250);
	CHECK(!strcmp(order, "ab"));
	CHECK_EQ(programmed[0], 300);
	run_softirq(0, 300); /* due exactly now */
	CHECK(!strcmp(order, "abc"));
	CHECK_EQ(programmed[0], STIME_MAX);
	CHECK(!a.active && !b.active && !c.active);
}

static struct timer periodic;
static unsigned int periodic_runs;

static void rearm(void *data)
{
	(void)data;
	periodic_runs++;
	if (periodic_runs < 3)
		set_timer(&periodic, NOW() + 10);
}

static void test_rearm_from_handler(void)
{
	reset();
	periodic_runs = 0;
	init_timer(&periodic, rearm, NULL, 0);
	set_timer(&periodic, 10);
	run_softirq(0, 10);
	CHECK_EQ(periodic_runs, 1);
	CHECK_EQ(programmed[0], 20);
	run_softirq(0, 20);
	run_softirq(0, 30);
	CHECK_EQ(periodic_runs, 3);
	CHECK_EQ(programmed[0], STIME_MAX);
}

static void test_stop_and_reset(void)
{
	struct timer a, b;

	reset();
	init_timer(&a, note, "a", 0);
	init_timer(&b, note, "b", 0);
	set_timer(&a, 100);
	set_timer(&b, 200);
	stop_timer(&a);
	stop_timer(&a);	   /* twice is harmless */
	set_timer(&b, 50); /* moving an armed timer */
	run_softirq(0, 1000);
	CHECK(!strcmp(order, "b"));
}

static void test_cpus_are_separate(void)
{
	struct timer t0, t1;

	reset();
	init_timer(&t0, note, "0", 0);
	init_timer(&t1, note, "1", 1);
	set_timer(&t1, 100);   /* set from CPU 0 for CPU 1 */
	CHECK(raised[1] >= 1); /* CPU 1 is asked to look */
	set_timer(&t0, 500);
	run_softirq(0, 200);
	CHECK_EQ(order[0], 0); /* CPU 0 does not run CPU 1's */
	CHECK_EQ(programmed[0], 500);
	run_softirq(1, 200);
	CHECK(!strcmp(order, "1"));
	CHECK_EQ(programmed[1], STIME_MAX);
}

int main(void)
{
	check_prog = "timer";
	RUN(test_expiry_order_and_programming);
	RUN(test_rearm_from_handler);
	RUN(test_stop_and_reset);
	RUN(test_cpus_are_separate);
	return check_exit();
}
