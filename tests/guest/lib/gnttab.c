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
