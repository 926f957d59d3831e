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
 *
 * Input: each byte read from the device is either a debug key or, when
 * input belongs to dom0, queued for CONSOLEIO_read.  Three Ctrl-A in a
 * row switch between the two, as in Xen; conswitch=<letter>[x] picks
 * another Ctrl-letter (QEMU's stdio mux already uses Ctrl-A) and with
 * 'x' leaves input with the hypervisor at the end of boot.
 */
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>
#include <xenolith/console.h>
#include <xenolith/shutdown.h>
#include <xenolith/cmdline.h>

static DEFINE_SPINLOCK(console_lock);	      /* whole messages, console_sol */
static int loglvl_upper = XENLOG_LEVEL_DEBUG; /* print at or below */
static int guest_loglvl_upper = XENLOG_LEVEL_WARNING;
static bool console_sol = true; /* next byte starts a line */
static bool console_panicking;	/* lock no longer honoured */

static char opt_conswitch[3] = "a"; /* Ctrl-<letter>, 'x': stay */
string_param("conswitch", opt_conswitch);
#define GUEST_RING_SIZE 256		  /* a power of two */
static bool input_to_dom0;		  /* else debug keys */
static bool have_dom0;			  /* set by console_endboot() */
static unsigned int switch_presses;	  /* consecutive Ctrl-A seen */
static char guest_ring[GUEST_RING_SIZE];  /* input for dom0 */
static unsigned int ring_prod, ring_cons; /* free-running indices */
static DEFINE_SPINLOCK(input_lock);	  /* guest_ring and its indices */

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

		if (console_sol) {
			arch_console_write("(XEN) ", 6);
			conring_put("(XEN) ", 6);
		}
		arch_console_write(s, n);
		conring_put(s, n);
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

void console_write_guest(const char *s, size_t n)
{
	unsigned long flags = 0;

	if (!n)
		return;
	if (!console_panicking)
		spin_lock_irqsave(&console_lock, flags);
	arch_console_write(s, n);
	console_sol = s[n - 1] == '\n';
	if (!console_panicking)
		spin_unlock_irqrestore(&console_lock, flags);
}

static char switch_letter(void)
{
	char c = opt_conswitch[0];

	return c >= 'a' && c <= 'z' ? c : 'a';
}

static void switch_input(void)
{
	input_to_dom0 = !input_to_dom0;
	printk("*** Serial input to %s (type 'CTRL-%c' three times to switch "
	       "input)\n",
	       input_to_dom0 ? "DOM0" : "Xen", switch_letter());
}

__attribute__((weak)) void console_guest_input_notify(void)
{
}

static void queue_for_dom0(char c)
{
	unsigned long flags;

	spin_lock_irqsave(&input_lock, flags);
	if (ring_prod - ring_cons < GUEST_RING_SIZE)
		guest_ring[ring_prod++ % GUEST_RING_SIZE] = c;
	spin_unlock_irqrestore(&input_lock, flags);
	console_guest_input_notify();
}

/* Copy up to max queued input bytes to buf without consuming them, so
 * CONSOLEIO_read can leave them queued when the guest's buffer faults. */
size_t console_peek_guest_input(char *buf, size_t max)
{
	unsigned long flags;
	size_t n = 0;

	spin_lock_irqsave(&input_lock, flags);
	while (n < max && ring_prod - ring_cons > n) {	/* wraps fine */
		buf[n] = guest_ring[(ring_cons + n) % GUEST_RING_SIZE];
		n++;
	}
	spin_unlock_irqrestore(&input_lock, flags);
	return n;
}

/* Consume n bytes that console_peek_guest_input() returned. */
void console_drop_guest_input(size_t n)
{
	unsigned long flags;

	spin_lock_irqsave(&input_lock, flags);
	ring_cons += MIN(n, (size_t)(ring_prod - ring_cons));
	spin_unlock_irqrestore(&input_lock, flags);
}

static void console_input(unsigned char c)
{
	if (c == switch_letter() - 'a' + 1 && have_dom0) {
		if (++switch_presses == 3) {
			switch_presses = 0;
			switch_input();
		}
		return;
	}
	switch_presses = 0;
	if (input_to_dom0)
		queue_for_dom0((char)c);
	else
		handle_keypress(c);
}

void console_poll_input(void)
{
	int c;

	while ((c = arch_console_getc()) >= 0)
		console_input((unsigned char)c);
}

/* End of boot: with a dom0, serial input is dom0's from now on. */
void console_endboot(bool dom0)
{
	have_dom0 = dom0;
	if (dom0 && !input_to_dom0 && opt_conswitch[1] != 'x')
		switch_input();
}

void panic(const char *fmt, ...)
{
	static volatile int panicking;
	char buf[256];
	va_list ap;

	arch_panic_stop_others();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		machine_halt_forever(); /* a second panic: just stop */
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
	printk(XENLOG_ERR "Assertion '%s' failed at %s:%d\n", cond, file, line);
	arch_dump_stack();
	panic("Assertion '%s' failed at %s:%d", cond, file, line);
}

void __bug(const char *file, int line)
{
	printk(XENLOG_ERR "Xenolith BUG at %s:%d\n", file, line);
	arch_dump_stack();
	panic("Xenolith BUG at %s:%d", file, line);
}
