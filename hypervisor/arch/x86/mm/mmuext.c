/*
 * HYPERVISOR_mmuext_op: the extended MMU commands, in batches.
 *
 * Pinning and unpinning tables (page_type.c), the kernel and user base
 * pointers (the L4s CR3 takes in guest kernel and user mode: each holds
 * a type reference on its L4), TLB and cache flushes, the LDT's address,
 * and clearing or copying whole frames the page owner may write.  Each
 * command is one entry of a table (house style §2); the batch loop,
 * done counting and continuation are as in mmu_update.c.  Commands Xen
 * 4.17 knows but does not support (MARK_SUPER, UNMARK_SUPER) answer
 * -EOPNOTSUPP as Xen does; unknown ones -ENOSYS.
 *
 * The base-pointer and flush commands act on the caller only: naming a
 * foreign domain for them is -EPERM.
 */
#include "pv_mm.h"
#include <asm/processor.h>
#include <asm/pv.h>

#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))

struct ext_ctx {
	struct domain *d; /* the caller */
	struct vcpu *v;
	struct domain *pg_owner;
	const struct mmuext_op *op;
};

typedef long (*ext_fn)(const struct ext_ctx *c);

/* Big trees are validated bottom-up first, preemptibly (-ERESTART:
 * this op is continued; pt_prevalidate.c). */
static long ext_pin(const struct ext_ctx *c)
{
	unsigned long type = (unsigned long)(c->op->cmd + 1) << PGT_type_shift;
	struct pt_preval **walk = &pv_mm_vcpu(c->v)->preval;
	mfn_t mfn = _mfn(c->op->arg1.mfn);
	long rc;

	if (c->pg_owner == dom_io)
		return -EINVAL;
	rc = pt_prevalidate(walk, c->pg_owner, mfn, type);
	if (rc)
		return rc;
	rc = pt_pin(c->pg_owner, mfn, type);
	pt_preval_drop(walk);
	return rc;
}

static long ext_unpin(const struct ext_ctx *c)
{
	if (c->pg_owner == dom_io)
		return -EINVAL;
	return pt_unpin(c->pg_owner, _mfn(c->op->arg1.mfn));
}

static bool self_only(const struct ext_ctx *c)
{
	return c->pg_owner == c->d;
}

/* Replace *base by mfn (INVALID_MFN: none), moving the L4 reference.
 * An L4 not validated yet is walked first as a pin's would be (Xen 4.17
 * takes the root type preemptibly here too): -ERESTART continues. */
static long set_base(struct ext_ctx const *c, mfn_t *base, mfn_t mfn)
{
	struct pt_preval **walk = &pv_mm_vcpu(c->v)->preval;
	long rc;

	if (mfn_eq(*base, mfn))
		return 0;
	if (mfn_valid_raw(mfn)) {
		rc = pt_prevalidate(walk, c->d, mfn, PGT_l4_page_table);
		if (rc)
			return rc;
		rc = get_page_and_type_from_mfn(mfn, PGT_l4_page_table, c->d);
		pt_preval_drop(walk);
		if (rc)
			return guest_err(rc, "mmuext_op: base %#lx",
					 mfn_x(mfn));
	}
	if (mfn_valid_raw(*base))
		put_page_and_type(mfn_to_page(*base));
	*base = mfn;
	return 0;
}

static long ext_new_baseptr(const struct ext_ctx *c)
{
	long rc;

	if (!self_only(c))
		return -EPERM;
	rc = set_base(c, &c->v->arch.guest_table, _mfn(c->op->arg1.mfn));
	if (rc)
		return rc;
	pv_destroy_ldt(c->v);
	if (c->v->arch.kernel_mode)
		write_cr3_stamped(mfn_to_maddr(c->v->arch.guest_table));
	return 0;
}

static long ext_new_user_baseptr(const struct ext_ctx *c)
{
	unsigned long m = c->op->arg1.mfn;

	if (!self_only(c))
		return -EPERM;
	return set_base(c, &c->v->arch.guest_table_user,
			m ? _mfn(m) : INVALID_MFN);
}

static long ext_flush(const struct ext_ctx *c)
{
	unsigned long mask;

	if (!self_only(c))
		return -EPERM;
	if ((c->op->cmd == MMUEXT_TLB_FLUSH_MULTI ||
	     c->op->cmd == MMUEXT_INVLPG_MULTI) &&
	    pv_read_vcpumask(c->d, (unsigned long)c->op->arg2.vcpumask, &mask))
		return -EINVAL;
	switch (c->op->cmd) {
	case MMUEXT_INVLPG_LOCAL:
		if (pv_guest_addr_ok(c->op->arg1.linear_addr))
			pv_invlpg(c->op->arg1.linear_addr);
		return 0;
	case MMUEXT_TLB_FLUSH_LOCAL:
		pv_flush_tlb_local();
		return 0;
	default: /* other vCPUs' CPUs: a full flush (no remote invlpg) */
		pv_flush_tlb();
		return 0;
	}
}

static long ext_flush_cache(const struct ext_ctx *c)
{
	if (!self_only(c))
		return -EPERM;
	if (!pv_has_io_caps(c->d))
		return c->op->cmd == MMUEXT_FLUSH_CACHE ? -EACCES : -EINVAL;
	__asm__ __volatile__("wbinvd" ::: "memory");
	return 0;
}

