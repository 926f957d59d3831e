/*
 * Grant-table helpers (gnttab.h).
 */
#include "gnttab.h"

/* Present, writable, accessed, dirty: what the table mapping needs. */
#define TABLE_PTE_FLAGS 0x063ul

long gnttab_op(unsigned int cmd, void *op, unsigned int count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, op, count);
}

long gnttab_map_table(void *va)
{
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame = 0;
	long rc;

	set_xen_guest_handle(s.frame_list, &frame);
	rc = gnttab_op(GNTTABOP_setup_table, &s, 1);
	if (rc || s.status)
		return rc ? rc : s.status;
	return hc_update_va_mapping((unsigned long)va,
				    (frame << 12) | TABLE_PTE_FLAGS,
				    UVMF_INVLPG | UVMF_LOCAL);
}

void gnttab_grant_v1(grant_entry_v1_t *e, domid_t dom, const void *page,
		     uint16_t flags)
{
	e->domid = dom;
	e->frame = virt_to_mfn(page);
	asm volatile("" ::: "memory");
	e->flags = flags;
}

long gnttab_map(void *va, domid_t dom, grant_ref_t ref, uint32_t flags,
		grant_handle_t *h)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)va,
		.flags = GNTMAP_host_map | flags, .ref = ref, .dom = dom };
	long rc = gnttab_op(GNTTABOP_map_grant_ref, &m, 1);

	*h = m.handle;
	return rc ? rc : m.status;
}

long gnttab_unmap(void *va, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = (unsigned long)va,
					    .handle = h };
	long rc = gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1);

	return rc ? rc : u.status;
}
