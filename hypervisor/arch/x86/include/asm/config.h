/*
 * The virtual layout (docs/architecture.md) and the fixed sizes of boot.
 * Shared by C and assembly, so only #defines.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#include <xenolith/config.h>

#define XEN_VIRT_START	     0xffff828000000000
#define XEN_PHYS_START	     0x200000
#define DIRECTMAP_VIRT_START 0xffff830000000000
#define DIRECTMAP_VIRT_END   0xffff880000000000
#define PERDOMAIN_VIRT_START 0xffff820000000000
/* MMIO windows (APIC, IO-APIC, HPET) mapped uncached by ioremap(). */
#define IOREMAP_VIRT_START 0xffff828040000000
#define IOREMAP_VIRT_END   0xffff828080000000
/* AP stack blocks, mapped with their guard page left out (smpboot.c). */
#define STACKS_VIRT_START 0xffff828080000000

/* L4 slots the hypervisor owns in every address space (256-271). */
#define HYPERVISOR_L4_FIRST 256
#define HYPERVISOR_L4_LAST  271

#define STACK_ORDER    3 /* 32 KiB per CPU */
#define STACK_SIZE     (4096 << STACK_ORDER)
#define IST_STACK_SIZE 4096

/* SMP trampoline: copied to this physical address below 1 MiB. */
#define TRAMPOLINE_PHYS 0x8000

#endif
