/*
 * Console output and the test outcome.
 *
 * All output goes through console_io(CONSOLEIO_write): as dom0 the text
 * appears on the hypervisor's serial console, which is what the runner
 * reads.  The outcome is a ratchet (SUCCESS < SKIP < ERROR < FAILURE);
 * test_finish() prints it in the one line the runner matches and then
 * asks for SCHEDOP_shutdown(poweroff) so the machine stops.
 */
#include "guest.h"
#include <public/sched.h>

static enum test_status status;		/* only ever raised */
static bool reported;			/* result line already printed */

static const char *const status_name[] = {
	[ST_SUCCESS] = "SUCCESS",
	[ST_SKIP] = "SKIP",
	[ST_ERROR] = "ERROR",
	[ST_FAILURE] = "FAILURE",
};

int printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hc_console_write(buf, strlen(buf));
	return n;
}

static void raise_status(enum test_status s, const char *fmt, va_list ap)
{
	char buf[400];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printk("%s: %s\n", status_name[s], buf);
	if (s > status)
		status = s;
}

void test_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	raise_status(ST_FAILURE, fmt, ap);
	va_end(ap);
}

void test_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	raise_status(ST_ERROR, fmt, ap);
	va_end(ap);
}

void test_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	raise_status(ST_SKIP, fmt, ap);
	va_end(ap);
}

enum test_status test_status(void)
{
	return status;
}

void test_report(void)
{
	if (reported)
		return;
	reported = true;
	printk("Test result: %s\n", status_name[status]);
}

void test_finish(void)
{
	test_report();
	hc_shutdown(SHUTDOWN_poweroff);
	/* Still here: the hypervisor ignored the shutdown.  Spin quietly. */
	for (;;)
		hc_sched_op(SCHEDOP_yield, NULL);
}

void test_abort(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	raise_status(ST_ERROR, fmt, ap);
	va_end(ap);
	test_finish();
}
