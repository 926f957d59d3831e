/*
 * The page-type policy hooks (asm/page_type.h) answered from the domain
 * structures and the machine's memory map (the host tests answer them
 * from their own fixture, tests/unit/pt_harness.c).
 *
 * Device frames are what the machine's memory map does not call RAM;
 * a RAM frame is never one, even if Xenolith itself uses it.  I/O
 * rights, cache attributes and mapping another domain's frames belong
 * to the privileged domain (dom0) only, until the iomem permissions of
 * the domctl interface exist.
 */
#include "pv_mm.h"
#include <xenolith/boot.h>
#include <asm/processor.h>
#include <asm/flush.h>
#include <asm/pv.h>

/* Only a frame wholly inside RAM is RAM (not 0x9f of 0x9fc00). */
static bool region_holds_ram(unsigned int i, paddr_t ma)
{
	const struct mem_region *r = &boot_info.map.r[i];

	return r->type == MEM_RAM && ma >= r->start && ma + PAGE_SIZE <= r->end;
}

/*
 * Asked for every frame a guest names (each grant map and PTE update),
 * nearly always about the one large RAM region: that region's index is
 * tried first (a hint only, so any CPU may update it without a lock).
 */
bool pv_mfn_is_io(mfn_t mfn)
{
	static unsigned int last_ram;
	paddr_t ma = mfn_to_maddr(mfn);
	unsigned int i = __atomic_load_n(&last_ram, __ATOMIC_RELAXED);

	if (i < boot_info.map.nr && region_holds_ram(i, ma))
		return false;
	for (i = 0; i < boot_info.map.nr; i++)
		if (region_holds_ram(i, ma)) {
			__atomic_store_n(&last_ram, i, __ATOMIC_RELAXED);
			return false;
		}
	return true;
}

/* Frames the CPU can address at all (CPUID's physical address bits). */
static bool mfn_addressable(mfn_t mfn)
{
	unsigned int bits = 36;

	if (cpuid(0x80000000).a >= 0x80000008)
		bits = cpuid(0x80000008).a & 0xff;
	return mfn_x(mfn) < (1UL << (bits - PAGE_SHIFT));
}

bool pv_iomem_permitted(const struct domain *d, mfn_t mfn)
{
	return d != dom_io && d->is_privileged && mfn_addressable(mfn);
}

bool pv_has_io_caps(const struct domain *d)
{
	return d != dom_io && d->is_privileged;
}

bool pv_priv_mapping(const struct domain *d, const struct domain *target)
{
	return d != dom_io && d->is_privileged;
}

/*
 * A frame changes type: no stale translation through it may survive on
 * any CPU its owner runs on that has not flushed since the frame lost
 * its last user (page_type.c rule 6).
 */
void pv_type_change_flush(const struct page_info *pg)
{
	tlbflush_filter_domain(pg->u.inuse.owner, pg->tlbflush_timestamp);
}

void pv_relax(void)
{
	cpu_relax_serving();
}

/* The PV code's own L4 slots (m2p.c), read-only M2P included. */
void pt_init_xen_l4_slots(pte_t *l4t, mfn_t l4mfn, const struct domain *d)
{
	pv_init_xen_l4_slots(l4t);
}

__attribute__((weak)) void pv_mm_extra_holders(void (*add)(void *, mfn_t, bool),
					       void *acc)
{
}

static void report_holders(void *ctx, void (*add)(void *, mfn_t, bool),
			   void *acc)
{
	struct domain *d;
	unsigned int id, i, f;

	pv_mm_extra_holders(add, acc);
	for (id = 0; id < DOMID_FIRST_RESERVED; id++) {
		d = domain_lookup(id);
		if (!d)
			continue;
		for (i = 0; i < d->nr_vcpus; i++) {
			struct vcpu *v = d->vcpu[i];
			struct pv_mm_vcpu *mm;

			if (!v)
				continue;
			mm = pv_mm_vcpu(v);
			if (mfn_valid_raw(v->arch.guest_table))
				add(acc, v->arch.guest_table, true);
			if (mfn_valid_raw(v->arch.guest_table_user))
				add(acc, v->arch.guest_table_user, true);
			if (v->vcpu_info_registered)
				add(acc, v->vcpu_info_mfn, true);
			pt_preval_report(mm->preval, add, acc);
			for (f = 0; f < (mm->gdt_ents + 511) / 512; f++)
				add(acc, mm->gdt_frame[f], true);
			for (f = 0; f < PV_LDT_FRAMES; f++)
				if (mm->ldt_mapped & (1U << f))
					add(acc, mm->ldt_frame[f], true);
		}
	}
}

bool pv_mm_audit(void)
{
	struct pt_audit_extra extra = {.report = report_holders};

	return pt_audit(&extra);
}
