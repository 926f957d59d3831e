/*
 * Named accessors for the page-table entries a PV guest writes.
 *
 * asm/page.h names the hardware bits for Xenolith's own tables; this
 * header adds what the guest-facing rules need (the software-available
 * bits, the "guest kernel" marker, cache attributes) and the small
 * accessors every rule is written with, so that no mask appears anywhere
 * else (house style §16).  Everything here is pure and host-testable.
 */
#ifndef ASM_PTE_H
#define ASM_PTE_H

#include <asm/page.h>

#define _PAGE_PAT	   (1UL << 7)	   /* L1 only; PSE above */
#define _PAGE_AVAIL	   (7UL << 9)	   /* bits 9-11: guest's own */
#define _PAGE_AVAIL_HIGH   (0x7ffUL << 52) /* bits 52-62: guest's own */
#define _PAGE_GUEST_KERNEL (1UL << 52)	   /* guest asked for US=0 */
#define PAGE_CACHE_ATTRS   (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
#define PTE_FLAGS_MASK	   (~PTE_ADDR_MASK)

/* Bits a guest may set at every level (Xen's base_disallow_mask inverse). */
#define PTE_GUEST_FLAGS                                                        \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED |              \
	 _PAGE_DIRTY | _PAGE_AVAIL | _PAGE_AVAIL_HIGH | _PAGE_NX)

/* Flags that may change without revalidating the target (Xen's fast path). */
#define PTE_FASTPATH_FLAGS                                                     \
	(_PAGE_NX | _PAGE_AVAIL_HIGH | _PAGE_AVAIL | _PAGE_GLOBAL |            \
	 _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_USER)

static inline uint64_t pte_flags(pte_t e)
{
	return e & PTE_FLAGS_MASK;
}

static inline mfn_t pte_mfn(pte_t e)
{
	return maddr_to_mfn(pte_maddr(e));
}

static inline pte_t pte_from_mfn(mfn_t mfn, uint64_t flags)
{
	return (mfn_to_maddr(mfn) & PTE_ADDR_MASK) | (flags & PTE_FLAGS_MASK);
}

static inline bool pte_rw(pte_t e)
{
	return e & _PAGE_RW;
}

static inline bool pte_user(pte_t e)
{
	return e & _PAGE_USER;
}

static inline bool pte_pse(pte_t e)
{
	return e & _PAGE_PSE;
}

/* Do a and b differ in the frame or in a flag outside keep? */
static inline bool pte_changed(pte_t a, pte_t b, uint64_t keep)
{
	return ((a ^ b) & ~keep) != 0;
}

/* Index of the entry p inside its (page-aligned) table. */
static inline unsigned int pte_slot(const pte_t *p)
{
	return ((uintptr_t)p & (PAGE_SIZE - 1)) / sizeof(pte_t);
}

static inline pte_t pte_read_atomic(const pte_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* Replace *p by new if it still holds *old; else *old gets the value. */
static inline bool pte_cmpxchg(pte_t *p, pte_t *old, pte_t new)
{
	return __atomic_compare_exchange_n(p, old, new, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/* L4 slots 256-271 belong to the hypervisor in every 64-bit PV L4. */
static inline bool l4_slot_is_guest(unsigned int slot)
{
	return slot < HYPERVISOR_L4_FIRST || slot > HYPERVISOR_L4_LAST;
}

#endif
