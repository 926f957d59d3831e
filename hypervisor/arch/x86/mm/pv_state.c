/*
 * What the PV MMU code keeps per vCPU, and its links to the rest of the
 * hypervisor: the foreign-domain argument, guest page-table walks, TLB
 * flushes, preemption and continuations, and relinquishing a domain.
 *
 * Per-vCPU state (GDT frames, LDT base and lazily mapped LDT frames)
 * belongs in struct arch_vcpu; until that structure carries a struct
 * pv_mm_vcpu, it lives in vcpu_state[] here, found by domain and vCPU
 * number.  Nothing else about it depends on where it is stored.
 */
#include "pv_mm.h"
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <xenolith/smp.h>

/* [domain slot][vcpu id]: see the opening comment. */
static struct {
	struct vcpu *v;
	struct pv_mm_vcpu mm;
} vcpu_state[MAX_DOMAINS * MAX_VCPUS];
static DEFINE_SPINLOCK(vcpu_state_lock); /* vcpu_state[].v */

struct pv_mm_vcpu *pv_mm_vcpu(struct vcpu *v)
{
	struct pv_mm_vcpu *mm = NULL;
	unsigned int i;

	spin_lock(&vcpu_state_lock);
	for (i = 0; i < ARRAY_SIZE(vcpu_state) && !mm; i++)
		if (vcpu_state[i].v == v)
			mm = &vcpu_state[i].mm;
	for (i = 0; i < ARRAY_SIZE(vcpu_state) && !mm; i++)
		if (!vcpu_state[i].v) {
			vcpu_state[i].v = v;
			mm = &vcpu_state[i].mm;
			memset(mm, 0, sizeof(*mm));
		}
	spin_unlock(&vcpu_state_lock);
	BUG_ON(!mm);
	return mm;
}

static void pv_mm_vcpu_forget(struct vcpu *v)
{
	unsigned int i;

	spin_lock(&vcpu_state_lock);
	for (i = 0; i < ARRAY_SIZE(vcpu_state); i++)
		if (vcpu_state[i].v == v)
			vcpu_state[i].v = NULL;
	spin_unlock(&vcpu_state_lock);
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

/* Global entries too: guest user mappings carry G (page_type.c). */
static void flush_tlb_all_local(void)
{
	unsigned long cr4 = read_cr4();

	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4);
}

static void flush_this_cpu(void *unused)
{
	flush_tlb_all_local();
}

void pv_flush_tlb_local(void)
{
	flush_tlb_all_local();
}

/* Does some vCPU of d run on another CPU than this one? */
static bool runs_elsewhere(const struct domain *d)
{
	unsigned int i, me = smp_processor_id();

	for (i = 0; i < d->nr_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i]->is_up &&
		    d->vcpu[i]->processor != me)
			return true;
	return false;
}

/*
 * Every CPU that may hold d's translations forgets them: this one, and
 * with vCPUs elsewhere all the others (no per-CPU dirty mask yet).
 */
void pv_flush_tlb_remote(const struct domain *d)
{
	if (d && d != dom_io && nr_cpus_online > 1 && runs_elsewhere(d))
		smp_call_function(flush_this_cpu, NULL, true);
}

void pv_flush_tlb_domain(const struct domain *d)
{
	flush_tlb_all_local();
	pv_flush_tlb_remote(d);
}

void pv_flush_tlb(void)
{
	pv_flush_tlb_domain(current_domain());
}

void pv_invlpg(unsigned long va)
{
	if ((int64_t)va >> 47 == 0 || (int64_t)va >> 47 == -1)
		invlpg((const void *)va);
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

/*
 * The guest's SYSCALL left RIP after the 2-byte instruction: stepping
 * back makes it issue the hypercall again with the arguments we leave in
 * its registers.  The return value becomes %rax: the hypercall number.
 */
long pv_hypercall_continue(unsigned int nr, const unsigned long args[5])
{
	struct cpu_user_regs *regs = guest_regs();

	regs->rdi = args[0];
	regs->rsi = args[1];
	regs->rdx = args[2];
	regs->r10 = args[3];
	regs->r8 = args[4];
	regs->rip -= 2;
	return nr;
}

static void drop_base(mfn_t *base)
{
	if (mfn_valid_raw(*base))
		put_page_and_type(mfn_to_page(*base));
	*base = INVALID_MFN;
}

void pv_drop_gdt(struct vcpu *v)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned int i;

	for (i = 0; i < (mm->gdt_ents + 511) / 512; i++)
		put_page_and_type(mfn_to_page(mm->gdt_frame[i]));
	mm->gdt_ents = 0;
}

/* After relinquishing, every frame must hold its allocation ref alone. */
static void check_released(struct domain *d)
{
	unsigned long idle = 0, held = 0;
	struct page_info *pg;

	pv_mm_drop_released(d);
	page_list_for_each(pg, &d->page_list)
	{
		if (page_refcnt(pg) == 1 && page_is_allocated(pg) &&
		    !pgt_count(pg) && !pgt_pinned(pg))
			idle++;
		else if (held++ < 4)
			printk(XENLOG_ERR "d%u: mfn %#lx still held: count "
					  "%#lx type %#lx\n",
			       d->domain_id, mfn_x(page_to_mfn(pg)),
			       pg->count_info, pg->u.inuse.type_info);
	}
	printk("d%u: MMU relinquish: %lu frames idle, %lu still held "
	       "(by vcpu_info, event or grant code?)\n",
	       d->domain_id, idle, held);
}

void pv_mm_relinquish(struct domain *d)
{
	struct page_info *pg;
	unsigned int i;

	if (!pv_mm_audit())
		printk(XENLOG_ERR "d%u: page-type audit failed before "
				  "relinquish\n",
		       d->domain_id);

	for (i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		pv_destroy_ldt(v);
		pv_drop_gdt(v);
		drop_base(&v->arch.guest_table);
		drop_base(&v->arch.guest_table_user);
		pv_mm_vcpu_forget(v);
	}
	pv_mm_drop_released(d);
	page_list_for_each(pg, &d->page_list) if (pgt_pinned(pg) &&
						  pt_unpin(d, page_to_mfn(pg)))
	    printk(XENLOG_WARNING "d%u: cannot unpin mfn %#lx\n", d->domain_id,
		   mfn_x(page_to_mfn(pg)));
	pv_flush_tlb();
	check_released(d);
}
