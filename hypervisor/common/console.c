/*
 * printk and panic.  A message is formatted into a per-call buffer, its
 * Xen-style level prefix ("<0>".."<3>", optionally "<G>" for messages
 * caused by guests) is stripped and compared with the threshold set by
 * loglvl= / guest_loglvl=, and kept lines are written to the console
 * device with Xen's "(XEN) " prefix at the start of each line, so logs of
 * Xenolith and Xen 4.17 can be parsed by the same test scripts.
 *
 * One lock serialises whole messages so lines from different CPUs do not
 * interleave.  panic() forces the lock: the CPU that panics may have
 * faulted while holding it.
 */
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>
#include <xenolith/console.h>
#include <xenolith/shutdown.h>

static DEFINE_SPINLOCK(console_lock);	/* whole messages, console_sol */
static int loglvl_upper = XENLOG_LEVEL_DEBUG;	/* print at or below */
static int guest_loglvl_upper = XENLOG_LEVEL_WARNING;
static bool console_sol = true;		/* next byte starts a line */
static bool console_panicking;		/* lock no longer honoured */

void console_set_loglvl(int upper)
{
	loglvl_upper = upper;
}

void console_set_guest_loglvl(int upper)
{
	guest_loglvl_upper = upper;
}

void console_init(void)
{
	arch_console_init();
}

static void console_emit(const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);

		if (console_sol)
			arch_console_write("(XEN) ", 6);
		arch_console_write(s, n);
		console_sol = nl != NULL;
		s += n;
	}
}

/* Strip the level prefixes; return the level (default INFO). */
static const char *parse_level(const char *s, int *level, bool *guest)
{
	*level = XENLOG_LEVEL_INFO;
	*guest = false;
	if (!strncmp(s, "<G>", 3)) {
		*guest = true;
		s += 3;
	}
	if (s[0] == '<' && s[1] >= '0' && s[1] <= '3' && s[2] == '>') {
		*level = s[1] - '0';
		s += 3;
	}
	return s;
}

void vprintk(const char *fmt, va_list args)
{
	char buf[512];
	const char *msg;
	unsigned long flags = 0;
	bool guest;
	int level;

	vsnprintf(buf, sizeof(buf), fmt, args);
	msg = parse_level(buf, &level, &guest);
	if (level > (guest ? guest_loglvl_upper : loglvl_upper))
		return;
	if (!console_panicking)
		spin_lock_irqsave(&console_lock, flags);
	console_emit(msg);
	if (!console_panicking)
		spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void console_force_unlock(void)
{
	console_panicking = true;
}

void console_poll_input(void)
{
	int c;

	while ((c = arch_console_getc()) >= 0)
		handle_keypress((unsigned char)c);
}

void panic(const char *fmt, ...)
{
	static volatile int panicking;
	char buf[256];
	va_list ap;

	arch_panic_stop_others();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		machine_halt_forever();	/* a second panic: just stop */
	console_force_unlock();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("****************************************\n");
	printk("Panic on CPU %u:\n", arch_cpu_id());
	printk("%s\n", buf);
	printk("****************************************\n");
	machine_exit(XENOLITH_EXIT_PANIC);
}

void __assert_failed(const char *cond, const char *file, int line)
{
	printk(XENLOG_ERR "Assertion '%s' failed at %s:%d\n", cond, file,
	       line);
	arch_dump_stack();
	panic("Assertion '%s' failed at %s:%d", cond, file, line);
}

void __bug(const char *file, int line)
{
	printk(XENLOG_ERR "Xenolith BUG at %s:%d\n", file, line);
	arch_dump_stack();
	panic("Xenolith BUG at %s:%d", file, line);
}
