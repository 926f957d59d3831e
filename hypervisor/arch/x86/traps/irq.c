/*
 * Interrupt dispatch: the local APIC's timer, the IPIs between CPUs and
 * its error/spurious vectors, and the IO-APIC lines dom0 bound as pirqs
 * (traps/pirq.c).  Each
 * handler does the minimum and leaves real work to softirqs, which run
 * when the CPU is back in its idle loop.
 */
#include <xenolith/lib.h>
#include <xenolith/softirq.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/pirq.h>
#include <asm/flush.h>

/* Hook (PV core, pv/traps.c): softirqs and event delivery before an
 * interrupted PV guest resumes.  Nothing to do without guests. */
void pv_irq_exit(struct cpu_user_regs *regs);
__attribute__((weak)) void pv_irq_exit(struct cpu_user_regs *regs)
{
}

void do_irq(struct cpu_user_regs *regs)
{
	unsigned int v = regs->entry_vector;

	switch (v) {
	case LOCAL_TIMER_VECTOR:
		raise_softirq(TIMER_SOFTIRQ);
		break;
	case EVENT_CHECK_VECTOR:
		break; /* waking the CPU was the point */
	case FLUSH_TLB_VECTOR:
		flush_service();
		break;
	case CALL_FUNCTION_VECTOR:
		smp_call_function_interrupt();
		break;
	case SPURIOUS_VECTOR:
		return; /* no EOI for spurious interrupts */
	case ERROR_APIC_VECTOR:
		apic_write(APIC_ESR, 0);
		printk(XENLOG_WARNING "CPU%u: APIC error %x\n",
		       smp_processor_id(), apic_read(APIC_ESR));
		break;
	default:
		if (v >= PIRQ_VECTOR_BASE &&
		    v < PIRQ_VECTOR_BASE + PIRQ_NR_VECTORS) {
			pirq_interrupt(v - PIRQ_VECTOR_BASE);
			break;
		}
		if (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + 16)
			return; /* spurious from the masked PIC: no EOI */
		printk(XENLOG_WARNING "CPU%u: unexpected vector 0x%x\n",
		       smp_processor_id(), v);
	}
	apic_eoi();
	if (regs->cs & 3)
		pv_irq_exit(regs);
}

void arch_send_event_check(unsigned int cpu)
{
	apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED | EVENT_CHECK_VECTOR);
}

unsigned int arch_this_cpu(void)
{
	return smp_processor_id();
}
