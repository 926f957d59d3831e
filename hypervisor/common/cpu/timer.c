/*
 * Per-CPU one-shot timers (the model is in xenolith/time.h).
 *
 * Each CPU owns a queue sorted by expiry and the lock protecting it.
 * A timer lives on its own CPU's queue; handlers run on that CPU from
 * TIMER_SOFTIRQ, with the queue lock dropped, so a handler may re-arm
 * itself.  After each change to the head of the queue the CPU's hardware
 * timer is reprogrammed for the new earliest expiry.
 *
 * Locking: queue_lock[cpu] protects queue[cpu] and every timer on it.
 * set_timer()/stop_timer() for a remote CPU's timer take that CPU's lock
 * and kick it so it reprograms its hardware timer.
 */
#include <xenolith/lib.h>
#include <xenolith/config.h>
#include <xenolith/spinlock.h>
#include <xenolith/softirq.h>
#include <xenolith/time.h>

static struct list_head queue[NR_CPUS]; /* armed timers, by expiry */
static spinlock_t queue_lock[NR_CPUS];	/* protects queue[cpu] */

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu)
{
	INIT_LIST_HEAD(&t->list);
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
	t->active = false;
	t->expires = 0;
}

static void dequeue(struct timer *t)
{
	if (t->active) {
		list_del_init(&t->list);
		t->active = false;
	}
}

/* Insert sorted; returns true when t became the earliest. */
static bool enqueue(struct timer *t)
{
	struct list_head *h = &queue[t->cpu], *p;

	list_for_each(p, h) if (list_entry(p, struct timer, list)->expires >
				t->expires) break;
	list_add_tail(&t->list, p);
	t->active = true;
	return h->next == &t->list;
}

static void reprogram(unsigned int cpu)
{
	if (cpu == arch_this_cpu())
		raise_softirq(TIMER_SOFTIRQ);
	else
		cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

/* Lock the queue t is on; t->cpu may change until we hold it. */
static unsigned int lock_timer(struct timer *t, unsigned long *flags)
{
	for (;;) {
		unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_SEQ_CST);

		spin_lock_irqsave(&queue_lock[cpu], *flags);
		if (t->cpu == cpu)
			return cpu;
		spin_unlock_irqrestore(&queue_lock[cpu], *flags);
	}
}

void set_timer(struct timer *t, s_time_t expires)
{
	unsigned long flags;
	unsigned int cpu = lock_timer(t, &flags);
	bool first;

	dequeue(t);
	t->expires = expires;
	first = enqueue(t);
	spin_unlock_irqrestore(&queue_lock[cpu], flags);
	if (first)
		reprogram(cpu);
}

void stop_timer(struct timer *t)
{
	unsigned long flags;
	unsigned int cpu = lock_timer(t, &flags);

	dequeue(t);
	spin_unlock_irqrestore(&queue_lock[cpu], flags);
}

/*
 * Move t to cpu's queue, keeping its expiry (a vCPU's timers follow it
 * when it moves, common/cpu/vtimer.c).  t->cpu only changes under both
 * queue locks, taken in ascending CPU order.
 */
void migrate_timer(struct timer *t, unsigned int cpu)
{
	unsigned int old, lo, hi;
	unsigned long flags;
	bool first = false;

	for (;;) {
		old = __atomic_load_n(&t->cpu, __ATOMIC_SEQ_CST);
		if (old == cpu)
			return;
		lo = MIN(old, cpu);
		hi = MAX(old, cpu);
		spin_lock_irqsave(&queue_lock[lo], flags);
		spin_lock(&queue_lock[hi]);
		if (t->cpu == old)
			break;
		spin_unlock(&queue_lock[hi]);
		spin_unlock_irqrestore(&queue_lock[lo], flags);
	}
	if (t->active) {
		dequeue(t);
		t->cpu = cpu;
		first = enqueue(t);
	} else {
		t->cpu = cpu;
	}
	spin_unlock(&queue_lock[hi]);
	spin_unlock_irqrestore(&queue_lock[lo], flags);
	if (first)
		reprogram(cpu);
}

/* TIMER_SOFTIRQ: run what has expired, then program the next. */
static void timer_softirq(void)
{
	unsigned int cpu = arch_this_cpu();
	struct list_head *h = &queue[cpu];
	s_time_t next = STIME_MAX;
	unsigned long flags;

	spin_lock_irqsave(&queue_lock[cpu], flags);
	while (!list_empty(h)) {
		struct timer *t = list_first_entry(h, struct timer, list);

		if (t->expires > NOW()) {
			next = t->expires;
			break;
		}
		dequeue(t);
		spin_unlock_irqrestore(&queue_lock[cpu], flags);
		t->fn(t->data);
		spin_lock_irqsave(&queue_lock[cpu], flags);
	}
	arch_timer_program(next);
	spin_unlock_irqrestore(&queue_lock[cpu], flags);
}

void timer_cpu_init(unsigned int cpu)
{
	INIT_LIST_HEAD(&queue[cpu]);
	spin_lock_init(&queue_lock[cpu]);
}

void timer_init(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		timer_cpu_init(cpu);
	open_softirq(TIMER_SOFTIRQ, timer_softirq);
}

void timer_dump(void)
{
	s_time_t now = NOW();

	printk("Timers at %lld ns:\n", (long long)now);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct list_head *p;
		unsigned long flags;

		if (!queue[cpu].next)
			continue;
		spin_lock_irqsave(&queue_lock[cpu], flags);
		list_for_each(p, &queue[cpu])
		{
			struct timer *t = list_entry(p, struct timer, list);

			printk("  CPU%u: +%lld ns fn %p\n", cpu,
			       (long long)(t->expires - now), (void *)t->fn);
		}
		spin_unlock_irqrestore(&queue_lock[cpu], flags);
	}
}
