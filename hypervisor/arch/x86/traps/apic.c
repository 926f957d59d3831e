/*
 * Local APIC setup, IPIs and the one-shot timer (the model is in
 * asm/apic.h).
 *
 * x2APIC is preferred: its registers are MSRs, its IDs are 32-bit and its
 * ICR is a single write (no busy bit to poll).  QEMU's "-cpu max" offers
 * it; without it we map the xAPIC page uncached and use MMIO.
 *
 * The timer runs in one-shot mode with divider 1: arch_timer_program()
 * converts a deadline in ns into bus-clock ticks, using the tick rate
 * measured against the TSC at boot.
 */
#include <xenolith/lib.h>
#include <xenolith/time.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define APIC_BASE_EXTD	(1UL << 10) /* x2APIC mode */
#define APIC_BASE_EN	(1UL << 11)
#define X2APIC_MSR(reg) (0x800 + ((reg) >> 4))

bool x2apic_enabled;		     /* same on every CPU */
static volatile uint8_t *xapic_mmio; /* xAPIC page, if not x2APIC */
static uint64_t apic_ticks_per_ms;   /* timer input clock, calibrated */

uint32_t apic_read(unsigned int reg)
{
	if (x2apic_enabled)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return readl(xapic_mmio + reg);
}

void apic_write(unsigned int reg, uint32_t v)
{
	if (x2apic_enabled)
		wrmsr(X2APIC_MSR(reg), v);
	else
		writel(v, xapic_mmio + reg);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

uint32_t apic_id(void)
{
	uint32_t id = apic_read(APIC_ID);

	return x2apic_enabled ? id : id >> 24;
}

void apic_send_ipi(uint32_t dest, uint32_t icr)
{
	if (x2apic_enabled) {
		wrmsr(X2APIC_MSR(APIC_ICR), ((uint64_t)dest << 32) | icr);
		return;
	}
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
	apic_write(APIC_ICR2, dest << 24);
	apic_write(APIC_ICR, icr);
}

void apic_init_cpu(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_EN;

	if (x2apic_enabled)
		base |= APIC_BASE_EXTD;
	wrmsr(MSR_APIC_BASE, base);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_DM_NMI); /* LINT1 is NMI */
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	apic_write(APIC_TDCR, 0xb);		   /* divide by 1 */
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR); /* one-shot */
	apic_write(APIC_ESR, 0);
	apic_eoi();
}

void apic_init_bsp(void)
{
	x2apic_enabled = cpuid(1).c & (1u << 21);
	if (!x2apic_enabled)
		xapic_mmio =
		    ioremap(rdmsr(MSR_APIC_BASE) & PTE_ADDR_MASK, PAGE_SIZE);
	apic_init_cpu();
	printk("Local APIC: %s mode, BSP APIC ID %u\n",
	       x2apic_enabled ? "x2APIC" : "xAPIC", apic_id());
}

/* Count timer ticks over 10 ms of TSC time. */
void apic_timer_calibrate(void)
{
	uint64_t tsc_per_ms = arch_tsc_khz(), t0;
	uint32_t start = 0xffffffff;

	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, start);
	t0 = rdtsc();
	while (rdtsc() - t0 < 10 * tsc_per_ms)
		cpu_relax();
	apic_ticks_per_ms = (start - apic_read(APIC_TMCCT)) / 10;
	apic_write(APIC_TMICT, 0);
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
	printk("APIC timer: %llu kHz\n", (unsigned long long)apic_ticks_per_ms);
}

void apic_timer_oneshot(uint64_t ns)
{
	uint64_t ticks;

	if (ns > 1000000000) /* keep the product small; re-armed later */
		ns = 1000000000;
	ticks = ns * apic_ticks_per_ms / 1000000;

	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffffUL)
		ticks = 0xffffffffUL;
	apic_write(APIC_TMICT, (uint32_t)ticks);
}

void arch_timer_program(s_time_t deadline)
{
	s_time_t now = NOW();

	if (deadline == STIME_MAX) {
		apic_write(APIC_TMICT, 0);
		return;
	}
	apic_timer_oneshot(deadline > now ? (uint64_t)(deadline - now) : 0);
}
