/*
 * HYPERVISOR_event_channel_op: decode, copy in, act, copy out.
 *
 * Each sub-op names its argument struct and whether results go back;
 * the dispatcher copies the struct in once, hands the local copy to the
 * core (evtchn.c, evtchn_fifo.c) and copies it back only if the
 * operation succeeded, as Xen does (a failed EVTCHNOP_init_control
 * leaves link_bits untouched in guest memory).  Unknown sub-ops,
 * including the pre-3.0.2 compat interface, are -ENOSYS.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>

/* Not in include/public/event_channel.h yet: resume a preempted reset
 * (Xen 4.17, same argument as EVTCHNOP_reset). */
#ifndef EVTCHNOP_reset_cont
#define EVTCHNOP_reset_cont 14
#endif

union evtchn_args {
	struct evtchn_alloc_unbound alloc_unbound;
	struct evtchn_bind_interdomain bind_interdomain;
	struct evtchn_bind_virq bind_virq;
	struct evtchn_bind_pirq bind_pirq;
	struct evtchn_bind_ipi bind_ipi;
	struct evtchn_close close;
	struct evtchn_send send;
	struct evtchn_status status;
	struct evtchn_bind_vcpu bind_vcpu;
	struct evtchn_unmask unmask;
	struct evtchn_reset reset;
	struct evtchn_init_control init_control;
	struct evtchn_expand_array expand_array;
	struct evtchn_set_priority set_priority;
};

static int op_alloc_unbound(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_alloc_unbound(ed, &a->alloc_unbound);
}

static int op_bind_interdomain(struct evtchn_domain *ed,
			       union evtchn_args *a)
{
	return evtchn_bind_interdomain(ed, &a->bind_interdomain);
}

static int op_bind_virq(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_bind_virq(ed, &a->bind_virq);
}

static int op_bind_pirq(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_bind_pirq(ed, &a->bind_pirq);
}

static int op_bind_ipi(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_bind_ipi(ed, &a->bind_ipi);
}

static int op_close(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_close(ed, a->close.port);
}

static int op_send(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_send(ed, a->send.port);
}

static int op_status(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_status(ed, &a->status);
}

static int op_bind_vcpu(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_bind_vcpu(ed, a->bind_vcpu.port, a->bind_vcpu.vcpu);
}

static int op_unmask(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_unmask(ed, a->unmask.port);
}

static int op_reset(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_reset(ed, a->reset.dom);
}

static int op_reset_cont(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_reset_cont(ed, a->reset.dom);
}

static int op_init_control(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_init_control(ed, &a->init_control);
}

static int op_expand_array(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_expand_array(ed, &a->expand_array);
}

static int op_set_priority(struct evtchn_domain *ed, union evtchn_args *a)
{
	return evtchn_set_priority(ed, &a->set_priority);
}

struct evtchn_subop {
	int (*fn)(struct evtchn_domain *ed, union evtchn_args *a);
	size_t size;		/* of the argument struct */
	bool out;		/* copied back on success */
};

#define SUBOP(name, st, o) \
	[EVTCHNOP_##name] = { op_##name, sizeof(struct st), o }

static const struct evtchn_subop subops[] = {
	SUBOP(bind_interdomain, evtchn_bind_interdomain, true),
	SUBOP(bind_virq, evtchn_bind_virq, true),
	SUBOP(bind_pirq, evtchn_bind_pirq, true),
	SUBOP(close, evtchn_close, false),
	SUBOP(send, evtchn_send, false),
	SUBOP(status, evtchn_status, true),
	SUBOP(alloc_unbound, evtchn_alloc_unbound, true),
	SUBOP(bind_ipi, evtchn_bind_ipi, true),
	SUBOP(bind_vcpu, evtchn_bind_vcpu, false),
	SUBOP(unmask, evtchn_unmask, false),
	SUBOP(reset, evtchn_reset, false),
	SUBOP(init_control, evtchn_init_control, true),
	SUBOP(expand_array, evtchn_expand_array, false),
	SUBOP(set_priority, evtchn_set_priority, false),
	SUBOP(reset_cont, evtchn_reset, false),
};

long do_event_channel_op(unsigned long cmd, unsigned long arg,
			 unsigned long a3, unsigned long a4, unsigned long a5)
{
	struct evtchn_domain *ed = evtchn_of(current_domain());
	const struct evtchn_subop *op;
	union evtchn_args a;
	int rc;

	if (cmd >= ARRAY_SIZE(subops) || !subops[cmd].fn)
		return guest_err(-XEN_ENOSYS, "event_channel_op: cmd %lu",
				 cmd);
	if (!ed)
		return -XEN_ENOMEM;
	op = &subops[cmd];
	if (copy_from_guest(&a, arg, op->size))
		return -XEN_EFAULT;
	rc = op->fn(ed, &a);
	if (!rc && op->out && copy_to_guest(arg, &a, op->size))
		return -XEN_EFAULT;
	return rc;
}
