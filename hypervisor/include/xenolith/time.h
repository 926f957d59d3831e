/*
 * System time and timers.
 *
 * NOW() is nanoseconds since boot (s_time_t, signed 64-bit as Xen's),
 * derived from the TSC, which the arch calibrates at boot and keeps in
 * step across CPUs (QEMU's TSCs are synchronised; real hardware with an
 * invariant TSC is too).  Timers are one-shot: set_timer() arms a timer
 * to run fn(data) on its CPU at or after `expires`; a periodic job re-arms
 * itself from its handler.  Each CPU keeps its armed timers in a list
 * sorted by expiry and programs its local APIC timer for the earliest.
 */
#ifndef XENOLITH_TIME_H
#define XENOLITH_TIME_H

#include <xenolith/types.h>
#include <xenolith/list.h>

typedef int64_t s_time_t;

#define SECONDS(s)    ((s_time_t)(s)*1000000000LL)
#define MILLISECS(ms) ((s_time_t)(ms)*1000000LL)
#define MICROSECS(us) ((s_time_t)(us)*1000LL)
#define STIME_MAX     ((s_time_t)INT64_MAX)

s_time_t NOW(void);

struct timer {
	struct list_head list; /* on its CPU's queue while armed */
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	unsigned int cpu;
	bool active; /* on the queue */
};

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Move t (armed or not) to another CPU's queue. */
void migrate_timer(struct timer *t, unsigned int cpu);
void timer_init(void);
void timer_cpu_init(unsigned int cpu);
/* Print each CPU's armed timers (debug key 'a'). */
void timer_dump(void);

/* Arch: program this CPU's one-shot timer interrupt for `deadline`
 * (STIME_MAX: none), and the TSC frequency in kHz. */
void arch_timer_program(s_time_t deadline);
uint64_t arch_tsc_khz(void);

#endif
