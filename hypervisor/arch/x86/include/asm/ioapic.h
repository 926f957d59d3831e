/* IO-APICs and the legacy PIC: masked at boot (traps/ioapic.c). */
#ifndef ASM_IOAPIC_H
#define ASM_IOAPIC_H

void pic_mask_all(void);
void ioapic_init(void);

#endif
