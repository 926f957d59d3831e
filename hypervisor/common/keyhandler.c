/*
 * Debug keys: single characters typed on the serial console that make
 * the hypervisor print its state, as Xen's.  The console is polled (idle
 * loop and a periodic timer on CPU 0, see arch/x86/idle.c), each byte is
 * looked up here and its handler runs on CPU 0 in softirq context.
 *
 * Subsystems add keys with register_keyhandler(); the table is indexed by
 * the character itself.
 */
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <xenolith/mm.h>
#include <xenolith/time.h>
#include <xenolith/shutdown.h>
#include <xenolith/event.h>

struct keyhandler {
	keyhandler_fn fn;
	const char *desc;
};

static struct keyhandler keys[128]; /* by character; set at boot */

void register_keyhandler(unsigned char key, keyhandler_fn fn, const char *desc)
{
	ASSERT(key < ARRAY_SIZE(keys));
	keys[key].fn = fn;
	keys[key].desc = desc;
}

void handle_keypress(unsigned char key)
{
	if (key < ARRAY_SIZE(keys) && keys[key].fn) {
		keys[key].fn(key);
		return;
	}
	printk("'%c' pressed -> no handler ('h' for help)\n",
	       key >= 32 && key < 127 ? key : '?');
}

static void show_help(unsigned char key)
{
	printk("'%c' pressed -> showing installed handlers\n", key);
	for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].fn)
			printk(" key '%c' (ascii '%02x') => %s\n", i, i,
			       keys[i].desc);
}

static void dump_memory(unsigned char key)
{
	printk("'%c' pressed -> dumping memory info\n", key);
	mm_print_stats();
}

/* Domains: for now only the guests' part, VIRQ_DEBUG to each vCPU (as
 * Xen ends its dump), so they can dump their own state. */
static void dump_domains(unsigned char key)
{
	printk("'%c' pressed -> dumping domain info (now = %lld)\n", key,
	       (long long)NOW());
	printk("Domains: %u with event channels\n", evtchn_debug_key());
}

static void dump_timers(unsigned char key)
{
	printk("'%c' pressed -> dumping timer queues\n", key);
	timer_dump();
}

static void reboot_key(unsigned char key)
{
	printk("'%c' pressed -> halting the machine\n", key);
	machine_exit(XENOLITH_EXIT_OK);
}

void keyhandler_init(void)
{
	register_keyhandler('h', show_help, "show this message");
	register_keyhandler('m', dump_memory, "memory info");
	register_keyhandler('q', dump_domains,
			    "dump domain (and guest debug) info");
	register_keyhandler('a', dump_timers, "dump timer queues");
	register_keyhandler('R', reboot_key, "halt the machine (exit QEMU)");
}
