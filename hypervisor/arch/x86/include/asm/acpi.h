/* What Xenolith takes from the ACPI tables (boot/acpi.c). */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xenolith/types.h>
#include <xenolith/config.h>

#define MAX_IOAPICS 4

struct acpi_info {
	paddr_t rsdp;
	unsigned int nr_cpus;	       /* enabled processors in the MADT */
	uint32_t cpu_apic_id[NR_CPUS]; /* their APIC IDs, BSP included */
	unsigned int cpus_ignored;     /* beyond NR_CPUS */
	paddr_t lapic_addr;
	unsigned int nr_ioapics;
	struct {
		uint8_t id;
		paddr_t addr;
		uint32_t gsi_base;
	} ioapic[MAX_IOAPICS];
	paddr_t hpet_addr; /* 0: no HPET table */
};

extern struct acpi_info acpi_info;

/* Parse RSDP/RSDT/XSDT, MADT and HPET; rsdp 0 means search for it.
 * Returns false when no usable tables were found. */
bool acpi_init(paddr_t rsdp);

#endif
