/*
 * Stopping the machine.  Under QEMU the isa-debug-exit device at port
 * 0xf4 (added by scripts/qemu.sh) ends QEMU with exit code
 * (value << 1) | 1, which is how tests learn the outcome without waiting
 * on a timeout.  On hardware the write goes nowhere and we halt.
 */
#include <xenolith/lib.h>
#include <xenolith/shutdown.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/current.h>

#define DEBUG_EXIT_PORT 0xf4

void machine_halt_forever(void)
{
	local_irq_disable();
	for (;;)
		halt();
}

void machine_exit(int status)
{
	/* Error level: the last line must survive any loglvl= but none.
	 * Printed before the others stop: one of them might be stopped
	 * while holding the console lock. */
	printk(XENLOG_ERR "Xenolith: halting (status %d)\n", status);
	arch_panic_stop_others();
	outl((uint32_t)status, DEBUG_EXIT_PORT);
	machine_halt_forever();
}

unsigned int arch_cpu_id(void)
{
	return smp_processor_id();
}
