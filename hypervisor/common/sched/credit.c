/*
 * The credit scheduler: run queues, picking the next unit, stealing.
 *
 * Each physical CPU has one run queue of the units waiting for it,
 * sorted by priority: BOOST (woke from blocking with credit left), then
 * UNDER (credit left this period), then OVER (spent its share); first
 * come, first served within a priority.  The running unit is never on
 * a queue, and a runnable unit that does not run is on exactly one
 * queue, unless it is parked for exceeding its domain's cap.
 *
 * A CPU picks the head of its own queue.  When that head is not UNDER
 * or better - only OVER units or nothing - it first looks at the other
 * CPUs' queues and steals the best unit it is allowed to run that beats
 * its own, preferring units that like it (soft affinity).  That is the
 * whole of load balancing: work moves to a CPU when the CPU needs it,
 * so an idle or over-served CPU pulls from a busy one.
 *
 * Credits and priorities come from credit_acct.c; this file only reads
 * them.  Locking is described in credit.h.
 */
#include <xenolith/lib.h>
#define XEN_ERRNO_PLAIN_NAMES
#include <public/errno.h>
#include <public/domctl.h>
#include "credit.h"

struct csched_private csched;	/* the one credit instance: no cpupools */

static struct csched_pcpu *pcpu_of(const struct csched_unit *cu)
{
	return &csched.pcpu[cu->unit->cpu];
}

/*
 * Lock the run queue u belongs to; u may move between reading ->cpu
 * and getting the lock, hence the loop.  Returns the CPU locked.
 */
unsigned int csched_unit_lock(const struct sched_unit *u)
{
	for (;;) {
		unsigned int cpu = u->cpu;

		spin_lock(&csched.pcpu[cpu].lock);
		if (u->cpu == cpu)
			return cpu;
		spin_unlock(&csched.pcpu[cpu].lock);
	}
}

/* Lock u's CPU and `to`, ascending; returns u's CPU. */
static unsigned int unit_lock_pair(const struct sched_unit *u, unsigned int to)
{
	for (;;) {
		unsigned int from = u->cpu;
		unsigned int lo = from < to ? from : to;
		unsigned int hi = from < to ? to : from;

		spin_lock(&csched.pcpu[lo].lock);
		if (hi != lo)
			spin_lock(&csched.pcpu[hi].lock);
		if (u->cpu == from)
			return from;
		if (hi != lo)
			spin_unlock(&csched.pcpu[hi].lock);
		spin_unlock(&csched.pcpu[lo].lock);
	}
}

static void unlock_pair(unsigned int a, unsigned int b)
{
	if (a != b)
		spin_unlock(&csched.pcpu[b].lock);
	spin_unlock(&csched.pcpu[a].lock);
}

/* Insert before the first unit of lower priority.  Caller holds the
 * queue's lock. */
void csched_runq_insert(struct csched_unit *cu)
{
	struct csched_pcpu *pc = pcpu_of(cu);
	struct list_head *pos;

	ASSERT(spin_is_locked(&pc->lock));
	ASSERT(!cu->on_runq && pc->curr != cu);
	list_for_each(pos, &pc->runq) {
		if (list_entry(pos, struct csched_unit, runq_elem)->pri <
		    cu->pri)
			break;
	}
	list_add_tail(&cu->runq_elem, pos);
	cu->on_runq = true;
	pc->nr_runnable++;
}

/*
 * A unit that yielded goes behind one unit of lower priority if there
 * is one, so that yielding means something even to UNDER units; it
 * keeps CSCHED_FLAG_YIELD, the one exception to the queue's order,
 * until it runs or the next accounting sort puts it back in place.
 */
static void runq_insert_yielded(struct csched_unit *cu)
{
	struct csched_pcpu *pc = pcpu_of(cu);
	struct list_head *pos;

	list_for_each(pos, &pc->runq) {
		if (list_entry(pos, struct csched_unit, runq_elem)->pri <
		    cu->pri) {
			pos = pos->next;
			break;
		}
	}
	list_add_tail(&cu->runq_elem, pos);
	cu->on_runq = true;
	pc->nr_runnable++;
}

void csched_runq_remove(struct csched_unit *cu)
{
	ASSERT(spin_is_locked(&pcpu_of(cu)->lock));
	ASSERT(cu->on_runq);
	list_del_init(&cu->runq_elem);
	cu->on_runq = false;
	pcpu_of(cu)->nr_runnable--;
}

