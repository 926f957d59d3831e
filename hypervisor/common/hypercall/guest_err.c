/*
 * The price of a guest's mistake: an errno and, at most, a log line.
 *
 * A guest can make mistakes at any rate it likes, so the log lines are
 * rate limited (a burst of GUEST_ERR_BURST, then one per
 * GUEST_ERR_PERIOD) and go out at guest log level, where guest_loglvl=
 * filters them.  The errno is returned unchanged so call sites read
 * `return guest_err(-XEN_EINVAL, "...")`.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/time.h>

#define GUEST_ERR_BURST 20
#define GUEST_ERR_PERIOD MILLISECS(100)

static s_time_t next_refill;	/* when the bucket gains a token */
static unsigned int tokens = GUEST_ERR_BURST;	/* lines we may print */
static unsigned long suppressed;	/* lines dropped since last print */

static bool guest_err_ratelimit(void)
{
	s_time_t now = NOW();

	if (now >= next_refill) {
		if (tokens < GUEST_ERR_BURST)
			tokens++;
		next_refill = now + GUEST_ERR_PERIOD;
	}
	if (!tokens) {
		suppressed++;
		return false;
	}
	tokens--;
	return true;
}

long guest_err(long rc, const char *fmt, ...)
{
	const struct domain *d = current_domain();
	char msg[160];
	va_list ap;

	if (!guest_err_ratelimit())
		return rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(XENLOG_G_WARNING "d%d: %s: rc %ld%s\n", d ? d->domain_id : -1,
	       msg, rc, suppressed ? " (earlier messages suppressed)" : "");
	suppressed = 0;
	return rc;
}
