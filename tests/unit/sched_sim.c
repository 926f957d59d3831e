/*
 * The simulated machine of sched_sim.h.  One step is SIM_STEP of
 * simulated time: charge the running vCPUs, block and wake sleepers,
 * tick busy CPUs on tick boundaries, then let every CPU whose slice
 * ended or that was raised reschedule (repeatedly, since rescheduling
 * one CPU may raise another), then run the auditor.
 */
#include <xenolith/lib.h>
#include <public/domctl.h>
#include <stdlib.h>
#include "sched_sim.h"

static struct sim *cur_sim;	/* the machine sched_raise() pokes */

void sched_raise(unsigned int cpu)
{
	cur_sim->raised[cpu] = true;
}

static struct sim_vcpu *sv_of(struct sched_unit *u)
{
	return u->is_idle ? NULL : u->owner;
}

void sim_init(struct sim *s, const struct sched_ops *ops,
	      unsigned int nr_cpus)
{
	struct sched_unit *idle[NR_CPUS];
	int rc;

	memset(s, 0, sizeof(*s));
	cur_sim = s;
	s->ops = ops;
	s->nr_cpus = nr_cpus;
	for (unsigned int c = 0; c < nr_cpus; c++) {
		idle[c] = &s->idle[c];
		s->idle[c].hard_affinity = 1UL << c;
		s->idle[c].soft_affinity = 1UL << c;
		s->idle[c].runnable = true;
		s->curr[c] = idle[c];
		s->slice_end[c] = STIME_MAX;
	}
	rc = ops->init(nr_cpus, idle);
	if (rc)
		abort();
}

struct sim_dom *sim_add_dom(struct sim *s, unsigned int weight,
			    unsigned int cap)
{
	struct sim_dom *d = &s->d[s->nr_doms];
	struct xen_domctl_scheduler_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
		.u.credit = { .weight = (uint16_t)weight,
			      .cap = (uint16_t)cap },
	};

	d->sd.owner = d;
	d->sd.domid = ++s->nr_doms;
	if (s->ops->alloc_domdata(&d->sd))
		abort();
	if (s->ops->adjust && s->ops->adjust(&d->sd, &op))
		abort();
	return d;
}

struct sim_vcpu *sim_add_vcpu(struct sim *s, struct sim_dom *d,
			      enum sim_kind kind, unsigned long hard)
{
	struct sim_vcpu *v = &s->v[s->nr_vcpus++];

	v->d = d;
	v->kind = kind;
	v->burst = MICROSECS(500);
	v->nap = MILLISECS(5);
	v->left = v->burst;
	v->woke_at = -1;
	v->u.owner = v;
	v->u.dom = &d->sd;
	v->u.vcpu_id = d->sd.nr_units;
	v->u.hard_affinity = hard ? hard : SCHED_ALL_CPUS(s->nr_cpus);
	v->u.soft_affinity = ~0UL;
	v->u.cpu = 0;
	v->u.runnable = kind != SIM_BLOCKED;
	if (s->ops->alloc_udata(&v->u))
		abort();
	s->ops->insert(&v->u, s->now);
	return v;
}

/* Charge one step to whatever each CPU runs; block finished bursts. */
static void sim_charge(struct sim *s)
{
	for (unsigned int c = 0; c < s->nr_cpus; c++) {
		struct sim_vcpu *v = sv_of(s->curr[c]);

		if (!v)
			continue;
		v->ran += SIM_STEP;
		v->d->ran += SIM_STEP;
		v->ran_on |= 1UL << c;
		s->busy[c] += SIM_STEP;
		if (v->kind != SIM_SLEEPER || !v->u.runnable)
			continue;
		v->left -= SIM_STEP;
		if (v->left > 0)
			continue;
		v->u.runnable = false;
		v->wake_at = s->now + v->nap;
		s->ops->sleep(&v->u);
	}
}

