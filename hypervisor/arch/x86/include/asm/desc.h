/*
 * Segment selectors, GDT/IDT/TSS layouts.
 *
 * Xenolith's GDT follows Xen's: a guest may own GDT frames 0-13 (entries
 * 0 to 0x1bff, set with HYPERVISOR_set_gdt later) and the hypervisor owns
 * the 15th page, from byte 0xe000 (FIRST_RESERVED_GDT_BYTE).  Its entries
 * give the selectors of Xen's ABI: the FLAT_RING3_* values PV guests load
 * (include/public/arch-x86/xen-x86_64.h) and the hypervisor's own.  The
 * order (kernel CS, kernel DS, -, user CS32, user DS, user CS64) is also
 * what SYSCALL/SYSRET require of STAR.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#define FIRST_RESERVED_GDT_PAGE	 14
#define FIRST_RESERVED_GDT_BYTE	 (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define GDT_LIMIT		 (FIRST_RESERVED_GDT_BYTE + 4096 - 1)

#define __HYPERVISOR_CS	  0xe008 /* ring 0, 64-bit */
#define __HYPERVISOR_DS	  0xe010 /* ring 0 data (DS32 in Xen) */
#define __HYPERVISOR_CS32 0xe038 /* ring 0, compatibility mode */
#define __USER_CS32	  0xe023 /* FLAT_RING3_CS32 */
#define __USER_DS	  0xe02b /* FLAT_RING3_DS32/SS */
#define __USER_CS64	  0xe033 /* FLAT_RING3_CS64 */
#define TSS_SELECTOR	  0xe040 /* entries 8-9 (16-byte system desc) */
#define LDT_SELECTOR	  0xe050 /* entries 10-11, for guest LDTs */
#define PER_CPU_SELECTOR  0xe060 /* entry 12: limit == CPU number */

/* Entry numbers within the reserved page. */
#define GDT_E_TSS     8
#define GDT_E_LDT     10
#define GDT_E_PER_CPU 12

/* IST slots (1-based, as in the IDT gate). */
#define IST_DF	1
#define IST_NMI 2
#define IST_MC	3
#define IST_DB	4	/* set up with the PV code (pv/debugreg.c) */

#ifndef __ASSEMBLY__
#include <xenolith/types.h>

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7]; /* ist[0] is IST1 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct idt_entry {
	uint16_t offset0;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr; /* P, DPL, type (0xe interrupt gate) */
	uint16_t offset1;
	uint32_t offset2;
	uint32_t reserved;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* Per-CPU descriptor setup (boot/gdt.c, traps/idt.c). */
void gdt_init_cpu(unsigned int cpu, unsigned long stack_block);
void idt_init(void);
void idt_load_cpu(unsigned int cpu);
void idt_set_ist_gate(unsigned int cpu, unsigned int vec, const void *handler,
		      unsigned int ist);
vaddr_t gdt_virt(unsigned int cpu);
struct tss64 *cpu_tss(unsigned int cpu);
#endif

#endif
