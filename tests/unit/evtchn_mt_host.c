/*
 * Thread-safe stand-ins for the host shim's locks and log, for the one
 * event-channel test that runs guests on real threads (test_evtchn_mt.c).
 * tests/unit/host/lib.c assumes one thread; this replaces it there: a
 * spinlock is a test-and-set loop, printk goes to stderr, a fatal error
 * aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>

char host_log[1];

void spin_lock_init(spinlock_t *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

void spin_unlock(spinlock_t *l)
{
	if (!__atomic_load_n(&l->held, __ATOMIC_RELAXED))
		host_fatal("spin_unlock: lock not held", __FILE__, __LINE__);
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->held, __ATOMIC_RELAXED);
}

bool spin_is_locked_by_me(const spinlock_t *l)
{
	return spin_is_locked(l);
}

bool spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE);
}

unsigned long spin_lock_irqsave_(spinlock_t *l)
{
	spin_lock(l);
	return 0;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	(void)flags;
	spin_unlock(l);
}

void vprintk(const char *fmt, va_list args)
{
	vfprintf(stderr, fmt, args);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void host_fatal(const char *what, const char *file, int line)
{
	fprintf(stderr, "FATAL %s at %s:%d\n", what, file, line);
	abort();
}

void __assert_failed(const char *cond, const char *file, int line)
{
	host_fatal(cond, file, line);
}
