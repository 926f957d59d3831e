/*
 * Shared fixture of the page-type host tests: a fake 64 MiB machine with
 * the real memory manager, two domains (dom0-like with I/O rights and a
 * plain domU), the policy hooks page_type.c needs, and helpers to build
 * page tables by hand.
 */
#ifndef PT_HARNESS_H
#define PT_HARNESS_H

#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/page.h>
#include <xenolith/tlbflush.h>
#include <asm/page_type.h>

struct domain {
	int id;
	bool privileged; /* may map others' frames, has I/O rights */
	long pages;
	mfn_t baseptr; /* "CR3": holds a reference on an L4, or INVALID */
};

extern struct domain dom0, domu;

/* Frames 0x9f..0xff are device memory here (the legacy hole). */
#define IO_FIRST 0x9fUL
#define IO_LAST	 0xffUL
/* A frame of the hypervisor image (state none). */
#define XEN_MFN 0x200UL

extern unsigned long type_change_flushes;
/* A pin's walk (pt_prevalidate.c), reported by pt_audit_all(); the
 * preemption check says yes every preempt_every-th call (0: never). */
extern struct pt_preval *harness_walk;
extern unsigned int preempt_every, preempt_calls;
/* The stamp of the last type change's flush, of the heap's last one. */
extern uint64_t type_change_stamp, alloc_flush_stamp;

void pt_boot(void);
mfn_t pt_alloc(struct domain *d);
pte_t *pt_map(mfn_t mfn);
/* base pointer (+1 L4 type ref) as NEW_BASEPTR would */
int pt_set_base(struct domain *d, mfn_t mfn);
/* pt_audit() with the base pointers reported. */
bool pt_audit_all(void);

#define PTE_P  _PAGE_PRESENT
#define PTE_RW _PAGE_RW
#define PTE_US _PAGE_USER

#endif
