/*
 * HYPERVISOR_memory_op(unsigned cmd, void *arg): a domain's memory.
 *
 * A domain owns a number of pages (its reservation), bounded by a maximum
 * the toolstack sets.  A PV guest sees machine frames and keeps its own
 * pseudo-physical map (P2M); it gives frames back with
 * decrease_reservation (the balloon driver) and asks for new ones with
 * increase_reservation or populate_physmap.  Requests are made in
 * "extents" of 2^extent_order contiguous frames.
 *
 * cmd may carry a continuation in its upper bits (cmd >> MEMOP_EXTENT_SHIFT
 * is the extent to resume from); guests pass 0 there.
 *
 * Batch sub-ops return the number of extents done, which may be fewer
 * than asked when memory runs out; the others return 0.  Common errors:
 * -EFAULT, -EINVAL, -EPERM (foreign domid without privilege), -ESRCH
 * (no such domain), -ENOSYS (unknown cmd).
 */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include "xen.h"
#include "physdev.h"

/*
 * arg struct xen_memory_reservation.
 *  increase_reservation: allocate nr_extents extents; OUT the machine
 *    frame of each in extent_start[] (may be NULL to discard).
 *  decrease_reservation: free the extents whose frames (gfns for
 *    translated guests) are in extent_start[].
 *  populate_physmap: allocate and place extents at the guest frames
 *    listed in extent_start[] (PV: pfns, returned as mfns).
 * Returns the number of extents done.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap 6

/* Bits of mem_flags: address width limit, NUMA node and options. */
#define XENMEMF_address_bits(x) (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
#define XENMEMF_node(x) (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode (1 << 18)

struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;	/* IN/OUT: frames */
	xen_ulong_t nr_extents;		/* IN */
	uint32_t extent_order;		/* IN: log2 frames per extent */
	uint32_t mem_flags;		/* IN: XENMEMF_* */
	domid_t domid; /* IN: DOMID_SELF or, privileged, other */
	uint16_t _pad0[3];		/* implicit in Xen's header */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

/*
 * arg struct xen_memory_exchange: give up the extents of 'in' and get
 * those of 'out' (same total size) in one step, e.g. to get memory below
 * 4 GiB.  OUT nr_exchanged counts the input extents done; on failure the
 * call returns an error and nr_exchanged says how far it got.
 */
