/*
 * A PV guest's descriptor tables: set_gdt, update_descriptor, and the
 * LDT mapped on first use.
 *
 * GDT: the guest hands over up to 14 frames (entries below Xenolith's
 * reserved ones); each must take the descriptor-page type, which
 * validates every descriptor (desc_check.c) and excludes writable
 * mappings.  The vCPU keeps a type reference per frame until the next
 * set_gdt or its destruction.  update_descriptor writes one checked
 * descriptor into such a frame, or into any frame of the guest that may
 * be writable.
 *
 * LDT: MMUEXT_SET_LDT only records a guest virtual address and a size.
 * The first time the CPU needs an LDT page, the fault handler maps it
 * (pv_map_ldt_page()): the guest's own mapping of that address must be
 * present, and the frame takes the descriptor-page type for as long as
 * the hypervisor maps it; a new LDT, a new base pointer or the guest
 * unmapping the page drops it (pv_destroy_ldt()).
 *
 * Loading the tables into the CPU (the per-vCPU GDT/LDT mapping in the
 * per-domain area, slot 260) is pv_load_descriptor_tables(), owned by
 * the GDT code; this file keeps the frames and their references.
 */
#include "pv_mm.h"

#define GDT_MAX_ENTRIES (14U * 512U) /* FIRST_RESERVED_GDT_ENTRY */

long do_set_gdt(unsigned long frames, unsigned long entries,
		unsigned long a3, unsigned long a4, unsigned long a5)
{
	struct vcpu *v = current_vcpu();
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned long list[PV_GDT_FRAMES];
	unsigned int i, nr = (entries + 511) / 512;
	long rc;

	if (entries > GDT_MAX_ENTRIES)
		return guest_err(-EINVAL, "set_gdt: %lu entries", entries);
	if (copy_from_guest(list, frames, nr * sizeof(list[0])))
		return -EFAULT;
	for (i = 0; i < nr; i++) {
		rc = get_page_and_type_from_mfn(_mfn(list[i]),
						PGT_seg_desc_page, v->domain);
		if (rc) {
			rc = guest_err(-EINVAL, "set_gdt: frame %#lx",
				       list[i]);
			goto fail;
		}
	}
	pv_drop_gdt(v);
	for (i = 0; i < nr; i++)
		mm->gdt_frame[i] = _mfn(list[i]);
	mm->gdt_ents = entries;
	pv_load_descriptor_tables(v);
	return 0;

fail:
	while (i--)
		put_page_and_type(mfn_to_page(_mfn(list[i])));
	return rc;
}

long do_update_descriptor(unsigned long maddr, unsigned long desc,
			  unsigned long a3, unsigned long a4,
			  unsigned long a5)
{
	struct domain *d = current_domain();
	mfn_t mfn = maddr_to_mfn(maddr);
	struct page_info *pg;
	uint64_t val = desc;
	unsigned long type;

	if ((maddr & 7) || !mfn_valid(mfn) || pv_mfn_is_io(mfn) ||
	    !pv_check_descriptor(d, &val))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	type = pgt_type(pg) == PGT_seg_desc_page ? PGT_seg_desc_page
						 : PGT_writable_page;
	if (get_page_type(pg, type)) {
		put_page(pg);
		return -EINVAL;
	}
	__atomic_store_n((uint64_t *)maddr_to_virt(maddr), val,
			 __ATOMIC_RELEASE);
	put_page_and_type(pg);
	return 0;
}

void pv_destroy_ldt(struct vcpu *v)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned int i;

	if (!mm->ldt_mapped)
		return;
	for (i = 0; i < PV_LDT_FRAMES; i++)
		if (mm->ldt_mapped & (1U << i))
			put_page_and_type(mfn_to_page(mm->ldt_frame[i]));
	mm->ldt_mapped = 0;
	pv_load_descriptor_tables(v);
	pv_flush_tlb();
}

/*
 * The CPU touched page off of v's LDT: map it if the guest maps it and
 * it can be a descriptor page.  False: the guest gets the fault.
 */
bool pv_map_ldt_page(struct vcpu *v, unsigned int off);
bool pv_map_ldt_page(struct vcpu *v, unsigned int off)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned long va = mm->ldt_base + off * PAGE_SIZE;
	pte_t *pl, e;
	mfn_t l1;

	if (off >= PV_LDT_FRAMES || off * 512 >= mm->ldt_ents ||
	    (mm->ldt_mapped & (1U << off)))
		return false;
	pl = pv_guest_l1e(v, va, &l1);
	if (!pl)
		return false;
	e = pte_read_atomic(pl);
	if (!pte_present(e) ||
	    get_page_and_type_from_mfn(pte_mfn(e), PGT_seg_desc_page,
				       v->domain))
		return false;
	mm->ldt_frame[off] = pte_mfn(e);
	mm->ldt_mapped |= 1U << off;
	pv_load_descriptor_tables(v);
	return true;
}

/* page_type.c: the guest unmapped one of its LDT pages. */
void pv_drop_ldt_mappings(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_vcpus; i++)
		if (d->vcpu[i])
			pv_destroy_ldt(d->vcpu[i]);
}
