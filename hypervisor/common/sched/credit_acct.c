/*
 * Credit accounting: where credits come from and where they go.
 *
 * Credits measure CPU time: 10 per millisecond.  A running unit burns
 * them as it runs (debited whenever its CPU reschedules or ticks, every
 * 10 ms).  Every accounting period (30 ms, three ticks) the CPUs' worth
 * of credit for that period - 300 per CPU - is handed out again to the
 * active units, each domain getting a part proportional to its weight
 * times its number of active units, split evenly among those units.
 * A unit with credit left is UNDER, one that went negative is OVER, and
 * UNDER runs first: over a few periods every domain runs in proportion
 * to its weight whenever the CPUs are contended, and anyone may use
 * time no one else wants.
 *
 * Bounds keep the books honest.  A unit is "active" once it burned
 * credit; one that piles up more than a period's worth (it blocks more
 * than it runs) stops earning until it runs again, so a sleeper cannot
 * save up for a burst.  No unit gets more than one CPU's worth per
 * period, and debts stop at CSCHED_CREDIT_MIN.
 *
 * A cap limits a domain to cap% of one CPU even when CPUs are idle.
 * Its units earn at most that much per period, and a unit whose debt
 * exceeds one period's capped earnings is parked - kept off every run
 * queue - until its credit is back to zero.  Over time it runs exactly
 * what it earns.
 *
 * Accounting runs on whichever CPU first ticks or reschedules after the
 * period ends, under the accounting lock, and takes each unit's run
 * queue lock in turn (order: credit.h).  It stays disarmed while no
 * unit is active or parked, so an idle machine gets no timer at all.
 */
#include <xenolith/lib.h>
#include "credit.h"

#define NSECS_PER_CREDIT (MILLISECS(1) / CSCHED_CREDITS_PER_MSEC)

/* Debit the time cu ran since start_time.  Caller holds its CPU's lock. */
void csched_burn(struct csched_unit *cu, s_time_t now)
{
	s_time_t ran = now - cu->start_time + cu->residue;
	int credits;

	ASSERT(spin_is_locked(&csched.pcpu[cu->unit->cpu].lock));
	if (ran <= 0)
		return;
	credits = (int)(ran / NSECS_PER_CREDIT);
	cu->residue = ran % NSECS_PER_CREDIT;
	cu->start_time = now;
	cu->credit -= credits;
	if (cu->credit < CSCHED_CREDIT_MIN)
		cu->credit = CSCHED_CREDIT_MIN;
	if (credits)
		cu->active = true;
}

/*
 * Every SCHED_TICK on a CPU running a guest unit: debit it, end its
 * boost, and preempt it if a better unit now waits here.
 */
void csched_tick(unsigned int cpu, s_time_t now)
{
	struct csched_pcpu *pc = &csched.pcpu[cpu];
	struct csched_unit *cu, *head;

	spin_lock(&pc->lock);
	cu = pc->curr;
	if (cu != pc->idle) {
		csched_burn(cu, now);
		csched_pri_from_credit(cu);
		head = list_empty(&pc->runq) ? NULL :
			list_first_entry(&pc->runq, struct csched_unit,
					 runq_elem);
		if (head && head->pri > cu->pri)
			sched_raise(cpu);
	}
	pc->ticks++;
	spin_unlock(&pc->lock);
	csched_acct_if_due(cpu, now, cu != pc->idle);
}

/* One domain's earnings this period, worked out by split_credit(). */
struct dom_share {
	unsigned int nr_active;
	long limit;	/* the most it can use: its vCPUs, its cap */
	long total;	/* what it gets */
	bool full;	/* total == limit: out of the weighted split */
	int fair;	/* credits per active unit */
	int cap;	/* per unit: park below -cap; 0: no cap */
};

static unsigned int count_active(struct csched_dom *sd)
{
	struct list_head *pos;
	unsigned int n = 0;

	list_for_each(pos, &sd->units) {
		struct csched_unit *cu =
			list_entry(pos, struct csched_unit, dom_elem);
		unsigned int cpu = csched_unit_lock(cu->unit);

		n += cu->active;
		spin_unlock(&csched.pcpu[cpu].lock);
	}
	return n;
}

static long div_up(long a, long b)
{
	return (a + b - 1) / b;
}

static void init_share(struct dom_share *s, const struct csched_dom *sd,
		       unsigned int nr_active)
{
	s->nr_active = nr_active;
	s->limit = (long)nr_active * CSCHED_CREDITS_PER_ACCT;
	s->cap = 0;
	if (nr_active && sd->cap) {
		long cap = div_up((long)sd->cap * CSCHED_CREDITS_PER_ACCT,
				  100);

		s->cap = (int)div_up(cap, nr_active);
		if (cap < s->limit)
			s->limit = cap;
	}
	s->full = !nr_active;
	s->total = 0;
}

/*
 * Share the period's credit among the domains by weight x active units,
 * as water fills vessels: a domain whose share exceeds what it can use
 * (one CPU per active unit, or its cap) gets just that, and what it
 * leaves is shared again among the others, until no share overflows.
 * So weights hold among the domains that can use more, however many
 * vCPUs the others have.
 */
