/*
 * Registering domains and vCPUs with the scheduler.
 *
 * This is the first step of the integration plan in
 * docs/chapters/05c-scheduler.md: the scheduler named by "sched=" is
 * chosen and initialised once every CPU is up, each CPU gets its idle
 * unit, and every domain and vCPU created afterwards gets its
 * scheduler data and joins the scheduler's per-domain lists, so
 * XEN_DOMCTL_scheduler_op and debug key 'r' see real domains.
 *
 * Units join as not runnable; they become runnable when their vCPU is
 * up and unpaused (vcpu_runnable_update, schedule.c).  A domain leaves
 * only once none of its vCPUs is on a CPU or still being saved.
 * The hooks expect interrupts off and may take their own locks; one
 * lock here serialises registration, which is rare.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/console.h>
#include <xenolith/cmdline.h>
#include <xenolith/params.h>
#include <xenolith/sched.h>
#include <xenolith/sched_core.h>
#include <xenolith/setup.h>
#include <asm/processor.h>
#include <asm/flush.h>
#include <xenolith/spinlock.h>
#include <xenolith/time.h>
#include <public/domctl.h>

/* xenolith_sched_report: at shutdown, where each vCPU ran (and, when
 * dom0 ends, how long each CPU halted); the scheduler tests read it. */
static bool opt_sched_report;
boolean_param("xenolith_sched_report", opt_sched_report);

/*
 * xenolith_sched_smp (default on): vCPUs may run on every CPU.
 * xenolith_sched_smp=0 (or no-xenolith_sched_smp) pins every vCPU to
 * CPU 0, as before the scheduler ran them in parallel: a debugging aid
 * that takes cross-CPU races out of the picture.
 */
static bool opt_sched_smp = true;
boolean_param("xenolith_sched_smp", opt_sched_smp);

static const struct sched_ops *ops;
static unsigned int sched_nr_cpus;
static struct sched_unit idle_unit[NR_CPUS];
static DEFINE_SPINLOCK(sched_core_lock);

const struct sched_ops *sched_current_ops(void)
{
	return ops;
}

static void dump_runq_key(unsigned char key)
{
	unsigned long flags;

	printk("'%c' pressed -> dumping run queues\n", key);
	spin_lock_irqsave(&sched_core_lock, flags);
	sched_dump_runq(ops, sched_nr_cpus, NOW());
	spin_unlock_irqrestore(&sched_core_lock, flags);
}

void sched_core_init(unsigned int nr_cpus)
{
	struct sched_unit *idle[NR_CPUS];
	const struct sched_ops *chosen = sched_select(opt_sched);

	for (unsigned int c = 0; c < nr_cpus; c++)
		idle[c] = &idle_unit[c];
	if (chosen->init(nr_cpus, idle)) {
		printk(XENLOG_ERR "scheduler %s: init failed\n", chosen->name);
		return;
	}
	sched_nr_cpus = nr_cpus;
	sched_generic_init(nr_cpus);
	ops = chosen;
	register_keyhandler('r', dump_runq_key, "dump run queues");
}

static int unit_init(struct vcpu *v, s_time_t now)
{
	struct sched_unit *u = &v->sched;
	int rc;

	memset(u, 0, sizeof(*u));
	u->owner = v;
	u->dom = &v->domain->sched;
	u->vcpu_id = v->vcpu_id;
	u->cpu = v->processor;
	u->hard_affinity = opt_sched_smp ? SCHED_ALL_CPUS(sched_nr_cpus) : 1;
	u->soft_affinity = u->hard_affinity;
	rc = ops->alloc_udata(u);
	if (rc)
		return rc;
	ops->insert(u, now);
	return 0;
}

static int domain_init_locked(struct domain *d)
{
	struct sched_dom *sd = &d->sched;
	s_time_t now = NOW();

	memset(sd, 0, sizeof(*sd));
	sd->owner = d;
	sd->domid = d->domain_id;
	if (ops->alloc_domdata(sd))
		return -XEN_ENOMEM;
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if (unit_init(d->vcpu[i], now))
			return -XEN_ENOMEM;
	}
	return 0;
}

static void domain_destroy_locked(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct sched_unit *u = d->vcpu[i] ? &d->vcpu[i]->sched : NULL;

		if (!u || !u->priv)
			continue;
		ops->remove(u);
		ops->free_udata(u);
	}
	if (d->sched.priv)
		ops->free_domdata(&d->sched);
}

int sched_domain_init(struct domain *d)
{
	unsigned long flags;
	int rc;

	if (!ops)
		return 0;	/* domains made before the scheduler */
	spin_lock_irqsave(&sched_core_lock, flags);
	rc = domain_init_locked(d);
	if (rc)
		domain_destroy_locked(d);
	spin_unlock_irqrestore(&sched_core_lock, flags);
	return rc;
}

