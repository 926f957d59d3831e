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
#include <xenolith/spinlock.h>
#include <public/errno.h>
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

/* Selecting a register and reading it are two accesses: one at a time. */
static DEFINE_SPINLOCK(ioapic_lock);

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

/*
 * PHYSDEVOP_apic_read for dom0: register reg of the IO-APIC at physical
 * address physbase, as Xen's ioapic_guest_read(): -EINVAL unless that is
 * one of the machine's IO-APICs.  Linux reads the ID and version
 * registers while it sets up ACPI's IO-APIC entries.
 */
int ioapic_guest_read(uint64_t physbase, uint32_t reg, uint32_t *val)
{
	unsigned long flags;

	for (unsigned int i = 0; i < acpi_info.nr_ioapics; i++) {
		if (acpi_info.ioapic[i].addr != physbase)
			continue;
		spin_lock_irqsave(&ioapic_lock, flags);
		*val = ioapic_read(ioremap(physbase, 0x20), reg);
		spin_unlock_irqrestore(&ioapic_lock, flags);
		return 0;
	}
	return -XEN_EINVAL;
}

