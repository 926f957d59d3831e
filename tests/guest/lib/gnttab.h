/*
 * Grant-table helpers for the grant tests.
 *
 * A granting guest owns a table of entries in frames the hypervisor
 * gives it (GNTTABOP_setup_table) and maps them where it likes.  To
 * grant a page it writes the entry's domid and frame first and its flags
 * last: the hypervisor may use the entry the moment GTF_permit_access
 * appears, so the compiler must not reorder those stores.
 */
#ifndef GUEST_GNTTAB_H
#define GUEST_GNTTAB_H

#include "guest.h"
#include <public/grant_table.h>

/* The grant_table_op hypercall. */
long gnttab_op(unsigned int cmd, void *op, unsigned int count);

/*
 * Our table, version 1, one frame: set it up and map it read-write at va
 * (a page of our image).  Returns 0, a negative errno or a GNTST_ code.
 */
long gnttab_map_table(void *va);

/*
 * Map (dom, ref) at va (GNTMAP_host_map | flags); the handle in *h.
 * Returns 0, a negative errno or the GNTST_ status.
 */
long gnttab_map(void *va, domid_t dom, grant_ref_t ref, uint32_t flags,
		grant_handle_t *h);
/* Unmap handle h from va: 0, a negative errno or the GNTST_ status. */
long gnttab_unmap(void *va, grant_handle_t h);

/* Grant page to dom in entry e (version 1), flags written last. */
void gnttab_grant_v1(grant_entry_v1_t *e, domid_t dom, const void *page,
		     uint16_t flags);

#endif
