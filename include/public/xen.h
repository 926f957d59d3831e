/*
 * The core of the Xen guest ABI, as Xen 4.17 defines it for x86_64.
 *
 * A PV guest talks to the hypervisor in three ways, all described here:
 *
 *  - Hypercalls.  The guest calls into a hypercall page that the
 *    hypervisor filled in; the hypercall number goes in %rax and up to
 *    five arguments in %rdi, %rsi, %rdx, %r10, %r8.  The result comes
 *    back in %rax: zero or a positive value on success, a negative
 *    XEN_E* errno (errno.h) on failure.  Numbers that a hypervisor does
 *    not implement return -ENOSYS.
 *
 *  - struct shared_info, one page per domain, which the guest maps: the
 *    event-channel pending and mask bitmaps, wall-clock time, and one
 *    struct vcpu_info per vCPU (upcall flags and system time).
 *
 *  - struct start_info, written by the domain builder into the new
 *    guest's memory; %rsi points to it when the kernel first runs.
 *
 * Frame numbers in this ABI are machine frames for PV guests (the guest
 * keeps its own pseudo-physical to machine table, the P2M), and guest
 * frames for translated (HVM/PVH) guests.
 *
 * The constants (not the structures) may be used from assembly: define
 * __ASSEMBLY__ first.
 *
 * Types are fixed-width; everything is laid out for x86_64 and pinned
 * with ABI_SIZE/ABI_OFFSET (abi_check.h).  tests/headers proves the
 * layout equal to Xen's own headers.
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include "abi_check.h"
#include "arch-x86/xen.h"

/* Flexible array members are C99; C++ gets one element instead. */
#ifndef XEN_FLEX_ARRAY_DIM
#ifdef __cplusplus
#define XEN_FLEX_ARRAY_DIM 1
#else
#define XEN_FLEX_ARRAY_DIM
#endif
#endif

/* xen_mk_uint/ulong/ullong come from arch-x86/xen-x86_64.h. */

/*
 * Hypercall numbers.  Every number Xen 4.17 assigns is listed, including
 * those kept only for old guests (the _compat ones take their argument
 * in an older form) and those Xenolith does not implement.
 */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6		/* before 3.0.2 */
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
/* 11 is unused */
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op_compat 16	/* before 3.0.2 */
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op_compat 19	/* before 3.0.2 */
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23			/* PV only */
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_set_segment_base 25	/* x86_64 PV only */
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38			/* removed; always -ENOSYS */
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42

/* Numbers kept for architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0 48		/* x86: machine-check (mca) */
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55
#define __HYPERVISOR_mca __HYPERVISOR_arch_0

/*
 * Virtual interrupts: events the hypervisor raises itself.  A guest
 * binds one to a port with EVTCHNOP_bind_virq.  "Global" VIRQs can be
 * bound once per domain (to any vCPU); the others once per vCPU.
 */
#define VIRQ_TIMER 0		/* per vCPU: the singleshot/periodic timer */
#define VIRQ_DEBUG 1		/* per vCPU: debug key pressed */
#define VIRQ_CONSOLE 2		/* global: emergency console input (dom0) */
#define VIRQ_DOM_EXC 3		/* global: a domain crashed or shut down */
#define VIRQ_TBUF 4		/* global: trace buffers need draining */
#define VIRQ_DEBUGGER 6		/* global: a domain hit a debug trap */
#define VIRQ_XENOPROF 7		/* per vCPU: profiling samples ready */
#define VIRQ_CON_RING 8		/* global: hypervisor console ring grew */
#define VIRQ_PCPU_STATE 9	/* global: a physical CPU came or went */
#define VIRQ_MEM_EVENT 10	/* global: VM event ring has entries */
#define VIRQ_ARGO 11		/* global: Argo message arrived */
#define VIRQ_ENOMEM 12		/* global: hypervisor heap is low */
#define VIRQ_XENPMU 13		/* per vCPU: PMU interrupt */
#define VIRQ_ARCH_0 16
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23
#define VIRQ_MCA VIRQ_ARCH_0	/* x86: machine check, dom0 only */
#define NR_VIRQS 24

