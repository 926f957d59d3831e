/*
 * Feature flags a guest reads with XENVER_get_features (version.h):
 * bit n of submap 0 is XENFEAT number n.  They tell the guest what the
 * hypervisor offers it; a 64-bit PV guest on x86 typically sees
 * writable_page_tables, mmu_pt_update_preserve_ad and
 * gnttab_map_avail_bits, plus dom0 for the initial domain.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables 0	/* PTs may be written directly */
#define XENFEAT_writable_descriptor_tables 1	/* so may GDT/LDT pages */
#define XENFEAT_auto_translated_physmap 2	/* guest sees pfns, not mfns */
#define XENFEAT_supervisor_mode_kernel 3	/* kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb 4	/* PAE L3 may be above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad 5	/* MMU_PT_UPDATE_PRESERVE_AD */
#define XENFEAT_highmem_assist 6	/* MMUEXT_{CLEAR,COPY}_PAGE */
#define XENFEAT_gnttab_map_avail_bits 7	/* GNTMAP_guest_avail_mask */
#define XENFEAT_hvm_callback_vector 8	/* HVM: upcall by vector */
#define XENFEAT_hvm_safe_pvclock 9	/* HVM: pvclock usable */
#define XENFEAT_hvm_pirqs 10		/* HVM: PIRQs as event channels */
#define XENFEAT_dom0 11			/* this is the initial domain */
/* 12 was grant_map_identity (ARM), withdrawn: Xen no longer defines it. */
#define XENFEAT_memory_op_vnode_supported 13	/* vNUMA in XENMEM_* */
#define XENFEAT_ARM_SMCCC_supported 14	/* ARM: SMCCC 1.1 */
#define XENFEAT_linux_rsdp_unrestricted 15	/* PVH: RSDP anywhere */
#define XENFEAT_not_direct_mapped 16	/* guest memory not 1:1 */
#define XENFEAT_direct_mapped 17	/* guest memory 1:1 */

#define XENFEAT_NR_SUBMAPS 1

#endif /* XEN_PUBLIC_FEATURES_H */