#define XENMEM_exchange 11
struct xen_memory_exchange {
	struct xen_memory_reservation in;	/* IN */
	struct xen_memory_reservation out;	/* IN/OUT: out.extent_start */
	xen_ulong_t nr_exchanged;		/* OUT; must be 0 on entry */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;

/* arg NULL: returns the highest machine frame number in the system. */
#define XENMEM_maximum_ram_page 2

/*
 * arg domid_t *: current_reservation returns the domain's page count,
 * maximum_reservation its limit, maximum_gpfn its highest used gpfn.
 */
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_maximum_gpfn 14
struct xen_memory_domain {
	domid_t domid;
};

/*
 * arg struct xen_machphys_mfn_list: the machine frames holding the M2P
 * table, one per 2 MiB of it.  OUT nr_extents: how many were written.
 */
#define XENMEM_machphys_mfn_list 5
struct xen_machphys_mfn_list {
	uint32_t max_extents;			/* IN: size of extent_start */
	uint32_t _pad0;				/* implicit in Xen's header */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;	/* OUT */
	uint32_t nr_extents;			/* OUT */
	uint32_t _pad1;				/* implicit in Xen's header */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;

/* The same for the 32-bit compat M2P (absent here: -ENOSYS). */
#define XENMEM_machphys_compat_mfn_list 25

/*
 * arg struct xen_machphys_mapping (OUT): where the read-only M2P is
 * mapped in the guest (MACH2PHYS_VIRT_START/END) and the largest mfn
 * it covers.
 */
#define XENMEM_machphys_mapping 12
struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end;	/* OUT: [v_start, v_end) */
	xen_ulong_t max_mfn;		/* OUT */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;

/* Spaces for add_to_physmap: what 'idx' indexes. */
#define XENMAPSPACE_shared_info 0	/* the shared_info page */
#define XENMAPSPACE_grant_table 1	/* grant table frame idx */
#define XENMAPSPACE_gmfn 2		/* move gfn idx */
#define XENMAPSPACE_gmfn_range 3	/* move 'size' gfns from idx */
#define XENMAPSPACE_gmfn_foreign 4	/* another domain's gfn */
#define XENMAPSPACE_dev_mmio 5		/* ARM only */

/*
 * arg struct xen_add_to_physmap: translated guests only; map the frame
 * 'idx' of 'space' at guest frame gpfn.  PV guests get -EINVAL (or
 * -ENOSYS/-EACCES for some spaces).
 */
#define XENMEM_add_to_physmap 7
struct xen_add_to_physmap {
	domid_t domid;			/* IN */
	uint16_t size;			/* IN: for gmfn_range */
	uint32_t space;			/* IN: XENMAPSPACE_* */
#define XENMAPIDX_grant_table_status 0x80000000
	xen_ulong_t idx;		/* IN */
	xen_pfn_t gpfn;			/* IN */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

/* arg struct xen_add_to_physmap_batch: many at once, errs[] per item. */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
	domid_t domid;			/* IN */
	uint16_t space;			/* IN: XENMAPSPACE_* */
	uint16_t size;			/* IN: number of items */
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid;	/* IN: for gmfn_foreign */
		uint16_t res0;		/* other spaces: must be zero */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;	/* IN */
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;	/* IN */
	XEN_GUEST_HANDLE(int) errs;		/* OUT: per item */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;

/* arg struct xen_remove_from_physmap: unmap guest frame gpfn. */
#define XENMEM_remove_from_physmap 15
struct xen_remove_from_physmap {
	domid_t domid;			/* IN */
	uint16_t _pad0[3];		/* implicit in Xen's header */
	xen_pfn_t gpfn;			/* IN */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;

/*
 * arg struct xen_memory_map.
 *  memory_map: the calling domain's pseudo-physical E820 map.
 *  machine_memory_map: the host's E820 map (privileged).
 * IN nr_entries is the buffer's size in entries, OUT the entries written.
 * The buffer holds struct xen_e820_entry records.  -ENOENT (memory_map):
 * the toolstack set no map.
 */
#define XENMEM_memory_map 9
#define XENMEM_machine_memory_map 10
struct xen_memory_map {
	uint32_t nr_entries;		/* IN/OUT */
	uint32_t _pad0;			/* implicit in Xen's header */
	XEN_GUEST_HANDLE(void) buffer;	/* IN: where to write the entries */
};
typedef struct xen_memory_map xen_memory_map_t;

/*
 * One E820 entry as the memory maps carry it: 20 bytes, packed.  Xen's
 * headers leave the record to the firmware standard; this name is ours.
 */
struct xen_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;			/* XEN_E820_* */
} __attribute__((packed));
#define XEN_E820_RAM 1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI 3
#define XEN_E820_NVS 4
#define XEN_E820_UNUSABLE 5

/* arg struct xen_foreign_memory_map: the toolstack sets a domain's map. */
#define XENMEM_set_memory_map 13
struct xen_foreign_memory_map {
	domid_t domid;			/* IN */
	uint16_t _pad0[3];		/* implicit in Xen's header */
	struct xen_memory_map map;	/* IN */
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;

/* arg struct xen_pod_target: populate-on-demand (HVM) target. */
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
struct xen_pod_target {
	uint64_t target_pages;		/* IN (set) */
	uint64_t tot_pages;		/* OUT */
	uint64_t pod_cache_pages;	/* OUT */
	uint64_t pod_entries;		/* OUT */
	domid_t domid;			/* IN */
	uint16_t _pad0[3];		/* implicit in Xen's header */
};
typedef struct xen_pod_target xen_pod_target_t;

/*
 * Toolstack-only sub-ops.  Numbers are listed; structures for paging,
 * access and sharing are TODO (not needed by Xenolith's first guests).
 */
#define XENMEM_get_sharing_freed_pages 18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_paging_op 20
#define XENMEM_paging_op_nominate 0
#define XENMEM_paging_op_evict 1
#define XENMEM_paging_op_prep 2
#define XENMEM_access_op 21
#define XENMEM_access_op_set_access 0
#define XENMEM_access_op_get_access 1
#define XENMEM_access_op_set_access_multi 4
#define XENMEM_sharing_op 22
#define XENMEM_sharing_op_nominate_gfn 0
#define XENMEM_sharing_op_nominate_gref 1
#define XENMEM_sharing_op_share 2
#define XENMEM_sharing_op_debug_gfn 3
#define XENMEM_sharing_op_debug_mfn 4
#define XENMEM_sharing_op_debug_gref 5
#define XENMEM_sharing_op_add_physmap 6
#define XENMEM_sharing_op_audit 7
#define XENMEM_sharing_op_range_share 8
#define XENMEM_sharing_op_fork 9
#define XENMEM_sharing_op_fork_reset 10

/*
 * arg struct xen_memory_reservation (domid, nr_extents): the toolstack
 * claims nr_extents pages for a domain being built (order 0, no list).
 */
#define XENMEM_claim_pages 24

/* arg struct xen_reserved_device_memory_map: RMRR-like ranges. */
#define XENMEM_reserved_device_memory_map 27
struct xen_reserved_device_memory {
	xen_pfn_t start_pfn;
	xen_ulong_t nr_pages;
};
typedef struct xen_reserved_device_memory xen_reserved_device_memory_t;

struct xen_reserved_device_memory_map {
#define XENMEM_RDM_ALL 1		/* every range, not just dev's */
	uint32_t flags;			/* IN */
	uint32_t nr_entries;		/* IN: buffer size; OUT: entries */
	XEN_GUEST_HANDLE(xen_reserved_device_memory_t) buffer;	/* OUT */
	union {
		physdev_pci_device_t pci;
	} dev;				/* IN */
};
typedef struct xen_reserved_device_memory_map
	xen_reserved_device_memory_map_t;

/*
 * arg struct xen_mem_acquire_resource: map frames of a hypervisor
 * resource (grant table frames, ioreq pages) of 'domid' into the caller.
 * With nr_frames 0, OUT nr_frames says how many the resource has.
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
	domid_t domid;			/* IN */
	uint16_t type;			/* IN: XENMEM_resource_* */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
	uint32_t id;			/* IN: which instance */
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
	uint32_t nr_frames;		/* IN/OUT */
	uint32_t pad;			/* must be zero */
	uint64_t frame;			/* IN: first frame of the resource */
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;	/* IN (PV: OUT) */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;

/* arg struct xen_vnuma_topology_info: the guest's virtual NUMA layout. */
#define XENMEM_get_vnumainfo 26
struct xen_vmemrange {
	uint64_t start, end;
	uint32_t flags;
	uint32_t nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;

struct xen_vnuma_topology_info {
	domid_t domid;			/* IN */
	uint16_t pad;
	uint32_t nr_vnodes;		/* IN/OUT */
	uint32_t nr_vcpus;		/* IN/OUT */
	uint32_t nr_vmemranges;		/* IN/OUT */
	union {
		XEN_GUEST_HANDLE(uint32_t) h;
		uint64_t pad;
	} vdistance;			/* OUT */
	union {
		XEN_GUEST_HANDLE(uint32_t) h;
		uint64_t pad;
	} vcpu_to_vnode;		/* OUT */
	union {
		XEN_GUEST_HANDLE(xen_vmemrange_t) h;
		uint64_t pad;
	} vmemrange;			/* OUT */
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;

ABI_SIZE(struct xen_memory_reservation, 32);
ABI_OFFSET(struct xen_memory_reservation, domid, 24);
ABI_SIZE(struct xen_memory_exchange, 72);
ABI_SIZE(struct xen_memory_domain, 2);
ABI_SIZE(struct xen_machphys_mfn_list, 24);
ABI_SIZE(struct xen_machphys_mapping, 24);
ABI_SIZE(struct xen_add_to_physmap, 24);
ABI_SIZE(struct xen_add_to_physmap_batch, 32);
ABI_SIZE(struct xen_remove_from_physmap, 16);
ABI_SIZE(struct xen_memory_map, 16);
ABI_SIZE(struct xen_e820_entry, 20);
ABI_SIZE(struct xen_foreign_memory_map, 24);
ABI_SIZE(struct xen_pod_target, 40);
ABI_SIZE(struct xen_reserved_device_memory, 16);
ABI_SIZE(struct xen_reserved_device_memory_map, 24);
ABI_SIZE(struct xen_mem_acquire_resource, 32);
ABI_SIZE(struct xen_vmemrange, 24);
ABI_SIZE(struct xen_vnuma_topology_info, 40);

#endif /* XEN_PUBLIC_MEMORY_H */
