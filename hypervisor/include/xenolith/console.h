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
void arch_console_set_baud(unsigned int baud);	/* from com1= */
void arch_console_write(const char *s, size_t n);
int arch_console_getc(void);		/* -1 when nothing is pending */

/* Common. */
void console_init(void);
void console_set_loglvl(int lower);
void console_set_guest_loglvl(int lower);
/* Panic path: take the console even if another CPU holds its lock. */
void console_force_unlock(void);
/* Poll the device for debug keys; called from the idle loop and a timer. */
void console_poll_input(void);

/* Debug keys (common/keyhandler.c). */
typedef void (*keyhandler_fn)(unsigned char key);
void register_keyhandler(unsigned char key, keyhandler_fn fn,
			 const char *desc);
void handle_keypress(unsigned char key);
void keyhandler_init(void);

#endif
