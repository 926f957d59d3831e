/*
 * Checks that run at the end of every boot, cheap enough to keep on,
 * and the test hooks tests/boot drives through the command line.
 *
 *  - every other CPU answers a cross-CPU function call;
 *  - all CPUs increment one counter under a spinlock and another under
 *    a rwlock's write side at the same time; a lost update means a broken
 *    lock;
 *  - with xenolith_exit_after_boot, each CPU arms a one-shot timer on
 *    itself; CPU 0's timer, a little later, checks that all of them fired
 *    (proving the local APIC timer interrupt, the timer queues and the
 *    softirq path on every CPU) and ends the run;
 *  - xenolith_test_keys=<keys> feeds debug keys as if typed.
 */
#include <xenolith/lib.h>
#include <xenolith/config.h>
#include <xenolith/console.h>
#include <xenolith/params.h>
#include <xenolith/setup.h>
#include <xenolith/shutdown.h>
#include <xenolith/smp.h>
#include <xenolith/softirq.h>
#include <xenolith/spinlock.h>
#include <xenolith/time.h>

#define TICK_DELAY_MS 5
/* Increments per lock, shared among the CPUs: ticket locks hand over in
 * FIFO order, and under TCG with more vCPUs than host cores each hand-off
 * may wait for a descheduled vCPU thread, so keep the total small. */
#define LOCK_INCREMENTS 400
#define EXIT_DELAY_MS	50

static char opt_test_keys[32];
string_param("xenolith_test_keys", opt_test_keys);

static unsigned int calls_answered;	 /* CPUs that ran the cross-call */
static unsigned int timers_fired;	 /* CPUs whose self-timer ran */
static struct timer tick_timer[NR_CPUS]; /* one per CPU */
static struct timer exit_timer;		 /* CPU 0 */
static s_time_t exit_armed_at;		 /* NOW() when exit_timer was armed */

static DEFINE_SPINLOCK(test_lock); /* protects test_counter */
static DEFINE_RWLOCK(test_rwlock); /* protects test_rw_counter */
static unsigned long test_counter, test_rw_counter;
static unsigned int lock_workers_done; /* CPUs finished hammering */

static unsigned int lock_rounds; /* per CPU */

static void hammer_locks(void *unused)
{
	for (unsigned int i = 0; i < lock_rounds; i++) {
		spin_lock(&test_lock);
		test_counter++;
		spin_unlock(&test_lock);
		write_lock(&test_rwlock);
		test_rw_counter++;
		write_unlock(&test_rwlock);
		read_lock(&test_rwlock);
		read_unlock(&test_rwlock);
	}
	__atomic_fetch_add(&lock_workers_done, 1, __ATOMIC_SEQ_CST);
}

static void lock_selftest(void)
{
	unsigned long want;

	lock_rounds = LOCK_INCREMENTS / nr_cpus_online;
	want = (unsigned long)lock_rounds * nr_cpus_online;

	smp_call_function(hammer_locks, NULL, false);
	hammer_locks(NULL);
	while (__atomic_load_n(&lock_workers_done, __ATOMIC_SEQ_CST) <
	       nr_cpus_online)
		;
	printk("Locks: %lu of %lu spinlock and %lu rwlock increments kept\n",
	       test_counter, want, test_rw_counter);
	if (test_counter != want || test_rw_counter != want)
		panic("lock self-test lost updates");
}

static void answer_call(void *unused)
{
	__atomic_fetch_add(&calls_answered, 1, __ATOMIC_SEQ_CST);
}

static void tick(void *unused)
{
	__atomic_fetch_add(&timers_fired, 1, __ATOMIC_SEQ_CST);
}

static void arm_tick(void *unused)
{
	unsigned int cpu = arch_this_cpu();

	init_timer(&tick_timer[cpu], tick, NULL, cpu);
	set_timer(&tick_timer[cpu], NOW() + MILLISECS(TICK_DELAY_MS));
}

static void exit_now(void *unused)
{
	unsigned int fired = __atomic_load_n(&timers_fired, __ATOMIC_SEQ_CST);

	printk("Timers: %u of %u CPUs fired; exit timer after %lld us\n", fired,
	       nr_cpus_online, (long long)(NOW() - exit_armed_at) / 1000);
	machine_exit(fired == nr_cpus_online ? XENOLITH_EXIT_OK
					     : XENOLITH_EXIT_PANIC);
}

static void smp_selftest(void)
{
	smp_call_function(answer_call, NULL, true);
	printk("SMP: cross-CPU call answered by %u of %u other CPUs\n",
	       calls_answered, nr_cpus_online - 1);
}

static void feed_test_keys(void)
{
	for (const char *k = opt_test_keys; *k; k++)
		handle_keypress((unsigned char)*k);
}

void boot_selftests(void)
{
	smp_selftest();
	lock_selftest();
	if (opt_test_keys[0])
		feed_test_keys();
	if (!opt_exit_after_boot)
		return;
	arm_tick(NULL);
	smp_call_function(arm_tick, NULL, true);
	init_timer(&exit_timer, exit_now, NULL, 0);
	exit_armed_at = NOW();
	set_timer(&exit_timer, exit_armed_at + MILLISECS(EXIT_DELAY_MS));
}