static void sim_wake_sleepers(struct sim *s)
{
	for (unsigned int i = 0; i < s->nr_vcpus; i++) {
		struct sim_vcpu *v = &s->v[i];

		if (v->kind != SIM_SLEEPER || v->u.runnable ||
		    s->now < v->wake_at)
			continue;
		v->u.runnable = true;
		v->left = v->burst;
		v->woke_at = s->now;
		s->ops->wake(&v->u, s->now);
	}
}

static void note_latency(struct sim_vcpu *v, s_time_t now)
{
	s_time_t lat;

	if (!v || v->woke_at < 0)
		return;
	lat = now - v->woke_at;
	v->woke_at = -1;
	v->lat_sum += lat;
	v->lat_n++;
	if (lat > v->lat_max)
		v->lat_max = lat;
}

static void sim_schedule(struct sim *s, unsigned int c)
{
	struct sched_unit *prev = s->curr[c];
	struct sched_decision d;

	s->raised[c] = false;
	d = s->ops->do_schedule(c, s->now);
	s->nr_schedules++;
	s->curr[c] = d.next;
	s->slice_end[c] = d.slice == SCHED_SLICE_NONE ? STIME_MAX :
						       s->now + d.slice;
	if (!d.next->is_idle)
		s->nr_nonidle_picks++;
	if (d.next != prev && !prev->is_idle)
		s->ops->context_saved(prev);
	note_latency(sv_of(d.next), s->now);
}

static void sim_reschedule_all(struct sim *s)
{
	for (int pass = 0; pass < 4; pass++) {
		bool any = false;

		for (unsigned int c = 0; c < s->nr_cpus; c++) {
			if (s->raised[c] || s->now >= s->slice_end[c]) {
				sim_schedule(s, c);
				any = true;
			}
		}
		if (!any)
			return;
	}
}

static void sim_step(struct sim *s)
{
	s->now += SIM_STEP;
	sim_charge(s);
	sim_wake_sleepers(s);
	if (s->now % SCHED_TICK == 0) {
		for (unsigned int c = 0; c < s->nr_cpus; c++) {
			if (!s->curr[c]->is_idle)
				s->ops->tick(c, s->now);
		}
	}
	sim_reschedule_all(s);
	if (s->audit && !s->audit_fail[0]) {
		char why[200] = "";

		s->audits++;
		if (s->audit(s, why, sizeof(why)))
			snprintf(s->audit_fail, sizeof(s->audit_fail),
				 "t=%lldus: %s", (long long)(s->now / 1000),
				 why);
	}
}

void sim_run(struct sim *s, s_time_t for_ns)
{
	s_time_t end = s->now + for_ns;

	cur_sim = s;
	if (s->now == 0)
		sim_reschedule_all(s);
	while (s->now < end)
		sim_step(s);
}

void sim_reset_counters(struct sim *s)
{
	for (unsigned int c = 0; c < s->nr_cpus; c++)
		s->busy[c] = 0;
	for (unsigned int i = 0; i < s->nr_vcpus; i++) {
		struct sim_vcpu *v = &s->v[i];

		v->ran = v->lat_max = v->lat_sum = 0;
		v->lat_n = 0;
		v->ran_on = 0;
	}
	for (unsigned int i = 0; i < s->nr_doms; i++)
		s->d[i].ran = 0;
	s->nr_schedules = s->nr_nonidle_picks = 0;
}

/* Take every vCPU off its CPU and out of the scheduler, free all. */
void sim_done(struct sim *s)
{
	for (unsigned int i = 0; i < s->nr_vcpus; i++) {
		s->v[i].u.runnable = false;
		s->ops->sleep(&s->v[i].u);
	}
	for (unsigned int c = 0; c < s->nr_cpus; c++)
		sim_schedule(s, c);
	for (unsigned int i = 0; i < s->nr_vcpus; i++) {
		s->ops->remove(&s->v[i].u);
		s->ops->free_udata(&s->v[i].u);
	}
	for (unsigned int i = 0; i < s->nr_doms; i++)
		s->ops->free_domdata(&s->d[i].sd);
	s->ops->deinit();
}
