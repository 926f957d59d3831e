/*
 * Grant tables: how one domain lets another use some of its pages.
 *
 * A domain publishes grants in its own grant table, an array of entries
 * in pages it shares with the hypervisor.  Entry 'ref' says: domain
 * 'domid' may map (or copy to/from) frame 'frame', read-only or not.  The
 * other domain names the grant by <granting domain, ref> in
 * HYPERVISOR_grant_table_op, never by frame number, so the granter keeps
 * control: it can see whether the grant is in use (GTF_reading,
 * GTF_writing, set by the hypervisor) and revoke it when it is not.
 *
 * Version 1 entries are 8 bytes (struct grant_entry_v1).  Version 2
 * entries are 16 bytes and keep the in-use flags in a separate status
 * array (grant_status_t); a domain picks one with GNTTABOP_set_version
 * before it uses the table.
 *
 * HYPERVISOR_grant_table_op(unsigned cmd, void *uop, unsigned count)
 * takes an array of 'count' structures.  The call returns 0 (or -EFAULT,
 * -EINVAL, -ENOSYS for the call as a whole), and each structure carries
 * its own outcome in 'status' as a GNTST_* code.
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include "xen.h"

typedef uint32_t grant_ref_t;

/*
 * A version 1 grant entry.  The granter writes domid and frame first,
 * then flags (with a write barrier between): the hypervisor trusts the
 * entry only once the type bits in flags say it is valid.
 */
struct grant_entry_v1 {
	uint16_t flags;		/* GTF_* */
	domid_t domid;		/* the domain allowed to use the grant */
	uint32_t frame;		/* the frame granted (or for a transfer) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries the toolstack fills in for the console and xenstore pages. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE 0
#define GNTTAB_RESERVED_XENSTORE 1

/* Type of a grant, in flags bits 0-1. */
#define GTF_invalid (0U << 0)		/* not a grant */
#define GTF_permit_access (1U << 0)	/* domid may map or copy frame */
#define GTF_accept_transfer (2U << 0)	/* domid may give us a frame here */
#define GTF_transitive (3U << 0)	/* v2: re-grant of another grant */
#define GTF_type_mask (3U << 0)

/* Flags of permit_access grants. */
#define _GTF_readonly (2)
#define GTF_readonly (1U << _GTF_readonly)	/* granter: no writes */
#define _GTF_reading (3)
#define GTF_reading (1U << _GTF_reading)	/* hypervisor: mapped/read */
#define _GTF_writing (4)
#define GTF_writing (1U << _GTF_writing)	/* hypervisor: mapped rw */
#define _GTF_PWT (5)
#define GTF_PWT (1U << _GTF_PWT) /* cache attributes of the map */
#define _GTF_PCD (6)
#define GTF_PCD (1U << _GTF_PCD)
#define _GTF_PAT (7)
#define GTF_PAT (1U << _GTF_PAT)
#define _GTF_sub_page (8)
#define GTF_sub_page (1U << _GTF_sub_page)	/* v2: part of a page */

/* Flags of accept_transfer grants. */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed (1U << _GTF_transfer_completed)

/* The first 4 bytes of every v2 entry; same layout as in v1. */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;

/* A version 2 grant entry, 16 bytes; the flags in hdr select the form. */
union grant_entry_v2 {
	grant_entry_header_t hdr;

	/* permit_access or accept_transfer of a whole frame. */
	struct {
		grant_entry_header_t hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;

	/* permit_access of [page_off, page_off + length) (GTF_sub_page). */
	struct {
		grant_entry_header_t hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;

	/* GTF_transitive: pass on grant gref of trans_domid. */
	struct {
		grant_entry_header_t hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;

	uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;

/* v2: per-entry in-use flags (GTF_reading/GTF_writing), hypervisor-set. */
typedef uint16_t grant_status_t;

#define GNTTABOP_map_grant_ref 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table 2
#define GNTTABOP_dump_table 3
#define GNTTABOP_transfer 4
#define GNTTABOP_copy 5
#define GNTTABOP_query_size 6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version 8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version 10
#define GNTTABOP_swap_grant_ref 11
#define GNTTABOP_cache_flush 12

/* The mapper's name for one mapping it holds (from map_grant_ref). */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map grant 'ref' of domain 'dom'.  With
 * GNTMAP_host_map, at host_addr: a virtual address, or with
 * GNTMAP_contains_pte the machine address of the PTE to write.  With
 * GNTMAP_device_map, OUT dev_bus_addr for DMA.  OUT handle names the
 * mapping for unmap.  Status: bad_domain, bad_gntref, permission_denied
 * (wrong domid in the entry, or write to a readonly grant), bad_virt_addr,
 * no_device_space, general_error, eagain.
 */
struct gnttab_map_grant_ref {
	uint64_t host_addr;		/* IN */
	uint32_t flags;			/* IN: GNTMAP_* */
	grant_ref_t ref;		/* IN */
	domid_t dom;			/* IN: the granting domain */
	int16_t status;			/* OUT: GNTST_* */
	grant_handle_t handle;		/* OUT */
	uint64_t dev_bus_addr;		/* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;

/*
 * GNTTABOP_unmap_grant_ref: undo a mapping.  host_addr (and/or
 * dev_bus_addr) must match the map.  Status: bad_handle, bad_virt_addr,
 * general_error.
 */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;		/* IN */
	uint64_t dev_bus_addr;		/* IN */
	grant_handle_t handle;		/* IN */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad0;			/* implicit in Xen's header */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;

/*
 * GNTTABOP_setup_table: grow the table of 'dom' to nr_frames frames and
 * return their frame numbers (PV guests then map them).  Status:
 * bad_domain, permission_denied (another dom, unprivileged),
 * general_error (beyond the maximum).
 */
struct gnttab_setup_table {
	domid_t dom;			/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	uint32_t nr_frames;		/* IN */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad1[3];		/* implicit in Xen's header */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;	/* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;

/* GNTTABOP_dump_table: print the table of 'dom' on the console (debug). */
struct gnttab_dump_table {
	domid_t dom;			/* IN */
	int16_t status;			/* OUT: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;

/*
 * GNTTABOP_transfer: give away our frame 'mfn' to 'domid', into its
 * accept_transfer grant 'ref'.  Status: bad_domain, bad_gntref,
 * bad_page, permission_denied.
 */
struct gnttab_transfer {
	xen_pfn_t mfn;			/* IN */
	domid_t domid;			/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	grant_ref_t ref;		/* IN */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad1[3];		/* implicit in Xen's header */
};
typedef struct gnttab_transfer gnttab_transfer_t;

/*
 * GNTTABOP_copy: copy 'len' bytes between two frames, each named by a
 * grant (GNTCOPY_*_gref) or, for the caller's own memory, by frame.  The
 * range must stay inside one page on each side (bad_copy_arg).
 */
#define _GNTCOPY_source_gref (0)
#define GNTCOPY_source_gref (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref (1)
#define GNTCOPY_dest_gref (1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;
			xen_pfn_t gmfn;
		} u;
		domid_t domid;
		uint16_t offset;
		uint32_t _pad0;		/* implicit in Xen's header */
	} source, dest;			/* IN */
	uint16_t len;			/* IN */
	uint16_t flags;			/* IN: GNTCOPY_* */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad0;			/* implicit in Xen's header */
};
typedef struct gnttab_copy gnttab_copy_t;

/* GNTTABOP_query_size: current and maximum table frames of 'dom'. */
struct gnttab_query_size {
	domid_t dom;			/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	uint32_t nr_frames;		/* OUT */
	uint32_t max_nr_frames;		/* OUT */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad1;			/* implicit in Xen's header */
};
typedef struct gnttab_query_size gnttab_query_size_t;

/*
 * GNTTABOP_unmap_and_replace: unmap the grant at host_addr, moving the
 * mapping of new_addr there and clearing new_addr's PTE (PV only).
 */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;		/* IN */
	uint64_t new_addr;		/* IN */
	grant_handle_t handle;		/* IN */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad0;			/* implicit in Xen's header */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;

/*
 * GNTTABOP_set_version: switch the table to version 1 or 2 (only while
 * no grant is in use, -EBUSY otherwise).  OUT version: the one in force.
 */
struct gnttab_set_version {
	uint32_t version;		/* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;

/* GNTTABOP_get_status_frames: v2 status frames of 'dom'. */
struct gnttab_get_status_frames {
	uint32_t nr_frames;		/* IN */
	domid_t dom;			/* IN */
	int16_t status;			/* OUT: GNTST_* */
	XEN_GUEST_HANDLE(uint64_t) frame_list;	/* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;

/* GNTTABOP_get_version: the table version of 'dom'. */
struct gnttab_get_version {
	domid_t dom;			/* IN */
	uint16_t pad;
	uint32_t version;		/* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;

/* GNTTABOP_swap_grant_ref: exchange two entries of our own table. */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;		/* IN */
	grant_ref_t ref_b;		/* IN */
	int16_t status;			/* OUT: GNTST_* */
	uint16_t _pad0;			/* implicit in Xen's header */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;

/* GNTTABOP_cache_flush: clean/invalidate caches over a range (ARM). */
struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;				/* IN */
	uint16_t offset;		/* IN: within the page */
	uint16_t length;		/* IN */
#define GNTTAB_CACHE_CLEAN (1u << 0)
#define GNTTAB_CACHE_INVAL (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31)
	uint32_t op;			/* IN: GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;

/* GNTMAP_*: flags of map_grant_ref. */
#define _GNTMAP_device_map (0)
#define GNTMAP_device_map (1 << _GNTMAP_device_map)	/* for DMA */
#define _GNTMAP_host_map (1)
#define GNTMAP_host_map (1 << _GNTMAP_host_map)		/* in page tables */
#define _GNTMAP_readonly (2)
#define GNTMAP_readonly (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map (3)
#define GNTMAP_application_map (1 << _GNTMAP_application_map)	/* user */
#define _GNTMAP_contains_pte (4)
#define GNTMAP_contains_pte (1 << _GNTMAP_contains_pte)	/* host_addr=PTE */
/* Bits 16-31 are copied into the PTE's available bits (PV). */
#define _GNTMAP_guest_avail0 (16)
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-operation outcomes. */
#define GNTST_okay (0)
#define GNTST_general_error (-1)	/* undefined error */
#define GNTST_bad_domain (-2)		/* no such domain */
#define GNTST_bad_gntref (-3)		/* ref out of range or not valid */
#define GNTST_bad_handle (-4)		/* no such mapping */
#define GNTST_bad_virt_addr (-5)	/* bad host_addr */
#define GNTST_bad_dev_addr (-6)		/* bad dev_bus_addr */
#define GNTST_no_device_space (-7)	/* IOMMU is full */
#define GNTST_permission_denied (-8)	/* not granted to us this way */
#define GNTST_bad_page (-9)		/* frame cannot be used */
#define GNTST_bad_copy_arg (-10)	/* copy crosses a page */
#define GNTST_address_too_big (-11)	/* transfer: frame too high */
#define GNTST_eagain (-12)		/* paged out; retry */
#define GNTST_no_space (-13)		/* no room to track the mapping */

/* Messages for GNTST_* codes, indexed by -status. */
#define GNTTABOP_error_msgs                                              \
	{                                                                \
		"okay", "undefined error", "unrecognised domain id",     \
		"invalid grant reference", "invalid mapping handle",     \
		"invalid virtual address", "invalid device address",     \
		"no spare translation slot in the I/O MMU",              \
		"permission denied", "bad page",                         \
		"copy arguments cross page boundary",                    \
		"page address size too large",                           \
		"operation not done; try again", "out of space",         \
	}

ABI_SIZE(struct grant_entry_v1, 8);
ABI_SIZE(struct grant_entry_header, 4);
ABI_SIZE(union grant_entry_v2, 16);
ABI_SIZE(struct gnttab_map_grant_ref, 32);
ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
ABI_SIZE(struct gnttab_unmap_grant_ref, 24);
ABI_SIZE(struct gnttab_setup_table, 24);
ABI_SIZE(struct gnttab_dump_table, 4);
ABI_SIZE(struct gnttab_transfer, 24);
ABI_SIZE(struct gnttab_copy, 40);
ABI_OFFSET(struct gnttab_copy, dest, 16);
ABI_OFFSET(struct gnttab_copy, len, 32);
ABI_SIZE(struct gnttab_query_size, 16);
ABI_SIZE(struct gnttab_unmap_and_replace, 24);
ABI_SIZE(struct gnttab_set_version, 4);
ABI_SIZE(struct gnttab_get_status_frames, 16);
ABI_SIZE(struct gnttab_get_version, 8);
ABI_SIZE(struct gnttab_swap_grant_ref, 12);
ABI_SIZE(struct gnttab_cache_flush, 16);

#endif /* XEN_PUBLIC_GRANT_TABLE_H */
