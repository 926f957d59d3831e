/*
 * The credit scheduler seen from outside: parameters and the 'r' dump.
 *
 * The toolstack reads and sets a domain's weight and cap through
 * XEN_DOMCTL_scheduler_op with struct xen_domctl_sched_credit.  Xen
 * 4.17 itself checks little: the scheduler id must be credit's, only
 * getinfo/putinfo are served (per-vCPU parameters are -EINVAL under
 * credit), and in putinfo a weight of 0 or a cap of 0xffff mean "leave
 * as is"; every other value is taken.  The range rules users know
 * (weight 1..65535, cap 0..100 per vCPU) are the toolstack's (libxl),
 * and sched_credit_params_valid() states them for ours.
 *
 * The dump follows Xen's key 'r' output line for line, so logs of the
 * two compare: a settings block, then per CPU its queue, one line per
 * unit "[dom.vcpu] pri= flags= cpu= credit= [w=,cap=]".
 */
#include <xenolith/lib.h>
#define XEN_ERRNO_PLAIN_NAMES
#include <public/errno.h>
#include <public/domctl.h>
#include "credit.h"

#define CAP_KEEP 0xffffU	/* putinfo: leave the cap alone */
#define DOMID_IDLE_NR 0x7fffU

/*
 * The pure part of XEN_DOMCTL_scheduler_op for one credit domain: read
 * or update *weight and *cap from op, Xen's rules (top of file).
 * Nothing changes unless it returns 0.
 */
int sched_credit_adjust(uint16_t *weight, uint16_t *cap,
			struct xen_domctl_scheduler_op *op)
{
	if (op->sched_id != XEN_SCHEDULER_CREDIT)
		return -EINVAL;
	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		op->u.credit.weight = *weight;
		op->u.credit.cap = *cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		if (op->u.credit.weight)
			*weight = op->u.credit.weight;
		if (op->u.credit.cap != CAP_KEEP)
			*cap = op->u.credit.cap;
		return 0;
	default:	/* putvcpuinfo/getvcpuinfo: not credit's */
		return -EINVAL;
	}
}

/* The toolstack's range check (libxl's) before it issues putinfo. */
bool sched_credit_params_valid(unsigned int weight, unsigned int cap,
			       unsigned int nr_vcpus)
{
	return weight >= 1 && weight <= 65535 && cap <= 100 * nr_vcpus;
}

int csched_adjust(struct sched_dom *sd, struct xen_domctl_scheduler_op *op)
{
	struct csched_dom *cd = cdom(sd);
	int rc;

	spin_lock(&csched.acct_lock);
	rc = sched_credit_adjust(&cd->weight, &cd->cap, op);
	spin_unlock(&csched.acct_lock);
	return rc;
}

static unsigned long idlers(void)
{
	unsigned long mask = 0;

	for (unsigned int c = 0; c < csched.nr_cpus; c++) {
		if (csched.pcpu[c].curr == csched.pcpu[c].idle)
			mask |= 1UL << c;
	}
	return mask;
}

static void dump_unit(const struct csched_unit *cu)
{
	const struct sched_unit *u = cu->unit;

	printk("[%u.%u] pri=%d flags=%x cpu=%u",
	       u->dom ? u->dom->domid : DOMID_IDLE_NR, u->vcpu_id, cu->pri,
	       cu->flags, u->cpu);
	if (cu->sdom)
		printk(" credit=%d [w=%u,cap=%u]", cu->credit,
		       cu->sdom->weight, cu->sdom->cap);
	printk("\n");
}

void csched_dump_settings(void)
{
	struct list_head *dp, *up;
	int n = 0;

	spin_lock(&csched.acct_lock);
	printk("info:\n"
	       "\tncpus              = %u\n"
	       "\tmaster             = %u\n"
	       "\tcredit             = %u\n"
	       "\tcredit balance     = %d\n"
	       "\tweight             = %u\n"
	       "\trunq_sort          = %lu\n"
	       "\tdefault-weight     = %d\n"
	       "\ttslice             = %lldms\n"
	       "\tratelimit          = %dus\n"
	       "\tcredits per msec   = %d\n"
	       "\tticks per tslice   = %d\n"
	       "\tmigration delay    = %dus\n",
	       csched.nr_cpus, csched.master,
	       csched.nr_cpus * CSCHED_CREDITS_PER_ACCT, 0,
	       csched.total_weight, csched.acct_runs, CSCHED_DEFAULT_WEIGHT,
	       (long long)(CSCHED_TSLICE / MILLISECS(1)), 0,
	       CSCHED_CREDITS_PER_MSEC, CSCHED_TICKS_PER_ACCT, 0);
	printk("idlers: %lx\n", idlers());
	printk("active units:\n");
	list_for_each(dp, &csched.doms) {
		list_for_each(up, &list_entry(dp, struct csched_dom,
					      elem)->units) {
			struct csched_unit *cu = list_entry(
				up, struct csched_unit, dom_elem);
			unsigned int cpu = csched_unit_lock(cu->unit);

			if (cu->active) {
				printk("\t%3d: ", ++n);
				dump_unit(cu);
			}
			spin_unlock(&csched.pcpu[cpu].lock);
		}
	}
	spin_unlock(&csched.acct_lock);
}

void csched_dump_cpu(unsigned int cpu)
{
	struct csched_pcpu *pc = &csched.pcpu[cpu];
	struct list_head *pos;
	int n = 0;

	spin_lock(&csched.acct_lock);
	spin_lock(&pc->lock);
	printk("CPU[%02u] nr_run=%u, sort=%lu, sibling={%u}, core={%u}\n",
	       cpu, pc->nr_runnable, csched.acct_runs, cpu, cpu);
	if (pc->curr != pc->idle) {
		printk("\trun: ");
		dump_unit(pc->curr);
	}
	list_for_each(pos, &pc->runq) {
		printk("\t%3d: ", ++n);
		dump_unit(list_entry(pos, struct csched_unit, runq_elem));
	}
	spin_unlock(&pc->lock);
	spin_unlock(&csched.acct_lock);
}
