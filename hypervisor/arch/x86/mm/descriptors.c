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
 * Loading them into the CPU (pv_load_descriptor_tables()): each CPU's GDT
 * is a 15-page window in the per-domain area (boot/gdt.c): pages 0-13
 * map the guest's GDT frames (a read-only zero page where it has none,
 * so such selectors fault as not present), page 14 is Xenolith's.  The
 * LDT has a window of its own after all the GDT windows; its pages are
 * mapped one by one on first touch, the #PF of the CPU's own descriptor
 * read leading to pv_map_ldt_page(), and LDT_SELECTOR in the reserved
 * page describes it.  One vCPU runs per CPU, so a vCPU's tables are
 * loaded when they change.
 */
#include "pv_mm.h"
#include <asm/desc.h>
#include <asm/processor.h>

#define GDT_MAX_ENTRIES FIRST_RESERVED_GDT_ENTRY
#define WINDOW_SIZE	(16UL * PAGE_SIZE) /* as boot/gdt.c's GDT_WINDOW */
#define LDT_TYPE	0x2UL		   /* system descriptor: LDT */

static void *zero_page; /* backs the GDT pages a guest has not given */

vaddr_t pv_ldt_window(unsigned int cpu);
vaddr_t pv_ldt_window(unsigned int cpu)
{
	return PERDOMAIN_VIRT_START + (NR_CPUS + cpu) * WINDOW_SIZE;
}

static void map_gdt(unsigned int cpu, const struct pv_mm_vcpu *mm)
{
	unsigned int i, nr = (mm->gdt_ents + 511) / 512;
	vaddr_t gdt = gdt_virt(cpu);

	if (!zero_page) {
		zero_page = alloc_xenheap_page();
		BUG_ON(!zero_page);
		memset(zero_page, 0, PAGE_SIZE);
	}
	for (i = 0; i < FIRST_RESERVED_GDT_PAGE; i++) {
		if (i < nr)
			map_pages(gdt + i * PAGE_SIZE,
				  mfn_to_maddr(mm->gdt_frame[i]), 1,
				  PAGE_HYPERVISOR);
		else
			map_pages(gdt + i * PAGE_SIZE, virt_to_maddr(zero_page),
				  1, _PAGE_PRESENT | _PAGE_ACCESSED);
	}
}

/* The 16-byte LDT descriptor for base/ents, in the reserved GDT page. */
static void set_ldt_desc(unsigned int cpu, vaddr_t base, unsigned int ents)
{
	uint64_t *res = (uint64_t *)(gdt_virt(cpu) + FIRST_RESERVED_GDT_BYTE);
	uint64_t limit = ents * 8UL - 1;

	res[GDT_E_LDT] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			 (LDT_TYPE << 40) | (1UL << 47) |
			 (((limit >> 16) & 0xf) << 48) |
			 (((base >> 24) & 0xff) << 56);
	res[GDT_E_LDT + 1] = base >> 32;
}

void pv_load_descriptor_tables(struct vcpu *v)
{
	struct pv_mm_vcpu *mm = pv_mm_vcpu(v);
	unsigned int cpu = v->processor, i;
	vaddr_t ldt = pv_ldt_window(cpu);

	if (v != current_vcpu())
		return; /* loaded when it runs (one vCPU per CPU today) */
	map_gdt(cpu, mm);
	for (i = 0; i < PV_LDT_FRAMES; i++)
		map_pages(ldt + i * PAGE_SIZE,
			  (mm->ldt_mapped & (1U << i))
			      ? mfn_to_maddr(mm->ldt_frame[i])
			      : 0,
			  1,
			  (mm->ldt_mapped & (1U << i)) ? PAGE_HYPERVISOR : 0);
	if (!mm->ldt_ents) {
		__asm__ __volatile__("lldt %w0" : : "r"(0));
		return;
	}
	set_ldt_desc(cpu, ldt, mm->ldt_ents);
	__asm__ __volatile__("lldt %w0" : : "r"(LDT_SELECTOR));
}

long do_set_gdt(unsigned long frames, unsigned long entries, unsigned long a3,
		unsigned long a4, unsigned long a5)
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
			rc = guest_err(-EINVAL, "set_gdt: frame %#lx", list[i]);
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
			  unsigned long a3, unsigned long a4, unsigned long a5)
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
	/* Another vCPU's tables (a dying domain's) are not this CPU's. */
	if (v == current_vcpu())
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
	if (!pte_present(e) || get_page_and_type_from_mfn(
				   pte_mfn(e), PGT_seg_desc_page, v->domain))
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
