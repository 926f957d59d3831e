/*
 * Debug key 'r': the run queues, in Xen 4.17's layout.
 *
 * Xen prints a header of its own (time, online CPUs, the one cpupool
 * and its granularity, the scheduler's name), then the scheduler's
 * settings and one block per CPU.  Xenolith has no cpupools and no
 * core scheduling, so pool 0 holds every CPU and the granularity is
 * always one CPU; the lines stay Xen's so logs of both compare.
 */
#include <xenolith/lib.h>
#include <xenolith/sched_ops.h>

/* "0-3" for CPUs 0..n-1, as Xen's %*pbl prints a full range. */
static void print_cpus(const char *what, unsigned int nr_cpus)
{
	if (nr_cpus == 1)
		printk("%s: 0\n", what);
	else
		printk("%s: 0-%u\n", what, nr_cpus - 1);
}

void sched_dump_runq(const struct sched_ops *ops, unsigned int nr_cpus,
		     s_time_t now)
{
	printk("sched_smt_power_savings: disabled\n");
	printk("NOW=%lld\n", (long long)now);
	print_cpus("Online Cpus", nr_cpus);
	printk("Cpupool 0:\n");
	print_cpus("Cpus", nr_cpus);
	printk("Scheduling granularity: cpu, 1 CPU per sched-resource\n");
	printk("Scheduler: %s (%s)\n", ops->name, ops->opt_name);
	ops->dump_settings();
	printk("CPUs info:\n");
	for (unsigned int c = 0; c < nr_cpus; c++)
		ops->dump_cpu(c);
}
