/*
 * ACPI table discovery: just enough to learn the machine's shape.
 *
 * The RSDP ("RSD PTR ") is found in the first KiB of the EBDA or in the
 * BIOS area 0xe0000-0xfffff on a 16-byte boundary (or given by a
 * multiboot2 tag).  It points to the RSDT (32-bit entries) or, from ACPI
 * 2.0, the XSDT (64-bit entries); each entry is a table with a 36-byte
 * header whose bytes sum to zero.  We read:
 *
 *   MADT ("APIC")  the CPUs (local APIC / x2APIC entries, enabled ones)
 *                  and the IO-APICs;
 *   HPET           the HPET's MMIO address.
 *
 * All tables sit in low memory, which is direct-mapped by now.
 */
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <asm/acpi.h>

struct acpi_header {
	char sig[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
} __packed;

struct acpi_rsdp {
	char sig[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length; /* revision >= 2 from here */
	uint64_t xsdt;
	uint8_t ext_checksum, reserved[3];
} __packed;

#define MADT_LAPIC  0
#define MADT_IOAPIC 1
#define MADT_X2APIC 9

struct acpi_info acpi_info;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static paddr_t rsdp_scan(paddr_t start, size_t len)
{
	for (paddr_t a = start; a < start + len; a += 16) {
		const struct acpi_rsdp *r = maddr_to_virt(a);

		if (!memcmp(r->sig, "RSD PTR ", 8) && checksum_ok(r, 20))
			return a;
	}
	return 0;
}

static paddr_t rsdp_find(void)
{
	paddr_t ebda = (paddr_t) * (const uint16_t *)maddr_to_virt(0x40e) << 4;
	paddr_t r = 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		r = rsdp_scan(ebda, 1024);
	return r ? r : rsdp_scan(0xe0000, 0x20000);
}

static void add_cpu(uint32_t apic_id)
{
	if (acpi_info.nr_cpus >= NR_CPUS) {
		acpi_info.cpus_ignored++;
		return;
	}
	acpi_info.cpu_apic_id[acpi_info.nr_cpus++] = apic_id;
}

static void parse_madt_entry(const uint8_t *e)
{
	switch (e[0]) {
	case MADT_LAPIC:
		if (*(const uint32_t *)(e + 4) & 1) /* enabled */
			add_cpu(e[3]);
		break;
	case MADT_X2APIC:
		if (*(const uint32_t *)(e + 8) & 1)
			add_cpu(*(const uint32_t *)(e + 4));
		break;
	case MADT_IOAPIC:
		if (acpi_info.nr_ioapics < MAX_IOAPICS) {
			unsigned int i = acpi_info.nr_ioapics++;

			acpi_info.ioapic[i].id = e[2];
			acpi_info.ioapic[i].addr = *(const uint32_t *)(e + 4);
			acpi_info.ioapic[i].gsi_base =
			    *(const uint32_t *)(e + 8);
		}
		break;
	}
}

static void parse_madt(const struct acpi_header *h)
{
	const uint8_t *p = (const uint8_t *)h + sizeof(*h) + 8;
	const uint8_t *end = (const uint8_t *)h + h->length;

	acpi_info.lapic_addr = *(const uint32_t *)(h + 1);
	while (p + 2 <= end && p[1] >= 2) {
		parse_madt_entry(p);
		p += p[1];
	}
}

static void parse_table(paddr_t pa)
{
	const struct acpi_header *h = maddr_to_virt(pa);

	if (!checksum_ok(h, h->length)) {
		printk(XENLOG_WARNING "ACPI: bad checksum %.4s at %llx\n",
		       h->sig, (unsigned long long)pa);
		return;
	}
	printk("ACPI: %.4s %016llx %05x (v%02u %.6s)\n", h->sig,
	       (unsigned long long)pa, h->length, h->revision, h->oem_id);
	if (!memcmp(h->sig, "APIC", 4))
		parse_madt(h);
	else if (!memcmp(h->sig, "HPET", 4))
		/* generic address structure at 40: address at +4 */
		acpi_info.hpet_addr =
		    *(const uint64_t *)((const uint8_t *)h + 44);
}

bool acpi_init(paddr_t rsdp_pa)
{
	const struct acpi_rsdp *rsdp;
	const struct acpi_header *sdt;
	bool x;
	unsigned int n;

	acpi_info.rsdp = rsdp_pa ? rsdp_pa : rsdp_find();
	if (!acpi_info.rsdp) {
		printk(XENLOG_WARNING "ACPI: no RSDP found\n");
		return false;
	}
	rsdp = maddr_to_virt(acpi_info.rsdp);
	x = rsdp->revision >= 2 && rsdp->xsdt;
	sdt = maddr_to_virt(x ? rsdp->xsdt : rsdp->rsdt);
	printk("ACPI: RSDP %016llx (v%02u %.6s), %s %016llx\n",
	       (unsigned long long)acpi_info.rsdp, rsdp->revision, rsdp->oem_id,
	       x ? "XSDT" : "RSDT",
	       (unsigned long long)(x ? rsdp->xsdt : rsdp->rsdt));
	n = (sdt->length - sizeof(*sdt)) / (x ? 8 : 4);
	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *ents = (const uint8_t *)(sdt + 1);

		parse_table(x ? *(const uint64_t *)(ents + 8 * i)
			      : *(const uint32_t *)(ents + 4 * i));
	}
	printk("ACPI: %u CPUs enabled in the MADT%s, %u IO-APIC(s), HPET %s\n",
	       acpi_info.nr_cpus,
	       acpi_info.cpus_ignored ? " (some ignored: NR_CPUS)" : "",
	       acpi_info.nr_ioapics,
	       acpi_info.hpet_addr ? "present" : "absent");
	return acpi_info.nr_cpus > 0;
}
