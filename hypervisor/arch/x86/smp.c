/*
 * Cross-CPU function calls and stopping the other CPUs.
 *
 * smp_call_function() publishes one request (function, argument, count
 * of CPUs yet to finish) under call_lock, IPIs every other online CPU and
 * optionally waits until each has run it.  Only one request is in flight
 * at a time; the caller must have interrupts enabled or be sure no other
 * CPU is calling it (else two CPUs could wait for each other).
 *
 * For panic, the others are stopped with an NMI, which gets through even
 * to a CPU spinning with interrupts off; the NMI handler halts them when
 * cpus_stopping is set (traps/traps.c).
 */
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>
#include <xenolith/shutdown.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/flush.h>

static DEFINE_SPINLOCK(call_lock); /* one request in flight */
static struct {
	void (*fn)(void *);
	void *arg;
	volatile unsigned int started; /* CPUs that have not read it */
	volatile unsigned int pending; /* CPUs that have not finished */
} call_data;

/*
 * One IPI per online CPU rather than the all-but-self shorthand: CPUs left
 * in wait-for-SIPI by maxcpus= must not be disturbed.
 */
static void send_ipi_others(uint32_t icr)
{
	unsigned int me = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_is_online[cpu])
			apic_send_ipi(cpu_to_apicid[cpu], icr);
}

void smp_call_function(void (*fn)(void *), void *arg, bool wait)
{
	unsigned int others = nr_cpus_online - 1;

	if (!others)
		return;
	spin_lock(&call_lock);
	call_data.fn = fn;
	call_data.arg = arg;
	call_data.started = others;
	__atomic_store_n(&call_data.pending, others, __ATOMIC_SEQ_CST);
	send_ipi_others(APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
	/* Even without wait, every CPU must have read the request before
	 * the next one may overwrite it. */
	while (__atomic_load_n(&call_data.started, __ATOMIC_SEQ_CST))
		cpu_relax_serving();
	while (wait && __atomic_load_n(&call_data.pending, __ATOMIC_SEQ_CST))
		cpu_relax_serving();
	spin_unlock(&call_lock);
}

void smp_call_function_interrupt(void)
{
	void (*fn)(void *) = call_data.fn;
	void *arg = call_data.arg;

	__atomic_fetch_sub(&call_data.started, 1, __ATOMIC_SEQ_CST);
	fn(arg);
	__atomic_fetch_sub(&call_data.pending, 1, __ATOMIC_SEQ_CST);
}

void arch_panic_stop_others(void)
{
	if (cpus_stopping || nr_cpus_online < 2)
		return;
	cpus_stopping = true;
	send_ipi_others(APIC_DM_NMI);
}
