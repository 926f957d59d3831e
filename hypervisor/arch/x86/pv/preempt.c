/*
 * When a long hypercall should stop and continue later.
 *
 * Hypercalls run with interrupts off, so nothing that happens meanwhile
 * - the local APIC timer expiring, an IPI, a device interrupt - gets a
 * chance to raise a softirq or send the vCPU an event until the
 * hypercall returns.  The batches (mmu_update, mmuext_op, memory_op
 * reservations, grant ops, relinquishing a domain) therefore ask
 * hypercall_preempt_check() between elements, and it says yes when:
 *
 *   - a softirq is pending on this CPU (raised by our own code);
 *   - the vCPU has an event it would take now (pending, not masked:
 *     Xen's local_events_need_delivery());
 *   - the hypercall has run longer than PREEMPT_BUDGET_NS;
 *   - an interrupt waits in the local APIC's IRR (looked at only every
 *     IRR_POLL_NS: eight APIC reads are too dear per element).
 *
 * The first two are Xen's own test.  The last two stand in for the
 * interrupt Xen would have taken meanwhile: a timer due (a VIRQ_TIMER
 * set for 1 ms fires during a long batch, not after it), a remote
 * flush IPI waiting on this CPU.  Everything but the IRR poll is a
 * read of this CPU's state and the TSC, cheap enough per element.
 *
 * pv_hypercall_started() stamps the start (pv/syscall.c, before the
 * dispatch); callers outside a hypercall (pv/machine_end.c destroying
 * domains) see an old stamp and are simply told yes more often.
 */
#include <xenolith/lib.h>
#include <xenolith/softirq.h>
#include <xenolith/time.h>
#include <xenolith/vcpu.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/smp.h>

#define PREEMPT_BUDGET_NS MICROSECS(1000)
#define IRR_POLL_NS	  MICROSECS(50)
#define APIC_IRR	  0x200 /* eight 32-bit registers, 0x10 apart */

static DEFINE_PER_CPU(s_time_t, hc_start);   /* NOW() at hypercall entry */
static DEFINE_PER_CPU(s_time_t, irr_polled); /* last look at the IRR */

void pv_hypercall_started(void)
{
	s_time_t now = NOW();

	this_cpu(hc_start) = now;
	this_cpu(irr_polled) = now;
}

static bool irr_pending(void)
{
	for (unsigned int r = 0; r < 8; r++)
		if (apic_read(APIC_IRR + r * 0x10))
			return true;
	return false;
}

static bool event_deliverable(const struct vcpu *v)
{
	const struct vcpu_info *vi = v ? v->vcpu_info : NULL;

	return vi && vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask;
}

bool hypercall_preempt_check(void)
{
	unsigned int cpu = smp_processor_id();
	s_time_t now;

	if (softirq_pending(cpu) || event_deliverable(current_vcpu()))
		return true;
	now = NOW();
	if (now - per_cpu(hc_start, cpu) >= PREEMPT_BUDGET_NS)
		return true;
	if (now - per_cpu(irr_polled, cpu) < IRR_POLL_NS)
		return false;
	per_cpu(irr_polled, cpu) = now;
	return irr_pending();
}
