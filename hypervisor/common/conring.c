/*
 * The console ring: the last CONRING_SIZE bytes the hypervisor printed,
 * kept in memory so dom0 can read them later (XEN_SYSCTL_readconsole,
 * "xl dmesg").  Positions are byte counts since boot in 32 bits, as
 * Xen's indices are, wrapping harmlessly: only differences are used.
 * A reader that fell behind by more than the ring holds resumes at the
 * oldest byte still there.
 *
 * Every write calls conring_written(), which the event code answers by
 * sending dom0 VIRQ_CON_RING from a softirq (evtchn_glue.c): printk may
 * run under any lock, the event locks included.
 *
 * Locking: conring_lock protects the ring and both positions; the console
 * calls conring_put() with its own lock held (console lock first).
 */
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <xenolith/spinlock.h>

#define CONRING_SIZE 16384 /* a power of two */

static char conring[CONRING_SIZE];    /* the bytes */
static uint32_t conring_prod;	      /* bytes ever written */
static uint32_t conring_cons;	      /* oldest byte still wanted */
static DEFINE_SPINLOCK(conring_lock); /* all of the above */

void conring_put(const char *s, size_t n)
{
	unsigned long flags;

	spin_lock_irqsave(&conring_lock, flags);
	while (n--)
		conring[conring_prod++ & (CONRING_SIZE - 1)] = *s++;
	if (conring_prod - conring_cons > CONRING_SIZE)
		conring_cons = conring_prod - CONRING_SIZE;
	spin_unlock_irqrestore(&conring_lock, flags);
	conring_written();
}

/* The event code's hook (VIRQ_CON_RING); a no-op without it (host tests). */
__attribute__((weak)) void conring_written(void)
{
}

size_t conring_read(uint32_t *index, char *buf, size_t max)
{
	unsigned long flags;
	uint32_t at;
	size_t n = 0;

	spin_lock_irqsave(&conring_lock, flags);
	at = *index;
	if (conring_prod - at > conring_prod - conring_cons)
		at = conring_cons; /* fell behind, or a bogus index */
	while (n < max && at != conring_prod)
		buf[n++] = conring[at++ & (CONRING_SIZE - 1)];
	*index = at;
	spin_unlock_irqrestore(&conring_lock, flags);
	return n;
}

uint32_t conring_oldest(void)
{
	return conring_cons;
}

/* Forget what came before index, as Xen's clear after a read: only what
 * that read returned goes.  An index the ring already overran (or a
 * bogus one) changes nothing. */
void conring_clear_to(uint32_t index)
{
	unsigned long flags;

	spin_lock_irqsave(&conring_lock, flags);
	if (conring_prod - index <= conring_prod - conring_cons)
		conring_cons = index;
	spin_unlock_irqrestore(&conring_lock, flags);
}

void conring_clear(void)
{
	conring_clear_to(__atomic_load_n(&conring_prod, __ATOMIC_RELAXED));
}
