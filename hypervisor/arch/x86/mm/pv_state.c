/*
 * What the PV MMU code keeps per vCPU, and its links to the rest of the
 * hypervisor: the foreign-domain argument, guest page-table walks,
 * preemption and continuations.  TLB flushes are mm/tlbflush.c.
 *
 * Per-vCPU state (GDT frames, LDT base and lazily mapped LDT frames) is
 * struct arch_vcpu's mm; relinquishing a domain is mm/relinquish.c.
 */
#include "pv_mm.h"
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <xenolith/smp.h>

struct pv_mm_vcpu *pv_mm_vcpu(struct vcpu *v)
{
	return &v->arch.mm;
}

struct domain *pv_pg_owner(domid_t dom, long *rc)
{
	struct domain *curr = current_domain(), *d;

	*rc = 0;
	if (dom == DOMID_SELF)
		return curr;
	*rc = -ESRCH;
	if (dom == curr->domain_id)
		return NULL;
	if (dom == DOMID_IO)
		d = dom_io;
	else if (!(d = domain_lookup(dom)))
		return NULL;
	if (!curr->is_privileged) {
		*rc = -EPERM;
		return NULL;
	}
	*rc = 0;
	return d;
}

/* Next-level table of a present, validated upper entry, or NULL. */
static pte_t *next_table(pte_t e)
{
	if (!pte_present(e) || pte_pse(e) || !mfn_valid(pte_mfn(e)))
		return NULL;
	return maddr_to_virt(pte_maddr(e));
}

pte_t *pv_guest_l1e(struct vcpu *v, unsigned long va, mfn_t *l1)
{
	pte_t *t, e;
	int shift;

	if (!mfn_valid_raw(v->arch.guest_table) ||
	    !l4_slot_is_guest(pt_index(va, L4_SHIFT)) ||
	    ((int64_t)va >> 47 != 0 && (int64_t)va >> 47 != -1))
		return NULL;
	t = maddr_to_virt(mfn_to_maddr(v->arch.guest_table));
	for (shift = L4_SHIFT; shift > L2_SHIFT; shift -= 9) {
		t = next_table(t[pt_index(va, shift)]);
		if (!t)
			return NULL;
	}
	e = t[pt_index(va, L2_SHIFT)];
	if (!next_table(e))
		return NULL;
	*l1 = pte_mfn(e);
	return (pte_t *)maddr_to_virt(pte_maddr(e)) + pt_index(va, L1_SHIFT);
}

long pv_read_vcpumask(struct domain *d, unsigned long ptr, unsigned long *mask)
{
	(void)d; /* up to 64 vCPUs: one word */
	return copy_from_guest(mask, ptr, sizeof(*mask)) ? -EFAULT : 0;
}

__attribute__((weak)) bool hypercall_preempt_check(void)
{
	return false;
}

__attribute__((weak)) void pv_hypercall_started(void)
{
}

unsigned long pv_continuations;

/*
 * The guest's SYSCALL left RIP after the 2-byte instruction: stepping
 * back makes it issue the hypercall again with the arguments we leave in
 * its registers.  The return value becomes %rax: the hypercall number.
 * Inside a multicall the entry is rewritten instead (multicall.c), and
 * the multicall makes its own continuation.
 */
long pv_hypercall_continue(unsigned int nr, const unsigned long args[5])
{
	struct cpu_user_regs *regs = guest_regs();

	__atomic_add_fetch(&pv_continuations, 1, __ATOMIC_RELAXED);
	if (multicall_take_continuation(nr, args))
		return nr;

	regs->rdi = args[0];
	regs->rsi = args[1];
	regs->rdx = args[2];
	regs->r10 = args[3];
	regs->r8 = args[4];
	regs->rip -= 2;
	return nr;
}

void pv_drop_gdt(struct vcpu *v)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned int i;

	for (i = 0; i < (mm->gdt_ents + 511) / 512; i++)
		put_page_and_type(mfn_to_page(mm->gdt_frame[i]));
	mm->gdt_ents = 0;
}