/*
 * HYPERVISOR_mmu_update(struct mmu_update *req, unsigned count,
 *                       unsigned *done_out, domid_t foreign_dom)
 *
 * A batch of page-table writes checked by the hypervisor.  The low two
 * bits of req->ptr select the command, the rest is an address:
 *
 * MMU_NORMAL_PT_UPDATE: ptr is the machine address of a PTE in a page
 *   that is validated as a page table; val is the new PTE.  The frame it
 *   maps must be owned by the guest (or by foreign_dom, when given and
 *   privileged), and the new entry must keep every type rule (no writable
 *   mapping of a page table, and so on).
 * MMU_MACHPHYS_UPDATE: ptr is a machine address whose frame number gets
 *   the M2P entry val (a pseudo-physical frame number).
 * MMU_PT_UPDATE_PRESERVE_AD: as NORMAL, but the accessed and dirty bits
 *   the hardware may set meanwhile are kept.
 * MMU_PT_UPDATE_NO_TRANSLATE: as NORMAL for translated guests, with val
 *   taken as is (used on grant-mapped frames).
 *
 * *done_out (if not NULL) counts the requests done, also on failure.
 * Errors: -EINVAL (bad command or PTE), -EPERM, -ESRCH (foreign_dom),
 * -EFAULT (bad request array), -ENOMEM.
 */
#define MMU_NORMAL_PT_UPDATE 0
#define MMU_MACHPHYS_UPDATE 1
#define MMU_PT_UPDATE_PRESERVE_AD 2
#define MMU_PT_UPDATE_NO_TRANSLATE 3

/*
 * HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned count,
 *                      unsigned *done_out, domid_t foreign_dom)
 *
 * Operations on whole page tables and on the TLBs.  arg1/arg2 by cmd:
 *
 *  PIN_L1..L4_TABLE  arg1.mfn: validate the frame as a page table of that
 *                    level and hold a type reference until UNPIN_TABLE.
 *  UNPIN_TABLE       arg1.mfn: drop the pin.
 *  NEW_BASEPTR       arg1.mfn: load an L4 as the kernel's page table.
 *  NEW_USER_BASEPTR  arg1.mfn: the L4 used in user mode (0 = none).
 *  TLB_FLUSH_LOCAL, TLB_FLUSH_ALL: no arguments.
 *  INVLPG_LOCAL, INVLPG_ALL  arg1.linear_addr.
 *  TLB_FLUSH_MULTI, INVLPG_MULTI  arg2.vcpumask: a bitmap of vCPUs (and
 *                    arg1.linear_addr for INVLPG_MULTI).
 *  FLUSH_CACHE, FLUSH_CACHE_GLOBAL: WBINVD (privileged).
 *  SET_LDT           arg1.linear_addr, arg2.nr_ents (at most 8192).
 *  CLEAR_PAGE        arg1.mfn: zero a writable frame.
 *  COPY_PAGE         arg1.mfn (destination), arg2.src_mfn.
 *  MARK_SUPER, UNMARK_SUPER: superpage tracking, not supported in 4.17.
 *
 * Errors: -EINVAL (bad cmd, frame of the wrong type or not pinned),
 * -EPERM, -ESRCH, -EFAULT, -EBUSY (already pinned: -EINVAL in some paths).
 */
#define MMUEXT_PIN_L1_TABLE 0
#define MMUEXT_PIN_L2_TABLE 1
#define MMUEXT_PIN_L3_TABLE 2
#define MMUEXT_PIN_L4_TABLE 3
#define MMUEXT_UNPIN_TABLE 4
#define MMUEXT_NEW_BASEPTR 5
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_INVLPG_LOCAL 7
#define MMUEXT_TLB_FLUSH_MULTI 8
#define MMUEXT_INVLPG_MULTI 9
#define MMUEXT_TLB_FLUSH_ALL 10
#define MMUEXT_INVLPG_ALL 11
#define MMUEXT_FLUSH_CACHE 12
#define MMUEXT_SET_LDT 13
/* 14 is unused */
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE 16
#define MMUEXT_COPY_PAGE 17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER 19
#define MMUEXT_UNMARK_SUPER 20

#ifndef __ASSEMBLY__
struct mmuext_op {
	uint32_t cmd;			/* IN: MMUEXT_* */
	uint32_t _pad0;			/* implicit in Xen's header */
	union {
		xen_pfn_t mfn;
		uint64_t linear_addr;
	} arg1;				/* IN */
	union {
		uint32_t nr_ents;
		XEN_GUEST_HANDLE(const void) vcpumask;
		xen_pfn_t src_mfn;
	} arg2;				/* IN */
};
typedef struct mmuext_op mmuext_op_t;
#endif

