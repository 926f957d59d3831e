/*
 * Shared by the PV MMU hypercall files of arch/x86/mm/ (not a public
 * interface: that is asm/mm.h and asm/page_type.h).
 */
#ifndef PV_MM_H
#define PV_MM_H

#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/tlbflush.h>
#include <asm/mm.h>
#include <asm/page_type.h>

/*
 * The domain a foreign-domain argument names (Xen's get_pg_owner):
 * DOMID_SELF is the caller, DOMID_IO the device-frame owner, any other
 * an existing domain the caller controls.  NULL with *rc set otherwise:
 * -ESRCH for a domain that does not exist (or the caller's own ID
 * spelled out, as Xen), -EPERM without the right.
 */
struct domain *pv_pg_owner(domid_t dom, long *rc);

/*
 * The L1 entry mapping va in v's kernel page tables, or NULL (va outside
 * the guest's half, a missing or superpage upper level).  *l1 gets the
 * L1 frame.  The walk reads validated tables only.
 */
pte_t *pv_guest_l1e(struct vcpu *v, unsigned long va, mfn_t *l1);

/*
 * Flush the TLBs that may hold the caller's (or d's) translations, global
 * entries included; _local: this CPU only.
 */
void pv_flush_tlb_local(void);
void pv_flush_tlb(void);
void pv_flush_tlb_domain(const struct domain *d);
/* Only the other CPUs d's vCPUs run on (full flushes). */
void pv_flush_tlb_remote(const struct domain *d);
void pv_invlpg(unsigned long va);

/* Unpin the frames d released while in use (memory_op.c). */
void pv_mm_drop_released(struct domain *d);

/* Drop v's GDT frames (their type references). */
void pv_drop_gdt(struct vcpu *v);

/* Drop v's lazily mapped LDT frames (Xen's pv_destroy_ldt). */
void pv_destroy_ldt(struct vcpu *v);

/* A vCPU bitmap argument (UVMF_MULTI, *_MULTI): 0 or -EFAULT. */
long pv_read_vcpumask(struct domain *d, unsigned long ptr, unsigned long *mask);

#endif
