/*
 * Guest time arithmetic: the PV clock's scale and snapshot, runstate
 * accounting and the periodic timer's next tick (xenolith/vtime.h).
 *
 * Scale.  A tick lasts 10^6 / khz ns.  We want mul / 2^32 * 2^shift to
 * be that, with mul in [2^31, 2^32) for the most precision a 32-bit
 * multiplier allows: start from shift 0 and move the shift until mul
 * falls in range.  The guest shifts the TSC delta before multiplying,
 * so a negative shift drops low bits of the delta; vtime_scale_delta()
 * does exactly what the guest does, so the hypervisor and the guest
 * agree to the nanosecond.
 *
 * Snapshots.  The guest reads version, the fields, then version again,
 * and retries if the two differ or are odd.  So the writer makes the
 * version odd, writes, and makes it even (one higher than before), with
 * write barriers between, as Xen's version_update_begin/end do.
 *
 * Runstate.  time[s] holds the ns spent in state s up to the last
 * change; the current period (now - state_entry_time) is added when
 * someone asks (VCPUOP_get_runstate_info), as in Xen.
 */
#include <xenolith/lib.h>
#include <xenolith/vtime.h>

/* 10^6 << (32 - shift) must fit in 64 bits: shift >= -11, i.e. TSCs up
 * to 2 THz; the division stays 64-bit (no 128-bit helpers in the
 * hypervisor). */
#define MIN_SHIFT -11

void vtime_scale_from_khz(uint64_t khz, struct vtime_scale *s)
{
	uint64_t mul;
	int shift = 0;

	ASSERT(khz);
	for (;;) {
		mul = (1000000ULL << (32 - shift)) / khz;
		if (mul >= (1ULL << 32))
			shift++;
		else if (mul < (1ULL << 31) && shift > MIN_SHIFT)
			shift--;
		else
			break;
	}
	s->mul = (uint32_t)mul;
	s->shift = (int8_t)shift;
}

uint64_t vtime_scale_delta(uint64_t delta, const struct vtime_scale *s)
{
	if (s->shift < 0)
		delta >>= -s->shift;
	else
		delta <<= s->shift;
	return (uint64_t)(((unsigned __int128)delta * s->mul) >> 32);
}

void vtime_publish(struct vcpu_time_info *t, uint64_t tsc,
		   uint64_t system_time, const struct vtime_scale *s)
{
	uint32_t v = (t->version + 1) | 1;

	__atomic_store_n(&t->version, v, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = tsc;
	t->system_time = system_time;
	t->tsc_to_system_mul = s->mul;
	t->tsc_shift = s->shift;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&t->version, v + 1, __ATOMIC_RELAXED);
}

void vtime_runstate_init(struct vcpu_runstate_info *rs, int state,
			 s_time_t now)
{
	memset(rs, 0, sizeof(*rs));
	rs->state = state;
	rs->state_entry_time = now;
}

void vtime_runstate_change(struct vcpu_runstate_info *rs, int state,
			   s_time_t now)
{
	s_time_t spent = now - (s_time_t)rs->state_entry_time;

	if (spent > 0)
		rs->time[rs->state] += spent;
	rs->state = state;
	rs->state_entry_time = now;
}

void vtime_runstate_get(const struct vcpu_runstate_info *rs, s_time_t now,
			struct vcpu_runstate_info *out)
{
	s_time_t spent = now - (s_time_t)rs->state_entry_time;

	*out = *rs;
	if (spent > 0)
		out->time[out->state] += spent;
}

s_time_t vtime_periodic_next(s_time_t *last, s_time_t period, s_time_t now,
			     bool *fire)
{
	s_time_t next = *last + period;

	*fire = now >= next;
	if (*fire) {
		*last = now;
		next = now + period;
	}
	return next;
}
