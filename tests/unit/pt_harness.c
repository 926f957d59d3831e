/* Fixture of the page-type host tests (see pt_harness.h). */
#include <string.h>
#include "pt_harness.h"
#include "host/host_ram.h"
#include <asm/mm.h>

struct domain dom0 = {.id = 0, .privileged = true};
struct domain domu = {.id = 1};
unsigned long type_change_flushes;
uint64_t type_change_stamp, alloc_flush_stamp;

#define RAM_BYTES (64UL << 20)

void domain_page_assigned(struct domain *d, long nr)
{
	d->pages += nr;
}

/* ---- policy hooks ---- */

bool pv_mfn_is_io(mfn_t mfn)
{
	return mfn_x(mfn) >= IO_FIRST && mfn_x(mfn) <= IO_LAST;
}

bool pv_iomem_permitted(const struct domain *d, mfn_t mfn)
{
	(void)mfn;
	return d->privileged;
}

bool pv_has_io_caps(const struct domain *d)
{
	return d->privileged;
}

bool pv_priv_mapping(const struct domain *d, const struct domain *target)
{
	(void)target;
	return d->privileged;
}

void pt_init_xen_l4_slots(pte_t *l4t, mfn_t l4mfn, const struct domain *d)
{
	unsigned int i;

	(void)d;
	for (i = HYPERVISOR_L4_FIRST; i <= HYPERVISOR_L4_LAST; i++)
		l4t[i] = pte_from_mfn(_mfn(XEN_MFN + i), PAGE_HYPERVISOR);
	l4t[258] = pte_from_mfn(l4mfn, PAGE_HYPERVISOR); /* linear */
}

void pv_type_change_flush(const struct page_info *pg)
{
	type_change_flushes++;
	type_change_stamp = pg->tlbflush_timestamp;
}

/* The heap's "flush whoever is older than stamp" (page_alloc.c). */
void tlbflush_filter_all(uint64_t stamp)
{
	alloc_flush_stamp = stamp;
}

void pv_drop_ldt_mappings(struct domain *d)
{
	(void)d;
}

void pv_relax(void)
{
	BUG(); /* single-threaded: nobody else can be validating */
}

/* ---- machine ---- */

static void map_add(struct mem_map *m, paddr_t s, paddr_t e, uint32_t type)
{
	m->r[m->nr].start = s;
	m->r[m->nr].end = e;
	m->r[m->nr].type = type;
	m->nr++;
}

void pt_boot(void)
{
	struct mem_map m = {0};

	host_ram_init(RAM_BYTES);
	map_add(&m, 0, 0x9f000, MEM_RAM);
	map_add(&m, 0x9f000, 0x100000, MEM_RESERVED);
	map_add(&m, 0x100000, RAM_BYTES, MEM_RAM);
	boot_alloc_init(&m);
	boot_alloc_reserve(0x200000, 0x400000);
	mm_init();
	dom0.pages = domu.pages = 0;
	dom0.baseptr = domu.baseptr = INVALID_MFN;
	type_change_flushes = 0;
	type_change_stamp = alloc_flush_stamp = 0;
}

mfn_t pt_alloc(struct domain *d)
{
	struct page_info *pg = alloc_domheap_pages(d, 0, 0);

	BUG_ON(!pg);
	return page_to_mfn(pg);
}

pte_t *pt_map(mfn_t mfn)
{
	return maddr_to_virt(mfn_to_maddr(mfn));
}

int pt_set_base(struct domain *d, mfn_t mfn)
{
	int rc = 0;

	if (mfn_valid_raw(mfn))
		rc = get_page_and_type_from_mfn(mfn, PGT_l4_page_table, d);
	if (rc)
		return rc;
	if (mfn_valid_raw(d->baseptr))
		put_page_and_type(mfn_to_page(d->baseptr));
	d->baseptr = mfn;
	return 0;
}

struct pt_preval *harness_walk;
unsigned int preempt_every, preempt_calls;

/* Says yes every preempt_every-th call (0: never). */
bool hypercall_preempt_check(void)
{
	return preempt_every && ++preempt_calls % preempt_every == 0;
}

static void report_bases(void *ctx, void (*add)(void *, mfn_t, bool), void *acc)
{
	(void)ctx;
	pt_preval_report(harness_walk, add, acc);
	if (mfn_valid_raw(dom0.baseptr))
		add(acc, dom0.baseptr, true);
	if (mfn_valid_raw(domu.baseptr))
		add(acc, domu.baseptr, true);
}

bool pt_audit_all(void)
{
	struct pt_audit_extra extra = {.report = report_bases};

	return pt_audit(&extra);
}
