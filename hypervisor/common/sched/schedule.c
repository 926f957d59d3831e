/*
 * The generic scheduling layer: what every scheduler behind struct
 * sched_ops relies on the hypervisor for.
 *
 * Runnable.  A vCPU wants a CPU when it is up, not paused and not
 * blocked.  Every change of those three goes through
 * vcpu_runnable_update(), which keeps the unit's ->runnable in step and
 * tells the scheduler (wake/sleep).  One lock, runnable_lock, makes
 * "change a flag, recompute, call the hook" atomic, so a wake-up racing
 * with a block can never be lost: sched_block() marks the vCPU blocked
 * first and only then looks for events, while an event sender marks the
 * event pending first and then wakes whoever is blocked.
 *
 * Decisions.  sched_raise(cpu) (the scheduler's request) records the
 * request in resched[cpu]: directly on this CPU, through
 * SCHEDULE_SOFTIRQ (and an IPI) on another.  The switch itself happens at the few
 * places where a CPU may change stacks (arch code): on the way back to
 * a guest, in SCHEDOP_block/poll and in the idle loop, which call
 * sched_decide() when sched_pending() says so.
 *
 * Timers, one pair per CPU: the slice timer ends the slice do_schedule
 * asked for; the tick timer calls ops->tick every SCHED_TICK while the
 * CPU runs a guest unit and is stopped while it idles, so an idle CPU
 * takes no timer interrupt for the scheduler at all.
 *
 * Locking: runnable_lock, then the scheduler's own locks (the hooks
 * take them).  Everything here runs with interrupts off.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/sched.h>
#include <xenolith/sched_core.h>
#include <xenolith/softirq.h>
#include <xenolith/spinlock.h>
#include <asm/processor.h>

static struct timer slice_timer[NR_CPUS];	/* ends a slice */
static struct timer tick_timer[NR_CPUS];	/* ops->tick while busy */
static bool resched[NR_CPUS];		/* SCHEDULE_SOFTIRQ was raised */
static DEFINE_SPINLOCK(runnable_lock);	/* is_up/paused/blocked/runnable */

/* This CPU notes the request at once: a softirq raised here would
 * outlive the decision that answers it and ask for another. */
void sched_raise(unsigned int cpu)
{
	if (cpu == arch_this_cpu())
		__atomic_store_n(&resched[cpu], true, __ATOMIC_SEQ_CST);
	else
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

static void schedule_softirq(void)
{
	__atomic_store_n(&resched[arch_this_cpu()], true, __ATOMIC_SEQ_CST);
}

bool sched_pending(unsigned int cpu)
{
	return __atomic_load_n(&resched[cpu], __ATOMIC_SEQ_CST);
}

static void slice_end(void *unused)
{
	sched_raise(arch_this_cpu());
}

/* The next tick: on a grid of SCHED_TICK shared by all CPUs, so the
 * ticks keep their phase against the accounting periods (multiples of
 * it) however late a timer interrupt comes. */
static s_time_t next_tick(s_time_t now)
{
	return (now / SCHED_TICK + 1) * SCHED_TICK;
}

static void tick_fn(void *data)
{
	unsigned int cpu = (unsigned int)(unsigned long)data;
	const struct sched_ops *ops = sched_current_ops();
	unsigned long flags;

	flags = local_irq_save();
	ops->tick(cpu, NOW());
	local_irq_restore(flags);
	set_timer(&tick_timer[cpu], next_tick(NOW()));
}

void sched_generic_init(unsigned int nr_cpus)
{
	for (unsigned int c = 0; c < nr_cpus; c++) {
		init_timer(&slice_timer[c], slice_end, NULL, c);
		init_timer(&tick_timer[c], tick_fn, (void *)(unsigned long)c,
			   c);
	}
	open_softirq(SCHEDULE_SOFTIRQ, schedule_softirq);
}

/*
 * Ask the scheduler what this CPU runs next, and arm its timers for
 * that.  Interrupts off; the caller switches to the unit returned.
 */
struct sched_unit *sched_decide(unsigned int cpu)
{
	const struct sched_ops *ops = sched_current_ops();
	s_time_t now = NOW();
	struct sched_decision d;

	__atomic_store_n(&resched[cpu], false, __ATOMIC_SEQ_CST);
	d = ops->do_schedule(cpu, now);
	if (d.slice == SCHED_SLICE_NONE)
		stop_timer(&slice_timer[cpu]);
	else
		set_timer(&slice_timer[cpu], now + d.slice);
	if (d.next->is_idle)
		stop_timer(&tick_timer[cpu]);
	else if (!tick_timer[cpu].active)
		set_timer(&tick_timer[cpu], next_tick(now));
	return d.next;
}

/* The CPU switched away from v and v's state is saved: it may move. */
void sched_context_saved(struct vcpu *v)
{
	if (v && v->sched.priv)
		sched_current_ops()->context_saved(&v->sched);
}

/* Caller holds runnable_lock: bring ->runnable in step, tell ops. */
static void runnable_update_locked(struct vcpu *v)
{
	const struct sched_ops *ops = sched_current_ops();
	struct sched_unit *u = &v->sched;
	bool want = v->is_up && !v->paused && !v->blocked;

	if (!ops || !u->priv || want == u->runnable)
		return;
	u->runnable = want;
	if (want)
		ops->wake(u, NOW());
	else
		ops->sleep(u);
}

void vcpu_runnable_update(struct vcpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&runnable_lock, flags);
	runnable_update_locked(v);
	spin_unlock_irqrestore(&runnable_lock, flags);
}

/* v is off the CPU until vcpu_wake(); the caller then calls schedule. */
void vcpu_block(struct vcpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&runnable_lock, flags);
	v->blocked = true;
	runnable_update_locked(v);
	spin_unlock_irqrestore(&runnable_lock, flags);
}

/* End v's block, if it is blocked; a no-op otherwise. */
void vcpu_wake(struct vcpu *v)
{
	unsigned long flags;

	if (!__atomic_load_n(&v->blocked, __ATOMIC_SEQ_CST))
		return;
	spin_lock_irqsave(&runnable_lock, flags);
	v->blocked = false;
	runnable_update_locked(v);
	spin_unlock_irqrestore(&runnable_lock, flags);
}

void sched_yield(struct vcpu *v)
{
	const struct sched_ops *ops = sched_current_ops();
	unsigned long flags;

	if (!ops || !v->sched.priv)
		return;
	flags = local_irq_save();
	ops->yield(&v->sched);
	local_irq_restore(flags);
}