/*
 * HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
 *                              unsigned long flags)
 * HYPERVISOR_update_va_mapping_otherdomain(va, pte, flags, domid_t dom)
 *
 * Write the L1 entry that maps va in the current page table, then flush
 * as flags say.  For the _MULTI flush types, the rest of flags (the bits
 * above UVMF_FLUSHTYPE_MASK and UVMF_ALL) is a pointer to a vCPU bitmap.
 * Errors as MMU_NORMAL_PT_UPDATE, and -EINVAL if no L1 maps va.
 */
#define UVMF_NONE (xen_mk_ulong(0) << 0)	/* no flush */
#define UVMF_TLB_FLUSH (xen_mk_ulong(1) << 0)	/* flush whole TLB(s) */
#define UVMF_INVLPG (xen_mk_ulong(2) << 0)	/* flush this va only */
#define UVMF_FLUSHTYPE_MASK (xen_mk_ulong(3) << 0)
#define UVMF_MULTI (xen_mk_ulong(0) << 2)	/* vCPUs in a bitmap */
#define UVMF_LOCAL (xen_mk_ulong(0) << 2)	/* this vCPU only */
#define UVMF_ALL (xen_mk_ulong(1) << 2)		/* all of the domain's vCPUs */

/*
 * HYPERVISOR_console_io(int cmd, int count, char *buffer)
 *
 * CONSOLEIO_write: print count bytes on the hypervisor console.  Any
 *   domain may write (unprivileged writes may be dropped or prefixed).
 * CONSOLEIO_read: dom0 only; read up to count bytes of console input and
 *   return how many were read.
 * Errors: -EFAULT, -EPERM (read by an unprivileged domain), -ENOSYS.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/*
 * HYPERVISOR_vm_assist(unsigned cmd, unsigned type)
 *
 * Switch on (or off) a hypervisor assist for this domain.  Returns
 * -EINVAL for a type the hypervisor does not offer this guest.
 */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments 0	/* 32-bit only */
#define VMASST_TYPE_4gb_segments_notify 1	/* 32-bit only */
#define VMASST_TYPE_writable_pagetables 2	/* emulate writes to PTs */
#define VMASST_TYPE_pae_extended_cr3 3	/* 32-bit only */
#define VMASST_TYPE_architectural_iopl 4	/* IOPL from eflags as on hw */
#define VMASST_TYPE_runstate_update_flag 5	/* XEN_RUNSTATE_UPDATE bit */
#define VMASST_TYPE_m2p_strict 32	/* M2P shows only own frames */

/*
 * Domain identifiers.  Real domains are numbered below
 * DOMID_FIRST_RESERVED; the rest are pseudo-domains valid in particular
 * calls only (DOMID_SELF nearly everywhere, DOMID_IO and DOMID_XEN as the
 * owners of special frames, DOMID_COW for shared pages).
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
#define DOMID_SELF xen_mk_uint(0x7FF0)
#define DOMID_IO xen_mk_uint(0x7FF1)
#define DOMID_XEN xen_mk_uint(0x7FF2)
#define DOMID_COW xen_mk_uint(0x7FF3)
#define DOMID_INVALID xen_mk_uint(0x7FF4)
#define DOMID_IDLE xen_mk_uint(0x7FFF)
#define DOMID_MASK xen_mk_uint(0x7FFF)

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* An event-channel port number (event_channel.h). */
typedef uint32_t evtchn_port_t;

/* One request of HYPERVISOR_mmu_update (see above). */
struct mmu_update {
	uint64_t ptr;		/* IN: machine address of the PTE | MMU_* */
	uint64_t val;		/* IN: new PTE (or pfn for MACHPHYS) */
};
typedef struct mmu_update mmu_update_t;

/*
 * HYPERVISOR_multicall(struct multicall_entry *calls, unsigned count)
 *
 * Run several hypercalls in one trap.  Each entry is run in order and its
 * return value stored in 'result'; a failing entry does not stop the
 * batch.  The call itself fails only for -EFAULT (bad array) or -EINVAL;
 * nesting a multicall inside a multicall is refused.
 */
struct multicall_entry {
	xen_ulong_t op;		/* IN: __HYPERVISOR_* */
	xen_ulong_t result;	/* OUT: that hypercall's return value */
	xen_ulong_t args[6];	/* IN */
};
typedef struct multicall_entry multicall_entry_t;

