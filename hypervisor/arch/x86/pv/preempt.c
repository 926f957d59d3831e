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
 *   - the hypercall has run longer than PREEMPT_BUDGET_US;
 *   - an interrupt waits in the local APIC's IRR (looked at only every
 *     IRR_POLL_US: eight APIC reads are too dear per element).
 *
 * The clock is read (raw TSC) only every CLOCK_EVERY elements, so the
 * per-element cost is two loads and a counter.
 *
 * The first two are Xen's own test.  The last two stand in for the
 * interrupt Xen would have taken meanwhile: a timer due (a VIRQ_TIMER
 * set for 1 ms fires during a long batch, not after it), a remote
 * flush IPI waiting on this CPU.
 *
 * pv_hypercall_started() (pv/syscall.c, before the dispatch) restarts
 * the count; the first check of a hypercall stamps the start of its
 * budget, so hypercalls that never ask pay nothing but a store.
 * Callers outside a hypercall (pv/machine_end.c destroying domains) go
 * on counting from an old stamp and are simply told yes more often.
 */
#include <xenolith/lib.h>
#include <xenolith/softirq.h>
#include <xenolith/time.h>
#include <xenolith/vcpu.h>
#include <asm/apic.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define PREEMPT_BUDGET_US 1000
#define IRR_POLL_US	  50
#define CLOCK_EVERY	  8	/* elements between looks at the TSC */
#define APIC_IRR	  0x200 /* eight 32-bit registers, 0x10 apart */

/* Raw TSC ticks rather than NOW(): no scaling on the hot path. */
static DEFINE_PER_CPU(uint64_t, hc_start);   /* TSC at hypercall entry */
static DEFINE_PER_CPU(uint64_t, irr_polled); /* last look at the IRR */
static DEFINE_PER_CPU(unsigned int, calls);  /* checks since entry */

static uint64_t us_to_tsc(unsigned int us)
{
	return arch_tsc_khz() * us / 1000;
}

/* Every hypercall pays this: the clock is read at the first check. */
void pv_hypercall_started(void)
{
	this_cpu(calls) = 0;
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
	uint64_t now;

	if (softirq_pending(cpu) || event_deliverable(current_vcpu()))
		return true;
	if (!per_cpu(calls, cpu)++) {
		/* The first element of a long batch: its budget starts. */
		per_cpu(hc_start, cpu) = per_cpu(irr_polled, cpu) = rdtsc();
		return false;
	}
	if (per_cpu(calls, cpu) % CLOCK_EVERY)
		return false;
	now = rdtsc();
	if (now - per_cpu(hc_start, cpu) >= us_to_tsc(PREEMPT_BUDGET_US))
		return true;
	if (now - per_cpu(irr_polled, cpu) < us_to_tsc(IRR_POLL_US))
		return false;
	per_cpu(irr_polled, cpu) = now;
	return irr_pending();
}
