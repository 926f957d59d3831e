/*
 * The time base: the TSC, calibrated against the PIT.
 *
 * The PIT's channel 2 counts a fixed 1.193182 MHz clock.  We load it with
 * the count for 50 ms in mode 0 (interrupt on terminal count), gate it on
 * through port 0x61 and watch bit 5 of that port, which goes high at the
 * terminal count; the TSC ticks seen meanwhile give its frequency.  The
 * PIT is read through ports only, needs no interrupts and exists on QEMU
 * and PCs alike, which is why it is preferred to the HPET here.
 *
 * NOW() = (TSC - TSC at calibration) scaled to ns by a 32.32 fixed-point
 * multiplier, computed once, so reading the time costs one RDTSC and a
 * multiply.
 */
#include <xenolith/lib.h>
#include <xenolith/time.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/time.h>

#define PIT_HZ	     1193182
#define PIT_CH2	     0x42
#define PIT_MODE     0x43
#define PIT_GATE     0x61
#define CALIBRATE_MS 50

static uint64_t tsc_khz;       /* TSC frequency */
static uint64_t tsc_base;      /* TSC at time 0 */
static uint64_t ns_per_tick32; /* ns per TSC tick, << 32 */

static uint64_t pit_measure_tsc(void)
{
	uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t t0, t1;

	/* Gate on, speaker off; channel 2, lobyte/hibyte, mode 0. */
	outb((inb(PIT_GATE) & ~0x02) | 0x01, PIT_GATE);
	outb(0xb0, PIT_MODE);
	outb(count & 0xff, PIT_CH2);
	outb(count >> 8, PIT_CH2);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20))
		;
	t1 = rdtsc();
	return t1 - t0;
}

void tsc_calibrate(void)
{
	uint64_t ticks = pit_measure_tsc();

	tsc_khz = ticks / CALIBRATE_MS;
	ns_per_tick32 = (1000000ULL << 32) / tsc_khz;
	tsc_base = rdtsc();
	printk("Detected %llu.%03llu MHz processor.\n",
	       (unsigned long long)(tsc_khz / 1000),
	       (unsigned long long)(tsc_khz % 1000));
	printk("TSC: %llu kHz, calibrated against the PIT over %u ms\n",
	       (unsigned long long)tsc_khz, CALIBRATE_MS);
}

uint64_t arch_tsc_khz(void)
{
	return tsc_khz;
}

s_time_t NOW(void)
{
	uint64_t d = rdtsc() - tsc_base;

	if (!tsc_khz)
		return 0;
	return (s_time_t)(((unsigned __int128)d * ns_per_tick32) >> 32);
}
