/*
 * Choosing the scheduler: "sched=" on the command line (opt_sched)
 * names one by its opt_name.  Every scheduler Xenolith has is in the
 * table below; the first entry is the default.  Xen 4.17 defaults to
 * credit2, which we do not have: Xenolith's default is credit.  An
 * unknown name gets Xen's complaint and the default, never a panic;
 * the choice is logged in Xen's words.
 */
#include <xenolith/lib.h>
#include <xenolith/sched_ops.h>

static const struct sched_ops *const schedulers[] = {
	&sched_credit_ops,	/* the default */
	&sched_rr_ops,
};

const struct sched_ops *sched_select(const char *name)
{
	const struct sched_ops *def = schedulers[0];

	const struct sched_ops *ops = NULL;

	for (size_t i = 0; name && *name && i < ARRAY_SIZE(schedulers); i++) {
		if (!strcmp(schedulers[i]->opt_name, name))
			ops = schedulers[i];
	}
	if (!ops && name && *name)
		printk(XENLOG_WARNING "Could not find scheduler: %s\n", name);
	if (!ops)
		ops = def;
	printk("Using scheduler: %s (%s)\n", ops->name, ops->opt_name);
	return ops;
}
