/*
 * Reading the PV clock (pvclock.h): the snapshot plus the TSC ticks
 * since, scaled.  LFENCE keeps RDTSC between the two version reads.
 */
#include "pvclock.h"

uint64_t pvclock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version, lo, hi;
	uint64_t delta, ns;

	do {
		version = t->version;
		asm volatile("lfence" ::: "memory");
		asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
		delta = (((uint64_t)hi << 32) | lo) - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta *
				 t->tsc_to_system_mul) >> 32);
		asm volatile("lfence" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

uint64_t pvclock_now(void)
{
	return pvclock_read(&shared->vcpu_info[0].time);
}
