/*
 * The 64-bit half of the x86 PV ABI: fixed selectors, the hole in the
 * address space that belongs to the hypervisor, and the register frame.
 *
 * A 64-bit PV kernel runs in ring 3, like its user space; the hypervisor
 * tells them apart by which page table is loaded.  The hypervisor
 * therefore owns a few GDT entries (in the reserved GDT page, see
 * FIRST_RESERVED_GDT_PAGE) whose selectors every guest may load: the
 * FLAT_RING3_* values below.  The kernel and user aliases are the same
 * numbers under other names.
 *
 * L4 slots 256-271 of every guest page table belong to the hypervisor.
 * The first 256 GiB of that range holds the read-only machine-to-physical
 * table, one 8-byte entry per machine frame.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XEN_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Constants of the ABI's unsigned types, as Xen spells them; plain
 * numbers for assembly, which knows no U/UL suffixes.
 */
#ifdef __ASSEMBLY__
#define xen_mk_uint(x) x
#define xen_mk_ulong(x) x
#define xen_mk_ullong(x) x
#else
#include <stdint.h>
#define xen_mk_uint(x) x##U
#define xen_mk_ulong(x) x##UL
#define xen_mk_ullong(x) x##ULL
#endif

#define FLAT_RING3_CS32 0xe023	/* GDT entry 260 */
#define FLAT_RING3_CS64 0xe033	/* GDT entry 262 */
#define FLAT_RING3_DS32 0xe02b	/* GDT entry 261 */
#define FLAT_RING3_DS64 0x0000	/* the null selector: flat in long mode */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS FLAT_KERNEL_SS64
#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS FLAT_USER_SS64

#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END 0xFFFF880000000000
#define __MACH2PHYS_VIRT_START 0xFFFF800000000000
#define __MACH2PHYS_VIRT_END 0xFFFF804000000000
#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START xen_mk_ulong(0xFFFF800000000000)
#define HYPERVISOR_VIRT_END xen_mk_ulong(0xFFFF880000000000)
#endif
#define MACH2PHYS_VIRT_START xen_mk_ulong(0xFFFF800000000000)
#define MACH2PHYS_VIRT_END xen_mk_ulong(0xFFFF804000000000)
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* Which base HYPERVISOR_set_segment_base sets. */
#define SEGBASE_FS 0
#define SEGBASE_GS_USER 1
#define SEGBASE_GS_KERNEL 2
#define SEGBASE_GS_USER_SEL 3	/* load user %gs with selector base[15:0] */

/* 64-bit only VGCF_ flag: the saved context came from a SYSCALL entry. */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL VGCF_in_syscall

#ifndef __ASSEMBLY__

/*
 * HYPERVISOR_iret: the frame a 64-bit guest pushes before it asks the
 * hypervisor to return for it (it cannot run IRET to ring 3 itself while
 * events must be re-enabled atomically).  Lowest address first, which is
 * %rsp at the hypercall.  If VGCF_in_syscall is set in 'flags', %rcx and
 * %r11 are not restored from the frame (they were clobbered by SYSCALL).
 */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * The guest's general registers, as saved on entry to the hypervisor and
 * as passed in struct vcpu_guest_context.  Xen's own headers name each
 * register several ways through anonymous unions (rax/eax/ax/al); only the
 * 64-bit names are kept here, since anonymous unions are not C99.
 * error_code and entry_vector belong to the hypervisor.  Selectors sit in
 * 8-byte slots with explicit padding.
 */
struct cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;	/* private to the hypervisor */
	uint32_t entry_vector;	/* private to the hypervisor */
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t _pad1[3];
	uint64_t rflags;	/* rflags.IF mirrors !saved_upcall_mask */
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;

#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

/* The per-vCPU arch slot of struct vcpu_info: %cr2 of the last #PF. */
struct arch_vcpu_info {
	uint64_t cr2;
	uint64_t pad;	/* keeps struct vcpu_info at 64 bytes */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback on 64-bit is just the linear address of its entry point. */
typedef uint64_t xen_callback_t;

#endif /* !__ASSEMBLY__ */
#endif /* XEN_PUBLIC_ARCH_X86_XEN_X86_64_H */