static void split_credit(struct dom_share *sh, const struct csched_dom **sd,
			 unsigned int n)
{
	long left = (long)CSCHED_CREDITS_PER_ACCT * csched.nr_cpus;
	bool again = true;

	while (again) {
		long weight = 0;

		again = false;
		for (unsigned int i = 0; i < n; i++)
			if (!sh[i].full)
				weight += (long)sd[i]->weight * sh[i].nr_active;
		for (unsigned int i = 0; i < n && weight; i++) {
			if (sh[i].full)
				continue;
			sh[i].total = div_up(left * sd[i]->weight *
						     sh[i].nr_active, weight);
			if (sh[i].total >= sh[i].limit) {
				sh[i].total = sh[i].limit;
				sh[i].full = true;
				left -= sh[i].limit;
				again = true;
				break;	/* the rest share what is left */
			}
		}
	}
	for (unsigned int i = 0; i < n; i++)
		sh[i].fair = sh[i].nr_active ?
			(int)div_up(sh[i].total, sh[i].nr_active) : 0;
}

/* Park or unpark cu by its domain's cap.  Caller holds its CPU's lock. */
static void apply_cap(struct csched_unit *cu, const struct dom_share *s)
{
	struct csched_pcpu *pc = &csched.pcpu[cu->unit->cpu];

	if (s->cap && cu->credit < -s->cap &&
	    !(cu->flags & CSCHED_FLAG_PARKED)) {
		cu->flags |= CSCHED_FLAG_PARKED;
		csched.nr_parked++;
		if (cu->on_runq)
			csched_runq_remove(cu);
		else if (pc->curr == cu)
			sched_raise(cu->unit->cpu);
	} else if ((cu->flags & CSCHED_FLAG_PARKED) &&
		   (!s->cap || cu->credit >= 0)) {
		cu->flags &= ~CSCHED_FLAG_PARKED;
		csched.nr_parked--;
		if (cu->unit->runnable && pc->curr != cu) {
			csched_runq_insert(cu);
			csched_tickle(cu);
		}
	}
}

/* Credit one unit for the period; returns whether it is parked. */
static bool acct_unit(struct csched_unit *cu, const struct dom_share *s)
{
	unsigned int cpu = csched_unit_lock(cu->unit);
	bool parked;

	if (cu->active) {
		cu->credit += s->fair;
		if (cu->credit > CSCHED_CREDIT_MAX) {
			cu->credit = CSCHED_CREDIT_MAX;
			cu->active = false;
		}
	}
	csched_pri_from_credit(cu);
	apply_cap(cu, s);
	parked = cu->flags & CSCHED_FLAG_PARKED;
	spin_unlock(&csched.pcpu[cpu].lock);
	return parked;
}

static void resort_all(void)
{
	for (unsigned int c = 0; c < csched.nr_cpus; c++) {
		struct csched_pcpu *pc = &csched.pcpu[c];
		struct csched_unit *head;

		spin_lock(&pc->lock);
		csched_runq_resort(c);
		head = list_empty(&pc->runq) ? NULL :
			list_first_entry(&pc->runq, struct csched_unit,
					 runq_elem);
		if (head && head->pri > pc->curr->pri)
			sched_raise(c);
		spin_unlock(&pc->lock);
	}
}

/* One accounting period; returns whether anything needs the next one. */
static bool csched_acct(void)
{
	static struct dom_share sh[CSCHED_MAX_DOMS];
	static const struct csched_dom *sd[CSCHED_MAX_DOMS];
	unsigned int n = 0;
	long weight_total = 0;
	bool busy = false;
	struct list_head *dp, *up;

	list_for_each(dp, &csched.doms) {
		sd[n] = list_entry(dp, struct csched_dom, elem);
		init_share(&sh[n], sd[n], count_active((struct csched_dom *)
						       sd[n]));
		weight_total += (long)sd[n]->weight * sh[n].nr_active;
		n++;
	}
	csched.total_weight = (unsigned int)weight_total;
	split_credit(sh, sd, n);
	for (unsigned int i = 0; i < n; i++) {
		busy |= sh[i].nr_active != 0;
		list_for_each(up, &sd[i]->units) {
			busy |= acct_unit(list_entry(up, struct csched_unit,
						     dom_elem), &sh[i]);
		}
	}
	resort_all();
	csched.acct_runs++;
	return busy;
}

/*
 * Account if a period has ended.  Any CPU may call this; the lock makes
 * one of them do the work.  Only a busy CPU's tick arms the first
 * period (arm), so CPUs that merely reschedule never keep it alive.
 */
void csched_acct_if_due(unsigned int cpu, s_time_t now, bool arm)
{
	if (csched.next_acct == STIME_MAX ? !arm : now < csched.next_acct)
		return;
	spin_lock(&csched.acct_lock);
	if (csched.next_acct == STIME_MAX) {
		if (arm)
			csched.next_acct = now + CSCHED_ACCT_PERIOD;
	} else if (now >= csched.next_acct) {
		csched.master = cpu;
		csched.next_acct += CSCHED_ACCT_PERIOD;
		if (csched.next_acct <= now)	/* we slept through some */
			csched.next_acct = now + CSCHED_ACCT_PERIOD;
		if (!csched_acct())
			csched.next_acct = STIME_MAX;
	}
	spin_unlock(&csched.acct_lock);
}
