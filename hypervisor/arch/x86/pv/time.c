/*
 * Time as a PV guest sees it: vcpu_time_info and the wallclock.
 *
 * A PV guest computes system time (ns since the hypervisor booted)
 * itself from the TSC, with the parameters we publish in each
 * vcpu_info.time: the TSC at some moment, the system time at that
 * moment, and the TSC->ns scale as a 32.32 multiplier with a binary
 * shift.  Xenolith's NOW() is that very formula (time/tsc.c), so one
 * publication stays exact; Xen refreshes it on every context switch and
 * calibration, which we will need with a scheduler.  Updates follow the
 * pvclock protocol: version odd while writing, even when done.
 *
 * The wallclock (shared_info.wc_*) is the Unix time at system time 0,
 * read once from the CMOS RTC: guests add their system time to it.
 * Dom0 may set it (XENPF_settime, platform_op.c), to the nanosecond.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/time.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_UIP 0x80		/* update in progress */
#define RTC_BINARY 0x04		/* status B: not BCD */
#define RTC_24H 0x02
#define RTC_CENTURY 0x32	/* the usual ACPI FADT century register */

static uint64_t wallclock_at_boot;	/* Unix seconds at NOW() == 0 */
static uint32_t wallclock_nsec;		/* and nanoseconds */

static unsigned int cmos_read(unsigned int reg)
{
	outb(reg, CMOS_INDEX);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(unsigned int v, bool binary)
{
	return binary ? v : (v & 0xf) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m,
				 unsigned int d)
{
	/* Shift the year to start in March, so Feb 29 is the last day. */
	uint64_t yy = m <= 2 ? y - 1 : y;
	unsigned int mm = m <= 2 ? m + 9 : m - 3;

	return yy * 365 + yy / 4 - yy / 100 + yy / 400 +
	       (mm * 306 + 5) / 10 + d - 1 - 719468;
}

static uint64_t rtc_read_unix(void)
{
	unsigned int sec, min, hour, day, mon, year, cent, b;
	bool bin;

	for (unsigned int tries = 0; tries < 1000000; tries++)
		if (!(cmos_read(RTC_STATUS_A) & RTC_UIP))
			break;
	b = cmos_read(RTC_STATUS_B);
	bin = b & RTC_BINARY;
	sec = from_bcd(cmos_read(0x00), bin);
	min = from_bcd(cmos_read(0x02), bin);
	hour = cmos_read(0x04);
	day = from_bcd(cmos_read(0x07), bin);
	mon = from_bcd(cmos_read(0x08), bin);
	year = from_bcd(cmos_read(0x09), bin);
	cent = from_bcd(cmos_read(RTC_CENTURY), bin);
	if (!(b & RTC_24H) && (hour & 0x80))
		hour = (from_bcd(hour & 0x7f, bin) % 12) + 12;
	else
		hour = from_bcd(hour & 0x7f, bin);
	year += (cent >= 19 && cent <= 30) ? cent * 100 : 2000;
	return days_since_epoch(year, mon, day) * 86400 + hour * 3600 +
	       min * 60 + sec;
}

void pv_time_init(void)
{
	wallclock_at_boot = rtc_read_unix() - NOW() / SECONDS(1);
	printk("Wallclock: %llu seconds since the epoch at boot\n",
	       (unsigned long long)wallclock_at_boot);
}

void pv_update_wallclock(struct domain *d)
{
	struct shared_info *s = d->shared_info;

	s->wc_version++;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->wc_sec = (uint32_t)wallclock_at_boot;
	s->wc_nsec = wallclock_nsec;
	s->wc_sec_hi = (uint32_t)(wallclock_at_boot >> 32);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->wc_version++;
}

/*
 * Xen's do_settime(): secs.nsecs was the Unix time at system time
 * system_time, so the time at system time 0 is their difference (Xen
 * does the same unsigned arithmetic; a system_time beyond the new time
 * wraps as it does there).  Every domain sees the new wallclock.
 */
void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
	uint64_t at_zero = secs * SECONDS(1) + nsecs - system_time;

	wallclock_at_boot = at_zero / SECONDS(1);
	wallclock_nsec = at_zero % SECONDS(1);
	for (domid_t id = 0; id < MAX_DOMAINS; id++) {
		struct domain *d = domain_lookup(id);

		if (d)
			pv_update_wallclock(d);
	}
}

/* ns per TSC tick as mul / 2^32 << shift, mul < 2^32. */
static void tsc_scale(uint32_t *mul, int8_t *shift)
{
	uint64_t khz = arch_tsc_khz();
	uint64_t m = (1000000ULL << 32) / (khz ? khz : 1);
	int s = 0;

	while (m >> 32) {
		m >>= 1;
		s++;
	}
	*mul = m;
	*shift = s;
}

void pv_update_vcpu_time(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	uint32_t mul;
	int8_t shift;

	tsc_scale(&mul, &shift);
	t->version++;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = rdtsc();
	t->system_time = NOW();
	t->tsc_to_system_mul = mul;
	t->tsc_shift = shift;
	t->flags = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->version++;
}
