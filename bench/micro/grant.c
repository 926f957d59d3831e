/*
 * Grant tables, the data path of split drivers.
 *
 * A backend maps a frontend's granted page for each request (or copies
 * from it, which modern backends prefer).  Here the domain grants a page
 * to itself, so one kernel can time both sides' hypercalls:
 *
 *  - grant_map_unmap: GNTTABOP_map_grant_ref at a spare virtual address
 *    then GNTTABOP_unmap_grant_ref (two hypercalls per iteration, the
 *    second including the TLB flush of the unmapped address);
 *  - grant_copy_4k: GNTTABOP_copy of a whole page from the grant into
 *    one of our own frames.
 *
 * The table's first frame comes from GNTTABOP_setup_table and is mapped
 * with update_va_mapping; entry GRANT_REF (past the toolstack's reserved
 * entries) grants src_page to domain 0, which this kernel is.
 */
#include "bench.h"
#include <public/grant_table.h>

#define GRANT_REF GNTTAB_NR_RESERVED_ENTRIES
#define OUR_DOMID 0	/* the benchmark kernel boots as dom0 */

static char table_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char src_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char dst_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static bool table_ready;

static long grant_op(unsigned int cmd, void *op, unsigned int count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, op, count);
}

static long table_prepare(void)
{
	grant_entry_v1_t *table = (grant_entry_v1_t *)table_page;
	xen_pfn_t frame = 0;
	struct gnttab_setup_table setup = {
		.dom = DOMID_SELF,
		.nr_frames = 1,
	};
	long rc;

	if (table_ready)
		return 0;
	set_xen_guest_handle(setup.frame_list, &frame);
	rc = grant_op(GNTTABOP_setup_table, &setup, 1);
	if (!rc && setup.status != GNTST_okay)
		rc = setup.status;
	if (!rc)
		rc = hc_update_va_mapping((unsigned long)table_page,
					  (frame << 12) | PTE_RW,
					  UVMF_INVLPG | UVMF_LOCAL);
	if (rc)
		return rc;
	memset(src_page, 0x5a, PAGE_SIZE);
	table[GRANT_REF].domid = OUR_DOMID;
	table[GRANT_REF].frame = virt_to_mfn(src_page);
	asm volatile("" ::: "memory");	/* x86: stores stay in order */
	table[GRANT_REF].flags = GTF_permit_access;
	table_ready = true;
	return 0;
}

static long map_step(void)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = (unsigned long)map_page,
		.flags = GNTMAP_host_map,
		.ref = GRANT_REF,
		.dom = OUR_DOMID,
	};
	struct gnttab_unmap_grant_ref unmap = {
		.host_addr = (unsigned long)map_page,
	};
	long rc = grant_op(GNTTABOP_map_grant_ref, &map, 1);

	if (rc || map.status != GNTST_okay)
		return rc ? rc : map.status;
	unmap.handle = map.handle;
	rc = grant_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
	return rc ? rc : unmap.status;
}

static long copy_step(void)
{
	struct gnttab_copy copy = {
		.source = { .u.ref = GRANT_REF, .domid = DOMID_SELF },
		.dest = { .u.gmfn = virt_to_mfn(dst_page),
			  .domid = DOMID_SELF },
		.len = PAGE_SIZE,
		.flags = GNTCOPY_source_gref,
	};
	long rc = grant_op(GNTTABOP_copy, &copy, 1);

	return rc ? rc : copy.status;
}

static long copy_prepare(void)
{
	long rc = table_prepare();

	if (!rc)
		rc = copy_step();
	if (!rc && dst_page[PAGE_SIZE - 1] != 0x5a)
		rc = -XEN_EINVAL;
	return rc;
}

const struct bench grant_benches[] = {
	{ .name = "grant_map_unmap", .iters = 500, .prepare = table_prepare,
	  .step = map_step },
	{ .name = "grant_copy_4k", .iters = 500, .prepare = copy_prepare,
	  .step = copy_step },
	{ 0 }
};
