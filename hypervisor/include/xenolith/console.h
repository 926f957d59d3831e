/*
 * The hypervisor console: where printk's bytes go and where debug keys
 * come from.  common/console.c formats and filters; the arch provides the
 * device (a 16550 on x86).
 */
#ifndef XENOLITH_CONSOLE_H
#define XENOLITH_CONSOLE_H

#include <xenolith/types.h>

/* Arch: the console device. */
void arch_console_init(void);
void arch_console_set_baud(unsigned int baud); /* from com1= */
void arch_console_write(const char *s, size_t n);
int arch_console_getc(void); /* -1 when nothing is pending */
void arch_console_input_start(void); /* poll for input from now on */

/* Common. */
void console_init(void);
void console_set_loglvl(int lower);
void console_set_guest_loglvl(int lower);
/* Panic path: take the console even if another CPU holds its lock. */
void console_force_unlock(void);
/* Poll the device for debug keys; called from the idle loop and a timer. */
void console_poll_input(void);

/*
 * Guest console traffic (CONSOLEIO_write/read).  console_write_guest()
 * prints bytes as they are, under the console lock so they never split a
 * hypervisor line, and keeps track of line starts for the "(XEN) "
 * prefix.  Serial input goes to the hypervisor's debug keys or, once
 * console_endboot(true) has run, to dom0 (Ctrl-A three times switches,
 * as in Xen); dom0's bytes wait in a small ring until
 * console_read_guest_input() takes them, and console_guest_input_notify()
 * (weak no-op here; the event-channel code raises VIRQ_CONSOLE) tells
 * dom0 that some arrived.
 */
void console_write_guest(const char *s, size_t n);
size_t console_peek_guest_input(char *buf, size_t max);
void console_drop_guest_input(size_t n);
void console_guest_input_notify(void);
void console_endboot(bool have_dom0);

/*
 * The console ring (common/conring.c) for XEN_SYSCTL_readconsole: what
 * the hypervisor printed, last 16 KiB.  conring_read() copies from
 * *index (moved up to the oldest byte still held if it fell behind) and
 * advances it; conring_oldest() is where a non-incremental read starts;
 * conring_clear_to(index) forgets what came before index (Xen's clear
 * flag: what the read returned), conring_clear() everything printed so
 * far.  conring_written() is called after every write (weak no-op; the
 * event code raises VIRQ_CON_RING).
 */
void conring_put(const char *s, size_t n);
size_t conring_read(uint32_t *index, char *buf, size_t max);
uint32_t conring_oldest(void);
void conring_clear_to(uint32_t index);
void conring_clear(void);
void conring_written(void);

/* Debug keys (common/keyhandler.c). */
typedef void (*keyhandler_fn)(unsigned char key);
void register_keyhandler(unsigned char key, keyhandler_fn fn, const char *desc);
void handle_keypress(unsigned char key);
void keyhandler_init(void);

#endif
