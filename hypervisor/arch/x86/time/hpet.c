/*
 * The HPET, probed from its ACPI table: we read its period and check its
 * main counter runs, and report both.  It is not Xenolith's clock (the
 * TSC is, see tsc.c); the probe exists so a broken table is reported at
 * boot rather than when a later user relies on it.
 */
#include <xenolith/lib.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/time.h>

#define HPET_CAP     0x000 /* bits 63:32 = period in femtoseconds */
#define HPET_CONFIG  0x010
#define HPET_COUNTER 0x0f0
#define HPET_ENABLE  1

void hpet_probe(paddr_t addr)
{
	volatile uint8_t *h;
	uint32_t period_fs;
	uint64_t c0, t0;

	if (!addr)
		return;
	h = ioremap(addr, 0x400);
	period_fs = readq(h + HPET_CAP) >> 32;
	if (!period_fs || period_fs > 100000000) {
		printk(XENLOG_WARNING "HPET at %llx: bad period %u fs\n",
		       (unsigned long long)addr, period_fs);
		return;
	}
	writeq(readq(h + HPET_CONFIG) | HPET_ENABLE, h + HPET_CONFIG);
	c0 = readq(h + HPET_COUNTER);
	t0 = rdtsc();
	while (readq(h + HPET_COUNTER) == c0 && rdtsc() - t0 < (1UL << 32))
		cpu_relax();
	printk("HPET at %llx: %llu Hz, counter %s\n", (unsigned long long)addr,
	       (unsigned long long)(1000000000000000ULL / period_fs),
	       readq(h + HPET_COUNTER) != c0 ? "running" : "stuck");
}