/* Re-sort after priorities changed (accounting).  Caller holds the lock. */
void csched_runq_resort(unsigned int cpu)
{
	struct csched_pcpu *pc = &csched.pcpu[cpu];
	LIST_HEAD(old);

	ASSERT(spin_is_locked(&pc->lock));
	while (!list_empty(&pc->runq)) {
		struct list_head *e = pc->runq.next;

		list_del_init(e);
		list_add_tail(e, &old);
	}
	pc->nr_runnable = 0;
	while (!list_empty(&old)) {
		struct csched_unit *cu =
			list_first_entry(&old, struct csched_unit, runq_elem);

		list_del_init(&cu->runq_elem);
		cu->on_runq = false;
		cu->flags &= ~CSCHED_FLAG_YIELD;
		csched_runq_insert(cu);
	}
}

static bool cpu_is_idle(unsigned int cpu)
{
	return csched.pcpu[cpu].curr == csched.pcpu[cpu].idle;
}

/* Raise one idle CPU other than cu's that may run cu, to steal it.
 * Reading other CPUs' ->curr unlocked is a hint, as in Xen. */
static void tickle_idler(struct csched_unit *cu)
{
	unsigned int cpu = cu->unit->cpu;

	for (unsigned int c = 0; c < csched.nr_cpus; c++) {
		if (c != cpu && cpu_in(cu->unit->hard_affinity, c) &&
		    cpu_is_idle(c)) {
			sched_raise(c);
			return;
		}
	}
}

/*
 * cu was just queued on its CPU.  Preempt that CPU if cu beats what it
 * runs; otherwise wake one idle CPU that may run cu, so it steals it.
 */
void csched_tickle(struct csched_unit *cu)
{
	unsigned int cpu = cu->unit->cpu;

	if (cu->pri > csched.pcpu[cpu].curr->pri)
		sched_raise(cpu);
	else
		tickle_idler(cu);
}

/* The first idle CPU in mask, or -1. */
static int first_idle(unsigned long mask)
{
	for (unsigned int c = 0; c < csched.nr_cpus; c++) {
		if (cpu_in(mask, c) && cpu_is_idle(c))
			return (int)c;
	}
	return -1;
}

/*
 * Where a waking unit should queue: its own CPU if idle and liked, an
 * idle CPU it likes, an idle CPU it may use, its own CPU if allowed,
 * else the allowed CPU with the shortest queue.  A hint, read unlocked.
 */
static unsigned int csched_pick_cpu(const struct sched_unit *u)
{
	unsigned long hard = u->hard_affinity & SCHED_ALL_CPUS(csched.nr_cpus);
	unsigned long soft = hard & u->soft_affinity;
	unsigned int best = u->cpu;
	int c;

	if (cpu_in(soft, u->cpu) && cpu_is_idle(u->cpu))
		return u->cpu;
	if ((c = first_idle(soft)) >= 0 || (c = first_idle(hard)) >= 0)
		return (unsigned int)c;
	if (cpu_in(hard, u->cpu))
		return u->cpu;
	for (unsigned int i = 0; i < csched.nr_cpus; i++) {
		if (cpu_in(hard, i) && (!cpu_in(hard, best) ||
					csched.pcpu[i].nr_runnable <
						csched.pcpu[best].nr_runnable))
			best = i;
	}
	return best;
}

/*
 * Queue a runnable unit that is neither running nor queued on a CPU
 * pick_cpu() likes.  A unit whose state is still live on its CPU stays
 * there: only that CPU may run it until the state is saved.
 */
static void unit_enqueue(struct sched_unit *u)
{
	struct csched_unit *cu = cunit(u);
	unsigned int to = u->context_live ? u->cpu : csched_pick_cpu(u);
	unsigned int from = unit_lock_pair(u, to);

	if (u->runnable && !cu->on_runq && csched.pcpu[from].curr != cu) {
		/* Live state pins it to `from`, whatever we guessed.  A
		 * parked unit moves too, queued nowhere: accounting queues
		 * it on ->cpu when it unparks, which must be a CPU its
		 * affinity allows (a domU re-pinned while parked by its cap
		 * was queued on the old CPU, which skips it, for good). */
		u->cpu = u->context_live ? from : to;
		if (!(cu->flags & CSCHED_FLAG_PARKED)) {
			csched_runq_insert(cu);
			csched_tickle(cu);
		}
	}
	unlock_pair(from < to ? from : to, from < to ? to : from);
}