static long ext_set_ldt(const struct ext_ctx *c)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(c->v);
	unsigned int ents = c->op->arg2.nr_ents;
	unsigned long ptr = ents ? c->op->arg1.linear_addr : 0;

	if (!self_only(c))
		return -EPERM;
	if ((ptr & ~PAGE_MASK) || !pv_guest_addr_ok(ptr) || ents > 8192)
		return guest_err(-EINVAL, "SET_LDT: %#lx, %u entries", ptr,
				 ents);
	if (mm->ldt_ents == ents && mm->ldt_base == ptr)
		return 0;
	pv_destroy_ldt(c->v);
	mm->ldt_base = ptr;
	mm->ldt_ents = ents;
	pv_load_descriptor_tables(c->v);
	return 0;
}

/* A frame of the page owner we may write: general + writable refs. */
static struct page_info *writable_frame(const struct ext_ctx *c,
					unsigned long mfn)
{
	if (c->pg_owner == dom_io ||
	    get_page_and_type_from_mfn(_mfn(mfn), PGT_writable_page,
				       c->pg_owner))
		return NULL;
	return mfn_to_page(_mfn(mfn));
}

static long ext_clear_page(const struct ext_ctx *c)
{
	struct page_info *pg = writable_frame(c, c->op->arg1.mfn);

	if (!pg)
		return -EINVAL;
	memset(page_to_virt(pg), 0, PAGE_SIZE);
	put_page_and_type(pg);
	return 0;
}

static long ext_copy_page(const struct ext_ctx *c)
{
	mfn_t src = _mfn(c->op->arg2.src_mfn);
	struct page_info *s, *dst;

	if (c->pg_owner == dom_io || !mfn_valid(src) || pv_mfn_is_io(src) ||
	    !get_page(mfn_to_page(src), c->pg_owner))
		return -EINVAL;
	s = mfn_to_page(src);
	dst = writable_frame(c, c->op->arg1.mfn);
	if (!dst) {
		put_page(s);
		return -EINVAL;
	}
	memcpy(page_to_virt(dst), page_to_virt(s), PAGE_SIZE);
	put_page_and_type(dst);
	put_page(s);
	return 0;
}

static long ext_unsupported(const struct ext_ctx *c)
{
	return -EOPNOTSUPP;
}

static const ext_fn ext_ops[] = {
    [MMUEXT_PIN_L1_TABLE] = ext_pin,
    [MMUEXT_PIN_L2_TABLE] = ext_pin,
    [MMUEXT_PIN_L3_TABLE] = ext_pin,
    [MMUEXT_PIN_L4_TABLE] = ext_pin,
    [MMUEXT_UNPIN_TABLE] = ext_unpin,
    [MMUEXT_NEW_BASEPTR] = ext_new_baseptr,
    [MMUEXT_TLB_FLUSH_LOCAL] = ext_flush,
    [MMUEXT_INVLPG_LOCAL] = ext_flush,
    [MMUEXT_TLB_FLUSH_MULTI] = ext_flush,
    [MMUEXT_INVLPG_MULTI] = ext_flush,
    [MMUEXT_TLB_FLUSH_ALL] = ext_flush,
    [MMUEXT_INVLPG_ALL] = ext_flush,
    [MMUEXT_FLUSH_CACHE] = ext_flush_cache,
    [MMUEXT_SET_LDT] = ext_set_ldt,
    [MMUEXT_NEW_USER_BASEPTR] = ext_new_user_baseptr,
    [MMUEXT_CLEAR_PAGE] = ext_clear_page,
    [MMUEXT_COPY_PAGE] = ext_copy_page,
    [MMUEXT_FLUSH_CACHE_GLOBAL] = ext_flush_cache,
    [MMUEXT_MARK_SUPER] = ext_unsupported,
    [MMUEXT_UNMARK_SUPER] = ext_unsupported,
};

static long one_op(struct ext_ctx *c)
{
	if (c->op->cmd >= ARRAY_SIZE(ext_ops) || !ext_ops[c->op->cmd])
		return guest_err(-ENOSYS, "mmuext_op: cmd %u", c->op->cmd);
	return ext_ops[c->op->cmd](c);
}

/* Continue the batch at op @ops, @left ops to go (preempted or -ERESTART). */
static long ext_continue(unsigned long ops, unsigned int left,
			 unsigned long pdone, unsigned long foreigndom)
{
	unsigned long args[5] = {ops, left | MMU_UPDATE_PREEMPTED, pdone,
				 foreigndom, 0};

	return pv_hypercall_continue(__HYPERVISOR_mmuext_op, args);
}

long do_mmuext_op(unsigned long ops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom, unsigned long a5)
{
	struct ext_ctx c = {.d = current_domain(), .v = current_vcpu()};
	unsigned int n = count, i, done = 0;
	struct mmuext_op op;
	long rc;

	if (n & MMU_UPDATE_PREEMPTED) {
		n &= ~MMU_UPDATE_PREEMPTED;
		if (pdone)
			copy_from_guest(&done, pdone, sizeof(done));
	}
	if (!pv_guest_addr_ok(ops))
		return -EFAULT;
	c.pg_owner = pv_pg_owner(foreigndom & 0xffff, &rc);
	if (!c.pg_owner)
		return rc;
	if (c.pg_owner == dom_io) /* not a PV domain: Xen's -EINVAL */
		return -EINVAL;
	c.op = &op;
	for (i = 0, rc = 0; i < n; i++) {
		if (i && hypercall_preempt_check()) {
			rc = ext_continue(ops + i * sizeof(op), n - i, pdone,
					  foreigndom);
			break;
		}
		if (copy_from_guest(&op, ops + i * sizeof(op), sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		rc = one_op(&c);
		if (rc == -ERESTART) { /* this op again, where it stopped */
			rc = ext_continue(ops + i * sizeof(op), n - i, pdone,
					  foreigndom);
			break;
		}
		if (rc)
			break;
	}
	if (pdone) {
		done += i;
		copy_to_guest(pdone, &done, sizeof(done));
	}
	return rc;
}
