/*
 * Ending a Xenolith run.  machine_exit(status) prints the stable line
 * "Xenolith: halting (status N)", stops the other CPUs and, under QEMU,
 * leaves through the isa-debug-exit device so QEMU's exit code is
 * (N << 1) | 1; on hardware it halts for good.
 */
#ifndef XENOLITH_SHUTDOWN_H
#define XENOLITH_SHUTDOWN_H

#define XENOLITH_EXIT_OK    0 /* clean, asked for */
#define XENOLITH_EXIT_PANIC 1 /* panic or fatal fault */
#define XENOLITH_EXIT_TEST  2 /* deliberate test fault handled */

void machine_exit(int status) __attribute__((noreturn));
void machine_halt_forever(void) __attribute__((noreturn));

/* Arch helpers the common panic path needs. */
void arch_panic_stop_others(void);
unsigned int arch_cpu_id(void);
void arch_dump_stack(void);

#endif