static void csched_wake(struct sched_unit *u, s_time_t now)
{
	struct csched_unit *cu = cunit(u);
	unsigned int cpu = csched_unit_lock(u);

	(void)now;
	/* Waking from a block with credit left earns a boost. */
	if (!cu->on_runq && csched.pcpu[cpu].curr != cu &&
	    cu->pri == CSCHED_PRI_UNDER)
		cu->pri = CSCHED_PRI_BOOST;
	spin_unlock(&csched.pcpu[cpu].lock);
	unit_enqueue(u);
}

static void csched_sleep(struct sched_unit *u)
{
	struct csched_unit *cu = cunit(u);
	unsigned int cpu = csched_unit_lock(u);

	if (cu->on_runq)
		csched_runq_remove(cu);
	else if (csched.pcpu[cpu].curr == cu)
		sched_raise(cpu);
	spin_unlock(&csched.pcpu[cpu].lock);
}

static void csched_yield(struct sched_unit *u)
{
	unsigned int cpu = csched_unit_lock(u);

	cunit(u)->flags |= CSCHED_FLAG_YIELD;
	if (csched.pcpu[cpu].curr == cunit(u))
		sched_raise(cpu);
	spin_unlock(&csched.pcpu[cpu].lock);
}

/* The best unit on pc's queue that cpu may run and that beats `pri`. */
static struct csched_unit *runq_best_for(struct csched_pcpu *pc,
					 unsigned int cpu, int pri, bool soft)
{
	struct list_head *pos;

	list_for_each(pos, &pc->runq) {
		struct csched_unit *cu =
			list_entry(pos, struct csched_unit, runq_elem);

		if (cu->pri <= pri)
			return NULL;
		/* Live state may only be resumed where it lives: a live
		 * unit queued here is the one this CPU just ran. */
		if ((cu->unit->context_live && cu->unit->cpu != cpu) ||
		    !cpu_in(cu->unit->hard_affinity, cpu))
			continue;
		if (!soft || cpu_in(cu->unit->soft_affinity, cpu))
			return cu;
	}
	return NULL;
}

/*
 * Take from a busy CPU's queue the best unit that beats `pri` and may
 * run on cpu, units that like cpu first.  Caller holds cpu's lock, so
 * victims are only trylocked (see credit.h).  The unit comes back
 * already moved to cpu and off every queue.
 */
static struct csched_unit *steal_work(unsigned int cpu, int pri)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 1; i < csched.nr_cpus; i++) {
			unsigned int peer = (cpu + i) % csched.nr_cpus;
			struct csched_pcpu *pc = &csched.pcpu[peer];
			struct csched_unit *cu;

			/* An idle peer is about to run its own queue. */
			if (!pc->nr_runnable || cpu_is_idle(peer) ||
			    !spin_trylock(&pc->lock))
				continue;
			cu = runq_best_for(pc, cpu, pri, pass == 0);
			if (cu) {
				csched_runq_remove(cu);
				cu->unit->cpu = cpu;
				csched.steals++;
			}
			spin_unlock(&pc->lock);
			if (cu)
				return cu;
		}
	}
	return NULL;
}

/* The local choice: the queue's head if cpu may run it (it always may,
 * unless affinity changed under it), else idle. */
static struct csched_unit *runq_head(unsigned int cpu)
{
	struct csched_pcpu *pc = &csched.pcpu[cpu];

	return runq_best_for(pc, cpu, CSCHED_PRI_IDLE, false);
}

/*
 * Put the unit that just ran back on this queue if it still wants and
 * may use this CPU.  One whose affinity changed (MIGRATE) or no longer
 * allows this CPU stays off every queue until context_saved() places
 * it where pick_cpu() likes.
 */
static void requeue_prev(struct csched_unit *prev, unsigned int cpu)
{
	struct sched_unit *u = prev->unit;
	bool migrate = prev->flags & CSCHED_FLAG_MIGRATE;

	prev->flags &= ~CSCHED_FLAG_MIGRATE;
	csched_pri_from_credit(prev);	/* a boost lasts one turn */
	if (!u->runnable || (prev->flags & CSCHED_FLAG_PARKED) || migrate ||
	    !cpu_in(u->hard_affinity, cpu))
		return;
	if (prev->flags & CSCHED_FLAG_YIELD)
		runq_insert_yielded(prev);
	else
		csched_runq_insert(prev);
}

/* u's state is saved: it may now run elsewhere, or be placed there. */
static void csched_context_saved(struct sched_unit *u)
{
	struct csched_unit *cu = cunit(u);
	unsigned int cpu = csched_unit_lock(u);
	bool place;

	u->context_live = false;
	place = u->runnable && !cu->on_runq && csched.pcpu[cpu].curr != cu;
	/* Now stealable.  Its own CPU has just chosen something else
	 * (it yielded or was preempted): only idle CPUs are asked. */
	if (cu->on_runq)
		tickle_idler(cu);
	spin_unlock(&csched.pcpu[cpu].lock);
	if (place)
		unit_enqueue(u);
}

