/*
 * The credit scheduler's private state, shared by its three files:
 * credit.c (run queues, picking and stealing), credit_acct.c (burning
 * and handing out credits, caps) and credit_ctl.c (parameters, dump).
 *
 * Locking (see docs/chapters/05c-scheduler.md):
 *  - csched.acct_lock: the domain list and each domain's unit list,
 *    weights, caps, totals, next_acct.  Taken first, never while a
 *    run-queue lock is held.
 *  - pcpu[c].lock: CPU c's run queue, ->curr, and every field of a unit
 *    whose ->cpu is c (credit, pri, flags, active, on_runq).  Two of them are
 *    taken in ascending CPU order, except by a CPU stealing work, which
 *    only ever trylocks the victim's.
 */
#ifndef XENOLITH_SCHED_CREDIT_H
#define XENOLITH_SCHED_CREDIT_H

#include <xenolith/list.h>
#include <xenolith/sched_ops.h>
#include <xenolith/spinlock.h>

/* Priorities: higher runs first.  The numbers are Xen's. */
#define CSCHED_PRI_BOOST 0	/* woke from blocking, with credit */
#define CSCHED_PRI_UNDER (-1)	/* has credit left this period */
#define CSCHED_PRI_OVER (-2)	/* spent its share */
#define CSCHED_PRI_IDLE (-64)	/* the idle unit */

#define CSCHED_DEFAULT_WEIGHT 256
#define CSCHED_CREDITS_PER_MSEC 10
#define CSCHED_TICKS_PER_ACCT 3
#define CSCHED_ACCT_PERIOD (SCHED_TICK * CSCHED_TICKS_PER_ACCT)
#define CSCHED_TSLICE MILLISECS(30)
/* Credits one CPU hands out per accounting period (300). */
#define CSCHED_CREDITS_PER_ACCT \
	(CSCHED_CREDITS_PER_MSEC * (int)(CSCHED_ACCT_PERIOD / MILLISECS(1)))
/* No unit holds more than this, nor owes more. */
#define CSCHED_CREDIT_MAX CSCHED_CREDITS_PER_ACCT
#define CSCHED_CREDIT_MIN (-2 * CSCHED_CREDITS_PER_ACCT)

/* No timer is set closer than this (Xen: the rate limit minimum). */
#define CSCHED_MIN_TIMER MICROSECS(100)

#define CSCHED_MAX_UNITS 256
#define CSCHED_MAX_DOMS 64

/* Per-unit flags. */
#define CSCHED_FLAG_PARKED (1U << 0)	/* over its domain's cap */
#define CSCHED_FLAG_YIELD (1U << 1)	/* yielded: behind its peers */
#define CSCHED_FLAG_MIGRATE (1U << 2)	/* re-place when descheduled */

struct csched_dom;

struct csched_unit {
	struct sched_unit *unit;
	struct csched_dom *sdom;	/* NULL for idle units */
	struct list_head runq_elem;	/* on pcpu[unit->cpu].runq */
	struct list_head dom_elem;	/* on sdom->units */
	int credit;			/* may go negative */
	int pri;			/* CSCHED_PRI_* */
	unsigned int flags;		/* CSCHED_FLAG_* */
	bool on_runq;
	bool active;			/* earns credit this period */
	s_time_t start_time;		/* burning since, when running */
	s_time_t residue;		/* ns run but not yet debited */
	bool in_use;			/* pool slot taken */
};

struct csched_dom {
	struct sched_dom *dom;
	struct list_head units;		/* its csched_units */
	struct list_head elem;		/* on csched.doms */
	uint16_t weight;
	uint16_t cap;			/* % of one CPU, 0 = none */
	bool in_use;
};

struct csched_pcpu {
	spinlock_t lock;		/* see the top of this file */
	struct list_head runq;		/* sorted by pri, FIFO within */
	unsigned int nr_runnable;	/* on runq */
	struct csched_unit *curr;	/* running, never on runq */
	struct csched_unit *idle;
	unsigned int ticks;		/* since boot, for the master */
};

struct csched_private {
	spinlock_t acct_lock;		/* see the top of this file */
	unsigned int nr_cpus;
	unsigned int master;		/* CPU that runs accounting */
	s_time_t next_acct;		/* when the master accounts next */
	struct list_head doms;		/* csched_doms with units */
	unsigned int total_weight;	/* last period's, for the dump */
	unsigned long acct_runs;	/* periods accounted */
	unsigned long steals;		/* units taken from other CPUs */
	unsigned int nr_parked;		/* units over a cap; acct_lock */
	struct csched_pcpu pcpu[NR_CPUS];
	struct csched_unit unit_pool[CSCHED_MAX_UNITS];
	struct csched_dom dom_pool[CSCHED_MAX_DOMS];
};

extern struct csched_private csched;

static inline struct csched_unit *cunit(const struct sched_unit *u)
{
	return u->priv;
}

static inline struct csched_dom *cdom(const struct sched_dom *sd)
{
	return sd->priv;
}

/* UNDER or OVER by credit; ends a boost.  Caller holds cu's CPU lock. */
static inline void csched_pri_from_credit(struct csched_unit *cu)
{
	cu->pri = cu->credit >= 0 ? CSCHED_PRI_UNDER : CSCHED_PRI_OVER;
}

/* credit.c */
void csched_runq_insert(struct csched_unit *cu);
void csched_runq_remove(struct csched_unit *cu);
void csched_runq_resort(unsigned int cpu);
void csched_tickle(struct csched_unit *cu);
unsigned int csched_unit_lock(const struct sched_unit *u);

/* credit_acct.c */
void csched_burn(struct csched_unit *cu, s_time_t now);
void csched_tick(unsigned int cpu, s_time_t now);
void csched_acct_if_due(unsigned int cpu, s_time_t now, bool arm);

/* credit_ctl.c */
int csched_adjust(struct sched_dom *sd, struct xen_domctl_scheduler_op *op);
void csched_dump_settings(void);
void csched_dump_cpu(unsigned int cpu);

#endif
