/* IO-APICs and the legacy PIC: masked at boot (traps/ioapic.c). */
#ifndef ASM_IOAPIC_H
#define ASM_IOAPIC_H

#include <xenolith/types.h>

void pic_mask_all(void);
void ioapic_init(void);
/* Read an IO-APIC register for dom0 (PHYSDEVOP_apic_read): 0 or
 * -EINVAL when physbase is no IO-APIC of this machine. */
int ioapic_guest_read(uint64_t physbase, uint32_t reg, uint32_t *val);
/* Routing one GSI (traps/pirq.c): is there such a pin; point it at
 * vector on the CPU with APIC ID dest, masked (false: no such GSI);
 * mask or unmask it. */
bool ioapic_gsi_exists(unsigned int gsi);
bool ioapic_route_gsi(unsigned int gsi, uint8_t vector, bool level,
		      bool active_low, uint8_t dest);
void ioapic_mask_gsi(unsigned int gsi, bool masked);

#endif
