/*
 * Lock implementations (the essay is in xenolith/spinlock.h).  They live
 * under arch/ because they need the CPU number and PAUSE; the lock words
 * use gcc's __atomic builtins, which compile to LOCK-prefixed instructions.
 *
 * A spinning CPU gives up after a very long time and panics with the lock
 * owner: in a hypervisor a lost unlock otherwise looks like a silent hang.
 */
#include <xenolith/lib.h>
#include <xenolith/spinlock.h>
#include <xenolith/shutdown.h>
#include <xenolith/console.h>
#include <asm/current.h>
#include <asm/flush.h>

#define SPIN_PANIC_LOOPS (1UL << 34)

static void spin_debug_stuck(const void *l, int owner)
{
	console_force_unlock();
	arch_dump_stack();
	panic("CPU%u: lock %p stuck (owner CPU%d)", smp_processor_id(), l,
	      owner - 1);
}

void spin_lock(spinlock_t *l)
{
	unsigned int me = smp_processor_id();
	uint16_t ticket;
	unsigned long loops = 0;

	if (l->owner == (uint16_t)(me + 1)) {
		console_force_unlock();
		arch_dump_stack();
		panic("CPU%u: recursive spin_lock of %p", me, l);
	}
	ticket = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != ticket) {
		cpu_relax_serving();
		if (++loops == SPIN_PANIC_LOOPS)
			spin_debug_stuck(l, l->owner);
	}
	l->owner = (uint16_t)(me + 1);
}

bool spin_trylock(spinlock_t *l)
{
	uint16_t head = l->head;
	uint32_t old = head | ((uint32_t)head << 16);
	uint32_t new = head | ((uint32_t)(uint16_t)(head + 1) << 16);

	/* head and tail are adjacent: take a ticket only if none is out. */
	if (!__atomic_compare_exchange_n((uint32_t *)l, &old, new, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	l->owner = (uint16_t)(smp_processor_id() + 1);
	return true;
}

void spin_unlock(spinlock_t *l)
{
	unsigned int me = smp_processor_id();

	if (l->owner != (uint16_t)(me + 1)) {
		console_force_unlock();
		arch_dump_stack();
		panic("CPU%u: spin_unlock of %p held by CPU%d", me, l,
		      l->owner - 1);
	}
	l->owner = 0;
	__atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

unsigned long spin_lock_irqsave_(spinlock_t *l)
{
	unsigned long flags = local_irq_save();

	spin_lock(l);
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

bool spin_is_locked_by_me(const spinlock_t *l)
{
	unsigned int me = smp_processor_id();

	return spin_is_locked(l) && l->owner == (uint16_t)(me + 1);
}

#define RW_WRITER 0x80000000u

void read_lock(rwlock_t *l)
{
	for (;;) {
		uint32_t v = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);

		if (!(v & RW_WRITER) && __atomic_compare_exchange_n(
					    &l->cnt, &v, v + 1, false,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		cpu_relax_serving();
	}
}

void read_unlock(rwlock_t *l)
{
	uint32_t old = __atomic_fetch_sub(&l->cnt, 1, __ATOMIC_RELEASE);

	if (!(old & ~RW_WRITER))
		panic("read_unlock of %p with no readers", l);
}

void write_lock(rwlock_t *l)
{
	/* Claim the writer bit, then wait for the readers to leave. */
	for (;;) {
		uint32_t v = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);

		if (!(v & RW_WRITER) && __atomic_compare_exchange_n(
					    &l->cnt, &v, v | RW_WRITER, false,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			break;
		cpu_relax_serving();
	}
	while (__atomic_load_n(&l->cnt, __ATOMIC_ACQUIRE) != RW_WRITER)
		cpu_relax_serving();
}

void write_unlock(rwlock_t *l)
{
	if (l->cnt != RW_WRITER)
		panic("write_unlock of %p not write-locked (%x)", l, l->cnt);
	__atomic_store_n(&l->cnt, 0, __ATOMIC_RELEASE);
}

bool rw_is_write_locked(const rwlock_t *l)
{
	return l->cnt & RW_WRITER;
}
