/*
 * The local APIC: each CPU's interrupt controller, timer and IPI sender.
 * Accessed as x2APIC (MSRs 0x800 + reg/16) when the CPU has it, else as
 * xAPIC (MMIO at the APIC base); apic_read/apic_write hide the difference.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xenolith/types.h>

#define APIC_ID	     0x020
#define APIC_VERSION 0x030
#define APIC_TPR     0x080
#define APIC_EOI     0x0b0
#define APIC_LDR     0x0d0
#define APIC_DFR     0x0e0
#define APIC_SVR     0x0f0
#define APIC_ESR     0x280
#define APIC_ICR     0x300
#define APIC_ICR2    0x310
#define APIC_LVTT    0x320
#define APIC_LVTTHMR 0x330
#define APIC_LVTPC   0x340
#define APIC_LVT0    0x350
#define APIC_LVT1    0x360
#define APIC_LVTERR  0x370
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0

#define APIC_SVR_ENABLE	      (1u << 8)
#define APIC_LVT_MASKED	      (1u << 16)
#define APIC_DM_FIXED	      0x000
#define APIC_DM_NMI	      0x400
#define APIC_DM_INIT	      0x500
#define APIC_DM_STARTUP	      0x600
#define APIC_ICR_LEVEL_ASSERT 0x4000
#define APIC_ICR_BUSY	      0x1000
#define APIC_DEST_SELF	      0x40000
#define APIC_DEST_ALLBUT      0xc0000

extern bool x2apic_enabled;

uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);
void apic_eoi(void);
uint32_t apic_id(void);
/* Enable this CPU's APIC (x2APIC mode when available). */
void apic_init_cpu(void);
void apic_init_bsp(void);
/* Send an IPI: dest is an APIC ID (ignored for shorthands in icr). */
void apic_send_ipi(uint32_t dest, uint32_t icr);
void apic_timer_calibrate(void);
void apic_timer_oneshot(uint64_t ns);

#endif
