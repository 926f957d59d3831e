/*
 * Spinlocks and reader-writer locks.
 *
 * Spinlocks are ticket locks: a CPU takes the next ticket and waits until
 * the "now serving" counter reaches it, so waiters are served in order and
 * none starves.  Debug checks catch the two classic mistakes at once
 * instead of as a silent hang: taking a lock this CPU already holds
 * (recursion) and releasing a lock held by another CPU.
 *
 * Reader-writer locks are one 32-bit word: the low 31 bits count readers,
 * the top bit marks a writer.  Writers set the bit and then wait for the
 * readers to drain; new readers back off while the bit is set.
 *
 * Under XENOLITH_HOST_TEST (host unit tests, single-threaded) the locks
 * reduce to counters so common/ code can be tested unchanged.
 */
#ifndef XENOLITH_SPINLOCK_H
#define XENOLITH_SPINLOCK_H

#include <xenolith/types.h>

typedef struct {
	volatile uint16_t head;	 /* now serving */
	volatile uint16_t tail;	 /* next ticket */
	volatile uint16_t owner; /* CPU holding it + 1; 0 when free */
	uint16_t pad;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED                                                     \
	{                                                                      \
		0, 0, 0, 0                                                     \
	} /* all-zero: free */
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

typedef struct {
	volatile uint32_t cnt;
} rwlock_t;

#define RW_LOCK_UNLOCKED                                                       \
	{                                                                      \
		0                                                              \
	}
#define DEFINE_RWLOCK(l) rwlock_t l = RW_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->head = l->tail = 0;
	l->owner = 0;
}

static inline void rwlock_init(rwlock_t *l)
{
	l->cnt = 0;
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->head != l->tail;
}

#ifdef XENOLITH_HOST_TEST

static inline void spin_lock(spinlock_t *l)
{
	l->tail++;
}
static inline void spin_unlock(spinlock_t *l)
{
	l->head++;
}
static inline bool spin_trylock(spinlock_t *l)
{
	if (spin_is_locked(l))
		return false;
	l->tail++;
	return true;
}
static inline unsigned long spin_lock_irqsave_(spinlock_t *l)
{
	spin_lock(l);
	return 0;
}
static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	(void)f;
	spin_unlock(l);
}
static inline void read_lock(rwlock_t *l)
{
	l->cnt++;
}
static inline void read_unlock(rwlock_t *l)
{
	l->cnt--;
}
static inline void write_lock(rwlock_t *l)
{
	l->cnt |= 0x80000000u;
}
static inline void write_unlock(rwlock_t *l)
{
	l->cnt &= ~0x80000000u;
}
static inline bool spin_is_locked_by_me(const spinlock_t *l)
{
	return spin_is_locked(l);
}
static inline bool rw_is_write_locked(const rwlock_t *l)
{
	return l->cnt & 0x80000000u;
}

#else

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
unsigned long spin_lock_irqsave_(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
void read_lock(rwlock_t *l);
void read_unlock(rwlock_t *l);
void write_lock(rwlock_t *l);
void write_unlock(rwlock_t *l);
/* The holder of l is this CPU: for ASSERT()s of locking contracts. */
bool spin_is_locked_by_me(const spinlock_t *l);
bool rw_is_write_locked(const rwlock_t *l);

#endif

/* Xen's calling convention: flags = spin_lock_irqsave(l) is not it;
 * Xen writes spin_lock_irqsave(l, flags). */
#define spin_lock_irqsave(l, f) ((f) = spin_lock_irqsave_(l))

#endif
