/* IO-APICs and the legacy PIC: masked at boot (traps/ioapic.c). */
#ifndef ASM_IOAPIC_H
#define ASM_IOAPIC_H

void pic_mask_all(void);
void ioapic_init(void);
/* Read an IO-APIC register for dom0 (PHYSDEVOP_apic_read): 0 or
 * -EINVAL when physbase is no IO-APIC of this machine. */
int ioapic_guest_read(uint64_t physbase, uint32_t reg, uint32_t *val);

#endif