static struct sched_decision csched_do_schedule(unsigned int cpu,
						s_time_t now)
{
	struct csched_pcpu *pc = &csched.pcpu[cpu];
	struct csched_unit *prev, *next, *stolen;
	struct sched_decision d = { .slice = SCHED_SLICE_NONE };

	csched_acct_if_due(cpu, now, false); /* idle CPUs too: parked units */
	spin_lock(&pc->lock);
	prev = pc->curr;
	pc->curr = pc->idle;	/* prev is off-CPU from here */
	if (prev != pc->idle) {
		csched_burn(prev, now);
		requeue_prev(prev, cpu);
	}
	next = runq_head(cpu);
	if (!next || next->pri < CSCHED_PRI_UNDER) {
		stolen = steal_work(cpu, next ? next->pri : CSCHED_PRI_IDLE);
		if (stolen) {
			next = stolen;
			d.migrated = true;
		}
	}
	if (next && next->on_runq)
		csched_runq_remove(next);
	if (!next)
		next = pc->idle;
	next->flags &= ~CSCHED_FLAG_YIELD;
	pc->curr = next;
	next->start_time = now;
	if (next != pc->idle) {
		next->unit->context_live = true;
		d.slice = CSCHED_TSLICE;
	} else if (csched.nr_parked && csched.next_acct != STIME_MAX) {
		/* Wake up to account: it may release a parked unit. */
		d.slice = csched.next_acct - now;
		if (d.slice < CSCHED_MIN_TIMER)
			d.slice = CSCHED_MIN_TIMER;
	}
	d.next = next->unit;
	spin_unlock(&pc->lock);
	return d;
}

static void csched_insert(struct sched_unit *u, s_time_t now)
{
	struct csched_unit *cu = cunit(u);
	struct csched_dom *sd = cdom(u->dom);

	(void)now;
	spin_lock(&csched.acct_lock);
	if (list_empty(&sd->units))
		list_add_tail(&sd->elem, &csched.doms);
	list_add_tail(&cu->dom_elem, &sd->units);
	u->dom->nr_units++;
	spin_unlock(&csched.acct_lock);
	if (!cpu_in(u->hard_affinity, u->cpu))
		u->cpu = csched_pick_cpu(u);
	if (u->runnable)
		unit_enqueue(u);
}

/* The generic layer has descheduled u for good (it is not running). */
static void csched_remove(struct sched_unit *u)
{
	struct csched_unit *cu = cunit(u);
	struct csched_dom *sd = cdom(u->dom);
	unsigned int cpu;

	spin_lock(&csched.acct_lock);
	cpu = csched_unit_lock(u);
	ASSERT(csched.pcpu[cpu].curr != cu);
	if (cu->on_runq)
		csched_runq_remove(cu);
	if (cu->flags & CSCHED_FLAG_PARKED)
		csched.nr_parked--;
	cu->flags = 0;
	spin_unlock(&csched.pcpu[cpu].lock);
	list_del_init(&cu->dom_elem);
	if (list_empty(&sd->units))
		list_del_init(&sd->elem);
	u->dom->nr_units--;
	spin_unlock(&csched.acct_lock);
}

/* Whether u, on cpu, sits where its new affinity says it should not:
 * outside hard, or outside a soft affinity it could honour. */
static bool misplaced(const struct sched_unit *u, unsigned int cpu)
{
	unsigned long both = u->hard_affinity & u->soft_affinity &
			     SCHED_ALL_CPUS(csched.nr_cpus);

	return !cpu_in(u->hard_affinity, cpu) || (both && !cpu_in(both, cpu));
}

/*
 * New masks move the unit as Xen does on any affinity change: a queued
 * unit is placed again at once, a running one when it is descheduled
 * (which happens now).
 */
static void csched_adjust_affinity(struct sched_unit *u, unsigned long hard,
				   unsigned long soft)
{
	struct csched_unit *cu = cunit(u);
	unsigned int cpu = csched_unit_lock(u);
	bool move = false;

	u->hard_affinity = hard;
	u->soft_affinity = soft;
	if (misplaced(u, cpu)) {
		if (cu->on_runq) {
			csched_runq_remove(cu);
			move = true;
		} else if (csched.pcpu[cpu].curr == cu) {
			cu->flags |= CSCHED_FLAG_MIGRATE;
			sched_raise(cpu);
		} else if (cu->flags & CSCHED_FLAG_PARKED) {
			move = !u->context_live;	/* else context_saved */
		}
	} else if (cu->on_runq) {
		csched_tickle(cu);	/* someone new may steal it */
	}
	spin_unlock(&csched.pcpu[cpu].lock);
	if (move)
		unit_enqueue(u);
}

