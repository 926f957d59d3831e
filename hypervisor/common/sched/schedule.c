/*
 * The generic scheduling layer: what every scheduler behind struct
 * sched_ops relies on the hypervisor for.
 *
 * For now that is one service, sched_raise(): a scheduler that just
 * queued a unit, or changed priorities, asks a CPU to reconsider what
 * it runs.  The CPU notices SCHEDULE_SOFTIRQ on its way back to the
 * guest or out of HLT (an IPI kicks a remote one).  The rest of this
 * layer - the unit of each vCPU, vcpu_wake/vcpu_sleep, the decision
 * point in the exit path, per-CPU slice and tick timers - arrives with
 * the integration described in docs/chapters/05c-scheduler.md.
 */
#include <xenolith/sched_ops.h>
#include <xenolith/softirq.h>

void sched_raise(unsigned int cpu)
{
	if (cpu == arch_this_cpu())
		raise_softirq(SCHEDULE_SOFTIRQ);
	else
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}
