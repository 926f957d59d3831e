/*
 * Writable page tables: a PV kernel's direct writes to its own L1s.
 *
 * Every page table is mapped read-only in the guest, yet Linux writes
 * PTEs with plain stores and atomic instructions (§3.5 of the Linux PV
 * notes).  Such a write faults; if the faulting address is mapped
 * read-only by the guest's kernel tables and the frame behind it is one
 * of the guest's own L1 page tables, we emulate the single instruction
 * (x86emu.c): its new entry is validated exactly as MMU_NORMAL_PT_UPDATE
 * would, and committed with a compare-and-exchange under the table's
 * lock, so a racing A/D update by the MMU makes us re-execute instead of
 * losing it.  Anything else - an L2-L4 page, a refused entry, an
 * instruction we do not emulate - is the guest's page fault.  As in Xen
 * 4.17, this happens whether or not the guest enabled
 * VMASST_TYPE_writable_pagetables.
 *
 * The same fault path maps LDT pages on first use (descriptors.c).
 */
#include "pv_mm.h"
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/x86emu.h>

#define PFEC_PRESENT (1U << 0)
#define PFEC_WRITE   (1U << 1)
#define PFEC_RSVD    (1U << 3)
#define PFEC_INSN    (1U << 4)

bool pv_map_ldt_page(struct vcpu *v, unsigned int off);

struct ptwr_ctx {
	struct domain *d;
	struct page_info *l1pg; /* the L1 the guest wrote */
	unsigned long page_va;	/* its guest VA */
};

static pte_t *entry_at(struct ptwr_ctx *c, uint64_t addr)
{
	return (pte_t *)page_to_virt(c->l1pg) + pte_slot((pte_t *)addr);
}

static int ptwr_read(void *ctx, uint64_t addr, uint64_t *val)
{
	*val = pte_read_atomic(entry_at(ctx, addr));
	return 0;
}

static int ptwr_commit(void *ctx, uint64_t addr, uint64_t old, uint64_t new)
{
	struct ptwr_ctx *c = ctx;
	int rc = -EINVAL;

	if (pt_lock(c->l1pg)) {
		if (pgt_type(c->l1pg) == PGT_l1_page_table)
			rc = pt_cmpxchg_l1_entry(entry_at(c, addr), old, new,
						 c->d);
		pt_unlock(c->l1pg);
	}
	/* No flush: the guest flushes its own TLB (page_type.c, rule 6). */
	return rc == -EAGAIN ? X86EMU_RETRY : rc;
}

/* Up to 15 bytes at rip; fewer if the page after is not mapped. */
static unsigned int fetch_insn(unsigned long rip, uint8_t *buf)
{
	unsigned int n = X86EMU_MAX_INSN;

	while (n && copy_from_guest(buf, rip, n))
		n--;
	return n;
}

static void regs_to_emu(const struct cpu_user_regs *r, struct x86emu_regs *e)
{
	const uint64_t g[16] = {
	    r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
	    r->r8,  r->r9,  r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
	};

	memcpy(e->gpr, g, sizeof(g));
	e->rip = r->rip;
	e->rflags = r->rflags;
	e->fs_base = rdmsr(MSR_FS_BASE);
	e->gs_base = rdmsr(MSR_GS_BASE);
}

static void emu_to_regs(const struct x86emu_regs *e, struct cpu_user_regs *r)
{
	uint64_t *g[16] = {
	    &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
	    &r->rsi, &r->rdi, &r->r8,  &r->r9,	&r->r10, &r->r11,
	    &r->r12, &r->r13, &r->r14, &r->r15,
	};
	unsigned int i;

	for (i = 0; i < 16; i++)
		*g[i] = e->gpr[i];
	r->rip = e->rip;
	r->rflags = e->rflags;
}

/* The guest's read-only mapping of cr2 points at one of its own L1s? */
static struct page_info *written_l1(struct vcpu *v, unsigned long cr2)
{
	pte_t *pl, e;
	mfn_t l1;
	struct page_info *pg;

	pl = pv_guest_l1e(v, cr2, &l1);
	if (!pl)
		return NULL;
	e = pte_read_atomic(pl);
	if (!pte_present(e) || pte_rw(e) || !mfn_valid(pte_mfn(e)) ||
	    pv_mfn_is_io(pte_mfn(e)))
		return NULL;
	pg = mfn_to_page(pte_mfn(e));
	if (!get_page(pg, v->domain))
		return NULL;
	if (pgt_type(pg) != PGT_l1_page_table || !pgt_count(pg)) {
		put_page(pg);
		return NULL;
	}
	return pg;
}

static bool ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs,
		       unsigned long cr2)
{
	struct ptwr_ctx c = {.d = v->domain};
	const struct x86emu_ops ops = {
	    .read = ptwr_read,
	    .commit = ptwr_commit,
	    .ctx = &c,
	};
	struct x86emu_regs er;
	uint8_t insn[X86EMU_MAX_INSN];
	unsigned int len;
	int rc;

	c.l1pg = written_l1(v, cr2);
	if (!c.l1pg)
		return false;
	c.page_va = cr2 & PAGE_MASK;
	len = fetch_insn(regs->rip, insn);
	regs_to_emu(regs, &er);
	rc = len ? x86emu_pte_write(&er, insn, len, cr2, &ops)
		 : X86EMU_UNHANDLED;
	put_page(c.l1pg);
	if (rc == X86EMU_RETRY)
		return true; /* the guest re-executes the instruction */
	if (rc)
		return false;
	emu_to_regs(&er, regs);
	return true;
}

vaddr_t pv_ldt_window(unsigned int cpu);

/*
 * The LDT lives in the per-domain area: a fault there is a first touch.
 * If the guest does not map that LDT page, it gets the #PF at its own
 * LDT address, as from Xen: CR2 is rewritten before the bounce reads it.
 */
static bool ldt_fault(struct vcpu *v, unsigned long cr2)
{
	vaddr_t ldt = pv_ldt_window(v->processor);
	unsigned long guest_va;

	if (cr2 < ldt || cr2 >= ldt + PV_LDT_FRAMES * PAGE_SIZE)
		return false;
	if (pv_map_ldt_page(v, (cr2 - ldt) >> PAGE_SHIFT))
		return true;
	guest_va = pv_mm_vcpu(v)->ldt_base + (cr2 - ldt);
	__asm__ __volatile__("mov %0, %%cr2" : : "r"(guest_va));
	return false;
}

bool pv_mm_page_fault(struct vcpu *v, struct cpu_user_regs *regs,
		      unsigned long cr2, uint32_t ec)
{
	if (ldt_fault(v, cr2))
		return true;
	if ((ec & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) !=
		(PFEC_PRESENT | PFEC_WRITE) ||
	    !v->arch.kernel_mode)
		return false;
	return ptwr_fault(v, regs, cr2);
}