static struct csched_unit *pool_get_unit(void)
{
	for (unsigned int i = 0; i < CSCHED_MAX_UNITS; i++) {
		struct csched_unit *cu = &csched.unit_pool[i];

		if (!cu->in_use) {
			memset(cu, 0, sizeof(*cu));
			cu->in_use = true;
			INIT_LIST_HEAD(&cu->runq_elem);
			INIT_LIST_HEAD(&cu->dom_elem);
			return cu;
		}
	}
	return NULL;
}

static int csched_alloc_udata(struct sched_unit *u)
{
	struct csched_unit *cu;

	spin_lock(&csched.acct_lock);
	cu = pool_get_unit();
	spin_unlock(&csched.acct_lock);
	if (!cu)
		return -ENOMEM;
	cu->unit = u;
	cu->sdom = u->dom ? cdom(u->dom) : NULL;
	cu->pri = u->is_idle ? CSCHED_PRI_IDLE : CSCHED_PRI_UNDER;
	u->priv = cu;
	return 0;
}

static void csched_free_udata(struct sched_unit *u)
{
	struct csched_unit *cu = cunit(u);

	ASSERT(!cu->on_runq && list_empty(&cu->dom_elem));
	cu->in_use = false;
	u->priv = NULL;
}

static int csched_alloc_domdata(struct sched_dom *sd)
{
	for (unsigned int i = 0; i < CSCHED_MAX_DOMS; i++) {
		struct csched_dom *cd = &csched.dom_pool[i];

		if (cd->in_use)
			continue;
		memset(cd, 0, sizeof(*cd));
		cd->in_use = true;
		cd->dom = sd;
		cd->weight = CSCHED_DEFAULT_WEIGHT;
		INIT_LIST_HEAD(&cd->units);
		INIT_LIST_HEAD(&cd->elem);
		sd->priv = cd;
		return 0;
	}
	return -ENOMEM;
}

static void csched_free_domdata(struct sched_dom *sd)
{
	ASSERT(list_empty(&cdom(sd)->units));
	cdom(sd)->in_use = false;
	sd->priv = NULL;
}

static int csched_init(unsigned int nr_cpus, struct sched_unit *const *idle)
{
	if (!nr_cpus || nr_cpus > NR_CPUS)
		return -EINVAL;
	memset(&csched, 0, sizeof(csched));
	spin_lock_init(&csched.acct_lock);
	INIT_LIST_HEAD(&csched.doms);
	csched.nr_cpus = nr_cpus;
	csched.next_acct = STIME_MAX;	/* armed by the first tick */
	for (unsigned int c = 0; c < nr_cpus; c++) {
		struct csched_pcpu *pc = &csched.pcpu[c];
		int rc;

		spin_lock_init(&pc->lock);
		INIT_LIST_HEAD(&pc->runq);
		idle[c]->cpu = c;
		idle[c]->is_idle = true;
		idle[c]->dom = NULL;
		rc = csched_alloc_udata(idle[c]);
		if (rc)
			return rc;
		pc->idle = pc->curr = cunit(idle[c]);
	}
	return 0;
}

static void csched_deinit(void)
{
	csched.nr_cpus = 0;
}

const struct sched_ops sched_credit_ops = {
	.name = "SMP Credit Scheduler",
	.opt_name = "credit",
	.sched_id = XEN_SCHEDULER_CREDIT,
	.init = csched_init,
	.deinit = csched_deinit,
	.alloc_domdata = csched_alloc_domdata,
	.free_domdata = csched_free_domdata,
	.alloc_udata = csched_alloc_udata,
	.free_udata = csched_free_udata,
	.insert = csched_insert,
	.remove = csched_remove,
	.sleep = csched_sleep,
	.wake = csched_wake,
	.yield = csched_yield,
	.do_schedule = csched_do_schedule,
	.context_saved = csched_context_saved,
	.tick = csched_tick,
	.pick_cpu = csched_pick_cpu,
	.adjust = csched_adjust,
	.adjust_affinity = csched_adjust_affinity,
	.dump_settings = csched_dump_settings,
	.dump_cpu = csched_dump_cpu,
};
