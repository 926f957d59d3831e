/*
 * The x86 parts of struct domain and struct vcpu: what a 64-bit PV guest
 * has registered with us, and the per-vCPU state of its virtual CPU that
 * the hardware cannot hold for it.
 *
 * A PV vCPU runs both its kernel and its user space in ring 3.  We keep
 * the difference: kernel_mode says which one runs, guest_table and
 * guest_table_user are the two page-table roots switched on every
 * transition, and the guest's two %gs bases live in the GS_BASE and
 * SHADOW_GS_BASE MSRs (the active one in GS_BASE), so a transition is a
 * SWAPGS plus a CR3 load.  The virtual IDT (trap_ctxt), callbacks and
 * kernel stack are what an exception or a user SYSCALL needs to build
 * the guest's bounce frame (pv/traps.c).
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <xenolith/hypercall.h>
#include <xenolith/page.h>
#include <asm/traps.h>

/*
 * What the MMU code keeps per vCPU (arch/x86/mm/descriptors.c): the
 * guest's GDT frames, each holding a descriptor-page type reference, and
 * its LDT, whose frames are mapped (and referenced) on first touch.
 */
#define PV_GDT_FRAMES 16
#define PV_LDT_FRAMES 16
struct pv_mm_vcpu {
	mfn_t gdt_frame[PV_GDT_FRAMES]; /* descriptor pages (type refs) */
	unsigned int gdt_ents;
	unsigned long ldt_base; /* guest VA, page aligned */
	unsigned int ldt_ents;
	mfn_t ldt_frame[PV_LDT_FRAMES]; /* lazily mapped frames */
	unsigned int ldt_mapped; /* bit i: ldt_frame[i] holds a type ref */
	struct pt_preval *preval; /* a pin's tree being validated (mm/) */
};

struct pv_callback {
	uint64_t eip;		/* 0: none registered */
	bool mask_events;	/* CALLBACKF_mask_events */
};

struct arch_vcpu {
	struct trap_info trap_ctxt[256];	/* the virtual IDT */
	struct pv_callback event, failsafe, syscall, nmi;
	struct pv_callback compat_entry;	/* syscall32/sysenter, unused */
	uint64_t kernel_ss, kernel_sp;		/* stack_switch */
	mfn_t guest_table;		/* kernel L4 */
	mfn_t guest_table_user;		/* user L4, INVALID_MFN if none */
	bool kernel_mode;		/* TF_kernel_mode */
	bool fpu_ts;			/* virtual CR0.TS (fpu_taskswitch) */
	bool nmi_masked;		/* NMI delivered, no iret yet */
	unsigned int iopl;		/* virtual IOPL (PHYSDEVOP_set_iopl) */
	uint64_t cr2;			/* virtual CR2 */
	uint64_t cr4;			/* virtual CR4 (read by the guest) */
	uint64_t dr[8];			/* DR0-3, DR6, DR7 (pv/debugreg.c) */
	uint64_t dr7_io;		/* enable bits of I/O breakpoints */
	struct pv_mm_vcpu mm;		/* GDT/LDT frames (mm/) */

	/* Saved while another vCPU has the CPU (pv/switch.c). */
	void *stack;			/* its hypervisor stack block */
	unsigned long hv_rsp;		/* saved %rsp while switched out */
	int64_t slice_start;		/* NOW() when it got the CPU */
	struct cpu_user_regs regs;	/* initial frame (VCPUOP_initialise) */
	uint16_t sel[4];		/* ds, es, fs, gs */
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	void *xsave_area;		/* x87/SSE/AVX state (pv/xstate.c) */
	uint64_t xcr0;			/* the guest's XCR0 */

	/* Virtual machine-check registers (pv/msr_mce.c). */
	uint64_t mcg_status;
	uint64_t mci_ctl2[2];
};

/* A boot-time domU's XenStore and console rings (pv/magic.c). */
struct pv_magic {
	bool valid;			/* the builder set them up */
	unsigned long store_pfn, console_pfn;
	uint32_t store_evtchn, console_evtchn;
};

struct arch_domain {
	unsigned long vm_assist;	/* VMASST_TYPE_* bits enabled */
	bool pae_extended_cr3;		/* the PAE_MODE note said extended */
	struct pv_magic magic;

	/* Destruction's progress (mm/relinquish.c): stage, frames done
	 * with in this stage, frames given back to the heap, -ERESTARTs. */
	unsigned int relmem;
	struct page_list_head relmem_list;
	unsigned long relmem_freed;
	unsigned long relmem_restarts;
};

#endif
