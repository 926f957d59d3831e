/*
 * Round robin: the smallest scheduler behind struct sched_ops.
 *
 * It exists to show the plug-in point, and as a baseline the credit
 * scheduler's tests can be compared with.  Every CPU has a FIFO of
 * runnable units; a CPU runs its head for 10 ms, then puts it at the
 * tail.  A CPU with nothing of its own takes the first unit it may run
 * from another CPU's FIFO.  No weights, caps or priorities: every
 * runnable unit is equal, and a sleeper that wakes waits its turn.
 *
 * Locking: one lock, rr.lock, for everything.  Good enough for a
 * baseline; credit shows the per-CPU version.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/list.h>
#include <xenolith/sched_ops.h>
#include <xenolith/spinlock.h>
#include <public/errno.h>

#define RR_SLICE MILLISECS(10)
#define RR_MAX_UNITS 256

struct rr_unit {
	struct sched_unit *unit;
	struct list_head elem;	/* on rr.fifo[unit->cpu] */
	bool queued;
	bool in_use;		/* pool slot taken */
};

static struct {
	spinlock_t lock;			/* all of this */
	unsigned int nr_cpus;
	struct list_head fifo[NR_CPUS];		/* runnable, waiting */
	struct sched_unit *curr[NR_CPUS];	/* running (maybe idle) */
	struct sched_unit *idle[NR_CPUS];
	struct rr_unit pool[RR_MAX_UNITS];
} rr;

static struct rr_unit *ru(const struct sched_unit *u)
{
	return u->priv;
}

static bool rr_allowed(const struct sched_unit *u, unsigned int cpu)
{
	return cpu_in(u->hard_affinity, cpu);
}

static unsigned int rr_pick_cpu(const struct sched_unit *u)
{
	for (unsigned int c = 0; c < rr.nr_cpus; c++) {
		if (rr_allowed(u, c) && rr.curr[c]->is_idle)
			return c;
	}
	if (rr_allowed(u, u->cpu))
		return u->cpu;
	for (unsigned int c = 0; c < rr.nr_cpus; c++) {
		if (rr_allowed(u, c))
			return c;
	}
	return u->cpu;
}

/* Queue a runnable, waiting unit; wake an idle CPU for it.  Caller
 * holds rr.lock. */
static void rr_enqueue(struct sched_unit *u)
{
	if (!u->context_live)
		u->cpu = rr_pick_cpu(u);
	list_add_tail(&ru(u)->elem, &rr.fifo[u->cpu]);
	ru(u)->queued = true;
	for (unsigned int c = 0; c < rr.nr_cpus; c++) {
		if (rr_allowed(u, c) && rr.curr[c]->is_idle) {
			sched_raise(c);
			return;
		}
	}
}

static void rr_dequeue(struct sched_unit *u)
{
	list_del_init(&ru(u)->elem);
	ru(u)->queued = false;
}

static bool rr_waiting(const struct sched_unit *u)
{
	return u->runnable && !ru(u)->queued && rr.curr[u->cpu] != u;
}

static void rr_wake(struct sched_unit *u, s_time_t now)
{
	(void)now;
	spin_lock(&rr.lock);
	if (rr_waiting(u))
		rr_enqueue(u);
	spin_unlock(&rr.lock);
}

static void rr_sleep(struct sched_unit *u)
{
	spin_lock(&rr.lock);
	if (ru(u)->queued)
		rr_dequeue(u);
	else if (rr.curr[u->cpu] == u)
		sched_raise(u->cpu);
	spin_unlock(&rr.lock);
}

static void rr_yield(struct sched_unit *u)
{
	spin_lock(&rr.lock);
	if (rr.curr[u->cpu] == u)
		sched_raise(u->cpu);
	spin_unlock(&rr.lock);
}

/* The first unit on cpu's FIFO, or failing that on any other's, that
 * cpu may run now. */
static struct sched_unit *rr_take(unsigned int cpu)
{
	for (unsigned int i = 0; i < rr.nr_cpus; i++) {
		unsigned int c = (cpu + i) % rr.nr_cpus;
		struct list_head *pos;

		list_for_each(pos, &rr.fifo[c]) {
			struct sched_unit *u =
				list_entry(pos, struct rr_unit, elem)->unit;

			if (rr_allowed(u, cpu) &&
			    (!u->context_live || u->cpu == cpu)) {
				rr_dequeue(u);
				return u;
			}
		}
	}
	return NULL;
}

static struct sched_decision rr_do_schedule(unsigned int cpu, s_time_t now)
{
	struct sched_unit *prev, *next;
	struct sched_decision d = { .slice = SCHED_SLICE_NONE };

	(void)now;
	spin_lock(&rr.lock);
	prev = rr.curr[cpu];
	rr.curr[cpu] = rr.idle[cpu];
	if (!prev->is_idle && prev->runnable && rr_allowed(prev, cpu)) {
		list_add_tail(&ru(prev)->elem, &rr.fifo[cpu]);
		ru(prev)->queued = true;
	}
	next = rr_take(cpu);
	if (next) {
		d.migrated = next->cpu != cpu;
		next->cpu = cpu;
		next->context_live = true;
		d.slice = RR_SLICE;
	} else {
		next = rr.idle[cpu];
	}
	rr.curr[cpu] = next;
	d.next = next;
	spin_unlock(&rr.lock);
	return d;
}

