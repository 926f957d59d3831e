/*
 * The legacy PIC and the IO-APICs.
 *
 * The legacy 8259 PICs are reprogrammed so their vectors sit at 0x20-0x2f
 * (their power-on vectors 0x08-0x0f collide with CPU exceptions; a stray
 * PIC interrupt must not look like a double fault) and then fully masked.
 * Every IO-APIC redirection entry is masked at boot: devices belong to
 * dom0, which routes the lines it wants through PHYSDEVOP_map_pirq and
 * EVTCHNOP_bind_pirq (traps/pirq.c); ioapic_route_gsi() then points a
 * GSI at a vector on CPU 0 and ioapic_mask_gsi() opens and closes it.
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
#define REDIR_LEVEL	 (1u << 15)
#define REDIR_LOW	 (1u << 13)

static volatile uint8_t *ioapic_base[MAX_IOAPICS];
static unsigned int ioapic_pins[MAX_IOAPICS];

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

	ioapic_base[i] = base;
	ioapic_pins[i] = n;
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

/* The IO-APIC and pin of a GSI: false if no IO-APIC has it. */
static bool gsi_pin(unsigned int gsi, unsigned int *apic, unsigned int *pin)
{
	for (unsigned int i = 0; i < acpi_info.nr_ioapics; i++) {
		unsigned int base = acpi_info.ioapic[i].gsi_base;

		if (ioapic_base[i] && gsi >= base &&
		    gsi < base + ioapic_pins[i]) {
			*apic = i;
			*pin = gsi - base;
			return true;
		}
	}
	return false;
}

bool ioapic_gsi_exists(unsigned int gsi)
{
	unsigned int apic, pin;

	return gsi_pin(gsi, &apic, &pin);
}

/* Point gsi at vector on the CPU with APIC ID dest, masked. */
bool ioapic_route_gsi(unsigned int gsi, uint8_t vector, bool level,
		      bool active_low, uint8_t dest)
{
	uint32_t lo = vector | REDIR_MASKED | (level ? REDIR_LEVEL : 0) |
		      (active_low ? REDIR_LOW : 0);
	unsigned int apic, pin;
	unsigned long flags;

	if (!gsi_pin(gsi, &apic, &pin))
		return false;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(ioapic_base[apic], IOAPIC_REDTBL(pin), REDIR_MASKED);
	ioapic_write(ioapic_base[apic], IOAPIC_REDTBL(pin) + 1,
		     (uint32_t)dest << 24);
	ioapic_write(ioapic_base[apic], IOAPIC_REDTBL(pin), lo);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return true;
}

void ioapic_mask_gsi(unsigned int gsi, bool masked)
{
	unsigned int apic, pin;
	unsigned long flags;
	uint32_t lo;

	if (!gsi_pin(gsi, &apic, &pin))
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	lo = ioapic_read(ioapic_base[apic], IOAPIC_REDTBL(pin));
	lo = masked ? lo | REDIR_MASKED : lo & ~REDIR_MASKED;
	ioapic_write(ioapic_base[apic], IOAPIC_REDTBL(pin), lo);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}