/* d's vCPUs are paused: wait until no CPU runs one or still saves it. */
static void wait_off_cpu(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct sched_unit *u = d->vcpu[i] ? &d->vcpu[i]->sched : NULL;

		while (u && u->priv &&
		       __atomic_load_n(&u->context_live, __ATOMIC_SEQ_CST))
			cpu_relax_serving();
	}
}

void sched_domain_destroy(struct domain *d)
{
	unsigned long flags;

	if (!ops)
		return;
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if (d->vcpu[i]) {
			d->vcpu[i]->paused = true;
			vcpu_runnable_update(d->vcpu[i]);
		}
	}
	wait_off_cpu(d);
	spin_lock_irqsave(&sched_core_lock, flags);
	domain_destroy_locked(d);
	spin_unlock_irqrestore(&sched_core_lock, flags);
}

long sched_set_credit(struct domain *d, unsigned int weight,
		      unsigned int cap)
{
	struct xen_domctl_scheduler_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
	};
	unsigned long flags;
	long rc;

	if (!ops || !d->sched.priv)
		return -XEN_EINVAL;
	if (weight > 65535 || (cap != ~0U && cap > 100 * d->nr_vcpus))
		return -XEN_EINVAL;
	op.u.credit.weight = weight;
	op.u.credit.cap = cap == ~0U ? 0xffff : cap;
	spin_lock_irqsave(&sched_core_lock, flags);
	rc = sched_adjust(ops, &d->sched, &op);
	spin_unlock_irqrestore(&sched_core_lock, flags);
	return rc;
}

void sched_domain_report(struct domain *d)
{
	if (!opt_sched_report)
		return;
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		printk("d%u v%u: ran on CPUs %#lx\n", d->domain_id, i,
		       d->vcpu[i]->ran_on);
	if (d->domain_id == 0)
		arch_idle_stats_print(sched_nr_cpus);
}

long sched_set_hard_affinity(struct domain *d, unsigned long cpus)
{
	unsigned long flags;

	cpus &= opt_sched_smp ? SCHED_ALL_CPUS(sched_nr_cpus) : 1;
	if (!ops || !d->sched.priv || !cpus)
		return -XEN_EINVAL;
	spin_lock_irqsave(&sched_core_lock, flags);
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct sched_unit *u = &d->vcpu[i]->sched;

		ops->adjust_affinity(u, cpus, u->soft_affinity);
	}
	spin_unlock_irqrestore(&sched_core_lock, flags);
	return 0;
}

long sched_get_credit(struct domain *d, unsigned int *weight,
		      unsigned int *cap)
{
	struct xen_domctl_scheduler_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_getinfo,
	};
	unsigned long flags;
	long rc;

	if (!ops || !d->sched.priv)
		return -XEN_EINVAL;
	spin_lock_irqsave(&sched_core_lock, flags);
	rc = sched_adjust(ops, &d->sched, &op);
	spin_unlock_irqrestore(&sched_core_lock, flags);
	*weight = op.u.credit.weight;
	*cap = op.u.credit.cap;
	return rc;
}

/*
 * XEN_DOMCTL_scheduler_op for d (do_domctl): Xen's checks and the
 * scheduler's adjust hook under the registration lock; op is the
 * domctl's copy, filled for getinfo.  -EINVAL before the scheduler is
 * up or for a domain that never joined it.
 */
long sched_domctl_adjust(struct domain *d, struct xen_domctl_scheduler_op *op)
{
	unsigned long flags;
	long rc;

	if (!ops || !d->sched.priv)
		return -XEN_EINVAL;
	spin_lock_irqsave(&sched_core_lock, flags);
	rc = sched_adjust(ops, &d->sched, op);
	spin_unlock_irqrestore(&sched_core_lock, flags);
	return rc;
}

/* Every CPU the scheduler runs on, as an affinity mask. */
unsigned long sched_online_mask(void)
{
	return ops ? SCHED_ALL_CPUS(sched_nr_cpus) : 1;
}

/*
 * XEN_DOMCTL_setvcpuaffinity for v: both masks at once (the caller
 * keeps the one it does not change).  -EINVAL if hard has no CPU the
 * scheduler runs on, as Xen's vcpu_set_hard_affinity().
 */
long sched_set_affinity(struct vcpu *v, unsigned long hard,
			unsigned long soft)
{
	unsigned long flags;

	if (!ops || !v->sched.priv)
		return -XEN_EINVAL;
	if (!(hard & sched_online_mask()))
		return -XEN_EINVAL;
	spin_lock_irqsave(&sched_core_lock, flags);
	if (ops->adjust_affinity) {
		ops->adjust_affinity(&v->sched, hard, soft);
	} else {
		v->sched.hard_affinity = hard;
		v->sched.soft_affinity = soft;
	}
	spin_unlock_irqrestore(&sched_core_lock, flags);
	return 0;
}