static void rr_context_saved(struct sched_unit *u)
{
	spin_lock(&rr.lock);
	u->context_live = false;
	if (rr_waiting(u))	/* left behind by an affinity change */
		rr_enqueue(u);
	spin_unlock(&rr.lock);
}

static void rr_tick(unsigned int cpu, s_time_t now)
{
	(void)cpu;
	(void)now;	/* the slice timer is all round robin needs */
}

static void rr_insert(struct sched_unit *u, s_time_t now)
{
	(void)now;
	spin_lock(&rr.lock);
	u->dom->nr_units++;
	if (rr_waiting(u))
		rr_enqueue(u);
	spin_unlock(&rr.lock);
}

static void rr_remove(struct sched_unit *u)
{
	spin_lock(&rr.lock);
	ASSERT(rr.curr[u->cpu] != u);
	if (ru(u)->queued)
		rr_dequeue(u);
	u->dom->nr_units--;
	spin_unlock(&rr.lock);
}

static void rr_adjust_affinity(struct sched_unit *u, unsigned long hard,
			       unsigned long soft)
{
	spin_lock(&rr.lock);
	u->hard_affinity = hard;
	u->soft_affinity = soft;
	if (ru(u)->queued) {
		rr_dequeue(u);
		if (!u->context_live)	/* else context_saved() will */
			rr_enqueue(u);
	} else if (rr.curr[u->cpu] == u && !rr_allowed(u, u->cpu)) {
		sched_raise(u->cpu);
	}
	spin_unlock(&rr.lock);
}

static int rr_alloc_udata(struct sched_unit *u)
{
	spin_lock(&rr.lock);
	for (unsigned int i = 0; i < RR_MAX_UNITS; i++) {
		struct rr_unit *r = &rr.pool[i];

		if (r->in_use)
			continue;
		memset(r, 0, sizeof(*r));
		r->in_use = true;
		r->unit = u;
		INIT_LIST_HEAD(&r->elem);
		u->priv = r;
		spin_unlock(&rr.lock);
		return 0;
	}
	spin_unlock(&rr.lock);
	return -ENOMEM;
}

static void rr_free_udata(struct sched_unit *u)
{
	ru(u)->in_use = false;
	u->priv = NULL;
}

static int rr_alloc_domdata(struct sched_dom *sd)
{
	sd->priv = NULL;	/* nothing per domain */
	return 0;
}

static void rr_free_domdata(struct sched_dom *sd)
{
	(void)sd;
}

static int rr_init(unsigned int nr_cpus, struct sched_unit *const *idle)
{
	if (!nr_cpus || nr_cpus > NR_CPUS)
		return -EINVAL;
	memset(&rr, 0, sizeof(rr));
	spin_lock_init(&rr.lock);
	rr.nr_cpus = nr_cpus;
	for (unsigned int c = 0; c < nr_cpus; c++) {
		INIT_LIST_HEAD(&rr.fifo[c]);
		idle[c]->cpu = c;
		idle[c]->is_idle = true;
		rr.idle[c] = rr.curr[c] = idle[c];
	}
	return 0;
}

static void rr_deinit(void)
{
	rr.nr_cpus = 0;
}

static void rr_dump_cpu(unsigned int cpu)
{
	struct list_head *pos;

	spin_lock(&rr.lock);
	printk("CPU[%02u] rr:", cpu);
	list_for_each(pos, &rr.fifo[cpu]) {
		struct sched_unit *u =
			list_entry(pos, struct rr_unit, elem)->unit;

		printk(" [%u.%u]", u->dom->domid, u->vcpu_id);
	}
	printk("\n");
	spin_unlock(&rr.lock);
}

static void rr_dump_settings(void)
{
	printk("round robin, %lld ms slices\n",
	       (long long)(RR_SLICE / MILLISECS(1)));
}

const struct sched_ops sched_rr_ops = {
	.name = "Round robin",
	.opt_name = "rr",
	.sched_id = 0,	/* no XEN_SCHEDULER_* number: not a Xen one */
	.init = rr_init,
	.deinit = rr_deinit,
	.alloc_domdata = rr_alloc_domdata,
	.free_domdata = rr_free_domdata,
	.alloc_udata = rr_alloc_udata,
	.free_udata = rr_free_udata,
	.insert = rr_insert,
	.remove = rr_remove,
	.sleep = rr_sleep,
	.wake = rr_wake,
	.yield = rr_yield,
	.do_schedule = rr_do_schedule,
	.context_saved = rr_context_saved,
	.tick = rr_tick,
	.pick_cpu = rr_pick_cpu,
	.adjust = NULL,		/* no parameters: the domctl says -EINVAL */
	.adjust_affinity = rr_adjust_affinity,
	.dump_settings = rr_dump_settings,
	.dump_cpu = rr_dump_cpu,
};
