/*
 * Host stand-in for xenolith/spinlock.h.  Unit tests are single-threaded,
 * so a lock is a flag: taking a held lock is a deadlock in the hypervisor
 * and a fatal error here.  Held locks are remembered so that a test which
 * provoked a BUG inside a critical section can drop them
 * (host_spin_release_all(), called by HOST_EXPECT_FATAL).
 */
#ifndef XENOLITH_HOST_SPINLOCK_H
#define XENOLITH_HOST_SPINLOCK_H

#include <stdbool.h>

typedef struct {
	int held;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED                                                     \
	{                                                                      \
		0                                                              \
	}
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

void spin_lock_init(spinlock_t *l);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_is_locked(const spinlock_t *l);

#define spin_lock_irqsave(l, f)                                                \
	do {                                                                   \
		(f) = 0;                                                       \
		spin_lock(l);                                                  \
	} while (0)
#define spin_unlock_irqrestore(l, f)                                           \
	do {                                                                   \
		(void)(f);                                                     \
		spin_unlock(l);                                                \
	} while (0)

#endif
