/*
 * PV memory management: the hypercalls of arch/x86/mm/ and the hooks the
 * rest of the hypervisor calls.
 *
 * Hypercalls (entries of common/hypercall/table.c, five-argument form):
 *   do_mmu_update, do_mmuext_op, do_update_va_mapping,
 *   do_update_va_mapping_otherdomain, do_set_gdt, do_update_descriptor.
 *
 * memory_op: the reservation sub-ops live behind arch_memory_op(), which
 * common/hypercall/memory_op.c calls for every command it does not
 * answer itself.  It returns -ENOSYS for commands it does not handle
 * either (the caller keeps its own error for those):
 *   XENMEM_increase_reservation, XENMEM_decrease_reservation,
 *   XENMEM_populate_physmap  -> number of extents done (Xen's ABI);
 *   XENMEM_exchange          -> 0 or -errno, nr_exchanged written back.
 *
 * Preemption: long batches (mmu_update, mmuext_op) call
 * hypercall_preempt_check() between elements; when it says yes, they
 * stop and arrange, through pv_hypercall_continue(), for the guest to
 * re-issue the hypercall with the remaining work (Xen's
 * MMU_UPDATE_PREEMPTED encoding of count), so the done counts add up.
 * The check is pv/preempt.c's (softirq, deliverable event, time budget,
 * APIC IRR).  Inside a multicall the continuation rewrites the batch
 * entry instead and the multicall continues from it, as in Xen
 * (common/hypercall/multicall.c).
 */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xenolith/types.h>

struct domain;
struct vcpu;
struct cpu_user_regs;

long do_mmu_update(unsigned long reqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom, unsigned long a5);
long do_mmuext_op(unsigned long ops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom, unsigned long a5);
long do_update_va_mapping(unsigned long va, unsigned long val,
			  unsigned long flags, unsigned long a4,
			  unsigned long a5);
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
				      unsigned long flags, unsigned long domid,
				      unsigned long a5);
long do_set_gdt(unsigned long frames, unsigned long entries, unsigned long a3,
		unsigned long a4, unsigned long a5);
long do_update_descriptor(unsigned long maddr, unsigned long desc,
			  unsigned long a3, unsigned long a4, unsigned long a5);
long arch_memory_op(unsigned long cmd, unsigned long arg);

/* Should a long hypercall stop here and continue later? (pv/preempt.c;
 * the weak one in mm/pv_state.c, for host tests, says no) */
bool hypercall_preempt_check(void);
/* A guest hypercall starts now: its time budget counts from here. */
void pv_hypercall_started(void);
/* Re-issue hypercall nr with args when the guest next runs (inside a
 * multicall: rewrite the batch entry, multicall.c). */
long pv_hypercall_continue(unsigned int nr, const unsigned long args[5]);
/* Continuations made since boot (printed by the end-of-run check). */
extern unsigned long pv_continuations;

/*
 * #PF from a PV guest (call before bouncing it): true if it was a write
 * to one of the guest's own L1 tables that we emulated (writable page
 * tables, ptwr.c) or a first touch of its LDT that we mapped.
 */
bool pv_mm_page_fault(struct vcpu *v, struct cpu_user_regs *regs,
		      unsigned long cr2, uint32_t ec);


/*
 * pt_audit() of every domain, with the base pointers and descriptor
 * frames reported.  References other subsystems hold on guest frames
 * (vcpu_info, runstate areas, FIFO event control blocks...) must be
 * reported by them through pv_mm_extra_holders(), a weak no-op here:
 * call add(acc, mfn, type_ref) once per reference held.
 */
bool pv_mm_audit(void);
void pv_mm_extra_holders(void (*add)(void *acc, mfn_t mfn, bool type_ref),
			 void *acc);

/* The MMU code's per-vCPU state (struct arch_vcpu, asm/domain.h). */
struct pv_mm_vcpu *pv_mm_vcpu(struct vcpu *v);

/* Make the CPU use v's GDT and LDT (descriptors.c). */
void pv_load_descriptor_tables(struct vcpu *v);

#endif