/*
 * Time as each vCPU sees it.  The hypervisor bumps 'version' to odd,
 * updates, then bumps it to even: a reader retries while the version is
 * odd or changed (a seqlock).  Current time in ns since boot is
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift)
 *                  * tsc_to_system_mul >> 32)
 * with a negative tsc_shift meaning a right shift.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;		/* TSC when the values were set */
	uint64_t system_time;		/* ns since boot at that TSC */
	uint32_t tsc_to_system_mul;	/* 32.32 fixed point ns per tick */
	int8_t tsc_shift;
	uint8_t flags;			/* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1)

/*
 * Per-vCPU event state.  The hypervisor sets evtchn_upcall_pending (and
 * a bit in evtchn_pending_sel for each word of shared_info.evtchn_pending
 * holding a newly pending port), then sends an upcall unless
 * evtchn_upcall_mask is set.  The guest clears the pending byte before it
 * scans, so no event is lost.  The mask is the PV guest's "interrupt
 * flag"; only the vCPU itself writes it, so no locked access is needed.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t _pad0[6];		/* implicit in Xen's header */
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared page of a domain.  evtchn_pending and evtchn_mask hold one
 * bit per port of the 2-level event ABI (64 x 64 = 4096 ports): a 0->1
 * change of PENDING on an unmasked port sets the port's word bit in the
 * selector of the vCPU it is bound to and raises that vCPU's upcall.
 * Wall-clock time: seconds (wc_sec_hi:wc_sec) and ns since the Unix
 * epoch at system time 0, with wc_version as a seqlock.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
#define xen_wc_sec_hi wc_sec_hi

/*
 * What a PV guest finds at boot (%rsi).  The first part is rewritten on
 * resume after save/restore, the rest is only valid at first boot.
 *
 * Memory at boot: the kernel image, then the initial P2M (mfn_list), the
 * start_info page, the xenstore and console pages (domU), the bootstrap
 * page tables (pt_base, nr_pt_frames), and 512 KiB of spare room, all
 * mapped.  mod_start is the initrd: a virtual address, or a pfn with
 * SIF_MOD_START_PFN.  For dom0, console.dom0 locates a struct
 * dom0_vga_console_info inside this page.
 */
#define MAX_GUEST_CMDLINE 1024
struct start_info {
	/* Valid at boot and after resume. */
	char magic[32];			/* "xen-<version>-<platform>" */
	uint64_t nr_pages;		/* pages allocated to the domain */
	uint64_t shared_info;		/* machine address of shared_info */
	uint32_t flags;			/* SIF_* */
	uint32_t _pad0;			/* implicit in Xen's header */
	xen_pfn_t store_mfn;		/* machine frame of the xenstore ring */
	uint32_t store_evtchn;		/* its event channel */
	uint32_t _pad1;			/* implicit in Xen's header */
	union {
		struct {
			xen_pfn_t mfn;	/* machine frame of the console ring */
			uint32_t evtchn;	/* its event channel */
			uint32_t _pad0;
		} domU;
		struct {
			uint32_t info_off;	/* offset of the vga info */
			uint32_t info_size;	/* its size */
		} dom0;
	} console;
	/* Valid at first boot only. */
	uint64_t pt_base; /* virtual address of the top page table */
	uint64_t nr_pt_frames;		/* frames of bootstrap page tables */
	uint64_t mfn_list;		/* virtual address of the P2M array */
	uint64_t mod_start;		/* initrd: virtual address (or pfn) */
	uint64_t mod_len;		/* initrd size in bytes */
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	uint64_t first_p2m_pfn;		/* first pfn of the P2M area */
	uint64_t nr_p2m_frames;		/* its length in frames */
};
typedef struct start_info start_info_t;

#endif /* !__ASSEMBLY__ */

#define SIF_PRIVILEGED (1 << 0)		/* the domain is privileged */
#define SIF_INITDOMAIN (1 << 1)		/* it is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD (1 << 2) /* mod_start is a multiboot module list */
#define SIF_MOD_START_PFN (1 << 3)	/* mod_start is a pfn */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)	/* tools read a virtually mapped P2M */
#define SIF_PM_MASK (0xFF << 8)		/* reserved for power management */

#ifndef __ASSEMBLY__

/* An entry of the list mod_start points to under SIF_MULTIBOOT_MOD. */
struct xen_multiboot_mod_list {
	uint32_t mod_start;	/* physical address of the first byte */
	uint32_t mod_end;	/* physical address of the last byte */
	uint32_t cmdline;	/* physical address of a NUL-ended string */
	uint32_t pad;		/* must be zero */
};

