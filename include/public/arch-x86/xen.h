/*
 * x86 facts shared by the 32- and 64-bit PV ABI; this transcription keeps
 * only x86_64 (32-bit PV guests are out of scope, architecture.md).
 *
 * Guest handles.  A hypercall argument that points into guest memory is a
 * "guest handle".  Xen wraps each in a one-field struct so that the
 * hypervisor cannot dereference it by mistake; the layout is the same as
 * a bare pointer (8 bytes, 8-aligned).  Here a handle is a plain pointer
 * spelled XEN_GUEST_HANDLE(type), so guest code assigns it directly and
 * the hypervisor's copy_from_guest() helpers take its value.  Hypervisor
 * code must never dereference one.
 *
 * Virtual IDT.  A PV guest registers one struct trap_info per exception
 * vector with HYPERVISOR_set_trap_table.  The flags byte holds the DPL
 * that INT n must have to reach the handler (bits 0-1) and, in bit 2,
 * whether event delivery is masked on entry (an interrupt gate).
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_H
#define XEN_PUBLIC_ARCH_X86_XEN_H

#include "xen-x86_64.h"

#define XEN_GUEST_HANDLE(type) type *
#define XEN_GUEST_HANDLE_PARAM(type) type *
#define XEN_GUEST_HANDLE_64(type) type *
#define set_xen_guest_handle(hnd, val) ((hnd) = (val))

#ifndef __ASSEMBLY__
typedef uint64_t xen_pfn_t;	/* a frame number: machine for PV guests */
typedef uint64_t xen_ulong_t;	/* the guest's native word */
#endif

/* This architecture has PV guests, and vcpu_info carries an upcall mask. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * GDT pages from 14 on (entries 0xe000/8 = 7168 upward) belong to the
 * hypervisor; a guest's GDT may have at most FIRST_RESERVED_GDT_ENTRY
 * entries.
 */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vcpu_info slots inside shared_info; later vCPUs register their own. */
#define XEN_LEGACY_MAX_VCPUS 32

#ifndef __ASSEMBLY__

#define TI_GET_DPL(ti) ((ti)->flags & 3)
#define TI_GET_IF(ti) ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl) ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, ifl) ((ti)->flags |= ((!!(ifl)) << 2))

/*
 * One virtual IDT entry (HYPERVISOR_set_trap_table, and trap_ctxt[] of
 * vcpu_guest_context).  A table passed to set_trap_table ends with an
 * entry whose address is 0.
 */
struct trap_info {
	uint8_t vector;		/* exception vector */
	uint8_t flags;		/* bits 0-1: DPL; bit 2: mask events */
	uint16_t cs;		/* code selector of the handler */
	uint32_t _pad0;		/* implicit in Xen's header */
	uint64_t address;	/* handler's linear address */
};
typedef struct trap_info trap_info_t;

typedef uint64_t tsc_timestamp_t;

/*
 * The whole architectural state of a PV vCPU: VCPUOP_initialise and
 * XEN_DOMCTL_setvcpucontext take it, XEN_DOMCTL_getvcpucontext returns it.
 * The FPU area comes first so that it is 16-byte aligned for FXSAVE.
 * ctrlreg[3] holds the kernel's top-level page table as xen_pfn_to_cr3()
 * of its frame; ctrlreg[1] the user one.
 */
struct vcpu_guest_context {
	struct {
		char x[512];
	} fpu_ctxt;			/* FXSAVE image */
#define VGCF_I387_VALID (1 << 0)
#define VGCF_IN_KERNEL (1 << 2)
#define _VGCF_i387_valid 0
#define VGCF_i387_valid (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel 2
#define VGCF_in_kernel (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events 4
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define _VGCF_online 5
#define VGCF_online (1 << _VGCF_online)
	uint64_t flags;			/* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];	/* the virtual IDT */
	uint64_t ldt_base, ldt_ents;	/* linear address, entry count */
	uint64_t gdt_frames[16], gdt_ents;	/* machine frames, count */
	uint64_t kernel_ss, kernel_sp;	/* stack used on ring-3 -> kernel */
	uint64_t ctrlreg[8];		/* CR0-CR7 */
	uint64_t debugreg[8];		/* DR0-DR7 */
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;		/* VMASST_TYPE_* bitmap */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;

/*
 * The arch slot of struct shared_info: where the guest publishes its P2M
 * so that save/restore tools can find it.  pfn_to_mfn_frame_list_list is
 * the frame of a page listing the frames of pages that list the P2M's
 * frames (the three-level tree); p2m_cr3/p2m_vaddr/p2m_generation describe
 * a virtually mapped P2M instead (SIF_VIRT_P2M_4TOOLS).
 */
struct arch_shared_info {
	uint64_t max_pfn;	/* the P2M covers pfns [0, max_pfn) */
	xen_pfn_t pfn_to_mfn_frame_list_list;
	uint64_t nmi_reason;
	uint64_t p2m_cr3;	/* cr3 of the address space holding the P2M */
	uint64_t p2m_vaddr;	/* its virtual address there */
	uint64_t p2m_generation;	/* bumped around each P2M change */
};
typedef struct arch_shared_info arch_shared_info_t;

/* Toolstack-only: which devices the hypervisor emulates for a domain. */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC 0
#define XEN_X86_EMU_LAPIC (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET 1
#define XEN_X86_EMU_HPET (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM 2
#define XEN_X86_EMU_PM (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC 3
#define XEN_X86_EMU_RTC (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC 4
#define XEN_X86_EMU_IOAPIC (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC 5
#define XEN_X86_EMU_PIC (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA 6
#define XEN_X86_EMU_VGA (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU 7
#define XEN_X86_EMU_IOMMU (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT 8
#define XEN_X86_EMU_PIT (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ 9
#define XEN_X86_EMU_USE_PIRQ (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI 10
#define XEN_X86_EMU_VPCI (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL                                                     \
	(XEN_X86_EMU_LAPIC | XEN_X86_EMU_HPET | XEN_X86_EMU_PM |           \
	 XEN_X86_EMU_RTC | XEN_X86_EMU_IOAPIC | XEN_X86_EMU_PIC |          \
	 XEN_X86_EMU_VGA | XEN_X86_EMU_IOMMU | XEN_X86_EMU_PIT |           \
	 XEN_X86_EMU_USE_PIRQ | XEN_X86_EMU_VPCI)
	uint32_t emulation_flags;	/* XEN_X86_EMU_*; PV guests: 0 */
#define XEN_X86_MSR_RELAXED (1u << 0)
	uint32_t misc_flags;
};
#define XEN_X86_MISC_FLAGS_MAX XEN_X86_MSR_RELAXED

/* One CPUID leaf of a domain's policy (domctl/sysctl cpu policy ops). */
typedef struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu
	uint32_t leaf, subleaf;
	uint32_t a, b, c, d;
} xen_cpuid_leaf_t;

/* One MSR of a domain's policy. */
typedef struct xen_msr_entry {
	uint32_t idx;
	uint32_t flags;		/* reserved, must be zero */
	uint64_t val;
} xen_msr_entry_t;

#endif /* !__ASSEMBLY__ */

/* The forced-emulation prefix: ud2 followed by "xen", then an insn. */
#ifdef __ASSEMBLY__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e;
#define XEN_CPUID XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID XEN_EMULATE_PREFIX "cpuid"
#endif

/* Port where HVM guests may write debug characters (Bochs-style). */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#endif /* XEN_PUBLIC_ARCH_X86_XEN_H */
