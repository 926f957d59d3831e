/*
 * XEN_DOMCTL_scheduler_op, the scheduler-neutral half.
 *
 * As in Xen 4.17, the caller must name the scheduler the domain runs
 * under (sched_id) and one of the four commands; anything else is
 * -EINVAL before the scheduler sees it.  The scheduler's adjust hook
 * then does the rest (for credit: sched_credit_adjust()); a scheduler
 * without parameters accepts the call and changes nothing, as Xen's
 * sched_adjust_dom() does for a missing hook.  do_domctl copies the
 * domctl in before and out after (getinfo fills op->u).
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/sched_ops.h>
#include <public/errno.h>
#include <public/domctl.h>

long sched_adjust(const struct sched_ops *ops, struct sched_dom *sd,
		  struct xen_domctl_scheduler_op *op)
{
	if (op->sched_id != ops->sched_id)
		return -EINVAL;
	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_putinfo:
	case XEN_DOMCTL_SCHEDOP_getinfo:
	case XEN_DOMCTL_SCHEDOP_putvcpuinfo:
	case XEN_DOMCTL_SCHEDOP_getvcpuinfo:
		break;
	default:
		return -EINVAL;
	}
	return ops->adjust ? ops->adjust(sd, op) : 0;
}
