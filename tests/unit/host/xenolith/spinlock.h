/*
 * Host stand-in for xenolith/spinlock.h, with the same API (spinlocks,
 * rwlocks, Xen's spin_lock_irqsave(l, flags) convention).  Unit tests are
 * single-threaded, so a lock is a flag: taking a held spinlock is a
 * deadlock in the hypervisor and a fatal error here, and so is releasing
 * a free one.  Held spinlocks are remembered so that a test which provoked
 * a BUG inside a critical section can drop them (host_spin_release_all(),
 * called by HOST_EXPECT_FATAL).
 */
#ifndef XENOLITH_HOST_SPINLOCK_H
#define XENOLITH_HOST_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	int held;
} spinlock_t;

typedef struct {
	uint32_t cnt; /* readers, plus the top bit for a writer */
} rwlock_t;

#define SPIN_LOCK_UNLOCKED                                                     \
	{                                                                      \
		0                                                              \
	}
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED
#define RW_LOCK_UNLOCKED                                                       \
	{                                                                      \
		0                                                              \
	}
#define DEFINE_RWLOCK(l) rwlock_t l = RW_LOCK_UNLOCKED

void spin_lock_init(spinlock_t *l);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
bool spin_is_locked(const spinlock_t *l);
bool spin_is_locked_by_me(const spinlock_t *l);
unsigned long spin_lock_irqsave_(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
#define spin_lock_irqsave(l, f) ((f) = spin_lock_irqsave_(l))

void rwlock_init(rwlock_t *l);
void read_lock(rwlock_t *l);
void read_unlock(rwlock_t *l);
void write_lock(rwlock_t *l);
void write_unlock(rwlock_t *l);
bool rw_is_write_locked(const rwlock_t *l);

#endif
