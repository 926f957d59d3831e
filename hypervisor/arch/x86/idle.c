/*
 * What a CPU does when it has nothing to do: switch to a vCPU when the
 * scheduler says so (SCHEDULE_SOFTIRQ, common/sched/schedule.c), run
 * pending softirqs, else halt until the next interrupt.  This loop is
 * the CPU's idle context: it runs on the CPU's own stack, and a vCPU
 * switched out with nothing else to run switches back into it.  Interrupts are disabled while checking
 * for softirqs and re-enabled by "sti; hlt" as one step, so an interrupt
 * that raises a softirq between the check and the halt still wakes us.
 *
 * CPU 0 also polls the serial console for input (debug keys, or dom0's
 * console input) from a periodic timer, armed before dom0 starts since
 * CPU 0 then runs dom0 and may never come here.  The console's receive
 * interrupt is not wired up: the IO-APIC is masked until dom0 owns it.
 * Under QEMU no byte is lost between polls (the UART only accepts a
 * byte when its FIFO has room); 20 ms is quick enough for typing.
 */
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <xenolith/sched.h>
#include <xenolith/vcpu.h>
#include <xenolith/setup.h>
#include <xenolith/softirq.h>
#include <xenolith/time.h>
#include <asm/processor.h>
#include <asm/current.h>
#include <asm/flush.h>

#define CONSOLE_POLL_MS 20

static struct timer console_poll_timer; /* CPU 0 only */
static s_time_t halted_ns[NR_CPUS];	/* in HLT since idle_since */
static s_time_t halt_start[NR_CPUS];	/* the HLT in progress, or 0 */
static unsigned long wakeups[NR_CPUS];	/* HLTs ended since then */
static s_time_t idle_since;		/* start of the counting */

/* Halt until the next interrupt, counting the time spent halted. */
static void idle_halt(unsigned int cpu)
{
	s_time_t t = NOW();

	halt_start[cpu] = t;
	safe_halt();
	halt_start[cpu] = 0;
	if (t < idle_since)
		t = idle_since;
	halted_ns[cpu] += NOW() - t;
	wakeups[cpu]++;
}

void arch_idle_stats_reset(void)
{
	idle_since = NOW();
	for (unsigned int c = 0; c < NR_CPUS; c++) {
		halted_ns[c] = 0;
		wakeups[c] = 0;
	}
}

/* Per CPU: how much of the time since the reset it spent halted. */
void arch_idle_stats_print(unsigned int nr_cpus)
{
	s_time_t now = NOW(), span = now - idle_since;

	for (unsigned int c = 0; c < nr_cpus; c++) {
		s_time_t h = halted_ns[c], t = halt_start[c];

		if (t)		/* still halted: count the halt so far */
			h += now - (t < idle_since ? idle_since : t);
		printk("CPU%u: halted %lld of %lld ms, %lu wake-ups\n", c,
		       (long long)(h / MILLISECS(1)),
		       (long long)(span / MILLISECS(1)), wakeups[c]);
	}
}

static void console_poll(void *unused)
{
	console_poll_input();
	set_timer(&console_poll_timer, NOW() + MILLISECS(CONSOLE_POLL_MS));
}

/* On CPU 0, once: the console is polled from now on. */
void arch_console_input_start(void)
{
	if (smp_processor_id() != 0 || console_poll_timer.fn)
		return;
	init_timer(&console_poll_timer, console_poll, NULL, 0);
	set_timer(&console_poll_timer, NOW());
}

void arch_idle_loop(void)
{
	unsigned int cpu = smp_processor_id();

	set_current_vcpu(NULL);
	flush_enter_idle();
	arch_console_input_start();
	for (;;) {
		local_irq_disable();
		if (sched_pending(cpu)) {
			schedule();	/* back here when it idles again */
			continue;
		}
		if (softirq_pending(cpu)) {
			local_irq_enable();
			do_softirq();
			continue;
		}
		idle_halt(cpu);
	}
}
