/*
 * What a CPU does when it has nothing to do: run pending softirqs, else
 * halt until the next interrupt.  Interrupts are disabled while checking
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
#include <xenolith/setup.h>
#include <xenolith/softirq.h>
#include <xenolith/time.h>
#include <asm/processor.h>
#include <asm/current.h>

#define CONSOLE_POLL_MS 20

static struct timer console_poll_timer; /* CPU 0 only */

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

	arch_console_input_start();
	for (;;) {
		local_irq_disable();
		if (softirq_pending(cpu)) {
			local_irq_enable();
			do_softirq();
			continue;
		}
		safe_halt();
	}
}
