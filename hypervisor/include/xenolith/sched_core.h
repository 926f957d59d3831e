/*
 * The generic scheduling layer's bookkeeping (common/sched/core.c): the
 * scheduler chosen by "sched=", every domain's struct sched_dom and
 * every vCPU's struct sched_unit registered with it, debug key 'r'.
 */
#ifndef XENOLITH_SCHED_CORE_H
#define XENOLITH_SCHED_CORE_H

#include <xenolith/sched_ops.h>

struct domain;

/* Once, when every CPU is up and before any guest domain exists. */
void sched_core_init(unsigned int nr_cpus);
/* d and its vCPUs join the scheduler; -XEN_ENOMEM when it is full. */
int sched_domain_init(struct domain *d);
/* d and its vCPUs leave it; fine on a partly or never joined d. */
void sched_domain_destroy(struct domain *d);
/*
 * Credit weight and cap of d as XEN_DOMCTL_scheduler_op putinfo sets
 * them (weight 0 or cap ~0U: unchanged); -XEN_EINVAL out of range or
 * under another scheduler.
 */
long sched_set_credit(struct domain *d, unsigned int weight,
		      unsigned int cap);
/* Every vCPU of d may only run on the CPUs in mask (as
 * XEN_DOMCTL_setvcpuaffinity's hard mask); -XEN_EINVAL if none exists. */
long sched_set_hard_affinity(struct domain *d, unsigned long cpus);
/* Read them back as getinfo does; -XEN_EINVAL under another scheduler. */
long sched_get_credit(struct domain *d, unsigned int *weight,
		      unsigned int *cap);
/* The domctl entry points (common/domain/domctl.c): scheduler_op for d,
 * the online CPUs as a mask, and v's hard and soft affinity. */
struct xen_domctl_scheduler_op;
struct vcpu;
long sched_domctl_adjust(struct domain *d, struct xen_domctl_scheduler_op *op);
unsigned long sched_online_mask(void);
long sched_set_affinity(struct vcpu *v, unsigned long hard,
			unsigned long soft);
/* xenolith_sched_report: print where d's vCPUs ran (d shuts down). */
void sched_domain_report(struct domain *d);
/* The scheduler in use; NULL before sched_core_init(). */
const struct sched_ops *sched_current_ops(void);

#endif