/*
 * The boot console dom0 inherits, at start_info + console.dom0.info_off
 * (also in XENPF_firmware_info's VGA query).
 */
typedef struct dom0_vga_console_info {
	uint8_t video_type;	/* XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB 0x23
#define XEN_VGATYPE_EFI_LFB 0x70
	uint8_t _pad0[1];	/* implicit in Xen's header */
	union {
		struct {
			uint16_t font_height;	/* pixels */
			uint16_t cursor_x, cursor_y;	/* column, row */
			uint16_t rows, columns;	/* in characters */
		} text_mode_3;
		struct {
			uint16_t width, height;	/* pixels */
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t lfb_base;	/* physical address, low half */
			uint32_t lfb_size;	/* in 64 KiB units */
			uint8_t red_pos, red_size;	/* VBE 1.2 masks */
			uint8_t green_pos, green_size;
			uint8_t blue_pos, blue_size;
			uint8_t rsvd_pos, rsvd_size;
			uint32_t gbl_caps;	/* VBE capabilities (4f00h) */
			uint16_t mode_attrs; /* VBE mode attributes (4f01h) */
			uint16_t pad;
			uint32_t ext_lfb_base;	/* high half of lfb_base */
		} vesa_lfb;
	} u;
} dom0_vga_console_info_t;
#define xen_vga_console_info dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

/* A domain's UUID, as the toolstack sets it. */
typedef uint8_t xen_domain_handle_t[16];

typedef struct {
	uint8_t a[16];
} xen_uuid_t;

/* A bitmap in guest memory (CPU or node masks of domctl/sysctl). */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8_t) bitmap;	/* byte array, bit 0 first */
	uint32_t nr_bits;
	uint32_t _pad0;				/* implicit in Xen's header */
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

/* Layout pins (verified against Xen 4.17 by tests/headers). */
ABI_SIZE(struct trap_info, 16);
ABI_SIZE(struct cpu_user_regs, 200);
ABI_OFFSET(struct cpu_user_regs, rip, 128);
ABI_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
ABI_OFFSET(struct cpu_user_regs, gs, 192);
ABI_SIZE(struct iret_context, 72);
ABI_SIZE(struct arch_vcpu_info, 16);
ABI_SIZE(struct arch_shared_info, 48);
ABI_SIZE(struct vcpu_guest_context, 5168);
ABI_OFFSET(struct vcpu_guest_context, flags, 512);
ABI_OFFSET(struct vcpu_guest_context, user_regs, 520);
ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
ABI_OFFSET(struct vcpu_guest_context, gs_base_user, 5160);
ABI_SIZE(struct mmu_update, 16);
ABI_SIZE(struct mmuext_op, 24);
ABI_SIZE(struct multicall_entry, 64);
ABI_SIZE(struct vcpu_time_info, 32);
ABI_SIZE(struct vcpu_info, 64);
ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
ABI_OFFSET(struct vcpu_info, time, 32);
ABI_SIZE(struct shared_info, 3136);
ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
ABI_OFFSET(struct shared_info, wc_version, 3072);
ABI_OFFSET(struct shared_info, wc_sec_hi, 3084);
ABI_OFFSET(struct shared_info, arch, 3088);
ABI_SIZE(struct start_info, 1168);
ABI_OFFSET(struct start_info, nr_pages, 32);
ABI_OFFSET(struct start_info, shared_info, 40);
ABI_OFFSET(struct start_info, flags, 48);
ABI_OFFSET(struct start_info, store_mfn, 56);
ABI_OFFSET(struct start_info, store_evtchn, 64);
ABI_OFFSET(struct start_info, console, 72);
ABI_OFFSET(struct start_info, pt_base, 88);
ABI_OFFSET(struct start_info, mfn_list, 104);
ABI_OFFSET(struct start_info, mod_len, 120);
ABI_OFFSET(struct start_info, cmd_line, 128);
ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
ABI_SIZE(struct xen_multiboot_mod_list, 16);
ABI_SIZE(struct dom0_vga_console_info, 40);
ABI_SIZE(struct xen_arch_domainconfig, 8);
ABI_SIZE(struct xen_cpuid_leaf, 24);
ABI_SIZE(struct xen_msr_entry, 16);
ABI_SIZE(struct xenctl_bitmap, 16);

#endif /* !__ASSEMBLY__ */
#endif /* XEN_PUBLIC_XEN_H */
