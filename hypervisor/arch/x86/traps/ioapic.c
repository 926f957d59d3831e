/*
 * Interrupt routing we do not use yet, switched off.
 *
 * The legacy 8259 PICs are reprogrammed so their vectors sit at 0x20-0x2f
 * (their power-on vectors 0x08-0x0f collide with CPU exceptions; a stray
 * PIC interrupt must not look like a double fault) and then fully masked.
 * Every IO-APIC redirection entry is masked: devices belong to dom0, which
 * will route them through PHYSDEVOP calls later.
 *
 * The PIC is masked first thing at boot, before the local APIC is
 * touched: the firmware leaves the PIT ticking through the PIC into LINT0,
 * and an interrupt latched there while we mask LINT0 would otherwise be
 * delivered with no vector once interrupts are enabled (QEMU raises it as
 * a #GP with a bogus vector).
 */
#include <xenolith/lib.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/traps.h>
#include <asm/ioapic.h>

#define IOREGSEL	 0x00
#define IOWIN		 0x10
#define IOAPIC_VER	 0x01
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))
#define REDIR_MASKED	 (1u << 16)

void pic_mask_all(void)
{
	outb(0x11, 0x20); /* ICW1: init, ICW4 follows */
	outb(0x11, 0xa0);
	outb(PIC_VECTOR_BASE, 0x21); /* ICW2: vector bases */
	outb(PIC_VECTOR_BASE + 8, 0xa1);
	outb(0x04, 0x21); /* ICW3: slave on IRQ2 */
	outb(0x02, 0xa1);
	outb(0x01, 0x21); /* ICW4: 8086 mode */
	outb(0x01, 0xa1);
	outb(0xff, 0x21); /* mask everything */
	outb(0xff, 0xa1);
}

static uint32_t ioapic_read(volatile uint8_t *base, unsigned int reg)
{
	writel(reg, base + IOREGSEL);
	return readl(base + IOWIN);
}

static void ioapic_write(volatile uint8_t *base, unsigned int reg, uint32_t v)
{
	writel(reg, base + IOREGSEL);
	writel(v, base + IOWIN);
}

static void ioapic_mask(unsigned int i)
{
	volatile uint8_t *base = ioremap(acpi_info.ioapic[i].addr, 0x20);
	unsigned int n = ((ioapic_read(base, IOAPIC_VER) >> 16) & 0xff) + 1;

	for (unsigned int pin = 0; pin < n; pin++) {
		ioapic_write(base, IOAPIC_REDTBL(pin) + 1, 0);
		ioapic_write(base, IOAPIC_REDTBL(pin), REDIR_MASKED);
	}
	printk("IO-APIC %u: id %u at %llx, GSI %u-%u, all %u pins masked\n", i,
	       acpi_info.ioapic[i].id,
	       (unsigned long long)acpi_info.ioapic[i].addr,
	       acpi_info.ioapic[i].gsi_base,
	       acpi_info.ioapic[i].gsi_base + n - 1, n);
}

void ioapic_init(void)
{
	for (unsigned int i = 0; i < acpi_info.nr_ioapics; i++)
		ioapic_mask(i);
}
